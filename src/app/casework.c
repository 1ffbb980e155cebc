#include "app/casework.h"

#include <stdio.h>
#include <time.h>

#include "app/deadlines.h"
#include "core/error.h"

/* A provisional deadline just stored was counted with w->cal: if a holiday
 * schedule was published since, count it again and read the case back. */
static void follow_up(const struct casework *w, struct complaint *c, struct arena *a)
{
	bool recounted = false;
	if (w->follow_up && (c->accept_provisional || c->reply_provisional) &&
	    deadlines_settle_if_stale(w->s, w->cal_revision, (int64_t)time(NULL), &recounted) == 0 &&
	    recounted)
		store_case_get(w->s, c->case_no, a, c, NULL);
}

int casework_file(const struct casework *w, struct complaint *c, int32_t day,
                  const char *query_hash)
{
	int rc = lifecycle_start_clocks(c, day, w->cal);
	if (rc)
		return rc;
	c->state = COMPLAINT_SUBMITTED;
	c->version = 1;
	struct complaint_event ev = {.at = c->received_at, .role = ROLE_COMPLAINANT,
	                             .action = ACTION_SUBMIT, .from = COMPLAINT_SUBMITTED,
	                             .to = COMPLAINT_SUBMITTED};
	if ((rc = store_case_create(w->s, c, query_hash, &ev)))
		return rc;
	struct arena a; /* the case read back holds no string the caller keeps */
	arena_init(&a, 0);
	struct complaint back = *c;
	follow_up(w, &back, &a);
	c->accept_due = back.accept_due;
	c->accept_provisional = back.accept_provisional;
	arena_free(&a);
	return 0;
}

int casework_reply_days(const struct casework *w, const char *province)
{
	int days = 0;
	store_reply_days(w->s, province, &days);
	return days ? days : w->reply_days;
}

int casework_apply(const struct casework *w, const struct complaint *c, const struct actor *who,
                   struct transition *t, int expected_version, struct arena *a,
                   struct complaint *after, struct transition_error *err)
{
	*err = (struct transition_error){0};
	if (expected_version != c->version) {
		err->code = "stale_version";
		snprintf(err->message, sizeof err->message,
		         "案件已被他人更新（当前版本%d，您提交的是版本%d），请刷新后重试", c->version,
		         expected_version);
		return SH_ECONFLICT;
	}
	if (t->action == ACTION_FORWARD && !t->reply_days)
		t->reply_days = casework_reply_days(w, c->province);
	struct complaint next;
	struct complaint_event ev;
	int rc = lifecycle_apply(c, who, t, w->cal, w->ref, &next, &ev, err);
	if (rc)
		return rc;
	rc = store_case_update(w->s, &next, expected_version, &ev);
	if (rc == SH_ECONFLICT) {
		err->code = "stale_version";
		snprintf(err->message, sizeof err->message, "案件已被他人更新，请刷新后重试");
	}
	if (rc)
		return rc;
	follow_up(w, &next, a);
	*after = next;
	return 0;
}
