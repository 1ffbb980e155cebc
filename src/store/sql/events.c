/* A case's history: append-only events. */
#include <string.h>

#include "store/sql/sql.h"

int events_insert(store *s, const struct complaint_event *ev)
{
	struct sql_args a = {0};
	arg_int(&a, ev->complaint_id);
	arg_int(&a, ev->at);
	arg_id(&a, ev->user_id);
	arg_text(&a, role_code(ev->role));
	arg_text(&a, action_code(ev->action));
	arg_text(&a, complaint_state_code(ev->from));
	arg_text(&a, complaint_state_code(ev->to));
	arg_text(&a, ev->reason);
	arg_text(&a, ev->comment);
	arg_int(&a, ev->internal);
	return sql_exec(s,
	                "INSERT INTO complaint_event(complaint_id, at, user_id, role, action, "
	                "from_state, to_state, reason, comment, internal) "
	                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	                &a, NULL);
}

int store_case_events(store *s, int64_t complaint_id, struct arena *a,
                      struct complaint_event **out, size_t *n)
{
	struct sql_args q = {0};
	arg_int(&q, complaint_id);
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT at, user_id, role, action, from_state, to_state, reason, comment, "
	                 "internal FROM complaint_event WHERE complaint_id = ?1 ORDER BY id",
	                 &q, &st);
	if (rc)
		return rc;
	struct sql_rows rows = {.elem = sizeof(struct complaint_event)};
	while ((rc = sql_next(s, st)) > 0) {
		struct complaint_event *e = rows_add(a, &rows);
		e->complaint_id = complaint_id;
		e->at = col_int(st, 0);
		e->user_id = col_int(st, 1);
		const char *t = col_raw(st, 2);
		role_parse(t, strlen(t), &e->role);
		t = col_raw(st, 3);
		action_parse(t, strlen(t), &e->action);
		t = col_raw(st, 4);
		complaint_state_parse(t, strlen(t), &e->from);
		t = col_raw(st, 5);
		complaint_state_parse(t, strlen(t), &e->to);
		e->reason = col_opt(a, st, 6);
		e->comment = col_opt(a, st, 7);
		e->internal = col_int(st, 8) != 0;
	}
	sql_done(s, st);
	if (rc == 0) {
		*out = rows.items ? rows.items : arena_alloc(a, rows.elem);
		*n = rows.n;
	}
	return rc;
}
