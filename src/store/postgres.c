/* PostgreSQL dialect (libpq): several shensu instances share one database.
 *
 * What is PostgreSQL's own, beside the SQL written once above it:
 * - Connections are opened on first use (the HTTP server keeps a handle per
 *   worker thread, most never need one); the first handle a process opens
 *   for a database connects at once, to migrate and to report a bad URL.
 *   Migrations run under an advisory lock, so instances starting together
 *   do not both migrate; the schema is the SQLite text translated by
 *   pg_schema_translate().
 * - A lost connection (server stopped or restarted, network) is
 *   SH_EDBDOWN; the next use of the handle connects again, so the server
 *   recovers by itself. Within a transaction nothing reconnects until the
 *   caller rolls back: the work so far is gone with the session.
 * - Statements are prepared once per connection; placeholders ?N become $N.
 * - A bulk load sends complaints with COPY, without waiting for each row.
 * - Number changes: a transaction that records some NOTIFYs the channel
 *   below; a handle that waits for changes LISTENs on its own connection
 *   (again after every reconnection) and reads the notices as they come. */
#include <ctype.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/dialect.h"

#define MAX_PARAMS 32
#define MAX_PREPARED 128
#define COPY_FLUSH (64 * 1024) /* bytes of COPY data sent at once */
#define CHANGES_CHANNEL "shensu_numbers"

struct pg_stmt {
	struct sql_stmt base;
	const char *key;   /* the SQL text's address, for a kept statement */
	char *sql;         /* translated to $N, malloc'd */
	bool cached;
	char name[16];     /* of the prepared statement, "" for a statement run once */
	unsigned prepared_on; /* the connection it was prepared on (see pg_store.generation) */
	/* Parameters as text: offsets into buf, -1 for NULL. */
	int nparams;
	int off[MAX_PARAMS];
	char *buf;
	size_t len, cap;
	PGresult *res;
	int row, nrows;
	bool ran;
};

struct pg_store {
	struct store base;
	char *url;
	PGconn *conn;
	unsigned generation; /* counts connections: prepared statements die with theirs */
	unsigned listening;  /* the connection that LISTENs (see wait_changes); 0 none */
	bool broken;         /* the connection failed: connect again before the next use */
	bool txn_lost;       /* the connection broke inside a transaction: fail until rolled back */
	int64_t retry_at;    /* a connection attempt failed: the next not before (ms) */
	struct pg_stmt *kept[MAX_PREPARED];
	int nkept;
	/* The complaint table's foreign keys while a large load has them off:
	 * the statements that put them back. */
	char **fks;
	int nfks;
	/* COPY in progress (a bulk load): the table, and rows not sent yet. */
	const struct sql_copy *copying;
	char *copy_buf;
	size_t copy_len, copy_cap;
};

static const struct dialect pg_dialect;

static struct pg_store *P(store *s)
{
	return (struct pg_store *)s;
}

static void grow(char **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	size_t c = *cap ? *cap : 256;
	while (c < need)
		c *= 2;
	*buf = sh_xrealloc(*buf, c);
	*cap = c;
}

/* ---- errors and the connection --------------------------------------------------- */

/* SQLSTATEs that mean the session is gone, whatever PQstatus says yet:
 * connection exceptions (class 08) and the server shutting down or
 * terminating the backend (57P01..57P03). */
static bool session_gone(const char *state)
{
	return state && (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
	                 strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0);
}

/* Records the server's message (the primary line only: details may quote
 * values, which can be personal data) and maps the SQLSTATE to an sh_err. */
static int fail(struct pg_store *s, const PGresult *r, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg)
		msg = s->conn ? PQerrorMessage(s->conn) : "no connection";
	int len = snprintf(s->base.error, sizeof s->base.error, "postgres: %.60s: %s", what, msg);
	while (len > 0 && (size_t)len < sizeof s->base.error && s->base.error[len - 1] == '\n')
		s->base.error[--len] = '\0';
	if (!s->conn || PQstatus(s->conn) != CONNECTION_OK || session_gone(state)) {
		s->broken = true;
		if (s->base.in_txn)
			s->txn_lost = true;
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

/* Clears a result and says whether it was one of the two success kinds. */
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
	s->generation++;
	s->copying = NULL;
	s->conn = PQconnectdbParams(keys, values, 1);
	if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
		int len = snprintf(s->base.error, sizeof s->base.error, "postgres: cannot connect: %s",
		                   s->conn ? PQerrorMessage(s->conn) : "out of memory");
		while (len > 0 && (size_t)len < sizeof s->base.error && s->base.error[len - 1] == '\n')
			s->base.error[--len] = '\0';
		s->broken = true;
		/* While the server is away, requests fail at once instead of each
		 * waiting out a connect timeout of its own. */
		s->retry_at = now_ms() + 500;
		return SH_EDBDOWN;
	}
	s->broken = false;
	/* A bulk load runs as long as it needs. */
	return s->base.bulk ? check(s, PQexec(s->conn, "SET statement_timeout = 0"), NULL, "bulk") : 0;
}

static int copy_end(struct pg_store *s, const char *abort_why);

/* Makes the connection ready for a statement. An idle connection the server
 * has closed (a restart) is noticed here, before anything is sent, so the
 * first request after the database comes back does not fail for it. COPY
 * data sent ahead is finished first. */
static int usable(struct pg_store *s)
{
	if (s->txn_lost) {
		snprintf(s->base.error, sizeof s->base.error,
		         "postgres: the connection was lost during the transaction");
		return SH_EDBDOWN;
	}
	if (s->copying) {
		int rc = copy_end(s, NULL);
		if (rc)
			return rc;
	}
	if (s->conn && !s->broken && !s->base.in_txn) {
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

/* Runs statements without parameters (already in PostgreSQL's SQL). */
static int command(struct pg_store *s, const char *sql)
{
	int rc = usable(s);
	return rc ? rc : check(s, PQexec(s->conn, sql), NULL, sql);
}

/* ---- statements ----------------------------------------------------------------- */

/* sql with ?N placeholders as PostgreSQL's $N (quoted text left alone), and
 * the new id returned when asked for, malloc'd. */
static char *dollar_params(const char *sql, bool new_id)
{
	static const char returning[] = " RETURNING id";
	size_t n = strlen(sql);
	char *out = sh_xmalloc(n + sizeof returning), *o = out;
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '?' && isdigit((unsigned char)p[1])) {
			*o++ = '$';
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	if (new_id)
		strcpy(o, returning);
	return out;
}

static int prepare(store *base, const char *sql, unsigned flags, struct sql_stmt **out)
{
	struct pg_store *s = P(base);
	bool cache = flags & SQL_KEEP;
	for (int i = 0; cache && i < s->nkept; i++)
		if (s->kept[i]->key == sql) {
			*out = &s->kept[i]->base;
			return 0;
		}
	struct pg_stmt *st = sh_xcalloc(1, sizeof *st);
	st->base.d = &pg_dialect;
	st->key = sql;
	st->sql = dollar_params(sql, flags & SQL_NEW_ID);
	if (cache && s->nkept < MAX_PREPARED) {
		st->cached = true;
		snprintf(st->name, sizeof st->name, "s%d", s->nkept);
		s->kept[s->nkept++] = st;
	}
	*out = &st->base;
	return 0;
}

static struct pg_stmt *PS(struct sql_stmt *st)
{
	return (struct pg_stmt *)st;
}

/* Values go as text, copied into the statement's buffer. */
static void bind(struct sql_stmt *base, const struct sql_value *v, int n)
{
	struct pg_stmt *st = PS(base);
	if (n > MAX_PARAMS)
		abort(); /* more parameters than any query has */
	st->nparams = n;
	for (int i = 0; i < n; i++) {
		if (v[i].type == SQL_NULL) {
			st->off[i] = -1;
			continue;
		}
		char num[24];
		const char *t = v[i].text;
		size_t len = v[i].len;
		if (v[i].type == SQL_INT) {
			len = (size_t)snprintf(num, sizeof num, "%lld", (long long)v[i].i);
			t = num;
		}
		grow(&st->buf, &st->cap, st->len + len + 1);
		memcpy(st->buf + st->len, t, len);
		st->buf[st->len + len] = '\0';
		st->off[i] = (int)st->len;
		st->len += len + 1;
	}
}

static int run(struct pg_store *s, struct pg_stmt *st)
{
	int rc = usable(s);
	if (rc)
		return rc;
	const char *v[MAX_PARAMS];
	for (int i = 0; i < st->nparams; i++)
		v[i] = st->off[i] < 0 ? NULL : st->buf + st->off[i];
	PGresult *r;
	if (!st->cached)
		r = PQexecParams(s->conn, st->sql, st->nparams, NULL, v, NULL, NULL, 0);
	else {
		if (st->prepared_on != s->generation) {
			if ((rc = check(s, PQprepare(s->conn, st->name, st->sql, 0, NULL), NULL, st->sql)))
				return rc;
			st->prepared_on = s->generation;
		}
		r = PQexecPrepared(s->conn, st->name, st->nparams, v, NULL, NULL, 0);
	}
	if ((rc = check(s, r, &st->res, st->sql)))
		return rc;
	st->ran = true;
	st->row = -1;
	st->nrows = PQntuples(st->res);
	return 0;
}

static int step(store *base, struct sql_stmt *x)
{
	struct pg_stmt *st = PS(x);
	if (!st->ran) {
		int rc = run(P(base), st);
		if (rc)
			return rc;
	}
	return ++st->row < st->nrows;
}

static bool column_null(struct sql_stmt *st, int i)
{
	return PQgetisnull(PS(st)->res, PS(st)->row, i);
}

static int64_t column_int(struct sql_stmt *st, int i)
{
	return strtoll(PQgetvalue(PS(st)->res, PS(st)->row, i), NULL, 10);
}

static const char *column_text(struct sql_stmt *st, int i)
{
	return column_null(st, i) ? NULL : PQgetvalue(PS(st)->res, PS(st)->row, i);
}

static int64_t last_id(store *base, struct sql_stmt *st)
{
	(void)base;
	return PS(st)->res && PQntuples(PS(st)->res) ? strtoll(PQgetvalue(PS(st)->res, 0, 0), NULL, 10)
	                                             : 0;
}

static int64_t changes(store *base, struct sql_stmt *st)
{
	(void)base;
	return PS(st)->res ? strtoll(PQcmdTuples(PS(st)->res), NULL, 10) : 0;
}

static void finish(store *base, struct sql_stmt *x)
{
	(void)base;
	struct pg_stmt *st = PS(x);
	PQclear(st->res);
	st->res = NULL;
	st->ran = false;
	st->nparams = 0;
	st->len = 0;
	if (!st->cached) {
		free(st->sql);
		free(st->buf);
		free(st);
	}
}

static void free_kept(struct pg_store *s)
{
	for (int i = 0; i < s->nkept; i++) {
		PQclear(s->kept[i]->res);
		free(s->kept[i]->sql);
		free(s->kept[i]->buf);
		free(s->kept[i]);
	}
	s->nkept = 0;
}

/* ---- COPY ------------------------------------------------------------------------ */

static int copy_flush(struct pg_store *s)
{
	if (s->copy_len && PQputCopyData(s->conn, s->copy_buf, (int)s->copy_len) != 1)
		return fail(s, NULL, "COPY");
	s->copy_len = 0;
	return 0;
}

/* Ends the COPY in progress: sends what is left and reads the outcome, or
 * abandons it (abort_why) when the transaction is rolled back. */
static int copy_end(struct pg_store *s, const char *abort_why)
{
	const struct sql_copy *t = s->copying;
	s->copying = NULL;
	int rc = abort_why ? 0 : copy_flush(s);
	if (PQputCopyEnd(s->conn, rc || abort_why ? (abort_why ? abort_why : "failed") : NULL) != 1)
		return fail(s, NULL, "COPY");
	s->copy_len = 0;
	PGresult *r;
	while ((r = PQgetResult(s->conn))) {
		if (rc == 0 && !abort_why && PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = fail(s, r, t->table);
		PQclear(r);
	}
	return rc;
}

/* Appends v to the COPY text format: \N for NULL, backslash escapes. */
static void copy_value(struct pg_store *s, const struct sql_value *v)
{
	char num[24];
	const char *t = v->text;
	size_t len = v->len;
	if (v->type == SQL_NULL) {
		t = "\\N";
		len = 2;
	} else if (v->type == SQL_INT) {
		len = (size_t)snprintf(num, sizeof num, "%lld", (long long)v->i);
		t = num;
	}
	grow(&s->copy_buf, &s->copy_cap, s->copy_len + 2 * len + 2);
	char *o = s->copy_buf + s->copy_len;
	for (size_t i = 0; i < len; i++) {
		char c = t[i];
		if (v->type == SQL_TEXT && (c == '\\' || c == '\t' || c == '\n' || c == '\r')) {
			*o++ = '\\';
			c = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\';
		}
		*o++ = c;
	}
	s->copy_len = (size_t)(o - s->copy_buf);
}

static int copy_row(store *base, const struct sql_copy *t, const struct sql_value *values)
{
	struct pg_store *s = P(base);
	if (s->copying != t) {
		int rc = usable(s); /* ends another COPY */
		if (rc)
			return rc;
		char sql[1024];
		snprintf(sql, sizeof sql, "COPY %s (%s) FROM STDIN", t->table, t->columns);
		PGresult *r = PQexec(s->conn, sql);
		if (PQresultStatus(r) != PGRES_COPY_IN) {
			rc = fail(s, r, sql);
			PQclear(r);
			return rc;
		}
		PQclear(r);
		s->copying = t;
	}
	for (int i = 0; i < t->ncolumns; i++) {
		if (i)
			s->copy_buf[s->copy_len++] = '\t';
		copy_value(s, &values[i]);
	}
	s->copy_buf[s->copy_len++] = '\n'; /* copy_value left room for two more bytes */
	return s->copy_len >= COPY_FLUSH ? copy_flush(s) : 0;
}

/* ---- transactions -------------------------------------------------------------------- */

static int begin(store *base)
{
	return command(P(base), "BEGIN");
}

static int commit(store *base)
{
	struct pg_store *s = P(base);
	PGresult *r = NULL;
	int rc = usable(s);
	if (rc == 0 && (rc = check(s, PQexec(s->conn, "COMMIT"), &r, "commit")) == 0) {
		/* COMMIT of a transaction that had failed answers ROLLBACK. */
		if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
			snprintf(s->base.error, sizeof s->base.error,
			         "postgres: the transaction failed and was rolled back");
			rc = SH_ESTORE;
		}
		PQclear(r);
	}
	return rc;
}

static void forget_fks(struct pg_store *s);

static int rollback(store *base)
{
	struct pg_store *s = P(base);
	forget_fks(s); /* the rollback brings them back */
	bool lost_it = s->txn_lost;
	s->txn_lost = false;
	if (lost_it || !s->conn || s->broken) {
		s->copying = NULL;
		return 0; /* the server rolled it back when the session ended */
	}
	if (s->copying && copy_end(s, "rolled back") == SH_EDBDOWN)
		return 0;
	return check(s, PQexec(s->conn, "ROLLBACK"), NULL, "rollback");
}

static int lock(store *base, enum store_lock which)
{
	/* SHARE ROW EXCLUSIVE conflicts with the ROW EXCLUSIVE lock every insert
	 * and update takes, and with itself. */
	if (which == STORE_LOCK_DEADLINES)
		return command(P(base), "LOCK TABLE complaint, dispatch IN SHARE ROW EXCLUSIVE MODE");
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT pg_advisory_xact_lock(%d)", (int)which);
	int rc = command(P(base), sql);
	/* A migration may rewrite large tables: no statement timeout for it. */
	if (rc == 0 && which == STORE_LOCK_MIGRATION)
		rc = command(P(base), "SET LOCAL statement_timeout = 0");
	return rc;
}

/* A bulk load runs as long as it needs. */
static int tune_bulk(store *base)
{
	struct pg_store *s = P(base);
	return s->conn && !s->broken ? command(s, "SET statement_timeout = 0") : 0;
}

static void forget_fks(struct pg_store *s)
{
	for (int i = 0; i < s->nfks; i++)
		free(s->fks[i]);
	free(s->fks);
	s->fks = NULL;
	s->nfks = 0;
}

/* The foreign keys are read from the catalogue, so that they come back as
 * the schema defines them, whatever migrations made them. */
static int bulk_constraints(store *base, bool off)
{
	struct pg_store *s = P(base);
	int rc = 0;
	if (!off) {
		for (int i = 0; i < s->nfks && rc == 0; i++)
			rc = command(s, s->fks[i]);
		forget_fks(s);
		return rc;
	}
	PGresult *r = NULL;
	if ((rc = usable(s)) ||
	    (rc = check(s, PQexec(s->conn, "SELECT conname, pg_get_constraintdef(oid) FROM "
	                                   "pg_constraint WHERE conrelid = 'complaint'::regclass "
	                                   "AND contype = 'f' ORDER BY conname"),
	                &r, "foreign keys")))
		return rc;
	forget_fks(s);
	s->nfks = PQntuples(r);
	s->fks = sh_xcalloc((size_t)s->nfks + 1, sizeof *s->fks);
	for (int i = 0; i < s->nfks && rc == 0; i++) {
		const char *name = PQgetvalue(r, i, 0), *def = PQgetvalue(r, i, 1);
		size_t n = strlen(name) + strlen(def) + 64;
		s->fks[i] = sh_xmalloc(n);
		snprintf(s->fks[i], n, "ALTER TABLE complaint ADD CONSTRAINT \"%s\" %s", name, def);
		char drop[256];
		snprintf(drop, sizeof drop, "ALTER TABLE complaint DROP CONSTRAINT \"%s\"", name);
		rc = command(s, drop);
	}
	PQclear(r);
	return rc;
}

static int exec(store *base, const char *sqlite_sql)
{
	char *sql = pg_schema_translate(sqlite_sql);
	int rc = command(P(base), sql);
	free(sql);
	return rc;
}

static int has_table(store *base, const char *table, bool *out)
{
	struct pg_store *s = P(base);
	int rc = usable(s);
	if (rc)
		return rc;
	const char *v[1] = {table};
	PGresult *r = NULL;
	if ((rc = check(s, PQexecParams(s->conn, "SELECT to_regclass($1) IS NOT NULL", 1, NULL, v, NULL,
	                                NULL, 0),
	                &r, "has table")))
		return rc;
	*out = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	return 0;
}

/* ---- number changes ---------------------------------------------------------------- */

static int notify_changes(store *base)
{
	return command(P(base), "NOTIFY " CHANGES_CHANNEL);
}

/* Takes the notices libpq has read: whether there was any. */
static bool drain_notices(struct pg_store *s)
{
	bool any = false;
	PGnotify *n;
	while ((n = PQnotifies(s->conn))) {
		any = true;
		PQfreemem(n);
	}
	return any;
}

static int wait_changes(store *base, int timeout_ms)
{
	struct pg_store *s = P(base);
	int rc = usable(s);
	if (rc)
		return rc;
	if (s->listening != s->generation) {
		/* A new connection: notices sent while there was none are lost, so
		 * say there may be changes. Named so that an operator (or a test)
		 * can tell this process's listening connection in pg_stat_activity. */
		char sql[96];
		snprintf(sql, sizeof sql, "LISTEN " CHANGES_CHANNEL "; SET application_name = "
		                          "'shensu listener %ld'", (long)getpid());
		if ((rc = command(s, sql)))
			return rc;
		s->listening = s->generation;
		return 1;
	}
	if (drain_notices(s))
		return 1;
	struct pollfd p = {.fd = PQsocket(s->conn), .events = POLLIN};
	if (p.fd < 0 || poll(&p, 1, timeout_ms) < 0)
		return 0;
	if (p.revents && (!PQconsumeInput(s->conn) || PQstatus(s->conn) != CONNECTION_OK)) {
		fail(s, NULL, "listen");
		s->broken = true;
		return SH_EDBDOWN;
	}
	return drain_notices(s) ? 1 : 0;
}

/* ---- schema --------------------------------------------------------------------- */

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

/* ---- opening ---------------------------------------------------------------------- */

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

static void close_store(store *base)
{
	struct pg_store *s = P(base);
	free_kept(s);
	forget_fks(s);
	PQfinish(s->conn);
	free(s->copy_buf);
	store_base_free(base);
	free(s->url);
	free(s);
}

int pg_store_open(const char *url, store **out, char *err, size_t errlen)
{
	struct pg_store *s = sh_xcalloc(1, sizeof *s);
	s->base.d = &pg_dialect;
	s->url = sh_xstrdup(url);
	if (!was_migrated(url)) {
		int rc = connect_db(s);
		if (rc == 0)
			rc = store_migrate(&s->base, err, errlen);
		else
			snprintf(err, errlen, "%s", s->base.error);
		if (rc) {
			close_store(&s->base);
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
	s->base.d = &pg_dialect;
	s->url = sh_xstrdup(url);
	bool have = false;
	int rc = has_table(&s->base, "meta", &have);
	if (rc)
		snprintf(err, errlen, "%s", s->base.error);
	close_store(&s->base);
	return rc ? rc : have ? 0 : SH_ENOTFOUND;
}

static const struct dialect pg_dialect = {
	.name = "postgres",
	.write_order = "ctid",
	DIALECT_FUNCTIONS,
	.bulk_constraints = bulk_constraints,
	.copy_row = copy_row,
	.notify_changes = notify_changes,
	.wait_changes = wait_changes,
};
