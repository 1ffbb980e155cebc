#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/holiday_rules.h"
#include "http/handlers.h"
#include "http/problem.h"

int param_date(struct request *req, const char *name, int32_t *out)
{
	const char *v = request_query(req, name);
	if (!v || !*v)
		return problem_respond_code(req, SH_EINVAL, "missing_parameter", "缺少参数%s", name);
	if (date_parse(v, strlen(v), out) != 0)
		return problem_respond_code(req, SH_EINVAL, "invalid_date",
		                            "参数%s不是有效日期（应为YYYY-MM-DD，如2020-09-29）", name);
	return 0;
}

int param_int(struct request *req, const char *name, long min, long max, long *out)
{
	const char *v = request_query(req, name);
	if (!v || !*v)
		return problem_respond_code(req, SH_EINVAL, "missing_parameter", "缺少参数%s", name);
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
		                            "参数%s应为%ld到%ld之间的整数", name, min, max);
	*out = n;
	return 0;
}

const char *json_member(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	return json_is_string(v) ? json_string_value(v) : "";
}

json_t *json_date(int32_t day)
{
	if (day == DATE_OPEN_START || day == DATE_OPEN_END)
		return json_null();
	char buf[SH_DATE_LEN + 1];
	date_format(day, buf);
	return json_string(buf);
}

/* Answers a failed calendar query; SH_ENOSCHEDULE (a date neither in a
 * loaded year nor in the statutory rules' years) names what can be answered. */
static int calendar_failed(struct request *req, const calendar *cal, int rc)
{
	if (rc != SH_ENOSCHEDULE)
		return rc;
	int first, last;
	calendar_years(cal, &first, &last);
	if (!first)
		return problem_respond(req, SH_ENOSCHEDULE,
		                       "日期超出可计算的范围：尚未加载任何年份的节假日安排，%d–%d年可按法定"
		                       "节假日暂定计算",
		                       HOLIDAY_RULES_FIRST_YEAR, HOLIDAY_RULES_LAST_YEAR);
	return problem_respond(req, SH_ENOSCHEDULE,
	                       "日期超出可计算的范围（已加载%d–%d年的节假日安排，%d–%d年可按法定节假日"
	                       "暂定计算），其他年份请先用“shensu calendar load”加载该年安排",
	                       first, last, HOLIDAY_RULES_FIRST_YEAR, HOLIDAY_RULES_LAST_YEAR);
}

int handle_calendar_add(struct request *req)
{
	int32_t from, to;
	long days;
	int rc;
	const calendar *cal;
	if ((rc = param_date(req, "from", &from)) || (rc = param_int(req, "days", 0, 3660, &days)) ||
	    (rc = request_calendar(req, &cal)))
		return rc;
	if ((rc = calendar_add_working_days(cal, from, (int)days, &to)))
		return calendar_failed(req, cal, rc);
	return respond_json(req, 200,
	                    json_pack("{s:o, s:i, s:o, s:b}", "from", json_date(from), "days",
	                              (int)days, "date", json_date(to), "provisional",
	                              calendar_provisional(cal, from + 1, to)));
}

int handle_calendar_between(struct request *req)
{
	int32_t from, to;
	int n;
	const calendar *cal;
	int rc;
	if ((rc = param_date(req, "from", &from)) || (rc = param_date(req, "to", &to)) ||
	    (rc = request_calendar(req, &cal)))
		return rc;
	if (to - from > 3660 * 2 || from - to > 3660 * 2)
		return problem_respond_code(req, SH_EINVAL, "invalid_parameter", "日期范围不能超过20年");
	if ((rc = calendar_working_days_between(cal, from, to, &n)))
		return calendar_failed(req, cal, rc);
	bool provisional = to < from ? calendar_provisional(cal, to + 1, from)
	                             : calendar_provisional(cal, from + 1, to);
	return respond_json(req, 200,
	                    json_pack("{s:o, s:o, s:i, s:b}", "from", json_date(from), "to",
	                              json_date(to), "working_days", n, "provisional", provisional));
}

int handle_calendar_day(struct request *req)
{
	int32_t day;
	bool working;
	const calendar *cal;
	int rc;
	if ((rc = param_date(req, "date", &day)) || (rc = request_calendar(req, &cal)))
		return rc;
	if ((rc = calendar_is_working_day(cal, day, &working)))
		return calendar_failed(req, cal, rc);
	return respond_json(req, 200,
	                    json_pack("{s:o, s:b, s:b}", "date", json_date(day), "working_day",
	                              working, "provisional", calendar_provisional(cal, day, day)));
}
