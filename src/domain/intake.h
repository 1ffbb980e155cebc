/* A complaint filed online: the form's fields checked against the rules, all
 * problems reported at once, field by field. */
#ifndef SHENSU_DOMAIN_INTAKE_H
#define SHENSU_DOMAIN_INTAKE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/complaint.h"
#include "domain/number.h"
#include "domain/reference.h"

/* The form as text; NULL or "" means absent. */
struct intake_form {
	const char *province;        /* code or name of the respondent's province */
	const char *enterprise;      /* 中国移动 … */
	const char *category;        /* class name or code valid today */
	const char *subtopic;        /* optional */
	const char *name;
	const char *phone;           /* any common spelling */
	const char *address;
	const char *city;            /* optional; all of the address operators may see */
	const char *postcode;        /* optional, 6 digits */
	const char *demand;
	const char *description;
	const char *event_date;      /* optional YYYY-MM-DD */
	const char *operator_answer; /* not_asked | no_answer | unsatisfied */
	const char *operator_date;   /* YYYY-MM-DD, required unless not_asked */
};

struct field_error {
	const char *field;   /* the form field's name */
	char message[192];   /* Chinese */
};

#define INTAKE_MAX_ERRORS 16
#define INTAKE_NAME_MAX 50
#define INTAKE_ADDRESS_MAX 200
#define INTAKE_DEMAND_MAX 1000
#define INTAKE_DESCRIPTION_MAX 5000

/* Checks the form for a complaint received on `today`. On success fills c
 * (state submitted; strings borrowed from the form, the phone's digits kept in
 * phone_buf of NUMBER_MAX bytes; clocks not started) and returns 0. Otherwise
 * returns the number of errors written to errs (at most max). */
size_t intake_validate(const struct intake_form *f, const struct reference *ref, int32_t today,
                       struct complaint *c, char *phone_buf, struct field_error *errs,
                       size_t max);

#endif
