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
/* Keywords for the most surprising warnings only: each costs two reads. */
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

/* Texts of a series over days [from, to], newest first, at most max. */
static int texts(store *s, const struct series_key *k, int32_t from, int32_t to, int max,
                 struct arena *a, const char ***out, size_t *n)
{
	*n = 0;
	*out = arena_alloc(a, ((size_t)max + 1) * sizeof **out);
	int64_t t0 = date_start_instant(from, SH_BEIJING_OFFSET);
	int64_t t1 = date_start_instant(to + 1, SH_BEIJING_OFFSET);
	if (k->source == SERIES_COMPLAINTS) {
		struct case_filter f = {
			.province = k->level == SERIES_PROVINCE_SUBTOPIC ? k->province : NULL,
			.enterprise_id = k->operator_id,
			.category_id = k->category_id,
			.subtopic_id = k->level == SERIES_OPERATOR_CLASS ? 0 : k->subtopic_id,
			.state = -1,
			.received_from = t0,
			.received_to = t1,
			.limit = max,
		};
		struct complaint *cs;
		size_t nc;
		int rc = store_case_list(s, &f, a, &cs, &nc);
		if (rc)
			return rc;
		bool none = k->level != SERIES_OPERATOR_CLASS && k->subtopic_id == 0;
		for (size_t i = 0; i < nc; i++)
			if (!none || cs[i].subtopic_id == 0) /* the list cannot ask for "none" */
				(*out)[(*n)++] = cs[i].description;
		return 0;
	}
	if (k->level != SERIES_REPORT_KIND)
		return 0; /* reports are not listed by operator: the kind's texts would mislead */
	struct report_filter f = {.kind = k->source - 1, .from = t0, .to = t1, .limit = max};
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

static int keywords_of(store *s, const struct warnings *w, struct warning_item *it,
                       struct arena *a)
{
	const struct series *sr = &w->set.items[it->index];
	const struct warning_params *p = &w->params;
	int win = w->results[it->index].window;
	const char **recent, **history;
	size_t nr, nh;
	int rc = texts(s, &sr->key, w->day - win + 1, w->day, RECENT_TEXTS, a, &recent, &nr);
	if (rc == 0)
		rc = texts(s, &sr->key, w->day - p->gap_days - p->baseline_days + 1,
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
	for (size_t i = 0; rc == 0 && q->keywords && i < w.n && i < KEYWORD_ITEMS; i++)
		rc = keywords_of(s, &w, &w.items[i], a);
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
