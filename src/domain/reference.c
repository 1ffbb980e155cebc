#include "domain/reference.h"

#include <string.h>

#include "core/error.h"

void reference_init(struct reference *ref)
{
	memset(ref, 0, sizeof *ref);
	arena_init(&ref->arena, 64 * 1024);
}

void reference_free(struct reference *ref)
{
	if (!ref)
		return;
	arena_free(&ref->arena);
	memset(ref, 0, sizeof *ref);
}

/* s[0..len) equals the NUL-terminated t. (s may hold NUL bytes, a CSV field
 * say: comparing up to a NUL would take "44\0x" for "44" and read past t.) */
static bool eq(const char *s, size_t len, const char *t)
{
	return t && strlen(t) == len && memcmp(s, t, len) == 0;
}

const struct province *reference_province(const struct reference *ref, const char *s, size_t len)
{
	for (size_t i = 0; i < ref->nprovinces; i++) {
		const struct province *p = &ref->provinces[i];
		if (eq(s, len, p->code) || eq(s, len, p->name) || eq(s, len, p->short_name))
			return p;
	}
	return NULL;
}

const struct province *reference_province_code(const struct reference *ref, const char *code)
{
	return reference_province(ref, code, strlen(code));
}

const struct enterprise *reference_enterprise(const struct reference *ref, const char *s, size_t len)
{
	for (size_t i = 0; i < ref->nenterprises; i++) {
		const struct enterprise *e = &ref->enterprises[i];
		if (eq(s, len, e->name) || eq(s, len, e->code) || eq(s, len, e->full_name))
			return e;
	}
	return NULL;
}

const struct enterprise *reference_enterprise_id(const struct reference *ref, int64_t id)
{
	for (size_t i = 0; i < ref->nenterprises; i++)
		if (ref->enterprises[i].id == id)
			return &ref->enterprises[i];
	return NULL;
}

const struct enterprise *reference_branch(const struct reference *ref, int64_t group_id,
                                          const char *province)
{
	for (size_t i = 0; i < ref->nenterprises; i++) {
		const struct enterprise *e = &ref->enterprises[i];
		if (e->parent_id == group_id && strcmp(e->province, province) == 0)
			return e;
	}
	return NULL;
}

static bool category_matches(const struct category *c, const char *s, size_t len)
{
	return eq(s, len, c->name) || eq(s, len, c->code);
}

const struct category *reference_category(const struct reference *ref, const char *s, size_t len,
                                          int32_t day)
{
	for (size_t i = 0; i < ref->ncategories; i++) {
		const struct category *c = &ref->categories[i];
		if (category_matches(c, s, len) && day >= c->valid_from && day <= c->valid_to)
			return c;
	}
	return NULL;
}

const struct category *reference_category_any(const struct reference *ref, const char *s,
                                              size_t len)
{
	for (size_t i = 0; i < ref->ncategories; i++)
		if (category_matches(&ref->categories[i], s, len))
			return &ref->categories[i];
	return NULL;
}

const struct category *reference_category_id(const struct reference *ref, int64_t id)
{
	for (size_t i = 0; i < ref->ncategories; i++)
		if (ref->categories[i].id == id)
			return &ref->categories[i];
	return NULL;
}

size_t reference_categories_on(const struct reference *ref, int32_t day,
                               const struct category **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < ref->ncategories && n < max; i++) {
		const struct category *c = &ref->categories[i];
		if (day >= c->valid_from && day <= c->valid_to)
			out[n++] = c;
	}
	return n;
}

const struct subtopic *reference_subtopic(const struct reference *ref, int64_t category_id,
                                          const char *s, size_t len)
{
	for (size_t i = 0; i < ref->nsubtopics; i++) {
		const struct subtopic *t = &ref->subtopics[i];
		if (t->category_id == category_id && eq(s, len, t->name))
			return t;
	}
	return NULL;
}

const struct reason *reference_reason(const struct reference *ref, const char *code)
{
	for (size_t i = 0; i < ref->nreasons; i++)
		if (strcmp(ref->reasons[i].code, code) == 0)
			return &ref->reasons[i];
	return NULL;
}

const struct number_segment *reference_segment(const struct reference *ref, const char *digits)
{
	const struct number_segment *best = NULL;
	size_t best_len = 0;
	/* Compared byte by byte in place: a look-up runs for every mobile number
	 * of a batch look-up, and most prefixes differ in their second digit. */
	for (size_t i = 0; i < ref->nsegments; i++) {
		const char *p = ref->segments[i].prefix;
		size_t n = 0;
		while (p[n] && p[n] == digits[n])
			n++;
		if (p[n] == '\0' && n > best_len) {
			best = &ref->segments[i];
			best_len = n;
		}
	}
	return best;
}

static const char *const kind_codes[] = {"basic", "reseller", "value_added"};

const char *enterprise_kind_code(enum enterprise_kind kind)
{
	return kind_codes[kind];
}

int enterprise_kind_parse(const char *s, enum enterprise_kind *out)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(s, kind_codes[i]) == 0) {
			*out = (enum enterprise_kind)i;
			return 0;
		}
	return SH_EINVAL;
}
