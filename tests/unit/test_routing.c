/* Tests for domain/routing.c against the reference data compiled into
 * shensu (data/number_segments.csv, data/enterprises.csv). */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "domain/routing.h"
#include "fixtures.h"

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

static int64_t id(const char *name)
{
	const struct enterprise *e = reference_enterprise(&ref, name, strlen(name));
	if (!e)
		fail_msg("no enterprise %s", name);
	return e->id;
}

struct route_case {
	const char *digits;
	enum number_kind kind;
	const char *ported;            /* the ported-number record's operator, or NULL */
	const char *serving, *segment; /* names, or NULL for 0 */
	bool reseller;
};

static const struct route_case cases[] = {
    /* segment defaults */
    {"13800138000", NUMBER_MOBILE, NULL, "中国移动", "中国移动", false},
    {"18912345678", NUMBER_MOBILE, NULL, "中国电信", "中国电信", false},
    {"18612345678", NUMBER_MOBILE, NULL, "中国联通", "中国联通", false},
    {"19212345678", NUMBER_MOBILE, NULL, "中国广电", "中国广电", false},
    {"16612345678", NUMBER_MOBILE, NULL, "中国联通", "中国联通", false},
    /* reseller segments: the host operator */
    {"16212345678", NUMBER_MOBILE, NULL, "中国电信", "中国电信", true},
    {"16512345678", NUMBER_MOBILE, NULL, "中国移动", "中国移动", true},
    {"16712345678", NUMBER_MOBILE, NULL, "中国联通", "中国联通", true},
    {"17001234567", NUMBER_MOBILE, NULL, "中国电信", "中国电信", true},
    {"17031234567", NUMBER_MOBILE, NULL, "中国移动", "中国移动", true},
    {"17041234567", NUMBER_MOBILE, NULL, "中国联通", "中国联通", true},
    {"17112345678", NUMBER_MOBILE, NULL, "中国联通", "中国联通", true},
    /* longest prefix wins: 153 over 15, 1349 beside 1340-1348, 17400 over 174 */
    {"15012345678", NUMBER_MOBILE, NULL, "中国移动", "中国移动", false},
    {"15312345678", NUMBER_MOBILE, NULL, "中国电信", "中国电信", false},
    {"15512345678", NUMBER_MOBILE, NULL, "中国联通", "中国联通", false},
    {"13481234567", NUMBER_MOBILE, NULL, "中国移动", "中国移动", false},
    {"13491234567", NUMBER_MOBILE, NULL, "中国电信", "中国电信", false},
    {"17400123456", NUMBER_MOBILE, NULL, "中国电信", "中国电信", false},
    /* no segment */
    {"14212345678", NUMBER_MOBILE, NULL, NULL, NULL, false},
    {"19412345678", NUMBER_MOBILE, NULL, NULL, NULL, false},
    /* ported numbers (携号转网) */
    {"13800138000", NUMBER_MOBILE, "中国电信", "中国电信", "中国移动", false},
    {"19212345678", NUMBER_MOBILE, "中国联通", "中国联通", "中国广电", false},
    {"13800138000", NUMBER_MOBILE, "中国移动", "中国移动", "中国移动", false}, /* ported back */
    {"17001234567", NUMBER_MOBILE, "中国移动", "中国移动", "中国电信", true},
    {"14212345678", NUMBER_MOBILE, "中国电信", "中国电信", NULL, false},
    /* no segment data for the other kinds */
    {"01012345678", NUMBER_FIXED, NULL, NULL, NULL, false},
    {"075512345678", NUMBER_FIXED, "中国电信", "中国电信", NULL, false},
    {"13800138000", NUMBER_FIXED, NULL, NULL, NULL, false}, /* the kind decides */
    {"106980095588", NUMBER_SMS_PORT, NULL, NULL, NULL, false},
    {"10086", NUMBER_SERVICE, NULL, NULL, NULL, false},
    {"95588", NUMBER_SERVICE, "中国联通", "中国联通", NULL, false},
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct route_case *c = &cases[i];
		struct number_route r;
		int rc =
		    routing_resolve(&ref, c->digits, c->kind, c->ported ? id(c->ported) : 0, &r);
		if (rc != 0)
			fail_msg("%s: rc %d", c->digits, rc);
		if (r.operator_id != (c->serving ? id(c->serving) : 0) ||
		    r.segment_operator_id != (c->segment ? id(c->segment) : 0) ||
		    r.ported != (c->ported != NULL) || r.reseller != c->reseller)
			fail_msg("%s %s ported to %s: got operator %lld segment %lld ported %d "
			         "reseller %d",
			         c->digits, number_kind_code(c->kind), c->ported ? c->ported : "-",
			         (long long)r.operator_id, (long long)r.segment_operator_id,
			         r.ported, r.reseller);
	}
}

static void test_ported_to_reseller(void **state)
{
	(void)state;
	struct number_route r;
	assert_int_equal(routing_resolve(&ref, "13800138000", NUMBER_MOBILE, id("京东通信"), &r),
	                 0);
	assert_int_equal(r.operator_id, id("京东通信"));
	assert_int_equal(r.segment_operator_id, id("中国移动"));
	assert_true(r.ported);
	assert_false(r.reseller);
}

static void test_errors(void **state)
{
	(void)state;
	struct number_route r, before;
	memset(&r, 0x5a, sizeof r);
	before = r;
	assert_int_equal(routing_resolve(&ref, "13800138000", NUMBER_INVALID, 0, &r), SH_EINVAL);
	assert_int_equal(routing_resolve(&ref, "1380013800", NUMBER_MOBILE, 0, &r), SH_EINVAL);
	assert_int_equal(routing_resolve(&ref, "138001380001", NUMBER_MOBILE, 0, &r), SH_EINVAL);
	assert_int_equal(routing_resolve(&ref, "1380013800a", NUMBER_MOBILE, 0, &r), SH_EINVAL);
	assert_int_equal(routing_resolve(&ref, "", NUMBER_SERVICE, 0, &r), SH_EINVAL);
	assert_int_equal(routing_resolve(&ref, "123456789012345678901234", NUMBER_SMS_PORT, 0, &r),
	                 SH_EINVAL);
	/* a ported record naming no known operator */
	assert_int_equal(routing_resolve(&ref, "13800138000", NUMBER_MOBILE, 987654321, &r),
	                 SH_EINVAL);
	assert_memory_equal(&r, &before, sizeof r);
}

/* Every 5-digit start of a mobile number against a brute-force longest match
 * over the segment table. */
static void test_every_prefix(void **state)
{
	(void)state;
	size_t routed = 0;
	for (int p = 13000; p <= 19999; p++) {
		char digits[12];
		snprintf(digits, sizeof digits, "%d000000", p);
		const struct number_segment *best = NULL;
		size_t best_len = 0;
		for (size_t i = 0; i < ref.nsegments; i++) {
			size_t n = strlen(ref.segments[i].prefix);
			if (n > best_len && strncmp(digits, ref.segments[i].prefix, n) == 0) {
				best = &ref.segments[i];
				best_len = n;
			}
		}
		struct number_route r;
		assert_int_equal(routing_resolve(&ref, digits, NUMBER_MOBILE, 0, &r), 0);
		assert_int_equal(r.segment_operator_id, best ? best->operator_id : 0);
		assert_int_equal(r.operator_id, r.segment_operator_id);
		assert_int_equal(r.reseller, best ? best->reseller : false);
		assert_false(r.ported);
		routed += best != NULL;
	}
	assert_true(routed > 5000); /* of 7000 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_ported_to_reseller),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_every_prefix),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
