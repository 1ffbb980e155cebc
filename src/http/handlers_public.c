/* The public's side: file a complaint, follow it with the case number and
 * query code, supplement, withdraw, answer the survey. No account. */
#include <string.h>
#include <time.h>

#include "app/casework.h"
#include "core/date.h"
#include "core/error.h"
#include "core/secret.h"
#include "core/utf8.h"
#include "domain/intake.h"
#include "domain/survey.h"
#include "http/case_json.h"
#include "http/handlers.h"
#include "http/problem.h"

int handle_complaint_create(struct request *req)
{
	json_t *body;
	int rc = request_json(req, &body);
	if (rc)
		return rc;
	struct intake_form f = {
		.province = json_member(body, "province"),
		.enterprise = json_member(body, "enterprise"),
		.category = json_member(body, "category"),
		.subtopic = json_member(body, "subtopic"),
		.name = json_member(body, "name"),
		.phone = json_member(body, "phone"),
		.address = json_member(body, "address"),
		.city = json_member(body, "city"),
		.postcode = json_member(body, "postcode"),
		.demand = json_member(body, "demand"),
		.description = json_member(body, "description"),
		.event_date = json_member(body, "event_date"),
		.operator_answer = json_member(body, "operator_answer"),
		.operator_date = json_member(body, "operator_date"),
	};
	struct complaint c;
	struct field_error errs[INTAKE_MAX_ERRORS];
	char *phone = arena_alloc(&req->arena, NUMBER_MAX);
	int32_t today = date_today();
	size_t n = intake_validate(&f, &request_shared(req)->ref, today, &c, phone, errs,
	                           INTAKE_MAX_ERRORS);
	if (n)
		return problem_respond_fields(req, errs, n);

	struct casework w;
	if ((rc = case_work(req, &w)))
		return rc;
	c.received_at = (int64_t)time(NULL);
	char code[QUERY_CODE_LEN + 1], hash[SECRET_HASH_LEN + 1];
	secret_query_code(code, QUERY_CODE_LEN);
	secret_hash(code, hash);
	rc = casework_file(&w, &c, today, hash);
	/* A year without a schedule counts provisionally; only a date outside
	 * every calendar (before 2025 unloaded, after 2099) can fail here. */
	if (rc == SH_ENOSCHEDULE)
		return problem_respond_code(req, SH_EUNAVAILABLE, "no_schedule",
		                            "暂时无法计算办理期限，请稍后重试");
	if (rc)
		return problem_respond(req, rc, "申诉未能保存，请稍后重试");
	request_add_header(req, "Location", arena_printf(&req->arena, "/api/complaints/%s", c.case_no));
	json_t *o = json_pack(
	    "{s:s, s:s, s:s, s:s, s:o, s:b, s:o, s:b, s:s}", "case_no", c.case_no, "query_code", code,
	    "state", complaint_state_code(c.state), "state_label", complaint_state_label(c.state),
	    "accept_due", json_date(c.accept_due), "accept_due_provisional", c.accept_provisional,
	    "answer_due", json_date(c.answer_due), "provisional", c.accept_provisional, "notice",
	    c.accept_provisional
	        ? "请记下案件编号和查询码：查询码只显示这一次，凭它查询进度。受理决定期限为暂定：下一年度"
	          "节假日安排公布后将重新计算，结果会记入办理进度。"
	        : "请记下案件编号和查询码：查询码只显示这一次，凭它查询进度。");
	return respond_json(req, 201, o);
}

/* The case named in the path if `code` is its query code. A wrong code and an
 * unknown number get the same answer, so numbers cannot be probed. */
static int public_case(struct request *req, const char *code, struct complaint *c,
                       struct complaint_event **ev, size_t *nev)
{
	char stored[STORE_HASH_HEX] = "", hash[SECRET_HASH_LEN + 1];
	int rc = SH_ENOTFOUND;
	if (code && strlen(code) == QUERY_CODE_LEN && complaint_case_no_valid(req->params[0])) {
		secret_hash(code, hash);
		rc = case_load(req, req->params[0], c, stored);
	}
	if (rc == 0 && (!stored[0] || !secret_equal(stored, hash)))
		rc = SH_ENOTFOUND;
	/* The history only with the right code: a wrong one costs what an
	 * unknown number costs (one read of the case row). */
	if (rc == 0 && ev)
		rc = case_load_events(req, c, ev, nev);
	if (rc == SH_ENOTFOUND)
		return problem_respond(req, rc, "案件编号或查询码不正确");
	if (rc)
		return problem_respond(req, rc, "暂时无法查询，请稍后重试");
	return 0;
}

int handle_complaint_public(struct request *req)
{
	struct complaint c;
	struct complaint_event *ev;
	size_t nev;
	int rc = public_case(req, request_query(req, "code"), &c, &ev, &nev);
	if (rc)
		return rc;
	json_t *o = case_public_json(req, &c, ev, nev);
	if (c.survey_score)
		json_object_set_new(o, "survey", json_pack("{s:i, s:s?}", "score", c.survey_score,
		                                           "comment", c.survey_comment));
	return respond_json(req, 200, o);
}

/* supplement and withdraw: a transition taken by the complainant. */
static int public_action(struct request *req, enum complaint_action action)
{
	json_t *body;
	int rc = request_json(req, &body);
	if (rc)
		return rc;
	struct complaint c;
	if ((rc = public_case(req, json_member(body, "code"), &c, NULL, NULL)))
		return rc;
	const char *comment = json_member(body, "comment");
	if (comment && !utf8_valid(comment, strlen(comment)))
		return problem_respond_code(req, SH_EINVAL, "invalid_fields", "说明含有无效字符");
	struct actor me = {.role = ROLE_COMPLAINANT};
	struct transition t = {.action = action, .comment = comment && *comment ? comment : NULL,
	                       .now = (int64_t)time(NULL), .today = date_today()};
	return case_transition(req, &c, &me, &t, c.version, true);
}

int handle_complaint_withdraw(struct request *req)
{
	return public_action(req, ACTION_WITHDRAW);
}

int handle_complaint_supplement(struct request *req)
{
	return public_action(req, ACTION_SUPPLEMENT);
}

int handle_complaint_survey(struct request *req)
{
	json_t *body;
	int rc = request_json(req, &body);
	if (rc)
		return rc;
	struct complaint c;
	if ((rc = public_case(req, json_member(body, "code"), &c, NULL, NULL)))
		return rc;
	json_t *score = json_object_get(body, "score");
	const char *comment = json_member(body, "comment");
	/* Not an integer: 0, out of the scale. */
	int64_t points = json_is_integer(score) ? (int64_t)json_integer_value(score) : 0;
	char why[128];
	if (survey_check(points, comment, why, sizeof why))
		return problem_respond_code(req, SH_EINVAL, "invalid_fields", "%s", why);
	if (!complaint_state_is_final(c.state))
		return problem_respond_code(req, SH_ECONFLICT, "survey_not_open",
		                            "案件办结后才能评价（当前状态：%s）",
		                            complaint_state_label(c.state));
	store *s;
	rc = request_store(req, &s);
	if (rc == 0)
		rc = store_case_survey(s, c.id, (int)points,
		                       comment && *comment ? comment : NULL, (int64_t)time(NULL));
	if (rc == SH_ECONFLICT)
		return problem_respond_code(req, SH_ECONFLICT, "survey_answered", "该案件已评价过，每个案件只能评价一次");
	if (rc)
		return problem_respond(req, rc, "评价未能保存，请稍后重试");
	return respond_json(req, 201, json_pack("{s:s, s:i}", "case_no", c.case_no, "score",
	                                        (int)points));
}
