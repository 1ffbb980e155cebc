/* The early-warning detector (domain/warning.h) and the daily series it runs
 * on (domain/series.h): known series give the flags they should and no
 * others; the 调休 calendar decides what a day is expected to be; a
 * national rise is reported once, a province's own rise as the province's. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/warning.h"
#include "fixtures.h"

#define NDAYS 59 /* warning_history_days(&warning_defaults) */

static struct reference ref;
static calendar *cal;
static int64_t mobile, unicom, service, fiveg, porting, coverage, network;

/* ---- counts -------------------------------------------------------------------- */

static uint64_t rng = 88172645463325252ull;

static double unif(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
}

static int32_t poisson(double mean)
{
	if (mean > 60) /* normal approximation: big counts only */
		return (int32_t)llround(mean + sqrt(mean) * sqrt(-2 * log(unif())) * cos(2 * M_PI * unif()));
	double l = exp(-mean), p = 1;
	int32_t k = -1;
	do {
		k++;
		p *= unif();
	} while (p > l);
	return k;
}

/* A leaf's counts over the NDAYS ending on `last`: `weekday` a working day,
 * `weekend` a day off (by the calendar), Poisson noise. */
static void counts(int32_t *out, int32_t last, double weekday, double weekend)
{
	for (int i = 0; i < NDAYS; i++) {
		bool working = true;
		assert_int_equal(calendar_is_working_day(cal, last - NDAYS + 1 + i, &working), 0);
		out[i] = poisson(working ? weekday : weekend);
	}
}

/* ---- a set of leaves -------------------------------------------------------------- */

#define MAX_LEAVES 40

struct leaf {
	int64_t op, category, subtopic;
	char province[3];
	int32_t c[NDAYS];
};

static struct leaf leaves[MAX_LEAVES];
static int nleaves;

static struct leaf *add_leaf(int64_t op, int64_t category, int64_t subtopic, const char *prov)
{
	struct leaf *l = &leaves[nleaves++];
	*l = (struct leaf){.op = op, .category = category, .subtopic = subtopic};
	memcpy(l->province, prov, 3);
	return l;
}

static void build(int32_t last, struct series_set *out)
{
	static struct series_row rows[MAX_LEAVES * NDAYS];
	size_t n = 0;
	for (int i = 0; i < nleaves; i++)
		for (int d = 0; d < NDAYS; d++)
			if (leaves[i].c[d])
				rows[n++] = (struct series_row){
					.day = last - NDAYS + 1 + d,
					.source = SERIES_COMPLAINTS,
					.enterprise_id = leaves[i].op,
					.category_id = leaves[i].category,
					.subtopic_id = leaves[i].subtopic,
					.province = {leaves[i].province[0], leaves[i].province[1], 0},
					.n = leaves[i].c[d],
				};
	series_build(&ref, last - NDAYS + 1, NDAYS, rows, n, out);
}

static struct warning_result *detect(const struct series_set *set, int32_t last,
                                     const calendar *with)
{
	uint8_t classes[NDAYS];
	warning_day_classes(with, last - NDAYS + 1, NDAYS, classes);
	struct warning_result *r = calloc(set->n + 1, sizeof *r);
	warning_detect(set, classes, &warning_defaults, r);
	return r;
}

static int32_t find(const struct series_set *set, enum series_level level, int64_t op,
                    int64_t category, int64_t subtopic, const char *prov)
{
	struct series_key k = {.source = SERIES_COMPLAINTS, .level = level, .operator_id = op,
	                       .category_id = category, .subtopic_id = subtopic};
	if (prov)
		memcpy(k.province, prov, 2);
	int32_t i = series_find(set, &k);
	assert_true(i >= 0);
	return i;
}

static int reported(const struct series_set *set, const struct warning_result *r)
{
	int n = 0;
	for (size_t i = 0; i < set->n; i++)
		n += r[i].status == WARNING_REPORTED;
	return n;
}

/* Ten provinces of 中国移动 5G complaints, a national background of another
 * class, and 中国联通 beside: what most tests start from. */
static const char *const provs[10] = {"44", "11", "31", "32", "33", "37", "41", "51", "42", "43"};

static void world(int32_t last, double level)
{
	nleaves = 0;
	for (int p = 0; p < 10; p++) {
		double m = level * (p == 0 ? 2 : 1);
		counts(add_leaf(mobile, service, fiveg, provs[p])->c, last, m, m * 0.6);
		counts(add_leaf(unicom, service, fiveg, provs[p])->c, last, m / 2, m * 0.3);
		counts(add_leaf(mobile, network, coverage, provs[p])->c, last, m, m);
	}
}

/* A surge: the last `days` days get Poisson((factor - 1) * mean) more, as
 * if the series' expectation (mean on those days) had been multiplied. */
static void raise_days(struct leaf *l, int days, double factor, double mean)
{
	for (int d = NDAYS - days; d < NDAYS; d++)
		l->c[d] += poisson((factor - 1) * mean);
}

/* ---- tests -------------------------------------------------------------------------------- */

static void quiet_series_give_no_warning(void **state)
{
	(void)state;
	int false_alarms = 0, tested = 0;
	for (int run = 0; run < 20; run++) {
		int32_t last = fixture_day("2025-06-18") + run * 7;
		world(last, 8);
		struct series_set set;
		build(last, &set);
		struct warning_result *r = detect(&set, last, cal);
		for (size_t i = 0; i < set.n; i++)
			tested += r[i].tested;
		false_alarms += reported(&set, r);
		free(r);
		series_set_free(&set);
	}
	assert_int_equal(tested, 20 * 36); /* 30 leaves, 3 national sub-topics, 3 classes */
	/* alpha 1e-3 over 3 windows: about 3 in a thousand series-days at most */
	assert_true(false_alarms <= 4);
}

static void a_tripled_province_is_reported_as_itself(void **state)
{
	(void)state;
	int32_t last = fixture_day("2025-06-18"); /* a Wednesday */
	world(last, 6);
	raise_days(&leaves[3 * 4], 3, 3, 6); /* 中国移动 5G in 浙江 (33) */
	struct series_set set;
	build(last, &set);
	struct warning_result *r = detect(&set, last, cal);
	int32_t leaf = find(&set, SERIES_PROVINCE_SUBTOPIC, mobile, service, fiveg, "33");
	assert_int_equal(r[leaf].status, WARNING_REPORTED);
	assert_true(r[leaf].surprise > 3);
	assert_true(r[leaf].window >= 1 && r[leaf].window <= 3);
	/* the national 5G series rose with it, but only because of 浙江 */
	int32_t national = find(&set, SERIES_OPERATOR_SUBTOPIC, mobile, service, fiveg, NULL);
	assert_int_not_equal(r[national].status, WARNING_REPORTED);
	assert_int_equal(reported(&set, r), 1);
	free(r);
	series_set_free(&set);
}

static void one_to_three_is_no_surge(void **state)
{
	(void)state;
	int32_t last = fixture_day("2025-06-18");
	world(last, 8);
	/* 中国联通 in 广东, about one a day, has three today; a quiet sub-topic of
	 * 中国移动 in 北京 with nothing for eight weeks gets four */
	struct leaf *small = &leaves[1];
	for (int d = 0; d < NDAYS; d++)
		small->c[d] = d % 2;
	small->c[NDAYS - 1] = 3;
	struct leaf *empty = add_leaf(mobile, service, porting, "11");
	empty->c[NDAYS - 1] = 4;
	struct series_set set;
	build(last, &set);
	struct warning_result *r = detect(&set, last, cal);
	int32_t a = find(&set, SERIES_PROVINCE_SUBTOPIC, unicom, service, fiveg, "44");
	int32_t b = find(&set, SERIES_PROVINCE_SUBTOPIC, mobile, service, porting, "11");
	assert_true(r[a].tested && r[b].tested);
	assert_false(r[a].flagged);
	assert_false(r[b].flagged);
	/* four more on the empty one make eight: a rise of at least five */
	empty->c[NDAYS - 2] = 4;
	series_set_free(&set);
	free(r);
	build(last, &set);
	r = detect(&set, last, cal);
	b = find(&set, SERIES_PROVINCE_SUBTOPIC, mobile, service, porting, "11");
	assert_int_equal(r[b].status, WARNING_REPORTED);
	free(r);
	series_set_free(&set);
}

/* 2025-09-28 is a Sunday declared a working day (调休 for 国庆). A weekday's
 * count on it is normal with the calendar, a surge by the weekday rule. */
static void a_working_sunday_is_a_weekday(void **state)
{
	(void)state;
	int32_t last = fixture_day("2025-09-28");
	nleaves = 0;
	for (int p = 0; p < 10; p++)
		counts(add_leaf(mobile, service, fiveg, provs[p])->c, last, 20, 4);
	for (int p = 0; p < 10; p++) /* the Sunday: a weekday's level everywhere */
		leaves[p].c[NDAYS - 1] = 20 + p % 3;
	struct series_set set;
	build(last, &set);
	struct warning_result *with = detect(&set, last, cal);
	struct warning_result *without = detect(&set, last, NULL);
	assert_int_equal(reported(&set, with), 0);
	assert_true(reported(&set, without) >= 1);
	/* by the weekday rule the whole of 中国移动's 5G series rose, once */
	int32_t national = find(&set, SERIES_OPERATOR_SUBTOPIC, mobile, service, fiveg, NULL);
	int32_t top = find(&set, SERIES_OPERATOR_CLASS, mobile, service, 0, NULL);
	assert_true(without[national].status == WARNING_REPORTED ||
	            without[top].status == WARNING_REPORTED);
	assert_int_equal(without[find(&set, SERIES_PROVINCE_SUBTOPIC, mobile, service, fiveg, "44")].status,
	                 WARNING_PART_OF);
	free(with);
	free(without);
	series_set_free(&set);
}

/* 2025-10-01 (a Wednesday) is 国庆: a holiday behaves like a Sunday, so a
 * Wednesday's count on it is a surge with the calendar and not without. */
static void a_holiday_is_a_sunday(void **state)
{
	(void)state;
	int32_t last = fixture_day("2025-10-01");
	nleaves = 0;
	for (int p = 0; p < 10; p++)
		counts(add_leaf(mobile, service, fiveg, provs[p])->c, last, 20, 4);
	for (int p = 0; p < 10; p++)
		leaves[p].c[NDAYS - 1] = 20 + p % 3;
	struct series_set set;
	build(last, &set);
	struct warning_result *with = detect(&set, last, cal);
	struct warning_result *without = detect(&set, last, NULL);
	assert_true(reported(&set, with) >= 1);
	assert_int_equal(reported(&set, without), 0);
	/* and the expectations say why: the holiday's is the Sunday's */
	int32_t leaf = find(&set, SERIES_PROVINCE_SUBTOPIC, mobile, service, fiveg, "11");
	double on_holiday, on_sunday, on_working_sunday;
	int64_t lo, hi;
	warning_day_band(&with[leaf].fit, warning_day_class(3, false), 0.005, &on_holiday, &lo, &hi);
	warning_day_band(&with[leaf].fit, warning_day_class(7, false), 0.005, &on_sunday, &lo, &hi);
	warning_day_band(&with[leaf].fit, warning_day_class(7, true), 0.005, &on_working_sunday, &lo,
	                 &hi);
	assert_true(on_holiday == on_sunday);
	assert_true(on_sunday < 8 && on_working_sunday > 15);
	free(with);
	free(without);
	series_set_free(&set);
}

static void a_national_rise_is_reported_once(void **state)
{
	(void)state;
	int32_t last = fixture_day("2025-06-18");
	world(last, 6);
	for (int p = 0; p < 10; p++)
		raise_days(&leaves[p * 3], 3, 2.5, p ? 6 : 12); /* 中国移动 5G everywhere */
	struct series_set set;
	build(last, &set);
	struct warning_result *r = detect(&set, last, cal);
	int32_t national = find(&set, SERIES_OPERATOR_SUBTOPIC, mobile, service, fiveg, NULL);
	int32_t top = find(&set, SERIES_OPERATOR_CLASS, mobile, service, 0, NULL);
	/* the rise is 5G's (its class is 5G alone here, so either may carry it) */
	assert_true(r[national].status == WARNING_REPORTED || r[top].status == WARNING_REPORTED);
	int provinces_reported = 0, part_of = 0;
	for (int p = 0; p < 10; p++) {
		int32_t leaf = find(&set, SERIES_PROVINCE_SUBTOPIC, mobile, service, fiveg, provs[p]);
		provinces_reported += r[leaf].status == WARNING_REPORTED;
		part_of += r[leaf].status == WARNING_PART_OF;
		if (r[leaf].status == WARNING_PART_OF)
			assert_true(r[leaf].related == national || r[leaf].related == top);
	}
	assert_int_equal(provinces_reported, 0);
	assert_true(part_of >= 5); /* flagged on their own, but part of the national rise */
	assert_int_equal(reported(&set, r), 1);
	free(r);
	series_set_free(&set);
}

static void a_province_beyond_a_national_rise_is_reported_besides(void **state)
{
	(void)state;
	int32_t last = fixture_day("2025-06-18");
	world(last, 6);
	for (int p = 0; p < 10; p++)
		raise_days(&leaves[p * 3], 3, p == 5 ? 8 : 2.5, p ? 6 : 12); /* 山东 (37) far beyond */
	struct series_set set;
	build(last, &set);
	struct warning_result *r = detect(&set, last, cal);
	int32_t shandong = find(&set, SERIES_PROVINCE_SUBTOPIC, mobile, service, fiveg, "37");
	int32_t national = find(&set, SERIES_OPERATOR_SUBTOPIC, mobile, service, fiveg, NULL);
	int32_t top = find(&set, SERIES_OPERATOR_CLASS, mobile, service, 0, NULL);
	assert_int_equal(r[shandong].status, WARNING_REPORTED);
	assert_true(r[national].status == WARNING_REPORTED || r[top].status == WARNING_REPORTED);
	assert_int_equal(reported(&set, r), 2);
	free(r);
	series_set_free(&set);
}

static void no_history_no_judgement(void **state)
{
	(void)state;
	int32_t last = fixture_day("2025-06-18");
	world(last, 6);
	/* 中国联通 starts only three weeks ago: none of its series is judged */
	for (int i = 0; i < nleaves; i++)
		if (leaves[i].op == unicom)
			for (int d = 0; d < NDAYS - 21; d++)
				leaves[i].c[d] = 0;
	raise_days(&leaves[1], 3, 6, 6);
	struct series_set set;
	build(last, &set);
	struct warning_result *r = detect(&set, last, cal);
	int32_t leaf = find(&set, SERIES_PROVINCE_SUBTOPIC, unicom, service, fiveg, "44");
	assert_false(r[leaf].tested);
	assert_int_equal(r[leaf].status, WARNING_QUIET);
	assert_true(r[find(&set, SERIES_PROVINCE_SUBTOPIC, mobile, service, fiveg, "44")].tested);
	free(r);
	/* nor with too short a history at all */
	struct series_set shorter = set;
	shorter.ndays = NDAYS - 1;
	r = calloc(set.n, sizeof *r);
	uint8_t classes[NDAYS] = {0};
	warning_detect(&shorter, classes, &warning_defaults, r);
	for (size_t i = 0; i < set.n; i++)
		assert_false(r[i].tested);
	free(r);
	series_set_free(&set);
}

static void tails_and_bands_are_exact(void **state)
{
	(void)state;
	/* P(X >= 20) for Poisson(10), negative binomial (mean 10, variance 20),
	 * Poisson(200) at 300: against values summed independently */
	assert_true(fabs(warning_log10_tail(20, 10, 10) - -2.4616346699896234) < 1e-9);
	assert_true(fabs(warning_log10_tail(20, 10, 20) - -1.512661175700674) < 1e-9);
	assert_true(fabs(warning_log10_tail(300, 200, 200) - -10.566795445612373) < 1e-6);
	assert_true(warning_log10_tail(0, 5, 5) == 0);
	assert_true(warning_log10_tail(3, 5, 5) > -0.2); /* below the mean: no surprise */
	/* a Poisson(10) day stays within 3..19 with 99% */
	struct warning_fit f = {.level = 10};
	for (int c = 0; c < WARNING_CLASSES; c++)
		f.factor[c] = 1;
	double e;
	int64_t lo, hi;
	warning_day_band(&f, 0, 0.005, &e, &lo, &hi);
	assert_true(e == 10);
	assert_int_equal(lo, 3);
	assert_int_equal(hi, 19);
}

static void keys_and_classes(void **state)
{
	(void)state;
	char key[SERIES_KEY_MAX];
	struct series_key k = {.source = SERIES_COMPLAINTS, .level = SERIES_PROVINCE_SUBTOPIC,
	                       .province = "44", .operator_id = 2, .category_id = 4,
	                       .subtopic_id = 23};
	series_key_format(&k, key);
	assert_string_equal(key, "complaint.44.2.4.23");
	k.level = SERIES_OPERATOR_CLASS;
	series_key_format(&k, key);
	assert_string_equal(key, "complaint.all.2.4.all");
	k = (struct series_key){.source = SERIES_REPORTS(REPORT_FRAUD_CALL),
	                        .level = SERIES_REPORT_OPERATOR, .operator_id = 3};
	series_key_format(&k, key);
	assert_string_equal(key, "fraud_call.all.3.all.all");
	/* Monday..Friday; a weekend day declared working; holidays as Sunday */
	assert_int_equal(warning_day_class(1, true), 0);
	assert_int_equal(warning_day_class(5, true), 4);
	assert_int_equal(warning_day_class(6, true), WARNING_WORKING_WEEKEND);
	assert_int_equal(warning_day_class(7, true), WARNING_WORKING_WEEKEND);
	assert_int_equal(warning_day_class(6, false), 5);
	assert_int_equal(warning_day_class(7, false), 6);
	assert_int_equal(warning_day_class(3, false), 6);
	enum warning_decision d;
	assert_int_equal(warning_decision_parse("dismissed", 9, &d), 0);
	assert_int_equal(d, WARNING_DISMISSED);
	assert_true(warning_decision_needs_note(d));
	assert_false(warning_decision_needs_note(WARNING_ACKNOWLEDGED));
	assert_int_not_equal(warning_decision_parse("maybe", 5, &d), 0);
}

/* series_build: a branch counts for its group, parents add up their
 * children, classes that changed inside the days are not judged, reports
 * form their own tree (apps: the kind alone). */
static void series_are_built_from_leaves(void **state)
{
	(void)state;
	const struct enterprise *branch = reference_branch(&ref, mobile, "44");
	assert_non_null(branch);
	int32_t first = fixture_day("2025-01-01");
	/* the 2016 classes ended on 2021-12-31: a series of one is not judged */
	const struct category *old = reference_category_any(&ref, "user_service", 12);
	struct series_row rows[] = {
		{first, SERIES_COMPLAINTS, "44", branch->id, service, fiveg, 3},
		{first, SERIES_COMPLAINTS, "44", mobile, service, fiveg, 2},
		{first + 1, SERIES_COMPLAINTS, "11", mobile, service, fiveg, 5},
		{first + 1, SERIES_COMPLAINTS, "11", mobile, old->id, 0, 7},
		{first + 2, SERIES_REPORTS(REPORT_SPAM_SMS), "", unicom, 0, 0, 4},
		{first + 2, SERIES_REPORTS(REPORT_SPAM_SMS), "", 0, 0, 0, 1},
		{first + 2, SERIES_REPORTS(REPORT_BAD_APP), "", 0, 0, 0, 6},
		{first + 99, SERIES_COMPLAINTS, "11", mobile, service, fiveg, 50}, /* outside */
	};
	struct series_set set;
	series_build(&ref, first, NDAYS, rows, sizeof rows / sizeof *rows, &set);
	/* leaves 44, 11, 11-old; 5G and old national; two classes; spam x2 + kind; app kind */
	assert_int_equal(set.n, 3 + 2 + 2 + 3 + 1);
	int32_t gd = find(&set, SERIES_PROVINCE_SUBTOPIC, mobile, service, fiveg, "44");
	assert_int_equal(set.items[gd].counts[0], 5);
	int32_t nat = find(&set, SERIES_OPERATOR_SUBTOPIC, mobile, service, fiveg, NULL);
	assert_int_equal(set.items[gd].parent, nat);
	assert_int_equal(set.items[nat].counts[0], 5);
	assert_int_equal(set.items[nat].counts[1], 5);
	int32_t top = find(&set, SERIES_OPERATOR_CLASS, mobile, service, 0, NULL);
	assert_int_equal(set.items[nat].parent, top);
	assert_int_equal(set.items[top].parent, -1);
	assert_true(set.items[top].parent < top && top < nat && nat < gd);
	assert_true(set.items[gd].testable);
	assert_false(set.items[find(&set, SERIES_PROVINCE_SUBTOPIC, mobile, old->id, 0, "11")].testable);
	struct series_key spam = {.source = SERIES_REPORTS(REPORT_SPAM_SMS),
	                          .level = SERIES_REPORT_KIND};
	int32_t kind = series_find(&set, &spam);
	assert_true(kind >= 0);
	assert_int_equal(set.items[kind].counts[2], 5);
	struct series_key app = {.source = SERIES_REPORTS(REPORT_BAD_APP), .level = SERIES_REPORT_KIND};
	assert_int_equal(set.items[series_find(&set, &app)].counts[2], 6);
	for (size_t i = 0; i < set.n; i++) {
		int sum = 0;
		for (int d = 0; d < NDAYS; d++)
			sum += set.items[i].counts[d];
		assert_true(sum < 50); /* the row outside the days counted nowhere */
	}
	series_set_free(&set);
	series_set_free(NULL);
}

static int setup(void **state)
{
	(void)state;
	if (fixture_reference(&ref) || !(cal = fixture_calendar()))
		return -1;
	mobile = reference_enterprise(&ref, "中国移动", strlen("中国移动"))->id;
	unicom = reference_enterprise(&ref, "中国联通", strlen("中国联通"))->id;
	int32_t day = fixture_day("2025-06-01");
	service = reference_category(&ref, "service", 7, day)->id;
	network = reference_category(&ref, "network_security", 16, day)->id;
	fiveg = reference_subtopic(&ref, service, "5G服务", strlen("5G服务"))->id;
	porting = reference_subtopic(&ref, service, "携号转网", strlen("携号转网"))->id;
	coverage = reference_subtopic(&ref, network, "信号覆盖", strlen("信号覆盖"))->id;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	calendar_free(cal);
	reference_free(&ref);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quiet_series_give_no_warning),
		cmocka_unit_test(a_tripled_province_is_reported_as_itself),
		cmocka_unit_test(one_to_three_is_no_surge),
		cmocka_unit_test(a_working_sunday_is_a_weekday),
		cmocka_unit_test(a_holiday_is_a_sunday),
		cmocka_unit_test(a_national_rise_is_reported_once),
		cmocka_unit_test(a_province_beyond_a_national_rise_is_reported_besides),
		cmocka_unit_test(no_history_no_judgement),
		cmocka_unit_test(tails_and_bands_are_exact),
		cmocka_unit_test(keys_and_classes),
		cmocka_unit_test(series_are_built_from_leaves),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
