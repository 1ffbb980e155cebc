#include <string.h>

#include "core/date.h"
#include "core/embedded.h"
#include "core/error.h"
#include "core/secret.h"
#include "domain/admissibility.h"
#include "domain/intake.h"
#include "domain/lifecycle.h"
#include "domain/report.h"
#include "domain/survey.h"
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

/* The rules the web pages apply as people type, served from the domain's own
 * statements of them, so that no page holds a copy (README, The web UI). */
int handle_rules(struct request *req)
{
	const struct reference *ref = &request_shared(req)->ref;
	json_t *fields = json_object();
	for (int i = 0; i < INTAKE_TEXT_COUNT; i++) {
		const struct intake_field *f = intake_field((enum intake_text)i);
		json_t *o = json_pack("{s:s, s:I, s:b}", "label", f->label, "max_chars",
		                      (json_int_t)f->max_chars, "required", f->required);
		if (f->digits)
			json_object_set_new(o, "digits", json_integer((json_int_t)f->digits));
		json_object_set_new(fields, f->name, o);
	}
	json_t *periods = json_pack(
	    "{s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "operator_wait_days",
	    ADMISSIBILITY_OPERATOR_WAIT_DAYS, "billing_bar_months", ADMISSIBILITY_BILLING_BAR_MONTHS,
	    "other_bar_months", ADMISSIBILITY_OTHER_BAR_MONTHS, "accept_working_days",
	    LIFECYCLE_ACCEPT_WORKING_DAYS, "answer_days", LIFECYCLE_ANSWER_DAYS, "reply_days_min",
	    LIFECYCLE_REPLY_DAYS_MIN, "reply_days_max", LIFECYCLE_REPLY_DAYS_MAX);
	/* The codes of the classes the time bar treats as billing, each once. */
	json_t *billing = json_array();
	for (size_t i = 0; i < ref->ncategories; i++) {
		const struct category *c = &ref->categories[i];
		bool seen = false;
		for (size_t j = 0; j < json_array_size(billing); j++)
			seen |= strcmp(json_string_value(json_array_get(billing, j)), c->code) == 0;
		if (admissibility_billing(c) && !seen)
			json_array_append_new(billing, json_string(c->code));
	}
	json_t *states = json_array();
	for (int i = 0; i < COMPLAINT_STATE_COUNT; i++) {
		enum complaint_state st = (enum complaint_state)i;
		json_array_append_new(states, json_pack("{s:s, s:s, s:b}", "code",
		                                        complaint_state_code(st), "label",
		                                        complaint_state_label(st), "final",
		                                        complaint_state_is_final(st)));
	}
	json_t *outcomes = json_array();
	for (int i = OUTCOME_NONE + 1; i < OUTCOME_COUNT; i++)
		json_array_append_new(outcomes,
		                      json_pack("{s:s, s:s}", "code",
		                                complaint_outcome_code((enum complaint_outcome)i),
		                                "label", complaint_outcome_label((enum complaint_outcome)i)));
	json_t *actions = json_array();
	for (int i = 0; i < ACTION_COUNT; i++) {
		enum complaint_action a = (enum complaint_action)i;
		if (lifecycle_is_transition(a))
			json_array_append_new(
			    actions, json_pack("{s:s, s:s, s:b, s:b}", "code", action_code(a), "label",
			                       action_label(a), "comment_required",
			                       lifecycle_comment_required(a), "reason_required",
			                       lifecycle_reason_required(a)));
	}
	json_t *roles = json_array();
	for (int i = 0; i < ROLE_COUNT; i++)
		json_array_append_new(roles, json_pack("{s:s, s:s}", "code", role_code((enum role)i),
		                                       "label", role_label((enum role)i)));
	json_t *answers = json_array();
	for (int i = 0; i < OPERATOR_ANSWER_COUNT; i++)
		json_array_append_new(answers,
		                      json_pack("{s:s, s:s}", "code",
		                                operator_answer_code((enum operator_answer)i), "label",
		                                operator_answer_label((enum operator_answer)i)));
	json_t *scores = json_array();
	for (int i = SURVEY_SCORE_MIN; i <= SURVEY_SCORE_MAX; i++)
		json_array_append_new(scores, json_pack("{s:i, s:s}", "score", i, "label",
		                                        survey_score_label(i)));
	json_t *o = json_pack(
	    "{s:o, s:o, s:o, s:o, s:o, s:o, s:{s:i}, s:o, s:o, s:{s:o, s:i}, s:{s:i, s:s},"
	    " s:{s:{s:i}, s:{s:i}, s:{s:i}}}",
	    "fields", fields, "periods", periods, "billing_categories", billing, "states", states,
	    "outcomes", outcomes, "actions", actions, "comment", "max_chars", LIFECYCLE_COMMENT_MAX,
	    "roles", roles, "operator_answers", answers, "survey", "scores", scores,
	    "comment_max_chars", SURVEY_COMMENT_MAX, "query_code", "length", QUERY_CODE_LEN,
	    "alphabet", SECRET_QUERY_ALPHABET, "report_fields", "content", "max_chars",
	    REPORT_TEXT_MAX, "app_name", "max_chars", REPORT_APP_FIELD_MAX, "app_store",
	    "max_chars", REPORT_APP_FIELD_MAX);
	return respond_json(req, 200, o);
}

int handle_openapi(struct request *req)
{
	const struct embedded_file *f = embedded_find("openapi.json");
	if (!f)
		return SH_ENOTFOUND;
	return respond_bytes(req, 200, "application/json; charset=utf-8", f->data, f->len);
}
