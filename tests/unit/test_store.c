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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrations_and_pragmas),
		cmocka_unit_test(upgrade_from_v1),
		cmocka_unit_test(failed_upgrade_changes_nothing),
		cmocka_unit_test(bulk_load_rebuilds_indexes),
		cmocka_unit_test(reference_round_trip),
		cmocka_unit_test(case_numbers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
