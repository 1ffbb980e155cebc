#include "store/store.h"

#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "store/driver.h"

int store_open(const char *url, store **out, char *err, size_t errlen)
{
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) {
		snprintf(err, errlen, "PostgreSQL is not supported by this build yet");
		return SH_EINVAL;
	}
	return sqlite_store_open(url, out, err, errlen);
}

void store_close(store *s)
{
	if (s)
		s->ops->close(s);
}

const char *store_error(const store *s)
{
	return s->error;
}

int store_version(store *s, int *out) { return s->ops->version(s, out); }
int store_tune_bulk(store *s, int64_t expected_rows) { return s->ops->tune_bulk(s, expected_rows); }
int store_begin(store *s) { return s->ops->begin(s); }
int store_commit(store *s) { return s->ops->commit(s); }
int store_rollback(store *s) { return s->ops->rollback(s); }

int store_reference_save(store *s, const struct reference *ref)
{
	return s->ops->reference_save(s, ref);
}

int store_reference_load(store *s, struct reference *ref)
{
	return s->ops->reference_load(s, ref);
}

int store_holiday_save(store *s, const struct holiday_schedule *sch, const char *source)
{
	return s->ops->holiday_save(s, sch, source);
}

int store_calendar_load(store *s, calendar *cal)
{
	return s->ops->calendar_load(s, cal);
}

int store_calendar_revision(store *s, int64_t *out)
{
	return s->ops->calendar_revision(s, out);
}

int store_import_begin(store *s, const char *kind, const char *source, int64_t *batch_id)
{
	return s->ops->import_begin(s, kind, source, batch_id);
}

int store_import_finish(store *s, int64_t batch_id, int64_t rows)
{
	return s->ops->import_finish(s, batch_id, rows);
}

int store_complaint_insert(store *s, struct complaint *c, int64_t batch_id)
{
	return s->ops->complaint_insert(s, c, batch_id);
}

int store_complaint_count(store *s, int64_t *out)
{
	return s->ops->complaint_count(s, out);
}

int store_subscribers_put(store *s, const char *period, int64_t enterprise_id, int64_t subs_10k)
{
	return s->ops->subscribers_put(s, period, enterprise_id, subs_10k);
}

int store_case_create(store *s, struct complaint *c, const char *query_hash,
                      struct complaint_event *ev)
{
	return s->ops->case_create(s, c, query_hash, ev);
}

int store_case_get(store *s, const char *case_no, struct arena *a, struct complaint *out,
                   char *query_hash)
{
	return s->ops->case_get(s, case_no, a, out, query_hash);
}

int store_case_update(store *s, const struct complaint *after, int expected_version,
                      const struct complaint_event *ev)
{
	return s->ops->case_update(s, after, expected_version, ev);
}

int store_case_events(store *s, int64_t complaint_id, struct arena *a,
                      struct complaint_event **out, size_t *n)
{
	return s->ops->case_events(s, complaint_id, a, out, n);
}

int store_case_duplicate(store *s, const char *phone, int64_t enterprise_id, int64_t exclude_id,
                         char *case_no)
{
	return s->ops->case_duplicate(s, phone, enterprise_id, exclude_id, case_no);
}

int store_case_survey(store *s, int64_t complaint_id, int score, const char *comment, int64_t at)
{
	return s->ops->case_survey(s, complaint_id, score, comment, at);
}

int store_case_list(store *s, const struct case_filter *f, struct arena *a,
                    struct complaint **out, size_t *n)
{
	return s->ops->case_list(s, f, a, out, n);
}

int store_user_add(store *s, struct user *u, const char *password_hash)
{
	return s->ops->user_add(s, u, password_hash);
}

int store_user_by_name(store *s, const char *name, struct arena *a, struct user *out,
                       const char **password_hash)
{
	return s->ops->user_by_name(s, name, a, out, password_hash);
}

int store_session_create(store *s, const char *token_hash, int64_t user_id, const char *csrf,
                         int64_t created_at, int64_t expires_at)
{
	return s->ops->session_create(s, token_hash, user_id, csrf, created_at, expires_at);
}

int store_session_get(store *s, const char *token_hash, int64_t now, struct arena *a,
                      struct user *out, const char **csrf)
{
	return s->ops->session_get(s, token_hash, now, a, out, csrf);
}

int store_session_delete(store *s, const char *token_hash)
{
	return s->ops->session_delete(s, token_hash);
}

int store_reply_days(store *s, const char *province, int *out)
{
	return s->ops->reply_days(s, province, out);
}

int store_reply_days_set(store *s, const char *province, int days)
{
	return s->ops->reply_days_set(s, province, days);
}

int store_stat_counts(store *s, int64_t from, int64_t to, const char *province, struct arena *a,
                      struct stat_cell **out, size_t *n)
{
	return s->ops->stat_counts(s, from, to, province, a, out, n);
}

int store_subscribers_get(store *s, const char *period, struct arena *a, int64_t **pairs,
                          size_t *n)
{
	return s->ops->subscribers_get(s, period, a, pairs, n);
}
