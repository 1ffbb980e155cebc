#include <string.h>

#include "core/date.h"
#include "core/embedded.h"
#include "core/error.h"
#include "http/handlers.h"
#include "http/problem.h"
#include "version.h"

int handle_health(struct request *req)
{
	store *s;
	int version;
	int rc = request_store(req, &s);
	if (rc == 0)
		rc = store_version(s, &version);
	if (rc) /* a load balancer's probe: 503 either way */
		return problem_respond(req, rc == SH_EDBDOWN ? rc : SH_EUNAVAILABLE, "数据库暂时不可用");
	json_t *o = json_pack("{s:s, s:s, s:i}", "status", "ok", "version", SHENSU_VERSION,
	                      "schema_version", version);
	/* Deadlines past the last schedule are only provisional: say early when
	 * it runs out. */
	const calendar *cal;
	if (request_calendar(req, &cal) == 0) {
		int32_t today = date_today(), through = calendar_covered_through(cal, today);
		int next = through ? date_year(through) + 1 : date_year(today);
		json_object_set_new(o, "calendar_through", through ? json_date(through) : json_null());
		if (through < today + CALENDAR_LOOKAHEAD_DAYS)
			json_object_set_new(
				o, "warning",
				json_string(arena_printf(
					&req->arena,
					"%d年节假日安排尚未加载：跨入该年的办理期限暂按法定节假日计算（暂定）。"
					"请在国务院公布后用“shensu calendar load %d.json”加载，暂定期限将自动"
					"重新计算",
					next, next)));
	}
	return respond_json(req, 200, o);
}

int handle_provinces(struct request *req)
{
	const struct reference *ref = &request_shared(req)->ref;
	json_t *a = json_array();
	for (size_t i = 0; i < ref->nprovinces; i++) {
		const struct province *p = &ref->provinces[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b}", "code", p->code, "name",
		                                   p->name, "short_name", p->short_name, "national",
		                                   p->national));
	}
	return respond_json(req, 200, a);
}

int handle_enterprises(struct request *req)
{
	const struct reference *ref = &request_shared(req)->ref;
	const char *level = request_query(req, "level");
	if (level && strcmp(level, "group") != 0 && strcmp(level, "branch") != 0)
		return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
		                            "参数level应为group或branch");
	json_t *a = json_array();
	for (size_t i = 0; i < ref->nenterprises; i++) {
		const struct enterprise *e = &ref->enterprises[i];
		if (level && (strcmp(level, "branch") == 0) != (e->parent_id != 0))
			continue;
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)e->id, "code",
		                      e->code, "name", e->name, "full_name", e->full_name, "kind",
		                      enterprise_kind_code(e->kind));
		if (e->parent_id) {
			json_object_set_new(o, "parent_id", json_integer(e->parent_id));
			json_object_set_new(o, "province", json_string(e->province));
		}
		if (e->host_id)
			json_object_set_new(o, "host_id", json_integer(e->host_id));
		json_array_append_new(a, o);
	}
	return respond_json(req, 200, a);
}

int handle_categories(struct request *req)
{
	const struct reference *ref = &request_shared(req)->ref;
	int32_t day = 0;
	bool dated = request_query(req, "date") != NULL;
	int rc = dated ? param_date(req, "date", &day) : 0;
	if (rc)
		return rc;
	json_t *a = json_array();
	for (size_t i = 0; i < ref->ncategories; i++) {
		const struct category *c = &ref->categories[i];
		if (dated && (day < c->valid_from || day > c->valid_to))
			continue;
		json_t *subs = json_array();
		for (size_t j = 0; j < ref->nsubtopics; j++)
			if (ref->subtopics[j].category_id == c->id)
				json_array_append_new(subs, json_pack("{s:I, s:s}", "id",
				                                      (json_int_t)ref->subtopics[j].id,
				                                      "name", ref->subtopics[j].name));
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "id",
		                                   (json_int_t)c->id, "scheme", c->scheme, "code",
		                                   c->code, "name", c->name, "valid_from",
		                                   json_date(c->valid_from), "valid_to",
		                                   json_date(c->valid_to), "subtopics", subs));
	}
	return respond_json(req, 200, a);
}

int handle_reasons(struct request *req)
{
	const struct reference *ref = &request_shared(req)->ref;
	json_t *a = json_array();
	for (size_t i = 0; i < ref->nreasons; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "code", ref->reasons[i].code,
		                                   "title", ref->reasons[i].title, "rule",
		                                   ref->reasons[i].rule));
	return respond_json(req, 200, a);
}

int handle_openapi(struct request *req)
{
	const struct embedded_file *f = embedded_find("openapi.json");
	if (!f)
		return SH_ENOTFOUND;
	return respond_bytes(req, 200, "application/json; charset=utf-8", f->data, f->len);
}
