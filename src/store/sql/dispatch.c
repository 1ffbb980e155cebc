/* Dispatch lists: reported numbers sent to the operator serving them for
 * verification and disposal (核查处置), and the operators' disposals. */
#include <inttypes.h>
#include <string.h>

#include "core/error.h"
#include "store/sql/sql.h"

#define DISPATCH_COLUMNS                                                                   \
	"d.id, d.operator_id, d.created_at, d.due, d.numbers, (SELECT count(*) FROM "      \
	"reported_number n WHERE n.dispatch_id = d.id AND n.disposal IS NOT NULL), "       \
	"d.due_provisional, d.due_from, d.due_days"

static void read_dispatch(struct sql_stmt *st, struct dispatch *d)
{
	d->id = col_int(st, 0);
	d->operator_id = col_int(st, 1);
	d->created_at = col_int(st, 2);
	d->due = col_date(st, 3, 0);
	d->numbers = col_int(st, 4);
	d->disposed = col_int(st, 5);
	d->provisional = col_int(st, 6) != 0;
	d->due_from = col_date(st, 7, 0);
	d->due_days = (int)col_int(st, 8);
}

struct dispatch_args {
	int64_t now;
	const struct dispatch_due *due;
	struct arena *a;
	struct dispatch **out;
	size_t *n;
};

static int create_dispatches(store *s, const void *arg)
{
	const struct dispatch_args *x = arg;
	/* Two instances making lists at once would put the same numbers on two
	 * lists: one at a time, until commit. */
	int rc = s->d->lock(s, STORE_LOCK_DISPATCH);
	if (rc)
		return rc;
	/* Numbers with at least one valid report and a known operator. */
	struct sql_stmt *st;
	if ((rc = sql_run(s,
	                  "SELECT operator_id, count(*) FROM reported_number n WHERE dispatch_id IS "
	                  "NULL AND operator_id IS NOT NULL AND EXISTS (SELECT 1 FROM report r "
	                  "WHERE r.target = n.number AND r.invalid = 0) GROUP BY operator_id "
	                  "ORDER BY operator_id",
	                  NULL, &st)))
		return rc;
	struct sql_rows rows = {.elem = sizeof(struct dispatch)};
	while ((rc = sql_next(s, st)) > 0) {
		struct dispatch *d = rows_add(x->a, &rows);
		*d = (struct dispatch){.operator_id = col_int(st, 0), .created_at = x->now,
		                       .due = x->due->due, .provisional = x->due->provisional,
		                       .due_from = x->due->from, .due_days = x->due->days,
		                       .numbers = col_int(st, 1)};
	}
	sql_done(s, st);
	struct dispatch *items = rows.items;
	for (size_t i = 0; rc == 0 && i < rows.n; i++) {
		struct sql_args a = {0};
		arg_int(&a, items[i].operator_id);
		arg_int(&a, x->now);
		arg_date(&a, x->due->due);
		arg_int(&a, items[i].numbers);
		arg_int(&a, x->due->provisional);
		arg_day(&a, x->due->from);
		arg_id(&a, x->due->days);
		if ((rc = sql_insert(s,
		                  "INSERT INTO dispatch(operator_id, created_at, due, numbers, "
		                  "due_provisional, due_from, due_days) "
		                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		                  &a, &items[i].id)))
			break;
		a.n = 0;
		arg_int(&a, items[i].id);
		arg_int(&a, items[i].operator_id);
		rc = sql_exec(s,
		              "UPDATE reported_number SET dispatch_id = ?1 WHERE dispatch_id IS NULL "
		              "AND operator_id = ?2 AND EXISTS (SELECT 1 FROM report r WHERE "
		              "r.target = reported_number.number AND r.invalid = 0)",
		              &a, NULL);
		changes_note_dispatch(s, items[i].id);
	}
	if (rc == 0) {
		*x->out = items ? items : arena_alloc(x->a, rows.elem);
		*x->n = rows.n;
	}
	return rc;
}

int store_dispatch_create(store *s, int64_t now, const struct dispatch_due *due, struct arena *a,
                          struct dispatch **out, size_t *n)
{
	struct dispatch_args x = {now, due, a, out, n};
	return sql_in_transaction(s, create_dispatches, &x);
}

int store_dispatch_list(store *s, int64_t operator_id, struct arena *a, struct dispatch **out,
                        size_t *n)
{
	struct sql_args q = {0};
	arg_id(&q, operator_id);
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT " DISPATCH_COLUMNS " FROM dispatch d WHERE (CAST(?1 AS BIGINT) IS "
	                 "NULL OR d.operator_id = ?1) ORDER BY d.id DESC LIMIT 500",
	                 &q, &st);
	if (rc)
		return rc;
	struct sql_rows rows = {.elem = sizeof(struct dispatch)};
	while ((rc = sql_next(s, st)) > 0)
		read_dispatch(st, rows_add(a, &rows));
	sql_done(s, st);
	*out = rows.items ? rows.items : arena_alloc(a, rows.elem);
	*n = rows.n;
	return rc;
}

int store_dispatch_provisional(store *s, struct arena *a, struct dispatch **out, size_t *n)
{
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT " DISPATCH_COLUMNS " FROM dispatch d WHERE d.due_provisional <> 0 "
	                 "ORDER BY d.id",
	                 NULL, &st);
	if (rc)
		return rc;
	struct sql_rows rows = {.elem = sizeof(struct dispatch)};
	while ((rc = sql_next(s, st)) > 0)
		read_dispatch(st, rows_add(a, &rows));
	sql_done(s, st);
	*out = rows.items ? rows.items : arena_alloc(a, rows.elem);
	*n = rows.n;
	return rc;
}

int store_dispatch_set_due(store *s, int64_t id, int32_t old_due, int32_t due, bool provisional)
{
	struct sql_args a = {0};
	arg_int(&a, id);
	arg_date(&a, old_due);
	arg_date(&a, due);
	arg_int(&a, provisional);
	int64_t changed;
	int rc = sql_exec(s,
	                  "UPDATE dispatch SET due = ?3, due_provisional = ?4 WHERE id = ?1 AND "
	                  "due = ?2 AND due_provisional <> 0",
	                  &a, &changed);
	if (rc == 0 && changed != 1)
		return sql_fail(s, SH_ECONFLICT, "dispatch %" PRId64 " changed meanwhile", id);
	return rc;
}

int store_dispatch_get(store *s, int64_t id, struct dispatch *out)
{
	struct sql_args q = {0};
	arg_int(&q, id);
	struct sql_stmt *st;
	int rc = sql_row(s, "SELECT " DISPATCH_COLUMNS " FROM dispatch d WHERE d.id = ?1", &q, &st);
	if (rc)
		return rc;
	read_dispatch(st, out);
	sql_done(s, st);
	return 0;
}

static enum disposal col_disposal(struct sql_stmt *st, int i)
{
	const char *t = col_raw(st, i);
	enum disposal d;
	return t && disposal_parse(t, strlen(t), &d) == 0 ? d : DISPOSAL_NONE;
}

int store_dispatch_items(store *s, int64_t dispatch_id, struct arena *a,
                         struct dispatch_item **out, size_t *n)
{
	struct sql_args q = {0};
	arg_int(&q, dispatch_id);
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT n.number, n.disposal, n.disposed_at, n.disposal_note, count(r.id), "
	                 "max(r.reported_at) FROM reported_number n LEFT JOIN report r ON "
	                 "r.target = n.number AND r.invalid = 0 WHERE n.dispatch_id = ?1 "
	                 "GROUP BY n.number ORDER BY n.number",
	                 &q, &st);
	if (rc)
		return rc;
	struct sql_rows rows = {.elem = sizeof(struct dispatch_item)};
	while ((rc = sql_next(s, st)) > 0) {
		struct dispatch_item *it = rows_add(a, &rows);
		col_copy(it->number, sizeof it->number, st, 0);
		it->disposal = col_disposal(st, 1);
		it->disposed_at = col_instant(st, 2);
		it->note = col_opt(a, st, 3);
		it->reports = col_int(st, 4);
		it->last_at = col_instant(st, 5);
	}
	sql_done(s, st);
	*out = rows.items ? rows.items : arena_alloc(a, rows.elem);
	*n = rows.n;
	return rc;
}

struct disposal_args {
	int64_t dispatch_id;
	const char *number;
	enum disposal d;
	const char *note;
	int64_t at;
};

static int set_disposal(store *s, const void *arg)
{
	const struct disposal_args *x = arg;
	struct sql_args a = {0};
	arg_int(&a, x->dispatch_id);
	arg_text(&a, x->number);
	arg_text(&a, disposal_code(x->d));
	arg_int(&a, x->at);
	arg_text(&a, x->note);
	int64_t changed;
	int rc = sql_exec(s,
	                  "UPDATE reported_number SET disposal = ?3, disposed_at = ?4, "
	                  "disposal_note = ?5 WHERE dispatch_id = ?1 AND number = ?2",
	                  &a, &changed);
	if (rc == 0 && changed == 0)
		return sql_fail(s, SH_ENOTFOUND, "number not on dispatch %" PRId64, x->dispatch_id);
	if (rc == 0)
		changes_note(s, x->number);
	return rc;
}

int store_disposal_set(store *s, int64_t dispatch_id, const char *number, enum disposal d,
                       const char *note, int64_t at)
{
	struct disposal_args x = {dispatch_id, number, d, note, at};
	return sql_in_transaction(s, set_disposal, &x);
}
