/* Reference data from the files compiled into the binary (data/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/holiday_json.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/embedded.h"
#include "core/error.h"

/* Calls row() for each data row of an embedded CSV whose header must be
 * exactly `header` (comma-separated). */
static int each_row(const char *name, const char *header, int ncols,
                    int (*row)(struct reference *ref, const struct csv_field *f, char *err,
                               size_t errlen),
                    struct reference *ref, char *err, size_t errlen)
{
	const struct embedded_file *file = embedded_find(name);
	if (!file) {
		snprintf(err, errlen, "data/%s is missing from this build", name);
		return SH_EIO;
	}
	struct csv_options opt = {.validate_utf8 = true};
	csv_reader *r;
	int rc = csv_reader_open_mem(file->data, file->len, &opt, &r);
	if (rc)
		return rc;
	struct csv_record rec;
	bool first = true;
	while ((rc = csv_read(r, &rec)) == 1) {
		if (first) {
			char got[512] = "";
			for (size_t i = 0; i < rec.n; i++)
				snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? "," : "",
				         rec.fields[i].ptr);
			if (strcmp(got, header) != 0) {
				snprintf(err, errlen, "data/%s: header should be '%s', is '%s'", name,
				         header, got);
				rc = SH_EINVAL;
				break;
			}
			first = false;
			continue;
		}
		if ((int)rec.n != ncols) {
			snprintf(err, errlen, "data/%s:%llu: expected %d fields, found %zu", name,
			         (unsigned long long)rec.line, ncols, rec.n);
			rc = SH_EINVAL;
			break;
		}
		char msg[256];
		if ((rc = row(ref, rec.fields, msg, sizeof msg)) != 0) {
			snprintf(err, errlen, "data/%s:%llu: %s", name, (unsigned long long)rec.line, msg);
			break;
		}
	}
	if (rc < 0 && !err[0]) {
		const struct csv_error *e = csv_reader_error(r);
		snprintf(err, errlen, "data/%s:%llu: %s", name, (unsigned long long)e->line,
		         e->message);
	}
	csv_reader_free(r);
	return rc < 0 ? rc : 0;
}

/* Appends one zeroed element to an arena-backed array (arrays here are small). */
static void *push(struct arena *a, void **items, size_t *n, size_t elem)
{
	char *grown = arena_alloc(a, (*n + 1) * elem);
	if (*n)
		memcpy(grown, *items, *n * elem);
	memset(grown + *n * elem, 0, elem);
	*items = grown;
	return grown + (*n)++ * elem;
}

#define PUSH(ref, field, count) push(&(ref)->arena, (void **)&(ref)->field, &(ref)->count, sizeof *(ref)->field)

static int province_row(struct reference *ref, const struct csv_field *f, char *err, size_t len)
{
	if (f[0].len != 2 || (strcmp(f[3].ptr, "province") != 0 && strcmp(f[3].ptr, "national") != 0)) {
		snprintf(err, len, "bad province code or kind");
		return SH_EINVAL;
	}
	struct province *p = PUSH(ref, provinces, nprovinces);
	memcpy(p->code, f[0].ptr, 3);
	p->name = arena_strdup(&ref->arena, f[1].ptr);
	p->short_name = arena_strdup(&ref->arena, f[2].ptr);
	p->national = strcmp(f[3].ptr, "national") == 0;
	return 0;
}

static int enterprise_row(struct reference *ref, const struct csv_field *f, char *err, size_t len)
{
	enum enterprise_kind kind;
	if (enterprise_kind_parse(f[3].ptr, &kind) != 0) {
		snprintf(err, len, "unknown enterprise kind '%s'", f[3].ptr);
		return SH_EINVAL;
	}
	const struct enterprise *host = NULL;
	if (f[4].len && !(host = reference_enterprise(ref, f[4].ptr, f[4].len))) {
		snprintf(err, len, "unknown host operator '%s' (list hosts first)", f[4].ptr);
		return SH_EINVAL;
	}
	int64_t host_id = host ? host->id : 0;
	struct enterprise *e = PUSH(ref, enterprises, nenterprises);
	e->id = (int64_t)ref->nenterprises;
	e->code = arena_strdup(&ref->arena, f[0].ptr);
	e->name = arena_strdup(&ref->arena, f[1].ptr);
	e->full_name = arena_strdup(&ref->arena, f[2].ptr);
	e->kind = kind;
	e->host_id = host_id;
	return 0;
}

/* Each basic operator has a branch in every province; branch id = group id *
 * 100 + province code, so ids stay stable when groups are added. */
static void add_branches(struct reference *ref)
{
	size_t groups = ref->nenterprises;
	for (size_t g = 0; g < groups; g++) {
		if (ref->enterprises[g].kind != ENTERPRISE_BASIC)
			continue;
		for (size_t i = 0; i < ref->nprovinces; i++) {
			const struct province *p = &ref->provinces[i];
			if (p->national)
				continue;
			const struct enterprise *grp = &ref->enterprises[g];
			int64_t gid = grp->id;
			char *code = arena_printf(&ref->arena, "%s-%s", grp->code, p->code);
			char *name = arena_printf(&ref->arena, "%s%s分公司", grp->name, p->short_name);
			char *full = arena_printf(&ref->arena, "%s%s分公司", grp->full_name, p->short_name);
			struct enterprise *e = PUSH(ref, enterprises, nenterprises);
			e->id = gid * 100 + atoi(p->code);
			e->code = code;
			e->name = name;
			e->full_name = full;
			e->kind = ENTERPRISE_BASIC;
			e->parent_id = gid;
			memcpy(e->province, p->code, 3);
		}
	}
}

static int category_row(struct reference *ref, const struct csv_field *f, char *err, size_t len)
{
	int32_t from = DATE_OPEN_START, to = DATE_OPEN_END;
	if ((f[3].len && date_parse(f[3].ptr, f[3].len, &from)) ||
	    (f[4].len && date_parse(f[4].ptr, f[4].len, &to)) || from > to) {
		snprintf(err, len, "bad validity dates");
		return SH_EINVAL;
	}
	struct category *c = PUSH(ref, categories, ncategories);
	c->id = (int64_t)ref->ncategories;
	c->scheme = arena_strdup(&ref->arena, f[0].ptr);
	c->code = arena_strdup(&ref->arena, f[1].ptr);
	c->name = arena_strdup(&ref->arena, f[2].ptr);
	c->valid_from = from;
	c->valid_to = to;
	return 0;
}

static int subtopic_row(struct reference *ref, const struct csv_field *f, char *err, size_t len)
{
	const struct category *c = reference_category_any(ref, f[0].ptr, f[0].len);
	if (!c) {
		snprintf(err, len, "unknown class '%s'", f[0].ptr);
		return SH_EINVAL;
	}
	int64_t cid = c->id;
	struct subtopic *t = PUSH(ref, subtopics, nsubtopics);
	t->id = (int64_t)ref->nsubtopics;
	t->category_id = cid;
	t->name = arena_strdup(&ref->arena, f[1].ptr);
	return 0;
}

static int reason_row(struct reference *ref, const struct csv_field *f, char *err, size_t len)
{
	(void)err;
	(void)len;
	struct reason *r = PUSH(ref, reasons, nreasons);
	r->code = arena_strdup(&ref->arena, f[0].ptr);
	r->title = arena_strdup(&ref->arena, f[1].ptr);
	r->rule = arena_strdup(&ref->arena, f[2].ptr);
	return 0;
}

static int segment_row(struct reference *ref, const struct csv_field *f, char *err, size_t len)
{
	const struct enterprise *op = reference_enterprise(ref, f[1].ptr, f[1].len);
	if (!op || f[0].len == 0 || f[0].len >= sizeof ref->segments->prefix ||
	    strspn(f[0].ptr, "0123456789") != f[0].len) {
		snprintf(err, len, "bad prefix or unknown operator '%s'", f[1].ptr);
		return SH_EINVAL;
	}
	int64_t id = op->id;
	struct number_segment *g = PUSH(ref, segments, nsegments);
	memcpy(g->prefix, f[0].ptr, f[0].len + 1);
	g->operator_id = id;
	g->reseller = f[2].ptr[0] == '1';
	return 0;
}

int seed_reference(struct reference *ref, char *err, size_t errlen)
{
	err[0] = '\0';
	int rc;
	if ((rc = each_row("provinces.csv", "code,name,short_name,kind", 4, province_row, ref, err,
	                   errlen)) ||
	    (rc = each_row("enterprises.csv", "code,name,full_name,kind,host", 5, enterprise_row,
	                   ref, err, errlen)))
		return rc;
	add_branches(ref);
	if ((rc = each_row("categories.csv", "scheme,code,name,valid_from,valid_to", 5,
	                   category_row, ref, err, errlen)) ||
	    (rc = each_row("subtopics.csv", "class,name", 2, subtopic_row, ref, err, errlen)) ||
	    (rc = each_row("not_admissible_reasons.csv", "code,title,rule", 3, reason_row, ref,
	                   err, errlen)) ||
	    (rc = each_row("number_segments.csv", "prefix,operator,reseller", 3, segment_row, ref,
	                   err, errlen)))
		return rc;
	return 0;
}

/* Calls use() with each holiday schedule compiled into the binary. */
static int each_schedule(int (*use)(const struct holiday_schedule *sch, const char *source,
                                    void *arg, char *err, size_t errlen),
                         void *arg, int *years, char *err, size_t errlen)
{
	*years = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, "holidays/", 9) != 0)
			continue;
		struct holiday_schedule sch;
		char msg[256];
		int rc = holiday_json_parse(f->data, f->len, &sch, msg, sizeof msg);
		if (rc) {
			snprintf(err, errlen, "data/%s: %s", f->name, msg);
			return rc;
		}
		rc = use(&sch, f->name, arg, err, errlen);
		holiday_schedule_free(&sch);
		if (rc)
			return rc;
		(*years)++;
	}
	return 0;
}

struct saving {
	store *s;
	calendar *stored; /* the schedules the database holds already */
};

/* A year the database has a schedule for keeps it: one loaded with
 * `calendar load` is newer than the one compiled in. */
static int save_schedule(const struct holiday_schedule *sch, const char *source, void *arg,
                         char *err, size_t errlen)
{
	struct saving *to = arg;
	if (calendar_has_year(to->stored, sch->year))
		return 0;
	int rc = store_holiday_save(to->s, sch, source);
	if (rc)
		snprintf(err, errlen, "%s", store_error(to->s));
	return rc;
}

static int apply_schedule(const struct holiday_schedule *sch, const char *source, void *arg,
                          char *err, size_t errlen)
{
	int rc = holiday_schedule_apply(sch, arg);
	if (rc)
		snprintf(err, errlen, "data/%s: the schedule does not fit the calendar", source);
	return rc;
}

int seed_holidays(store *s, int *years, char *err, size_t errlen)
{
	struct saving to = {s, calendar_new()};
	int rc = store_calendar_load(s, to.stored);
	if (rc)
		snprintf(err, errlen, "%s", store_error(s));
	else
		rc = each_schedule(save_schedule, &to, years, err, errlen);
	calendar_free(to.stored);
	return rc;
}

int seed_calendar(calendar *cal, char *err, size_t errlen)
{
	int years;
	return each_schedule(apply_schedule, cal, &years, err, errlen);
}

int seed_database(store *s, bool *created, char *err, size_t errlen)
{
	struct reference existing;
	reference_init(&existing);
	int rc = store_reference_load(s, &existing);
	reference_free(&existing);
	if (rc == 0) {
		*created = false;
		return 0;
	}
	if (rc != SH_ENOTFOUND) {
		snprintf(err, errlen, "%s", store_error(s));
		return rc;
	}
	struct reference ref;
	reference_init(&ref);
	int years;
	if ((rc = seed_reference(&ref, err, errlen)) == 0 && (rc = store_begin(s)) == 0) {
		if ((rc = store_reference_save(s, &ref)) == 0 &&
		    (rc = seed_holidays(s, &years, err, errlen)) == 0)
			rc = store_commit(s);
		else
			store_rollback(s);
		if (rc && !err[0])
			snprintf(err, errlen, "%s", store_error(s));
	}
	reference_free(&ref);
	if (rc == 0)
		*created = true;
	return rc;
}
