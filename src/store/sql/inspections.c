/* Inspections (实地检查, 明察暗访, 专项检查) of enterprises. */
#include <string.h>

#include "core/error.h"
#include "store/sql/sql.h"
#include "store/sql/supervision.h"

#define INSPECTION_COLS                                                                 \
	"x.id, x.inspected_on, x.authority, x.topic, x.kind, x.finding, x.action_id, "  \
	STAMP_COLS ", " LICENSEE_COLS

static void read_inspection(struct arena *a, struct sql_stmt *st, void *row)
{
	struct inspection *i = row;
	i->id = col_int(st, 0);
	i->inspected_on = col_date(st, 1, 0);
	col_copy(i->authority, sizeof i->authority, st, 2);
	i->topic = col_text(a, st, 3);
	const char *k = col_raw(st, 4);
	if (!k || inspection_kind_parse(k, strlen(k), &i->kind))
		i->kind = INSPECTION_ON_SITE;
	i->finding = col_text(a, st, 5);
	i->action_id = col_int(st, 6);
	stamp_read(st, 7, &i->stamp);
	licensee_read(a, st, 11, &i->enterprise);
}

static void bind_inspection(struct sql_args *q, const struct inspection *i)
{
	arg_date(q, i->inspected_on);
	arg_text(q, i->authority);
	arg_int(q, i->enterprise.id);
	arg_text(q, i->topic);
	arg_text(q, inspection_kind_code(i->kind));
	arg_text(q, i->finding);
	arg_id(q, i->action_id);
}

int store_inspection_insert(store *s, struct inspection *i, int64_t now)
{
	struct sql_args q = {0};
	bind_inspection(&q, i);
	arg_int(&q, now);
	arg_id(&q, i->stamp.batch_id);
	int rc = sql_insert(s,
	                    "INSERT INTO inspection(inspected_on, authority, licensee_id, topic, kind, "
	                    "finding, action_id, created_at, updated_at, import_batch_id) "
	                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
	                    &q, &i->id);
	if (rc == 0) {
		i->stamp.created_at = i->stamp.updated_at = now;
		i->stamp.version = 1;
	}
	return rc;
}

int store_inspection_update(store *s, const struct inspection *i, int expected_version,
                            int64_t now)
{
	struct sql_args q = {0};
	bind_inspection(&q, i);
	arg_int(&q, now);
	arg_int(&q, i->id);
	arg_int(&q, expected_version);
	return update_versioned(s,
	                        "UPDATE inspection SET inspected_on = ?1, authority = ?2, "
	                        "licensee_id = ?3, topic = ?4, kind = ?5, finding = ?6, action_id = ?7, "
	                        "updated_at = ?8, version = version + 1 WHERE id = ?9 AND version = ?10",
	                        &q, "inspection");
}

int store_inspection_get(store *s, int64_t id, struct arena *a, struct inspection *out)
{
	struct sql_args q = {0};
	arg_int(&q, id);
	struct sql_stmt *st;
	int rc = sql_row(s,
	                 "SELECT " INSPECTION_COLS " FROM inspection x JOIN licensee l ON "
	                 "l.id = x.licensee_id WHERE x.id = ?1",
	                 &q, &st);
	if (rc)
		return rc;
	read_inspection(a, st, out);
	sql_done(s, st);
	return 0;
}

int store_inspection_list(store *s, const struct supervision_filter *f, struct arena *a,
                          struct inspection **out, size_t *n)
{
	struct sql_args q = {0};
	filter_args(&q, f);
	arg_text(&q, f->topic);
	arg_int(&q, filter_limit(f));
	return read_rows(s,
	                 "SELECT " INSPECTION_COLS " FROM inspection x JOIN licensee l ON "
	                 "l.id = x.licensee_id WHERE " FILTER_WHERE("inspected_on", "x.licensee_id = ?4")
	                 " AND (CAST(?6 AS TEXT) IS NULL OR x.topic = ?6) ORDER BY x.id DESC LIMIT ?7",
	                 &q, a, sizeof(struct inspection), read_inspection, (void **)out, n);
}
