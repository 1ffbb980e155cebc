#include "domain/admissibility.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"

struct sink {
	struct admissibility_warning *out;
	size_t max, n;
	const struct reference *ref;
};

__attribute__((format(printf, 4, 5))) static void warn(struct sink *s, const char *code,
                                                       const char *reason, const char *fmt, ...)
{
	if (s->n >= s->max)
		return;
	struct admissibility_warning *w = &s->out[s->n++];
	const struct reason *r = s->ref ? reference_reason(s->ref, reason) : NULL;
	w->code = code;
	w->reason = reason;
	w->rule = r ? r->rule : "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->message, sizeof w->message, fmt, ap);
	va_end(ap);
}

/* The same day of the month `months` months before `day`, clamped to the
 * length of that month (2020-07-31 minus 5 months is 2020-02-29). */
static int32_t months_before(int32_t day, int months)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	int idx = y * 12 + (m - 1) - months;
	y = idx / 12;
	m = idx % 12 + 1;
	while (d > 28 && !date_valid_ymd(y, m, d))
		d--;
	return date_from_ymd(y, m, d);
}

bool admissibility_billing(const struct category *cat)
{
	return cat &&
	       (strcmp(cat->code, "billing") == 0 || strcmp(cat->code, "marketing_billing") == 0);
}

/* A period of months in words: "5个月", "2年". */
static void months_text(int months, char *buf, size_t len)
{
	if (months % 12 == 0)
		snprintf(buf, len, "%d年", months / 12);
	else
		snprintf(buf, len, "%d个月", months);
}

/* The day the complaint was made to the agency: complete materials, else the
 * day it was received; 0 when unknown. */
static int32_t filing_day(const struct complaint *c)
{
	if (c->materials_day)
		return c->materials_day;
	if (c->received_at != 0 && c->received_at != NO_INSTANT)
		return date_of_instant(c->received_at, SH_BEIJING_OFFSET);
	return 0;
}

static void check_operator_first(struct sink *s, const struct complaint *c, int32_t filed)
{
	char op[SH_DATE_LEN + 1], fd[SH_DATE_LEN + 1], ok[SH_DATE_LEN + 1];
	switch (c->operator_answer) {
	case OPERATOR_NOT_ASKED:
		warn(s, "operator_not_first", "operator_not_first",
		     "申诉人未先向被申诉企业投诉，应先向企业投诉，企业答复不满意或%d日内未答复的方"
		     "可申诉",
		     ADMISSIBILITY_OPERATOR_WAIT_DAYS);
		return;
	case OPERATOR_NO_ANSWER:
		if (c->operator_day == 0) {
			warn(s, "operator_not_first", "operator_not_first",
			     "申诉人称企业未答复，但未说明何时向企业投诉，无法确认已先向企业投诉");
			return;
		}
		if (filed == 0 || filed - c->operator_day >= ADMISSIBILITY_OPERATOR_WAIT_DAYS)
			return;
		date_format(c->operator_day, op);
		date_format(filed, fd);
		date_format(c->operator_day + ADMISSIBILITY_OPERATOR_WAIT_DAYS, ok);
		warn(s, "operator_wait_15_days", "operator_not_first",
		     "申诉人于%s向企业投诉，至%s仅%d日，企业%d日答复期限未满，还需%d日（%"
		     "s起可申诉）",
		     op, fd, filed - c->operator_day, ADMISSIBILITY_OPERATOR_WAIT_DAYS,
		     ADMISSIBILITY_OPERATOR_WAIT_DAYS - (filed - c->operator_day), ok);
		return;
	case OPERATOR_UNSATISFIED:
	case OPERATOR_ANSWER_COUNT:
		return;
	}
}

static void check_time_bar(struct sink *s, const struct complaint *c, int32_t filed)
{
	if (c->event_day == 0 || filed == 0)
		return;
	const struct category *cat = s->ref ? reference_category_id(s->ref, c->category_id) : NULL;
	bool billing = admissibility_billing(cat);
	int months = billing ? ADMISSIBILITY_BILLING_BAR_MONTHS : ADMISSIBILITY_OTHER_BAR_MONTHS;
	int32_t bar = months_before(filed, months);
	if (c->event_day >= bar)
		return;
	char ev[SH_DATE_LEN + 1], fd[SH_DATE_LEN + 1], b[SH_DATE_LEN + 1], period[16];
	date_format(c->event_day, ev);
	date_format(filed, fd);
	date_format(bar, b);
	months_text(months, period, sizeof period);
	if (billing)
		warn(s, "time_barred_billing", "time_barred_billing",
		     "收费争议发生于%s，至%s提起申诉已超过%s（%s以前发生的不予受理）", ev, fd, period,
		     b);
	else
		warn(s, "time_barred_other", "time_barred_other",
		     "申诉事项发生于%s，至%s提起申诉已超过%s（%s以前发生的不予受理）", ev, fd, period,
		     b);
}

size_t admissibility_check(const struct complaint *c, const struct reference *ref,
                           const char *duplicate_of_open_case, struct admissibility_warning *out,
                           size_t max)
{
	struct sink s = {.out = out, .max = out ? max : 0, .ref = ref};
	int32_t filed = filing_day(c);
	check_operator_first(&s, c, filed);
	check_time_bar(&s, c, filed);
	if (duplicate_of_open_case && duplicate_of_open_case[0])
		warn(&s, "possible_duplicate", "agency_handled",
		     "同一号码对同一企业已有未办结的申诉（案件编号%.*s），可能重复申诉",
		     CASE_NO_MAX, duplicate_of_open_case);
	return s.n;
}
