/* 12321 reports, the numbers and apps they name, and the ported-number
 * registry (携号转网). */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "store/sql/sql.h"

struct report_args {
	struct report *r;
	int64_t operator_id, batch_id;
};

static int insert_report(store *s, const void *arg)
{
	const struct report_args *x = arg;
	struct report *r = x->r;
	bool app = r->kind == REPORT_BAD_APP;
	struct sql_args a = {0};
	arg_text(&a, report_kind_code(r->kind));
	arg_int(&a, r->reported_at);
	arg_instant(&a, r->occurred_at);
	arg_text(&a, app ? r->app_package : r->target);
	arg_text(&a, app ? "app" : number_kind_code(r->target_kind));
	arg_id(&a, x->operator_id);
	arg_text(&a, r->app_name);
	arg_text(&a, r->app_store);
	arg_text(&a, r->reporter);
	if (r->content && r->content_len)
		arg_textn(&a, r->content, r->content_len);
	else
		arg_null(&a);
	arg_id(&a, x->batch_id);
	int rc = sql_insert(s,
	                 "INSERT INTO report(kind, reported_at, occurred_at, target, target_kind, "
	                 "operator_id, app_name, app_store, reporter, content, import_batch_id) "
	                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	                 &a, &r->id);
	if (rc || (rc = days_report(s, r->kind, r->reported_at, x->operator_id, 1)))
		return rc;
	a.n = 0;
	if (app) {
		arg_text(&a, r->app_package);
		arg_text(&a, r->app_name && r->app_name[0] ? r->app_name : r->app_package);
		arg_text(&a, r->app_store);
		return sql_exec(s,
		                "INSERT INTO app(package, name, app_store, state) VALUES (?1, ?2, ?3, "
		                "'reported') ON CONFLICT(package) DO NOTHING",
		                &a, NULL);
	}
	/* A ported number goes to the operator serving it now: the registry
	 * overrides the segment's operator (domain/routing.c gave operator_id). */
	changes_note(s, r->target);
	arg_text(&a, r->target);
	arg_text(&a, number_kind_code(r->target_kind));
	arg_id(&a, x->operator_id);
	return sql_exec(s,
	                "INSERT INTO reported_number(number, number_kind, operator_id) "
	                "VALUES (?1, ?2, coalesce((SELECT operator_id FROM ported_number "
	                "WHERE number = ?1), ?3)) ON CONFLICT(number) DO NOTHING",
	                &a, NULL);
}

int store_report_insert(store *s, struct report *r, int64_t operator_id, int64_t batch_id)
{
	struct report_args x = {r, operator_id, batch_id};
	return sql_in_transaction(s, insert_report, &x);
}

#define REPORT_COLUMNS                                                                           \
	"id, kind, reported_at, occurred_at, target, target_kind, app_name, app_store, reporter, " \
	"content, invalid"

static void read_report(struct arena *a, struct sql_stmt *st, struct report *r)
{
	*r = (struct report){.id = col_int(st, 0)};
	const char *kind = col_raw(st, 1);
	if (report_kind_parse(kind, strlen(kind), &r->kind))
		r->kind = REPORT_HARASSMENT_CALL;
	r->reported_at = col_int(st, 2);
	r->occurred_at = col_instant(st, 3);
	const char *target = col_raw(st, 4);
	const char *tk = col_raw(st, 5);
	r->target_kind = NUMBER_INVALID;
	if (r->kind == REPORT_BAD_APP) {
		r->app_package = arena_strdup(a, target);
	} else {
		col_copy(r->target, sizeof r->target, st, 4);
		for (int k = 0; k <= NUMBER_SERVICE; k++)
			if (strcmp(tk, number_kind_code((enum number_kind)k)) == 0)
				r->target_kind = (enum number_kind)k;
	}
	r->app_name = col_opt(a, st, 6);
	r->app_store = col_opt(a, st, 7);
	col_copy(r->reporter, sizeof r->reporter, st, 8);
	r->content = col_opt(a, st, 9);
	r->content_len = r->content ? strlen(r->content) : 0;
	r->invalid = col_int(st, 10) != 0;
}

struct invalidate_args {
	int64_t id;
	const char *reason;
	int64_t user_id, at;
	struct arena *a;
	struct report *out;
};

/* The update decides: of two concurrent invalidations (on PostgreSQL, in
 * two processes) the second waits for the first and then changes nothing. */
static int invalidate_report(store *s, const void *arg)
{
	const struct invalidate_args *x = arg;
	struct sql_args a = {0};
	arg_int(&a, x->id);
	arg_text(&a, x->reason);
	arg_id(&a, x->user_id);
	arg_int(&a, x->at);
	struct sql_stmt *st;
	int rc = sql_row(s,
	                 "UPDATE report SET invalid = 1, invalid_reason = ?2, invalid_by = ?3, "
	                 "invalid_at = ?4 WHERE id = ?1 AND invalid = 0 RETURNING " REPORT_COLUMNS,
	                 &a, &st);
	if (rc == 0) {
		read_report(x->a, st, x->out);
		x->out->invalid = false; /* as it was */
		sql_done(s, st);
		if (x->out->kind != REPORT_BAD_APP)
			changes_note(s, x->out->target);
		/* It leaves the daily series it counted in. */
		a.n = 1;
		int64_t operator_id;
		if ((rc = sql_int(s, "SELECT coalesce(operator_id, 0) FROM report WHERE id = ?1", &a, 0,
		                  &operator_id)))
			return rc;
		return days_report(s, x->out->kind, x->out->reported_at, operator_id, -1);
	}
	if (rc != SH_ENOTFOUND)
		return rc;
	a.n = 1;
	int64_t exists;
	if ((rc = sql_int(s, "SELECT count(*) FROM report WHERE id = ?1", &a, 0, &exists)))
		return rc;
	if (!exists)
		return SH_ENOTFOUND;
	return sql_fail(s, SH_ECONFLICT, "report %" PRId64 " is invalid already", x->id);
}

int store_report_invalidate(store *s, int64_t id, const char *reason, int64_t user_id, int64_t at,
                            struct arena *a, struct report *out)
{
	struct invalidate_args x = {id, reason, user_id, at, a, out};
	return sql_in_transaction(s, invalidate_report, &x);
}

int store_report_list(store *s, const struct report_filter *f, struct arena *a,
                      struct report **out, size_t *n)
{
	int limit = f->limit > 0 && f->limit <= 1000 ? f->limit : 100;
	struct sql_args q = {0};
	arg_text(&q, f->kind >= 0 ? report_kind_code((enum report_kind)f->kind) : NULL);
	arg_text(&q, f->target);
	arg_int(&q, f->from ? f->from : INT64_MIN);
	arg_int(&q, f->to ? f->to : INT64_MAX);
	arg_int(&q, f->before_id ? f->before_id : INT64_MAX);
	arg_int(&q, limit);
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT " REPORT_COLUMNS " FROM report "
	                 "WHERE (CAST(?1 AS TEXT) IS NULL OR kind = ?1) "
	                 "AND (CAST(?2 AS TEXT) IS NULL OR target = ?2) AND reported_at >= ?3 "
	                 "AND reported_at < ?4 AND id < ?5 ORDER BY id DESC LIMIT ?6",
	                 &q, &st);
	if (rc)
		return rc;
	struct report *items = arena_alloc(a, ((size_t)limit + 1) * sizeof *items);
	size_t count = 0;
	while ((rc = sql_next(s, st)) > 0)
		read_report(a, st, &items[count++]);
	sql_done(s, st);
	*out = items;
	*n = count;
	return rc;
}

int store_report_counts(store *s, int64_t from, int64_t to, int64_t counts[REPORT_KIND_COUNT])
{
	struct sql_args q = {0};
	arg_int(&q, from);
	arg_int(&q, to);
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT kind, count(*) FROM report WHERE reported_at >= ?1 "
	                 "AND reported_at < ?2 AND invalid = 0 GROUP BY kind",
	                 &q, &st);
	if (rc)
		return rc;
	memset(counts, 0, REPORT_KIND_COUNT * sizeof *counts);
	while ((rc = sql_next(s, st)) > 0) {
		const char *kind = col_raw(st, 0);
		enum report_kind k;
		if (report_kind_parse(kind, strlen(kind), &k) == 0)
			counts[k] = col_int(st, 1);
	}
	sql_done(s, st);
	return rc;
}

/* ---- numbers ------------------------------------------------------------------------ */

static enum disposal col_disposal(struct sql_stmt *st, int i)
{
	const char *t = col_raw(st, i);
	enum disposal d;
	return t && disposal_parse(t, strlen(t), &d) == 0 ? d : DISPOSAL_NONE;
}

/* Reported numbers with their valid counts per number kind (in enum order,
 * from domain/report.c's codes), dispatch and disposal, one row each; and
 * ported numbers nobody reported. Grouped by the keys of every joined table,
 * which PostgreSQL needs to select their columns. */
static char number_scan_sql[1024], number_get_sql[1024], number_changes_sql[1024];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
	char counts[512];
	int len = 0;
	for (int k = 0; k < REPORT_NUMBER_KINDS; k++)
		len += snprintf(counts + len, sizeof counts - (size_t)len,
		                "count(CASE WHEN r.kind = '%s' THEN 1 END), ",
		                report_kind_code((enum report_kind)k));
	static const char head[] =
		"SELECT n.number, coalesce(n.operator_id, 0), coalesce(n.dispatch_id, 0), n.disposal, "
		"n.disposed_at, %smin(r.reported_at), max(r.reported_at), d.created_at, "
		"coalesce(d.operator_id, 0), coalesce(p.operator_id, 0) "
		"FROM reported_number n LEFT JOIN report r ON r.target = n.number AND r.invalid = 0 "
		"LEFT JOIN dispatch d ON d.id = n.dispatch_id "
		"LEFT JOIN ported_number p ON p.number = n.number %s"
		"GROUP BY n.number, d.id, p.number";
	snprintf(number_scan_sql, sizeof number_scan_sql, head, counts, "");
	snprintf(number_get_sql, sizeof number_get_sql, head, counts, "WHERE n.number = ?1 ");
	snprintf(number_changes_sql, sizeof number_changes_sql, head, counts,
	         "WHERE n.number IN (SELECT c.number FROM number_change c WHERE c.id > ?1 AND "
	         "c.id <= ?2) ");
}

static void read_number(struct sql_stmt *st, struct number_record *r)
{
	number_record_empty(r, col_raw(st, 0));
	r->operator_id = col_int(st, 1);
	r->dispatch_id = col_int(st, 2);
	r->disposal = col_disposal(st, 3);
	r->disposed_at = col_instant(st, 4);
	for (int k = 0; k < REPORT_NUMBER_KINDS; k++)
		r->counts[k] = col_int(st, 5 + k);
	int i = 5 + REPORT_NUMBER_KINDS;
	r->first_at = col_instant(st, i);
	r->last_at = col_instant(st, i + 1);
	r->dispatched_at = col_instant(st, i + 2);
	r->dispatch_operator_id = col_int(st, i + 3);
	r->ported_operator_id = col_int(st, i + 4);
}

/* Reported numbers, then ported numbers nobody reported: all of them (sql
 * the scan's), or those changed in (?1, ?2] (the changes'). */
static int scan_numbers(store *s, const char *const sql[2], const struct sql_args *a,
                        int (*fn)(void *ctx, const struct number_record *r), void *ctx)
{
	int rc = 0;
	for (int q = 0; q < 2 && rc == 0; q++) {
		struct sql_stmt *st;
		if ((rc = sql_run(s, sql[q], a, &st)))
			return rc;
		while ((rc = sql_next(s, st)) > 0) {
			struct number_record r;
			if (q == 0) {
				read_number(st, &r);
			} else {
				number_record_empty(&r, col_raw(st, 0));
				r.ported_operator_id = col_int(st, 1);
			}
			if ((rc = fn(ctx, &r)) != 0)
				break;
		}
		sql_done(s, st);
	}
	return rc;
}

int store_number_scan(store *s, int (*fn)(void *ctx, const struct number_record *r), void *ctx)
{
	pthread_once(&once, build);
	static const char *const sql[2] = {
		number_scan_sql,
		"SELECT number, operator_id FROM ported_number p WHERE NOT EXISTS "
		"(SELECT 1 FROM reported_number n WHERE n.number = p.number)",
	};
	return scan_numbers(s, sql, NULL, fn, ctx);
}

int store_number_changes(store *s, int64_t after, int64_t upto,
                         int (*fn)(void *ctx, const struct number_record *r), void *ctx)
{
	pthread_once(&once, build);
	static const char *const sql[2] = {
		number_changes_sql,
		"SELECT number, operator_id FROM ported_number p WHERE p.number IN (SELECT "
		"c.number FROM number_change c WHERE c.id > ?1 AND c.id <= ?2) AND NOT EXISTS "
		"(SELECT 1 FROM reported_number n WHERE n.number = p.number)",
	};
	struct sql_args a = {0};
	arg_int(&a, after);
	arg_int(&a, upto);
	return scan_numbers(s, sql, &a, fn, ctx);
}

int store_number_get(store *s, const char *number, struct number_record *out)
{
	struct sql_args q = {0};
	arg_text(&q, number);
	struct sql_stmt *st;
	pthread_once(&once, build);
	int rc = sql_row(s, number_get_sql, &q, &st);
	if (rc == 0) {
		read_number(st, out);
		sql_done(s, st);
		return 0;
	}
	if (rc != SH_ENOTFOUND)
		return rc;
	/* Not reported: perhaps ported. */
	if ((rc = sql_row(s, "SELECT operator_id FROM ported_number WHERE number = ?1", &q, &st)))
		return rc;
	number_record_empty(out, number);
	out->ported_operator_id = col_int(st, 0);
	sql_done(s, st);
	return 0;
}

struct ported_args {
	const char *number;
	int64_t operator_id;
	int32_t since;
};

static int put_ported(store *s, const void *arg)
{
	const struct ported_args *x = arg;
	struct sql_args a = {0};
	arg_text(&a, x->number);
	arg_int(&a, x->operator_id);
	arg_date(&a, x->since);
	int rc = sql_exec(s,
	                  "INSERT INTO ported_number(number, operator_id, since) VALUES (?1, ?2, ?3) "
	                  "ON CONFLICT(number) DO UPDATE SET operator_id = excluded.operator_id, "
	                  "since = excluded.since",
	                  &a, NULL);
	if (rc)
		return rc;
	changes_note(s, x->number);
	/* Not dispatched yet: it goes to the operator serving it now. */
	a.n = 2;
	return sql_exec(s,
	                "UPDATE reported_number SET operator_id = ?2 WHERE number = ?1 "
	                "AND dispatch_id IS NULL",
	                &a, NULL);
}

int store_ported_put(store *s, const char *number, int64_t operator_id, int32_t since)
{
	struct ported_args x = {number, operator_id, since};
	return sql_in_transaction(s, put_ported, &x);
}

void number_record_empty(struct number_record *r, const char *number)
{
	*r = (struct number_record){.first_at = NO_INSTANT, .last_at = NO_INSTANT,
	                            .disposed_at = NO_INSTANT, .dispatched_at = NO_INSTANT};
	snprintf(r->number, sizeof r->number, "%s", number ? number : "");
}
