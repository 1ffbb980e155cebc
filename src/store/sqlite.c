/* SQLite dialect: WAL mode, foreign keys on, full sync; prepared statements
 * kept per connection; group commit of concurrent new cases. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/dialect.h"

struct sqlite_stmt {
	struct sql_stmt base;
	sqlite3_stmt *st;
	bool cached;
};

struct group;

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	struct group *group; /* group commit for this database file */
	/* Statements kept for the life of the connection, keyed by the address of
	 * their SQL text. */
	struct {
		const char *sql;
		struct sqlite_stmt st;
	} cache[128];
	int ncache;
	int64_t data_version; /* PRAGMA data_version last seen by wait_changes; 0 = never */
	uint8_t slot[256]; /* hash of a text's address -> its cache index + 1 */
};

static const struct dialect sqlite_dialect;

static struct sqlite_store *S(store *s)
{
	return (struct sqlite_store *)s;
}

/* Records the engine's message with the statement's first words, and maps
 * the SQLite code to an sh_err. */
static int fail(struct sqlite_store *s, int rc, const char *sql)
{
	snprintf(s->base.error, sizeof s->base.error, "sqlite: %.60s: %s", sql ? sql : "",
	         sqlite3_errmsg(s->db));
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return SH_EUNAVAILABLE;
	case SQLITE_CONSTRAINT:
		return SH_ECONFLICT;
	default:
		return SH_ESTORE;
	}
}

static int exec(store *base, const char *sql)
{
	int rc = sqlite3_exec(S(base)->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : fail(S(base), rc, sql);
}

/* ---- statements --------------------------------------------------------------- */

/* The slot of sql's address in s->slot: where it is, or the empty one it
 * would take (the table is never more than half full). */
static unsigned slot_of(const struct sqlite_store *s, const char *sql)
{
	unsigned h = (unsigned)(((uintptr_t)sql >> 3) * 2654435761u) >> 24;
	while (s->slot[h] && s->cache[s->slot[h] - 1].sql != sql)
		h = (h + 1) & 255;
	return h;
}

static int prepare(store *base, const char *sql, unsigned flags, struct sql_stmt **out)
{
	struct sqlite_store *s = S(base);
	bool cache = flags & SQL_KEEP;
	unsigned h = cache ? slot_of(s, sql) : 0;
	if (cache && s->slot[h]) {
		*out = &s->cache[s->slot[h] - 1].st.base;
		return 0;
	}
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v3(s->db, sql, -1, cache ? SQLITE_PREPARE_PERSISTENT : 0, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, sql);
	struct sqlite_stmt *x;
	if (cache && s->ncache < (int)(sizeof s->cache / sizeof *s->cache)) {
		s->cache[s->ncache].sql = sql;
		x = &s->cache[s->ncache++].st;
		x->cached = true;
		s->slot[h] = (uint8_t)s->ncache;
	} else {
		x = sh_xcalloc(1, sizeof *x);
	}
	x->base.d = &sqlite_dialect;
	x->st = st;
	*out = &x->base;
	return 0;
}

static sqlite3_stmt *raw(struct sql_stmt *st)
{
	return ((struct sqlite_stmt *)st)->st;
}

static void bind(struct sql_stmt *st, const struct sql_value *v, int n)
{
	sqlite3_stmt *x = raw(st);
	for (int i = 0; i < n; i++)
		switch (v[i].type) {
		case SQL_NULL: /* already: a statement starts, and finish() leaves it, all NULL */
			break;
		case SQL_INT:
			sqlite3_bind_int64(x, i + 1, v[i].i);
			break;
		case SQL_TEXT:
			sqlite3_bind_text(x, i + 1, v[i].text, (int)v[i].len, SQLITE_STATIC);
			break;
		}
}

static int step(store *base, struct sql_stmt *st)
{
	int rc = sqlite3_step(raw(st));
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fail(S(base), rc, sqlite3_sql(raw(st)));
}

static bool column_null(struct sql_stmt *st, int i)
{
	return sqlite3_column_type(raw(st), i) == SQLITE_NULL;
}

static int64_t column_int(struct sql_stmt *st, int i)
{
	return sqlite3_column_int64(raw(st), i);
}

static const char *column_text(struct sql_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(raw(st), i);
}

static int64_t last_id(store *base, struct sql_stmt *st)
{
	(void)st;
	return sqlite3_last_insert_rowid(S(base)->db);
}

static int64_t changes(store *base, struct sql_stmt *st)
{
	(void)st;
	return sqlite3_changes64(S(base)->db);
}

static void finish(store *base, struct sql_stmt *st)
{
	(void)base;
	struct sqlite_stmt *x = (struct sqlite_stmt *)st;
	if (x->cached) {
		sqlite3_reset(x->st);
		sqlite3_clear_bindings(x->st);
	} else {
		sqlite3_finalize(x->st);
		free(x);
	}
}

static int has_table(store *base, const char *table, bool *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(S(base)->db,
	                            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(S(base), rc, "has table");
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail(S(base), rc, "has table");
	sqlite3_finalize(st);
	return rc;
}

/* ---- transactions and bulk loads -------------------------------------------------- */

/* BEGIN IMMEDIATE: the one writer of the file until commit. */
static int begin(store *base)
{
	return exec(base, "BEGIN IMMEDIATE");
}

static int commit(store *base)
{
	return exec(base, "COMMIT");
}

static int rollback(store *base)
{
	return sqlite3_get_autocommit(S(base)->db) ? 0 : exec(base, "ROLLBACK");
}

static int lock(store *base, enum store_lock which)
{
	(void)base;
	(void)which;
	return 0;
}

static int tune_bulk(store *base)
{
	/* Up to 1 GiB of cache (allocated only as used): a million-row import
	 * touches a few hundred MiB of table and index pages. The importer checks
	 * every reference against the reference data, so SQLite need not look
	 * each one up again. */
	return exec(base, "PRAGMA cache_size = -1048576; PRAGMA foreign_keys = OFF");
}

/* ---- group commit ----------------------------------------------------------
 *
 * Every new case must be durable before it is acknowledged, and an fsync per
 * request caps intake at a few thousand a second. So concurrent creations of
 * one database file share a transaction: the first thread to arrive becomes
 * the leader, takes everything queued, writes it with its own connection in
 * one transaction (a savepoint per case, so one bad row fails alone), commits
 * once, and wakes the others with their results. */

struct pending {
	int (*fn)(store *s, const void *arg);
	const void *arg;
	int rc;
	bool done, lead; /* finished; or asked to lead the next batch */
	pthread_cond_t wake; /* each waiter is woken alone: no thundering herd */
	struct pending *next;
};

struct group {
	char *path;
	pthread_mutex_t lock;
	struct pending *head, **tail;
	bool busy;
	/* The connection batches are written with, used only by the current
	 * leader. One writer keeps its page cache warm: in WAL mode a write by one
	 * connection empties every other connection's cache. */
	store *writer;
	struct group *next;
};

static struct group *groups;
static pthread_mutex_t groups_lock = PTHREAD_MUTEX_INITIALIZER;

/* The group of a database file; groups live as long as the process. */
static struct group *group_for(const char *path)
{
	pthread_mutex_lock(&groups_lock);
	struct group *g = groups;
	while (g && strcmp(g->path, path) != 0)
		g = g->next;
	if (!g) {
		g = sh_xcalloc(1, sizeof *g);
		g->path = sh_xstrdup(path);
		pthread_mutex_init(&g->lock, NULL);
		g->tail = &g->head;
		g->next = groups;
		groups = g;
	}
	pthread_mutex_unlock(&groups_lock);
	return g;
}

/* Writes a batch in one transaction; sets each item's rc. */
static void write_batch(store *s, struct pending *batch)
{
	int rc = sql_begin(s);
	s->batch = true;
	for (struct pending *p = batch; p; p = p->next) {
		if (rc) {
			p->rc = rc;
			continue;
		}
		if ((p->rc = exec(s, "SAVEPOINT one")) == 0) {
			if ((p->rc = p->fn(s, p->arg)) != 0)
				exec(s, "ROLLBACK TO one");
			exec(s, "RELEASE one");
		}
	}
	if (rc == 0 && (rc = sql_commit(s)) != 0)
		for (struct pending *p = batch; p; p = p->next)
			if (p->rc == 0)
				p->rc = rc;
}

static int grouped(store *base, int (*fn)(store *s, const void *arg), const void *arg)
{
	struct group *g = S(base)->group;
	struct pending me = {.fn = fn, .arg = arg};
	pthread_cond_init(&me.wake, NULL);
	pthread_mutex_lock(&g->lock);
	*g->tail = &me;
	g->tail = &me.next;
	while (!me.done) {
		if (g->busy && !me.lead) {
			pthread_cond_wait(&me.wake, &g->lock);
			continue;
		}
		/* Lead: take the queue (it holds this thread's own request). */
		g->busy = true;
		me.lead = false;
		struct pending *batch = g->head;
		g->head = NULL;
		g->tail = &g->head;
		pthread_mutex_unlock(&g->lock);
		if (!g->writer) {
			char err[256];
			if (sqlite_store_open(g->path, &g->writer, err, sizeof err) == 0)
				exec(g->writer, "PRAGMA cache_size = -65536");
		}
		write_batch(g->writer ? g->writer : base, batch);
		pthread_mutex_lock(&g->lock);
		for (struct pending *p = batch, *next; p; p = next) {
			next = p->next; /* p may be gone once it sees done */
			p->done = true;
			if (p != &me)
				pthread_cond_signal(&p->wake);
		}
		/* Whoever queued meanwhile leads the next batch. */
		if (g->head) {
			g->head->lead = true;
			pthread_cond_signal(&g->head->wake);
		} else {
			g->busy = false;
		}
	}
	pthread_mutex_unlock(&g->lock);
	pthread_cond_destroy(&me.wake);
	return me.rc;
}

/* ---- waiting for other connections' changes ----------------------------------------- */

/* PRAGMA data_version changes whenever another connection, in this process or
 * another, commits to the file: a cheap look (no I/O in WAL mode) every 50 ms
 * tells when a catch-up query could find anything. */
static int data_version(struct sqlite_store *s, int64_t *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, "PRAGMA data_version");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW ? 0 : fail(s, rc, "PRAGMA data_version");
	sqlite3_finalize(st);
	return rc;
}

static int wait_changes(store *base, int timeout_ms)
{
	struct sqlite_store *s = S(base);
	int64_t v = 0;
	int rc = data_version(s, &v);
	if (rc)
		return rc;
	if (s->data_version == 0 || v != s->data_version) {
		s->data_version = v;
		return 1;
	}
	for (int waited = 0; waited < timeout_ms; waited += 50) {
		usleep(50 * 1000);
		if ((rc = data_version(s, &v)))
			return rc;
		if (v != s->data_version) {
			s->data_version = v;
			return 1;
		}
	}
	return 0;
}

/* ---- the connection -------------------------------------------------------------- */

static void close_store(store *base)
{
	struct sqlite_store *s = S(base);
	for (int i = 0; i < s->ncache; i++)
		sqlite3_finalize(s->cache[i].st.st);
	sqlite3_close(s->db);
	store_base_free(base);
	free(s);
}

static const struct dialect sqlite_dialect = {
	.name = "sqlite",
	.write_order = "rowid",
	DIALECT_FUNCTIONS,
	.grouped = grouped,
	.wait_changes = wait_changes,
};

int sqlite_store_open(const char *path, store **out, char *err, size_t errlen)
{
	struct sqlite_store *s = sh_xcalloc(1, sizeof *s);
	s->base.d = &sqlite_dialect;
	int rc = sqlite3_open_v2(path, &s->db,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                         NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", path,
		         s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sqlite3_close(s->db);
		free(s);
		return SH_ESTORE;
	}
	sqlite3_busy_timeout(s->db, 10000);
	/* WAL lets readers run beside the one writer; FULL sync makes a commit
	 * durable before we report it done. */
	if ((rc = exec(&s->base, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
	                         "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY")) != 0)
		snprintf(err, errlen, "%s: %s", path, s->base.error);
	else if ((rc = store_migrate(&s->base, err, errlen)) != 0 && rc != SH_ESCHEMA)
		snprintf(err, errlen, "%s: %s", path, s->base.error);
	if (rc) {
		close_store(&s->base);
		return rc;
	}
	s->group = group_for(path);
	*out = &s->base;
	return 0;
}
