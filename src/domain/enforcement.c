#include "domain/enforcement.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/date.h"
#include "core/embedded.h"
#include "core/error.h"
#include "core/utf8.h"
#include "domain/reference.h"
#include "domain/vocabulary.h"

/* ---- vocabularies ---------------------------------------------------------------- */

static const struct vocab measures[MEASURE_COUNT] = {
	[MEASURE_PENALTY] = {"penalty", "行政处罚", NULL},
	[MEASURE_RECTIFICATION] = {"rectification_order", "责令整改通知", "责令整改"},
	[MEASURE_CRITICISM] = {"criticism", "通报批评", NULL},
	[MEASURE_INTERVIEW] = {"interview", "约谈提醒", "约谈"},
};

static const struct vocab inspection_kinds[INSPECTION_KIND_COUNT] = {
	[INSPECTION_ON_SITE] = {"on_site", "实地检查", NULL},
	[INSPECTION_UNANNOUNCED] = {"unannounced", "明察暗访", NULL},
	[INSPECTION_SPECIAL] = {"special", "专项检查", NULL},
};

static const struct vocab lists[BADLIST_KIND_COUNT] = {
	[BADLIST_BAD_RECORD] = {"bad_record", "不良名单", "电信业务经营不良名单"},
	[BADLIST_DISCREDIT] = {"discredit", "失信名单", "电信业务经营失信名单"},
};

static const struct vocab evidence_kinds[EVIDENCE_KIND_COUNT] = {
	[EVIDENCE_COMPLAINT] = {"complaint", "申诉", NULL},
	[EVIDENCE_REPORT] = {"report", "举报", NULL},
	[EVIDENCE_INSPECTION] = {"inspection", "检查", NULL},
};

#define CODE(table, count, i) ((unsigned)(i) < (count) ? (table)[i].code : "")
#define LABEL(table, count, i) ((unsigned)(i) < (count) ? (table)[i].label : "")

/* Looks s up in table; 0 and *out, or SH_EINVAL. */
static int lookup(const struct vocab *t, int n, const char *s, size_t len, int *out)
{
	int i = vocab_find(t, n, s, len);
	if (i < 0)
		return SH_EINVAL;
	*out = i;
	return 0;
}

const char *measure_code(enum measure m)
{
	return CODE(measures, MEASURE_COUNT, m);
}

const char *measure_label(enum measure m)
{
	return LABEL(measures, MEASURE_COUNT, m);
}

int measure_parse(const char *s, size_t len, enum measure *out)
{
	int i, rc = lookup(measures, MEASURE_COUNT, s, len, &i);
	if (rc == 0)
		*out = (enum measure)i;
	return rc;
}

bool measure_issued(enum measure m)
{
	return m == MEASURE_PENALTY || m == MEASURE_RECTIFICATION;
}

const char *inspection_kind_code(enum inspection_kind k)
{
	return CODE(inspection_kinds, INSPECTION_KIND_COUNT, k);
}

const char *inspection_kind_label(enum inspection_kind k)
{
	return LABEL(inspection_kinds, INSPECTION_KIND_COUNT, k);
}

int inspection_kind_parse(const char *s, size_t len, enum inspection_kind *out)
{
	int i, rc = lookup(inspection_kinds, INSPECTION_KIND_COUNT, s, len, &i);
	if (rc == 0)
		*out = (enum inspection_kind)i;
	return rc;
}

const char *badlist_code(enum badlist_kind k)
{
	return CODE(lists, BADLIST_KIND_COUNT, k);
}

const char *badlist_label(enum badlist_kind k)
{
	return LABEL(lists, BADLIST_KIND_COUNT, k);
}

const char *badlist_full_name(enum badlist_kind k)
{
	return (unsigned)k < BADLIST_KIND_COUNT ? lists[k].alias : "";
}

int badlist_parse(const char *s, size_t len, enum badlist_kind *out)
{
	int i, rc = lookup(lists, BADLIST_KIND_COUNT, s, len, &i);
	if (rc == 0)
		*out = (enum badlist_kind)i;
	return rc;
}

int sample_result_parse(const char *s, size_t len, bool *passed)
{
	static const struct vocab results[2] = {{"fail", "不合格", NULL}, {"pass", "合格", NULL}};
	int i, rc = lookup(results, 2, s, len, &i);
	if (rc == 0)
		*passed = i == 1;
	return rc;
}

const char *evidence_kind_code(enum evidence_kind k)
{
	return CODE(evidence_kinds, EVIDENCE_KIND_COUNT, k);
}

int evidence_kind_parse(const char *s, size_t len, enum evidence_kind *out)
{
	int i, rc = lookup(evidence_kinds, EVIDENCE_KIND_COUNT, s, len, &i);
	if (rc == 0)
		*out = (enum evidence_kind)i;
	return rc;
}

/* ---- topics ------------------------------------------------------------------------ */

enum { T_CODE, T_NAME, T_PHRASE, T_INSPECTION, T_PARAGRAPH, T_FROM, T_TO, T_COLUMNS };
static const char topic_header[] =
	"code,name,phrase,inspection_phrase,paragraph,valid_from,valid_to";

static int topic_row(struct topic_list *l, const struct csv_field *f, size_t n, char *err,
                     size_t errlen)
{
	if (n != T_COLUMNS) {
		snprintf(err, errlen, "expected %d fields, found %zu", T_COLUMNS, n);
		return SH_EINVAL;
	}
	for (int c = T_CODE; c <= T_INSPECTION; c++)
		if (f[c].len == 0) {
			snprintf(err, errlen, "field %d is empty", c + 1);
			return SH_EINVAL;
		}
	if (topic_any(l, f[T_CODE].ptr, f[T_CODE].len) || topic_any(l, f[T_NAME].ptr, f[T_NAME].len)) {
		snprintf(err, errlen, "topic %s listed twice", f[T_CODE].ptr);
		return SH_EINVAL;
	}
	int32_t from = DATE_OPEN_START, to = DATE_OPEN_END;
	if ((f[T_FROM].len && date_parse(f[T_FROM].ptr, f[T_FROM].len, &from)) ||
	    (f[T_TO].len && date_parse(f[T_TO].ptr, f[T_TO].len, &to)) || to < from) {
		snprintf(err, errlen, "bad validity of topic %s", f[T_CODE].ptr);
		return SH_EINVAL;
	}
	struct topic *grown = arena_alloc(&l->arena, (l->n + 1) * sizeof *grown);
	if (l->n)
		memcpy(grown, l->items, l->n * sizeof *grown);
	l->items = grown;
	struct topic *t = &l->items[l->n++];
	*t = (struct topic){
		.code = arena_strdup(&l->arena, f[T_CODE].ptr),
		.name = arena_strdup(&l->arena, f[T_NAME].ptr),
		.phrase = arena_strdup(&l->arena, f[T_PHRASE].ptr),
		.inspection_phrase = arena_strdup(&l->arena, f[T_INSPECTION].ptr),
		.paragraph = f[T_PARAGRAPH].len ? arena_strdup(&l->arena, f[T_PARAGRAPH].ptr) : NULL,
		.valid_from = from,
		.valid_to = to,
	};
	return 0;
}

int topic_list_parse(const char *text, size_t len, struct topic_list *out, char *err,
                     size_t errlen)
{
	struct topic_list l = {0};
	arena_init(&l.arena, 4096);
	struct csv_options opt = {.validate_utf8 = true};
	csv_reader *r;
	int rc = csv_reader_open_mem(text, len, &opt, &r);
	if (rc) {
		snprintf(err, errlen, "cannot read the topic list");
		arena_free(&l.arena);
		return rc;
	}
	struct csv_record rec;
	bool header = true;
	char why[160] = "";
	while (rc == 0 && csv_read(r, &rec) == 1) {
		if (header) {
			char got[256] = "";
			for (size_t i = 0; i < rec.n; i++)
				snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? "," : "",
				         rec.fields[i].ptr);
			if (strcmp(got, topic_header) != 0) {
				snprintf(why, sizeof why, "header should be '%s'", topic_header);
				rc = SH_EINVAL;
			}
			header = false;
			continue;
		}
		rc = topic_row(&l, rec.fields, rec.n, why, sizeof why);
		if (rc)
			snprintf(err, errlen, "line %llu: %s", (unsigned long long)rec.line, why);
	}
	if (rc == 0 && (csv_reader_error(r)->message[0] || l.n == 0)) {
		snprintf(err, errlen, "the topic list is malformed or empty");
		rc = SH_EINVAL;
	} else if (rc && !err[0]) {
		snprintf(err, errlen, "%s", why);
	}
	csv_reader_free(r);
	if (rc) {
		arena_free(&l.arena);
		return rc;
	}
	*out = l;
	return 0;
}

void topic_list_free(struct topic_list *l)
{
	if (l)
		arena_free(&l->arena);
}

static struct topic_list builtin;
static bool builtin_ok;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void load_builtin(void)
{
	const struct embedded_file *f = embedded_find("supervision_topics.csv");
	char err[256] = "";
	builtin_ok = f && topic_list_parse(f->data, f->len, &builtin, err, sizeof err) == 0;
}

const struct topic_list *topics_builtin(void)
{
	pthread_once(&builtin_once, load_builtin);
	return builtin_ok ? &builtin : NULL;
}

static bool names(const struct topic *t, const char *s, size_t len)
{
	return (strlen(t->code) == len && memcmp(t->code, s, len) == 0) ||
	       (strlen(t->name) == len && memcmp(t->name, s, len) == 0);
}

const struct topic *topic_any(const struct topic_list *l, const char *s, size_t len)
{
	for (size_t i = 0; l && s && i < l->n; i++)
		if (names(&l->items[i], s, len))
			return &l->items[i];
	return NULL;
}

const struct topic *topic_on(const struct topic_list *l, const char *s, size_t len, int32_t day)
{
	for (size_t i = 0; l && s && i < l->n; i++) {
		const struct topic *t = &l->items[i];
		if (names(t, s, len) && day >= t->valid_from && day <= t->valid_to)
			return t;
	}
	return NULL;
}

int topic_index(const struct topic_list *l, const char *code)
{
	for (size_t i = 0; l && code && i < l->n; i++)
		if (strcmp(l->items[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* ---- record checks --------------------------------------------------------------- */

int record_fail(struct record_error *err, int rc, const char *field, const char *fmt, ...)
{
	err->field = field;
	va_list ap;
	va_start(ap, fmt);
	utf8_vformat(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return rc;
}

static bool blank(const char *s)
{
	return !s || utf8_is_blank(s, strlen(s));
}

int record_text_check(const char *field, const char *label, const char *s, bool required,
                      size_t max, struct record_error *err)
{
	if (blank(s))
		return required ? record_fail(err, SH_EINVAL, field, "请填写%s", label) : 0;
	size_t len = strlen(s);
	if (!utf8_valid(s, len))
		return record_fail(err, SH_EINVAL, field, "%s不是有效的UTF-8文本", label);
	if (utf8_chars(s, len) > max)
		return record_fail(err, SH_EINVAL, field, "%s最多%zu个字（现在是%zu个）", label, max, utf8_chars(s, len));
	return 0;
}

/* A record's day: given, not in the future. */
static int day_check(const char *field, const char *label, int32_t day, int32_t today,
                     struct record_error *err)
{
	char a[SH_DATE_LEN + 1], b[SH_DATE_LEN + 1];
	if (day <= 0)
		return record_fail(err, SH_EINVAL, field, "请填写%s（如2020-12-31）", label);
	if (day > today) {
		date_format(day, a);
		date_format(today, b);
		return record_fail(err, SH_EINVAL, field, "%s%s晚于今天（%s）", label, a, b);
	}
	return 0;
}

static int authority_check(const char *authority, struct record_error *err)
{
	if (strlen(authority) != 2 || authority[0] < '0' || authority[0] > '9' ||
	    authority[1] < '0' || authority[1] > '9')
		return record_fail(err, SH_EINVAL, "authority", "请填写作出决定的机关：00（工业和信息化部）或省份代码");
	return 0;
}

/* The topic named by code, valid on day. */
static int topic_check(const struct topic_list *topics, const char *code, int32_t day,
                       struct record_error *err)
{
	if (blank(code))
		return record_fail(err, SH_EINVAL, "topic", "请填写问题类别（如携号转网、垃圾信息）");
	if (topic_on(topics, code, strlen(code), day))
		return 0;
	const struct topic *any = topic_any(topics, code, strlen(code));
	char d[SH_DATE_LEN + 1];
	date_format(day, d);
	if (any)
		return record_fail(err, SH_EINVAL, "topic", "问题类别“%s”在%s不适用（见 /api/reference/topics）",
		            any->name, d);
	return record_fail(err, SH_EINVAL, "topic", "未知的问题类别“%.*s”（见 /api/reference/topics）",
	            UTF8_AT_MOST(code, 60));
}

static int name_check(const char *field, const struct licensee *l, struct record_error *err)
{
	char why[192];
	if (licensee_name_check(l->name, l->name ? strlen(l->name) : 0, why, sizeof why))
		return record_fail(err, SH_EINVAL, field, "%s", why);
	if (!blank(l->licence_no) &&
	    licence_check(l->licence_no, strlen(l->licence_no), why, sizeof why))
		return record_fail(err, SH_EINVAL, strcmp(field, "enterprises") == 0 ? "licences" : "licence", "%s", why);
	return 0;
}

int enforcement_check(const struct enforcement_action *a, const struct topic_list *topics,
                      int32_t today, struct record_error *err)
{
	int rc;
	if ((rc = day_check("decided_at", "决定日期", a->decided_on, today, err)) ||
	    (rc = authority_check(a->authority, err)) ||
	    (unsigned)a->measure >= MEASURE_COUNT ||
	    (rc = topic_check(topics, a->topic, a->decided_on, err)))
		return rc ? rc
		          : record_fail(err, SH_EINVAL, "measure", "处理措施应为行政处罚、责令整改通知、通报批评或约谈提醒");
	if (a->nparties == 0)
		return record_fail(err, SH_EINVAL, "enterprises", "请填写被处理的企业（多家企业用“;”分隔）");
	if (a->nparties > ENFORCEMENT_MAX_PARTIES)
		return record_fail(err, SH_EINVAL, "enterprises", "一次处理最多%d家企业（现在是%zu家）",
		            ENFORCEMENT_MAX_PARTIES, a->nparties);
	for (size_t i = 0; i < a->nparties; i++) {
		if ((rc = name_check("enterprises", &a->parties[i], err)))
			return rc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(a->parties[i].name, a->parties[j].name) == 0)
				return record_fail(err, SH_EINVAL, "enterprises", "企业“%s”重复列出",
				            a->parties[i].name);
	}
	if (a->measure == MEASURE_PENALTY && blank(a->document_no))
		return record_fail(err, SH_EINVAL, "document_no", "行政处罚须填写处罚决定书文号");
	if ((rc = record_text_check("document_no", "文号", a->document_no, false,
	                            SUPERVISION_SHORT_MAX, err)))
		return rc;
	if (a->amount_yuan != NO_AMOUNT && a->measure != MEASURE_PENALTY)
		return record_fail(err, SH_EINVAL, "amount_yuan", "只有行政处罚才有罚款金额（%s不应填写）",
		            measure_label(a->measure));
	if (a->amount_yuan != NO_AMOUNT && (a->amount_yuan < 0 || a->amount_yuan > 100000000000))
		return record_fail(err, SH_EINVAL, "amount_yuan", "罚款金额应为不超过1000亿元的非负整数（元）");
	if (a->nevidence > ENFORCEMENT_MAX_EVIDENCE)
		return record_fail(err, SH_EINVAL, "evidence", "证据最多%d项", ENFORCEMENT_MAX_EVIDENCE);
	for (size_t i = 0; i < a->nevidence; i++)
		if ((unsigned)a->evidence[i].kind >= EVIDENCE_KIND_COUNT || blank(a->evidence[i].ref) ||
		    strlen(a->evidence[i].ref) > 64)
			return record_fail(err, SH_EINVAL, "evidence", "证据应为申诉案件编号、举报编号或检查记录编号");
	return record_text_check("description", "情况说明", a->description, false,
	                         SUPERVISION_TEXT_MAX, err);
}

int badlist_check(const struct badlist_entry *e, int32_t today, struct record_error *err)
{
	int rc;
	if ((rc = day_check("listed_at", "列入日期", e->listed_on, today, err)) ||
	    (rc = name_check("enterprise", &e->enterprise, err)) ||
	    (rc = authority_check(e->authority, err)))
		return rc;
	if ((unsigned)e->list >= BADLIST_KIND_COUNT)
		return record_fail(err, SH_EINVAL, "list", "名单应为不良名单或失信名单");
	if ((rc = record_text_check("reason", "列入原因", e->reason, true, SUPERVISION_SHORT_MAX,
	                            err)))
		return rc;
	if (e->removed_on) {
		char a[SH_DATE_LEN + 1];
		date_format(e->listed_on, a);
		if (e->removed_on < e->listed_on)
			return record_fail(err, SH_EINVAL, "removed_at", "移出日期早于列入日期（%s）", a);
		return day_check("removed_at", "移出日期", e->removed_on, today, err);
	}
	return 0;
}

int inspection_check(const struct inspection *i, const struct topic_list *topics, int32_t today,
                     struct record_error *err)
{
	int rc;
	if ((rc = day_check("inspected_at", "检查日期", i->inspected_on, today, err)) ||
	    (rc = authority_check(i->authority, err)) ||
	    (rc = name_check("enterprise", &i->enterprise, err)) ||
	    (rc = topic_check(topics, i->topic, i->inspected_on, err)))
		return rc;
	if ((unsigned)i->kind >= INSPECTION_KIND_COUNT)
		return record_fail(err, SH_EINVAL, "kind", "检查方式应为实地检查、明察暗访或专项检查");
	return record_text_check("finding", "检查结果", i->finding, true, SUPERVISION_TEXT_MAX, err);
}

int app_test_check(const struct app_test_batch *b, int32_t today, struct record_error *err)
{
	int rc;
	if ((rc = day_check("tested_at", "检测日期", b->tested_on, today, err)) ||
	    (rc = authority_check(b->authority, err)) ||
	    (rc = record_text_check("store", "应用商店", b->app_store, true, SUPERVISION_SHORT_MAX,
	                            err)))
		return rc;
	if (b->apps_tested <= 0 || b->apps_tested > 100000000)
		return record_fail(err, SH_EINVAL, "apps_tested", "检测应用数应为1至1亿之间的整数");
	return 0;
}

int equipment_check(const struct equipment_sample *s, int32_t today, struct record_error *err)
{
	int rc;
	if ((rc = day_check("sampled_at", "抽查日期", s->sampled_on, today, err)) ||
	    (rc = authority_check(s->authority, err)))
		return rc;
	char why[192];
	if (licensee_name_check(s->manufacturer.name,
	                        s->manufacturer.name ? strlen(s->manufacturer.name) : 0, why,
	                        sizeof why))
		return record_fail(err, SH_EINVAL, "manufacturer", "%s", why);
	if ((rc = record_text_check("product", "产品名称", s->product, true, SUPERVISION_SHORT_MAX,
	                            err)) ||
	    (rc = record_text_check("model", "型号", s->model, true, SUPERVISION_SHORT_MAX, err)) ||
	    (rc = record_text_check("licence_no", "进网许可证编号", s->licence_no, true,
	                            SUPERVISION_SHORT_MAX, err)))
		return rc;
	if (!s->passed && blank(s->problem))
		return record_fail(err, SH_EINVAL, "problem", "不合格的产品须写明存在的问题");
	if (s->passed && !blank(s->problem))
		return record_fail(err, SH_EINVAL, "problem", "合格的产品不应填写问题（结果是否应为不合格？）");
	return record_text_check("problem", "存在的问题", s->problem, false, SUPERVISION_SHORT_MAX,
	                         err);
}
