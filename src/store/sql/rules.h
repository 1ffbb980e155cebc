/* SQL written from the domain's rules, never by hand: which states are open,
 * which count in statistics, when a case is overdue and what it is due next.
 * Each text is generated once from the tables in domain/complaint.c and
 * domain/lifecycle.c, so a rule changed there changes here too; a unit test
 * (tests/unit/test_store.c) holds the SQL to the C functions on every state.
 * Private to src/store/. Texts live for the life of the process (so they can
 * name cached statements). */
#ifndef SHENSU_STORE_SQL_RULES_H
#define SHENSU_STORE_SQL_RULES_H

#include <stddef.h>

/* "state IN ('accepted', …)": complaint_state_counted. */
const char *rules_counted(void);
/* "state IN ('submitted', …)": the states that are not final. */
const char *rules_open(void);
/* An expression for lifecycle_next_due as 'YYYY-MM-DD' text, RULES_NO_DUE
 * when no clock runs or none is set (so it sorts last). */
const char *rules_next_due(void);
#define RULES_NO_DUE "9999-12-31"

/* Writes into buf a condition that a running clock's due day compares with
 * parameter ?param by op ("<": overdue on that day; "<=": due by it):
 * "((state IN ('submitted') AND accept_due < ?9) OR …)". Returns the length
 * written (snprintf's). */
int rules_clock_condition(char *buf, size_t n, const char *op, int param);

#endif
