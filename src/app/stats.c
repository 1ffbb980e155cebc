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
	for (size_t g = 0; g < out->ngroups; g++) {
		struct stats_group *x = &out->groups[g];
		x->share.ok = stat_share(x->count, out->total, &x->share.tenths) == 0;
		x->qoq = change(x->prev, x->count);
		x->yoy_change = change(x->yoy, x->count);
	}
	return 0;
}
