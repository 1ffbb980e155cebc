/* Decisions on early warnings (acknowledged, dismissed), appended; the
 * latest on a warning is the one that holds. The texts behind warnings:
 * complaints walked newest first by their classification alone (the
 * complaint_stats index covers it), then the descriptions of those chosen. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
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

/* The walk's filter, cheap for each complaint of the index walked: its
 * (operator, class) and (operator, class, sub-topic) as one number each, in
 * lists of the wanted ones (integers written into the text: there are more of
 * them than parameters). Two cells may share a number: a complaint not wanted
 * then comes through too, never one wanted is lost. */
#define CLASS_CODE "(coalesce(enterprise_id, 0) * 1000 + category_id)"
#define SUBTOPIC_CODE "(" CLASS_CODE " * 1000000 + coalesce(subtopic_id, 0))"

static int64_t class_code(const struct complaint_match *m)
{
	return m->enterprise_id * 1000 + m->category_id;
}

static int code_list(char *sql, size_t cap, const struct complaint_match *m, size_t nm,
                     bool subtopics)
{
	int len = 0;
	for (size_t i = 0; i < nm; i++)
		if ((m[i].subtopic_id >= 0) == subtopics)
			len += snprintf(sql + len, cap - (size_t)len, "%s%lld", len ? ", " : "",
			                (long long)(subtopics ? class_code(&m[i]) * 1000000 + m[i].subtopic_id
			                                      : class_code(&m[i])));
	if (len == 0)
		len = snprintf(sql, cap, "NULL");
	return len;
}

int store_complaint_classes(store *s, int64_t from, int64_t to, const struct complaint_match *m,
                            size_t nm, int (*fn)(void *ctx, const struct complaint_class *c),
                            void *ctx)
{
	if (nm == 0)
		return 0;
	size_t cap = 512 + nm * 2 * 24;
	char *sql = sh_xmalloc(cap);
	int len = snprintf(sql, cap,
	                   "SELECT id, received_at, province, coalesce(enterprise_id, 0), "
	                   "category_id, coalesce(subtopic_id, 0) FROM complaint "
	                   "WHERE received_at >= ?1 AND received_at < ?2 AND (" CLASS_CODE " IN (");
	len += code_list(sql + len, cap - (size_t)len, m, nm, false);
	len += snprintf(sql + len, cap - (size_t)len, ") OR " SUBTOPIC_CODE " IN (");
	len += code_list(sql + len, cap - (size_t)len, m, nm, true);
	snprintf(sql + len, cap - (size_t)len, ")) ORDER BY received_at DESC, id DESC");
	struct sql_args q = {0};
	arg_int(&q, from);
	arg_int(&q, to);
	struct sql_stmt *st;
	int rc = sql_run_once(s, sql, &q, &st);
	free(sql);
	if (rc)
		return rc;
	while ((rc = sql_next(s, st)) > 0) {
		struct complaint_class c = {
			.id = col_int(st, 0),
			.received_at = col_int(st, 1),
			.province = col_raw(st, 2),
			.enterprise_id = col_int(st, 3),
			.category_id = col_int(st, 4),
			.subtopic_id = col_int(st, 5),
		};
		if (!c.province)
			c.province = "";
		if ((rc = fn(ctx, &c)) != 0)
			break;
	}
	sql_done(s, st);
	return rc > 0 ? 0 : rc;
}

#define DESCRIPTION_IDS 32

int store_complaint_descriptions(store *s, const int64_t *ids, size_t n, struct arena *a,
                                 const char **out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	for (size_t at = 0; at < n; at += DESCRIPTION_IDS) {
		size_t m = n - at < DESCRIPTION_IDS ? n - at : DESCRIPTION_IDS;
		struct sql_args q = {0};
		for (size_t i = 0; i < DESCRIPTION_IDS; i++) /* unused places repeat the first */
			arg_int(&q, ids[at + (i < m ? i : 0)]);
		struct sql_stmt *st;
		int rc = sql_run(s,
		                 "SELECT id, description FROM complaint WHERE id IN (?1, ?2, ?3, ?4, "
		                 "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
		                 "?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)",
		                 &q, &st);
		if (rc)
			return rc;
		while ((rc = sql_next(s, st)) > 0) {
			int64_t id = col_int(st, 0);
			const char *text = NULL;
			for (size_t i = 0; i < m; i++)
				if (ids[at + i] == id)
					out[at + i] = text ? text : (text = col_text(a, st, 1));
		}
		sql_done(s, st);
		if (rc)
			return rc;
	}
	return 0;
}
