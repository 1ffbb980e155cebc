/* The complaint use cases: filing a case and taking an action on it, the
 * same for the HTTP handlers, the CLI and the demo. Each checks with the
 * domain (lifecycle, calendar), stores the result and its event in one
 * transaction, and follows a provisional deadline up when a holiday
 * schedule was published meanwhile (app/deadlines.h). The callers only
 * translate: from a request or a generator in, to a response or a count out. */
#ifndef SHENSU_APP_CASEWORK_H
#define SHENSU_APP_CASEWORK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "domain/calendar.h"
#include "domain/lifecycle.h"
#include "domain/reference.h"
#include "store/store.h"

/* What the use cases work with. */
struct casework {
	store *s;
	const calendar *cal;       /* the calendar deadlines count with */
	int64_t cal_revision;      /* the stored calendar revision cal was loaded at */
	const struct reference *ref;
	int reply_days;            /* an operator's reply period where the agency set none */
	/* After a write with a provisional deadline, count it again if a schedule
	 * was published since cal was loaded (a transaction of its own: false
	 * inside a caller's transaction, such as the demo's). */
	bool follow_up;
};

/* Files a complaint the intake accepted (c from intake_validate, or made by
 * the demo): received at c->received_at, its materials complete on `day`.
 * Starts the clocks and stores it with its filing event (the complainant's,
 * at c->received_at) and the query code's hash (hex, query_hash). On success
 * c is the case as stored (id, case number, clocks). SH_ENOSCHEDULE when the
 * calendar cannot place `day`'s deadlines (outside every calendar); a store
 * error otherwise. */
int casework_file(const struct casework *w, struct complaint *c, int32_t day,
                  const char *query_hash);

/* The reply period for cases of `province`: the agency's setting, else
 * w->reply_days. */
int casework_reply_days(const struct casework *w, const char *province);

/* Takes t on c on behalf of who, if c is still at expected_version (else
 * SH_ECONFLICT with err->code "stale_version"; a concurrent writer gives the
 * same). A forward takes the province's reply period. On success *after is
 * the case as stored (strings in a). The domain's refusals come with err
 * filled (lifecycle_apply); a store failure is returned as is, err->code NULL. */
int casework_apply(const struct casework *w, const struct complaint *c, const struct actor *who,
                   struct transition *t, int expected_version, struct arena *a,
                   struct complaint *after, struct transition_error *err);

#endif
