/* Statistics for dashboards: counts of accepted complaints for a period and
 * its comparison periods, grouped by one dimension. */
#ifndef SHENSU_APP_STATS_H
#define SHENSU_APP_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "domain/notice.h"
#include "domain/reference.h"
#include "store/store.h"

enum stats_by { STATS_BY_PROVINCE, STATS_BY_ENTERPRISE, STATS_BY_CATEGORY, STATS_BY_SUBTOPIC,
                STATS_BY_NONE };

struct stats_query {
	int32_t first, last;      /* the period's days, inclusive */
	int32_t prev_first, prev_last; /* the previous period of the same kind (环比) */
	int32_t yoy_first, yoy_last;   /* the same period a year before (同比) */
	enum stats_by by;
	const char *province;     /* filters; NULL / 0 = all */
	int64_t enterprise_id;
	int64_t category_id;
	/* For a quarter: its key and the previous one's ("2020Q4", "2020Q3"), so
	 * that by=enterprise can give complaints per million users; NULL otherwise. */
	const char *quarter, *prev_quarter;
};

struct stats_group {
	char key[24];             /* province code, or the id as text */
	const char *name;
	int64_t count, prev, yoy;
	struct stat_pct share, qoq, yoy_change;
	/* by=enterprise for a quarter with subscriber counts: */
	int64_t subscribers_10k;   /* 0 = unknown */
	bool rate_ok;
	int64_t rate_hundredths;   /* complaints per million users */
	struct stat_pct rate_change; /* of that rate from the previous quarter */
};

struct stats_result {
	int64_t total, prev, yoy;
	struct stat_pct qoq, yoy_change;
	struct stats_group *groups;
	size_t ngroups;
};

int stats_load(store *s, const struct reference *ref, const struct stats_query *q,
               struct arena *a, struct stats_result *out);
const char *stats_by_code(enum stats_by by);
int stats_by_parse(const char *s, enum stats_by *out);

#endif
