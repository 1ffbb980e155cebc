/* Tests for domain/admissibility.c: each warning on both sides of its
 * boundary, with the real reference data (rule texts, categories). */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixtures.h"
/* clang-format on */

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/admissibility.h"

static struct reference ref;
static int64_t billing_id, marketing_billing_id, user_service_id, network_security_id;

static int64_t category(const char *code)
{
	const struct category *c = reference_category_any(&ref, code, strlen(code));
	return c ? c->id : -1;
}

static int setup(void **state)
{
	(void)state;
	if (fixture_reference(&ref) != 0)
		return -1;
	billing_id = category("billing");
	marketing_billing_id = category("marketing_billing");
	user_service_id = category("user_service");
	network_security_id = category("network_security");
	return billing_id > 0 && marketing_billing_id > 0 && user_service_id > 0 &&
	               network_security_id > 0
	           ? 0
	           : -1;
}

static int teardown(void **state)
{
	(void)state;
	reference_free(&ref);
	return 0;
}

static int32_t D(const char *s)
{
	int32_t day = 0;
	assert_int_equal(date_parse(s, strlen(s), &day), 0);
	return day;
}

/* An admissible case: the operator answered unsatisfactorily, no event date. */
static struct complaint new_case(int64_t category_id, const char *materials)
{
	struct complaint c = {0};
	c.id = 1;
	memcpy(c.province, "44", 3);
	c.enterprise_id = 2;
	c.category_id = category_id;
	c.state = COMPLAINT_SUBMITTED;
	c.closed_at = NO_INSTANT;
	c.version = 1;
	c.operator_answer = OPERATOR_UNSATISFIED;
	c.operator_day = D(materials) - 20;
	c.materials_day = D(materials);
	return c;
}

static struct admissibility_warning w[ADMISSIBILITY_MAX_WARNINGS];

static size_t check(const struct complaint *c, const char *duplicate)
{
	memset(w, 0, sizeof w);
	return admissibility_check(c, &ref, duplicate, w, ADMISSIBILITY_MAX_WARNINGS);
}

static const char *rule_of(const char *reason)
{
	const struct reason *r = reference_reason(&ref, reason);
	assert_non_null(r);
	return r->rule;
}

static void assert_warning(const struct admissibility_warning *x, const char *code,
                           const char *reason)
{
	assert_string_equal(x->code, code);
	assert_string_equal(x->reason, reason);
	assert_string_equal(x->rule, rule_of(reason));
	assert_true(strlen(x->message) > 0);
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("'%s' does not contain '%s'", haystack, needle);
}

static void test_clean_case(void **state)
{
	(void)state;
	struct complaint c = new_case(billing_id, "2020-09-29");
	assert_int_equal(check(&c, NULL), 0);
	assert_int_equal(check(&c, ""), 0);
	c.event_day = D("2020-09-01");
	assert_int_equal(check(&c, NULL), 0);
}

static void test_operator_not_first(void **state)
{
	(void)state;
	struct complaint c = new_case(user_service_id, "2020-09-29");
	c.operator_answer = OPERATOR_NOT_ASKED;
	c.operator_day = 0;
	assert_int_equal(check(&c, NULL), 1);
	assert_warning(&w[0], "operator_not_first", "operator_not_first");
	assert_contains(w[0].rule, "第十二条第（四）项");

	/* "No answer" without saying when they asked. */
	c.operator_answer = OPERATOR_NO_ANSWER;
	assert_int_equal(check(&c, NULL), 1);
	assert_warning(&w[0], "operator_not_first", "operator_not_first");

	/* Unsatisfied: no wait needed, whatever the day. */
	c.operator_answer = OPERATOR_UNSATISFIED;
	c.operator_day = D("2020-09-28");
	assert_int_equal(check(&c, NULL), 0);
	c.operator_day = 0;
	assert_int_equal(check(&c, NULL), 0);
}

static void test_operator_wait_15_days(void **state)
{
	(void)state;
	struct complaint c = new_case(user_service_id, "2020-09-29");
	c.operator_answer = OPERATOR_NO_ANSWER;

	/* 15 days have passed: admissible. */
	c.operator_day = D("2020-09-14");
	assert_int_equal(check(&c, NULL), 0);
	c.operator_day = D("2020-08-01");
	assert_int_equal(check(&c, NULL), 0);

	/* 14 days: one more to go. */
	c.operator_day = D("2020-09-15");
	assert_int_equal(check(&c, NULL), 1);
	assert_warning(&w[0], "operator_wait_15_days", "operator_not_first");
	assert_contains(w[0].message, "2020-09-15");
	assert_contains(w[0].message, "2020-09-29");
	assert_contains(w[0].message, "还需1日");
	assert_contains(w[0].message, "2020-09-30");

	/* The same day. */
	c.operator_day = D("2020-09-29");
	assert_int_equal(check(&c, NULL), 1);
	assert_string_equal(w[0].code, "operator_wait_15_days");
	assert_contains(w[0].message, "还需15日");
	assert_contains(w[0].message, "2020-10-14");

	/* Across a month end. */
	c = new_case(user_service_id, "2021-03-01");
	c.operator_answer = OPERATOR_NO_ANSWER;
	c.operator_day = D("2021-02-14");
	assert_int_equal(check(&c, NULL), 0);
	c.operator_day = D("2021-02-15");
	assert_int_equal(check(&c, NULL), 1);
	assert_contains(w[0].message, "还需1日");
}

static void billing_boundary(int64_t category_id, const char *materials, const char *last_ok,
                             const char *first_barred)
{
	struct complaint c = new_case(category_id, materials);
	c.event_day = D(last_ok);
	if (check(&c, NULL) != 0)
		fail_msg("%s, event %s: %s", materials, last_ok, w[0].message);
	c.event_day = D(first_barred);
	if (check(&c, NULL) != 1)
		fail_msg("%s, event %s: no warning", materials, first_barred);
	assert_warning(&w[0], "time_barred_billing", "time_barred_billing");
	assert_contains(w[0].message, first_barred);
	assert_contains(w[0].message, materials);
	assert_contains(w[0].message, last_ok);
}

static void other_boundary(int64_t category_id, const char *materials, const char *last_ok,
                           const char *first_barred)
{
	struct complaint c = new_case(category_id, materials);
	c.event_day = D(last_ok);
	if (check(&c, NULL) != 0)
		fail_msg("%s, event %s: %s", materials, last_ok, w[0].message);
	c.event_day = D(first_barred);
	if (check(&c, NULL) != 1)
		fail_msg("%s, event %s: no warning", materials, first_barred);
	assert_warning(&w[0], "time_barred_other", "time_barred_other");
	assert_contains(w[0].message, first_barred);
	assert_contains(w[0].message, materials);
	assert_contains(w[0].message, last_ok);
}

/* "Exactly five months" is admissible, one day more is not. The last
 * admissible event day comes first. */
static void test_five_months(void **state)
{
	(void)state;
	billing_boundary(billing_id, "2020-08-15", "2020-03-15", "2020-03-14");
	/* Month-end clamping, leap year. */
	billing_boundary(billing_id, "2020-07-31", "2020-02-29", "2020-02-28");
	billing_boundary(billing_id, "2020-07-29", "2020-02-29", "2020-02-28");
	billing_boundary(billing_id, "2021-07-31", "2021-02-28", "2021-02-27");
	billing_boundary(billing_id, "2021-03-31", "2020-10-31", "2020-10-30");
	billing_boundary(billing_id, "2020-10-31", "2020-05-31", "2020-05-30");
	billing_boundary(billing_id, "2020-09-30", "2020-04-30", "2020-04-29");
	/* Across the year. */
	billing_boundary(billing_id, "2020-01-15", "2019-08-15", "2019-08-14");
	billing_boundary(billing_id, "2020-05-01", "2019-12-01", "2019-11-30");
	/* The 2022 taxonomy's billing class. */
	billing_boundary(marketing_billing_id, "2022-05-31", "2021-12-31", "2021-12-30");
	billing_boundary(marketing_billing_id, "2023-07-31", "2023-02-28", "2023-02-27");

	/* Other classes are not barred at five months. */
	struct complaint c = new_case(user_service_id, "2020-08-15");
	c.event_day = D("2020-01-01");
	assert_int_equal(check(&c, NULL), 0);
	c = new_case(network_security_id, "2022-08-15");
	c.event_day = D("2022-01-01");
	assert_int_equal(check(&c, NULL), 0);

	/* A billing dispute past two years gets the billing warning only. */
	c = new_case(billing_id, "2020-08-15");
	c.event_day = D("2017-01-01");
	assert_int_equal(check(&c, NULL), 1);
	assert_string_equal(w[0].code, "time_barred_billing");
}

/* The billing classes are the ones the reference names so, and no other;
 * every class gets the bar admissibility_billing gives it, and the message
 * names the period. */
static void test_billing_classes(void **state)
{
	(void)state;
	assert_false(admissibility_billing(NULL));
	size_t billing = 0;
	for (size_t i = 0; i < ref.ncategories; i++) {
		const struct category *cat = &ref.categories[i];
		bool want = strcmp(cat->code, "billing") == 0 || strcmp(cat->code, "marketing_billing") == 0;
		assert_int_equal(admissibility_billing(cat), want);
		billing += want;
		struct complaint c = new_case(cat->id, "2020-08-15");
		c.event_day = D("2017-01-01");
		assert_int_equal(check(&c, NULL), 1);
		assert_string_equal(w[0].code, want ? "time_barred_billing" : "time_barred_other");
		assert_contains(w[0].message, want ? "超过5个月" : "超过2年");
	}
	assert_int_equal(billing, 2);
	static_assert(ADMISSIBILITY_BILLING_BAR_MONTHS == 5 && ADMISSIBILITY_OTHER_BAR_MONTHS == 24,
	              "the boundaries above are written for 5 months and 2 years");
}

static void test_two_years(void **state)
{
	(void)state;
	other_boundary(user_service_id, "2020-09-29", "2018-09-29", "2018-09-28");
	/* 29 February. */
	other_boundary(user_service_id, "2020-02-29", "2018-02-28", "2018-02-27");
	other_boundary(network_security_id, "2022-03-01", "2020-03-01", "2020-02-29");
	other_boundary(network_security_id, "2024-02-29", "2022-02-28", "2022-02-27");
	other_boundary(user_service_id, "2021-01-01", "2019-01-01", "2018-12-31");
	/* An unknown class gets the general rule. */
	other_boundary(0, "2020-09-29", "2018-09-29", "2018-09-28");
	other_boundary(987654, "2020-09-29", "2018-09-29", "2018-09-28");
}

static void test_event_day_unknown(void **state)
{
	(void)state;
	struct complaint c = new_case(billing_id, "2020-09-29");
	c.event_day = 0;
	assert_int_equal(check(&c, NULL), 0);
	c = new_case(user_service_id, "2020-09-29");
	assert_int_equal(check(&c, NULL), 0);
	/* An event after the filing is not time-barred. */
	c.event_day = D("2020-10-05");
	assert_int_equal(check(&c, NULL), 0);
}

static void test_filing_day_fallback(void **state)
{
	(void)state;
	/* Without materials_day the day of receipt (Beijing time) counts:
	 * 2020-07-31T00:30+08:00 is still 30 July in UTC. */
	struct complaint c = new_case(billing_id, "2020-07-31");
	c.materials_day = 0;
	assert_int_equal(datetime_parse("2020-07-31T00:30:00+08:00", 25, 0, &c.received_at), 0);
	c.event_day = D("2020-02-29");
	assert_int_equal(check(&c, NULL), 0);
	c.event_day = D("2020-02-28");
	assert_int_equal(check(&c, NULL), 1);
	assert_contains(w[0].message, "2020-07-31");

	/* No filing day at all: nothing to measure against. */
	c.received_at = 0;
	assert_int_equal(check(&c, NULL), 0);
	c.received_at = NO_INSTANT;
	c.operator_answer = OPERATOR_NO_ANSWER;
	c.operator_day = D("2020-07-30");
	assert_int_equal(check(&c, NULL), 0);
	/* Not asking the operator warns whatever the dates. */
	c.operator_answer = OPERATOR_NOT_ASKED;
	assert_int_equal(check(&c, NULL), 1);
	assert_string_equal(w[0].code, "operator_not_first");
}

static void test_duplicate(void **state)
{
	(void)state;
	struct complaint c = new_case(user_service_id, "2020-09-29");
	assert_int_equal(check(&c, "44-2020-000123"), 1);
	assert_warning(&w[0], "possible_duplicate", "agency_handled");
	assert_string_equal(w[0].rule,
	                    "《电信用户申诉处理办法》第十三条第（三）项：申诉受理机构已经受理"
	                    "或者处理的，不予受理。");
	assert_contains(w[0].message, "44-2020-000123");
	assert_int_equal(check(&c, NULL), 0);
	assert_int_equal(check(&c, ""), 0);
}

static void test_several_and_max(void **state)
{
	(void)state;
	struct complaint c = new_case(billing_id, "2020-09-29");
	c.operator_answer = OPERATOR_NOT_ASKED;
	c.event_day = D("2020-01-01");
	assert_int_equal(check(&c, "44-2020-000001"), 3);
	assert_string_equal(w[0].code, "operator_not_first");
	assert_string_equal(w[1].code, "time_barred_billing");
	assert_string_equal(w[2].code, "possible_duplicate");

	/* No more than max are written. */
	struct admissibility_warning two[3];
	memset(two, 0, sizeof two);
	assert_int_equal(admissibility_check(&c, &ref, "44-2020-000001", two, 2), 2);
	assert_string_equal(two[1].code, "time_barred_billing");
	assert_null(two[2].code);
	memset(two, 0, sizeof two);
	assert_int_equal(admissibility_check(&c, &ref, "44-2020-000001", two, 0), 0);
	assert_null(two[0].code);
	assert_int_equal(admissibility_check(&c, &ref, "44-2020-000001", NULL, 0), 0);
}

static void test_messages_fit(void **state)
{
	(void)state;
	/* Every message ends in its buffer with its dates intact. */
	struct complaint c = new_case(billing_id, "2020-09-29");
	c.operator_answer = OPERATOR_NO_ANSWER;
	c.operator_day = D("2020-09-20");
	c.event_day = D("2019-01-01");
	assert_int_equal(check(&c, "44-2020-000001-with-a-very-long-suffix-that-goes-on"), 3);
	for (int i = 0; i < 3; i++) {
		size_t len = strlen(w[i].message);
		assert_true(len > 0 && len < sizeof w[i].message - 1);
	}
	assert_contains(w[0].message, "还需6日");
	assert_contains(w[1].message, "2019-01-01");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clean_case),
	    cmocka_unit_test(test_operator_not_first),
	    cmocka_unit_test(test_operator_wait_15_days),
	    cmocka_unit_test(test_five_months),
	    cmocka_unit_test(test_billing_classes),
	    cmocka_unit_test(test_two_years),
	    cmocka_unit_test(test_event_day_unknown),
	    cmocka_unit_test(test_filing_day_fallback),
	    cmocka_unit_test(test_duplicate),
	    cmocka_unit_test(test_several_and_max),
	    cmocka_unit_test(test_messages_fit),
	};
	return cmocka_run_group_tests_name("admissibility", tests, setup, teardown);
}
