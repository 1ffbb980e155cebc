#include "app/notice_data.h"

#include <string.h>

#include "core/date.h"
#include "core/error.h"

/* Position of id in ids[0..n), or -1. */
static int index_of(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return (int)i;
	return -1;
}

/* Report counts per series for the eight quarters; no series at all when
 * there are no reports in them (the notice then omits the 12321 part). */
static int load_reports(store *s, const struct period *p, struct notice_input *in)
{
	int64_t trend[SERIES_COUNT][NOTICE_TREND] = {{0}}, any = 0;
	struct period q = period_shift(p, -(NOTICE_TREND - 1));
	for (int i = 0; i < NOTICE_TREND; i++, q = period_shift(&q, 1)) {
		int64_t counts[REPORT_KIND_COUNT];
		int rc = store_report_counts(s, date_start_instant(q.first, SH_BEIJING_OFFSET),
		                             date_start_instant(q.last + 1, SH_BEIJING_OFFSET), counts);
		if (rc)
			return rc;
		for (int k = 0; k < REPORT_KIND_COUNT; k++) {
			trend[report_series_of((enum report_kind)k)][i] += counts[k];
			any += counts[k];
		}
	}
	if (!any)
		return 0;
	int rc = store_app_counts(s, p->first, p->last, &in->apps_notified, &in->apps_named,
	                          &in->apps_removed);
	if (rc)
		return rc;
	in->nkinds = SERIES_COUNT;
	for (int k = 0; k < SERIES_COUNT; k++) {
		in->kind_codes[k] = report_series_code((enum notice_series)k);
		in->kind_labels[k] = report_series_label((enum notice_series)k);
		memcpy(in->kind_trend[k], trend[k], sizeof trend[k]);
		in->kind_counts[0][k] = trend[k][7];
		in->kind_counts[1][k] = trend[k][6];
		in->kind_counts[2][k] = trend[k][3];
	}
	return 0;
}

int notice_load(store *s, const struct reference *ref, const struct period *p,
                const char *province, struct arena *a, struct notice *out)
{
	struct notice_input *in = arena_calloc(a, 1, sizeof *in);
	in->period = *p;
	const struct province *prov = province ? reference_province_code(ref, province) : NULL;
	in->scope = prov ? prov->name : "全国";

	/* The classes of the period's own taxonomy, in table order. */
	const struct category *cats[NOTICE_MAX_CLASSES];
	in->nclasses = reference_categories_on(ref, p->last, cats, NOTICE_MAX_CLASSES);
	int64_t class_ids[NOTICE_MAX_CLASSES];
	for (size_t c = 0; c < in->nclasses; c++) {
		in->class_names[c] = cats[c]->name;
		class_ids[c] = cats[c]->id;
	}
	/* Enterprise groups: basic operators first, then the others, table order. */
	int64_t ent_ids[NOTICE_MAX_ROWS - 1];
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < ref->nenterprises && in->nenterprises < NOTICE_MAX_ROWS - 1; i++) {
			const struct enterprise *e = &ref->enterprises[i];
			if (e->parent_id || (pass == 0) != (e->kind == ENTERPRISE_BASIC))
				continue;
			ent_ids[in->nenterprises] = e->id;
			in->enterprise_names[in->nenterprises++] = e->name;
		}

	/* Eight quarters: the trend, and within it this quarter (7), the previous
	 * one (6) and the same quarter a year before (3). */
	struct period q = period_shift(p, -(NOTICE_TREND - 1));
	for (int i = 0; i < NOTICE_TREND; i++, q = period_shift(&q, 1)) {
		struct stat_cell *cells;
		size_t n;
		int rc = store_stat_counts(s, date_start_instant(q.first, SH_BEIJING_OFFSET),
		                           date_start_instant(q.last + 1, SH_BEIJING_OFFSET), province, a,
		                           &cells, &n);
		if (rc)
			return rc;
		int slot = i == 7 ? 0 : i == 6 ? 1 : i == 3 ? 2 : -1;
		for (size_t k = 0; k < n; k++) {
			in->trend[i] += cells[k].count;
			if (slot < 0)
				continue;
			int e = index_of(ent_ids, in->nenterprises, cells[k].enterprise_id);
			int c = index_of(class_ids, in->nclasses, cells[k].category_id);
			/* Earlier quarters may use another taxonomy: their totals still
			 * count, filed under the first class for the per-enterprise sums. */
			if (e >= 0)
				in->counts[slot][e][c >= 0 ? c : 0] += cells[k].count;
		}
	}

	/* Users: only national figures exist, so a province's notice has none. */
	for (int w = 0; w < 2 && !province; w++) {
		struct period sp = period_shift(p, -w);
		char key[16];
		period_format(&sp, key, sizeof key);
		int64_t *pairs;
		size_t n;
		int rc = store_subscribers_get(s, key, a, &pairs, &n);
		if (rc)
			return rc;
		for (size_t k = 0; k < n; k++) {
			int e = index_of(ent_ids, in->nenterprises, pairs[2 * k]);
			if (e >= 0)
				in->subscribers[w][e] = pairs[2 * k + 1];
		}
	}
	/* 12321 reports are national: a province's notice has none. */
	int rc = province ? 0 : load_reports(s, p, in);
	if (rc)
		return rc;
	notice_build(in, out);
	return 0;
}
