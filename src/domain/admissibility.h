/* The admissibility assistant: what the rules ask about a new complaint, shown
 * to staff as warnings citing the rule. Staff decide; nothing here refuses a
 * case. (电信用户申诉处理办法, arts. 12 and 13.) */
#ifndef SHENSU_DOMAIN_ADMISSIBILITY_H
#define SHENSU_DOMAIN_ADMISSIBILITY_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/complaint.h"
#include "domain/reference.h"

#define ADMISSIBILITY_MAX_WARNINGS 8

/* The periods of art. 12 and 13, the one statement of them (the web pages are
 * served them: GET /api/reference/rules). */
/* Days the operator has to answer before the user may appeal to an agency. */
#define ADMISSIBILITY_OPERATOR_WAIT_DAYS 15
/* Time bars, in months before the filing: billing disputes, any other. */
#define ADMISSIBILITY_BILLING_BAR_MONTHS 5
#define ADMISSIBILITY_OTHER_BAR_MONTHS 24

/* Whether a complaint class is a billing dispute, which has the shorter time
 * bar: the classes with code "billing" (to 2021) or "marketing_billing" (from
 * 2022). False for NULL. */
bool admissibility_billing(const struct category *cat);

struct admissibility_warning {
	const char *code;    /* "operator_not_first", "operator_wait_15_days" (the
	                        code keeps its name whatever the period),
	                        "time_barred_billing", "time_barred_other", "possible_duplicate" */
	const char *reason;  /* the not-admissible reason it points to, or NULL */
	char message[320];   /* Chinese, with the dates involved */
	const char *rule;    /* the rule text cited (from the reference reasons) */
};

/* Checks c (its event_day, operator_answer, operator_day, category and
 * materials_day) against the rules:
 *  - the user must first complain to the operator (OPERATOR_NOT_ASKED warns);
 *    with no answer, ADMISSIBILITY_OPERATOR_WAIT_DAYS (15) days must have
 *    passed since operator_day;
 *  - time bar: billing disputes (admissibility_billing) more than
 *    ADMISSIBILITY_BILLING_BAR_MONTHS (5) months after the event, any other
 *    more than ADMISSIBILITY_OTHER_BAR_MONTHS (24) after;
 *  - duplicate_of_open_case: the caller found an open case with the same phone
 *    and enterprise (pass its case number, or NULL).
 * Dates are measured from materials_day (from the Beijing date of received_at
 * when that is 0; no date check when both are unknown). "N months before" keeps
 * the day of the month, clamped to the month's length (2020-07-31 minus 5
 * months is 2020-02-29): an event on that day is still admissible, one a day
 * earlier warns. event_day 0 (unknown) gives no time-bar warning; a class
 * unknown to ref counts as "other". Warnings come in this order: operator,
 * time bar, duplicate; at most max are written (out may be NULL when max is 0).
 * `rule` is "" when ref lacks the reason.
 * Returns how many warnings were written to out. */
size_t admissibility_check(const struct complaint *c, const struct reference *ref,
                           const char *duplicate_of_open_case,
                           struct admissibility_warning *out, size_t max);

#endif
