/* Tests for app/dispatch.c: when a dispatch list is due (working days on
 * the real calendar, 调休 included; provisional where a year without a
 * schedule is reached; refusals that leave the answer alone). Making the
 * lists and marking their numbers in the look-up index (dispatch_run) is
 * tested with the index in test_number_registry.c. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "fixtures.h"

#include <string.h>

#include "app/dispatch.h"
#include "core/error.h"

static calendar *loaded;      /* the schedules 2007-2026 */
static calendar *provisional; /* the same, and the statutory rules after 2026 */

static int setup(void **state)
{
	(void)state;
	loaded = fixture_calendar();
	provisional = fixture_calendar();
	if (!loaded || !provisional)
		return -1;
	calendar_set_provisional(provisional, true);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	calendar_free(loaded);
	calendar_free(provisional);
	return 0;
}

static void test_due(void **state)
{
	(void)state;
	/* From Friday 2024-09-27, 10 working days: Sunday 09-29 was worked, 10-01
	 * to 10-07 were off, Saturday 10-12 was worked. */
	struct dispatch_due d;
	assert_int_equal(dispatch_due(loaded, fixture_day("2024-09-27"), 10, &d), 0);
	assert_string_equal(fixture_fmt(d.due), "2024-10-16");
	assert_false(d.provisional);
	assert_int_equal(d.from, fixture_day("2024-09-27"));
	assert_int_equal(d.days, 10);
	assert_int_equal(dispatch_due(provisional, fixture_day("2024-09-27"), 10, &d), 0);
	assert_string_equal(fixture_fmt(d.due), "2024-10-16");
	assert_false(d.provisional); /* only loaded years looked at */

	/* 0 days: due the day it is made */
	assert_int_equal(dispatch_due(loaded, fixture_day("2024-10-03"), 0, &d), 0);
	assert_string_equal(fixture_fmt(d.due), "2024-10-03");
}

/* A due day in a year without a schedule: counted by the statutory rules and
 * marked provisional, with what it was counted from kept for counting again;
 * refused outright without provisional mode. */
static void test_provisional(void **state)
{
	(void)state;
	struct dispatch_due d;
	assert_int_equal(dispatch_due(provisional, fixture_day("2026-12-28"), 10, &d), 0);
	assert_true(d.provisional);
	assert_true(d.due > fixture_day("2027-01-01"));
	assert_int_equal(d.from, fixture_day("2026-12-28"));
	assert_int_equal(d.days, 10);
	/* 2026-12-28 (Mon) + 3 working days stays in 2026 */
	assert_int_equal(dispatch_due(provisional, fixture_day("2026-12-28"), 3, &d), 0);
	assert_string_equal(fixture_fmt(d.due), "2026-12-31");
	assert_false(d.provisional);

	struct dispatch_due marker = {.due = 42, .provisional = true, .from = 7, .days = 9}, out;
	out = marker;
	assert_int_equal(dispatch_due(loaded, fixture_day("2026-12-28"), 10, &out), SH_ENOSCHEDULE);
	assert_memory_equal(&out, &marker, sizeof out);
}

static void test_refused(void **state)
{
	(void)state;
	struct dispatch_due marker = {.due = 42, .provisional = true, .from = 7, .days = 9}, out;
	out = marker;
	assert_int_equal(dispatch_due(NULL, fixture_day("2024-06-03"), 10, &out), SH_ENOSCHEDULE);
	assert_int_equal(dispatch_due(loaded, fixture_day("2024-06-03"), -1, &out), SH_EINVAL);
	assert_int_equal(
	    dispatch_due(loaded, fixture_day("2024-06-03"), CALENDAR_MAX_ADD + 1, &out), SH_EINVAL);
	assert_memory_equal(&out, &marker, sizeof out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_due),
	    cmocka_unit_test(test_provisional),
	    cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests_name("dispatch", tests, setup, teardown);
}
