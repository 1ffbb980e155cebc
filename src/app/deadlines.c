#include "app/deadlines.h"

#include "app/dispatch.h"
#include "core/arena.h"
#include "core/error.h"
#include "domain/lifecycle.h"

int deadlines_calendar(store *s, calendar **out)
{
	calendar *cal = calendar_new();
	calendar_set_provisional(cal, true);
	int rc = store_calendar_load(s, cal);
	if (rc) {
		calendar_free(cal);
		return rc;
	}
	*out = cal;
	return 0;
}

static int settle_cases(store *s, const calendar *cal, int64_t now, struct arena *a, size_t *count)
{
	struct complaint *cases;
	size_t n;
	int rc = store_case_provisional(s, a, &cases, &n);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct complaint after;
		struct complaint_event ev;
		char comment[LIFECYCLE_RECOMPUTE_COMMENT_MAX];
		bool changed = false;
		rc = lifecycle_recompute(&cases[i], cal, now, &after, &ev, comment, sizeof comment,
		                         &changed);
		if (rc == 0 && changed) {
			rc = store_case_update(s, &after, cases[i].version, &ev);
			if (rc == 0)
				(*count)++;
			else if (rc == SH_ECONFLICT) /* moved on meanwhile, counted by its writer */
				rc = 0;
		}
	}
	return rc;
}

static int settle_dispatches(store *s, const calendar *cal, struct arena *a, size_t *count)
{
	struct dispatch *lists;
	size_t n;
	int rc = store_dispatch_provisional(s, a, &lists, &n);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct dispatch *d = &lists[i];
		struct dispatch_due due;
		if (d->due_days <= 0) /* a date given by hand is never provisional */
			continue;
		if ((rc = dispatch_due(cal, d->due_from, d->due_days, &due)) != 0)
			break;
		if (due.due == d->due && due.provisional)
			continue;
		rc = store_dispatch_set_due(s, d->id, d->due, due.due, due.provisional);
		if (rc == 0)
			(*count)++;
		else if (rc == SH_ECONFLICT)
			rc = 0;
	}
	return rc;
}

int deadlines_settle(store *s, const calendar *cal, int64_t now, struct deadlines_count *out)
{
	struct arena a;
	arena_init(&a, 0);
	struct deadlines_count c = {0};
	int rc = settle_cases(s, cal, now, &a, &c.cases);
	if (rc == 0)
		rc = settle_dispatches(s, cal, &a, &c.dispatches);
	arena_free(&a);
	if (rc == 0 && out)
		*out = c;
	return rc;
}

/* Counts with the calendar the store holds now (inside the transaction). */
static int settle_stored(store *s, int64_t now, struct deadlines_count *out)
{
	calendar *cal;
	int rc = deadlines_calendar(s, &cal);
	if (rc)
		return rc;
	rc = deadlines_settle(s, cal, now, out);
	calendar_free(cal);
	return rc;
}

int deadlines_publish(store *s, const struct holiday_schedule *sch, const char *source, int64_t now,
                      struct deadlines_count *out)
{
	int rc = store_begin(s);
	if (rc)
		return rc;
	/* The lock first: a writer under way finishes before the count starts. */
	if ((rc = store_deadlines_lock(s)) || (rc = store_holiday_save(s, sch, source)) ||
	    (rc = settle_stored(s, now, out))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s);
}

int deadlines_settle_if_stale(store *s, int64_t revision, int64_t now, bool *recounted)
{
	int64_t stored;
	int rc = store_calendar_revision(s, &stored);
	if (rc)
		return rc;
	if (stored == revision) {
		if (recounted)
			*recounted = false;
		return 0;
	}
	if ((rc = store_begin(s)) != 0)
		return rc;
	if ((rc = store_deadlines_lock(s)) || (rc = settle_stored(s, now, NULL))) {
		store_rollback(s);
		return rc;
	}
	if ((rc = store_commit(s)) == 0 && recounted)
		*recounted = true;
	return rc;
}
