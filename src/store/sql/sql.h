/* The SQL layer's helpers: parameters, running statements, reading columns,
 * transactions. Private to src/store/.
 *
 * Every store operation is written once, in one file per aggregate beside
 * this one (cases.c, events.c, …), on top of these helpers and the driver's
 * dialect (store/dialect.h). SQL is written with ?1..?N placeholders in the
 * SQL both databases share: no driver-specific syntax, a CAST for a
 * parameter that only appears in `?N IS NULL`, RETURNING for new ids. */
#ifndef SHENSU_STORE_SQL_SQL_H
#define SHENSU_STORE_SQL_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "store/dialect.h"

/* ---- parameters ------------------------------------------------------------ */

#define SQL_MAX_ARGS 32

/* Parameters in order (?1 is v[0]); dates are formatted into buf. */
struct sql_args {
	int n;
	struct sql_value v[SQL_MAX_ARGS];
	char buf[SQL_MAX_ARGS][12];
};

/* Inline: every row of a bulk load goes through them. */
static inline struct sql_value *arg_next(struct sql_args *a)
{
	if (a->n >= SQL_MAX_ARGS)
		abort(); /* a query with more parameters than any we write */
	return &a->v[a->n++];
}

static inline void arg_null(struct sql_args *a)
{
	arg_next(a)->type = SQL_NULL;
}

static inline void arg_int(struct sql_args *a, int64_t x)
{
	*arg_next(a) = (struct sql_value){.type = SQL_INT, .i = x};
}

static inline void arg_id(struct sql_args *a, int64_t id) /* 0 is NULL */
{
	if (id)
		arg_int(a, id);
	else
		arg_null(a);
}

static inline void arg_textn(struct sql_args *a, const char *t, size_t len) /* "" stays "" */
{
	*arg_next(a) = (struct sql_value){.type = SQL_TEXT, .text = t ? t : "", .len = t ? len : 0};
}

static inline void arg_text(struct sql_args *a, const char *t) /* NULL and "" are NULL */
{
	if (t && *t)
		arg_textn(a, t, strlen(t));
	else
		arg_null(a);
}

void arg_date(struct sql_args *a, int32_t day);     /* 'YYYY-MM-DD'; open bounds NULL */
void arg_day(struct sql_args *a, int32_t day);      /* as arg_date; 0 is NULL */

static inline void arg_instant(struct sql_args *a, int64_t t) /* NO_INSTANT is NULL */
{
	if (t == NO_INSTANT)
		arg_null(a);
	else
		arg_int(a, t);
}

/* ---- statements --------------------------------------------------------------- */

/* Prepares sql (kept prepared: a literal or a text built once, see
 * dialect.h), binds a (may be NULL) and returns it ready to step. */
int sql_run(store *s, const char *sql, const struct sql_args *a, struct sql_stmt **out);
/* The same for a text built for this call only. */
int sql_run_once(store *s, const char *sql, const struct sql_args *a, struct sql_stmt **out);
/* 1: a row; 0: done; negative sh_err. */
int sql_next(store *s, struct sql_stmt *st);
void sql_done(store *s, struct sql_stmt *st);
/* Runs a statement that returns no rows; *changed (may be NULL) receives the
 * number of rows it changed. */
int sql_exec(store *s, const char *sql, const struct sql_args *a, int64_t *changed);
/* Appends a row in a bulk load: COPY where the driver has it (errors then show
 * at the latest at commit), else t->insert. */
int sql_copy_row(store *s, const struct sql_copy *t, const struct sql_args *a);
/* Runs an INSERT into a table with an id column and gives the new row's id. */
int sql_insert(store *s, const char *sql, const struct sql_args *a, int64_t *id);
/* Runs a statement and steps to its first row (SH_ENOTFOUND when none, the
 * statement already done); on 0 read the columns, then sql_done(). */
int sql_row(store *s, const char *sql, const struct sql_args *a, struct sql_stmt **out);
/* The first column of the first row as an integer; dflt when there is none. */
int sql_int(store *s, const char *sql, const struct sql_args *a, int64_t dflt, int64_t *out);

/* ---- columns (0-based) ----------------------------------------------------------- */

bool col_null(struct sql_stmt *st, int i);
int64_t col_int(struct sql_stmt *st, int i);          /* NULL is 0 */
int64_t col_instant(struct sql_stmt *st, int i);      /* NULL is NO_INSTANT */
int32_t col_date(struct sql_stmt *st, int i, int32_t none); /* NULL or bad: none */
const char *col_raw(struct sql_stmt *st, int i);      /* NULL is NULL; valid until next step */
char *col_text(struct arena *a, struct sql_stmt *st, int i); /* NULL is "" */
const char *col_opt(struct arena *a, struct sql_stmt *st, int i); /* NULL is NULL */
void col_copy(char *dst, size_t n, struct sql_stmt *st, int i); /* into a fixed buffer */

/* ---- results ----------------------------------------------------------------------- */

/* An array of rows growing in an arena. */
struct sql_rows {
	void *items;
	size_t n, cap, elem;
};
/* Zeroed room for one more row (the array moves when it grows). */
void *rows_add(struct arena *a, struct sql_rows *r);

/* ---- transactions --------------------------------------------------------------------- */

/* Runs fn in a transaction of its own unless one is open already. */
int sql_in_transaction(store *s, int (*fn)(store *s, const void *arg), const void *arg);

/* Records an error of the SQL layer's own (not the driver's) and returns rc. */
int sql_fail(store *s, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- shared between aggregates ------------------------------------------------------- */

/* events.c: appends a case's event. */
int events_insert(store *s, const struct complaint_event *ev);
/* cases.c: writes the case counters cached in a caller's transaction. */
int cases_flush_counters(store *s);
/* statistics.c: a complaint starts or stops counting (delta +1 / -1), and
 * the changes gathered in a caller's transaction. */
int month_change(store *s, const struct complaint *c, int64_t delta);
/* statistics.c: a summary change as parameters: month (or day), province,
 * class, sub-topic, enterprise, n. */
void stat_delta_args(const struct stat_delta *x, struct sql_args *a);
int months_flush(store *s);
/* statistics.c: fills the summary from the complaints there are (schema v3). */
int months_backfill(store *s);
/* series.c: the daily series of early warning change with a complaint
 * received (every one counts) and a valid report (delta +1 / -1); the
 * changes gathered in a caller's transaction; filling both series from the
 * complaints and reports there are (schema v7). */
int days_complaint(store *s, const struct complaint *c);
int days_report(store *s, enum report_kind kind, int64_t reported_at, int64_t operator_id,
                int64_t delta);
int days_flush(store *s);
int days_backfill(store *s);
/* changes.c: the transaction changes what a look-up of `number` answers, or
 * of every number on a dispatch list (noted once, recorded at commit). */
void changes_note(store *s, const char *number);
void changes_note_dispatch(store *s, int64_t dispatch_id);
/* changes.c: records the notes, last thing before the commit (sql_commit);
 * then, after the commit or a rollback, forgets them. */
int changes_flush(store *s);
void changes_committed(store *s);
void changes_forget(store *s);
void changes_free(store *s);

#endif
