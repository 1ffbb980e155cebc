/* Fuzz harness for the online complaint form (domain/intake.c). The input is
 * the form's fields in order, separated by line feeds (a missing field is
 * absent, i.e. NULL). Then:
 *  - refused: every error names a form field and has a message that is not
 *    empty and is valid UTF-8 (an error cut inside a character used to be
 *    dropped from the JSON, leaving "errors":[]); a required field that is
 *    absent or blank (ASCII or Unicode spaces) is among the errors;
 *  - accepted: every required text has something besides blanks, the phone
 *    is digits that normalise to themselves as a mobile or fixed line, no
 *    date lies after today, the description's length is its own.
 * Built by meson as a corpus replayer (replay.c); see README.md for clang. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/utf8.h"
#include "domain/intake.h"
#include "fuzz.h"

static const char *const names[] = {
    "province",        "enterprise",    "category", "subtopic", "name",        "phone",
    "address",         "city",          "postcode", "demand",   "description", "event_date",
    "operator_answer", "operator_date",
};
#define NFIELDS (sizeof names / sizeof *names)
/* Required whatever else the form says. */
static const char *const required[] = {"province", "enterprise",  "category",
                                       "name",     "phone",       "address",
                                       "demand",   "description", "operator_answer"};

static bool filled(const char *s)
{
	return s && !utf8_is_blank(s, strlen(s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	/* NUL-terminated copies of the fields (a NUL in the input ends a field early,
	 * as it would in a C string from JSON) */
	char *buf = malloc(size + 1);
	CHECK(buf);
	memcpy(buf, data, size);
	buf[size] = '\0';
	const char *v[NFIELDS] = {0};
	char *p = buf;
	for (size_t i = 0; i < NFIELDS && p; i++) {
		v[i] = p;
		char *nl = memchr(p, '\n', (size_t)(buf + size - p));
		if (nl)
			*nl = '\0';
		p = nl ? nl + 1 : NULL;
	}
	struct intake_form f = {v[0], v[1], v[2], v[3],  v[4],  v[5],  v[6],
	                        v[7], v[8], v[9], v[10], v[11], v[12], v[13]};
	const int32_t today = date_from_ymd(2024, 10, 4);
	struct complaint c;
	char phone[NUMBER_MAX];
	struct field_error errs[INTAKE_MAX_ERRORS];
	size_t n = intake_validate(&f, fuzz_reference(), today, &c, phone, errs, INTAKE_MAX_ERRORS);
	CHECK(n <= INTAKE_MAX_ERRORS);
	if (n) {
		for (size_t i = 0; i < n; i++) {
			bool known = false;
			for (size_t k = 0; k < NFIELDS; k++)
				known = known ||
				        (errs[i].field && strcmp(errs[i].field, names[k]) == 0);
			CHECK(known);
			CHECK(errs[i].message[0] != '\0');
			CHECK(utf8_valid(errs[i].message, strlen(errs[i].message)));
		}
		for (size_t r = 0; r < sizeof required / sizeof *required; r++) {
			size_t k = 0;
			while (strcmp(names[k], required[r]) != 0)
				k++;
			if (filled(v[k]))
				continue;
			bool named = false;
			for (size_t i = 0; i < n; i++)
				named = named || strcmp(errs[i].field, required[r]) == 0;
			CHECK(named);
		}
	} else {
		CHECK(filled(c.name) && filled(c.address) && filled(c.demand) &&
		      filled(c.description));
		CHECK(c.description_len == strlen(c.description));
		CHECK(c.phone == phone);
		char again[NUMBER_MAX];
		enum number_kind k = number_normalize(phone, strlen(phone), again, NULL, 0);
		CHECK((k == NUMBER_MOBILE || k == NUMBER_FIXED) && strcmp(again, phone) == 0);
		CHECK(c.event_day <= today && c.operator_day <= today);
		CHECK(c.state == COMPLAINT_SUBMITTED);
	}
	free(buf);
	return 0;
}
