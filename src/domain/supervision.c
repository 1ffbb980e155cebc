#include "domain/supervision.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

/* ---- counting ------------------------------------------------------------------------ */

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Distinct values among ids[0..n) (sorted in place). */
static int64_t distinct(int64_t *ids, size_t n)
{
	if (n == 0)
		return 0;
	qsort(ids, n, sizeof *ids, cmp_id);
	int64_t d = 1;
	for (size_t i = 1; i < n; i++)
		d += ids[i] != ids[i - 1];
	return d;
}

/* A growing list of ids (heap: figures are built outside any arena). */
struct ids {
	int64_t *v;
	size_t n, cap;
};

static void push(struct ids *s, int64_t id)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = sh_xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = id;
}

static int64_t drain(struct ids *s)
{
	int64_t d = distinct(s->v, s->n);
	s->n = 0;
	return d;
}

static struct supervision_topic_figures *topic_slot(struct supervision_figures *f,
                                                    const struct topic_list *topics,
                                                    const char *code)
{
	int at = topic_index(topics, code);
	if (at < 0)
		return NULL;
	for (size_t i = 0; i < f->ntopics; i++)
		if (f->topics[i].topic == &topics->items[at])
			return &f->topics[i];
	if (f->ntopics == SUPERVISION_MAX_TOPICS)
		return NULL;
	/* Keep the list's order: insert before the first topic listed later. */
	size_t pos = f->ntopics;
	while (pos > 0 && f->topics[pos - 1].topic > &topics->items[at])
		pos--;
	memmove(&f->topics[pos + 1], &f->topics[pos], (f->ntopics - pos) * sizeof f->topics[0]);
	f->ntopics++;
	f->topics[pos] = (struct supervision_topic_figures){.topic = &topics->items[at]};
	return &f->topics[pos];
}

static void count_actions(const struct supervision_input *in, struct supervision_figures *f)
{
	for (size_t i = 0; i < in->nactions; i++) {
		const struct enforcement_action *a = &in->actions[i];
		if ((unsigned)a->measure >= MEASURE_COUNT)
			continue;
		int64_t parties = (int64_t)a->nparties;
		f->actions++;
		f->enterprises += parties;
		f->measure_actions[a->measure]++;
		f->measure_enterprises[a->measure] += parties;
		struct supervision_topic_figures *t = topic_slot(f, in->topics, a->topic);
		if (!t)
			continue;
		t->actions[a->measure]++;
		t->enterprises[a->measure] += parties;
		if (parties != 1)
			t->multi[a->measure] = true;
	}
	/* Criticisms under topics with a paragraph of their own: distinct enterprises. */
	struct ids seen = {0};
	for (size_t k = 0; in->topics && k < in->topics->n; k++) {
		const struct topic *tp = &in->topics->items[k];
		if (!tp->paragraph || f->ncriticisms == SUPERVISION_MAX_TOPICS)
			continue;
		struct supervision_criticism_figures c = {.topic = tp};
		for (size_t i = 0; i < in->nactions; i++) {
			const struct enforcement_action *a = &in->actions[i];
			if (a->measure != MEASURE_CRITICISM || strcmp(a->topic, tp->code) != 0)
				continue;
			for (size_t p = 0; p < a->nparties; p++) {
				push(&seen, a->parties[p].id);
				c.enterprise_kinds |= 1u << a->parties[p].kind;
			}
		}
		c.enterprises = drain(&seen);
		if (c.enterprises)
			f->criticisms[f->ncriticisms++] = c;
	}
	free(seen.v);
}

static void count_listings(const struct supervision_input *in, struct supervision_figures *f)
{
	for (size_t i = 0; i < in->nlistings; i++) {
		const struct badlist_entry *e = &in->listings[i];
		f->listed++;
		size_t k = 0;
		while (k < f->nlistings &&
		       (f->listings[k].list != e->list || strcmp(f->listings[k].reason, e->reason) != 0))
			k++;
		if (k == f->nlistings) {
			if (k == SUPERVISION_MAX_LISTINGS)
				continue;
			f->listings[f->nlistings++] =
				(struct supervision_listing_figures){.list = e->list, .reason = e->reason};
		}
		f->listings[k].enterprises++;
		/* Most first: bubble the grown group up. */
		while (k > 0 && f->listings[k].enterprises > f->listings[k - 1].enterprises) {
			struct supervision_listing_figures t = f->listings[k];
			f->listings[k] = f->listings[k - 1];
			f->listings[--k] = t;
		}
	}
}

/* Whether action a, through its party p, follows an inspection on its topic:
 * the party was inspected on that topic in the quarter, or an inspection of
 * the party names the action as its result. */
static bool follows(const struct supervision_input *in, const struct enforcement_action *a,
                    size_t p)
{
	for (size_t i = 0; i < in->ninspections; i++) {
		const struct inspection *x = &in->inspections[i];
		if (x->action_id && x->action_id == a->id && x->enterprise.id == a->parties[p].id)
			return true;
		if (strcmp(x->topic, a->topic) != 0)
			continue;
		if (x->enterprise.id == a->parties[p].id)
			return true;
	}
	return false;
}

static void count_inspections(const struct supervision_input *in, struct supervision_figures *f)
{
	struct ids seen = {0};
	for (size_t k = 0; in->topics && k < in->topics->n; k++) {
		const struct topic *tp = &in->topics->items[k];
		struct supervision_inspection_figures x = {.topic = tp};
		for (size_t i = 0; i < in->ninspections; i++) {
			const struct inspection *s = &in->inspections[i];
			if (strcmp(s->topic, tp->code) != 0)
				continue;
			x.inspections++;
			x.kinds |= 1u << s->kind;
			x.enterprise_kinds |= 1u << s->enterprise.kind;
			if (strcmp(s->authority, PROVINCE_NATIONAL) == 0) {
				x.by_ministry++;
				continue;
			}
			size_t j = 0;
			while (j < x.nprovinces && strcmp(x.provinces[j], s->authority) != 0)
				j++;
			if (j == x.nprovinces) {
				if (j == SUPERVISION_MAX_PROVINCES)
					continue;
				memcpy(x.provinces[x.nprovinces++], s->authority, 3);
			}
			x.per_province[j]++;
		}
		if (!x.inspections || f->ninspection_topics == SUPERVISION_MAX_TOPICS)
			continue;
		/* Most inspections first, then by code. */
		for (size_t a = 1; a < x.nprovinces; a++)
			for (size_t b = a; b > 0; b--) {
				bool before = x.per_province[b] > x.per_province[b - 1] ||
				              (x.per_province[b] == x.per_province[b - 1] &&
				               strcmp(x.provinces[b], x.provinces[b - 1]) < 0);
				if (!before)
					break;
				char c[3];
				memcpy(c, x.provinces[b], 3);
				memcpy(x.provinces[b], x.provinces[b - 1], 3);
				memcpy(x.provinces[b - 1], c, 3);
				int64_t t = x.per_province[b];
				x.per_province[b] = x.per_province[b - 1];
				x.per_province[b - 1] = t;
			}
		for (int m = 0; m < MEASURE_COUNT; m++) {
			for (size_t i = 0; i < in->nactions; i++) {
				const struct enforcement_action *a = &in->actions[i];
				if (a->measure != (enum measure)m || strcmp(a->topic, tp->code) != 0)
					continue;
				for (size_t p = 0; p < a->nparties; p++)
					if (follows(in, a, p))
						push(&seen, a->parties[p].id);
			}
			x.followed[m] = drain(&seen);
		}
		f->inspected += x.inspections;
		f->inspections[f->ninspection_topics++] = x;
	}
	free(seen.v);
}

static void count_samples(const struct supervision_input *in, struct supervision_figures *f)
{
	struct ids makers = {0}, failed = {0};
	for (size_t i = 0; i < in->nsamples; i++) {
		push(&makers, in->samples[i].manufacturer.id);
		if (!in->samples[i].passed)
			push(&failed, in->samples[i].manufacturer.id);
	}
	f->makers_sampled = drain(&makers);
	f->makers_failed = drain(&failed);
	free(makers.v);
	free(failed.v);
	struct notice_product *p = sh_xcalloc(in->nsamples ? in->nsamples : 1, sizeof *p);
	f->products_failed = (int64_t)supervision_products(in, p);
	free(p);
}

void supervision_figures_build(const struct supervision_input *in, struct supervision_figures *f)
{
	memset(f, 0, sizeof *f);
	count_actions(in, f);
	count_listings(in, f);
	count_inspections(in, f);
	count_samples(in, f);
	f->apps_tested = in->apps_tested;
	f->apps_found = in->apps_found;
	f->apps_named = in->apps_named;
	f->apps_removed = in->apps_removed;
}

/* ---- annex 3 ---------------------------------------------------------------------------- */

static int cmp_product(const void *a, const void *b)
{
	const struct notice_product *x = a, *y = b;
	int c = strcmp(x->manufacturer, y->manufacturer);
	return c ? c : strcmp(x->model, y->model);
}

size_t supervision_products(const struct supervision_input *in, struct notice_product *out)
{
	size_t n = 0;
	for (size_t i = 0; i < in->nsamples; i++) {
		const struct equipment_sample *s = &in->samples[i];
		if (s->passed)
			continue;
		bool dup = false;
		for (size_t j = 0; j < n && !dup; j++)
			dup = strcmp(out[j].manufacturer, s->manufacturer.name) == 0 &&
			      strcmp(out[j].model, s->model) == 0;
		if (!dup)
			out[n++] = (struct notice_product){s->manufacturer.name, s->product, s->model,
			                                   s->licence_no, s->problem ? s->problem : ""};
	}
	qsort(out, n, sizeof *out, cmp_product);
	return n;
}

/* ---- the phrasing -------------------------------------------------------------------------- */

__attribute__((format(printf, 3, 4))) static void add(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	if (used + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	utf8_vformat(buf + used, len - used, fmt, ap);
	va_end(ap);
}

void supervision_format_count(int64_t n, char *buf, size_t len)
{
	if (n >= 10000 && n % 10000 == 0)
		snprintf(buf, len, "%lld万", (long long)(n / 10000));
	else if (n >= 100000 && n % 1000 == 0)
		snprintf(buf, len, "%lld.%lld万", (long long)(n / 10000), (long long)(n % 10000 / 1000));
	else
		snprintf(buf, len, "%lld", (long long)n);
}

/* The kinds of enterprises named: "基础电信企业和移动通信转售企业". */
static void kinds_phrase(unsigned kinds, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int k = 0; k < LICENSEE_KIND_COUNT; k++)
		if (kinds & (1u << k))
			add(buf, len, "%s%s", buf[0] ? "和" : "", licensee_kind_label((enum licensee_kind)k));
	if (!buf[0])
		snprintf(buf, len, "企业");
}

static const char *province_short(const struct reference *ref, const char *code)
{
	const struct province *p = ref ? reference_province_code(ref, code) : NULL;
	return p ? p->short_name : code;
}

static const char *province_full(const struct reference *ref, const char *code)
{
	const struct province *p = ref ? reference_province_code(ref, code) : NULL;
	return p ? p->name : code;
}

static struct notice_paragraph *next_paragraph(struct notice_paragraph *out, size_t max,
                                               size_t *n, const char *heading)
{
	if (*n >= max)
		return NULL;
	struct notice_paragraph *p = &out[(*n)++];
	memset(p, 0, sizeof *p);
	snprintf(p->heading, sizeof p->heading, "%s", heading);
	return p;
}

static void apps_paragraph(const struct supervision_input *in, const struct supervision_figures *f,
                           struct notice_paragraph *p)
{
	char *t = p->text;
	size_t len = sizeof p->text;
	const char *sep = "";
	if (f->apps_tested) {
		char n[32];
		supervision_format_count(f->apps_tested, n, sizeof n);
		add(t, len, "组织对国内主流手机应用商店的%s款应用软件进行技术检测", n);
		sep = "，";
	}
	if (f->apps_found) {
		add(t, len, "%s发现%lld款APP存在", sep, (long long)f->apps_found);
		for (size_t i = 0; i < in->napp_problems && i < 3; i++)
			add(t, len, "%s%s", i ? "及" : "", in->app_problems[i]);
		add(t, len, in->napp_problems ? "等问题" : "问题");
		sep = "，";
	}
	if (f->apps_named) {
		add(t, len, "%s公开通报%lld款未在限期内完成整改的APP", sep, (long long)f->apps_named);
		sep = "，";
	}
	if (f->apps_removed)
		add(t, len, "%s下架%lld款拒不整改的APP", sep, (long long)f->apps_removed);
	add(t, len, "。");
}

/* "下达行政处罚4件次、责令整改通知9件次，通报批评46件次、约谈提醒17件次". */
static void measures_clause(const struct supervision_topic_figures *t, char *buf, size_t len)
{
	for (int issued = 1; issued >= 0; issued--) {
		bool first = true;
		for (int m = 0; m < MEASURE_COUNT; m++) {
			if (measure_issued((enum measure)m) != (issued == 1) || !t->actions[m])
				continue;
			bool per_enterprise = !t->multi[m];
			add(buf, len, "%s%s%s%lld%s", first ? (buf[0] ? "，" : "") : "、",
			    first && issued ? "下达" : "", measure_label((enum measure)m),
			    (long long)(per_enterprise ? t->enterprises[m] : t->actions[m]),
			    per_enterprise ? "家次" : "件次");
			first = false;
		}
	}
}

static void enforcement_paragraph(const struct supervision_input *in,
                                  const struct supervision_figures *f, struct notice_paragraph *p)
{
	char *t = p->text;
	size_t len = sizeof p->text;
	if (in->province)
		add(t, len, "%s通信管理局加强监督执法", province_full(in->ref, in->province));
	else
		add(t, len, "组织各省（区、市）通信管理局加强监督执法");
	if (f->actions)
		add(t, len, "，查处违规电信企业%lld家次", (long long)f->enterprises);
	add(t, len, "。");
	const char *sep = "其中，";
	for (size_t i = 0; i < f->ntopics; i++) {
		char clause[512] = "";
		measures_clause(&f->topics[i], clause, sizeof clause);
		add(t, len, "%s对存在%s的企业，%s", sep, f->topics[i].topic->phrase, clause);
		sep = "；";
	}
	for (size_t i = 0; i < f->nlistings; i++) {
		const struct supervision_listing_figures *l = &f->listings[i];
		bool penalty = strcmp(l->reason, measure_label(MEASURE_PENALTY)) == 0;
		add(t, len, "%s%lld家企业因%s%s被纳入%s", i ? "，" : sep, (long long)l->enterprises,
		    penalty ? "受到" : "", l->reason, badlist_full_name(l->list));
		sep = "；";
	}
	if (strcmp(sep, "；") == 0)
		add(t, len, "。");
}

/* One sentence per inspected topic. */
static void inspection_sentence(const struct supervision_input *in,
                                const struct supervision_inspection_figures *x, char *t,
                                size_t len)
{
	size_t np = x->nprovinces;
	if (in->province) {
		add(t, len, "%s通信管理局", province_full(in->ref, in->province));
	} else if (np) {
		add(t, len, "组织");
		for (size_t i = 0; i < np && i < 3; i++)
			add(t, len, "%s%s", i ? "、" : "", province_short(in->ref, x->provinces[i]));
		if (np > 3)
			add(t, len, "等%zu省", np);
		add(t, len, "通信管理局");
	}
	char kinds[128], how[96] = "";
	kinds_phrase(x->enterprise_kinds, kinds, sizeof kinds);
	for (int k = 0; k < INSPECTION_KIND_COUNT; k++)
		if (x->kinds & (1u << k))
			add(how, sizeof how, "%s%s", how[0] ? "和" : "",
			    inspection_kind_label((enum inspection_kind)k));
	add(t, len, "完成%lld家%s%s%s", (long long)x->inspections, kinds, x->topic->inspection_phrase,
	    how);
	static const char *const followed[MEASURE_COUNT] = {
		[MEASURE_PENALTY] = "对问题严重的%lld家企业进行行政处罚",
		[MEASURE_RECTIFICATION] = "对%lld家企业下达责令整改通知",
		[MEASURE_CRITICISM] = "对%lld家企业进行通报批评",
		[MEASURE_INTERVIEW] = "对%lld家企业进行约谈提醒",
	};
	for (int m = 0; m < MEASURE_COUNT; m++)
		if (x->followed[m]) {
			add(t, len, "，");
			add(t, len, followed[m], (long long)x->followed[m]);
		}
	add(t, len, "。");
}

static void equipment_paragraph(const struct supervision_input *in,
                                const struct supervision_figures *f, struct notice_paragraph *p)
{
	add(p->text, sizeof p->text, "组织开展%d年证后监督工作，随机抽查%lld家电信设备生产企业的产品，",
	    in->year, (long long)f->makers_sampled);
	if (f->products_failed)
		add(p->text, sizeof p->text,
		    "发现%lld家企业的%lld款产品存在不同程度问题，已督促相关企业进行整改（详见附件3）。",
		    (long long)f->makers_failed, (long long)f->products_failed);
	else
		add(p->text, sizeof p->text, "未发现产品存在问题。");
}

size_t supervision_paragraphs(const struct supervision_input *in,
                              const struct supervision_figures *f, struct notice_paragraph *out,
                              size_t max)
{
	size_t n = 0;
	struct notice_paragraph *p;
	if ((f->apps_tested || f->apps_found || f->apps_named || f->apps_removed) &&
	    (p = next_paragraph(out, max, &n, "纵深推进APP侵害用户权益专项整治行动")))
		apps_paragraph(in, f, p);
	if ((f->actions || f->listed) &&
	    (p = next_paragraph(out, max, &n, "加大服务质量的监督检查力度")))
		enforcement_paragraph(in, f, p);
	if (f->ninspection_topics) {
		char heading[96];
		if (f->ninspection_topics == 1)
			snprintf(heading, sizeof heading, "强化%s监管",
			         f->inspections[0].topic->inspection_phrase);
		else
			snprintf(heading, sizeof heading, "加强监督检查");
		if ((p = next_paragraph(out, max, &n, heading)))
			for (size_t i = 0; i < f->ninspection_topics; i++)
				inspection_sentence(in, &f->inspections[i], p->text, sizeof p->text);
	}
	if (f->makers_sampled && (p = next_paragraph(out, max, &n, "提升电信设备进网监管效能")))
		equipment_paragraph(in, f, p);
	for (size_t i = 0; i < f->ncriticisms; i++) {
		const struct supervision_criticism_figures *c = &f->criticisms[i];
		char kinds[128];
		kinds_phrase(c->enterprise_kinds, kinds, sizeof kinds);
		if ((p = next_paragraph(out, max, &n, c->topic->paragraph)))
			add(p->text, sizeof p->text,
			    "通报涉及%s突出的%lld家%s，督促相关企业切实强化问题整改和责任落实。",
			    c->topic->phrase, (long long)c->enterprises, kinds);
	}
	return n;
}
