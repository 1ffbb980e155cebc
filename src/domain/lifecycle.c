#include "domain/lifecycle.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"

#define BIT(a) (1u << (a))
#define ANY_OPEN_STATE (-1)
#define NO_STATE (-2) /* not a transition */

/* The diagram in lifecycle.h, one row per action, with what each needs. */
static const struct {
	const char *code, *label;
	int from; /* a state, ANY_OPEN_STATE or NO_STATE */
	enum complaint_state to;
	enum complaint_outcome outcome; /* set when `to` is closed */
	const char *comment;            /* required: what the refusal asks for; NULL = optional */
	bool reason;                    /* a not-admissible reason code is required */
} actions[ACTION_COUNT] = {
    [ACTION_REQUEST_SUPPLEMENT] = {"request_supplement", "要求补正", COMPLAINT_SUBMITTED,
                                   COMPLAINT_NEEDS_SUPPLEMENT, OUTCOME_NONE, "须填写说明", false},
    /* Staff must be able to see what was supplemented. */
    [ACTION_SUPPLEMENT] = {"supplement", "补正材料", COMPLAINT_NEEDS_SUPPLEMENT,
                           COMPLAINT_SUBMITTED, OUTCOME_NONE, "须说明补充了哪些材料", false},
    [ACTION_ACCEPT] = {"accept", "受理", COMPLAINT_SUBMITTED, COMPLAINT_ACCEPTED, OUTCOME_NONE,
                       NULL, false},
    [ACTION_REJECT] = {"reject", "不予受理", COMPLAINT_SUBMITTED, COMPLAINT_NOT_ACCEPTED,
                       OUTCOME_NONE, NULL, true},
    [ACTION_ANSWER_ENQUIRY] = {"answer_enquiry", "答复咨询", COMPLAINT_SUBMITTED,
                               COMPLAINT_ENQUIRY_ANSWERED, OUTCOME_NONE, NULL, false},
    [ACTION_FORWARD] = {"forward", "转企业处理", COMPLAINT_ACCEPTED, COMPLAINT_FORWARDED,
                        OUTCOME_NONE, NULL, false},
    [ACTION_REPLY] = {"reply", "企业回复", COMPLAINT_FORWARDED, COMPLAINT_REPLIED, OUTCOME_NONE,
                      "须填写说明", false},
    [ACTION_CLOSE] = {"close", "办结", COMPLAINT_REPLIED, COMPLAINT_CLOSED,
                      OUTCOME_RESOLVED_BY_OPERATOR, NULL, false},
    [ACTION_START_MEDIATION] = {"start_mediation", "开始调解", COMPLAINT_REPLIED,
                                COMPLAINT_MEDIATION, OUTCOME_NONE, NULL, false},
    [ACTION_MEDIATION_AGREEMENT] = {"mediation_agreement", "调解达成协议", COMPLAINT_MEDIATION,
                                    COMPLAINT_CLOSED, OUTCOME_MEDIATED_AGREEMENT, NULL, false},
    [ACTION_MEDIATION_FAILED] = {"mediation_failed", "调解不成", COMPLAINT_MEDIATION,
                                 COMPLAINT_CLOSED, OUTCOME_MEDIATION_FAILED, NULL, false},
    [ACTION_WITHDRAW] = {"withdraw", "撤回申诉", ANY_OPEN_STATE, COMPLAINT_CLOSED,
                         OUTCOME_WITHDRAWN, NULL, false},
    [ACTION_SUBMIT] = {"submit", "提交申诉", NO_STATE, COMPLAINT_SUBMITTED, OUTCOME_NONE, NULL,
                       false},
    /* `to` is unused: the event keeps the case's state. */
    [ACTION_RECOMPUTE] = {"recompute_deadlines", "期限重新计算", NO_STATE, COMPLAINT_SUBMITTED,
                          OUTCOME_NONE, NULL, false},
};

/* The actions each role may take, whatever the state. */
static const unsigned role_actions[ROLE_COUNT] = {
    [ROLE_COMPLAINANT] = BIT(ACTION_SUPPLEMENT) | BIT(ACTION_WITHDRAW),
    [ROLE_AGENCY_STAFF] = BIT(ACTION_REQUEST_SUPPLEMENT) | BIT(ACTION_ACCEPT) | BIT(ACTION_REJECT) |
                          BIT(ACTION_ANSWER_ENQUIRY) | BIT(ACTION_FORWARD) | BIT(ACTION_CLOSE) |
                          BIT(ACTION_START_MEDIATION) | BIT(ACTION_MEDIATION_AGREEMENT) |
                          BIT(ACTION_MEDIATION_FAILED) | BIT(ACTION_WITHDRAW),
    [ROLE_ENTERPRISE_STAFF] = BIT(ACTION_REPLY),
    [ROLE_REGULATOR] = 0,
    [ROLE_ADMIN] = 0,
};

static bool action_valid(enum complaint_action a)
{
	return (unsigned)a < ACTION_COUNT;
}

bool lifecycle_comment_required(enum complaint_action a)
{
	return action_valid(a) && actions[a].comment != NULL;
}

bool lifecycle_reason_required(enum complaint_action a)
{
	return action_valid(a) && actions[a].reason;
}

bool lifecycle_is_transition(enum complaint_action a)
{
	return action_valid(a) && actions[a].from != NO_STATE;
}

const char *action_code(enum complaint_action a)
{
	return action_valid(a) ? actions[a].code : "";
}

const char *action_label(enum complaint_action a)
{
	return action_valid(a) ? actions[a].label : "";
}

int action_parse(const char *s, size_t len, enum complaint_action *out)
{
	if (!s)
		return SH_EINVAL;
	for (int i = 0; i < ACTION_COUNT; i++) {
		const char *code = actions[i].code, *label = actions[i].label;
		if ((strlen(code) == len && memcmp(s, code, len) == 0) ||
		    (strlen(label) == len && memcmp(s, label, len) == 0)) {
			*out = (enum complaint_action)i;
			return 0;
		}
	}
	return SH_EINVAL;
}

static bool role_may(enum role r, enum complaint_action a)
{
	return (unsigned)r < ROLE_COUNT && (role_actions[r] & BIT(a)) != 0;
}

static bool state_allows(enum complaint_state s, enum complaint_action a)
{
	if ((unsigned)s >= COMPLAINT_STATE_COUNT || complaint_state_is_final(s))
		return false;
	return actions[a].from == ANY_OPEN_STATE || actions[a].from == (int)s;
}

unsigned lifecycle_allowed(const struct complaint *c, const struct actor *who)
{
	unsigned set = 0;
	for (int a = 0; a < ACTION_COUNT; a++)
		if (role_may(who->role, (enum complaint_action)a) &&
		    state_allows(c->state, (enum complaint_action)a))
			set |= BIT(a);
	return set;
}

__attribute__((format(printf, 4, 5))) static int fail(struct transition_error *err, int rc,
                                                      const char *code, const char *fmt, ...)
{
	if (!err)
		return rc;
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	utf8_vformat(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return rc;
}

/* Something besides blanks (ASCII or Unicode spaces, see utf8_is_blank). */
static bool has_text(const char *s)
{
	return s && !utf8_is_blank(s, strlen(s));
}

static int schedule_error(struct transition_error *err, int rc, int32_t day)
{
	if (rc == SH_ENOSCHEDULE) {
		char d[SH_DATE_LEN + 1];
		date_format(day, d);
		return fail(err, rc, "no_schedule",
		            "无法计算期限：所涉年份的节假日安排尚未加载（起算日%s）", d);
	}
	return fail(err, rc, "bad_deadline", "无法计算期限：%s", sh_err_title(rc));
}

/* `from` + n working days, and whether a provisional year was counted. */
static int deadline(const calendar *cal, int32_t from, int n, int32_t *due, bool *provisional)
{
	if (!cal)
		return SH_ENOSCHEDULE;
	int32_t d;
	int rc = calendar_add_working_days(cal, from, n, &d);
	if (rc)
		return rc;
	*due = d;
	*provisional = calendar_provisional(cal, from + 1, d);
	return 0;
}

int lifecycle_start_clocks(struct complaint *c, int32_t day, const calendar *cal)
{
	int32_t accept_due;
	bool provisional;
	int rc = deadline(cal, day, LIFECYCLE_ACCEPT_WORKING_DAYS, &accept_due, &provisional);
	if (rc)
		return rc;
	c->materials_day = day;
	c->accept_due = accept_due;
	c->accept_provisional = provisional;
	c->answer_due = day + LIFECYCLE_ANSWER_DAYS;
	c->reply_due = 0;
	c->reply_provisional = false;
	c->reply_from = 0;
	c->reply_days = 0;
	return 0;
}

/* Where a forwarded case goes: the respondent's branch in the case's province,
 * or the respondent itself when it has none there (resellers, value-added
 * providers, cases of the national centre). */
static const struct enterprise *forward_target(const struct complaint *c,
                                               const struct reference *ref)
{
	if (!ref || c->enterprise_id == 0)
		return NULL;
	const struct enterprise *e = reference_enterprise_id(ref, c->enterprise_id);
	if (!e)
		return NULL;
	if (e->parent_id != 0) /* already a branch */
		return e;
	const struct enterprise *b = reference_branch(ref, e->id, c->province);
	return b ? b : e;
}

int lifecycle_apply(const struct complaint *before, const struct actor *who,
                    const struct transition *t, const calendar *cal, const struct reference *ref,
                    struct complaint *after, struct complaint_event *ev,
                    struct transition_error *err)
{
	enum complaint_action a = t->action;
	if (!action_valid(a))
		return fail(err, SH_EINVAL, "unknown_action", "未知的操作");
	if (!lifecycle_is_transition(a))
		return fail(err, SH_EINVAL, "unknown_action", "“%s”不是对已有案件的操作",
		            actions[a].label);
	/* The role first: an action the role can never take is refused as such,
	 * whatever the state. */
	if (!role_may(who->role, a))
		return fail(err, SH_EFORBIDDEN, "role_not_allowed", "%s不能执行“%s”",
		            (unsigned)who->role < ROLE_COUNT ? role_label(who->role) : "该用户",
		            actions[a].label);
	if (!state_allows(before->state, a)) {
		const char *label = (unsigned)before->state < COMPLAINT_STATE_COUNT
		                        ? complaint_state_label(before->state)
		                        : "未知";
		return fail(err, SH_ECONFLICT, "illegal_transition",
		            "案件当前状态为“%s”，不能执行“%s”", label, actions[a].label);
	}

	struct complaint c = *before;
	const char *reason = NULL;
	int32_t today = t->today ? t->today : date_of_instant(t->now, SH_BEIJING_OFFSET);
	int rc;

	/* What the action needs (the table above), then what it does. */
	if (lifecycle_comment_required(a) && !has_text(t->comment))
		return fail(err, SH_EINVAL, "comment_required", "“%s”%s", actions[a].label,
		            actions[a].comment);
	if (t->comment && utf8_chars(t->comment, strlen(t->comment)) > LIFECYCLE_COMMENT_MAX)
		return fail(err, SH_EINVAL, "comment_too_long", "说明不能超过%d个字",
		            LIFECYCLE_COMMENT_MAX);
	if (lifecycle_reason_required(a) && (!t->reason || !t->reason[0]))
		return fail(err, SH_EINVAL, "reason_required", "“%s”须说明理由", actions[a].label);

	switch (a) {
	case ACTION_SUPPLEMENT:
		/* The materials are complete today: the clocks start again. */
		if ((rc = lifecycle_start_clocks(&c, today, cal)) != 0)
			return schedule_error(err, rc, today);
		break;
	case ACTION_REJECT: {
		const struct reason *r = ref ? reference_reason(ref, t->reason) : NULL;
		if (!r || strlen(r->code) >= sizeof c.reason)
			return fail(err, SH_EINVAL, "unknown_reason", "未知的不予受理理由：%.*s",
			            UTF8_AT_MOST(t->reason, 64));
		memset(c.reason, 0, sizeof c.reason);
		memcpy(c.reason, r->code, strlen(r->code));
		reason = t->reason;
		break;
	}
	case ACTION_FORWARD: {
		if (t->reply_days < LIFECYCLE_REPLY_DAYS_MIN || t->reply_days > LIFECYCLE_REPLY_DAYS_MAX)
			return fail(err, SH_EINVAL, "bad_reply_days", "企业处理期限须为%d至%d个工作日，收到%d",
			            LIFECYCLE_REPLY_DAYS_MIN, LIFECYCLE_REPLY_DAYS_MAX, t->reply_days);
		const struct enterprise *to = forward_target(before, ref);
		if (!to)
			return fail(err, SH_EINVAL, "no_branch", "找不到被申诉企业，无法转办");
		int32_t due;
		bool provisional;
		if ((rc = deadline(cal, today, t->reply_days, &due, &provisional)) != 0)
			return schedule_error(err, rc, today);
		c.forwarded_to = to->id;
		c.reply_due = due;
		c.reply_provisional = provisional;
		c.reply_from = today;
		c.reply_days = t->reply_days;
		break;
	}
	case ACTION_REQUEST_SUPPLEMENT:
	case ACTION_REPLY:
	case ACTION_ACCEPT:
	case ACTION_ANSWER_ENQUIRY:
	case ACTION_CLOSE:
	case ACTION_START_MEDIATION:
	case ACTION_MEDIATION_AGREEMENT:
	case ACTION_MEDIATION_FAILED:
	case ACTION_WITHDRAW:
	case ACTION_SUBMIT:
	case ACTION_RECOMPUTE:
	case ACTION_COUNT:
		break;
	}

	c.state = actions[a].to;
	if (c.state == COMPLAINT_CLOSED)
		c.outcome = actions[a].outcome;
	if (complaint_state_is_final(c.state))
		c.closed_at = t->now;
	c.version = before->version + 1;

	*after = c;
	*ev = (struct complaint_event){
	    .complaint_id = before->id,
	    .at = t->now,
	    .user_id = who->user_id,
	    .role = who->role,
	    .action = a,
	    .from = before->state,
	    .to = c.state,
	    .reason = reason,
	    .comment = has_text(t->comment) ? t->comment : NULL,
	    /* Only staff keep internal notes. */
	    .internal = t->internal && who->role != ROLE_COMPLAINANT,
	};
	return 0;
}

unsigned lifecycle_clocks(enum complaint_state s)
{
	if (complaint_state_is_final(s))
		return 0;
	unsigned running = 1u << CLOCK_ANSWER;
	if (s == COMPLAINT_SUBMITTED)
		running |= 1u << CLOCK_ACCEPT;
	if (s == COMPLAINT_FORWARDED)
		running |= 1u << CLOCK_REPLY;
	return running;
}

int32_t lifecycle_clock_due(const struct complaint *c, enum lifecycle_clock k)
{
	switch (k) {
	case CLOCK_ACCEPT:
		return c->accept_due;
	case CLOCK_ANSWER:
		return c->answer_due;
	case CLOCK_REPLY:
		return c->reply_due;
	default:
		return 0;
	}
}

static bool clock_overdue(const struct complaint *c, enum lifecycle_clock k, int32_t today)
{
	int32_t due = lifecycle_clock_due(c, k);
	return (lifecycle_clocks(c->state) & (1u << k)) && due != 0 && today > due;
}

bool lifecycle_accept_overdue(const struct complaint *c, int32_t today)
{
	return clock_overdue(c, CLOCK_ACCEPT, today);
}

bool lifecycle_answer_overdue(const struct complaint *c, int32_t today)
{
	return clock_overdue(c, CLOCK_ANSWER, today);
}

bool lifecycle_reply_overdue(const struct complaint *c, int32_t today)
{
	return clock_overdue(c, CLOCK_REPLY, today);
}

int32_t lifecycle_next_due(const struct complaint *c)
{
	unsigned running = lifecycle_clocks(c->state);
	int32_t next = 0;
	for (int k = 0; k < CLOCK_COUNT; k++) {
		int32_t due = lifecycle_clock_due(c, (enum lifecycle_clock)k);
		if ((running & (1u << k)) && due && (next == 0 || due < next))
			next = due;
	}
	return next;
}

bool lifecycle_clock_provisional(const struct complaint *c, enum lifecycle_clock k)
{
	return (k == CLOCK_ACCEPT && c->accept_provisional) || (k == CLOCK_REPLY && c->reply_provisional);
}

bool lifecycle_next_due_provisional(const struct complaint *c)
{
	int32_t next = lifecycle_next_due(c);
	if (!next)
		return false;
	unsigned running = lifecycle_clocks(c->state);
	for (int k = 0; k < CLOCK_COUNT; k++)
		if ((running & (1u << k)) && lifecycle_clock_due(c, (enum lifecycle_clock)k) == next &&
		    !lifecycle_clock_provisional(c, (enum lifecycle_clock)k))
			return false; /* a firm deadline falls that day too */
	return true;
}

/* Appends "受理期限 old → new" (and "（暂定）") to the comment, after a
 * "；" unless it is the first. */
static void describe(char *buf, size_t cap, bool first, const char *what, int32_t old_due,
                     int32_t new_due, bool provisional)
{
	char a[SH_DATE_LEN + 1], b[SH_DATE_LEN + 1];
	date_format(old_due, a);
	date_format(new_due, b);
	size_t len = strlen(buf);
	snprintf(buf + len, cap - len, "%s%s %s → %s%s", first ? "" : "；", what, a, b,
	         provisional ? "（暂定）" : "");
}

/* Counts one provisional deadline again (from + days working days into *due
 * and *provisional); when the date or the flag changes, says so in text and
 * sets *any. */
static int recount(const calendar *cal, int32_t from, int days, const char *what, int32_t *due,
                   bool *provisional, char *text, size_t cap, bool *any)
{
	int32_t old = *due;
	int rc = deadline(cal, from, days, due, provisional);
	if (rc == 0 && (*due != old || !*provisional)) {
		describe(text, cap, !*any, what, old, *due, *provisional);
		*any = true;
	}
	return rc;
}

int lifecycle_recompute(const struct complaint *before, const calendar *cal, int64_t now,
                        struct complaint *after, struct complaint_event *ev, char *comment,
                        size_t cap, bool *changed)
{
	if (!comment || cap < LIFECYCLE_RECOMPUTE_COMMENT_MAX || !changed)
		return SH_EINVAL;
	struct complaint c = *before;
	bool any = false;
	int rc;
	if (complaint_state_is_final(before->state)) {
		*changed = false;
		return 0;
	}
	char text[LIFECYCLE_RECOMPUTE_COMMENT_MAX] = "节假日安排已公布，期限重新计算：";
	if (c.accept_provisional && c.accept_due && c.materials_day &&
	    (rc = recount(cal, c.materials_day, LIFECYCLE_ACCEPT_WORKING_DAYS, "受理期限", &c.accept_due,
	                  &c.accept_provisional, text, sizeof text, &any)))
		return rc;
	if (c.reply_provisional && c.reply_due && c.reply_from && c.reply_days > 0 &&
	    (rc = recount(cal, c.reply_from, c.reply_days, "企业回复期限", &c.reply_due,
	                  &c.reply_provisional, text, sizeof text, &any)))
		return rc;
	*changed = any;
	if (!any)
		return 0;
	c.version = before->version + 1;
	snprintf(comment, cap, "%s", text);
	*after = c;
	*ev = (struct complaint_event){
	    .complaint_id = before->id,
	    .at = now,
	    .user_id = 0,
	    .role = ROLE_ADMIN,
	    .action = ACTION_RECOMPUTE,
	    .from = before->state,
	    .to = before->state,
	    .comment = comment,
	};
	return 0;
}
