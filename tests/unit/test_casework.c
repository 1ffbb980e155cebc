/* Tests for app/casework.c on a real SQLite store: filing a case (number,
 * clocks, the filing event, the query code's hash), transitions stored with
 * their events, a stale version refused as "stale_version" whether the
 * caller's copy or the stored case moved on, the operator's reply period
 * (the agency's setting, else the default, else what the action says), the
 * domain's refusals writing nothing, and a provisional deadline followed up
 * when a holiday schedule was published meanwhile. Each test starts from a
 * new database. */
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

#include "app/casework.h"
#include "app/deadlines.h"
#include "core/date.h"
#include "core/error.h"

#define HASH "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"
#define DEFAULT_REPLY_DAYS 15

static struct fixture_db db;
static calendar *cal;
static struct casework w;
static struct arena arena;

static int setup(void **state)
{
	(void)state;
	if (fixture_db_open(&db) || deadlines_calendar(db.s, &cal))
		return -1;
	w = (struct casework){
	    .s = db.s, .cal = cal, .ref = &db.ref, .reply_days = DEFAULT_REPLY_DAYS};
	arena_init(&arena, 0);
	return store_calendar_revision(db.s, &w.cal_revision);
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	calendar_free(cal);
	fixture_db_close(&db);
	return 0;
}

static const struct actor agency = {.role = ROLE_AGENCY_STAFF, .user_id = 7, .province = "44"};

/* A complaint as the intake makes it, received at 10:00 on `day` (Beijing). */
static struct complaint complaint_on(const char *day, const char *province)
{
	const struct enterprise *e = reference_enterprise(&db.ref, "中国移动", strlen("中国移动"));
	const struct category *k =
	    reference_category(&db.ref, "服务争议", strlen("服务争议"), fixture_day(day));
	assert_non_null(k);
	struct complaint c = {.enterprise_id = e->id,
	                      .category_id = k->id,
	                      .state = COMPLAINT_SUBMITTED,
	                      .closed_at = NO_INSTANT,
	                      .version = 1,
	                      .received_at =
	                          date_start_instant(fixture_day(day), SH_BEIJING_OFFSET) + 36000,
	                      .description = "多收了流量费",
	                      .description_len = strlen("多收了流量费"),
	                      .name = "张三",
	                      .phone = "13800138000",
	                      .address = "广州",
	                      .demand = "退费",
	                      .operator_answer = OPERATOR_UNSATISFIED};
	memcpy(c.province, province, 3);
	return c;
}

static struct complaint file(const char *day, const char *province)
{
	struct complaint c = complaint_on(day, province);
	assert_int_equal(casework_file(&w, &c, fixture_day(day), HASH), 0);
	return c;
}

static struct complaint stored(const char *case_no)
{
	struct complaint c;
	assert_int_equal(store_case_get(db.s, case_no, &arena, &c, NULL), 0);
	return c;
}

static size_t events_of(const struct complaint *c, struct complaint_event **ev)
{
	struct complaint_event *list;
	size_t n;
	assert_int_equal(store_case_events(db.s, c->id, &arena, &list, &n), 0);
	if (ev)
		*ev = list;
	return n;
}

static int32_t working_days_after(const char *day, int n)
{
	int32_t out;
	assert_int_equal(calendar_add_working_days(cal, fixture_day(day), n, &out), 0);
	return out;
}

/* Applies an action by who at 11:00 on `day`. */
static int apply(const struct complaint *c, const struct actor *who, enum complaint_action a,
                 const char *day, int expected_version, struct complaint *after,
                 struct transition_error *err)
{
	struct transition t = {.action = a,
	                       .now =
	                           date_start_instant(fixture_day(day), SH_BEIJING_OFFSET) + 39600,
	                       .today = fixture_day(day)};
	return casework_apply(&w, c, who, &t, expected_version, &arena, after, err);
}

static struct complaint applied(const struct complaint *c, const struct actor *who,
                                enum complaint_action a, const char *day)
{
	struct complaint after;
	struct transition_error err;
	int rc = apply(c, who, a, day, c->version, &after, &err);
	if (rc)
		fail_msg("%s refused: %s %s", action_code(a), err.code ? err.code : "",
		         err.message);
	return after;
}

/* ---- filing ---------------------------------------------------------------------- */

static void test_file(void **state)
{
	(void)state;
	struct complaint c = file("2024-10-08", "44"); /* the Tuesday after 国庆 */
	assert_true(c.id > 0);
	assert_true(complaint_case_no_valid(c.case_no));
	assert_int_equal(strncmp(c.case_no, "44-2024-", 8), 0);
	assert_int_equal(c.state, COMPLAINT_SUBMITTED);
	assert_int_equal(c.version, 1);
	assert_int_equal(c.materials_day, fixture_day("2024-10-08"));
	assert_int_equal(c.accept_due, working_days_after("2024-10-08", 5));
	assert_int_equal(c.accept_due, fixture_day("2024-10-14")); /* Saturday 10-12 was worked */
	assert_int_equal(c.answer_due, fixture_day("2024-11-07")); /* 30 calendar days */
	assert_false(c.accept_provisional);

	/* as stored, with the query code's hash and the filing event */
	char hash[STORE_HASH_HEX];
	struct complaint s;
	assert_int_equal(store_case_get(db.s, c.case_no, &arena, &s, hash), 0);
	assert_string_equal(hash, HASH);
	assert_int_equal(s.id, c.id);
	assert_int_equal(s.accept_due, c.accept_due);
	assert_int_equal(s.answer_due, c.answer_due);
	assert_string_equal(s.name, "张三");
	struct complaint_event *ev;
	assert_int_equal(events_of(&c, &ev), 1);
	assert_int_equal(ev[0].action, ACTION_SUBMIT);
	assert_int_equal(ev[0].role, ROLE_COMPLAINANT);
	assert_int_equal(ev[0].at, c.received_at);
	assert_int_equal(ev[0].from, COMPLAINT_SUBMITTED);
	assert_int_equal(ev[0].to, COMPLAINT_SUBMITTED);

	/* each filing its own number */
	struct complaint d = file("2024-10-08", "44"), e = file("2024-10-08", "11");
	assert_string_not_equal(c.case_no, d.case_no);
	assert_int_equal(strncmp(e.case_no, "11-2024-", 8), 0);

	/* a day no calendar can place: refused, nothing stored */
	int64_t before, after;
	assert_int_equal(store_complaint_count(db.s, &before), 0);
	struct complaint late = complaint_on("2024-10-08", "44");
	struct complaint copy = late;
	assert_int_equal(casework_file(&w, &late, fixture_day("2100-06-01"), HASH), SH_ENOSCHEDULE);
	assert_memory_equal(&late, &copy, sizeof copy);
	assert_int_equal(store_complaint_count(db.s, &after), 0);
	assert_int_equal(after, before);
}

/* ---- transitions ------------------------------------------------------------------- */

static void test_transitions_stored(void **state)
{
	(void)state;
	struct complaint c = file("2024-10-08", "44");
	struct complaint a = applied(&c, &agency, ACTION_ACCEPT, "2024-10-09");
	assert_int_equal(a.state, COMPLAINT_ACCEPTED);
	assert_int_equal(a.version, 2);
	struct complaint s = stored(c.case_no);
	assert_int_equal(s.state, COMPLAINT_ACCEPTED);
	assert_int_equal(s.version, 2);
	struct complaint_event *ev;
	assert_int_equal(events_of(&c, &ev), 2);
	assert_int_equal(ev[1].action, ACTION_ACCEPT);
	assert_int_equal(ev[1].user_id, 7);
	assert_int_equal(ev[1].role, ROLE_AGENCY_STAFF);
	assert_int_equal(ev[1].from, COMPLAINT_SUBMITTED);
	assert_int_equal(ev[1].to, COMPLAINT_ACCEPTED);
}

/* An action sent with a version that is not the case's gets SH_ECONFLICT
 * "stale_version" and changes nothing: whether the caller's copy already
 * shows another version, or someone else wrote since it was read. */
static void test_stale_version(void **state)
{
	(void)state;
	struct complaint c = file("2024-10-08", "44");
	struct complaint after;
	memset(&after, 0x5a, sizeof after);
	struct complaint marker = after;
	struct transition_error err;

	/* the client read version 1, the case it is shown is at 1, it sends 3 */
	assert_int_equal(apply(&c, &agency, ACTION_ACCEPT, "2024-10-09", 3, &after, &err),
	                 SH_ECONFLICT);
	assert_string_equal(err.code, "stale_version");
	assert_non_null(strstr(err.message, "1"));
	assert_non_null(strstr(err.message, "3"));
	assert_memory_equal(&after, &marker, sizeof marker);
	assert_int_equal(stored(c.case_no).version, 1);

	/* someone else accepted meanwhile; this caller still holds version 1 */
	applied(&c, &agency, ACTION_ACCEPT, "2024-10-09");
	const struct actor other = {.role = ROLE_AGENCY_STAFF, .user_id = 8, .province = "44"};
	assert_int_equal(apply(&c, &other, ACTION_REJECT, "2024-10-09", 1, &after, &err),
	                 SH_EINVAL); /* reject needs a reason: the domain answers first */
	struct transition t = {.action = ACTION_ANSWER_ENQUIRY,
	                       .now = c.received_at + 7200,
	                       .today = fixture_day("2024-10-09")};
	assert_int_equal(casework_apply(&w, &c, &other, &t, 1, &arena, &after, &err), SH_ECONFLICT);
	assert_string_equal(err.code, "stale_version");
	assert_memory_equal(&after, &marker, sizeof marker);
	struct complaint s = stored(c.case_no);
	assert_int_equal(s.state, COMPLAINT_ACCEPTED);
	assert_int_equal(s.version, 2);
	assert_int_equal(events_of(&c, NULL), 2);

	/* read again, the same action goes through on the current version */
	struct complaint fresh = stored(c.case_no);
	struct complaint f = applied(&fresh, &agency, ACTION_FORWARD, "2024-10-10");
	assert_int_equal(f.version, 3);
}

/* ---- the operator's reply period ----------------------------------------------- */

static void test_reply_days(void **state)
{
	(void)state;
	assert_int_equal(casework_reply_days(&w, "44"), DEFAULT_REPLY_DAYS);
	assert_int_equal(store_reply_days_set(db.s, "44", 10), 0);
	assert_int_equal(casework_reply_days(&w, "44"), 10);
	assert_int_equal(casework_reply_days(&w, "11"), DEFAULT_REPLY_DAYS);

	/* 广东 set 10 working days */
	struct complaint c = file("2024-10-08", "44");
	c = applied(&c, &agency, ACTION_ACCEPT, "2024-10-09");
	struct complaint f = applied(&c, &agency, ACTION_FORWARD, "2024-10-10");
	assert_int_equal(f.state, COMPLAINT_FORWARDED);
	assert_int_equal(f.reply_days, 10);
	assert_int_equal(f.reply_from, fixture_day("2024-10-10"));
	assert_int_equal(f.reply_due, working_days_after("2024-10-10", 10));
	assert_int_equal(stored(c.case_no).reply_due, f.reply_due);

	/* 北京 set nothing: the default */
	const struct actor beijing = {.role = ROLE_AGENCY_STAFF, .user_id = 9, .province = "11"};
	struct complaint b = file("2024-10-08", "11");
	b = applied(&b, &beijing, ACTION_ACCEPT, "2024-10-09");
	f = applied(&b, &beijing, ACTION_FORWARD, "2024-10-10");
	assert_int_equal(f.reply_days, DEFAULT_REPLY_DAYS);
	assert_int_equal(f.reply_due, working_days_after("2024-10-10", DEFAULT_REPLY_DAYS));

	/* an action that names its period keeps it */
	struct complaint g = file("2024-10-08", "44");
	g = applied(&g, &agency, ACTION_ACCEPT, "2024-10-09");
	struct transition t = {.action = ACTION_FORWARD,
	                       .now = g.received_at + 2 * 86400,
	                       .today = fixture_day("2024-10-10"),
	                       .reply_days = 3};
	struct complaint after;
	struct transition_error err;
	assert_int_equal(casework_apply(&w, &g, &agency, &t, g.version, &arena, &after, &err), 0);
	assert_int_equal(after.reply_days, 3);
	assert_int_equal(after.reply_due, working_days_after("2024-10-10", 3));
}

/* ---- refusals --------------------------------------------------------------------- */

/* What the domain refuses comes back with its code and message, and neither
 * the case nor its history changes. */
static void test_refusals_write_nothing(void **state)
{
	(void)state;
	struct complaint c = file("2024-10-08", "44");
	const struct actor operator= {
	    .role = ROLE_ENTERPRISE_STAFF, .user_id = 3, .enterprise_id = c.enterprise_id};
	const struct actor regulator = {.role = ROLE_REGULATOR, .user_id = 4};
	const struct {
		const struct actor *who;
		enum complaint_action action;
		int rc;
		const char *code;
	} refused[] = {
	    {&operator, ACTION_ACCEPT, SH_EFORBIDDEN, "role_not_allowed"},
	    {&regulator, ACTION_ACCEPT, SH_EFORBIDDEN, "role_not_allowed"},
	    {&agency, ACTION_CLOSE, SH_ECONFLICT, "illegal_transition"},
	    {&agency, ACTION_FORWARD, SH_ECONFLICT, "illegal_transition"},
	    {&agency, ACTION_REJECT, SH_EINVAL, "reason_required"},
	    {&agency, ACTION_REQUEST_SUPPLEMENT, SH_EINVAL, "comment_required"},
	    {&agency, ACTION_SUBMIT, SH_EINVAL, "unknown_action"},
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		struct complaint after;
		memset(&after, 0x5a, sizeof after);
		struct complaint marker = after;
		struct transition_error err;
		int rc = apply(&c, refused[i].who, refused[i].action, "2024-10-09", c.version,
		               &after, &err);
		assert_int_equal(rc, refused[i].rc);
		assert_non_null(err.code);
		assert_string_equal(err.code, refused[i].code);
		assert_true(err.message[0]);
		assert_memory_equal(&after, &marker, sizeof marker);
		struct complaint s = stored(c.case_no);
		assert_int_equal(s.version, 1);
		assert_int_equal(s.state, COMPLAINT_SUBMITTED);
		assert_int_equal(events_of(&c, NULL), 1);
	}
	/* a final case takes nothing more */
	struct transition t = {.action = ACTION_REJECT,
	                       .reason = "time_barred_billing",
	                       .now = c.received_at + 3600,
	                       .today = fixture_day("2024-10-08")};
	struct complaint rejected;
	struct transition_error err;
	if (!reference_reason(&db.ref, t.reason))
		t.reason = db.ref.reasons[0].code;
	assert_int_equal(casework_apply(&w, &c, &agency, &t, 1, &arena, &rejected, &err), 0);
	assert_int_equal(rejected.state, COMPLAINT_NOT_ACCEPTED);
	struct complaint after;
	assert_int_equal(apply(&rejected, &agency, ACTION_ACCEPT, "2024-10-09", 2, &after, &err),
	                 SH_ECONFLICT);
	assert_string_equal(err.code, "illegal_transition");
	assert_int_equal(events_of(&c, NULL), 2);
}

/* ---- a schedule published meanwhile --------------------------------------------- */

/* A case filed with a calendar loaded before next year's schedule was
 * published: its provisional deadline is counted again at once. */
static void test_follow_up(void **state)
{
	(void)state;
	static char name[] = "元旦";
	static struct holiday_day days[2];
	days[0] = (struct holiday_day){fixture_day("2027-01-01"), true, name};
	days[1] = (struct holiday_day){fixture_day("2027-01-04"), true, name}; /* made up */
	struct holiday_schedule sch = {.year = 2027, .n = 2, .days = days};

	/* without a follow-up (the demo's way): provisional, by the statutory rules */
	struct complaint c = file("2026-12-28", "44");
	assert_true(c.accept_provisional);
	assert_int_equal(c.accept_due, fixture_day("2027-01-05"));

	/* published after this process loaded its calendar */
	assert_int_equal(deadlines_publish(db.s, &sch, "2027.json", 1798000000, NULL), 0);
	w.follow_up = true;
	struct complaint d = file("2026-12-28", "44");
	assert_false(d.accept_provisional);
	assert_int_equal(d.accept_due, fixture_day("2027-01-06"));
	struct complaint s = stored(d.case_no);
	assert_false(s.accept_provisional);
	assert_int_equal(s.accept_due, fixture_day("2027-01-06"));

	/* a transition counted with the stale calendar is followed up too */
	struct complaint cur = stored(c.case_no); /* counted again by the publication */
	assert_int_equal(cur.accept_due, fixture_day("2027-01-06"));
	struct complaint a = applied(&cur, &agency, ACTION_ACCEPT, "2026-12-29");
	struct complaint f = applied(&a, &agency, ACTION_FORWARD, "2026-12-30");
	assert_false(f.reply_provisional);
	calendar *published;
	assert_int_equal(deadlines_calendar(db.s, &published), 0);
	int32_t due;
	assert_int_equal(calendar_add_working_days(published, fixture_day("2026-12-30"),
	                                           DEFAULT_REPLY_DAYS, &due),
	                 0);
	calendar_free(published);
	assert_int_equal(f.reply_due, due);
	assert_int_equal(stored(c.case_no).reply_due, due);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_file),       TEST(test_transitions_stored),     TEST(test_stale_version),
	    TEST(test_reply_days), TEST(test_refusals_write_nothing), TEST(test_follow_up),
	};
	return cmocka_run_group_tests_name("casework", tests, NULL, NULL);
}
