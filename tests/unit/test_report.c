/* Tests for domain/report.c: the names of report kinds, series and
 * disposals; the bad-app pipeline over every (state, action) with its
 * deadline edges; package ids; the public report form (every field's rules,
 * all errors at once, the error cap, UTF-8 messages); and the history CSV's
 * header and rows, each error naming its column. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"
#include "domain/report.h"

#define NOW 1717207200 /* 2024-06-01 10:00 Beijing time */

/* ---- names -------------------------------------------------------------------- */

static void test_kind_names(void **state)
{
	(void)state;
	for (int k = 0; k < REPORT_KIND_COUNT; k++) {
		const char *code = report_kind_code((enum report_kind)k);
		const char *label = report_kind_label((enum report_kind)k);
		assert_true(code[0] && label[0]);
		enum report_kind got = REPORT_KIND_COUNT;
		assert_int_equal(report_kind_parse(code, strlen(code), &got), 0);
		assert_int_equal(got, k);
		got = REPORT_KIND_COUNT;
		assert_int_equal(report_kind_parse(label, strlen(label), &got), 0);
		assert_int_equal(got, k);
		for (int j = 0; j < k; j++)
			assert_string_not_equal(code, report_kind_code((enum report_kind)j));
	}
	enum report_kind k = REPORT_SPAM_SMS;
	assert_int_equal(report_kind_parse("SPAM_SMS", 8, &k), 0); /* codes ignore case */
	assert_int_equal(k, REPORT_SPAM_SMS);
	k = REPORT_SPAM_SMS;
	static const char *const bad[] = {"", "spam", "spam_sms ", "骚扰", "fraud"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(report_kind_parse(bad[i], strlen(bad[i]), &k), SH_EINVAL);
	assert_int_equal(report_kind_parse(NULL, 0, &k), SH_EINVAL);
	assert_int_equal(k, REPORT_SPAM_SMS);
	assert_int_equal(report_kind_parse("spam_sms_x", 8, &k), 0); /* len bytes only */
	assert_string_equal(report_kind_code(REPORT_KIND_COUNT), "");
	assert_string_equal(report_kind_label((enum report_kind) - 1), "");
	/* the first four are the kinds counted per number */
	assert_int_equal(REPORT_NUMBER_KINDS, REPORT_BAD_APP);

	/* the notice's series: fraud calls and SMS are one */
	assert_int_equal(report_series_of(REPORT_FRAUD_CALL), SERIES_FRAUD);
	assert_int_equal(report_series_of(REPORT_FRAUD_SMS), SERIES_FRAUD);
	assert_int_equal(report_series_of(REPORT_HARASSMENT_CALL), SERIES_HARASSMENT_CALL);
	assert_int_equal(report_series_of(REPORT_SPAM_SMS), SERIES_SPAM_SMS);
	assert_int_equal(report_series_of(REPORT_BAD_APP), SERIES_BAD_APP);
	for (int s = 0; s < SERIES_COUNT; s++) {
		assert_true(report_series_code((enum notice_series)s)[0]);
		assert_true(report_series_label((enum notice_series)s)[0]);
	}
	assert_string_equal(report_series_label(SERIES_FRAUD), "诈骗电话及短信");
}

static void test_disposal_names(void **state)
{
	(void)state;
	for (int d = 1; d < DISPOSAL_COUNT; d++) {
		enum disposal got = DISPOSAL_NONE;
		const char *code = disposal_code((enum disposal)d);
		assert_int_equal(disposal_parse(code, strlen(code), &got), 0);
		assert_int_equal(got, d);
		const char *label = disposal_label((enum disposal)d);
		got = DISPOSAL_NONE;
		assert_int_equal(disposal_parse(label, strlen(label), &got), 0);
		assert_int_equal(got, d);
	}
	/* "none" names the absence of a disposal: not something an operator reports */
	enum disposal d = DISPOSAL_WARNED;
	assert_int_equal(disposal_parse("none", 4, &d), SH_EINVAL);
	assert_int_equal(disposal_parse("未处置", strlen("未处置"), &d), SH_EINVAL);
	assert_int_equal(disposal_parse("closed", 6, &d), SH_EINVAL);
	assert_int_equal(d, DISPOSAL_WARNED);
	assert_string_equal(disposal_code(DISPOSAL_NONE), "none");
	assert_string_equal(disposal_code(DISPOSAL_COUNT), "");
}

/* ---- the app pipeline ----------------------------------------------------------- */

/* Every (state, action): allowed exactly where the pipeline says, with the
 * deadline checked on notify and name. A refusal names the current state. */
static void test_app_pipeline(void **state)
{
	(void)state;
	const int32_t today = fixture_day("2024-06-01");
	for (int s = 0; s < APP_STATE_COUNT; s++)
		for (int a = 0; a < APP_ACTION_COUNT; a++) {
			/* a deadline that allows the action where its state does */
			int32_t deadline = a == APP_NOTIFY ? today + 10 : today - 1;
			enum app_state want = APP_STATE_COUNT;
			switch (a) {
			case APP_NOTIFY:
				want = s == APP_REPORTED ? APP_NOTIFIED : want;
				break;
			case APP_RECTIFY:
				want = s == APP_NOTIFIED || s == APP_NAMED ? APP_RECTIFIED : want;
				break;
			case APP_NAME:
				want = s == APP_NOTIFIED ? APP_NAMED : want;
				break;
			case APP_REMOVE:
				want = s == APP_NOTIFIED || s == APP_NAMED ? APP_REMOVED : want;
				break;
			}
			enum app_state to = APP_STATE_COUNT;
			char why[160] = "";
			int rc = app_transition((enum app_state)s, (enum app_action)a, deadline,
			                        today, &to, why, sizeof why);
			if (want == APP_STATE_COUNT) {
				assert_int_equal(rc, -1);
				assert_int_equal(to, APP_STATE_COUNT);
				assert_non_null(strstr(why, app_state_label((enum app_state)s)));
				assert_true(utf8_valid(why, strlen(why)));
			} else {
				if (rc)
					fail_msg("%s on %s refused: %s",
					         app_action_code((enum app_action)a),
					         app_state_code((enum app_state)s), why);
				assert_int_equal(to, want);
			}
		}
	/* the deadline edges */
	enum app_state to;
	char why[160];
	assert_int_equal(
	    app_transition(APP_REPORTED, APP_NOTIFY, today, today, &to, why, sizeof why),
	    -1); /* a deadline must lie ahead */
	assert_int_equal(app_transition(APP_REPORTED, APP_NOTIFY, 0, today, &to, why, sizeof why),
	                 -1);
	assert_int_equal(
	    app_transition(APP_REPORTED, APP_NOTIFY, today + 1, today, &to, why, sizeof why), 0);
	assert_int_equal(app_transition(APP_NOTIFIED, APP_NAME, today, today, &to, why, sizeof why),
	                 -1); /* named only once the deadline has passed */
	assert_int_equal(
	    app_transition(APP_NOTIFIED, APP_NAME, today - 1, today, &to, why, sizeof why), 0);
	assert_int_equal(to, APP_NAMED);
	assert_int_equal(
	    app_transition(APP_NOTIFIED, APP_ACTION_COUNT, 0, today, &to, why, sizeof why), -1);

	/* names */
	for (int s = 0; s < APP_STATE_COUNT; s++) {
		enum app_state got;
		const char *code = app_state_code((enum app_state)s);
		assert_int_equal(app_state_parse(code, strlen(code), &got), 0);
		assert_int_equal(got, s);
	}
	for (int a = 0; a < APP_ACTION_COUNT; a++) {
		enum app_action got;
		const char *code = app_action_code((enum app_action)a);
		assert_int_equal(app_action_parse(code, strlen(code), &got), 0);
		assert_int_equal(got, a);
	}
	enum app_action act;
	assert_int_equal(app_action_parse("delete", 6, &act), SH_EINVAL);
}

static void test_package_ids(void **state)
{
	(void)state;
	static const char *const ok[] = {"com.example.app", "a.b",  "com.tencent.mm", "cn.gov.x1",
	                                 "Com.Example_App", "_a._b"};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (!report_package_valid(ok[i], strlen(ok[i])))
			fail_msg("%s refused", ok[i]);
	static const char *const bad[] = {
	    "",       "com",          "ab",       ".com.x",  "com.",    "com..x", "com.1x",
	    "1com.x", "com.ex-ample", "com.例子", "com x.y", "com/x.y", "com.x.", "."};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (report_package_valid(bad[i], strlen(bad[i])))
			fail_msg("%s accepted", bad[i]);
	char id[REPORT_APP_FIELD_MAX + 2];
	memset(id, 'a', sizeof id);
	id[1] = '.';
	assert_true(report_package_valid(id, REPORT_APP_FIELD_MAX));
	assert_false(report_package_valid(id, REPORT_APP_FIELD_MAX + 1));
}

/* ---- the form -------------------------------------------------------------------- */

struct checked {
	size_t n;
	struct field_error errs[INTAKE_MAX_ERRORS];
	struct report r;
};

static const struct checked *validate(const struct report_form *f)
{
	static struct checked c;
	memset(&c, 0x5a, sizeof c);
	c.n = report_validate(f, NOW, &c.r, c.errs, INTAKE_MAX_ERRORS);
	assert_true(c.n <= INTAKE_MAX_ERRORS);
	fixture_check_field_errors(c.errs, c.n);
	return &c;
}

static const char *error_on(const struct checked *c, const char *field)
{
	return fixture_field_error(c->errs, c->n, field);
}

static void refused_for(const struct report_form *f, const char *field, const char *part)
{
	const struct checked *c = validate(f);
	fixture_one_field_error(c->errs, c->n, field, part);
}

static struct report accepted(const struct report_form *f)
{
	const struct checked *c = validate(f);
	if (c->n)
		fail_msg("refused: %s: %s", c->errs[0].field, c->errs[0].message);
	return c->r;
}

static void test_number_reports(void **state)
{
	(void)state;
	struct report_form f = {.kind = "harassment_call",
	                        .number = "+86 138 0013 8000",
	                        .occurred_at = "2024-06-01 09:30",
	                        .reporter = "139-0013-9000",
	                        .content = "推销贷款"};
	struct report r = accepted(&f);
	assert_int_equal(r.kind, REPORT_HARASSMENT_CALL);
	assert_string_equal(r.target, "13800138000");
	assert_int_equal(r.target_kind, NUMBER_MOBILE);
	assert_string_equal(r.reporter, "13900139000");
	assert_int_equal(r.reported_at, NOW);
	assert_int_equal(r.occurred_at, NOW - 1800); /* Beijing time without an offset */
	assert_string_equal(r.content, "推销贷款");
	assert_int_equal(r.content_len, strlen("推销贷款"));
	assert_false(r.invalid);

	/* the optional parts may be left out or blank */
	f = (struct report_form){.kind = "骚扰电话",
	                         .number = "95588",
	                         .reporter = "\xE3\x80\x80",
	                         .occurred_at = " ",
	                         .content = ""};
	r = accepted(&f);
	assert_int_equal(r.target_kind, NUMBER_SERVICE);
	assert_string_equal(r.reporter, "");
	assert_true(r.occurred_at == NO_INSTANT);
	assert_null(r.content);
	f.kind = "spam_sms";
	f.number = "106 5502 0100 86";
	assert_int_equal(accepted(&f).target_kind, NUMBER_SMS_PORT);
	f.number = "(0755)1234-5678";
	assert_int_equal(accepted(&f).target_kind, NUMBER_FIXED);

	/* the number asked for names what is asked */
	f = (struct report_form){.kind = "spam_sms"};
	refused_for(&f, "number", "发送短信");
	f.kind = "fraud_sms";
	refused_for(&f, "number", "发送短信");
	f.kind = "fraud_call";
	refused_for(&f, "number", "被举报的号码");
	f.number = "\xE3\x80\x80";
	refused_for(&f, "number", "被举报的号码");
	f.number = "12";
	char why[160] = "", digits[NUMBER_MAX];
	assert_int_equal(number_normalize("12", 2, digits, why, sizeof why), NUMBER_INVALID);
	refused_for(&f, "number", why);

	/* the reporter's own number: one a person answers on */
	f = (struct report_form){.kind = "harassment_call", .number = "13800138000"};
	f.reporter = "10086";
	refused_for(&f, "reporter", "应为手机或固定电话号码");
	f.reporter = "abc";
	refused_for(&f, "reporter", NULL);

	/* when it happened: not later than now, with five minutes for clocks */
	f.reporter = NULL;
	f.occurred_at = "2024-06-01 10:05";
	assert_int_equal(accepted(&f).occurred_at, NOW + 300);
	f.occurred_at = "2024-06-01 10:05:01";
	refused_for(&f, "occurred_at", "不能晚于现在");
	f.occurred_at = "2024-06-01T02:00:00Z"; /* an offset is honoured: 10:00 in Beijing */
	assert_int_equal(accepted(&f).occurred_at, NOW);
	f.occurred_at = "昨天下午";
	refused_for(&f, "occurred_at", "格式不正确");
	f.occurred_at = "2024-02-30 10:00";
	refused_for(&f, "occurred_at", NULL);
}

static void test_content(void **state)
{
	(void)state;
	struct report_form f = {.kind = "spam_sms", .number = "1065502010086"};
	char *at = fixture_repeat("", "申", REPORT_TEXT_MAX),
	     *over = fixture_repeat("", "申", REPORT_TEXT_MAX + 1);
	f.content = at;
	assert_int_equal(accepted(&f).content_len, 3 * REPORT_TEXT_MAX);
	f.content = over;
	refused_for(&f, "content", "过长");
	f.content = "\xff\xfe";
	refused_for(&f, "content", "无效字符");
	free(at);
	free(over);
}

static void test_app_reports(void **state)
{
	(void)state;
	struct report_form f = {.kind = "bad_app",
	                        .app_name = "某某清理大师",
	                        .app_package = "com.example.cleaner",
	                        .app_store = "某应用市场"};
	struct report r = accepted(&f);
	assert_int_equal(r.kind, REPORT_BAD_APP);
	assert_int_equal(r.target_kind, NUMBER_INVALID);
	assert_string_equal(r.target, "");
	assert_string_equal(r.app_package, "com.example.cleaner");
	assert_string_equal(r.app_store, "某应用市场");
	f.app_store = "　";
	assert_null(accepted(&f).app_store);
	/* an app report needs no number, and one given is not read */
	f.number = "not a number";
	accepted(&f);

	f = (struct report_form){.kind = "bad_app", .app_package = "com.example.cleaner"};
	refused_for(&f, "app_name", "应用名称");
	f.app_name = "x";
	f.app_package = NULL;
	refused_for(&f, "app_package", "com.example.app");
	f.app_package = "cleaner";
	refused_for(&f, "app_package", "cleaner");
	f.app_package = "com.example.cleaner";
	char *long_name = fixture_repeat("", "名", REPORT_APP_FIELD_MAX + 1);
	f.app_name = long_name;
	refused_for(&f, "app_name", "过长");
	f.app_name = "x";
	f.app_store = long_name;
	refused_for(&f, "app_store", "过长");
	free(long_name);
}

/* Everything wrong is reported in one answer; a missing or unknown kind stops
 * there (what else is required depends on it). */
static void test_all_at_once(void **state)
{
	(void)state;
	char *long_text = fixture_repeat("", "字", REPORT_TEXT_MAX + 1);
	struct report_form f = {.kind = "bad_app",
	                        .app_package = "bad",
	                        .reporter = "10086",
	                        .occurred_at = "2030-01-01 00:00",
	                        .content = long_text};
	const struct checked *c = validate(&f);
	const char *const fields[] = {"app_name", "app_package", "reporter", "occurred_at",
	                              "content"};
	assert_int_equal(c->n, 5);
	for (size_t i = 0; i < 5; i++)
		if (!error_on(c, fields[i]))
			fail_msg("no error on %s", fields[i]);

	/* at most max written, and the count says so */
	struct field_error errs[3];
	memset(errs, 0x5a, sizeof errs);
	struct report r;
	assert_int_equal(report_validate(&f, NOW, &r, errs, 2), 2);
	unsigned char *tail = (unsigned char *)&errs[2];
	for (size_t i = 0; i < sizeof errs[2]; i++)
		assert_int_equal(tail[i], 0x5a);
	free(long_text);

	f = (struct report_form){.number = "bad", .content = "\xff"};
	refused_for(&f, "kind", "请选择");
	f.kind = "\xE3\x80\x80";
	refused_for(&f, "kind", "请选择");
	/* an unknown kind is quoted, cut to fit and never inside a character */
	char *odd = fixture_repeat("x", "类", 100);
	f.kind = odd;
	refused_for(&f, "kind", "x类");
	free(odd);
}

/* ---- the history CSV ------------------------------------------------------------ */

static struct csv_field field(const char *s)
{
	return (struct csv_field){s, strlen(s)};
}

static void test_csv_header(void **state)
{
	(void)state;
	struct report_header h;
	char msg[160];
	struct csv_field f[5] = {field("kind"), field("Description"), field("TARGET"),
	                         field("unrelated"), field("reported_at")};
	assert_int_equal(report_header_parse(&h, f, 5, msg, sizeof msg), 0);
	assert_int_equal(h.index[RCOL_KIND], 0);
	assert_int_equal(h.index[RCOL_DESCRIPTION], 1);
	assert_int_equal(h.index[RCOL_TARGET], 2);
	assert_int_equal(h.index[RCOL_REPORTED_AT], 4);

	/* a byte-order mark before the first name */
	struct csv_field bom[3] = {field("\xEF\xBB\xBFreported_at"), field("kind"),
	                           field("target")};
	assert_int_equal(report_header_parse(&h, bom, 3, msg, sizeof msg), 0);
	assert_int_equal(h.index[RCOL_REPORTED_AT], 0);
	assert_int_equal(h.index[RCOL_DESCRIPTION], -1); /* optional */

	/* each required column missing, by name */
	for (int missing = 0; missing < RCOL_DESCRIPTION; missing++) {
		struct csv_field g[3];
		size_t n = 0;
		for (int c = 0; c < RCOL_DESCRIPTION; c++)
			if (c != missing)
				g[n++] = field(report_column_name((enum report_column)c));
		assert_int_equal(report_header_parse(&h, g, n, msg, sizeof msg), SH_EINVAL);
		char named[64];
		snprintf(named, sizeof named, "列“%s”",
		         report_column_name((enum report_column)missing));
		assert_non_null(strstr(msg, named));
	}
	struct csv_field dup[4] = {field("kind"), field("target"), field("reported_at"),
	                           field("Kind")};
	assert_int_equal(report_header_parse(&h, dup, 4, msg, sizeof msg), SH_EINVAL);
	assert_non_null(strstr(msg, "重复"));
}

static void test_csv_rows(void **state)
{
	(void)state;
	struct report_header h;
	char msg[200];
	struct csv_field head[4] = {field("target"), field("kind"), field("reported_at"),
	                            field("description")};
	assert_int_equal(report_header_parse(&h, head, 4, msg, sizeof msg), 0);

	struct report r;
	size_t column = 0;
	struct csv_field row[4] = {field("0755-12345678"), field("骚扰电话"),
	                           field("2024-06-01 09:00"), field("半夜来电")};
	assert_int_equal(report_row_parse(&h, NOW, row, 4, &r, &column, msg, sizeof msg), 0);
	assert_string_equal(r.target, "075512345678");
	assert_int_equal(r.target_kind, NUMBER_FIXED);
	assert_int_equal(r.kind, REPORT_HARASSMENT_CALL);
	assert_int_equal(r.reported_at, NOW - 3600);
	assert_true(r.occurred_at == NO_INSTANT);
	assert_string_equal(r.content, "半夜来电");

	struct csv_field app[4] = {field("com.example.app"), field("bad_app"), field("2024-05-01"),
	                           field("")};
	assert_int_equal(report_row_parse(&h, NOW, app, 4, &r, &column, msg, sizeof msg), 0);
	assert_string_equal(r.app_package, "com.example.app");
	assert_null(r.content); /* an empty description is none */

	/* each error names its column (1-based) */
	static const struct {
		const char *target, *kind, *at, *description;
		size_t column;
		const char *says;
	} bad[] = {
	    {"13800138000", "spam_sms", "2024-06-01 10:00:01", "", 3, "晚于现在"},
	    {"13800138000", "spam_sms", "yesterday", "", 3, "yesterday"},
	    {"13800138000", "spam", "2024-06-01", "", 2, "spam"},
	    {"12", "spam_sms", "2024-06-01", "", 1, "12"},
	    {"not-a-package", "bad_app", "2024-06-01", "", 1, "not-a-package"},
	    {"13800138000", "spam_sms", "2024-06-01", "\xff", 4, "UTF-8"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct csv_field f[4] = {field(bad[i].target), field(bad[i].kind), field(bad[i].at),
		                         field(bad[i].description)};
		column = 0;
		msg[0] = '\0';
		assert_int_equal(report_row_parse(&h, NOW, f, 4, &r, &column, msg, sizeof msg),
		                 SH_EINVAL);
		if (column != bad[i].column || !strstr(msg, bad[i].says))
			fail_msg("row %zu: column %zu \"%s\"", i, column, msg);
		assert_true(utf8_valid(msg, strlen(msg)));
	}
	char *long_text = fixture_repeat("", "字", REPORT_TEXT_MAX + 1);
	struct csv_field f[4] = {field("13800138000"), field("spam_sms"), field("2024-06-01"),
	                         field(long_text)};
	assert_int_equal(report_row_parse(&h, NOW, f, 4, &r, &column, msg, sizeof msg), SH_EINVAL);
	assert_int_equal(column, 4);
	free(long_text);

	/* a row shorter than the header: the first column it lacks */
	assert_int_equal(report_row_parse(&h, NOW, row, 2, &r, &column, msg, sizeof msg),
	                 SH_EINVAL);
	assert_int_equal(column, 3);
	assert_non_null(strstr(msg, "reported_at"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kind_names),     cmocka_unit_test(test_disposal_names),
	    cmocka_unit_test(test_app_pipeline),   cmocka_unit_test(test_package_ids),
	    cmocka_unit_test(test_number_reports), cmocka_unit_test(test_content),
	    cmocka_unit_test(test_app_reports),    cmocka_unit_test(test_all_at_once),
	    cmocka_unit_test(test_csv_header),     cmocka_unit_test(test_csv_rows),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
