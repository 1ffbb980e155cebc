/* The ministry's campaigns: app technical testing batches, what the app
 * pipeline records of an app's problem, and equipment sampling after
 * licensing (证后监督). */
#include <string.h>

#include "core/error.h"
#include "store/sql/sql.h"
#include "store/sql/supervision.h"

/* ---- app testing ----------------------------------------------------------------------- */

#define BATCH_COLS "x.id, x.tested_on, x.authority, x.app_store, x.apps_tested, " STAMP_COLS

static void read_batch(struct arena *a, struct sql_stmt *st, void *row)
{
	struct app_test_batch *b = row;
	b->id = col_int(st, 0);
	b->tested_on = col_date(st, 1, 0);
	col_copy(b->authority, sizeof b->authority, st, 2);
	b->app_store = col_text(a, st, 3);
	b->apps_tested = col_int(st, 4);
	stamp_read(st, 5, &b->stamp);
}

int store_app_test_insert(store *s, struct app_test_batch *b, int64_t now)
{
	struct sql_args q = {0};
	arg_date(&q, b->tested_on);
	arg_text(&q, b->authority);
	arg_text(&q, b->app_store);
	arg_int(&q, b->apps_tested);
	arg_int(&q, now);
	arg_id(&q, b->stamp.batch_id);
	int rc = sql_insert(s,
	                    "INSERT INTO app_test_batch(tested_on, authority, app_store, apps_tested, "
	                    "created_at, updated_at, import_batch_id) "
	                    "VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
	                    &q, &b->id);
	if (rc == 0) {
		b->stamp.created_at = b->stamp.updated_at = now;
		b->stamp.version = 1;
	}
	return rc;
}

int store_app_test_update(store *s, const struct app_test_batch *b, int expected_version,
                          int64_t now)
{
	struct sql_args q = {0};
	arg_date(&q, b->tested_on);
	arg_text(&q, b->authority);
	arg_text(&q, b->app_store);
	arg_int(&q, b->apps_tested);
	arg_int(&q, now);
	arg_int(&q, b->id);
	arg_int(&q, expected_version);
	return update_versioned(s,
	                        "UPDATE app_test_batch SET tested_on = ?1, authority = ?2, "
	                        "app_store = ?3, apps_tested = ?4, updated_at = ?5, "
	                        "version = version + 1 WHERE id = ?6 AND version = ?7",
	                        &q, "app test batch");
}

int store_app_test_get(store *s, int64_t id, struct arena *a, struct app_test_batch *out)
{
	struct sql_args q = {0};
	arg_int(&q, id);
	struct sql_stmt *st;
	int rc = sql_row(s, "SELECT " BATCH_COLS " FROM app_test_batch x WHERE x.id = ?1", &q, &st);
	if (rc)
		return rc;
	read_batch(a, st, out);
	sql_done(s, st);
	return 0;
}

int store_app_test_list(store *s, const struct supervision_filter *f, struct arena *a,
                        struct app_test_batch **out, size_t *n)
{
	struct sql_args q = {0};
	filter_args(&q, f);
	arg_int(&q, filter_limit(f));
	/* Batches name no enterprise: a licensee filter leaves none. */
	return read_rows(s,
	                 "SELECT " BATCH_COLS " FROM app_test_batch x WHERE "
	                 FILTER_WHERE("tested_on", "x.id IS NULL") " ORDER BY x.id DESC LIMIT ?6",
	                 &q, a, sizeof(struct app_test_batch), read_batch, (void **)out, n);
}

int store_app_tests_total(store *s, int32_t from, int32_t to, int64_t *out)
{
	struct sql_args q = {0};
	arg_date(&q, from);
	arg_date(&q, to);
	return sql_int(s,
	               "SELECT sum(apps_tested) FROM app_test_batch WHERE tested_on BETWEEN ?1 AND ?2",
	               &q, 0, out);
}

/* ---- the app pipeline's additions ------------------------------------------------------ */

int store_app_ensure(store *s, const char *package, const char *name, const char *app_store)
{
	struct sql_args q = {0};
	arg_text(&q, package);
	int64_t have;
	int rc = sql_int(s, "SELECT count(*) FROM app WHERE package = ?1", &q, 0, &have);
	if (rc || have)
		return rc;
	arg_text(&q, name && name[0] ? name : package);
	arg_text(&q, app_store);
	arg_text(&q, app_state_code(APP_REPORTED));
	return sql_exec(s,
	                "INSERT INTO app(package, name, app_store, state) VALUES (?1, ?2, ?3, ?4)",
	                &q, NULL);
}

int store_app_set_problem(store *s, const char *package, const char *problem)
{
	if (!problem || !problem[0])
		return 0;
	struct sql_args q = {0};
	arg_text(&q, package);
	arg_text(&q, problem);
	return sql_exec(s, "UPDATE app SET problem = ?2 WHERE package = ?1", &q, NULL);
}

int store_app_problems(store *s, int32_t from, int32_t to, size_t max, struct arena *a,
                       const char ***out, size_t *n)
{
	struct sql_args q = {0};
	arg_date(&q, from);
	arg_date(&q, to);
	arg_int(&q, (int64_t)max);
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT problem FROM app WHERE notified_on BETWEEN ?1 AND ?2 AND problem IS "
	                 "NOT NULL GROUP BY problem ORDER BY count(*) DESC, problem LIMIT ?3",
	                 &q, &st);
	if (rc)
		return rc;
	const char **items = arena_calloc(a, max ? max : 1, sizeof *items);
	size_t count = 0;
	while ((rc = sql_next(s, st)) > 0 && count < max)
		items[count++] = col_text(a, st, 0);
	sql_done(s, st);
	*out = items;
	*n = count;
	return rc;
}

/* ---- equipment sampling ------------------------------------------------------------------ */

#define SAMPLE_COLS                                                                           \
	"x.id, x.sampled_on, x.authority, x.product, x.model, x.licence_no, x.passed, x.problem, " \
	STAMP_COLS ", " LICENSEE_COLS

static void read_sample(struct arena *a, struct sql_stmt *st, void *row)
{
	struct equipment_sample *e = row;
	e->id = col_int(st, 0);
	e->sampled_on = col_date(st, 1, 0);
	col_copy(e->authority, sizeof e->authority, st, 2);
	e->product = col_text(a, st, 3);
	e->model = col_text(a, st, 4);
	e->licence_no = col_text(a, st, 5);
	e->passed = col_int(st, 6) != 0;
	e->problem = col_opt(a, st, 7);
	stamp_read(st, 8, &e->stamp);
	licensee_read(a, st, 12, &e->manufacturer);
}

static void bind_sample(struct sql_args *q, const struct equipment_sample *e)
{
	arg_date(q, e->sampled_on);
	arg_text(q, e->authority);
	arg_int(q, e->manufacturer.id);
	arg_text(q, e->product);
	arg_text(q, e->model);
	arg_text(q, e->licence_no);
	arg_int(q, e->passed);
	arg_text(q, e->passed ? NULL : e->problem);
}

int store_equipment_insert(store *s, struct equipment_sample *e, int64_t now)
{
	struct sql_args q = {0};
	bind_sample(&q, e);
	arg_int(&q, now);
	arg_id(&q, e->stamp.batch_id);
	int rc = sql_insert(s,
	                    "INSERT INTO equipment_sample(sampled_on, authority, licensee_id, product, "
	                    "model, licence_no, passed, problem, created_at, updated_at, "
	                    "import_batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
	                    &q, &e->id);
	if (rc == 0) {
		e->stamp.created_at = e->stamp.updated_at = now;
		e->stamp.version = 1;
	}
	return rc;
}

int store_equipment_update(store *s, const struct equipment_sample *e, int expected_version,
                           int64_t now)
{
	struct sql_args q = {0};
	bind_sample(&q, e);
	arg_int(&q, now);
	arg_int(&q, e->id);
	arg_int(&q, expected_version);
	return update_versioned(s,
	                        "UPDATE equipment_sample SET sampled_on = ?1, authority = ?2, "
	                        "licensee_id = ?3, product = ?4, model = ?5, licence_no = ?6, "
	                        "passed = ?7, problem = ?8, updated_at = ?9, version = version + 1 "
	                        "WHERE id = ?10 AND version = ?11",
	                        &q, "equipment sample");
}

int store_equipment_get(store *s, int64_t id, struct arena *a, struct equipment_sample *out)
{
	struct sql_args q = {0};
	arg_int(&q, id);
	struct sql_stmt *st;
	int rc = sql_row(s,
	                 "SELECT " SAMPLE_COLS " FROM equipment_sample x JOIN licensee l ON "
	                 "l.id = x.licensee_id WHERE x.id = ?1",
	                 &q, &st);
	if (rc)
		return rc;
	read_sample(a, st, out);
	sql_done(s, st);
	return 0;
}

int store_equipment_list(store *s, const struct supervision_filter *f, struct arena *a,
                         struct equipment_sample **out, size_t *n)
{
	struct sql_args q = {0};
	filter_args(&q, f);
	arg_int(&q, filter_limit(f));
	return read_rows(s,
	                 "SELECT " SAMPLE_COLS " FROM equipment_sample x JOIN licensee l ON "
	                 "l.id = x.licensee_id WHERE "
	                 FILTER_WHERE("sampled_on", "x.licensee_id = ?4") " ORDER BY x.id DESC LIMIT ?6",
	                 &q, a, sizeof(struct equipment_sample), read_sample, (void **)out, n);
}
