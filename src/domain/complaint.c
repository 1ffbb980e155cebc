#include "domain/complaint.h"

#include <stdio.h>
#include <string.h>

#include "core/error.h"

static const struct {
	const char *code, *label;
} states[COMPLAINT_STATE_COUNT] = {
	[COMPLAINT_SUBMITTED] = {"submitted", "待受理"},
	[COMPLAINT_NEEDS_SUPPLEMENT] = {"needs_supplement", "待补正"},
	[COMPLAINT_ACCEPTED] = {"accepted", "已受理"},
	[COMPLAINT_NOT_ACCEPTED] = {"not_accepted", "不予受理"},
	[COMPLAINT_ENQUIRY_ANSWERED] = {"enquiry_answered", "已答复咨询"},
	[COMPLAINT_FORWARDED] = {"forwarded", "已转企业处理"},
	[COMPLAINT_REPLIED] = {"replied", "企业已回复"},
	[COMPLAINT_MEDIATION] = {"mediation", "调解中"},
	[COMPLAINT_CLOSED] = {"closed", "已办结"},
};

static const struct {
	const char *code, *label;
} outcomes[OUTCOME_COUNT] = {
	[OUTCOME_NONE] = {"", ""},
	[OUTCOME_RESOLVED_BY_OPERATOR] = {"resolved_by_operator", "企业已解决"},
	[OUTCOME_MEDIATED_AGREEMENT] = {"mediated_agreement", "调解达成协议"},
	[OUTCOME_MEDIATION_FAILED] = {"mediation_failed", "调解不成"},
	[OUTCOME_WITHDRAWN] = {"withdrawn", "申诉人撤回"},
};

/* s[0..len) equals t; s may hold NUL bytes (see reference.c). */
static bool eq(const char *s, size_t len, const char *t)
{
	return strlen(t) == len && memcmp(s, t, len) == 0;
}

const char *complaint_state_code(enum complaint_state s)
{
	return states[s].code;
}

const char *complaint_state_label(enum complaint_state s)
{
	return states[s].label;
}

int complaint_state_parse(const char *s, size_t len, enum complaint_state *out)
{
	for (int i = 0; i < COMPLAINT_STATE_COUNT; i++)
		if (eq(s, len, states[i].code) || eq(s, len, states[i].label)) {
			*out = (enum complaint_state)i;
			return 0;
		}
	return SH_EINVAL;
}

bool complaint_state_is_final(enum complaint_state s)
{
	return s == COMPLAINT_CLOSED || s == COMPLAINT_NOT_ACCEPTED || s == COMPLAINT_ENQUIRY_ANSWERED;
}

bool complaint_state_counted(enum complaint_state s)
{
	return s == COMPLAINT_ACCEPTED || s == COMPLAINT_FORWARDED || s == COMPLAINT_REPLIED ||
	       s == COMPLAINT_MEDIATION || s == COMPLAINT_CLOSED;
}

const char *complaint_outcome_code(enum complaint_outcome o)
{
	return outcomes[o].code;
}

const char *complaint_outcome_label(enum complaint_outcome o)
{
	return outcomes[o].label;
}

int complaint_outcome_parse(const char *s, size_t len, enum complaint_outcome *out)
{
	for (int i = 1; i < OUTCOME_COUNT; i++)
		if (eq(s, len, outcomes[i].code) || eq(s, len, outcomes[i].label)) {
			*out = (enum complaint_outcome)i;
			return 0;
		}
	return SH_EINVAL;
}

static const struct {
	const char *code, *label;
} answers[OPERATOR_ANSWER_COUNT] = {
	[OPERATOR_NOT_ASKED] = {"not_asked", "未先向企业投诉"},
	[OPERATOR_NO_ANSWER] = {"no_answer", "已向企业投诉，企业未答复"},
	[OPERATOR_UNSATISFIED] = {"unsatisfied", "已向企业投诉，对答复不满意"},
};

const char *operator_answer_code(enum operator_answer a)
{
	return answers[a].code;
}

const char *operator_answer_label(enum operator_answer a)
{
	return (unsigned)a < OPERATOR_ANSWER_COUNT ? answers[a].label : "";
}

int operator_answer_parse(const char *s, size_t len, enum operator_answer *out)
{
	for (int i = 0; i < OPERATOR_ANSWER_COUNT; i++)
		if (eq(s, len, answers[i].code)) {
			*out = (enum operator_answer)i;
			return 0;
		}
	return SH_EINVAL;
}

void complaint_format_case_no(char *buf, const char *province, int year, int64_t seq)
{
	snprintf(buf, CASE_NO_MAX, "%.2s-%04d-%06lld", province, year % 10000, (long long)seq);
}

/* n ASCII digits at s. */
static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool complaint_case_no_valid(const char *s)
{
	size_t n = s ? strnlen(s, CASE_NO_MAX) : CASE_NO_MAX;
	return n < CASE_NO_MAX && n >= 14 && digits(s, 2) && s[2] == '-' && digits(s + 3, 4) &&
	       s[7] == '-' && digits(s + 8, n - 8);
}
