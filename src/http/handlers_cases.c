/* Staff case work: lists, CSV export, detail, actions. Scope is enforced here
 * through domain/access for every request. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/csv.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/complaint_row.h"
#include "http/case_json.h"
#include "http/handlers.h"
#include "http/problem.h"

/* Reads the list filters from the query string and narrows them to the
 * user's scope (access_scope_of); *none when the scope leaves no case to
 * list (another province asked for: an empty list, not an error). Responds
 * and returns the error on a bad parameter. */
static int read_filter(struct request *req, struct case_filter *f, bool *none)
{
	const struct reference *ref = &request_shared(req)->ref;
	memset(f, 0, sizeof *f);
	int rc;
	f->state = -1;
	f->limit = 50;
	const char *v;
	if ((v = request_query(req, "province"))) {
		const struct province *p = reference_province(ref, v, strlen(v));
		if (!p)
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter", "未知的省份：%s", v);
		f->province = p->code;
	}
	if ((v = request_query(req, "enterprise"))) {
		const struct enterprise *e = reference_enterprise(ref, v, strlen(v));
		if (!e)
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter", "未知的企业：%s", v);
		f->enterprise_id = e->parent_id ? e->parent_id : e->id;
	}
	if ((v = request_query(req, "category"))) {
		const struct category *c = reference_category_any(ref, v, strlen(v));
		if (!c)
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter", "未知的申诉类别：%s", v);
		f->category_id = c->id;
		if ((v = request_query(req, "subtopic"))) {
			const struct subtopic *t = reference_subtopic(ref, c->id, v, strlen(v));
			if (!t)
				return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
				                            "“%s”不是该类别下的子类", v);
			f->subtopic_id = t->id;
		}
	} else if (request_query(req, "subtopic")) {
		return problem_respond_code(req, SH_EINVAL, "invalid_parameter", "按子类筛选时须同时指定类别");
	}
	if ((v = request_query(req, "state"))) {
		enum complaint_state st;
		if (complaint_state_parse(v, strlen(v), &st))
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter", "未知的状态：%s", v);
		f->state = (int)st;
	}
	int32_t day;
	if (request_query(req, "received_from")) {
		if ((rc = param_date(req, "received_from", &day)))
			return rc;
		f->received_from = date_start_instant(day, SH_BEIJING_OFFSET);
	}
	if (request_query(req, "received_to")) { /* inclusive day */
		if ((rc = param_date(req, "received_to", &day)))
			return rc;
		f->received_to = date_start_instant(day + 1, SH_BEIJING_OFFSET);
	}
	if ((v = request_query(req, "overdue")) && strcmp(v, "true") == 0)
		f->overdue_on = date_today();
	long n;
	if (request_query(req, "due_within")) {
		if ((rc = param_int(req, "due_within", 0, 366, &n)))
			return rc;
		f->due_by = date_today() + (int32_t)n;
	}
	if (request_query(req, "limit")) {
		if ((rc = param_int(req, "limit", 1, 1000, &n)))
			return rc;
		f->limit = (int)n;
	}
	if ((v = request_query(req, "order"))) {
		if (strcmp(v, "oldest") && strcmp(v, "newest") && strcmp(v, "due"))
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
			                            "参数order应为newest、oldest或due（按办理期限）");
		f->oldest_first = strcmp(v, "oldest") == 0;
		f->by_due = strcmp(v, "due") == 0;
	}
	if ((v = request_query(req, "after"))) {
		long long t, id;
		char tail;
		if (sscanf(v, "%lld.%lld%c", &t, &id, &tail) != 2 || id <= 0 ||
		    (f->by_due && (t < 0 || t > INT32_MAX)))
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
			                            "参数after应为上一页返回的next值");
		f->after_received = t;
		f->after_due = (int32_t)t;
		f->after_id = id;
	}

	/* Scope: narrowed on the server, whatever the client asked for. */
	struct access_scope scope = access_scope_of(&req->user->actor);
	*none = scope.no_cases || !access_scope_province(&scope, f->province, &f->province);
	f->forwarded_group = scope.group;
	return 0;
}

int handle_cases_list(struct request *req)
{
	struct case_filter f;
	bool none;
	store *s;
	struct complaint *items = NULL;
	size_t n = 0;
	int rc = read_filter(req, &f, &none);
	if (rc || (!none && ((rc = request_store(req, &s)) ||
	                     (rc = store_case_list(s, &f, &req->arena, &items, &n)))))
		return rc;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, case_summary_json(req, &items[i], &req->user->actor));
	int64_t key = 0;
	if (n == (size_t)f.limit) {
		int32_t due = lifecycle_next_due(&items[n - 1]);
		key = f.by_due ? (due ? due : INT32_MAX) : items[n - 1].received_at;
	}
	json_t *next = n == (size_t)f.limit
		? json_string(arena_printf(&req->arena, "%" PRId64 ".%" PRId64, key, items[n - 1].id))
		: json_null();
	return respond_json(req, 200, json_pack("{s:o, s:o}", "items", a, "next", next));
}

#define EXPORT_MAX 200000

int handle_cases_export(struct request *req)
{
	struct case_filter f;
	bool none;
	int rc = read_filter(req, &f, &none);
	if (rc)
		return rc;
	f.by_due = false; /* the export pages by time received */
	const struct reference *ref = &request_shared(req)->ref;
	struct access_case_view view = access_case_view(&req->user->actor);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (!out)
		return SH_EIO;
	fputs("\xEF\xBB\xBF", out); /* a BOM, so spreadsheet programs read UTF-8 */
	struct csv_field head[COMPLAINT_COLUMN_COUNT];
	for (int c = 0; c < COMPLAINT_COLUMN_COUNT; c++)
		head[c] = (struct csv_field){complaint_column_names[c],
		                             strlen(complaint_column_names[c])};
	csv_write_export(out, head, COMPLAINT_COLUMN_COUNT, NULL);
	store *s;
	rc = none ? 0 : request_store(req, &s);
	size_t total = 0;
	f.limit = 1000;
	while (rc == 0 && !none && total < EXPORT_MAX) {
		struct complaint *items;
		size_t n;
		struct arena page;
		arena_init(&page, 1 << 16);
		if ((rc = store_case_list(s, &f, &page, &items, &n)) == 0) {
			for (size_t i = 0; i < n; i++) {
				const struct complaint *c = &items[i];
				char received[SH_DATETIME_LEN + 1], closed[SH_DATETIME_LEN + 1] = "";
				datetime_format(c->received_at, SH_BEIJING_OFFSET, received);
				if (c->closed_at != NO_INSTANT)
					datetime_format(c->closed_at, SH_BEIJING_OFFSET, closed);
				const struct category *cat = reference_category_id(ref, c->category_id);
				const char *sub = "";
				for (size_t k = 0; c->subtopic_id && k < ref->nsubtopics; k++)
					if (ref->subtopics[k].id == c->subtopic_id)
						sub = ref->subtopics[k].name;
				const struct enterprise *e = reference_enterprise_id(ref, c->enterprise_id);
				/* The description as this user may see it (a scratch arena per
				 * row: masked text may be three times as long). */
				struct arena text;
				arena_init(&text, 0);
				size_t desc_len = 0;
				const char *desc = c->description ? case_free_text(&text, &view, c->description,
				                                                   c->description_len, &desc_len)
				                                  : "";
				struct csv_field row[COMPLAINT_COLUMN_COUNT] = {
					[COLUMN_RECEIVED_AT] = {received, strlen(received)},
					[COLUMN_PROVINCE] = {c->province, strlen(c->province)},
					[COLUMN_ENTERPRISE] = {e ? e->name : "", e ? strlen(e->name) : 0},
					[COLUMN_CATEGORY] = {cat ? cat->name : "", cat ? strlen(cat->name) : 0},
					[COLUMN_SUBTOPIC] = {sub, strlen(sub)},
					[COLUMN_STATUS] = {complaint_state_code(c->state),
					                   strlen(complaint_state_code(c->state))},
					[COLUMN_CLOSED_AT] = {closed, strlen(closed)},
					[COLUMN_DESCRIPTION] = {desc, desc_len},
				};
				csv_write_export(out, row, COMPLAINT_COLUMN_COUNT, NULL);
				arena_free(&text);
			}
			total += n;
			if (n < (size_t)f.limit) {
				arena_free(&page);
				break;
			}
			f.after_received = items[n - 1].received_at;
			f.after_id = items[n - 1].id;
		}
		arena_free(&page);
	}
	fclose(out);
	if (rc) {
		free(buf);
		return rc;
	}
	char *body = arena_alloc(&req->arena, len + 1);
	memcpy(body, buf, len);
	free(buf);
	request_add_header(req, "Content-Disposition", "attachment; filename=\"cases.csv\"");
	return respond_bytes(req, 200, "text/csv; charset=utf-8", body, len);
}

/* The case in the path, if the user may see it; 404 otherwise. A case out of
 * scope looks exactly like one that does not exist, in time too: both cost
 * one read of the case row, and its history is read only once the scope
 * allows it. */
static int staff_case(struct request *req, struct complaint *c, struct complaint_event **ev,
                      size_t *nev)
{
	int rc = SH_ENOTFOUND;
	if (complaint_case_no_valid(req->params[0]))
		rc = case_load(req, req->params[0], c, NULL);
	if (rc == 0 && !access_can_read(&req->user->actor, c, &request_shared(req)->ref))
		rc = SH_ENOTFOUND;
	if (rc == 0 && ev)
		rc = case_load_events(req, c, ev, nev);
	if (rc == SH_ENOTFOUND)
		return problem_respond(req, rc, "没有编号为%s的案件", req->params[0]);
	if (rc)
		return problem_respond(req, rc, "暂时无法读取案件");
	return 0;
}

int handle_case_get(struct request *req)
{
	struct complaint c;
	struct complaint_event *ev;
	size_t nev;
	int rc = staff_case(req, &c, &ev, &nev);
	if (rc)
		return rc;
	return respond_json(req, 200, case_staff_json(req, &c, ev, nev, &req->user->actor));
}

int handle_case_action(struct request *req)
{
	json_t *body;
	struct complaint c;
	int rc;
	if ((rc = request_json(req, &body)) || (rc = staff_case(req, &c, NULL, NULL)))
		return rc;
	const struct actor *who = &req->user->actor;
	json_t *jaction = json_object_get(body, "action"), *jversion = json_object_get(body, "version");
	enum complaint_action action;
	if (!json_is_string(jaction) ||
	    action_parse(json_string_value(jaction), strlen(json_string_value(jaction)), &action))
		return problem_respond_code(req, SH_EINVAL, "invalid_action", "未知的操作");
	if (!json_is_integer(jversion))
		return problem_respond_code(req, SH_EINVAL, "version_required",
		                            "请提供案件的version（防止覆盖他人的修改）");
	if (!access_can_act(who, &c, &request_shared(req)->ref))
		return problem_respond_code(req, SH_EFORBIDDEN, "out_of_scope", "无权处理该案件");
	json_t *jreason = json_object_get(body, "reason"), *jcomment = json_object_get(body, "comment");
	json_t *jinternal = json_object_get(body, "internal");
	const char *comment = json_is_string(jcomment) ? json_string_value(jcomment) : NULL;
	struct transition t = {
		.action = action,
		.reason = json_is_string(jreason) ? json_string_value(jreason) : NULL,
		.comment = comment && *comment ? comment : NULL,
		.internal = json_is_true(jinternal),
		.now = (int64_t)time(NULL),
		.today = date_today(),
	};
	return case_transition(req, &c, who, &t, (int)json_integer_value(jversion), false);
}
