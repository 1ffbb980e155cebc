/* Tests for app/deadlines.c on a real SQLite store: saving a holiday schedule
 * counts the provisional deadlines again in the same transaction, and a writer
 * that committed a deadline counted with a calendar replaced meanwhile counts
 * again (deadlines_settle_if_stale). On PostgreSQL the same paths run in
 * tests/api/calendar_continuity.test.mjs. */
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
#include <unistd.h>

#include "app/deadlines.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/lifecycle.h"
#include "store/store.h"

static struct fixture_db db;
static store *s;
static struct reference ref;
static struct arena arena;

static int setup(void **state)
{
	(void)state;
	if (fixture_db_open(&db))
		return -1;
	s = db.s;
	ref = db.ref;
	arena_init(&arena, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	fixture_db_close(&db);
	return 0;
}

/* A case filed on `day` with the calendar the store holds now. */
static struct complaint file_case(int32_t day, const char *phone)
{
	calendar *cal;
	assert_int_equal(deadlines_calendar(s, &cal), 0);
	const struct enterprise *e = reference_enterprise(&ref, "中国移动", strlen("中国移动"));
	assert_non_null(e);
	struct complaint c = {.enterprise_id = e->id,
	                      .category_id = ref.categories[0].id,
	                      .state = COMPLAINT_SUBMITTED,
	                      .closed_at = NO_INSTANT,
	                      .received_at = date_start_instant(day, SH_BEIJING_OFFSET) + 3600,
	                      .description = "多收费",
	                      .description_len = strlen("多收费"),
	                      .name = "张三",
	                      .phone = phone,
	                      .operator_answer = OPERATOR_NO_ANSWER};
	memcpy(c.province, "44", 3);
	assert_int_equal(lifecycle_start_clocks(&c, day, cal), 0);
	calendar_free(cal);
	struct complaint_event ev = {.at = c.received_at,
	                             .role = ROLE_COMPLAINANT,
	                             .action = ACTION_SUBMIT,
	                             .from = COMPLAINT_SUBMITTED,
	                             .to = COMPLAINT_SUBMITTED};
	assert_int_equal(store_case_create(s, &c, "0", &ev), 0);
	return c;
}

static struct complaint reread(const struct complaint *c)
{
	struct complaint out;
	assert_int_equal(store_case_get(s, c->case_no, &arena, &out, NULL), 0);
	return out;
}

static size_t recompute_events(const struct complaint *c, const char **last_comment)
{
	struct complaint_event *ev;
	size_t n, found = 0;
	assert_int_equal(store_case_events(s, c->id, &arena, &ev, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (ev[i].action == ACTION_RECOMPUTE) {
			found++;
			*last_comment = ev[i].comment;
		}
	return found;
}

/* A made-up 2027 schedule: 4 January off besides 1 January. */
static void schedule_2027(struct holiday_schedule *sch)
{
	static char n1[] = "元旦", n2[] = "元旦";
	static struct holiday_day days[2];
	days[0] = (struct holiday_day){fixture_day("2027-01-01"), true, n1};
	days[1] = (struct holiday_day){fixture_day("2027-01-04"), true, n2};
	*sch = (struct holiday_schedule){.year = 2027, .n = 2, .days = days};
}

static void test_publish_and_stragglers(void **state)
{
	(void)state;
	int64_t before_rev;
	assert_int_equal(store_calendar_revision(s, &before_rev), 0);

	/* Before: a provisional case and a provisional dispatch list. */
	struct complaint early = file_case(fixture_day("2026-12-28"), "13800000001");
	assert_true(early.accept_provisional);
	assert_string_equal(fixture_fmt(early.accept_due), "2027-01-05");
	struct dispatch_due due = {.due = fixture_day("2027-01-12"),
	                           .provisional = true,
	                           .from = fixture_day("2026-12-28"),
	                           .days = 10};
	struct report r = {.kind = REPORT_HARASSMENT_CALL,
	                   .reported_at = early.received_at,
	                   .occurred_at = NO_INSTANT};
	snprintf(r.target, sizeof r.target, "13800138000");
	r.target_kind = NUMBER_MOBILE;
	const struct enterprise *cm = reference_enterprise(&ref, "中国移动", strlen("中国移动"));
	assert_int_equal(store_report_insert(s, &r, cm->id, 0), 0);
	struct dispatch *made;
	size_t nmade;
	assert_int_equal(store_dispatch_create(s, early.received_at, &due, &arena, &made, &nmade),
	                 0);
	assert_int_equal(nmade, 1);
	assert_true(made[0].provisional);

	/* Publishing counts both again, in one go. */
	struct holiday_schedule sch;
	schedule_2027(&sch);
	struct deadlines_count count = {0};
	assert_int_equal(deadlines_publish(s, &sch, "2027.json", 1798000000, &count), 0);
	assert_int_equal(count.cases, 1);
	assert_int_equal(count.dispatches, 1);
	struct complaint now = reread(&early);
	assert_string_equal(fixture_fmt(now.accept_due), "2027-01-06");
	assert_false(now.accept_provisional);
	assert_int_equal(now.version, early.version + 1);
	const char *comment = NULL;
	assert_int_equal(recompute_events(&early, &comment), 1);
	assert_string_equal(comment,
	                    "节假日安排已公布，期限重新计算：受理期限 2027-01-05 → 2027-01-06");
	struct dispatch d;
	assert_int_equal(store_dispatch_get(s, made[0].id, &d), 0);
	assert_string_equal(fixture_fmt(d.due), "2027-01-13");
	assert_false(d.provisional);
	assert_int_equal(d.due_days, 10);

	/* A writer that counted with the old calendar and committed after the
	 * load: its check finds the revision moved and counts again. */
	int64_t after_rev;
	assert_int_equal(store_calendar_revision(s, &after_rev), 0);
	assert_true(after_rev != before_rev);
	calendar *stale = calendar_new();
	calendar_set_provisional(stale, true);
	struct complaint late = {0};
	{
		/* The old calendar: every schedule but 2027's. */
		char err[256];
		assert_int_equal(seed_calendar(stale, err, sizeof err), 0);
		const struct enterprise *e = cm;
		late = (struct complaint){.enterprise_id = e->id,
		                          .category_id = ref.categories[0].id,
		                          .state = COMPLAINT_SUBMITTED,
		                          .closed_at = NO_INSTANT,
		                          .received_at = early.received_at,
		                          .description = "x",
		                          .description_len = 1,
		                          .name = "李四",
		                          .phone = "13800000002"};
		memcpy(late.province, "44", 3);
		assert_int_equal(lifecycle_start_clocks(&late, fixture_day("2026-12-28"), stale),
		                 0);
		struct complaint_event ev = {.at = late.received_at,
		                             .role = ROLE_COMPLAINANT,
		                             .action = ACTION_SUBMIT,
		                             .from = COMPLAINT_SUBMITTED,
		                             .to = COMPLAINT_SUBMITTED};
		assert_int_equal(store_case_create(s, &late, "0", &ev), 0);
	}
	calendar_free(stale);
	assert_true(reread(&late).accept_provisional);
	bool recounted = false;
	assert_int_equal(deadlines_settle_if_stale(s, before_rev, 1798000001, &recounted), 0);
	assert_true(recounted);
	struct complaint fixed = reread(&late);
	assert_false(fixed.accept_provisional);
	assert_string_equal(fixture_fmt(fixed.accept_due), "2027-01-06");
	assert_int_equal(recompute_events(&late, &comment), 1);
	/* The earlier case is not counted twice. */
	assert_int_equal(recompute_events(&early, &comment), 1);

	/* Up to date: nothing to do. */
	recounted = true;
	assert_int_equal(deadlines_settle_if_stale(s, after_rev, 1798000002, &recounted), 0);
	assert_false(recounted);
	/* Publishing the same schedule again changes nothing. */
	assert_int_equal(deadlines_publish(s, &sch, "2027.json", 1798000003, &count), 0);
	assert_int_equal(count.cases, 0);
	assert_int_equal(count.dispatches, 0);
	assert_int_equal(recompute_events(&early, &comment), 1);
}

/* A schedule the store refuses leaves everything as it was. */
static void test_publish_failure_changes_nothing(void **state)
{
	(void)state;
	struct complaint c = file_case(fixture_day("2027-12-27"), "13800000003"); /* into 2028 */
	assert_true(c.accept_provisional);
	int64_t rev;
	assert_int_equal(store_calendar_revision(s, &rev), 0);
	/* One date twice: the holiday table's key refuses it mid-save. */
	static char n[] = "元旦";
	struct holiday_day days[2] = {{fixture_day("2028-01-03"), true, n},
	                              {fixture_day("2028-01-03"), true, n}};
	struct holiday_schedule bad = {.year = 2028, .n = 2, .days = days};
	assert_int_not_equal(deadlines_publish(s, &bad, "bad.json", 1798000010, NULL), 0);
	int64_t rev2;
	assert_int_equal(store_calendar_revision(s, &rev2), 0);
	assert_int_equal(rev2, rev);
	struct complaint same = reread(&c);
	assert_true(same.accept_provisional);
	assert_int_equal(same.accept_due, c.accept_due);
	assert_int_equal(same.version, c.version);
	calendar *cal;
	assert_int_equal(deadlines_calendar(s, &cal), 0);
	assert_false(calendar_has_year(cal, 2028));
	calendar_free(cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_publish_and_stragglers),
	    cmocka_unit_test(test_publish_failure_changes_nothing),
	};
	return cmocka_run_group_tests_name("deadlines", tests, setup, teardown);
}
