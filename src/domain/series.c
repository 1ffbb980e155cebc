#include "domain/series.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

static const char *const level_codes[SERIES_LEVELS] = {
	"operator_class", "operator_subtopic", "province_subtopic", "report_kind", "report_operator",
};

const char *series_level_code(enum series_level l)
{
	return (unsigned)l < SERIES_LEVELS ? level_codes[l] : "";
}

const char *series_source_code(int source)
{
	if (source == SERIES_COMPLAINTS)
		return "complaint";
	if (source > 0 && source < SERIES_SOURCES)
		return report_kind_code((enum report_kind)(source - 1));
	return "";
}

const char *series_source_label(int source)
{
	if (source == SERIES_COMPLAINTS)
		return "申诉";
	if (source > 0 && source < SERIES_SOURCES)
		return report_kind_label((enum report_kind)(source - 1));
	return "";
}

/* "all" where the level adds up over a dimension. */
static void part(char *buf, size_t len, bool all, int64_t id)
{
	if (all)
		snprintf(buf, len, "all");
	else
		snprintf(buf, len, "%lld", (long long)id);
}

void series_key_format(const struct series_key *k, char *out)
{
	char op[24], cat[24], sub[24];
	bool complaint = k->source == SERIES_COMPLAINTS;
	part(op, sizeof op, k->level == SERIES_REPORT_KIND, k->operator_id);
	part(cat, sizeof cat, !complaint, k->category_id);
	part(sub, sizeof sub, !complaint || k->level == SERIES_OPERATOR_CLASS, k->subtopic_id);
	char buf[128]; /* the key is short; the compiler cannot know it */
	snprintf(buf, sizeof buf, "%s.%s.%s.%s.%s", series_source_code(k->source),
	         k->level == SERIES_PROVINCE_SUBTOPIC ? k->province : "all", op, cat, sub);
	snprintf(out, SERIES_KEY_MAX, "%.63s", buf);
}

/* ---- the set's index: key -> position ------------------------------------------ */

static uint64_t key_hash(const struct series_key *k)
{
	uint64_t h = (uint64_t)k->source * 0x9E3779B97F4A7C15u ^ (uint64_t)k->level << 56;
	h ^= ((uint64_t)(unsigned char)k->province[0] << 8 | (unsigned char)k->province[1]) *
	     0x632BE59BD9B4E019u;
	h = (h ^ (h >> 29)) + (uint64_t)k->operator_id * 0xBF58476D1CE4E5B9u;
	h = (h ^ (h >> 31)) + (uint64_t)k->category_id * 0x94D049BB133111EBu;
	h = (h ^ (h >> 29)) + (uint64_t)k->subtopic_id * 0xD6E8FEB86659FD93u;
	return h ^ (h >> 32);
}

static bool key_equal(const struct series_key *a, const struct series_key *b)
{
	return a->source == b->source && a->level == b->level && a->operator_id == b->operator_id &&
	       a->category_id == b->category_id && a->subtopic_id == b->subtopic_id &&
	       memcmp(a->province, b->province, 2) == 0;
}

static size_t slot_of(const struct series_set *s, const struct series_key *k)
{
	size_t i = (size_t)key_hash(k) & (s->index_cap - 1);
	while (s->index[i] >= 0 && !key_equal(&s->items[s->index[i]].key, k))
		i = (i + 1) & (s->index_cap - 1);
	return i;
}

int32_t series_find(const struct series_set *s, const struct series_key *k)
{
	if (!s->index_cap)
		return -1;
	return s->index[slot_of(s, k)];
}

static void reindex(struct series_set *s, size_t cap)
{
	free(s->index);
	s->index = sh_xmalloc(cap * sizeof *s->index);
	memset(s->index, 0xff, cap * sizeof *s->index); /* -1: empty */
	s->index_cap = cap;
	for (size_t i = 0; i < s->n; i++)
		s->index[slot_of(s, &s->items[i].key)] = (int32_t)i;
}

/* ---- building ------------------------------------------------------------------------ */

static struct series_key parent_key(const struct series_key *k)
{
	struct series_key p = *k;
	switch (k->level) {
	case SERIES_PROVINCE_SUBTOPIC:
		p.level = SERIES_OPERATOR_SUBTOPIC;
		memset(p.province, 0, sizeof p.province);
		break;
	case SERIES_OPERATOR_SUBTOPIC:
		p.level = SERIES_OPERATOR_CLASS;
		p.subtopic_id = 0;
		break;
	case SERIES_REPORT_OPERATOR:
		p.level = SERIES_REPORT_KIND;
		p.operator_id = 0;
		break;
	default:
		p.level = SERIES_LEVELS; /* none */
	}
	return p;
}

static bool testable(const struct reference *ref, const struct series_key *k, int32_t first,
                     int32_t last)
{
	if (k->source != SERIES_COMPLAINTS)
		return true;
	const struct category *c = reference_category_id(ref, k->category_id);
	return c && c->valid_from <= first && c->valid_to >= last;
}

struct build {
	struct series_set *s;
	const struct reference *ref;
	size_t *offsets; /* of each series' counts in storage (storage moves as it grows) */
	size_t offsets_cap;
};

/* The position of the series with key k, added (after its ancestors) when new. */
static int32_t ensure(struct build *b, const struct series_key *k)
{
	struct series_set *s = b->s;
	int32_t at = series_find(s, k);
	if (at >= 0)
		return at;
	struct series_key pk = parent_key(k);
	int32_t parent = pk.level == SERIES_LEVELS ? -1 : ensure(b, &pk);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->items = sh_xrealloc(s->items, s->cap * sizeof *s->items);
		b->offsets = sh_xrealloc(b->offsets, s->cap * sizeof *b->offsets);
		s->storage = sh_xrealloc(s->storage, s->cap * (size_t)s->ndays * sizeof *s->storage);
	}
	size_t i = s->n++;
	s->items[i] = (struct series){.key = *k, .parent = parent};
	s->items[i].testable =
		testable(b->ref, k, s->first_day, s->first_day + s->ndays - 1);
	b->offsets[i] = i * (size_t)s->ndays;
	memset(s->storage + b->offsets[i], 0, (size_t)s->ndays * sizeof *s->storage);
	if ((s->n + 1) * 2 > s->index_cap)
		reindex(s, s->index_cap ? s->index_cap * 2 : 1024);
	else
		s->index[slot_of(s, k)] = (int32_t)i;
	return (int32_t)i;
}

bool series_leaf_key(const struct reference *ref, const struct series_row *r,
                     struct series_key *k)
{
	*k = (struct series_key){.source = r->source};
	int64_t op = r->enterprise_id;
	const struct enterprise *e = op ? reference_enterprise_id(ref, op) : NULL;
	if (e && e->parent_id)
		op = e->parent_id;
	if (r->source == SERIES_COMPLAINTS) {
		k->level = SERIES_PROVINCE_SUBTOPIC;
		memcpy(k->province, r->province, 2);
		k->operator_id = op;
		k->category_id = r->category_id;
		k->subtopic_id = r->subtopic_id;
		return r->province[0] && r->category_id;
	}
	if (r->source <= 0 || r->source >= SERIES_SOURCES)
		return false;
	/* Apps are reported against no number: their kind alone. */
	k->level = r->source == SERIES_REPORTS(REPORT_BAD_APP) ? SERIES_REPORT_KIND
	                                                       : SERIES_REPORT_OPERATOR;
	k->operator_id = k->level == SERIES_REPORT_KIND ? 0 : op;
	return true;
}

void series_build(const struct reference *ref, int32_t first_day, int ndays,
                  const struct series_row *rows, size_t nrows, struct series_set *out)
{
	*out = (struct series_set){.first_day = first_day, .ndays = ndays > 0 ? ndays : 0};
	struct build b = {.s = out, .ref = ref};
	for (size_t i = 0; i < nrows && out->ndays; i++) {
		const struct series_row *r = &rows[i];
		struct series_key k;
		if (r->day < first_day || r->day >= first_day + out->ndays || !r->n ||
		    !series_leaf_key(ref, r, &k))
			continue;
		int d = r->day - first_day;
		for (int32_t at = ensure(&b, &k); at >= 0; at = out->items[at].parent)
			out->storage[b.offsets[at] + (size_t)d] += (int32_t)r->n;
	}
	for (size_t i = 0; i < out->n; i++)
		out->items[i].counts = out->storage + b.offsets[i];
	free(b.offsets);
}

void series_set_free(struct series_set *s)
{
	if (!s)
		return;
	free(s->items);
	free(s->storage);
	free(s->index);
	*s = (struct series_set){0};
}
