#include "app/warnings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/error.h"

/* Texts read for keywords: the window's newest and the baseline's newest. */
#define RECENT_TEXTS 300
#define HISTORY_TEXTS 600
/* Keywords for the most surprising warnings only. */
#define KEYWORD_ITEMS 30

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

void warnings_title(const struct reference *ref, const struct series_key *k, char *out,
                    size_t len)
{
	const struct enterprise *e = k->operator_id ? reference_enterprise_id(ref, k->operator_id)
	                                            : NULL;
	if (k->source != SERIES_COMPLAINTS) {
		if (k->level == SERIES_REPORT_KIND)
			snprintf(out, len, "%s（12321举报）", series_source_label(k->source));
		else
			snprintf(out, len, "%s · %s", series_source_label(k->source),
			         e ? e->name : "运营商未知");
		return;
	}
	const char *where = "全国";
	if (k->level == SERIES_PROVINCE_SUBTOPIC) {
		const struct province *p = reference_province_code(ref, k->province);
		where = !p ? k->province : p->national ? "全国中心" : p->short_name;
	}
	const struct category *c = reference_category_id(ref, k->category_id);
	const char *topic = c ? c->name : "?";
	char none[96] = "";
	if (k->level != SERIES_OPERATOR_CLASS) {
		const struct subtopic *t = NULL;
		for (size_t i = 0; i < ref->nsubtopics && !t; i++)
			if (ref->subtopics[i].id == k->subtopic_id)
				t = &ref->subtopics[i];
		if (t)
			topic = t->name;
		else
			snprintf(none, sizeof none, "%s（未分子类）", topic), topic = none;
	}
	snprintf(out, len, "%s · %s · %s", e ? e->name : "?", where, topic);
}

/* Which series the query's reader sees, and how. */
static bool visible(const struct warnings *w, const struct warnings_query *q, size_t i)
{
	const struct series *s = &w->set.items[i];
	enum warning_status st = w->results[i].status;
	if (q->complaints_only && s->key.source != SERIES_COMPLAINTS)
		return false;
	if (!q->province)
		return st == WARNING_REPORTED;
	return s->key.level == SERIES_PROVINCE_SUBTOPIC &&
	       memcmp(s->key.province, q->province, 2) == 0 &&
	       (st == WARNING_REPORTED || st == WARNING_PART_OF);
}

static int by_surprise(const void *pa, const void *pb, void *ctx)
{
	const struct warnings *w = ctx;
	const struct warning_item *a = pa, *b = pb;
	double x = w->results[a->index].surprise, y = w->results[b->index].surprise;
	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* The children that add most to a reported series' rise, over its window. */
static void contributors(const struct warnings *w, struct warning_item *it)
{
	int win = w->results[it->index].window - 1;
	double best[WARNINGS_CONTRIBUTORS];
	for (int k = 0; k < WARNINGS_CONTRIBUTORS; k++)
		it->contributors[k] = -1, best[k] = 0;
	for (size_t i = 0; i < w->set.n; i++) {
		if (w->set.items[i].parent != it->index)
			continue;
		const struct warning_fit *f = &w->results[i].fit;
		double excess = f->observed[win] - f->expected[win];
		for (int k = 0; k < WARNINGS_CONTRIBUTORS; k++)
			if (excess > best[k] + 0.5) {
				memmove(&it->contributors[k + 1], &it->contributors[k],
				        (WARNINGS_CONTRIBUTORS - 1 - k) * sizeof *it->contributors);
				memmove(&best[k + 1], &best[k], (WARNINGS_CONTRIBUTORS - 1 - k) * sizeof *best);
				it->contributors[k] = (int32_t)i;
				best[k] = excess;
				break;
			}
	}
}

/* Texts of a report kind over days [from, to], newest first, at most max. */
static int report_texts(store *s, const struct series_key *k, int32_t from, int32_t to, int max,
                        struct arena *a, const char ***out, size_t *n)
{
	*n = 0;
	*out = arena_alloc(a, ((size_t)max + 1) * sizeof **out);
	if (k->level != SERIES_REPORT_KIND)
		return 0; /* reports are not listed by operator: the kind's texts would mislead */
	struct report_filter f = {.kind = k->source - 1,
	                          .from = date_start_instant(from, SH_BEIJING_OFFSET),
	                          .to = date_start_instant(to + 1, SH_BEIJING_OFFSET),
	                          .limit = max};
	struct report *rs;
	size_t nr;
	int rc = store_report_list(s, &f, a, &rs, &nr);
	if (rc)
		return rc;
	for (size_t i = 0; i < nr; i++)
		if (rs[i].content && !rs[i].invalid)
			(*out)[(*n)++] = rs[i].content;
	return 0;
}

/* The complaints whose texts give a warning its keywords: the newest of its
 * window [0] and of its baseline [1], chosen in one walk over the day's
 * history for all warnings (a query per warning would walk it each time). */
struct text_pick {
	struct warning_item *item;
	const struct series_key *key;
	int64_t from[2], to[2]; /* instants, [from, to) */
	int max[2];
	int64_t *ids[2];
	size_t n[2];
};

struct text_picks {
	struct text_pick *v;
	size_t n;
	size_t open; /* lists not full yet */
};

static bool in_series(const struct series_key *k, const struct complaint_class *c)
{
	if (c->enterprise_id != k->operator_id || c->category_id != k->category_id)
		return false;
	if (k->level == SERIES_OPERATOR_CLASS)
		return true;
	return c->subtopic_id == k->subtopic_id &&
	       (k->level != SERIES_PROVINCE_SUBTOPIC || strcmp(c->province, k->province) == 0);
}

static int pick(void *ctx, const struct complaint_class *c)
{
	struct text_picks *p = ctx;
	for (size_t i = 0; i < p->n; i++) {
		struct text_pick *x = &p->v[i];
		for (int w = 0; w < 2; w++) {
			if (c->received_at < x->from[w] || c->received_at >= x->to[w] ||
			    x->n[w] == (size_t)x->max[w] || !in_series(x->key, c))
				continue;
			x->ids[w][x->n[w]++] = c->id;
			if (x->n[w] == (size_t)x->max[w] && --p->open == 0)
				return 1; /* every list full: no need to walk further back */
		}
	}
	return 0;
}

/* Keywords of the complaint warnings among items[0..n). */
static int complaint_keywords(store *s, const struct warnings *w, struct warning_item *items,
                              size_t n, struct arena *a)
{
	const struct warning_params *p = &w->params;
	struct text_picks picks = {.v = arena_alloc(a, (n + 1) * sizeof *picks.v)};
	struct complaint_match *m = arena_alloc(a, (n + 1) * sizeof *m);
	for (size_t i = 0; i < n; i++) {
		const struct series_key *k = &w->set.items[items[i].index].key;
		if (k->source != SERIES_COMPLAINTS)
			continue;
		m[picks.n] = (struct complaint_match){
			.enterprise_id = k->operator_id,
			.category_id = k->category_id,
			.subtopic_id = k->level == SERIES_OPERATOR_CLASS ? -1 : k->subtopic_id,
		};
		int win = w->results[items[i].index].window;
		int32_t days[2][2] = {{w->day - win + 1, w->day},
		                      {w->day - p->gap_days - p->baseline_days + 1, w->day - p->gap_days}};
		struct text_pick *x = &picks.v[picks.n++];
		*x = (struct text_pick){.item = &items[i], .key = k, .max = {RECENT_TEXTS, HISTORY_TEXTS}};
		for (int j = 0; j < 2; j++) {
			x->from[j] = date_start_instant(days[j][0], SH_BEIJING_OFFSET);
			x->to[j] = date_start_instant(days[j][1] + 1, SH_BEIJING_OFFSET);
			x->ids[j] = arena_alloc(a, (size_t)x->max[j] * sizeof *x->ids[j]);
		}
		picks.open += 2;
	}
	if (picks.n == 0)
		return 0;
	int32_t first = w->day - p->gap_days - p->baseline_days + 1;
	int rc = store_complaint_classes(s, date_start_instant(first, SH_BEIJING_OFFSET),
	                                 date_start_instant(w->day + 1, SH_BEIJING_OFFSET), m, picks.n,
	                                 pick, &picks);
	for (size_t i = 0; rc == 0 && i < picks.n; i++) {
		struct text_pick *x = &picks.v[i];
		const char **texts[2];
		for (int j = 0; rc == 0 && j < 2; j++) {
			texts[j] = arena_alloc(a, (x->n[j] + 1) * sizeof *texts[j]);
			rc = store_complaint_descriptions(s, x->ids[j], x->n[j], a, texts[j]);
		}
		if (rc == 0)
			x->item->nkeywords = keywords_contrast(texts[0], x->n[0], texts[1], x->n[1],
			                                       x->item->keywords, WARNINGS_KEYWORDS);
	}
	return rc;
}

static int report_keywords(store *s, const struct warnings *w, struct warning_item *it,
                           struct arena *a)
{
	const struct series *sr = &w->set.items[it->index];
	const struct warning_params *p = &w->params;
	if (sr->key.source == SERIES_COMPLAINTS)
		return 0;
	int win = w->results[it->index].window;
	const char **recent, **history;
	size_t nr, nh;
	int rc = report_texts(s, &sr->key, w->day - win + 1, w->day, RECENT_TEXTS, a, &recent, &nr);
	if (rc == 0)
		rc = report_texts(s, &sr->key, w->day - p->gap_days - p->baseline_days + 1,
		                  w->day - p->gap_days, HISTORY_TEXTS, a, &history, &nh);
	if (rc == 0)
		it->nkeywords = keywords_contrast(recent, nr, history, nh, it->keywords,
		                                  WARNINGS_KEYWORDS);
	return rc;
}

static struct warning_item *find_item(const struct warnings *w, const char *key)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->items[i].key, key) == 0)
			return &w->items[i];
	return NULL;
}

int warnings_load(store *s, const struct reference *ref, const calendar *cal,
                  const struct warnings_query *q, struct arena *a, struct warnings *out)
{
	struct warnings w = {.day = q->day, .params = warning_defaults};
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int ndays = warning_history_days(&w.params);
	int32_t first = q->day - ndays + 1;
	struct series_row *rows;
	size_t nrows;
	struct arena scratch;
	arena_init(&scratch, 0);
	int rc = store_series_rows(s, first, q->day, &scratch, &rows, &nrows);
	if (rc) {
		arena_free(&scratch);
		return rc;
	}
	series_build(ref, first, ndays, rows, nrows, &w.set);
	arena_free(&scratch);
	w.classes = sh_xmalloc((size_t)ndays);
	warning_day_classes(cal, first, ndays, w.classes);
	w.results = sh_xmalloc((w.set.n + 1) * sizeof *w.results);
	warning_detect(&w.set, w.classes, &w.params, w.results);
	for (size_t i = 0; i < w.set.n; i++)
		w.tested += w.results[i].tested;

	size_t n = 0;
	for (size_t i = 0; i < w.set.n; i++)
		n += visible(&w, q, i);
	w.items = sh_xcalloc(n + 1, sizeof *w.items);
	for (size_t i = 0; i < w.set.n; i++)
		if (visible(&w, q, i)) {
			struct warning_item *it = &w.items[w.n++];
			it->index = (int32_t)i;
			it->status = w.results[i].status;
			series_key_format(&w.set.items[i].key, it->key);
			contributors(&w, it);
		}
	qsort_r(w.items, w.n, sizeof *w.items, by_surprise, &w);
	w.detect_ms = ms_since(&t0);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	size_t nk = q->keywords ? (w.n < KEYWORD_ITEMS ? w.n : KEYWORD_ITEMS) : 0;
	for (size_t i = 0; rc == 0 && i < nk; i++)
		rc = report_keywords(s, &w, &w.items[i], a);
	if (rc == 0)
		rc = complaint_keywords(s, &w, w.items, nk, a);
	w.keywords_ms = ms_since(&t0);

	struct warning_decision_record *d;
	size_t nd;
	if (rc == 0 && (rc = store_warning_decisions(s, q->day, a, &d, &nd)) == 0)
		for (size_t k = 0; k < nd; k++) {
			struct warning_item *it = find_item(&w, d[k].series);
			if (it)
				it->decision = &d[k];
		}
	if (rc) {
		warnings_free(&w);
		return rc;
	}
	*out = w;
	return 0;
}

const struct warning_item *warnings_find(const struct warnings *w, const char *key)
{
	return find_item(w, key);
}

void warnings_free(struct warnings *w)
{
	if (!w)
		return;
	series_set_free(&w->set);
	free(w->classes);
	free(w->results);
	free(w->items);
	*w = (struct warnings){0};
}
