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
 * Returns how many warnings were written to out. */
size_t admissibility_check(const struct complaint *c, const struct reference *ref,
                           const char *duplicate_of_open_case,
                           struct admissibility_warning *out, size_t max);

#endif
