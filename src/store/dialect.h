/* What a database driver implements: a small SQL dialect interface beneath
 * the one SQL layer (src/store/sql/). Private to src/store/.
 *
 * The SQL layer writes every query once, with ?1..?N placeholders, in the SQL
 * that SQLite and PostgreSQL share, and maps rows to domain structs once. A
 * driver (sqlite.c, postgres.c) supplies only what is really its own:
 * connections, statement preparation and caching, binding and reading values,
 * transactions and locks, error mapping, and its bulk-load and commit
 * strategies (SQLite's group commit, PostgreSQL's COPY and reconnection).
 *
 * A statement's life: prepare, bind (every parameter, before the first
 * step), step until it returns 0, finish. Column values read after a step
 * that returned 1 stay valid until the next step or finish. */
#ifndef SHENSU_STORE_DIALECT_H
#define SHENSU_STORE_DIALECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/stat_month.h"
#include "store/store.h"

/* A prepared statement. Each driver's statement starts with this, so that
 * columns can be read through the statement alone. */
struct sql_stmt {
	const struct dialect *d;
};

/* One bound value. Text need not be NUL-terminated (len bytes); it must stay
 * valid until the statement is finished (drivers may read it in place). */
enum sql_type { SQL_NULL, SQL_INT, SQL_TEXT };
struct sql_value {
	enum sql_type type;
	int64_t i;
	const char *text;
	size_t len;
};

/* How a statement is prepared (dialect.prepare). */
#define SQL_KEEP 1u   /* kept per connection, keyed by the text's address */
#define SQL_NEW_ID 2u /* an INSERT whose new id is wanted */

/* Transaction-scoped locks: PostgreSQL advisory locks, so that instances
 * sharing one database take turns; SQLite's single writer (BEGIN IMMEDIATE)
 * needs none. The numbers are the lock keys, fixed for the life of the
 * schema: instances of different versions must agree on them. */
enum store_lock {
	STORE_LOCK_MIGRATION = 7355720, /* applying schema migrations */
	STORE_LOCK_DISPATCH = 7355721,  /* making dispatch lists */
	STORE_LOCK_CALLER = 7355722,    /* a caller's transaction (init, import, demo) */
	/* Every writer of cases and dispatch lists held off until commit, and
	 * those under way waited for (a holiday schedule is being published and
	 * the provisional deadlines counted again). PostgreSQL: a table lock,
	 * as those writers take no advisory lock. */
	STORE_LOCK_DEADLINES = 7355723,
	/* Recording number changes (sql/changes.c): taken last in a transaction
	 * and held until commit, so that change ids grow in commit order. */
	STORE_LOCK_CHANGES = 7355724,
};

/* A table written row by row in a bulk load (see copy_row). */
struct sql_copy {
	const char *table;
	const char *columns; /* "a, b, c" */
	int ncolumns;
	const char *insert;  /* the same as an INSERT with ?1..?ncolumns, for drivers without */
};

struct dialect {
	const char *name;
	/* The column that orders a table's rows as they were written ("rowid",
	 * "ctid"): only for migrations that make such an order explicit. */
	const char *write_order;
	void (*close)(store *s);

	/* Prepares sql (?N placeholders). With SQL_KEEP, sql must be a string
	 * whose address stays valid and unchanged for the life of the process (a
	 * literal or a text built once): the statement is kept per connection,
	 * keyed by that address. Without, finish() frees it. With SQL_NEW_ID
	 * (an INSERT into a table with an id column), last_id() tells the id of
	 * the row it inserted. */
	int (*prepare)(store *s, const char *sql, unsigned flags, struct sql_stmt **out);
	/* Binds parameters 1..n to v[0..n-1] (every one, on every use). */
	void (*bind)(struct sql_stmt *st, const struct sql_value *v, int n);
	/* 1: a row is ready; 0: done; negative sh_err (s->error says why). */
	int (*step)(store *s, struct sql_stmt *st);
	bool (*column_null)(struct sql_stmt *st, int i);
	int64_t (*column_int)(struct sql_stmt *st, int i);
	const char *(*column_text)(struct sql_stmt *st, int i); /* NULL for NULL */
	/* The id of the row an SQL_NEW_ID statement inserted, once it is done. */
	int64_t (*last_id)(store *s, struct sql_stmt *st);
	/* Rows the last step of an INSERT, UPDATE or DELETE changed. */
	int64_t (*changes)(store *s, struct sql_stmt *st);
	/* Makes a cached statement ready for reuse, or frees one that is not. */
	void (*finish)(store *s, struct sql_stmt *st);

	/* Runs statements without parameters or rows; a migration's text is
	 * written for SQLite and translated by the driver where needed. */
	int (*exec)(store *s, const char *sql);
	/* Whether a table exists. */
	int (*has_table)(store *s, const char *table, bool *out);

	/* A transaction for writing: the only writer of this database while it
	 * lasts on SQLite; on PostgreSQL rows and locks decide. */
	int (*begin)(store *s);
	int (*commit)(store *s);
	int (*rollback)(store *s);
	int (*lock)(store *s, enum store_lock lock);

	/* A bulk load follows (store_tune_bulk): settings for it. */
	int (*tune_bulk)(store *s);
	/* Optional: inside the transaction of a large bulk load, takes the
	 * complaint table's foreign keys off (off = true; their checks row by row
	 * cost more than the load) and puts them back, checking every row at
	 * once (off = false, before commit). */
	int (*bulk_constraints)(store *s, bool off);
	/* Optional: appends a row to a table during a bulk load, without
	 * waiting for it (PostgreSQL's COPY); errors show at the latest at
	 * commit. values[ncolumns]. NULL when the driver has no such path: the
	 * SQL layer then inserts row by row. */
	int (*copy_row)(store *s, const struct sql_copy *table, const struct sql_value *values);
	/* Optional: runs fn in a durable transaction of its own, together with
	 * concurrent callers' where the driver can (SQLite's group commit: one
	 * disk flush for many new cases). NULL: a plain transaction. */
	int (*grouped)(store *s, int (*fn)(store *s, const void *arg), const void *arg);
	/* Optional: inside a transaction that recorded number changes, tells the
	 * processes waiting in wait_changes at commit (PostgreSQL's NOTIFY). */
	int (*notify_changes)(store *s);
	/* Optional: waits up to timeout_ms for a hint that another connection
	 * may have committed number changes: 1 when there is one (or notices
	 * may have been missed, e.g. after connecting again), 0 when the time
	 * ran out, negative when the connection failed (the next call connects
	 * again). NULL: the SQL layer sleeps and the caller polls. */
	int (*wait_changes)(store *s, int timeout_ms);
};

/* The required operations of a dialect whose functions are named after them
 * (prepare, bind, …): each driver's table is this plus its own. */
#define DIALECT_FUNCTIONS                                                                     \
	.close = close_store, .prepare = prepare, .bind = bind, .step = step,                 \
	.column_null = column_null, .column_int = column_int, .column_text = column_text,     \
	.last_id = last_id, .changes = changes, .finish = finish, .exec = exec,               \
	.has_table = has_table, .begin = begin, .commit = commit, .rollback = rollback,       \
	.lock = lock, .tune_bulk = tune_bulk

/* Case-number counters cached during a caller's transaction, so that a bulk
 * import does not read and write the counter row for every complaint. */
#define STORE_COUNTER_SLOTS 1024
struct case_counter {
	int key; /* province * 10000 + year, 0 = empty slot */
	int64_t last;
	bool dirty;
};

/* Number changes noted in the open transaction (sql/changes.c), recorded at
 * commit: numbers (deduplicated) and whole dispatch lists. */
struct change_notes {
	char (*numbers)[NUMBER_MAX];
	size_t n, cap;
	uint32_t *set;        /* 1 + index into numbers, open addressing; setcap slots */
	size_t setcap;
	int64_t *dispatches;
	size_t ndispatches, capdispatches;
	int64_t recorded;     /* the last id this transaction recorded, until commit */
	int64_t written;      /* the last id the last committed transaction recorded; 0 none */
};

/* Every driver's handle starts with this. */
struct store {
	const struct dialect *d;
	char error[512];
	bool in_txn;     /* a transaction is open (the caller's or an op's own) */
	bool caller_txn; /* it is the caller's (store_begin) */
	bool bulk;       /* store_tune_bulk() was called */
	int64_t bulk_rows;  /* the load announced: decided on at store_begin */
	bool rebuild;    /* a large load: indexes and constraints come back at commit */
	bool batch;      /* many cases in this transaction: cache their counters */
	/* Inside a caller's transaction summary changes are gathered here and
	 * written by commit; otherwise each is written at once. */
	struct stat_deltas months;
	/* The same for the daily series of early warning (sql/series.c). */
	struct stat_deltas days, report_days;
	struct case_counter counters[STORE_COUNTER_SLOTS];
	int used[STORE_COUNTER_SLOTS]; /* slots filled in this transaction */
	int nused;
	struct change_notes changes;
};

/* Drivers. Each opens the database (creating an SQLite file when missing)
 * and applies pending migrations (store_migrate). */
int sqlite_store_open(const char *path, store **out, char *err, size_t errlen);
/* url is a postgres:// or postgresql:// URL or a libpq key=value string,
 * which pg_store_url() recognises. */
bool pg_store_url(const char *url);
int pg_store_open(const char *url, store **out, char *err, size_t errlen);
/* store_exists() for a PostgreSQL url: whether the meta table is there. */
int pg_store_exists(const char *url, char *err, size_t errlen);
/* The PostgreSQL form of a migration written for SQLite (schema.c), malloc'd:
 * INTEGER PRIMARY KEY becomes an identity column, AUTOINCREMENT and WITHOUT
 * ROWID go, REAL and BLOB become DOUBLE PRECISION and BYTEA, INSERT OR IGNORE
 * becomes ON CONFLICT DO NOTHING, PRAGMA statements are dropped. */
char *pg_schema_translate(const char *sqlite_sql);

/* What the SQL layer gives drivers. */
/* Applies pending migrations in one transaction under STORE_LOCK_MIGRATION;
 * SH_ESCHEMA (with the reason in err) for a newer schema. */
int store_migrate(store *s, char *err, size_t errlen);
/* A transaction of an operation's own, and its end (counters and summary
 * changes are written before the commit). */
int sql_begin(store *s);
int sql_commit(store *s);
int sql_rollback(store *s);
/* Releases what the SQL layer keeps in a handle (drivers call it on close). */
void store_base_free(store *s);

#endif
