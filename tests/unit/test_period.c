/* Tests for domain/period.c: what a period text may be, the days each period
 * covers (leap years, month lengths, year ends), the canonical spelling,
 * shifting (consecutive periods tile the calendar without gaps or overlaps,
 * and shifting back undoes it), and the quarter of any day. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "fixtures.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/period.h"

static struct period parsed(const char *s)
{
	struct period p;
	if (period_parse(s, strlen(s), &p) != 0)
		fail_msg("%s refused", s);
	return p;
}

static void covers(const char *s, const char *first, const char *last)
{
	struct period p = parsed(s);
	if (p.first != fixture_day(first) || p.last != fixture_day(last))
		fail_msg("%s covers %s..%s, want %s..%s", s, fixture_fmt(p.first),
		         fixture_fmt(p.last), first, last);
}

static void test_days_covered(void **state)
{
	(void)state;
	covers("2020Q1", "2020-01-01", "2020-03-31");
	covers("2020Q2", "2020-04-01", "2020-06-30");
	covers("2020Q3", "2020-07-01", "2020-09-30");
	covers("2020Q4", "2020-10-01", "2020-12-31");
	covers("2020q4", "2020-10-01", "2020-12-31");
	covers("2020-02", "2020-02-01", "2020-02-29"); /* leap year */
	covers("2021-02", "2021-02-01", "2021-02-28");
	covers("2000-02", "2000-02-01", "2000-02-29"); /* divisible by 400 */
	covers("2100-02", "2100-02-01", "2100-02-28"); /* by 100 only */
	covers("2020-04", "2020-04-01", "2020-04-30");
	covers("2020-12", "2020-12-01", "2020-12-31");
	covers("2020", "2020-01-01", "2020-12-31");
	covers("1900", "1900-01-01", "1900-12-31");
	covers("2200", "2200-01-01", "2200-12-31");
	assert_int_equal(parsed("2020").last - parsed("2020").first + 1, 366);
	assert_int_equal(parsed("2021").last - parsed("2021").first + 1, 365);
	assert_int_equal(parsed("2020Q1").last - parsed("2020Q1").first + 1, 91);
	assert_int_equal(parsed("2021Q1").last - parsed("2021Q1").first + 1, 90);

	struct period p = parsed("2020Q3");
	assert_int_equal(p.kind, PERIOD_QUARTER);
	assert_int_equal(p.year, 2020);
	assert_int_equal(p.index, 3);
	p = parsed("2020-11");
	assert_int_equal(p.kind, PERIOD_MONTH);
	assert_int_equal(p.index, 11);
	p = parsed("2020");
	assert_int_equal(p.kind, PERIOD_YEAR);
	assert_int_equal(p.index, 0);
}

static void test_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",        "2",     "202",     "20x0",    "2020Q0",   "2020Q5",     "2020Q",
	    "2020Q12", "2020q", "2020-00", "2020-13", "2020-1",   "2020-001",   "2020-1a",
	    "2020-",   "20201", "202001",  "2020/01", "2020M01",  " 2020",      "2020 ",
	    "1899",    "2201",  "0000",    "-020",    "２０２０", "2020-02-01", "2020Q4Q",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct period p = {.kind = PERIOD_MONTH, .year = 42};
		if (period_parse(bad[i], strlen(bad[i]), &p) != SH_EINVAL)
			fail_msg("\"%s\" accepted", bad[i]);
		assert_int_equal(p.year, 42); /* not written */
	}
	/* only len bytes are read */
	struct period p;
	assert_int_equal(period_parse("2020Q4", 4, &p), 0);
	assert_int_equal(p.kind, PERIOD_YEAR);
	assert_int_equal(period_parse("2020-10xyz", 7, &p), 0);
	assert_int_equal(p.kind, PERIOD_MONTH);
}

static void test_format_round_trip(void **state)
{
	(void)state;
	char buf[16];
	period_format(&(struct period){.kind = PERIOD_QUARTER, .year = 2020, .index = 4}, buf,
	              sizeof buf);
	assert_string_equal(buf, "2020Q4");
	struct period p = parsed("2020q2");
	period_format(&p, buf, sizeof buf);
	assert_string_equal(buf, "2020Q2"); /* canonical: upper case */
	p = parsed("2020-03");
	period_format(&p, buf, sizeof buf);
	assert_string_equal(buf, "2020-03");
	for (int year = 1990; year <= 2030; year++)
		for (int kind = 0; kind < 3; kind++) {
			int n = kind == PERIOD_QUARTER ? 4 : kind == PERIOD_MONTH ? 12 : 1;
			for (int i = 1; i <= n; i++) {
				char text[16];
				if (kind == PERIOD_QUARTER)
					snprintf(text, sizeof text, "%dQ%d", year, i);
				else if (kind == PERIOD_MONTH)
					snprintf(text, sizeof text, "%d-%02d", year, i);
				else
					snprintf(text, sizeof text, "%d", year);
				p = parsed(text);
				period_format(&p, buf, sizeof buf);
				assert_string_equal(buf, text);
			}
		}
	/* a small buffer is cut, still terminated */
	char small[5];
	p = parsed("2020Q4");
	period_format(&p, small, sizeof small);
	assert_string_equal(small, "2020");
}

static bool same(const struct period *a, const struct period *b)
{
	return a->kind == b->kind && a->year == b->year && a->index == b->index &&
	       a->first == b->first && a->last == b->last;
}

/* from shifted by k is `to`, covering first..last. */
static void shifted(const char *from, int k, const char *to, const char *first, const char *last)
{
	struct period p = parsed(from), q = period_shift(&p, k);
	char buf[16];
	period_format(&q, buf, sizeof buf);
	assert_string_equal(buf, to);
	assert_true(same(
	    &q, &(struct period){p.kind, q.year, q.index, fixture_day(first), fixture_day(last)}));
}

/* Shifting walks consecutive periods: each starts the day after the one
 * before ends, across year ends, and shifting back returns where it began. */
static void test_shift(void **state)
{
	(void)state;
	const char *const starts[] = {"2019Q1", "2019-01", "2000"};
	for (int s = 0; s < 3; s++) {
		struct period p = parsed(starts[s]);
		for (int step = 0; step < 60; step++) {
			struct period next = period_shift(&p, 1);
			assert_int_equal(next.kind, p.kind);
			assert_int_equal(next.first, p.last + 1);
			assert_true(next.last >= next.first);
			struct period back = period_shift(&next, -1);
			assert_true(same(&back, &p));
			p = next;
		}
		/* far and back */
		struct period q = parsed(starts[s]);
		for (int k = -500; k <= 500; k += 37) {
			struct period far = period_shift(&q, k), again = period_shift(&far, -k);
			assert_true(same(&again, &q));
		}
	}
	/* the comparison periods the statistics use */
	shifted("2020Q1", -1, "2019Q4", "2019-10-01", "2019-12-31");
	shifted("2020Q1", -4, "2019Q1", "2019-01-01", "2019-03-31");
	shifted("2020-01", -1, "2019-12", "2019-12-01", "2019-12-31");
	shifted("2020-01", -12, "2019-01", "2019-01-01", "2019-01-31");
	shifted("2020-03", -1, "2020-02", "2020-02-01", "2020-02-29");
	shifted("2020", -1, "2019", "2019-01-01", "2019-12-31");
	shifted("2020Q4", 1, "2021Q1", "2021-01-01", "2021-03-31");
	shifted("2020Q1", 400, "2120Q1", "2120-01-01", "2120-03-31");
}

/* Every day lies in exactly one quarter, the one period_quarter_of names. */
static void test_quarter_of(void **state)
{
	(void)state;
	int32_t from = fixture_day("2019-01-01"), to = fixture_day("2021-12-31");
	struct period q = period_quarter_of(from);
	for (int32_t d = from; d <= to; d++) {
		struct period got = period_quarter_of(d);
		assert_int_equal(got.kind, PERIOD_QUARTER);
		if (d > q.last)
			q = period_shift(&q, 1);
		assert_true(same(&got, &q));
		assert_true(got.first <= d && d <= got.last);
	}
	struct period p = period_quarter_of(fixture_day("2020-12-31"));
	char buf[16];
	period_format(&p, buf, sizeof buf);
	assert_string_equal(buf, "2020Q4");
	p = period_quarter_of(fixture_day("2021-01-01"));
	period_format(&p, buf, sizeof buf);
	assert_string_equal(buf, "2021Q1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_days_covered),      cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_format_round_trip), cmocka_unit_test(test_shift),
	    cmocka_unit_test(test_quarter_of),
	};
	return cmocka_run_group_tests_name("period", tests, NULL, NULL);
}
