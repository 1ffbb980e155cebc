#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "cli/cli.h"
#include "cli/holiday_json.h"
#include "core/date.h"
#include "core/error.h"
#include "store/schema.h"
#include "store/stat_month.h"
#include "store/store.h"

static char dir[64];
static char path[128];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/shensu-store-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static store *open_fresh(void)
{
	char f[512];
	snprintf(f, sizeof f, "rm -f %s %s-wal %s-shm", path, path, path);
	assert_int_equal(system(f), 0);
	store *s;
	char err[256];
	assert_int_equal(store_open(path, &s, err, sizeof err), 0);
	return s;
}

static void migrations_and_pragmas(void **state)
{
	(void)state;
	store *s = open_fresh();
	int v;
	assert_int_equal(store_version(s, &v), 0);
	assert_int_equal(v, STORE_SCHEMA_VERSION);
	store_close(s);

	/* WAL and foreign keys are in force: check through SQLite itself. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	/* A newer schema is refused, with a message, and left untouched. */
	assert_int_equal(sqlite3_exec(db, "UPDATE meta SET value = '99' WHERE key = 'schema_version'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	char err[256] = "";
	assert_int_equal(store_open(path, &s, err, sizeof err), SH_ESCHEMA);
	assert_non_null(strstr(err, "newer"));
	assert_non_null(strstr(err, "99"));
}

/* A database written by the first release is upgraded in place, its data kept. */
static void upgrade_from_v1(void **state)
{
	(void)state;
	char f[512];
	snprintf(f, sizeof f, "rm -f %s %s-wal %s-shm", path, path, path);
	assert_int_equal(system(f), 0);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema_migrations[1], NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(db,
		             "INSERT INTO meta VALUES ('schema_version', '1');"
		             "INSERT INTO province VALUES ('44', '广东省', '广东', 0);"
		             "INSERT INTO enterprise(id, code, name, full_name, kind) VALUES "
		             "(2, 'mobile', '中国移动', '中国移动通信集团有限公司', 'basic');"
		             "INSERT INTO category VALUES (1, '2016', 'user_service', '用户服务', NULL, "
		             "'2021-12-31');"
		             "INSERT INTO complaint(case_no, province, enterprise_id, category_id, state, "
		             "received_at, description) VALUES ('44-2020-000001', '44', 2, 1, 'closed', "
		             "1601481600, '旧数据');",
		             NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);

	store *s;
	char err[256];
	assert_int_equal(store_open(path, &s, err, sizeof err), 0);
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
	arena_free(&a);
	store_close(s);
}

/* An upgrade that fails half-way leaves the database exactly as it was. */
static void failed_upgrade_changes_nothing(void **state)
{
	(void)state;
	char f[512];
	snprintf(f, sizeof f, "rm -f %s %s-wal %s-shm", path, path, path);
	assert_int_equal(system(f), 0);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema_migrations[1], NULL, NULL, NULL), SQLITE_OK);
	/* A table v2 wants to create already exists: v2 fails after its ALTERs. */
	assert_int_equal(sqlite3_exec(db,
	                              "INSERT INTO meta VALUES ('schema_version', '1');"
	                              "CREATE TABLE agency_setting (x INTEGER);",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	store *s;
	char err[256] = "";
	assert_int_not_equal(store_open(path, &s, err, sizeof err), 0);
	assert_non_null(strstr(err, "agency_setting"));
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT value FROM meta", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "1");
	sqlite3_finalize(st);
	/* the ALTER TABLEs before the failure were rolled back too */
	assert_int_not_equal(sqlite3_prepare_v2(db, "SELECT phone FROM complaint", -1, &st, NULL),
	                     SQLITE_OK);
	sqlite3_close(db);
}

/* Counts the secondary indexes named in schema_bulk_indexes whose stored SQL
 * is exactly the list's CREATE statement. */
static int matching_indexes(void)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	int n = 0;
	for (const struct schema_index *ix = schema_bulk_indexes; ix->name; ix++) {
		sqlite3_stmt *st;
		sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
		                   -1, &st, NULL);
		sqlite3_bind_text(st, 1, ix->name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW &&
		    strcmp((const char *)sqlite3_column_text(st, 0), ix->create) == 0)
			n++;
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

static void bulk_load_rebuilds_indexes(void **state)
{
	(void)state;
	store *s = open_fresh();
	bool created;
	char err[256];
	assert_int_equal(seed_database(s, &created, err, sizeof err), 0);
	int all = 0;
	while (schema_bulk_indexes[all].name)
		all++;
	/* the list is what the migrations create */
	assert_int_equal(matching_indexes(), all);

	/* a large load that is rolled back leaves the indexes as they were */
	assert_int_equal(store_tune_bulk(s, 1000000), 0);
	assert_int_equal(store_begin(s), 0);
	struct complaint c = {.enterprise_id = 2, .category_id = 1, .state = COMPLAINT_CLOSED,
	                      .closed_at = NO_INSTANT, .description = "x", .description_len = 1,
	                      .received_at = 1601510400};
	memcpy(c.province, "44", 3);
	assert_int_equal(store_complaint_insert(s, &c, 0), 0);
	assert_int_equal(store_rollback(s), 0);
	assert_int_equal(matching_indexes(), all);

	/* committed: the rows are there and the indexes are rebuilt */
	assert_int_equal(store_tune_bulk(s, 1000000), 0);
	assert_int_equal(store_begin(s), 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(store_complaint_insert(s, &c, 0), 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(matching_indexes(), all);
	int64_t n;
	assert_int_equal(store_complaint_count(s, &n), 0);
	assert_int_equal(n, 100);
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

/* What a count straight from the complaints gives, through SQLite itself. */
static size_t raw_counts(int64_t from, int64_t to, const char *province, struct stat_cell *out,
                         size_t max)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(
		sqlite3_prepare_v2(db,
		                   "SELECT province, category_id, coalesce(subtopic_id, 0), enterprise_id, "
		                   "count(*) FROM complaint WHERE received_at >= ?1 AND received_at < ?2 "
		                   "AND (?3 IS NULL OR province = ?3) AND state IN ('accepted', "
		                   "'forwarded', 'replied', 'mediation', 'closed') GROUP BY 1, 2, 3, 4",
		                   -1, &st, NULL),
		SQLITE_OK);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if (province)
		sqlite3_bind_text(st, 3, province, -1, SQLITE_STATIC);
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(n < max);
		struct stat_cell *c = &out[n++];
		snprintf(c->province, sizeof c->province, "%s", sqlite3_column_text(st, 0));
		c->category_id = sqlite3_column_int64(st, 1);
		c->subtopic_id = sqlite3_column_int64(st, 2);
		c->enterprise_id = sqlite3_column_int64(st, 3);
		c->count = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	qsort(out, n, sizeof *out, cell_order);
	return n;
}

static void assert_counts_match(store *s, int64_t from, int64_t to, const char *province)
{
	static struct stat_cell want[4096];
	size_t nwant = raw_counts(from, to, province, want, 4096);
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
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "DROP TABLE complaint_month; DROP TABLE report; "
	                              "DROP TABLE reported_number; DROP TABLE dispatch; "
	                              "DROP TABLE ported_number; DROP TABLE app; "
	                              "UPDATE meta SET value = '2' WHERE key = 'schema_version'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &s, err, sizeof err), 0);
	assert_counts_match(s, day_at(2020, 1, 1), day_at(2021, 1, 1), NULL);
	assert_counts_match(s, day_at(2020, 4, 1), day_at(2020, 7, 1), "31");
	reference_free(&ref);
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

/* store_exists() creates nothing and tells a missing SQLite file apart. */
static void exists_creates_nothing(void **state)
{
	(void)state;
	char f[512], err[256] = "";
	snprintf(f, sizeof f, "rm -f %s %s-wal %s-shm", path, path, path);
	assert_int_equal(system(f), 0);
	assert_int_equal(store_exists(path, err, sizeof err), SH_ENOTFOUND);
	assert_int_equal(access(path, F_OK), -1);
	snprintf(f, sizeof f, "%s/no-such-dir/t.db", dir);
	assert_int_equal(store_exists(f, err, sizeof err), SH_ENOTFOUND);
	store *s = open_fresh();
	store_close(s);
	assert_int_equal(store_exists(path, err, sizeof err), 0);
}

static void expect_redacted(const char *url, const char *want)
{
	char out[256];
	store_url_redact(url, out, sizeof out);
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
		cmocka_unit_test(month_split),
		cmocka_unit_test(exists_creates_nothing),
		cmocka_unit_test(url_redaction),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
