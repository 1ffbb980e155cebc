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

/* What the complainant says about their complaint to the operator first. */
enum operator_answer {
	OPERATOR_NOT_ASKED,       /* did not complain to the operator */
	OPERATOR_NO_ANSWER,       /* complained, no answer yet */
	OPERATOR_UNSATISFIED,     /* complained, answer not satisfactory */
	OPERATOR_ANSWER_COUNT,
};

/* A complaint. Strings are borrowed (an arena, a CSV row, the store's
 * buffers): the struct never owns them. Optional strings may be NULL. */
struct complaint {
	int64_t id;
	char case_no[CASE_NO_MAX];
	char province[3];        /* the province of the respondent, which handles it */
	int64_t enterprise_id;   /* the enterprise group complained about */
	int64_t category_id;
	int64_t subtopic_id;     /* 0 when none */
	enum complaint_state state;
	enum complaint_outcome outcome;
	int64_t received_at;     /* Unix seconds */
	int64_t closed_at;       /* NO_INSTANT while open */
	const char *description; /* the facts */
	size_t description_len;
	int version;             /* bumped by every transition; 1 when created */

	/* Filed online (empty for imported history). Personal data: shown only to
	 * agency staff in scope; masked for operators; never logged. */
	const char *name;
	const char *phone;       /* 11-digit mobile or fixed line, digits only */
	const char *address;
	const char *city;        /* the part of the address operators may see */
	const char *postcode;
	const char *demand;      /* what the complainant asks for */
	int32_t event_day;       /* when the disputed matter happened; 0 = unknown */
	enum operator_answer operator_answer;
	int32_t operator_day;    /* when they complained to the operator; 0 = never */

	/* Clocks, day numbers in Beijing time; 0 = not running. */
	int32_t materials_day;   /* complete materials received (restarted by 补正) */
	int32_t accept_due;      /* acceptance decision: 5 working days after materials_day */
	int32_t answer_due;      /* answer to the complainant: 30 days after materials_day */
	int32_t reply_due;       /* operator's reply: N working days after forwarding */
	/* A deadline counted in part by the statutory rules, because a year it
	 * reaches had no holiday schedule yet (domain/calendar.h): shown as 暂定
	 * and counted again (lifecycle_recompute) once the schedule is loaded. */
	bool accept_provisional;
	bool reply_provisional;
	int32_t reply_from;      /* the day reply_due was counted from; 0 = none */
	int reply_days;          /* the working days it was counted with; 0 = none */
	int64_t forwarded_to;    /* the enterprise (branch) the case went to; 0 = none */
	char reason[32];         /* not-admissible reason code, when not_accepted */
	int survey_score;        /* the complainant's rating 1-5; 0 = not given */
	const char *survey_comment;
};

#define QUERY_CODE_LEN 12 /* characters of the public query code */

/* Stable code ("closed") and Chinese label ("已办结"). */
const char *complaint_state_code(enum complaint_state s);
const char *complaint_state_label(enum complaint_state s);
/* Accepts the code or the label. 0 or SH_EINVAL. */
int complaint_state_parse(const char *s, size_t len, enum complaint_state *out);
/* Final states: no further action except reading. */
bool complaint_state_is_final(enum complaint_state s);
/* Counted in statistics as an accepted complaint (受理): an agency accepted it,
 * whatever happened next; not one awaiting the decision, refused, or answered
 * as an enquiry. */
bool complaint_state_counted(enum complaint_state s);

const char *complaint_outcome_code(enum complaint_outcome o);
const char *complaint_outcome_label(enum complaint_outcome o);
int complaint_outcome_parse(const char *s, size_t len, enum complaint_outcome *out);

const char *operator_answer_code(enum operator_answer a);
/* "未先向企业投诉", "已向企业投诉，企业未答复", "已向企业投诉，对答复不满意"; "" out of range. */
const char *operator_answer_label(enum operator_answer a);
int operator_answer_parse(const char *s, size_t len, enum operator_answer *out);

/* Formats a case number: province code, year, sequence ("44-2026-000123"). */
void complaint_format_case_no(char *buf, const char *province, int year, int64_t seq);
/* Whether s has the shape complaint_format_case_no gives: two digits, "-",
 * four digits, "-", six or more digits, shorter than CASE_NO_MAX. Anything
 * else names no case and need not be looked up. NULL-safe. */
bool complaint_case_no_valid(const char *s);

#endif
