/* Staff accounts, their sessions, and per-agency settings. */
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "store/sql/sql.h"

/* Columns: id, name, role, province, enterprise_id, disabled. */
static void read_user(struct arena *a, struct sql_stmt *st, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = col_int(st, 0);
	u->name = col_text(a, st, 1);
	const char *role = col_raw(st, 2);
	role_parse(role, strlen(role), &u->actor.role);
	col_copy(u->actor.province, sizeof u->actor.province, st, 3);
	u->actor.enterprise_id = col_int(st, 4);
	u->actor.user_id = u->id;
	u->disabled = col_int(st, 5) != 0;
}

/* The user a query finds (its first six columns as read_user reads them) and
 * the text of its seventh column. */
static int user_row(store *s, const char *sql, const struct sql_args *q, struct arena *a,
                    struct user *out, const char **seventh)
{
	struct sql_stmt *st;
	int rc = sql_row(s, sql, q, &st);
	if (rc)
		return rc;
	read_user(a, st, out);
	*seventh = col_text(a, st, 6);
	sql_done(s, st);
	return 0;
}

int store_user_add(store *s, struct user *u, const char *password_hash)
{
	struct sql_args a = {0};
	arg_text(&a, u->name);
	arg_text(&a, role_code(u->actor.role));
	arg_text(&a, u->actor.province);
	arg_id(&a, u->actor.enterprise_id);
	arg_text(&a, password_hash);
	arg_int(&a, (int64_t)time(NULL));
	int64_t id;
	int rc = sql_insert(s,
	                 "INSERT INTO app_user(name, role, province, enterprise_id, password_hash, "
	                 "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	                 &a, &id);
	if (rc == 0)
		u->actor.user_id = u->id = id;
	return rc;
}

int store_user_by_name(store *s, const char *name, struct arena *a, struct user *out,
                       const char **password_hash)
{
	struct sql_args q = {0};
	arg_text(&q, name);
	return user_row(s,
	                "SELECT id, name, role, province, enterprise_id, disabled, password_hash "
	                "FROM app_user WHERE name = ?1",
	                &q, a, out, password_hash);
}

int store_session_create(store *s, const char *token_hash, int64_t user_id, const char *csrf,
                         int64_t created_at, int64_t expires_at)
{
	/* Expired sessions go when new ones come, so the table does not grow. */
	struct sql_args a = {0};
	arg_int(&a, created_at);
	int rc = sql_exec(s, "DELETE FROM session WHERE expires_at <= ?1", &a, NULL);
	if (rc)
		return rc;
	a.n = 0;
	arg_text(&a, token_hash);
	arg_int(&a, user_id);
	arg_text(&a, csrf);
	arg_int(&a, created_at);
	arg_int(&a, expires_at);
	return sql_exec(s,
	                "INSERT INTO session(token_hash, user_id, csrf, created_at, expires_at) "
	                "VALUES (?1, ?2, ?3, ?4, ?5)",
	                &a, NULL);
}

int store_session_get(store *s, const char *token_hash, int64_t now, struct arena *a,
                      struct user *out, const char **csrf)
{
	struct sql_args q = {0};
	arg_text(&q, token_hash);
	arg_int(&q, now);
	return user_row(s,
	                "SELECT u.id, u.name, u.role, u.province, u.enterprise_id, u.disabled, "
	                "s.csrf FROM session s JOIN app_user u ON u.id = s.user_id "
	                "WHERE s.token_hash = ?1 AND s.expires_at > ?2",
	                &q, a, out, csrf);
}

int store_session_delete(store *s, const char *token_hash)
{
	struct sql_args a = {0};
	arg_text(&a, token_hash);
	return sql_exec(s, "DELETE FROM session WHERE token_hash = ?1", &a, NULL);
}

int store_reply_days(store *s, const char *province, int *out)
{
	struct sql_args a = {0};
	arg_text(&a, province);
	int64_t days;
	int rc = sql_int(s, "SELECT operator_reply_days FROM agency_setting WHERE province = ?1", &a,
	                 0, &days);
	if (rc == 0)
		*out = (int)days;
	return rc;
}

int store_reply_days_set(store *s, const char *province, int days)
{
	struct sql_args a = {0};
	arg_text(&a, province);
	arg_int(&a, days);
	return sql_exec(s,
	                "INSERT INTO agency_setting(province, operator_reply_days) VALUES (?1, ?2) "
	                "ON CONFLICT(province) DO UPDATE SET "
	                "operator_reply_days = excluded.operator_reply_days",
	                &a, NULL);
}
