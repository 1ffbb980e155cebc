/* Making the dispatch lists: every reported number not yet sent goes on one
 * list per operator, due in a number of working days. Used by
 * POST /api/dispatches and by the server's daily run. */
#ifndef SHENSU_APP_DISPATCH_H
#define SHENSU_APP_DISPATCH_H

#include "app/number_registry.h"
#include "domain/calendar.h"
#include "store/store.h"

/* The due day `days` working days after `from`, provisional when a year it
 * reaches has no holiday schedule yet (see domain/calendar.h), with from and
 * days kept for counting it again. SH_ENOSCHEDULE when the calendar cannot
 * answer at all (or cal is NULL), SH_EINVAL for days outside
 * 0..CALENDAR_MAX_ADD; *out untouched then. */
int dispatch_due(const calendar *cal, int32_t from, int days, struct dispatch_due *out);
/* Makes the lists (in a); the numbers' look-ups (numbers, may be NULL) say
 * they are dispatched once this returns. */
int dispatch_run(store *s, number_registry *numbers, int64_t now, const struct dispatch_due *due,
                 struct arena *a, struct dispatch **out, size_t *n);

#endif
