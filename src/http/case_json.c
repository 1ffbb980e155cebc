#include "http/case_json.h"

#include <string.h>

#include "app/casework.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/admissibility.h"
#include "domain/redact.h"
#include "http/handlers.h"
#include "http/problem.h"

json_t *json_instant(int64_t t)
{
	if (t == NO_INSTANT)
		return json_null();
	char buf[SH_DATETIME_LEN + 1];
	datetime_format(t, SH_BEIJING_OFFSET, buf);
	return json_string(buf);
}

static json_t *json_day(int32_t day)
{
	return day ? json_date(day) : json_null();
}

static json_t *json_opt(const char *s)
{
	return s ? json_string(s) : json_null();
}

const char *case_free_text(struct arena *a, const struct access_case_view *view, const char *s,
                           size_t len, size_t *out_len)
{
	if (view->plain_text) {
		*out_len = len;
		return s;
	}
	char *out = arena_alloc(a, REDACT_OUT_MAX(len));
	*out_len = redact_text(s, len, out);
	return out;
}

/* Free text for `view` (see access_case_view), or null. */
static json_t *text_json(struct request *req, const struct access_case_view *view, const char *s,
                         size_t len)
{
	if (!s)
		return json_null();
	size_t n;
	const char *t = case_free_text(&req->arena, view, s, len, &n);
	return json_stringn(t, n);
}

static const char *enterprise_name(const struct reference *ref, int64_t id)
{
	const struct enterprise *e = reference_enterprise_id(ref, id);
	return e ? e->name : "";
}

/* Fields every view shares. */
static json_t *base_json(struct request *req, const struct complaint *c)
{
	const struct reference *ref = &request_shared(req)->ref;
	const struct province *p = reference_province_code(ref, c->province);
	const struct category *cat = reference_category_id(ref, c->category_id);
	json_t *o = json_object();
	json_object_set_new(o, "case_no", json_string(c->case_no));
	json_object_set_new(o, "state", json_string(complaint_state_code(c->state)));
	json_object_set_new(o, "state_label", json_string(complaint_state_label(c->state)));
	if (c->outcome != OUTCOME_NONE) {
		json_object_set_new(o, "outcome", json_string(complaint_outcome_code(c->outcome)));
		json_object_set_new(o, "outcome_label", json_string(complaint_outcome_label(c->outcome)));
	}
	json_object_set_new(o, "province", json_string(c->province));
	json_object_set_new(o, "province_name", json_string(p ? p->name : ""));
	json_object_set_new(o, "enterprise", json_string(enterprise_name(ref, c->enterprise_id)));
	json_object_set_new(o, "category", json_string(cat ? cat->name : ""));
	if (c->subtopic_id)
		for (size_t i = 0; i < ref->nsubtopics; i++)
			if (ref->subtopics[i].id == c->subtopic_id)
				json_object_set_new(o, "subtopic", json_string(ref->subtopics[i].name));
	json_object_set_new(o, "received_at", json_instant(c->received_at));
	json_object_set_new(o, "closed_at", json_instant(c->closed_at));
	json_object_set_new(o, "accept_due", json_day(c->accept_due));
	json_object_set_new(o, "accept_due_provisional", json_boolean(c->accept_provisional));
	json_object_set_new(o, "answer_due", json_day(c->answer_due));
	/* Whether a deadline this view shows is provisional (暂定). */
	json_object_set_new(o, "provisional", json_boolean(c->accept_provisional));
	if (c->reason[0]) {
		const struct reason *r = reference_reason(ref, c->reason);
		json_object_set_new(o, "reason", json_string(c->reason));
		json_object_set_new(o, "reason_title", json_string(r ? r->title : ""));
		json_object_set_new(o, "reason_rule", json_string(r ? r->rule : ""));
	}
	return o;
}

/* The history as `view` allows; the public timeline leaves out who did what. */
static json_t *events_json(struct request *req, const struct complaint_event *ev, size_t n,
                           const struct access_case_view *view, bool public_view)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct complaint_event *e = &ev[i];
		json_t *o = json_pack("{s:o, s:s, s:s, s:s, s:s, s:s}", "at", json_instant(e->at),
		                      "action", action_code(e->action), "action_label",
		                      action_label(e->action), "from", complaint_state_code(e->from),
		                      "to", complaint_state_code(e->to), "to_label",
		                      complaint_state_label(e->to));
		if (e->reason)
			json_object_set_new(o, "reason", json_string(e->reason));
		/* An internal note is left out for whom the policy keeps it from
		 * (the public among them); the event itself stays. */
		if (e->comment && (!e->internal || view->internal_notes))
			json_object_set_new(o, "comment",
			                    text_json(req, view, e->comment, strlen(e->comment)));
		if (!public_view) {
			json_object_set_new(o, "role", json_string(role_code(e->role)));
			json_object_set_new(o, "user_id", json_integer(e->user_id));
			json_object_set_new(o, "internal", json_boolean(e->internal));
		}
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *allowed_json(const struct complaint *c, const struct actor *who)
{
	unsigned allowed = lifecycle_allowed(c, who);
	json_t *a = json_array();
	for (int i = 0; i < ACTION_COUNT; i++)
		if (allowed & (1u << i))
			json_array_append_new(a, json_pack("{s:s, s:s}", "action",
			                                   action_code((enum complaint_action)i), "label",
			                                   action_label((enum complaint_action)i)));
	return a;
}

json_t *case_public_json(struct request *req, const struct complaint *c,
                         const struct complaint_event *ev, size_t nev)
{
	json_t *o = base_json(req, c);
	struct actor me = {.role = ROLE_COMPLAINANT};
	struct access_case_view view = access_case_view(&me);
	json_object_set_new(o, "timeline", events_json(req, ev, nev, &view, true));
	json_object_set_new(o, "actions", allowed_json(c, &me));
	json_object_set_new(o, "survey_open", json_boolean(complaint_state_is_final(c->state)));
	return o;
}

json_t *case_summary_json(struct request *req, const struct complaint *c, const struct actor *who)
{
	json_t *o = base_json(req, c);
	int32_t today = date_today();
	json_object_set_new(o, "version", json_integer(c->version));
	json_object_set_new(o, "reply_due", json_day(c->reply_due));
	json_object_set_new(o, "reply_due_provisional", json_boolean(c->reply_provisional));
	json_object_set_new(o, "provisional",
	                    json_boolean(c->accept_provisional || c->reply_provisional));
	json_object_set_new(o, "next_due", json_day(lifecycle_next_due(c)));
	json_object_set_new(o, "next_due_provisional", json_boolean(lifecycle_next_due_provisional(c)));
	json_object_set_new(o, "overdue",
	                    json_boolean(lifecycle_accept_overdue(c, today) ||
	                                 lifecycle_answer_overdue(c, today) ||
	                                 lifecycle_reply_overdue(c, today)));
	if (c->forwarded_to)
		json_object_set_new(o, "forwarded_to",
		                    json_string(enterprise_name(&request_shared(req)->ref,
		                                                c->forwarded_to)));
	if (c->phone) {
		char masked[32];
		if (!access_case_view(who).personal_data) {
			access_mask_phone(c->phone, masked, sizeof masked);
			json_object_set_new(o, "phone", json_string(masked));
		} else {
			json_object_set_new(o, "name", json_opt(c->name));
			json_object_set_new(o, "phone", json_string(c->phone));
		}
	}
	return o;
}

json_t *case_staff_json(struct request *req, const struct complaint *c,
                        const struct complaint_event *ev, size_t nev, const struct actor *who)
{
	json_t *o = case_summary_json(req, c, who);
	int32_t today = date_today();
	struct access_case_view view = access_case_view(who);
	json_object_set_new(o, "description",
	                    text_json(req, &view, c->description, c->description_len));
	json_object_set_new(o, "demand",
	                    text_json(req, &view, c->demand, c->demand ? strlen(c->demand) : 0));
	json_object_set_new(o, "city",
	                    text_json(req, &view, c->city, c->city ? strlen(c->city) : 0));
	if (view.personal_data) {
		json_object_set_new(o, "address", json_opt(c->address));
		json_object_set_new(o, "postcode", json_opt(c->postcode));
	}
	json_object_set_new(o, "event_date", json_day(c->event_day));
	if (c->name) {
		json_object_set_new(o, "operator_answer",
		                    json_string(operator_answer_code(c->operator_answer)));
		json_object_set_new(o, "operator_date", json_day(c->operator_day));
	}
	json_object_set_new(o, "materials_day", json_day(c->materials_day));
	json_object_set_new(o, "overdue_detail",
	                    json_pack("{s:b, s:b, s:b}", "accept", lifecycle_accept_overdue(c, today),
	                              "answer", lifecycle_answer_overdue(c, today), "reply",
	                              lifecycle_reply_overdue(c, today)));
	json_object_set_new(o, "timeline", events_json(req, ev, nev, &view, false));
	json_object_set_new(o, "actions", allowed_json(c, who));

	/* The admissibility assistant speaks to the staff who decide. */
	if (who->role == ROLE_AGENCY_STAFF && c->state == COMPLAINT_SUBMITTED && c->name) {
		char dup[CASE_NO_MAX] = "";
		store *s;
		if (request_store(req, &s) == 0)
			store_case_duplicate(s, c->phone, c->enterprise_id, c->id, dup);
		struct admissibility_warning w[ADMISSIBILITY_MAX_WARNINGS];
		size_t n = admissibility_check(c, &request_shared(req)->ref, dup[0] ? dup : NULL, w,
		                               ADMISSIBILITY_MAX_WARNINGS);
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, json_pack("{s:s, s:s?, s:s, s:s?}", "code", w[i].code,
			                                   "reason", w[i].reason, "message",
			                                   w[i].message, "rule", w[i].rule));
		json_object_set_new(o, "warnings", a);
	}
	return o;
}

int case_load(struct request *req, const char *case_no, struct complaint *c, char *query_hash)
{
	store *s;
	int rc = request_store(req, &s);
	return rc ? rc : store_case_get(s, case_no, &req->arena, c, query_hash);
}

int case_load_events(struct request *req, const struct complaint *c, struct complaint_event **ev,
                     size_t *nev)
{
	store *s;
	int rc = request_store(req, &s);
	return rc ? rc : store_case_events(s, c->id, &req->arena, ev, nev);
}

int case_work(struct request *req, struct casework *w)
{
	int rc = request_store(req, &w->s);
	if (rc || (rc = request_calendar(req, &w->cal)))
		return rc;
	w->cal_revision = req->cal_revision;
	w->ref = &request_shared(req)->ref;
	w->reply_days = (int)request_shared(req)->cfg->operator_reply_days;
	w->follow_up = true;
	return 0;
}

int case_transition(struct request *req, const struct complaint *c, const struct actor *who,
                    struct transition *t, int expected_version, bool public_view)
{
	struct casework w;
	int rc = case_work(req, &w);
	if (rc)
		return rc;
	struct complaint after;
	struct transition_error te;
	rc = casework_apply(&w, c, who, t, expected_version, &req->arena, &after, &te);
	/* Years without a schedule count provisionally: only a date outside
	 * every calendar (before 2025 unloaded, after 2099) gets here. */
	if (rc == SH_ENOSCHEDULE)
		return problem_respond_code(req, SH_EUNAVAILABLE, "no_schedule",
		                            "暂时无法计算办理期限，请稍后重试");
	if (rc && te.code)
		return problem_respond_code(req, rc, te.code, "%s", te.message);
	if (rc)
		return problem_respond(req, rc, "保存失败，案件未作任何更改");
	struct complaint_event *events;
	size_t nev;
	if ((rc = store_case_events(w.s, after.id, &req->arena, &events, &nev)))
		return rc;
	return respond_json(req, 200, public_view ? case_public_json(req, &after, events, nev)
	                                          : case_staff_json(req, &after, events, nev, who));
}
