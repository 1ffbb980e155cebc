/* A quarter's supervision figures (the regulator's dashboard) and section
 * 三 of the notice (电信服务监管情况) in the official phrasing, from the
 * quarter's records. The counting rules live here and only here:
 * - 件次 counts actions, 家次 the enterprises they name (an action against
 *   36 enterprises is 1 件次 and 36 家次);
 * - a topic's clause gives each measure in 家次 when every action of that
 *   measure names one enterprise, else in 件次;
 * - an inspection is one enterprise inspected once (家次); an action
 *   follows an inspection when it names an enterprise inspected on the same
 *   topic in the quarter, or the inspection of that enterprise names it as
 *   its result;
 * - equipment: manufacturers sampled, and distinct products (manufacturer
 *   and model) that failed; annex 3 lists those products.
 * A topic or part without records gets no clause. No I/O. */
#ifndef SHENSU_DOMAIN_SUPERVISION_H
#define SHENSU_DOMAIN_SUPERVISION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/enforcement.h"
#include "domain/notice.h"
#include "domain/reference.h"

/* The quarter's records, every date within the quarter (the loader's job),
 * and the scope they were read for. */
struct supervision_input {
	const struct topic_list *topics;
	const struct reference *ref; /* province names */
	const char *province;        /* NULL: the whole country; else the records of this authority */
	int year;                    /* the quarter's year (证后监督工作) */
	const struct enforcement_action *actions;
	size_t nactions;
	const struct inspection *inspections;
	size_t ninspections;
	const struct badlist_entry *listings; /* entries listed in the quarter */
	size_t nlistings;
	const struct equipment_sample *samples;
	size_t nsamples;
	/* The app campaign: apps tested in the quarter's batches; apps notified
	 * to rectify (found with problems), publicly named and removed in it; the
	 * problems recorded for the notified ones, most frequent first. */
	int64_t apps_tested, apps_found, apps_named, apps_removed;
	const char *const *app_problems;
	size_t napp_problems;
};

#define SUPERVISION_MAX_TOPICS 32
#define SUPERVISION_MAX_PROVINCES 40
#define SUPERVISION_MAX_LISTINGS 16

struct supervision_topic_figures {
	const struct topic *topic;
	int64_t actions[MEASURE_COUNT];     /* 件次 */
	int64_t enterprises[MEASURE_COUNT]; /* 家次 */
	bool multi[MEASURE_COUNT];          /* some action names several enterprises */
};

struct supervision_inspection_figures {
	const struct topic *topic;
	int64_t inspections; /* enterprises inspected (家次) */
	/* The provincial authorities that inspected, most inspections first (then
	 * by code); the ministry's own inspections are counted apart. */
	char provinces[SUPERVISION_MAX_PROVINCES][3];
	int64_t per_province[SUPERVISION_MAX_PROVINCES];
	size_t nprovinces;
	int64_t by_ministry;
	unsigned kinds;            /* bit per enum inspection_kind */
	unsigned enterprise_kinds; /* bit per enum licensee_kind */
	int64_t followed[MEASURE_COUNT]; /* enterprises acted against afterwards */
};

struct supervision_listing_figures {
	enum badlist_kind list;
	const char *reason;
	int64_t enterprises;
};

/* Criticisms under a topic with a paragraph of its own (电信网络诈骗). */
struct supervision_criticism_figures {
	const struct topic *topic;
	int64_t enterprises;       /* distinct enterprises criticised */
	unsigned enterprise_kinds; /* bit per enum licensee_kind */
};

struct supervision_figures {
	int64_t actions, enterprises;                  /* 件次, 家次 */
	int64_t measure_actions[MEASURE_COUNT];
	int64_t measure_enterprises[MEASURE_COUNT];
	struct supervision_topic_figures topics[SUPERVISION_MAX_TOPICS]; /* in list order */
	size_t ntopics;
	struct supervision_listing_figures listings[SUPERVISION_MAX_LISTINGS]; /* most first */
	size_t nlistings;
	int64_t listed;
	struct supervision_inspection_figures inspections[SUPERVISION_MAX_TOPICS];
	size_t ninspection_topics;
	int64_t inspected;
	struct supervision_criticism_figures criticisms[SUPERVISION_MAX_TOPICS];
	size_t ncriticisms;
	int64_t apps_tested, apps_found, apps_named, apps_removed;
	int64_t makers_sampled, makers_failed, products_failed;
};

/* Counts in->records by the rules above. */
void supervision_figures_build(const struct supervision_input *in, struct supervision_figures *f);

/* Section 三's paragraphs, numbered as printed: the app campaign, the
 * enforcement actions with a clause per topic and the bad-record list,
 * inspections per topic, equipment sampling (详见附件3), criticisms under
 * topics with a paragraph of their own. Returns how many were written (at
 * most max); 0 when the quarter has no records. */
size_t supervision_paragraphs(const struct supervision_input *in,
                              const struct supervision_figures *f, struct notice_paragraph *out,
                              size_t max);

/* Annex 3: the failed products, each manufacturer and model once, by
 * manufacturer then model. out has room for in->nsamples; returns the count.
 * Strings point into in->samples. */
size_t supervision_products(const struct supervision_input *in, struct notice_product *out);

/* A count as the notice writes large round numbers: 280000 -> "28万",
 * 283000 -> "28.3万", 9876 -> "9876". */
void supervision_format_count(int64_t n, char *buf, size_t len);

#endif
