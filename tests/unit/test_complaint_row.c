#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fixtures.h"

#include "cli/cli.h"
#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"
#include "domain/complaint_row.h"
#include "domain/period.h"

static struct reference ref;
/* 2024-10-04 12:00 Beijing time (day 20000) */
static const int64_t now = 20000 * INT64_C(86400) - 8 * 3600 + 12 * 3600;

static int setup(void **state)
{
	(void)state;
	return fixture_reference(&ref);
}

static int teardown(void **state)
{
	(void)state;
	reference_free(&ref);
	return 0;
}

/* Splits "a|b|c" into fields (no escaping needed for these tests). */
static size_t split(char *s, struct csv_field *f)
{
	size_t n = 0;
	for (char *p = s;; p++) {
		char *bar = strchr(p, '|');
		f[n].ptr = p;
		f[n].len = bar ? (size_t)(bar - p) : strlen(p);
		n++;
		if (!bar)
			break;
		*bar = '\0';
		p = bar;
	}
	return n;
}

static struct complaint_header header(const char *names)
{
	char buf[256];
	struct csv_field f[16];
	strcpy(buf, names);
	size_t n = split(buf, f);
	struct complaint_header h;
	struct row_error e;
	assert_int_equal(complaint_header_parse(&h, f, n, &e), 0);
	return h;
}

static int parse(const struct complaint_header *h, const char *row, struct complaint *c,
                 struct row_error *e)
{
	static char buf[1024];
	struct csv_field f[16];
	strcpy(buf, row);
	size_t n = split(buf, f);
	return complaint_row_parse(h, &ref, now, f, n, c, e);
}

static void reference_is_complete(void **state)
{
	(void)state;
	assert_int_equal(ref.nprovinces, 32);
	const struct province *p = reference_province(&ref, "广东", 6);
	assert_non_null(p);
	assert_string_equal(p->code, "44");
	assert_ptr_equal(reference_province(&ref, "广东省", 9), p);
	assert_ptr_equal(reference_province(&ref, "44", 2), p);
	assert_null(reference_province(&ref, "广", 3));
	size_t branches = 0;
	for (size_t i = 0; i < ref.nenterprises; i++)
		branches += ref.enterprises[i].parent_id != 0;
	assert_int_equal(branches, 4 * 31);
	const struct enterprise *b = reference_enterprise(&ref, "中国移动广东分公司",
	                                                  strlen("中国移动广东分公司"));
	assert_non_null(b);
	assert_string_equal(b->province, "44");
	/* 192 belongs to 中国广电; 170x are reseller segments of their hosts */
	const struct number_segment *s = reference_segment(&ref, "19212345678");
	assert_non_null(s);
	assert_string_equal(reference_enterprise_id(&ref, s->operator_id)->name, "中国广电");
	s = reference_segment(&ref, "17001234567");
	assert_true(s->reseller);
	assert_string_equal(reference_enterprise_id(&ref, s->operator_id)->name, "中国电信");
	s = reference_segment(&ref, "15312345678"); /* 153 overrides 15 */
	assert_string_equal(reference_enterprise_id(&ref, s->operator_id)->name, "中国电信");
	assert_non_null(reference_reason(&ref, "time_barred_billing"));
}

static void good_rows(void **state)
{
	(void)state;
	struct complaint_header h =
		header("status|description|received_at|province|enterprise|category|extra");
	struct complaint c;
	struct row_error e;
	assert_int_equal(parse(&h, "已办结|用户反映,问题|2020-10-01|广东省|中国移动|用户服务|x", &c, &e), 0);
	assert_string_equal(c.province, "44");
	assert_int_equal(c.state, COMPLAINT_CLOSED);
	/* a date alone is midnight Beijing time */
	assert_int_equal(c.received_at, date_start_instant(date_from_ymd(2020, 10, 1), 480));
	assert_int_equal(c.description_len, strlen("用户反映,问题"));
	assert_int_equal(parse(&h, "closed||2020-10-01T08:30:00Z| 11 |中国电信|收费争议|", &c, &e), 0);
	assert_string_equal(c.province, "11");
	/* a branch names its group */
	assert_int_equal(parse(&h, "mediation||2020-10-01|44|中国移动广东分公司|网络质量|", &c, &e), 0);
	assert_int_equal(c.enterprise_id, reference_enterprise(&ref, "中国移动", 12)->id);
	/* the 2022 taxonomy applies from 2022 */
	assert_int_equal(parse(&h, "submitted||2023-05-01|44|中国联通|服务争议|", &c, &e), 0);
}

struct bad {
	const char *row;
	int code;
	size_t column;
	const char *says;
};

static void bad_rows_name_column_and_reason(void **state)
{
	(void)state;
	struct complaint_header h =
		header("received_at|province|enterprise|category|subtopic|status|closed_at");
	const struct bad cases[] = {
	    {"2020-02-30|44|中国移动|用户服务||closed|", SH_EINVAL, 1, "不是有效的日期"},
	    {"2020-10-01 25:00|44|中国移动|用户服务||closed|", SH_EINVAL, 1, "不是有效的日期"},
	    {"2031-01-01|44|中国移动|用户服务||closed|", SH_EINVAL, 1, "晚于现在"},
	    {"2024-10-04T12:00:01|44|中国移动|服务争议||closed|", SH_EINVAL, 1, "晚于现在"},
	    {"2020-10-01|44|中国移动|用户服务||closed|9999-12-31", SH_EINVAL, 7,
	     "办结时间“9999-12-31”晚于现在"},
	    {"2020-10-01|44|中国移动|用户服务||closed|2024-10-04T12:00:01", SH_EINVAL, 7,
	     "晚于现在"},
	    {"2020-10-01|火星|中国移动|用户服务||closed|", SH_EINVAL, 2, "未知的省份“火星”"},
	    {"2020-10-01|44|火星通信|用户服务||closed|", SH_EINVAL, 3, "未知的企业"},
	    {"2020-10-01|11|中国移动广东分公司|用户服务||closed|", SH_EINVAL, 3, "另一省份"},
	    {"2020-10-01|44|中国移动|其他||closed|", SH_EINVAL, 4, "未知的申诉类别“其他”"},
	    {"2023-10-01|44|中国移动|用户服务||closed|", SH_EINVAL, 4, "不适用于2023-10-01"},
	    {"2020-10-01|44|中国移动|网络质量|携号转网|closed|", SH_EINVAL, 5, "不属于"},
	    {"2020-10-01|44|中国移动|用户服务||finished|", SH_EINVAL, 6, "未知的状态"},
	    {"2020-10-01|44|中国移动|用户服务||mediation|2020-10-05", SH_EINVAL, 7, "尚未结束"},
	    {"2020-10-01|44|中国移动|用户服务||closed|2020-09-05", SH_EINVAL, 7, "早于接收时间"},
	    {"2020-10-01|44||用户服务||closed|", SH_EINVAL, 3, "不能为空"},
	    {"2020-10-01|44|中国移动|用户服务", SH_EINVAL, 0, "表头有7列"},
	};
	{ /* a NUL inside a field: a UTF-16 file read as UTF-8 */
		struct csv_field f[7] = {{"2020-10-01", 10}, {"4\0" "4", 3}, {"中国移动", 12},
		                         {"用户服务", 12}, {"", 0}, {"closed", 6}, {"", 0}};
		struct complaint c;
		struct row_error e;
		assert_int_equal(complaint_row_parse(&h, &ref, now, f, 7, &c, &e), SH_EENCODING);
		assert_int_equal(e.column, 2);
		assert_non_null(strstr(e.message, "UTF-16"));
	}
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct complaint c;
		struct row_error e;
		int rc = parse(&h, cases[i].row, &c, &e);
		if (rc != cases[i].code || e.column != cases[i].column ||
		    !strstr(e.message, cases[i].says))
			fail_msg("case %zu (%s): rc %d column %zu message %s", i, cases[i].row, rc,
			         e.column, e.message);
	}
}

/* Nothing from the future, to the second (now is 12:00 on the last day). */
static void now_is_the_limit(void **state)
{
	(void)state;
	struct complaint_header h =
	    header("received_at|province|enterprise|category|status|closed_at");
	struct complaint c;
	struct row_error e;
	assert_int_equal(
	    parse(&h, "2024-10-04T12:00:00|44|中国移动|服务争议|closed|2024-10-04T12:00", &c, &e),
	    0);
	assert_int_equal(c.closed_at, now);
	assert_int_equal(
	    parse(&h, "2024-10-04|44|中国移动|服务争议|closed|2024-10-04T03:59:59Z", &c, &e), 0);
	assert_int_equal(
	    parse(&h, "2024-10-04|44|中国移动|服务争议|closed|2024-10-04T04:00:01Z", &c, &e),
	    SH_EINVAL);
	assert_int_equal(e.column, 6);
}

/* A long value is quoted cut on a character boundary, so the message stays
 * UTF-8 (a message cut inside a character used to vanish from JSON). */
static void long_values_are_cut_whole(void **state)
{
	(void)state;
	struct complaint_header h = header("received_at|province|enterprise|category|status");
	struct complaint c;
	struct row_error e;
	for (int pad = 0; pad < 3; pad++) {
		char row[512] = "2020-10-01|";
		for (int i = 0; i < pad; i++)
			strcat(row, "x");
		for (int i = 0; i < 30; i++)
			strcat(row, "火星");
		strcat(row, "|中国移动|用户服务|closed");
		assert_int_equal(parse(&h, row, &c, &e), SH_EINVAL);
		assert_true(utf8_valid(e.message, strlen(e.message)));
		assert_non_null(strstr(e.message, "…”"));
	}
}

static void header_problems(void **state)
{
	(void)state;
	char buf[128];
	struct csv_field f[16];
	struct complaint_header h;
	struct row_error e;
	strcpy(buf, "received_at|province|enterprise|category");
	assert_int_equal(complaint_header_parse(&h, f, split(buf, f), &e), SH_EINVAL);
	assert_non_null(strstr(e.message, "status"));
	strcpy(buf, "received_at|province|enterprise|category|status|Province");
	assert_int_equal(complaint_header_parse(&h, f, split(buf, f), &e), SH_EINVAL);
	assert_non_null(strstr(e.message, "两次"));
}

static void periods(void **state)
{
	(void)state;
	struct period p;
	char buf[16];
	assert_int_equal(period_parse("2020Q4", 6, &p), 0);
	assert_int_equal(p.first, date_from_ymd(2020, 10, 1));
	assert_int_equal(p.last, date_from_ymd(2020, 12, 31));
	struct period prev = period_shift(&p, -1), yoy = period_shift(&p, -4);
	period_format(&prev, buf, sizeof buf);
	assert_string_equal(buf, "2020Q3");
	period_format(&yoy, buf, sizeof buf);
	assert_string_equal(buf, "2019Q4");
	struct period next = period_shift(&p, 1);
	period_format(&next, buf, sizeof buf);
	assert_string_equal(buf, "2021Q1");
	assert_int_equal(period_parse("2020-02", 7, &p), 0);
	assert_int_equal(p.last, date_from_ymd(2020, 2, 29));
	assert_int_equal(period_parse("2020Q5", 6, &p), SH_EINVAL);
	assert_int_equal(period_parse("2020-13", 7, &p), SH_EINVAL);
	assert_int_equal(period_parse("20x0", 4, &p), SH_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(reference_is_complete),
	    cmocka_unit_test(good_rows),
	    cmocka_unit_test(bad_rows_name_column_and_reason),
	    cmocka_unit_test(now_is_the_limit),
	    cmocka_unit_test(long_values_are_cut_whole),
	    cmocka_unit_test(header_problems),
	    cmocka_unit_test(periods),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
