/* The quarterly notice over HTTP: the document in every format (the
 * published revision as stored, a draft, an earlier revision, the snapshot a
 * request awaits approval with), the ministry's own text, and publishing
 * with a second regulator's approval. Translation only: the use cases are
 * in app/notice_publish.c. */
#include <stdio.h>
#include <string.h>

#include "app/notice_data.h"
#include "app/notice_publish.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/intake.h"
#include "http/handlers.h"
#include "http/problem.h"

static const struct {
	const char *fmt, *type;
} formats[NOTICE_FORMATS] = {
	{"md", "text/markdown; charset=utf-8"},
	{"html", "text/html; charset=utf-8"},
	{"pdf", "application/pdf"},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
};

/* The quarter in the path; answers 400 for anything else. */
static int path_quarter(struct request *req, struct period *p)
{
	if (period_parse(req->params[0], strlen(req->params[0]), p) || p->kind != PERIOD_QUARTER)
		return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
		                            "通告按季度发布，地址应为如/api/notices/2020Q4");
	return 0;
}

static struct notice_desk desk(struct request *req, store *s)
{
	return (struct notice_desk){.s = s, .ref = &request_shared(req)->ref,
	                            .who = &req->user->actor, .today = date_today(),
	                            .now = date_now()};
}

static int refused(struct request *req, int rc, const struct record_error *err)
{
	return record_refused(req, rc, err, "not_allowed", "publication_conflict");
}

static json_t *publication_json(const struct publication *p)
{
	char day[SH_DATE_LEN + 1], at[SH_DATETIME_LEN + 1], dec[SH_DATETIME_LEN + 1];
	date_format(p->published_on, day);
	datetime_format(p->requested_at, SH_BEIJING_OFFSET, at);
	if (p->decided_at)
		datetime_format(p->decided_at, SH_BEIJING_OFFSET, dec);
	return json_pack("{s:I, s:s, s:i, s:i, s:i, s:s, s:s, s:s?, s:s, s:s, s:o, s:s, s:o, s:o, "
	                 "s:s}",
	                 "id", (json_int_t)p->id, "period", p->period, "revision", p->revision,
	                 "year", p->year, "number", p->number, "doc_no", p->doc_no, "date", day,
	                 "reason", p->reason, "state", publication_state_code(p->state),
	                 "state_label", publication_state_label(p->state), "requested_by",
	                 p->requested_by ? json_integer(p->requested_by) : json_null(),
	                 "requested_at", at, "decided_by",
	                 p->decided_by ? json_integer(p->decided_by) : json_null(), "decided_at",
	                 p->decided_at ? json_string(dec) : json_null(), "via", p->via);
}

int handle_notice(struct request *req)
{
	const struct reference *ref = &request_shared(req)->ref;
	struct period p;
	int rc = path_quarter(req, &p);
	if (rc)
		return rc;
	const char *fmt = request_query(req, "format"), *prov = request_query(req, "province");
	int k = notice_format_parse(fmt ? fmt : "html");
	if (k < 0)
		return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
		                            "参数format应为md、html、pdf或xlsx");
	const struct province *pv = NULL;
	if (prov && !(pv = reference_province(ref, prov, strlen(prov))))
		return problem_respond_code(req, SH_EINVAL, "invalid_parameter", "未知的省份：%s", prov);
	/* A provincial administration reads its own province's notice. */
	struct access_scope scope = access_scope_of(&req->user->actor);
	const char *province = pv ? pv->code : NULL;
	if (!access_scope_province(&scope, province, &province))
		return problem_respond_code(req, SH_EFORBIDDEN, "out_of_scope", "只能查看本省的通告");
	enum notice_which which = NOTICE_CURRENT;
	long revision = 0;
	const char *draft = request_query(req, "draft"), *pending = request_query(req, "pending");
	if (draft && strcmp(draft, "true") == 0)
		which = NOTICE_DRAFT;
	else if (pending && strcmp(pending, "true") == 0)
		which = NOTICE_PENDING;
	else if (request_query(req, "revision")) {
		if ((rc = param_int(req, "revision", 1, 1000, &revision)))
			return rc;
		which = NOTICE_REVISION;
	}
	store *s;
	if ((rc = request_store(req, &s)))
		return rc;
	const char *data;
	size_t len;
	struct publication pub = {0};
	if (province) { /* a province's notice is always a draft from the data */
		struct notice *n = arena_alloc(&req->arena, sizeof *n);
		rc = notice_load(s, ref, &p, province, &req->arena, n);
		if (rc == 0)
			rc = notice_render(n, k, &req->arena, &data, &len);
	} else {
		struct notice_desk d = desk(req, s);
		rc = notice_document(&d, &p, which, (int)revision, k, &req->arena, &data, &len, &pub);
	}
	if (rc == SH_ENOTFOUND)
		return problem_respond(req, rc, which == NOTICE_PENDING ? "本季度没有待审核的发布申请"
		                                                        : "本季度没有该版通告");
	if (rc == SH_EIO)
		return problem_respond(req, rc, "通告生成失败");
	if (rc)
		return rc;
	request_add_header(req, "Content-Disposition",
	                   arena_printf(&req->arena, "%s; filename=\"notice-%s%s.%s\"",
	                                k < 2 ? "inline" : "attachment", req->params[0],
	                                pub.id ? arena_printf(&req->arena, "-r%d", pub.revision) : "",
	                                formats[k].fmt));
	request_add_header(req, "X-Notice-Status",
	                   pub.id ? arena_printf(&req->arena, "%s; revision=%d",
	                                         publication_state_code(pub.state), pub.revision)
	                          : "draft");
	return respond_bytes(req, 200, formats[k].type, data, len);
}

int handle_notice_texts(struct request *req)
{
	struct period p;
	int rc = path_quarter(req, &p);
	store *s;
	if (rc || (rc = request_store(req, &s)))
		return rc;
	struct notice_stored_text texts[NOTICE_SECTION_COUNT];
	if ((rc = store_notice_texts(s, req->params[0], &req->arena, texts)))
		return rc;
	json_t *arr = json_array();
	for (int k = 0; k < NOTICE_SECTION_COUNT; k++) {
		char at[SH_DATETIME_LEN + 1] = "";
		if (texts[k].version)
			datetime_format(texts[k].updated_at, SH_BEIJING_OFFSET, at);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:i, s:s?}", "section",
		                                     notice_section_code((enum notice_section)k), "label",
		                                     notice_section_label((enum notice_section)k), "body",
		                                     texts[k].body ? texts[k].body : "", "version",
		                                     texts[k].version, "updated_at",
		                                     texts[k].version ? at : NULL));
	}
	char preface[512];
	notice_default_preface(&p, preface, sizeof preface);
	return respond_json(req, 200, json_pack("{s:s, s:o, s:s}", "period", req->params[0],
	                                        "sections", arr, "default_preface", preface));
}

int handle_notice_text_put(struct request *req)
{
	struct period p;
	json_t *body;
	int rc;
	if ((rc = path_quarter(req, &p)) || (rc = request_json(req, &body)))
		return rc;
	enum notice_section sec;
	if (notice_section_parse(req->params[1], strlen(req->params[1]), &sec))
		return problem_respond(req, SH_ENOTFOUND, "部分应为preface（前言）、work（一）或tips（四）");
	const char *text = json_member(body, "body");
	json_t *v = json_object_get(body, "version");
	if (!text || !json_is_integer(v)) {
		struct field_error fe = {.field = text ? "version" : "body"};
		snprintf(fe.message, sizeof fe.message, "%s",
		         text ? "请提供所见文本的版本号version（从未写过为0）" : "请提供正文body（空文本表示删除）");
		return problem_respond_fields(req, &fe, 1);
	}
	store *s;
	if ((rc = request_store(req, &s)))
		return rc;
	struct notice_desk d = desk(req, s);
	struct record_error err = {0};
	if ((rc = notice_text_edit(&d, &p, sec, text, (int)json_integer_value(v), &err)))
		return refused(req, rc, &err);
	return handle_notice_texts(req);
}

int handle_notice_publications(struct request *req)
{
	struct period p;
	int rc = path_quarter(req, &p);
	store *s;
	struct publication *list;
	size_t n;
	if (rc || (rc = request_store(req, &s)) ||
	    (rc = store_publication_list(s, req->params[0], &req->arena, &list, &n)))
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, publication_json(&list[i]));
	return respond_json(req, 200, json_pack("{s:s, s:o, s:i}", "period", req->params[0], "items",
	                                        arr, "you", (int)req->user->actor.user_id));
}

int handle_notice_publish(struct request *req)
{
	struct period p;
	json_t *body;
	int rc;
	if ((rc = path_quarter(req, &p)) || (rc = request_json(req, &body)))
		return rc;
	const char *doc_no = json_member(body, "doc_no"), *day = json_member(body, "date"),
	           *reason = json_member(body, "reason");
	int32_t date = 0;
	if (!day || date_parse(day, strlen(day), &date)) {
		struct field_error fe = {.field = "date"};
		snprintf(fe.message, sizeof fe.message, "请填写发布日期（如2021-04-12）");
		return problem_respond_fields(req, &fe, 1);
	}
	store *s;
	if ((rc = request_store(req, &s)))
		return rc;
	struct notice_desk d = desk(req, s);
	struct record_error err = {0};
	struct publication pub;
	if ((rc = notice_publish(&d, &p, doc_no, date, reason && reason[0] ? reason : NULL,
	                         &req->arena, &pub, &err)))
		return refused(req, rc, &err);
	return respond_json(req, 202, publication_json(&pub));
}

static int decide(struct request *req, bool approve)
{
	struct period p;
	int rc = path_quarter(req, &p);
	if (rc)
		return rc;
	char *end;
	long long id = strtoll(req->params[1], &end, 10);
	if (*end || id <= 0)
		return problem_respond(req, SH_ENOTFOUND, "没有这项发布申请");
	store *s;
	if ((rc = request_store(req, &s)))
		return rc;
	struct notice_desk d = desk(req, s);
	struct record_error err = {0};
	struct publication pub;
	if ((rc = notice_decide(&d, &p, id, approve, &req->arena, &pub, &err)))
		return refused(req, rc, &err);
	return respond_json(req, 200, publication_json(&pub));
}

int handle_notice_approve(struct request *req)
{
	return decide(req, true);
}

int handle_notice_reject(struct request *req)
{
	return decide(req, false);
}
