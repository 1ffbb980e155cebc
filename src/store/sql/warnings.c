/* Decisions on early warnings (acknowledged, dismissed), appended; the
 * latest on a warning is the one that holds. */
#include <math.h>
#include <string.h>

#include "store/sql/sql.h"

int store_warning_decide(store *s, const struct warning_decision_record *d)
{
	struct sql_args a = {0};
	arg_date(&a, d->day);
	arg_text(&a, d->series);
	arg_text(&a, warning_decision_code(d->decision));
	arg_text(&a, d->note);
	arg_int(&a, d->user_id);
	arg_int(&a, d->decided_at);
	arg_int(&a, d->window);
	arg_int(&a, d->observed);
	arg_int(&a, llround(d->expected * 1000));
	arg_int(&a, llround(d->surprise * 1000));
	int64_t id;
	return sql_insert(s,
	                  "INSERT INTO warning_decision(day, series, decision, note, user_id, "
	                  "decided_at, window_days, observed, expected_milli, surprise_milli) "
	                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	                  &a, &id);
}

int store_warning_decisions(store *s, int32_t day, struct arena *a,
                            struct warning_decision_record **out, size_t *n)
{
	struct sql_args q = {0};
	arg_date(&q, day);
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT d.series, d.decision, d.note, d.user_id, u.name, d.decided_at, "
	                 "d.window_days, d.observed, d.expected_milli, d.surprise_milli "
	                 "FROM warning_decision d JOIN app_user u ON u.id = d.user_id "
	                 "WHERE d.day = ?1 AND d.id = (SELECT max(id) FROM warning_decision l "
	                 "WHERE l.day = d.day AND l.series = d.series) ORDER BY d.series",
	                 &q, &st);
	if (rc)
		return rc;
	struct sql_rows rows = {.elem = sizeof(struct warning_decision_record)};
	while ((rc = sql_next(s, st)) > 0) {
		struct warning_decision_record *r = rows_add(a, &rows);
		r->day = day;
		col_copy(r->series, sizeof r->series, st, 0);
		const char *code = col_raw(st, 1);
		if (warning_decision_parse(code, strlen(code), &r->decision))
			r->decision = WARNING_ACKNOWLEDGED;
		r->note = col_opt(a, st, 2);
		r->user_id = col_int(st, 3);
		r->user_name = col_text(a, st, 4);
		r->decided_at = col_int(st, 5);
		r->window = (int)col_int(st, 6);
		r->observed = col_int(st, 7);
		r->expected = (double)col_int(st, 8) / 1000;
		r->surprise = (double)col_int(st, 9) / 1000;
	}
	sql_done(s, st);
	if (rc == 0) {
		*out = rows.items ? rows.items : arena_alloc(a, rows.elem);
		*n = rows.n;
	}
	return rc;
}
