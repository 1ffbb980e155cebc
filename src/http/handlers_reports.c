/* The 12321 centre's side: reports from the public, the number look-up,
 * dispatch lists to the operators and their disposals, the app pipeline, and
 * report statistics. Translation only: the rules are in domain/report.c, the
 * index in app/number_registry.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/dispatch.h"
#include "app/disposal_upload.h"
#include "app/number_registry.h"
#include "app/stats.h"
#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"
#include "domain/report.h"
#include "domain/routing.h"
#include "domain/statistics.h"
#include "http/download.h"
#include "http/handlers.h"
#include "http/json_writer.h"
#include "http/problem.h"
#include "render/table.h"

#define DISPOSALS_MAX 1000
#define NUMBERS_LOOKUP_MAX 1000

static json_t *instant_json(int64_t t)
{
	if (t == NO_INSTANT || t <= 0)
		return json_null();
	char buf[SH_DATETIME_LEN + 1];
	datetime_format(t, SH_BEIJING_OFFSET, buf);
	return json_string(buf);
}

static json_t *enterprise_json(const struct reference *ref, int64_t id)
{
	const struct enterprise *e = id ? reference_enterprise_id(ref, id) : NULL;
	return e ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)e->id, "code", e->code, "name",
	                     e->name)
	         : json_null();
}

static number_registry *numbers(struct request *req)
{
	return request_shared(req)->numbers;
}

static const number_index *number_index_of(struct request *req)
{
	return number_registry_index(numbers(req));
}

/* ---- reports ------------------------------------------------------------------ */

int handle_report_create(struct request *req)
{
	json_t *body;
	int rc = request_json(req, &body);
	if (rc)
		return rc;
	struct report_form f = {
		.kind = json_member(body, "kind"),
		.number = json_member(body, "number"),
		.app_name = json_member(body, "app_name"),
		.app_package = json_member(body, "app_package"),
		.app_store = json_member(body, "app_store"),
		.occurred_at = json_member(body, "occurred_at"),
		.reporter = json_member(body, "reporter"),
		.content = json_member(body, "content"),
	};
	struct report r;
	struct field_error errs[INTAKE_MAX_ERRORS];
	size_t n = report_validate(&f, (int64_t)time(NULL), &r, errs, INTAKE_MAX_ERRORS);
	if (n)
		return problem_respond_fields(req, errs, n);
	const struct reference *ref = &request_shared(req)->ref;
	struct number_info info = {0};
	char why[160];
	if (r.kind != REPORT_BAD_APP)
		number_registry_lookup(number_index_of(req), ref, r.target, strlen(r.target), &info,
		                       why, sizeof why);
	store *s;
	rc = request_store(req, &s);
	if (rc || (rc = store_report_insert(s, &r, info.operator_id, 0)))
		return problem_respond(req, rc, "举报未能保存，请稍后重试");
	number_registry_after_write(numbers(req), s);
	json_t *o = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)r.id, "kind",
	                      report_kind_code(r.kind), "kind_label", report_kind_label(r.kind),
	                      "reported_at", instant_json(r.reported_at));
	if (r.kind == REPORT_BAD_APP)
		json_object_set_new(o, "app_package", json_string(r.app_package));
	else
		json_object_set_new(o, "number",
		                    json_pack("{s:s, s:s, s:o}", "digits", r.target, "kind",
		                              number_kind_code(r.target_kind), "operator",
		                              enterprise_json(ref, info.operator_id)));
	json_object_set_new(o, "notice",
	                    json_string("举报已受理。我们将汇总核查，并转相关电信企业或应用商店依法处置。"));
	request_add_header(req, "Location", arena_printf(&req->arena, "/api/reports/%lld",
	                                                 (long long)r.id));
	return respond_json(req, 201, o);
}

static json_t *report_json(const struct report *r)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:b}", "id", (json_int_t)r->id, "kind",
	                      report_kind_code(r->kind), "kind_label", report_kind_label(r->kind),
	                      "reported_at", instant_json(r->reported_at), "occurred_at",
	                      instant_json(r->occurred_at), "invalid", r->invalid);
	if (r->kind == REPORT_BAD_APP)
		json_object_set_new(o, "app", json_pack("{s:s?, s:s?, s:s?}", "package", r->app_package,
		                                        "name", r->app_name, "store", r->app_store));
	else
		json_object_set_new(o, "number", json_pack("{s:s, s:s}", "digits", r->target, "kind",
		                                           number_kind_code(r->target_kind)));
	/* The reporter's own number and the text: the centre's staff only (the
	 * only role with this route). */
	json_object_set_new(o, "reporter", r->reporter[0] ? json_string(r->reporter) : json_null());
	json_object_set_new(o, "content",
	                    r->content ? json_stringn(r->content, r->content_len) : json_null());
	return o;
}

int handle_reports_list(struct request *req)
{
	int rc;
	struct report_filter f = {.kind = -1, .limit = 100};
	const char *v;
	if ((v = request_query(req, "kind"))) {
		enum report_kind k;
		if (report_kind_parse(v, strlen(v), &k))
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
			                            "参数kind无效：%s", v);
		f.kind = (int)k;
	}
	char digits[NUMBER_MAX], why[160];
	if ((v = request_query(req, "number"))) {
		if (number_normalize(v, strlen(v), digits, why, sizeof why) == NUMBER_INVALID)
			return problem_respond_code(req, SH_EINVAL, "invalid_number", "号码有误：%s", why);
		f.target = digits;
	} else if ((v = request_query(req, "app"))) {
		f.target = v;
	}
	int32_t day;
	if (request_query(req, "from")) {
		if ((rc = param_date(req, "from", &day)))
			return rc;
		f.from = date_start_instant(day, SH_BEIJING_OFFSET);
	}
	if (request_query(req, "to")) {
		if ((rc = param_date(req, "to", &day)))
			return rc;
		f.to = date_start_instant(day + 1, SH_BEIJING_OFFSET);
	}
	long n;
	if (request_query(req, "limit")) {
		if ((rc = param_int(req, "limit", 1, 1000, &n)))
			return rc;
		f.limit = (int)n;
	}
	if (request_query(req, "before")) {
		if ((rc = param_int(req, "before", 1, 0x7fffffffffffffffL, &n)))
			return rc;
		f.before_id = n;
	}
	store *s;
	struct report *items;
	size_t count;
	rc = request_store(req, &s);
	if (rc || (rc = store_report_list(s, &f, &req->arena, &items, &count)))
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(arr, report_json(&items[i]));
	json_t *o = json_pack("{s:o}", "items", arr);
	if (count == (size_t)f.limit)
		json_object_set_new(o, "next", json_string(arena_printf(
			&req->arena, "before=%lld", (long long)items[count - 1].id)));
	return respond_json(req, 200, o);
}

static int path_id(struct request *req, int64_t *out)
{
	char *end;
	long long v = strtoll(req->params[0], &end, 10);
	if (*end || v <= 0)
		return problem_respond(req, SH_ENOTFOUND, "没有编号为%s的记录", req->params[0]);
	*out = v;
	return 0;
}

int handle_report_invalidate(struct request *req)
{
	json_t *body;
	int rc = request_json(req, &body);
	if (rc)
		return rc;
	int64_t id = 0; /* set by path_id; -O3 cannot tell that it answers otherwise */
	if ((rc = path_id(req, &id)))
		return rc;
	const char *reason = json_member(body, "reason");
	if (!reason || utf8_is_blank(reason, strlen(reason)) ||
	    !utf8_valid(reason, strlen(reason)) || utf8_chars(reason, strlen(reason)) > 500)
		return problem_respond_code(req, SH_EINVAL, "invalid_fields",
		                            "请填写认定举报无效的理由（不超过500字）");
	store *s;
	struct report before;
	rc = request_store(req, &s);
	if (rc == 0)
		rc = store_report_invalidate(s, id, reason, req->user->id, (int64_t)time(NULL),
		                             &req->arena, &before);
	if (rc == SH_ENOTFOUND)
		return problem_respond(req, rc, "没有编号为%lld的举报", (long long)id);
	if (rc == SH_ECONFLICT)
		return problem_respond_code(req, rc, "already_invalid", "该举报已被认定为无效");
	if (rc)
		return rc;
	number_registry_after_write(numbers(req), s);
	before.invalid = true;
	return respond_json(req, 200, report_json(&before));
}

/* ---- report statistics ---------------------------------------------------------- */

static json_t *change_json(int64_t prev, int64_t cur, const char *what)
{
	int tenths;
	int rc = stat_change(prev, cur, &tenths);
	char text[64];
	stat_format_change(what, rc, tenths, text, sizeof text);
	return json_pack("{s:o, s:s}", "percent", rc ? json_null() : json_real(tenths / 10.0), "text",
	                 text);
}

/* One kind's or series' figures: {KEY: code, label, count, previous,
 * year_before, qoq, yoy}. */
static json_t *figures_json(const char *key, const char *code, const char *label, int64_t cur,
                            int64_t prev, int64_t year_before)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:o, s:o}", key, code, "label", label, "count",
	                 (json_int_t)cur, "previous", (json_int_t)prev, "year_before",
	                 (json_int_t)year_before, "qoq", change_json(prev, cur, "环比"), "yoy",
	                 change_json(year_before, cur, "同比"));
}

int handle_report_stats(struct request *req)
{
	int rc;
	struct stats_query q;
	const char *label;
	if ((rc = param_period(req, &q, &label)))
		return rc;
	store *s;
	rc = request_store(req, &s);
	if (rc)
		return rc;
	int32_t ranges[3][2] = {{q.first, q.last}, {q.prev_first, q.prev_last},
	                        {q.yoy_first, q.yoy_last}};
	int64_t counts[3][REPORT_KIND_COUNT];
	for (int i = 0; i < 3; i++)
		if ((rc = store_report_counts(s, date_start_instant(ranges[i][0], SH_BEIJING_OFFSET),
		                              date_start_instant(ranges[i][1] + 1, SH_BEIJING_OFFSET),
		                              counts[i])))
			return rc;
	json_t *kinds = json_array(), *series = json_array();
	int64_t sums[3][SERIES_COUNT] = {{0}};
	for (int k = 0; k < REPORT_KIND_COUNT; k++) {
		json_array_append_new(kinds, figures_json("kind", report_kind_code((enum report_kind)k),
		                                          report_kind_label((enum report_kind)k),
		                                          counts[0][k], counts[1][k], counts[2][k]));
		for (int i = 0; i < 3; i++)
			sums[i][report_series_of((enum report_kind)k)] += counts[i][k];
	}
	for (int k = 0; k < SERIES_COUNT; k++)
		json_array_append_new(series,
		                      figures_json("series", report_series_code((enum notice_series)k),
		                                   report_series_label((enum notice_series)k), sums[0][k],
		                                   sums[1][k], sums[2][k]));
	int64_t notified, named, removed;
	if ((rc = store_app_counts(s, q.first, q.last, &notified, &named, &removed)))
		return rc;
	return respond_json(req, 200,
	                    json_pack("{s:s, s:{s:o, s:o}, s:o, s:o, s:{s:I, s:I, s:I}}", "period",
	                              label, "range", "from", json_date(q.first), "to",
	                              json_date(q.last), "kinds", kinds, "series", series, "apps",
	                              "notified", (json_int_t)notified, "named", (json_int_t)named,
	                              "removed", (json_int_t)removed));
}

/* ---- the number look-up ------------------------------------------------------- */

struct number_info;
static bool number_visible(const struct access_scope *scope, const struct number_info *info);

int handle_number_get(struct request *req)
{
	const struct reference *ref = &request_shared(req)->ref;
	struct number_info info;
	char why[160];
	const char *text = req->params[0];
	if (number_registry_lookup(number_index_of(req), ref, text, strlen(text), &info, why,
	                           sizeof why) ==
	    NUMBER_INVALID)
		return problem_respond_code(req, SH_EINVAL, "invalid_number", "号码“%s”有误：%s", text,
		                            why);
	/* An unknown number looks the same as one the user may not see. */
	struct access_scope scope = access_scope_of(&req->user->actor);
	if (!number_visible(&scope, &info))
		return problem_respond(req, SH_ENOTFOUND, "没有派发给本企业的号码%s", info.digits);
	json_t *reports = json_object();
	uint32_t total = 0;
	for (int k = 0; k < REPORT_NUMBER_KINDS; k++) {
		json_object_set_new(reports, report_kind_code((enum report_kind)k),
		                    json_integer(info.entry.count[k]));
		total += info.entry.count[k];
	}
	enum disposal d = info.entry.disposal < DISPOSAL_COUNT ? (enum disposal)info.entry.disposal
	                                                       : DISPOSAL_NONE;
	json_t *o = json_pack(
		"{s:s, s:s, s:o, s:o, s:b, s:b, s:o, s:I, s:o, s:o, s:b, s:o, s:s, s:s}", "number",
		info.digits, "kind", number_kind_code(info.kind), "operator",
		enterprise_json(ref, info.operator_id), "segment_operator",
		enterprise_json(ref, info.segment_operator_id), "ported", info.ported, "reseller",
		info.reseller, "reports", reports, "total_reports", (json_int_t)total, "first_report_at",
		instant_json(info.entry.first_at), "last_report_at", instant_json(info.entry.last_at),
		"dispatched", info.entry.dispatched_at != 0, "dispatched_at",
		instant_json(info.entry.dispatched_at), "disposal", disposal_code(d), "disposal_label",
		disposal_label(d));
	json_object_set_new(o, "kind_label", json_string(number_kind_label(info.kind)));
	return respond_json(req, 200, o);
}

/* Whether the user may see the number: an operator only a number dispatched
 * to it (the list it went on decides, not who serves the number now: it may
 * have been ported since); everyone else with the route, any. */
static bool number_visible(const struct access_scope *scope, const struct number_info *info)
{
	if (!scope->group && !scope->nothing)
		return true;
	return !scope->nothing && info->entry.dispatched_at &&
	       info->entry.dispatch_operator_id == scope->group;
}

/* One item of the batch look-up (see handle_numbers_lookup). */
static void lookup_item(struct json_writer *w, const struct reference *ref,
                        const struct access_scope *scope, const struct number_info *info)
{
	jw_lit(w, "{\"number\":");
	jw_string(w, info->digits, strlen(info->digits));
	jw_lit(w, ",\"kind\":\"");
	jw_raw(w, number_kind_code(info->kind), strlen(number_kind_code(info->kind)));
	jw_lit(w, "\"");
	if (!number_visible(scope, info)) { /* the same as an unknown number */
		jw_lit(w, ",\"known\":false}");
		return;
	}
	const struct enterprise *op = info->operator_id
	                                  ? reference_enterprise_id(ref, info->operator_id)
	                                  : NULL;
	jw_lit(w, ",\"operator\":");
	if (op)
		jw_string(w, op->name, strlen(op->name));
	else
		jw_lit(w, "null");
	jw_lit(w, ",\"ported\":");
	if (info->ported)
		jw_lit(w, "true");
	else
		jw_lit(w, "false");
	if (!info->known) {
		jw_lit(w, ",\"known\":false}");
		return;
	}
	const struct number_entry *e = &info->entry;
	jw_lit(w, ",\"known\":true,\"reports\":[");
	uint64_t total = 0;
	for (int k = 0; k < REPORT_NUMBER_KINDS; k++) {
		if (k)
			jw_lit(w, ",");
		jw_int(w, e->count[k]);
		total += e->count[k];
	}
	jw_lit(w, "],\"total_reports\":");
	jw_int(w, (int64_t)total);
	jw_lit(w, ",\"first_report_at\":");
	jw_instant(w, e->first_at);
	jw_lit(w, ",\"last_report_at\":");
	jw_instant(w, e->last_at);
	jw_lit(w, ",\"dispatched_at\":");
	jw_instant(w, e->dispatched_at);
	jw_lit(w, ",\"disposal\":");
	if (e->disposal && e->disposal < DISPOSAL_COUNT) {
		const char *d = disposal_code((enum disposal)e->disposal);
		jw_string(w, d, strlen(d));
	} else {
		jw_lit(w, "null");
	}
	jw_lit(w, "}");
}

int handle_numbers_lookup(struct request *req)
{
	json_t *body;
	int rc = request_json(req, &body);
	if (rc)
		return rc;
	json_t *arr = json_object_get(body, "numbers");
	size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
	if (n == 0 || n > NUMBERS_LOOKUP_MAX)
		return problem_respond_code(req, SH_EINVAL, "invalid_fields",
		                            "numbers应为1到%d个号码，如{\"numbers\":[\"138 0013 8000\"]}",
		                            NUMBERS_LOOKUP_MAX);
	const struct reference *ref = &request_shared(req)->ref;
	const number_index *ix = number_index_of(req);
	struct access_scope scope = access_scope_of(&req->user->actor);
	struct json_writer w;
	jw_init(&w, &req->arena, n * 300 + 256);
	jw_lit(&w, "{\"report_kinds\":[");
	for (int k = 0; k < REPORT_NUMBER_KINDS; k++) {
		const char *code = report_kind_code((enum report_kind)k);
		if (k)
			jw_lit(&w, ",");
		jw_string(&w, code, strlen(code));
	}
	jw_lit(&w, "],\"items\":[");
	const char **texts = arena_alloc(&req->arena, n * sizeof *texts);
	size_t *lens = arena_alloc(&req->arena, n * sizeof *lens);
	struct number_info *infos = arena_alloc(&req->arena, n * sizeof *infos);
	char (*why)[NUMBER_WHY_MAX] = arena_alloc(&req->arena, n * NUMBER_WHY_MAX);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(arr, i);
		texts[i] = json_is_string(v) ? json_string_value(v) : NULL;
		lens[i] = texts[i] ? json_string_length(v) : 0;
	}
	number_registry_lookup_many(ix, ref, texts, lens, n, infos, why);
	for (size_t i = 0; i < n; i++) {
		if (i)
			jw_lit(&w, ",");
		if (infos[i].kind == NUMBER_INVALID) {
			jw_lit(&w, "{\"error\":\"invalid_number\",\"detail\":");
			jw_string(&w, why[i], strlen(why[i]));
			jw_lit(&w, "}");
		} else {
			lookup_item(&w, ref, &scope, &infos[i]);
		}
	}
	jw_lit(&w, "]}");
	return respond_bytes(req, 200, "application/json; charset=utf-8", w.p, w.len);
}

/* What the public form shows as the number is typed: what the server makes
 * of it, as a report would store it, and who was assigned its segment. No
 * index, no porting record: nothing of the 12321 records. */
int handle_number_check(struct request *req)
{
	const char *text = request_query(req, "number");
	if (!text)
		return problem_respond_code(req, SH_EINVAL, "missing_parameter",
		                            "请提供参数number，如?number=138%%200013%%208000");
	char digits[NUMBER_MAX], why[160];
	enum number_kind kind = number_normalize(text, strlen(text), digits, why, sizeof why);
	if (kind == NUMBER_INVALID)
		return respond_json(req, 200, json_pack("{s:b, s:s}", "valid", false, "reason", why));
	struct number_route route = {0};
	const struct reference *ref = &request_shared(req)->ref;
	const struct enterprise *op = NULL;
	if (routing_resolve(ref, digits, kind, 0, &route) == 0 && route.segment_operator_id)
		op = reference_enterprise_id(ref, route.segment_operator_id);
	char shown[NUMBER_DISPLAY_MAX];
	number_display(digits, kind, shown);
	const char *label = number_kind_label(kind);
	const char *text_out =
	    op && route.reseller
	        ? arena_printf(&req->arena, "转售企业%s（%s网络） %s", label, op->name, shown)
	    : op ? arena_printf(&req->arena, "%s%s %s", op->name, label, shown)
	         : arena_printf(&req->arena, "%s %s", label, shown);
	return respond_json(
	    req, 200,
	    json_pack("{s:b, s:s, s:s, s:s, s:s, s:o, s:b, s:s}", "valid", true, "number", digits,
	              "kind", number_kind_code(kind), "kind_label", label, "display", shown,
	              "operator", enterprise_json(ref, op ? op->id : 0), "reseller", route.reseller,
	              "text", text_out));
}

/* ---- dispatch lists --------------------------------------------------------------- */

static json_t *dispatch_json(const struct reference *ref, const struct dispatch *d, int32_t today)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:b, s:I, s:I, s:b}", "id", (json_int_t)d->id,
	                 "operator", enterprise_json(ref, d->operator_id), "created_at",
	                 instant_json(d->created_at), "due", json_date(d->due), "provisional",
	                 d->provisional, "numbers", (json_int_t)d->numbers, "disposed",
	                 (json_int_t)d->disposed, "overdue",
	                 d->disposed < d->numbers && today > d->due);
}

int handle_dispatch_create(struct request *req)
{
	/* No body is the same as {}: make the lists now, due in the default time. */
	json_t *body = json_object();
	int rc = req->body_len ? request_json(req, &body) : 0;
	if (rc)
		return rc;
	int32_t today = date_today();
	struct dispatch_due due = {0};
	const char *v = json_member(body, "due");
	if (v) {
		if (date_parse(v, strlen(v), &due.due) || due.due <= today)
			return problem_respond_code(req, SH_EINVAL, "invalid_fields",
			                            "处置期限应为今天以后的日期，如2026-12-10");
	} else {
		const calendar *cal;
		if ((rc = request_calendar(req, &cal)))
			return rc;
		if ((rc = dispatch_due(cal, today, (int)request_shared(req)->cfg->disposal_days,
		                       &due)))
			return problem_respond_code(req, SH_EUNAVAILABLE, "no_schedule",
			                            "暂时无法计算处置期限，请稍后重试");
	}
	store *s;
	struct dispatch *made;
	size_t n;
	if ((rc = request_store(req, &s)) || (rc = dispatch_run(s, numbers(req), (int64_t)time(NULL), &due, &req->arena, &made,
	                             &n)))
		return problem_respond(req, rc, "派发清单未能生成，请稍后重试");
	bool recounted = false;
	if (n && due.provisional && request_settle(req, &recounted) == 0 && recounted)
		for (size_t i = 0; i < n; i++) /* as counted again */
			store_dispatch_get(s, made[i].id, &made[i]);
	const struct reference *ref = &request_shared(req)->ref;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, dispatch_json(ref, &made[i], today));
	return respond_json(req, n ? 201 : 200, json_pack("{s:o}", "dispatches", arr));
}

/* The operator whose lists the user may see (access_scope_of): 0 for the
 * centre and regulators (all), -1 for an account that may see none. */
static int64_t own_operator(const struct request *req)
{
	struct access_scope scope = access_scope_of(&req->user->actor);
	return scope.nothing ? -1 : scope.group;
}

int handle_dispatches_list(struct request *req)
{
	store *s;
	struct dispatch *items;
	size_t n;
	int rc = request_store(req, &s);
	if (rc || (rc = store_dispatch_list(s, own_operator(req), &req->arena, &items, &n)))
		return rc;
	const struct reference *ref = &request_shared(req)->ref;
	int32_t today = date_today();
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, dispatch_json(ref, &items[i], today));
	return respond_json(req, 200, json_pack("{s:o}", "items", arr));
}

/* The dispatch named in the path, if the user may see it. Responds on error. */
static int load_dispatch(struct request *req, store **s, struct dispatch *d)
{
	int rc;
	int64_t id = 0; /* set by path_id; -O3 cannot tell that it answers otherwise */
	if ((rc = path_id(req, &id)))
		return rc;
	rc = request_store(req, s);
	if (rc == 0)
		rc = store_dispatch_get(*s, id, d);
	int64_t own = own_operator(req);
	if (rc == SH_ENOTFOUND || (rc == 0 && own && d->operator_id != own))
		return problem_respond(req, SH_ENOTFOUND, "没有编号为%lld的派发清单", (long long)id);
	if (rc)
		return problem_respond(req, rc, NULL);
	return 0;
}

static int table_csv(const void *t, FILE *f)
{
	return render_table_csv(t, f);
}

static int table_xlsx(const void *t, FILE *f)
{
	return render_table_xlsx(t, f);
}

static const char *const item_headers[] = {"号码",     "有效举报次数", "最近举报时间", "处置结果",
                                           "处置时间", "说明",         "处置期限"};

int handle_dispatch_get(struct request *req)
{
	int rc;
	store *s;
	struct dispatch d;
	if ((rc = load_dispatch(req, &s, &d)))
		return rc;
	const char *fmt = request_query(req, "format");
	if (fmt && strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "xlsx"))
		return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
		                            "参数format应为json、csv或xlsx");
	struct dispatch_item *items;
	size_t n;
	rc = store_dispatch_items(s, d.id, &req->arena, &items, &n);
	if (rc)
		return rc;
	const struct reference *ref = &request_shared(req)->ref;
	if (!fmt || strcmp(fmt, "json") == 0) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(
				arr, json_pack("{s:s, s:I, s:o, s:s, s:s, s:o, s:s?}", "number",
			                   items[i].number, "reports", (json_int_t)items[i].reports,
			                   "last_report_at", instant_json(items[i].last_at), "disposal",
			                   disposal_code(items[i].disposal), "disposal_label",
			                   disposal_label(items[i].disposal), "disposed_at",
			                   instant_json(items[i].disposed_at), "note", items[i].note));
		json_t *o = dispatch_json(ref, &d, date_today());
		json_object_set_new(o, "items", arr);
		/* What an operator may answer, so the disposal form copies no list. */
		json_t *choices = json_array();
		for (int i = DISPOSAL_NONE + 1; i < DISPOSAL_COUNT; i++)
			json_array_append_new(choices,
			                      json_pack("{s:s, s:s}", "code", disposal_code((enum disposal)i),
			                                "label", disposal_label((enum disposal)i)));
		json_object_set_new(o, "disposal_choices", choices);
		return respond_json(req, 200, o);
	}
	const size_t ncols = sizeof item_headers / sizeof *item_headers;
	struct table_cell *cells = arena_calloc(&req->arena, n * ncols + 1, sizeof *cells);
	/* The list's due day on every row, so a CSV (which has no title) shows it. */
	char due[SH_DATE_LEN + 1];
	date_format(d.due, due);
	const char *due_text = arena_printf(&req->arena, "%s%s", due, d.provisional ? "（暂定）" : "");
	for (size_t i = 0; i < n; i++) {
		struct table_cell *row = &cells[i * ncols];
		char *last = arena_alloc(&req->arena, SH_DATETIME_LEN + 1);
		char *disposed = arena_alloc(&req->arena, SH_DATETIME_LEN + 1);
		last[0] = disposed[0] = '\0';
		if (items[i].last_at != NO_INSTANT)
			datetime_format(items[i].last_at, SH_BEIJING_OFFSET, last);
		if (items[i].disposed_at != NO_INSTANT)
			datetime_format(items[i].disposed_at, SH_BEIJING_OFFSET, disposed);
		row[0] = (struct table_cell){.text = items[i].number};
		row[1] = (struct table_cell){.is_number = true, .number = items[i].reports};
		row[2] = (struct table_cell){.text = last};
		row[3] = (struct table_cell){.text = items[i].disposal ? disposal_label(items[i].disposal)
		                                                       : ""};
		row[4] = (struct table_cell){.text = disposed};
		row[5] = (struct table_cell){.text = items[i].note};
		row[6] = (struct table_cell){.text = due_text};
	}
	const struct enterprise *op = reference_enterprise_id(ref, d.operator_id);
	struct table t = {
		.title = arena_printf(&req->arena, "派发清单%lld（%s，处置期限%s）", (long long)d.id,
		                      op ? op->name : "", due_text),
		.headers = item_headers, .ncols = ncols, .nrows = n, .cells = cells,
	};
	bool csv = strcmp(fmt, "csv") == 0;
	struct render_job job = {csv ? table_csv : table_xlsx, &t};
	return respond_rendered(
		req, &job,
		csv ? "text/csv; charset=utf-8"
		    : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		arena_printf(&req->arena, "attachment; filename=\"dispatch-%lld.%s\"", (long long)d.id,
		             csv ? "csv" : "xlsx"),
		"派发清单导出失败");
}

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The list sent back as a table (app/disposal_upload.h): 400 invalid_rows
 * with every bad line ({line, column, name, message}) and nothing saved, or
 * all rows saved. */
static int disposals_from_table(struct request *req, enum table_format f)
{
	int rc;
	store *s;
	struct dispatch d;
	if ((rc = load_dispatch(req, &s, &d)))
		return rc;
	if (!req->body_len)
		return problem_respond_code(req, SH_EINVAL, "invalid_file",
		                            "请上传填写了处置结果的派发清单（CSV或XLSX）");
	struct table_row *rows;
	size_t nrows;
	uint64_t line;
	char why[256];
	if ((rc = disposal_table_rows(f, req->body, req->body_len, &req->arena, &rows, &nrows, &line,
	                              why, sizeof why))) {
		if (line)
			return problem_respond_code(req, rc, "invalid_file", "第%llu行：%s",
			                            (unsigned long long)line, why);
		return problem_respond_code(req, rc, "invalid_file", "%s", why);
	}
	struct dispatch_item *items;
	size_t nitems;
	if ((rc = store_dispatch_items(s, d.id, &req->arena, &items, &nitems)))
		return rc;
	struct disposal_batch b;
	disposal_table_check(rows, nrows, items, nitems, &req->arena, &b);
	if (b.nerrors) {
		json_t *list = json_array();
		char *summary = "";
		for (size_t i = 0; i < b.nerrors; i++) {
			const struct disposal_error *e = &b.errors[i];
			json_array_append_new(list, json_pack("{s:I, s:I, s:s, s:s}", "line",
			                                      (json_int_t)e->line, "column",
			                                      (json_int_t)e->column, "name", e->name,
			                                      "message", e->message));
			const char *where = e->column ? arena_printf(&req->arena, "第%llu行第%zu列（%s）",
			                                             (unsigned long long)e->line,
			                                             e->column, e->name)
			                              : arena_printf(&req->arena, "第%llu行",
			                                             (unsigned long long)e->line);
			if (i < 3)
				summary = arena_printf(&req->arena, "%s%s%s：%s", summary, i ? "；" : "",
				                       where, e->message);
		}
		size_t bad = b.nerrors + b.more_errors;
		return problem_respond_extra(req, SH_EINVAL, "invalid_rows",
		                             json_pack("{s:o, s:I}", "errors", list, "more",
		                                       (json_int_t)b.more_errors),
		                             "%zu行有误，未保存任何处置结果。%s%s", bad, summary,
		                             bad > 3 ? "……" : "");
	}
	size_t failed = 0;
	if ((rc = disposal_batch_save(s, d.id, &b, (int64_t)time(NULL), &failed)))
		return problem_respond(req, rc, "处置结果未能保存，请稍后重试");
	number_registry_after_write(numbers(req), s);
	return respond_json(req, 200,
	                    json_pack("{s:I, s:I, s:I}", "dispatch", (json_int_t)d.id, "updated",
	                              (json_int_t)b.n, "unchanged", (json_int_t)b.blank));
}

int handle_dispatch_disposals(struct request *req)
{
	if (request_content_type(req, "text/csv"))
		return disposals_from_table(req, TABLE_CSV);
	if (request_content_type(req, XLSX_TYPE))
		return disposals_from_table(req, TABLE_XLSX);
	json_t *body;
	int rc = request_json(req, &body);
	if (rc)
		return rc;
	store *s;
	struct dispatch d;
	if ((rc = load_dispatch(req, &s, &d)))
		return rc;
	json_t *arr = json_object_get(body, "items");
	size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
	if (n == 0 || n > DISPOSALS_MAX)
		return problem_respond_code(req, SH_EINVAL, "invalid_fields",
		                            "items应为1到%d条处置结果，如[{\"number\":\"13800138000\","
		                            "\"disposal\":\"shut_down\"}]",
		                            DISPOSALS_MAX);
	char (*digits)[NUMBER_MAX] = arena_alloc(&req->arena, n * NUMBER_MAX);
	enum disposal *what = arena_alloc(&req->arena, n * sizeof *what);
	const char **notes = arena_alloc(&req->arena, n * sizeof *notes);
	/* Everything is checked before anything is written. */
	for (size_t i = 0; i < n; i++) {
		json_t *it = json_array_get(arr, i);
		const char *num = json_member(it, "number"), *disp = json_member(it, "disposal");
		char why[160];
		notes[i] = json_member(it, "note");
		if (!num || number_normalize(num, strlen(num), digits[i], why, sizeof why) ==
		                NUMBER_INVALID)
			return problem_respond_code(req, SH_EINVAL, "invalid_fields",
			                            "第%zu条：号码“%s”有误", i + 1, num ? num : "");
		if (!disp || disposal_parse(disp, strlen(disp), &what[i]))
			return problem_respond_code(req, SH_EINVAL, "invalid_fields",
			                            "第%zu条：处置结果“%s”无效，应为关停、限制、警告、"
			                            "核实无异常或无法核实（shut_down, restricted, warned, "
			                            "checked_fine, cannot_verify）",
			                            i + 1, disp ? disp : "");
		if (notes[i] && (!utf8_valid(notes[i], strlen(notes[i])) ||
		                 utf8_chars(notes[i], strlen(notes[i])) > 500))
			return problem_respond_code(req, SH_EINVAL, "invalid_fields",
			                            "第%zu条：说明不能超过500字", i + 1);
	}
	int64_t now = (int64_t)time(NULL);
	rc = store_begin(s);
	size_t i = 0;
	for (; rc == 0 && i < n; i++)
		rc = store_disposal_set(
		    s, d.id, digits[i], what[i],
		    notes[i] && !utf8_is_blank(notes[i], strlen(notes[i])) ? notes[i] : NULL, now);
	if (rc) {
		store_rollback(s);
		if (rc == SH_ENOTFOUND)
			return problem_respond_code(req, SH_EINVAL, "not_on_dispatch",
			                            "第%zu条：号码%s不在派发清单%lld中，未保存任何处置结果",
			                            i, digits[i - 1], (long long)d.id);
		return problem_respond(req, rc, "处置结果未能保存，请稍后重试");
	}
	if ((rc = store_commit(s)))
		return problem_respond(req, rc, "处置结果未能保存，请稍后重试");
	number_registry_after_write(numbers(req), s);
	return respond_json(req, 200, json_pack("{s:I, s:I}", "dispatch", (json_int_t)d.id,
	                                        "updated", (json_int_t)n));
}

/* ---- apps ----------------------------------------------------------------------------- */

/* A day, or null when the step has not happened (0). */
static json_t *day_json(int32_t day)
{
	return day ? json_date(day) : json_null();
}

/* The actions the pipeline allows on the app today (domain/report.c's
 * app_transition decides; notify is offered with any deadline after today). */
static json_t *app_actions_json(const struct app_record *a, int32_t today)
{
	json_t *arr = json_array();
	for (int i = 0; i < APP_ACTION_COUNT; i++) {
		enum app_action act = (enum app_action)i;
		enum app_state to;
		char why[192];
		int32_t deadline = act == APP_NOTIFY ? today + 1 : a->deadline;
		if (app_transition(a->state, act, deadline, today, &to, why, sizeof why) == 0)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "action",
			                                     app_action_code(act), "label",
			                                     app_action_label(act), "needs_deadline",
			                                     act == APP_NOTIFY));
	}
	return arr;
}

static json_t *app_json(const struct app_record *a, int32_t today)
{
	json_t *o = json_pack(
	    "{s:s, s:s, s:s?, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:b}", "package",
	    a->package, "name", a->name, "store", a->app_store, "state", app_state_code(a->state),
	    "state_label", app_state_label(a->state), "reports", (json_int_t)a->reports,
	    "first_report_at", instant_json(a->first_at), "last_report_at",
	    instant_json(a->last_at), "notified_on", day_json(a->notified_on), "deadline",
	    day_json(a->deadline), "rectified_on", day_json(a->rectified_on), "named_on",
	    day_json(a->named_on), "removed_on", day_json(a->removed_on), "version", a->version,
	    "overdue", a->state == APP_NOTIFIED && a->deadline && today > a->deadline);
	json_object_set_new(o, "actions", app_actions_json(a, today));
	return o;
}

int handle_apps_list(struct request *req)
{
	int state = -1;
	const char *v = request_query(req, "state");
	if (v) {
		enum app_state st;
		if (app_state_parse(v, strlen(v), &st))
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
			                            "参数state无效：%s", v);
		state = (int)st;
	}
	long limit = 100;
	int rc = request_query(req, "limit") ? param_int(req, "limit", 1, 1000, &limit) : 0;
	if (rc)
		return rc;
	store *s;
	struct app_record *items;
	size_t n;
	rc = request_store(req, &s);
	if (rc || (rc = store_app_list(s, state, (int)limit, &req->arena, &items, &n)))
		return rc;
	int32_t today = date_today();
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, app_json(&items[i], today));
	return respond_json(req, 200, json_pack("{s:o}", "items", arr));
}

int handle_app_action(struct request *req)
{
	json_t *body;
	int rc = request_json(req, &body);
	if (rc)
		return rc;
	const char *act = json_member(body, "action");
	enum app_action a;
	if (!act || app_action_parse(act, strlen(act), &a))
		return problem_respond_code(req, SH_EINVAL, "invalid_fields",
		                            "action应为notify（通知整改）、rectify（确认整改）、name（公开通报）"
		                            "或remove（下架）");
	json_t *ver = json_object_get(body, "version");
	if (!json_is_integer(ver))
		return problem_respond_code(req, SH_EINVAL, "invalid_fields",
		                            "请提供version（所见记录的版本号），以免覆盖他人的操作");
	int32_t today = date_today(), deadline = 0;
	const char *dl = json_member(body, "deadline");
	if (a == APP_NOTIFY && (!dl || date_parse(dl, strlen(dl), &deadline)))
		return problem_respond_code(req, SH_EINVAL, "invalid_fields",
		                            "通知整改须给出整改期限deadline，如2026-12-31");
	store *s;
	struct app_record app;
	rc = request_store(req, &s);
	if (rc == 0)
		rc = store_app_get(s, req->params[0], &req->arena, &app);
	if (rc == SH_ENOTFOUND)
		return problem_respond(req, rc, "没有被举报的应用%s", req->params[0]);
	if (rc)
		return rc;
	if (app.version != json_integer_value(ver))
		return problem_respond_code(req, SH_ECONFLICT, "version_conflict",
		                            "该应用已被他人更新（当前状态：%s），请刷新后再试",
		                            app_state_label(app.state));
	enum app_state to;
	char why[192];
	if (app_transition(app.state, a, a == APP_NOTIFY ? deadline : app.deadline, today, &to, why,
	                   sizeof why))
		return problem_respond_code(req, SH_ECONFLICT, "invalid_transition", "%s", why);
	int expected = app.version;
	app.state = to;
	switch (a) {
	case APP_NOTIFY:
		app.notified_on = today;
		app.deadline = deadline;
		break;
	case APP_RECTIFY:
		app.rectified_on = today;
		break;
	case APP_NAME:
		app.named_on = today;
		break;
	case APP_REMOVE:
		app.removed_on = today;
		break;
	case APP_ACTION_COUNT:
		break;
	}
	if ((rc = store_app_update(s, &app, expected)) == SH_ECONFLICT)
		return problem_respond_code(req, SH_ECONFLICT, "version_conflict",
		                            "该应用已被他人更新，请刷新后再试");
	if (rc)
		return rc;
	app.version = expected + 1;
	return respond_json(req, 200, app_json(&app, today));
}
