/* Provisional deadlines once a holiday schedule is published.
 *
 * Until the State Council publishes a year's schedule, deadlines reaching
 * into it are counted by the statutory rules and marked provisional (see
 * domain/calendar.h). Saving the schedule counts them again, in the same
 * transaction: every open case's provisional deadline (lifecycle_recompute,
 * with an event on the case) and every provisional dispatch list's due day.
 * So it happens once, whichever process loads the schedule, and servers only
 * reload their calendar when they see the stored revision move.
 *
 * A deadline counted with the old calendar but committed after that
 * transaction is caught by its writer: deadlines_settle_if_stale after the
 * write sees the revision moved and counts again. Used by the CLI and HTTP
 * layers. */
#ifndef SHENSU_APP_DEADLINES_H
#define SHENSU_APP_DEADLINES_H

#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "store/store.h"

/* What a count changed. */
struct deadlines_count {
	size_t cases;      /* cases with a recompute event */
	size_t dispatches; /* dispatch lists given a new due day or made final */
};

/* The calendar deadlines are counted with: every stored schedule, and the
 * statutory rules (provisional mode) for the years without one. *out is the
 * caller's to free. */
int deadlines_calendar(store *s, calendar **out);

/* Saves sch (store_holiday_save, as `source`) and counts the provisional
 * deadlines again with the calendar that results, all in one transaction
 * that holds off other writers of cases and lists (store_deadlines_lock).
 * Events are dated `now`. Nothing is saved on failure. *out may be NULL. */
int deadlines_publish(store *s, const struct holiday_schedule *sch, const char *source, int64_t now,
                      struct deadlines_count *out);

/* Counts the provisional deadlines again with cal, within the caller's
 * transaction. A case or list changed meanwhile by someone else is skipped
 * (it was counted by whoever changed it). *out may be NULL. */
int deadlines_settle(store *s, const calendar *cal, int64_t now, struct deadlines_count *out);

/* For a writer that committed a provisional deadline counted with the
 * calendar of stored revision `revision`: when the stored revision has moved
 * on since, counts again with a fresh calendar in a transaction of its own
 * (*recounted true); otherwise does nothing. recounted may be NULL. */
int deadlines_settle_if_stale(store *s, int64_t revision, int64_t now, bool *recounted);

#endif
