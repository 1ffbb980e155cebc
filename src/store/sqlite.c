/* SQLite driver: WAL mode, foreign keys on, full sync, versioned migrations. */
#include <pthread.h>
#include <sqlite3.h>
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

/* Case-number counters cached for the life of an explicit transaction, so a
 * bulk import does not read and write the counter row for every complaint.
 * SQLite admits one writer at a time (BEGIN IMMEDIATE), so the cache cannot go
 * stale while the transaction is open. */
#define COUNTER_SLOTS 1024

struct counter {
	int key; /* province * 10000 + year, 0 = empty slot */
	int64_t last;
	int dirty;
};

struct group;

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	struct group *group; /* group commit for this database file */
	int in_txn;
	sqlite3_stmt *insert_complaint, *insert_event, *counter_get, *counter_put, *counter_next;
	struct counter counters[COUNTER_SLOTS];
	int used[COUNTER_SLOTS]; /* slots filled in this transaction */
	int nused;
	/* Statements of the request paths, prepared once per connection and kept:
	 * keyed by the address of their SQL text (a string literal). */
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[64];
	int ncache;
	int64_t bulk_rows;   /* a bulk load is announced: decide at begin */
	bool indexes_dropped; /* rebuild them before commit */
	/* Inside a caller's transaction (an import, the demo) summary changes are
	 * gathered here and written by commit; otherwise each is written at once,
	 * in the statement's own transaction or savepoint. */
	bool caller_txn;
	struct stat_deltas months;
};

static const struct store_ops sqlite_ops;

static struct sqlite_store *S(store *s)
{
	return (struct sqlite_store *)s;
}

/* Records the driver's message and maps the SQLite code to an sh_err. */
static int fail(struct sqlite_store *s, int rc, const char *what)
{
	snprintf(s->base.error, sizeof s->base.error, "sqlite: %s: %s", what, sqlite3_errmsg(s->db));
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

static int exec(struct sqlite_store *s, const char *sql)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : fail(s, rc, sql);
}

static int prepare(struct sqlite_store *s, const char *sql, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
	return rc == SQLITE_OK ? 0 : fail(s, rc, "prepare");
}

/* A cached prepared statement for sql (a string literal); give it back with
 * release(), never finalize it. */
static int cached(struct sqlite_store *s, const char *sql, sqlite3_stmt **st)
{
	for (int i = 0; i < s->ncache; i++)
		if (s->cache[i].sql == sql) {
			*st = s->cache[i].st;
			return 0;
		}
	int rc = prepare(s, sql, st);
	if (rc == 0 && s->ncache < (int)(sizeof s->cache / sizeof *s->cache)) {
		s->cache[s->ncache].sql = sql;
		s->cache[s->ncache++].st = *st;
	}
	return rc;
}

/* Makes a cached statement ready for its next use. */
static void release(struct sqlite_store *s, sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (int i = 0; i < s->ncache; i++)
		if (s->cache[i].st == st)
			return;
	sqlite3_finalize(st); /* the cache was full */
}

/* Steps a statement that returns no rows (or ignores them), then resets it. */
static int step_done(struct sqlite_store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	int err = (rc == SQLITE_DONE || rc == SQLITE_ROW) ? 0 : fail(s, rc, what);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return err;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void bind_id(sqlite3_stmt *st, int i, int64_t id)
{
	if (id)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

static void bind_date(sqlite3_stmt *st, int i, int32_t day)
{
	if (day == DATE_OPEN_START || day == DATE_OPEN_END) {
		sqlite3_bind_null(st, i);
		return;
	}
	char buf[SH_DATE_LEN + 1];
	date_format(day, buf);
	sqlite3_bind_text(st, i, buf, -1, SQLITE_TRANSIENT);
}

static int schema_version(struct sqlite_store *s, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st,
	                            NULL);
	if (rc != SQLITE_OK) { /* no meta table: an empty database */
		*out = 0;
		return 0;
	}
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

static int backfill_months(struct sqlite_store *s);

static int migrate(struct sqlite_store *s, char *err, size_t errlen)
{
	int version;
	schema_version(s, &version);
	if (version == STORE_SCHEMA_VERSION) /* the usual case: no write lock needed */
		return 0;
	int rc = exec(s, "BEGIN IMMEDIATE");
	if (rc)
		goto fail;
	schema_version(s, &version); /* again, now that we hold the lock */
	if (version > STORE_SCHEMA_VERSION) {
		exec(s, "ROLLBACK");
		snprintf(err, errlen,
		         "the database has schema version %d, newer than this shensu supports (%d); "
		         "upgrade shensu",
		         version, STORE_SCHEMA_VERSION);
		return SH_ESCHEMA;
	}
	for (int v = version + 1; v <= STORE_SCHEMA_VERSION; v++) {
		int src = sqlite3_exec(s->db, schema_migrations[v], NULL, NULL, NULL);
		if (src != SQLITE_OK) {
			snprintf(s->base.error, sizeof s->base.error,
			         "upgrading the database from schema version %d to %d failed, nothing "
			         "was changed: %s",
			         version, v, sqlite3_errmsg(s->db));
			exec(s, "ROLLBACK");
			rc = SH_ESTORE;
			goto fail;
		}
		if (v == 3 && (rc = backfill_months(s)) != 0) {
			exec(s, "ROLLBACK");
			goto fail;
		}
	}
	if (version != STORE_SCHEMA_VERSION) {
		char sql[128];
		snprintf(sql, sizeof sql,
		         "INSERT INTO meta(key, value) VALUES ('schema_version', '%d') "
		         "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
		         STORE_SCHEMA_VERSION);
		if ((rc = exec(s, sql)) != 0) {
			exec(s, "ROLLBACK");
			goto fail;
		}
	}
	if ((rc = exec(s, "COMMIT")) != 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "%s", s->base.error);
	return rc;
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
	struct complaint *c;
	const char *query_hash;
	struct complaint_event *ev;
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
	struct sqlite_store *writer;
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

int sqlite_store_open(const char *path, store **out, char *err, size_t errlen)
{
	struct sqlite_store *s = sh_xcalloc(1, sizeof *s);
	s->base.ops = &sqlite_ops;
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
	if ((rc = exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
	                  "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY")) != 0 ||
	    (rc = migrate(s, err, errlen)) != 0) {
		if (rc != SH_ESCHEMA && !err[0])
			snprintf(err, errlen, "%s", s->base.error);
		else if (rc != SH_ESCHEMA)
			snprintf(err, errlen, "%s: %s", path, s->base.error);
		sqlite3_close(s->db);
		free(s);
		return rc;
	}
	s->group = group_for(path);
	*out = &s->base;
	return 0;
}

static void sqlite_close(store *base)
{
	struct sqlite_store *s = S(base);
	sqlite3_finalize(s->insert_complaint);
	sqlite3_finalize(s->insert_event);
	for (int i = 0; i < s->ncache; i++)
		sqlite3_finalize(s->cache[i].st);
	sqlite3_finalize(s->counter_get);
	sqlite3_finalize(s->counter_put);
	sqlite3_finalize(s->counter_next);
	sqlite3_close(s->db);
	stat_deltas_free(&s->months);
	free(s);
}

static int sqlite_version(store *base, int *out)
{
	return schema_version(S(base), out);
}

static int sqlite_tune_bulk(store *base, int64_t expected_rows)
{
	struct sqlite_store *s = S(base);
	s->bulk_rows = expected_rows;
	/* Up to 1 GiB of cache (allocated only as used): a million-row import
	 * touches a few hundred MiB of table and index pages. The importer checks
	 * every reference against the reference data, so SQLite need not look
	 * each one up again. */
	return exec(s, "PRAGMA cache_size = -1048576; PRAGMA foreign_keys = OFF");
}

/* Drops the secondary indexes inside the open transaction when the announced
 * load is at least half the size of the table and large in itself. */
static int drop_for_bulk(struct sqlite_store *s)
{
	int64_t have = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT max(rowid) FROM complaint", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			have = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	if (s->bulk_rows < 50000 || s->bulk_rows < have / 2)
		return 0;
	for (const struct schema_index *ix = schema_bulk_indexes; ix->name; ix++) {
		char sql[128];
		snprintf(sql, sizeof sql, "DROP INDEX IF EXISTS %s", ix->name);
		int rc = exec(s, sql);
		if (rc)
			return rc;
	}
	s->indexes_dropped = true;
	return 0;
}

static int rebuild_indexes(struct sqlite_store *s)
{
	s->indexes_dropped = false;
	for (const struct schema_index *ix = schema_bulk_indexes; ix->name; ix++) {
		int rc = exec(s, ix->create);
		if (rc)
			return rc;
	}
	return 0;
}

static int sqlite_begin(store *base)
{
	struct sqlite_store *s = S(base);
	int rc = exec(s, "BEGIN IMMEDIATE");
	if (rc == 0 && s->bulk_rows && (rc = drop_for_bulk(s)) != 0)
		exec(s, "ROLLBACK");
	s->bulk_rows = 0;
	if (rc == 0) {
		s->in_txn = 1;
		for (int i = 0; i < s->nused; i++)
			s->counters[s->used[i]] = (struct counter){0};
		s->nused = 0;
	}
	return rc;
}

/* The transaction a caller opens with store_begin(): see caller_txn. */
static int sqlite_begin_caller(store *base)
{
	int rc = sqlite_begin(base);
	S(base)->caller_txn = rc == 0;
	stat_deltas_clear(&S(base)->months);
	return rc;
}

static int month_write(void *ctx, const struct stat_delta *x);

static int flush_counters(struct sqlite_store *s)
{
	if (!s->counter_put &&
	    prepare(s,
	            "INSERT INTO case_counter(province, year, last) VALUES (?1, ?2, ?3) "
	            "ON CONFLICT(province, year) DO UPDATE SET last = excluded.last",
	            &s->counter_put))
		return SH_ESTORE;
	for (int i = 0; i < s->nused; i++) {
		struct counter *c = &s->counters[s->used[i]];
		if (!c->key || !c->dirty)
			continue;
		char prov[3] = {(char)('0' + c->key / 100000), (char)('0' + c->key / 10000 % 10), 0};
		sqlite3_bind_text(s->counter_put, 1, prov, 2, SQLITE_TRANSIENT);
		sqlite3_bind_int(s->counter_put, 2, c->key % 10000);
		sqlite3_bind_int64(s->counter_put, 3, c->last);
		int rc = step_done(s, s->counter_put, "case counter");
		if (rc)
			return rc;
		c->dirty = 0;
	}
	return 0;
}

static int sqlite_commit(store *base)
{
	struct sqlite_store *s = S(base);
	int rc = flush_counters(s);
	if (rc == 0 && s->caller_txn)
		rc = stat_deltas_each(&s->months, month_write, s);
	s->caller_txn = false;
	stat_deltas_clear(&s->months);
	if (rc == 0 && s->indexes_dropped)
		rc = rebuild_indexes(s);
	if (rc == 0)
		rc = exec(s, "COMMIT");
	if (rc) {
		exec(s, "ROLLBACK");
	}
	s->in_txn = 0;
	return rc;
}

static int sqlite_rollback(store *base)
{
	struct sqlite_store *s = S(base);
	s->in_txn = 0;
	s->caller_txn = false;
	stat_deltas_clear(&s->months);
	s->indexes_dropped = false; /* the rollback brings them back */
	return sqlite3_get_autocommit(s->db) ? 0 : exec(s, "ROLLBACK");
}

/* Runs fn inside a transaction unless the caller already opened one. */
static int in_transaction(struct sqlite_store *s, int (*fn)(struct sqlite_store *, const void *),
                          const void *arg)
{
	if (s->in_txn)
		return fn(s, arg);
	int rc = sqlite_begin(&s->base);
	if (rc)
		return rc;
	rc = fn(s, arg);
	return rc ? (sqlite_rollback(&s->base), rc) : sqlite_commit(&s->base);
}

static int save_reference(struct sqlite_store *s, const void *arg)
{
	const struct reference *ref = arg;
	sqlite3_stmt *st = NULL;
	int rc;
#define PREP(sql)                            \
	do {                                 \
		sqlite3_finalize(st);        \
		st = NULL;                   \
		if ((rc = prepare(s, sql, &st))) \
			goto out;            \
	} while (0)
#define STEP(what)                                   \
	do {                                         \
		if ((rc = step_done(s, st, what)))   \
			goto out;                    \
	} while (0)

	if ((rc = exec(s, "DELETE FROM number_segment; DELETE FROM subtopic; "
	                  "DELETE FROM not_admissible_reason; DELETE FROM category; "
	                  "DELETE FROM enterprise; DELETE FROM province")))
		goto out;
	PREP("INSERT INTO province(code, name, short_name, national) VALUES (?1, ?2, ?3, ?4)");
	for (size_t i = 0; i < ref->nprovinces; i++) {
		const struct province *p = &ref->provinces[i];
		bind_text(st, 1, p->code);
		bind_text(st, 2, p->name);
		bind_text(st, 3, p->short_name);
		sqlite3_bind_int(st, 4, p->national);
		STEP("province");
	}
	PREP("INSERT INTO enterprise(id, code, name, full_name, kind, parent_id, province, host_id) "
	     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	/* Groups before branches and hosts before resellers, for the foreign keys. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < ref->nenterprises; i++) {
			const struct enterprise *e = &ref->enterprises[i];
			if ((pass == 0) != (e->parent_id == 0 && e->host_id == 0))
				continue;
			sqlite3_bind_int64(st, 1, e->id);
			bind_text(st, 2, e->code);
			bind_text(st, 3, e->name);
			bind_text(st, 4, e->full_name);
			bind_text(st, 5, enterprise_kind_code(e->kind));
			bind_id(st, 6, e->parent_id);
			bind_text(st, 7, e->province);
			bind_id(st, 8, e->host_id);
			STEP("enterprise");
		}
	PREP("INSERT INTO category(id, scheme, code, name, valid_from, valid_to) "
	     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	for (size_t i = 0; i < ref->ncategories; i++) {
		const struct category *c = &ref->categories[i];
		sqlite3_bind_int64(st, 1, c->id);
		bind_text(st, 2, c->scheme);
		bind_text(st, 3, c->code);
		bind_text(st, 4, c->name);
		bind_date(st, 5, c->valid_from);
		bind_date(st, 6, c->valid_to);
		STEP("category");
	}
	PREP("INSERT INTO subtopic(id, category_id, name) VALUES (?1, ?2, ?3)");
	for (size_t i = 0; i < ref->nsubtopics; i++) {
		sqlite3_bind_int64(st, 1, ref->subtopics[i].id);
		sqlite3_bind_int64(st, 2, ref->subtopics[i].category_id);
		bind_text(st, 3, ref->subtopics[i].name);
		STEP("subtopic");
	}
	PREP("INSERT INTO not_admissible_reason(code, title, rule) VALUES (?1, ?2, ?3)");
	for (size_t i = 0; i < ref->nreasons; i++) {
		bind_text(st, 1, ref->reasons[i].code);
		bind_text(st, 2, ref->reasons[i].title);
		bind_text(st, 3, ref->reasons[i].rule);
		STEP("reason");
	}
	PREP("INSERT INTO number_segment(prefix, operator_id, reseller) VALUES (?1, ?2, ?3)");
	for (size_t i = 0; i < ref->nsegments; i++) {
		bind_text(st, 1, ref->segments[i].prefix);
		sqlite3_bind_int64(st, 2, ref->segments[i].operator_id);
		sqlite3_bind_int(st, 3, ref->segments[i].reseller);
		STEP("number segment");
	}
out:
	sqlite3_finalize(st);
	return rc;
#undef PREP
#undef STEP
}

static int sqlite_reference_save(store *base, const struct reference *ref)
{
	return in_transaction(S(base), save_reference, ref);
}

static char *col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return arena_strdup(a, t ? (const char *)t : "");
}

static int32_t col_date(sqlite3_stmt *st, int i, int32_t open)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	int32_t day;
	return t && date_parse(t, strlen(t), &day) == 0 ? day : open;
}

static void copy_code(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

/* Runs a query and returns its rows as an arena array via the row callback. */
static int load_rows(struct sqlite_store *s, const char *sql, struct arena *a, size_t elem,
                     void **items, size_t *n,
                     void (*row)(struct arena *a, sqlite3_stmt *st, void *item))
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, sql);
	size_t cap = 64, count = 0;
	char *buf = sh_xmalloc(cap * elem);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap)
			buf = sh_xrealloc(buf, (cap *= 2) * elem);
		memset(buf + count * elem, 0, elem);
		row(a, st, buf + count * elem);
		count++;
	}
	int err = rc == SQLITE_DONE ? 0 : fail(s, rc, sql);
	sqlite3_finalize(st);
	if (!err) {
		*items = memcpy(arena_alloc(a, count * elem + 1), buf, count * elem);
		*n = count;
	}
	free(buf);
	return err;
}

static void province_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct province *p = item;
	copy_code(p->code, sizeof p->code, (const char *)sqlite3_column_text(st, 0));
	p->name = col_text(a, st, 1);
	p->short_name = col_text(a, st, 2);
	p->national = sqlite3_column_int(st, 3);
}

static void enterprise_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct enterprise *e = item;
	e->id = sqlite3_column_int64(st, 0);
	e->code = col_text(a, st, 1);
	e->name = col_text(a, st, 2);
	e->full_name = col_text(a, st, 3);
	enterprise_kind_parse((const char *)sqlite3_column_text(st, 4), &e->kind);
	e->parent_id = sqlite3_column_int64(st, 5);
	copy_code(e->province, sizeof e->province, (const char *)sqlite3_column_text(st, 6));
	e->host_id = sqlite3_column_int64(st, 7);
}

static void category_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct category *c = item;
	c->id = sqlite3_column_int64(st, 0);
	c->scheme = col_text(a, st, 1);
	c->code = col_text(a, st, 2);
	c->name = col_text(a, st, 3);
	c->valid_from = col_date(st, 4, DATE_OPEN_START);
	c->valid_to = col_date(st, 5, DATE_OPEN_END);
}

static void subtopic_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct subtopic *t = item;
	t->id = sqlite3_column_int64(st, 0);
	t->category_id = sqlite3_column_int64(st, 1);
	t->name = col_text(a, st, 2);
}

static void reason_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct reason *r = item;
	r->code = col_text(a, st, 0);
	r->title = col_text(a, st, 1);
	r->rule = col_text(a, st, 2);
}

static void segment_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	(void)a;
	struct number_segment *g = item;
	copy_code(g->prefix, sizeof g->prefix, (const char *)sqlite3_column_text(st, 0));
	g->operator_id = sqlite3_column_int64(st, 1);
	g->reseller = sqlite3_column_int(st, 2);
}

static int sqlite_reference_load(store *base, struct reference *ref)
{
	struct sqlite_store *s = S(base);
	struct arena *a = &ref->arena;
	int rc;
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
	    (rc = load_rows(s, "SELECT code, title, rule FROM not_admissible_reason ORDER BY rowid",
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

struct holiday_args {
	const struct holiday_schedule *sch;
	const char *source;
};

static int save_holidays(struct sqlite_store *s, const void *arg)
{
	const struct holiday_args *h = arg;
	sqlite3_stmt *st = NULL;
	int rc;
	if ((rc = prepare(s, "DELETE FROM holiday_schedule WHERE year = ?1", &st)))
		return rc;
	sqlite3_bind_int(st, 1, h->sch->year);
	rc = step_done(s, st, "holiday schedule");
	sqlite3_finalize(st);
	if (rc || (rc = prepare(s, "INSERT INTO holiday_schedule(year, source, loaded_at) "
	                           "VALUES (?1, ?2, ?3)", &st)))
		return rc;
	sqlite3_bind_int(st, 1, h->sch->year);
	bind_text(st, 2, h->source);
	sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
	rc = step_done(s, st, "holiday schedule");
	sqlite3_finalize(st);
	if (rc || (rc = exec(s, "INSERT INTO meta(key, value) VALUES ('calendar_revision', '1') "
	                        "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")))
		return rc;
	if ((rc = prepare(s, "INSERT INTO holiday(year, day, off, name) VALUES (?1, ?2, ?3, ?4)",
	                        &st)))
		return rc;
	for (size_t i = 0; i < h->sch->n && !rc; i++) {
		sqlite3_bind_int(st, 1, h->sch->year);
		bind_date(st, 2, h->sch->days[i].day);
		sqlite3_bind_int(st, 3, h->sch->days[i].off);
		bind_text(st, 4, h->sch->days[i].name);
		rc = step_done(s, st, "holiday");
	}
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_holiday_save(store *base, const struct holiday_schedule *sch, const char *source)
{
	struct holiday_args h = {sch, source};
	return in_transaction(S(base), save_holidays, &h);
}

static int sqlite_calendar_load(store *base, calendar *cal)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT s.year, h.day, h.off FROM holiday_schedule s "
	                            "LEFT JOIN holiday h ON h.year = s.year ORDER BY s.year, h.day",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, "calendar");
	size_t cap = 64, n = 0;
	struct calendar_override *days = sh_xmalloc(cap * sizeof *days);
	int year = 0, err = 0;
	for (;;) {
		rc = sqlite3_step(st);
		int y = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
		if (year && y != year) {
			if ((err = calendar_add_schedule(cal, year, days, n)) != 0) {
				snprintf(s->base.error, sizeof s->base.error,
				         "stored holiday schedule %d is invalid", year);
				break;
			}
			n = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		year = y;
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			continue;
		if (n == cap)
			days = sh_xrealloc(days, (cap *= 2) * sizeof *days);
		days[n].day = col_date(st, 1, 0);
		days[n].off = sqlite3_column_int(st, 2);
		n++;
	}
	if (!err && rc != SQLITE_DONE)
		err = fail(s, rc, "calendar");
	sqlite3_finalize(st);
	free(days);
	return err;
}

static int sqlite_calendar_revision(store *base, int64_t *out)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = prepare(s, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'calendar_revision'",
	                 &st);
	if (rc)
		return rc;
	rc = sqlite3_step(st);
	int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	int err = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail(s, rc, "calendar revision");
	sqlite3_finalize(st);
	if (!err)
		*out = v;
	return err;
}

static int sqlite_import_begin(store *base, const char *kind, const char *source, int64_t *batch_id)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = prepare(s, "INSERT INTO import_batch(kind, source, started_at) VALUES (?1, ?2, ?3)",
	                 &st);
	if (rc)
		return rc;
	bind_text(st, 1, kind);
	bind_text(st, 2, source);
	sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
	rc = step_done(s, st, "import batch");
	sqlite3_finalize(st);
	if (rc == 0)
		*batch_id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static int sqlite_import_finish(store *base, int64_t batch_id, int64_t rows)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = prepare(s, "UPDATE import_batch SET rows = ?2, finished_at = ?3 WHERE id = ?1", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, batch_id);
	sqlite3_bind_int64(st, 2, rows);
	sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
	rc = step_done(s, st, "import batch");
	sqlite3_finalize(st);
	return rc;
}

/* The next case sequence number for (province, year). */
static int next_case_seq(struct sqlite_store *s, const char *province, int year, int64_t *out)
{
	int rc;
	if (!s->in_txn) {
		if (!s->counter_next &&
		    (rc = prepare(s,
		                  "INSERT INTO case_counter(province, year, last) VALUES (?1, ?2, 1) "
		                  "ON CONFLICT(province, year) DO UPDATE SET last = last + 1 "
		                  "RETURNING last",
		                  &s->counter_next)))
			return rc;
		sqlite3_bind_text(s->counter_next, 1, province, 2, SQLITE_TRANSIENT);
		sqlite3_bind_int(s->counter_next, 2, year);
		rc = sqlite3_step(s->counter_next);
		if (rc == SQLITE_ROW)
			*out = sqlite3_column_int64(s->counter_next, 0);
		rc = rc == SQLITE_ROW ? 0 : fail(s, rc, "case counter");
		sqlite3_reset(s->counter_next);
		return rc;
	}
	int key = ((province[0] - '0') * 10 + (province[1] - '0')) * 10000 + year;
	unsigned h = (unsigned)key * 2654435761u % COUNTER_SLOTS;
	while (s->counters[h].key && s->counters[h].key != key)
		h = (h + 1) % COUNTER_SLOTS;
	struct counter *c = &s->counters[h];
	if (!c->key) {
		if (!s->counter_get &&
		    (rc = prepare(s, "SELECT last FROM case_counter WHERE province = ?1 AND year = ?2",
		                  &s->counter_get)))
			return rc;
		sqlite3_bind_text(s->counter_get, 1, province, 2, SQLITE_TRANSIENT);
		sqlite3_bind_int(s->counter_get, 2, year);
		rc = sqlite3_step(s->counter_get);
		c->last = rc == SQLITE_ROW ? sqlite3_column_int64(s->counter_get, 0) : 0;
		sqlite3_reset(s->counter_get);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return fail(s, rc, "case counter");
		c->key = key;
		s->used[s->nused++] = (int)h;
	}
	c->last++;
	c->dirty = 1;
	*out = c->last;
	return 0;
}

static void bind_day(sqlite3_stmt *st, int i, int32_t day)
{
	if (day)
		bind_date(st, i, day);
	else
		sqlite3_bind_null(st, i);
}

static void bind_instant(sqlite3_stmt *st, int i, int64_t t)
{
	if (t == NO_INSTANT)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, t);
}

/* ---- the monthly summary --------------------------------------------------- */

static int month_write(void *ctx, const struct stat_delta *x)
{
	struct sqlite_store *s = ctx;
	sqlite3_stmt *st;
	int rc = cached(s,
	                "INSERT INTO complaint_month(month, province, category_id, subtopic_id, "
	                "enterprise_id, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	                "ON CONFLICT(month, province, category_id, subtopic_id, enterprise_id) "
	                "DO UPDATE SET n = n + excluded.n",
	                &st);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, x->month);
	sqlite3_bind_text(st, 2, x->province, 2, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, x->category_id);
	sqlite3_bind_int64(st, 4, x->subtopic_id);
	sqlite3_bind_int64(st, 5, x->enterprise_id);
	sqlite3_bind_int64(st, 6, x->delta);
	rc = step_done(s, st, "statistics summary");
	release(s, st);
	return rc;
}

/* A complaint starts or stops counting (delta +1 / -1). */
static int month_change(struct sqlite_store *s, const struct complaint *c, int64_t delta)
{
	struct stat_delta x = stat_delta_of(c, delta);
	if (s->caller_txn) {
		stat_deltas_add(&s->months, &x);
		return 0;
	}
	return month_write(s, &x);
}

/* Fills the summary from the complaints there are (migration to v3). */
static int backfill_months(struct sqlite_store *s)
{
	sqlite3_stmt *st;
	int rc = prepare(s,
	                 "SELECT received_at, province, category_id, coalesce(subtopic_id, 0), "
	                 "enterprise_id, state FROM complaint",
	                 &st);
	if (rc)
		return rc;
	struct stat_deltas d = {0};
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		enum complaint_state state;
		const char *code = (const char *)sqlite3_column_text(st, 5);
		if (complaint_state_parse(code, strlen(code), &state) || !complaint_state_counted(state))
			continue;
		struct stat_delta x = {
			.month = stat_month_of(sqlite3_column_int64(st, 0)),
			.category_id = sqlite3_column_int64(st, 2),
			.subtopic_id = sqlite3_column_int64(st, 3),
			.enterprise_id = sqlite3_column_int64(st, 4),
			.delta = 1,
		};
		copy_code(x.province, sizeof x.province, (const char *)sqlite3_column_text(st, 1));
		stat_deltas_add(&d, &x);
	}
	sqlite3_finalize(st);
	rc = rc == SQLITE_DONE ? stat_deltas_each(&d, month_write, s) : fail(s, rc, "statistics summary");
	stat_deltas_free(&d);
	return rc;
}

/* One insert for imported and online cases alike; personal fields are NULL
 * for imported history. */
static int insert_case(struct sqlite_store *s, struct complaint *c, int64_t batch_id,
                       const char *query_hash)
{
	int rc;
	if (!s->insert_complaint &&
	    (rc = prepare(s,
	                  "INSERT INTO complaint(case_no, province, enterprise_id, category_id, "
	                  "subtopic_id, state, outcome, received_at, closed_at, description, "
	                  "import_batch_id, name, phone, address, city, postcode, demand, event_day, "
	                  "operator_answer, operator_day, materials_day, accept_due, answer_due, "
	                  "reply_due, forwarded_to, reason, query_hash, version) VALUES (?1, ?2, ?3, "
	                  "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
	                  "?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
	                  &s->insert_complaint)))
		return rc;
	int64_t seq = 0; /* set by next_case_seq; -O2 cannot tell that fail() is never 0 */
	int year = date_year(date_of_instant(c->received_at, SH_BEIJING_OFFSET));
	if ((rc = next_case_seq(s, c->province, year, &seq)))
		return rc;
	char case_no[CASE_NO_MAX];
	complaint_format_case_no(case_no, c->province, year, seq);
	sqlite3_stmt *st = s->insert_complaint;
	sqlite3_bind_text(st, 1, case_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->province, 2, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, c->enterprise_id);
	sqlite3_bind_int64(st, 4, c->category_id);
	bind_id(st, 5, c->subtopic_id);
	sqlite3_bind_text(st, 6, complaint_state_code(c->state), -1, SQLITE_STATIC);
	bind_text(st, 7, complaint_outcome_code(c->outcome));
	sqlite3_bind_int64(st, 8, c->received_at);
	bind_instant(st, 9, c->closed_at);
	sqlite3_bind_text(st, 10, c->description ? c->description : "", (int)c->description_len,
	                  SQLITE_STATIC);
	bind_id(st, 11, batch_id);
	bind_text(st, 12, c->name);
	bind_text(st, 13, c->phone);
	bind_text(st, 14, c->address);
	bind_text(st, 15, c->city);
	bind_text(st, 16, c->postcode);
	bind_text(st, 17, c->demand);
	bind_day(st, 18, c->event_day);
	if (c->name) /* online cases record the operator question; imports do not know it */
		bind_text(st, 19, operator_answer_code(c->operator_answer));
	bind_day(st, 20, c->operator_day);
	bind_day(st, 21, c->materials_day);
	bind_day(st, 22, c->accept_due);
	bind_day(st, 23, c->answer_due);
	bind_day(st, 24, c->reply_due);
	bind_id(st, 25, c->forwarded_to);
	bind_text(st, 26, c->reason);
	bind_text(st, 27, query_hash);
	sqlite3_bind_int(st, 28, c->version ? c->version : 1);
	if ((rc = step_done(s, st, "insert complaint")))
		return rc;
	if (complaint_state_counted(c->state) && (rc = month_change(s, c, 1)) != 0)
		return rc;
	c->id = sqlite3_last_insert_rowid(s->db);
	if (!c->version)
		c->version = 1;
	memcpy(c->case_no, case_no, sizeof case_no);
	return 0;
}

static int sqlite_complaint_insert(store *base, struct complaint *c, int64_t batch_id)
{
	return insert_case(S(base), c, batch_id, NULL);
}

static int sqlite_complaint_count(store *base, int64_t *out)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM complaint", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, "count");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	int err = rc == SQLITE_ROW ? 0 : fail(s, rc, "count");
	sqlite3_finalize(st);
	return err;
}

static int sqlite_subscribers_put(store *base, const char *period, int64_t enterprise_id,
                                  int64_t subs)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = prepare(s,
	                 "INSERT INTO subscriber_count(period, enterprise_id, subscribers_10k) "
	                 "VALUES (?1, ?2, ?3) ON CONFLICT(period, enterprise_id) "
	                 "DO UPDATE SET subscribers_10k = excluded.subscribers_10k",
	                 &st);
	if (rc)
		return rc;
	bind_text(st, 1, period);
	sqlite3_bind_int64(st, 2, enterprise_id);
	sqlite3_bind_int64(st, 3, subs);
	rc = step_done(s, st, "subscribers");
	sqlite3_finalize(st);
	return rc;
}

/* ---- cases filed online --------------------------------------------------- */

#define CASE_COLUMNS                                                                        \
	"id, case_no, province, enterprise_id, category_id, subtopic_id, state, outcome, "  \
	"received_at, closed_at, description, version, name, phone, address, city, postcode, " \
	"demand, event_day, operator_answer, operator_day, materials_day, accept_due, "      \
	"answer_due, reply_due, forwarded_to, reason, query_hash, survey_score, survey_comment"

static const char *col_opt(struct arena *a, sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : col_text(a, st, i);
}

static void read_case(struct arena *a, sqlite3_stmt *st, struct complaint *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	copy_code(c->case_no, sizeof c->case_no, (const char *)sqlite3_column_text(st, 1));
	copy_code(c->province, sizeof c->province, (const char *)sqlite3_column_text(st, 2));
	c->enterprise_id = sqlite3_column_int64(st, 3);
	c->category_id = sqlite3_column_int64(st, 4);
	c->subtopic_id = sqlite3_column_int64(st, 5);
	const char *t = (const char *)sqlite3_column_text(st, 6);
	complaint_state_parse(t, strlen(t), &c->state);
	t = (const char *)sqlite3_column_text(st, 7);
	c->outcome = OUTCOME_NONE;
	if (t && *t)
		complaint_outcome_parse(t, strlen(t), &c->outcome);
	c->received_at = sqlite3_column_int64(st, 8);
	c->closed_at = sqlite3_column_type(st, 9) == SQLITE_NULL ? NO_INSTANT
	                                                          : sqlite3_column_int64(st, 9);
	c->description = col_text(a, st, 10);
	c->description_len = strlen(c->description);
	c->version = sqlite3_column_int(st, 11);
	c->name = col_opt(a, st, 12);
	c->phone = col_opt(a, st, 13);
	c->address = col_opt(a, st, 14);
	c->city = col_opt(a, st, 15);
	c->postcode = col_opt(a, st, 16);
	c->demand = col_opt(a, st, 17);
	c->event_day = col_date(st, 18, 0);
	t = (const char *)sqlite3_column_text(st, 19);
	c->operator_answer = OPERATOR_NOT_ASKED;
	if (t)
		operator_answer_parse(t, strlen(t), &c->operator_answer);
	c->operator_day = col_date(st, 20, 0);
	c->materials_day = col_date(st, 21, 0);
	c->accept_due = col_date(st, 22, 0);
	c->answer_due = col_date(st, 23, 0);
	c->reply_due = col_date(st, 24, 0);
	c->forwarded_to = sqlite3_column_int64(st, 25);
	copy_code(c->reason, sizeof c->reason, (const char *)sqlite3_column_text(st, 26));
	c->survey_score = sqlite3_column_int(st, 28);
	c->survey_comment = col_opt(a, st, 29);
}

static int insert_event(struct sqlite_store *s, const struct complaint_event *ev)
{
	int rc;
	if (!s->insert_event &&
	    (rc = prepare(s,
	                  "INSERT INTO complaint_event(complaint_id, at, user_id, role, action, "
	                  "from_state, to_state, reason, comment, internal) "
	                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	                  &s->insert_event)))
		return rc;
	sqlite3_stmt *st = s->insert_event;
	sqlite3_bind_int64(st, 1, ev->complaint_id);
	sqlite3_bind_int64(st, 2, ev->at);
	bind_id(st, 3, ev->user_id);
	bind_text(st, 4, role_code(ev->role));
	bind_text(st, 5, action_code(ev->action));
	bind_text(st, 6, complaint_state_code(ev->from));
	bind_text(st, 7, complaint_state_code(ev->to));
	bind_text(st, 8, ev->reason);
	bind_text(st, 9, ev->comment);
	sqlite3_bind_int(st, 10, ev->internal);
	return step_done(s, st, "insert event");
}

struct create_args {
	struct complaint *c;
	const char *query_hash;
	struct complaint_event *ev;
};

static int create_case(struct sqlite_store *s, const void *arg)
{
	const struct create_args *a = arg;
	int rc = insert_case(s, a->c, 0, a->query_hash);
	if (rc)
		return rc;
	a->ev->complaint_id = a->c->id;
	return insert_event(s, a->ev);
}

/* Writes a batch in one transaction; sets each item's rc. */
static void write_batch(struct sqlite_store *s, struct pending *batch)
{
	int rc = sqlite_begin(&s->base);
	for (struct pending *p = batch; p; p = p->next) {
		if (rc) {
			p->rc = rc;
			continue;
		}
		struct create_args a = {p->c, p->query_hash, p->ev};
		if ((p->rc = exec(s, "SAVEPOINT one_case")) == 0) {
			p->rc = create_case(s, &a);
			if (p->rc)
				exec(s, "ROLLBACK TO one_case");
			exec(s, "RELEASE one_case");
		}
	}
	if (rc == 0 && (rc = sqlite_commit(&s->base)) != 0)
		for (struct pending *p = batch; p; p = p->next)
			if (p->rc == 0)
				p->rc = rc;
}

static int sqlite_case_create(store *base, struct complaint *c, const char *query_hash,
                              struct complaint_event *ev)
{
	struct sqlite_store *s = S(base);
	if (s->in_txn) {
		struct create_args a = {c, query_hash, ev};
		return create_case(s, &a);
	}
	struct group *g = s->group;
	struct pending me = {.c = c, .query_hash = query_hash, .ev = ev};
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
			store *w;
			char err[256];
			if (sqlite_store_open(g->path, &w, err, sizeof err) == 0) {
				g->writer = S(w);
				exec(g->writer, "PRAGMA cache_size = -65536");
			}
		}
		write_batch(g->writer ? g->writer : s, batch);
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

static int sqlite_case_get(store *base, const char *case_no, struct arena *a,
                           struct complaint *out, char *query_hash)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s, "SELECT " CASE_COLUMNS " FROM complaint WHERE case_no = ?1", &st);
	if (rc)
		return rc;
	bind_text(st, 1, case_no);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_case(a, st, out);
		if (query_hash)
			copy_code(query_hash, STORE_HASH_HEX, (const char *)sqlite3_column_text(st, 27));
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? SH_ENOTFOUND : fail(s, rc, "get case");
	}
	release(s, st);
	return rc;
}

struct update_args {
	const struct complaint *c;
	int expected;
	const struct complaint_event *ev;
};

static int update_case(struct sqlite_store *s, const void *arg)
{
	const struct update_args *u = arg;
	const struct complaint *c = u->c;
	sqlite3_stmt *st;
	int rc = cached(s,
	                 "UPDATE complaint SET state = ?3, outcome = ?4, closed_at = ?5, version = ?6, "
	                 "materials_day = ?7, accept_due = ?8, answer_due = ?9, reply_due = ?10, "
	                 "forwarded_to = ?11, reason = ?12 WHERE id = ?1 AND version = ?2",
	                 &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_int(st, 2, u->expected);
	bind_text(st, 3, complaint_state_code(c->state));
	bind_text(st, 4, complaint_outcome_code(c->outcome));
	bind_instant(st, 5, c->closed_at);
	sqlite3_bind_int(st, 6, c->version);
	bind_day(st, 7, c->materials_day);
	bind_day(st, 8, c->accept_due);
	bind_day(st, 9, c->answer_due);
	bind_day(st, 10, c->reply_due);
	bind_id(st, 11, c->forwarded_to);
	bind_text(st, 12, c->reason);
	rc = step_done(s, st, "update case");
	release(s, st);
	if (rc)
		return rc;
	if (sqlite3_changes(s->db) != 1) {
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

static int sqlite_case_update(store *base, const struct complaint *after, int expected_version,
                              const struct complaint_event *ev)
{
	struct update_args u = {after, expected_version, ev};
	return in_transaction(S(base), update_case, &u);
}

static int sqlite_case_events(store *base, int64_t complaint_id, struct arena *a,
                              struct complaint_event **out, size_t *n)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s,
	                 "SELECT at, user_id, role, action, from_state, to_state, reason, comment, "
	                 "internal FROM complaint_event WHERE complaint_id = ?1 ORDER BY id",
	                 &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, complaint_id);
	size_t cap = 8, count = 0;
	struct complaint_event *ev = arena_alloc(a, cap * sizeof *ev);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			struct complaint_event *grown = arena_alloc(a, 2 * cap * sizeof *ev);
			memcpy(grown, ev, cap * sizeof *ev);
			ev = grown;
			cap *= 2;
		}
		struct complaint_event *e = &ev[count++];
		memset(e, 0, sizeof *e);
		e->complaint_id = complaint_id;
		e->at = sqlite3_column_int64(st, 0);
		e->user_id = sqlite3_column_int64(st, 1);
		const char *t = (const char *)sqlite3_column_text(st, 2);
		role_parse(t, strlen(t), &e->role);
		t = (const char *)sqlite3_column_text(st, 3);
		action_parse(t, strlen(t), &e->action);
		t = (const char *)sqlite3_column_text(st, 4);
		complaint_state_parse(t, strlen(t), &e->from);
		t = (const char *)sqlite3_column_text(st, 5);
		complaint_state_parse(t, strlen(t), &e->to);
		e->reason = col_opt(a, st, 6);
		e->comment = col_opt(a, st, 7);
		e->internal = sqlite3_column_int(st, 8);
	}
	int err = rc == SQLITE_DONE ? 0 : fail(s, rc, "events");
	release(s, st);
	if (!err) {
		*out = ev;
		*n = count;
	}
	return err;
}

static int sqlite_case_duplicate(store *base, const char *phone, int64_t enterprise_id,
                                 int64_t exclude_id, char *case_no)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s,
	                 "SELECT case_no FROM complaint WHERE phone = ?1 AND enterprise_id = ?2 "
	                 "AND id <> ?3 AND state NOT IN ('closed', 'not_accepted', "
	                 "'enquiry_answered') ORDER BY id DESC LIMIT 1",
	                 &st);
	if (rc)
		return rc;
	bind_text(st, 1, phone);
	sqlite3_bind_int64(st, 2, enterprise_id);
	sqlite3_bind_int64(st, 3, exclude_id);
	rc = sqlite3_step(st);
	case_no[0] = '\0';
	if (rc == SQLITE_ROW)
		copy_code(case_no, CASE_NO_MAX, (const char *)sqlite3_column_text(st, 0));
	int err = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail(s, rc, "duplicate");
	release(s, st);
	return err;
}

static int sqlite_case_survey(store *base, int64_t complaint_id, int score, const char *comment,
                              int64_t at)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s,
	                 "UPDATE complaint SET survey_score = ?2, survey_comment = ?3, survey_at = ?4 "
	                 "WHERE id = ?1 AND survey_score IS NULL",
	                 &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, complaint_id);
	sqlite3_bind_int(st, 2, score);
	bind_text(st, 3, comment);
	sqlite3_bind_int64(st, 4, at);
	rc = step_done(s, st, "survey");
	release(s, st);
	if (rc == 0 && sqlite3_changes(s->db) != 1)
		return SH_ECONFLICT;
	return rc;
}

static int sqlite_case_list(store *base, const struct case_filter *f, struct arena *a,
                            struct complaint **out, size_t *n)
{
	struct sqlite_store *s = S(base);
	char sql[4096];
	int len = snprintf(sql, sizeof sql, "SELECT " CASE_COLUMNS " FROM complaint WHERE 1 = 1");
#define WHERE(cond, ...) len += snprintf(sql + len, sizeof sql - (size_t)len, " AND " cond, ##__VA_ARGS__)
	if (f->province)
		WHERE("province = ?1");
	if (f->enterprise_id)
		WHERE("enterprise_id = ?2");
	if (f->forwarded_group)
		WHERE("forwarded_to IN (SELECT id FROM enterprise WHERE id = ?3 OR parent_id = ?3)");
	if (f->category_id)
		WHERE("category_id = ?4");
	if (f->subtopic_id)
		WHERE("subtopic_id = ?5");
	if (f->state >= 0)
		WHERE("state = ?6");
	if (f->received_from)
		WHERE("received_at >= ?7");
	if (f->received_to)
		WHERE("received_at < ?8");
	if (f->overdue_on)
		WHERE("((state = 'submitted' AND accept_due < ?9) OR (state NOT IN ('closed', "
		      "'not_accepted', 'enquiry_answered') AND answer_due < ?9) OR "
		      "(state = 'forwarded' AND reply_due < ?9))");
	if (f->due_by)
		WHERE("((state = 'submitted' AND accept_due <= ?10) OR (state NOT IN ('closed', "
		      "'not_accepted', 'enquiry_answered') AND answer_due <= ?10) OR "
		      "(state = 'forwarded' AND reply_due <= ?10))");
	if (f->after_id && f->by_due)
		WHERE("(" SCHEMA_NEXT_DUE " > ?14 OR (" SCHEMA_NEXT_DUE " = ?14 AND id > ?12))");
	else if (f->after_id)
		WHERE("(received_at %c ?11 OR (received_at = ?11 AND id %c ?12))",
		      f->oldest_first ? '>' : '<', f->oldest_first ? '>' : '<');
#undef WHERE
	if (f->by_due)
		snprintf(sql + len, sizeof sql - (size_t)len,
		         " ORDER BY " SCHEMA_NEXT_DUE ", id LIMIT ?13");
	else
		snprintf(sql + len, sizeof sql - (size_t)len, " ORDER BY received_at %s, id %s LIMIT ?13",
		         f->oldest_first ? "ASC" : "DESC", f->oldest_first ? "ASC" : "DESC");
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, "list");
	bind_text(st, 1, f->province);
	sqlite3_bind_int64(st, 2, f->enterprise_id);
	sqlite3_bind_int64(st, 3, f->forwarded_group);
	sqlite3_bind_int64(st, 4, f->category_id);
	sqlite3_bind_int64(st, 5, f->subtopic_id);
	if (f->state >= 0)
		bind_text(st, 6, complaint_state_code((enum complaint_state)f->state));
	sqlite3_bind_int64(st, 7, f->received_from);
	sqlite3_bind_int64(st, 8, f->received_to);
	bind_day(st, 9, f->overdue_on);
	bind_day(st, 10, f->due_by);
	sqlite3_bind_int64(st, 11, f->after_received);
	sqlite3_bind_int64(st, 12, f->after_id);
	int limit = f->limit > 0 && f->limit <= 1000 ? f->limit : 50;
	sqlite3_bind_int(st, 13, limit);
	if (f->by_due && f->after_due == INT32_MAX)
		sqlite3_bind_text(st, 14, SCHEMA_NO_DUE, -1, SQLITE_STATIC);
	else if (f->by_due)
		bind_date(st, 14, f->after_due);
	struct complaint *items = arena_alloc(a, (size_t)limit * sizeof *items);
	size_t count = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_case(a, st, &items[count++]);
	int err = rc == SQLITE_DONE ? 0 : fail(s, rc, "list");
	sqlite3_finalize(st);
	if (!err) {
		*out = items;
		*n = count;
	}
	return err;
}

/* ---- statistics ----------------------------------------------------------- */

static const char stat_raw_sql[] =
	"SELECT province, category_id, coalesce(subtopic_id, 0), enterprise_id, count(*) "
	"FROM complaint WHERE received_at >= ?1 AND received_at < ?2 "
	"AND (?3 IS NULL OR province = ?3) "
	"AND state IN ('accepted', 'forwarded', 'replied', 'mediation', 'closed') "
	"GROUP BY province, category_id, subtopic_id, enterprise_id";

static const char stat_month_sql[] =
	"SELECT province, category_id, subtopic_id, enterprise_id, sum(n) FROM complaint_month "
	"WHERE month >= ?1 AND month < ?2 AND (?3 IS NULL OR province = ?3) "
	"GROUP BY province, category_id, subtopic_id, enterprise_id";

/* Appends the rows of one statistics query to *cells. */
static int stat_rows(struct sqlite_store *s, const char *sql, int64_t lo, int64_t hi,
                     const char *province, struct stat_cell **cells, size_t *count, size_t *cap)
{
	if (lo >= hi)
		return 0;
	sqlite3_stmt *st;
	int rc = cached(s, sql, &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	bind_text(st, 3, province);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*count == *cap)
			*cells = sh_xrealloc(*cells, (*cap *= 2) * sizeof **cells);
		struct stat_cell *c = &(*cells)[(*count)++];
		copy_code(c->province, sizeof c->province, (const char *)sqlite3_column_text(st, 0));
		c->category_id = sqlite3_column_int64(st, 1);
		c->subtopic_id = sqlite3_column_int64(st, 2);
		c->enterprise_id = sqlite3_column_int64(st, 3);
		c->count = sqlite3_column_int64(st, 4);
	}
	int err = rc == SQLITE_DONE ? 0 : fail(s, rc, "statistics");
	release(s, st);
	return err;
}

/* Whole months from the summary, the partial months at the edges from the
 * complaints themselves (see stat_month.h). */
static int sqlite_stat_counts(store *base, int64_t from, int64_t to, const char *province,
                              struct arena *a, struct stat_cell **out, size_t *n)
{
	struct sqlite_store *s = S(base);
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

static const char subscribers_sql[] =
	"SELECT enterprise_id, subscribers_10k FROM subscriber_count WHERE period = ?1";

static int sqlite_subscribers_get(store *base, const char *period, struct arena *a,
                                  int64_t **pairs, size_t *n)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s, subscribers_sql, &st);
	if (rc)
		return rc;
	bind_text(st, 1, period);
	size_t cap = 32, count = 0;
	int64_t *p = arena_alloc(a, cap * 2 * sizeof *p);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && count < cap) {
		p[2 * count] = sqlite3_column_int64(st, 0);
		p[2 * count + 1] = sqlite3_column_int64(st, 1);
		count++;
	}
	int err = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fail(s, rc, "subscribers");
	release(s, st);
	if (!err) {
		*pairs = p;
		*n = count;
	}
	return err;
}

/* ---- staff accounts and sessions ------------------------------------------ */

static void read_user(struct arena *a, sqlite3_stmt *st, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	u->name = col_text(a, st, 1);
	const char *role = (const char *)sqlite3_column_text(st, 2);
	role_parse(role, strlen(role), &u->actor.role);
	copy_code(u->actor.province, sizeof u->actor.province,
	          (const char *)sqlite3_column_text(st, 3));
	u->actor.enterprise_id = sqlite3_column_int64(st, 4);
	u->actor.user_id = u->id;
	u->disabled = sqlite3_column_int(st, 5);
}

static int sqlite_user_add(store *base, struct user *u, const char *password_hash)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = prepare(s,
	                 "INSERT INTO app_user(name, role, province, enterprise_id, password_hash, "
	                 "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	                 &st);
	if (rc)
		return rc;
	bind_text(st, 1, u->name);
	bind_text(st, 2, role_code(u->actor.role));
	bind_text(st, 3, u->actor.province);
	bind_id(st, 4, u->actor.enterprise_id);
	bind_text(st, 5, password_hash);
	sqlite3_bind_int64(st, 6, (int64_t)time(NULL));
	rc = step_done(s, st, "add user");
	sqlite3_finalize(st);
	if (rc == 0)
		u->actor.user_id = u->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static int sqlite_user_by_name(store *base, const char *name, struct arena *a, struct user *out,
                               const char **password_hash)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s,
	                 "SELECT id, name, role, province, enterprise_id, disabled, password_hash "
	                 "FROM app_user WHERE name = ?1",
	                 &st);
	if (rc)
		return rc;
	bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_user(a, st, out);
		*password_hash = col_text(a, st, 6);
	}
	int err = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? SH_ENOTFOUND : fail(s, rc, "user");
	release(s, st);
	return err;
}

static int sqlite_session_create(store *base, const char *token_hash, int64_t user_id,
                                 const char *csrf, int64_t created_at, int64_t expires_at)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	/* Expired sessions go when new ones come, so the table does not grow. */
	int rc = prepare(s, "DELETE FROM session WHERE expires_at <= ?1", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, created_at);
	rc = step_done(s, st, "expire sessions");
	sqlite3_finalize(st);
	if (rc || (rc = prepare(s,
	                        "INSERT INTO session(token_hash, user_id, csrf, created_at, expires_at) "
	                        "VALUES (?1, ?2, ?3, ?4, ?5)",
	                        &st)))
		return rc;
	bind_text(st, 1, token_hash);
	sqlite3_bind_int64(st, 2, user_id);
	bind_text(st, 3, csrf);
	sqlite3_bind_int64(st, 4, created_at);
	sqlite3_bind_int64(st, 5, expires_at);
	rc = step_done(s, st, "session");
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_session_get(store *base, const char *token_hash, int64_t now, struct arena *a,
                              struct user *out, const char **csrf)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s,
	                 "SELECT u.id, u.name, u.role, u.province, u.enterprise_id, u.disabled, "
	                 "s.csrf FROM session s JOIN app_user u ON u.id = s.user_id "
	                 "WHERE s.token_hash = ?1 AND s.expires_at > ?2",
	                 &st);
	if (rc)
		return rc;
	bind_text(st, 1, token_hash);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_user(a, st, out);
		*csrf = col_text(a, st, 6);
	}
	int err = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? SH_ENOTFOUND : fail(s, rc, "session");
	release(s, st);
	return err;
}

static int sqlite_session_delete(store *base, const char *token_hash)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = prepare(s, "DELETE FROM session WHERE token_hash = ?1", &st);
	if (rc)
		return rc;
	bind_text(st, 1, token_hash);
	rc = step_done(s, st, "logout");
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_reply_days(store *base, const char *province, int *out)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s, "SELECT operator_reply_days FROM agency_setting WHERE province = ?1", &st);
	if (rc)
		return rc;
	bind_text(st, 1, province);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	int err = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail(s, rc, "settings");
	release(s, st);
	return err;
}

static int sqlite_reply_days_set(store *base, const char *province, int days)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = prepare(s,
	                 "INSERT INTO agency_setting(province, operator_reply_days) VALUES (?1, ?2) "
	                 "ON CONFLICT(province) DO UPDATE SET operator_reply_days = excluded.operator_reply_days",
	                 &st);
	if (rc)
		return rc;
	bind_text(st, 1, province);
	sqlite3_bind_int(st, 2, days);
	rc = step_done(s, st, "settings");
	sqlite3_finalize(st);
	return rc;
}

/* ---- 12321 reports ------------------------------------------------------------ */

struct report_args {
	struct report *r;
	int64_t operator_id, batch_id;
};

static int insert_report(struct sqlite_store *s, const void *arg)
{
	const struct report_args *x = arg;
	struct report *r = x->r;
	bool app = r->kind == REPORT_BAD_APP;
	sqlite3_stmt *st;
	int rc = cached(s,
	                "INSERT INTO report(kind, reported_at, occurred_at, target, target_kind, "
	                "operator_id, app_name, app_store, reporter, content, import_batch_id) "
	                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	                &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, report_kind_code(r->kind), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->reported_at);
	bind_instant(st, 3, r->occurred_at);
	sqlite3_bind_text(st, 4, app ? r->app_package : r->target, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, app ? "app" : number_kind_code(r->target_kind), -1, SQLITE_STATIC);
	bind_id(st, 6, x->operator_id);
	bind_text(st, 7, r->app_name);
	bind_text(st, 8, r->app_store);
	bind_text(st, 9, r->reporter);
	if (r->content && r->content_len)
		sqlite3_bind_text(st, 10, r->content, (int)r->content_len, SQLITE_STATIC);
	bind_id(st, 11, x->batch_id);
	rc = step_done(s, st, "insert report");
	release(s, st);
	if (rc)
		return rc;
	r->id = sqlite3_last_insert_rowid(s->db);
	if (app) {
		rc = cached(s,
		            "INSERT INTO app(package, name, app_store, state) VALUES (?1, ?2, ?3, "
		            "'reported') ON CONFLICT(package) DO NOTHING",
		            &st);
		if (rc)
			return rc;
		sqlite3_bind_text(st, 1, r->app_package, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, r->app_name && r->app_name[0] ? r->app_name : r->app_package,
		                  -1, SQLITE_STATIC);
		bind_text(st, 3, r->app_store);
		rc = step_done(s, st, "register app");
	} else {
		rc = cached(s,
		            "INSERT INTO reported_number(number, number_kind, operator_id) "
		            "VALUES (?1, ?2, coalesce((SELECT operator_id FROM ported_number "
		            "WHERE number = ?1), ?3)) ON CONFLICT(number) DO NOTHING",
		            &st);
		if (rc)
			return rc;
		sqlite3_bind_text(st, 1, r->target, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, number_kind_code(r->target_kind), -1, SQLITE_STATIC);
		bind_id(st, 3, x->operator_id);
		rc = step_done(s, st, "register number");
	}
	release(s, st);
	return rc;
}

static int sqlite_report_insert(store *base, struct report *r, int64_t operator_id,
                                int64_t batch_id)
{
	struct report_args x = {r, operator_id, batch_id};
	return in_transaction(S(base), insert_report, &x);
}

#define REPORT_COLUMNS                                                                           \
	"id, kind, reported_at, occurred_at, target, target_kind, app_name, app_store, reporter, " \
	"content, invalid"

static void read_report(struct arena *a, sqlite3_stmt *st, struct report *r)
{
	*r = (struct report){.id = sqlite3_column_int64(st, 0), .occurred_at = NO_INSTANT};
	const char *kind = (const char *)sqlite3_column_text(st, 1);
	if (report_kind_parse(kind, strlen(kind), &r->kind))
		r->kind = REPORT_HARASSMENT_CALL;
	r->reported_at = sqlite3_column_int64(st, 2);
	if (sqlite3_column_type(st, 3) != SQLITE_NULL)
		r->occurred_at = sqlite3_column_int64(st, 3);
	const char *target = (const char *)sqlite3_column_text(st, 4);
	const char *tk = (const char *)sqlite3_column_text(st, 5);
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
	r->app_name = col_opt(a, st, 6);
	r->app_store = col_opt(a, st, 7);
	copy_code(r->reporter, sizeof r->reporter, (const char *)sqlite3_column_text(st, 8));
	r->content = col_opt(a, st, 9);
	r->content_len = r->content ? strlen(r->content) : 0;
	r->invalid = sqlite3_column_int(st, 10) != 0;
}

struct invalidate_args {
	int64_t id;
	const char *reason;
	int64_t user_id, at;
	struct arena *a;
	struct report *out;
};

static int invalidate_report(struct sqlite_store *s, const void *arg)
{
	const struct invalidate_args *x = arg;
	sqlite3_stmt *st;
	int rc = cached(s, "SELECT " REPORT_COLUMNS " FROM report WHERE id = ?1", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, x->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_report(x->a, st, x->out);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? SH_ENOTFOUND : fail(s, rc, "get report");
	release(s, st);
	if (rc)
		return rc;
	if (x->out->invalid) {
		snprintf(s->base.error, sizeof s->base.error, "report %lld is invalid already",
		         (long long)x->id);
		return SH_ECONFLICT;
	}
	if ((rc = cached(s,
	                 "UPDATE report SET invalid = 1, invalid_reason = ?2, invalid_by = ?3, "
	                 "invalid_at = ?4 WHERE id = ?1 AND invalid = 0",
	                 &st)))
		return rc;
	sqlite3_bind_int64(st, 1, x->id);
	bind_text(st, 2, x->reason);
	bind_id(st, 3, x->user_id);
	sqlite3_bind_int64(st, 4, x->at);
	rc = step_done(s, st, "invalidate report");
	release(s, st);
	return rc;
}

static int sqlite_report_invalidate(store *base, int64_t id, const char *reason, int64_t user_id,
                                    int64_t at, struct arena *a, struct report *out)
{
	struct invalidate_args x = {id, reason, user_id, at, a, out};
	return in_transaction(S(base), invalidate_report, &x);
}

static int sqlite_report_list(store *base, const struct report_filter *f, struct arena *a,
                              struct report **out, size_t *n)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s,
	                "SELECT " REPORT_COLUMNS " FROM report WHERE (?1 IS NULL OR kind = ?1) "
	                "AND (?2 IS NULL OR target = ?2) AND reported_at >= ?3 AND reported_at < ?4 "
	                "AND id < ?5 ORDER BY id DESC LIMIT ?6",
	                &st);
	if (rc)
		return rc;
	bind_text(st, 1, f->kind >= 0 ? report_kind_code((enum report_kind)f->kind) : NULL);
	bind_text(st, 2, f->target);
	sqlite3_bind_int64(st, 3, f->from ? f->from : INT64_MIN);
	sqlite3_bind_int64(st, 4, f->to ? f->to : INT64_MAX);
	sqlite3_bind_int64(st, 5, f->before_id ? f->before_id : INT64_MAX);
	int limit = f->limit > 0 && f->limit <= 1000 ? f->limit : 100;
	sqlite3_bind_int(st, 6, limit);
	struct report *items = arena_alloc(a, (size_t)limit * sizeof *items);
	size_t count = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_report(a, st, &items[count++]);
	rc = rc == SQLITE_DONE ? 0 : fail(s, rc, "list reports");
	release(s, st);
	*out = items;
	*n = count;
	return rc;
}

static int sqlite_report_counts(store *base, int64_t from, int64_t to,
                                int64_t counts[REPORT_KIND_COUNT])
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s,
	                "SELECT kind, count(*) FROM report WHERE reported_at >= ?1 AND reported_at < ?2 "
	                "AND invalid = 0 GROUP BY kind",
	                &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	memset(counts, 0, REPORT_KIND_COUNT * sizeof *counts);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		enum report_kind k;
		if (report_kind_parse(kind, strlen(kind), &k) == 0)
			counts[k] = sqlite3_column_int64(st, 1);
	}
	rc = rc == SQLITE_DONE ? 0 : fail(s, rc, "count reports");
	release(s, st);
	return rc;
}

static enum disposal col_disposal(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	enum disposal d;
	return t && disposal_parse(t, strlen(t), &d) == 0 ? d : DISPOSAL_NONE;
}

static int64_t col_instant(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NO_INSTANT : sqlite3_column_int64(st, i);
}

/* Reported numbers with their valid counts, dispatch and disposal (one row
 * each), or ported-number records. */
#define NUMBER_SQL                                                                             \
	"SELECT n.number, coalesce(n.operator_id, 0), coalesce(n.dispatch_id, 0), n.disposal, "   \
	"n.disposed_at, coalesce(sum(r.kind = 'harassment_call'), 0), "                          \
	"coalesce(sum(r.kind = 'spam_sms'), 0), coalesce(sum(r.kind = 'fraud_call'), 0), "       \
	"coalesce(sum(r.kind = 'fraud_sms'), 0), min(r.reported_at), max(r.reported_at), "       \
	"d.created_at, coalesce(d.operator_id, 0), coalesce(p.operator_id, 0) "                  \
	"FROM reported_number n LEFT JOIN report r ON r.target = n.number AND r.invalid = 0 "    \
	"LEFT JOIN dispatch d ON d.id = n.dispatch_id "                                          \
	"LEFT JOIN ported_number p ON p.number = n.number "

static void read_number(sqlite3_stmt *st, struct number_record *r)
{
	number_record_empty(r, (const char *)sqlite3_column_text(st, 0));
	r->operator_id = sqlite3_column_int64(st, 1);
	r->dispatch_id = sqlite3_column_int64(st, 2);
	r->disposal = col_disposal(st, 3);
	r->disposed_at = col_instant(st, 4);
	for (int k = 0; k < REPORT_NUMBER_KINDS; k++)
		r->counts[k] = sqlite3_column_int64(st, 5 + k);
	r->first_at = col_instant(st, 9);
	r->last_at = col_instant(st, 10);
	r->dispatched_at = col_instant(st, 11);
	r->dispatch_operator_id = sqlite3_column_int64(st, 12);
	r->ported_operator_id = sqlite3_column_int64(st, 13);
}

static int sqlite_number_scan(store *base, int (*fn)(void *ctx, const struct number_record *r),
                              void *ctx)
{
	struct sqlite_store *s = S(base);
	static const char *const sql[2] = {
		NUMBER_SQL "GROUP BY n.number",
		/* ported numbers nobody reported */
		"SELECT number, operator_id FROM ported_number p WHERE NOT EXISTS "
		"(SELECT 1 FROM reported_number n WHERE n.number = p.number)",
	};
	int rc = 0;
	for (int q = 0; q < 2 && rc == 0; q++) {
		sqlite3_stmt *st;
		if ((rc = prepare(s, sql[q], &st)))
			return rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct number_record r;
			if (q == 0) {
				read_number(st, &r);
			} else {
				number_record_empty(&r, (const char *)sqlite3_column_text(st, 0));
				r.ported_operator_id = sqlite3_column_int64(st, 1);
			}
			if ((rc = fn(ctx, &r)) != 0)
				break;
		}
		if (rc == SQLITE_DONE)
			rc = 0;
		else if (rc > 0)
			rc = fail(s, rc, "scan numbers");
		sqlite3_finalize(st);
	}
	return rc;
}

static int sqlite_number_get(store *base, const char *number, struct number_record *out)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s, NUMBER_SQL "WHERE n.number = ?1 GROUP BY n.number", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_number(st, out);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? SH_ENOTFOUND : fail(s, rc, "get number");
	release(s, st);
	if (rc != SH_ENOTFOUND)
		return rc;
	/* Not reported: perhaps ported. */
	if ((rc = cached(s, "SELECT operator_id FROM ported_number WHERE number = ?1", &st)))
		return rc;
	sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		number_record_empty(out, number);
		out->ported_operator_id = sqlite3_column_int64(st, 0);
	}
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? SH_ENOTFOUND : fail(s, rc, "get number");
	release(s, st);
	return rc;
}

struct ported_args {
	const char *number;
	int64_t operator_id;
	int32_t since;
};

static int put_ported(struct sqlite_store *s, const void *arg)
{
	const struct ported_args *x = arg;
	sqlite3_stmt *st;
	int rc = cached(s,
	                "INSERT INTO ported_number(number, operator_id, since) VALUES (?1, ?2, ?3) "
	                "ON CONFLICT(number) DO UPDATE SET operator_id = excluded.operator_id, "
	                "since = excluded.since",
	                &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, x->number, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, x->operator_id);
	bind_date(st, 3, x->since);
	rc = step_done(s, st, "ported number");
	release(s, st);
	if (rc)
		return rc;
	/* Not dispatched yet: it goes to the operator serving it now. */
	if ((rc = cached(s,
	                 "UPDATE reported_number SET operator_id = ?2 WHERE number = ?1 "
	                 "AND dispatch_id IS NULL",
	                 &st)))
		return rc;
	sqlite3_bind_text(st, 1, x->number, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, x->operator_id);
	rc = step_done(s, st, "ported number");
	release(s, st);
	return rc;
}

static int sqlite_ported_put(store *base, const char *number, int64_t operator_id, int32_t since)
{
	struct ported_args x = {number, operator_id, since};
	return in_transaction(S(base), put_ported, &x);
}

/* ---- dispatch lists ----------------------------------------------------------- */

#define DISPATCH_COLUMNS                                                                   \
	"d.id, d.operator_id, d.created_at, d.due, d.numbers, (SELECT count(*) FROM "      \
	"reported_number n WHERE n.dispatch_id = d.id AND n.disposal IS NOT NULL)"

static void read_dispatch(sqlite3_stmt *st, struct dispatch *d)
{
	d->id = sqlite3_column_int64(st, 0);
	d->operator_id = sqlite3_column_int64(st, 1);
	d->created_at = sqlite3_column_int64(st, 2);
	d->due = col_date(st, 3, 0);
	d->numbers = sqlite3_column_int64(st, 4);
	d->disposed = sqlite3_column_int64(st, 5);
}

struct dispatch_args {
	int64_t now;
	int32_t due;
	struct arena *a;
	struct dispatch **out;
	size_t *n;
};

static int create_dispatches(struct sqlite_store *s, const void *arg)
{
	const struct dispatch_args *x = arg;
	/* Numbers with at least one valid report and a known operator. */
	sqlite3_stmt *st;
	int rc = prepare(s,
	                 "SELECT operator_id, count(*) FROM reported_number n WHERE dispatch_id IS "
	                 "NULL AND operator_id IS NOT NULL AND EXISTS (SELECT 1 FROM report r WHERE "
	                 "r.target = n.number AND r.invalid = 0) GROUP BY operator_id "
	                 "ORDER BY operator_id",
	                 &st);
	if (rc)
		return rc;
	size_t cap = 16, count = 0;
	struct dispatch *items = arena_alloc(x->a, cap * sizeof *items);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			struct dispatch *more = arena_alloc(x->a, 2 * cap * sizeof *items);
			memcpy(more, items, cap * sizeof *items);
			items = more;
			cap *= 2;
		}
		items[count++] = (struct dispatch){.operator_id = sqlite3_column_int64(st, 0),
		                                   .created_at = x->now, .due = x->due,
		                                   .numbers = sqlite3_column_int64(st, 1)};
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, rc, "dispatch");
	for (size_t i = 0; i < count; i++) {
		if ((rc = prepare(s,
		                  "INSERT INTO dispatch(operator_id, created_at, due, numbers) "
		                  "VALUES (?1, ?2, ?3, ?4)",
		                  &st)))
			return rc;
		sqlite3_bind_int64(st, 1, items[i].operator_id);
		sqlite3_bind_int64(st, 2, x->now);
		bind_date(st, 3, x->due);
		sqlite3_bind_int64(st, 4, items[i].numbers);
		rc = step_done(s, st, "dispatch");
		sqlite3_finalize(st);
		if (rc)
			return rc;
		items[i].id = sqlite3_last_insert_rowid(s->db);
		if ((rc = prepare(s,
		                  "UPDATE reported_number SET dispatch_id = ?1 WHERE dispatch_id IS NULL "
		                  "AND operator_id = ?2 AND EXISTS (SELECT 1 FROM report r WHERE "
		                  "r.target = reported_number.number AND r.invalid = 0)",
		                  &st)))
			return rc;
		sqlite3_bind_int64(st, 1, items[i].id);
		sqlite3_bind_int64(st, 2, items[i].operator_id);
		rc = step_done(s, st, "dispatch");
		sqlite3_finalize(st);
		if (rc)
			return rc;
	}
	*x->out = items;
	*x->n = count;
	return 0;
}

static int sqlite_dispatch_create(store *base, int64_t now, int32_t due, struct arena *a,
                                  struct dispatch **out, size_t *n)
{
	struct dispatch_args x = {now, due, a, out, n};
	return in_transaction(S(base), create_dispatches, &x);
}

static int sqlite_dispatch_list(store *base, int64_t operator_id, struct arena *a,
                                struct dispatch **out, size_t *n)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s,
	                "SELECT " DISPATCH_COLUMNS " FROM dispatch d WHERE (?1 IS NULL OR "
	                "d.operator_id = ?1) ORDER BY d.id DESC LIMIT 500",
	                &st);
	if (rc)
		return rc;
	bind_id(st, 1, operator_id);
	struct dispatch *items = arena_alloc(a, 500 * sizeof *items);
	size_t count = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_dispatch(st, &items[count++]);
	rc = rc == SQLITE_DONE ? 0 : fail(s, rc, "list dispatches");
	release(s, st);
	*out = items;
	*n = count;
	return rc;
}

static int sqlite_dispatch_get(store *base, int64_t id, struct dispatch *out)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s, "SELECT " DISPATCH_COLUMNS " FROM dispatch d WHERE d.id = ?1", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_dispatch(st, out);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? SH_ENOTFOUND : fail(s, rc, "get dispatch");
	release(s, st);
	return rc;
}

static int sqlite_dispatch_items(store *base, int64_t dispatch_id, struct arena *a,
                                 struct dispatch_item **out, size_t *n)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s,
	                "SELECT n.number, n.disposal, n.disposed_at, n.disposal_note, count(r.id), "
	                "max(r.reported_at) FROM reported_number n LEFT JOIN report r ON "
	                "r.target = n.number AND r.invalid = 0 WHERE n.dispatch_id = ?1 "
	                "GROUP BY n.number ORDER BY n.number",
	                &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, dispatch_id);
	size_t cap = 64, count = 0;
	struct dispatch_item *items = sh_xmalloc(cap * sizeof *items);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap)
			items = sh_xrealloc(items, (cap *= 2) * sizeof *items);
		struct dispatch_item *it = &items[count++];
		copy_code(it->number, sizeof it->number, (const char *)sqlite3_column_text(st, 0));
		it->disposal = col_disposal(st, 1);
		it->disposed_at = col_instant(st, 2);
		it->note = col_opt(a, st, 3);
		it->reports = sqlite3_column_int64(st, 4);
		it->last_at = col_instant(st, 5);
	}
	rc = rc == SQLITE_DONE ? 0 : fail(s, rc, "dispatch items");
	release(s, st);
	*out = memcpy(arena_alloc(a, count * sizeof *items + 1), items, count * sizeof *items);
	*n = count;
	free(items);
	return rc;
}

static int sqlite_disposal_set(store *base, int64_t dispatch_id, const char *number,
                               enum disposal d, const char *note, int64_t at)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s,
	                "UPDATE reported_number SET disposal = ?3, disposed_at = ?4, "
	                "disposal_note = ?5 WHERE dispatch_id = ?1 AND number = ?2",
	                &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, dispatch_id);
	sqlite3_bind_text(st, 2, number, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, disposal_code(d), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, at);
	bind_text(st, 5, note);
	rc = step_done(s, st, "disposal");
	release(s, st);
	if (rc == 0 && sqlite3_changes(s->db) == 0) {
		snprintf(s->base.error, sizeof s->base.error, "number not on dispatch %lld",
		         (long long)dispatch_id);
		return SH_ENOTFOUND;
	}
	return rc;
}

/* ---- apps ------------------------------------------------------------------------- */

#define APP_COLUMNS                                                                        \
	"a.package, a.name, a.app_store, a.state, a.notified_on, a.deadline, a.rectified_on, " \
	"a.named_on, a.removed_on, a.version, count(r.id), min(r.reported_at), "               \
	"max(r.reported_at) FROM app a LEFT JOIN report r ON r.target = a.package AND "        \
	"r.kind = 'bad_app' AND r.invalid = 0 "

static void read_app(struct arena *a, sqlite3_stmt *st, struct app_record *r)
{
	r->package = col_text(a, st, 0);
	r->name = col_text(a, st, 1);
	r->app_store = col_opt(a, st, 2);
	const char *state = (const char *)sqlite3_column_text(st, 3);
	if (app_state_parse(state, strlen(state), &r->state))
		r->state = APP_REPORTED;
	r->notified_on = col_date(st, 4, 0);
	r->deadline = col_date(st, 5, 0);
	r->rectified_on = col_date(st, 6, 0);
	r->named_on = col_date(st, 7, 0);
	r->removed_on = col_date(st, 8, 0);
	r->version = sqlite3_column_int(st, 9);
	r->reports = sqlite3_column_int64(st, 10);
	r->first_at = col_instant(st, 11);
	r->last_at = col_instant(st, 12);
}

static int sqlite_app_list(store *base, int state, int limit, struct arena *a,
                           struct app_record **out, size_t *n)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s,
	                "SELECT " APP_COLUMNS "WHERE (?1 IS NULL OR a.state = ?1) GROUP BY a.package "
	                "ORDER BY count(r.id) DESC, a.package LIMIT ?2",
	                &st);
	if (rc)
		return rc;
	bind_text(st, 1, state >= 0 ? app_state_code((enum app_state)state) : NULL);
	if (limit <= 0 || limit > 1000)
		limit = 100;
	sqlite3_bind_int(st, 2, limit);
	struct app_record *items = arena_alloc(a, (size_t)limit * sizeof *items);
	size_t count = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_app(a, st, &items[count++]);
	rc = rc == SQLITE_DONE ? 0 : fail(s, rc, "list apps");
	release(s, st);
	*out = items;
	*n = count;
	return rc;
}

static int sqlite_app_get(store *base, const char *package, struct arena *a,
                          struct app_record *out)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s, "SELECT " APP_COLUMNS "WHERE a.package = ?1 GROUP BY a.package", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, package, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_app(a, st, out);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? SH_ENOTFOUND : fail(s, rc, "get app");
	release(s, st);
	return rc;
}

static int sqlite_app_update(store *base, const struct app_record *app, int expected_version)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s,
	                "UPDATE app SET state = ?3, notified_on = ?4, deadline = ?5, rectified_on = ?6, "
	                "named_on = ?7, removed_on = ?8, version = version + 1 "
	                "WHERE package = ?1 AND version = ?2",
	                &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, app->package, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, expected_version);
	sqlite3_bind_text(st, 3, app_state_code(app->state), -1, SQLITE_STATIC);
	bind_day(st, 4, app->notified_on);
	bind_day(st, 5, app->deadline);
	bind_day(st, 6, app->rectified_on);
	bind_day(st, 7, app->named_on);
	bind_day(st, 8, app->removed_on);
	rc = step_done(s, st, "update app");
	release(s, st);
	if (rc == 0 && sqlite3_changes(s->db) == 0) {
		snprintf(s->base.error, sizeof s->base.error, "app changed meanwhile or missing");
		return SH_ECONFLICT;
	}
	return rc;
}

static int sqlite_app_counts(store *base, int32_t from, int32_t to, int64_t *notified,
                             int64_t *named, int64_t *removed)
{
	struct sqlite_store *s = S(base);
	sqlite3_stmt *st;
	int rc = cached(s,
	                "SELECT coalesce(sum(notified_on BETWEEN ?1 AND ?2), 0), "
	                "coalesce(sum(named_on BETWEEN ?1 AND ?2), 0), "
	                "coalesce(sum(removed_on BETWEEN ?1 AND ?2), 0) FROM app",
	                &st);
	if (rc)
		return rc;
	bind_date(st, 1, from);
	bind_date(st, 2, to);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*notified = sqlite3_column_int64(st, 0);
		*named = sqlite3_column_int64(st, 1);
		*removed = sqlite3_column_int64(st, 2);
	}
	rc = rc == SQLITE_ROW ? 0 : fail(s, rc, "count apps");
	release(s, st);
	return rc;
}

static const struct store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sqlite_close,
	.version = sqlite_version,
	.tune_bulk = sqlite_tune_bulk,
	.begin = sqlite_begin_caller,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.reference_save = sqlite_reference_save,
	.reference_load = sqlite_reference_load,
	.holiday_save = sqlite_holiday_save,
	.calendar_load = sqlite_calendar_load,
	.calendar_revision = sqlite_calendar_revision,
	.import_begin = sqlite_import_begin,
	.import_finish = sqlite_import_finish,
	.complaint_insert = sqlite_complaint_insert,
	.complaint_count = sqlite_complaint_count,
	.subscribers_put = sqlite_subscribers_put,
	.case_create = sqlite_case_create,
	.case_get = sqlite_case_get,
	.case_update = sqlite_case_update,
	.case_events = sqlite_case_events,
	.case_duplicate = sqlite_case_duplicate,
	.case_survey = sqlite_case_survey,
	.case_list = sqlite_case_list,
	.user_add = sqlite_user_add,
	.user_by_name = sqlite_user_by_name,
	.session_create = sqlite_session_create,
	.session_get = sqlite_session_get,
	.session_delete = sqlite_session_delete,
	.stat_counts = sqlite_stat_counts,
	.subscribers_get = sqlite_subscribers_get,
	.reply_days = sqlite_reply_days,
	.reply_days_set = sqlite_reply_days_set,
	.report_insert = sqlite_report_insert,
	.report_invalidate = sqlite_report_invalidate,
	.report_list = sqlite_report_list,
	.report_counts = sqlite_report_counts,
	.number_scan = sqlite_number_scan,
	.ported_put = sqlite_ported_put,
	.number_get = sqlite_number_get,
	.dispatch_create = sqlite_dispatch_create,
	.dispatch_list = sqlite_dispatch_list,
	.dispatch_get = sqlite_dispatch_get,
	.dispatch_items = sqlite_dispatch_items,
	.disposal_set = sqlite_disposal_set,
	.app_list = sqlite_app_list,
	.app_get = sqlite_app_get,
	.app_update = sqlite_app_update,
	.app_counts = sqlite_app_counts,
};
