/* Reported apps, gathered per package, and their pipeline. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "store/sql/sql.h"

/* The reports of an app are those of kind bad_app (domain/report.c's code). */
static char app_list_sql[1024], app_get_sql[1024];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
	static const char head[] =
		"SELECT a.package, a.name, a.app_store, a.state, a.notified_on, a.deadline, "
		"a.rectified_on, a.named_on, a.removed_on, a.version, count(r.id), "
		"min(r.reported_at), max(r.reported_at) FROM app a LEFT JOIN report r ON "
		"r.target = a.package AND r.kind = '%s' AND r.invalid = 0 %s";
	const char *kind = report_kind_code(REPORT_BAD_APP);
	snprintf(app_list_sql, sizeof app_list_sql, head, kind,
	         "WHERE (CAST(?1 AS TEXT) IS NULL OR a.state = ?1) GROUP BY a.package "
	         "ORDER BY count(r.id) DESC, a.package LIMIT ?2");
	snprintf(app_get_sql, sizeof app_get_sql, head, kind,
	         "WHERE a.package = ?1 GROUP BY a.package");
}

static void read_app(struct arena *a, struct sql_stmt *st, struct app_record *r)
{
	r->package = col_text(a, st, 0);
	r->name = col_text(a, st, 1);
	r->app_store = col_opt(a, st, 2);
	const char *state = col_raw(st, 3);
	if (app_state_parse(state, strlen(state), &r->state))
		r->state = APP_REPORTED;
	r->notified_on = col_date(st, 4, 0);
	r->deadline = col_date(st, 5, 0);
	r->rectified_on = col_date(st, 6, 0);
	r->named_on = col_date(st, 7, 0);
	r->removed_on = col_date(st, 8, 0);
	r->version = (int)col_int(st, 9);
	r->reports = col_int(st, 10);
	r->first_at = col_instant(st, 11);
	r->last_at = col_instant(st, 12);
}

int store_app_list(store *s, int state, int limit, struct arena *a, struct app_record **out,
                   size_t *n)
{
	pthread_once(&once, build);
	if (limit <= 0 || limit > 1000)
		limit = 100;
	struct sql_args q = {0};
	arg_text(&q, state >= 0 ? app_state_code((enum app_state)state) : NULL);
	arg_int(&q, limit);
	struct sql_stmt *st;
	int rc = sql_run(s, app_list_sql, &q, &st);
	if (rc)
		return rc;
	struct app_record *items = arena_alloc(a, ((size_t)limit + 1) * sizeof *items);
	size_t count = 0;
	while ((rc = sql_next(s, st)) > 0)
		read_app(a, st, &items[count++]);
	sql_done(s, st);
	*out = items;
	*n = count;
	return rc;
}

int store_app_get(store *s, const char *package, struct arena *a, struct app_record *out)
{
	pthread_once(&once, build);
	struct sql_args q = {0};
	arg_text(&q, package);
	struct sql_stmt *st;
	int rc = sql_row(s, app_get_sql, &q, &st);
	if (rc)
		return rc;
	read_app(a, st, out);
	sql_done(s, st);
	return 0;
}

int store_app_update(store *s, const struct app_record *app, int expected_version)
{
	struct sql_args a = {0};
	arg_text(&a, app->package);
	arg_int(&a, expected_version);
	arg_text(&a, app_state_code(app->state));
	arg_day(&a, app->notified_on);
	arg_day(&a, app->deadline);
	arg_day(&a, app->rectified_on);
	arg_day(&a, app->named_on);
	arg_day(&a, app->removed_on);
	int64_t changed;
	int rc = sql_exec(s,
	                  "UPDATE app SET state = ?3, notified_on = ?4, deadline = ?5, "
	                  "rectified_on = ?6, named_on = ?7, removed_on = ?8, version = version + 1 "
	                  "WHERE package = ?1 AND version = ?2",
	                  &a, &changed);
	if (rc == 0 && changed == 0)
		return sql_fail(s, SH_ECONFLICT, "app changed meanwhile or missing");
	return rc;
}

int store_app_counts(store *s, int32_t from, int32_t to, int64_t *notified, int64_t *named,
                     int64_t *removed)
{
	struct sql_args q = {0};
	arg_date(&q, from);
	arg_date(&q, to);
	struct sql_stmt *st;
	int rc = sql_row(s,
	                 "SELECT count(CASE WHEN notified_on BETWEEN ?1 AND ?2 THEN 1 END), "
	                 "count(CASE WHEN named_on BETWEEN ?1 AND ?2 THEN 1 END), "
	                 "count(CASE WHEN removed_on BETWEEN ?1 AND ?2 THEN 1 END) FROM app",
	                 &q, &st);
	if (rc)
		return rc;
	*notified = col_int(st, 0);
	*named = col_int(st, 1);
	*removed = col_int(st, 2);
	sql_done(s, st);
	return 0;
}
