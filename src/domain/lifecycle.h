/* The complaint state machine: which action may move a case from which state,
 * by whom, and what the move records and recomputes (deadlines).
 *
 *   submitted --request_supplement--> needs_supplement --supplement--> submitted
 *   submitted --accept--> accepted --forward--> forwarded --reply--> replied
 *   submitted --reject(reason)--> not_accepted            (final)
 *   submitted --answer_enquiry--> enquiry_answered        (final)
 *   replied --close--> closed (resolved_by_operator)
 *   replied --start_mediation--> mediation
 *   mediation --mediation_agreement--> closed (mediated_agreement)
 *   mediation --mediation_failed--> closed (mediation_failed: the parties may go
 *                                   to arbitration or court)
 *   any open state --withdraw--> closed (withdrawn)
 *
 * Who: agency staff take every action except reply and supplement (they may
 * record a withdrawal the complainant made by phone); enterprise staff only
 * reply; the complainant only supplements and withdraws; regulators and admins
 * take none. Pure logic: no I/O; the caller stores the
 * result and the event in one transaction, guarded by the version. */
#ifndef SHENSU_DOMAIN_LIFECYCLE_H
#define SHENSU_DOMAIN_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/access.h"
#include "domain/calendar.h"
#include "domain/complaint.h"
#include "domain/reference.h"

enum complaint_action {
	ACTION_REQUEST_SUPPLEMENT,
	ACTION_SUPPLEMENT,
	ACTION_ACCEPT,
	ACTION_REJECT,
	ACTION_ANSWER_ENQUIRY,
	ACTION_FORWARD,
	ACTION_REPLY,
	ACTION_CLOSE,
	ACTION_START_MEDIATION,
	ACTION_MEDIATION_AGREEMENT,
	ACTION_MEDIATION_FAILED,
	ACTION_WITHDRAW,
	/* Not a transition: the action of the event that records the filing of a
	 * new case (submitted -> submitted). lifecycle_apply refuses it
	 * (SH_EINVAL, unknown_action) and lifecycle_allowed never offers it. */
	ACTION_SUBMIT,
	/* Not a transition either: the event that records deadlines counted
	 * again once a holiday schedule was published (lifecycle_recompute). */
	ACTION_RECOMPUTE,
	ACTION_COUNT,
};

/* The lengths of the clocks and the limits of an action's inputs: the one
 * statement of them (the web pages are served them: GET /api/reference/rules). */
#define LIFECYCLE_ACCEPT_WORKING_DAYS 5 /* the acceptance decision, after the materials */
#define LIFECYCLE_ANSWER_DAYS 30        /* the answer to the complainant, calendar days */
#define LIFECYCLE_REPLY_DAYS_MIN 1      /* forward: working days the operator may be given */
#define LIFECYCLE_REPLY_DAYS_MAX 60
#define LIFECYCLE_COMMENT_MAX 4000      /* characters (code points) of an action's comment */

/* Whether lifecycle_apply refuses the action without a comment
 * (comment_required) or without a reason code (reason_required). False for an
 * action out of range. */
bool lifecycle_comment_required(enum complaint_action a);
bool lifecycle_reason_required(enum complaint_action a);
/* Whether the action is a transition of an existing case (not ACTION_SUBMIT or
 * ACTION_RECOMPUTE, which only name events). False out of range. */
bool lifecycle_is_transition(enum complaint_action a);

const char *action_code(enum complaint_action a);  /* "request_supplement"; "" if out of range */
const char *action_label(enum complaint_action a); /* "要求补正"; "" if out of range */
/* Accepts the code or the label (len bytes). 0 or SH_EINVAL. */
int action_parse(const char *s, size_t len, enum complaint_action *out);

/* One recorded step of a case's history (append-only). */
struct complaint_event {
	int64_t complaint_id;
	int64_t at;            /* Unix seconds */
	int64_t user_id;       /* 0 for the complainant or the system */
	enum role role;
	enum complaint_action action;
	enum complaint_state from, to;
	const char *reason;    /* reason code (reject), or NULL */
	const char *comment;   /* free text, or NULL */
	bool internal;         /* staff-internal: not on the public timeline */
};

struct transition {
	enum complaint_action action;
	const char *reason;  /* ACTION_REJECT: a not-admissible reason code */
	const char *comment; /* at most LIFECYCLE_COMMENT_MAX characters; required where
	                        lifecycle_comment_required says */
	bool internal;       /* a staff note kept off the public timeline */
	int64_t now;         /* Unix seconds: when it happens (the event's time) */
	int32_t today;       /* the day deadlines count from; 0 = the Beijing date of now */
	int reply_days;      /* ACTION_FORWARD: working days the operator has, 1..60 */
};

/* Why a transition was refused: a stable machine code and a Chinese message. */
struct transition_error {
	const char *code;    /* "illegal_transition", "role_not_allowed", "reason_required",
	                        "unknown_reason", "comment_required", "comment_too_long",
	                        "bad_reply_days" (forward: not LIFECYCLE_REPLY_DAYS_MIN..MAX),
	                        "no_branch" (forward: the respondent is not in the
	                        reference), "unknown_action" (out of range, ACTION_SUBMIT or
	                        ACTION_RECOMPUTE), "no_schedule" */
	char message[256];
};

/* Applies t to `before` on behalf of `who`. Checks, in this order: the action
 * exists, the role may take it (SH_EFORBIDDEN), the state allows it
 * (SH_ECONFLICT), then its inputs (SH_EINVAL) and the calendar. So a
 * complainant's `accept` is role_not_allowed in every state.
 *
 * What each action records, besides state and version: reject copies the
 * reason code into after->reason; reject, answer_enquiry and every move to
 * closed set closed_at = t->now (closed also sets the outcome); supplement
 * restarts the clocks from today (Beijing time) as lifecycle_start_clocks;
 * forward sets forwarded_to (the respondent's branch in the case's province,
 * else the respondent itself) and reply_due = today + reply_days working days,
 * with reply_from, reply_days and reply_provisional (see struct complaint).
 * Due dates are kept as history when a case closes. A comment that is only
 * blanks (ASCII or Unicode spaces: utf8_is_blank) counts as none and is
 * recorded as NULL; a complainant's event is never internal.
 *
 * On success writes the new case into *after (before with state, outcome,
 * closed_at, clocks, forwarded_to, reason and version + 1 updated; strings still borrowed from before / t) and the
 * event into *ev, and returns 0. Otherwise returns
 *   SH_ECONFLICT  the action is not possible in the case's state (or the case
 *                 is final),
 *   SH_EFORBIDDEN the actor's role may not take this action,
 *   SH_EINVAL     a reason or comment is missing or unknown, the comment is
 *                 longer than LIFECYCLE_COMMENT_MAX, reply_days is
 *                 out of range, the respondent is unknown, or the action is
 *                 out of range, ACTION_SUBMIT or ACTION_RECOMPUTE,
 *   SH_ENOSCHEDULE a deadline reaches a year the calendar cannot answer for
 *                 (neither loaded nor provisional; see calendar.h),
 * fills *err, and leaves *after and *ev untouched. Scope (province, enterprise)
 * is checked separately with access_can_act. */
int lifecycle_apply(const struct complaint *before, const struct actor *who,
                    const struct transition *t, const calendar *cal,
                    const struct reference *ref, struct complaint *after,
                    struct complaint_event *ev, struct transition_error *err);

/* The actions `who` could take on the case now, as a bit set (1 << action):
 * those lifecycle_apply would not refuse for role or state (reason, comment and
 * calendar are not considered). 0 for final states. */
unsigned lifecycle_allowed(const struct complaint *c, const struct actor *who);

/* Starts the clocks of a new case whose materials arrived on `day`:
 * materials_day, accept_due (LIFECYCLE_ACCEPT_WORKING_DAYS working days
 * later) with accept_provisional, and answer_due (LIFECYCLE_ANSWER_DAYS days
 * later, calendar days: never provisional), and
 * clears reply_due and what goes with it. SH_ENOSCHEDULE, leaving c
 * unchanged, when the calendar cannot tell (or cal is NULL). */
int lifecycle_start_clocks(struct complaint *c, int32_t day, const calendar *cal);

/* The clocks of a case. Each runs in some states and is due on a day of the
 * complaint (0 = not set). What is overdue and what a queue sorts by follow
 * from this table alone, in C here and in the SQL the store generates from it
 * (store/sql/rules.c). */
enum lifecycle_clock {
	CLOCK_ACCEPT, /* the acceptance decision: while submitted */
	CLOCK_ANSWER, /* the answer to the complainant: while the case is open */
	CLOCK_REPLY,  /* the operator's reply: while forwarded */
	CLOCK_COUNT,
};
/* The clocks running in state s, as a bit set (1 << clock); 0 for final states. */
unsigned lifecycle_clocks(enum complaint_state s);
/* The clock's due day (accept_due, answer_due, reply_due); 0 when not set. */
int32_t lifecycle_clock_due(const struct complaint *c, enum lifecycle_clock k);
/* Counts the provisional deadlines of `before` again with cal, typically
 * right after a holiday schedule was loaded: accept_due from materials_day,
 * reply_due from reply_from and reply_days, each only when its flag is set.
 * Cases in a final state are left alone (their deadlines are history).
 * When a date or a flag changes, writes the case into *after (version + 1)
 * and the event into *ev: ACTION_RECOMPUTE by the system (role admin, user 0:
 * schedules are an administrator's to load), state unchanged, public, at
 * `now`, with the comment "节假日安排已公布，期限重新计算：受理期限 2027-01-05 →
 * 2027-01-04" (each changed deadline, old → new, "（暂定）" after a date still
 * provisional) written into comment (cap bytes; ev->comment points to it),
 * and sets *changed. Otherwise sets *changed to false and leaves *after and
 * *ev alone. SH_ENOSCHEDULE (nothing written) when the calendar cannot
 * answer; SH_EINVAL when cap < LIFECYCLE_RECOMPUTE_COMMENT_MAX. */
#define LIFECYCLE_RECOMPUTE_COMMENT_MAX 256
int lifecycle_recompute(const struct complaint *before, const calendar *cal, int64_t now,
                        struct complaint *after, struct complaint_event *ev, char *comment,
                        size_t cap, bool *changed);

/* Deadline status on `today` (a day number, Beijing time); a deadline is
 * overdue from the day after it, while its clock runs. Clocks that are 0 (not
 * set) are never overdue. */
bool lifecycle_accept_overdue(const struct complaint *c, int32_t today);
bool lifecycle_answer_overdue(const struct complaint *c, int32_t today);
bool lifecycle_reply_overdue(const struct complaint *c, int32_t today);
/* The earliest due day among the running clocks (for sorting a queue), or 0
 * when none runs or none is set. */
int32_t lifecycle_next_due(const struct complaint *c);
/* Whether a clock's due day was counted provisionally (accept_provisional,
 * reply_provisional; the answer is counted in calendar days and never is). */
bool lifecycle_clock_provisional(const struct complaint *c, enum lifecycle_clock k);
/* Whether the next deadline is provisional: only when every running clock
 * due that day is. */
bool lifecycle_next_due_provisional(const struct complaint *c);

#endif
