/* Supervision events, the notice's own text per quarter and section, and
 * published notices (snapshots of every format; PDF and XLSX in base64, as
 * the columns are text in both dialects). */
#include <sodium.h>
#include <string.h>

#include "core/error.h"
#include "store/sql/sql.h"

/* ---- events ------------------------------------------------------------------------------ */

int store_supervision_event_add(store *s, const struct supervision_event *e)
{
	struct sql_args q = {0};
	arg_int(&q, e->at);
	arg_id(&q, e->user_id);
	arg_text(&q, e->actor);
	arg_text(&q, e->record);
	arg_int(&q, e->record_id);
	arg_text(&q, e->action);
	arg_text(&q, e->detail);
	return sql_exec(s,
	                "INSERT INTO supervision_event(at, user_id, actor, record, record_id, action, "
	                "detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	                &q, NULL);
}

int store_supervision_events(store *s, const char *record, int64_t record_id, struct arena *a,
                             struct supervision_event **out, size_t *n)
{
	struct sql_args q = {0};
	arg_text(&q, record);
	arg_int(&q, record_id);
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT e.id, e.at, e.user_id, e.actor, e.action, e.detail, u.name FROM "
	                 "supervision_event e LEFT JOIN app_user u ON u.id = e.user_id WHERE "
	                 "e.record = ?1 AND e.record_id = ?2 ORDER BY e.id",
	                 &q, &st);
	if (rc)
		return rc;
	struct sql_rows rows = {.elem = sizeof(struct supervision_event)};
	while ((rc = sql_next(s, st)) > 0) {
		struct supervision_event *e = rows_add(a, &rows);
		e->id = col_int(st, 0);
		e->at = col_int(st, 1);
		e->user_id = col_int(st, 2);
		e->actor = col_text(a, st, 3);
		e->user = col_opt(a, st, 6);
		e->record = record;
		e->record_id = record_id;
		e->action = col_text(a, st, 4);
		e->detail = col_opt(a, st, 5);
	}
	sql_done(s, st);
	*out = rows.items ? rows.items : arena_calloc(a, 1, rows.elem);
	*n = rows.n;
	return rc;
}

/* ---- the notice's text -------------------------------------------------------------------- */

int store_notice_texts(store *s, const char *period, struct arena *a,
                       struct notice_stored_text out[NOTICE_SECTION_COUNT])
{
	memset(out, 0, NOTICE_SECTION_COUNT * sizeof *out);
	struct sql_args q = {0};
	arg_text(&q, period);
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT section, body, updated_at, updated_by, version FROM notice_text "
	                 "WHERE period = ?1",
	                 &q, &st);
	if (rc)
		return rc;
	while ((rc = sql_next(s, st)) > 0) {
		const char *code = col_raw(st, 0);
		enum notice_section sec;
		if (!code || notice_section_parse(code, strlen(code), &sec))
			continue;
		out[sec] = (struct notice_stored_text){.body = col_text(a, st, 1),
		                                       .updated_at = col_int(st, 2),
		                                       .updated_by = col_int(st, 3),
		                                       .version = (int)col_int(st, 4)};
	}
	sql_done(s, st);
	return rc;
}

int store_notice_text_put(store *s, const char *period, enum notice_section section,
                          const char *body, int64_t user_id, int64_t at, int expected_version)
{
	struct sql_args q = {0};
	arg_text(&q, period);
	arg_text(&q, notice_section_code(section));
	arg_textn(&q, body ? body : "", body ? strlen(body) : 0);
	arg_int(&q, at);
	arg_id(&q, user_id);
	arg_int(&q, expected_version);
	int64_t changed;
	int rc;
	if (expected_version == 0)
		/* A second writer of a new text meets the primary key: a conflict. */
		rc = sql_exec(s,
		              "INSERT INTO notice_text(period, section, body, updated_at, updated_by, "
		              "version) VALUES (?1, ?2, ?3, ?4, ?5, ?6 + 1)",
		              &q, &changed);
	else
		rc = sql_exec(s,
		              "UPDATE notice_text SET body = ?3, updated_at = ?4, updated_by = ?5, "
		              "version = version + 1 WHERE period = ?1 AND section = ?2 AND version = ?6",
		              &q, &changed);
	if (rc == 0 && changed == 0)
		return sql_fail(s, SH_ECONFLICT, "notice text changed meanwhile");
	return rc;
}

/* ---- publications ------------------------------------------------------------------------- */

/* PDF and XLSX are binary: stored in base64. */
static bool binary(int format)
{
	return format >= 2;
}

int store_publication_add(store *s, struct publication *p, const struct publication_docs *d)
{
	struct arena a;
	arena_init(&a, 0);
	struct sql_args q = {0};
	arg_text(&q, p->period);
	arg_int(&q, p->revision);
	arg_int(&q, p->year);
	arg_int(&q, p->number);
	arg_text(&q, p->doc_no);
	arg_date(&q, p->published_on);
	arg_text(&q, p->reason);
	arg_text(&q, publication_state_code(p->state));
	arg_id(&q, p->requested_by);
	arg_int(&q, p->requested_at);
	arg_id(&q, p->decided_by);
	if (p->decided_at)
		arg_int(&q, p->decided_at);
	else
		arg_null(&q);
	arg_text(&q, p->via);
	for (int f = 0; f < NOTICE_FORMATS; f++) {
		if (!binary(f)) {
			arg_textn(&q, d->data[f], d->len[f]);
			continue;
		}
		size_t n = sodium_base64_encoded_len(d->len[f], sodium_base64_VARIANT_ORIGINAL);
		char *b64 = arena_alloc(&a, n);
		sodium_bin2base64(b64, n, (const unsigned char *)d->data[f], d->len[f],
		                  sodium_base64_VARIANT_ORIGINAL);
		arg_textn(&q, b64, strlen(b64));
	}
	int rc = sql_insert(s,
	                    "INSERT INTO notice_publication(period, revision, year, number, doc_no, "
	                    "published_on, reason, state, requested_by, requested_at, decided_by, "
	                    "decided_at, via, doc_md, doc_html, doc_pdf, doc_xlsx) VALUES (?1, ?2, ?3, "
	                    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
	                    &q, &p->id);
	arena_free(&a);
	return rc;
}

int store_publication_decide(store *s, int64_t id, enum publication_state to, int64_t user_id,
                             int64_t at)
{
	struct sql_args q = {0};
	arg_int(&q, id);
	arg_text(&q, publication_state_code(to));
	arg_id(&q, user_id);
	arg_int(&q, at);
	arg_text(&q, publication_state_code(PUBLICATION_PENDING));
	int64_t changed;
	int rc = sql_exec(s,
	                  "UPDATE notice_publication SET state = ?2, decided_by = ?3, decided_at = ?4 "
	                  "WHERE id = ?1 AND state = ?5",
	                  &q, &changed);
	if (rc == 0 && changed == 0) {
		struct sql_args k = {0};
		arg_int(&k, id);
		int64_t exists;
		rc = sql_int(s, "SELECT count(*) FROM notice_publication WHERE id = ?1", &k, 0, &exists);
		return rc ? rc
		          : sql_fail(s, exists ? SH_ECONFLICT : SH_ENOTFOUND,
		                     "publication request not pending");
	}
	return rc;
}

int store_publication_list(store *s, const char *period, struct arena *a,
                           struct publication **out, size_t *n)
{
	struct sql_args q = {0};
	arg_text(&q, period);
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT id, period, revision, year, number, doc_no, published_on, reason, "
	                 "state, requested_by, requested_at, decided_by, decided_at, via FROM "
	                 "notice_publication WHERE period = ?1 ORDER BY id DESC",
	                 &q, &st);
	if (rc)
		return rc;
	struct sql_rows rows = {.elem = sizeof(struct publication)};
	while ((rc = sql_next(s, st)) > 0) {
		struct publication *p = rows_add(a, &rows);
		p->id = col_int(st, 0);
		col_copy(p->period, sizeof p->period, st, 1);
		p->revision = (int)col_int(st, 2);
		p->year = (int)col_int(st, 3);
		p->number = (int)col_int(st, 4);
		p->doc_no = col_text(a, st, 5);
		p->published_on = col_date(st, 6, 0);
		p->reason = col_opt(a, st, 7);
		const char *state = col_raw(st, 8);
		if (!state || publication_state_parse(state, strlen(state), &p->state))
			p->state = PUBLICATION_REJECTED;
		p->requested_by = col_int(st, 9);
		p->requested_at = col_int(st, 10);
		p->decided_by = col_int(st, 11);
		p->decided_at = col_int(st, 12);
		p->via = col_text(a, st, 13);
	}
	sql_done(s, st);
	*out = rows.items ? rows.items : arena_calloc(a, 1, rows.elem);
	*n = rows.n;
	return rc;
}

int store_publication_document(store *s, int64_t id, int format, struct arena *a,
                               const char **data, size_t *len)
{
	if (format < 0 || format >= NOTICE_FORMATS)
		return sql_fail(s, SH_EINVAL, "no such notice format");
	/* One statement per format: each text is built once and kept. */
	static const char *const sql[NOTICE_FORMATS] = {
		"SELECT doc_md FROM notice_publication WHERE id = ?1",
		"SELECT doc_html FROM notice_publication WHERE id = ?1",
		"SELECT doc_pdf FROM notice_publication WHERE id = ?1",
		"SELECT doc_xlsx FROM notice_publication WHERE id = ?1",
	};
	struct sql_args q = {0};
	arg_int(&q, id);
	struct sql_stmt *st;
	int rc = sql_row(s, sql[format], &q, &st);
	if (rc)
		return rc;
	const char *t = col_raw(st, 0);
	size_t tl = t ? strlen(t) : 0;
	if (!binary(format)) {
		*data = arena_strndup(a, t ? t : "", tl);
		*len = tl;
	} else {
		unsigned char *bin = arena_alloc(a, tl / 4 * 3 + 3);
		size_t bl = 0;
		if (sodium_base642bin(bin, tl / 4 * 3 + 3, t ? t : "", tl, NULL, &bl, NULL,
		                      sodium_base64_VARIANT_ORIGINAL) != 0)
			rc = sql_fail(s, SH_ESTORE, "a stored notice is not valid base64");
		*data = (const char *)bin;
		*len = bl;
	}
	sql_done(s, st);
	return rc;
}

int store_publication_max_number(store *s, int year, int *out)
{
	struct sql_args q = {0};
	arg_int(&q, year);
	arg_text(&q, publication_state_code(PUBLICATION_REJECTED));
	int64_t v;
	int rc = sql_int(s,
	                 "SELECT max(number) FROM notice_publication WHERE year = ?1 AND state <> ?2",
	                 &q, 0, &v);
	if (rc == 0)
		*out = (int)v;
	return rc;
}
