/* Tests for domain/lifecycle.c: the state machine over every (state, action,
 * role), the full paths a case takes, deadlines on the real holiday calendar
 * (every file in data/holidays) and the real reference data. */
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
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/holiday_json.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/lifecycle.h"

static struct reference ref;
static calendar *cal;
static int64_t mobile_id, telecom_id, jd_id;

/* ---- fixture ---- */

static const char *data_dir(void)
{
	const char *d = getenv("SHENSU_DATA_DIR");
	return d && *d ? d : "data";
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

static int load_calendar(void)
{
	cal = fixture_calendar();
	return cal ? 0 : -1;
}

static int64_t enterprise(const char *name)
{
	const struct enterprise *e = reference_enterprise(&ref, name, strlen(name));
	return e ? e->id : -1;
}

static int setup(void **state)
{
	(void)state;
	if (fixture_reference(&ref) != 0)
		return -1;
	mobile_id = enterprise("中国移动");
	telecom_id = enterprise("中国电信");
	jd_id = enterprise("京东通信");
	if (mobile_id <= 0 || telecom_id <= 0 || jd_id <= 0)
		return -1;
	return load_calendar();
}

static int teardown(void **state)
{
	(void)state;
	calendar_free(cal);
	cal = NULL;
	reference_free(&ref);
	return 0;
}

/* ---- helpers ---- */

static int32_t D(const char *s)
{
	int32_t day = 0;
	assert_int_equal(date_parse(s, strlen(s), &day), 0);
	return day;
}

/* An instant from an ISO date-time with its offset. */
static int64_t T(const char *s)
{
	int64_t t = 0;
	assert_int_equal(datetime_parse(s, strlen(s), SH_BEIJING_OFFSET, &t), 0);
	return t;
}

static const char *fmt(int32_t day)
{
	static char buf[4][SH_DATE_LEN + 1];
	static int k;
	k = (k + 1) % 4;
	if (day == 0)
		return "0";
	date_format(day, buf[k]);
	return buf[k];
}

#define assert_day(got, want)                                                                      \
	do {                                                                                       \
		int32_t got_ = (got), want_ = D(want);                                             \
		if (got_ != want_)                                                                 \
			fail_msg("%s is %s, expected %s", #got, fmt(got_), fmt(want_));            \
	} while (0)

/* A new case of 中国移动 in 广东, materials complete on 2020-09-21. */
static struct complaint new_case(void)
{
	struct complaint c = {0};
	c.id = 42;
	snprintf(c.case_no, sizeof c.case_no, "44-2020-000042");
	memcpy(c.province, "44", 3);
	c.enterprise_id = mobile_id;
	c.category_id = 1;
	c.state = COMPLAINT_SUBMITTED;
	c.received_at = T("2020-09-21T09:00:00+08:00");
	c.closed_at = NO_INSTANT;
	c.version = 1;
	c.phone = "13800138000";
	assert_int_equal(lifecycle_start_clocks(&c, D("2020-09-21"), cal), 0);
	return c;
}

static struct actor actor(enum role r)
{
	struct actor a = {.role = r};
	switch (r) {
	case ROLE_AGENCY_STAFF:
		a.user_id = 7;
		memcpy(a.province, "44", 3);
		break;
	case ROLE_ENTERPRISE_STAFF:
		a.user_id = 8;
		a.enterprise_id = mobile_id;
		break;
	case ROLE_REGULATOR:
		a.user_id = 9;
		break;
	case ROLE_ADMIN:
		a.user_id = 10;
		break;
	case ROLE_REPORT_STAFF:
		a.user_id = 11;
		break;
	case ROLE_COMPLAINANT:
	case ROLE_COUNT:
		break;
	}
	return a;
}

/* Applies t; on failure checks that *after and *ev were left alone. */
static int apply(const struct complaint *before, enum role r, const struct transition *t,
                 struct complaint *after, struct complaint_event *ev, struct transition_error *err)
{
	struct actor a = actor(r);
	struct complaint after_was;
	struct complaint_event ev_was;
	memset(after, 0xA5, sizeof *after);
	memset(ev, 0x5A, sizeof *ev);
	memcpy(&after_was, after, sizeof after_was);
	memcpy(&ev_was, ev, sizeof ev_was);
	memset(err, 0, sizeof *err);
	int rc = lifecycle_apply(before, &a, t, cal, &ref, after, ev, err);
	if (rc != 0) {
		assert_memory_equal(after, &after_was, sizeof after_was);
		assert_memory_equal(ev, &ev_was, sizeof ev_was);
		assert_non_null(err->code);
		assert_true(err->message[0] != '\0');
	} else {
		assert_int_equal(after->version, before->version + 1);
		assert_int_equal(ev->complaint_id, before->id);
		assert_int_equal(ev->at, t->now);
		assert_int_equal(ev->user_id, a.user_id);
		assert_int_equal(ev->role, r);
		assert_int_equal(ev->action, t->action);
		assert_int_equal(ev->from, before->state);
		assert_int_equal(ev->to, after->state);
	}
	return rc;
}

/* Moves c by one successful action. */
static void step(struct complaint *c, enum role r, enum complaint_action a, const char *when,
                 enum complaint_state want)
{
	struct transition t = {.action = a, .now = T(when), .comment = "说明", .reply_days = 10};
	if (a == ACTION_REJECT)
		t.reason = "settled";
	struct complaint after;
	struct complaint_event ev;
	struct transition_error err;
	int rc = apply(c, r, &t, &after, &ev, &err);
	if (rc)
		fail_msg("%s by %s from %s: %d %s %s", action_code(a), role_code(r),
		         complaint_state_code(c->state), rc, err.code, err.message);
	assert_int_equal(after.state, want);
	*c = after;
}

/* ---- the whole table: every (state, action, role) ---- */

#define R(r) (1u << (r))
#define AG R(ROLE_AGENCY_STAFF)
#define EN R(ROLE_ENTERPRISE_STAFF)
#define CO R(ROLE_COMPLAINANT)
#define OPEN (-1)

/* The diagram of lifecycle.h, written out again independently. */
static const struct {
	enum complaint_action action;
	int from; /* a state or OPEN */
	enum complaint_state to;
	enum complaint_outcome outcome;
	unsigned roles;
} diagram[] = {
    {ACTION_REQUEST_SUPPLEMENT, COMPLAINT_SUBMITTED, COMPLAINT_NEEDS_SUPPLEMENT, OUTCOME_NONE, AG},
    {ACTION_SUPPLEMENT, COMPLAINT_NEEDS_SUPPLEMENT, COMPLAINT_SUBMITTED, OUTCOME_NONE, CO},
    {ACTION_ACCEPT, COMPLAINT_SUBMITTED, COMPLAINT_ACCEPTED, OUTCOME_NONE, AG},
    {ACTION_REJECT, COMPLAINT_SUBMITTED, COMPLAINT_NOT_ACCEPTED, OUTCOME_NONE, AG},
    {ACTION_ANSWER_ENQUIRY, COMPLAINT_SUBMITTED, COMPLAINT_ENQUIRY_ANSWERED, OUTCOME_NONE, AG},
    {ACTION_FORWARD, COMPLAINT_ACCEPTED, COMPLAINT_FORWARDED, OUTCOME_NONE, AG},
    {ACTION_REPLY, COMPLAINT_FORWARDED, COMPLAINT_REPLIED, OUTCOME_NONE, EN},
    {ACTION_CLOSE, COMPLAINT_REPLIED, COMPLAINT_CLOSED, OUTCOME_RESOLVED_BY_OPERATOR, AG},
    {ACTION_START_MEDIATION, COMPLAINT_REPLIED, COMPLAINT_MEDIATION, OUTCOME_NONE, AG},
    {ACTION_MEDIATION_AGREEMENT, COMPLAINT_MEDIATION, COMPLAINT_CLOSED, OUTCOME_MEDIATED_AGREEMENT,
     AG},
    {ACTION_MEDIATION_FAILED, COMPLAINT_MEDIATION, COMPLAINT_CLOSED, OUTCOME_MEDIATION_FAILED, AG},
    {ACTION_WITHDRAW, OPEN, COMPLAINT_CLOSED, OUTCOME_WITHDRAWN, AG | CO},
};

static bool final_state(enum complaint_state s)
{
	return s == COMPLAINT_NOT_ACCEPTED || s == COMPLAINT_ENQUIRY_ANSWERED ||
	       s == COMPLAINT_CLOSED;
}

static void test_every_state_action_role(void **state)
{
	(void)state;
	/* Every action but ACTION_SUBMIT and ACTION_RECOMPUTE, which are not
	 * transitions. */
	assert_int_equal(ACTION_COUNT, 14);
	assert_int_equal(sizeof diagram / sizeof diagram[0], ACTION_COUNT - 2);
	int ok = 0, forbidden = 0, conflict = 0;
	for (int s = 0; s < COMPLAINT_STATE_COUNT; s++) {
		for (size_t i = 0; i < sizeof diagram / sizeof diagram[0]; i++) {
			enum complaint_action a = diagram[i].action;
			for (int r = 0; r < ROLE_COUNT; r++) {
				struct complaint before = new_case();
				before.state = (enum complaint_state)s;
				before.version = 3;
				struct transition t = {
				    .action = a,
				    .reason = "settled",
				    .comment = "请补充缴费凭证",
				    .now = T("2020-09-30T10:00:00+08:00"),
				    .reply_days = 10,
				};
				struct complaint after;
				struct complaint_event ev;
				struct transition_error err;
				int rc = apply(&before, (enum role)r, &t, &after, &ev, &err);

				bool role_ok = diagram[i].roles & R(r);
				bool state_ok = diagram[i].from == OPEN ? !final_state(before.state)
				                                        : diagram[i].from == s;
				int want = !role_ok ? SH_EFORBIDDEN : !state_ok ? SH_ECONFLICT : 0;
				if (rc != want)
					fail_msg("%s by %s in %s: got %d, want %d (%s)",
					         action_code(a), role_code((enum role)r),
					         complaint_state_code(before.state), rc, want,
					         rc ? err.message : "");
				struct actor who = actor((enum role)r);
				bool allowed = lifecycle_allowed(&before, &who) & (1u << a);
				assert_int_equal(allowed, want == 0);
				if (rc == SH_EFORBIDDEN) {
					assert_string_equal(err.code, "role_not_allowed");
					forbidden++;
					continue;
				}
				if (rc == SH_ECONFLICT) {
					assert_string_equal(err.code, "illegal_transition");
					assert_non_null(strstr(
					    err.message, complaint_state_label(before.state)));
					assert_non_null(strstr(err.message, action_label(a)));
					conflict++;
					continue;
				}
				ok++;
				assert_int_equal(after.state, diagram[i].to);
				assert_int_equal(after.version, 4);
				assert_int_equal(after.id, before.id);
				assert_string_equal(after.case_no, before.case_no);
				assert_ptr_equal(after.phone, before.phone);
				if (diagram[i].to == COMPLAINT_CLOSED)
					assert_int_equal(after.outcome, diagram[i].outcome);
				else
					assert_int_equal(after.outcome, OUTCOME_NONE);
				if (final_state(after.state))
					assert_int_equal(after.closed_at, t.now);
				else
					assert_int_equal(after.closed_at, NO_INSTANT);
				if (a == ACTION_REJECT) {
					assert_string_equal(after.reason, "settled");
					assert_string_equal(ev.reason, "settled");
				} else {
					assert_string_equal(after.reason, "");
					assert_null(ev.reason);
				}
				assert_string_equal(ev.comment, "请补充缴费凭证");
			}
		}
	}
	/* 11 single transitions plus withdraw from 6 open states by 2 roles. */
	assert_int_equal(ok, 11 + 6 * 2);
	assert_int_equal(ok + forbidden + conflict, 9 * 12 * ROLE_COUNT);
}

/* The filing event's action is never a transition. */
static void test_submit_is_not_a_transition(void **state)
{
	(void)state;
	for (int s = 0; s < COMPLAINT_STATE_COUNT; s++) {
		for (int r = 0; r < ROLE_COUNT; r++) {
			struct complaint before = new_case(), after;
			before.state = (enum complaint_state)s;
			struct complaint_event ev;
			struct transition_error err;
			struct actor who = actor((enum role)r);
			enum complaint_action not_transitions[] = {ACTION_SUBMIT, ACTION_RECOMPUTE};
			for (size_t i = 0; i < 2; i++) {
				struct transition t = {.action = not_transitions[i],
				                       .now = T("2020-09-30T10:00:00+08:00")};
				assert_int_equal(
				    apply(&before, (enum role)r, &t, &after, &ev, &err), SH_EINVAL);
				assert_string_equal(err.code, "unknown_action");
				assert_false(lifecycle_allowed(&before, &who) &
				             (1u << not_transitions[i]));
			}
		}
	}
}

static void test_allowed_sets(void **state)
{
	(void)state;
	struct complaint c = new_case();
	struct actor ag = actor(ROLE_AGENCY_STAFF), en = actor(ROLE_ENTERPRISE_STAFF),
	             co = actor(ROLE_COMPLAINANT), rg = actor(ROLE_REGULATOR),
	             ad = actor(ROLE_ADMIN);
	assert_int_equal(lifecycle_allowed(&c, &ag),
	                 (1u << ACTION_REQUEST_SUPPLEMENT) | (1u << ACTION_ACCEPT) |
	                     (1u << ACTION_REJECT) | (1u << ACTION_ANSWER_ENQUIRY) |
	                     (1u << ACTION_WITHDRAW));
	assert_int_equal(lifecycle_allowed(&c, &co), 1u << ACTION_WITHDRAW);
	assert_int_equal(lifecycle_allowed(&c, &en), 0);
	assert_int_equal(lifecycle_allowed(&c, &rg), 0);
	assert_int_equal(lifecycle_allowed(&c, &ad), 0);
	c.state = COMPLAINT_NEEDS_SUPPLEMENT;
	assert_int_equal(lifecycle_allowed(&c, &co),
	                 (1u << ACTION_SUPPLEMENT) | (1u << ACTION_WITHDRAW));
	c.state = COMPLAINT_FORWARDED;
	assert_int_equal(lifecycle_allowed(&c, &en), 1u << ACTION_REPLY);
	assert_int_equal(lifecycle_allowed(&c, &ag), 1u << ACTION_WITHDRAW);
	c.state = COMPLAINT_REPLIED;
	assert_int_equal(lifecycle_allowed(&c, &ag), (1u << ACTION_CLOSE) |
	                                                 (1u << ACTION_START_MEDIATION) |
	                                                 (1u << ACTION_WITHDRAW));
	c.state = COMPLAINT_CLOSED;
	assert_int_equal(lifecycle_allowed(&c, &ag), 0);
	assert_int_equal(lifecycle_allowed(&c, &co), 0);
}

static void test_error_order_and_messages(void **state)
{
	(void)state;
	struct complaint c = new_case(), after;
	struct complaint_event ev;
	struct transition_error err;
	struct transition t = {.action = ACTION_ACCEPT, .now = T("2020-09-22T10:00:00+08:00")};

	/* A complainant trying to accept: the role, not the state. */
	assert_int_equal(apply(&c, ROLE_COMPLAINANT, &t, &after, &ev, &err), SH_EFORBIDDEN);
	assert_string_equal(err.code, "role_not_allowed");
	assert_non_null(strstr(err.message, "申诉人"));
	assert_non_null(strstr(err.message, "受理"));

	/* Agency staff replying, even on a forwarded case. */
	t.action = ACTION_REPLY;
	t.comment = "已退费";
	c.state = COMPLAINT_FORWARDED;
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), SH_EFORBIDDEN);
	assert_string_equal(err.code, "role_not_allowed");
	c.state = COMPLAINT_SUBMITTED;
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), SH_EFORBIDDEN);

	/* Regulator and admin take nothing, in any state. */
	t.action = ACTION_WITHDRAW;
	assert_int_equal(apply(&c, ROLE_REGULATOR, &t, &after, &ev, &err), SH_EFORBIDDEN);
	assert_string_equal(err.code, "role_not_allowed");
	assert_int_equal(apply(&c, ROLE_ADMIN, &t, &after, &ev, &err), SH_EFORBIDDEN);

	/* The state, for a role that may take the action. */
	c.state = COMPLAINT_CLOSED;
	t.action = ACTION_ACCEPT;
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), SH_ECONFLICT);
	assert_string_equal(err.code, "illegal_transition");
	assert_string_equal(err.message, "案件当前状态为“已办结”，不能执行“受理”");

	/* The state is checked before the reason or the comment. */
	c.state = COMPLAINT_ACCEPTED;
	t.action = ACTION_REJECT;
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), SH_ECONFLICT);
	t.action = ACTION_REQUEST_SUPPLEMENT;
	t.comment = NULL;
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), SH_ECONFLICT);

	/* Out-of-range values. */
	c.state = COMPLAINT_SUBMITTED;
	t.action = (enum complaint_action)ACTION_COUNT;
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), SH_EINVAL);
	assert_string_equal(err.code, "unknown_action");
	t.action = ACTION_ACCEPT;
	struct actor bad = {.role = ROLE_COUNT};
	assert_int_equal(lifecycle_apply(&c, &bad, &t, cal, &ref, &after, &ev, &err),
	                 SH_EFORBIDDEN);
	assert_int_equal(lifecycle_allowed(&c, &bad), 0);

	/* A NULL err is allowed. */
	struct actor co = actor(ROLE_COMPLAINANT);
	assert_int_equal(lifecycle_apply(&c, &co, &t, cal, &ref, &after, &ev, NULL), SH_EFORBIDDEN);
}

/* ---- paths ---- */

static void test_path_supplement_forward_reply_close(void **state)
{
	(void)state;
	struct complaint c = new_case(), after;
	struct complaint_event ev;
	struct transition_error err;
	assert_day(c.materials_day, "2020-09-21");
	assert_int_equal(c.version, 1);

	/* Incomplete: the agency asks for more. A comment is needed. */
	struct transition t = {.action = ACTION_REQUEST_SUPPLEMENT,
	                       .now = T("2020-09-23T10:00:00+08:00")};
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), SH_EINVAL);
	assert_string_equal(err.code, "comment_required");
	t.comment = "请补充缴费凭证";
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), 0);
	assert_int_equal(after.state, COMPLAINT_NEEDS_SUPPLEMENT);
	assert_string_equal(ev.comment, "请补充缴费凭证");
	assert_false(ev.internal);
	assert_int_equal(ev.user_id, 7);
	assert_int_equal(ev.role, ROLE_AGENCY_STAFF);
	assert_int_equal(after.version, 2);
	c = after;
	/* Waiting for the complainant stops no clock by itself. */
	assert_day(c.materials_day, "2020-09-21");

	/* Materials complete at 00:30 Beijing time on 29 September (still the
	 * 28th in UTC): the clocks restart from the 29th. */
	t = (struct transition){.action = ACTION_SUPPLEMENT, .now = T("2020-09-28T16:30:00Z"),
	                        .comment = "已补充账单截图"};
	assert_int_equal(apply(&c, ROLE_COMPLAINANT, &t, &after, &ev, &err), 0);
	assert_int_equal(after.state, COMPLAINT_SUBMITTED);
	assert_day(after.materials_day, "2020-09-29");
	assert_day(after.accept_due, "2020-10-13"); /* across National Day */
	assert_day(after.answer_due, "2020-10-29"); /* 30 calendar days */
	assert_int_equal(after.reply_due, 0);
	assert_int_equal(ev.user_id, 0);
	assert_int_equal(ev.role, ROLE_COMPLAINANT);
	assert_string_equal(ev.comment, "已补充账单截图");
	assert_int_equal(after.version, 3);
	c = after;

	step(&c, ROLE_AGENCY_STAFF, ACTION_ACCEPT, "2020-09-30T09:00:00+08:00", COMPLAINT_ACCEPTED);
	assert_day(c.accept_due, "2020-10-13"); /* kept as history */

	/* Forward on the last working day before National Day, 10 working days. */
	t = (struct transition){.action = ACTION_FORWARD,
	                        .now = T("2020-09-30T15:00:00+08:00"),
	                        .reply_days = 10,
	                        .comment = "请于期限内核实处理",
	                        .internal = true};
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), 0);
	assert_int_equal(after.state, COMPLAINT_FORWARDED);
	/* 10-09, 10-10 (a working Saturday), 10-12 .. 10-16, 10-19 .. 10-21. */
	assert_day(after.reply_due, "2020-10-21");
	const struct enterprise *gd = reference_branch(&ref, mobile_id, "44");
	assert_non_null(gd);
	assert_string_equal(gd->name, "中国移动广东分公司");
	assert_int_equal(after.forwarded_to, gd->id);
	assert_true(ev.internal);
	assert_day(after.answer_due, "2020-10-29");
	c = after;

	/* The operator replies; a reply needs its text. */
	t = (struct transition){
	    .action = ACTION_REPLY, .now = T("2020-10-15T11:00:00+08:00"), .comment = "  "};
	assert_int_equal(apply(&c, ROLE_ENTERPRISE_STAFF, &t, &after, &ev, &err), SH_EINVAL);
	assert_string_equal(err.code, "comment_required");
	t.comment = "已核实，退还费用20元";
	assert_int_equal(apply(&c, ROLE_ENTERPRISE_STAFF, &t, &after, &ev, &err), 0);
	assert_int_equal(after.state, COMPLAINT_REPLIED);
	assert_int_equal(ev.user_id, 8);
	assert_int_equal(after.forwarded_to, gd->id);
	c = after;

	int64_t closed = T("2020-10-16T10:00:00+08:00");
	step(&c, ROLE_AGENCY_STAFF, ACTION_CLOSE, "2020-10-16T10:00:00+08:00", COMPLAINT_CLOSED);
	assert_int_equal(c.outcome, OUTCOME_RESOLVED_BY_OPERATOR);
	assert_int_equal(c.closed_at, closed);
	assert_int_equal(c.version, 7);
	/* Due dates stay as history; nothing is overdue any more. */
	assert_day(c.reply_due, "2020-10-21");
	assert_false(lifecycle_answer_overdue(&c, D("2021-01-01")));
	assert_false(lifecycle_reply_overdue(&c, D("2021-01-01")));
	assert_int_equal(lifecycle_next_due(&c), 0);
	assert_int_equal(lifecycle_allowed(&c, &(struct actor){.role = ROLE_AGENCY_STAFF}), 0);
}

static void to_replied(struct complaint *c)
{
	step(c, ROLE_AGENCY_STAFF, ACTION_ACCEPT, "2020-09-22T09:00:00+08:00", COMPLAINT_ACCEPTED);
	step(c, ROLE_AGENCY_STAFF, ACTION_FORWARD, "2020-09-22T10:00:00+08:00",
	     COMPLAINT_FORWARDED);
	step(c, ROLE_ENTERPRISE_STAFF, ACTION_REPLY, "2020-09-25T10:00:00+08:00",
	     COMPLAINT_REPLIED);
}

static void test_path_mediation(void **state)
{
	(void)state;
	struct complaint c = new_case();
	to_replied(&c);
	step(&c, ROLE_AGENCY_STAFF, ACTION_START_MEDIATION, "2020-09-28T10:00:00+08:00",
	     COMPLAINT_MEDIATION);
	assert_int_equal(c.outcome, OUTCOME_NONE);
	assert_int_equal(c.closed_at, NO_INSTANT);
	step(&c, ROLE_AGENCY_STAFF, ACTION_MEDIATION_AGREEMENT, "2020-10-12T10:00:00+08:00",
	     COMPLAINT_CLOSED);
	assert_int_equal(c.outcome, OUTCOME_MEDIATED_AGREEMENT);
	assert_int_equal(c.closed_at, T("2020-10-12T10:00:00+08:00"));
	assert_int_equal(c.version, 6);

	c = new_case();
	to_replied(&c);
	step(&c, ROLE_AGENCY_STAFF, ACTION_START_MEDIATION, "2020-09-28T10:00:00+08:00",
	     COMPLAINT_MEDIATION);
	step(&c, ROLE_AGENCY_STAFF, ACTION_MEDIATION_FAILED, "2020-10-13T10:00:00+08:00",
	     COMPLAINT_CLOSED);
	assert_int_equal(c.outcome, OUTCOME_MEDIATION_FAILED);
	assert_int_equal(c.closed_at, T("2020-10-13T10:00:00+08:00"));
}

/* The reason codes of data/not_admissible_reasons.csv, read directly. */
static size_t csv_reason_codes(char codes[][32], size_t max)
{
	char path[512];
	snprintf(path, sizeof path, "%s/not_admissible_reasons.csv", data_dir());
	size_t len;
	char *text = slurp(path, &len);
	assert_non_null(text);
	size_t n = 0;
	char *line = strchr(text, '\n'); /* skip the header */
	while (line && *++line && n < max) {
		char *comma = strchr(line, ',');
		assert_non_null(comma);
		size_t l = (size_t)(comma - line);
		assert_true(l > 0 && l < 32);
		memcpy(codes[n], line, l);
		codes[n++][l] = '\0';
		line = strchr(comma, '\n');
	}
	free(text);
	return n;
}

static void test_reject_each_reason(void **state)
{
	(void)state;
	char codes[32][32];
	size_t n = csv_reason_codes(codes, 32);
	assert_int_equal(n, 10);
	for (size_t i = 0; i < n; i++) {
		struct complaint c = new_case(), after;
		struct complaint_event ev;
		struct transition_error err;
		struct transition t = {.action = ACTION_REJECT,
		                       .reason = codes[i],
		                       .now = T("2020-09-24T16:00:00+08:00")};
		assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), 0);
		assert_int_equal(after.state, COMPLAINT_NOT_ACCEPTED);
		assert_string_equal(after.reason, codes[i]);
		assert_string_equal(ev.reason, codes[i]);
		assert_int_equal(after.closed_at, t.now);
		assert_int_equal(after.outcome, OUTCOME_NONE);
		assert_true(complaint_state_is_final(after.state));
		assert_int_equal(lifecycle_next_due(&after), 0);
		assert_false(lifecycle_accept_overdue(&after, D("2020-12-31")));
	}

	struct complaint c = new_case(), after;
	struct complaint_event ev;
	struct transition_error err;
	struct transition t = {.action = ACTION_REJECT, .now = T("2020-09-24T16:00:00+08:00")};
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), SH_EINVAL);
	assert_string_equal(err.code, "reason_required");
	t.reason = "";
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), SH_EINVAL);
	assert_string_equal(err.code, "reason_required");
	t.reason = "too_late";
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), SH_EINVAL);
	assert_string_equal(err.code, "unknown_reason");
	assert_non_null(strstr(err.message, "too_late"));
	/* A title is not a code. */
	t.reason = "收费争议超过五个月";
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), SH_EINVAL);
	assert_string_equal(err.code, "unknown_reason");
	t.reason = "time_barred_billing_and_some_more_text_beyond_32";
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), SH_EINVAL);
	/* A comment alone does not replace the reason. */
	t.reason = NULL;
	t.comment = "超过时限";
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), SH_EINVAL);
	assert_string_equal(err.code, "reason_required");
}

static void test_enquiry(void **state)
{
	(void)state;
	struct complaint c = new_case();
	step(&c, ROLE_AGENCY_STAFF, ACTION_ANSWER_ENQUIRY, "2020-09-22T14:00:00+08:00",
	     COMPLAINT_ENQUIRY_ANSWERED);
	assert_int_equal(c.closed_at, T("2020-09-22T14:00:00+08:00"));
	assert_int_equal(c.outcome, OUTCOME_NONE);
	assert_true(complaint_state_is_final(c.state));
	assert_false(lifecycle_answer_overdue(&c, D("2021-01-01")));
	assert_int_equal(lifecycle_next_due(&c), 0);
}

static void test_withdraw_from_each_open_state(void **state)
{
	(void)state;
	const enum complaint_state open[] = {COMPLAINT_SUBMITTED, COMPLAINT_NEEDS_SUPPLEMENT,
	                                     COMPLAINT_ACCEPTED,  COMPLAINT_FORWARDED,
	                                     COMPLAINT_REPLIED,   COMPLAINT_MEDIATION};
	const enum role who[] = {ROLE_COMPLAINANT, ROLE_AGENCY_STAFF};
	for (size_t i = 0; i < sizeof open / sizeof open[0]; i++) {
		for (size_t k = 0; k < 2; k++) {
			/* Reach the state through real transitions. */
			struct complaint c = new_case();
			switch (open[i]) {
			case COMPLAINT_NEEDS_SUPPLEMENT:
				step(&c, ROLE_AGENCY_STAFF, ACTION_REQUEST_SUPPLEMENT,
				     "2020-09-22T09:00:00+08:00", COMPLAINT_NEEDS_SUPPLEMENT);
				break;
			case COMPLAINT_ACCEPTED:
				step(&c, ROLE_AGENCY_STAFF, ACTION_ACCEPT,
				     "2020-09-22T09:00:00+08:00", COMPLAINT_ACCEPTED);
				break;
			case COMPLAINT_FORWARDED:
				step(&c, ROLE_AGENCY_STAFF, ACTION_ACCEPT,
				     "2020-09-22T09:00:00+08:00", COMPLAINT_ACCEPTED);
				step(&c, ROLE_AGENCY_STAFF, ACTION_FORWARD,
				     "2020-09-22T10:00:00+08:00", COMPLAINT_FORWARDED);
				break;
			case COMPLAINT_REPLIED:
				to_replied(&c);
				break;
			case COMPLAINT_MEDIATION:
				to_replied(&c);
				step(&c, ROLE_AGENCY_STAFF, ACTION_START_MEDIATION,
				     "2020-09-28T09:00:00+08:00", COMPLAINT_MEDIATION);
				break;
			default:
				break;
			}
			assert_int_equal(c.state, open[i]);
			int64_t when = T("2020-10-09T09:00:00+08:00");
			struct transition t = {.action = ACTION_WITHDRAW,
			                       .now = when,
			                       .comment = "问题已解决",
			                       .internal = true};
			struct complaint after;
			struct complaint_event ev;
			struct transition_error err;
			assert_int_equal(apply(&c, who[k], &t, &after, &ev, &err), 0);
			assert_int_equal(after.state, COMPLAINT_CLOSED);
			assert_int_equal(after.outcome, OUTCOME_WITHDRAWN);
			assert_int_equal(after.closed_at, when);
			assert_int_equal(ev.from, open[i]);
			/* Only staff notes are internal. */
			assert_int_equal(ev.internal, who[k] == ROLE_AGENCY_STAFF);
			/* Withdrawn is final. */
			struct complaint again;
			assert_int_equal(apply(&after, who[k], &t, &again, &ev, &err),
			                 SH_ECONFLICT);
		}
	}
}

static void test_comment_required(void **state)
{
	(void)state;
	const char *blank[] = {NULL,
	                       "",
	                       "   ",
	                       "\t\n",
	                       "\xE3\x80\x80",
	                       " \xE3\x80\x80 ",
	                       "\xC2\xA0\xE2\x80\x83",      /* no-break space, em space */
	                       "\xE2\x80\x8B\xEF\xBB\xBF"}; /* zero-width space, BOM */
	struct complaint sub = new_case(), fwd = new_case(), after;
	fwd.state = COMPLAINT_FORWARDED;
	struct complaint_event ev;
	struct transition_error err;
	for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
		struct transition t = {.action = ACTION_REQUEST_SUPPLEMENT,
		                       .comment = blank[i],
		                       .now = T("2020-09-22T09:00:00+08:00")};
		assert_int_equal(apply(&sub, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), SH_EINVAL);
		assert_string_equal(err.code, "comment_required");
		t.action = ACTION_REPLY;
		assert_int_equal(apply(&fwd, ROLE_ENTERPRISE_STAFF, &t, &after, &ev, &err),
		                 SH_EINVAL);
		assert_string_equal(err.code, "comment_required");
		/* Other actions do without; a blank comment is not recorded. */
		t.action = ACTION_ACCEPT;
		assert_int_equal(apply(&sub, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), 0);
		assert_null(ev.comment);
	}
	struct transition t = {.action = ACTION_REPLY,
	                       .comment = "\xE3\x80\x80已处理",
	                       .now = T("2020-09-22T09:00:00+08:00")};
	assert_int_equal(apply(&fwd, ROLE_ENTERPRISE_STAFF, &t, &after, &ev, &err), 0);
	assert_string_equal(ev.comment, "\xE3\x80\x80已处理");
}

/* ---- forwarding ---- */

static int forward(struct complaint *c, const char *when, int days, struct transition_error *err)
{
	struct transition t = {.action = ACTION_FORWARD, .now = T(when), .reply_days = days};
	struct complaint after;
	struct complaint_event ev;
	c->state = COMPLAINT_ACCEPTED;
	int rc = apply(c, ROLE_AGENCY_STAFF, &t, &after, &ev, err);
	if (rc == 0)
		*c = after;
	return rc;
}

static void test_forward_targets(void **state)
{
	(void)state;
	struct transition_error err;

	/* A 广东 case of 中国移动 goes to its 广东 branch. */
	struct complaint c = new_case();
	assert_int_equal(forward(&c, "2020-09-22T10:00:00+08:00", 5, &err), 0);
	const struct enterprise *to = reference_enterprise_id(&ref, c.forwarded_to);
	assert_non_null(to);
	assert_string_equal(to->name, "中国移动广东分公司");
	assert_int_equal(to->parent_id, mobile_id);
	assert_string_equal(to->province, "44");

	/* 北京 case of 中国电信: the 北京 branch. */
	c = new_case();
	memcpy(c.province, "11", 3);
	c.enterprise_id = telecom_id;
	assert_int_equal(forward(&c, "2020-09-22T10:00:00+08:00", 5, &err), 0);
	to = reference_enterprise_id(&ref, c.forwarded_to);
	assert_non_null(to);
	assert_string_equal(to->name, "中国电信北京分公司");

	/* A reseller has no branches: the group itself. */
	c = new_case();
	c.enterprise_id = jd_id;
	assert_int_equal(forward(&c, "2020-09-22T10:00:00+08:00", 5, &err), 0);
	assert_int_equal(c.forwarded_to, jd_id);

	/* The national centre's cases go to the group. */
	c = new_case();
	memcpy(c.province, "00", 3);
	assert_int_equal(forward(&c, "2020-09-22T10:00:00+08:00", 5, &err), 0);
	assert_int_equal(c.forwarded_to, mobile_id);

	/* No respondent known. */
	c = new_case();
	c.enterprise_id = 0;
	assert_int_equal(forward(&c, "2020-09-22T10:00:00+08:00", 5, &err), SH_EINVAL);
	assert_string_equal(err.code, "no_branch");
	c.enterprise_id = 987654;
	assert_int_equal(forward(&c, "2020-09-22T10:00:00+08:00", 5, &err), SH_EINVAL);
	assert_string_equal(err.code, "no_branch");
}

static void test_forward_reply_days(void **state)
{
	(void)state;
	struct transition_error err;
	struct complaint c = new_case();

	/* Across National Day 2020. */
	assert_int_equal(forward(&c, "2020-09-30T10:00:00+08:00", 10, &err), 0);
	assert_day(c.reply_due, "2020-10-21");
	c = new_case();
	assert_int_equal(forward(&c, "2020-09-30T10:00:00+08:00", 1, &err), 0);
	assert_day(c.reply_due, "2020-10-09");
	c = new_case();
	assert_int_equal(forward(&c, "2020-09-30T10:00:00+08:00", 3, &err), 0);
	assert_day(c.reply_due, "2020-10-12");
	/* Late at night UTC is already the next day in Beijing. */
	c = new_case();
	assert_int_equal(forward(&c, "2020-09-29T17:00:00Z", 1, &err), 0);
	assert_day(c.reply_due, "2020-10-09");
	c = new_case();
	assert_int_equal(forward(&c, "2020-09-30T10:00:00+08:00", 60, &err), 0);

	int bad[] = {0, -1, 61, 1000};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		c = new_case();
		assert_int_equal(forward(&c, "2020-09-30T10:00:00+08:00", bad[i], &err), SH_EINVAL);
		assert_string_equal(err.code, "bad_reply_days");
	}

	/* Past the last loaded year. */
	c = new_case();
	assert_int_equal(forward(&c, "2026-12-24T10:00:00+08:00", 10, &err), SH_ENOSCHEDULE);
	assert_string_equal(err.code, "no_schedule");
	/* Without any calendar. */
	c = new_case();
	c.state = COMPLAINT_ACCEPTED;
	struct actor ag = actor(ROLE_AGENCY_STAFF);
	struct transition t = {
	    .action = ACTION_FORWARD, .now = T("2020-09-30T10:00:00+08:00"), .reply_days = 10};
	struct complaint after;
	struct complaint_event ev;
	assert_int_equal(lifecycle_apply(&c, &ag, &t, NULL, &ref, &after, &ev, &err),
	                 SH_ENOSCHEDULE);
	assert_string_equal(err.code, "no_schedule");
}

static void test_supplement_needs_comment(void **state)
{
	(void)state;
	struct complaint c = new_case(), after;
	c.state = COMPLAINT_NEEDS_SUPPLEMENT;
	struct complaint_event ev;
	struct transition_error err;
	struct transition t = {.action = ACTION_SUPPLEMENT, .now = T("2020-09-29T10:00:00+08:00"),
	                       .comment = " \t"};
	assert_int_equal(apply(&c, ROLE_COMPLAINANT, &t, &after, &ev, &err), SH_EINVAL);
	assert_string_equal(err.code, "comment_required");
}

/* What each action needs is the table's answer, and lifecycle_apply enforces
 * exactly that (the web pages are served the table): without a comment or a
 * reason, each action in its state by its role is refused for the one it
 * needs, or taken. The sets are written out here independently. */
static void test_needs_follow_the_table(void **state)
{
	(void)state;
	const unsigned comment = 1u << ACTION_REQUEST_SUPPLEMENT | 1u << ACTION_SUPPLEMENT |
	                         1u << ACTION_REPLY;
	const unsigned reason = 1u << ACTION_REJECT;
	for (size_t i = 0; i < sizeof diagram / sizeof diagram[0]; i++) {
		enum complaint_action a = diagram[i].action;
		assert_int_equal(lifecycle_comment_required(a), (comment >> a) & 1);
		assert_int_equal(lifecycle_reason_required(a), (reason >> a) & 1);
		assert_true(lifecycle_is_transition(a));
		struct complaint before = new_case(), after;
		before.state = diagram[i].from == OPEN ? COMPLAINT_SUBMITTED
		                                       : (enum complaint_state)diagram[i].from;
		enum role r = ROLE_COMPLAINANT;
		while (!(diagram[i].roles & R(r)))
			r++;
		struct transition t = {.action = a, .now = T("2020-09-30T10:00:00+08:00"),
		                       .reply_days = 10};
		struct complaint_event ev;
		struct transition_error err;
		int rc = apply(&before, r, &t, &after, &ev, &err);
		if (lifecycle_comment_required(a) || lifecycle_reason_required(a)) {
			assert_int_equal(rc, SH_EINVAL);
			assert_string_equal(err.code, lifecycle_comment_required(a) ? "comment_required"
			                                                            : "reason_required");
		} else if (rc != 0) {
			fail_msg("%s needs nothing, yet: %s", action_code(a), err.message);
		}
	}
	assert_false(lifecycle_is_transition(ACTION_SUBMIT));
	assert_false(lifecycle_is_transition(ACTION_RECOMPUTE));
	assert_false(lifecycle_comment_required(ACTION_COUNT));
	assert_false(lifecycle_reason_required((enum complaint_action)-1));
}

/* A comment of LIFECYCLE_COMMENT_MAX characters is taken, one more is not,
 * counted in characters (three bytes each here), whoever writes it. */
static void test_comment_limit(void **state)
{
	(void)state;
	static char text[(LIFECYCLE_COMMENT_MAX + 1) * 3 + 1];
	for (int i = 0; i < LIFECYCLE_COMMENT_MAX + 1; i++)
		memcpy(text + 3 * i, "长", 3);
	for (int extra = 0; extra <= 1; extra++) {
		text[(LIFECYCLE_COMMENT_MAX + extra) * 3] = '\0';
		struct complaint before = new_case(), after;
		before.state = COMPLAINT_NEEDS_SUPPLEMENT;
		struct transition t = {.action = ACTION_SUPPLEMENT, .comment = text,
		                       .now = T("2020-09-30T10:00:00+08:00")};
		struct complaint_event ev;
		struct transition_error err;
		int rc = apply(&before, ROLE_COMPLAINANT, &t, &after, &ev, &err);
		if (extra) {
			assert_int_equal(rc, SH_EINVAL);
			assert_string_equal(err.code, "comment_too_long");
		} else {
			assert_int_equal(rc, 0);
		}
		if (!extra) /* put back the character the end cut off */
			memcpy(text + LIFECYCLE_COMMENT_MAX * 3, "长", 3);
	}
}

/* The deciding day can be given apart from the event time (a pinned "today"). */
static void test_today_overrides_now(void **state)
{
	(void)state;
	struct complaint c = new_case(), after;
	c.state = COMPLAINT_ACCEPTED;
	struct complaint_event ev;
	struct transition_error err;
	struct transition t = {.action = ACTION_FORWARD, .now = T("2026-11-24T10:00:00+08:00"),
	                       .today = date_from_ymd(2020, 9, 29), .reply_days = 10};
	assert_int_equal(apply(&c, ROLE_AGENCY_STAFF, &t, &after, &ev, &err), 0);
	assert_day(after.reply_due, "2020-10-20");
	assert_int_equal(ev.at, T("2026-11-24T10:00:00+08:00"));
}

static void test_supplement_no_schedule(void **state)
{
	(void)state;
	struct complaint c = new_case(), after;
	c.state = COMPLAINT_NEEDS_SUPPLEMENT;
	struct complaint_event ev;
	struct transition_error err;
	struct transition t = {.action = ACTION_SUPPLEMENT, .now = T("2026-12-28T10:00:00+08:00"),
	                       .comment = "已补充材料"};
	assert_int_equal(apply(&c, ROLE_COMPLAINANT, &t, &after, &ev, &err), SH_ENOSCHEDULE);
	assert_string_equal(err.code, "no_schedule");
	assert_non_null(strstr(err.message, "2026-12-28"));
}

/* ---- clocks and deadlines ---- */

static void test_start_clocks(void **state)
{
	(void)state;
	struct complaint c = {.reply_due = 123};
	assert_int_equal(lifecycle_start_clocks(&c, D("2020-09-29"), cal), 0);
	assert_day(c.materials_day, "2020-09-29");
	assert_day(c.accept_due, "2020-10-13");
	assert_day(c.answer_due, "2020-10-29");
	assert_int_equal(c.reply_due, 0);

	/* Spring Festival 2024: 2024-02-04 and 02-18 are working Sundays. */
	assert_int_equal(lifecycle_start_clocks(&c, D("2024-02-08"), cal), 0);
	assert_day(c.accept_due, "2024-02-21");
	assert_day(c.answer_due, "2024-03-09");
	/* Leap year, 30 calendar days. */
	assert_int_equal(lifecycle_start_clocks(&c, D("2024-02-01"), cal), 0);
	assert_day(c.answer_due, "2024-03-02");

	/* No schedule: nothing changes. */
	struct complaint was = c;
	assert_int_equal(lifecycle_start_clocks(&c, D("2026-12-28"), cal), SH_ENOSCHEDULE);
	assert_memory_equal(&c, &was, sizeof c);
	assert_int_equal(lifecycle_start_clocks(&c, D("2020-09-29"), NULL), SH_ENOSCHEDULE);
	assert_memory_equal(&c, &was, sizeof c);
}

static void test_overdue(void **state)
{
	(void)state;
	struct complaint c = new_case();
	assert_int_equal(lifecycle_start_clocks(&c, D("2020-09-29"), cal), 0);

	/* Acceptance: due 2020-10-13. */
	assert_false(lifecycle_accept_overdue(&c, D("2020-09-29")));
	assert_false(lifecycle_accept_overdue(&c, D("2020-10-13")));
	assert_true(lifecycle_accept_overdue(&c, D("2020-10-14")));
	assert_day(lifecycle_next_due(&c), "2020-10-13");
	c.state = COMPLAINT_NEEDS_SUPPLEMENT;
	assert_false(lifecycle_accept_overdue(&c, D("2020-10-14")));
	c.state = COMPLAINT_ACCEPTED;
	assert_false(lifecycle_accept_overdue(&c, D("2020-10-14")));
	assert_day(lifecycle_next_due(&c), "2020-10-29");

	/* The answer: due 2020-10-29, in every open state. */
	for (int s = 0; s < COMPLAINT_STATE_COUNT; s++) {
		c.state = (enum complaint_state)s;
		bool open = !final_state(c.state);
		assert_false(lifecycle_answer_overdue(&c, D("2020-10-29")));
		assert_int_equal(lifecycle_answer_overdue(&c, D("2020-10-30")), open);
		assert_int_equal(lifecycle_next_due(&c) != 0, open);
		if (!open)
			assert_false(lifecycle_accept_overdue(&c, D("2021-01-01")));
	}

	/* The operator's reply: forwarded 2020-09-30 with 10 days, due 10-21. */
	struct transition_error err;
	c = new_case();
	assert_int_equal(lifecycle_start_clocks(&c, D("2020-09-29"), cal), 0);
	assert_int_equal(forward(&c, "2020-09-30T10:00:00+08:00", 10, &err), 0);
	assert_false(lifecycle_reply_overdue(&c, D("2020-10-21")));
	assert_true(lifecycle_reply_overdue(&c, D("2020-10-22")));
	assert_false(lifecycle_accept_overdue(&c, D("2020-10-22")));
	assert_day(lifecycle_next_due(&c), "2020-10-21");
	c.state = COMPLAINT_REPLIED;
	assert_false(lifecycle_reply_overdue(&c, D("2020-10-22")));
	assert_day(lifecycle_next_due(&c), "2020-10-29");
	c.state = COMPLAINT_CLOSED;
	assert_false(lifecycle_reply_overdue(&c, D("2020-10-22")));

	/* A reply due after the answer: the answer comes first. */
	c = new_case();
	assert_int_equal(lifecycle_start_clocks(&c, D("2020-09-29"), cal), 0);
	assert_int_equal(forward(&c, "2020-10-12T10:00:00+08:00", 20, &err), 0);
	assert_day(c.reply_due, "2020-11-09");
	assert_day(lifecycle_next_due(&c), "2020-10-29");

	/* No clocks running (imported history). */
	struct complaint old = {.state = COMPLAINT_FORWARDED, .closed_at = NO_INSTANT};
	assert_false(lifecycle_accept_overdue(&old, D("2030-01-01")));
	assert_false(lifecycle_answer_overdue(&old, D("2030-01-01")));
	assert_false(lifecycle_reply_overdue(&old, D("2030-01-01")));
	assert_int_equal(lifecycle_next_due(&old), 0);
}

/* ---- names ---- */

static void test_action_names(void **state)
{
	(void)state;
	static const char *const codes[ACTION_COUNT] = {"request_supplement",
	                                                "supplement",
	                                                "accept",
	                                                "reject",
	                                                "answer_enquiry",
	                                                "forward",
	                                                "reply",
	                                                "close",
	                                                "start_mediation",
	                                                "mediation_agreement",
	                                                "mediation_failed",
	                                                "withdraw",
	                                                "submit",
	                                                "recompute_deadlines"};
	static const char *const labels[ACTION_COUNT] = {
	    "要求补正",   "补正材料", "受理",    "不予受理", "答复咨询",
	    "转企业处理", "企业回复", "办结",    "开始调解", "调解达成协议",
	    "调解不成",   "撤回申诉", "提交申诉", "期限重新计算"};
	for (int a = 0; a < ACTION_COUNT; a++) {
		enum complaint_action got = ACTION_COUNT;
		assert_string_equal(action_code((enum complaint_action)a), codes[a]);
		assert_string_equal(action_label((enum complaint_action)a), labels[a]);
		assert_int_equal(action_parse(codes[a], strlen(codes[a]), &got), 0);
		assert_int_equal(got, a);
		got = ACTION_COUNT;
		assert_int_equal(action_parse(labels[a], strlen(labels[a]), &got), 0);
		assert_int_equal(got, a);
	}
	enum complaint_action got = ACTION_ACCEPT;
	assert_int_equal(action_parse("accep", 5, &got), SH_EINVAL);
	assert_int_equal(action_parse("accepted", 8, &got), SH_EINVAL);
	assert_int_equal(action_parse("", 0, &got), SH_EINVAL);
	assert_int_equal(action_parse("acceptX", 6, &got), 0); /* length-delimited */
	assert_int_equal(got, ACTION_ACCEPT);
	assert_string_equal(action_code(ACTION_COUNT), "");
}


/* ---- provisional deadlines (no schedule yet for a year they reach) ---- */

/* The fixture calendar in provisional mode, plus `extra` (a made-up 2027
 * schedule) when given. */
static calendar *provisional_calendar(const struct calendar_override *extra, size_t n)
{
	calendar *c = fixture_calendar();
	assert_non_null(c);
	calendar_set_provisional(c, true);
	if (extra)
		assert_int_equal(calendar_add_schedule(c, 2027, extra, n), 0);
	return c;
}

static void test_provisional_clocks(void **state)
{
	(void)state;
	calendar *pc = provisional_calendar(NULL, 0);
	/* The example: filed 2026-12-28, 1 January a holiday. */
	struct complaint c = {.reply_due = 9, .reply_provisional = true, .reply_from = 9,
	                      .reply_days = 9};
	assert_int_equal(lifecycle_start_clocks(&c, D("2026-12-28"), pc), 0);
	assert_day(c.accept_due, "2027-01-05");
	assert_true(c.accept_provisional);
	assert_day(c.answer_due, "2027-01-27"); /* calendar days: never provisional */
	assert_int_equal(c.reply_due, 0);
	assert_false(c.reply_provisional);
	assert_int_equal(c.reply_from, 0);
	assert_int_equal(c.reply_days, 0);
	assert_true(lifecycle_next_due_provisional(&(struct complaint){
	    .state = COMPLAINT_SUBMITTED, .accept_due = c.accept_due, .accept_provisional = true}));
	/* Earlier in December the deadline stays in 2026. */
	assert_int_equal(lifecycle_start_clocks(&c, D("2026-12-21"), pc), 0);
	assert_day(c.accept_due, "2026-12-28");
	assert_false(c.accept_provisional);
	/* The strict calendar still refuses (the fixture has no provisional mode). */
	assert_int_equal(lifecycle_start_clocks(&c, D("2026-12-28"), cal), SH_ENOSCHEDULE);
	calendar_free(pc);
}

static void test_provisional_forward(void **state)
{
	(void)state;
	calendar *pc = provisional_calendar(NULL, 0);
	struct complaint c = new_case(), after;
	c.state = COMPLAINT_ACCEPTED;
	struct actor ag = actor(ROLE_AGENCY_STAFF);
	struct complaint_event ev;
	struct transition_error err = {0};
	struct transition t = {.action = ACTION_FORWARD, .now = T("2026-12-24T10:00:00+08:00"),
	                       .reply_days = 10};
	assert_int_equal(lifecycle_apply(&c, &ag, &t, pc, &ref, &after, &ev, &err), 0);
	/* 25, 28-31 December, then 4-8 January (1 January off). */
	assert_day(after.reply_due, "2027-01-08");
	assert_true(after.reply_provisional);
	assert_day(after.reply_from, "2026-12-24");
	assert_int_equal(after.reply_days, 10);
	after.answer_due = D("2027-01-23"); /* the answer due after the reply */
	assert_true(lifecycle_next_due_provisional(&after));
	/* The answer, due first or on the same day, is never provisional. */
	after.answer_due = D("2027-01-08");
	assert_false(lifecycle_next_due_provisional(&after));
	after.answer_due = D("2027-01-09");
	assert_true(lifecycle_next_due_provisional(&after));
	after.state = COMPLAINT_REPLIED;
	assert_false(lifecycle_next_due_provisional(&after));
	/* A supplement restarts the clocks and drops the reply's. */
	struct complaint ns = after;
	ns.state = COMPLAINT_NEEDS_SUPPLEMENT;
	struct actor co = actor(ROLE_COMPLAINANT);
	struct transition sup = {.action = ACTION_SUPPLEMENT, .now = T("2026-12-30T10:00:00+08:00"),
	                         .comment = "已补充材料"};
	struct complaint back;
	assert_int_equal(lifecycle_apply(&ns, &co, &sup, pc, &ref, &back, &ev, &err), 0);
	assert_day(back.accept_due, "2027-01-07");
	assert_true(back.accept_provisional);
	assert_false(back.reply_provisional);
	assert_int_equal(back.reply_from, 0);
	calendar_free(pc);
}

static void test_recompute(void **state)
{
	(void)state;
	calendar *pc = provisional_calendar(NULL, 0);
	struct complaint c = new_case();
	assert_int_equal(lifecycle_start_clocks(&c, D("2026-12-28"), pc), 0);
	c.version = 4;
	/* The 2027 schedule: 4 January off too. */
	struct calendar_override y2027[] = {{D("2027-01-01"), true}, {D("2027-01-04"), true}};
	calendar *loaded = provisional_calendar(y2027, 2);
	struct complaint after;
	memset(&after, 0xA5, sizeof after);
	struct complaint_event ev = {0};
	char comment[LIFECYCLE_RECOMPUTE_COMMENT_MAX];
	bool changed = false;
	int64_t now = T("2026-12-29T09:00:00+08:00");
	assert_int_equal(
	    lifecycle_recompute(&c, loaded, now, &after, &ev, comment, sizeof comment, &changed), 0);
	assert_true(changed);
	assert_day(after.accept_due, "2027-01-06");
	assert_false(after.accept_provisional);
	assert_int_equal(after.version, 5);
	assert_int_equal(after.state, c.state);
	assert_int_equal(after.answer_due, c.answer_due);
	assert_int_equal(ev.action, ACTION_RECOMPUTE);
	assert_int_equal(ev.complaint_id, c.id);
	assert_int_equal(ev.at, now);
	assert_int_equal(ev.from, c.state);
	assert_int_equal(ev.to, c.state);
	assert_int_equal(ev.role, ROLE_ADMIN);
	assert_int_equal(ev.user_id, 0);
	assert_false(ev.internal);
	assert_ptr_equal(ev.comment, comment);
	assert_string_equal(comment, "节假日安排已公布，期限重新计算：受理期限 2027-01-05 → 2027-01-06");

	/* Unchanged by the schedule: still an event, as the flag clears. */
	struct calendar_override plain[] = {{D("2027-01-01"), true}};
	calendar *same = provisional_calendar(plain, 1);
	assert_int_equal(
	    lifecycle_recompute(&c, same, now, &after, &ev, comment, sizeof comment, &changed), 0);
	assert_true(changed);
	assert_day(after.accept_due, "2027-01-05");
	assert_false(after.accept_provisional);
	assert_string_equal(comment, "节假日安排已公布，期限重新计算：受理期限 2027-01-05 → 2027-01-05");

	/* Still provisional and unchanged: nothing to do. */
	struct complaint untouched = after;
	assert_int_equal(
	    lifecycle_recompute(&c, pc, now, &after, &ev, comment, sizeof comment, &changed), 0);
	assert_false(changed);
	assert_memory_equal(&after, &untouched, sizeof after);

	/* Both deadlines of a forwarded case, one line each. */
	struct complaint f = c;
	f.state = COMPLAINT_FORWARDED;
	f.reply_from = D("2026-12-24");
	f.reply_days = 10;
	f.reply_due = D("2027-01-08");
	f.reply_provisional = true;
	assert_int_equal(
	    lifecycle_recompute(&f, loaded, now, &after, &ev, comment, sizeof comment, &changed), 0);
	assert_true(changed);
	assert_day(after.reply_due, "2027-01-11");
	assert_false(after.reply_provisional);
	assert_string_equal(comment, "节假日安排已公布，期限重新计算：受理期限 2027-01-05 → "
	                             "2027-01-06；企业回复期限 2027-01-08 → 2027-01-11");

	/* A deadline that stays provisional says so: 2028 is not loaded. */
	struct complaint late = new_case();
	late.state = COMPLAINT_FORWARDED;
	late.accept_provisional = false;
	late.reply_from = D("2027-12-20");
	late.reply_days = 20;
	late.reply_due = D("2028-01-01"); /* as a stale provisional count left it */
	late.reply_provisional = true;
	assert_int_equal(
	    lifecycle_recompute(&late, loaded, now, &after, &ev, comment, sizeof comment, &changed),
	    0);
	assert_true(changed);
	assert_true(after.reply_provisional);
	assert_non_null(strstr(comment, "（暂定）"));

	/* Final cases keep their history. */
	struct complaint closed = c;
	closed.state = COMPLAINT_CLOSED;
	assert_int_equal(lifecycle_recompute(&closed, loaded, now, &after, &ev, comment,
	                                     sizeof comment, &changed),
	                 0);
	assert_false(changed);
	/* A calendar that cannot answer, and a short buffer. */
	struct complaint far = c;
	far.materials_day = D("2099-12-30");
	assert_int_equal(
	    lifecycle_recompute(&far, loaded, now, &after, &ev, comment, sizeof comment, &changed),
	    SH_ENOSCHEDULE);
	assert_int_equal(lifecycle_recompute(&c, loaded, now, &after, &ev, comment, 10, &changed),
	                 SH_EINVAL);
	calendar_free(pc);
	calendar_free(loaded);
	calendar_free(same);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_state_action_role),
	    cmocka_unit_test(test_submit_is_not_a_transition),
	    cmocka_unit_test(test_allowed_sets),
	    cmocka_unit_test(test_error_order_and_messages),
	    cmocka_unit_test(test_path_supplement_forward_reply_close),
	    cmocka_unit_test(test_path_mediation),
	    cmocka_unit_test(test_reject_each_reason),
	    cmocka_unit_test(test_enquiry),
	    cmocka_unit_test(test_withdraw_from_each_open_state),
	    cmocka_unit_test(test_comment_required),
	    cmocka_unit_test(test_forward_targets),
	    cmocka_unit_test(test_forward_reply_days),
	    cmocka_unit_test(test_supplement_needs_comment),
	    cmocka_unit_test(test_needs_follow_the_table),
	    cmocka_unit_test(test_comment_limit),
	    cmocka_unit_test(test_today_overrides_now),
	    cmocka_unit_test(test_supplement_no_schedule),
	    cmocka_unit_test(test_start_clocks),
	    cmocka_unit_test(test_overdue),
	    cmocka_unit_test(test_action_names),
	    cmocka_unit_test(test_provisional_clocks),
	    cmocka_unit_test(test_provisional_forward),
	    cmocka_unit_test(test_recompute),
	};
	return cmocka_run_group_tests_name("lifecycle", tests, setup, teardown);
}
