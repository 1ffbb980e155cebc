#include "app/supervision.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"

/* ---- errors and scope ----------------------------------------------------------------- */


/* The authority is a province of the reference table (or the ministry) and
 * within the actor's scope. */
static int authority_ok(const struct supervision_ctx *c, const char *authority,
                        struct record_error *err)
{
	const struct province *p = reference_province_code(c->ref, authority);
	if (!p)
		return record_fail(err, SH_EINVAL, "authority", "未知的机关代码“%s”（应为00或省份代码）",
		            authority);
	if (c->who && !access_can_supervise(c->who, authority)) {
		const struct province *own = reference_province_code(c->ref, c->who->province);
		return record_fail(err, SH_EFORBIDDEN, "authority", "只能录入%s通信管理局作出的记录",
		            own ? own->name : c->who->province);
	}
	return 0;
}

/* A stored record the actor may correct: it exists, lies within the scope
 * (else it looks missing) and has the version the actor saw. */
static int correctable(const struct supervision_ctx *c, const char *authority, int version,
                       int expected, struct record_error *err)
{
	if (c->who && !access_can_supervise(c->who, authority))
		return record_fail(err, SH_ENOTFOUND, "id", "没有这条记录");
	if (version != expected)
		return record_fail(err, SH_ECONFLICT, "version",
		            "记录已被他人修改（当前版本%d，您修改的是版本%d），请刷新后再改", version,
		            expected);
	return 0;
}

/* ---- events ------------------------------------------------------------------------------ */

int supervision_event(const struct supervision_ctx *c, const char *record, int64_t id,
                      const char *action, json_t *detail)
{
	if (!c->who && c->os_user) {
		if (!detail)
			detail = json_object();
		json_object_set_new(detail, "os_user", json_string(c->os_user));
	}
	char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct supervision_event e = {
		.at = c->now,
		.user_id = c->who ? c->who->user_id : 0,
		.actor = c->who ? role_code(c->who->role) : "cli",
		.record = record,
		.record_id = id,
		.action = action,
		.detail = text,
	};
	int rc = store_supervision_event_add(c->s, &e);
	json_free_t release;
	json_get_alloc_funcs(NULL, &release);
	if (text)
		release(text);
	json_decref(detail);
	return rc;
}

/* An event of a single record (an import records one for its batch). */
static int record_event(const struct supervision_ctx *c, const char *record, int64_t id,
                        const char *action, json_t *after, json_t *before)
{
	if (c->batch_id) {
		json_decref(after);
		json_decref(before);
		return 0;
	}
	json_t *d = json_pack("{s:o?}", "record", after);
	if (before)
		json_object_set_new(d, "before", before);
	return supervision_event(c, record, id, action, d);
}

/* ---- the registry ----------------------------------------------------------------------- */

static bool given(const char *s)
{
	return s && !utf8_is_blank(s, strlen(s));
}

/* The licence column beside an enterprise column. */
static const char *licence_field(const char *field)
{
	return strcmp(field, "enterprises") == 0 ? "licences" : "licence";
}

static enum licensee_kind kind_of(const struct enterprise *e)
{
	switch (e->kind) {
	case ENTERPRISE_BASIC:
		return LICENSEE_BASIC;
	case ENTERPRISE_RESELLER:
		return LICENSEE_RESELLER;
	case ENTERPRISE_VALUE_ADDED:
		break;
	}
	return LICENSEE_VALUE_ADDED;
}

int supervision_licensee(const struct supervision_ctx *c, const char *field, const char *name,
                         const char *licence, enum licensee_kind kind, struct arena *a,
                         struct licensee *out, struct record_error *err)
{
	char why[192];
	if (licensee_name_check(name, name ? strlen(name) : 0, why, sizeof why))
		return record_fail(err, SH_EINVAL, field, "%s", why);
	bool has_licence = given(licence);
	if (has_licence && licence_check(licence, strlen(licence), why, sizeof why))
		return record_fail(err, SH_EINVAL, licence_field(field), "%s", why);
	struct licensee found, other;
	int rc = store_licensee_by_name(c->s, name, a, &found);
	if (rc && rc != SH_ENOTFOUND)
		return rc;
	if (rc == 0) {
		if (!has_licence || (found.licence_no && strcmp(found.licence_no, licence) == 0)) {
			*out = found;
			return 0;
		}
		if (found.licence_no && found.licence_no[0])
			return record_fail(err, SH_EINVAL, licence_field(field),
			            "企业“%s”登记的许可证号是%s，与%s不符", name, found.licence_no,
			            licence);
	}
	if (has_licence) {
		int orc = store_licensee_by_licence(c->s, licence, a, &other);
		if (orc == 0)
			return record_fail(err, SH_EINVAL, licence_field(field),
			            "许可证号%s已登记为企业“%s”，与“%s”不符", licence, other.name, name);
		if (orc != SH_ENOTFOUND)
			return orc;
	}
	if (rc == 0) { /* registered without a licence number: record it */
		found.licence_no = arena_strdup(a, licence);
		int version = found.version;
		if ((rc = store_licensee_update(c->s, &found, version)))
			return rc;
		found.version = version + 1;
		*out = found;
		return record_event(c, "licensee", found.id, "licence_added",
		                    supervision_licensee_json(&found), NULL);
	}
	struct licensee l = {.name = arena_strdup(a, name), .kind = kind,
	                     .licence_no = has_licence ? arena_strdup(a, licence) : NULL};
	const struct enterprise *e = reference_enterprise(c->ref, name, strlen(name));
	if (e) {
		l.kind = kind_of(e);
		l.enterprise_id = e->id;
		memcpy(l.province, e->province, sizeof l.province);
	} else if (has_licence) {
		licence_province(licence, l.province);
	}
	if ((rc = store_licensee_add(c->s, &l, c->now)))
		return rc;
	*out = l;
	return record_event(c, "licensee", l.id, "registered", supervision_licensee_json(&l), NULL);
}

/* The enterprise of a record, resolved in place. */
static int resolve(const struct supervision_ctx *c, const char *field, struct licensee *l,
                   enum licensee_kind kind, struct arena *a, struct record_error *err)
{
	struct licensee got;
	int rc = supervision_licensee(c, field, l->name, l->licence_no, kind, a, &got, err);
	if (rc == 0)
		*l = got;
	return rc;
}

/* ---- the records: one flow, a table of what differs ----------------------------------- */

/* What the transaction of a record's use case works on. */
struct job {
	const struct supervision_ctx *c;
	const struct record_ops *ops;
	void *record;
	int expected; /* 0: a new record */
	struct arena *a;
	struct record_error *err;
};

/* A kind of record. prepare checks the record with the domain and resolves
 * what it names (after its authority is checked); the rest is the store and
 * the JSON. Records are handled as void * through these. */
struct record_ops {
	const char *name; /* the events' record */
	size_t size;
	int64_t (*id)(const void *r);
	const char *(*authority)(const void *r);
	struct record_stamp *(*stamp)(void *r);
	int (*check)(const struct supervision_ctx *c, void *r, struct record_error *err);
	int (*resolve)(const struct supervision_ctx *c, void *r, struct arena *a,
	               struct record_error *err);
	int (*get)(store *s, int64_t id, struct arena *a, void *out);
	int (*insert)(store *s, void *r, int64_t now);
	int (*update)(store *s, const void *r, int expected, int64_t now);
	json_t *(*json)(const struct supervision_ctx *c, const void *r);
};

static int write_record(store *s, void *arg)
{
	(void)s;
	struct job *j = arg;
	const struct supervision_ctx *c = j->c;
	const struct record_ops *ops = j->ops;
	void *before = NULL;
	int rc;
	if (j->expected) {
		before = arena_calloc(j->a, 1, ops->size);
		if ((rc = ops->get(c->s, ops->id(j->record), j->a, before)))
			return rc == SH_ENOTFOUND ? record_fail(j->err, rc, "id", "没有这条记录") : rc;
		if ((rc = correctable(c, ops->authority(before), ops->stamp(before)->version,
		                      j->expected, j->err)))
			return rc;
	}
	if ((rc = ops->check(c, j->record, j->err)) ||
	    (rc = authority_ok(c, ops->authority(j->record), j->err)) ||
	    (rc = ops->resolve(c, j->record, j->a, j->err)))
		return rc;
	struct record_stamp *stamp = ops->stamp(j->record);
	stamp->batch_id = c->batch_id;
	if (!j->expected) {
		if ((rc = ops->insert(c->s, j->record, c->now)))
			return rc;
		*stamp = (struct record_stamp){c->now, c->now, c->batch_id, 1};
		return record_event(c, ops->name, ops->id(j->record), "created", ops->json(c, j->record),
		                    NULL);
	}
	if ((rc = ops->update(c->s, j->record, j->expected, c->now)))
		return rc;
	*stamp = *ops->stamp(before);
	stamp->updated_at = c->now;
	stamp->version = j->expected + 1;
	return record_event(c, ops->name, ops->id(j->record), "corrected", ops->json(c, j->record),
	                    ops->json(c, before));
}

static int run(const struct supervision_ctx *c, const struct record_ops *ops, void *record,
               int expected, struct arena *a, struct record_error *err)
{
	err->field = NULL;
	err->message[0] = '\0';
	if (expected < 0)
		return record_fail(err, SH_EINVAL, "version", "请提供所见记录的版本号version");
	struct job j = {c, ops, record, expected, a, err};
	return store_transaction(c->s, write_record, &j);
}

/* The action named as a record's cause or result: it exists, and names the
 * enterprise. */
static int linked_action(const struct supervision_ctx *c, int64_t action_id,
                         const struct licensee *who, struct arena *a, struct record_error *err)
{
	if (!action_id)
		return 0;
	struct enforcement_action x;
	int rc = store_enforcement_get(c->s, action_id, a, &x);
	if (rc == SH_ENOTFOUND)
		return record_fail(err, SH_EINVAL, "action_id", "没有编号为%lld的执法记录",
		            (long long)action_id);
	if (rc)
		return rc;
	for (size_t i = 0; i < x.nparties; i++)
		if (x.parties[i].id == who->id)
			return 0;
	return record_fail(err, SH_EINVAL, "action_id", "执法记录%lld没有涉及企业“%s”",
	            (long long)action_id, who->name);
}

/* ---- enforcement actions ---------------------------------------------------------------- */

static int check_evidence(const struct supervision_ctx *c, const struct enforcement_action *x,
                          struct arena *a, struct record_error *err)
{
	for (size_t i = 0; i < x->nevidence; i++) {
		const struct enforcement_evidence *e = &x->evidence[i];
		int rc = 0;
		if (e->kind == EVIDENCE_COMPLAINT) {
			struct complaint cp;
			rc = store_case_get(c->s, e->ref, a, &cp, NULL);
		} else if (e->kind == EVIDENCE_INSPECTION) {
			struct inspection in;
			char *end;
			long long id = strtoll(e->ref, &end, 10);
			rc = *end || id <= 0 ? SH_ENOTFOUND : store_inspection_get(c->s, id, a, &in);
		} else {
			rc = store_evidence_report(c->s, e->ref);
		}
		if (rc == SH_ENOTFOUND)
			return record_fail(err, SH_EINVAL, "evidence", "没有找到%s“%s”",
			            e->kind == EVIDENCE_COMPLAINT   ? "申诉案件"
			            : e->kind == EVIDENCE_INSPECTION ? "检查记录"
			                                             : "举报",
			            e->ref);
		if (rc)
			return rc;
	}
	return 0;
}

static int64_t action_id(const void *r)
{
	return ((const struct enforcement_action *)r)->id;
}

static const char *action_authority(const void *r)
{
	return ((const struct enforcement_action *)r)->authority;
}

static struct record_stamp *action_stamp(void *r)
{
	return &((struct enforcement_action *)r)->stamp;
}

static int action_check(const struct supervision_ctx *c, void *r, struct record_error *err)
{
	return enforcement_check(r, c->topics, c->today, err);
}

static int action_resolve(const struct supervision_ctx *c, void *r, struct arena *a,
                          struct record_error *err)
{
	struct enforcement_action *x = r;
	x->topic = topic_on(c->topics, x->topic, strlen(x->topic), x->decided_on)->code;
	struct licensee *parties = arena_calloc(a, x->nparties, sizeof *parties);
	for (size_t i = 0; i < x->nparties; i++) {
		parties[i] = x->parties[i];
		int rc = resolve(c, "enterprises", &parties[i], LICENSEE_VALUE_ADDED, a, err);
		if (rc)
			return rc;
	}
	x->parties = parties;
	return check_evidence(c, x, a, err);
}

static int action_get(store *s, int64_t id, struct arena *a, void *out)
{
	return store_enforcement_get(s, id, a, out);
}

static int action_insert(store *s, void *r, int64_t now)
{
	return store_enforcement_insert(s, r, now);
}

static int action_update(store *s, const void *r, int expected, int64_t now)
{
	return store_enforcement_update(s, r, expected, now);
}

static json_t *action_json(const struct supervision_ctx *c, const void *r)
{
	return supervision_action_json(c->ref, c->topics, r);
}

static const struct record_ops action_ops = {
	"enforcement", sizeof(struct enforcement_action), action_id, action_authority, action_stamp,
	action_check, action_resolve, action_get, action_insert, action_update, action_json,
};

int supervision_action_record(const struct supervision_ctx *c, struct enforcement_action *x,
                              struct arena *a, struct record_error *err)
{
	return run(c, &action_ops, x, 0, a, err);
}

int supervision_action_correct(const struct supervision_ctx *c, struct enforcement_action *x,
                               int expected_version, struct arena *a, struct record_error *err)
{
	return run(c, &action_ops, x, expected_version > 0 ? expected_version : -1, a, err);
}

/* ---- bad-list entries ------------------------------------------------------------------- */

static int64_t badlist_id(const void *r)
{
	return ((const struct badlist_entry *)r)->id;
}

static const char *badlist_authority(const void *r)
{
	return ((const struct badlist_entry *)r)->authority;
}

static struct record_stamp *badlist_stamp(void *r)
{
	return &((struct badlist_entry *)r)->stamp;
}

static int badlist_check_(const struct supervision_ctx *c, void *r, struct record_error *err)
{
	return badlist_check(r, c->today, err);
}

static int badlist_resolve(const struct supervision_ctx *c, void *r, struct arena *a,
                           struct record_error *err)
{
	struct badlist_entry *e = r;
	int rc = resolve(c, "enterprise", &e->enterprise, LICENSEE_VALUE_ADDED, a, err);
	return rc ? rc : linked_action(c, e->action_id, &e->enterprise, a, err);
}

static int badlist_get(store *s, int64_t id, struct arena *a, void *out)
{
	return store_badlist_get(s, id, a, out);
}

static int badlist_insert(store *s, void *r, int64_t now)
{
	return store_badlist_insert(s, r, now);
}

static int badlist_update(store *s, const void *r, int expected, int64_t now)
{
	return store_badlist_update(s, r, expected, now);
}

static json_t *badlist_json(const struct supervision_ctx *c, const void *r)
{
	return supervision_badlist_json(c->ref, r);
}

static const struct record_ops badlist_ops = {
	"badlist", sizeof(struct badlist_entry), badlist_id, badlist_authority, badlist_stamp,
	badlist_check_, badlist_resolve, badlist_get, badlist_insert, badlist_update, badlist_json,
};

int supervision_badlist_record(const struct supervision_ctx *c, struct badlist_entry *e,
                               struct arena *a, struct record_error *err)
{
	return run(c, &badlist_ops, e, 0, a, err);
}

int supervision_badlist_correct(const struct supervision_ctx *c, struct badlist_entry *e,
                                int expected_version, struct arena *a, struct record_error *err)
{
	return run(c, &badlist_ops, e, expected_version > 0 ? expected_version : -1, a, err);
}

/* ---- inspections -------------------------------------------------------------------------- */

static int64_t inspection_id(const void *r)
{
	return ((const struct inspection *)r)->id;
}

static const char *inspection_authority(const void *r)
{
	return ((const struct inspection *)r)->authority;
}

static struct record_stamp *inspection_stamp(void *r)
{
	return &((struct inspection *)r)->stamp;
}

static int inspection_check_(const struct supervision_ctx *c, void *r, struct record_error *err)
{
	return inspection_check(r, c->topics, c->today, err);
}

static int inspection_resolve(const struct supervision_ctx *c, void *r, struct arena *a,
                              struct record_error *err)
{
	struct inspection *i = r;
	i->topic = topic_on(c->topics, i->topic, strlen(i->topic), i->inspected_on)->code;
	int rc = resolve(c, "enterprise", &i->enterprise, LICENSEE_VALUE_ADDED, a, err);
	return rc ? rc : linked_action(c, i->action_id, &i->enterprise, a, err);
}

static int inspection_get(store *s, int64_t id, struct arena *a, void *out)
{
	return store_inspection_get(s, id, a, out);
}

static int inspection_insert(store *s, void *r, int64_t now)
{
	return store_inspection_insert(s, r, now);
}

static int inspection_update(store *s, const void *r, int expected, int64_t now)
{
	return store_inspection_update(s, r, expected, now);
}

static json_t *inspection_json(const struct supervision_ctx *c, const void *r)
{
	return supervision_inspection_json(c->ref, c->topics, r);
}

static const struct record_ops inspection_ops = {
	"inspection", sizeof(struct inspection), inspection_id, inspection_authority,
	inspection_stamp, inspection_check_, inspection_resolve, inspection_get, inspection_insert,
	inspection_update, inspection_json,
};

int supervision_inspection_record(const struct supervision_ctx *c, struct inspection *i,
                                  struct arena *a, struct record_error *err)
{
	return run(c, &inspection_ops, i, 0, a, err);
}

int supervision_inspection_correct(const struct supervision_ctx *c, struct inspection *i,
                                   int expected_version, struct arena *a,
                                   struct record_error *err)
{
	return run(c, &inspection_ops, i, expected_version > 0 ? expected_version : -1, a, err);
}

/* ---- app testing batches ------------------------------------------------------------------ */

static int64_t app_test_id(const void *r)
{
	return ((const struct app_test_batch *)r)->id;
}

static const char *app_test_authority(const void *r)
{
	return ((const struct app_test_batch *)r)->authority;
}

static struct record_stamp *app_test_stamp(void *r)
{
	return &((struct app_test_batch *)r)->stamp;
}

static int app_test_check_(const struct supervision_ctx *c, void *r, struct record_error *err)
{
	return app_test_check(r, c->today, err);
}

static int nothing_to_resolve(const struct supervision_ctx *c, void *r, struct arena *a,
                              struct record_error *err)
{
	(void)c, (void)r, (void)a, (void)err;
	return 0;
}

static int app_test_get(store *s, int64_t id, struct arena *a, void *out)
{
	return store_app_test_get(s, id, a, out);
}

static int app_test_insert(store *s, void *r, int64_t now)
{
	return store_app_test_insert(s, r, now);
}

static int app_test_update(store *s, const void *r, int expected, int64_t now)
{
	return store_app_test_update(s, r, expected, now);
}

static json_t *app_test_json(const struct supervision_ctx *c, const void *r)
{
	return supervision_app_test_json(c->ref, r);
}

static const struct record_ops app_test_ops = {
	"app_test", sizeof(struct app_test_batch), app_test_id, app_test_authority, app_test_stamp,
	app_test_check_, nothing_to_resolve, app_test_get, app_test_insert, app_test_update,
	app_test_json,
};

int supervision_app_test_record(const struct supervision_ctx *c, struct app_test_batch *b,
                                struct arena *a, struct record_error *err)
{
	return run(c, &app_test_ops, b, 0, a, err);
}

int supervision_app_test_correct(const struct supervision_ctx *c, struct app_test_batch *b,
                                 int expected_version, struct arena *a, struct record_error *err)
{
	return run(c, &app_test_ops, b, expected_version > 0 ? expected_version : -1, a, err);
}

/* ---- equipment sampling ----------------------------------------------------------------- */

static int64_t equipment_id(const void *r)
{
	return ((const struct equipment_sample *)r)->id;
}

static const char *equipment_authority(const void *r)
{
	return ((const struct equipment_sample *)r)->authority;
}

static struct record_stamp *equipment_stamp(void *r)
{
	return &((struct equipment_sample *)r)->stamp;
}

static int equipment_check_(const struct supervision_ctx *c, void *r, struct record_error *err)
{
	return equipment_check(r, c->today, err);
}

static int equipment_resolve(const struct supervision_ctx *c, void *r, struct arena *a,
                             struct record_error *err)
{
	struct equipment_sample *e = r;
	e->manufacturer.licence_no = NULL; /* the product's licence is not the maker's */
	return resolve(c, "manufacturer", &e->manufacturer, LICENSEE_MANUFACTURER, a, err);
}

static int equipment_get(store *s, int64_t id, struct arena *a, void *out)
{
	return store_equipment_get(s, id, a, out);
}

static int equipment_insert(store *s, void *r, int64_t now)
{
	return store_equipment_insert(s, r, now);
}

static int equipment_update(store *s, const void *r, int expected, int64_t now)
{
	return store_equipment_update(s, r, expected, now);
}

static json_t *equipment_json(const struct supervision_ctx *c, const void *r)
{
	return supervision_equipment_json(c->ref, r);
}

static const struct record_ops equipment_ops = {
	"equipment", sizeof(struct equipment_sample), equipment_id, equipment_authority,
	equipment_stamp, equipment_check_, equipment_resolve, equipment_get, equipment_insert,
	equipment_update, equipment_json,
};

int supervision_equipment_record(const struct supervision_ctx *c, struct equipment_sample *e,
                                 struct arena *a, struct record_error *err)
{
	return run(c, &equipment_ops, e, 0, a, err);
}

int supervision_equipment_correct(const struct supervision_ctx *c, struct equipment_sample *e,
                                  int expected_version, struct arena *a,
                                  struct record_error *err)
{
	return run(c, &equipment_ops, e, expected_version > 0 ? expected_version : -1, a, err);
}

/* ---- the registry corrected ------------------------------------------------------------ */

static int write_licensee(store *s, void *arg)
{
	(void)s;
	struct job *j = arg;
	const struct supervision_ctx *c = j->c;
	struct licensee *l = j->record, before, other;
	int rc = store_licensee_get(c->s, l->id, j->a, &before);
	if (rc)
		return rc == SH_ENOTFOUND ? record_fail(j->err, rc, "id", "没有这家企业") : rc;
	if (before.version != j->expected)
		return record_fail(j->err, SH_ECONFLICT, "version", "企业信息已被他人修改，请刷新后再改");
	char why[192];
	if (licensee_name_check(l->name, l->name ? strlen(l->name) : 0, why, sizeof why))
		return record_fail(j->err, SH_EINVAL, "name", "%s", why);
	if (given(l->licence_no) && licence_check(l->licence_no, strlen(l->licence_no), why, sizeof why))
		return record_fail(j->err, SH_EINVAL, "licence_no", "%s", why);
	if ((unsigned)l->kind >= LICENSEE_KIND_COUNT)
		return record_fail(j->err, SH_EINVAL, "kind", "企业类别应为基础电信企业、移动通信转售企业、"
		                                       "增值电信企业或电信设备生产企业");
	if (l->province[0] && !reference_province_code(c->ref, l->province))
		return record_fail(j->err, SH_EINVAL, "province", "未知的省份代码“%s”", l->province);
	if ((rc = store_licensee_by_name(c->s, l->name, j->a, &other)) == 0 && other.id != l->id)
		return record_fail(j->err, SH_EINVAL, "name", "企业名称“%s”已登记", l->name);
	if (given(l->licence_no) &&
	    (rc = store_licensee_by_licence(c->s, l->licence_no, j->a, &other)) == 0 &&
	    other.id != l->id)
		return record_fail(j->err, SH_EINVAL, "licence_no", "许可证号%s已登记为企业“%s”",
		            l->licence_no, other.name);
	if (!given(l->licence_no))
		l->licence_no = NULL;
	l->enterprise_id = before.enterprise_id;
	if ((rc = store_licensee_update(c->s, l, j->expected)))
		return rc;
	l->version = j->expected + 1;
	return record_event(c, "licensee", l->id, "corrected", supervision_licensee_json(l),
	                    supervision_licensee_json(&before));
}

int supervision_licensee_correct(const struct supervision_ctx *c, struct licensee *l,
                                 int expected_version, struct arena *a, struct record_error *err)
{
	/* The registry is everyone's: a provincial administration corrects it too. */
	err->field = NULL;
	err->message[0] = '\0';
	struct job j = {c, NULL, l, expected_version, a, err};
	return store_transaction(c->s, write_licensee, &j);
}

/* ---- the app pipeline ------------------------------------------------------------------------ */

struct app_job {
	const struct supervision_ctx *c;
	const struct app_step *step;
	struct arena *a;
	struct app_record *out;
	struct record_error *err;
};

static int write_app_step(store *s, void *arg)
{
	(void)s;
	struct app_job *j = arg;
	const struct supervision_ctx *c = j->c;
	const struct app_step *st = j->step;
	struct record_error *err = j->err;
	int rc;
	if (!st->package || !report_package_valid(st->package, strlen(st->package)))
		return record_fail(err, SH_EINVAL, "package", "应用包名“%s”格式不正确，应如 com.example.app",
		            st->package ? st->package : "");
	if ((rc = record_text_check("app_name", "应用名称", st->name, false, REPORT_APP_FIELD_MAX,
	                            err)) ||
	    (rc = record_text_check("store", "应用商店", st->app_store, false, REPORT_APP_FIELD_MAX,
	                            err)) ||
	    (rc = record_text_check("problem", "存在的问题", st->problem, false,
	                            SUPERVISION_SHORT_MAX, err)))
		return rc;
	if (st->day <= 0 || st->day > c->today)
		return record_fail(err, SH_EINVAL, "at", "操作日期应为不晚于今天的日期（如2020-10-20）");
	if (st->name && (rc = store_app_ensure(c->s, st->package, st->name, st->app_store)))
		return rc;
	struct app_record app;
	rc = store_app_get(c->s, st->package, j->a, &app);
	if (rc == SH_ENOTFOUND)
		return record_fail(err, rc, "package", "没有应用%s", st->package);
	if (rc)
		return rc;
	if (st->expected_version >= 0 && app.version != st->expected_version)
		return record_fail(err, SH_ECONFLICT, "version", "该应用已被他人更新（当前状态：%s），请刷新后再试",
		            app_state_label(app.state));
	enum app_state to;
	char why[192];
	if (app_transition(app.state, st->action,
	                   st->action == APP_NOTIFY ? st->deadline : app.deadline, st->day, &to, why,
	                   sizeof why))
		return record_fail(err, SH_ECONFLICT, "action", "%s", why);
	int expected = app.version;
	app.state = to;
	switch (st->action) {
	case APP_NOTIFY:
		app.notified_on = st->day;
		app.deadline = st->deadline;
		break;
	case APP_RECTIFY:
		app.rectified_on = st->day;
		break;
	case APP_NAME:
		app.named_on = st->day;
		break;
	case APP_REMOVE:
		app.removed_on = st->day;
		break;
	case APP_ACTION_COUNT:
		break;
	}
	if ((rc = store_app_update(c->s, &app, expected)) ||
	    (rc = store_app_set_problem(c->s, st->package, given(st->problem) ? st->problem : NULL)))
		return rc;
	app.version = expected + 1;
	*j->out = app;
	if (c->batch_id)
		return 0;
	char day[SH_DATE_LEN + 1];
	date_format(st->day, day);
	return supervision_event(c, "app", 0, app_action_code(st->action),
	                         json_pack("{s:s, s:s, s:s, s:s?}", "package", st->package, "at", day,
	                                   "state", app_state_code(to), "problem", st->problem));
}

int supervision_app_action(const struct supervision_ctx *c, const struct app_step *step,
                           struct arena *a, struct app_record *out, struct record_error *err)
{
	if (c->who && c->who->role != ROLE_REPORT_STAFF && !access_is_ministry(c->who))
		return record_fail(err, SH_EFORBIDDEN, "package", "应用的处置由工业和信息化部和12321受理中心办理");
	struct app_job j = {c, step, a, out, err};
	err->field = NULL;
	err->message[0] = '\0';
	return store_transaction(c->s, write_app_step, &j);
}

/* ---- JSON ------------------------------------------------------------------------------------ */

static json_t *day_json(int32_t day)
{
	char b[SH_DATE_LEN + 1];
	if (!day)
		return json_null();
	date_format(day, b);
	return json_string(b);
}

static json_t *instant(int64_t t)
{
	char b[SH_DATETIME_LEN + 1];
	datetime_format(t, SH_BEIJING_OFFSET, b);
	return json_string(b);
}

void supervision_authority_name(const struct reference *ref, const char *code, char *buf,
                                size_t len)
{
	const struct province *p = reference_province_code(ref, code);
	if (strcmp(code, PROVINCE_NATIONAL) == 0 || !p)
		snprintf(buf, len, "%s", p ? "工业和信息化部" : code);
	else
		snprintf(buf, len, "%s通信管理局", p->name);
}

static json_t *authority_json(const struct reference *ref, const char *code)
{
	char name[96];
	supervision_authority_name(ref, code, name, sizeof name);
	return json_pack("{s:s, s:s}", "code", code, "name", name);
}

static void stamp_json(json_t *o, const struct record_stamp *s)
{
	json_object_set_new(o, "created_at", instant(s->created_at));
	json_object_set_new(o, "updated_at", instant(s->updated_at));
	json_object_set_new(o, "imported", json_boolean(s->batch_id != 0));
	json_object_set_new(o, "version", json_integer(s->version));
}

static json_t *topic_json(const struct topic_list *topics, const char *code)
{
	const struct topic *t = topic_any(topics, code, strlen(code));
	return json_pack("{s:s, s:s}", "code", code, "name", t ? t->name : code);
}

json_t *supervision_licensee_json(const struct licensee *l)
{
	return json_pack("{s:I, s:s, s:s?, s:s, s:s, s:s?, s:b, s:i}", "id", (json_int_t)l->id,
	                 "name", l->name, "licence_no",
	                 l->licence_no && l->licence_no[0] ? l->licence_no : NULL, "kind",
	                 licensee_kind_code(l->kind), "kind_label", licensee_kind_label(l->kind),
	                 "province", l->province[0] ? l->province : NULL, "reference",
	                 l->enterprise_id != 0, "version", l->version);
}

json_t *supervision_action_json(const struct reference *ref, const struct topic_list *topics,
                                const struct enforcement_action *x)
{
	json_t *parties = json_array(), *evidence = json_array();
	for (size_t i = 0; i < x->nparties; i++)
		json_array_append_new(parties, supervision_licensee_json(&x->parties[i]));
	for (size_t i = 0; i < x->nevidence; i++)
		json_array_append_new(evidence, json_pack("{s:s, s:s}", "kind",
		                                          evidence_kind_code(x->evidence[i].kind),
		                                          "ref", x->evidence[i].ref));
	json_t *o = json_pack("{s:I, s:o, s:o, s:s, s:s, s:o, s:s?, s:o, s:s?, s:o, s:o}", "id",
	                      (json_int_t)x->id, "decided_at", day_json(x->decided_on), "authority",
	                      authority_json(ref, x->authority), "measure", measure_code(x->measure),
	                      "measure_label", measure_label(x->measure), "topic",
	                      topic_json(topics, x->topic), "document_no", x->document_no,
	                      "amount_yuan",
	                      x->amount_yuan == NO_AMOUNT ? json_null() : json_integer(x->amount_yuan),
	                      "description", x->description, "enterprises", parties, "evidence",
	                      evidence);
	stamp_json(o, &x->stamp);
	return o;
}

json_t *supervision_badlist_json(const struct reference *ref, const struct badlist_entry *e)
{
	json_t *o = json_pack("{s:I, s:o, s:s, s:s, s:s, s:o, s:s, s:o, s:o}", "id", (json_int_t)e->id,
	                      "enterprise", supervision_licensee_json(&e->enterprise), "list",
	                      badlist_code(e->list), "list_label", badlist_label(e->list),
	                      "list_name", badlist_full_name(e->list), "listed_at",
	                      day_json(e->listed_on), "reason", e->reason, "action_id",
	                      e->action_id ? json_integer(e->action_id) : json_null(), "removed_at",
	                      day_json(e->removed_on));
	json_object_set_new(o, "authority", authority_json(ref, e->authority));
	stamp_json(o, &e->stamp);
	return o;
}

json_t *supervision_inspection_json(const struct reference *ref, const struct topic_list *topics,
                                    const struct inspection *i)
{
	json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:o}", "id", (json_int_t)i->id,
	                      "inspected_at", day_json(i->inspected_on), "authority",
	                      authority_json(ref, i->authority), "enterprise",
	                      supervision_licensee_json(&i->enterprise), "topic",
	                      topic_json(topics, i->topic), "kind", inspection_kind_code(i->kind),
	                      "kind_label", inspection_kind_label(i->kind), "finding", i->finding,
	                      "action_id", i->action_id ? json_integer(i->action_id) : json_null());
	stamp_json(o, &i->stamp);
	return o;
}

json_t *supervision_app_test_json(const struct reference *ref, const struct app_test_batch *b)
{
	json_t *o = json_pack("{s:I, s:o, s:o, s:s, s:I}", "id", (json_int_t)b->id, "tested_at",
	                      day_json(b->tested_on), "authority", authority_json(ref, b->authority),
	                      "store", b->app_store, "apps_tested", (json_int_t)b->apps_tested);
	stamp_json(o, &b->stamp);
	return o;
}

json_t *supervision_equipment_json(const struct reference *ref, const struct equipment_sample *e)
{
	json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:s?}", "id",
	                      (json_int_t)e->id, "sampled_at", day_json(e->sampled_on), "authority",
	                      authority_json(ref, e->authority), "manufacturer",
	                      supervision_licensee_json(&e->manufacturer), "product", e->product,
	                      "model", e->model, "licence_no", e->licence_no, "result",
	                      e->passed ? "合格" : "不合格", "problem",
	                      e->passed ? NULL : e->problem);
	json_object_set_new(o, "passed", json_boolean(e->passed));
	stamp_json(o, &e->stamp);
	return o;
}
