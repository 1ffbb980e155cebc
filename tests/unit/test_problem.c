/* Tests for http/problem.c, the one place errors become HTTP: the status of
 * every sh_err code, the RFC 7807 document problem_respond sends (built by
 * problem_make without a connection), Retry-After with 503, the "errors" of
 * invalid_fields, and text that is not UTF-8 cut rather than lost. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/utf8.h"
#include "domain/intake.h"
#include "http/problem.h"

/* The status each error is answered with: what clients and the README rely
 * on (401 sign in, 403 not yours, 409 reload, 429 slow down, 503 try again).
 * A code added to core/error.h fails test_every_code until it is listed. */
static const unsigned want_status[] = {
    [-SH_EINVAL] = 400,     [-SH_ENOTFOUND] = 404,    [-SH_ECONFLICT] = 409, [-SH_EIO] = 500,
    [-SH_ESTORE] = 500,     [-SH_ENOSCHEDULE] = 400,  [-SH_ETOOLARGE] = 413, [-SH_EENCODING] = 400,
    [-SH_ESCHEMA] = 500,    [-SH_EUNAVAILABLE] = 503, [-SH_EAUTH] = 401,     [-SH_EFORBIDDEN] = 403,
    [-SH_ERATELIMIT] = 429, [-SH_EMETHOD] = 405,      [-SH_EDBDOWN] = 503,   [-SH_EMEDIATYPE] = 415,
};

/* The document's members, checked for type; returns the member. */
static const char *text_of(json_t *body, const char *key)
{
	json_t *v = json_object_get(body, key);
	if (!json_is_string(v))
		fail_msg("\"%s\" is not a string", key);
	return json_string_value(v);
}

/* The body must survive the trip through JSON text. */
static void round_trip(json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT);
	assert_non_null(text);
	json_t *back = json_loads(text, 0, NULL);
	assert_non_null(back);
	assert_true(json_equal(back, body));
	json_decref(back);
	free(text);
}

static bool has_chinese(const char *s)
{
	for (size_t i = 0, n = strlen(s); i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (!len)
			return false;
		if (cp >= 0x4E00 && cp <= 0x9FFF)
			return true;
		i += len;
	}
	return false;
}

/* ---- statuses and codes --------------------------------------------------------- */

static void test_every_code(void **state)
{
	(void)state;
	assert_int_equal(sizeof want_status / sizeof *want_status, 1 - SH_ERR_MIN);
	for (int err = SH_ERR_MIN; err < 0; err++) {
		const char *code = sh_err_code(err), *title = sh_err_title(err);
		if (!want_status[-err])
			fail_msg("%s (%d): say here which status it is answered with", code, err);
		assert_int_equal(problem_status(err), want_status[-err]);
		/* a stable machine name: lower case and "_", unique */
		assert_true(code[0] && strspn(code, "abcdefghijklmnopqrstuvwxyz_") == strlen(code));
		assert_string_not_equal(code, "ok");
		assert_string_not_equal(code, "internal_error");
		for (int other = SH_ERR_MIN; other < err; other++)
			assert_string_not_equal(code, sh_err_code(other));
		/* a Chinese title */
		assert_true(utf8_valid(title, strlen(title)));
		if (!has_chinese(title))
			fail_msg("%s: title \"%s\" is not Chinese", code, title);
	}
	/* what is not an error code is an internal error */
	const int others[] = {SH_ERR_MIN - 1, INT_MIN, 1, 404};
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		assert_int_equal(problem_status(others[i]), 500);
		assert_string_equal(sh_err_code(others[i]), "internal_error");
		assert_true(has_chinese(sh_err_title(others[i])));
	}
}

/* ---- the document ------------------------------------------------------------ */

static void test_document(void **state)
{
	(void)state;
	for (int err = SH_ERR_MIN; err < 0; err++) {
		const char *code = sh_err_code(err);
		struct problem p =
		    problem_make(err, code, "案件44-2024-000001不存在", "/api/cases/x");
		assert_int_equal(p.status, problem_status(err));
		json_t *b = p.body;
		assert_int_equal(json_object_size(b), 6);
		char type[96];
		snprintf(type, sizeof type, "urn:shensu:problem:%s", code);
		assert_string_equal(text_of(b, "type"), type);
		assert_string_equal(text_of(b, "title"), sh_err_title(err));
		assert_true(json_is_integer(json_object_get(b, "status")));
		assert_int_equal(json_integer_value(json_object_get(b, "status")), p.status);
		assert_string_equal(text_of(b, "code"), code);
		assert_string_equal(text_of(b, "detail"), "案件44-2024-000001不存在");
		assert_string_equal(text_of(b, "instance"), "/api/cases/x");
		/* 503 tells the client when to come back; nothing else does */
		if (p.status == 503) {
			assert_non_null(p.retry_after);
			char *end;
			long s = strtol(p.retry_after, &end, 10);
			assert_true(*end == '\0' && s >= 1 && s <= 60);
		} else {
			assert_null(p.retry_after);
		}
		round_trip(b);
		json_decref(b);
	}

	/* a refined code names the type; the title stays the error's */
	struct problem p =
	    problem_make(SH_ECONFLICT, "stale_version", "请刷新", "/api/cases/x/actions");
	assert_string_equal(text_of(p.body, "type"), "urn:shensu:problem:stale_version");
	assert_string_equal(text_of(p.body, "code"), "stale_version");
	assert_string_equal(text_of(p.body, "title"), sh_err_title(SH_ECONFLICT));
	assert_int_equal(p.status, 409);
	json_decref(p.body);

	/* no detail: the title says it */
	p = problem_make(SH_ESTORE, "store_error", NULL, "/api/cases");
	assert_string_equal(text_of(p.body, "detail"), sh_err_title(SH_ESTORE));
	assert_int_equal(p.status, 500);
	json_decref(p.body);
}

/* Details quote what clients sent; whatever is not UTF-8 is cut, the rest
 * kept, so the answer is always a document with a detail. */
static void test_not_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *in, *kept;
	} cases[] = {
	    {"未知的省份：\xff\xfe", "未知的省份："},
	    {"参数\xe4\xb8", "参数"},      /* a character cut short */
	    {"ok\xed\xa0\x80 more", "ok"}, /* a surrogate */
	    {"\xc0\xaf", ""},              /* an overlong "/" */
	    {"完整的句子。", "完整的句子。"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct problem p =
		    problem_make(SH_EINVAL, "invalid_parameter", cases[i].in, cases[i].in);
		assert_string_equal(text_of(p.body, "detail"), cases[i].kept);
		assert_string_equal(text_of(p.body, "instance"), cases[i].kept);
		round_trip(p.body);
		json_decref(p.body);
	}
}

/* ---- invalid_fields ---------------------------------------------------------- */

static void test_fields(void **state)
{
	(void)state;
	struct field_error errs[3] = {
	    {.field = "name", .message = "请填写姓名"},
	    {.field = "phone", .message = "联系电话有误：\xe4\xb8"}, /* cut mid-character */
	    {.field = "postcode", .message = "邮政编码应为6位数字"},
	};
	struct problem p = problem_make_fields(errs, 3, "/api/complaints");
	assert_int_equal(p.status, 400);
	assert_null(p.retry_after);
	assert_string_equal(text_of(p.body, "code"), "invalid_fields");
	assert_string_equal(text_of(p.body, "type"), "urn:shensu:problem:invalid_fields");
	assert_string_equal(text_of(p.body, "title"), sh_err_title(SH_EINVAL));
	assert_string_equal(text_of(p.body, "instance"), "/api/complaints");
	const char *detail = text_of(p.body, "detail");
	assert_non_null(strstr(detail, "3项"));
	assert_non_null(strstr(detail, "请填写姓名"));
	json_t *list = json_object_get(p.body, "errors");
	assert_true(json_is_array(list));
	assert_int_equal(json_array_size(list), 3); /* none lost to a bad message */
	for (size_t i = 0; i < 3; i++) {
		json_t *e = json_array_get(list, i);
		assert_int_equal(json_object_size(e), 2);
		assert_string_equal(text_of(e, "field"), errs[i].field);
	}
	assert_string_equal(text_of(json_array_get(list, 0), "message"), "请填写姓名");
	assert_string_equal(text_of(json_array_get(list, 1), "message"), "联系电话有误：");
	round_trip(p.body);
	json_decref(p.body);

	/* the longest message a field error holds is quoted whole in the detail */
	struct field_error big = {.field = "description"};
	size_t chars = (sizeof big.message - 1) / 3;
	for (size_t i = 0; i < chars; i++)
		memcpy(big.message + 3 * i, "长", 3);
	big.message[3 * chars] = '\0';
	p = problem_make_fields(&big, 1, "/api/complaints");
	assert_non_null(strstr(text_of(p.body, "detail"), big.message));
	json_decref(p.body);

	/* no error at all still gives a well-formed document */
	p = problem_make_fields(NULL, 0, "/api/reports");
	assert_int_equal(json_array_size(json_object_get(p.body, "errors")), 0);
	assert_non_null(strstr(text_of(p.body, "detail"), "0项"));
	json_decref(p.body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_code),
	    cmocka_unit_test(test_document),
	    cmocka_unit_test(test_not_utf8),
	    cmocka_unit_test(test_fields),
	};
	return cmocka_run_group_tests_name("problem", tests, NULL, NULL);
}
