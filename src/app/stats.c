#include "app/stats.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/statistics.h"

static const char *const by_codes[] = {"province", "enterprise", "category", "subtopic", "none"};

const char *stats_by_code(enum stats_by by)
{
	return by_codes[by];
}

int stats_by_parse(const char *s, enum stats_by *out)
{
	for (int i = 0; i <= STATS_BY_NONE; i++)
		if (strcmp(s, by_codes[i]) == 0) {
			*out = (enum stats_by)i;
			return 0;
		}
	return SH_EINVAL;
}

/* The group a cell falls in (its key and name), per the dimension. */
static void group_of(const struct reference *ref, enum stats_by by, const struct stat_cell *c,
                     char *key, size_t len, const char **name)
{
	*name = "";
	switch (by) {
	case STATS_BY_PROVINCE: {
		const struct province *p = reference_province_code(ref, c->province);
		snprintf(key, len, "%s", c->province);
		*name = p ? p->name : "";
		break;
	}
	case STATS_BY_ENTERPRISE: {
		const struct enterprise *e = reference_enterprise_id(ref, c->enterprise_id);
		snprintf(key, len, "%lld", (long long)c->enterprise_id);
		*name = e ? e->name : "";
		break;
	}
	case STATS_BY_CATEGORY: {
		const struct category *k = reference_category_id(ref, c->category_id);
		snprintf(key, len, "%s", k ? k->code : "");
		*name = k ? k->name : "";
		break;
	}
	case STATS_BY_SUBTOPIC:
		snprintf(key, len, "%lld", (long long)c->subtopic_id);
		*name = "（未分子类）";
		for (size_t i = 0; c->subtopic_id && i < ref->nsubtopics; i++)
			if (ref->subtopics[i].id == c->subtopic_id)
				*name = ref->subtopics[i].name;
		break;
	case STATS_BY_NONE:
		snprintf(key, len, "all");
		*name = "合计";
		break;
	}
}

static bool wanted(const struct stats_query *q, const struct stat_cell *c)
{
	return (!q->enterprise_id || c->enterprise_id == q->enterprise_id) &&
	       (!q->category_id || c->category_id == q->category_id);
}

static struct stat_pct change(int64_t prev, int64_t cur)
{
	struct stat_pct p = {false, 0};
	p.ok = stat_change(prev, cur, &p.tenths) == 0;
	return p;
}

/* Subscribers of an enterprise in a quarter's pairs; 0 when unknown. */
static int64_t subscribers_of(const int64_t *pairs, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)pairs[2 * i]);
		if (strcmp(id, key) == 0)
			return pairs[2 * i + 1];
	}
	return 0;
}

/* Complaints per million users and its change, as annex 1 of the notice. */
static int add_rates(store *s, const struct stats_query *q, struct arena *a,
                     struct stats_result *out)
{
	int64_t *now, *before;
	size_t nnow, nbefore;
	int rc = store_subscribers_get(s, q->quarter, a, &now, &nnow);
	if (rc == 0)
		rc = store_subscribers_get(s, q->prev_quarter, a, &before, &nbefore);
	if (rc)
		return rc;
	for (size_t g = 0; g < out->ngroups; g++) {
		struct stats_group *x = &out->groups[g];
		x->subscribers_10k = subscribers_of(now, nnow, x->key);
		int64_t prev_subs = subscribers_of(before, nbefore, x->key);
		x->rate_ok = stat_rate_per_million(x->count, x->subscribers_10k, &x->rate_hundredths) == 0;
		x->rate_change.ok = stat_rate_change(x->prev, prev_subs, x->count, x->subscribers_10k,
		                                     &x->rate_change.tenths) == 0;
	}
	return 0;
}

int stats_load(store *s, const struct reference *ref, const struct stats_query *q,
               struct arena *a, struct stats_result *out)
{
	memset(out, 0, sizeof *out);
	size_t cap = 64;
	out->groups = arena_calloc(a, cap, sizeof *out->groups);
	const int32_t ranges[3][2] = {{q->first, q->last}, {q->prev_first, q->prev_last},
	                              {q->yoy_first, q->yoy_last}};
	for (int r = 0; r < 3; r++) {
		struct stat_cell *cells;
		size_t n;
		int rc = store_stat_counts(s, date_start_instant(ranges[r][0], SH_BEIJING_OFFSET),
		                           date_start_instant(ranges[r][1] + 1, SH_BEIJING_OFFSET),
		                           q->province, a, &cells, &n);
		if (rc)
			return rc;
		for (size_t i = 0; i < n; i++) {
			if (!wanted(q, &cells[i]))
				continue;
			char key[24];
			const char *name;
			group_of(ref, q->by, &cells[i], key, sizeof key, &name);
			size_t g = 0;
			while (g < out->ngroups && strcmp(out->groups[g].key, key) != 0)
				g++;
			if (g == out->ngroups) {
				if (g == cap) {
					struct stats_group *grown = arena_calloc(a, cap * 2, sizeof *grown);
					memcpy(grown, out->groups, cap * sizeof *grown);
					out->groups = grown;
					cap *= 2;
				}
				snprintf(out->groups[g].key, sizeof out->groups[g].key, "%s", key);
				out->groups[g].name = name;
				out->ngroups++;
			}
			int64_t *slot = r == 0 ? &out->groups[g].count
			              : r == 1 ? &out->groups[g].prev
			                       : &out->groups[g].yoy;
			*slot += cells[i].count;
			*(r == 0 ? &out->total : r == 1 ? &out->prev : &out->yoy) += cells[i].count;
		}
	}
	out->qoq = change(out->prev, out->total);
	out->yoy_change = change(out->yoy, out->total);
	/* Subscriber counts are national: no rates for one province. */
	int rc = q->by == STATS_BY_ENTERPRISE && q->quarter && !q->province ? add_rates(s, q, a, out)
	                                                                     : 0;
	if (rc)
		return rc;
	for (size_t g = 0; g < out->ngroups; g++) {
		struct stats_group *x = &out->groups[g];
		x->share.ok = stat_share(x->count, out->total, &x->share.tenths) == 0;
		x->qoq = change(x->prev, x->count);
		x->yoy_change = change(x->yoy, x->count);
	}
	return 0;
}
