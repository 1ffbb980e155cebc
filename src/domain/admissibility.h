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

struct admissibility_warning {
	const char *code;    /* "operator_not_first", "operator_wait_15_days",
	                        "time_barred_billing", "time_barred_other", "possible_duplicate" */
	const char *reason;  /* the not-admissible reason it points to, or NULL */
	char message[320];   /* Chinese, with the dates involved */
	const char *rule;    /* the rule text cited (from the reference reasons) */
};

/* Checks c (its event_day, operator_answer, operator_day, category and
 * materials_day) against the rules:
 *  - the user must first complain to the operator (OPERATOR_NOT_ASKED warns);
 *    with no answer, 15 days must have passed since operator_day;
 *  - time bar: billing disputes (classes with code "billing" or
 *    "marketing_billing") more than 5 months after the event, any other more
 *    than 2 years after;
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
