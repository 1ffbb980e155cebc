/* The registry of licensed enterprises. */
#include <stdint.h>
#include <string.h>

#include "core/error.h"
#include "store/sql/sql.h"
#include "store/sql/supervision.h"


void licensee_read(struct arena *a, struct sql_stmt *st, int first, struct licensee *l)
{
	l->id = col_int(st, first);
	l->name = col_text(a, st, first + 1);
	l->licence_no = col_opt(a, st, first + 2);
	const char *kind = col_raw(st, first + 3);
	if (!kind || licensee_kind_parse(kind, strlen(kind), &l->kind))
		l->kind = LICENSEE_VALUE_ADDED;
	col_copy(l->province, sizeof l->province, st, first + 4);
	l->enterprise_id = col_int(st, first + 5);
	l->version = (int)col_int(st, first + 6);
}

void stamp_read(struct sql_stmt *st, int first, struct record_stamp *s)
{
	s->created_at = col_int(st, first);
	s->updated_at = col_int(st, first + 1);
	s->batch_id = col_int(st, first + 2);
	s->version = (int)col_int(st, first + 3);
}

void filter_args(struct sql_args *q, const struct supervision_filter *f)
{
	arg_text(q, f->authority);
	arg_day(q, f->from);
	arg_day(q, f->to);
	arg_id(q, f->licensee_id);
	arg_id(q, f->before_id);
}

int64_t filter_limit(const struct supervision_filter *f)
{
	return f->limit > 0 ? f->limit : INT64_MAX;
}

int read_rows(store *s, const char *sql, const struct sql_args *q, struct arena *a, size_t elem,
              void (*read)(struct arena *a, struct sql_stmt *st, void *row), void **out,
              size_t *n)
{
	struct sql_stmt *st;
	int rc = sql_run(s, sql, q, &st);
	if (rc)
		return rc;
	struct sql_rows rows = {.elem = elem};
	while ((rc = sql_next(s, st)) > 0)
		read(a, st, rows_add(a, &rows));
	sql_done(s, st);
	if (rc)
		return rc;
	*out = rows.items ? rows.items : arena_calloc(a, 1, elem);
	*n = rows.n;
	return 0;
}

int update_versioned(store *s, const char *sql, const struct sql_args *q, const char *what)
{
	int64_t changed;
	int rc = sql_exec(s, sql, q, &changed);
	if (rc == 0 && changed == 0)
		return sql_fail(s, SH_ECONFLICT, "%s changed meanwhile or missing", what);
	return rc;
}

static void read_licensee(struct arena *a, struct sql_stmt *st, void *row)
{
	licensee_read(a, st, 0, row);
}

static int one(store *s, const char *sql, const struct sql_args *q, struct arena *a,
               struct licensee *out)
{
	struct sql_stmt *st;
	int rc = sql_row(s, sql, q, &st);
	if (rc)
		return rc;
	licensee_read(a, st, 0, out);
	sql_done(s, st);
	return 0;
}

int store_licensee_by_name(store *s, const char *name, struct arena *a, struct licensee *out)
{
	struct sql_args q = {0};
	arg_text(&q, name);
	return one(s, "SELECT " LICENSEE_COLS " FROM licensee l WHERE l.name = ?1", &q, a, out);
}

int store_licensee_by_licence(store *s, const char *licence_no, struct arena *a,
                              struct licensee *out)
{
	struct sql_args q = {0};
	arg_text(&q, licence_no);
	return one(s, "SELECT " LICENSEE_COLS " FROM licensee l WHERE l.licence_no = ?1", &q, a,
	           out);
}

int store_licensee_get(store *s, int64_t id, struct arena *a, struct licensee *out)
{
	struct sql_args q = {0};
	arg_int(&q, id);
	return one(s, "SELECT " LICENSEE_COLS " FROM licensee l WHERE l.id = ?1", &q, a, out);
}

static void bind(struct sql_args *q, const struct licensee *l)
{
	arg_text(q, l->name);
	arg_text(q, l->licence_no);
	arg_text(q, licensee_kind_code(l->kind));
	arg_text(q, l->province[0] ? l->province : NULL);
	arg_id(q, l->enterprise_id);
}

int store_licensee_add(store *s, struct licensee *l, int64_t now)
{
	struct sql_args q = {0};
	bind(&q, l);
	arg_int(&q, now);
	int rc = sql_insert(s,
	                    "INSERT INTO licensee(name, licence_no, kind, province, enterprise_id, "
	                    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	                    &q, &l->id);
	if (rc == 0)
		l->version = 1;
	return rc;
}

int store_licensee_update(store *s, const struct licensee *l, int expected_version)
{
	struct sql_args q = {0};
	bind(&q, l);
	arg_int(&q, l->id);
	arg_int(&q, expected_version);
	return update_versioned(s,
	                        "UPDATE licensee SET name = ?1, licence_no = ?2, kind = ?3, "
	                        "province = ?4, enterprise_id = ?5, version = version + 1 "
	                        "WHERE id = ?6 AND version = ?7",
	                        &q, "licensee");
}

int store_licensee_list(store *s, const struct licensee_filter *f, struct arena *a,
                        struct licensee **out, size_t *n)
{
	struct sql_args q = {0};
	/* The query as a LIKE pattern, its wildcards taken literally. */
	char *like = NULL;
	if (f->query && f->query[0]) {
		size_t len = strlen(f->query);
		like = arena_alloc(a, 2 * len + 3);
		char *p = like;
		*p++ = '%';
		for (size_t i = 0; i < len; i++) {
			if (f->query[i] == '%' || f->query[i] == '_' || f->query[i] == '!')
				*p++ = '!';
			*p++ = f->query[i];
		}
		*p++ = '%';
		*p = '\0';
	}
	arg_text(&q, like);
	arg_text(&q, f->kind >= 0 ? licensee_kind_code((enum licensee_kind)f->kind) : NULL);
	arg_int(&q, f->after_id);
	arg_int(&q, f->limit > 0 && f->limit <= 1000 ? f->limit : 100);
	return read_rows(s,
	                 "SELECT " LICENSEE_COLS " FROM licensee l WHERE (CAST(?1 AS TEXT) IS NULL "
	                 "OR l.name LIKE ?1 ESCAPE '!' OR l.licence_no LIKE ?1 ESCAPE '!') AND "
	                 "(CAST(?2 AS TEXT) IS NULL OR l.kind = ?2) AND l.id > ?3 ORDER BY l.id "
	                 "LIMIT ?4",
	                 &q, a, sizeof(struct licensee), read_licensee, (void **)out, n);
}
