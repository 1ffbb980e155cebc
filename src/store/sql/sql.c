#include "store/sql/sql.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/complaint.h"
#include "store/schema.h"

/* ---- parameters ------------------------------------------------------------ */

void arg_date(struct sql_args *a, int32_t day)
{
	if (day == DATE_OPEN_START || day == DATE_OPEN_END) {
		arg_null(a);
		return;
	}
	char *b = a->buf[a->n];
	date_format(day, b);
	arg_textn(a, b, strlen(b));
}

void arg_day(struct sql_args *a, int32_t day)
{
	if (day)
		arg_date(a, day);
	else
		arg_null(a);
}

/* ---- statements --------------------------------------------------------------- */

static int run(store *s, const char *sql, unsigned flags, const struct sql_args *a,
               struct sql_stmt **out)
{
	struct sql_stmt *st;
	int rc = s->d->prepare(s, sql, flags, &st);
	if (rc)
		return rc;
	if (a && a->n)
		s->d->bind(st, a->v, a->n);
	*out = st;
	return 0;
}

int sql_run(store *s, const char *sql, const struct sql_args *a, struct sql_stmt **out)
{
	return run(s, sql, SQL_KEEP, a, out);
}

int sql_run_once(store *s, const char *sql, const struct sql_args *a, struct sql_stmt **out)
{
	return run(s, sql, 0, a, out);
}

int sql_next(store *s, struct sql_stmt *st)
{
	return s->d->step(s, st);
}

void sql_done(store *s, struct sql_stmt *st)
{
	s->d->finish(s, st);
}

int sql_exec(store *s, const char *sql, const struct sql_args *a, int64_t *changed)
{
	struct sql_stmt *st;
	int rc = sql_run(s, sql, a, &st);
	if (rc)
		return rc;
	while ((rc = sql_next(s, st)) > 0)
		;
	if (rc == 0 && changed)
		*changed = s->d->changes(s, st);
	sql_done(s, st);
	return rc;
}

int sql_insert(store *s, const char *sql, const struct sql_args *a, int64_t *id)
{
	struct sql_stmt *st;
	int rc = run(s, sql, SQL_KEEP | SQL_NEW_ID, a, &st);
	if (rc)
		return rc;
	while ((rc = sql_next(s, st)) > 0)
		;
	if (rc == 0)
		*id = s->d->last_id(s, st);
	sql_done(s, st);
	return rc;
}

int sql_copy_row(store *s, const struct sql_copy *t, const struct sql_args *a)
{
	if (s->d->copy_row)
		return s->d->copy_row(s, t, a->v);
	return sql_exec(s, t->insert, a, NULL);
}

int sql_row(store *s, const char *sql, const struct sql_args *a, struct sql_stmt **out)
{
	struct sql_stmt *st;
	int rc = sql_run(s, sql, a, &st);
	if (rc)
		return rc;
	rc = sql_next(s, st);
	if (rc <= 0) {
		sql_done(s, st);
		return rc == 0 ? SH_ENOTFOUND : rc;
	}
	*out = st;
	return 0;
}

int sql_int(store *s, const char *sql, const struct sql_args *a, int64_t dflt, int64_t *out)
{
	struct sql_stmt *st;
	int rc = sql_row(s, sql, a, &st);
	if (rc == SH_ENOTFOUND) {
		*out = dflt;
		return 0;
	}
	if (rc)
		return rc;
	*out = col_null(st, 0) ? dflt : col_int(st, 0);
	sql_done(s, st);
	return 0;
}

/* ---- columns --------------------------------------------------------------------- */

bool col_null(struct sql_stmt *st, int i)
{
	return st->d->column_null(st, i);
}

int64_t col_int(struct sql_stmt *st, int i)
{
	return st->d->column_null(st, i) ? 0 : st->d->column_int(st, i);
}

int64_t col_instant(struct sql_stmt *st, int i)
{
	return st->d->column_null(st, i) ? NO_INSTANT : st->d->column_int(st, i);
}

int32_t col_date(struct sql_stmt *st, int i, int32_t none)
{
	const char *t = st->d->column_text(st, i);
	int32_t day;
	return t && date_parse(t, strlen(t), &day) == 0 ? day : none;
}

const char *col_raw(struct sql_stmt *st, int i)
{
	return st->d->column_text(st, i);
}

char *col_text(struct arena *a, struct sql_stmt *st, int i)
{
	const char *t = st->d->column_text(st, i);
	return arena_strdup(a, t ? t : "");
}

const char *col_opt(struct arena *a, struct sql_stmt *st, int i)
{
	const char *t = st->d->column_text(st, i);
	return t ? arena_strdup(a, t) : NULL;
}

void col_copy(char *dst, size_t n, struct sql_stmt *st, int i)
{
	const char *t = st->d->column_text(st, i);
	snprintf(dst, n, "%s", t ? t : "");
}

void *rows_add(struct arena *a, struct sql_rows *r)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		void *grown = arena_alloc(a, cap * r->elem);
		if (r->n)
			memcpy(grown, r->items, r->n * r->elem);
		r->items = grown;
		r->cap = cap;
	}
	void *row = (char *)r->items + r->n++ * r->elem;
	memset(row, 0, r->elem);
	return row;
}

/* ---- transactions --------------------------------------------------------------------- */

int sql_fail(store *s, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->error, sizeof s->error, fmt, ap);
	va_end(ap);
	return rc;
}

/* ---- large bulk loads ------------------------------------------------------------ */

/* A load at least half the size of the table, and large in itself, goes in
 * much faster without the complaint table's secondary indexes and foreign
 * keys, built and checked again once at the end, all in the load's
 * transaction (pg_restore does the same). Meanwhile the table is the load's
 * alone. A test keeps the index list equal to the migrated schema. */
static int bulk_off(store *s)
{
	int64_t have;
	int rc = sql_int(s, "SELECT max(id) FROM complaint", NULL, 0, &have);
	if (rc || s->bulk_rows < 50000 || s->bulk_rows < have / 2)
		return rc;
	for (const struct schema_index *ix = schema_bulk_indexes; ix->name && rc == 0; ix++) {
		char sql[128];
		snprintf(sql, sizeof sql, "DROP INDEX IF EXISTS %s", ix->name);
		rc = s->d->exec(s, sql);
	}
	if (rc == 0 && s->d->bulk_constraints)
		rc = s->d->bulk_constraints(s, true);
	s->rebuild = rc == 0;
	return rc;
}

static int bulk_on(store *s)
{
	int rc = 0;
	for (const struct schema_index *ix = schema_bulk_indexes; ix->name && rc == 0; ix++)
		rc = s->d->exec(s, ix->create);
	if (rc == 0 && s->d->bulk_constraints)
		rc = s->d->bulk_constraints(s, false);
	s->rebuild = false;
	return rc;
}

static void end(store *s)
{
	s->rebuild = false; /* after a rollback: the transaction brings them back */
	s->in_txn = s->caller_txn = s->batch = false;
	stat_deltas_clear(&s->months);
	stat_deltas_clear(&s->days);
	stat_deltas_clear(&s->report_days);
	changes_forget(s);
}

int sql_begin(store *s)
{
	int rc = s->d->begin(s);
	if (rc)
		return rc;
	s->in_txn = true;
	for (int i = 0; i < s->nused; i++)
		s->counters[s->used[i]] = (struct case_counter){0};
	s->nused = 0;
	return 0;
}

int sql_commit(store *s)
{
	int rc = cases_flush_counters(s);
	if (rc == 0 && s->caller_txn)
		rc = months_flush(s);
	if (rc == 0 && s->caller_txn)
		rc = days_flush(s);
	if (rc == 0 && s->rebuild)
		rc = bulk_on(s);
	if (rc == 0)
		rc = changes_flush(s); /* last: it takes the lock that orders changes */
	if (rc == 0)
		rc = s->d->commit(s);
	if (rc)
		s->d->rollback(s);
	else
		changes_committed(s);
	end(s);
	return rc;
}

int sql_rollback(store *s)
{
	end(s);
	return s->d->rollback(s);
}

int sql_in_transaction(store *s, int (*fn)(store *s, const void *arg), const void *arg)
{
	if (s->in_txn)
		return fn(s, arg);
	int rc = sql_begin(s);
	if (rc)
		return rc;
	rc = fn(s, arg);
	return rc ? (sql_rollback(s), rc) : sql_commit(s);
}

/* A caller's transaction (init, an import, the demo) is the only writer of its
 * kind at a time: two inits at once must not both find the database empty and
 * both fill it. Requests never open one. */
int store_begin(store *s)
{
	int rc = sql_begin(s);
	if (rc == 0 && (rc = s->d->lock(s, STORE_LOCK_CALLER)) == 0 && s->bulk_rows)
		rc = bulk_off(s);
	s->bulk_rows = 0;
	if (rc && s->in_txn)
		sql_rollback(s);
	if (rc == 0) {
		s->caller_txn = s->batch = true;
		stat_deltas_clear(&s->months);
		stat_deltas_clear(&s->days);
		stat_deltas_clear(&s->report_days);
	}
	return rc;
}

struct transaction_call {
	int (*fn)(store *s, void *arg);
	void *arg;
};

static int call(store *s, const void *arg)
{
	const struct transaction_call *t = arg;
	return t->fn(s, t->arg);
}

int store_transaction(store *s, int (*fn)(store *s, void *arg), void *arg)
{
	struct transaction_call t = {fn, arg};
	return sql_in_transaction(s, call, &t);
}

int store_commit(store *s)
{
	return sql_commit(s);
}

int store_rollback(store *s)
{
	return sql_rollback(s);
}

void store_base_free(store *s)
{
	stat_deltas_free(&s->months);
	stat_deltas_free(&s->days);
	stat_deltas_free(&s->report_days);
	changes_free(s);
}
