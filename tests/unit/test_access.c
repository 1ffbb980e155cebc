/* Tests for domain/access.c: roles, read and act scope over the real reference
 * data, and what of a case each role sees (access_case_view). */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixtures.h"
/* clang-format on */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"
#include "domain/access.h"

static struct reference ref;
static int64_t mobile_id, telecom_id, jd_id;

static int64_t enterprise(const char *name)
{
	const struct enterprise *e = reference_enterprise(&ref, name, strlen(name));
	return e ? e->id : -1;
}

static int64_t branch(int64_t group, const char *province)
{
	const struct enterprise *e = reference_branch(&ref, group, province);
	assert_non_null(e);
	return e->id;
}

static int setup(void **state)
{
	(void)state;
	if (fixture_reference(&ref) != 0)
		return -1;
	mobile_id = enterprise("中国移动");
	telecom_id = enterprise("中国电信");
	jd_id = enterprise("京东通信");
	return mobile_id > 0 && telecom_id > 0 && jd_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	reference_free(&ref);
	return 0;
}

static struct complaint case_in(const char *province, int64_t enterprise_id, int64_t forwarded_to)
{
	struct complaint c = {.id = 1,
	                      .enterprise_id = enterprise_id,
	                      .forwarded_to = forwarded_to,
	                      .state = COMPLAINT_SUBMITTED,
	                      .version = 1};
	snprintf(c.province, sizeof c.province, "%s", province);
	if (forwarded_to)
		c.state = COMPLAINT_FORWARDED;
	return c;
}

static struct actor agency(const char *province)
{
	struct actor a = {.role = ROLE_AGENCY_STAFF, .user_id = 1};
	snprintf(a.province, sizeof a.province, "%s", province);
	return a;
}

static struct actor staff_of(int64_t group, const char *province)
{
	struct actor a = {.role = ROLE_ENTERPRISE_STAFF, .user_id = 2, .enterprise_id = group};
	snprintf(a.province, sizeof a.province, "%s", province);
	return a;
}

static void test_role_names(void **state)
{
	(void)state;
	static const char *const codes[ROLE_COUNT] = {"complainant", "agency_staff",
	                                              "enterprise_staff", "regulator", "admin",
	                                              "report_staff"};
	static const char *const labels[ROLE_COUNT] = {
	    "申诉人", "申诉受理机构工作人员", "电信企业工作人员", "电信管理机构", "系统管理员",
	    "12321举报受理中心工作人员"};
	for (int r = 0; r < ROLE_COUNT; r++) {
		enum role got = ROLE_COUNT;
		assert_string_equal(role_code((enum role)r), codes[r]);
		assert_string_equal(role_label((enum role)r), labels[r]);
		assert_int_equal(role_parse(codes[r], strlen(codes[r]), &got), 0);
		assert_int_equal(got, r);
		got = ROLE_COUNT;
		assert_int_equal(role_parse(labels[r], strlen(labels[r]), &got), 0);
		assert_int_equal(got, r);
	}
	enum role got = ROLE_ADMIN;
	assert_int_equal(role_parse("agency", 6, &got), SH_EINVAL);
	assert_int_equal(role_parse("agency_staffs", 13, &got), SH_EINVAL);
	assert_int_equal(role_parse("", 0, &got), SH_EINVAL);
	assert_int_equal(role_parse(NULL, 0, &got), SH_EINVAL);
	assert_int_equal(got, ROLE_ADMIN);
	assert_int_equal(role_parse("adminX", 5, &got), 0);
	assert_int_equal(got, ROLE_ADMIN);
	assert_string_equal(role_code(ROLE_COUNT), "");
	assert_string_equal(role_label(ROLE_COUNT), "");
}

static void test_agency_scope(void **state)
{
	(void)state;
	struct complaint gd = case_in("44", mobile_id, 0), bj = case_in("11", mobile_id, 0),
	                 nat = case_in("00", mobile_id, 0);
	struct actor a44 = agency("44"), a00 = agency("00"), a11 = agency("11");

	assert_true(access_can_read(&a44, &gd, &ref));
	assert_true(access_can_act(&a44, &gd, &ref));
	assert_false(access_can_read(&a44, &bj, &ref));
	assert_false(access_can_act(&a44, &bj, &ref));
	assert_false(access_can_read(&a44, &nat, &ref));
	assert_false(access_can_act(&a44, &nat, &ref));
	assert_true(access_can_read(&a11, &bj, &ref));
	assert_false(access_can_read(&a11, &gd, &ref));

	/* The national centre reads everything, acts only on its own cases. */
	assert_true(access_can_read(&a00, &gd, &ref));
	assert_true(access_can_read(&a00, &bj, &ref));
	assert_true(access_can_read(&a00, &nat, &ref));
	assert_false(access_can_act(&a00, &gd, &ref));
	assert_false(access_can_act(&a00, &bj, &ref));
	assert_true(access_can_act(&a00, &nat, &ref));

	/* Whatever the state or whether it was forwarded. */
	struct complaint fwd = case_in("44", mobile_id, branch(mobile_id, "44"));
	fwd.state = COMPLAINT_CLOSED;
	assert_true(access_can_read(&a44, &fwd, &ref));
	assert_true(access_can_act(&a44, &fwd, &ref));

	/* A misconfigured account with no province sees nothing. */
	struct actor none = agency("");
	assert_false(access_can_read(&none, &gd, &ref));
	assert_false(access_can_act(&none, &gd, &ref));
	struct complaint blank = case_in("", mobile_id, 0);
	assert_false(access_can_read(&none, &blank, &ref));
	assert_false(access_can_act(&none, &blank, &ref));

	struct access_case_view v = access_case_view(&a44);
	assert_true(v.personal_data && v.plain_text && v.internal_notes);
	v = access_case_view(&a00);
	assert_true(v.personal_data && v.plain_text && v.internal_notes);
}

static void test_enterprise_scope(void **state)
{
	(void)state;
	struct actor cm = staff_of(mobile_id, ""), cm44 = staff_of(mobile_id, "44"),
	             ct = staff_of(telecom_id, ""), jd = staff_of(jd_id, "");

	struct complaint unforwarded = case_in("44", mobile_id, 0),
	                 to_gd = case_in("44", mobile_id, branch(mobile_id, "44")),
	                 to_bj = case_in("11", mobile_id, branch(mobile_id, "11")),
	                 to_group = case_in("00", mobile_id, mobile_id),
	                 telecom_gd = case_in("44", telecom_id, branch(telecom_id, "44")),
	                 reseller = case_in("44", jd_id, jd_id);

	/* Never a case not yet forwarded, even their own. */
	assert_false(access_can_read(&cm, &unforwarded, &ref));
	assert_false(access_can_act(&cm, &unforwarded, &ref));
	assert_false(access_can_read(&cm44, &unforwarded, &ref));

	/* The group's staff: every branch and the group itself. */
	assert_true(access_can_read(&cm, &to_gd, &ref));
	assert_true(access_can_act(&cm, &to_gd, &ref));
	assert_true(access_can_read(&cm, &to_bj, &ref));
	assert_true(access_can_read(&cm, &to_group, &ref));
	assert_true(access_can_act(&cm, &to_group, &ref));

	/* Staff of one province: only that province. */
	assert_true(access_can_read(&cm44, &to_gd, &ref));
	assert_true(access_can_act(&cm44, &to_gd, &ref));
	assert_false(access_can_read(&cm44, &to_bj, &ref));
	assert_false(access_can_act(&cm44, &to_bj, &ref));
	assert_false(access_can_read(&cm44, &to_group, &ref)); /* a "00" case */

	/* Never another group's cases. */
	assert_false(access_can_read(&cm, &telecom_gd, &ref));
	assert_false(access_can_act(&cm, &telecom_gd, &ref));
	assert_false(access_can_read(&cm44, &telecom_gd, &ref));
	assert_false(access_can_read(&cm, &reseller, &ref));
	assert_true(access_can_read(&ct, &telecom_gd, &ref));
	assert_false(access_can_read(&ct, &to_gd, &ref));
	/* Resellers get their cases at group level. */
	assert_true(access_can_read(&jd, &reseller, &ref));
	assert_true(access_can_act(&jd, &reseller, &ref));
	assert_false(access_can_read(&jd, &to_gd, &ref));

	/* A case the agency forwarded stays readable after the reply and close. */
	to_gd.state = COMPLAINT_CLOSED;
	assert_true(access_can_read(&cm, &to_gd, &ref));

	/* An account without a group sees nothing. */
	struct actor nogroup = staff_of(0, "");
	assert_false(access_can_read(&nogroup, &to_gd, &ref));
	assert_false(access_can_read(&nogroup, &unforwarded, &ref));

	/* Forwarded to an enterprise the reference does not know. */
	struct complaint unknown = case_in("44", mobile_id, 999999);
	assert_false(access_can_read(&cm, &unknown, &ref));

	/* Operators act on the substance, masked; never internal notes. */
	struct access_case_view v = access_case_view(&cm);
	assert_false(v.personal_data || v.plain_text || v.internal_notes);
	v = access_case_view(&cm44);
	assert_false(v.personal_data || v.plain_text || v.internal_notes);
}

static void test_regulator_admin_complainant(void **state)
{
	(void)state;
	struct actor reg = {.role = ROLE_REGULATOR, .user_id = 3},
	             adm = {.role = ROLE_ADMIN, .user_id = 4}, pub = {.role = ROLE_COMPLAINANT};
	struct complaint cases[] = {
	    case_in("44", mobile_id, 0),
	    case_in("11", telecom_id, branch(telecom_id, "11")),
	    case_in("00", jd_id, jd_id),
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_true(access_can_read(&reg, &cases[i], &ref));
		assert_false(access_can_act(&reg, &cases[i], &ref));
		assert_false(access_can_read(&adm, &cases[i], &ref));
		assert_false(access_can_act(&adm, &cases[i], &ref));
		/* The complainant's access is by query code, in the HTTP layer. */
		assert_false(access_can_read(&pub, &cases[i], &ref));
		assert_false(access_can_act(&pub, &cases[i], &ref));
	}
	/* The ministry written as "00" reads everything too; a provincial
	 * administration (issue 15) reads its province's cases only. */
	snprintf(reg.province, sizeof reg.province, "00");
	assert_true(access_can_read(&reg, &cases[1], &ref));
	snprintf(reg.province, sizeof reg.province, "44");
	assert_true(access_can_read(&reg, &cases[0], &ref));
	assert_false(access_can_read(&reg, &cases[1], &ref));
	assert_false(access_can_read(&reg, &cases[2], &ref));
	assert_false(access_can_act(&reg, &cases[0], &ref));

	struct access_case_view v = access_case_view(&reg);
	assert_false(v.personal_data || v.plain_text || v.internal_notes);
	v = access_case_view(&adm);
	assert_false(v.personal_data || v.plain_text || v.internal_notes);
	struct actor report = {.role = ROLE_REPORT_STAFF, .user_id = 5};
	v = access_case_view(&report);
	assert_false(v.personal_data || v.plain_text || v.internal_notes);
	/* the complainant's own words, never the agency's internal notes */
	v = access_case_view(&pub);
	assert_true(v.personal_data && v.plain_text);
	assert_false(v.internal_notes);
}

static const char *mask(const char *phone)
{
	static char buf[32];
	memset(buf, 'X', sizeof buf);
	access_mask_phone(phone, buf, sizeof buf);
	return buf;
}

/* The groups routes are opened to: every role with an account is staff (it
 * can sign out), and casework holds exactly the roles that can read some
 * case. A role added without its groups fails here. */
static void test_role_groups(void **state)
{
	(void)state;
	struct complaint forwarded = case_in("44", mobile_id, mobile_id);
	for (int i = 0; i < ROLE_COUNT; i++) {
		enum role r = (enum role)i;
		struct actor widest = {.role = r, .user_id = 9, .enterprise_id = mobile_id};
		if (r == ROLE_AGENCY_STAFF)
			snprintf(widest.province, sizeof widest.province, "00");
		assert_int_equal(access_allows(ACCESS_STAFF, r), r != ROLE_COMPLAINANT);
		assert_int_equal(access_allows(ACCESS_CASEWORK, r),
		                 access_can_read(&widest, &forwarded, &ref));
		assert_true(access_allows(ACCESS_ROLE(r), r));
		assert_false(access_allows(0, r));
		for (int j = 0; j < ROLE_COUNT; j++)
			if (j != i)
				assert_false(access_allows(ACCESS_ROLE(j), r));
	}
	assert_true(access_allows(ACCESS_STAFF, ROLE_REPORT_STAFF));
	assert_false(access_allows(ACCESS_CASEWORK, ROLE_REPORT_STAFF));
	assert_false(access_allows(ACCESS_CASEWORK, ROLE_ADMIN));
	assert_false(access_allows(ACCESS_STAFF | ACCESS_CASEWORK, ROLE_COUNT));
}

/* The scope a list applies (access_scope_of) and the scope one case is read
 * with (access_can_read) are one rule: for every actor and every case, a
 * case passes the list's narrowing exactly when the actor can read it. */
static void test_scope_is_the_read_rule(void **state)
{
	(void)state;
	const struct actor actors[] = {
		agency("44"), agency(PROVINCE_NATIONAL), agency(""), staff_of(mobile_id, ""),
		staff_of(mobile_id, "44"), staff_of(telecom_id, "11"), staff_of(0, ""),
		{.role = ROLE_REGULATOR}, {.role = ROLE_ADMIN}, {.role = ROLE_REPORT_STAFF},
		{.role = ROLE_COMPLAINANT},
	};
	const char *const provinces[] = {"44", "11", PROVINCE_NATIONAL};
	int64_t targets[] = {0, mobile_id, telecom_id, jd_id, branch(mobile_id, "44"),
	                     branch(telecom_id, "11")};
	int agreed = 0;
	for (size_t i = 0; i < sizeof actors / sizeof *actors; i++) {
		struct access_scope s = access_scope_of(&actors[i]);
		for (size_t p = 0; p < 3; p++)
			for (size_t t = 0; t < sizeof targets / sizeof *targets; t++) {
				struct complaint c = case_in(provinces[p], mobile_id, targets[t]);
				bool listed = !s.no_cases && (!s.province || strcmp(s.province, c.province) == 0);
				if (listed && s.group) {
					const struct enterprise *e = reference_enterprise_id(&ref, c.forwarded_to);
					listed = c.forwarded_to == s.group || (e && e->parent_id == s.group);
				}
				assert_int_equal(listed, access_can_read(&actors[i], &c, &ref));
				agreed++;
			}
	}
	assert_int_equal(agreed, 11 * 3 * 6);
	/* 12321: report staff see every operator's records, an operator its own,
	 * an account of no enterprise nothing; agency staff list no 12321 at all
	 * (the route table keeps them out). */
	assert_false(access_scope_of(&actors[9]).nothing);
	assert_int_equal(access_scope_of(&actors[9]).group, 0);
	assert_int_equal(access_scope_of(&actors[3]).group, mobile_id);
	assert_true(access_scope_of(&actors[6]).nothing);
	assert_true(access_scope_of(&actors[8]).nothing);
}

/* A province asked for inside the scope narrows it; outside, nothing. */
static void test_scope_province(void **state)
{
	(void)state;
	const char *out;
	struct actor gd = agency("44"), national = agency(PROVINCE_NATIONAL);
	struct access_scope s = access_scope_of(&gd);
	assert_true(access_scope_province(&s, NULL, &out));
	assert_string_equal(out, "44");
	assert_true(access_scope_province(&s, "44", &out));
	assert_false(access_scope_province(&s, "11", &out));
	s = access_scope_of(&national);
	assert_true(access_scope_province(&s, NULL, &out));
	assert_null(out);
	assert_true(access_scope_province(&s, "11", &out));
	assert_string_equal(out, "11");
}

static void test_mask_phone(void **state)
{
	(void)state;
	assert_string_equal(mask("13800138000"), "138****8000");
	assert_string_equal(mask("19212345678"), "192****5678");
	assert_string_equal(mask("075512345678"), "0755****5678");
	assert_string_equal(mask("07551234567"), "0755****4567");
	assert_string_equal(mask("01012345678"), "010****5678");
	assert_string_equal(mask("02087654321"), "020****4321");
	/* Short numbers: fewer than 7 digits are hidden entirely. */
	assert_string_equal(mask("123456"), "****");
	assert_string_equal(mask("10086"), "****");
	assert_string_equal(mask("1"), "****");
	/* Seven digits or more: at least three stay hidden. */
	assert_string_equal(mask("1234567"), "****4567");
	assert_string_equal(mask("12345678"), "1****5678");
	assert_string_equal(mask("0755123"), "****5123");
	/* Separators are ignored. */
	assert_string_equal(mask("138-0013-8000"), "138****8000");
	assert_string_equal(mask("abcdef"), "****");
	/* Far too long to be a number. */
	assert_string_equal(mask("123456789012345678901234567890"), "****");
	/* Nothing to mask. */
	assert_string_equal(mask(""), "");
	assert_string_equal(mask(NULL), "");

	/* Bounded output. */
	char small[6];
	memset(small, 'X', sizeof small);
	access_mask_phone("13800138000", small, sizeof small);
	assert_string_equal(small, "138**");
	char one[1] = {'X'};
	access_mask_phone("13800138000", one, 1);
	assert_int_equal(one[0], '\0');
	char untouched = 'X';
	access_mask_phone("13800138000", &untouched, 0);
	assert_int_equal(untouched, 'X');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_role_names),
	    cmocka_unit_test(test_agency_scope),
	    cmocka_unit_test(test_enterprise_scope),
	    cmocka_unit_test(test_regulator_admin_complainant),
	    cmocka_unit_test(test_role_groups),
	    cmocka_unit_test(test_scope_is_the_read_rule),
	    cmocka_unit_test(test_scope_province),
	    cmocka_unit_test(test_mask_phone),
	};
	return cmocka_run_group_tests_name("access", tests, setup, teardown);
}
