#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "store/driver.h"

/* A driver that lacks an operation says so instead of crashing: every
 * store_* call goes through CALL. */
static int unsupported(store *s, const char *op)
{
	snprintf(s->error, sizeof s->error, "the %s driver does not implement %s", s->ops->name, op);
	return SH_ESTORE;
}
#define CALL(s, op, ...) \
	((s)->ops->op ? (s)->ops->op((s), ##__VA_ARGS__) : unsupported((s), #op))

int store_open(const char *url, store **out, char *err, size_t errlen)
{
	if (pg_store_url(url))
		return pg_store_open(url, out, err, errlen);
	return sqlite_store_open(url, out, err, errlen);
}

int store_exists(const char *url, char *err, size_t errlen)
{
	if (pg_store_url(url))
		return pg_store_exists(url, err, errlen);
	/* SQLite: the file is the database (opening it would create it). */
	struct stat st;
	if (stat(url, &st) == 0)
		return 0;
	if (errno == ENOENT || errno == ENOTDIR)
		return SH_ENOTFOUND;
	snprintf(err, errlen, "cannot examine %s: %s", url, strerror(errno));
	return SH_EIO;
}

/* Appends n bytes of s to out, keeping room for the NUL. */
static void append(char *out, size_t outlen, size_t *o, const char *s, size_t n)
{
	if (*o + n >= outlen)
		n = outlen - 1 - *o;
	memcpy(out + *o, s, n);
	*o += n;
	out[*o] = '\0';
}

/* The end of the value starting at v: a quoted value in a key=value string
 * ends after its closing quote, others at a space (or at '&' or '#' in a URL). */
static const char *value_end(const char *v, bool in_url)
{
	if (!in_url && *v == '\'') {
		for (v++; *v && *v != '\''; v++)
			if (*v == '\\' && v[1])
				v++;
		return *v ? v + 1 : v;
	}
	return v + strcspn(v, in_url ? "&#" : " \t\n\r\f\v");
}

void store_url_redact(const char *url, char *out, size_t outlen)
{
	if (!outlen)
		return;
	size_t o = 0;
	out[0] = '\0';
	if (!pg_store_url(url)) {
		append(out, outlen, &o, url, strlen(url));
		return;
	}
	/* postgres://user:PASSWORD@host…: the password lies between the first
	 * ':' of the user part and the last '@' before the host's end. */
	const char *scheme = strstr(url, "://");
	bool in_url = scheme != NULL;
	const char *pw = NULL, *pw_end = NULL;
	if (in_url) {
		const char *authority = scheme + 3;
		size_t len = strcspn(authority, "/?#");
		for (size_t i = 0; i < len; i++)
			if (authority[i] == '@')
				pw_end = authority + i;
		pw = pw_end ? memchr(authority, ':', (size_t)(pw_end - authority)) : NULL;
	}
	const char *p = url;
	while (*p) {
		if (pw && p == pw + 1) {
			append(out, outlen, &o, "***", 3);
			p = pw_end;
			continue;
		}
		/* password=VALUE: a keyword of a key=value string or a URL parameter */
		bool word_start = p == url || strchr(" \t\n\r\f\v?&", p[-1]);
		if (word_start && strncmp(p, "password", 8) == 0) {
			const char *q = p + 8;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '=') {
				q++;
				while (!in_url && (*q == ' ' || *q == '\t'))
					q++;
				append(out, outlen, &o, p, (size_t)(q - p));
				append(out, outlen, &o, "***", 3);
				p = value_end(q, in_url);
				continue;
			}
		}
		append(out, outlen, &o, p, 1);
		p++;
	}
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

int store_version(store *s, int *out) { return CALL(s, version, out); }
int store_tune_bulk(store *s, int64_t expected_rows) { return CALL(s, tune_bulk, expected_rows); }
int store_begin(store *s) { return CALL(s, begin); }
int store_commit(store *s) { return CALL(s, commit); }
int store_rollback(store *s) { return CALL(s, rollback); }

int store_reference_save(store *s, const struct reference *ref)
{
	return CALL(s, reference_save, ref);
}

int store_reference_load(store *s, struct reference *ref)
{
	return CALL(s, reference_load, ref);
}

int store_holiday_save(store *s, const struct holiday_schedule *sch, const char *source)
{
	return CALL(s, holiday_save, sch, source);
}

int store_calendar_load(store *s, calendar *cal)
{
	return CALL(s, calendar_load, cal);
}

int store_calendar_revision(store *s, int64_t *out)
{
	return CALL(s, calendar_revision, out);
}

int store_import_begin(store *s, const char *kind, const char *source, int64_t *batch_id)
{
	return CALL(s, import_begin, kind, source, batch_id);
}

int store_import_finish(store *s, int64_t batch_id, int64_t rows)
{
	return CALL(s, import_finish, batch_id, rows);
}

int store_complaint_insert(store *s, struct complaint *c, int64_t batch_id)
{
	return CALL(s, complaint_insert, c, batch_id);
}

int store_complaint_count(store *s, int64_t *out)
{
	return CALL(s, complaint_count, out);
}

int store_subscribers_put(store *s, const char *period, int64_t enterprise_id, int64_t subs_10k)
{
	return CALL(s, subscribers_put, period, enterprise_id, subs_10k);
}

int store_case_create(store *s, struct complaint *c, const char *query_hash,
                      struct complaint_event *ev)
{
	return CALL(s, case_create, c, query_hash, ev);
}

int store_case_get(store *s, const char *case_no, struct arena *a, struct complaint *out,
                   char *query_hash)
{
	return CALL(s, case_get, case_no, a, out, query_hash);
}

int store_case_update(store *s, const struct complaint *after, int expected_version,
                      const struct complaint_event *ev)
{
	return CALL(s, case_update, after, expected_version, ev);
}

int store_case_events(store *s, int64_t complaint_id, struct arena *a,
                      struct complaint_event **out, size_t *n)
{
	return CALL(s, case_events, complaint_id, a, out, n);
}

int store_case_duplicate(store *s, const char *phone, int64_t enterprise_id, int64_t exclude_id,
                         char *case_no)
{
	return CALL(s, case_duplicate, phone, enterprise_id, exclude_id, case_no);
}

int store_case_survey(store *s, int64_t complaint_id, int score, const char *comment, int64_t at)
{
	return CALL(s, case_survey, complaint_id, score, comment, at);
}

int store_case_list(store *s, const struct case_filter *f, struct arena *a,
                    struct complaint **out, size_t *n)
{
	return CALL(s, case_list, f, a, out, n);
}

int store_user_add(store *s, struct user *u, const char *password_hash)
{
	return CALL(s, user_add, u, password_hash);
}

int store_user_by_name(store *s, const char *name, struct arena *a, struct user *out,
                       const char **password_hash)
{
	return CALL(s, user_by_name, name, a, out, password_hash);
}

int store_session_create(store *s, const char *token_hash, int64_t user_id, const char *csrf,
                         int64_t created_at, int64_t expires_at)
{
	return CALL(s, session_create, token_hash, user_id, csrf, created_at, expires_at);
}

int store_session_get(store *s, const char *token_hash, int64_t now, struct arena *a,
                      struct user *out, const char **csrf)
{
	return CALL(s, session_get, token_hash, now, a, out, csrf);
}

int store_session_delete(store *s, const char *token_hash)
{
	return CALL(s, session_delete, token_hash);
}

int store_reply_days(store *s, const char *province, int *out)
{
	return CALL(s, reply_days, province, out);
}

int store_reply_days_set(store *s, const char *province, int days)
{
	return CALL(s, reply_days_set, province, days);
}

int store_stat_counts(store *s, int64_t from, int64_t to, const char *province, struct arena *a,
                      struct stat_cell **out, size_t *n)
{
	return CALL(s, stat_counts, from, to, province, a, out, n);
}

int store_subscribers_get(store *s, const char *period, struct arena *a, int64_t **pairs,
                          size_t *n)
{
	return CALL(s, subscribers_get, period, a, pairs, n);
}

/* ---- 12321 reports ------------------------------------------------------------ */


int store_report_insert(store *s, struct report *r, int64_t operator_id, int64_t batch_id)
{
	return CALL(s, report_insert, r, operator_id, batch_id);
}

int store_report_invalidate(store *s, int64_t id, const char *reason, int64_t user_id, int64_t at,
                            struct arena *a, struct report *out)
{
	return CALL(s, report_invalidate, id, reason, user_id, at, a, out);
}

int store_report_list(store *s, const struct report_filter *f, struct arena *a,
                      struct report **out, size_t *n)
{
	return CALL(s, report_list, f, a, out, n);
}

int store_report_counts(store *s, int64_t from, int64_t to, int64_t counts[REPORT_KIND_COUNT])
{
	return CALL(s, report_counts, from, to, counts);
}

int store_number_scan(store *s, int (*fn)(void *ctx, const struct number_record *r), void *ctx)
{
	return CALL(s, number_scan, fn, ctx);
}

void number_record_empty(struct number_record *r, const char *number)
{
	*r = (struct number_record){.first_at = NO_INSTANT, .last_at = NO_INSTANT,
	                            .disposed_at = NO_INSTANT, .dispatched_at = NO_INSTANT};
	snprintf(r->number, sizeof r->number, "%s", number ? number : "");
}

int store_number_get(store *s, const char *number, struct number_record *out)
{
	return CALL(s, number_get, number, out);
}

int store_ported_put(store *s, const char *number, int64_t operator_id, int32_t since)
{
	return CALL(s, ported_put, number, operator_id, since);
}

int store_dispatch_create(store *s, int64_t now, int32_t due, struct arena *a,
                          struct dispatch **out, size_t *n)
{
	return CALL(s, dispatch_create, now, due, a, out, n);
}

int store_dispatch_list(store *s, int64_t operator_id, struct arena *a, struct dispatch **out,
                        size_t *n)
{
	return CALL(s, dispatch_list, operator_id, a, out, n);
}

int store_dispatch_get(store *s, int64_t id, struct dispatch *out)
{
	return CALL(s, dispatch_get, id, out);
}

int store_dispatch_items(store *s, int64_t dispatch_id, struct arena *a,
                         struct dispatch_item **out, size_t *n)
{
	return CALL(s, dispatch_items, dispatch_id, a, out, n);
}

int store_disposal_set(store *s, int64_t dispatch_id, const char *number, enum disposal d,
                       const char *note, int64_t at)
{
	return CALL(s, disposal_set, dispatch_id, number, d, note, at);
}

int store_app_list(store *s, int state, int limit, struct arena *a, struct app_record **out,
                   size_t *n)
{
	return CALL(s, app_list, state, limit, a, out, n);
}

int store_app_get(store *s, const char *package, struct arena *a, struct app_record *out)
{
	return CALL(s, app_get, package, a, out);
}

int store_app_update(store *s, const struct app_record *app, int expected_version)
{
	return CALL(s, app_update, app, expected_version);
}

int store_app_counts(store *s, int32_t from, int32_t to, int64_t *notified, int64_t *named,
                     int64_t *removed)
{
	return CALL(s, app_counts, from, to, notified, named, removed);
}
