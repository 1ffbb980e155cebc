/* Tests for domain/holiday_rules.c: the statutory days off.
 *
 * For 2025 and 2026, under the rules as revised from 2025, the days the
 * program derives must all be days off in the State Council's published
 * schedules (data/holidays, read with jansson), each festival under its own
 * name. The make-up rule is checked on examples worked out by hand and, for
 * every year of the range, as properties. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "fixtures.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/holiday_rules.h"
#include "domain/lunar.h"

/* The name the published schedule gives `day` when it is a day off, or
 * NULL. */
static const char *published_off(json_t *root, int32_t day)
{
	json_t *days = json_object_get(root, "days");
	size_t i;
	json_t *e;
	char want[SH_DATE_LEN + 1];
	date_format(day, want);
	json_array_foreach(days, i, e)
	{
		const char *ds = json_string_value(json_object_get(e, "date"));
		if (ds && strcmp(ds, want) == 0)
			return json_is_true(json_object_get(e, "isOffDay"))
			           ? json_string_value(json_object_get(e, "name"))
			           : NULL;
	}
	return NULL;
}

/* How the published schedules name each festival (2025: "国庆节、中秋节"). */
static const char *const short_names[FESTIVAL_COUNT] = {
    [FESTIVAL_NEW_YEAR] = "元旦", [FESTIVAL_SPRING] = "春节",      [FESTIVAL_QINGMING] = "清明",
    [FESTIVAL_LABOUR] = "劳动节", [FESTIVAL_DRAGON_BOAT] = "端午", [FESTIVAL_MID_AUTUMN] = "中秋",
    [FESTIVAL_NATIONAL] = "国庆",
};

static void days_of(int year, struct statutory_day *out, size_t *n)
{
	assert_int_equal(holiday_rules_days(year, out, HOLIDAY_RULES_MAX_DAYS, n), 0);
}

static void test_subset_of_published(void **state)
{
	(void)state;
	for (int y = 2025; y <= 2026; y++) {
		char path[512];
		snprintf(path, sizeof path, "%s/holidays/%d.json", fixture_data_dir(), y);
		json_error_t je;
		json_t *root = json_load_file(path, 0, &je);
		if (!root)
			fail_msg("%s: %s", path, je.text);
		struct statutory_day days[HOLIDAY_RULES_MAX_DAYS];
		size_t n;
		days_of(y, days, &n);
		int per_festival[FESTIVAL_COUNT] = {0};
		for (size_t i = 0; i < n; i++) {
			const char *name = published_off(root, days[i].day);
			if (!name)
				fail_msg("%d: %s (%s%s) is not a day off in the published schedule",
				         y, fixture_fmt(days[i].day),
				         festival_name(days[i].festival),
				         days[i].makeup ? ", make-up" : "");
			if (!strstr(name, short_names[days[i].festival]))
				fail_msg("%d: %s is %s here but %s in the published schedule", y,
				         fixture_fmt(days[i].day), festival_name(days[i].festival),
				         name);
			if (!days[i].makeup)
				per_festival[days[i].festival]++;
		}
		/* Every festival has its statutory days (2025: 中秋 on 6 October is
		 * not inside 国庆's three days, so nothing overlaps). */
		for (int f = 0; f < FESTIVAL_COUNT; f++)
			assert_int_equal(per_festival[f], festival_length((enum festival)f));
		json_decref(root);
	}
}

/* Whole years worked out by hand from a wall calendar. */
static void test_examples(void **state)
{
	(void)state;
	struct statutory_day d[HOLIDAY_RULES_MAX_DAYS];
	size_t n;
	/* 2027: 元旦 a Friday; 春节 on Saturday 6 February, so 除夕 (Friday 5) to
	 * 初三 (Monday 8), the weekend made up on 9 and 10; 清明 Monday 5 April;
	 * 1-2 May a weekend, made up on 3 and 4; 端午 9 June, 中秋 15 September;
	 * 1-3 October Friday to Sunday, made up on 4 and 5. */
	static const struct {
		const char *day;
		enum festival f;
		bool makeup;
	} want[] = {
	    {"2027-01-01", FESTIVAL_NEW_YEAR, false},    {"2027-02-05", FESTIVAL_SPRING, false},
	    {"2027-02-06", FESTIVAL_SPRING, false},      {"2027-02-07", FESTIVAL_SPRING, false},
	    {"2027-02-08", FESTIVAL_SPRING, false},      {"2027-02-09", FESTIVAL_SPRING, true},
	    {"2027-02-10", FESTIVAL_SPRING, true},       {"2027-04-05", FESTIVAL_QINGMING, false},
	    {"2027-05-01", FESTIVAL_LABOUR, false},      {"2027-05-02", FESTIVAL_LABOUR, false},
	    {"2027-05-03", FESTIVAL_LABOUR, true},       {"2027-05-04", FESTIVAL_LABOUR, true},
	    {"2027-06-09", FESTIVAL_DRAGON_BOAT, false}, {"2027-09-15", FESTIVAL_MID_AUTUMN, false},
	    {"2027-10-01", FESTIVAL_NATIONAL, false},    {"2027-10-02", FESTIVAL_NATIONAL, false},
	    {"2027-10-03", FESTIVAL_NATIONAL, false},    {"2027-10-04", FESTIVAL_NATIONAL, true},
	    {"2027-10-05", FESTIVAL_NATIONAL, true},
	};
	days_of(2027, d, &n);
	assert_int_equal(n, sizeof want / sizeof *want);
	for (size_t i = 0; i < n; i++)
		if (d[i].day != fixture_day(want[i].day) || d[i].festival != want[i].f ||
		    d[i].makeup != want[i].makeup)
			fail_msg("2027 day %zu: %s %s%s, expected %s %s%s", i,
			         fixture_fmt(d[i].day), festival_name(d[i].festival),
			         d[i].makeup ? " (make-up)" : "", want[i].day,
			         festival_name(want[i].f), want[i].makeup ? " (make-up)" : "");

	/* 2028: 元旦 is a Saturday, made up on Monday 3 January. */
	days_of(2028, d, &n);
	assert_int_equal(d[0].day, fixture_day("2028-01-01"));
	assert_false(d[0].makeup);
	assert_int_equal(d[1].day, fixture_day("2028-01-03"));
	assert_true(d[1].makeup);
	assert_int_equal(d[1].festival, FESTIVAL_NEW_YEAR);
}

/* A festival date that is also another festival's counts once, and its
 * weekend make-up comes after the later festival. */
static void test_overlap(void **state)
{
	(void)state;
	int found = 0;
	for (int y = HOLIDAY_RULES_FIRST_YEAR; y <= HOLIDAY_RULES_LAST_YEAR; y++) {
		int32_t zq;
		assert_int_equal(lunar_to_day(y, 8, 15, false, &zq), 0);
		if (zq < date_from_ymd(y, 10, 1) || zq > date_from_ymd(y, 10, 3))
			continue;
		found++;
		struct statutory_day d[HOLIDAY_RULES_MAX_DAYS];
		size_t n;
		days_of(y, d, &n);
		for (size_t i = 0; i < n; i++)
			if (d[i].day == zq)
				assert_int_equal(d[i].festival, FESTIVAL_MID_AUTUMN);
		/* 国庆's three days and make-ups end the October break: no day
		 * off in it beyond 3 October but make-ups. */
		for (size_t i = 0; i < n; i++)
			if (d[i].day > date_from_ymd(y, 10, 3) &&
			    d[i].day < date_from_ymd(y, 11, 1))
				assert_true(d[i].makeup);
	}
	assert_true(found > 0); /* e.g. 2028 and 2031 */
}

/* The rules, as properties of every year they are applied to. */
static void test_properties_every_year(void **state)
{
	(void)state;
	for (int y = HOLIDAY_RULES_FIRST_YEAR; y <= HOLIDAY_RULES_LAST_YEAR; y++) {
		struct statutory_day d[HOLIDAY_RULES_MAX_DAYS];
		size_t n;
		days_of(y, d, &n);
		int32_t jan1 = date_from_ymd(y, 1, 1), next = date_from_ymd(y + 1, 1, 1);
		bool off[366] = {false}, festival_day[366] = {false};
		int weekend_festival = 0, makeups = 0;
		for (size_t i = 0; i < n; i++) {
			assert_true(d[i].day >= jan1 && d[i].day < next);
			if (i)
				assert_true(d[i].day > d[i - 1].day); /* sorted, no date twice */
			off[d[i].day - jan1] = true;
			if (d[i].makeup) {
				makeups++;
				assert_true(date_weekday(d[i].day) <= 5);
			} else {
				festival_day[d[i].day - jan1] = true;
				weekend_festival += date_weekday(d[i].day) >= 6;
			}
		}
		/* One make-up day for each festival date on a weekend. */
		assert_int_equal(makeups, weekend_festival);
		/* 13 festival days, fewer only where two festivals share a date. */
		assert_in_range(n - (size_t)makeups, 12, 13);
		/* Each make-up day is the first weekday after its festival not yet off. */
		for (size_t i = 0; i < n; i++) {
			if (!d[i].makeup)
				continue;
			int32_t last = 0;
			for (size_t j = 0; j < n; j++)
				if (!d[j].makeup && d[j].festival == d[i].festival)
					last = d[j].day;
			assert_true(last && d[i].day > last);
			for (int32_t x = last + 1; x < d[i].day; x++)
				if (date_weekday(x) <= 5 && !off[x - jan1])
					fail_msg(
					    "%d: %s is made up on %s, but %s was a free weekday", y,
					    festival_name(d[i].festival), fixture_fmt(d[i].day),
					    fixture_fmt(x));
		}
		/* The fixed festivals. */
		assert_true(festival_day[0]);
		assert_true(festival_day[date_from_ymd(y, 5, 1) - jan1]);
		assert_true(festival_day[date_from_ymd(y, 10, 1) - jan1]);
		assert_true(festival_day[date_from_ymd(y, 10, 3) - jan1]);
	}
}

static void test_invalid(void **state)
{
	(void)state;
	struct statutory_day d[HOLIDAY_RULES_MAX_DAYS];
	size_t n = 99;
	assert_int_equal(holiday_rules_days(2024, d, HOLIDAY_RULES_MAX_DAYS, &n), SH_EINVAL);
	assert_int_equal(holiday_rules_days(2100, d, HOLIDAY_RULES_MAX_DAYS, &n), SH_EINVAL);
	assert_int_equal(holiday_rules_days(2027, d, HOLIDAY_RULES_MAX_DAYS - 1, &n), SH_EINVAL);
	assert_int_equal(holiday_rules_days(2027, NULL, HOLIDAY_RULES_MAX_DAYS, &n), SH_EINVAL);
	assert_int_equal(n, 99);
	assert_string_equal(festival_name(FESTIVAL_SPRING), "春节");
	assert_string_equal(festival_name(FESTIVAL_COUNT), "");
	assert_int_equal(festival_length(FESTIVAL_SPRING), 4);
	assert_int_equal(festival_length(FESTIVAL_COUNT), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_subset_of_published),
	    cmocka_unit_test(test_examples),
	    cmocka_unit_test(test_overlap),
	    cmocka_unit_test(test_properties_every_year),
	    cmocka_unit_test(test_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
