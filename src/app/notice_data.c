#include "app/notice_data.h"

#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/publication.h"

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

int supervision_load(store *s, const struct reference *ref, const struct period *p,
                     const char *province, struct arena *a, struct supervision_input *in,
                     struct supervision_figures *f)
{
	*in = (struct supervision_input){.topics = topics_builtin(), .ref = ref,
	                                 .province = province, .year = p->year};
	struct supervision_filter sf = {.authority = province, .from = p->first, .to = p->last,
	                                .measure = -1};
	struct enforcement_action *actions;
	struct inspection *inspections;
	struct badlist_entry *listings;
	struct equipment_sample *samples;
	int rc;
	if ((rc = store_enforcement_list(s, &sf, a, &actions, &in->nactions)) ||
	    (rc = store_inspection_list(s, &sf, a, &inspections, &in->ninspections)) ||
	    (rc = store_badlist_list(s, &sf, a, &listings, &in->nlistings)) ||
	    (rc = store_equipment_list(s, &sf, a, &samples, &in->nsamples)))
		return rc;
	in->actions = actions;
	in->inspections = inspections;
	in->listings = listings;
	in->samples = samples;
	if (!province) {
		const char **problems;
		if ((rc = store_app_tests_total(s, p->first, p->last, &in->apps_tested)) ||
		    (rc = store_app_counts(s, p->first, p->last, &in->apps_found, &in->apps_named,
		                           &in->apps_removed)) ||
		    (rc = store_app_problems(s, p->first, p->last, 3, a, &problems,
		                             &in->napp_problems)))
			return rc;
		in->app_problems = problems;
	}
	supervision_figures_build(in, f);
	return 0;
}

/* Section 三 and annex 3. */
static int load_supervision(store *s, const struct reference *ref, const struct period *p,
                            const char *province, struct arena *a, struct notice *out)
{
	struct supervision_input in;
	struct supervision_figures *f = arena_alloc(a, sizeof *f);
	int rc = supervision_load(s, ref, p, province, a, &in, f);
	if (rc)
		return rc;
	out->nsupervision = supervision_paragraphs(&in, f, out->supervision, NOTICE_MAX_PARAGRAPHS);
	struct notice_product *products = arena_calloc(a, in.nsamples ? in.nsamples : 1,
	                                               sizeof *products);
	out->nproducts = supervision_products(&in, products);
	out->products = products;
	return 0;
}

/* The ministry's own text: the preface and sections 一 and 四. */
static int load_texts(store *s, const struct period *p, struct arena *a, struct notice *out)
{
	char key[16];
	period_format(p, key, sizeof key);
	struct notice_stored_text texts[NOTICE_SECTION_COUNT];
	int rc = store_notice_texts(s, key, a, texts);
	if (rc)
		return rc;
	struct notice_text *sections[NOTICE_SECTION_COUNT] = {NULL, &out->work, &out->tips};
	for (int k = 0; k < NOTICE_SECTION_COUNT; k++) {
		const char *body = texts[k].body, *heading, *rest;
		size_t hlen;
		if (!body)
			continue;
		notice_text_split((enum notice_section)k, body, &heading, &hlen, &rest);
		if (!rest[0])
			continue;
		if (k == NOTICE_SECTION_PREFACE)
			out->preface = rest;
		else
			*sections[k] = (struct notice_text){arena_strndup(a, heading, hlen), rest};
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
	if ((rc = load_supervision(s, ref, p, province, a, out)))
		return rc;
	return province ? 0 : load_texts(s, p, a, out);
}
