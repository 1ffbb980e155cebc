/* Figures for the regulator's dashboard and agency statistics (the notice
 * itself: handlers_notices.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/stats.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/statistics.h"
#include "http/handlers.h"
#include "http/problem.h"

static json_t *pct_json(const struct stat_pct *p)
{
	return p->ok ? json_real(p->tenths / 10.0) : json_null();
}

/* The period asked for and its comparison periods. Responds on error. */
int param_period(struct request *req, struct stats_query *q, const char **label)
{
	int rc;
	const char *v = request_query(req, "period");
	if (v) {
		struct period p;
		if (period_parse(v, strlen(v), &p))
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
			                            "参数period应为季度（2020Q4）、月份（2020-10）或年份（2020）");
		struct period prev = period_shift(&p, -1);
		struct period yoy = p.kind == PERIOD_YEAR ? prev
		                  : period_shift(&p, p.kind == PERIOD_QUARTER ? -4 : -12);
		q->first = p.first, q->last = p.last;
		q->prev_first = prev.first, q->prev_last = prev.last;
		q->yoy_first = yoy.first, q->yoy_last = yoy.last;
		if (p.kind == PERIOD_QUARTER) {
			char *a = arena_alloc(&req->arena, 16), *b = arena_alloc(&req->arena, 16);
			period_format(&p, a, 16);
			period_format(&prev, b, 16);
			q->quarter = a, q->prev_quarter = b;
		}
		*label = v;
		return 0;
	}
	int32_t from, to;
	if ((rc = param_date(req, "from", &from)) || (rc = param_date(req, "to", &to)))
		return rc;
	if (to < from || to - from > 3660)
		return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
		                            "日期范围无效（to不能早于from，且不超过10年）");
	int32_t len = to - from + 1;
	int y, m, d;
	q->first = from, q->last = to;
	q->prev_first = from - len, q->prev_last = from - 1;
	date_to_ymd(from, &y, &m, &d);
	q->yoy_first = date_valid_ymd(y - 1, m, d) ? date_from_ymd(y - 1, m, d) : from - 365;
	q->yoy_last = q->yoy_first + len - 1;
	*label = "custom";
	return 0;
}

int handle_stats(struct request *req)
{
	int rc;
	const struct reference *ref = &request_shared(req)->ref;
	const struct actor *who = &req->user->actor;
	struct stats_query q = {.by = STATS_BY_NONE};
	const char *label, *v;
	if ((rc = param_period(req, &q, &label)))
		return rc;
	if ((v = request_query(req, "by")) && stats_by_parse(v, &q.by))
		return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
		                            "参数by应为province、enterprise、category、subtopic或none");
	if ((v = request_query(req, "province"))) {
		const struct province *p = reference_province(ref, v, strlen(v));
		if (!p)
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter", "未知的省份：%s", v);
		q.province = p->code;
	}
	if ((v = request_query(req, "enterprise"))) {
		const struct enterprise *e = reference_enterprise(ref, v, strlen(v));
		if (!e)
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter", "未知的企业：%s", v);
		q.enterprise_id = e->parent_id ? e->parent_id : e->id;
	}
	if ((v = request_query(req, "category"))) {
		const struct category *c = reference_category_any(ref, v, strlen(v));
		if (!c)
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter", "未知的类别：%s", v);
		q.category_id = c->id;
	}
	/* A provincial agency sees its own province's figures only. */
	struct access_scope scope = access_scope_of(who);
	if (scope.no_cases || !access_scope_province(&scope, q.province, &q.province))
		return problem_respond_code(req, SH_EFORBIDDEN, "out_of_scope", "只能查看本省的统计数据");
	store *s;
	struct stats_result r;
	rc = request_store(req, &s);
	if (rc || (rc = stats_load(s, ref, &q, &req->arena, &r)))
		return rc;
	char qt[64], yt[64];
	stat_format_change("环比", r.qoq.ok ? 0 : SH_ENOTFOUND, r.qoq.tenths, qt, sizeof qt);
	stat_format_change("同比", r.yoy_change.ok ? 0 : SH_ENOTFOUND, r.yoy_change.tenths, yt,
	                   sizeof yt);
	json_t *groups = json_array();
	for (size_t g = 0; g < r.ngroups; g++) {
		const struct stats_group *x = &r.groups[g];
		json_array_append_new(groups,
		                      json_pack("{s:s, s:s, s:I, s:I, s:I, s:o, s:o, s:o}", "key", x->key,
		                                "name", x->name, "count", (json_int_t)x->count,
		                                "previous", (json_int_t)x->prev, "year_before",
		                                (json_int_t)x->yoy, "share", pct_json(&x->share), "qoq",
		                                pct_json(&x->qoq), "yoy", pct_json(&x->yoy_change)));
		if (q.by == STATS_BY_ENTERPRISE && q.quarter && !q.province) {
			json_t *gj = json_array_get(groups, g);
			json_object_set_new(gj, "subscribers_10k",
			                    x->subscribers_10k ? json_integer(x->subscribers_10k) : json_null());
			json_object_set_new(gj, "rate_per_million",
			                    x->rate_ok ? json_real(x->rate_hundredths / 100.0) : json_null());
			json_object_set_new(gj, "rate_change", pct_json(&x->rate_change));
		}
	}
	json_t *o = json_pack(
		"{s:s, s:{s:o, s:o}, s:{s:o, s:o}, s:{s:o, s:o}, s:s, s:s?, s:I, s:I, s:I, s:o, s:o, "
		"s:s, s:s, s:o}",
		"period", label, "range", "from", json_date(q.first), "to", json_date(q.last),
		"previous_range", "from", json_date(q.prev_first), "to", json_date(q.prev_last),
		"year_before_range", "from", json_date(q.yoy_first), "to", json_date(q.yoy_last), "by",
		stats_by_code(q.by), "province", q.province, "total", (json_int_t)r.total,
		"previous_total", (json_int_t)r.prev, "year_before_total", (json_int_t)r.yoy, "qoq",
		pct_json(&r.qoq), "yoy", pct_json(&r.yoy_change), "qoq_text", qt, "yoy_text", yt,
		"groups", groups);
	return respond_json(req, 200, o);
}
