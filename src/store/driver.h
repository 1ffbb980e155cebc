/* What a store driver implements. Private to src/store/. */
#ifndef SHENSU_STORE_DRIVER_H
#define SHENSU_STORE_DRIVER_H

#include "store/store.h"

struct store_ops {
	const char *name;
	void (*close)(store *s);
	int (*version)(store *s, int *out);
	int (*tune_bulk)(store *s, int64_t expected_rows);
	int (*begin)(store *s);
	int (*commit)(store *s);
	int (*rollback)(store *s);
	int (*reference_save)(store *s, const struct reference *ref);
	int (*reference_load)(store *s, struct reference *ref);
	int (*holiday_save)(store *s, const struct holiday_schedule *sch, const char *source);
	int (*calendar_load)(store *s, calendar *cal);
	int (*calendar_revision)(store *s, int64_t *out);
	int (*import_begin)(store *s, const char *kind, const char *source, int64_t *batch_id);
	int (*import_finish)(store *s, int64_t batch_id, int64_t rows);
	int (*complaint_insert)(store *s, struct complaint *c, int64_t batch_id);
	int (*complaint_count)(store *s, int64_t *out);
	int (*subscribers_put)(store *s, const char *period, int64_t enterprise_id, int64_t subs);
	int (*case_create)(store *s, struct complaint *c, const char *query_hash,
	                   struct complaint_event *ev);
	int (*case_get)(store *s, const char *case_no, struct arena *a, struct complaint *out,
	                char *query_hash);
	int (*case_update)(store *s, const struct complaint *after, int expected_version,
	                   const struct complaint_event *ev);
	int (*case_events)(store *s, int64_t complaint_id, struct arena *a,
	                   struct complaint_event **out, size_t *n);
	int (*case_duplicate)(store *s, const char *phone, int64_t enterprise_id, int64_t exclude_id,
	                      char *case_no);
	int (*case_survey)(store *s, int64_t complaint_id, int score, const char *comment, int64_t at);
	int (*case_list)(store *s, const struct case_filter *f, struct arena *a,
	                 struct complaint **out, size_t *n);
	int (*user_add)(store *s, struct user *u, const char *password_hash);
	int (*user_by_name)(store *s, const char *name, struct arena *a, struct user *out,
	                    const char **password_hash);
	int (*session_create)(store *s, const char *token_hash, int64_t user_id, const char *csrf,
	                      int64_t created_at, int64_t expires_at);
	int (*session_get)(store *s, const char *token_hash, int64_t now, struct arena *a,
	                   struct user *out, const char **csrf);
	int (*session_delete)(store *s, const char *token_hash);
	int (*stat_counts)(store *s, int64_t from, int64_t to, const char *province, struct arena *a,
	                   struct stat_cell **out, size_t *n);
	int (*subscribers_get)(store *s, const char *period, struct arena *a, int64_t **pairs,
	                       size_t *n);
	int (*reply_days)(store *s, const char *province, int *out);
	int (*reply_days_set)(store *s, const char *province, int days);
	int (*report_insert)(store *s, struct report *r, int64_t operator_id, int64_t batch_id);
	int (*report_invalidate)(store *s, int64_t id, const char *reason, int64_t user_id,
	                         int64_t at, struct arena *a, struct report *out);
	int (*report_list)(store *s, const struct report_filter *f, struct arena *a,
	                   struct report **out, size_t *n);
	int (*report_counts)(store *s, int64_t from, int64_t to, int64_t counts[REPORT_KIND_COUNT]);
	int (*number_scan)(store *s, int (*fn)(void *ctx, const struct number_record *r), void *ctx);
	int (*ported_put)(store *s, const char *number, int64_t operator_id, int32_t since);
	int (*number_get)(store *s, const char *number, struct number_record *out);
	int (*dispatch_create)(store *s, int64_t now, int32_t due, struct arena *a,
	                       struct dispatch **out, size_t *n);
	int (*dispatch_list)(store *s, int64_t operator_id, struct arena *a, struct dispatch **out,
	                     size_t *n);
	int (*dispatch_get)(store *s, int64_t id, struct dispatch *out);
	int (*dispatch_items)(store *s, int64_t dispatch_id, struct arena *a,
	                      struct dispatch_item **out, size_t *n);
	int (*disposal_set)(store *s, int64_t dispatch_id, const char *number, enum disposal d,
	                    const char *note, int64_t at);
	int (*app_list)(store *s, int state, int limit, struct arena *a, struct app_record **out,
	                size_t *n);
	int (*app_get)(store *s, const char *package, struct arena *a, struct app_record *out);
	int (*app_update)(store *s, const struct app_record *app, int expected_version);
	int (*app_counts)(store *s, int32_t from, int32_t to, int64_t *notified, int64_t *named,
	                  int64_t *removed);
};

/* Every driver's handle starts with this. */
struct store {
	const struct store_ops *ops;
	char error[512];
};

int sqlite_store_open(const char *path, store **out, char *err, size_t errlen);

/* PostgreSQL (postgres.c): url is a postgres:// or postgresql:// URL or a libpq
 * key=value string, which pg_store_url() recognises. */
bool pg_store_url(const char *url);
int pg_store_open(const char *url, store **out, char *err, size_t errlen);
/* store_exists() for a PostgreSQL url: whether the meta table is there. */
int pg_store_exists(const char *url, char *err, size_t errlen);
/* The PostgreSQL form of a migration written for SQLite (schema.c), malloc'd:
 * INTEGER PRIMARY KEY becomes an identity column, AUTOINCREMENT and WITHOUT
 * ROWID go, REAL and BLOB become DOUBLE PRECISION and BYTEA, INSERT OR IGNORE
 * becomes ON CONFLICT DO NOTHING, PRAGMA statements are dropped. */
char *pg_schema_translate(const char *sqlite_sql);

#endif
