/* Reference data: provinces, enterprises, complaint classes and sub-topics,
 * not-admissible reasons, number segments. */
#include <string.h>

#include "core/error.h"
#include "store/sql/sql.h"

static int save_reference(store *s, const void *arg)
{
	const struct reference *ref = arg;
	int rc = s->d->exec(s, "DELETE FROM number_segment; DELETE FROM subtopic; "
	                       "DELETE FROM not_admissible_reason; DELETE FROM category; "
	                       "DELETE FROM enterprise; DELETE FROM province");
	for (size_t i = 0; rc == 0 && i < ref->nprovinces; i++) {
		const struct province *p = &ref->provinces[i];
		struct sql_args a = {0};
		arg_text(&a, p->code);
		arg_text(&a, p->name);
		arg_text(&a, p->short_name);
		arg_int(&a, p->national);
		rc = sql_exec(s, "INSERT INTO province(code, name, short_name, national) "
		                 "VALUES (?1, ?2, ?3, ?4)", &a, NULL);
	}
	/* Groups before branches and hosts before resellers, for the foreign keys. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; rc == 0 && i < ref->nenterprises; i++) {
			const struct enterprise *e = &ref->enterprises[i];
			if ((pass == 0) != (e->parent_id == 0 && e->host_id == 0))
				continue;
			struct sql_args a = {0};
			arg_int(&a, e->id);
			arg_text(&a, e->code);
			arg_text(&a, e->name);
			arg_text(&a, e->full_name);
			arg_text(&a, enterprise_kind_code(e->kind));
			arg_id(&a, e->parent_id);
			arg_text(&a, e->province);
			arg_id(&a, e->host_id);
			rc = sql_exec(s, "INSERT INTO enterprise(id, code, name, full_name, kind, "
			                 "parent_id, province, host_id) "
			                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &a, NULL);
		}
	for (size_t i = 0; rc == 0 && i < ref->ncategories; i++) {
		const struct category *c = &ref->categories[i];
		struct sql_args a = {0};
		arg_int(&a, c->id);
		arg_text(&a, c->scheme);
		arg_text(&a, c->code);
		arg_text(&a, c->name);
		arg_date(&a, c->valid_from);
		arg_date(&a, c->valid_to);
		rc = sql_exec(s, "INSERT INTO category(id, scheme, code, name, valid_from, valid_to) "
		                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &a, NULL);
	}
	for (size_t i = 0; rc == 0 && i < ref->nsubtopics; i++) {
		struct sql_args a = {0};
		arg_int(&a, ref->subtopics[i].id);
		arg_int(&a, ref->subtopics[i].category_id);
		arg_text(&a, ref->subtopics[i].name);
		rc = sql_exec(s, "INSERT INTO subtopic(id, category_id, name) VALUES (?1, ?2, ?3)", &a,
		              NULL);
	}
	for (size_t i = 0; rc == 0 && i < ref->nreasons; i++) {
		struct sql_args a = {0};
		arg_text(&a, ref->reasons[i].code);
		arg_text(&a, ref->reasons[i].title);
		arg_text(&a, ref->reasons[i].rule);
		arg_int(&a, (int64_t)i + 1);
		rc = sql_exec(s, "INSERT INTO not_admissible_reason(code, title, rule, position) "
		                 "VALUES (?1, ?2, ?3, ?4)", &a, NULL);
	}
	for (size_t i = 0; rc == 0 && i < ref->nsegments; i++) {
		struct sql_args a = {0};
		arg_text(&a, ref->segments[i].prefix);
		arg_int(&a, ref->segments[i].operator_id);
		arg_int(&a, ref->segments[i].reseller);
		rc = sql_exec(s, "INSERT INTO number_segment(prefix, operator_id, reseller) "
		                 "VALUES (?1, ?2, ?3)", &a, NULL);
	}
	return rc;
}

int store_reference_save(store *s, const struct reference *ref)
{
	return sql_in_transaction(s, save_reference, ref);
}

static void province_row(struct arena *a, struct sql_stmt *st, void *item)
{
	struct province *p = item;
	col_copy(p->code, sizeof p->code, st, 0);
	p->name = col_text(a, st, 1);
	p->short_name = col_text(a, st, 2);
	p->national = (int)col_int(st, 3);
}

static void enterprise_row(struct arena *a, struct sql_stmt *st, void *item)
{
	struct enterprise *e = item;
	e->id = col_int(st, 0);
	e->code = col_text(a, st, 1);
	e->name = col_text(a, st, 2);
	e->full_name = col_text(a, st, 3);
	enterprise_kind_parse(col_raw(st, 4), &e->kind);
	e->parent_id = col_int(st, 5);
	col_copy(e->province, sizeof e->province, st, 6);
	e->host_id = col_int(st, 7);
}

static void category_row(struct arena *a, struct sql_stmt *st, void *item)
{
	struct category *c = item;
	c->id = col_int(st, 0);
	c->scheme = col_text(a, st, 1);
	c->code = col_text(a, st, 2);
	c->name = col_text(a, st, 3);
	c->valid_from = col_date(st, 4, DATE_OPEN_START);
	c->valid_to = col_date(st, 5, DATE_OPEN_END);
}

static void subtopic_row(struct arena *a, struct sql_stmt *st, void *item)
{
	struct subtopic *t = item;
	t->id = col_int(st, 0);
	t->category_id = col_int(st, 1);
	t->name = col_text(a, st, 2);
}

static void reason_row(struct arena *a, struct sql_stmt *st, void *item)
{
	struct reason *r = item;
	r->code = col_text(a, st, 0);
	r->title = col_text(a, st, 1);
	r->rule = col_text(a, st, 2);
}

static void segment_row(struct arena *a, struct sql_stmt *st, void *item)
{
	(void)a;
	struct number_segment *g = item;
	col_copy(g->prefix, sizeof g->prefix, st, 0);
	g->operator_id = col_int(st, 1);
	g->reseller = (int)col_int(st, 2);
}

/* Runs a query and returns its rows as an arena array via the row callback. */
static int load_rows(store *s, const char *sql, struct arena *a, size_t elem, void **items,
                     size_t *n, void (*row)(struct arena *a, struct sql_stmt *st, void *item))
{
	struct sql_stmt *st;
	int rc = sql_run(s, sql, NULL, &st);
	if (rc)
		return rc;
	struct sql_rows rows = {.elem = elem};
	while ((rc = sql_next(s, st)) > 0)
		row(a, st, rows_add(a, &rows));
	sql_done(s, st);
	if (rc == 0) {
		*items = rows.items ? rows.items : arena_alloc(a, elem);
		*n = rows.n;
	}
	return rc;
}

int store_reference_load(store *s, struct reference *ref)
{
	struct arena *a = &ref->arena;
	int rc;
	if ((rc = load_rows(s, "SELECT code, name, short_name, national FROM province ORDER BY code",
	                    a, sizeof(struct province), (void **)&ref->provinces, &ref->nprovinces,
	                    province_row)) ||
	    (rc = load_rows(s,
	                    "SELECT id, code, name, full_name, kind, parent_id, province, host_id "
	                    "FROM enterprise ORDER BY id",
	                    a, sizeof(struct enterprise), (void **)&ref->enterprises,
	                    &ref->nenterprises, enterprise_row)) ||
	    (rc = load_rows(s,
	                    "SELECT id, scheme, code, name, valid_from, valid_to FROM category "
	                    "ORDER BY id",
	                    a, sizeof(struct category), (void **)&ref->categories,
	                    &ref->ncategories, category_row)) ||
	    (rc = load_rows(s, "SELECT id, category_id, name FROM subtopic ORDER BY id", a,
	                    sizeof(struct subtopic), (void **)&ref->subtopics, &ref->nsubtopics,
	                    subtopic_row)) ||
	    (rc = load_rows(s,
	                    "SELECT code, title, rule FROM not_admissible_reason "
	                    "ORDER BY position, code",
	                    a, sizeof(struct reason), (void **)&ref->reasons, &ref->nreasons,
	                    reason_row)) ||
	    (rc = load_rows(s, "SELECT prefix, operator_id, reseller FROM number_segment "
	                       "ORDER BY prefix",
	                    a, sizeof(struct number_segment), (void **)&ref->segments,
	                    &ref->nsegments, segment_row)))
		return rc;
	if (ref->nprovinces == 0)
		return sql_fail(s, SH_ENOTFOUND,
		                "the database has no reference data; run 'shensu init' first");
	return 0;
}
