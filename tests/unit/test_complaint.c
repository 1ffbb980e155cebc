/* Tests for domain/complaint.c: case numbers. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(case_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
