#include "store/stat_month.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"

int32_t stat_month_of(int64_t t)
{
	int y, m, d;
	date_to_ymd(date_of_instant(t, SH_BEIJING_OFFSET), &y, &m, &d);
	return y * 100 + m;
}

int64_t stat_month_start(int32_t month)
{
	return date_start_instant(date_from_ymd(month / 100, month % 100, 1), SH_BEIJING_OFFSET);
}

int32_t stat_month_next(int32_t month)
{
	return month % 100 == 12 ? (month / 100 + 1) * 100 + 1 : month + 1;
}

void stat_month_split(int64_t from, int64_t to, struct stat_split *out)
{
	*out = (struct stat_split){from, to, 0, 0, to, to};
	if (from >= to)
		return;
	/* The first month starting at or after from, the last starting at or before to. */
	int32_t first = stat_month_of(from);
	if (stat_month_start(first) < from)
		first = stat_month_next(first);
	int32_t last = stat_month_of(to);
	int64_t first_at = stat_month_start(first), last_at = stat_month_start(last);
	if (first >= last || first_at >= to)
		return; /* no whole month inside: all raw */
	*out = (struct stat_split){from, first_at, first, last, last_at, to};
}

/* ---- accumulated changes -------------------------------------------------- */

static uint64_t delta_hash(const struct stat_delta *x)
{
	uint64_t h = (uint64_t)x->month * 0x9E3779B97F4A7C15u;
	h ^= ((uint64_t)(unsigned char)x->province[0] << 8 | (unsigned char)x->province[1]) +
	     0x632BE59BD9B4E019u + (h << 6) + (h >> 2);
	h ^= (uint64_t)x->category_id * 0xBF58476D1CE4E5B9u + (h << 6) + (h >> 2);
	h ^= (uint64_t)x->subtopic_id * 0x94D049BB133111EBu + (h << 6) + (h >> 2);
	h ^= (uint64_t)x->enterprise_id * 0xD6E8FEB86659FD93u + (h << 6) + (h >> 2);
	return h ^ (h >> 31);
}

static bool same_cell(const struct stat_delta *a, const struct stat_delta *b)
{
	return a->month == b->month && a->category_id == b->category_id &&
	       a->subtopic_id == b->subtopic_id && a->enterprise_id == b->enterprise_id &&
	       memcmp(a->province, b->province, 2) == 0;
}

/* month 0 marks an empty slot: real months are yyyymm. */
static struct stat_delta *slot_for(struct stat_delta *slots, size_t cap,
                                   const struct stat_delta *x)
{
	size_t i = (size_t)delta_hash(x) & (cap - 1);
	while (slots[i].month && !same_cell(&slots[i], x))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

void stat_deltas_add(struct stat_deltas *d, const struct stat_delta *x)
{
	if ((d->used + 1) * 4 > d->cap * 3) {
		size_t cap = d->cap ? d->cap * 2 : 1024;
		struct stat_delta *slots = sh_xcalloc(cap, sizeof *slots);
		for (size_t i = 0; i < d->cap; i++)
			if (d->slots[i].month)
				*slot_for(slots, cap, &d->slots[i]) = d->slots[i];
		free(d->slots);
		d->slots = slots;
		d->cap = cap;
	}
	struct stat_delta *s = slot_for(d->slots, d->cap, x);
	if (s->month) {
		s->delta += x->delta;
	} else {
		*s = *x;
		d->used++;
	}
}

int stat_deltas_each(const struct stat_deltas *d, int (*fn)(void *ctx, const struct stat_delta *x),
                     void *ctx)
{
	for (size_t i = 0; i < d->cap; i++) {
		if (!d->slots[i].month || !d->slots[i].delta)
			continue;
		int rc = fn(ctx, &d->slots[i]);
		if (rc)
			return rc;
	}
	return 0;
}

void stat_deltas_clear(struct stat_deltas *d)
{
	if (d->used)
		memset(d->slots, 0, d->cap * sizeof *d->slots);
	d->used = 0;
}

void stat_deltas_free(struct stat_deltas *d)
{
	free(d->slots);
	*d = (struct stat_deltas){0};
}

struct stat_delta stat_delta_of(const struct complaint *c, int64_t delta)
{
	struct stat_delta x = {
		.month = stat_month_of(c->received_at),
		.category_id = c->category_id,
		.subtopic_id = c->subtopic_id,
		.enterprise_id = c->enterprise_id,
		.delta = delta,
	};
	memcpy(x.province, c->province, 3);
	return x;
}

/* ---- merging cells --------------------------------------------------------- */

static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

static int cell_cmp(const void *pa, const void *pb)
{
	const struct stat_cell *a = pa, *b = pb;
	int c = memcmp(a->province, b->province, 2);
	if (!c)
		c = cmp_i64(a->category_id, b->category_id);
	if (!c)
		c = cmp_i64(a->subtopic_id, b->subtopic_id);
	if (!c)
		c = cmp_i64(a->enterprise_id, b->enterprise_id);
	return c;
}

size_t stat_cells_merge(struct stat_cell *cells, size_t n)
{
	if (n < 2)
		return n;
	qsort(cells, n, sizeof *cells, cell_cmp);
	size_t out = 0;
	for (size_t i = 1; i < n; i++) {
		if (cell_cmp(&cells[out], &cells[i]) == 0)
			cells[out].count += cells[i].count;
		else
			cells[++out] = cells[i];
	}
	/* a cell can fall to zero only if the summary and raw rows disagree; keep
	 * the result equal to what a raw count would give */
	size_t kept = 0;
	for (size_t i = 0; i <= out; i++)
		if (cells[i].count)
			cells[kept++] = cells[i];
	return kept;
}
