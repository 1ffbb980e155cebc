/* PostgreSQL driver (libpq): several shensu instances share one database.
 *
 * It mirrors the SQLite driver op by op; where the semantics need more care
 * across processes, the comment says how:
 * - Case numbers come from case_counter rows locked by an upsert until commit,
 *   so two processes never hand out the same number.
 * - A transition updates WHERE id AND version: the second of two concurrent
 *   writers waits for the first, then finds the version moved (SH_ECONFLICT).
 * - Migrations run under a transaction-scoped advisory lock, so instances
 *   starting together do not both migrate. The schema is the one description
 *   in schema.c, translated by pg_schema_translate().
 * - A lost connection (server stopped or restarted, network) is
 *   SH_EDBDOWN; the next use of the handle connects again, so the server
 *   recovers by itself. Within a caller's transaction nothing reconnects
 *   until the caller rolls back: the work so far is gone with the session.
 *
 * Connections are opened on first use: the HTTP server keeps a handle per
 * worker thread, and most of them never need one. The first handle a process
 * opens for a database connects at once, to migrate and to report a bad URL. */
#include <ctype.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "store/driver.h"
#include "store/schema.h"
#include "store/stat_month.h"

#define COUNTER_SLOTS 1024
#define MAX_PARAMS 32
#define MAX_PREPARED 96
#define BULK_BATCH 256 /* complaints sent ahead of their results in a bulk load */
#define STR_(x) #x
#define STR(x) STR_(x)

/* Case-number counters cached during a caller's transaction, as in the SQLite
 * driver; here each row is locked (by an upsert) when first used, so the
 * cache cannot go stale while the transaction holds it. */
struct counter {
	int key; /* province * 10000 + year, 0 = empty slot */
	int64_t last;
	bool dirty;
};

struct pg_store {
	struct store base;
	char *url;
	PGconn *conn;
	bool broken;     /* the connection failed: connect again before the next use */
	bool in_txn;     /* a transaction is open (the caller's or an op's own) */
	bool caller_txn; /* it is the caller's (store_begin) */
	bool txn_lost;   /* the connection broke inside it: fail until rolled back */
	bool bulk;       /* store_tune_bulk(): no statement timeout */
	int64_t retry_at; /* a connection attempt failed: the next not before (ms) */
	const char *prepared[MAX_PREPARED]; /* SQL text (a string literal) of "s<i>" */
	int nprepared;
	struct counter counters[COUNTER_SLOTS];
	int used[COUNTER_SLOTS];
	int nused;
	struct stat_deltas months; /* summary changes gathered in a caller's transaction */
	int pipelined;             /* bulk inserts sent whose results are not read yet */
	int64_t ids[BULK_BATCH];   /* complaint ids reserved for a bulk load */
	int nids, next_id;
};

static const struct store_ops pg_ops;

static struct pg_store *P(store *s)
{
	return (struct pg_store *)s;
}

/* ---- parameters and results ----------------------------------------------- */

/* Parameters go as text; numbers and dates are formatted into num. */
struct params {
	int n;
	const char *v[MAX_PARAMS];
	char num[MAX_PARAMS][24];
};

static void p_null(struct params *p)
{
	p->v[p->n++] = NULL;
}

/* NULL or "" become NULL, as the SQLite driver binds them. */
static void p_text(struct params *p, const char *t)
{
	if (t && *t)
		p->v[p->n++] = t;
	else
		p_null(p);
}

static void p_int(struct params *p, int64_t x)
{
	snprintf(p->num[p->n], sizeof p->num[p->n], "%lld", (long long)x);
	p->v[p->n] = p->num[p->n];
	p->n++;
}

static void p_id(struct params *p, int64_t id)
{
	if (id)
		p_int(p, id);
	else
		p_null(p);
}

static void p_date(struct params *p, int32_t day)
{
	if (day == DATE_OPEN_START || day == DATE_OPEN_END) {
		p_null(p);
		return;
	}
	date_format(day, p->num[p->n]);
	p->v[p->n] = p->num[p->n];
	p->n++;
}

static void p_day(struct params *p, int32_t day)
{
	if (day)
		p_date(p, day);
	else
		p_null(p);
}

static void p_instant(struct params *p, int64_t t)
{
	if (t == NO_INSTANT)
		p_null(p);
	else
		p_int(p, t);
}

static const char *g_raw(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static int64_t g_int(const PGresult *r, int row, int col)
{
	const char *v = g_raw(r, row, col);
	return v ? strtoll(v, NULL, 10) : 0;
}

static char *g_text(struct arena *a, const PGresult *r, int row, int col)
{
	const char *v = g_raw(r, row, col);
	return arena_strdup(a, v ? v : "");
}

static const char *g_opt(struct arena *a, const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : g_text(a, r, row, col);
}

static int32_t g_date(const PGresult *r, int row, int col, int32_t open)
{
	const char *t = g_raw(r, row, col);
	int32_t day;
	return t && date_parse(t, strlen(t), &day) == 0 ? day : open;
}

static void copy_code(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

/* ---- the connection ------------------------------------------------------- */

/* SQLSTATEs that mean the session is gone, whatever PQstatus says yet:
 * connection exceptions (class 08) and the server shutting down or
 * terminating the backend (57P01..57P03). */
static bool session_gone(const char *state)
{
	return state && (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
	                 strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0);
}

static void lost(struct pg_store *s)
{
	s->broken = true;
	if (s->in_txn)
		s->txn_lost = true;
}

/* Records the server's message (the primary line only: details may quote
 * values, which can be personal data) and maps the SQLSTATE to an sh_err. */
static int fail(struct pg_store *s, const PGresult *r, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg)
		msg = s->conn ? PQerrorMessage(s->conn) : "no connection";
	int len = snprintf(s->base.error, sizeof s->base.error, "postgres: %s: %s", what, msg);
	while (len > 0 && (size_t)len < sizeof s->base.error && s->base.error[len - 1] == '\n')
		s->base.error[--len] = '\0';
	if (!s->conn || PQstatus(s->conn) != CONNECTION_OK || session_gone(state)) {
		lost(s);
		return SH_EDBDOWN;
	}
	if (!state)
		return SH_ESTORE;
	if (strncmp(state, "23", 2) == 0) /* integrity constraint violation */
		return SH_ECONFLICT;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0 ||
	    strcmp(state, "53300") == 0)
		return SH_EUNAVAILABLE; /* serialization, deadlock, lock or statement timeout */
	return SH_ESTORE;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Connects (again). Defaults come first so that the URL's own settings win:
 * a short connect timeout and TCP keepalives so that an unreachable server
 * fails a request instead of hanging it, a statement timeout for the same
 * reason, and an idle-in-transaction limit so a stuck process cannot hold
 * locks for ever. */
static int connect_db(struct pg_store *s)
{
	static const char *const keys[] = {
		"connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
		"keepalives_count", "tcp_user_timeout", "application_name", "options", "dbname",
		"client_encoding", NULL,
	};
	const char *values[] = {
		"5", "1", "30", "10", "3", "30000", "shensu",
		"-c statement_timeout=30s -c idle_in_transaction_session_timeout=60s", s->url,
		"UTF8", NULL,
	};
	if (s->conn)
		PQfinish(s->conn);
	s->nprepared = 0;
	s->conn = PQconnectdbParams(keys, values, 1);
	if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
		snprintf(s->base.error, sizeof s->base.error, "postgres: cannot connect: %s",
		         s->conn ? PQerrorMessage(s->conn) : "out of memory");
		size_t len = strlen(s->base.error);
		while (len && s->base.error[len - 1] == '\n')
			s->base.error[--len] = '\0';
		s->broken = true;
		/* While the server is away, requests fail at once instead of each
		 * waiting out a connect timeout of its own. */
		s->retry_at = now_ms() + 500;
		return SH_EDBDOWN;
	}
	s->broken = false;
	if (s->bulk) {
		PGresult *r = PQexec(s->conn, "SET statement_timeout = 0");
		int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : fail(s, r, "bulk settings");
		PQclear(r);
		return rc;
	}
	return 0;
}

/* Reads the results of the bulk inserts sent ahead (pipeline mode, see
 * insert_case) and leaves pipeline mode. The first failure is the result;
 * PostgreSQL skipped the statements after it. */
static int drain(struct pg_store *s)
{
	int rc = 0, gaps = 0;
	if (PQpipelineSync(s->conn) != 1)
		rc = fail(s, NULL, "bulk insert");
	while (rc != SH_EDBDOWN) {
		PGresult *r = PQgetResult(s->conn);
		if (!r) { /* between one statement's results and the next's */
			if (PQstatus(s->conn) != CONNECTION_OK || ++gaps > s->pipelined + 1) {
				rc = fail(s, NULL, "bulk insert");
				break;
			}
			continue;
		}
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (rc == 0 && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
		    st != PGRES_PIPELINE_ABORTED)
			rc = fail(s, r, "bulk insert");
		PQclear(r);
	}
	s->pipelined = 0;
	if (rc != SH_EDBDOWN && PQexitPipelineMode(s->conn) != 1 && rc == 0)
		rc = fail(s, NULL, "bulk insert");
	return rc;
}

/* Makes the connection ready for a statement. An idle connection the server
 * has closed (a restart) is noticed here, before anything is sent, so the
 * first request after the database comes back does not fail for it. Bulk
 * inserts sent ahead are finished first. */
static int usable(struct pg_store *s)
{
	if (s->txn_lost) {
		snprintf(s->base.error, sizeof s->base.error,
		         "postgres: the connection was lost during the transaction");
		return SH_EDBDOWN;
	}
	if (s->conn && !s->broken && PQpipelineStatus(s->conn) != PQ_PIPELINE_OFF) {
		int rc = drain(s);
		if (rc)
			return rc;
	}
	if (s->conn && !s->broken && !s->in_txn) {
		PQconsumeInput(s->conn);
		if (PQstatus(s->conn) != CONNECTION_OK)
			s->broken = true;
	}
	if (s->conn && !s->broken)
		return 0;
	if (s->retry_at && now_ms() < s->retry_at)
		return SH_EDBDOWN; /* base.error still says why */
	return connect_db(s);
}

static int check(struct pg_store *s, PGresult *r, PGresult **out, const char *what)
{
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		int rc = fail(s, r, what);
		PQclear(r);
		/* fail() never returns 0; saying so here lets -O3 see that *out is
		 * set whenever check() returns 0 (-Wmaybe-uninitialized in callers) */
		return rc < 0 ? rc : SH_ESTORE;
	}
	if (out)
		*out = r;
	else
		PQclear(r);
	return 0;
}

/* Runs sql (a string literal: its address names the prepared statement,
 * prepared once per connection) with p. *out (when out is not NULL) receives
 * the result on success; PQclear it. */
static int query(struct pg_store *s, const char *sql, const struct params *p, PGresult **out,
                 const char *what)
{
	int rc = usable(s);
	if (rc)
		return rc;
	int n = p ? p->n : 0;
	const char *const *v = p ? p->v : NULL;
	int i = 0;
	while (i < s->nprepared && s->prepared[i] != sql)
		i++;
	if (i == s->nprepared && i == MAX_PREPARED)
		return check(s, PQexecParams(s->conn, sql, n, NULL, v, NULL, NULL, 0), out, what);
	char name[16];
	snprintf(name, sizeof name, "s%d", i);
	if (i == s->nprepared) {
		if ((rc = check(s, PQprepare(s->conn, name, sql, 0, NULL), NULL, what)) != 0)
			return rc;
		s->prepared[s->nprepared++] = sql;
	}
	return check(s, PQexecPrepared(s->conn, name, n, v, NULL, NULL, 0), out, what);
}

/* Sends sql (a string literal returning no rows) without waiting for its
 * result: a bulk load does not wait a round trip per row. The result is read
 * by drain(), at the latest before the next statement that waits (commit
 * included), so a failure still fails the transaction. */
static int query_ahead(struct pg_store *s, const char *sql, const struct params *p,
                       const char *what)
{
	int i = 0;
	while (i < s->nprepared && s->prepared[i] != sql)
		i++;
	if (i == s->nprepared) { /* prepare it first, outside pipeline mode */
		int rc = usable(s); /* leaves pipeline mode; checks the connection */
		if (rc == 0 && i == MAX_PREPARED)
			return query(s, sql, p, NULL, what);
		char name[16];
		snprintf(name, sizeof name, "s%d", i);
		if (rc || (rc = check(s, PQprepare(s->conn, name, sql, 0, NULL), NULL, what)) != 0)
			return rc;
		s->prepared[s->nprepared++] = sql;
	}
	if (s->txn_lost || !s->conn || s->broken)
		return query(s, sql, p, NULL, what); /* reports why */
	char name[16];
	snprintf(name, sizeof name, "s%d", i);
	if ((PQpipelineStatus(s->conn) == PQ_PIPELINE_OFF && PQenterPipelineMode(s->conn) != 1) ||
	    PQsendQueryPrepared(s->conn, name, p->n, p->v, NULL, NULL, 0) != 1)
		return fail(s, NULL, what);
	/* Results wait in the socket: read them before its buffers could fill. */
	return ++s->pipelined >= BULK_BATCH ? drain(s) : 0;
}

/* Runs sql built at run time (not kept prepared). */
static int query_once(struct pg_store *s, const char *sql, const struct params *p,
                      PGresult **out, const char *what)
{
	int rc = usable(s);
	if (rc)
		return rc;
	PGresult *r = PQexecParams(s->conn, sql, p ? p->n : 0, NULL, p ? p->v : NULL, NULL, NULL, 0);
	return check(s, r, out, what);
}

/* Runs one or more statements without parameters. */
static int command(struct pg_store *s, const char *sql)
{
	int rc = usable(s);
	return rc ? rc : check(s, PQexec(s->conn, sql), NULL, sql);
}

/* The number of rows an UPDATE or DELETE touched. */
static long changed(const PGresult *r)
{
	return strtol(PQcmdTuples((PGresult *)r), NULL, 10);
}

/* ---- schema --------------------------------------------------------------- */

/* Appends n bytes to a growing string. */
struct buf {
	char *p;
	size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 1024;
		b->p = sh_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* Whether the words (spaces between them match any run of blanks) start at
 * s, case-insensitively and ending on a word boundary; *end past them. */
static bool words_at(const char *s, const char *words, const char **end)
{
	while (*words) {
		if (*words == ' ') {
			if (!isspace((unsigned char)*s))
				return false;
			while (isspace((unsigned char)*s))
				s++;
			words++;
			continue;
		}
		if (tolower((unsigned char)*s) != tolower((unsigned char)*words))
			return false;
		s++;
		words++;
	}
	if (isalnum((unsigned char)*s) || *s == '_')
		return false;
	*end = s;
	return true;
}

char *pg_schema_translate(const char *sql)
{
	struct buf out = {0};
	puts_(&out, "");
	const char *s = sql;
	bool word_start = true;  /* s is not inside an identifier */
	bool on_conflict = false; /* the statement was INSERT OR IGNORE */
	bool skip = false;        /* the statement is a PRAGMA: dropped */
	bool stmt_start = true;
	while (*s) {
		const char *end;
		if (stmt_start && isspace((unsigned char)*s)) {
			put(&out, s++, 1);
			continue;
		}
		if (stmt_start) {
			stmt_start = false;
			skip = words_at(s, "PRAGMA", &end);
		}
		if (*s == '\'' || *s == '"') { /* literals and quoted names pass unchanged */
			const char *q = s + 1;
			while (*q && !(*q == *s && q[1] != *s))
				q += *q == *s ? 2 : 1;
			if (*q)
				q++;
			if (!skip)
				put(&out, s, (size_t)(q - s));
			s = q;
			word_start = true;
			continue;
		}
		if (*s == ';') {
			if (on_conflict)
				puts_(&out, " ON CONFLICT DO NOTHING");
			if (!skip)
				put(&out, s, 1);
			on_conflict = skip = false;
			stmt_start = word_start = true;
			s++;
			continue;
		}
		if (word_start && !skip) {
			if (words_at(s, "INTEGER PRIMARY KEY AUTOINCREMENT", &end) ||
			    words_at(s, "INTEGER PRIMARY KEY", &end)) {
				/* SQLite's rowid alias: assigned when not given. */
				puts_(&out, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
				s = end;
				continue;
			}
			if (words_at(s, "AUTOINCREMENT", &end) ||
			    words_at(s, "WITHOUT ROWID", &end)) {
				s = end;
				continue;
			}
			if (words_at(s, "INSERT OR IGNORE INTO", &end)) {
				puts_(&out, "INSERT INTO");
				on_conflict = true;
				s = end;
				continue;
			}
			if (words_at(s, "REAL", &end)) {
				puts_(&out, "DOUBLE PRECISION");
				s = end;
				continue;
			}
			if (words_at(s, "BLOB", &end)) {
				puts_(&out, "BYTEA");
				s = end;
				continue;
			}
		}
		word_start = !(isalnum((unsigned char)*s) || *s == '_');
		if (!skip)
			put(&out, s, 1);
		s++;
	}
	if (on_conflict)
		puts_(&out, " ON CONFLICT DO NOTHING");
	return out.p;
}

static int schema_version(struct pg_store *s, int *out)
{
	PGresult *r;
	int rc = query(s, "SELECT to_regclass('meta') IS NOT NULL", NULL, &r, "schema version");
	if (rc)
		return rc;
	bool have = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	*out = 0;
	if (!have)
		return 0;
	rc = query(s, "SELECT value FROM meta WHERE key = 'schema_version'", NULL, &r,
	           "schema version");
	if (rc)
		return rc;
	*out = PQntuples(r) ? (int)g_int(r, 0, 0) : 0;
	PQclear(r);
	return 0;
}

static int month_write(void *ctx, const struct stat_delta *x);
static int backfill_months(struct pg_store *s);

/* Any number will do: it names shensu's migration lock in this database. */
#define MIGRATION_LOCK "7355720"

static int migrate(struct pg_store *s, char *err, size_t errlen)
{
	int version, rc;
	/* A migration may rewrite large tables: no statement timeout for it. */
	if ((rc = command(s, "BEGIN")) != 0 ||
	    (rc = command(s, "SET LOCAL statement_timeout = 0")) != 0 ||
	    (rc = command(s, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")")) != 0 ||
	    (rc = schema_version(s, &version)) != 0)
		goto fail;
	if (version > STORE_SCHEMA_VERSION) {
		command(s, "ROLLBACK");
		snprintf(err, errlen,
		         "the database has schema version %d, newer than this shensu supports (%d); "
		         "upgrade shensu",
		         version, STORE_SCHEMA_VERSION);
		return SH_ESCHEMA;
	}
	for (int v = version + 1; v <= STORE_SCHEMA_VERSION; v++) {
		char *sql = pg_schema_translate(schema_migrations[v]);
		PGresult *r = PQexec(s->conn, sql);
		free(sql);
		if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
			rc = fail(s, r, "migration");
			snprintf(s->base.error, sizeof s->base.error,
			         "upgrading the database from schema version %d to %d failed, nothing "
			         "was changed: %s",
			         version, v, PQresultErrorMessage(r));
			PQclear(r);
			command(s, "ROLLBACK");
			goto fail;
		}
		PQclear(r);
		if (v == 3 && (rc = backfill_months(s)) != 0) {
			command(s, "ROLLBACK");
			goto fail;
		}
	}
	if (version != STORE_SCHEMA_VERSION) {
		char sql[160];
		snprintf(sql, sizeof sql,
		         "INSERT INTO meta(key, value) VALUES ('schema_version', '%d') "
		         "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
		         STORE_SCHEMA_VERSION);
		if ((rc = command(s, sql)) != 0) {
			command(s, "ROLLBACK");
			goto fail;
		}
	}
	if ((rc = command(s, "COMMIT")) != 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "%s", s->base.error);
	return rc;
}

/* Databases this process has migrated: later handles connect lazily. */
static struct migrated {
	char *url;
	struct migrated *next;
} *migrated;
static pthread_mutex_t migrated_lock = PTHREAD_MUTEX_INITIALIZER;

static bool was_migrated(const char *url)
{
	pthread_mutex_lock(&migrated_lock);
	struct migrated *m = migrated;
	while (m && strcmp(m->url, url) != 0)
		m = m->next;
	pthread_mutex_unlock(&migrated_lock);
	return m != NULL;
}

static void mark_migrated(const char *url)
{
	struct migrated *m = sh_xcalloc(1, sizeof *m);
	m->url = sh_xstrdup(url);
	pthread_mutex_lock(&migrated_lock);
	m->next = migrated;
	migrated = m;
	pthread_mutex_unlock(&migrated_lock);
}

bool pg_store_url(const char *url)
{
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return true;
	/* A key=value string starts with a keyword and '=' ("host=…", "dbname = x");
	 * a file name such as "data/a=b.db" does not. */
	const char *p = url;
	while (isspace((unsigned char)*p))
		p++;
	const char *word = p;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	if (p == word)
		return false;
	while (isspace((unsigned char)*p))
		p++;
	return *p == '=';
}

int pg_store_open(const char *url, store **out, char *err, size_t errlen)
{
	struct pg_store *s = sh_xcalloc(1, sizeof *s);
	s->base.ops = &pg_ops;
	s->url = sh_xstrdup(url);
	if (!was_migrated(url)) {
		int rc = connect_db(s);
		if (rc == 0)
			rc = migrate(s, err, errlen);
		else
			snprintf(err, errlen, "%s", s->base.error);
		if (rc) {
			PQfinish(s->conn);
			free(s->url);
			free(s);
			return rc;
		}
		mark_migrated(url);
	}
	*out = &s->base;
	return 0;
}

int pg_store_exists(const char *url, char *err, size_t errlen)
{
	struct pg_store *s = sh_xcalloc(1, sizeof *s);
	s->url = sh_xstrdup(url);
	PGresult *r;
	int rc = query_once(s, "SELECT to_regclass('meta') IS NOT NULL", NULL, &r,
	                    "looking for the schema");
	if (rc == 0) {
		rc = strcmp(PQgetvalue(r, 0, 0), "t") == 0 ? 0 : SH_ENOTFOUND;
		PQclear(r);
	} else {
		snprintf(err, errlen, "%s", s->base.error);
	}
	PQfinish(s->conn);
	free(s->url);
	free(s);
	return rc;
}

static void pg_close(store *base)
{
	struct pg_store *s = P(base);
	PQfinish(s->conn);
	stat_deltas_free(&s->months);
	free(s->url);
	free(s);
}

static int pg_version(store *base, int *out)
{
	return schema_version(P(base), out);
}

/* A bulk load runs as long as it needs; indexes stay (PostgreSQL maintains
 * them well enough, and dropping them would block every other instance). */
static int pg_tune_bulk(store *base, int64_t expected_rows)
{
	struct pg_store *s = P(base);
	(void)expected_rows;
	s->bulk = true;
	return s->conn && !s->broken ? command(s, "SET statement_timeout = 0") : 0;
}

/* ---- transactions --------------------------------------------------------- */

static int begin_txn(struct pg_store *s)
{
	int rc = command(s, "BEGIN");
	if (rc == 0) {
		s->in_txn = true;
		for (int i = 0; i < s->nused; i++)
			s->counters[s->used[i]] = (struct counter){0};
		s->nused = 0;
	}
	return rc;
}

static int pg_rollback(store *base);

/* A caller's transaction (init, an import, the demo) is the only writer of its
 * kind at a time, as SQLite's BEGIN IMMEDIATE makes it: two inits at once must
 * not both find the database empty and both fill it. Requests do not take
 * this lock; they never open a caller's transaction. */
static int pg_begin(store *base)
{
	struct pg_store *s = P(base);
	int rc = begin_txn(s);
	if (rc == 0 && (rc = command(s, "SELECT pg_advisory_xact_lock(7355722)")) != 0)
		pg_rollback(base);
	s->caller_txn = rc == 0;
	stat_deltas_clear(&s->months);
	return rc;
}

static const char counter_put_sql[] =
	"UPDATE case_counter SET last = $3 WHERE province = $1 AND year = $2";

static int flush_counters(struct pg_store *s)
{
	for (int i = 0; i < s->nused; i++) {
		struct counter *c = &s->counters[s->used[i]];
		if (!c->key || !c->dirty)
			continue;
		char prov[3] = {(char)('0' + c->key / 100000), (char)('0' + c->key / 10000 % 10), 0};
		struct params p = {0};
		p_text(&p, prov);
		p_int(&p, c->key % 10000);
		p_int(&p, c->last);
		int rc = query(s, counter_put_sql, &p, NULL, "case counter");
		if (rc)
			return rc;
		c->dirty = false;
	}
	return 0;
}

static int pg_rollback(store *base)
{
	struct pg_store *s = P(base);
	bool lost_it = s->txn_lost;
	s->in_txn = s->caller_txn = s->txn_lost = false;
	stat_deltas_clear(&s->months);
	if (lost_it || !s->conn || s->broken)
		return 0; /* the server rolled it back when the session ended */
	if (PQpipelineStatus(s->conn) != PQ_PIPELINE_OFF && drain(s) == SH_EDBDOWN)
		return 0;
	PGresult *r = PQexec(s->conn, "ROLLBACK");
	return check(s, r, NULL, "rollback");
}

static int pg_commit(store *base)
{
	struct pg_store *s = P(base);
	int rc = flush_counters(s);
	if (rc == 0 && s->caller_txn)
		rc = stat_deltas_each(&s->months, month_write, s);
	PGresult *r = NULL;
	if (rc == 0 && (rc = usable(s)) == 0 &&
	    (rc = check(s, PQexec(s->conn, "COMMIT"), &r, "commit")) == 0) {
		/* COMMIT of a transaction that had failed answers ROLLBACK. */
		if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
			snprintf(s->base.error, sizeof s->base.error,
			         "postgres: the transaction failed and was rolled back");
			rc = SH_ESTORE;
		}
		PQclear(r);
		s->in_txn = s->caller_txn = false;
		stat_deltas_clear(&s->months);
		return rc;
	}
	pg_rollback(base);
	return rc;
}

/* Runs fn inside a transaction unless the caller already opened one. */
static int in_transaction(struct pg_store *s, int (*fn)(struct pg_store *, const void *),
                          const void *arg)
{
	if (s->in_txn)
		return fn(s, arg);
	int rc = begin_txn(s);
	if (rc)
		return rc;
	rc = fn(s, arg);
	return rc ? (pg_rollback(&s->base), rc) : pg_commit(&s->base);
}

/* ---- reference data ------------------------------------------------------- */

static int save_reference(struct pg_store *s, const void *arg)
{
	const struct reference *ref = arg;
	int rc;
	if ((rc = command(s, "DELETE FROM number_segment; DELETE FROM subtopic; "
	                     "DELETE FROM not_admissible_reason; DELETE FROM category; "
	                     "DELETE FROM enterprise; DELETE FROM province")))
		return rc;
	for (size_t i = 0; i < ref->nprovinces && !rc; i++) {
		const struct province *pr = &ref->provinces[i];
		struct params p = {0};
		p_text(&p, pr->code);
		p_text(&p, pr->name);
		p_text(&p, pr->short_name);
		p_int(&p, pr->national);
		rc = query(s, "INSERT INTO province(code, name, short_name, national) "
		              "VALUES ($1, $2, $3, $4)", &p, NULL, "province");
	}
	/* Groups before branches and hosts before resellers, for the foreign keys. */
	for (int pass = 0; pass < 2 && !rc; pass++)
		for (size_t i = 0; i < ref->nenterprises && !rc; i++) {
			const struct enterprise *e = &ref->enterprises[i];
			if ((pass == 0) != (e->parent_id == 0 && e->host_id == 0))
				continue;
			struct params p = {0};
			p_int(&p, e->id);
			p_text(&p, e->code);
			p_text(&p, e->name);
			p_text(&p, e->full_name);
			p_text(&p, enterprise_kind_code(e->kind));
			p_id(&p, e->parent_id);
			p_text(&p, e->province);
			p_id(&p, e->host_id);
			rc = query(s, "INSERT INTO enterprise(id, code, name, full_name, kind, parent_id, "
			              "province, host_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
			           &p, NULL, "enterprise");
		}
	for (size_t i = 0; i < ref->ncategories && !rc; i++) {
		const struct category *c = &ref->categories[i];
		struct params p = {0};
		p_int(&p, c->id);
		p_text(&p, c->scheme);
		p_text(&p, c->code);
		p_text(&p, c->name);
		p_date(&p, c->valid_from);
		p_date(&p, c->valid_to);
		rc = query(s, "INSERT INTO category(id, scheme, code, name, valid_from, valid_to) "
		              "VALUES ($1, $2, $3, $4, $5, $6)", &p, NULL, "category");
	}
	for (size_t i = 0; i < ref->nsubtopics && !rc; i++) {
		struct params p = {0};
		p_int(&p, ref->subtopics[i].id);
		p_int(&p, ref->subtopics[i].category_id);
		p_text(&p, ref->subtopics[i].name);
		rc = query(s, "INSERT INTO subtopic(id, category_id, name) VALUES ($1, $2, $3)", &p,
		           NULL, "subtopic");
	}
	for (size_t i = 0; i < ref->nreasons && !rc; i++) {
		struct params p = {0};
		p_text(&p, ref->reasons[i].code);
		p_text(&p, ref->reasons[i].title);
		p_text(&p, ref->reasons[i].rule);
		rc = query(s, "INSERT INTO not_admissible_reason(code, title, rule) VALUES ($1, $2, $3)",
		           &p, NULL, "reason");
	}
	for (size_t i = 0; i < ref->nsegments && !rc; i++) {
		struct params p = {0};
		p_text(&p, ref->segments[i].prefix);
		p_int(&p, ref->segments[i].operator_id);
		p_int(&p, ref->segments[i].reseller);
		rc = query(s, "INSERT INTO number_segment(prefix, operator_id, reseller) "
		              "VALUES ($1, $2, $3)", &p, NULL, "number segment");
	}
	return rc;
}

static int pg_reference_save(store *base, const struct reference *ref)
{
	return in_transaction(P(base), save_reference, ref);
}

/* Runs a query and returns its rows as an arena array via the row callback. */
static int load_rows(struct pg_store *s, const char *sql, struct arena *a, size_t elem,
                     void **items, size_t *n,
                     void (*row)(struct arena *a, const PGresult *r, int i, void *item))
{
	PGresult *r;
	int rc = query(s, sql, NULL, &r, sql);
	if (rc)
		return rc;
	size_t count = (size_t)PQntuples(r);
	char *buf = arena_alloc(a, count * elem + 1);
	memset(buf, 0, count * elem);
	for (size_t i = 0; i < count; i++)
		row(a, r, (int)i, buf + i * elem);
	PQclear(r);
	*items = buf;
	*n = count;
	return 0;
}

static void province_row(struct arena *a, const PGresult *r, int i, void *item)
{
	struct province *p = item;
	copy_code(p->code, sizeof p->code, g_raw(r, i, 0));
	p->name = g_text(a, r, i, 1);
	p->short_name = g_text(a, r, i, 2);
	p->national = (int)g_int(r, i, 3);
}

static void enterprise_row(struct arena *a, const PGresult *r, int i, void *item)
{
	struct enterprise *e = item;
	e->id = g_int(r, i, 0);
	e->code = g_text(a, r, i, 1);
	e->name = g_text(a, r, i, 2);
	e->full_name = g_text(a, r, i, 3);
	enterprise_kind_parse(g_raw(r, i, 4), &e->kind);
	e->parent_id = g_int(r, i, 5);
	copy_code(e->province, sizeof e->province, g_raw(r, i, 6));
	e->host_id = g_int(r, i, 7);
}

static void category_row(struct arena *a, const PGresult *r, int i, void *item)
{
	struct category *c = item;
	c->id = g_int(r, i, 0);
	c->scheme = g_text(a, r, i, 1);
	c->code = g_text(a, r, i, 2);
	c->name = g_text(a, r, i, 3);
	c->valid_from = g_date(r, i, 4, DATE_OPEN_START);
	c->valid_to = g_date(r, i, 5, DATE_OPEN_END);
}

static void subtopic_row(struct arena *a, const PGresult *r, int i, void *item)
{
	struct subtopic *t = item;
	t->id = g_int(r, i, 0);
	t->category_id = g_int(r, i, 1);
	t->name = g_text(a, r, i, 2);
}

static void reason_row(struct arena *a, const PGresult *r, int i, void *item)
{
	struct reason *x = item;
	x->code = g_text(a, r, i, 0);
	x->title = g_text(a, r, i, 1);
	x->rule = g_text(a, r, i, 2);
}

static void segment_row(struct arena *a, const PGresult *r, int i, void *item)
{
	(void)a;
	struct number_segment *g = item;
	copy_code(g->prefix, sizeof g->prefix, g_raw(r, i, 0));
	g->operator_id = g_int(r, i, 1);
	g->reseller = (int)g_int(r, i, 2);
}

static int pg_reference_load(store *base, struct reference *ref)
{
	struct pg_store *s = P(base);
	struct arena *a = &ref->arena;
	int rc;
	/* Reasons keep the order they were saved in: the table is written once,
	 * by init, so its physical order (ctid) is that order, like SQLite's rowid. */
	if ((rc = load_rows(s, "SELECT code, name, short_name, national FROM province ORDER BY code",
	                    a, sizeof(struct province), (void **)&ref->provinces, &ref->nprovinces,
	                    province_row)) ||
	    (rc = load_rows(s,
	                    "SELECT id, code, name, full_name, kind, parent_id, province, host_id "
	                    "FROM enterprise ORDER BY id",
	                    a, sizeof(struct enterprise), (void **)&ref->enterprises,
	                    &ref->nenterprises, enterprise_row)) ||
	    (rc = load_rows(s,
	                    "SELECT id, scheme, code, name, valid_from, valid_to FROM category "
	                    "ORDER BY id",
	                    a, sizeof(struct category), (void **)&ref->categories,
	                    &ref->ncategories, category_row)) ||
	    (rc = load_rows(s, "SELECT id, category_id, name FROM subtopic ORDER BY id", a,
	                    sizeof(struct subtopic), (void **)&ref->subtopics, &ref->nsubtopics,
	                    subtopic_row)) ||
	    (rc = load_rows(s, "SELECT code, title, rule FROM not_admissible_reason ORDER BY ctid",
	                    a, sizeof(struct reason), (void **)&ref->reasons, &ref->nreasons,
	                    reason_row)) ||
	    (rc = load_rows(s, "SELECT prefix, operator_id, reseller FROM number_segment", a,
	                    sizeof(struct number_segment), (void **)&ref->segments,
	                    &ref->nsegments, segment_row)))
		return rc;
	if (ref->nprovinces == 0) {
		snprintf(s->base.error, sizeof s->base.error,
		         "the database has no reference data; run 'shensu init' first");
		return SH_ENOTFOUND;
	}
	return 0;
}

/* ---- holiday schedules ---------------------------------------------------- */

struct holiday_args {
	const struct holiday_schedule *sch;
	const char *source;
};

static int save_holidays(struct pg_store *s, const void *arg)
{
	const struct holiday_args *h = arg;
	struct params p = {0};
	p_int(&p, h->sch->year);
	int rc = query(s, "DELETE FROM holiday_schedule WHERE year = $1", &p, NULL,
	               "holiday schedule");
	if (rc)
		return rc;
	p_text(&p, h->source);
	p_int(&p, (int64_t)time(NULL));
	if ((rc = query(s, "INSERT INTO holiday_schedule(year, source, loaded_at) "
	                   "VALUES ($1, $2, $3)", &p, NULL, "holiday schedule")) ||
	    (rc = command(s, "INSERT INTO meta(key, value) VALUES ('calendar_revision', '1') "
	                     "ON CONFLICT(key) DO UPDATE SET value = "
	                     "(CAST(meta.value AS BIGINT) + 1)::text")))
		return rc;
	for (size_t i = 0; i < h->sch->n && !rc; i++) {
		struct params d = {0};
		p_int(&d, h->sch->year);
		p_date(&d, h->sch->days[i].day);
		p_int(&d, h->sch->days[i].off);
		p_text(&d, h->sch->days[i].name);
		rc = query(s, "INSERT INTO holiday(year, day, off, name) VALUES ($1, $2, $3, $4)", &d,
		           NULL, "holiday");
	}
	return rc;
}

static int pg_holiday_save(store *base, const struct holiday_schedule *sch, const char *source)
{
	struct holiday_args h = {sch, source};
	return in_transaction(P(base), save_holidays, &h);
}

static int pg_calendar_load(store *base, calendar *cal)
{
	struct pg_store *s = P(base);
	PGresult *r;
	int rc = query(s,
	               "SELECT s.year, h.day, h.off FROM holiday_schedule s "
	               "LEFT JOIN holiday h ON h.year = s.year ORDER BY s.year, h.day",
	               NULL, &r, "calendar");
	if (rc)
		return rc;
	int rows = PQntuples(r);
	struct calendar_override *days = sh_xmalloc(((size_t)rows + 1) * sizeof *days);
	size_t n = 0;
	int year = 0;
	for (int i = 0; i <= rows && rc == 0; i++) {
		int y = i < rows ? (int)g_int(r, i, 0) : 0;
		if (year && y != year) {
			if (calendar_add_schedule(cal, year, days, n) != 0) {
				snprintf(s->base.error, sizeof s->base.error,
				         "stored holiday schedule %d is invalid", year);
				rc = SH_EINVAL;
			}
			n = 0;
		}
		if (i == rows)
			break;
		year = y;
		if (PQgetisnull(r, i, 1))
			continue;
		days[n].day = g_date(r, i, 1, 0);
		days[n].off = (int)g_int(r, i, 2);
		n++;
	}
	PQclear(r);
	free(days);
	return rc;
}

static int pg_calendar_revision(store *base, int64_t *out)
{
	struct pg_store *s = P(base);
	PGresult *r;
	int rc = query(s, "SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'calendar_revision'",
	               NULL, &r, "calendar revision");
	if (rc)
		return rc;
	*out = PQntuples(r) ? g_int(r, 0, 0) : 0;
	PQclear(r);
	return 0;
}

/* ---- imports -------------------------------------------------------------- */

static int pg_import_begin(store *base, const char *kind, const char *source, int64_t *batch_id)
{
	struct pg_store *s = P(base);
	struct params p = {0};
	p_text(&p, kind);
	p_text(&p, source);
	p_int(&p, (int64_t)time(NULL));
	PGresult *r;
	int rc = query(s, "INSERT INTO import_batch(kind, source, started_at) VALUES ($1, $2, $3) "
	                  "RETURNING id", &p, &r, "import batch");
	if (rc == 0) {
		*batch_id = g_int(r, 0, 0);
		PQclear(r);
	}
	return rc;
}

static int pg_import_finish(store *base, int64_t batch_id, int64_t rows)
{
	struct params p = {0};
	p_int(&p, batch_id);
	p_int(&p, rows);
	p_int(&p, (int64_t)time(NULL));
	return query(P(base), "UPDATE import_batch SET rows = $2, finished_at = $3 WHERE id = $1", &p,
	             NULL, "import batch");
}

/* The next case sequence number for (province, year). Outside a caller's
 * transaction one upsert takes it: the row stays locked until the case's
 * transaction ends, so a concurrent creation (in any process) waits and then
 * takes the next one. Inside one (an import), the row is locked once and the
 * number counted here, written back by commit. */
static int next_case_seq(struct pg_store *s, const char *province, int year, int64_t *out)
{
	struct params p = {0};
	char prov[3] = {province[0], province[1], 0};
	p_text(&p, prov);
	p_int(&p, year);
	PGresult *r;
	int rc;
	if (!s->caller_txn) {
		rc = query(s,
		           "INSERT INTO case_counter(province, year, last) VALUES ($1, $2, 1) "
		           "ON CONFLICT(province, year) DO UPDATE SET last = case_counter.last + 1 "
		           "RETURNING last",
		           &p, &r, "case counter");
		if (rc == 0) {
			*out = g_int(r, 0, 0);
			PQclear(r);
		}
		return rc;
	}
	int key = ((province[0] - '0') * 10 + (province[1] - '0')) * 10000 + year;
	unsigned h = (unsigned)key * 2654435761u % COUNTER_SLOTS;
	while (s->counters[h].key && s->counters[h].key != key)
		h = (h + 1) % COUNTER_SLOTS;
	struct counter *c = &s->counters[h];
	if (!c->key) {
		rc = query(s,
		           "INSERT INTO case_counter(province, year, last) VALUES ($1, $2, 0) "
		           "ON CONFLICT(province, year) DO UPDATE SET last = case_counter.last "
		           "RETURNING last",
		           &p, &r, "case counter");
		if (rc)
			return rc;
		c->last = g_int(r, 0, 0);
		PQclear(r);
		c->key = key;
		s->used[s->nused++] = (int)h;
	}
	c->last++;
	c->dirty = true;
	*out = c->last;
	return 0;
}

/* ---- the monthly summary (see stat_month.h) -------------------------------- */

static int month_write(void *ctx, const struct stat_delta *x)
{
	struct pg_store *s = ctx;
	struct params p = {0};
	p_int(&p, x->month);
	p_text(&p, x->province);
	p_int(&p, x->category_id);
	p_int(&p, x->subtopic_id);
	p_int(&p, x->enterprise_id);
	p_int(&p, x->delta);
	return query(s,
	             "INSERT INTO complaint_month(month, province, category_id, subtopic_id, "
	             "enterprise_id, n) VALUES ($1, $2, $3, $4, $5, $6) "
	             "ON CONFLICT(month, province, category_id, subtopic_id, enterprise_id) "
	             "DO UPDATE SET n = complaint_month.n + excluded.n",
	             &p, NULL, "statistics summary");
}

/* A complaint starts or stops counting (delta +1 / -1), in the transaction
 * that changes it. */
static int month_change(struct pg_store *s, const struct complaint *c, int64_t delta)
{
	struct stat_delta x = stat_delta_of(c, delta);
	if (s->caller_txn) {
		stat_deltas_add(&s->months, &x);
		return 0;
	}
	return month_write(s, &x);
}

/* Fills the summary from the complaints there are (migration to v3). */
static int backfill_months(struct pg_store *s)
{
	PGresult *r;
	int rc = query_once(s,
	                    "SELECT received_at, province, category_id, coalesce(subtopic_id, 0), "
	                    "enterprise_id, state FROM complaint",
	                    NULL, &r, "statistics summary");
	if (rc)
		return rc;
	struct stat_deltas d = {0};
	for (int i = 0; i < PQntuples(r); i++) {
		enum complaint_state state;
		const char *code = g_raw(r, i, 5);
		if (complaint_state_parse(code, strlen(code), &state) || !complaint_state_counted(state))
			continue;
		struct stat_delta x = {
			.month = stat_month_of(g_int(r, i, 0)),
			.category_id = g_int(r, i, 2),
			.subtopic_id = g_int(r, i, 3),
			.enterprise_id = g_int(r, i, 4),
			.delta = 1,
		};
		copy_code(x.province, sizeof x.province, g_raw(r, i, 1));
		stat_deltas_add(&d, &x);
	}
	PQclear(r);
	rc = stat_deltas_each(&d, month_write, s);
	stat_deltas_free(&d);
	return rc;
}

/* ---- complaints ------------------------------------------------------------ */

static const char insert_case_sql[] =
	"INSERT INTO complaint(case_no, province, enterprise_id, category_id, "
	"subtopic_id, state, outcome, received_at, closed_at, description, "
	"import_batch_id, name, phone, address, city, postcode, demand, event_day, "
	"operator_answer, operator_day, materials_day, accept_due, answer_due, "
	"reply_due, forwarded_to, reason, query_hash, version) VALUES ($1, $2, $3, "
	"$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
	"$20, $21, $22, $23, $24, $25, $26, $27, $28) RETURNING id";

/* The same with the id given: a bulk load reserves ids ahead (next_id) so it
 * need not wait for each row's. */
static const char insert_case_id_sql[] =
	"INSERT INTO complaint(case_no, province, enterprise_id, category_id, "
	"subtopic_id, state, outcome, received_at, closed_at, description, "
	"import_batch_id, name, phone, address, city, postcode, demand, event_day, "
	"operator_answer, operator_day, materials_day, accept_due, answer_due, "
	"reply_due, forwarded_to, reason, query_hash, version, id) VALUES ($1, $2, $3, "
	"$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
	"$20, $21, $22, $23, $24, $25, $26, $27, $28, $29)";

/* The next of a batch of complaint ids taken from the table's sequence. */
static int next_id(struct pg_store *s, int64_t *out)
{
	if (s->next_id == s->nids) {
		PGresult *r;
		int rc = query(s,
		               "SELECT nextval(pg_get_serial_sequence('complaint', 'id')) "
		               "FROM generate_series(1, " STR(BULK_BATCH) ")",
		               NULL, &r, "reserve ids");
		if (rc)
			return rc;
		s->nids = PQntuples(r);
		for (int i = 0; i < s->nids; i++)
			s->ids[i] = g_int(r, i, 0);
		s->next_id = 0;
		PQclear(r);
		if (s->nids == 0)
			return SH_ESTORE;
	}
	*out = s->ids[s->next_id++];
	return 0;
}

/* One insert for imported and online cases alike; personal fields are NULL
 * for imported history. */
static int insert_case(struct pg_store *s, struct complaint *c, int64_t batch_id,
                       const char *query_hash)
{
	int64_t seq;
	int year = date_year(date_of_instant(c->received_at, SH_BEIJING_OFFSET));
	int rc = next_case_seq(s, c->province, year, &seq);
	if (rc)
		return rc;
	char case_no[CASE_NO_MAX], prov[3] = {c->province[0], c->province[1], 0};
	complaint_format_case_no(case_no, c->province, year, seq);
	/* Text parameters end at a NUL; the description comes with a length. */
	char *desc = sh_xmalloc(c->description_len + 1);
	if (c->description_len)
		memcpy(desc, c->description, c->description_len);
	desc[c->description_len] = '\0';
	struct params p = {0};
	p_text(&p, case_no);
	p_text(&p, prov);
	p_int(&p, c->enterprise_id);
	p_int(&p, c->category_id);
	p_id(&p, c->subtopic_id);
	p_text(&p, complaint_state_code(c->state));
	p_text(&p, complaint_outcome_code(c->outcome));
	p_int(&p, c->received_at);
	p_instant(&p, c->closed_at);
	p.v[p.n++] = desc; /* "" stays "": the column is NOT NULL */
	p_id(&p, batch_id);
	p_text(&p, c->name);
	p_text(&p, c->phone);
	p_text(&p, c->address);
	p_text(&p, c->city);
	p_text(&p, c->postcode);
	p_text(&p, c->demand);
	p_day(&p, c->event_day);
	if (c->name) /* online cases record the operator question; imports do not know it */
		p_text(&p, operator_answer_code(c->operator_answer));
	else
		p_null(&p);
	p_day(&p, c->operator_day);
	p_day(&p, c->materials_day);
	p_day(&p, c->accept_due);
	p_day(&p, c->answer_due);
	p_day(&p, c->reply_due);
	p_id(&p, c->forwarded_to);
	p_text(&p, c->reason);
	p_text(&p, query_hash);
	p_int(&p, c->version ? c->version : 1);
	if (s->bulk && s->caller_txn) {
		int64_t id = 0;
		if ((rc = next_id(s, &id)) == 0) {
			p_int(&p, id);
			rc = query_ahead(s, insert_case_id_sql, &p, "insert complaint");
		}
		free(desc);
		if (rc)
			return rc;
		c->id = id;
	} else {
		PGresult *r;
		rc = query(s, insert_case_sql, &p, &r, "insert complaint");
		free(desc);
		if (rc)
			return rc;
		c->id = g_int(r, 0, 0);
		PQclear(r);
	}
	if (complaint_state_counted(c->state) && (rc = month_change(s, c, 1)) != 0)
		return rc;
	if (!c->version)
		c->version = 1;
	memcpy(c->case_no, case_no, sizeof case_no);
	return 0;
}

struct insert_args {
	struct complaint *c;
	int64_t batch_id;
};

static int insert_one(struct pg_store *s, const void *arg)
{
	const struct insert_args *a = arg;
	return insert_case(s, a->c, a->batch_id, NULL);
}

static int pg_complaint_insert(store *base, struct complaint *c, int64_t batch_id)
{
	struct insert_args a = {c, batch_id};
	return in_transaction(P(base), insert_one, &a);
}

static int pg_complaint_count(store *base, int64_t *out)
{
	PGresult *r;
	int rc = query(P(base), "SELECT count(*) FROM complaint", NULL, &r, "count");
	if (rc == 0) {
		*out = g_int(r, 0, 0);
		PQclear(r);
	}
	return rc;
}

static int pg_subscribers_put(store *base, const char *period, int64_t enterprise_id,
                              int64_t subs)
{
	struct params p = {0};
	p_text(&p, period);
	p_int(&p, enterprise_id);
	p_int(&p, subs);
	return query(P(base),
	             "INSERT INTO subscriber_count(period, enterprise_id, subscribers_10k) "
	             "VALUES ($1, $2, $3) ON CONFLICT(period, enterprise_id) "
	             "DO UPDATE SET subscribers_10k = excluded.subscribers_10k",
	             &p, NULL, "subscribers");
}

/* ---- cases filed online ---------------------------------------------------- */

#define CASE_COLUMNS                                                                        \
	"id, case_no, province, enterprise_id, category_id, subtopic_id, state, outcome, "  \
	"received_at, closed_at, description, version, name, phone, address, city, postcode, " \
	"demand, event_day, operator_answer, operator_day, materials_day, accept_due, "      \
	"answer_due, reply_due, forwarded_to, reason, query_hash, survey_score, survey_comment"

static void read_case(struct arena *a, const PGresult *r, int i, struct complaint *c)
{
	memset(c, 0, sizeof *c);
	c->id = g_int(r, i, 0);
	copy_code(c->case_no, sizeof c->case_no, g_raw(r, i, 1));
	copy_code(c->province, sizeof c->province, g_raw(r, i, 2));
	c->enterprise_id = g_int(r, i, 3);
	c->category_id = g_int(r, i, 4);
	c->subtopic_id = g_int(r, i, 5);
	const char *t = g_raw(r, i, 6);
	complaint_state_parse(t, strlen(t), &c->state);
	t = g_raw(r, i, 7);
	c->outcome = OUTCOME_NONE;
	if (t && *t)
		complaint_outcome_parse(t, strlen(t), &c->outcome);
	c->received_at = g_int(r, i, 8);
	c->closed_at = PQgetisnull(r, i, 9) ? NO_INSTANT : g_int(r, i, 9);
	c->description = g_text(a, r, i, 10);
	c->description_len = strlen(c->description);
	c->version = (int)g_int(r, i, 11);
	c->name = g_opt(a, r, i, 12);
	c->phone = g_opt(a, r, i, 13);
	c->address = g_opt(a, r, i, 14);
	c->city = g_opt(a, r, i, 15);
	c->postcode = g_opt(a, r, i, 16);
	c->demand = g_opt(a, r, i, 17);
	c->event_day = g_date(r, i, 18, 0);
	t = g_raw(r, i, 19);
	c->operator_answer = OPERATOR_NOT_ASKED;
	if (t)
		operator_answer_parse(t, strlen(t), &c->operator_answer);
	c->operator_day = g_date(r, i, 20, 0);
	c->materials_day = g_date(r, i, 21, 0);
	c->accept_due = g_date(r, i, 22, 0);
	c->answer_due = g_date(r, i, 23, 0);
	c->reply_due = g_date(r, i, 24, 0);
	c->forwarded_to = g_int(r, i, 25);
	copy_code(c->reason, sizeof c->reason, g_raw(r, i, 26));
	c->survey_score = (int)g_int(r, i, 28);
	c->survey_comment = g_opt(a, r, i, 29);
}

static int insert_event(struct pg_store *s, const struct complaint_event *ev)
{
	struct params p = {0};
	p_int(&p, ev->complaint_id);
	p_int(&p, ev->at);
	p_id(&p, ev->user_id);
	p_text(&p, role_code(ev->role));
	p_text(&p, action_code(ev->action));
	p_text(&p, complaint_state_code(ev->from));
	p_text(&p, complaint_state_code(ev->to));
	p_text(&p, ev->reason);
	p_text(&p, ev->comment);
	p_int(&p, ev->internal);
	return query(s,
	             "INSERT INTO complaint_event(complaint_id, at, user_id, role, action, "
	             "from_state, to_state, reason, comment, internal) "
	             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
	             &p, NULL, "insert event");
}

struct create_args {
	struct complaint *c;
	const char *query_hash;
	struct complaint_event *ev;
};

static int create_case(struct pg_store *s, const void *arg)
{
	const struct create_args *a = arg;
	int rc = insert_case(s, a->c, 0, a->query_hash);
	if (rc)
		return rc;
	a->ev->complaint_id = a->c->id;
	return insert_event(s, a->ev);
}

/* No group commit here: PostgreSQL already flushes the WAL of concurrent
 * commits together. */
static int pg_case_create(store *base, struct complaint *c, const char *query_hash,
                          struct complaint_event *ev)
{
	struct create_args a = {c, query_hash, ev};
	return in_transaction(P(base), create_case, &a);
}

static int pg_case_get(store *base, const char *case_no, struct arena *a, struct complaint *out,
                       char *query_hash)
{
	struct pg_store *s = P(base);
	struct params p = {0};
	p_text(&p, case_no);
	PGresult *r;
	int rc = query(s, "SELECT " CASE_COLUMNS " FROM complaint WHERE case_no = $1", &p, &r,
	               "get case");
	if (rc)
		return rc;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return SH_ENOTFOUND;
	}
	read_case(a, r, 0, out);
	if (query_hash)
		copy_code(query_hash, STORE_HASH_HEX, g_raw(r, 0, 27));
	PQclear(r);
	return 0;
}

struct update_args {
	const struct complaint *c;
	int expected;
	const struct complaint_event *ev;
};

static int update_case(struct pg_store *s, const void *arg)
{
	const struct update_args *u = arg;
	const struct complaint *c = u->c;
	struct params p = {0};
	p_int(&p, c->id);
	p_int(&p, u->expected);
	p_text(&p, complaint_state_code(c->state));
	p_text(&p, complaint_outcome_code(c->outcome));
	p_instant(&p, c->closed_at);
	p_int(&p, c->version);
	p_day(&p, c->materials_day);
	p_day(&p, c->accept_due);
	p_day(&p, c->answer_due);
	p_day(&p, c->reply_due);
	p_id(&p, c->forwarded_to);
	p_text(&p, c->reason);
	PGresult *r;
	/* A concurrent writer of the same case holds its row until it commits;
	 * this one then re-reads the row and finds the version moved on. */
	int rc = query(s,
	               "UPDATE complaint SET state = $3, outcome = $4, closed_at = $5, version = $6, "
	               "materials_day = $7, accept_due = $8, answer_due = $9, reply_due = $10, "
	               "forwarded_to = $11, reason = $12 WHERE id = $1 AND version = $2",
	               &p, &r, "update case");
	if (rc)
		return rc;
	long n = changed(r);
	PQclear(r);
	if (n != 1) {
		snprintf(s->base.error, sizeof s->base.error, "case %lld changed meanwhile",
		         (long long)c->id);
		return SH_ECONFLICT;
	}
	/* The version matched, so the stored state was the event's from-state. */
	bool was = complaint_state_counted(u->ev->from), is = complaint_state_counted(c->state);
	if (was != is && (rc = month_change(s, c, is ? 1 : -1)) != 0)
		return rc;
	return insert_event(s, u->ev);
}

static int pg_case_update(store *base, const struct complaint *after, int expected_version,
                          const struct complaint_event *ev)
{
	struct update_args u = {after, expected_version, ev};
	return in_transaction(P(base), update_case, &u);
}

static int pg_case_events(store *base, int64_t complaint_id, struct arena *a,
                          struct complaint_event **out, size_t *n)
{
	struct pg_store *s = P(base);
	struct params p = {0};
	p_int(&p, complaint_id);
	PGresult *r;
	int rc = query(s,
	               "SELECT at, user_id, role, action, from_state, to_state, reason, comment, "
	               "internal FROM complaint_event WHERE complaint_id = $1 ORDER BY id",
	               &p, &r, "events");
	if (rc)
		return rc;
	size_t count = (size_t)PQntuples(r);
	struct complaint_event *ev = arena_alloc(a, (count + 1) * sizeof *ev);
	for (size_t i = 0; i < count; i++) {
		struct complaint_event *e = &ev[i];
		int row = (int)i;
		memset(e, 0, sizeof *e);
		e->complaint_id = complaint_id;
		e->at = g_int(r, row, 0);
		e->user_id = g_int(r, row, 1);
		const char *t = g_raw(r, row, 2);
		role_parse(t, strlen(t), &e->role);
		t = g_raw(r, row, 3);
		action_parse(t, strlen(t), &e->action);
		t = g_raw(r, row, 4);
		complaint_state_parse(t, strlen(t), &e->from);
		t = g_raw(r, row, 5);
		complaint_state_parse(t, strlen(t), &e->to);
		e->reason = g_opt(a, r, row, 6);
		e->comment = g_opt(a, r, row, 7);
		e->internal = (int)g_int(r, row, 8);
	}
	PQclear(r);
	*out = ev;
	*n = count;
	return 0;
}

static int pg_case_duplicate(store *base, const char *phone, int64_t enterprise_id,
                             int64_t exclude_id, char *case_no)
{
	struct params p = {0};
	p_text(&p, phone);
	p_int(&p, enterprise_id);
	p_int(&p, exclude_id);
	PGresult *r;
	int rc = query(P(base),
	               "SELECT case_no FROM complaint WHERE phone = $1 AND enterprise_id = $2 "
	               "AND id <> $3 AND state NOT IN ('closed', 'not_accepted', "
	               "'enquiry_answered') ORDER BY id DESC LIMIT 1",
	               &p, &r, "duplicate");
	if (rc)
		return rc;
	case_no[0] = '\0';
	if (PQntuples(r))
		copy_code(case_no, CASE_NO_MAX, g_raw(r, 0, 0));
	PQclear(r);
	return 0;
}

static int pg_case_survey(store *base, int64_t complaint_id, int score, const char *comment,
                          int64_t at)
{
	struct params p = {0};
	p_int(&p, complaint_id);
	p_int(&p, score);
	p_text(&p, comment);
	p_int(&p, at);
	PGresult *r;
	int rc = query(P(base),
	               "UPDATE complaint SET survey_score = $2, survey_comment = $3, survey_at = $4 "
	               "WHERE id = $1 AND survey_score IS NULL",
	               &p, &r, "survey");
	if (rc)
		return rc;
	long n = changed(r);
	PQclear(r);
	return n == 1 ? 0 : SH_ECONFLICT;
}

static int pg_case_list(store *base, const struct case_filter *f, struct arena *a,
                        struct complaint **out, size_t *n)
{
	struct pg_store *s = P(base);
	struct params p = {0};
	char sql[4096];
	int len = snprintf(sql, sizeof sql, "SELECT " CASE_COLUMNS " FROM complaint WHERE 1 = 1");
	/* Parameters are numbered as they are added: PostgreSQL wants every one
	 * it is given to appear in the statement. */
#define WHERE(cond, ...) \
	len += snprintf(sql + len, sizeof sql - (size_t)len, " AND " cond, ##__VA_ARGS__)
	if (f->province) {
		p_text(&p, f->province);
		WHERE("province = $%d", p.n);
	}
	if (f->enterprise_id) {
		p_int(&p, f->enterprise_id);
		WHERE("enterprise_id = $%d", p.n);
	}
	if (f->forwarded_group) {
		p_int(&p, f->forwarded_group);
		WHERE("forwarded_to IN (SELECT id FROM enterprise WHERE id = $%d OR parent_id = $%d)",
		      p.n, p.n);
	}
	if (f->category_id) {
		p_int(&p, f->category_id);
		WHERE("category_id = $%d", p.n);
	}
	if (f->subtopic_id) {
		p_int(&p, f->subtopic_id);
		WHERE("subtopic_id = $%d", p.n);
	}
	if (f->state >= 0) {
		p_text(&p, complaint_state_code((enum complaint_state)f->state));
		WHERE("state = $%d", p.n);
	}
	if (f->received_from) {
		p_int(&p, f->received_from);
		WHERE("received_at >= $%d", p.n);
	}
	if (f->received_to) {
		p_int(&p, f->received_to);
		WHERE("received_at < $%d", p.n);
	}
	if (f->overdue_on) {
		p_day(&p, f->overdue_on);
		WHERE("((state = 'submitted' AND accept_due < $%d) OR (state NOT IN ('closed', "
		      "'not_accepted', 'enquiry_answered') AND answer_due < $%d) OR "
		      "(state = 'forwarded' AND reply_due < $%d))",
		      p.n, p.n, p.n);
	}
	if (f->due_by) {
		p_day(&p, f->due_by);
		WHERE("((state = 'submitted' AND accept_due <= $%d) OR (state NOT IN ('closed', "
		      "'not_accepted', 'enquiry_answered') AND answer_due <= $%d) OR "
		      "(state = 'forwarded' AND reply_due <= $%d))",
		      p.n, p.n, p.n);
	}
	if (f->after_id && f->by_due) {
		if (f->after_due == INT32_MAX)
			p.v[p.n++] = SCHEMA_NO_DUE;
		else
			p_date(&p, f->after_due);
		p_int(&p, f->after_id);
		WHERE("(" SCHEMA_NEXT_DUE " > $%d OR (" SCHEMA_NEXT_DUE " = $%d AND id > $%d))",
		      p.n - 1, p.n - 1, p.n);
	} else if (f->after_id) {
		char op = f->oldest_first ? '>' : '<';
		p_int(&p, f->after_received);
		p_int(&p, f->after_id);
		WHERE("(received_at %c $%d OR (received_at = $%d AND id %c $%d))", op, p.n - 1,
		      p.n - 1, op, p.n);
	}
#undef WHERE
	int limit = f->limit > 0 && f->limit <= 1000 ? f->limit : 50;
	p_int(&p, limit);
	if (f->by_due) /* the queue: next deadline first (see SCHEMA_NEXT_DUE) */
		snprintf(sql + len, sizeof sql - (size_t)len,
		         " ORDER BY " SCHEMA_NEXT_DUE ", id LIMIT $%d", p.n);
	else
		snprintf(sql + len, sizeof sql - (size_t)len, " ORDER BY received_at %s, id %s LIMIT $%d",
		         f->oldest_first ? "ASC" : "DESC", f->oldest_first ? "ASC" : "DESC", p.n);
	PGresult *r;
	int rc = query_once(s, sql, &p, &r, "list");
	if (rc)
		return rc;
	size_t count = (size_t)PQntuples(r);
	struct complaint *items = arena_alloc(a, ((size_t)limit + 1) * sizeof *items);
	for (size_t i = 0; i < count; i++)
		read_case(a, r, (int)i, &items[i]);
	PQclear(r);
	*out = items;
	*n = count;
	return 0;
}

/* ---- statistics ----------------------------------------------------------- */

static const char stat_raw_sql[] =
	"SELECT province, category_id, coalesce(subtopic_id, 0), enterprise_id, count(*) "
	"FROM complaint WHERE received_at >= $1 AND received_at < $2 "
	"AND ($3::text IS NULL OR province = $3) "
	"AND state IN ('accepted', 'forwarded', 'replied', 'mediation', 'closed') "
	"GROUP BY province, category_id, subtopic_id, enterprise_id";

static const char stat_month_sql[] =
	"SELECT province, category_id, subtopic_id, enterprise_id, sum(n) FROM complaint_month "
	"WHERE month >= $1 AND month < $2 AND ($3::text IS NULL OR province = $3) "
	"GROUP BY province, category_id, subtopic_id, enterprise_id";

/* Appends the rows of one statistics query to *cells. */
static int stat_rows(struct pg_store *s, const char *sql, int64_t lo, int64_t hi,
                     const char *province, struct stat_cell **cells, size_t *count, size_t *cap)
{
	if (lo >= hi)
		return 0;
	struct params p = {0};
	p_int(&p, lo);
	p_int(&p, hi);
	p_text(&p, province);
	PGresult *r;
	int rc = query(s, sql, &p, &r, "statistics");
	if (rc)
		return rc;
	for (int i = 0; i < PQntuples(r); i++) {
		if (*count == *cap)
			*cells = sh_xrealloc(*cells, (*cap *= 2) * sizeof **cells);
		struct stat_cell *c = &(*cells)[(*count)++];
		copy_code(c->province, sizeof c->province, g_raw(r, i, 0));
		c->category_id = g_int(r, i, 1);
		c->subtopic_id = g_int(r, i, 2);
		c->enterprise_id = g_int(r, i, 3);
		c->count = g_int(r, i, 4);
	}
	PQclear(r);
	return 0;
}

/* Whole months from the summary, the partial months at the edges from the
 * complaints themselves, as the SQLite driver does. */
static int pg_stat_counts(store *base, int64_t from, int64_t to, const char *province,
                          struct arena *a, struct stat_cell **out, size_t *n)
{
	struct pg_store *s = P(base);
	struct stat_split sp;
	stat_month_split(from, to, &sp);
	size_t cap = 256, count = 0;
	struct stat_cell *cells = sh_xmalloc(cap * sizeof *cells);
	int rc = stat_rows(s, stat_raw_sql, sp.head_from, sp.head_to, province, &cells, &count, &cap);
	if (rc == 0)
		rc = stat_rows(s, stat_month_sql, sp.month_from, sp.month_to, province, &cells, &count,
		               &cap);
	if (rc == 0)
		rc = stat_rows(s, stat_raw_sql, sp.tail_from, sp.tail_to, province, &cells, &count, &cap);
	if (rc == 0) {
		count = stat_cells_merge(cells, count);
		*out = memcpy(arena_alloc(a, count * sizeof *cells + 1), cells, count * sizeof *cells);
		*n = count;
	}
	free(cells);
	return rc;
}

static int pg_subscribers_get(store *base, const char *period, struct arena *a, int64_t **pairs,
                              size_t *n)
{
	struct params p = {0};
	p_text(&p, period);
	PGresult *r;
	int rc = query(P(base),
	               "SELECT enterprise_id, subscribers_10k FROM subscriber_count WHERE period = $1",
	               &p, &r, "subscribers");
	if (rc)
		return rc;
	size_t count = (size_t)PQntuples(r);
	if (count > 32) /* as many as the SQLite driver returns */
		count = 32;
	int64_t *v = arena_alloc(a, (count + 1) * 2 * sizeof *v);
	for (size_t i = 0; i < count; i++) {
		v[2 * i] = g_int(r, (int)i, 0);
		v[2 * i + 1] = g_int(r, (int)i, 1);
	}
	PQclear(r);
	*pairs = v;
	*n = count;
	return 0;
}

/* ---- staff accounts and sessions ------------------------------------------ */

static void read_user(struct arena *a, const PGresult *r, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = g_int(r, 0, 0);
	u->name = g_text(a, r, 0, 1);
	const char *role = g_raw(r, 0, 2);
	role_parse(role, strlen(role), &u->actor.role);
	copy_code(u->actor.province, sizeof u->actor.province, g_raw(r, 0, 3));
	u->actor.enterprise_id = g_int(r, 0, 4);
	u->actor.user_id = u->id;
	u->disabled = (int)g_int(r, 0, 5);
}

static int pg_user_add(store *base, struct user *u, const char *password_hash)
{
	struct params p = {0};
	p_text(&p, u->name);
	p_text(&p, role_code(u->actor.role));
	p_text(&p, u->actor.province);
	p_id(&p, u->actor.enterprise_id);
	p_text(&p, password_hash);
	p_int(&p, (int64_t)time(NULL));
	PGresult *r;
	int rc = query(P(base),
	               "INSERT INTO app_user(name, role, province, enterprise_id, password_hash, "
	               "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	               &p, &r, "add user");
	if (rc == 0) {
		u->actor.user_id = u->id = g_int(r, 0, 0);
		PQclear(r);
	}
	return rc;
}

static int pg_user_by_name(store *base, const char *name, struct arena *a, struct user *out,
                           const char **password_hash)
{
	struct params p = {0};
	p_text(&p, name);
	PGresult *r;
	int rc = query(P(base),
	               "SELECT id, name, role, province, enterprise_id, disabled, password_hash "
	               "FROM app_user WHERE name = $1",
	               &p, &r, "user");
	if (rc)
		return rc;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return SH_ENOTFOUND;
	}
	read_user(a, r, out);
	*password_hash = g_text(a, r, 0, 6);
	PQclear(r);
	return 0;
}

static int pg_session_create(store *base, const char *token_hash, int64_t user_id,
                             const char *csrf, int64_t created_at, int64_t expires_at)
{
	struct pg_store *s = P(base);
	/* Expired sessions go when new ones come, so the table does not grow. */
	struct params p = {0};
	p_int(&p, created_at);
	int rc = query(s, "DELETE FROM session WHERE expires_at <= $1", &p, NULL, "expire sessions");
	if (rc)
		return rc;
	p.n = 0;
	p_text(&p, token_hash);
	p_int(&p, user_id);
	p_text(&p, csrf);
	p_int(&p, created_at);
	p_int(&p, expires_at);
	return query(s,
	             "INSERT INTO session(token_hash, user_id, csrf, created_at, expires_at) "
	             "VALUES ($1, $2, $3, $4, $5)",
	             &p, NULL, "session");
}

static int pg_session_get(store *base, const char *token_hash, int64_t now, struct arena *a,
                          struct user *out, const char **csrf)
{
	struct params p = {0};
	p_text(&p, token_hash);
	p_int(&p, now);
	PGresult *r;
	int rc = query(P(base),
	               "SELECT u.id, u.name, u.role, u.province, u.enterprise_id, u.disabled, "
	               "s.csrf FROM session s JOIN app_user u ON u.id = s.user_id "
	               "WHERE s.token_hash = $1 AND s.expires_at > $2",
	               &p, &r, "session");
	if (rc)
		return rc;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return SH_ENOTFOUND;
	}
	read_user(a, r, out);
	*csrf = g_text(a, r, 0, 6);
	PQclear(r);
	return 0;
}

static int pg_session_delete(store *base, const char *token_hash)
{
	struct params p = {0};
	p_text(&p, token_hash);
	return query(P(base), "DELETE FROM session WHERE token_hash = $1", &p, NULL, "logout");
}

static int pg_reply_days(store *base, const char *province, int *out)
{
	struct params p = {0};
	p_text(&p, province);
	PGresult *r;
	int rc = query(P(base), "SELECT operator_reply_days FROM agency_setting WHERE province = $1",
	               &p, &r, "settings");
	if (rc)
		return rc;
	*out = PQntuples(r) ? (int)g_int(r, 0, 0) : 0;
	PQclear(r);
	return 0;
}

static int pg_reply_days_set(store *base, const char *province, int days)
{
	struct params p = {0};
	p_text(&p, province);
	p_int(&p, days);
	return query(P(base),
	             "INSERT INTO agency_setting(province, operator_reply_days) VALUES ($1, $2) "
	             "ON CONFLICT(province) DO UPDATE SET "
	             "operator_reply_days = excluded.operator_reply_days",
	             &p, NULL, "settings");
}

/* ---- 12321 reports ------------------------------------------------------------ */

static int64_t g_instant(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NO_INSTANT : g_int(r, row, col);
}

/* A NUL-terminated copy of n bytes (text parameters end at a NUL), malloc'd. */
static char *dup_len(const char *t, size_t n)
{
	char *d = sh_xmalloc(n + 1);
	if (n)
		memcpy(d, t, n);
	d[n] = '\0';
	return d;
}

struct report_args {
	struct report *r;
	int64_t operator_id, batch_id;
};

static int insert_report(struct pg_store *s, const void *arg)
{
	const struct report_args *x = arg;
	struct report *r = x->r;
	bool app = r->kind == REPORT_BAD_APP;
	char *content = r->content && r->content_len ? dup_len(r->content, r->content_len) : NULL;
	struct params p = {0};
	p_text(&p, report_kind_code(r->kind));
	p_int(&p, r->reported_at);
	p_instant(&p, r->occurred_at);
	p.v[p.n++] = app ? r->app_package : r->target;
	p.v[p.n++] = app ? "app" : number_kind_code(r->target_kind);
	p_id(&p, x->operator_id);
	p_text(&p, r->app_name);
	p_text(&p, r->app_store);
	p_text(&p, r->reporter);
	p_text(&p, content);
	p_id(&p, x->batch_id);
	PGresult *res;
	int rc = query(s,
	               "INSERT INTO report(kind, reported_at, occurred_at, target, target_kind, "
	               "operator_id, app_name, app_store, reporter, content, import_batch_id) "
	               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
	               &p, &res, "insert report");
	free(content);
	if (rc)
		return rc;
	r->id = g_int(res, 0, 0);
	PQclear(res);
	p.n = 0;
	if (app) {
		p.v[p.n++] = r->app_package;
		p.v[p.n++] = r->app_name && r->app_name[0] ? r->app_name : r->app_package;
		p_text(&p, r->app_store);
		return query(s,
		             "INSERT INTO app(package, name, app_store, state) VALUES ($1, $2, $3, "
		             "'reported') ON CONFLICT(package) DO NOTHING",
		             &p, NULL, "register app");
	}
	p.v[p.n++] = r->target;
	p.v[p.n++] = number_kind_code(r->target_kind);
	p_id(&p, x->operator_id);
	return query(s,
	             "INSERT INTO reported_number(number, number_kind, operator_id) "
	             "VALUES ($1, $2, coalesce((SELECT operator_id FROM ported_number "
	             "WHERE number = $1), $3)) ON CONFLICT(number) DO NOTHING",
	             &p, NULL, "register number");
}

static int pg_report_insert(store *base, struct report *r, int64_t operator_id, int64_t batch_id)
{
	struct report_args x = {r, operator_id, batch_id};
	return in_transaction(P(base), insert_report, &x);
}

#define REPORT_COLUMNS                                                                           \
	"id, kind, reported_at, occurred_at, target, target_kind, app_name, app_store, reporter, " \
	"content, invalid"

static void read_report(struct arena *a, const PGresult *res, int i, struct report *r)
{
	*r = (struct report){.id = g_int(res, i, 0), .occurred_at = NO_INSTANT};
	const char *kind = g_raw(res, i, 1);
	if (report_kind_parse(kind, strlen(kind), &r->kind))
		r->kind = REPORT_HARASSMENT_CALL;
	r->reported_at = g_int(res, i, 2);
	r->occurred_at = g_instant(res, i, 3);
	const char *target = g_raw(res, i, 4);
	const char *tk = g_raw(res, i, 5);
	if (r->kind == REPORT_BAD_APP) {
		r->app_package = arena_strdup(a, target);
		r->target_kind = NUMBER_INVALID;
	} else {
		copy_code(r->target, sizeof r->target, target);
		r->target_kind = NUMBER_INVALID;
		for (int k = 0; k <= NUMBER_SERVICE; k++)
			if (strcmp(tk, number_kind_code((enum number_kind)k)) == 0)
				r->target_kind = (enum number_kind)k;
	}
	r->app_name = g_opt(a, res, i, 6);
	r->app_store = g_opt(a, res, i, 7);
	copy_code(r->reporter, sizeof r->reporter, g_raw(res, i, 8));
	r->content = g_opt(a, res, i, 9);
	r->content_len = r->content ? strlen(r->content) : 0;
	r->invalid = g_int(res, i, 10) != 0;
}

struct invalidate_args {
	int64_t id;
	const char *reason;
	int64_t user_id, at;
	struct arena *a;
	struct report *out;
};

static int invalidate_report(struct pg_store *s, const void *arg)
{
	const struct invalidate_args *x = arg;
	struct params p = {0};
	p_int(&p, x->id);
	PGresult *res;
	/* FOR UPDATE: a concurrent invalidation (another instance) waits, then
	 * sees this one's result. */
	int rc = query(s, "SELECT " REPORT_COLUMNS " FROM report WHERE id = $1 FOR UPDATE", &p, &res,
	               "get report");
	if (rc)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return SH_ENOTFOUND;
	}
	read_report(x->a, res, 0, x->out);
	PQclear(res);
	if (x->out->invalid) {
		snprintf(s->base.error, sizeof s->base.error, "report %lld is invalid already",
		         (long long)x->id);
		return SH_ECONFLICT;
	}
	p_text(&p, x->reason);
	p_id(&p, x->user_id);
	p_int(&p, x->at);
	return query(s,
	             "UPDATE report SET invalid = 1, invalid_reason = $2, invalid_by = $3, "
	             "invalid_at = $4 WHERE id = $1 AND invalid = 0",
	             &p, NULL, "invalidate report");
}

static int pg_report_invalidate(store *base, int64_t id, const char *reason, int64_t user_id,
                                int64_t at, struct arena *a, struct report *out)
{
	struct invalidate_args x = {id, reason, user_id, at, a, out};
	return in_transaction(P(base), invalidate_report, &x);
}

static int pg_report_list(store *base, const struct report_filter *f, struct arena *a,
                          struct report **out, size_t *n)
{
	int limit = f->limit > 0 && f->limit <= 1000 ? f->limit : 100;
	struct params p = {0};
	p_text(&p, f->kind >= 0 ? report_kind_code((enum report_kind)f->kind) : NULL);
	p_text(&p, f->target);
	p_int(&p, f->from ? f->from : INT64_MIN);
	p_int(&p, f->to ? f->to : INT64_MAX);
	p_int(&p, f->before_id ? f->before_id : INT64_MAX);
	p_int(&p, limit);
	PGresult *res;
	int rc = query(P(base),
	               "SELECT " REPORT_COLUMNS " FROM report WHERE ($1::text IS NULL OR kind = $1) "
	               "AND ($2::text IS NULL OR target = $2) AND reported_at >= $3 "
	               "AND reported_at < $4 AND id < $5 ORDER BY id DESC LIMIT $6",
	               &p, &res, "list reports");
	if (rc)
		return rc;
	size_t count = (size_t)PQntuples(res);
	struct report *items = arena_alloc(a, ((size_t)limit + 1) * sizeof *items);
	for (size_t i = 0; i < count; i++)
		read_report(a, res, (int)i, &items[i]);
	PQclear(res);
	*out = items;
	*n = count;
	return 0;
}

static int pg_report_counts(store *base, int64_t from, int64_t to,
                            int64_t counts[REPORT_KIND_COUNT])
{
	struct params p = {0};
	p_int(&p, from);
	p_int(&p, to);
	PGresult *res;
	int rc = query(P(base),
	               "SELECT kind, count(*) FROM report WHERE reported_at >= $1 AND reported_at < $2 "
	               "AND invalid = 0 GROUP BY kind",
	               &p, &res, "count reports");
	if (rc)
		return rc;
	memset(counts, 0, REPORT_KIND_COUNT * sizeof *counts);
	for (int i = 0; i < PQntuples(res); i++) {
		const char *kind = g_raw(res, i, 0);
		enum report_kind k;
		if (report_kind_parse(kind, strlen(kind), &k) == 0)
			counts[k] = g_int(res, i, 1);
	}
	PQclear(res);
	return 0;
}

static enum disposal g_disposal(const PGresult *r, int row, int col)
{
	const char *t = g_raw(r, row, col);
	enum disposal d;
	return t && disposal_parse(t, strlen(t), &d) == 0 ? d : DISPOSAL_NONE;
}

/* Reported numbers with their valid counts, dispatch and disposal (one row
 * each), or ported-number records. Grouped by the keys of every joined table,
 * which PostgreSQL needs to select their columns. */
#define NUMBER_SQL                                                                             \
	"SELECT n.number, coalesce(n.operator_id, 0), coalesce(n.dispatch_id, 0), n.disposal, "   \
	"n.disposed_at, count(r.id) FILTER (WHERE r.kind = 'harassment_call'), "                 \
	"count(r.id) FILTER (WHERE r.kind = 'spam_sms'), "                                       \
	"count(r.id) FILTER (WHERE r.kind = 'fraud_call'), "                                     \
	"count(r.id) FILTER (WHERE r.kind = 'fraud_sms'), min(r.reported_at), max(r.reported_at), " \
	"d.created_at, coalesce(d.operator_id, 0), coalesce(p.operator_id, 0) "                  \
	"FROM reported_number n LEFT JOIN report r ON r.target = n.number AND r.invalid = 0 "    \
	"LEFT JOIN dispatch d ON d.id = n.dispatch_id "                                          \
	"LEFT JOIN ported_number p ON p.number = n.number "
#define NUMBER_GROUP "GROUP BY n.number, d.id, p.number"

static void read_number(const PGresult *res, int i, struct number_record *r)
{
	number_record_empty(r, g_raw(res, i, 0));
	r->operator_id = g_int(res, i, 1);
	r->dispatch_id = g_int(res, i, 2);
	r->disposal = g_disposal(res, i, 3);
	r->disposed_at = g_instant(res, i, 4);
	for (int k = 0; k < REPORT_NUMBER_KINDS; k++)
		r->counts[k] = g_int(res, i, 5 + k);
	r->first_at = g_instant(res, i, 9);
	r->last_at = g_instant(res, i, 10);
	r->dispatched_at = g_instant(res, i, 11);
	r->dispatch_operator_id = g_int(res, i, 12);
	r->ported_operator_id = g_int(res, i, 13);
}

static int pg_number_scan(store *base, int (*fn)(void *ctx, const struct number_record *r),
                          void *ctx)
{
	struct pg_store *s = P(base);
	static const char *const sql[2] = {
		NUMBER_SQL NUMBER_GROUP,
		/* ported numbers nobody reported */
		"SELECT number, operator_id FROM ported_number p WHERE NOT EXISTS "
		"(SELECT 1 FROM reported_number n WHERE n.number = p.number)",
	};
	int rc = 0;
	for (int q = 0; q < 2 && rc == 0; q++) {
		PGresult *res;
		if ((rc = query(s, sql[q], NULL, &res, "scan numbers")))
			return rc;
		for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
			struct number_record r;
			if (q == 0) {
				read_number(res, i, &r);
			} else {
				number_record_empty(&r, g_raw(res, i, 0));
				r.ported_operator_id = g_int(res, i, 1);
			}
			rc = fn(ctx, &r);
		}
		PQclear(res);
	}
	return rc;
}

static int pg_number_get(store *base, const char *number, struct number_record *out)
{
	struct pg_store *s = P(base);
	struct params p = {0};
	p.v[p.n++] = number;
	PGresult *res;
	int rc = query(s, NUMBER_SQL "WHERE n.number = $1 " NUMBER_GROUP, &p, &res, "get number");
	if (rc)
		return rc;
	if (PQntuples(res)) {
		read_number(res, 0, out);
		PQclear(res);
		return 0;
	}
	PQclear(res);
	/* Not reported: perhaps ported. */
	if ((rc = query(s, "SELECT operator_id FROM ported_number WHERE number = $1", &p, &res,
	                "get number")))
		return rc;
	rc = PQntuples(res) ? 0 : SH_ENOTFOUND;
	if (rc == 0) {
		number_record_empty(out, number);
		out->ported_operator_id = g_int(res, 0, 0);
	}
	PQclear(res);
	return rc;
}

struct ported_args {
	const char *number;
	int64_t operator_id;
	int32_t since;
};

static int put_ported(struct pg_store *s, const void *arg)
{
	const struct ported_args *x = arg;
	struct params p = {0};
	p.v[p.n++] = x->number;
	p_int(&p, x->operator_id);
	p_date(&p, x->since);
	int rc = query(s,
	               "INSERT INTO ported_number(number, operator_id, since) VALUES ($1, $2, $3) "
	               "ON CONFLICT(number) DO UPDATE SET operator_id = excluded.operator_id, "
	               "since = excluded.since",
	               &p, NULL, "ported number");
	if (rc)
		return rc;
	/* Not dispatched yet: it goes to the operator serving it now. */
	p.n = 2;
	return query(s,
	             "UPDATE reported_number SET operator_id = $2 WHERE number = $1 "
	             "AND dispatch_id IS NULL",
	             &p, NULL, "ported number");
}

static int pg_ported_put(store *base, const char *number, int64_t operator_id, int32_t since)
{
	struct ported_args x = {number, operator_id, since};
	return in_transaction(P(base), put_ported, &x);
}

/* ---- dispatch lists ----------------------------------------------------------- */

#define DISPATCH_COLUMNS                                                                   \
	"d.id, d.operator_id, d.created_at, d.due, d.numbers, (SELECT count(*) FROM "      \
	"reported_number n WHERE n.dispatch_id = d.id AND n.disposal IS NOT NULL)"

static void read_dispatch(const PGresult *r, int i, struct dispatch *d)
{
	d->id = g_int(r, i, 0);
	d->operator_id = g_int(r, i, 1);
	d->created_at = g_int(r, i, 2);
	d->due = g_date(r, i, 3, 0);
	d->numbers = g_int(r, i, 4);
	d->disposed = g_int(r, i, 5);
}

struct dispatch_args {
	int64_t now;
	int32_t due;
	struct arena *a;
	struct dispatch **out;
	size_t *n;
};

static int create_dispatches(struct pg_store *s, const void *arg)
{
	const struct dispatch_args *x = arg;
	PGresult *res;
	/* Two instances creating dispatch lists at once would put the same
	 * numbers on two lists: one at a time, until commit. */
	int rc = query(s, "SELECT pg_advisory_xact_lock(7355721)", NULL, NULL, "dispatch");
	/* Numbers with at least one valid report and a known operator. */
	if (rc || (rc = query(s,
	                      "SELECT operator_id, count(*) FROM reported_number n WHERE dispatch_id "
	                      "IS NULL AND operator_id IS NOT NULL AND EXISTS (SELECT 1 FROM report r "
	                      "WHERE r.target = n.number AND r.invalid = 0) GROUP BY operator_id "
	                      "ORDER BY operator_id",
	                      NULL, &res, "dispatch")))
		return rc;
	size_t count = (size_t)PQntuples(res);
	struct dispatch *items = arena_alloc(x->a, (count + 1) * sizeof *items);
	for (size_t i = 0; i < count; i++)
		items[i] = (struct dispatch){.operator_id = g_int(res, (int)i, 0),
		                             .created_at = x->now, .due = x->due,
		                             .numbers = g_int(res, (int)i, 1)};
	PQclear(res);
	for (size_t i = 0; i < count; i++) {
		struct params p = {0};
		p_int(&p, items[i].operator_id);
		p_int(&p, x->now);
		p_date(&p, x->due);
		p_int(&p, items[i].numbers);
		if ((rc = query(s,
		                "INSERT INTO dispatch(operator_id, created_at, due, numbers) "
		                "VALUES ($1, $2, $3, $4) RETURNING id",
		                &p, &res, "dispatch")))
			return rc;
		items[i].id = g_int(res, 0, 0);
		PQclear(res);
		p.n = 0;
		p_int(&p, items[i].id);
		p_int(&p, items[i].operator_id);
		if ((rc = query(s,
		                "UPDATE reported_number SET dispatch_id = $1 WHERE dispatch_id IS NULL "
		                "AND operator_id = $2 AND EXISTS (SELECT 1 FROM report r WHERE "
		                "r.target = reported_number.number AND r.invalid = 0)",
		                &p, NULL, "dispatch")))
			return rc;
	}
	*x->out = items;
	*x->n = count;
	return 0;
}

static int pg_dispatch_create(store *base, int64_t now, int32_t due, struct arena *a,
                              struct dispatch **out, size_t *n)
{
	struct dispatch_args x = {now, due, a, out, n};
	return in_transaction(P(base), create_dispatches, &x);
}

static int pg_dispatch_list(store *base, int64_t operator_id, struct arena *a,
                            struct dispatch **out, size_t *n)
{
	struct params p = {0};
	p_id(&p, operator_id);
	PGresult *res;
	int rc = query(P(base),
	               "SELECT " DISPATCH_COLUMNS " FROM dispatch d WHERE ($1::bigint IS NULL OR "
	               "d.operator_id = $1) ORDER BY d.id DESC LIMIT 500",
	               &p, &res, "list dispatches");
	if (rc)
		return rc;
	size_t count = (size_t)PQntuples(res);
	struct dispatch *items = arena_alloc(a, (count + 1) * sizeof *items);
	for (size_t i = 0; i < count; i++)
		read_dispatch(res, (int)i, &items[i]);
	PQclear(res);
	*out = items;
	*n = count;
	return 0;
}

static int pg_dispatch_get(store *base, int64_t id, struct dispatch *out)
{
	struct params p = {0};
	p_int(&p, id);
	PGresult *res;
	int rc = query(P(base), "SELECT " DISPATCH_COLUMNS " FROM dispatch d WHERE d.id = $1", &p,
	               &res, "get dispatch");
	if (rc)
		return rc;
	rc = PQntuples(res) ? 0 : SH_ENOTFOUND;
	if (rc == 0)
		read_dispatch(res, 0, out);
	PQclear(res);
	return rc;
}

static int pg_dispatch_items(store *base, int64_t dispatch_id, struct arena *a,
                             struct dispatch_item **out, size_t *n)
{
	struct params p = {0};
	p_int(&p, dispatch_id);
	PGresult *res;
	int rc = query(P(base),
	               "SELECT n.number, n.disposal, n.disposed_at, n.disposal_note, count(r.id), "
	               "max(r.reported_at) FROM reported_number n LEFT JOIN report r ON "
	               "r.target = n.number AND r.invalid = 0 WHERE n.dispatch_id = $1 "
	               "GROUP BY n.number ORDER BY n.number",
	               &p, &res, "dispatch items");
	if (rc)
		return rc;
	size_t count = (size_t)PQntuples(res);
	struct dispatch_item *items = arena_alloc(a, (count + 1) * sizeof *items);
	for (size_t i = 0; i < count; i++) {
		struct dispatch_item *it = &items[i];
		int row = (int)i;
		memset(it, 0, sizeof *it);
		copy_code(it->number, sizeof it->number, g_raw(res, row, 0));
		it->disposal = g_disposal(res, row, 1);
		it->disposed_at = g_instant(res, row, 2);
		it->note = g_opt(a, res, row, 3);
		it->reports = g_int(res, row, 4);
		it->last_at = g_instant(res, row, 5);
	}
	PQclear(res);
	*out = items;
	*n = count;
	return 0;
}

static int pg_disposal_set(store *base, int64_t dispatch_id, const char *number,
                           enum disposal d, const char *note, int64_t at)
{
	struct pg_store *s = P(base);
	struct params p = {0};
	p_int(&p, dispatch_id);
	p.v[p.n++] = number;
	p_text(&p, disposal_code(d));
	p_int(&p, at);
	p_text(&p, note);
	PGresult *res;
	int rc = query(s,
	               "UPDATE reported_number SET disposal = $3, disposed_at = $4, "
	               "disposal_note = $5 WHERE dispatch_id = $1 AND number = $2",
	               &p, &res, "disposal");
	if (rc)
		return rc;
	long n = changed(res);
	PQclear(res);
	if (n == 0) {
		snprintf(s->base.error, sizeof s->base.error, "number not on dispatch %lld",
		         (long long)dispatch_id);
		return SH_ENOTFOUND;
	}
	return 0;
}

/* ---- apps ------------------------------------------------------------------------- */

#define APP_COLUMNS                                                                        \
	"a.package, a.name, a.app_store, a.state, a.notified_on, a.deadline, a.rectified_on, " \
	"a.named_on, a.removed_on, a.version, count(r.id), min(r.reported_at), "               \
	"max(r.reported_at) FROM app a LEFT JOIN report r ON r.target = a.package AND "        \
	"r.kind = 'bad_app' AND r.invalid = 0 "

static void read_app(struct arena *a, const PGresult *res, int i, struct app_record *r)
{
	r->package = g_text(a, res, i, 0);
	r->name = g_text(a, res, i, 1);
	r->app_store = g_opt(a, res, i, 2);
	const char *state = g_raw(res, i, 3);
	if (app_state_parse(state, strlen(state), &r->state))
		r->state = APP_REPORTED;
	r->notified_on = g_date(res, i, 4, 0);
	r->deadline = g_date(res, i, 5, 0);
	r->rectified_on = g_date(res, i, 6, 0);
	r->named_on = g_date(res, i, 7, 0);
	r->removed_on = g_date(res, i, 8, 0);
	r->version = (int)g_int(res, i, 9);
	r->reports = g_int(res, i, 10);
	r->first_at = g_instant(res, i, 11);
	r->last_at = g_instant(res, i, 12);
}

static int pg_app_list(store *base, int state, int limit, struct arena *a,
                       struct app_record **out, size_t *n)
{
	if (limit <= 0 || limit > 1000)
		limit = 100;
	struct params p = {0};
	p_text(&p, state >= 0 ? app_state_code((enum app_state)state) : NULL);
	p_int(&p, limit);
	PGresult *res;
	int rc = query(P(base),
	               "SELECT " APP_COLUMNS "WHERE ($1::text IS NULL OR a.state = $1) "
	               "GROUP BY a.package ORDER BY count(r.id) DESC, a.package LIMIT $2",
	               &p, &res, "list apps");
	if (rc)
		return rc;
	size_t count = (size_t)PQntuples(res);
	struct app_record *items = arena_alloc(a, ((size_t)limit + 1) * sizeof *items);
	for (size_t i = 0; i < count; i++)
		read_app(a, res, (int)i, &items[i]);
	PQclear(res);
	*out = items;
	*n = count;
	return 0;
}

static int pg_app_get(store *base, const char *package, struct arena *a, struct app_record *out)
{
	struct params p = {0};
	p.v[p.n++] = package;
	PGresult *res;
	int rc = query(P(base), "SELECT " APP_COLUMNS "WHERE a.package = $1 GROUP BY a.package", &p,
	               &res, "get app");
	if (rc)
		return rc;
	rc = PQntuples(res) ? 0 : SH_ENOTFOUND;
	if (rc == 0)
		read_app(a, res, 0, out);
	PQclear(res);
	return rc;
}

static int pg_app_update(store *base, const struct app_record *app, int expected_version)
{
	struct pg_store *s = P(base);
	struct params p = {0};
	p.v[p.n++] = app->package;
	p_int(&p, expected_version);
	p_text(&p, app_state_code(app->state));
	p_day(&p, app->notified_on);
	p_day(&p, app->deadline);
	p_day(&p, app->rectified_on);
	p_day(&p, app->named_on);
	p_day(&p, app->removed_on);
	PGresult *res;
	int rc = query(s,
	               "UPDATE app SET state = $3, notified_on = $4, deadline = $5, rectified_on = $6, "
	               "named_on = $7, removed_on = $8, version = version + 1 "
	               "WHERE package = $1 AND version = $2",
	               &p, &res, "update app");
	if (rc)
		return rc;
	long n = changed(res);
	PQclear(res);
	if (n == 0) {
		snprintf(s->base.error, sizeof s->base.error, "app changed meanwhile or missing");
		return SH_ECONFLICT;
	}
	return 0;
}

static int pg_app_counts(store *base, int32_t from, int32_t to, int64_t *notified,
                         int64_t *named, int64_t *removed)
{
	struct params p = {0};
	p_date(&p, from);
	p_date(&p, to);
	PGresult *res;
	int rc = query(P(base),
	               "SELECT count(*) FILTER (WHERE notified_on BETWEEN $1 AND $2), "
	               "count(*) FILTER (WHERE named_on BETWEEN $1 AND $2), "
	               "count(*) FILTER (WHERE removed_on BETWEEN $1 AND $2) FROM app",
	               &p, &res, "count apps");
	if (rc)
		return rc;
	*notified = g_int(res, 0, 0);
	*named = g_int(res, 0, 1);
	*removed = g_int(res, 0, 2);
	PQclear(res);
	return 0;
}

static const struct store_ops pg_ops = {
	.name = "postgres",
	.close = pg_close,
	.version = pg_version,
	.tune_bulk = pg_tune_bulk,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.reference_save = pg_reference_save,
	.reference_load = pg_reference_load,
	.holiday_save = pg_holiday_save,
	.calendar_load = pg_calendar_load,
	.calendar_revision = pg_calendar_revision,
	.import_begin = pg_import_begin,
	.import_finish = pg_import_finish,
	.complaint_insert = pg_complaint_insert,
	.complaint_count = pg_complaint_count,
	.subscribers_put = pg_subscribers_put,
	.case_create = pg_case_create,
	.case_get = pg_case_get,
	.case_update = pg_case_update,
	.case_events = pg_case_events,
	.case_duplicate = pg_case_duplicate,
	.case_survey = pg_case_survey,
	.case_list = pg_case_list,
	.user_add = pg_user_add,
	.user_by_name = pg_user_by_name,
	.session_create = pg_session_create,
	.session_get = pg_session_get,
	.session_delete = pg_session_delete,
	.stat_counts = pg_stat_counts,
	.subscribers_get = pg_subscribers_get,
	.reply_days = pg_reply_days,
	.reply_days_set = pg_reply_days_set,
	.report_insert = pg_report_insert,
	.report_invalidate = pg_report_invalidate,
	.report_list = pg_report_list,
	.report_counts = pg_report_counts,
	.number_scan = pg_number_scan,
	.ported_put = pg_ported_put,
	.number_get = pg_number_get,
	.dispatch_create = pg_dispatch_create,
	.dispatch_list = pg_dispatch_list,
	.dispatch_get = pg_dispatch_get,
	.dispatch_items = pg_dispatch_items,
	.disposal_set = pg_disposal_set,
	.app_list = pg_app_list,
	.app_get = pg_app_get,
	.app_update = pg_app_update,
	.app_counts = pg_app_counts,
};
