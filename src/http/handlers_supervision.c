/* The regulator's records over HTTP: enforcement actions, bad-list entries,
 * inspections, app testing batches, equipment samples (list with filters,
 * enter, read with their events, correct), the registry of enterprises,
 * the public bad-record list, the quarter's supervision figures and the
 * versioned topic list. Translation only: the use cases are in
 * app/supervision.c, the scope in domain/access.c. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/notice_data.h"
#include "app/supervision.h"
#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"
#include "domain/intake.h"
#include "http/handlers.h"
#include "http/problem.h"

/* ---- shared ------------------------------------------------------------------------------ */

static struct supervision_ctx context(struct request *req, store *s)
{
	return (struct supervision_ctx){.s = s, .ref = &request_shared(req)->ref,
	                                .topics = topics_builtin(), .who = &req->user->actor,
	                                .today = date_today(), .now = date_now()};
}

static int field_error(struct request *req, const char *field, const char *message)
{
	struct field_error fe = {.field = field};
	utf8_format(fe.message, sizeof fe.message, "%s", message);
	return problem_respond_fields(req, &fe, 1);
}

int record_refused(struct request *req, int rc, const struct record_error *err,
                   const char *forbidden, const char *conflict)
{
	switch (rc) {
	case SH_EINVAL:
		return err->field ? field_error(req, err->field, err->message)
		                  : problem_respond(req, rc, "%s", err->message);
	case SH_EFORBIDDEN:
		return problem_respond_code(req, rc, forbidden, "%s", err->message);
	case SH_ENOTFOUND:
		return problem_respond(req, rc, "%s", err->message[0] ? err->message : "没有这条记录");
	case SH_ECONFLICT:
		return problem_respond_code(req, rc, conflict, "%s",
		                            err->message[0] ? err->message : "记录已被他人修改，请刷新");
	default:
		return rc;
	}
}

static int refused(struct request *req, int rc, const struct record_error *err)
{
	return record_refused(req, rc, err, "out_of_scope", "version_conflict");
}

/* A date member ("YYYY-MM-DD"); 0 when absent and not required. */
static int body_day(struct request *req, json_t *body, const char *key, bool required,
                    int32_t *out)
{
	const char *v = json_member(body, key);
	*out = 0;
	if (!v)
		return required ? field_error(req, key, "请填写日期（如2020-12-31）") : 0;
	if (date_parse(v, strlen(v), out))
		return field_error(req, key, "日期格式应为YYYY-MM-DD（如2020-12-31）");
	return 0;
}

/* The authority of a new or corrected record: as given, else the actor's own
 * (a provincial administration's province, the ministry's 00). */
static int body_authority(struct request *req, json_t *body, char out[3])
{
	const char *v = json_member(body, "authority");
	const struct reference *ref = &request_shared(req)->ref;
	if (!v) {
		struct access_scope scope = access_scope_of(&req->user->actor);
		snprintf(out, 3, "%s", scope.province ? scope.province : PROVINCE_NATIONAL);
		return 0;
	}
	const struct province *p = reference_province(ref, v, strlen(v));
	if (!p)
		return field_error(req, "authority", "机关应为00（工业和信息化部）或省份代码");
	memcpy(out, p->code, 3);
	return 0;
}

/* An enterprise member: "name" or {"name": …, "licence_no": …}. */
static int body_enterprise(struct request *req, json_t *v, const char *field, struct licensee *l)
{
	*l = (struct licensee){0};
	if (json_is_string(v)) {
		l->name = json_string_value(v);
		return 0;
	}
	if (json_is_object(v)) {
		l->name = json_member(v, "name");
		l->licence_no = json_member(v, "licence_no");
		if (l->licence_no && !l->licence_no[0])
			l->licence_no = NULL;
		if (l->name)
			return 0;
	}
	return field_error(req, field, "企业应为名称，或含name（及licence_no）的对象");
}

/* An optional positive id member (action_id); 0 when absent. */
static int body_id(struct request *req, json_t *body, const char *key, int64_t *out)
{
	json_t *v = json_object_get(body, key);
	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return field_error(req, key, "应为记录编号（正整数）");
	*out = json_integer_value(v);
	return 0;
}

static const char *text_member(json_t *body, const char *key)
{
	const char *v = json_member(body, key);
	return v && v[0] ? v : NULL;
}

/* What a kind of record needs over HTTP. */
struct kind_api {
	const char *record; /* the events' record name */
	size_t size;
	/* Fills rec from a request body; answers and returns an error when it
	 * cannot be read. */
	int (*parse)(struct request *req, json_t *body, void *rec);
	int (*record_fn)(const struct supervision_ctx *c, void *rec, struct arena *a,
	                 struct record_error *err);
	int (*correct)(const struct supervision_ctx *c, void *rec, int version, struct arena *a,
	               struct record_error *err);
	int (*get)(store *s, int64_t id, struct arena *a, void *out);
	int (*list)(store *s, const struct supervision_filter *f, struct arena *a, void **out,
	            size_t *n);
	json_t *(*json)(const struct reference *ref, const void *rec);
	const char *(*authority)(const void *rec);
	void (*set_id)(void *rec, int64_t id);
};

/* The id in the path; answers 404 for one that is not a number. */
static int path_id(struct request *req, int64_t *out)
{
	char *end;
	errno = 0;
	long long id = strtoll(req->params[0], &end, 10);
	if (errno || *end || id <= 0)
		return problem_respond(req, SH_ENOTFOUND, "没有这条记录");
	*out = id;
	return 0;
}

/* An optional integer query parameter into *out (left alone when absent). */
static int optional_int(struct request *req, const char *name, long min, long max, int64_t *out)
{
	long n;
	int rc = request_query(req, name) ? param_int(req, name, min, max, &n) : 0;
	if (rc == 0 && request_query(req, name))
		*out = n;
	return rc;
}

static int optional_limit(struct request *req, int *limit)
{
	int64_t n = *limit;
	int rc = optional_int(req, "limit", 1, 1000, &n);
	*limit = (int)n;
	return rc;
}

/* The list filters of a request, narrowed to the actor's scope. */
static int list_filter(struct request *req, struct supervision_filter *f)
{
	const struct reference *ref = &request_shared(req)->ref;
	const char *v;
	int rc;
	*f = (struct supervision_filter){.measure = -1, .limit = 100};
	if ((v = request_query(req, "authority"))) {
		const struct province *p = reference_province(ref, v, strlen(v));
		if (!p)
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
			                            "参数authority应为00或省份代码");
		f->authority = p->code;
	}
	struct access_scope scope = access_scope_of(&req->user->actor);
	if (!access_scope_province(&scope, f->authority, &f->authority))
		return problem_respond_code(req, SH_EFORBIDDEN, "out_of_scope",
		                            "只能查看本省通信管理局的记录");
	if ((request_query(req, "from") && (rc = param_date(req, "from", &f->from))) ||
	    (request_query(req, "to") && (rc = param_date(req, "to", &f->to))))
		return rc;
	if ((v = request_query(req, "period"))) {
		struct period p;
		if (period_parse(v, strlen(v), &p))
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
			                            "参数period应为季度、月份或年份（如2020Q4）");
		f->from = p.first;
		f->to = p.last;
	}
	if ((v = request_query(req, "topic"))) {
		const struct topic *t = topic_any(topics_builtin(), v, strlen(v));
		if (!t)
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter", "未知的问题类别：%s",
			                            v);
		f->topic = t->code;
	}
	if ((v = request_query(req, "measure"))) {
		enum measure m;
		if (measure_parse(v, strlen(v), &m))
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
			                            "参数measure应为penalty、rectification_order、criticism或interview");
		f->measure = (int)m;
	}
	return optional_int(req, "enterprise", 1, INT64_MAX, &f->licensee_id) ||
	               optional_int(req, "before", 1, INT64_MAX, &f->before_id)
	           ? SH_EINVAL
	           : optional_limit(req, &f->limit);
}

/* A record's history as JSON: when, who (the user's name, null for the
 * command line) in which role ("cli" for the command line), what, and with
 * detail what changed. The page words the role from the served rules. */
static json_t *events_json(const struct supervision_event *ev, size_t n, bool detail)
{
	json_t *events = json_array();
	for (size_t i = 0; i < n; i++) {
		char at[SH_DATETIME_LEN + 1];
		datetime_format(ev[i].at, SH_BEIJING_OFFSET, at);
		json_t *e = json_pack("{s:s, s:s?, s:s, s:s}", "at", at, "user", ev[i].user, "role",
		                      ev[i].actor, "action", ev[i].action);
		if (detail) {
			json_t *d = ev[i].detail ? json_loads(ev[i].detail, 0, NULL) : NULL;
			json_object_set_new(e, "detail", d ? d : json_null());
		}
		json_array_append_new(events, e);
	}
	return events;
}

static int kind_list(struct request *req, const struct kind_api *k)
{
	struct supervision_filter f;
	int rc = list_filter(req, &f);
	if (rc)
		return rc;
	store *s;
	void *items;
	size_t n;
	if ((rc = request_store(req, &s)) || (rc = k->list(s, &f, &req->arena, &items, &n)))
		return rc;
	const struct reference *ref = &request_shared(req)->ref;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, k->json(ref, (char *)items + i * k->size));
	/* A full page: the next starts below its last id (every record struct
	 * starts with its id). */
	json_t *next = json_null();
	if (f.limit && n == (size_t)f.limit)
		next = json_integer(*(const int64_t *)((char *)items + (n - 1) * k->size));
	return respond_json(req, 200, json_pack("{s:o, s:o}", "items", arr, "next", next));
}

/* The record with its events, or 404 (also when outside the scope). */
static int kind_get(struct request *req, const struct kind_api *k)
{
	int64_t id = 0;
	int rc = path_id(req, &id);
	if (rc)
		return rc;
	store *s;
	void *rec = arena_calloc(&req->arena, 1, k->size);
	if ((rc = request_store(req, &s)))
		return rc;
	rc = k->get(s, id, &req->arena, rec);
	struct access_scope scope = access_scope_of(&req->user->actor);
	if (rc == SH_ENOTFOUND ||
	    (rc == 0 && scope.province && strcmp(scope.province, k->authority(rec)) != 0))
		return problem_respond(req, SH_ENOTFOUND, "没有这条记录");
	if (rc)
		return rc;
	struct supervision_event *ev;
	size_t n;
	if ((rc = store_supervision_events(s, k->record, id, &req->arena, &ev, &n)))
		return rc;
	json_t *o = k->json(&request_shared(req)->ref, rec);
	json_object_set_new(o, "events", events_json(ev, n, true));
	return respond_json(req, 200, o);
}

static int kind_write(struct request *req, const struct kind_api *k, bool create)
{
	json_t *body;
	int64_t id = 0;
	int rc;
	if ((!create && (rc = path_id(req, &id))) || (rc = request_json(req, &body)))
		return rc;
	void *rec = arena_calloc(&req->arena, 1, k->size);
	if ((rc = k->parse(req, body, rec)))
		return rc;
	int version = 0;
	if (!create) {
		json_t *v = json_object_get(body, "version");
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return field_error(req, "version", "请提供所见记录的版本号version，以免覆盖他人的修改");
		version = (int)json_integer_value(v);
		k->set_id(rec, id);
	}
	store *s;
	if ((rc = request_store(req, &s)))
		return rc;
	struct supervision_ctx c = context(req, s);
	struct record_error err = {0};
	rc = create ? k->record_fn(&c, rec, &req->arena, &err)
	            : k->correct(&c, rec, version, &req->arena, &err);
	if (rc)
		return refused(req, rc, &err);
	return respond_json(req, create ? 201 : 200, k->json(c.ref, rec));
}

/* ---- enforcement actions ------------------------------------------------------------------ */

static int parse_action(struct request *req, json_t *body, void *rec)
{
	struct enforcement_action *x = rec;
	int rc;
	*x = (struct enforcement_action){.amount_yuan = NO_AMOUNT};
	if ((rc = body_day(req, body, "decided_at", true, &x->decided_on)) ||
	    (rc = body_authority(req, body, x->authority)))
		return rc;
	const char *m = json_member(body, "measure");
	if (!m || measure_parse(m, strlen(m), &x->measure))
		return field_error(req, "measure", "请选择处理措施：行政处罚、责令整改通知、通报批评或约谈提醒");
	x->topic = json_member(body, "topic");
	if (!x->topic || !x->topic[0])
		return field_error(req, "topic", "请选择问题类别");
	json_t *ents = json_object_get(body, "enterprises");
	if (!json_is_array(ents) || json_array_size(ents) == 0)
		return field_error(req, "enterprises", "请填写被处理的企业（至少一家）");
	x->nparties = json_array_size(ents);
	if (x->nparties > ENFORCEMENT_MAX_PARTIES)
		return field_error(req, "enterprises", "一次处理的企业太多");
	x->parties = arena_calloc(&req->arena, x->nparties, sizeof *x->parties);
	for (size_t i = 0; i < x->nparties; i++)
		if ((rc = body_enterprise(req, json_array_get(ents, i), "enterprises", &x->parties[i])))
			return rc;
	x->document_no = text_member(body, "document_no");
	x->description = text_member(body, "description");
	json_t *amount = json_object_get(body, "amount_yuan");
	if (amount && !json_is_null(amount)) {
		if (!json_is_integer(amount))
			return field_error(req, "amount_yuan", "罚款金额应为以元为单位的整数");
		x->amount_yuan = json_integer_value(amount);
	}
	json_t *ev = json_object_get(body, "evidence");
	if (ev && !json_is_null(ev)) {
		if (!json_is_array(ev) || json_array_size(ev) > ENFORCEMENT_MAX_EVIDENCE)
			return field_error(req, "evidence", "证据应为[{kind, ref}]的列表");
		x->nevidence = json_array_size(ev);
		x->evidence = arena_calloc(&req->arena, x->nevidence ? x->nevidence : 1,
		                           sizeof *x->evidence);
		for (size_t i = 0; i < x->nevidence; i++) {
			json_t *e = json_array_get(ev, i);
			const char *kind = json_member(e, "kind"), *ref = json_member(e, "ref");
			if (!kind || evidence_kind_parse(kind, strlen(kind), &x->evidence[i].kind) || !ref)
				return field_error(req, "evidence",
				                   "证据应为{kind: complaint|report|inspection, ref: 编号}");
			x->evidence[i].ref = ref;
		}
	}
	return 0;
}

static int record_action(const struct supervision_ctx *c, void *r, struct arena *a,
                         struct record_error *e)
{
	return supervision_action_record(c, r, a, e);
}

static int correct_action(const struct supervision_ctx *c, void *r, int v, struct arena *a,
                          struct record_error *e)
{
	return supervision_action_correct(c, r, v, a, e);
}

static int get_action(store *s, int64_t id, struct arena *a, void *out)
{
	return store_enforcement_get(s, id, a, out);
}

static int list_actions(store *s, const struct supervision_filter *f, struct arena *a,
                        void **out, size_t *n)
{
	return store_enforcement_list(s, f, a, (struct enforcement_action **)out, n);
}

static json_t *action_json(const struct reference *ref, const void *r)
{
	return supervision_action_json(ref, topics_builtin(), r);
}

static const char *action_authority(const void *r)
{
	return ((const struct enforcement_action *)r)->authority;
}

static void action_set_id(void *r, int64_t id)
{
	((struct enforcement_action *)r)->id = id;
}

static const struct kind_api actions = {
	"enforcement", sizeof(struct enforcement_action), parse_action, record_action,
	correct_action, get_action, list_actions, action_json, action_authority, action_set_id,
};

int handle_enforcement_list(struct request *req)
{
	return kind_list(req, &actions);
}

int handle_enforcement_create(struct request *req)
{
	return kind_write(req, &actions, true);
}

int handle_enforcement_get(struct request *req)
{
	return kind_get(req, &actions);
}

int handle_enforcement_update(struct request *req)
{
	return kind_write(req, &actions, false);
}

/* ---- bad-list entries ---------------------------------------------------------------------- */

static int parse_badlist(struct request *req, json_t *body, void *rec)
{
	struct badlist_entry *e = rec;
	int rc;
	*e = (struct badlist_entry){0};
	if ((rc = body_day(req, body, "listed_at", true, &e->listed_on)) ||
	    (rc = body_day(req, body, "removed_at", false, &e->removed_on)) ||
	    (rc = body_authority(req, body, e->authority)) ||
	    (rc = body_enterprise(req, json_object_get(body, "enterprise"), "enterprise",
	                          &e->enterprise)) ||
	    (rc = body_id(req, body, "action_id", &e->action_id)))
		return rc;
	const char *list = json_member(body, "list");
	if (list && badlist_parse(list, strlen(list), &e->list))
		return field_error(req, "list", "名单应为不良名单（bad_record）或失信名单（discredit）");
	e->reason = text_member(body, "reason");
	return 0;
}

static int record_badlist(const struct supervision_ctx *c, void *r, struct arena *a,
                          struct record_error *e)
{
	return supervision_badlist_record(c, r, a, e);
}

static int correct_badlist(const struct supervision_ctx *c, void *r, int v, struct arena *a,
                           struct record_error *e)
{
	return supervision_badlist_correct(c, r, v, a, e);
}

static int get_badlist(store *s, int64_t id, struct arena *a, void *out)
{
	return store_badlist_get(s, id, a, out);
}

static int list_badlist(store *s, const struct supervision_filter *f, struct arena *a,
                        void **out, size_t *n)
{
	return store_badlist_list(s, f, a, (struct badlist_entry **)out, n);
}

static json_t *badlist_json(const struct reference *ref, const void *r)
{
	return supervision_badlist_json(ref, r);
}

static const char *badlist_authority(const void *r)
{
	return ((const struct badlist_entry *)r)->authority;
}

static void badlist_set_id(void *r, int64_t id)
{
	((struct badlist_entry *)r)->id = id;
}

static const struct kind_api badlist = {
	"badlist", sizeof(struct badlist_entry), parse_badlist, record_badlist, correct_badlist,
	get_badlist, list_badlist, badlist_json, badlist_authority, badlist_set_id,
};

int handle_badlist_entries(struct request *req)
{
	return kind_list(req, &badlist);
}

int handle_badlist_create(struct request *req)
{
	return kind_write(req, &badlist, true);
}

int handle_badlist_get(struct request *req)
{
	return kind_get(req, &badlist);
}

int handle_badlist_update(struct request *req)
{
	return kind_write(req, &badlist, false);
}

/* The public list: entries listed and not removed on `date` (today by
 * default), without the record's internals. */
int handle_badlist_public(struct request *req)
{
	int32_t day = date_today();
	int rc = request_query(req, "date") ? param_date(req, "date", &day) : 0;
	if (rc)
		return rc;
	struct supervision_filter f = {.measure = -1, .current_on = day};
	store *s;
	struct badlist_entry *items;
	size_t n;
	if ((rc = request_store(req, &s)) || (rc = store_badlist_list(s, &f, &req->arena, &items, &n)))
		return rc;
	const struct reference *ref = &request_shared(req)->ref;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct badlist_entry *e = &items[i];
		char listed[SH_DATE_LEN + 1], authority[96];
		date_format(e->listed_on, listed);
		supervision_authority_name(ref, e->authority, authority, sizeof authority);
		json_array_append_new(
			arr, json_pack("{s:s, s:s?, s:s, s:s, s:s, s:s, s:s}", "enterprise",
			               e->enterprise.name, "licence_no", e->enterprise.licence_no, "list",
			               badlist_code(e->list), "list_name", badlist_full_name(e->list),
			               "listed_at", listed, "reason", e->reason, "authority", authority));
	}
	return respond_json(req, 200, json_pack("{s:o, s:o}", "date", json_date(day), "items", arr));
}

/* ---- inspections --------------------------------------------------------------------------------- */

static int parse_inspection(struct request *req, json_t *body, void *rec)
{
	struct inspection *i = rec;
	int rc;
	*i = (struct inspection){0};
	if ((rc = body_day(req, body, "inspected_at", true, &i->inspected_on)) ||
	    (rc = body_authority(req, body, i->authority)) ||
	    (rc = body_enterprise(req, json_object_get(body, "enterprise"), "enterprise",
	                          &i->enterprise)) ||
	    (rc = body_id(req, body, "action_id", &i->action_id)))
		return rc;
	const char *kind = json_member(body, "kind");
	if (!kind || inspection_kind_parse(kind, strlen(kind), &i->kind))
		return field_error(req, "kind", "请选择检查方式：实地检查、明察暗访或专项检查");
	i->topic = json_member(body, "topic");
	if (!i->topic || !i->topic[0])
		return field_error(req, "topic", "请选择问题类别");
	i->finding = text_member(body, "finding");
	return 0;
}

static int record_inspection(const struct supervision_ctx *c, void *r, struct arena *a,
                             struct record_error *e)
{
	return supervision_inspection_record(c, r, a, e);
}

static int correct_inspection(const struct supervision_ctx *c, void *r, int v, struct arena *a,
                              struct record_error *e)
{
	return supervision_inspection_correct(c, r, v, a, e);
}

static int get_inspection(store *s, int64_t id, struct arena *a, void *out)
{
	return store_inspection_get(s, id, a, out);
}

static int list_inspections(store *s, const struct supervision_filter *f, struct arena *a,
                            void **out, size_t *n)
{
	return store_inspection_list(s, f, a, (struct inspection **)out, n);
}

static json_t *inspection_json(const struct reference *ref, const void *r)
{
	return supervision_inspection_json(ref, topics_builtin(), r);
}

static const char *inspection_authority(const void *r)
{
	return ((const struct inspection *)r)->authority;
}

static void inspection_set_id(void *r, int64_t id)
{
	((struct inspection *)r)->id = id;
}

static const struct kind_api inspections = {
	"inspection", sizeof(struct inspection), parse_inspection, record_inspection,
	correct_inspection, get_inspection, list_inspections, inspection_json, inspection_authority,
	inspection_set_id,
};

int handle_inspections_list(struct request *req)
{
	return kind_list(req, &inspections);
}

int handle_inspection_create(struct request *req)
{
	return kind_write(req, &inspections, true);
}

int handle_inspection_get(struct request *req)
{
	return kind_get(req, &inspections);
}

int handle_inspection_update(struct request *req)
{
	return kind_write(req, &inspections, false);
}

/* ---- app testing batches --------------------------------------------------------------------------- */

static int parse_app_test(struct request *req, json_t *body, void *rec)
{
	struct app_test_batch *b = rec;
	int rc;
	*b = (struct app_test_batch){0};
	if ((rc = body_day(req, body, "tested_at", true, &b->tested_on)) ||
	    (rc = body_authority(req, body, b->authority)))
		return rc;
	b->app_store = text_member(body, "store");
	json_t *n = json_object_get(body, "apps_tested");
	if (!json_is_integer(n))
		return field_error(req, "apps_tested", "请填写检测的应用数（正整数）");
	b->apps_tested = json_integer_value(n);
	return 0;
}

static int record_app_test(const struct supervision_ctx *c, void *r, struct arena *a,
                           struct record_error *e)
{
	return supervision_app_test_record(c, r, a, e);
}

static int correct_app_test(const struct supervision_ctx *c, void *r, int v, struct arena *a,
                            struct record_error *e)
{
	return supervision_app_test_correct(c, r, v, a, e);
}

static int get_app_test(store *s, int64_t id, struct arena *a, void *out)
{
	return store_app_test_get(s, id, a, out);
}

static int list_app_tests(store *s, const struct supervision_filter *f, struct arena *a,
                          void **out, size_t *n)
{
	return store_app_test_list(s, f, a, (struct app_test_batch **)out, n);
}

static json_t *app_test_json(const struct reference *ref, const void *r)
{
	return supervision_app_test_json(ref, r);
}

static const char *app_test_authority(const void *r)
{
	return ((const struct app_test_batch *)r)->authority;
}

static void app_test_set_id(void *r, int64_t id)
{
	((struct app_test_batch *)r)->id = id;
}

static const struct kind_api app_tests = {
	"app_test", sizeof(struct app_test_batch), parse_app_test, record_app_test,
	correct_app_test, get_app_test, list_app_tests, app_test_json, app_test_authority,
	app_test_set_id,
};

int handle_app_tests_list(struct request *req)
{
	return kind_list(req, &app_tests);
}

int handle_app_test_create(struct request *req)
{
	return kind_write(req, &app_tests, true);
}

int handle_app_test_get(struct request *req)
{
	return kind_get(req, &app_tests);
}

int handle_app_test_update(struct request *req)
{
	return kind_write(req, &app_tests, false);
}

/* ---- equipment samples ------------------------------------------------------------------------------ */

static int parse_equipment(struct request *req, json_t *body, void *rec)
{
	struct equipment_sample *e = rec;
	int rc;
	*e = (struct equipment_sample){0};
	if ((rc = body_day(req, body, "sampled_at", true, &e->sampled_on)) ||
	    (rc = body_authority(req, body, e->authority)) ||
	    (rc = body_enterprise(req, json_object_get(body, "manufacturer"), "manufacturer",
	                          &e->manufacturer)))
		return rc;
	const char *result = json_member(body, "result");
	if (!result || sample_result_parse(result, strlen(result), &e->passed))
		return field_error(req, "result", "抽查结果应为合格或不合格");
	e->product = text_member(body, "product");
	e->model = text_member(body, "model");
	e->licence_no = text_member(body, "licence_no");
	e->problem = text_member(body, "problem");
	return 0;
}

static int record_equipment(const struct supervision_ctx *c, void *r, struct arena *a,
                            struct record_error *e)
{
	return supervision_equipment_record(c, r, a, e);
}

static int correct_equipment(const struct supervision_ctx *c, void *r, int v, struct arena *a,
                             struct record_error *e)
{
	return supervision_equipment_correct(c, r, v, a, e);
}

static int get_equipment(store *s, int64_t id, struct arena *a, void *out)
{
	return store_equipment_get(s, id, a, out);
}

static int list_equipment(store *s, const struct supervision_filter *f, struct arena *a,
                          void **out, size_t *n)
{
	return store_equipment_list(s, f, a, (struct equipment_sample **)out, n);
}

static json_t *equipment_json(const struct reference *ref, const void *r)
{
	return supervision_equipment_json(ref, r);
}

static const char *equipment_authority(const void *r)
{
	return ((const struct equipment_sample *)r)->authority;
}

static void equipment_set_id(void *r, int64_t id)
{
	((struct equipment_sample *)r)->id = id;
}

static const struct kind_api equipment = {
	"equipment", sizeof(struct equipment_sample), parse_equipment, record_equipment,
	correct_equipment, get_equipment, list_equipment, equipment_json, equipment_authority,
	equipment_set_id,
};

int handle_equipment_list(struct request *req)
{
	return kind_list(req, &equipment);
}

int handle_equipment_create(struct request *req)
{
	return kind_write(req, &equipment, true);
}

int handle_equipment_get(struct request *req)
{
	return kind_get(req, &equipment);
}

int handle_equipment_update(struct request *req)
{
	return kind_write(req, &equipment, false);
}

/* ---- the registry ----------------------------------------------------------------------------------- */

int handle_licensees_list(struct request *req)
{
	struct licensee_filter f = {.query = request_query(req, "q"), .kind = -1, .limit = 100};
	const char *v;
	int rc;
	if ((v = request_query(req, "kind"))) {
		enum licensee_kind k;
		if (licensee_kind_parse(v, strlen(v), &k))
			return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
			                            "参数kind应为basic、reseller、value_added或manufacturer");
		f.kind = (int)k;
	}
	if ((rc = optional_int(req, "after", 0, INT64_MAX, &f.after_id)) ||
	    (rc = optional_limit(req, &f.limit)))
		return rc;
	store *s;
	struct licensee *items;
	size_t count;
	if ((rc = request_store(req, &s)) ||
	    (rc = store_licensee_list(s, &f, &req->arena, &items, &count)))
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(arr, supervision_licensee_json(&items[i]));
	return respond_json(req, 200,
	                    json_pack("{s:o, s:o}", "items", arr, "next",
	                              count == (size_t)f.limit ? json_integer(items[count - 1].id)
	                                                       : json_null()));
}

/* Registers an enterprise (or finds it: 200 with the one registered). */
int handle_licensee_create(struct request *req)
{
	json_t *body;
	int rc = request_json(req, &body);
	if (rc)
		return rc;
	const char *name = json_member(body, "name"), *licence = text_member(body, "licence_no"),
	           *kind = json_member(body, "kind");
	enum licensee_kind k = LICENSEE_VALUE_ADDED;
	if (kind && licensee_kind_parse(kind, strlen(kind), &k))
		return field_error(req, "kind", "企业类别应为basic、reseller、value_added或manufacturer");
	store *s;
	if ((rc = request_store(req, &s)))
		return rc;
	struct supervision_ctx c = context(req, s);
	struct licensee before, l;
	bool existed = name && store_licensee_by_name(s, name, &req->arena, &before) == 0;
	struct record_error err = {0};
	if ((rc = supervision_licensee(&c, "name", name ? name : "", licence, k, &req->arena, &l,
	                               &err)))
		return refused(req, rc, &err);
	return respond_json(req, existed ? 200 : 201, supervision_licensee_json(&l));
}

int handle_licensee_get(struct request *req)
{
	int64_t id = 0;
	int rc = path_id(req, &id);
	store *s;
	struct licensee l;
	if (rc || (rc = request_store(req, &s)))
		return rc;
	if ((rc = store_licensee_get(s, id, &req->arena, &l)) == SH_ENOTFOUND)
		return problem_respond(req, rc, "没有这家企业");
	if (rc)
		return rc;
	struct supervision_event *ev;
	size_t n;
	if ((rc = store_supervision_events(s, "licensee", id, &req->arena, &ev, &n)))
		return rc;
	json_t *o = supervision_licensee_json(&l);
	json_object_set_new(o, "events", events_json(ev, n, false));
	return respond_json(req, 200, o);
}

int handle_licensee_update(struct request *req)
{
	int64_t id = 0;
	json_t *body;
	int rc;
	if ((rc = path_id(req, &id)) || (rc = request_json(req, &body)))
		return rc;
	struct licensee l = {.id = id, .name = json_member(body, "name"),
	                     .licence_no = text_member(body, "licence_no")};
	const char *kind = json_member(body, "kind"), *prov = json_member(body, "province");
	if (!kind || licensee_kind_parse(kind, strlen(kind), &l.kind))
		return field_error(req, "kind", "企业类别应为basic、reseller、value_added或manufacturer");
	snprintf(l.province, sizeof l.province, "%s", prov && strlen(prov) == 2 ? prov : "");
	if (prov && prov[0] && strlen(prov) != 2)
		return field_error(req, "province", "省份应为两位代码");
	json_t *v = json_object_get(body, "version");
	if (!json_is_integer(v))
		return field_error(req, "version", "请提供所见记录的版本号version");
	store *s;
	if ((rc = request_store(req, &s)))
		return rc;
	struct supervision_ctx c = context(req, s);
	struct record_error err = {0};
	if ((rc = supervision_licensee_correct(&c, &l, (int)json_integer_value(v), &req->arena, &err)))
		return refused(req, rc, &err);
	return respond_json(req, 200, supervision_licensee_json(&l));
}

/* ---- the quarter's figures and the topic list -------------------------------------------------------- */

static json_t *measures_json(const int64_t counts[MEASURE_COUNT],
                             const int64_t enterprises[MEASURE_COUNT])
{
	json_t *arr = json_array();
	for (int m = 0; m < MEASURE_COUNT; m++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I}", "measure",
		                                     measure_code((enum measure)m), "label",
		                                     measure_label((enum measure)m), "actions",
		                                     (json_int_t)counts[m], "enterprises",
		                                     (json_int_t)enterprises[m]));
	return arr;
}

int handle_supervision_summary(struct request *req)
{
	const char *v = request_query(req, "period");
	struct period p;
	if (!v || period_parse(v, strlen(v), &p) || p.kind != PERIOD_QUARTER)
		return problem_respond_code(req, SH_EINVAL, "invalid_parameter",
		                            "参数period应为季度，如2020Q4");
	struct access_scope scope = access_scope_of(&req->user->actor);
	const char *province = NULL;
	if (!access_scope_province(&scope, request_query(req, "province"), &province))
		return problem_respond_code(req, SH_EFORBIDDEN, "out_of_scope", "只能查看本省的监管数据");
	const struct reference *ref = &request_shared(req)->ref;
	if (province && !reference_province_code(ref, province))
		return problem_respond_code(req, SH_EINVAL, "invalid_parameter", "未知的省份：%s",
		                            province);
	store *s;
	struct supervision_input in;
	struct supervision_figures *f = arena_alloc(&req->arena, sizeof *f);
	int rc = request_store(req, &s);
	if (rc || (rc = supervision_load(s, ref, &p, province, &req->arena, &in, f)))
		return rc;
	json_t *topics = json_array(), *inspected = json_array();
	for (size_t i = 0; i < f->ntopics; i++) {
		const struct supervision_topic_figures *t = &f->topics[i];
		int64_t a = 0, e = 0;
		for (int m = 0; m < MEASURE_COUNT; m++)
			a += t->actions[m], e += t->enterprises[m];
		json_array_append_new(topics, json_pack("{s:s, s:s, s:I, s:I, s:o}", "topic",
		                                        t->topic->code, "name", t->topic->name,
		                                        "actions", (json_int_t)a, "enterprises",
		                                        (json_int_t)e, "measures",
		                                        measures_json(t->actions, t->enterprises)));
	}
	for (size_t i = 0; i < f->ninspection_topics; i++)
		json_array_append_new(inspected,
		                      json_pack("{s:s, s:s, s:I, s:I}", "topic",
		                                f->inspections[i].topic->code, "name",
		                                f->inspections[i].topic->name, "inspections",
		                                (json_int_t)f->inspections[i].inspections, "provinces",
		                                (json_int_t)f->inspections[i].nprovinces));
	struct notice_paragraph paras[NOTICE_MAX_PARAGRAPHS];
	size_t np = supervision_paragraphs(&in, f, paras, NOTICE_MAX_PARAGRAPHS);
	json_t *text = json_array();
	for (size_t i = 0; i < np; i++)
		json_array_append_new(text, json_pack("{s:s, s:s}", "heading", paras[i].heading, "text",
		                                      paras[i].text));
	json_t *o = json_pack(
		"{s:s, s:s?, s:I, s:I, s:o, s:o, s:I, s:I, s:o, s:{s:I, s:I, s:I, s:I}, "
		"s:{s:I, s:I, s:I}, s:o}",
		"period", v, "province", province, "actions", (json_int_t)f->actions, "enterprises",
		(json_int_t)f->enterprises, "measures",
		measures_json(f->measure_actions, f->measure_enterprises), "topics", topics,
		"listed", (json_int_t)f->listed, "inspected", (json_int_t)f->inspected, "inspections",
		inspected, "apps", "tested", (json_int_t)f->apps_tested, "found",
		(json_int_t)f->apps_found, "named", (json_int_t)f->apps_named, "removed",
		(json_int_t)f->apps_removed, "equipment", "manufacturers",
		(json_int_t)f->makers_sampled, "failed_manufacturers", (json_int_t)f->makers_failed,
		"failed_products", (json_int_t)f->products_failed, "paragraphs", text);
	return respond_json(req, 200, o);
}

int handle_topics(struct request *req)
{
	const struct topic_list *l = topics_builtin();
	int32_t day = 0;
	int rc = request_query(req, "date") ? param_date(req, "date", &day) : 0;
	if (rc)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; l && i < l->n; i++) {
		const struct topic *t = &l->items[i];
		if (day && (day < t->valid_from || day > t->valid_to))
			continue;
		json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:o}", "code", t->code, "name",
		                                     t->name, "valid_from", json_date(t->valid_from),
		                                     "valid_to", json_date(t->valid_to)));
	}
	return respond_json(req, 200, arr);
}

/* The vocabularies of the records, for the pages' choices (the rules stay
 * on the server). */
int handle_supervision_vocabulary(struct request *req)
{
	json_t *measures = json_array(), *lists = json_array(), *kinds = json_array(),
	       *licensees = json_array(), *evidence = json_array(), *topics = json_array();
	for (int m = 0; m < MEASURE_COUNT; m++)
		json_array_append_new(measures, json_pack("{s:s, s:s, s:b}", "code",
		                                          measure_code((enum measure)m), "label",
		                                          measure_label((enum measure)m), "penalty",
		                                          m == MEASURE_PENALTY));
	for (int l = 0; l < BADLIST_KIND_COUNT; l++)
		json_array_append_new(lists, json_pack("{s:s, s:s, s:s}", "code",
		                                       badlist_code((enum badlist_kind)l), "label",
		                                       badlist_label((enum badlist_kind)l), "name",
		                                       badlist_full_name((enum badlist_kind)l)));
	for (int k = 0; k < INSPECTION_KIND_COUNT; k++)
		json_array_append_new(kinds, json_pack("{s:s, s:s}", "code",
		                                       inspection_kind_code((enum inspection_kind)k),
		                                       "label",
		                                       inspection_kind_label((enum inspection_kind)k)));
	for (int k = 0; k < LICENSEE_KIND_COUNT; k++)
		json_array_append_new(licensees, json_pack("{s:s, s:s}", "code",
		                                           licensee_kind_code((enum licensee_kind)k),
		                                           "label",
		                                           licensee_kind_label((enum licensee_kind)k)));
	for (int k = 0; k < EVIDENCE_KIND_COUNT; k++)
		json_array_append_new(evidence, json_pack("{s:s}", "code",
		                                          evidence_kind_code((enum evidence_kind)k)));
	const struct topic_list *l = topics_builtin();
	for (size_t i = 0; l && i < l->n; i++)
		json_array_append_new(topics, json_pack("{s:s, s:s, s:o, s:o}", "code", l->items[i].code,
		                                        "name", l->items[i].name, "valid_from",
		                                        json_date(l->items[i].valid_from), "valid_to",
		                                        json_date(l->items[i].valid_to)));
	return respond_json(req, 200,
	                    json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "topics", topics, "measures",
	                              measures, "lists", lists, "inspection_kinds", kinds,
	                              "licensee_kinds", licensees, "evidence_kinds", evidence));
}
