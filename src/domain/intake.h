/* A complaint filed online: the form's fields checked against the rules, all
 * problems reported at once, field by field. */
#ifndef SHENSU_DOMAIN_INTAKE_H
#define SHENSU_DOMAIN_INTAKE_H

#include <stdbool.h>
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

/* The form's text fields and their limits: the one statement of them, which
 * intake_validate applies and the web pages are served (GET
 * /api/reference/rules), so a page never holds its own copy. */
enum intake_text {
	INTAKE_NAME,
	INTAKE_ADDRESS,
	INTAKE_CITY,
	INTAKE_POSTCODE,
	INTAKE_DEMAND,
	INTAKE_DESCRIPTION,
	INTAKE_TEXT_COUNT,
};
struct intake_field {
	const char *name;  /* the form field ("name") */
	const char *label; /* Chinese, as the messages name it ("姓名") */
	size_t max_chars;  /* at most this many characters (code points) */
	size_t digits;     /* exactly this many ASCII digits; 0 = free text */
	bool required;     /* blanks alone count as absent (utf8_is_blank) */
};
/* The field's rules; NULL when f is out of range. Static storage. */
const struct intake_field *intake_field(enum intake_text f);

/* Checks the form for a complaint received on `today`. On success fills c
 * (state submitted; strings borrowed from the form, the phone's digits kept in
 * phone_buf of NUMBER_MAX bytes; clocks not started) and returns 0. Otherwise
 * returns the number of errors written to errs (at most max). */
size_t intake_validate(const struct intake_form *f, const struct reference *ref, int32_t today,
                       struct complaint *c, char *phone_buf, struct field_error *errs,
                       size_t max);

#endif
