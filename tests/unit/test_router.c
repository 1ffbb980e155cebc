/* Tests for http/router.c over the real route table (http/routes.c): literal
 * and {param} segments, 404 against 405 with its Allow list, HEAD, trailing
 * and doubled slashes, paths as the server hands them over (decoded by
 * message_target from the target as sent), and the table itself: every route
 * reachable, with a handler, and roles and a body limit that fit its method.
 * tests/fuzz/fuzz_router.c checks the matcher against an oracle on any path. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "http/message.h"
#include "http/router.h"

static struct arena arena;

static int setup(void **state)
{
	(void)state;
	arena_init(&arena, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	return 0;
}

/* What router_match answered. params and out start as markers, so that what
 * it leaves alone shows. */
struct answer {
	enum route_match m;
	const struct route *route;
	const char *params[ROUTE_MAX_PARAMS];
	char allow[64];
};

static const char marker[] = "untouched";
static const struct route marker_route;

static struct answer route(const char *method, const char *path)
{
	struct answer a = {.route = &marker_route};
	for (int i = 0; i < ROUTE_MAX_PARAMS; i++)
		a.params[i] = marker;
	memset(a.allow, 'x', sizeof a.allow);
	a.m = router_match(&arena, method, path, &a.route, a.params, a.allow, sizeof a.allow);
	return a;
}

static const struct route *find(const char *method, const char *pattern)
{
	for (const struct route *r = routes; r->method; r++)
		if (strcmp(r->method, method) == 0 && strcmp(r->pattern, pattern) == 0)
			return r;
	fail_msg("no route %s %s", method, pattern);
	return NULL;
}

static void found(const char *method, const char *path, const char *route_method,
                  const char *pattern, const char *param)
{
	struct answer a = route(method, path);
	if (a.m != ROUTE_FOUND)
		fail_msg("%s %s: not found (%d)", method, path, a.m);
	assert_ptr_equal(a.route, find(route_method, pattern));
	if (param) {
		assert_non_null(a.params[0]);
		assert_string_equal(a.params[0], param);
		assert_null(a.params[1]);
	} else {
		assert_null(a.params[0]);
	}
}

static void no_path(const char *method, const char *path)
{
	struct answer a = route(method, path);
	if (a.m != ROUTE_NO_PATH)
		fail_msg("%s \"%s\": want no path, got %d", method, path, a.m);
	assert_ptr_equal(a.route, &marker_route); /* *out left alone */
}

/* The methods of an Allow value, as a sorted "A,B" list. */
static const char *methods_of(const char *allow)
{
	static char out[64];
	const char *list[8];
	int n = 0;
	char copy[64];
	snprintf(copy, sizeof copy, "%s", allow);
	for (char *save = NULL, *t = strtok_r(copy, ", ", &save); t && n < 8;
	     t = strtok_r(NULL, ", ", &save))
		list[n++] = t;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(list[j - 1], list[j]) > 0; j--) {
			const char *x = list[j];
			list[j] = list[j - 1];
			list[j - 1] = x;
		}
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? "," : "",
		         list[i]);
	return out;
}

static void bad_method(const char *method, const char *path, const char *want_methods)
{
	struct answer a = route(method, path);
	if (a.m != ROUTE_BAD_METHOD)
		fail_msg("%s %s: want 405, got %d", method, path, a.m);
	assert_string_equal(methods_of(a.allow), want_methods);
	/* the route is one of the path's, for its pattern in the log */
	assert_true(a.route != &marker_route);
	struct answer again = route(a.route->method, path);
	assert_int_equal(again.m, ROUTE_FOUND);
	assert_ptr_equal(again.route, a.route);
	for (int i = 0; i < ROUTE_MAX_PARAMS; i++) /* params not filled */
		assert_ptr_equal(a.params[i], marker);
}

/* ---- matching ---------------------------------------------------------------- */

static void test_literal_and_param_segments(void **state)
{
	(void)state;
	found("GET", "/api/health", "GET", "/api/health", NULL);
	found("GET", "/api/reference/provinces", "GET", "/api/reference/provinces", NULL);
	found("POST", "/api/complaints", "POST", "/api/complaints", NULL);
	found("GET", "/api/complaints/44-2024-000001", "GET", "/api/complaints/{no}",
	      "44-2024-000001");
	found("POST", "/api/complaints/44-2024-000001/withdraw", "POST",
	      "/api/complaints/{no}/withdraw", "44-2024-000001");
	found("POST", "/api/complaints/x/supplement", "POST", "/api/complaints/{no}/supplement",
	      "x");
	/* a literal route beside a parameter of the same depth */
	found("GET", "/api/reports/stats", "GET", "/api/reports/stats", NULL);
	found("GET", "/api/cases.csv", "GET", "/api/cases.csv", NULL);
	found("GET", "/api/cases/cases.csv", "GET", "/api/cases/{no}", "cases.csv");
	/* a parameter holds whatever a segment may hold, decoded */
	found("GET", "/api/numbers/+86 138 0013 8000", "GET", "/api/numbers/{number}",
	      "+86 138 0013 8000");
	found("GET", "/api/numbers/一三八", "GET", "/api/numbers/{number}", "一三八");
	found("GET", "/api/numbers/{number}", "GET", "/api/numbers/{number}", "{number}");

	/* literals compare whole and exactly */
	no_path("GET", "/api/healthz");
	no_path("GET", "/api/healt");
	no_path("GET", "/API/health");
	no_path("GET", "/api/Health");
	no_path("GET", "/api/health.json");
	no_path("GET", "/api/reference");
	no_path("GET", "/api/reference/provinces/44");
	no_path("POST", "/api/complaints/x/withdraw/now");
	no_path("POST", "/api/complaints/x/y/withdraw");
	no_path("GET", "/api/unknown");
	no_path("GET", "/api");
	no_path("GET", "/");
	no_path("GET", "");
	no_path("GET", "api/health");
	no_path("PUT", "/api/nothing"); /* 404 before 405: the path decides first */
}

/* A slash more anywhere is another path: no empty parameter, no trailing
 * slash standing for the route without it. */
static void test_slashes(void **state)
{
	(void)state;
	no_path("GET", "/api/health/");
	no_path("GET", "/api/health//");
	no_path("GET", "//api/health");
	no_path("GET", "/api//health");
	no_path("GET", "/api/complaints/");
	no_path("GET", "/api/complaints//");
	no_path("POST", "/api/complaints//withdraw");
	no_path("POST", "/api/complaints/x/withdraw/");
	no_path("POST", "/api/complaints/");
	no_path("GET", "/api/cases/");
}

/* ---- 404, 405, HEAD --------------------------------------------------------- */

static void test_method_not_allowed(void **state)
{
	(void)state;
	bad_method("POST", "/api/health", "GET");
	bad_method("DELETE", "/api/health", "GET");
	bad_method("PUT", "/api/complaints/44-2024-000001", "GET");
	bad_method("GET", "/api/complaints/44-2024-000001/withdraw", "POST");
	bad_method("GET", "/api/login", "POST");
	bad_method("HEAD", "/api/login", "POST"); /* HEAD stands in for GET only */
	bad_method("GET", "/api/complaints", "POST");
	/* two routes on one path: Allow names both */
	bad_method("DELETE", "/api/reports", "GET,POST");
	bad_method("PATCH", "/api/dispatches", "GET,POST");
	/* methods are case-sensitive (RFC 9110) */
	bad_method("get", "/api/health", "GET");
	bad_method("", "/api/health", "GET");

	/* a short Allow buffer is cut, never overrun */
	const struct route *r = NULL;
	const char *params[ROUTE_MAX_PARAMS];
	char small[6];
	assert_int_equal(
	    router_match(&arena, "PUT", "/api/reports", &r, params, small, sizeof small),
	    ROUTE_BAD_METHOD);
	assert_true(strlen(small) < sizeof small);
}

static void test_head_is_get(void **state)
{
	(void)state;
	found("HEAD", "/api/health", "GET", "/api/health", NULL);
	found("HEAD", "/api/complaints/44-2024-000001", "GET", "/api/complaints/{no}",
	      "44-2024-000001");
	found("HEAD", "/api/reports", "GET", "/api/reports", NULL);
	no_path("HEAD", "/api/nothing");
}

/* ---- paths as the server hands them over ---------------------------------- */

/* The server routes the path message_target decoded from the target as sent:
 * escapes are decoded before matching, the query string is not part of it, and
 * a target whose decoding would add a "/" never reaches the router. */
static void test_decoded_targets(void **state)
{
	(void)state;
	static const struct {
		const char *raw;
		const char *method, *pattern, *param; /* pattern NULL: no route */
	} cases[] = {
	    {"/api/health?x=1", "GET", "/api/health", NULL},
	    {"/api/%68ealth", "GET", "/api/health", NULL}, /* an unreserved escape */
	    {"/api/complaints/44-2024-000001?code=ABCD", "GET", "/api/complaints/{no}",
	     "44-2024-000001"},
	    {"/api/numbers/138%2000138000", "GET", "/api/numbers/{number}", "138 00138000"},
	    {"/api/numbers/%E4%B8%80", "GET", "/api/numbers/{number}", "一"},
	    {"/api/numbers/%2B8613800138000", "GET", "/api/numbers/{number}", "+8613800138000"},
	    {"/api/numbers/%7Bnumber%7D", "GET", "/api/numbers/{number}", "{number}"},
	    {"/api/health%3Fx", NULL, NULL, NULL}, /* an escaped "?" is part of the path */
	    {"/api/health/?", NULL, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *raw = cases[i].raw;
		char path[256];
		const char *why = NULL;
		if (message_target(raw, strlen(raw), path, &why) != 0)
			fail_msg("%s refused: %s", raw, why);
		if (cases[i].pattern)
			found("GET", path, cases[i].method, cases[i].pattern, cases[i].param);
		else
			no_path("GET", path);
	}
	/* what would put a "/" into a parameter, or a NUL into the path, is refused
	 * before routing */
	static const char *const refused[] = {
	    "/api/complaints/a%2Fb",
	    "/api/complaints/a%2fb/withdraw",
	    "/api/numbers/%5C",
	    "/api/numbers/%00",
	    "/api/numbers/%FF",
	    "/api/numbers/%E4%B8",
	    "/api/numbers/138 0013",
	    "/api/numbers/%zz",
	    "api/health",
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char path[256];
		const char *why = NULL;
		assert_int_equal(message_target(refused[i], strlen(refused[i]), path, &why),
		                 SH_EINVAL);
		assert_non_null(why);
	}
}

/* ---- the table ------------------------------------------------------------------ */

/* The pattern with its {name} segments replaced by "v0", "v1", ... */
static const char *expand(const char *pattern, int *nparams)
{
	static char out[256];
	size_t n = 0;
	*nparams = 0;
	for (const char *p = pattern; *p;) {
		if (*p == '{') {
			n += (size_t)snprintf(out + n, sizeof out - n, "v%d", (*nparams)++);
			p = strchr(p, '}') + 1;
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
	return out;
}

/* Each pattern: "/api/" then non-empty segments, a parameter being a whole
 * segment "{name}" of lower-case letters and "_", no more than the request
 * holds, and no two parameters of one pattern sharing a name. */
static void check_pattern(const char *pattern)
{
	if (strncmp(pattern, "/api/", 5) != 0)
		fail_msg("%s: not under /api/", pattern);
	int params = 0;
	char names[ROUTE_MAX_PARAMS][32];
	for (const char *seg = pattern + 1; seg;) {
		const char *end = strchr(seg, '/');
		size_t len = end ? (size_t)(end - seg) : strlen(seg);
		if (len == 0)
			fail_msg("%s: an empty segment", pattern);
		if (memchr(seg, '{', len) || memchr(seg, '}', len)) {
			if (seg[0] != '{' || seg[len - 1] != '}' || len < 3)
				fail_msg("%s: a parameter must be a whole segment", pattern);
			for (size_t i = 1; i + 1 < len; i++)
				if (!((seg[i] >= 'a' && seg[i] <= 'z') || seg[i] == '_'))
					fail_msg("%s: parameter name", pattern);
			if (params == ROUTE_MAX_PARAMS)
				fail_msg("%s: more than %d parameters", pattern, ROUTE_MAX_PARAMS);
			snprintf(names[params], sizeof names[params], "%.*s", (int)len, seg);
			for (int k = 0; k < params; k++)
				if (strcmp(names[k], names[params]) == 0)
					fail_msg("%s: parameter %s twice", pattern, names[k]);
			params++;
		}
		seg = end ? end + 1 : NULL;
	}
}

/* Every route is reached by its own path: nothing earlier in the table
 * shadows it (no duplicate either), and its parameters come back in order. */
static void test_every_route_reachable(void **state)
{
	(void)state;
	int count = 0;
	for (const struct route *r = routes; r->method; r++, count++) {
		check_pattern(r->pattern);
		int np;
		const char *path = expand(r->pattern, &np);
		struct answer a = route(r->method, path);
		if (a.m != ROUTE_FOUND || a.route != r)
			fail_msg("%s %s: %s reaches %s %s", r->method, r->pattern, path,
			         a.m == ROUTE_FOUND ? a.route->method : "-",
			         a.m == ROUTE_FOUND ? a.route->pattern : "nothing");
		for (int i = 0; i < np; i++) {
			char want[16];
			snprintf(want, sizeof want, "v%d", i);
			assert_string_equal(a.params[i], want);
		}
		if (np < ROUTE_MAX_PARAMS)
			assert_null(a.params[np]);
	}
	assert_true(count >= 30);
}

/* The regulator's own records (issue 15): supervision, the registry of
 * enterprises, the notice's text and publication. */
static bool regulator_record(const char *pattern)
{
	static const char *const own[] = {"/api/licensees",    "/api/enforcement", "/api/badlist/entries",
	                                  "/api/inspections",  "/api/app-tests",   "/api/equipment-samples",
	                                  "/api/notices/{period}/"};
	for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
		if (strncmp(pattern, own[i], strlen(own[i])) == 0)
			return true;
	return false;
}

/* What each route declares fits its method. */
static void test_declarations(void **state)
{
	(void)state;
	const access_set known = ALLOW_STAFF | ALLOW_CASEWORK | ((1u << ROLE_COUNT) - 1);
	for (const struct route *r = routes; r->method; r++) {
		const char *what = r->pattern;
		if (!r->handler)
			fail_msg("%s %s: no handler", r->method, what);
		if (r->roles & ~known)
			fail_msg("%s %s: roles %#x name no role", r->method, what, r->roles);
		/* a session is a staff member's: the complainant has none */
		if (r->roles && access_allows(r->roles, ROLE_COMPLAINANT))
			fail_msg("%s %s: a session route open to the complainant", r->method, what);
		if (strcmp(r->method, "GET") == 0) {
			/* a GET takes no body */
			if (r->max_body != 0)
				fail_msg("GET %s: takes a body of %zu bytes", what, r->max_body);
		} else if (strcmp(r->method, "POST") == 0 || strcmp(r->method, "PUT") == 0) {
			if (r->max_body == 0 || r->max_body > 1024 * 1024)
				fail_msg("%s %s: body limit %zu", r->method, what, r->max_body);
			/* regulators read cases, reports and statistics: no write there
			 * names them (the groups that hold them leave each action to
			 * the domain: lifecycle refuses them); they write only their own
			 * records (issue 15), their decision on an early warning (issue
			 * 17), which changes no case, and the batch look-up, which reads
			 * (a POST only because its 1,000 numbers do not fit a URL) */
			if ((r->roles & ALLOW(ROLE_REGULATOR)) && !regulator_record(what) &&
			    strcmp(what, "/api/warnings/{date}/{series}/decision") != 0 &&
			    strcmp(what, "/api/numbers/lookup") != 0)
				fail_msg("%s %s: open to the regulator", r->method, what);
			/* a correction names what it corrects */
			if (strcmp(r->method, "PUT") == 0 && !strchr(what, '{'))
				fail_msg("PUT %s: names no record", what);
		} else {
			fail_msg("%s %s: only GET, POST and PUT are served", r->method, what);
		}
		/* The public limit counts clients without a session; a public route
		 * that writes, or names a case, is counted (login has its own limit,
		 * rate_login, in its handler). */
		if (r->rate_limited && r->roles != ALLOW_PUBLIC)
			fail_msg("%s %s: rate-limited but needs a session", r->method, what);
		bool writes = strcmp(r->method, "POST") == 0 && strcmp(what, "/api/login") != 0;
		if (r->roles == ALLOW_PUBLIC && (writes || strchr(what, '{')) && !r->rate_limited)
			fail_msg("%s %s: public and not rate-limited", r->method, what);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_literal_and_param_segments),
	    cmocka_unit_test(test_slashes),
	    cmocka_unit_test(test_method_not_allowed),
	    cmocka_unit_test(test_head_is_get),
	    cmocka_unit_test(test_decoded_targets),
	    cmocka_unit_test(test_every_route_reachable),
	    cmocka_unit_test(test_declarations),
	};
	return cmocka_run_group_tests_name("router", tests, setup, teardown);
}
