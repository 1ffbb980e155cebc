/* A day's early warnings (热点预警): the daily series read from the store,
 * the detector run on them (domain/warning.h), keywords for what it reports
 * (domain/keywords.h), and the decisions people took on them. The same for
 * the HTTP API, the CLI and the bench. */
#ifndef SHENSU_APP_WARNINGS_H
#define SHENSU_APP_WARNINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "domain/calendar.h"
#include "domain/keywords.h"
#include "domain/reference.h"
#include "domain/warning.h"
#include "store/store.h"

#define WARNINGS_KEYWORDS 5
#define WARNINGS_CONTRIBUTORS 3

struct warnings_query {
	int32_t day;          /* the day tested (its counts should be complete) */
	const char *province; /* only this province's series (a provincial agency):
	                         its leaves, reported or part of a national rise;
	                         NULL = every series, reported ones only */
	bool complaints_only; /* no 12321 report series (agencies handle complaints) */
	bool keywords;        /* read texts for keywords (the CLI may skip them) */
};

/* One warning on the list. */
struct warning_item {
	int32_t index;                       /* in set */
	char key[SERIES_KEY_MAX];
	enum warning_status status;          /* REPORTED, or PART_OF (province lists) */
	struct keyword keywords[WARNINGS_KEYWORDS];
	size_t nkeywords;
	int32_t contributors[WARNINGS_CONTRIBUTORS]; /* children adding most, or -1 */
	const struct warning_decision_record *decision; /* the latest, or NULL */
};

struct warnings {
	int32_t day;
	struct series_set set;         /* days set.first_day .. day */
	uint8_t *classes;              /* per day of the set */
	struct warning_result *results;/* per series */
	size_t tested;                 /* series the detector could judge */
	struct warning_item *items;    /* most surprising first */
	size_t n;
	struct warning_params params;
	double detect_ms, keywords_ms; /* how long each part took */
};

/* The warnings of q->day, with the latest decisions on them. Strings and the
 * decisions in a; the rest freed by warnings_free. cal may be NULL (weekday
 * rule only). */
int warnings_load(store *s, const struct reference *ref, const calendar *cal,
                  const struct warnings_query *q, struct arena *a, struct warnings *out);
void warnings_free(struct warnings *w); /* NULL-safe */

/* A series' title in Chinese: "中国移动 · 广东 · 5G服务", "骚扰电话 · 中国联通". */
void warnings_title(const struct reference *ref, const struct series_key *k, char *out,
                    size_t len);
/* The item with this key, or NULL. */
const struct warning_item *warnings_find(const struct warnings *w, const char *key);

#endif
