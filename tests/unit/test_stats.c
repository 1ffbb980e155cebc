/* Tests for app/stats.c against a real SQLite store holding a small, known
 * set of complaints: the totals of a quarter and of its comparison periods,
 * each grouping (province, enterprise, class, sub-topic, none) with its
 * share, 环比 and 同比 worked out by hand below, "no basis" where a
 * comparison period has nothing, the filters, the Beijing-time edges of a
 * period, and complaints per million users. */
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

#include "app/stats.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/period.h"

static struct fixture_db db;
static int64_t mobile, telecom;
static int64_t user_service, billing, network; /* 2016 classes */
static int64_t porting, coverage;              /* 携号转网, 信号覆盖 of those */

/* ---- the data ----------------------------------------------------------------
 *
 *                         2019Q4   2020Q3   2020Q4   2021Q1
 * 44 移动 用户服务/携号转网    16        4        6
 * 44 电信 收费争议 (none)               2        3
 * 11 移动 网络质量/信号覆盖              2        1
 * 11 电信 收费争议 (none)                                 1
 *                             16        8       10        1
 *
 * Each cell also has complaints that are not counted (awaiting the decision,
 * refused, answered as an enquiry), and the period edges are tested with
 * complaints one second either side of midnight, Beijing time. */

static int64_t beijing(const char *iso_day, int seconds)
{
	return date_start_instant(fixture_day(iso_day), SH_BEIJING_OFFSET) + seconds;
}

static void add(const char *province, int64_t enterprise, int64_t category, int64_t subtopic,
                enum complaint_state st, int64_t at, int n)
{
	for (int i = 0; i < n; i++) {
		struct complaint c = {.enterprise_id = enterprise,
		                      .category_id = category,
		                      .subtopic_id = subtopic,
		                      .state = st,
		                      .received_at = at + i,
		                      .closed_at = st == COMPLAINT_CLOSED ? at + 86400 : NO_INSTANT,
		                      .description = "x",
		                      .description_len = 1};
		memcpy(c.province, province, 3);
		assert_int_equal(store_complaint_insert(db.s, &c, 0), 0);
	}
}

/* n counted complaints and, beside them, some that are not. */
static void cell(const char *province, int64_t enterprise, int64_t category, int64_t subtopic,
                 int64_t at, int n)
{
	static const enum complaint_state counted[] = {COMPLAINT_ACCEPTED, COMPLAINT_FORWARDED,
	                                               COMPLAINT_REPLIED, COMPLAINT_MEDIATION,
	                                               COMPLAINT_CLOSED};
	for (int i = 0; i < n; i++)
		add(province, enterprise, category, subtopic, counted[i % 5], at + 100 * i, 1);
	add(province, enterprise, category, subtopic, COMPLAINT_SUBMITTED, at + 5000, 2);
	add(province, enterprise, category, subtopic, COMPLAINT_NEEDS_SUPPLEMENT, at + 6000, 1);
	add(province, enterprise, category, subtopic, COMPLAINT_NOT_ACCEPTED, at + 7000, 1);
	add(province, enterprise, category, subtopic, COMPLAINT_ENQUIRY_ANSWERED, at + 8000, 1);
}

static int64_t category_id(const char *code)
{
	const struct category *c = reference_category_any(&db.ref, code, strlen(code));
	assert_non_null(c);
	return c->id;
}

static int64_t subtopic_id(int64_t category, const char *name)
{
	const struct subtopic *t = reference_subtopic(&db.ref, category, name, strlen(name));
	assert_non_null(t);
	return t->id;
}

static int setup(void **state)
{
	(void)state;
	if (fixture_db_open(&db))
		return -1;
	mobile = reference_enterprise(&db.ref, "中国移动", strlen("中国移动"))->id;
	telecom = reference_enterprise(&db.ref, "中国电信", strlen("中国电信"))->id;
	user_service = category_id("user_service");
	billing = category_id("billing");
	network = category_id("network");
	porting = subtopic_id(user_service, "携号转网");
	coverage = subtopic_id(network, "信号覆盖");

	cell("44", mobile, user_service, porting, beijing("2019-11-10", 3600), 16);

	/* 2020Q3; the last second of the quarter included */
	cell("44", mobile, user_service, porting, beijing("2020-08-01", 3600), 3);
	add("44", mobile, user_service, porting, COMPLAINT_ACCEPTED, beijing("2020-10-01", -1), 1);
	cell("44", telecom, billing, 0, beijing("2020-07-15", 7200), 2);
	cell("11", mobile, network, coverage, beijing("2020-09-02", 0), 2);

	/* 2020Q4; its first and last seconds included */
	add("44", mobile, user_service, porting, COMPLAINT_ACCEPTED, beijing("2020-10-01", 0), 1);
	cell("44", mobile, user_service, porting, beijing("2020-11-11", 0), 5);
	cell("44", telecom, billing, 0, beijing("2020-12-01", 0), 2);
	add("44", telecom, billing, 0, COMPLAINT_CLOSED, beijing("2021-01-01", -1), 1);
	cell("11", mobile, network, coverage, beijing("2020-10-20", 0), 1);

	/* 2021Q1: its first second */
	add("11", telecom, billing, 0, COMPLAINT_FORWARDED, beijing("2021-01-01", 0), 1);

	/* Subscribers (10,000s) for complaints per million users. */
	assert_int_equal(store_subscribers_put(db.s, "2020Q4", mobile, 200), 0);
	assert_int_equal(store_subscribers_put(db.s, "2020Q4", telecom, 300), 0);
	assert_int_equal(store_subscribers_put(db.s, "2020Q3", mobile, 250), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_db_close(&db);
	return 0;
}

/* ---- queries ------------------------------------------------------------------ */

static struct arena arena;

/* The query for a period with its comparison periods, as /api/stats makes it. */
static struct stats_query query(const char *period, enum stats_by by)
{
	static char keys[2][16];
	struct period p;
	assert_int_equal(period_parse(period, strlen(period), &p), 0);
	struct period prev = period_shift(&p, -1);
	struct period yoy =
	    p.kind == PERIOD_YEAR ? prev : period_shift(&p, p.kind == PERIOD_QUARTER ? -4 : -12);
	struct stats_query q = {.first = p.first,
	                        .last = p.last,
	                        .prev_first = prev.first,
	                        .prev_last = prev.last,
	                        .yoy_first = yoy.first,
	                        .yoy_last = yoy.last,
	                        .by = by};
	if (p.kind == PERIOD_QUARTER) {
		period_format(&p, keys[0], sizeof keys[0]);
		period_format(&prev, keys[1], sizeof keys[1]);
		q.quarter = keys[0];
		q.prev_quarter = keys[1];
	}
	return q;
}

static struct stats_result load(const struct stats_query *q)
{
	struct stats_result r;
	assert_int_equal(stats_load(db.s, &db.ref, q, &arena, &r), 0);
	/* the groups add up to the totals */
	int64_t count = 0, prev = 0, yoy = 0;
	for (size_t g = 0; g < r.ngroups; g++) {
		count += r.groups[g].count;
		prev += r.groups[g].prev;
		yoy += r.groups[g].yoy;
	}
	assert_int_equal(count, r.total);
	assert_int_equal(prev, r.prev);
	assert_int_equal(yoy, r.yoy);
	return r;
}

static const struct stats_group *group(const struct stats_result *r, const char *key)
{
	for (size_t g = 0; g < r->ngroups; g++)
		if (strcmp(r->groups[g].key, key) == 0)
			return &r->groups[g];
	fail_msg("no group %s", key);
	return NULL;
}

static const char *id_key(int64_t id)
{
	static char buf[4][24];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%lld", (long long)id);
	return buf[k];
}

/* A percentage in tenths, or NONE for "no basis". */
#define NONE 99999

static void pct(struct stat_pct p, int want)
{
	if (want == NONE) {
		assert_false(p.ok);
	} else {
		assert_true(p.ok);
		assert_int_equal(p.tenths, want);
	}
}

static void figures(const struct stats_group *g, int64_t count, int64_t prev, int64_t yoy,
                    int share, int qoq, int yoy_change)
{
	assert_int_equal(g->count, count);
	assert_int_equal(g->prev, prev);
	assert_int_equal(g->yoy, yoy);
	pct(g->share, share);
	pct(g->qoq, qoq);
	pct(g->yoy_change, yoy_change);
}

static void totals(const struct stats_result *r, int64_t total, int64_t prev, int64_t yoy, int qoq,
                   int yoy_change)
{
	assert_int_equal(r->total, total);
	assert_int_equal(r->prev, prev);
	assert_int_equal(r->yoy, yoy);
	pct(r->qoq, qoq);
	pct(r->yoy_change, yoy_change);
}

/* ---- tests ------------------------------------------------------------------------ */

static void test_totals(void **state)
{
	(void)state;
	struct stats_query q = query("2020Q4", STATS_BY_NONE);
	struct stats_result r = load(&q);
	/* (10 - 8) / 8 = +25.0%; (10 - 16) / 16 = -37.5% */
	totals(&r, 10, 8, 16, 250, -375);
	assert_int_equal(r.ngroups, 1);
	assert_string_equal(r.groups[0].key, "all");
	assert_string_equal(r.groups[0].name, "合计");
	figures(&r.groups[0], 10, 8, 16, 1000, 250, -375);
}

static void test_by_province(void **state)
{
	(void)state;
	struct stats_query q = query("2020Q4", STATS_BY_PROVINCE);
	struct stats_result r = load(&q);
	assert_int_equal(r.ngroups, 2);
	const struct stats_group *gd = group(&r, "44"), *bj = group(&r, "11");
	assert_string_equal(gd->name, "广东省");
	assert_string_equal(bj->name, "北京市");
	/* 9 of 10; 环比 (9 - 6) / 6; 同比 (9 - 16) / 16 = -43.75%, rounded away from zero */
	figures(gd, 9, 6, 16, 900, 500, -438);
	/* 北京 had nothing a year before: no basis */
	figures(bj, 1, 2, 0, 100, -500, NONE);
}

static void test_by_enterprise(void **state)
{
	(void)state;
	struct stats_query q = query("2020Q4", STATS_BY_ENTERPRISE);
	struct stats_result r = load(&q);
	assert_int_equal(r.ngroups, 2);
	const struct stats_group *m = group(&r, id_key(mobile)), *t = group(&r, id_key(telecom));
	assert_string_equal(m->name, "中国移动");
	assert_string_equal(t->name, "中国电信");
	figures(m, 7, 6, 16, 700, 167, -563); /* +16.67%, -56.25% */
	figures(t, 3, 2, 0, 300, 500, NONE);

	/* Complaints per million users: 7 / 2 million = 3.50; before, 6 / 2.5
	 * million = 2.40, so +45.8%. 电信: 3 / 3 million = 1.00, and no
	 * subscriber count for the quarter before: no basis. */
	assert_int_equal(m->subscribers_10k, 200);
	assert_true(m->rate_ok);
	assert_int_equal(m->rate_hundredths, 350);
	pct(m->rate_change, 458);
	assert_int_equal(t->subscribers_10k, 300);
	assert_true(t->rate_ok);
	assert_int_equal(t->rate_hundredths, 100);
	pct(t->rate_change, NONE);

	/* Subscriber counts are national: none for one province. */
	q.province = "44";
	r = load(&q);
	m = group(&r, id_key(mobile));
	assert_int_equal(m->count, 6);
	assert_int_equal(m->subscribers_10k, 0);
	assert_false(m->rate_ok);
	/* nor for a month */
	q = query("2020-11", STATS_BY_ENTERPRISE);
	r = load(&q);
	assert_false(group(&r, id_key(mobile))->rate_ok);
}

static void test_by_category_and_subtopic(void **state)
{
	(void)state;
	struct stats_query q = query("2020Q4", STATS_BY_CATEGORY);
	struct stats_result r = load(&q);
	assert_int_equal(r.ngroups, 3);
	const struct stats_group *us = group(&r, "user_service"), *bi = group(&r, "billing"),
	                         *nw = group(&r, "network");
	assert_string_equal(us->name, "用户服务");
	figures(us, 6, 4, 16, 600, 500, -625);
	figures(bi, 3, 2, 0, 300, 500, NONE);
	figures(nw, 1, 2, 0, 100, -500, NONE);

	q.by = STATS_BY_SUBTOPIC;
	r = load(&q);
	assert_int_equal(r.ngroups, 3);
	const struct stats_group *po = group(&r, id_key(porting)),
	                         *co = group(&r, id_key(coverage));
	const struct stats_group *none = group(&r, "0");
	assert_string_equal(po->name, "携号转网");
	assert_string_equal(co->name, "信号覆盖");
	assert_string_equal(none->name, "（未分子类）");
	figures(po, 6, 4, 16, 600, 500, -625);
	figures(none, 3, 2, 0, 300, 500, NONE);
	figures(co, 1, 2, 0, 100, -500, NONE);
}

static void test_filters(void **state)
{
	(void)state;
	struct stats_query q = query("2020Q4", STATS_BY_PROVINCE);
	q.province = "44";
	struct stats_result r = load(&q);
	totals(&r, 9, 6, 16, 500, -438);
	assert_int_equal(r.ngroups, 1);
	figures(group(&r, "44"), 9, 6, 16, 1000, 500, -438);

	q = query("2020Q4", STATS_BY_PROVINCE);
	q.enterprise_id = mobile;
	r = load(&q);
	assert_int_equal(r.total, 7);
	figures(group(&r, "44"), 6, 4, 16, 857, 500, -625); /* 6 / 7 = 85.7% */
	figures(group(&r, "11"), 1, 2, 0, 143, -500, NONE);

	q = query("2020Q4", STATS_BY_ENTERPRISE);
	q.category_id = billing;
	r = load(&q);
	assert_int_equal(r.total, 3);
	assert_int_equal(r.ngroups, 1);
	figures(group(&r, id_key(telecom)), 3, 2, 0, 1000, 500, NONE);

	/* a province with no complaints at all */
	q = query("2020Q4", STATS_BY_PROVINCE);
	q.province = "31";
	r = load(&q);
	totals(&r, 0, 0, 0, NONE, NONE);
	assert_int_equal(r.ngroups, 0);
}

/* A period whose comparison period is empty has no basis; one that is empty
 * itself still shows the groups the comparison periods had, at zero. */
static void test_no_basis(void **state)
{
	(void)state;
	struct stats_query q = query("2019Q4", STATS_BY_PROVINCE);
	struct stats_result r = load(&q);
	totals(&r, 16, 0, 0, NONE, NONE);
	figures(group(&r, "44"), 16, 0, 0, 1000, NONE, NONE);

	q = query("2021Q1", STATS_BY_PROVINCE);
	r = load(&q);
	totals(&r, 1, 10, 0, -900, NONE);                  /* 2020Q1 had nothing */
	figures(group(&r, "44"), 0, 9, 0, 0, -1000, NONE); /* -100.0% */
	figures(group(&r, "11"), 1, 1, 0, 1000, 0, NONE);  /* 持平 */

	/* nothing now or in the quarter before; 2021Q1 a year before: a share of
	 * nothing has no basis either */
	q = query("2022Q1", STATS_BY_PROVINCE);
	r = load(&q);
	totals(&r, 0, 0, 1, NONE, -1000);
	assert_int_equal(r.ngroups, 1);
	figures(group(&r, "11"), 0, 0, 1, NONE, NONE, -1000);
}

/* Months and years are counted with their own comparison periods. */
static void test_months_and_years(void **state)
{
	(void)state;
	struct stats_query q = query("2020-10", STATS_BY_NONE);
	struct stats_result r = load(&q);
	/* 1 at 10-01 00:00:00 and 1 on 10-20; September had 2 and the second
	 * before October; October 2019 nothing */
	totals(&r, 2, 3, 0, -333, NONE);

	q = query("2020", STATS_BY_NONE);
	r = load(&q);
	/* Q3 and Q4; a year's "year before" is the previous year */
	totals(&r, 18, 16, 16, 125, 125);
}

static void test_by_codes(void **state)
{
	(void)state;
	const char *const codes[] = {"province", "enterprise", "category", "subtopic", "none"};
	for (int i = 0; i <= STATS_BY_NONE; i++) {
		enum stats_by by;
		assert_int_equal(stats_by_parse(codes[i], &by), 0);
		assert_int_equal(by, i);
		assert_string_equal(stats_by_code(by), codes[i]);
	}
	enum stats_by by = STATS_BY_NONE;
	assert_int_equal(stats_by_parse("Province", &by), SH_EINVAL);
	assert_int_equal(stats_by_parse("", &by), SH_EINVAL);
	assert_int_equal(stats_by_parse("province ", &by), SH_EINVAL);
	assert_int_equal(by, STATS_BY_NONE);
}

static int arena_setup(void **state)
{
	(void)state;
	arena_init(&arena, 0);
	return 0;
}

static int arena_teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	return 0;
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, arena_setup, arena_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_totals),           TEST(test_by_province),
	    TEST(test_by_enterprise),    TEST(test_by_category_and_subtopic),
	    TEST(test_filters),          TEST(test_no_basis),
	    TEST(test_months_and_years), TEST(test_by_codes),
	};
	return cmocka_run_group_tests_name("stats", tests, setup, teardown);
}
