/* Tests for http/message.c: the request target (origin-form only, decoded
 * without creating separators or controls) and the body's framing (what a
 * proxy could read differently is refused). */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "http/message.h"

/* message_target on a NUL-terminated target: 0 with the path in out, or the
 * error with the reason in *why. */
static int target(const char *raw, char *out, const char **why)
{
	return message_target(raw, strlen(raw), out, why);
}

static void accepted_targets(void **state)
{
	(void)state;
	static const struct {
		const char *raw, *path;
	} cases[] = {
		{"/", "/"},
		{"/index.html", "/index.html"},
		{"/staff/", "/staff/"},
		{"/api/cases?state=accepted&x=%2F", "/api/cases"},
		{"/api/numbers/138%200013%208000", "/api/numbers/138 0013 8000"},
		{"/api/numbers/%2B86(0755)1234-5678", "/api/numbers/+86(0755)1234-5678"},
		{"/%E7%94%B3%E8%AF%89", "/申诉"},
		{"/a%25b%3Fc", "/a%b?c"},
		{"/%2e%2e/x", "/../x"}, /* dots stay dots: the resolver refuses them */
		{"/~user/-._!$&'()*+,;=:@", "/~user/-._!$&'()*+,;=:@"},
		{"/x?", "/x"},
	};
	char out[64];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *why = NULL;
		assert_int_equal(target(cases[i].raw, out, &why), 0);
		assert_string_equal(out, cases[i].path);
		assert_null(why);
	}
}

static void refused_targets(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"", "*", "../shensu.db", "-private/x", "index.html", "http://127.0.0.1/index.html",
		"//", /* fine as a target: see below */
		"/a b", "/a\\b", "/a\tb", "/a\x7f", "/\xe7\x94\xb3", "/a\"b", "/a<b>", "/a{b}", "/a|b",
		"/a#b", "/%", "/%2", "/%zz", "/%g0", "/%00", "/%0a", "/%1F", "/%7f", "/%2f", "/%2F",
		"/..%2f..%2fetc/passwd", "/%5c", "/%5C", "/%c0%ae%c0%ae/", "/%ff", "/%e7%94",
		"/x?%00", "/x?a b", "/x?a\x01", "/x?%", "/x?%4", "/x?a#b",
	};
	char out[64];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *why = NULL;
		int rc = target(cases[i], out, &why);
		if (strcmp(cases[i], "//") == 0) { /* origin-form; the resolver refuses the empty segment */
			assert_int_equal(rc, 0);
			continue;
		}
		if (rc != SH_EINVAL)
			fail_msg("accepted %s", cases[i]);
		assert_non_null(why);
		assert_true(strlen(why) > 0);
	}
}

static void length_is_honoured(void **state)
{
	(void)state;
	char out[MESSAGE_TARGET_MAX + 2];
	const char *why;
	/* Only len bytes are read: "/ab" of "/abc%00". */
	assert_int_equal(message_target("/abc%00", 3, out, &why), 0);
	assert_string_equal(out, "/ab");
	/* An escape cut by len is incomplete. */
	assert_int_equal(message_target("/a%41", 4, out, &why), SH_EINVAL);
	assert_int_equal(message_target("/a%41", 5, out, &why), 0);
	assert_string_equal(out, "/aA");
	assert_int_equal(message_target(NULL, 0, out, &why), SH_EINVAL);
	/* MESSAGE_TARGET_MAX bytes pass, one more does not. */
	char *long_target = malloc(MESSAGE_TARGET_MAX + 2);
	assert_non_null(long_target);
	memset(long_target, 'a', MESSAGE_TARGET_MAX + 1);
	long_target[0] = '/';
	assert_int_equal(message_target(long_target, MESSAGE_TARGET_MAX, out, &why), 0);
	assert_int_equal(strlen(out), MESSAGE_TARGET_MAX);
	assert_int_equal(message_target(long_target, MESSAGE_TARGET_MAX + 1, out, &why), SH_EINVAL);
	free(long_target);
}

/* message_framing over a list of name, value pairs ending with NULL. */
static int framing(const char *const *pairs, enum message_body *kind, uint64_t *len)
{
	struct message_header h[16];
	size_t n = 0;
	for (; pairs[2 * n]; n++)
		h[n] = (struct message_header){pairs[2 * n], pairs[2 * n + 1]};
	const char *why = NULL;
	int rc = message_framing(h, n, kind, len, &why);
	if (rc)
		assert_true(why && *why);
	return rc;
}

static void framing_accepted(void **state)
{
	(void)state;
	enum message_body kind = MESSAGE_BODY_CHUNKED;
	uint64_t len = 7;
	assert_int_equal(framing((const char *[]){"Host", "x", NULL}, &kind, &len), 0);
	assert_int_equal(kind, MESSAGE_BODY_NONE);
	assert_int_equal(framing((const char *[]){"content-length", "0", NULL}, &kind, &len), 0);
	assert_int_equal(kind, MESSAGE_BODY_NONE);
	assert_int_equal(framing((const char *[]){"Content-Length", "1048576", "X-A", "", NULL}, &kind,
	                         &len),
	                 0);
	assert_int_equal(kind, MESSAGE_BODY_LENGTH);
	assert_int_equal(len, 1048576);
	assert_int_equal(framing((const char *[]){"TRANSFER-ENCODING", "chunked", NULL}, &kind, &len),
	                 0);
	assert_int_equal(kind, MESSAGE_BODY_CHUNKED);
	assert_int_equal(framing((const char *[]){"Content-Length", "9007199254740992", NULL}, &kind,
	                         &len),
	                 0);
	assert_int_equal(len, UINT64_C(9007199254740992));
}

static void framing_refused(void **state)
{
	(void)state;
	static const char *const cases[][7] = {
		{"Content-Length", "2", "Content-Length", "2", NULL},
		{"Content-Length", "2", "content-length", "3", NULL},
		{"Transfer-Encoding", "chunked", "Content-Length", "2", NULL},
		{"Content-Length", "2", "Transfer-Encoding", "chunked", NULL},
		{"Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked", NULL},
		{"Transfer-Encoding", "Chunked", NULL},
		{"Transfer-Encoding", "chunked ", NULL},
		{"Transfer-Encoding", " chunked", NULL},
		{"Transfer-Encoding", "gzip, chunked", NULL},
		{"Transfer-Encoding", "identity", NULL},
		{"Transfer-Encoding", "", NULL},
		{"Transfer-Encoding ", "chunked", NULL},
		{"Transfer-Encodingchunked", "", NULL},
		{"Content-Length10", "", NULL},
		{"Content-Length", "", NULL},
		{"Content-Length", "+2", NULL},
		{"Content-Length", "2 ", NULL},
		{"Content-Length", "2, 2", NULL},
		{"Content-Length", "0x10", NULL},
		{"Content-Length", "9007199254740993", NULL},
		{"Content-Length", "99999999999999999999999", NULL},
		{"X Y", "1", NULL},
		{"", "1", NULL},
		{"X:Y", "1", NULL},
		{"X\tY", "1", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		enum message_body kind = MESSAGE_BODY_NONE;
		uint64_t len = 0;
		if (framing(cases[i], &kind, &len) != SH_EINVAL)
			fail_msg("accepted case %zu (%s: %s)", i, cases[i][0], cases[i][1]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepted_targets),  cmocka_unit_test(refused_targets),
		cmocka_unit_test(length_is_honoured), cmocka_unit_test(framing_accepted),
		cmocka_unit_test(framing_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
