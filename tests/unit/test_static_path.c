/* Tests for http/static_path.c: which file of the web root a path names, and
 * the whole-component containment check. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <string.h>

#include "core/error.h"
#include "http/static_path.h"

static void resolves(void **state)
{
	(void)state;
	static const struct {
		const char *path, *rel;
	} cases[] = {
		{"/", "index.html"},
		{"/index.html", "index.html"},
		{"/staff/", "staff/index.html"},
		{"/staff", "staff"}, /* a directory: the server opens its index.html */
		{"/shared/ui.js", "shared/ui.js"},
		{"/vendor/echarts.min.js", "vendor/echarts.min.js"},
		{"/a b/申诉.html", "a b/申诉.html"},
		{"/a..b/c.", "a..b/c."},
	};
	char rel[STATIC_PATH_MAX];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(static_path_resolve(cases[i].path, rel, sizeof rel), 0);
		assert_string_equal(rel, cases[i].rel);
	}
}

static void refuses(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"", "index.html", "../x", "/..", "/../x", "/a/../b", "/a/..", "/.", "/./x", "/a/./b",
		"/.git/config", "/.hidden", "/a/.b", "//x", "/a//b", "//", "/a\\b", "/a\x01",
		"/a\x7f",
	};
	char rel[STATIC_PATH_MAX];
	strcpy(rel, "untouched");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (static_path_resolve(cases[i], rel, sizeof rel) != SH_ENOTFOUND)
			fail_msg("resolved %s", cases[i]);
	assert_int_equal(static_path_resolve(NULL, rel, sizeof rel), SH_ENOTFOUND);
	assert_string_equal(rel, "untouched");
}

static void lengths(void **state)
{
	(void)state;
	char path[STATIC_PATH_MAX + 8], rel[STATIC_PATH_MAX];
	/* A result of STATIC_PATH_MAX - 1 bytes fits, one more does not. */
	path[0] = '/';
	memset(path + 1, 'a', STATIC_PATH_MAX - 1);
	path[STATIC_PATH_MAX] = '\0';
	assert_int_equal(static_path_resolve(path, rel, sizeof rel), 0);
	assert_int_equal(strlen(rel), STATIC_PATH_MAX - 1);
	path[STATIC_PATH_MAX] = 'a';
	path[STATIC_PATH_MAX + 1] = '\0';
	assert_int_equal(static_path_resolve(path, rel, sizeof rel), SH_ENOTFOUND);
	/* The same for a directory's index.html. */
	size_t dir = STATIC_PATH_MAX - 1 - strlen("index.html");
	memset(path + 1, 'a', dir - 1);
	path[dir] = '/';
	path[dir + 1] = '\0';
	assert_int_equal(static_path_resolve(path, rel, sizeof rel), 0);
	assert_int_equal(strlen(rel), STATIC_PATH_MAX - 1);
	path[dir] = 'a';
	path[dir + 1] = '/';
	path[dir + 2] = '\0';
	assert_int_equal(static_path_resolve(path, rel, sizeof rel), SH_ENOTFOUND);
	/* out smaller than the result */
	char small[8];
	assert_int_equal(static_path_resolve("/index.html", small, sizeof small), SH_ENOTFOUND);
	assert_int_equal(static_path_resolve("/a.js", small, sizeof small), 0);
	assert_string_equal(small, "a.js");
}

static void within(void **state)
{
	(void)state;
	assert_true(static_path_within("/srv/web", "/srv/web/index.html"));
	assert_true(static_path_within("/srv/web/", "/srv/web/index.html"));
	assert_true(static_path_within("/srv/web//", "/srv/web/a/b"));
	assert_true(static_path_within("/srv/web", "/srv/web"));
	assert_true(static_path_within("/", "/etc/passwd"));
	assert_false(static_path_within("/srv/web", "/srv/web-private/x"));
	assert_false(static_path_within("/srv/web/", "/srv/web-private/x"));
	assert_false(static_path_within("/srv/web", "/srv/webx"));
	assert_false(static_path_within("/srv/web", "/srv/shensu.db"));
	assert_false(static_path_within("/srv/web", "/srv"));
	assert_false(static_path_within("/srv/web", "srv/web/x"));
	assert_false(static_path_within("srv/web", "srv/web/x"));
	assert_false(static_path_within(NULL, "/x"));
	assert_false(static_path_within("/x", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resolves),
		cmocka_unit_test(refuses),
		cmocka_unit_test(lengths),
		cmocka_unit_test(within),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
