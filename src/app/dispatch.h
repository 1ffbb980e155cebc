/* Making the dispatch lists: every reported number not yet sent goes on one
 * list per operator, due in a number of working days. Used by
 * POST /api/dispatches and by the server's daily run. */
#ifndef SHENSU_APP_DISPATCH_H
#define SHENSU_APP_DISPATCH_H

#include "domain/calendar.h"
#include "domain/number_index.h"
#include "store/store.h"

/* Until next year's holidays are loaded, this many calendar days stand in. */
#define DISPATCH_FALLBACK_DAYS 14

/* The due day `days` working days after today (the fallback when the
 * calendar lacks the year). */
int32_t dispatch_due(const calendar *cal, int32_t today, int days);
/* Makes the lists (in a) and marks their numbers dispatched in ix. */
int dispatch_run(store *s, number_index *ix, int64_t now, int32_t due, struct arena *a,
                 struct dispatch **out, size_t *n);

#endif
