/* Entries on the bad-record lists (电信业务经营不良名单 / 失信名单). */
#include <string.h>

#include "core/error.h"
#include "store/sql/sql.h"
#include "store/sql/supervision.h"

#define ENTRY_COLS                                                                     \
	"x.id, x.list, x.listed_on, x.reason, x.action_id, x.authority, x.removed_on, " \
	STAMP_COLS ", " LICENSEE_COLS

static void read_entry(struct arena *a, struct sql_stmt *st, void *row)
{
	struct badlist_entry *e = row;
	e->id = col_int(st, 0);
	const char *list = col_raw(st, 1);
	if (!list || badlist_parse(list, strlen(list), &e->list))
		e->list = BADLIST_BAD_RECORD;
	e->listed_on = col_date(st, 2, 0);
	e->reason = col_text(a, st, 3);
	e->action_id = col_int(st, 4);
	col_copy(e->authority, sizeof e->authority, st, 5);
	e->removed_on = col_date(st, 6, 0);
	stamp_read(st, 7, &e->stamp);
	licensee_read(a, st, 11, &e->enterprise);
}

static void bind_entry(struct sql_args *q, const struct badlist_entry *e)
{
	arg_int(q, e->enterprise.id);
	arg_text(q, badlist_code(e->list));
	arg_date(q, e->listed_on);
	arg_text(q, e->reason);
	arg_id(q, e->action_id);
	arg_text(q, e->authority);
	arg_day(q, e->removed_on);
}

int store_badlist_insert(store *s, struct badlist_entry *e, int64_t now)
{
	struct sql_args q = {0};
	bind_entry(&q, e);
	arg_int(&q, now);
	arg_id(&q, e->stamp.batch_id);
	int rc = sql_insert(s,
	                    "INSERT INTO badlist_entry(licensee_id, list, listed_on, reason, "
	                    "action_id, authority, removed_on, created_at, updated_at, "
	                    "import_batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
	                    &q, &e->id);
	if (rc == 0) {
		e->stamp.created_at = e->stamp.updated_at = now;
		e->stamp.version = 1;
	}
	return rc;
}

int store_badlist_update(store *s, const struct badlist_entry *e, int expected_version,
                         int64_t now)
{
	struct sql_args q = {0};
	bind_entry(&q, e);
	arg_int(&q, now);
	arg_int(&q, e->id);
	arg_int(&q, expected_version);
	return update_versioned(s,
	                        "UPDATE badlist_entry SET licensee_id = ?1, list = ?2, listed_on = ?3, "
	                        "reason = ?4, action_id = ?5, authority = ?6, removed_on = ?7, "
	                        "updated_at = ?8, version = version + 1 WHERE id = ?9 AND version = ?10",
	                        &q, "bad-list entry");
}

int store_badlist_get(store *s, int64_t id, struct arena *a, struct badlist_entry *out)
{
	struct sql_args q = {0};
	arg_int(&q, id);
	struct sql_stmt *st;
	int rc = sql_row(s,
	                 "SELECT " ENTRY_COLS " FROM badlist_entry x JOIN licensee l ON "
	                 "l.id = x.licensee_id WHERE x.id = ?1",
	                 &q, &st);
	if (rc)
		return rc;
	read_entry(a, st, out);
	sql_done(s, st);
	return 0;
}

int store_badlist_list(store *s, const struct supervision_filter *f, struct arena *a,
                       struct badlist_entry **out, size_t *n)
{
	struct sql_args q = {0};
	filter_args(&q, f);
	arg_day(&q, f->current_on);
	arg_int(&q, filter_limit(f));
	return read_rows(s,
	                 "SELECT " ENTRY_COLS " FROM badlist_entry x JOIN licensee l ON "
	                 "l.id = x.licensee_id WHERE " FILTER_WHERE("listed_on", "x.licensee_id = ?4")
	                 " AND (CAST(?6 AS TEXT) IS NULL OR (x.listed_on <= ?6 AND (x.removed_on IS "
	                 "NULL OR x.removed_on > ?6))) ORDER BY x.id DESC LIMIT ?7",
	                 &q, a, sizeof(struct badlist_entry), read_entry, (void **)out, n);
}
