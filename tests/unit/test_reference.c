/* Tests for domain/reference.c on the reference data shensu ships: provinces
 * by code, name and short name; enterprises by name, code and legal name,
 * their branches; complaint classes by the day they are valid on; sub-topics
 * within their class; reasons; the longest matching number segment. Look-ups
 * take text with a length (a CSV field may hold NUL bytes): the whole text
 * must match, never just its start. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "fixtures.h"

#include <string.h>

#include "core/error.h"

static struct reference ref;

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

#define S(lit) lit, sizeof lit - 1 /* a literal with its length, NULs included */

static void test_provinces(void **state)
{
	(void)state;
	const char *const gd[] = {"44", "广东省", "广东"};
	for (int i = 0; i < 3; i++) {
		const struct province *p = reference_province(&ref, gd[i], strlen(gd[i]));
		assert_non_null(p);
		assert_string_equal(p->code, "44");
		assert_false(p->national);
	}
	const struct province *n = reference_province_code(&ref, PROVINCE_NATIONAL);
	assert_non_null(n);
	assert_true(n->national);
	/* 31 provinces and the national centre, each code once */
	assert_int_equal(ref.nprovinces, 32);
	for (size_t i = 0; i < ref.nprovinces; i++)
		assert_ptr_equal(reference_province_code(&ref, ref.provinces[i].code),
		                 &ref.provinces[i]);

	/* the whole text, no more and no less */
	assert_null(reference_province(&ref, S("4")));
	assert_null(reference_province(&ref, S("440")));
	assert_null(reference_province(&ref, S("广")));
	assert_null(reference_province(&ref, S("广东省省")));
	assert_null(reference_province(&ref, S("44\0")));
	assert_null(reference_province(&ref, S("44\0\0\0")));
	assert_null(reference_province(&ref, S("广东\0xx")));
	assert_null(reference_province(&ref, S("")));
	assert_non_null(reference_province(&ref, "44 and more", 2)); /* len bytes only */
}

static void test_enterprises(void **state)
{
	(void)state;
	const struct enterprise *m = reference_enterprise(&ref, S("中国移动"));
	assert_non_null(m);
	assert_int_equal(m->parent_id, 0);
	assert_int_equal(m->kind, ENTERPRISE_BASIC);
	assert_ptr_equal(reference_enterprise(&ref, S("mobile")), m);
	assert_ptr_equal(reference_enterprise(&ref, S("中国移动通信集团有限公司")), m);
	assert_ptr_equal(reference_enterprise_id(&ref, m->id), m);
	assert_null(reference_enterprise_id(&ref, 0));
	assert_null(reference_enterprise(&ref, S("mobile\0\0\0\0\0\0\0\0")));
	assert_null(reference_enterprise(&ref, S("中国")));

	/* a provincial branch belongs to its group and names its province */
	const struct enterprise *b = reference_branch(&ref, m->id, "44");
	assert_non_null(b);
	assert_int_equal(b->parent_id, m->id);
	assert_string_equal(b->province, "44");
	assert_ptr_equal(reference_enterprise(&ref, b->name, strlen(b->name)), b);
	assert_null(reference_branch(&ref, m->id, "99"));

	/* a reseller has a host and no branches */
	const struct enterprise *jd = reference_enterprise(&ref, S("京东通信"));
	assert_non_null(jd);
	assert_int_equal(jd->kind, ENTERPRISE_RESELLER);
	assert_int_equal(jd->host_id, reference_enterprise(&ref, S("中国电信"))->id);
	assert_null(reference_branch(&ref, jd->id, "44"));

	for (int k = ENTERPRISE_BASIC; k <= ENTERPRISE_VALUE_ADDED; k++) {
		enum enterprise_kind got;
		assert_int_equal(
		    enterprise_kind_parse(enterprise_kind_code((enum enterprise_kind)k), &got), 0);
		assert_int_equal(got, k);
	}
	enum enterprise_kind got = ENTERPRISE_BASIC;
	assert_int_equal(enterprise_kind_parse("mvno", &got), SH_EINVAL);
	assert_int_equal(got, ENTERPRISE_BASIC);
}

/* The classes changed on 2022-01-01: each is valid on its own days only, and
 * reference_categories_on lists exactly those valid on a day. */
static void test_categories(void **state)
{
	(void)state;
	int32_t old_day = fixture_day("2021-12-31"), new_day = fixture_day("2022-01-01");
	const struct category *us = reference_category(&ref, S("用户服务"), old_day);
	assert_non_null(us);
	assert_ptr_equal(reference_category(&ref, S("user_service"), old_day), us);
	assert_null(reference_category(&ref, S("用户服务"), new_day));
	assert_ptr_equal(reference_category_any(&ref, S("用户服务")), us);
	assert_ptr_equal(reference_category_id(&ref, us->id), us);
	assert_non_null(reference_category(&ref, S("服务争议"), new_day));
	assert_null(reference_category(&ref, S("服务争议"), old_day));
	assert_null(reference_category(&ref, S("用户服务\0"), old_day));
	assert_null(reference_category_any(&ref, S("其他")));

	const int32_t days[] = {fixture_day("2010-01-01"), old_day, new_day,
	                        fixture_day("2030-06-01")};
	for (size_t d = 0; d < 4; d++) {
		const struct category *on[16];
		size_t n = reference_categories_on(&ref, days[d], on, 16);
		assert_int_equal(n, 3); /* three classes at any time */
		for (size_t i = 0; i < n; i++)
			assert_true(on[i]->valid_from <= days[d] && days[d] <= on[i]->valid_to);
		size_t valid = 0;
		for (size_t i = 0; i < ref.ncategories; i++)
			valid += ref.categories[i].valid_from <= days[d] &&
			         days[d] <= ref.categories[i].valid_to;
		assert_int_equal(valid, n);
		const struct category *one[1];
		assert_int_equal(reference_categories_on(&ref, days[d], one, 1), 1);
	}
}

static void test_subtopics_and_reasons(void **state)
{
	(void)state;
	const struct category *us = reference_category_any(&ref, S("user_service"));
	const struct category *nw = reference_category_any(&ref, S("network"));
	const struct subtopic *t = reference_subtopic(&ref, us->id, S("携号转网"));
	assert_non_null(t);
	assert_int_equal(t->category_id, us->id);
	assert_null(reference_subtopic(&ref, nw->id, S("携号转网")));
	assert_null(reference_subtopic(&ref, us->id, S("携号")));
	assert_null(reference_subtopic(&ref, us->id, S("携号转网\0")));
	/* every sub-topic is found under its own class */
	for (size_t i = 0; i < ref.nsubtopics; i++) {
		const struct subtopic *s = &ref.subtopics[i];
		assert_ptr_equal(reference_subtopic(&ref, s->category_id, s->name, strlen(s->name)),
		                 s);
		assert_non_null(reference_category_id(&ref, s->category_id));
	}

	assert_true(ref.nreasons > 0);
	for (size_t i = 0; i < ref.nreasons; i++) {
		const struct reason *r = &ref.reasons[i];
		assert_ptr_equal(reference_reason(&ref, r->code), r);
		assert_true(r->title[0] && r->rule[0]);
	}
	assert_null(reference_reason(&ref, "no_such_reason"));
}

/* The longest matching prefix wins: 170x reseller blocks inside 170. */
static void test_segments(void **state)
{
	(void)state;
	static const struct {
		const char *number, *operator;
		bool reseller;
	} cases[] = {
	    {"13800138000", "中国移动", false}, {"13300000000", "中国电信", false},
	    {"13000000000", "中国联通", false}, {"19200000000", "中国广电", false},
	    {"17001234567", "中国电信", true},  {"17031234567", "中国移动", true},
	    {"17041234567", "中国联通", true},  {"16212345678", "中国电信", true},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct number_segment *s = reference_segment(&ref, cases[i].number);
		if (!s)
			fail_msg("%s: no segment", cases[i].number);
		const struct enterprise *e = reference_enterprise_id(&ref, s->operator_id);
		assert_non_null(e);
		assert_string_equal(e->name, cases[i].operator);
		assert_int_equal(s->reseller, cases[i].reseller);
		/* no longer segment would match */
		for (size_t k = 0; k < ref.nsegments; k++)
			if (strncmp(cases[i].number, ref.segments[k].prefix,
			            strlen(ref.segments[k].prefix)) == 0)
				assert_true(strlen(ref.segments[k].prefix) <= strlen(s->prefix));
	}
	assert_null(reference_segment(&ref, "10086"));
	assert_null(reference_segment(&ref, ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_provinces),  cmocka_unit_test(test_enterprises),
	    cmocka_unit_test(test_categories), cmocka_unit_test(test_subtopics_and_reasons),
	    cmocka_unit_test(test_segments),
	};
	return cmocka_run_group_tests_name("reference", tests, setup, teardown);
}
