/* Tests for domain/calendar.c and cli/holiday_json.c.
 *
 * The central check loads every data/holidays/YYYY.json through
 * holiday_json_parse + holiday_schedule_apply and compares the calendar with an
 * expectation computed independently here: the files are read with jansson
 * directly, dates are converted with timegm/gmtime (not core/date.c), and a
 * date not listed follows the weekday rule. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <dirent.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/holiday_json.h"
#include "core/date.h"
#include "core/embedded.h"
#include "core/error.h"
#include "core/utf8.h"
#include "domain/calendar.h"
#include "domain/holiday_rules.h"

/* ---- independent date arithmetic (libc, not core/date.c) ---- */

static int32_t civil_day(int y, int m, int d)
{
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	time_t t = timegm(&tm);
	return (int32_t)(t / 86400);
}

/* 0 = Sunday ... 6 = Saturday */
static int civil_wday(int32_t day)
{
	time_t t = (time_t)day * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	return tm.tm_wday;
}

static int civil_year(int32_t day)
{
	time_t t = (time_t)day * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

/* Day number of a "YYYY-MM-DD" literal, via core/date.c (checked against
 * civil_day in test_date_helpers_agree). */
static int32_t D(const char *s)
{
	int32_t day = 0;
	assert_int_equal(date_parse(s, strlen(s), &day), 0);
	return day;
}

static const char *fmt(int32_t day)
{
	static char buf[4][SH_DATE_LEN + 1];
	static int k;
	k = (k + 1) % 4;
	date_format(day, buf[k]);
	return buf[k];
}

/* ---- the data directory ---- */

#define FIRST_FILE_YEAR 2007
#define LAST_FILE_YEAR 2026
#define NFILES (LAST_FILE_YEAR - FIRST_FILE_YEAR + 1)

static const char *data_dir(void)
{
	const char *d = getenv("SHENSU_DATA_DIR");
	return d && *d ? d : "data";
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = (cap + 4096) * 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		size_t got = fread(buf + n, 1, 4096, f);
		n += got;
		if (got < 4096)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

struct file_text {
	char path[1024];
	char *text;
	size_t len;
};

/* Every .json file in data/holidays, whatever its name. */
static struct file_text *list_files(size_t *count)
{
	char dir[400];
	snprintf(dir, sizeof dir, "%s/holidays", data_dir());
	DIR *dp = opendir(dir);
	if (!dp)
		fail_msg("cannot open directory %s", dir);
	struct file_text *files = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(dp))) {
		size_t l = strlen(de->d_name);
		if (l < 6 || strcmp(de->d_name + l - 5, ".json") != 0)
			continue;
		files = realloc(files, (n + 1) * sizeof *files);
		assert_non_null(files);
		snprintf(files[n].path, sizeof files[n].path, "%s/%s", dir, de->d_name);
		files[n].text = slurp(files[n].path, &files[n].len);
		n++;
	}
	closedir(dp);
	*count = n;
	return files;
}

static void free_files(struct file_text *files, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(files[i].text);
	free(files);
}

/* ---- shared fixture: every file loaded ---- */

/* Expectation: status of each listed date from 2006-01-01 on. */
#define EXP_BASE_YEAR 2006
#define EXP_DAYS (366 * 22)
enum { UNLISTED = 0, LISTED_OFF = 1, LISTED_WORK = 2 };

static calendar *all;
static unsigned char expect[EXP_DAYS];
static int32_t exp_base;
static bool file_year[3000];

static void expect_from_jansson(const struct file_text *f)
{
	json_error_t je;
	json_t *root = json_loadb(f->text, f->len, 0, &je);
	if (!root)
		fail_msg("%s: %s", f->path, je.text);
	json_t *year = json_object_get(root, "year");
	assert_true(json_is_integer(year));
	int y = (int)json_integer_value(year);
	assert_true(y >= FIRST_FILE_YEAR && y <= LAST_FILE_YEAR);
	file_year[y] = true;
	json_t *days = json_object_get(root, "days");
	assert_true(json_is_array(days));
	size_t i;
	json_t *e;
	json_array_foreach(days, i, e)
	{
		const char *ds = json_string_value(json_object_get(e, "date"));
		json_t *off = json_object_get(e, "isOffDay");
		assert_non_null(ds);
		assert_true(json_is_boolean(off));
		int yy, mm, dd;
		assert_int_equal(sscanf(ds, "%4d-%2d-%2d", &yy, &mm, &dd), 3);
		int32_t day = civil_day(yy, mm, dd);
		assert_true(day >= exp_base && day - exp_base < EXP_DAYS);
		unsigned char v = json_is_true(off) ? LISTED_OFF : LISTED_WORK;
		/* No two files may disagree about a date. */
		if (expect[day - exp_base] && expect[day - exp_base] != v)
			fail_msg("%s: %s conflicts with another file", f->path, ds);
		expect[day - exp_base] = v;
	}
	json_decref(root);
}

static int setup_all(void **state)
{
	(void)state;
	all = calendar_new();
	exp_base = civil_day(EXP_BASE_YEAR, 1, 1);
	size_t n;
	struct file_text *files = list_files(&n);
	if (n != NFILES) {
		fprintf(stderr, "expected %d holiday files, found %zu\n", NFILES, n);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		struct holiday_schedule s;
		char err[256];
		int rc = holiday_json_parse(files[i].text, files[i].len, &s, err, sizeof err);
		if (rc) {
			fprintf(stderr, "%s: %s\n", files[i].path, err);
			return -1;
		}
		if (holiday_schedule_apply(&s, all) != 0)
			return -1;
		holiday_schedule_free(&s);
		expect_from_jansson(&files[i]);
	}
	free_files(files, n);
	return 0;
}

static int teardown_all(void **state)
{
	(void)state;
	calendar_free(all);
	all = NULL;
	return 0;
}

static bool expected_working(int32_t day)
{
	unsigned char v = expect[day - exp_base];
	if (v)
		return v == LISTED_WORK;
	int w = civil_wday(day);
	return w != 0 && w != 6;
}

static bool is_working(const calendar *c, const char *date)
{
	bool w = false;
	int rc = calendar_is_working_day(c, D(date), &w);
	if (rc)
		fail_msg("is_working_day(%s) = %d", date, rc);
	return w;
}

static int32_t add(const calendar *c, const char *from, int n)
{
	int32_t out = 0;
	int rc = calendar_add_working_days(c, D(from), n, &out);
	if (rc)
		fail_msg("add(%s, %d) = %d", from, n, rc);
	return out;
}

/* ---- the acceptance check: every date equals the source schedule ---- */

static void test_every_date_matches_source(void **state)
{
	(void)state;
	int checked_2019_2026 = 0, listed = 0;
	for (int y = FIRST_FILE_YEAR; y <= LAST_FILE_YEAR; y++) {
		assert_true(file_year[y]);
		assert_true(calendar_has_year(all, y));
		for (int32_t day = civil_day(y, 1, 1); day < civil_day(y + 1, 1, 1); day++) {
			assert_int_equal(civil_year(day), y);
			bool w = !expected_working(day);
			int rc = calendar_is_working_day(all, day, &w);
			if (rc != 0 || w != expected_working(day))
				fail_msg("%s: calendar says %s (rc %d), schedule says %s", fmt(day),
				         w ? "working" : "off", rc,
				         expected_working(day) ? "working" : "off");
			if (y >= 2019)
				checked_2019_2026++;
			if (expect[day - exp_base])
				listed++;
		}
	}
	/* 2019..2026: 8 years, two of them leap. */
	assert_int_equal(checked_2019_2026, 8 * 365 + 2);
	assert_true(listed > 500);
}

static void test_years_loaded(void **state)
{
	(void)state;
	int first = -1, last = -1;
	calendar_years(all, &first, &last);
	assert_int_equal(first, FIRST_FILE_YEAR);
	assert_int_equal(last, LAST_FILE_YEAR);
	assert_false(calendar_has_year(all, 2006));
	assert_false(calendar_has_year(all, 2027));
	assert_false(calendar_has_year(all, 1000));
	assert_false(calendar_has_year(all, 100000));
}

/* ---- hard-coded facts ---- */

static void test_known_facts(void **state)
{
	(void)state;
	const calendar *c = all;
	assert_true(is_working(c, "2020-09-27")); /* Sunday, declared working */
	assert_true(is_working(c, "2020-09-30"));
	for (int d = 1; d <= 8; d++) {
		char s[16];
		snprintf(s, sizeof s, "2020-10-%02d", d);
		assert_false(is_working(c, s));
	}
	assert_true(is_working(c, "2020-10-09"));
	assert_true(is_working(c, "2020-10-10")); /* Saturday, declared working */
	assert_false(is_working(c, "2020-10-11"));
	assert_true(is_working(c, "2024-02-04")); /* Sunday, declared working */
	assert_true(is_working(c, "2024-02-09")); /* 除夕 2024 was not a holiday */
	assert_false(is_working(c, "2024-02-10"));
	assert_false(is_working(c, "2024-02-17"));
	assert_true(is_working(c, "2024-02-18")); /* Sunday, declared working */
	/* Declared in 2019.json, dated 2018. */
	assert_true(is_working(c, "2018-12-29")); /* Saturday */
	assert_false(is_working(c, "2018-12-30"));
	assert_false(is_working(c, "2018-12-31")); /* Monday */
	assert_false(is_working(c, "2019-01-01"));
	assert_true(is_working(c, "2019-01-02"));
	/* Declared in 2012.json and 2023.json. */
	assert_true(is_working(c, "2011-12-31")); /* Saturday */
	assert_false(is_working(c, "2022-12-31"));
	/* 2020's Spring Festival, extended to 2 February. */
	assert_true(is_working(c, "2020-01-19")); /* Sunday */
	assert_true(is_working(c, "2020-01-23"));
	assert_false(is_working(c, "2020-01-24"));
	assert_false(is_working(c, "2020-01-31")); /* Friday, extension */
	assert_false(is_working(c, "2020-02-02"));
	assert_true(is_working(c, "2020-02-03"));
	/* Plain days. */
	assert_true(is_working(c, "2021-03-10"));  /* Wednesday */
	assert_false(is_working(c, "2021-03-13")); /* Saturday */
	assert_false(is_working(c, "2026-10-07"));
	assert_true(is_working(c, "2026-10-10")); /* Saturday, declared working */
	assert_true(is_working(c, "2026-12-31"));
}

static void test_add_across_holidays(void **state)
{
	(void)state;
	const calendar *c = all;
	assert_int_equal(add(c, "2020-09-29", 5), D("2020-10-13"));
	assert_int_equal(add(c, "2020-09-29", 1), D("2020-09-30"));
	assert_int_equal(add(c, "2020-09-29", 2), D("2020-10-09"));
	assert_int_equal(add(c, "2020-09-29", 3), D("2020-10-10"));
	assert_int_equal(add(c, "2020-09-29", 4), D("2020-10-12"));
	assert_int_equal(add(c, "2020-09-26", 1), D("2020-09-27"));
	assert_int_equal(add(c, "2024-02-08", 1), D("2024-02-09"));
	assert_int_equal(add(c, "2024-02-08", 2), D("2024-02-18"));
	assert_int_equal(add(c, "2024-02-08", 5), D("2024-02-21"));
	assert_int_equal(add(c, "2020-01-23", 1), D("2020-02-03"));
	assert_int_equal(add(c, "2020-01-22", 2), D("2020-02-03"));
	assert_int_equal(add(c, "2020-01-23", 5), D("2020-02-07"));
	/* From a day off. */
	assert_int_equal(add(c, "2020-10-03", 1), D("2020-10-09"));
	/* Across New Year, with 2018-12-29 declared in 2019.json. */
	assert_int_equal(add(c, "2018-12-28", 1), D("2018-12-29"));
	assert_int_equal(add(c, "2018-12-28", 2), D("2019-01-02"));
	assert_int_equal(add(c, "2019-12-31", 1), D("2020-01-02"));
	/* n == 0 is the start itself, working or not. */
	assert_int_equal(add(c, "2020-10-01", 0), D("2020-10-01"));
	assert_int_equal(add(c, "2020-09-29", 0), D("2020-09-29"));
	/* Many years at once. */
	assert_int_equal(add(c, "2007-01-01", 0), D("2007-01-01"));
	int32_t far = add(c, "2007-01-01", CALENDAR_MAX_ADD);
	int n = -1;
	assert_int_equal(calendar_working_days_between(c, D("2007-01-01"), far, &n), 0);
	assert_int_equal(n, CALENDAR_MAX_ADD);
	/* The last loaded day. */
	assert_int_equal(add(c, "2026-12-30", 1), D("2026-12-31"));
}

static void test_no_schedule(void **state)
{
	(void)state;
	const calendar *c = all;
	bool w = true;
	assert_int_equal(calendar_is_working_day(c, D("2030-01-01"), &w), SH_ENOSCHEDULE);
	assert_int_equal(calendar_is_working_day(c, D("2027-01-01"), &w), SH_ENOSCHEDULE);
	/* 2006-12-30/31 are declared in 2007.json, but 2006 is not loaded. */
	assert_int_equal(calendar_is_working_day(c, D("2006-12-31"), &w), SH_ENOSCHEDULE);
	assert_int_equal(calendar_is_working_day(c, INT32_MIN, &w), SH_ENOSCHEDULE);
	assert_int_equal(calendar_is_working_day(c, INT32_MAX, &w), SH_ENOSCHEDULE);
	assert_true(w); /* untouched */

	int32_t out = 12345;
	/* 2026-12-31 is working, then 2027 is unknown. */
	assert_int_equal(calendar_add_working_days(c, D("2026-12-30"), 2, &out), SH_ENOSCHEDULE);
	assert_int_equal(calendar_add_working_days(c, D("2026-12-31"), 1, &out), SH_ENOSCHEDULE);
	assert_int_equal(calendar_add_working_days(c, D("2026-06-01"), 200, &out), SH_ENOSCHEDULE);
	assert_int_equal(calendar_add_working_days(c, D("2030-01-01"), 1, &out), SH_ENOSCHEDULE);
	assert_int_equal(calendar_add_working_days(c, INT32_MAX, 1, &out), SH_ENOSCHEDULE);
	assert_int_equal(calendar_add_working_days(c, INT32_MIN, 1, &out), SH_ENOSCHEDULE);
	/* From the last day of an unloaded year into a loaded one: only dates
	 * after `from` are looked at. */
	assert_int_equal(calendar_add_working_days(c, D("2006-12-31"), 1, &out), 0);
	assert_int_equal(out, D("2007-01-04")); /* 2007-01-01..03 off */
	out = 12345;
	assert_int_equal(calendar_add_working_days(c, D("2006-12-30"), 1, &out), SH_ENOSCHEDULE);
	assert_int_equal(out, 12345);

	int n = 777;
	assert_int_equal(calendar_working_days_between(c, D("2026-12-01"), D("2027-01-05"), &n),
	                 SH_ENOSCHEDULE);
	assert_int_equal(calendar_working_days_between(c, D("2027-01-05"), D("2026-12-01"), &n),
	                 SH_ENOSCHEDULE);
	assert_int_equal(calendar_working_days_between(c, D("2006-12-01"), D("2007-03-01"), &n),
	                 SH_ENOSCHEDULE);
	assert_int_equal(calendar_working_days_between(c, INT32_MIN, INT32_MAX, &n),
	                 SH_ENOSCHEDULE);
	assert_int_equal(calendar_working_days_between(c, INT32_MAX, INT32_MIN, &n),
	                 SH_ENOSCHEDULE);
	assert_int_equal(n, 777);
	/* (from, to] is empty: nothing to look at. */
	assert_int_equal(calendar_working_days_between(c, D("2030-01-01"), D("2030-01-01"), &n), 0);
	assert_int_equal(n, 0);
	/* (2006-12-31, 2007-01-10] lies in 2007. */
	assert_int_equal(calendar_working_days_between(c, D("2006-12-31"), D("2007-01-10"), &n), 0);
	assert_int_equal(n, 5); /* Jan 4, 5, 8, 9, 10 */
	/* A gap in loaded years. */
	calendar *g = calendar_new();
	assert_int_equal(calendar_add_schedule(g, 2020, NULL, 0), 0);
	assert_int_equal(calendar_add_schedule(g, 2022, NULL, 0), 0);
	assert_int_equal(calendar_working_days_between(g, D("2020-06-01"), D("2022-06-01"), &n),
	                 SH_ENOSCHEDULE);
	assert_int_equal(calendar_add_working_days(g, D("2020-12-01"), 100, &out), SH_ENOSCHEDULE);
	int first, last;
	calendar_years(g, &first, &last);
	assert_int_equal(first, 2020);
	assert_int_equal(last, 2022);
	calendar_free(g);
}

static void test_add_invalid(void **state)
{
	(void)state;
	int32_t out = 99;
	assert_int_equal(calendar_add_working_days(all, D("2020-01-01"), -1, &out), SH_EINVAL);
	assert_int_equal(
	    calendar_add_working_days(all, D("2020-01-01"), CALENDAR_MAX_ADD + 1, &out), SH_EINVAL);
	assert_int_equal(calendar_add_working_days(all, D("2020-01-01"), 3661, &out), SH_EINVAL);
	assert_int_equal(out, 99);
	assert_int_equal(CALENDAR_MAX_ADD, 3660);
}

/* ---- add / between against brute force, and each other ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint32_t rnd(uint32_t bound)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % bound);
}

static void test_add_between_random(void **state)
{
	(void)state;
	const int32_t lo = D("2007-01-01"), hi = D("2026-12-31");
	int checked = 0;
	for (int i = 0; i < 20000; i++) {
		int32_t from = lo - 1 + (int32_t)rnd((uint32_t)(hi - lo + 1));
		int n = i % 10 == 0 ? (int)rnd(CALENDAR_MAX_ADD + 1) : (int)rnd(400);
		int32_t to;
		int rc = calendar_add_working_days(all, from, n, &to);
		if (rc == SH_ENOSCHEDULE) {
			/* Fewer than n working days remain after from. */
			int left;
			assert_int_equal(calendar_working_days_between(all, from, hi, &left), 0);
			assert_true(left < n);
			continue;
		}
		assert_int_equal(rc, 0);
		int back = -1;
		assert_int_equal(calendar_working_days_between(all, from, to, &back), 0);
		if (back != n)
			fail_msg("between(%s, add(%s, %d) = %s) = %d", fmt(from), fmt(from), n,
			         fmt(to), back);
		assert_int_equal(calendar_working_days_between(all, to, from, &back), 0);
		assert_int_equal(back, -n);
		if (n > 0) {
			bool w = false;
			assert_int_equal(calendar_is_working_day(all, to, &w), 0);
			assert_true(w);
			assert_true(to > from);
			/* One day earlier has one working day fewer. */
			assert_int_equal(calendar_working_days_between(all, from, to - 1, &back),
			                 0);
			assert_int_equal(back, n - 1);
		}
		checked++;
	}
	assert_true(checked > 15000);
}

static void test_against_brute_force(void **state)
{
	(void)state;
	const int32_t lo = D("2007-01-01"), hi = D("2026-12-31");
	for (int i = 0; i < 3000; i++) {
		int32_t from = lo + (int32_t)rnd((uint32_t)(hi - lo + 1));
		int span = (int)rnd(i % 50 == 0 ? 3000 : 120);
		int32_t to = from + span > hi ? hi : from + span;
		/* Brute force with the expectation only. */
		int count = 0;
		int32_t nth[200];
		int nn = 0;
		for (int32_t d = from + 1; d <= to; d++)
			if (expected_working(d)) {
				if (nn < 200)
					nth[nn++] = d;
				count++;
			}
		int got = -1;
		assert_int_equal(calendar_working_days_between(all, from, to, &got), 0);
		if (got != count)
			fail_msg("between(%s, %s) = %d, expected %d", fmt(from), fmt(to), got,
			         count);
		for (int k = 0; k < nn; k++) {
			int32_t out;
			assert_int_equal(calendar_add_working_days(all, from, k + 1, &out), 0);
			if (out != nth[k])
				fail_msg("add(%s, %d) = %s, expected %s", fmt(from), k + 1,
				         fmt(out), fmt(nth[k]));
		}
	}
}

static void test_speed(void **state)
{
	(void)state;
	/* A statistics run does millions of these; they must be cheap. */
	const int32_t lo = D("2008-01-01");
	long sum = 0;
	clock_t t0 = clock();
	for (int i = 0; i < 2000000; i++) {
		int32_t from = lo + (int32_t)((int64_t)i * 7919 % 6000), out;
		bool w;
		assert_int_equal(calendar_is_working_day(all, from, &w), 0);
		assert_int_equal(calendar_add_working_days(all, from, 15 + i % 60, &out), 0);
		sum += w + (out - from);
	}
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_true(sum > 0);
	/* Generous, so sanitizer builds pass too. */
	if (secs > 20)
		fail_msg("2M lookups took %.1f s", secs);
}

/* ---- calendar_add_schedule semantics ---- */

static void test_empty_calendar(void **state)
{
	(void)state;
	calendar *c = calendar_new();
	int first = -1, last = -1;
	calendar_years(c, &first, &last);
	assert_int_equal(first, 0);
	assert_int_equal(last, 0);
	bool w;
	assert_int_equal(calendar_is_working_day(c, D("2020-01-02"), &w), SH_ENOSCHEDULE);
	int32_t out;
	assert_int_equal(calendar_add_working_days(c, D("2020-01-02"), 1, &out), SH_ENOSCHEDULE);
	calendar_free(c);
	calendar_free(NULL);
	calendar_years(NULL, &first, &last);
	assert_int_equal(first, 0);
	assert_false(calendar_has_year(NULL, 2020));
}

static void test_schedule_replacement(void **state)
{
	(void)state;
	calendar *c = calendar_new();
	const struct calendar_override a[] = {
	    {D("2020-10-01"), true},  /* Thursday */
	    {D("2020-10-10"), false}, /* Saturday */
	};
	assert_int_equal(calendar_add_schedule(c, 2020, a, 2), 0);
	/* (Sep 30, Oct 10]: Oct 2, 5, 6, 7, 8, 9, 10. */
	int n;
	assert_int_equal(calendar_working_days_between(c, D("2020-09-30"), D("2020-10-10"), &n), 0);
	assert_int_equal(n, 7);

	/* A second 2020 schedule replaces the first one entirely. */
	const struct calendar_override b[] = {{D("2020-10-02"), true}};
	assert_int_equal(calendar_add_schedule(c, 2020, b, 1), 0);
	assert_true(is_working(c, "2020-10-01"));
	assert_false(is_working(c, "2020-10-02"));
	assert_false(is_working(c, "2020-10-10"));
	assert_int_equal(calendar_working_days_between(c, D("2020-09-30"), D("2020-10-10"), &n), 0);
	/* (Sep 30, Oct 10]: Oct 1, 5, 6, 7, 8, 9. */
	assert_int_equal(n, 6);
	calendar_free(c);
}

static void test_cross_year_overrides(void **state)
{
	(void)state;
	/* Orders of adding must not matter. */
	for (int order = 0; order < 2; order++) {
		calendar *c = calendar_new();
		const struct calendar_override y2019[] = {
		    {D("2018-12-29"), false}, /* Saturday, declared working */
		    {D("2018-12-31"), true},  /* Monday */
		    {D("2019-01-01"), true},
		};
		const struct calendar_override y2018[] = {{D("2018-10-01"), true}};
		if (order == 0) {
			assert_int_equal(calendar_add_schedule(c, 2019, y2019, 3), 0);
			/* 2018 not loaded yet: its dates are unknown even if declared. */
			bool w;
			assert_int_equal(calendar_is_working_day(c, D("2018-12-29"), &w),
			                 SH_ENOSCHEDULE);
			assert_false(calendar_has_year(c, 2018));
			assert_int_equal(calendar_add_schedule(c, 2018, y2018, 1), 0);
		} else {
			assert_int_equal(calendar_add_schedule(c, 2018, y2018, 1), 0);
			assert_true(is_working(c, "2018-12-29") == false);
			assert_true(is_working(c, "2018-12-31"));
			assert_int_equal(calendar_add_schedule(c, 2019, y2019, 3), 0);
		}
		assert_true(is_working(c, "2018-12-29"));
		assert_false(is_working(c, "2018-12-30"));
		assert_false(is_working(c, "2018-12-31"));
		assert_false(is_working(c, "2019-01-01"));
		assert_false(is_working(c, "2018-10-01"));
		assert_int_equal(add(c, "2018-12-28", 2), D("2019-01-02"));

		/* Reloading 2018 keeps 2019's declarations about 2018. */
		assert_int_equal(calendar_add_schedule(c, 2018, NULL, 0), 0);
		assert_true(is_working(c, "2018-12-29"));
		assert_false(is_working(c, "2018-12-31"));
		assert_true(is_working(c, "2018-10-01"));
		/* Replacing 2019 removes them. */
		assert_int_equal(calendar_add_schedule(c, 2019, NULL, 0), 0);
		assert_false(is_working(c, "2018-12-29"));
		assert_true(is_working(c, "2018-12-31"));
		assert_true(is_working(c, "2019-01-01"));
		calendar_free(c);
	}
}

static void test_own_year_wins(void **state)
{
	(void)state;
	/* If two schedules disagree about a date, the date's own year wins,
	 * then the later year, regardless of loading order. */
	for (int order = 0; order < 2; order++) {
		calendar *c = calendar_new();
		const struct calendar_override own[] = {{D("2020-12-31"), false}};
		const struct calendar_override next[] = {{D("2020-12-31"), true},
		                                         {D("2020-12-30"), true}};
		const struct calendar_override prev[] = {{D("2020-12-30"), false}};
		if (order == 0) {
			assert_int_equal(calendar_add_schedule(c, 2020, own, 1), 0);
			assert_int_equal(calendar_add_schedule(c, 2021, next, 2), 0);
			assert_int_equal(calendar_add_schedule(c, 2019, prev, 1), 0);
		} else {
			assert_int_equal(calendar_add_schedule(c, 2019, prev, 1), 0);
			assert_int_equal(calendar_add_schedule(c, 2021, next, 2), 0);
			assert_int_equal(calendar_add_schedule(c, 2020, own, 1), 0);
		}
		assert_true(is_working(c, "2020-12-31"));
		assert_false(is_working(c, "2020-12-30"));
		calendar_free(c);
	}
}

static void test_add_schedule_invalid(void **state)
{
	(void)state;
	calendar *c = calendar_new();
	const struct calendar_override ok[] = {{D("2020-10-01"), true}};
	assert_int_equal(calendar_add_schedule(c, 2020, ok, 1), 0);
	assert_int_equal(calendar_add_schedule(c, 1899, NULL, 0), SH_EINVAL);
	assert_int_equal(calendar_add_schedule(c, 2201, NULL, 0), SH_EINVAL);
	assert_int_equal(calendar_add_schedule(c, -5, NULL, 0), SH_EINVAL);
	assert_int_equal(calendar_add_schedule(c, 2021, NULL, 3), SH_EINVAL);
	assert_int_equal(calendar_add_schedule(NULL, 2021, NULL, 0), SH_EINVAL);
	/* More than one year away. */
	const struct calendar_override far1[] = {{D("2018-12-31"), true}};
	const struct calendar_override far2[] = {{D("2022-01-01"), true}};
	assert_int_equal(calendar_add_schedule(c, 2020, far1, 1), SH_EINVAL);
	assert_int_equal(calendar_add_schedule(c, 2020, far2, 1), SH_EINVAL);
	const struct calendar_override extreme[] = {{INT32_MIN, true}, {INT32_MAX, true}};
	assert_int_equal(calendar_add_schedule(c, 2020, extreme, 1), SH_EINVAL);
	assert_int_equal(calendar_add_schedule(c, 2020, extreme + 1, 1), SH_EINVAL);
	/* One date, two statuses. */
	const struct calendar_override clash[] = {{D("2020-10-02"), true},
	                                          {D("2020-10-02"), false}};
	assert_int_equal(calendar_add_schedule(c, 2020, clash, 2), SH_EINVAL);
	/* The same twice is harmless. */
	const struct calendar_override twice[] = {{D("2021-10-01"), true}, {D("2021-10-01"), true}};
	assert_int_equal(calendar_add_schedule(c, 2021, twice, 2), 0);
	assert_false(is_working(c, "2021-10-01"));
	/* Failures left the calendar as it was. */
	assert_false(is_working(c, "2020-10-01"));
	assert_true(is_working(c, "2020-10-02"));
	int first, last;
	calendar_years(c, &first, &last);
	assert_int_equal(first, 2020);
	assert_int_equal(last, 2021);
	assert_false(calendar_has_year(c, 2022));
	calendar_free(c);
}

static void test_range_edges(void **state)
{
	(void)state;
	calendar *c = calendar_new();
	const struct calendar_override y1900[] = {{D("1899-12-31"), false},
	                                          {D("1900-01-01"), true}};
	const struct calendar_override y2200[] = {{D("2201-01-01"), true}, {D("2200-12-31"), true}};
	assert_int_equal(calendar_add_schedule(c, 1900, y1900, 2), 0);
	assert_int_equal(calendar_add_schedule(c, 2200, y2200, 2), 0);
	bool w;
	assert_int_equal(calendar_is_working_day(c, D("1899-12-31"), &w), SH_ENOSCHEDULE);
	assert_int_equal(calendar_is_working_day(c, D("2201-01-01"), &w), SH_ENOSCHEDULE);
	assert_false(is_working(c, "1900-01-01")); /* Monday, off */
	assert_true(is_working(c, "1900-01-02"));  /* Tuesday */
	assert_false(is_working(c, "2200-12-31")); /* Wednesday, off */
	assert_int_equal(add(c, "1899-12-31", 1), D("1900-01-02"));
	assert_int_equal(add(c, "2200-12-29", 1), D("2200-12-30"));
	int32_t out;
	assert_int_equal(calendar_add_working_days(c, D("2200-12-30"), 1, &out), SH_ENOSCHEDULE);
	int n;
	assert_int_equal(calendar_working_days_between(c, D("1899-12-31"), D("1900-01-07"), &n), 0);
	assert_int_equal(n, 4); /* Jan 2..5 */
	int first, last;
	calendar_years(c, &first, &last);
	assert_int_equal(first, 1900);
	assert_int_equal(last, 2200);
	calendar_free(c);
}

static void test_full_range(void **state)
{
	(void)state;
	/* Every year loaded with no overrides: plain weekday rule throughout. */
	calendar *c = calendar_new();
	for (int y = CALENDAR_LAST_YEAR; y >= CALENDAR_FIRST_YEAR; y--)
		assert_int_equal(calendar_add_schedule(c, y, NULL, 0), 0);
	int32_t lo = D("1900-01-01"), hi = D("2200-12-31");
	int total = 0;
	for (int32_t d = lo; d <= hi; d++) {
		bool w;
		assert_int_equal(calendar_is_working_day(c, d, &w), 0);
		int wd = civil_wday(d);
		assert_int_equal(w, wd != 0 && wd != 6);
		total += w;
	}
	int n;
	assert_int_equal(calendar_working_days_between(c, lo - 1, hi, &n), 0);
	assert_int_equal(n, total);
	assert_int_equal(calendar_working_days_between(c, hi, lo - 1, &n), 0);
	assert_int_equal(n, -total);
	/* A Friday + 1 working day is the Monday. */
	assert_int_equal(add(c, "2100-01-01", 1), D("2100-01-04"));
	assert_int_equal(add(c, "2100-01-01", 5), D("2100-01-08"));
	calendar_free(c);
}

/* ---- holiday_json_parse ---- */

static void expect_parse_error(const char *json, const char *fragment)
{
	struct holiday_schedule s = {.year = -42, .n = 99, .days = NULL};
	char err[256];
	memset(err, 'x', sizeof err);
	int rc = holiday_json_parse(json, strlen(json), &s, err, sizeof err);
	if (rc != SH_EINVAL)
		fail_msg("%s: rc %d", json, rc);
	assert_non_null(memchr(err, '\0', sizeof err));
	if (!strstr(err, fragment))
		fail_msg("for %s: message \"%s\" lacks \"%s\"", json, err, fragment);
	/* Output untouched. */
	assert_int_equal(s.year, -42);
	assert_int_equal(s.n, 99);
	assert_null(s.days);
}

static void test_parse_errors(void **state)
{
	(void)state;
	expect_parse_error("", "不是有效的 JSON");
	expect_parse_error("{", "不是有效的 JSON");
	expect_parse_error("year: 2020", "不是有效的 JSON");
	expect_parse_error("{\"year\": 2020, \"days\": []} trailing", "不是有效的 JSON");
	expect_parse_error("{\"year\": 2020, \"year\": 2021, \"days\": []}", "不是有效的 JSON");
	expect_parse_error("[]", "顶层必须是 JSON 对象");
	expect_parse_error("2020", "顶层必须是 JSON 对象");
	expect_parse_error("{\"days\": []}", "缺少 year 字段");
	expect_parse_error("{\"year\": \"2020\", \"days\": []}", "year 必须是整数");
	expect_parse_error("{\"year\": 2020.0, \"days\": []}", "year 必须是整数");
	expect_parse_error("{\"year\": null, \"days\": []}", "year 必须是整数");
	expect_parse_error("{\"year\": 1800, \"days\": []}", "year 1800 超出范围");
	expect_parse_error("{\"year\": 99999999999, \"days\": []}", "超出范围");
	expect_parse_error("{\"year\": 2020}", "缺少 days 字段");
	expect_parse_error("{\"year\": 2020, \"days\": {}}", "days 必须是数组");
	expect_parse_error("{\"year\": 2020, \"days\": [1]}", "days[0] 必须是对象");
	expect_parse_error("{\"year\": 2020, \"days\": ["
	                   "{\"name\": \"a\", \"date\": \"2020-10-01\", \"isOffDay\": true},"
	                   "{\"name\": \"b\", \"date\": \"2020-02-30\", \"isOffDay\": true}]}",
	                   "days[1].date 不是有效日期：2020-02-30");
	expect_parse_error("{\"year\": 2020, \"days\": ["
	                   "{\"name\": \"a\", \"date\": \"2020-2-3\", \"isOffDay\": true}]}",
	                   "days[0].date 不是有效日期：2020-2-3");
	expect_parse_error(
	    "{\"year\": 2020, \"days\": ["
	    "{\"name\": \"a\", \"date\": \"2020-10-01T00:00\", \"isOffDay\": true}]}",
	    "days[0].date 不是有效日期");
	expect_parse_error("{\"year\": 2020, \"days\": ["
	                   "{\"name\": \"a\", \"date\": 20201001, \"isOffDay\": true}]}",
	                   "days[0].date 必须是字符串");
	expect_parse_error("{\"year\": 2020, \"days\": ["
	                   "{\"name\": \"a\", \"isOffDay\": true}]}",
	                   "days[0] 缺少 date 字段");
	expect_parse_error("{\"year\": 2020, \"days\": ["
	                   "{\"date\": \"2020-10-01\", \"isOffDay\": true}]}",
	                   "days[0] 缺少 name 字段");
	expect_parse_error("{\"year\": 2020, \"days\": ["
	                   "{\"name\": 5, \"date\": \"2020-10-01\", \"isOffDay\": true}]}",
	                   "days[0].name 必须是字符串");
	expect_parse_error("{\"year\": 2020, \"days\": ["
	                   "{\"name\": \"a\", \"date\": \"2020-10-01\"}]}",
	                   "days[0] 缺少 isOffDay 字段");
	expect_parse_error("{\"year\": 2020, \"days\": ["
	                   "{\"name\": \"a\", \"date\": \"2020-10-01\", \"isOffDay\": \"true\"}]}",
	                   "days[0].isOffDay 必须是 true 或 false");
	expect_parse_error("{\"year\": 2020, \"days\": ["
	                   "{\"name\": \"a\", \"date\": \"2020-10-01\", \"isOffDay\": 1}]}",
	                   "days[0].isOffDay");
	expect_parse_error("{\"year\": 2020, \"days\": ["
	                   "{\"name\": \"a\", \"date\": \"2020-10-01\", \"isOffDay\": true},"
	                   "{\"name\": \"b\", \"date\": \"2020-10-02\", \"isOffDay\": true},"
	                   "{\"name\": \"a\", \"date\": \"2020-10-01\", \"isOffDay\": true}]}",
	                   "日期 2020-10-01 重复出现");
	expect_parse_error("{\"year\": 2020, \"days\": ["
	                   "{\"name\": \"a\", \"date\": \"2020-10-01\", \"isOffDay\": true},"
	                   "{\"name\": \"a\", \"date\": \"2020-10-01\", \"isOffDay\": false}]}",
	                   "（days[0] 与 days[1]）");
	expect_parse_error("{\"year\": 2020, \"days\": [{}, {}, {}, {}, {}]}", "days[0] 缺少");
	expect_parse_error("{\"year\": 2020, \"days\": ["
	                   "{\"name\": \"a\", \"date\": \"2020-10-01\", \"isOffDay\": true},"
	                   "{\"name\": \"a\", \"date\": \"2020-10-02\", \"isOffDay\": true},"
	                   "{\"name\": \"a\", \"date\": \"2020-10-03\", \"isOffDay\": true},"
	                   "{\"name\": \"a\", \"date\": \"2020-10-04\", \"isOffDay\": true},"
	                   "{\"name\": \"a\", \"date\": \"2020-10-05\", \"isOffDay\": true},"
	                   "{\"name\": \"a\", \"date\": \"2018-05-01\", \"isOffDay\": true}]}",
	                   "days[5].date 2018-05-01 与 year 2020 相差超过一年");
	expect_parse_error("{\"year\": 2020, \"days\": ["
	                   "{\"name\": \"a\", \"date\": \"2022-01-01\", \"isOffDay\": true}]}",
	                   "相差超过一年");
	/* Control characters in a bad date are not echoed raw. */
	expect_parse_error("{\"year\": 2020, \"days\": ["
	                   "{\"name\": \"a\", \"date\": \"20\\n0-01-01\", \"isOffDay\": true}]}",
	                   "不是有效日期：20?0-01-01");
	/* Long values are shortened. */
	expect_parse_error("{\"year\": 2020, \"days\": [{\"name\": \"a\", \"date\": "
	                   "\"2020-10-01xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\", "
	                   "\"isOffDay\": true}]}",
	                   "…");
	/* Not UTF-8. */
	expect_parse_error("{\"year\": 2020, \"days\": [{\"name\": \"\xff\", \"date\": "
	                   "\"2020-10-01\", \"isOffDay\": true}]}",
	                   "不是有效的 JSON");
}

static void test_parse_error_small_buffer(void **state)
{
	(void)state;
	const char *json = "{\"days\": []}";
	/* A buffer too small for the message still ends in NUL and never cuts a
	 * UTF-8 sequence: "缺少 year 字段" is 3+3+1+4+1+3+3 = 18 bytes. */
	for (size_t cap = 1; cap < 24; cap++) {
		char err[32];
		memset(err, 'x', sizeof err);
		struct holiday_schedule s;
		assert_int_equal(holiday_json_parse(json, strlen(json), &s, err, cap), SH_EINVAL);
		size_t l = strlen(err);
		assert_true(l < cap);
		assert_int_equal(strncmp(err, "缺少 year 字段", l), 0);
		/* The kept prefix ends on a character boundary. */
		assert_true(l == 0 || l == 3 || l == 6 || l == 7 || l == 8 || l == 9 || l == 10 ||
		            l == 11 || l == 12 || l == 15 || l == 18);
		/* Nothing is dropped beyond the cut character. */
		if (cap <= 18)
			assert_true(cap - 1 - l < 3);
		else
			assert_int_equal(l, 18);
		assert_int_equal(err[cap], 'x');
	}
	struct holiday_schedule s;
	assert_int_equal(holiday_json_parse(json, strlen(json), &s, NULL, 0), SH_EINVAL);
	assert_int_equal(holiday_json_parse(NULL, 0, &s, NULL, 0), SH_EINVAL);
	assert_int_equal(holiday_json_parse(json, strlen(json), NULL, NULL, 0), SH_EINVAL);
}

/* Found by tests/fuzz/fuzz_holiday_json.c (corpus/holiday_json/
 * jansson_error_cuts_utf8): jansson's error text quotes the input near the
 * error and cut "Σ" (CE A3) in half, so the message was not UTF-8. */
static void test_parse_error_is_utf8(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "{\"year\":2027,\"days\":[{\"name\":\"\\u514\xce\xa3u65e6\",\"date\":\"2027\"}]}",
	    "{\"year\":2027,\"days\":[{\"name\":\"\xe5\x85\",\"date\":\"2027-01-01\"}]}",
	    "{\"year\":2027,\"days\":[\xff\xfe]}",
	    "{\"year\":\x01\x7f}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct holiday_schedule s;
		char err[512];
		assert_int_equal(holiday_json_parse(bad[i], strlen(bad[i]), &s, err, sizeof err),
		                 SH_EINVAL);
		if (!utf8_valid(err, strlen(err)))
			fail_msg("message %zu is not UTF-8: %s", i, err);
		assert_non_null(strstr(err, "不是有效的 JSON"));
		for (const char *p = err; *p; p++)
			assert_true((unsigned char)*p >= 0x20 && *p != 0x7F);
	}
}

static void test_parse_ok(void **state)
{
	(void)state;
	/* Extra keys are fine; days come back sorted by date; the text need not
	 * be NUL-terminated. */
	const char json[] = "{\"$schema\": \"x\", \"$id\": \"y\", \"papers\": [\"u\"], "
	                    "\"year\": 2019, \"days\": ["
	                    "{\"name\": \"元旦\", \"date\": \"2019-01-01\", \"isOffDay\": true, "
	                    "\"extra\": 1},"
	                    "{\"name\": \"元旦\", \"date\": \"2018-12-29\", \"isOffDay\": false},"
	                    "{\"name\": \"\", \"date\": \"2020-01-01\", \"isOffDay\": true}"
	                    "]}GARBAGE";
	struct holiday_schedule s;
	char err[128] = "";
	assert_int_equal(
	    holiday_json_parse(json, strlen(json) - strlen("GARBAGE"), &s, err, sizeof err), 0);
	assert_string_equal(err, "");
	assert_int_equal(s.year, 2019);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.days[0].day, D("2018-12-29"));
	assert_false(s.days[0].off);
	assert_string_equal(s.days[0].name, "元旦");
	assert_int_equal(s.days[1].day, D("2019-01-01"));
	assert_true(s.days[1].off);
	assert_int_equal(s.days[2].day, D("2020-01-01"));
	assert_string_equal(s.days[2].name, "");

	calendar *c = calendar_new();
	assert_int_equal(holiday_schedule_apply(&s, c), 0);
	assert_true(calendar_has_year(c, 2019));
	assert_false(calendar_has_year(c, 2018));
	assert_false(is_working(c, "2019-01-01"));
	assert_int_equal(holiday_schedule_apply(NULL, c), SH_EINVAL);
	assert_int_equal(holiday_schedule_apply(&s, NULL), SH_EINVAL);
	calendar_free(c);

	holiday_schedule_free(&s);
	assert_null(s.days);
	assert_int_equal(s.n, 0);
	holiday_schedule_free(&s); /* twice is fine */
	holiday_schedule_free(NULL);

	/* An empty days array is a year with no exceptions. */
	const char *empty = "{\"year\": 2200, \"days\": []}";
	assert_int_equal(holiday_json_parse(empty, strlen(empty), &s, err, sizeof err), 0);
	assert_int_equal(s.year, 2200);
	assert_int_equal(s.n, 0);
	holiday_schedule_free(&s);
}

static void test_data_files_parse(void **state)
{
	(void)state;
	size_t n;
	struct file_text *files = list_files(&n);
	for (size_t i = 0; i < n; i++) {
		struct holiday_schedule s;
		char err[256];
		if (holiday_json_parse(files[i].text, files[i].len, &s, err, sizeof err) != 0)
			fail_msg("%s: %s", files[i].path, err);
		/* The file name matches the year inside. */
		char want[16];
		snprintf(want, sizeof want, "/%d.json", s.year);
		size_t pl = strlen(files[i].path), wl = strlen(want);
		assert_true(pl > wl && strcmp(files[i].path + pl - wl, want) == 0);
		assert_true(s.n > 20);
		for (size_t k = 0; k < s.n; k++) {
			assert_non_null(s.days[k].name);
			assert_true(strlen(s.days[k].name) > 0);
			if (k)
				assert_true(s.days[k - 1].day < s.days[k].day);
		}
		holiday_schedule_free(&s);
	}
	free_files(files, n);
}

static void test_embedded_matches_files(void **state)
{
	(void)state;
	/* `shensu init` reads the copies compiled into the binary. */
	int found = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, "holidays/", 9) != 0)
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", data_dir(), f->name);
		size_t len;
		char *disk = slurp(path, &len);
		assert_int_equal(len, f->len);
		assert_memory_equal(disk, f->data, len);
		free(disk);
		struct holiday_schedule s;
		char err[256];
		if (holiday_json_parse(f->data, f->len, &s, err, sizeof err) != 0)
			fail_msg("embedded %s: %s", f->name, err);
		holiday_schedule_free(&s);
		found++;
	}
	assert_int_equal(found, NFILES);
}

static void test_date_helpers_agree(void **state)
{
	(void)state;
	/* The D() shorthand (core/date.c) agrees with libc on the range used. */
	for (int32_t d = civil_day(1899, 1, 1); d <= civil_day(2202, 1, 1); d += 17) {
		char buf[SH_DATE_LEN + 1];
		date_format(d, buf);
		assert_int_equal(D(buf), d);
		assert_int_equal(date_year(d), civil_year(d));
		assert_int_equal(date_weekday(d) % 7, civil_wday(d));
	}
}


/* ---- provisional mode: years without a schedule follow the statutory rules ---- */

/* Every data file added to a new calendar, provisional mode as given. */
static calendar *calendar_from_files(bool provisional)
{
	calendar *c = calendar_new();
	if (provisional)
		calendar_set_provisional(c, true);
	size_t n;
	struct file_text *files = list_files(&n);
	for (size_t i = 0; i < n; i++) {
		struct holiday_schedule s;
		char err[256];
		assert_int_equal(holiday_json_parse(files[i].text, files[i].len, &s, err, sizeof err), 0);
		assert_int_equal(holiday_schedule_apply(&s, c), 0);
		holiday_schedule_free(&s);
	}
	free_files(files, n);
	return c;
}

/* Loaded years answer exactly as without the mode, whether it was turned on
 * before or after the schedules were added. */
static void test_provisional_keeps_loaded_years(void **state)
{
	(void)state;
	calendar *before = calendar_from_files(true);
	calendar *after = calendar_from_files(false);
	calendar_set_provisional(after, true);
	for (int32_t day = civil_day(2007, 1, 1); day < civil_day(2027, 1, 1); day++) {
		bool a = false, b = true;
		assert_int_equal(calendar_is_working_day(before, day, &a), 0);
		assert_int_equal(calendar_is_working_day(after, day, &b), 0);
		assert_int_equal(a, expected_working(day));
		assert_int_equal(b, expected_working(day));
		assert_false(calendar_provisional(before, day, day));
	}
	for (int i = 0; i < 3000; i++) {
		int32_t from = civil_day(2007, 1, 1) + (int32_t)rnd(7000);
		int n = (int)rnd(60);
		int32_t x = 0, y = 0;
		int ra = calendar_add_working_days(all, from, n, &x);
		int rb = calendar_add_working_days(before, from, n, &y);
		if (ra == 0) {
			assert_int_equal(rb, 0);
			assert_int_equal(x, y);
			assert_false(calendar_provisional(before, from + 1, y));
		} else {
			/* Strict: past 2026. Provisional: an answer in 2027. */
			assert_int_equal(ra, SH_ENOSCHEDULE);
			assert_int_equal(rb, 0);
			assert_true(calendar_provisional(before, from + 1, y));
			assert_int_equal(date_year(y), 2027);
		}
	}
	int first, last;
	calendar_years(before, &first, &last);
	assert_int_equal(first, 2007);
	assert_int_equal(last, 2026); /* provisional years are not loaded years */
	assert_false(calendar_has_year(before, 2027));
	assert_int_equal(calendar_covered_through(before, D("2026-12-28")), D("2026-12-31"));
	calendar_free(before);
	calendar_free(after);
}

/* The example: filed on 2026-12-28 without a 2027 schedule, the
 * decision is due 2027-01-05 (1 January is a holiday), provisionally. */
static void test_provisional_example(void **state)
{
	(void)state;
	calendar *c = calendar_from_files(true);
	int32_t out = 0;
	assert_int_equal(calendar_add_working_days(c, D("2026-12-28"), 5, &out), 0);
	assert_string_equal(fmt(out), "2027-01-05");
	assert_true(calendar_provisional(c, D("2026-12-29"), out));
	/* The same deadline from 21 December stays in 2026: not provisional. */
	assert_int_equal(calendar_add_working_days(c, D("2026-12-21"), 5, &out), 0);
	assert_string_equal(fmt(out), "2026-12-28");
	assert_false(calendar_provisional(c, D("2026-12-22"), out));
	/* n == 0 looks at no date. */
	assert_false(calendar_provisional(c, D("2027-01-02"), D("2027-01-01")));
	assert_false(is_working(c, "2027-01-01"));
	assert_true(is_working(c, "2027-01-04"));
	int between = 0;
	assert_int_equal(calendar_working_days_between(c, D("2026-12-31"), D("2027-01-08"), &between),
	                 0);
	assert_int_equal(between, 5); /* 4-8 January */
	calendar_free(c);
}

/* Every provisional year: the statutory days off, the rest by weekday. */
static void test_provisional_years_follow_rules(void **state)
{
	(void)state;
	calendar *c = calendar_new();
	calendar_set_provisional(c, true);
	for (int y = HOLIDAY_RULES_FIRST_YEAR; y <= HOLIDAY_RULES_LAST_YEAR; y++) {
		struct statutory_day days[HOLIDAY_RULES_MAX_DAYS];
		size_t n;
		assert_int_equal(holiday_rules_days(y, days, HOLIDAY_RULES_MAX_DAYS, &n), 0);
		size_t k = 0;
		for (int32_t day = civil_day(y, 1, 1); day < civil_day(y + 1, 1, 1); day++) {
			bool rule_off = k < n && days[k].day == day;
			if (rule_off)
				k++;
			int w = civil_wday(day);
			bool want = !rule_off && w != 0 && w != 6;
			bool got = !want;
			assert_int_equal(calendar_is_working_day(c, day, &got), 0);
			if (got != want)
				fail_msg("%s: provisional calendar says %s", fmt(day),
				         got ? "working" : "off");
		}
		assert_int_equal(k, n);
		assert_true(calendar_provisional(c, civil_day(y, 6, 1), civil_day(y, 6, 1)));
	}
	/* Outside the rules' years, and before the revision: still no answer. */
	bool w;
	int32_t out;
	assert_int_equal(calendar_is_working_day(c, D("2100-01-04"), &w), SH_ENOSCHEDULE);
	assert_int_equal(calendar_is_working_day(c, D("2024-06-03"), &w), SH_ENOSCHEDULE);
	assert_int_equal(calendar_add_working_days(c, D("2099-12-30"), 5, &out), SH_ENOSCHEDULE);
	assert_int_equal(calendar_add_working_days(c, D("2024-12-30"), 1, &out), SH_ENOSCHEDULE);
	assert_false(calendar_provisional(c, D("2100-01-01"), D("2150-01-01")));
	assert_false(calendar_provisional(c, INT32_MIN, D("2024-12-31")));
	assert_true(calendar_provisional(c, INT32_MIN, INT32_MAX));
	/* Off again: strict. */
	calendar_set_provisional(c, false);
	assert_int_equal(calendar_is_working_day(c, D("2027-01-04"), &w), SH_ENOSCHEDULE);
	assert_false(calendar_provisional(c, D("2027-01-04"), D("2027-01-04")));
	calendar_free(c);
}

/* Published dates win over the rules: a neighbour's declared dates apply in a
 * provisional year, and loading the year's own schedule replaces the rules. */
static void test_provisional_then_loaded(void **state)
{
	(void)state;
	calendar *c = calendar_new();
	calendar_set_provisional(c, true);
	/* 2026's schedule declares a working Saturday in 2027 (made up). */
	struct calendar_override y2026[] = {{D("2027-01-02"), false}};
	assert_int_equal(calendar_add_schedule(c, 2026, y2026, 1), 0);
	assert_true(is_working(c, "2027-01-02"));
	assert_false(is_working(c, "2027-01-01")); /* 元旦 by the rules */
	assert_false(is_working(c, "2027-10-05")); /* 国庆 make-up by the rules */
	assert_true(calendar_provisional(c, D("2027-01-01"), D("2027-01-01")));
	/* The 2027 schedule: 4 January off too, 5 October worked. */
	struct calendar_override y2027[] = {
	    {D("2027-01-01"), true}, {D("2027-01-04"), true}, {D("2027-10-05"), false}};
	assert_int_equal(calendar_add_schedule(c, 2027, y2027, 3), 0);
	assert_false(calendar_provisional(c, D("2027-01-01"), D("2027-12-31")));
	assert_true(calendar_has_year(c, 2027));
	assert_false(is_working(c, "2027-01-04"));
	assert_true(is_working(c, "2027-10-05"));
	assert_true(is_working(c, "2027-10-04")); /* no rules any more: a Monday */
	assert_true(is_working(c, "2027-05-03"));
	/* 2028 is still provisional, and its neighbour's declarations count. */
	assert_true(calendar_provisional(c, D("2027-12-31"), D("2028-01-01")));
	assert_false(is_working(c, "2028-01-03")); /* 元旦 on Saturday, made up Monday */
	calendar_free(c);
}

int main(void)
{
	const struct CMUnitTest with_data[] = {
	    cmocka_unit_test(test_every_date_matches_source),
	    cmocka_unit_test(test_years_loaded),
	    cmocka_unit_test(test_known_facts),
	    cmocka_unit_test(test_add_across_holidays),
	    cmocka_unit_test(test_no_schedule),
	    cmocka_unit_test(test_add_invalid),
	    cmocka_unit_test(test_add_between_random),
	    cmocka_unit_test(test_against_brute_force),
	    cmocka_unit_test(test_speed),
	    cmocka_unit_test(test_provisional_keeps_loaded_years),
	    cmocka_unit_test(test_provisional_example),
	};
	const struct CMUnitTest alone[] = {
	    cmocka_unit_test(test_date_helpers_agree),
	    cmocka_unit_test(test_empty_calendar),
	    cmocka_unit_test(test_schedule_replacement),
	    cmocka_unit_test(test_cross_year_overrides),
	    cmocka_unit_test(test_own_year_wins),
	    cmocka_unit_test(test_add_schedule_invalid),
	    cmocka_unit_test(test_range_edges),
	    cmocka_unit_test(test_full_range),
	    cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test(test_parse_error_small_buffer),
	    cmocka_unit_test(test_parse_error_is_utf8),
	    cmocka_unit_test(test_parse_ok),
	    cmocka_unit_test(test_data_files_parse),
	    cmocka_unit_test(test_embedded_matches_files),
	    cmocka_unit_test(test_provisional_years_follow_rules),
	    cmocka_unit_test(test_provisional_then_loaded),
	};
	int failed = cmocka_run_group_tests_name("calendar", alone, NULL, NULL);
	failed += cmocka_run_group_tests_name("calendar with holiday data", with_data, setup_all,
	                                      teardown_all);
	return failed ? 1 : 0;
}
