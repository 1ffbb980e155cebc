/* Statistics: counts of accepted complaints per cell, read from the monthly
 * summary (see store/stat_month.h) and the raw rows at a range's edges;
 * subscriber counts. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sql/rules.h"
#include "store/sql/sql.h"

/* ---- the monthly summary ----------------------------------------------------- */

void stat_delta_args(const struct stat_delta *x, struct sql_args *a)
{
	arg_int(a, x->month);
	arg_text(a, x->province);
	arg_int(a, x->category_id);
	arg_int(a, x->subtopic_id);
	arg_int(a, x->enterprise_id);
	arg_int(a, x->delta);
}

static int month_write(void *ctx, const struct stat_delta *x)
{
	store *s = ctx;
	struct sql_args a = {0};
	stat_delta_args(x, &a);
	return sql_exec(s,
	                "INSERT INTO complaint_month(month, province, category_id, subtopic_id, "
	                "enterprise_id, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	                "ON CONFLICT(month, province, category_id, subtopic_id, enterprise_id) "
	                "DO UPDATE SET n = complaint_month.n + excluded.n",
	                &a, NULL);
}

int month_change(store *s, const struct complaint *c, int64_t delta)
{
	struct stat_delta x = stat_delta_of(c, delta);
	if (s->caller_txn) {
		stat_deltas_add(&s->months, &x);
		return 0;
	}
	return month_write(s, &x);
}

/* Many changes (a bulk load's) go to a staging table in bulk and are merged
 * with one statement: one upsert each would be a round trip each on
 * PostgreSQL, thousands of them. */
static const struct sql_copy delta_copy = {
	"month_delta", "month, province, category_id, subtopic_id, enterprise_id, n", 6,
	"INSERT INTO month_delta(month, province, category_id, subtopic_id, enterprise_id, n) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};

static int delta_stage(void *ctx, const struct stat_delta *x)
{
	store *s = ctx;
	struct sql_args a = {0};
	stat_delta_args(x, &a);
	return sql_copy_row(s, &delta_copy, &a);
}

int months_flush(store *s)
{
	if (s->months.used < 64)
		return stat_deltas_each(&s->months, month_write, s);
	int rc = s->d->exec(s, "CREATE TEMP TABLE month_delta (month INTEGER, province TEXT, "
	                       "category_id BIGINT, subtopic_id BIGINT, enterprise_id BIGINT, n BIGINT)");
	if (rc == 0)
		rc = stat_deltas_each(&s->months, delta_stage, s);
	/* WHERE true: SQLite's grammar needs it between SELECT and ON CONFLICT. */
	if (rc == 0)
		rc = sql_exec(s,
		              "INSERT INTO complaint_month(month, province, category_id, subtopic_id, "
		              "enterprise_id, n) SELECT month, province, category_id, subtopic_id, "
		              "enterprise_id, n FROM month_delta WHERE true "
		              "ON CONFLICT(month, province, category_id, subtopic_id, enterprise_id) "
		              "DO UPDATE SET n = complaint_month.n + excluded.n",
		              NULL, NULL);
	if (rc == 0)
		rc = s->d->exec(s, "DROP TABLE month_delta");
	return rc;
}

int months_backfill(store *s)
{
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT received_at, province, category_id, coalesce(subtopic_id, 0), "
	                 "enterprise_id, state FROM complaint",
	                 NULL, &st);
	if (rc)
		return rc;
	struct stat_deltas d = {0};
	while ((rc = sql_next(s, st)) > 0) {
		enum complaint_state state;
		const char *code = col_raw(st, 5);
		if (complaint_state_parse(code, strlen(code), &state) || !complaint_state_counted(state))
			continue;
		struct stat_delta x = {
			.month = stat_month_of(col_int(st, 0)),
			.category_id = col_int(st, 2),
			.subtopic_id = col_int(st, 3),
			.enterprise_id = col_int(st, 4),
			.delta = 1,
		};
		col_copy(x.province, sizeof x.province, st, 1);
		stat_deltas_add(&d, &x);
	}
	sql_done(s, st);
	if (rc == 0)
		rc = stat_deltas_each(&d, month_write, s);
	stat_deltas_free(&d);
	return rc;
}

/* ---- counts ---------------------------------------------------------------------- */

/* Raw rows: "counted" is the domain's rule (rules_counted), not a state list
 * written here. */
static char stat_raw_sql[1024];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
	snprintf(stat_raw_sql, sizeof stat_raw_sql,
	         "SELECT province, category_id, coalesce(subtopic_id, 0), enterprise_id, count(*) "
	         "FROM complaint WHERE received_at >= ?1 AND received_at < ?2 "
	         "AND (CAST(?3 AS TEXT) IS NULL OR province = ?3) AND %s "
	         "GROUP BY province, category_id, subtopic_id, enterprise_id",
	         rules_counted());
}

static const char stat_month_sql[] =
	"SELECT province, category_id, subtopic_id, enterprise_id, sum(n) FROM complaint_month "
	"WHERE month >= ?1 AND month < ?2 AND (CAST(?3 AS TEXT) IS NULL OR province = ?3) "
	"GROUP BY province, category_id, subtopic_id, enterprise_id";

/* Appends the rows of one statistics query to *cells. */
static int stat_rows(store *s, const char *sql, int64_t lo, int64_t hi, const char *province,
                     struct stat_cell **cells, size_t *count, size_t *cap)
{
	if (lo >= hi)
		return 0;
	struct sql_args a = {0};
	arg_int(&a, lo);
	arg_int(&a, hi);
	arg_text(&a, province);
	struct sql_stmt *st;
	int rc = sql_run(s, sql, &a, &st);
	if (rc)
		return rc;
	while ((rc = sql_next(s, st)) > 0) {
		if (*count == *cap)
			*cells = sh_xrealloc(*cells, (*cap *= 2) * sizeof **cells);
		struct stat_cell *c = &(*cells)[(*count)++];
		col_copy(c->province, sizeof c->province, st, 0);
		c->category_id = col_int(st, 1);
		c->subtopic_id = col_int(st, 2);
		c->enterprise_id = col_int(st, 3);
		c->count = col_int(st, 4);
	}
	sql_done(s, st);
	return rc;
}

/* Whole months from the summary, the partial months at the edges from the
 * complaints themselves (see stat_month.h). */
int store_stat_counts(store *s, int64_t from, int64_t to, const char *province, struct arena *a,
                      struct stat_cell **out, size_t *n)
{
	pthread_once(&once, build);
	struct stat_split sp;
	stat_month_split(from, to, &sp);
	size_t cap = 256, count = 0;
	struct stat_cell *cells = sh_xmalloc(cap * sizeof *cells);
	int rc = stat_rows(s, stat_raw_sql, sp.head_from, sp.head_to, province, &cells, &count, &cap);
	if (rc == 0)
		rc = stat_rows(s, stat_month_sql, sp.month_from, sp.month_to, province, &cells, &count,
		               &cap);
	if (rc == 0)
		rc = stat_rows(s, stat_raw_sql, sp.tail_from, sp.tail_to, province, &cells, &count, &cap);
	if (rc == 0) {
		count = stat_cells_merge(cells, count);
		*out = memcpy(arena_alloc(a, count * sizeof *cells + 1), cells, count * sizeof *cells);
		*n = count;
	}
	free(cells);
	return rc;
}

/* ---- subscribers ----------------------------------------------------------------- */

int store_subscribers_put(store *s, const char *period, int64_t enterprise_id, int64_t subs_10k)
{
	struct sql_args a = {0};
	arg_text(&a, period);
	arg_int(&a, enterprise_id);
	arg_int(&a, subs_10k);
	return sql_exec(s,
	                "INSERT INTO subscriber_count(period, enterprise_id, subscribers_10k) "
	                "VALUES (?1, ?2, ?3) ON CONFLICT(period, enterprise_id) "
	                "DO UPDATE SET subscribers_10k = excluded.subscribers_10k",
	                &a, NULL);
}

int store_subscribers_get(store *s, const char *period, struct arena *a, int64_t **pairs,
                          size_t *n)
{
	struct sql_args q = {0};
	arg_text(&q, period);
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT enterprise_id, subscribers_10k FROM subscriber_count "
	                 "WHERE period = ?1 ORDER BY enterprise_id",
	                 &q, &st);
	if (rc)
		return rc;
	struct sql_rows rows = {.elem = 2 * sizeof(int64_t)};
	while ((rc = sql_next(s, st)) > 0) {
		int64_t *pair = rows_add(a, &rows);
		pair[0] = col_int(st, 0);
		pair[1] = col_int(st, 1);
	}
	sql_done(s, st);
	if (rc == 0) {
		*pairs = rows.items ? rows.items : arena_alloc(a, rows.elem);
		*n = rows.n;
	}
	return rc;
}
