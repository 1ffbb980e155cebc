/* Applying the schema migrations (store/schema.c), for every driver. */
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "store/schema.h"
#include "store/sql/sql.h"

static int schema_version(store *s, int *out)
{
	bool have;
	int rc = s->d->has_table(s, "meta", &have);
	if (rc)
		return rc;
	int64_t v = 0;
	if (have && (rc = sql_int(s, "SELECT CAST(value AS INTEGER) FROM meta "
	                             "WHERE key = 'schema_version'",
	                          NULL, 0, &v)) != 0)
		return rc;
	*out = (int)v;
	return 0;
}

int store_version(store *s, int *out)
{
	return schema_version(s, out);
}

/* v6 gives not-admissible reasons an explicit position. Databases made
 * before keep the order the reasons were saved in (they were written once,
 * by init): the driver's write order, this once. */
static int number_reasons(store *s)
{
	struct sql_stmt *st;
	char codes[64][32], sql[96];
	int n = 0;
	snprintf(sql, sizeof sql, "SELECT code FROM not_admissible_reason ORDER BY %s",
	         s->d->write_order);
	int rc = sql_run_once(s, sql, NULL, &st);
	if (rc)
		return rc;
	while ((rc = sql_next(s, st)) > 0 && n < 64)
		col_copy(codes[n++], sizeof codes[0], st, 0);
	sql_done(s, st);
	for (int i = 0; rc == 0 && i < n; i++) {
		struct sql_args a = {0};
		arg_int(&a, i + 1);
		arg_text(&a, codes[i]);
		rc = sql_exec(s, "UPDATE not_admissible_reason SET position = ?1 WHERE code = ?2", &a,
		              NULL);
	}
	return rc;
}

/* Work in C that a migration needs besides its SQL. */
static int after_migration(store *s, int v)
{
	switch (v) {
	case 3:
		return months_backfill(s);
	case 6:
		return number_reasons(s);
	case 7:
		return days_backfill(s);
	default:
		return 0;
	}
}

int store_migrate(store *s, char *err, size_t errlen)
{
	int version, rc = schema_version(s, &version);
	if (rc)
		goto fail;
	if (version == STORE_SCHEMA_VERSION) /* the usual case: no write lock needed */
		return 0;
	if ((rc = sql_begin(s)) != 0)
		goto fail;
	/* Again, now that no other process can be migrating. */
	if ((rc = s->d->lock(s, STORE_LOCK_MIGRATION)) != 0 || (rc = schema_version(s, &version)) != 0)
		goto undo;
	if (version > STORE_SCHEMA_VERSION) {
		sql_rollback(s);
		snprintf(err, errlen,
		         "the database has schema version %d, newer than this shensu supports (%d); "
		         "upgrade shensu",
		         version, STORE_SCHEMA_VERSION);
		return SH_ESCHEMA;
	}
	for (int v = version + 1; v <= STORE_SCHEMA_VERSION; v++) {
		if ((rc = s->d->exec(s, schema_migrations[v])) != 0 ||
		    (rc = after_migration(s, v)) != 0) {
			char why[sizeof s->error];
			memcpy(why, s->error, sizeof why);
			/* The driver's message, cut to leave room for ours. */
			snprintf(s->error, sizeof s->error,
			         "upgrading the database from schema version %d to %d failed, nothing "
			         "was changed: %.400s",
			         version, v, why);
			goto undo;
		}
	}
	struct sql_args a = {0};
	char value[16];
	snprintf(value, sizeof value, "%d", STORE_SCHEMA_VERSION);
	arg_text(&a, value);
	if ((rc = sql_exec(s,
	                   "INSERT INTO meta(key, value) VALUES ('schema_version', ?1) "
	                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	                   &a, NULL)) != 0)
		goto undo;
	if ((rc = sql_commit(s)) != 0)
		goto fail;
	return 0;
undo:
	sql_rollback(s);
fail:
	snprintf(err, errlen, "%s", s->error);
	return rc;
}
