/* Daily series for early warning (热点预警): what is counted per day, and the
 * hierarchy the detector reports on.
 *
 * The store keeps the leaves, one count per Beijing day: complaints received
 * (every complaint filed or imported, whatever became of it: a surge shows
 * before agencies decide on admissibility) per enterprise × province × class
 * × sub-topic, and valid 12321 reports per kind × serving operator. From
 * them series_build() makes the series the detector tests, each with its
 * parent:
 *
 *   complaints   operator × class, nationally              (top)
 *                operator × sub-topic, nationally          (child of its class)
 *                operator × province × sub-topic           (leaf)
 *   reports      kind, nationally                          (top)
 *                kind × serving operator (numbers only)    (leaf)
 *
 * "Operator" is the enterprise group (a provincial branch counts for its
 * group; a reseller is its own). Sub-topic 0 stands for the complaints of a
 * class that have none.
 *
 * Pure domain logic: no I/O. Allocation failure aborts. */
#ifndef SHENSU_DOMAIN_SERIES_H
#define SHENSU_DOMAIN_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/reference.h"
#include "domain/report.h"

/* What a series counts: complaints, or 12321 reports of one kind. */
#define SERIES_COMPLAINTS 0
#define SERIES_REPORTS(kind) (1 + (int)(kind))
#define SERIES_SOURCES (1 + REPORT_KIND_COUNT)

enum series_level {
	SERIES_OPERATOR_CLASS,    /* complaints: operator × class, nationally */
	SERIES_OPERATOR_SUBTOPIC, /* complaints: operator × sub-topic, nationally */
	SERIES_PROVINCE_SUBTOPIC, /* complaints: operator × province × sub-topic */
	SERIES_REPORT_KIND,       /* reports of a kind, nationally */
	SERIES_REPORT_OPERATOR,   /* reports of a kind against one operator's numbers */
	SERIES_LEVELS,
};

/* A leaf count as the store keeps it: n on `day` (day number). Complaints:
 * source SERIES_COMPLAINTS, province, enterprise (as filed: a branch or a
 * group), class and sub-topic (0 = none). Reports: source SERIES_REPORTS(kind),
 * enterprise_id the operator serving the number (0 = unknown, and apps),
 * province "" and class 0. */
struct series_row {
	int32_t day;
	int source;
	char province[3];
	int64_t enterprise_id, category_id, subtopic_id;
	int64_t n;
};

struct series_key {
	int source;
	enum series_level level;
	char province[3];    /* leaves of complaints; "" otherwise */
	int64_t operator_id; /* the group; 0 for a report kind, or an unknown operator */
	int64_t category_id; /* complaints */
	int64_t subtopic_id; /* complaints below the class level; 0 = none */
};

/* The key as text, stable across runs (decisions on a warning are stored
 * under it): "complaint.44.1.4.12", "complaint.all.1.4.all",
 * "fraud_call.all.2.all.all". SERIES_KEY_MAX bytes with the NUL. */
#define SERIES_KEY_MAX 64
void series_key_format(const struct series_key *k, char *out);
/* Code and Chinese label of a source: "complaint" / "申诉", the report kinds'. */
const char *series_source_code(int source);
const char *series_source_label(int source);
const char *series_level_code(enum series_level l);

struct series {
	struct series_key key;
	int32_t parent;  /* index in the set; -1 for a top series */
	bool testable;   /* its class was valid on every day of the set (a series
	                    whose class began or ended inside has no history to
	                    judge by) */
	int32_t *counts; /* ndays counts, oldest first (in the set's storage) */
};

/* Series over the days first_day .. first_day + ndays - 1, parents before
 * their children. */
struct series_set {
	int32_t first_day;
	int ndays;
	struct series *items;
	size_t n;
	/* private */
	int32_t *storage;
	size_t cap;
	int32_t *index;
	size_t index_cap;
};

/* Builds every series that has a count in rows (and its ancestors) over
 * ndays days from first_day; rows outside those days are ignored. Enterprises
 * are mapped to their groups and classes' validity read from ref. out is
 * freed with series_set_free. */
void series_build(const struct reference *ref, int32_t first_day, int ndays,
                  const struct series_row *rows, size_t nrows, struct series_set *out);
void series_set_free(struct series_set *s); /* NULL-safe */
/* The leaf a row counts in; false for a row that counts in none (no province
 * or class, an unknown source). */
bool series_leaf_key(const struct reference *ref, const struct series_row *r,
                     struct series_key *k);
/* The index of the series with this key, or -1. */
int32_t series_find(const struct series_set *s, const struct series_key *k);

#endif
