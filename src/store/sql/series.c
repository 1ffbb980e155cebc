/* The daily series of early warning (domain/series.h): complaints received
 * per day and cell (complaint_day), valid 12321 reports per day, kind and
 * operator (report_day), each changed in the same transaction as what it
 * counts, so that a day's warnings read these and never the raw rows.
 *
 * Inside a caller's transaction (an import, the demo) the changes gather in
 * the handle (struct stat_deltas, as the monthly summary's do: `month` holds
 * the day number; a report's change keeps its kind in category_id and its
 * operator in enterprise_id) and are written at commit, or earlier when they
 * grow large, so that memory stays bounded. */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "store/sql/sql.h"

/* Changes gathered in a transaction beyond this are written at once. */
#define DAYS_PENDING_MAX 200000

struct day_table {
	const char *upsert;       /* one change: ?1 day .. ?N n */
	const char *stage_create; /* the staging table for many */
	const struct sql_copy *stage;
	const char *merge;        /* staging table -> table */
	void (*args)(const struct stat_delta *x, struct sql_args *a);
};

static void report_args(const struct stat_delta *x, struct sql_args *a)
{
	arg_int(a, x->month);
	arg_text(a, report_kind_code((enum report_kind)x->category_id));
	arg_int(a, x->enterprise_id);
	arg_int(a, x->delta);
}

static const struct sql_copy complaint_stage = {
	"complaint_day_delta", "day, province, category_id, subtopic_id, enterprise_id, n", 6,
	"INSERT INTO complaint_day_delta(day, province, category_id, subtopic_id, enterprise_id, n) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};

static const struct sql_copy report_stage = {
	"report_day_delta", "day, kind, operator_id, n", 4,
	"INSERT INTO report_day_delta(day, kind, operator_id, n) VALUES (?1, ?2, ?3, ?4)",
};

/* WHERE true in the merges: SQLite's grammar needs it between SELECT and ON
 * CONFLICT. */
static const struct day_table complaint_days = {
	"INSERT INTO complaint_day(day, province, category_id, subtopic_id, enterprise_id, n) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	"ON CONFLICT(day, province, category_id, subtopic_id, enterprise_id) "
	"DO UPDATE SET n = complaint_day.n + excluded.n",
	"CREATE TEMP TABLE complaint_day_delta (day INTEGER, province TEXT, category_id BIGINT, "
	"subtopic_id BIGINT, enterprise_id BIGINT, n BIGINT)",
	&complaint_stage,
	"INSERT INTO complaint_day(day, province, category_id, subtopic_id, enterprise_id, n) "
	"SELECT day, province, category_id, subtopic_id, enterprise_id, sum(n) "
	"FROM complaint_day_delta WHERE true GROUP BY day, province, category_id, subtopic_id, "
	"enterprise_id ON CONFLICT(day, province, category_id, subtopic_id, enterprise_id) "
	"DO UPDATE SET n = complaint_day.n + excluded.n",
	stat_delta_args,
};

static const struct day_table report_days = {
	"INSERT INTO report_day(day, kind, operator_id, n) VALUES (?1, ?2, ?3, ?4) "
	"ON CONFLICT(day, kind, operator_id) DO UPDATE SET n = report_day.n + excluded.n",
	"CREATE TEMP TABLE report_day_delta (day INTEGER, kind TEXT, operator_id BIGINT, n BIGINT)",
	&report_stage,
	"INSERT INTO report_day(day, kind, operator_id, n) SELECT day, kind, operator_id, sum(n) "
	"FROM report_day_delta WHERE true GROUP BY day, kind, operator_id "
	"ON CONFLICT(day, kind, operator_id) DO UPDATE SET n = report_day.n + excluded.n",
	report_args,
};

struct write_ctx {
	store *s;
	const struct day_table *t;
};

static int write_one(void *ctx, const struct stat_delta *x)
{
	const struct write_ctx *w = ctx;
	struct sql_args a = {0};
	w->t->args(x, &a);
	return sql_exec(w->s, w->t->upsert, &a, NULL);
}

static int stage_one(void *ctx, const struct stat_delta *x)
{
	const struct write_ctx *w = ctx;
	struct sql_args a = {0};
	w->t->args(x, &a);
	return sql_copy_row(w->s, w->t->stage, &a);
}

/* Writes the gathered changes: one upsert each when few, else through a
 * staging table and one statement (one round trip each would be thousands
 * on PostgreSQL). */
static int flush(store *s, struct stat_deltas *d, const struct day_table *t)
{
	struct write_ctx w = {s, t};
	int rc;
	if (d->used < 64) {
		rc = stat_deltas_each(d, write_one, &w);
	} else {
		char drop[64];
		snprintf(drop, sizeof drop, "DROP TABLE %s", t->stage->table);
		rc = s->d->exec(s, t->stage_create);
		if (rc == 0)
			rc = stat_deltas_each(d, stage_one, &w);
		if (rc == 0)
			rc = sql_exec(s, t->merge, NULL, NULL);
		if (rc == 0)
			rc = s->d->exec(s, drop);
	}
	if (rc == 0)
		stat_deltas_clear(d);
	return rc;
}

/* One change: written at once, or gathered in a caller's transaction. */
static int change(store *s, struct stat_deltas *d, const struct day_table *t,
                  const struct stat_delta *x)
{
	if (!s->caller_txn) {
		struct write_ctx w = {s, t};
		return write_one(&w, x);
	}
	stat_deltas_add(d, x);
	return d->used >= DAYS_PENDING_MAX ? flush(s, d, t) : 0;
}

int days_complaint(store *s, const struct complaint *c)
{
	struct stat_delta x = stat_delta_of(c, 1);
	x.month = date_of_instant(c->received_at, SH_BEIJING_OFFSET);
	return change(s, &s->days, &complaint_days, &x);
}

int days_report(store *s, enum report_kind kind, int64_t reported_at, int64_t operator_id,
                int64_t delta)
{
	struct stat_delta x = {
		.month = date_of_instant(reported_at, SH_BEIJING_OFFSET),
		.category_id = kind,
		.enterprise_id = operator_id,
		.delta = delta,
	};
	return change(s, &s->report_days, &report_days, &x);
}

int days_flush(store *s)
{
	int rc = flush(s, &s->days, &complaint_days);
	return rc ? rc : flush(s, &s->report_days, &report_days);
}

/* The Beijing day of an instant column, in the SQL both databases share
 * (integer division; instants are after 1970). */
static const char *beijing_day(char *buf, size_t len, const char *column)
{
	snprintf(buf, len, "(%s + %d) / 86400", column, SH_BEIJING_OFFSET * 60);
	return buf;
}

int days_backfill(store *s)
{
	char day[64], sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO complaint_day(day, province, category_id, subtopic_id, enterprise_id, "
	         "n) SELECT %s, province, category_id, coalesce(subtopic_id, 0), enterprise_id, "
	         "count(*) FROM complaint GROUP BY 1, 2, 3, 4, 5",
	         beijing_day(day, sizeof day, "received_at"));
	int rc = s->d->exec(s, sql);
	if (rc)
		return rc;
	snprintf(sql, sizeof sql,
	         "INSERT INTO report_day(day, kind, operator_id, n) SELECT %s, kind, "
	         "coalesce(operator_id, 0), count(*) FROM report WHERE invalid = 0 GROUP BY 1, 2, 3",
	         beijing_day(day, sizeof day, "reported_at"));
	return s->d->exec(s, sql);
}

/* ---- reading ------------------------------------------------------------------------ */

static struct series_row *row_add(struct arena *a, struct sql_rows *rows, struct sql_stmt *st)
{
	struct series_row *r = rows_add(a, rows);
	r->day = (int32_t)col_int(st, 0);
	return r;
}

int store_series_rows(store *s, int32_t from, int32_t to, struct arena *a,
                      struct series_row **out, size_t *n)
{
	struct sql_args q = {0};
	arg_int(&q, from);
	arg_int(&q, to);
	struct sql_rows rows = {.elem = sizeof(struct series_row)};
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT day, province, category_id, subtopic_id, enterprise_id, n "
	                 "FROM complaint_day WHERE day >= ?1 AND day <= ?2 AND n <> 0",
	                 &q, &st);
	if (rc)
		return rc;
	while ((rc = sql_next(s, st)) > 0) {
		struct series_row *r = row_add(a, &rows, st);
		r->source = SERIES_COMPLAINTS;
		col_copy(r->province, sizeof r->province, st, 1);
		r->category_id = col_int(st, 2);
		r->subtopic_id = col_int(st, 3);
		r->enterprise_id = col_int(st, 4);
		r->n = col_int(st, 5);
	}
	sql_done(s, st);
	if (rc)
		return rc;
	if ((rc = sql_run(s,
	                  "SELECT day, kind, operator_id, n FROM report_day "
	                  "WHERE day >= ?1 AND day <= ?2 AND n <> 0",
	                  &q, &st)))
		return rc;
	while ((rc = sql_next(s, st)) > 0) {
		enum report_kind kind;
		const char *code = col_raw(st, 1);
		if (report_kind_parse(code, strlen(code), &kind))
			continue; /* a kind this version does not know */
		struct series_row *r = row_add(a, &rows, st);
		r->source = SERIES_REPORTS(kind);
		r->enterprise_id = col_int(st, 2);
		r->n = col_int(st, 3);
	}
	sql_done(s, st);
	if (rc == 0) {
		*out = rows.items ? rows.items : arena_alloc(a, rows.elem);
		*n = rows.n;
	}
	return rc;
}
