/* Monthly statistics summary, shared by the store drivers. Private to src/store/.
 *
 * Counting a quarter from raw complaints reads every complaint of three
 * quarters (this one, the previous, a year ago); at 10 million complaints that
 * is most of a second. So each driver keeps complaint_month: the number of
 * counted complaints (complaint_state_counted) per Beijing month and
 * (province, class, sub-topic, enterprise), changed in the same transaction
 * as the complaint. A range is answered from whole months in the summary and
 * raw rows only for the partial months at its edges.
 *
 * What is driver-neutral lives here: the month of an instant, splitting a range,
 * accumulating changes during a bulk load, and merging cells. */
#ifndef SHENSU_STORE_STAT_MONTH_H
#define SHENSU_STORE_STAT_MONTH_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* yyyymm of the instant in Beijing time (202010). */
int32_t stat_month_of(int64_t t);
/* Beijing midnight of the first day of month yyyymm. */
int64_t stat_month_start(int32_t month);
/* The month after yyyymm. */
int32_t stat_month_next(int32_t month);

/* [from, to) as raw edges and whole months: raw [head_from, head_to), months
 * [month_from, month_to) (yyyymm, empty when equal), raw [tail_from, tail_to).
 * Empty raw parts have from == to. When no whole month fits, everything is in
 * the head. */
struct stat_split {
	int64_t head_from, head_to;
	int32_t month_from, month_to;
	int64_t tail_from, tail_to;
};
void stat_month_split(int64_t from, int64_t to, struct stat_split *out);

/* One summary change: the count of a (month, cell) moves by delta. */
struct stat_delta {
	int32_t month;
	char province[3];
	int64_t category_id, subtopic_id, enterprise_id;
	int64_t delta;
};

/* Changes accumulated during a long transaction (an import), written once at
 * commit. A growable open-addressing table; zero-initialised is empty. */
struct stat_deltas {
	struct stat_delta *slots;
	size_t cap, used;
};
void stat_deltas_add(struct stat_deltas *d, const struct stat_delta *x);
/* Calls fn for each non-zero change; stops at and returns the first non-zero rc. */
int stat_deltas_each(const struct stat_deltas *d, int (*fn)(void *ctx, const struct stat_delta *x),
                     void *ctx);
void stat_deltas_clear(struct stat_deltas *d); /* keeps the memory */
void stat_deltas_free(struct stat_deltas *d);

/* The summary change a complaint causes, for its received instant and cell. */
struct stat_delta stat_delta_of(const struct complaint *c, int64_t delta);

/* Sorts cells by (province, class, sub-topic, enterprise) and adds up those
 * with the same key; returns how many remain. */
size_t stat_cells_merge(struct stat_cell *cells, size_t n);

#endif
