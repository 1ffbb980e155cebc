/* Tests for domain/complaint.c: case numbers; the names of states, outcomes
 * and operator answers. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <string.h>

#include "core/error.h"
#include "domain/complaint.h"

/* Whatever complaint_format_case_no makes is valid; little else is. */
static void case_numbers(void **state)
{
	(void)state;
	char no[CASE_NO_MAX];
	static const long long seqs[] = {1, 123, 999999, 1000000, 123456789012345LL};
	for (size_t i = 0; i < sizeof seqs / sizeof *seqs; i++) {
		complaint_format_case_no(no, "44", 2026, seqs[i]);
		assert_true(complaint_case_no_valid(no));
	}
	complaint_format_case_no(no, "00", 2020, 42);
	assert_string_equal(no, "00-2020-000042");
	assert_true(complaint_case_no_valid(no));
	static const char *const bad[] = {
		"", "44", "44-2026", "44-2026-", "44-2026-12345", "4-2026-000001", "44-226-000001",
		"44_2026_000001", "44-2026-00000a", "44-2026-000001 ", " 44-2026-000001",
		"44-2026-000001/x", "44-2026-0000000000000000", "aa-2026-000001", "44-2026-+00001",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (complaint_case_no_valid(bad[i]))
			fail_msg("valid: '%s'", bad[i]);
	assert_false(complaint_case_no_valid(NULL));
}

#define S(lit) lit, sizeof lit - 1 /* a literal with its length, NULs included */

/* Codes and labels read back as what they name; the whole text must match
 * (an import's CSV field may hold NUL bytes), never just its start. */
static void names(void **state)
{
	(void)state;
	for (int i = 0; i < COMPLAINT_STATE_COUNT; i++) {
		enum complaint_state st = COMPLAINT_STATE_COUNT;
		const char *code = complaint_state_code((enum complaint_state)i);
		const char *label = complaint_state_label((enum complaint_state)i);
		assert_int_equal(complaint_state_parse(code, strlen(code), &st), 0);
		assert_int_equal(st, i);
		st = COMPLAINT_STATE_COUNT;
		assert_int_equal(complaint_state_parse(label, strlen(label), &st), 0);
		assert_int_equal(st, i);
	}
	for (int i = 1; i < OUTCOME_COUNT; i++) {
		enum complaint_outcome o = OUTCOME_NONE;
		const char *code = complaint_outcome_code((enum complaint_outcome)i);
		assert_int_equal(complaint_outcome_parse(code, strlen(code), &o), 0);
		assert_int_equal(o, i);
	}
	for (int i = 0; i < OPERATOR_ANSWER_COUNT; i++) {
		enum operator_answer a = OPERATOR_ANSWER_COUNT;
		const char *code = operator_answer_code((enum operator_answer)i);
		assert_int_equal(operator_answer_parse(code, strlen(code), &a), 0);
		assert_int_equal(a, i);
	}
	enum complaint_state st = COMPLAINT_ACCEPTED;
	enum complaint_outcome o = OUTCOME_WITHDRAWN;
	enum operator_answer a = OPERATOR_NO_ANSWER;
	assert_int_equal(complaint_state_parse(S("closed\0\0\0\0\0\0\0\0\0\0"), &st), SH_EINVAL);
	assert_int_equal(complaint_state_parse(S("close"), &st), SH_EINVAL);
	assert_int_equal(complaint_state_parse(S("closedx"), &st), SH_EINVAL);
	assert_int_equal(complaint_state_parse(S(""), &st), SH_EINVAL);
	assert_int_equal(complaint_outcome_parse(S("withdrawn\0\0\0\0\0\0\0"), &o), SH_EINVAL);
	assert_int_equal(complaint_outcome_parse(S(""), &o), SH_EINVAL); /* none is no outcome */
	assert_int_equal(operator_answer_parse(S("not_asked\0\0\0\0\0\0\0\0"), &a), SH_EINVAL);
	assert_int_equal(operator_answer_parse(S("Not_asked"), &a), SH_EINVAL);
	assert_int_equal(st, COMPLAINT_ACCEPTED); /* not written */
	assert_int_equal(o, OUTCOME_WITHDRAWN);
	assert_int_equal(a, OPERATOR_NO_ANSWER);
	assert_int_equal(complaint_state_parse("closed and more", 6, &st), 0); /* len bytes only */
	assert_int_equal(st, COMPLAINT_CLOSED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(case_numbers),
		cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
