/* Complaints: the states a case moves through and the record the store keeps.
 * The transitions themselves (who may do what, when) come with the lifecycle. */
#ifndef SHENSU_DOMAIN_COMPLAINT_H
#define SHENSU_DOMAIN_COMPLAINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum complaint_state {
	COMPLAINT_SUBMITTED,
	COMPLAINT_NEEDS_SUPPLEMENT,
	COMPLAINT_ACCEPTED,
	COMPLAINT_NOT_ACCEPTED,
	COMPLAINT_ENQUIRY_ANSWERED,
	COMPLAINT_FORWARDED,
	COMPLAINT_REPLIED,
	COMPLAINT_MEDIATION,
	COMPLAINT_CLOSED,
	COMPLAINT_STATE_COUNT,
};

enum complaint_outcome {
	OUTCOME_NONE,
	OUTCOME_RESOLVED_BY_OPERATOR,
	OUTCOME_MEDIATED_AGREEMENT,
	OUTCOME_MEDIATION_FAILED,
	OUTCOME_WITHDRAWN,
	OUTCOME_COUNT,
};

#define CASE_NO_MAX 24 /* "44-2026-000123" and room to grow */
#define NO_INSTANT INT64_MIN

struct complaint {
	int64_t id;
	char case_no[CASE_NO_MAX];
	char province[3];
	int64_t enterprise_id; /* the enterprise group (the branch follows from the province) */
	int64_t category_id;
	int64_t subtopic_id;   /* 0 when none */
	enum complaint_state state;
	enum complaint_outcome outcome;
	int64_t received_at;   /* Unix seconds */
	int64_t closed_at;     /* NO_INSTANT while open */
	const char *description;
	size_t description_len;
};

/* Stable code ("closed") and Chinese label ("已办结"). */
const char *complaint_state_code(enum complaint_state s);
const char *complaint_state_label(enum complaint_state s);
/* Accepts the code or the label. 0 or SH_EINVAL. */
int complaint_state_parse(const char *s, size_t len, enum complaint_state *out);
/* Final states: no further action except reading. */
bool complaint_state_is_final(enum complaint_state s);

const char *complaint_outcome_code(enum complaint_outcome o);
const char *complaint_outcome_label(enum complaint_outcome o);
int complaint_outcome_parse(const char *s, size_t len, enum complaint_outcome *out);

/* Formats a case number: province code, year, sequence ("44-2026-000123"). */
void complaint_format_case_no(char *buf, const char *province, int year, int64_t seq);

#endif
