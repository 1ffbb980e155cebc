/* Tests for core/date.c. Where possible the expectation comes from libc
 * (timegm/gmtime_r), not from the code under test. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/error.h"

#define BJ SH_BEIJING_OFFSET

static void civil(int32_t day, int *y, int *m, int *d, int *wday)
{
	time_t t = (time_t)day * 86400;
	struct tm tm;
	assert_non_null(gmtime_r(&t, &tm));
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
	*wday = tm.tm_wday; /* 0 = Sunday */
}

static int32_t P(const char *s)
{
	int32_t day = 0;
	if (date_parse(s, strlen(s), &day) != 0)
		fail_msg("date_parse(\"%s\") failed", s);
	return day;
}

static int64_t DT(const char *s, int default_offset)
{
	int64_t t = 0;
	if (datetime_parse(s, strlen(s), default_offset, &t) != 0)
		fail_msg("datetime_parse(\"%s\") failed", s);
	return t;
}

/* ---- day numbers ---- */

static void test_round_trip_1900_2200(void **state)
{
	(void)state;
	const int32_t first = date_from_ymd(1900, 1, 1), last = date_from_ymd(2200, 12, 31);
	assert_int_equal(first, -25567);
	assert_int_equal(last, 84370);
	int days = 0;
	for (int32_t day = first; day <= last; day++) {
		int y, m, d, cy, cm, cd, wd;
		date_to_ymd(day, &y, &m, &d);
		civil(day, &cy, &cm, &cd, &wd);
		if (y != cy || m != cm || d != cd)
			fail_msg("day %d: %04d-%02d-%02d, libc says %04d-%02d-%02d", (int)day, y, m,
			         d, cy, cm, cd);
		assert_true(date_valid_ymd(y, m, d));
		assert_int_equal(date_from_ymd(y, m, d), day);
		assert_int_equal(date_year(day), y);
		assert_int_equal(date_weekday(day) % 7, wd);

		char buf[SH_DATE_LEN + 1];
		date_format(day, buf);
		char want[32];
		snprintf(want, sizeof want, "%04d-%02d-%02d", cy, cm, cd);
		assert_string_equal(buf, want);
		int32_t back;
		assert_int_equal(date_parse(buf, SH_DATE_LEN, &back), 0);
		assert_int_equal(back, day);
		days++;
	}
	/* 301 years, 73 of them leap (1900, 2100 and 2200 are not). */
	assert_int_equal(days, 301 * 365 + 73);
}

static void test_round_trip_all_years(void **state)
{
	(void)state;
	/* Every day from 0001-01-01 to 9999-12-31, stepping y-m-d by hand. */
	int y = 1, m = 1, d = 1;
	int32_t day = date_from_ymd(1, 1, 1);
	assert_int_equal(day, -719162);
	assert_int_equal(date_weekday(day), 1); /* proleptic Gregorian: Monday */
	for (;;) {
		int yy, mm, dd;
		date_to_ymd(day, &yy, &mm, &dd);
		if (yy != y || mm != m || dd != d)
			fail_msg("day %d: %d-%d-%d, expected %d-%d-%d", (int)day, yy, mm, dd, y, m,
			         d);
		assert_int_equal(date_from_ymd(y, m, d), day);
		if (y == 9999 && m == 12 && d == 31)
			break;
		day++;
		if (date_valid_ymd(y, m, d + 1)) {
			d++;
		} else if (m < 12) {
			m++;
			d = 1;
		} else {
			y++;
			m = 1;
			d = 1;
		}
	}
	assert_int_equal(day, 2932896);
	assert_int_equal(date_weekday(day), 5);
	char buf[SH_DATE_LEN + 1];
	date_format(day, buf);
	assert_string_equal(buf, "9999-12-31");
	date_format(date_from_ymd(1, 1, 1), buf);
	assert_string_equal(buf, "0001-01-01");
}

static void test_known_dates(void **state)
{
	(void)state;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(1969, 12, 31), -1);
	assert_int_equal(date_from_ymd(2000, 1, 1), 10957);
	assert_int_equal(date_from_ymd(2020, 10, 1), 18536);
	assert_int_equal(date_weekday(0), 4);                          /* Thursday */
	assert_int_equal(date_weekday(-1), 3);                         /* Wednesday */
	assert_int_equal(date_weekday(date_from_ymd(1900, 1, 1)), 1);  /* Monday */
	assert_int_equal(date_weekday(date_from_ymd(2000, 1, 1)), 6);  /* Saturday */
	assert_int_equal(date_weekday(date_from_ymd(2020, 10, 1)), 4); /* Thursday */
	assert_int_equal(date_weekday(date_from_ymd(2020, 9, 27)), 7); /* Sunday */
	assert_int_equal(date_weekday(date_from_ymd(2024, 2, 4)), 7);  /* Sunday */
	assert_int_equal(date_weekday(date_from_ymd(2018, 12, 29)), 6);
	assert_int_equal(date_weekday(date_from_ymd(2200, 12, 31)), 3);
	assert_int_equal(date_year(-1), 1969);
	assert_int_equal(date_year(0), 1970);
}

static void test_leap_years(void **state)
{
	(void)state;
	assert_false(date_valid_ymd(1900, 2, 29));
	assert_true(date_valid_ymd(2000, 2, 29));
	assert_true(date_valid_ymd(2004, 2, 29));
	assert_true(date_valid_ymd(2024, 2, 29));
	assert_false(date_valid_ymd(2023, 2, 29));
	assert_false(date_valid_ymd(2100, 2, 29));
	assert_false(date_valid_ymd(2200, 2, 29));
	assert_true(date_valid_ymd(2400, 2, 29));
	assert_false(date_valid_ymd(2000, 2, 30));
	struct {
		int year, len;
	} lens[] = {{1900, 365}, {2000, 366}, {2019, 365}, {2020, 366}, {2100, 365}, {2400, 366}};
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++)
		assert_int_equal(date_from_ymd(lens[i].year + 1, 1, 1) -
		                     date_from_ymd(lens[i].year, 1, 1),
		                 lens[i].len);
	assert_int_equal(date_from_ymd(2000, 3, 1) - date_from_ymd(2000, 2, 28), 2);
	assert_int_equal(date_from_ymd(1900, 3, 1) - date_from_ymd(1900, 2, 28), 1);
}

static void test_valid_ymd_bounds(void **state)
{
	(void)state;
	assert_true(date_valid_ymd(1, 1, 1));
	assert_true(date_valid_ymd(9999, 12, 31));
	assert_false(date_valid_ymd(0, 1, 1));
	assert_false(date_valid_ymd(10000, 1, 1));
	assert_false(date_valid_ymd(-1, 1, 1));
	assert_false(date_valid_ymd(2020, 0, 1));
	assert_false(date_valid_ymd(2020, 13, 1));
	assert_false(date_valid_ymd(2020, -1, 1));
	assert_false(date_valid_ymd(2020, 1, 0));
	assert_false(date_valid_ymd(2020, 1, 32));
	assert_false(date_valid_ymd(2020, 4, 31));
	assert_false(date_valid_ymd(2020, 6, 31));
	assert_false(date_valid_ymd(2020, 9, 31));
	assert_false(date_valid_ymd(2020, 11, 31));
	assert_true(date_valid_ymd(2020, 12, 31));
}

/* ---- date_parse / date_format ---- */

static void test_date_parse_strict(void **state)
{
	(void)state;
	assert_int_equal(P("2020-10-01"), 18536);
	assert_int_equal(P("2020-02-29"), date_from_ymd(2020, 2, 29));
	assert_int_equal(P("0001-01-01"), -719162);
	/* Only len bytes are read: no NUL needed. */
	int32_t day = 0;
	assert_int_equal(date_parse("2020-10-01XYZ", 10, &day), 0);
	assert_int_equal(day, 18536);

	static const char *const bad[] = {
	    "",
	    "2020",
	    "2020-2-3",
	    "2020-02-3",
	    "2020-2-03",
	    "2020-02-30",
	    "2021-02-29",
	    "1900-02-29",
	    "2020-13-01",
	    "2020-00-10",
	    "2020-01-00",
	    "2020-01-32",
	    "2020-04-31",
	    "0000-01-01",
	    "2020-10-01x",
	    "2020-10-01 ",
	    " 2020-10-01",
	    "2020-10-0",
	    "2020/10/01",
	    "2020.10.01",
	    "20201001",
	    "+020-10-01",
	    "-020-10-01",
	    "2020-1a-01",
	    "2020-10-+1",
	    "2020-10- 1",
	    "2020- 1-01",
	    "202O-10-01",
	    "2020-10-01T00:00",
	    "２０２０-10-01",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		day = 424242;
		if (date_parse(bad[i], strlen(bad[i]), &day) != SH_EINVAL)
			fail_msg("date_parse accepted \"%s\"", bad[i]);
		assert_int_equal(day, 424242); /* untouched */
	}
	/* An embedded NUL is just a bad character. */
	assert_int_equal(date_parse("2020-10\0001", 10, &day), SH_EINVAL);
}

static void test_date_format(void **state)
{
	(void)state;
	char buf[SH_DATE_LEN + 8];
	memset(buf, '#', sizeof buf);
	date_format(18536, buf);
	assert_string_equal(buf, "2020-10-01");
	assert_int_equal(buf[SH_DATE_LEN + 1], '#'); /* writes exactly 11 bytes */
	date_format(-1, buf);
	assert_string_equal(buf, "1969-12-31");
	date_format(date_from_ymd(1900, 1, 1), buf);
	assert_string_equal(buf, "1900-01-01");
	date_format(date_from_ymd(2200, 12, 31), buf);
	assert_string_equal(buf, "2200-12-31");
}

/* ---- datetime_parse ---- */

static void test_datetime_parse_forms(void **state)
{
	(void)state;
	const int64_t midnight_utc = (int64_t)18536 * 86400; /* 2020-10-01T00:00:00Z */
	const int64_t h = 3600;
	/* A date alone: local midnight at the default offset. */
	assert_int_equal(DT("2020-10-01", BJ), midnight_utc - 8 * h);
	assert_int_equal(DT("2020-10-01", 0), midnight_utc);
	assert_int_equal(DT("2020-10-01", -300), midnight_utc + 5 * h);
	assert_int_equal(DT("2020-10-01", BJ), date_start_instant(18536, BJ));
	/* No offset: read at the default offset. */
	assert_int_equal(DT("2020-10-01T08:00:00", BJ), midnight_utc);
	assert_int_equal(DT("2020-10-01T08:00:00", 0), midnight_utc + 8 * h);
	assert_int_equal(DT("2020-10-01T08:00", BJ), midnight_utc);
	assert_int_equal(DT("2020-10-01 08:00:00", BJ), midnight_utc);
	assert_int_equal(DT("2020-10-01 08:00", BJ), midnight_utc);
	/* Explicit offsets override the default. */
	assert_int_equal(DT("2020-10-01T08:00:00Z", BJ), midnight_utc + 8 * h);
	assert_int_equal(DT("2020-10-01T08:00:00+08:00", 0), midnight_utc);
	assert_int_equal(DT("2020-10-01T08:00:00+0800", 0), midnight_utc);
	assert_int_equal(DT("2020-10-01T08:00:00+08", 0), midnight_utc);
	assert_int_equal(DT("2020-10-01T08:00+08:00", 0), midnight_utc);
	assert_int_equal(DT("2020-10-01T08:00Z", BJ), midnight_utc + 8 * h);
	assert_int_equal(DT("2020-10-01T08:00:00+00:00", BJ), midnight_utc + 8 * h);
	assert_int_equal(DT("2020-10-01T08:00:00-00:00", BJ), midnight_utc + 8 * h);
	assert_int_equal(DT("2020-10-01T02:30:00-05:30", BJ), midnight_utc + 8 * h);
	assert_int_equal(DT("2020-10-01T02:30:00-0530", BJ), midnight_utc + 8 * h);
	assert_int_equal(DT("2020-10-01T22:00:00+14:00", BJ), midnight_utc + 8 * h);
	/* Fractions are truncated. */
	assert_int_equal(DT("2020-10-01T08:00:00.999", BJ), midnight_utc);
	assert_int_equal(DT("2020-10-01T08:00:00.5Z", BJ), midnight_utc + 8 * h);
	assert_int_equal(DT("2020-10-01T08:00:00,5+08:00", 0), midnight_utc);
	assert_int_equal(DT("2020-10-01T08:00:01.123456789+08:00", 0), midnight_utc + 1);
	/* A leap second reads as the second before. */
	assert_int_equal(DT("2016-12-31T23:59:60Z", 0), DT("2016-12-31T23:59:59Z", 0));
	/* Before the epoch. */
	assert_int_equal(DT("1969-12-31T23:59:59Z", BJ), -1);
	assert_int_equal(DT("1970-01-01T08:00:00+08:00", 0), 0);
	assert_int_equal(DT("1900-01-01T00:00:00Z", 0), (int64_t)-25567 * 86400);
	/* Only len bytes are read. */
	int64_t t;
	assert_int_equal(datetime_parse("2020-10-01T08:00:00+08:00junk", 25, 0, &t), 0);
	assert_int_equal(t, midnight_utc);
	assert_int_equal(datetime_parse("2020-10-01T08:00:00", 10, 0, &t), 0);
	assert_int_equal(t, midnight_utc);
}

static void test_datetime_parse_bad(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "2020",
	    "2020-10-0",
	    "2020-10-1",
	    "2020-02-30",
	    "2020-02-30T00:00:00",
	    "2020-10-01T",
	    "2020-10-01T0",
	    "2020-10-01T08",
	    "2020-10-01T8:00",
	    "2020-10-01T08:0",
	    "2020-10-01T08-00",
	    "2020-10-01T08:00:",
	    "2020-10-01T08:00:0",
	    "2020-10-01T08:00:0Z",
	    "2020-10-01T24:00:00",
	    "2020-10-01T23:60:00",
	    "2020-10-01T23:59:61",
	    "2020-10-01T-1:00:00",
	    "2020-10-01T08:00:00.",
	    "2020-10-01T08:00:00.Z",
	    "2020-10-01T08:00:00.5.5",
	    "2020-10-01T08:00.5",
	    "2020-10-01T08:00:00+8",
	    "2020-10-01T08:00:00+8:00",
	    "2020-10-01T08:00:00+08:0",
	    "2020-10-01T08:00:00+080",
	    "2020-10-01T08:00:00+08:00:00",
	    "2020-10-01T08:00:00+08x00",
	    "2020-10-01T08:00:00+15:00",
	    "2020-10-01T08:00:00+08:60",
	    "2020-10-01T08:00:00+-8:00",
	    "2020-10-01T08:00:00 +08:00",
	    "2020-10-01T08:00:00ZZ",
	    "2020-10-01T08:00:00Z ",
	    "2020-10-01T08:00:00 ",
	    "2020-10-01T08:00:00GMT",
	    "2020-10-01T08:00:00UTC",
	    "2020-10-01x08:00",
	    "2020-10-01Z",
	    "2020-10-01+08:00",
	    "2020-10-01 ",
	    "2020-10-01TT08:00",
	    " 2020-10-01",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t t = 424242;
		if (datetime_parse(bad[i], strlen(bad[i]), BJ, &t) != SH_EINVAL)
			fail_msg("datetime_parse accepted \"%s\" as %lld", bad[i], (long long)t);
		assert_int_equal(t, 424242); /* untouched */
	}
}

/* Found by tests/fuzz/fuzz_date.c (corpus/date/beijing_after_9999): an instant
 * that is still 9999 where it was written but 10000 in Beijing time was
 * accepted and then shown as "0000-01-01T…", which does not parse back. */
static void test_datetime_parse_range_in_beijing(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int default_offset;
	} refused[] = {
		{"9999-12-31T08:56", -14 * 60},     /* the fuzzer's input */
		{"9999-12-31T23:00-05:00", BJ},
		{"9999-12-31T16:00Z", BJ},          /* Beijing midnight of year 10000 */
		{"9999-12-31T20:00", 0},
		{"0001-01-01T00:00+14:00", BJ},     /* 0000-12-31 in Beijing */
		{"0001-01-01T00:00:00+08:01", BJ},  /* a minute before Beijing's year 1 */
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		int64_t t = 424242;
		if (datetime_parse(refused[i].text, strlen(refused[i].text), refused[i].default_offset,
		                   &t) != SH_EINVAL)
			fail_msg("datetime_parse accepted \"%s\" as %lld", refused[i].text, (long long)t);
		assert_int_equal(t, 424242);
	}
	/* The last and first instants Beijing can show still parse and read back. */
	static const char *const edges[] = {"9999-12-31T23:59:59+08:00", "9999-12-31T15:59:59Z",
	                                    "0001-01-01T00:00:00+08:00", "0001-01-01", "9999-12-31"};
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		int64_t t, back;
		assert_int_equal(datetime_parse(edges[i], strlen(edges[i]), BJ, &t), 0);
		char buf[SH_DATETIME_LEN + 1];
		datetime_format(t, BJ, buf);
		assert_int_equal(datetime_parse(buf, strlen(buf), 0, &back), 0);
		assert_int_equal(back, t);
	}
}

/* ---- datetime_format, date_of_instant, date_start_instant ---- */

static void test_datetime_format(void **state)
{
	(void)state;
	char buf[SH_DATETIME_LEN + 8];
	const int64_t midnight_utc = (int64_t)18536 * 86400;
	memset(buf, '#', sizeof buf);
	datetime_format(midnight_utc, BJ, buf);
	assert_string_equal(buf, "2020-10-01T08:00:00+08:00");
	assert_int_equal(buf[SH_DATETIME_LEN + 1], '#'); /* writes exactly 26 bytes */
	datetime_format(midnight_utc, 0, buf);
	assert_string_equal(buf, "2020-10-01T00:00:00+00:00");
	datetime_format(midnight_utc - 1, BJ, buf);
	assert_string_equal(buf, "2020-10-01T07:59:59+08:00");
	datetime_format(midnight_utc - 8 * 3600 - 1, BJ, buf);
	assert_string_equal(buf, "2020-09-30T23:59:59+08:00");
	datetime_format(midnight_utc, -330, buf);
	assert_string_equal(buf, "2020-09-30T18:30:00-05:30");
	datetime_format(midnight_utc, 345, buf);
	assert_string_equal(buf, "2020-10-01T05:45:00+05:45");
	datetime_format(-1, 0, buf);
	assert_string_equal(buf, "1969-12-31T23:59:59+00:00");
	datetime_format(-1, BJ, buf);
	assert_string_equal(buf, "1970-01-01T07:59:59+08:00");
	datetime_format(0, -60, buf);
	assert_string_equal(buf, "1969-12-31T23:00:00-01:00");

	/* Round trip through datetime_parse at several offsets. */
	static const int offsets[] = {-720, -330, -60, 0, 60, 345, BJ, 840};
	int64_t t = (int64_t)-25567 * 86400 + 12345;
	for (int i = 0; i < 20000; i++) {
		int off = offsets[i % 8];
		datetime_format(t, off, buf);
		assert_int_equal(strlen(buf), SH_DATETIME_LEN);
		int64_t back = 0;
		assert_int_equal(datetime_parse(buf, strlen(buf), 0, &back), 0);
		if (back != t)
			fail_msg("%s parsed back as %lld, not %lld", buf, (long long)back,
			         (long long)t);
		/* Date part is the local date. */
		int32_t day;
		assert_int_equal(date_parse(buf, SH_DATE_LEN, &day), 0);
		assert_int_equal(day, date_of_instant(t, off));
		t += 475649; /* about 5.5 days, odd seconds */
	}
}

static void test_date_of_instant(void **state)
{
	(void)state;
	const int32_t oct1 = 18536;
	const int64_t bj_midnight = (int64_t)oct1 * 86400 - 8 * 3600; /* 2020-09-30T16:00:00Z */
	assert_int_equal(date_of_instant(bj_midnight, BJ), oct1);
	assert_int_equal(date_of_instant(bj_midnight - 1, BJ), oct1 - 1);
	assert_int_equal(date_of_instant(bj_midnight + 86399, BJ), oct1);
	assert_int_equal(date_of_instant(bj_midnight + 86400, BJ), oct1 + 1);
	/* The same instants in UTC are still 30 September until 00:00Z. */
	assert_int_equal(date_of_instant(bj_midnight, 0), oct1 - 1);
	assert_int_equal(date_of_instant((int64_t)oct1 * 86400, 0), oct1);
	/* Around the epoch (negative instants round down). */
	assert_int_equal(date_of_instant(0, 0), 0);
	assert_int_equal(date_of_instant(-1, 0), -1);
	assert_int_equal(date_of_instant(-86400, 0), -1);
	assert_int_equal(date_of_instant(-86401, 0), -2);
	assert_int_equal(date_of_instant(-8 * 3600, BJ), 0);
	assert_int_equal(date_of_instant(-8 * 3600 - 1, BJ), -1);
	assert_int_equal(date_of_instant(16 * 3600 - 1, BJ), 0);
	assert_int_equal(date_of_instant(16 * 3600, BJ), 1);
	/* date_start_instant is the first instant of the local date. */
	static const int offsets[] = {-720, -330, 0, BJ, 840};
	for (int32_t d = -30000; d <= 90000; d += 7) {
		for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
			int64_t s = date_start_instant(d, offsets[k]);
			assert_int_equal(date_of_instant(s, offsets[k]), d);
			assert_int_equal(date_of_instant(s - 1, offsets[k]), d - 1);
		}
	}
	assert_int_equal(date_start_instant(oct1, BJ), bj_midnight);
}

static void test_date_today(void **state)
{
	(void)state;
	assert_int_equal(setenv("SHENSU_TODAY", "2020-10-01", 1), 0);
	assert_int_equal(date_today(), 18536);
	/* A bad pin is ignored: the real Beijing date. */
	assert_int_equal(setenv("SHENSU_TODAY", "2020-10-1", 1), 0);
	int32_t before = date_of_instant((int64_t)time(NULL), BJ);
	int32_t today = date_today();
	int32_t after = date_of_instant((int64_t)time(NULL), BJ);
	assert_true(today >= before && today <= after);
	assert_int_equal(unsetenv("SHENSU_TODAY"), 0);
	before = date_of_instant((int64_t)time(NULL), BJ);
	today = date_today();
	after = date_of_instant((int64_t)time(NULL), BJ);
	assert_true(today >= before && today <= after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip_1900_2200),
	    cmocka_unit_test(test_round_trip_all_years),
	    cmocka_unit_test(test_known_dates),
	    cmocka_unit_test(test_leap_years),
	    cmocka_unit_test(test_valid_ymd_bounds),
	    cmocka_unit_test(test_date_parse_strict),
	    cmocka_unit_test(test_date_format),
	    cmocka_unit_test(test_datetime_parse_forms),
	    cmocka_unit_test(test_datetime_parse_bad),
	    cmocka_unit_test(test_datetime_parse_range_in_beijing),
	    cmocka_unit_test(test_datetime_format),
	    cmocka_unit_test(test_date_of_instant),
	    cmocka_unit_test(test_date_today),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
