/* Shared set-up for unit tests: the reference data and holiday schedules
 * compiled into shensu, as `shensu init` loads them. */
#ifndef SHENSU_TESTS_FIXTURES_H
#define SHENSU_TESTS_FIXTURES_H

#include "domain/calendar.h"
#include "domain/reference.h"

/* Initialises ref and fills it; prints the reason and returns -1 on failure. */
int fixture_reference(struct reference *ref);
/* A calendar with every schedule 2007-2026, or NULL (reason printed). */
calendar *fixture_calendar(void);

#endif
