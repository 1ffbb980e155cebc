/* The store against every driver: SQLite always, PostgreSQL as well when
 * SHENSU_TEST_PG names a cluster (`make unit` starts a throwaway one with
 * scripts/with-pg.sh). The same tests run on both; only what is a driver's
 * own (SQLite's pragmas, the exact text of its indexes) is checked on one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "cli/cli.h"
#include "cli/holiday_json.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/lifecycle.h"
#include "store/dialect.h"
#include "store/schema.h"
#include "store/stat_month.h"
#include "store/store.h"

static char dir[64];
static char path[128];
static const char *pg_base; /* SHENSU_TEST_PG: a cluster's conninfo without dbname */
static bool on_pg;          /* the group running now */
static char dbname[64];     /* PostgreSQL: the database of the test running now */
static char url[640];       /* what store_open gets */
static int opened;

/* ---- the database underneath, for checking what the store wrote ------------------ */

static PGconn *pg_connect(const char *db)
{
	char info[600];
	snprintf(info, sizeof info, "%s dbname=%s", pg_base, db);
	PGconn *c = PQconnectdb(info);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PQsetNoticeProcessor(c, NULL, NULL);
	return c;
}

/* Runs SQL written for SQLite (translated for PostgreSQL as migrations are);
 * 0 when it worked. */
static int raw_try(const char *sql)
{
	if (!on_pg) {
		sqlite3 *db;
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		sqlite3_close(db);
		return rc;
	}
	PGconn *c = pg_connect(dbname);
	char *t = pg_schema_translate(sql);
	PGresult *r = PQexec(c, t);
	int rc = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : 1;
	PQclear(r);
	free(t);
	PQfinish(c);
	return rc;
}

static void raw_exec(const char *sql)
{
	assert_int_equal(raw_try(sql), 0);
}

/* Calls row(ctx, values, ncolumns) for each row of a query (text values, NULL
 * for NULL); returns the number of rows. */
static int raw_rows(const char *sql, void (*row)(void *ctx, const char **v, int n), void *ctx)
{
	int count = 0;
	const char *v[16];
	if (!on_pg) {
		sqlite3 *db;
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int n = sqlite3_column_count(st);
			for (int i = 0; i < n && i < 16; i++)
				v[i] = (const char *)sqlite3_column_text(st, i);
			if (row)
				row(ctx, v, n);
			count++;
		}
		sqlite3_finalize(st);
		sqlite3_close(db);
		return count;
	}
	PGconn *c = pg_connect(dbname);
	PGresult *r = PQexec(c, sql);
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	for (int i = 0; i < PQntuples(r); i++) {
		int n = PQnfields(r);
		for (int k = 0; k < n && k < 16; k++)
			v[k] = PQgetisnull(r, i, k) ? NULL : PQgetvalue(r, i, k);
		if (row)
			row(ctx, v, n);
		count++;
	}
	PQclear(r);
	PQfinish(c);
	return count;
}

static void first_text(void *ctx, const char **v, int n)
{
	(void)n;
	snprintf(ctx, 512, "%s", v[0] ? v[0] : "");
}

/* The first column of the first row ("" when NULL or no row). */
static const char *raw_text(const char *sql)
{
	static char out[512];
	out[0] = '\0';
	raw_rows(sql, first_text, out);
	return out;
}

/* ---- fresh databases ----------------------------------------------------------------- */

/* A store URL not opened before in this process: the PostgreSQL driver migrates
 * a database once per process and URL. */
static const char *fresh_url(void)
{
	if (!on_pg)
		snprintf(url, sizeof url, "%s", path);
	else
		snprintf(url, sizeof url, "%s dbname=%s application_name=t%d", pg_base, dbname,
		         ++opened);
	return url;
}

/* An empty database; nothing opened on it yet. */
static void empty_db(void)
{
	if (!on_pg) {
		char f[512];
		snprintf(f, sizeof f, "rm -f %s %s-wal %s-shm", path, path, path);
		assert_int_equal(system(f), 0);
		return;
	}
	PGconn *c = pg_connect("postgres");
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
	PQclear(PQexec(c, sql));
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
	PGresult *r = PQexec(c, sql);
	assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
	PQclear(r);
	PQfinish(c);
}

static store *open_fresh(void)
{
	empty_db();
	store *s;
	char err[256];
	assert_int_equal(store_open(fresh_url(), &s, err, sizeof err), 0);
	return s;
}

static int setup_sqlite(void **state)
{
	(void)state;
	on_pg = false;
	strcpy(dir, "/tmp/shensu-store-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	return 0;
}

static int teardown_sqlite(void **state)
{
	(void)state;
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static int setup_pg(void **state)
{
	(void)state;
	on_pg = true;
	snprintf(dbname, sizeof dbname, "shensu_unit_%d", (int)getpid());
	return 0;
}

static int teardown_pg(void **state)
{
	(void)state;
	PGconn *c = pg_connect("postgres");
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
	PQclear(PQexec(c, sql));
	PQfinish(c);
	return 0;
}

static void migrations_and_pragmas(void **state)
{
	(void)state;
	store *s = open_fresh();
	int v;
	assert_int_equal(store_version(s, &v), 0);
	assert_int_equal(v, STORE_SCHEMA_VERSION);
	store_close(s);

	if (!on_pg) { /* WAL and foreign keys are in force: ask SQLite itself */
		assert_string_equal(raw_text("PRAGMA journal_mode"), "wal");
	}
	/* A newer schema is refused, with a message, and left untouched. */
	raw_exec("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
	char err[256] = "";
	assert_int_equal(store_open(fresh_url(), &s, err, sizeof err), SH_ESCHEMA);
	assert_non_null(strstr(err, "newer"));
	assert_non_null(strstr(err, "99"));
	assert_string_equal(raw_text("SELECT value FROM meta WHERE key = 'schema_version'"), "99");
}
/* A database written by the first release is upgraded in place, its data kept. */
static void upgrade_from_v1(void **state)
{
	(void)state;
	empty_db();
	raw_exec(schema_migrations[1]);
	raw_exec("INSERT INTO meta VALUES ('schema_version', '1');"
	         "INSERT INTO province VALUES ('44', '广东省', '广东', 0);"
	         "INSERT INTO enterprise(id, code, name, full_name, kind) VALUES "
	         "(2, 'mobile', '中国移动', '中国移动通信集团有限公司', 'basic');"
	         "INSERT INTO category VALUES (1, '2016', 'user_service', '用户服务', NULL, "
	         "'2021-12-31');"
	         "INSERT INTO not_admissible_reason VALUES ('b', '乙', '规则乙');"
	         "INSERT INTO not_admissible_reason VALUES ('a', '甲', '规则甲');"
	         "INSERT INTO complaint(case_no, province, enterprise_id, category_id, state, "
	         "received_at, description) VALUES ('44-2020-000001', '44', 2, 1, 'closed', "
	         "1601481600, '旧数据');");

	store *s;
	char err[256];
	assert_int_equal(store_open(fresh_url(), &s, err, sizeof err), 0);
	int v;
	assert_int_equal(store_version(s, &v), 0);
	assert_int_equal(v, STORE_SCHEMA_VERSION);
	struct arena a;
	arena_init(&a, 0);
	struct complaint c;
	char hash[STORE_HASH_HEX];
	assert_int_equal(store_case_get(s, "44-2020-000001", &a, &c, hash), 0);
	assert_int_equal(c.state, COMPLAINT_CLOSED);
	assert_int_equal(c.received_at, 1601481600);
	assert_string_equal(c.description, "旧数据");
	assert_null(c.name); /* the new columns are empty for old rows */
	assert_string_equal(hash, "");
	/* Reasons keep the order they were saved in, now as explicit positions. */
	struct reference ref;
	reference_init(&ref);
	assert_int_equal(store_reference_load(s, &ref), 0);
	assert_int_equal(ref.nreasons, 2);
	assert_string_equal(ref.reasons[0].code, "b");
	assert_string_equal(ref.reasons[1].code, "a");
	reference_free(&ref);
	arena_free(&a);
	store_close(s);
}
/* An upgrade that fails half-way leaves the database exactly as it was. */
static void failed_upgrade_changes_nothing(void **state)
{
	(void)state;
	empty_db();
	raw_exec(schema_migrations[1]);
	/* A table v2 wants to create already exists: v2 fails after its ALTERs. */
	raw_exec("INSERT INTO meta VALUES ('schema_version', '1');"
	         "CREATE TABLE agency_setting (x INTEGER);");
	store *s;
	char err[256] = "";
	assert_int_not_equal(store_open(fresh_url(), &s, err, sizeof err), 0);
	assert_non_null(strstr(err, "agency_setting"));
	assert_string_equal(raw_text("SELECT value FROM meta"), "1");
	/* the ALTER TABLEs before the failure were rolled back too */
	assert_int_not_equal(raw_try("SELECT phone FROM complaint"), 0);
}
static void count_row(void *ctx, const char **v, int n)
{
	(void)v;
	(void)n;
	++*(int *)ctx;
}

/* s without blanks, into out. */
static void squeeze(const char *s, char *out, size_t n)
{
	size_t k = 0;
	for (; *s && k + 1 < n; s++)
		if (*s != ' ' && *s != '\n')
			out[k++] = *s;
	out[k] = '\0';
}

/* Counts the secondary indexes named in schema_bulk_indexes that are there as
 * the list creates them: on SQLite the stored SQL is exactly the list's
 * CREATE statement; PostgreSQL keeps its own form of it, so there the name and
 * the columns must match. Also the complaint table's foreign keys (out). */
static int matching_indexes(int *fks)
{
	int n = 0;
	for (const struct schema_index *ix = schema_bulk_indexes; ix->name; ix++) {
		char sql[256];
		if (!on_pg) {
			snprintf(sql, sizeof sql,
			         "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '%s'",
			         ix->name);
			n += strcmp(raw_text(sql), ix->create) == 0;
		} else {
			snprintf(sql, sizeof sql, "SELECT indexdef FROM pg_indexes WHERE indexname = '%s'",
			         ix->name);
			char have[256], want[256];
			squeeze(raw_text(sql), have, sizeof have);
			squeeze(ix->create, want, sizeof want);
			bool unique_want = strstr(want, "UNIQUE") != NULL;
			bool unique_have = strstr(have, "UNIQUE") != NULL;
			n += have[0] && unique_want == unique_have && strchr(have, '(') &&
			     strcmp(strchr(have, '('), strchr(want, '(')) == 0;
		}
	}
	*fks = 0;
	if (on_pg)
		raw_rows("SELECT conname FROM pg_constraint WHERE conrelid = 'complaint'::regclass "
		         "AND contype = 'f'",
		         count_row, fks);
	else
		raw_rows("PRAGMA foreign_key_list(complaint)", count_row, fks);
	return n;
}

static void bulk_load_rebuilds_indexes(void **state)
{
	(void)state;
	store *s = open_fresh();
	bool created;
	char err[256];
	assert_int_equal(seed_database(s, &created, err, sizeof err), 0);
	int all = 0, fks, fks_now;
	while (schema_bulk_indexes[all].name)
		all++;
	/* the list is what the migrations create */
	assert_int_equal(matching_indexes(&fks), all);
	assert_true(fks >= 5);

	/* a large load that is rolled back leaves the indexes as they were */
	assert_int_equal(store_tune_bulk(s, 1000000), 0);
	assert_int_equal(store_begin(s), 0);
	struct complaint c = {.enterprise_id = 2, .category_id = 1, .state = COMPLAINT_CLOSED,
	                      .closed_at = NO_INSTANT, .description = "x", .description_len = 1,
	                      .received_at = 1601510400};
	memcpy(c.province, "44", 3);
	assert_int_equal(store_complaint_insert(s, &c, 0), 0);
	assert_int_equal(store_rollback(s), 0);
	assert_int_equal(matching_indexes(&fks_now), all);
	assert_int_equal(fks_now, fks);

	/* committed: the rows are there and the indexes and keys are back */
	assert_int_equal(store_tune_bulk(s, 1000000), 0);
	assert_int_equal(store_begin(s), 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(store_complaint_insert(s, &c, 0), 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(matching_indexes(&fks_now), all);
	assert_int_equal(fks_now, fks);
	int64_t n;
	assert_int_equal(store_complaint_count(s, &n), 0);
	assert_int_equal(n, 100);
	assert_string_equal(raw_text("SELECT count(DISTINCT case_no) FROM complaint"), "100");

	/* PostgreSQL checks the foreign keys of a large load at its end: a bad row
	 * fails the commit and nothing stays. (SQLite leaves them to the importer,
	 * which checks every reference against the reference data.) */
	if (!on_pg) {
		store_close(s);
		return;
	}
	assert_int_equal(store_tune_bulk(s, 1000000), 0);
	assert_int_equal(store_begin(s), 0);
	struct complaint bad = c;
	bad.enterprise_id = 999999; /* no such enterprise: the foreign key, checked at the end */
	int rc = store_complaint_insert(s, &bad, 0);
	if (rc == 0)
		rc = store_commit(s);
	else
		store_rollback(s);
	assert_int_not_equal(rc, 0);
	assert_int_equal(store_complaint_count(s, &n), 0);
	assert_int_equal(n, 100);
	assert_int_equal(matching_indexes(&fks_now), all);
	assert_int_equal(fks_now, fks);
	store_close(s);
}
static void reference_round_trip(void **state)
{
	(void)state;
	store *s = open_fresh();
	struct reference ref, back;
	char err[256];
	reference_init(&ref);
	reference_init(&back);
	assert_int_equal(store_reference_load(s, &back), SH_ENOTFOUND);
	bool created;
	assert_int_equal(seed_database(s, &created, err, sizeof err), 0);
	assert_true(created);
	assert_int_equal(seed_database(s, &created, err, sizeof err), 0);
	assert_false(created);
	assert_int_equal(seed_reference(&ref, err, sizeof err), 0);
	assert_int_equal(store_reference_load(s, &back), 0);
	assert_int_equal(back.nprovinces, ref.nprovinces);
	assert_int_equal(back.nenterprises, ref.nenterprises);
	assert_int_equal(back.ncategories, ref.ncategories);
	assert_int_equal(back.nsubtopics, ref.nsubtopics);
	assert_int_equal(back.nreasons, ref.nreasons);
	assert_int_equal(back.nsegments, ref.nsegments);
	for (size_t i = 0; i < ref.ncategories; i++) {
		const struct category *c = reference_category_id(&back, ref.categories[i].id);
		assert_non_null(c);
		assert_string_equal(c->name, ref.categories[i].name);
		assert_int_equal(c->valid_from, ref.categories[i].valid_from);
		assert_int_equal(c->valid_to, ref.categories[i].valid_to);
	}
	const struct enterprise *e = reference_enterprise(&back, "京东通信", strlen("京东通信"));
	assert_non_null(e);
	assert_int_equal(e->kind, ENTERPRISE_RESELLER);
	assert_string_equal(reference_enterprise_id(&back, e->host_id)->name, "中国电信");

	/* The calendar comes back from the store: every year 2007-2026 loaded. */
	calendar *cal = calendar_new();
	assert_int_equal(store_calendar_load(s, cal), 0);
	for (int y = 2007; y <= 2026; y++)
		assert_true(calendar_has_year(cal, y));
	int32_t out;
	assert_int_equal(calendar_add_working_days(cal, date_from_ymd(2020, 9, 29), 5, &out), 0);
	assert_int_equal(out, date_from_ymd(2020, 10, 13));
	calendar_free(cal);
	reference_free(&ref);
	reference_free(&back);
	store_close(s);
}

static struct complaint make(const char *province, int y, int m, int d)
{
	struct complaint c = {.enterprise_id = 2, .category_id = 1, .state = COMPLAINT_CLOSED,
	                      .closed_at = NO_INSTANT, .description = "x", .description_len = 1};
	memcpy(c.province, province, 3);
	c.received_at = date_start_instant(date_from_ymd(y, m, d), SH_BEIJING_OFFSET) + 3600;
	return c;
}

static void case_numbers(void **state)
{
	(void)state;
	store *s = open_fresh();
	bool created;
	char err[256];
	assert_int_equal(seed_database(s, &created, err, sizeof err), 0);

	/* Outside a transaction: each insert commits on its own. */
	struct complaint c = make("44", 2026, 1, 5);
	assert_int_equal(store_complaint_insert(s, &c, 0), 0);
	assert_string_equal(c.case_no, "44-2026-000001");
	c = make("44", 2026, 2, 5);
	assert_int_equal(store_complaint_insert(s, &c, 0), 0);
	assert_string_equal(c.case_no, "44-2026-000002");

	/* Inside one: the cached counters continue the sequence and are saved. */
	assert_int_equal(store_begin(s), 0);
	c = make("44", 2026, 3, 5);
	assert_int_equal(store_complaint_insert(s, &c, 0), 0);
	assert_string_equal(c.case_no, "44-2026-000003");
	c = make("11", 2026, 3, 5);
	assert_int_equal(store_complaint_insert(s, &c, 0), 0);
	assert_string_equal(c.case_no, "11-2026-000001");
	/* Beijing time decides the year: 2025-12-31T23:30+08:00 is 2025 */
	c = make("44", 2025, 12, 31);
	c.received_at += 22 * 3600 + 1800;
	assert_int_equal(store_complaint_insert(s, &c, 0), 0);
	assert_string_equal(c.case_no, "44-2025-000001");
	assert_int_equal(store_commit(s), 0);

	/* A rolled-back transaction leaves no complaint and no used number. */
	assert_int_equal(store_begin(s), 0);
	c = make("44", 2026, 4, 5);
	assert_int_equal(store_complaint_insert(s, &c, 0), 0);
	assert_string_equal(c.case_no, "44-2026-000004");
	assert_int_equal(store_rollback(s), 0);
	c = make("44", 2026, 4, 6);
	assert_int_equal(store_complaint_insert(s, &c, 0), 0);
	assert_string_equal(c.case_no, "44-2026-000004");

	int64_t n;
	assert_int_equal(store_complaint_count(s, &n), 0);
	assert_int_equal(n, 6);
	/* A foreign key holds: no such enterprise. */
	c = make("44", 2026, 4, 7);
	c.enterprise_id = 999999;
	assert_int_equal(store_complaint_insert(s, &c, 0), SH_ECONFLICT);
	assert_int_equal(store_complaint_count(s, &n), 0);
	assert_int_equal(n, 6);
	store_close(s);
}


/* ---- the monthly statistics summary ------------------------------------------ */

static uint64_t rng_state = 0x5DEECE66DULL;
static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(rng_state >> 33) % n;
}

static int cell_order(const void *pa, const void *pb)
{
	const struct stat_cell *a = pa, *b = pb;
	int c = strcmp(a->province, b->province);
	if (c)
		return c;
	if (a->category_id != b->category_id)
		return a->category_id < b->category_id ? -1 : 1;
	if (a->subtopic_id != b->subtopic_id)
		return a->subtopic_id < b->subtopic_id ? -1 : 1;
	return a->enterprise_id < b->enterprise_id ? -1 : a->enterprise_id > b->enterprise_id;
}

struct raw_count {
	int64_t from, to;
	const char *province;
	struct stat_cell *cells;
	size_t n, max;
};

/* Counts a raw row if the domain's rule counts it (complaint_state_counted):
 * the test does not trust any SQL with the rule. */
static void count_raw(void *ctx, const char **v, int ncol)
{
	(void)ncol;
	struct raw_count *r = ctx;
	int64_t at = strtoll(v[4], NULL, 10);
	enum complaint_state st;
	if (at < r->from || at >= r->to || (r->province && strcmp(v[0], r->province) != 0) ||
	    complaint_state_parse(v[5], strlen(v[5]), &st) || !complaint_state_counted(st))
		return;
	struct stat_cell key = {.category_id = strtoll(v[1], NULL, 10),
	                        .subtopic_id = v[2] ? strtoll(v[2], NULL, 10) : 0,
	                        .enterprise_id = strtoll(v[3], NULL, 10)};
	snprintf(key.province, sizeof key.province, "%s", v[0]);
	for (size_t i = 0; i < r->n; i++)
		if (cell_order(&r->cells[i], &key) == 0) {
			r->cells[i].count++;
			return;
		}
	assert_true(r->n < r->max);
	key.count = 1;
	r->cells[r->n++] = key;
}

static size_t raw_counts(int64_t from, int64_t to, const char *province, struct stat_cell *out,
                         size_t max)
{
	struct raw_count r = {from, to, province, out, 0, max};
	raw_rows("SELECT province, category_id, subtopic_id, enterprise_id, received_at, state "
	         "FROM complaint",
	         count_raw, &r);
	qsort(out, r.n, sizeof *out, cell_order);
	return r.n;
}

static void assert_counts_match(store *s, int64_t from, int64_t to, const char *province)
{
	static struct stat_cell want[2048];
	size_t nwant = raw_counts(from, to, province, want, 2048);
	struct arena a;
	arena_init(&a, 0);
	struct stat_cell *got;
	size_t ngot;
	assert_int_equal(store_stat_counts(s, from, to, province, &a, &got, &ngot), 0);
	qsort(got, ngot, sizeof *got, cell_order);
	assert_int_equal(ngot, nwant);
	for (size_t i = 0; i < ngot; i++) {
		assert_int_equal(cell_order(&got[i], &want[i]), 0);
		assert_int_equal(got[i].count, want[i].count);
	}
	arena_free(&a);
}

static int64_t day_at(int y, int m, int d)
{
	return date_start_instant(date_from_ymd(y, m, d), SH_BEIJING_OFFSET);
}

/* The summary answers exactly what counting the complaints answers, for any
 * range, after inserts inside and outside transactions, a rollback, and
 * transitions into and out of the counted states. */
/* Undoes the supervision migration (v9, issue 15), so that a test can take a
 * database back to an older version and upgrade it. */
static const char drop_v9[] =
    "DROP TABLE notice_publication; DROP TABLE notice_text; DROP TABLE supervision_event; "
    "DROP TABLE equipment_sample; DROP TABLE app_test_batch; DROP TABLE inspection; "
    "DROP TABLE badlist_entry; DROP TABLE enforcement_evidence; DROP TABLE enforcement_party; "
    "DROP TABLE enforcement_action; DROP TABLE licensee;";

static void statistics_summary(void **state)
{
	(void)state;
	store *s = open_fresh();
	bool created;
	char err[256];
	assert_int_equal(seed_database(s, &created, err, sizeof err), 0);
	struct reference ref;
	reference_init(&ref);
	assert_int_equal(store_reference_load(s, &ref), 0);
	static const char *const provinces[] = {"44", "11", "31"};
	int64_t t0 = day_at(2019, 11, 1), t1 = day_at(2021, 3, 1);
	struct complaint made[1200];
	size_t nmade = 0;
	for (int batch = 0; batch < 6; batch++) {
		bool txn = batch % 2 == 0, undo = batch == 4;
		if (txn)
			assert_int_equal(store_begin(s), 0);
		for (int i = 0; i < 200; i++) {
			struct complaint c = {.closed_at = NO_INSTANT, .description = "x",
			                      .description_len = 1};
			memcpy(c.province, provinces[rnd(3)], 3);
			c.enterprise_id = 1 + rnd(3);
			const struct subtopic *sub = &ref.subtopics[rnd((uint32_t)ref.nsubtopics)];
			c.category_id = sub->category_id;
			c.subtopic_id = rnd(2) ? sub->id : 0;
			c.state = (enum complaint_state)rnd(COMPLAINT_STATE_COUNT);
			/* month edges are where mistakes hide: a quarter of them land within
			 * an hour of a Beijing month boundary */
			if (rnd(4) == 0) {
				int32_t month = stat_month_of(t0 + (int64_t)rnd((uint32_t)(t1 - t0)));
				c.received_at = stat_month_start(month) + (int64_t)rnd(7200) - 3600;
			} else {
				c.received_at = t0 + (int64_t)rnd((uint32_t)(t1 - t0));
			}
			assert_int_equal(store_complaint_insert(s, &c, 0), 0);
			if (!undo)
				made[nmade++] = c;
		}
		if (undo)
			assert_int_equal(store_rollback(s), 0);
		else if (txn)
			assert_int_equal(store_commit(s), 0);
	}
	/* Transitions: some into counting, some out of it (as a correction would). */
	struct arena a;
	arena_init(&a, 0);
	for (size_t i = 0; i < nmade; i += 3) {
		struct complaint c;
		assert_int_equal(store_case_get(s, made[i].case_no, &a, &c, NULL), 0);
		struct complaint after = c;
		after.state = complaint_state_counted(c.state) ? COMPLAINT_NOT_ACCEPTED
		                                               : COMPLAINT_ACCEPTED;
		after.version = c.version + 1;
		struct complaint_event ev = {.complaint_id = c.id, .at = c.received_at,
		                             .role = ROLE_AGENCY_STAFF, .action = ACTION_ACCEPT,
		                             .from = c.state, .to = after.state};
		assert_int_equal(store_case_update(s, &after, c.version, &ev), 0);
		/* a stale version changes nothing, the summary included */
		assert_int_equal(store_case_update(s, &after, c.version, &ev), SH_ECONFLICT);
	}
	arena_free(&a);

	/* Whole quarters, whole months, ranges inside one month, ragged ranges. */
	assert_counts_match(s, day_at(2020, 10, 1), day_at(2021, 1, 1), NULL);
	assert_counts_match(s, day_at(2020, 10, 1), day_at(2021, 1, 1), "44");
	assert_counts_match(s, day_at(2019, 10, 1), day_at(2020, 1, 1), "11");
	assert_counts_match(s, day_at(2020, 2, 1), day_at(2020, 3, 1), NULL);
	assert_counts_match(s, day_at(2020, 2, 3), day_at(2020, 2, 20), NULL);
	assert_counts_match(s, t0, t1, NULL);
	assert_counts_match(s, t0 - 86400 * 400, t1 + 86400 * 400, NULL);
	for (int i = 0; i < 40; i++) {
		int64_t x = t0 + (int64_t)rnd((uint32_t)(t1 - t0)), y = t0 + (int64_t)rnd((uint32_t)(t1 - t0));
		assert_counts_match(s, x < y ? x : y, x < y ? y : x, i % 2 ? provinces[i % 3] : NULL);
	}
	store_close(s);

	/* A database from before the summary is filled when it is upgraded. */
	raw_exec(drop_v9);
	raw_exec("DROP TABLE number_change; DELETE FROM meta WHERE key = 'number_changes_pruned'; "
	         "DROP TABLE complaint_month; DROP TABLE reported_number; DROP TABLE report; "
	         "DROP TABLE complaint_day; DROP TABLE report_day; DROP TABLE warning_decision; "
	         "DROP TABLE dispatch; DROP TABLE ported_number; DROP TABLE app; "
	         "DROP INDEX complaint_provisional; "
	         "ALTER TABLE complaint DROP COLUMN accept_provisional; "
	         "ALTER TABLE complaint DROP COLUMN reply_provisional; "
	         "ALTER TABLE complaint DROP COLUMN reply_from; "
	         "ALTER TABLE complaint DROP COLUMN reply_days; "
	         "ALTER TABLE not_admissible_reason DROP COLUMN position; "
	         "UPDATE meta SET value = '2' WHERE key = 'schema_version'");
	assert_int_equal(store_open(fresh_url(), &s, err, sizeof err), 0);
	assert_counts_match(s, day_at(2020, 1, 1), day_at(2021, 1, 1), NULL);
	assert_counts_match(s, day_at(2020, 4, 1), day_at(2020, 7, 1), "31");
	reference_free(&ref);
	store_close(s);
}

/* ---- the daily series of early warning ---------------------------------------------------- */

/* What the store keeps per day, counted here from what was written: every
 * complaint received by its Beijing day (the domain's date_of_instant) and
 * cell, whatever its state; valid reports by day, kind and operator. */
struct day_count {
	struct series_row r;
	int64_t want;
};
static struct day_count expected_days[4096];
static size_t nexpected_days;

static void expect_day(const struct series_row *r, int64_t delta)
{
	for (size_t i = 0; i < nexpected_days; i++) {
		struct series_row *x = &expected_days[i].r;
		if (x->day == r->day && x->source == r->source && !strcmp(x->province, r->province) &&
		    x->enterprise_id == r->enterprise_id && x->category_id == r->category_id &&
		    x->subtopic_id == r->subtopic_id) {
			expected_days[i].want += delta;
			return;
		}
	}
	assert_true(nexpected_days < sizeof expected_days / sizeof *expected_days);
	expected_days[nexpected_days++] = (struct day_count){*r, delta};
}

static void expect_complaint(const struct complaint *c)
{
	struct series_row r = {.day = date_of_instant(c->received_at, SH_BEIJING_OFFSET),
	                       .source = SERIES_COMPLAINTS, .enterprise_id = c->enterprise_id,
	                       .category_id = c->category_id, .subtopic_id = c->subtopic_id};
	memcpy(r.province, c->province, 3);
	expect_day(&r, 1);
}

static void expect_report(const struct report *rep, int64_t operator_id, int64_t delta)
{
	struct series_row r = {.day = date_of_instant(rep->reported_at, SH_BEIJING_OFFSET),
	                       .source = SERIES_REPORTS(rep->kind), .enterprise_id = operator_id};
	expect_day(&r, delta);
}

/* The store's rows over [from, to] are exactly the expected non-zero counts. */
static void assert_days_match(store *s, int32_t from, int32_t to)
{
	struct arena a;
	arena_init(&a, 0);
	struct series_row *rows;
	size_t n;
	assert_int_equal(store_series_rows(s, from, to, &a, &rows, &n), 0);
	size_t want = 0;
	for (size_t i = 0; i < nexpected_days; i++) {
		const struct series_row *x = &expected_days[i].r;
		if (x->day < from || x->day > to || !expected_days[i].want)
			continue;
		want++;
		bool found = false;
		for (size_t k = 0; k < n && !found; k++)
			if (rows[k].day == x->day && rows[k].source == x->source &&
			    !strcmp(rows[k].province, x->province) &&
			    rows[k].enterprise_id == x->enterprise_id &&
			    rows[k].category_id == x->category_id && rows[k].subtopic_id == x->subtopic_id) {
				assert_int_equal(rows[k].n, expected_days[i].want);
				found = true;
			}
		assert_true(found);
	}
	assert_int_equal(n, want);
	arena_free(&a);
}

static void daily_series(void **state)
{
	(void)state;
	nexpected_days = 0;
	store *s = open_fresh();
	bool created;
	char err[256];
	assert_int_equal(seed_database(s, &created, err, sizeof err), 0);
	struct reference ref;
	reference_init(&ref);
	assert_int_equal(store_reference_load(s, &ref), 0);
	static const char *const provinces[] = {"44", "11", "00"};
	int32_t d0 = date_from_ymd(2025, 3, 1);
	struct complaint made[400];
	size_t nmade = 0;
	/* outside a transaction, in caller transactions (many changes: through the
	 * staging table), one rolled back */
	for (int batch = 0; batch < 4; batch++) {
		bool txn = batch > 0, undo = batch == 2;
		if (txn)
			assert_int_equal(store_begin(s), 0);
		for (int i = 0; i < 100; i++) {
			struct complaint c = {.closed_at = NO_INSTANT, .description = "x",
			                      .description_len = 1};
			memcpy(c.province, provinces[rnd(3)], 3);
			c.enterprise_id = 1 + rnd(3);
			const struct subtopic *sub = &ref.subtopics[rnd((uint32_t)ref.nsubtopics)];
			c.category_id = sub->category_id;
			c.subtopic_id = rnd(2) ? sub->id : 0;
			c.state = (enum complaint_state)rnd(COMPLAINT_STATE_COUNT); /* all count */
			/* a third a second either side of a Beijing midnight */
			int64_t midnight = date_start_instant(d0 + (int32_t)rnd(90), SH_BEIJING_OFFSET);
			c.received_at = rnd(3) == 0 ? midnight - 1 + rnd(2) : midnight + rnd(86400);
			assert_int_equal(store_complaint_insert(s, &c, 0), 0);
			if (!undo) {
				made[nmade++] = c;
				expect_complaint(&c);
			}
		}
		if (undo)
			assert_int_equal(store_rollback(s), 0);
		else if (txn)
			assert_int_equal(store_commit(s), 0);
	}
	/* A transition changes no daily count: complaints are counted as received. */
	struct arena a;
	arena_init(&a, 0);
	for (size_t i = 0; i < nmade; i += 7) {
		struct complaint c;
		assert_int_equal(store_case_get(s, made[i].case_no, &a, &c, NULL), 0);
		struct complaint after = c;
		after.state = c.state == COMPLAINT_CLOSED ? COMPLAINT_ACCEPTED : COMPLAINT_CLOSED;
		after.version = c.version + 1;
		struct complaint_event ev = {.complaint_id = c.id, .at = c.received_at,
		                             .role = ROLE_AGENCY_STAFF, .action = ACTION_ACCEPT,
		                             .from = c.state, .to = after.state};
		assert_int_equal(store_case_update(s, &after, c.version, &ev), 0);
	}
	/* Reports: valid ones count by kind and operator, an invalidated one no more. */
	struct user u = {.name = "judge", .actor = {.role = ROLE_REGULATOR}};
	assert_int_equal(store_user_add(s, &u, "x"), 0);
	int64_t first_report = 0;
	for (int batch = 0; batch < 2; batch++) {
		if (batch)
			assert_int_equal(store_begin(s), 0);
		for (int i = 0; i < 60; i++) {
			struct report r = {.kind = (enum report_kind)rnd(REPORT_KIND_COUNT),
			                   .reported_at = date_start_instant(d0 + (int32_t)rnd(30),
			                                                     SH_BEIJING_OFFSET) +
			                                  rnd(86400),
			                   .occurred_at = NO_INSTANT};
			int64_t op = 0;
			if (r.kind == REPORT_BAD_APP) {
				r.app_package = "com.example.app";
				r.app_name = "示例";
				r.target_kind = NUMBER_INVALID;
			} else {
				snprintf(r.target, sizeof r.target, "1380013%04u", rnd(10000));
				r.target_kind = NUMBER_MOBILE;
				op = rnd(2) ? 1 + rnd(3) : 0;
			}
			assert_int_equal(store_report_insert(s, &r, op, 0), 0);
			expect_report(&r, op, 1);
			if (!first_report && r.kind != REPORT_BAD_APP)
				first_report = r.id;
		}
		if (batch)
			assert_int_equal(store_commit(s), 0);
	}
	struct report before;
	assert_int_equal(store_report_invalidate(s, first_report, "重复", u.id, 1, &a, &before), 0);
	char q[96];
	snprintf(q, sizeof q, "SELECT coalesce(operator_id, 0) FROM report WHERE id = %lld",
	         (long long)first_report);
	expect_report(&before, atoll(raw_text(q)), -1);
	assert_int_equal(store_report_invalidate(s, first_report, "重复", u.id, 1, &a, &before),
	                 SH_ECONFLICT); /* twice changes nothing */
	assert_days_match(s, d0 - 10, d0 + 100);
	assert_days_match(s, d0 + 10, d0 + 20); /* a part: only its days */
	store_close(s);

	/* A database from before the series gets them filled when it is upgraded. */
	raw_exec(drop_v9);
	raw_exec("ALTER TABLE app DROP COLUMN problem; "
	         "DROP TABLE complaint_day; DROP TABLE report_day; DROP TABLE warning_decision; "
	         "DROP TABLE number_change; DELETE FROM meta WHERE key = 'number_changes_pruned'; "
	         "UPDATE meta SET value = '6' WHERE key = 'schema_version'");
	assert_int_equal(store_open(fresh_url(), &s, err, sizeof err), 0);
	assert_days_match(s, d0 - 10, d0 + 100);

	/* Decisions: appended; the latest on a warning holds, with its figures. */
	struct warning_decision_record d = {.day = d0 + 5, .series = "complaint.44.1.4.12",
	                                    .decision = WARNING_ACKNOWLEDGED, .user_id = u.id,
	                                    .decided_at = 1000, .window = 3, .observed = 36,
	                                    .expected = 5.4219, .surprise = 15.6112};
	assert_int_equal(store_warning_decide(s, &d), 0);
	d.decision = WARNING_DISMISSED;
	d.note = "演示数据";
	d.decided_at = 2000;
	assert_int_equal(store_warning_decide(s, &d), 0);
	struct warning_decision_record other = d;
	snprintf(other.series, sizeof other.series, "fraud_call.all.2.all.all");
	other.note = NULL;
	other.decision = WARNING_ACKNOWLEDGED;
	assert_int_equal(store_warning_decide(s, &other), 0);
	other.day = d0 + 6; /* another day */
	assert_int_equal(store_warning_decide(s, &other), 0);
	struct warning_decision_record *got;
	size_t n;
	assert_int_equal(store_warning_decisions(s, d0 + 5, &a, &got, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(got[0].series, "complaint.44.1.4.12");
	assert_int_equal(got[0].decision, WARNING_DISMISSED);
	assert_string_equal(got[0].note, "演示数据");
	assert_string_equal(got[0].user_name, "judge");
	assert_int_equal(got[0].decided_at, 2000);
	assert_int_equal(got[0].window, 3);
	assert_int_equal(got[0].observed, 36);
	assert_true(got[0].expected == 5.422 && got[0].surprise == 15.611);
	assert_string_equal(got[1].series, "fraud_call.all.2.all.all");
	assert_null(got[1].note);
	assert_int_equal(store_warning_decisions(s, d0 + 7, &a, &got, &n), 0);
	assert_int_equal(n, 0);
	assert_string_equal(raw_text("SELECT count(*) FROM warning_decision"), "4");
	arena_free(&a);
	reference_free(&ref);
	store_close(s);
}

/* ---- rules generated from the domain -------------------------------------------- */

static int by_id(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return a < b ? -1 : a > b;
}

/* The ids of the cases a filter lists, sorted. */
static size_t listed(store *s, struct case_filter f, int64_t *ids)
{
	struct arena a;
	arena_init(&a, 0);
	struct complaint *items;
	size_t n;
	f.state = -1;
	f.limit = 1000;
	assert_int_equal(store_case_list(s, &f, &a, &items, &n), 0);
	for (size_t i = 0; i < n; i++)
		ids[i] = items[i].id;
	arena_free(&a);
	qsort(ids, n, sizeof *ids, by_id);
	return n;
}

static bool due_by(const struct complaint *c, int32_t day)
{
	unsigned running = lifecycle_clocks(c->state);
	for (int k = 0; k < CLOCK_COUNT; k++) {
		int32_t due = lifecycle_clock_due(c, (enum lifecycle_clock)k);
		if ((running & (1u << k)) && due && due <= day)
			return true;
	}
	return false;
}

static int64_t queue_key(const struct complaint *c)
{
	int32_t due = lifecycle_next_due(c);
	return (int64_t)(due ? due : INT32_MAX) << 32 | c->id;
}

static int by_queue(const void *pa, const void *pb)
{
	int64_t a = queue_key(pa), b = queue_key(pb);
	return a < b ? -1 : a > b;
}

/* The SQL the store writes from the domain's tables (store/sql/rules.c)
 * answers what the C functions answer, in every state: which cases are
 * overdue, which are due by a day, the queue's order by next deadline, and
 * which are open for the duplicate check. */
static void generated_rules_match_domain(void **state)
{
	(void)state;
	store *s = open_fresh();
	bool created;
	char err[256];
	assert_int_equal(seed_database(s, &created, err, sizeof err), 0);
	int32_t base = date_from_ymd(2026, 3, 1);
	enum { N = 270 };
	static struct complaint made[N];
	static const char *const phones[] = {"13800138000", "13800138001", "13800138002"};
	for (int i = 0; i < N; i++) {
		struct complaint c = make("44", 2026, 2, 1 + i % 28);
		c.state = (enum complaint_state)(i % COMPLAINT_STATE_COUNT);
		c.accept_due = rnd(5) ? base + (int32_t)rnd(40) : 0;
		c.answer_due = rnd(5) ? base + (int32_t)rnd(40) : 0;
		c.reply_due = rnd(5) ? base + (int32_t)rnd(40) : 0;
		c.phone = phones[i % 3];
		assert_int_equal(store_complaint_insert(s, &c, 0), 0);
		made[i] = c;
	}
	static int64_t got[N], want[N];
	for (int32_t day = base - 2; day <= base + 42; day += 3) {
		size_t ngot = listed(s, (struct case_filter){.overdue_on = day}, got), nwant = 0;
		for (int i = 0; i < N; i++)
			if (lifecycle_accept_overdue(&made[i], day) ||
			    lifecycle_answer_overdue(&made[i], day) || lifecycle_reply_overdue(&made[i], day))
				want[nwant++] = made[i].id;
		assert_int_equal(ngot, nwant);
		assert_memory_equal(got, want, nwant * sizeof *want);

		ngot = listed(s, (struct case_filter){.due_by = day}, got);
		nwant = 0;
		for (int i = 0; i < N; i++)
			if (due_by(&made[i], day))
				want[nwant++] = made[i].id;
		assert_int_equal(ngot, nwant);
		assert_memory_equal(got, want, nwant * sizeof *want);
	}

	/* The queue, page by page as the workbench asks for it. */
	static struct complaint sorted[N];
	memcpy(sorted, made, sizeof made);
	qsort(sorted, N, sizeof *sorted, by_queue);
	struct case_filter f = {.state = -1, .limit = 7, .by_due = true};
	size_t seen = 0;
	for (;;) {
		struct arena a;
		arena_init(&a, 0);
		struct complaint *items;
		size_t n;
		assert_int_equal(store_case_list(s, &f, &a, &items, &n), 0);
		for (size_t i = 0; i < n; i++) {
			assert_true(seen < N);
			assert_int_equal(items[i].id, sorted[seen++].id);
		}
		if (n < (size_t)f.limit) {
			arena_free(&a);
			break;
		}
		int32_t due = lifecycle_next_due(&items[n - 1]);
		f.after_due = due ? due : INT32_MAX;
		f.after_id = items[n - 1].id;
		arena_free(&a);
	}
	assert_int_equal(seen, N);

	/* The duplicate check finds the newest open case with the phone. */
	for (int p = 0; p < 3; p++) {
		const struct complaint *newest = NULL;
		for (int i = 0; i < N; i++)
			if (made[i].phone == phones[p] && !complaint_state_is_final(made[i].state))
				newest = &made[i];
		char no[CASE_NO_MAX];
		assert_int_equal(store_case_duplicate(s, phones[p], 2, 0, no), 0);
		assert_string_equal(no, newest ? newest->case_no : "");
	}
	store_close(s);
}

static void month_split(void **state)
{
	(void)state;
	struct stat_split sp;
	/* a quarter: all months */
	stat_month_split(day_at(2020, 10, 1), day_at(2021, 1, 1), &sp);
	assert_int_equal(sp.head_from, sp.head_to);
	assert_int_equal(sp.month_from, 202010);
	assert_int_equal(sp.month_to, 202101);
	assert_int_equal(sp.tail_from, sp.tail_to);
	/* ragged on both sides */
	stat_month_split(day_at(2020, 9, 15), day_at(2020, 12, 2), &sp);
	assert_int_equal(sp.head_from, day_at(2020, 9, 15));
	assert_int_equal(sp.head_to, day_at(2020, 10, 1));
	assert_int_equal(sp.month_from, 202010);
	assert_int_equal(sp.month_to, 202012);
	assert_int_equal(sp.tail_from, day_at(2020, 12, 1));
	assert_int_equal(sp.tail_to, day_at(2020, 12, 2));
	/* inside one month: all raw */
	stat_month_split(day_at(2020, 2, 3), day_at(2020, 2, 20), &sp);
	assert_int_equal(sp.head_to, day_at(2020, 2, 20));
	assert_int_equal(sp.month_from, sp.month_to);
	/* across a year end; Beijing midnight is 16:00 UTC the day before */
	assert_int_equal(stat_month_of(day_at(2021, 1, 1)), 202101);
	assert_int_equal(stat_month_of(day_at(2021, 1, 1) - 1), 202012);
	assert_int_equal(stat_month_next(202012), 202101);
}

/* store_exists() creates nothing: no SQLite file, no schema in an empty
 * PostgreSQL database. */
static void exists_creates_nothing(void **state)
{
	(void)state;
	char err[256] = "";
	empty_db();
	assert_int_equal(store_exists(fresh_url(), err, sizeof err), SH_ENOTFOUND);
	if (!on_pg) {
		assert_int_equal(access(path, F_OK), -1);
		char f[512];
		snprintf(f, sizeof f, "%s/no-such-dir/t.db", dir);
		assert_int_equal(store_exists(f, err, sizeof err), SH_ENOTFOUND);
	} else {
		assert_string_equal(raw_text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
		                    "0");
	}
	store *s;
	assert_int_equal(store_open(url, &s, err, sizeof err), 0);
	store_close(s);
	assert_int_equal(store_exists(url, err, sizeof err), 0);
}

static void expect_redacted(const char *given, const char *want)
{
	char out[256];
	store_url_redact(given, out, sizeof out);
	assert_string_equal(out, want);
}

static void url_redaction(void **state)
{
	(void)state;
	expect_redacted("shensu.db", "shensu.db");
	expect_redacted("data/password=x.db", "data/password=x.db"); /* a file, not a URL */
	expect_redacted("postgres://shensu@db/shensu", "postgres://shensu@db/shensu");
	expect_redacted("postgres://shensu:s3cret@db:5432/shensu",
	                "postgres://shensu:***@db:5432/shensu");
	expect_redacted("postgresql://u:p@ss:w@rd@db/x?sslmode=require",
	                "postgresql://u:***@db/x?sslmode=require");
	expect_redacted("postgres://db/x?user=u&password=s3cret&sslmode=require",
	                "postgres://db/x?user=u&password=***&sslmode=require");
	expect_redacted("host=/run/postgresql dbname=shensu password=s3cret user=u",
	                "host=/run/postgresql dbname=shensu password=*** user=u");
	/* libpq quoting: a backslash escapes a quote or a backslash */
	expect_redacted("host=db password = 'it\\'s a \\\\ secret' dbname=shensu",
	                "host=db password = *** dbname=shensu");
	expect_redacted("host=db mypassword=1 dbname=x", "host=db mypassword=1 dbname=x");
	/* cut to the buffer, still terminated */
	char small[12];
	store_url_redact("postgres://u:secret@host/db", small, sizeof small);
	assert_string_equal(small, "postgres://");
}

/* The texts behind warnings: one walk over the complaints of a stretch of
 * time, newest first, giving every complaint of the cells asked for (others
 * only where a cell's number is shared), stopped when the caller has enough;
 * then their descriptions by id, more than one statement's worth. */
struct walked {
	int64_t ids[400];
	int64_t at[400];
	size_t n;
	size_t stop_after; /* 0: never */
};

static const struct complaint_match walk_cells[] = {
	{.enterprise_id = 2, .category_id = 1, .subtopic_id = -1}, /* a class */
	{.enterprise_id = 1, .category_id = 4, .subtopic_id = 23},  /* a sub-topic */
	{.enterprise_id = 3, .category_id = 2, .subtopic_id = 0},   /* "none" */
};

static bool walk_wanted(int64_t e, int64_t cat, int64_t sub)
{
	for (size_t i = 0; i < sizeof walk_cells / sizeof *walk_cells; i++) {
		const struct complaint_match *m = &walk_cells[i];
		if (m->enterprise_id == e && m->category_id == cat &&
		    (m->subtopic_id < 0 || m->subtopic_id == sub))
			return true;
	}
	return false;
}

static int walk_fn(void *ctx, const struct complaint_class *c)
{
	struct walked *w = ctx;
	if (!walk_wanted(c->enterprise_id, c->category_id, c->subtopic_id))
		return 0;
	assert_true(w->n < sizeof w->ids / sizeof *w->ids);
	assert_int_equal(strlen(c->province), 2);
	w->ids[w->n] = c->id;
	w->at[w->n++] = c->received_at;
	return w->stop_after && w->n == w->stop_after ? 1 : 0;
}

static int walk_fail(void *ctx, const struct complaint_class *c)
{
	(void)ctx, (void)c;
	return SH_EIO;
}

static void complaint_walk(void **state)
{
	(void)state;
	store *s = open_fresh();
	bool created;
	char err[256];
	assert_int_equal(seed_database(s, &created, err, sizeof err), 0);
	int64_t t0 = 1700000000, from = t0 + 10000, to = t0 + 90000;
	static const int64_t subs[][2] = {{1, 0}, {1, 2}, {4, 23}, {4, 24}, {2, 0}, {2, 7}};
	int64_t want[400];
	size_t nwant = 0;
	char texts[300][16];
	int64_t ids[300];
	assert_int_equal(store_begin(s), 0);
	for (int i = 0; i < 300; i++) {
		const int64_t *cs = subs[rnd(6)];
		snprintf(texts[i], sizeof texts[i], "文本%d", i);
		struct complaint c = {.closed_at = NO_INSTANT, .description = texts[i],
		                      .description_len = strlen(texts[i]), .state = COMPLAINT_SUBMITTED,
		                      .enterprise_id = 1 + rnd(3), .category_id = cs[0],
		                      .subtopic_id = cs[1],
		                      .received_at = t0 + rnd(100000) / 4 * 4}; /* ties */
		memcpy(c.province, rnd(2) ? "44" : "11", 3);
		assert_int_equal(store_complaint_insert(s, &c, 0), 0);
		ids[i] = c.id;
		if (c.received_at >= from && c.received_at < to &&
		    walk_wanted(c.enterprise_id, c.category_id, c.subtopic_id))
			want[nwant++] = c.id;
	}
	assert_int_equal(store_commit(s), 0);
	assert_true(nwant > 40);

	struct walked w = {0};
	assert_int_equal(store_complaint_classes(s, from, to, walk_cells, 3, walk_fn, &w), 0);
	assert_int_equal(w.n, nwant);
	for (size_t i = 1; i < w.n; i++) /* newest first, then the higher id */
		assert_true(w.at[i - 1] > w.at[i] || (w.at[i - 1] == w.at[i] && w.ids[i - 1] > w.ids[i]));
	qsort(w.ids, w.n, sizeof *w.ids, by_id);
	qsort(want, nwant, sizeof *want, by_id);
	assert_memory_equal(w.ids, want, nwant * sizeof *want);

	/* stopped by the caller; an error of the caller's returned */
	struct walked some = {.stop_after = 5};
	assert_int_equal(store_complaint_classes(s, from, to, walk_cells, 3, walk_fn, &some), 0);
	assert_int_equal(some.n, 5);
	assert_int_equal(store_complaint_classes(s, from, to, walk_cells, 3, walk_fail, NULL),
	                 SH_EIO);
	struct walked none = {0};
	assert_int_equal(store_complaint_classes(s, from, to, walk_cells, 0, walk_fn, &none), 0);
	assert_int_equal(none.n, 0);

	/* descriptions: in the order asked, an unknown id NULL, over several statements */
	struct arena a;
	arena_init(&a, 0);
	int64_t ask[101];
	const char *got[101];
	for (int i = 0; i < 100; i++)
		ask[i] = ids[299 - i * 3];
	ask[50] = 99999999;
	ask[100] = ids[0];
	assert_int_equal(store_complaint_descriptions(s, ask, 101, &a, got), 0);
	for (int i = 0; i < 100; i++)
		if (i == 50)
			assert_null(got[i]);
		else
			assert_string_equal(got[i], texts[299 - i * 3]);
	assert_string_equal(got[100], texts[0]);
	arena_free(&a);
	store_close(s);
}

/* ---- number changes -------------------------------------------------------------- */

struct changed {
	char numbers[16][NUMBER_MAX];
	struct number_record recs[16];
	int n;
};

static int collect(void *ctx, const struct number_record *r)
{
	struct changed *c = ctx;
	assert_true(c->n < 16);
	snprintf(c->numbers[c->n], NUMBER_MAX, "%s", r->number);
	c->recs[c->n++] = *r;
	return 0;
}

/* The numbers changed in (after, upto], sorted, as "a b c". */
static const char *changed(store *s, int64_t after, int64_t upto, struct changed *c)
{
	static char out[512];
	memset(c, 0, sizeof *c);
	assert_int_equal(store_number_changes(s, after, upto, collect, c), 0);
	for (int i = 0; i < c->n; i++)
		for (int j = i + 1; j < c->n; j++)
			if (strcmp(c->numbers[j], c->numbers[i]) < 0) {
				char t[NUMBER_MAX];
				struct number_record tr = c->recs[i];
				memcpy(t, c->numbers[i], NUMBER_MAX);
				memcpy(c->numbers[i], c->numbers[j], NUMBER_MAX);
				memcpy(c->numbers[j], t, NUMBER_MAX);
				c->recs[i] = c->recs[j];
				c->recs[j] = tr;
			}
	out[0] = '\0';
	for (int i = 0; i < c->n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? " " : "", c->numbers[i]);
	return out;
}

static struct report number_report(const char *digits, enum report_kind kind, int64_t at)
{
	struct report r = {.kind = kind, .reported_at = at, .occurred_at = NO_INSTANT,
	                   .target_kind = NUMBER_MOBILE};
	snprintf(r.target, sizeof r.target, "%s", digits);
	if (digits[0] == '0')
		r.target_kind = NUMBER_FIXED;
	else if (strncmp(digits, "106", 3) == 0)
		r.target_kind = NUMBER_SMS_PORT;
	return r;
}

static int64_t head_last(store *s)
{
	int64_t last, pruned;
	assert_int_equal(store_number_changes_head(s, &last, &pruned), 0);
	return last;
}

/* Every write that changes a look-up records a change of its numbers, in
 * commit order, once per number and transaction; rollbacks and apps record
 * nothing; a second connection is told; pruning keeps its mark. */
static void number_changes(void **state)
{
	(void)state;
	store *s = open_fresh(), *s2;
	bool created;
	char err[256];
	struct changed c;
	assert_int_equal(seed_database(s, &created, err, sizeof err), 0);
	struct reference ref;
	reference_init(&ref);
	assert_int_equal(store_reference_load(s, &ref), 0);
	int64_t cmcc = reference_enterprise(&ref, "中国移动", strlen("中国移动"))->id;
	int64_t unicom = reference_enterprise(&ref, "中国联通", strlen("中国联通"))->id;
	int64_t t = day_at(2026, 11, 2) + 3600;
	int64_t last, pruned;
	assert_int_equal(store_number_changes_head(s, &last, &pruned), 0);
	assert_int_equal(last, 0);
	assert_int_equal(pruned, 0);
	assert_int_equal(store_number_changes_written(s), 0);

	/* a report: one change, read back with the number's record */
	struct report r = number_report("13800138000", REPORT_HARASSMENT_CALL, t);
	assert_int_equal(store_report_insert(s, &r, cmcc, 0), 0);
	int64_t w1 = store_number_changes_written(s);
	assert_true(w1 > 0);
	assert_int_equal(head_last(s), w1);
	assert_string_equal(changed(s, 0, w1, &c), "13800138000");
	assert_int_equal(c.recs[0].counts[REPORT_HARASSMENT_CALL], 1);
	assert_int_equal(c.recs[0].first_at, t);
	assert_string_equal(changed(s, w1, w1 + 100, &c), "");

	/* an app report changes no look-up */
	struct report app = {.kind = REPORT_BAD_APP, .reported_at = t, .occurred_at = NO_INSTANT,
	                     .app_package = "com.example.bad", .app_name = "坏应用"};
	assert_int_equal(store_report_insert(s, &app, 0, 0), 0);
	assert_int_equal(store_number_changes_written(s), 0);
	assert_int_equal(head_last(s), w1);

	/* a rolled back transaction records nothing */
	assert_int_equal(store_begin(s), 0);
	r = number_report("13900139000", REPORT_SPAM_SMS, t);
	assert_int_equal(store_report_insert(s, &r, cmcc, 0), 0);
	assert_int_equal(store_rollback(s), 0);
	assert_int_equal(head_last(s), w1);

	/* one transaction, a number reported twice and another once: two changes,
	 * a 20-digit SMS port among them */
	assert_int_equal(store_begin(s), 0);
	r = number_report("13800138000", REPORT_FRAUD_CALL, t + 10);
	assert_int_equal(store_report_insert(s, &r, cmcc, 0), 0);
	r = number_report("10690000123456789012", REPORT_SPAM_SMS, t + 20);
	assert_int_equal(store_report_insert(s, &r, 0, 0), 0);
	r = number_report("13800138000", REPORT_FRAUD_CALL, t + 30);
	assert_int_equal(store_report_insert(s, &r, cmcc, 0), 0);
	assert_int_equal(store_commit(s), 0);
	int64_t w2 = store_number_changes_written(s);
	assert_int_equal(w2, w1 + 2);
	assert_string_equal(changed(s, w1, w2, &c), "10690000123456789012 13800138000");
	assert_int_equal(c.recs[1].counts[REPORT_FRAUD_CALL], 2);
	assert_int_equal(c.recs[1].last_at, t + 30);

	/* a dispatch list: every number on it; then a disposal and an invalidation */
	r = number_report("13700137000", REPORT_HARASSMENT_CALL, t + 40);
	assert_int_equal(store_report_insert(s, &r, unicom, 0), 0);
	int64_t w3 = store_number_changes_written(s);
	struct arena a;
	arena_init(&a, 0);
	struct dispatch *made;
	size_t n;
	struct dispatch_due due = {.due = date_from_ymd(2026, 11, 16)};
	assert_int_equal(store_dispatch_create(s, t + 50, &due, &a, &made, &n), 0);
	assert_int_equal(n, 2);
	int64_t w4 = store_number_changes_written(s);
	assert_string_equal(changed(s, w3, w4, &c), "13700137000 13800138000");
	assert_int_equal(w4, w3 + 2);
	assert_true(c.recs[1].dispatch_id != 0);
	assert_int_equal(c.recs[1].dispatch_operator_id, cmcc);
	int64_t list = c.recs[1].dispatch_id;
	assert_int_equal(store_disposal_set(s, list, "13800138000", DISPOSAL_SHUT_DOWN, NULL, t + 60), 0);
	int64_t w5 = store_number_changes_written(s);
	assert_string_equal(changed(s, w4, w5, &c), "13800138000");
	assert_int_equal(c.recs[0].disposal, DISPOSAL_SHUT_DOWN);
	/* not on the list: nothing written, nothing recorded */
	assert_int_equal(store_disposal_set(s, list, "13700137000", DISPOSAL_WARNED, NULL, t), SH_ENOTFOUND);
	assert_int_equal(head_last(s), w5);
	struct report before;
	assert_int_equal(store_report_invalidate(s, r.id, "重复举报", 0, t + 70, &a, &before), 0);
	int64_t w6 = store_number_changes_written(s);
	assert_string_equal(changed(s, w5, w6, &c), "13700137000");
	assert_int_equal(c.recs[0].counts[REPORT_HARASSMENT_CALL], 0);

	/* a ported record, of a number nobody reported */
	assert_int_equal(store_ported_put(s, "13600136000", unicom, date_from_ymd(2026, 1, 1)), 0);
	int64_t w7 = store_number_changes_written(s);
	assert_string_equal(changed(s, w6, w7, &c), "13600136000");
	assert_int_equal(c.recs[0].ported_operator_id, unicom);
	assert_string_equal(changed(s, 0, w7, &c),
	                    "10690000123456789012 13600136000 13700137000 13800138000");

	/* commit order: a transaction that began first but commits last gets
	 * the later id */
	assert_int_equal(store_open(fresh_url(), &s2, err, sizeof err), 0);
	assert_int_equal(store_begin(s), 0);
	r = number_report("13500135000", REPORT_HARASSMENT_CALL, t + 80);
	assert_int_equal(store_report_insert(s, &r, cmcc, 0), 0);
	if (on_pg) { /* SQLite's one writer would wait for s */
		r = number_report("13400134000", REPORT_HARASSMENT_CALL, t + 81);
		assert_int_equal(store_report_insert(s2, &r, cmcc, 0), 0);
		assert_int_equal(store_number_changes_written(s2), w7 + 1);
	}
	assert_int_equal(store_commit(s), 0);
	int64_t w8 = store_number_changes_written(s);
	assert_int_equal(w8, on_pg ? w7 + 2 : w7 + 1);

	/* waiting: the first wait says there may be changes (nothing seen yet),
	 * then time runs out, then another connection's commit is told */
	assert_int_equal(store_number_changes_wait(s2, 100), 1);
	assert_int_equal(store_number_changes_wait(s2, 100), 0);
	r = number_report("13300133000", REPORT_HARASSMENT_CALL, t + 90);
	assert_int_equal(store_report_insert(s, &r, cmcc, 0), 0);
	assert_int_equal(store_number_changes_wait(s2, 2000), 1);
	int64_t w9 = store_number_changes_written(s);

	/* pruning: the mark says how far; the ids go on from there */
	assert_int_equal(store_number_changes_prune(s, t), 0); /* all newer: none */
	assert_int_equal(store_number_changes_head(s, &last, &pruned), 0);
	assert_int_equal(pruned, 0);
	assert_int_equal(store_number_changes_prune(s2, INT64_MAX / 2), 0);
	assert_int_equal(store_number_changes_head(s, &last, &pruned), 0);
	assert_int_equal(pruned, w9);
	assert_int_equal(last, w9);
	assert_string_equal(changed(s, 0, w9, &c), "");
	r = number_report("13200132000", REPORT_HARASSMENT_CALL, t + 100);
	assert_int_equal(store_report_insert(s, &r, cmcc, 0), 0);
	assert_int_equal(store_number_changes_written(s), w9 + 1);
	arena_free(&a);
	reference_free(&ref);
	store_close(s2);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrations_and_pragmas),
		cmocka_unit_test(upgrade_from_v1),
		cmocka_unit_test(failed_upgrade_changes_nothing),
		cmocka_unit_test(bulk_load_rebuilds_indexes),
		cmocka_unit_test(reference_round_trip),
		cmocka_unit_test(case_numbers),
		cmocka_unit_test(statistics_summary),
		cmocka_unit_test(daily_series),
		cmocka_unit_test(complaint_walk),
		cmocka_unit_test(generated_rules_match_domain),
		cmocka_unit_test(month_split),
		cmocka_unit_test(exists_creates_nothing),
		cmocka_unit_test(url_redaction),
		cmocka_unit_test(number_changes),
	};
	int failed = cmocka_run_group_tests_name("sqlite", tests, setup_sqlite, teardown_sqlite);
	pg_base = getenv("SHENSU_TEST_PG");
	if (pg_base && *pg_base)
		failed += cmocka_run_group_tests_name("postgres", tests, setup_pg, teardown_pg);
	else
		printf("postgres: skipped (SHENSU_TEST_PG not set; make unit sets it)\n");
	return failed;
}
