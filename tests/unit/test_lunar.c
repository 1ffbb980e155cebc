/* Tests for domain/lunar.c.
 *
 * The festivals the program computes are held to the published schedules in
 * data/holidays (2007-2026, read here with jansson, not with the program's own
 * parser): each computed 春节 (初一 to 初三), 清明, 端午 and 中秋 must be a day
 * off the schedule names after that festival, and the 春节 break must not
 * begin on a weekday before the computed 除夕. When Debian's `lunar` program is installed, its
 * conversions are compared too for 1980-2049 (its range ends in 2049; before
 * 1980 its table differs from ours where ours agrees with the sky). */
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
#include <unistd.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/lunar.h"

#define FIRST_FILE_YEAR 2007
#define LAST_FILE_YEAR 2026

/* A published schedule: the named days off, by date. */
struct published {
	size_t n;
	int32_t day[200];
	char name[200][96];
};

static void load_published(int year, struct published *p)
{
	char path[512];
	snprintf(path, sizeof path, "%s/holidays/%d.json", fixture_data_dir(), year);
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je);
	if (!root)
		fail_msg("%s: %s", path, je.text);
	json_t *days = json_object_get(root, "days");
	size_t i;
	json_t *e;
	p->n = 0;
	json_array_foreach(days, i, e)
	{
		if (!json_is_true(json_object_get(e, "isOffDay")))
			continue;
		const char *ds = json_string_value(json_object_get(e, "date"));
		const char *name = json_string_value(json_object_get(e, "name"));
		assert_non_null(ds);
		assert_non_null(name);
		assert_true(p->n < 200);
		assert_int_equal(date_parse(ds, strlen(ds), &p->day[p->n]), 0);
		snprintf(p->name[p->n], sizeof p->name[p->n], "%s", name);
		p->n++;
	}
	json_decref(root);
}

/* Whether day is off in p under a name containing `festival`. */
static bool off_as(const struct published *p, int32_t day, const char *festival)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->day[i] == day && strstr(p->name[i], festival))
			return true;
	return false;
}

/* The first day of the run of `festival` days off that contains `day`. */
static int32_t run_start(const struct published *p, int32_t day, const char *festival)
{
	while (off_as(p, day - 1, festival))
		day--;
	return day;
}

static int32_t L(int year, int month, int mday)
{
	int32_t d = 0;
	assert_int_equal(lunar_to_day(year, month, mday, false, &d), 0);
	return d;
}

static void test_festivals_match_published_schedules(void **state)
{
	(void)state;
	for (int y = FIRST_FILE_YEAR; y <= LAST_FILE_YEAR; y++) {
		struct published *p = malloc(sizeof *p);
		assert_non_null(p);
		load_published(y, p);
		int32_t chuyi = L(y, 1, 1), eve;
		assert_int_equal(lunar_new_year_eve(y - 1, &eve), 0);
		assert_int_equal(eve, chuyi - 1);
		for (int k = 0; k < 3; k++) /* 初一 to 初三: statutory since 1949 */
			if (!off_as(p, chuyi + k, "春节"))
				fail_msg("%d: 初%d %s is not a 春节 day off", y, k + 1,
				         fixture_fmt(chuyi + k));
		/* The break begins on 除夕 or 初一, or with the weekend before 除夕. */
		for (int32_t d = run_start(p, chuyi, "春节"); d < eve; d++)
			if (date_weekday(d) < 6)
				fail_msg("%d: the 春节 break includes %s, a weekday before 除夕 %s",
				         y, fixture_fmt(d), fixture_fmt(eve));
		if (y >= 2025 && !off_as(p, eve, "春节")) /* 除夕 is statutory from 2025 */
			fail_msg("%d: 除夕 %s is not a 春节 day off", y, fixture_fmt(eve));
		if (y >= 2008) { /* 清明, 端午 and 中秋 became holidays in 2008 */
			int32_t qm, dw = L(y, 5, 5), zq = L(y, 8, 15);
			assert_int_equal(lunar_qingming(y, &qm), 0);
			if (!off_as(p, qm, "清明"))
				fail_msg("%d: 清明 %s is not a 清明节 day off", y, fixture_fmt(qm));
			if (!off_as(p, dw, "端午"))
				fail_msg("%d: 端午 %s is not an 端午节 day off", y,
				         fixture_fmt(dw));
			if (!off_as(p, zq, "中秋"))
				fail_msg("%d: 中秋 %s is not a 中秋节 day off", y, fixture_fmt(zq));
		}
		free(p);
	}
}

/* Years whose 清明节 was a single day off pin the solar term exactly. */
static void test_qingming_single_days(void **state)
{
	(void)state;
	int exact = 0;
	for (int y = 2008; y <= LAST_FILE_YEAR; y++) {
		struct published *p = malloc(sizeof *p);
		assert_non_null(p);
		load_published(y, p);
		int32_t qm;
		assert_int_equal(lunar_qingming(y, &qm), 0);
		if (!off_as(p, qm - 1, "清明") && !off_as(p, qm + 1, "清明"))
			exact++;
		free(p);
	}
	assert_true(exact >= 3); /* 2016, 2019, 2023 */
}

static void test_table_shape(void **state)
{
	(void)state;
	for (int y = LUNAR_FIRST_YEAR; y <= LUNAR_LAST_YEAR; y++) {
		int leaps = 0, total = 0;
		for (int m = 1; m <= 12; m++) {
			int d = lunar_month_days(y, m, false);
			assert_true(d == 29 || d == 30);
			total += d;
			int l = lunar_month_days(y, m, true);
			assert_true(l == 0 || l == 29 || l == 30);
			leaps += l != 0;
			total += l;
		}
		assert_true(leaps <= 1);
		/* A lunar year has 353-355 days, or 383-385 with a leap month. */
		if (leaps)
			assert_in_range(total, 383, 385);
		else
			assert_in_range(total, 353, 355);
		/* 春节 falls between 21 January and 20 February. */
		if (y > LUNAR_FIRST_YEAR) {
			int32_t d = L(y, 1, 1);
			assert_in_range(d, date_from_ymd(y, 1, 21), date_from_ymd(y, 2, 20));
		}
		/* Consecutive years join without a gap. */
		if (y < LUNAR_LAST_YEAR)
			assert_int_equal(L(y, 12, lunar_month_days(y, 12, false)) +
			                     (lunar_month_days(y, 12, true)
			                          ? lunar_month_days(y, 12, true)
			                          : 0) +
			                     1,
			                 L(y + 1, 1, 1));
	}
	/* The table's start. */
	assert_int_equal(L(1900, 1, 1), date_from_ymd(1900, 1, 31));
}

static void test_leap_month(void **state)
{
	(void)state;
	/* 2023 has a leap 2nd month (闰二月), 29 days after the ordinary one. */
	int32_t leap;
	assert_int_equal(lunar_to_day(2023, 2, 1, true, &leap), 0);
	assert_int_equal(leap, L(2023, 2, 1) + lunar_month_days(2023, 2, false));
	assert_int_equal(L(2023, 3, 1), leap + lunar_month_days(2023, 2, true));
	/* 2024 has none. */
	assert_int_equal(lunar_month_days(2024, 2, true), 0);
	assert_int_equal(lunar_to_day(2024, 2, 1, true, &leap), SH_EINVAL);
}

static void test_invalid(void **state)
{
	(void)state;
	int32_t out = 12345;
	assert_int_equal(lunar_to_day(1899, 1, 1, false, &out), SH_EINVAL);
	assert_int_equal(lunar_to_day(2101, 1, 1, false, &out), SH_EINVAL);
	assert_int_equal(lunar_to_day(2020, 0, 1, false, &out), SH_EINVAL);
	assert_int_equal(lunar_to_day(2020, 13, 1, false, &out), SH_EINVAL);
	assert_int_equal(lunar_to_day(2020, 1, 0, false, &out), SH_EINVAL);
	assert_int_equal(lunar_to_day(2020, 1, 31, false, &out), SH_EINVAL);
	assert_int_equal(lunar_to_day(2020, 1, 1, false, NULL), SH_EINVAL);
	assert_int_equal(lunar_new_year_eve(2100, &out), SH_EINVAL);
	assert_int_equal(lunar_qingming(2000, &out), SH_EINVAL);
	assert_int_equal(lunar_qingming(2100, &out), SH_EINVAL);
	assert_int_equal(out, 12345);
	/* A 29-day month has no 30th. */
	for (int m = 1; m <= 12; m++)
		if (lunar_month_days(2025, m, false) == 29)
			assert_int_equal(lunar_to_day(2025, m, 30, false, &out), SH_EINVAL);
	assert_int_equal(out, 12345);
}

/* 清明 is 4 or 5 April in this century (6 April last happened in 1943). */
static void test_qingming_range(void **state)
{
	(void)state;
	for (int y = LUNAR_QINGMING_FIRST; y <= LUNAR_QINGMING_LAST; y++) {
		int32_t d;
		assert_int_equal(lunar_qingming(y, &d), 0);
		assert_in_range(d, date_from_ymd(y, 4, 4), date_from_ymd(y, 4, 5));
	}
}

/* ---- Debian's `lunar`, when installed ---- */

#define LUNAR_BIN "/usr/bin/lunar"

/* `lunar -i Y M D`: the Gregorian date of a lunar date, or 0. */
static int32_t debian_lunar(int y, int m, int d)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, LUNAR_BIN " -i %d %d %d 2>/dev/null", y, m, d);
	FILE *f = popen(cmd, "r");
	if (!f)
		return 0;
	char line[256];
	int32_t out = 0;
	while (fgets(line, sizeof line, f)) {
		int yy, mm, dd;
		if (sscanf(line, "Solar : %d.%d.%d", &yy, &mm, &dd) == 3 &&
		    date_valid_ymd(yy, mm, dd))
			out = date_from_ymd(yy, mm, dd);
	}
	pclose(f);
	return out;
}

static void test_against_debian_lunar(void **state)
{
	(void)state;
	if (access(LUNAR_BIN, X_OK) != 0) {
		skip();
		return;
	}
	for (int y = 1980; y <= 2049; y++) {
		const int md[][2] = {{1, 1}, {5, 5}, {8, 15}};
		for (size_t i = 0; i < 3; i++) {
			int32_t theirs = debian_lunar(y, md[i][0], md[i][1]);
			if (theirs != L(y, md[i][0], md[i][1]))
				fail_msg("lunar %d-%d-%d: ours %s, Debian's lunar %s", y, md[i][0],
				         md[i][1], fixture_fmt(L(y, md[i][0], md[i][1])),
				         fixture_fmt(theirs));
		}
		int32_t eve; /* in January or February of y + 1, inside lunar's range until 2048 */
		assert_int_equal(lunar_new_year_eve(y, &eve), 0);
		if (y < 2049 && debian_lunar(y, 12, lunar_month_days(y, 12, false)) != eve)
			fail_msg("除夕 of lunar %d: ours %s, Debian's lunar differs", y,
			         fixture_fmt(eve));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_festivals_match_published_schedules),
	    cmocka_unit_test(test_qingming_single_days),
	    cmocka_unit_test(test_table_shape),
	    cmocka_unit_test(test_leap_month),
	    cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_qingming_range),
	    cmocka_unit_test(test_against_debian_lunar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
