/* Enforcement actions, the enterprises they name (parties) and the evidence
 * they cite. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "store/sql/sql.h"
#include "store/sql/supervision.h"

#define ACTION_COLS                                                                         \
	"x.id, x.decided_on, x.authority, x.measure, x.topic, x.document_no, x.amount_yuan, " \
	"x.description, " STAMP_COLS
/* Parameters ?1..?5 (FILTER_WHERE), ?6 topic, ?7 measure. */
#define ACTION_WHERE                                                                         \
	FILTER_WHERE("decided_on", "EXISTS (SELECT 1 FROM enforcement_party f WHERE "         \
	                           "f.action_id = x.id AND f.licensee_id = ?4)")                \
	" AND (CAST(?6 AS TEXT) IS NULL OR x.topic = ?6) AND (CAST(?7 AS TEXT) IS NULL OR "   \
	"x.measure = ?7)"

static void read_action(struct arena *a, struct sql_stmt *st, void *row)
{
	struct enforcement_action *x = row;
	x->id = col_int(st, 0);
	x->decided_on = col_date(st, 1, 0);
	col_copy(x->authority, sizeof x->authority, st, 2);
	const char *m = col_raw(st, 3);
	if (!m || measure_parse(m, strlen(m), &x->measure))
		x->measure = MEASURE_COUNT;
	x->topic = col_text(a, st, 4);
	x->document_no = col_opt(a, st, 5);
	x->amount_yuan = col_null(st, 6) ? NO_AMOUNT : col_int(st, 6);
	x->description = col_opt(a, st, 7);
	stamp_read(st, 8, &x->stamp);
}

static void bind_action(struct sql_args *q, const struct enforcement_action *x)
{
	arg_date(q, x->decided_on);
	arg_text(q, x->authority);
	arg_text(q, measure_code(x->measure));
	arg_text(q, x->topic);
	arg_text(q, x->document_no);
	if (x->amount_yuan == NO_AMOUNT)
		arg_null(q);
	else
		arg_int(q, x->amount_yuan);
	arg_text(q, x->description);
}

/* Writes the parties and evidence of action x (none there before). */
static int write_parts(store *s, const struct enforcement_action *x)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < x->nparties; i++) {
		struct sql_args q = {0};
		arg_int(&q, x->id);
		arg_int(&q, (int64_t)i);
		arg_int(&q, x->parties[i].id);
		rc = sql_exec(s,
		              "INSERT INTO enforcement_party(action_id, position, licensee_id) "
		              "VALUES (?1, ?2, ?3)",
		              &q, NULL);
	}
	for (size_t i = 0; rc == 0 && i < x->nevidence; i++) {
		struct sql_args q = {0};
		arg_int(&q, x->id);
		arg_int(&q, (int64_t)i);
		arg_text(&q, evidence_kind_code(x->evidence[i].kind));
		arg_text(&q, x->evidence[i].ref);
		rc = sql_exec(s,
		              "INSERT INTO enforcement_evidence(action_id, position, kind, ref) "
		              "VALUES (?1, ?2, ?3, ?4)",
		              &q, NULL);
	}
	return rc;
}

static int insert_action(store *s, const void *arg)
{
	struct enforcement_action *x = (struct enforcement_action *)arg;
	struct sql_args q = {0};
	bind_action(&q, x);
	arg_int(&q, x->stamp.created_at);
	arg_id(&q, x->stamp.batch_id);
	int rc = sql_insert(s,
	                    "INSERT INTO enforcement_action(decided_on, authority, measure, topic, "
	                    "document_no, amount_yuan, description, created_at, updated_at, "
	                    "import_batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
	                    &q, &x->id);
	return rc ? rc : write_parts(s, x);
}

int store_enforcement_insert(store *s, struct enforcement_action *a, int64_t now)
{
	a->stamp.created_at = a->stamp.updated_at = now;
	a->stamp.version = 1;
	return sql_in_transaction(s, insert_action, a);
}

struct update_args {
	const struct enforcement_action *x;
	int expected;
	int64_t now;
};

static int update_action(store *s, const void *arg)
{
	const struct update_args *u = arg;
	struct sql_args q = {0};
	bind_action(&q, u->x);
	arg_int(&q, u->now);
	arg_int(&q, u->x->id);
	arg_int(&q, u->expected);
	int rc = update_versioned(s,
	                          "UPDATE enforcement_action SET decided_on = ?1, authority = ?2, "
	                          "measure = ?3, topic = ?4, document_no = ?5, amount_yuan = ?6, "
	                          "description = ?7, updated_at = ?8, version = version + 1 "
	                          "WHERE id = ?9 AND version = ?10",
	                          &q, "enforcement action");
	struct sql_args id = {0};
	arg_int(&id, u->x->id);
	if (rc == 0)
		rc = sql_exec(s, "DELETE FROM enforcement_party WHERE action_id = ?1", &id, NULL);
	if (rc == 0)
		rc = sql_exec(s, "DELETE FROM enforcement_evidence WHERE action_id = ?1", &id, NULL);
	return rc ? rc : write_parts(s, u->x);
}

int store_enforcement_update(store *s, const struct enforcement_action *a, int expected_version,
                             int64_t now)
{
	struct update_args u = {a, expected_version, now};
	return sql_in_transaction(s, update_action, &u);
}

static int cmp_action_id(const void *k, const void *e)
{
	int64_t id = *(const int64_t *)k, other = ((const struct enforcement_action *)e)->id;
	return id > other ? -1 : id < other; /* the list is newest (highest id) first */
}

/* The parties of actions[0..n) (ordered by id, descending): in one query
 * over the ids they span when the actions fill most of that span (a quarter's
 * notice), else a query for each. */
static int read_parties(store *s, struct arena *a, struct enforcement_action *items, size_t n)
{
	if (n == 0)
		return 0;
	int64_t span = items[0].id - items[n - 1].id + 1;
	if (n > 1 && span > 4 * (int64_t)n) {
		int rc = 0;
		for (size_t i = 0; rc == 0 && i < n; i++)
			rc = read_parties(s, a, &items[i], 1);
		return rc;
	}
	struct sql_args q = {0};
	arg_int(&q, items[n - 1].id);
	arg_int(&q, items[0].id);
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT p.action_id, " LICENSEE_COLS " FROM enforcement_party p JOIN "
	                 "licensee l ON l.id = p.licensee_id WHERE p.action_id BETWEEN ?1 AND ?2 "
	                 "ORDER BY p.action_id DESC, p.position",
	                 &q, &st);
	if (rc)
		return rc;
	struct enforcement_action *cur = NULL;
	struct sql_rows rows = {.elem = sizeof(struct licensee)};
	while ((rc = sql_next(s, st)) > 0) {
		int64_t id = col_int(st, 0);
		if (!cur || cur->id != id) {
			if (cur) {
				cur->parties = rows.items;
				cur->nparties = rows.n;
			}
			rows = (struct sql_rows){.elem = sizeof(struct licensee)};
			cur = bsearch(&id, items, n, sizeof *items, cmp_action_id);
		}
		if (cur)
			licensee_read(a, st, 1, rows_add(a, &rows));
	}
	if (cur) {
		cur->parties = rows.items;
		cur->nparties = rows.n;
	}
	sql_done(s, st);
	return rc;
}

static int read_evidence(store *s, struct arena *a, struct enforcement_action *x)
{
	struct sql_args q = {0};
	arg_int(&q, x->id);
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT kind, ref FROM enforcement_evidence WHERE action_id = ?1 "
	                 "ORDER BY position",
	                 &q, &st);
	if (rc)
		return rc;
	struct sql_rows rows = {.elem = sizeof(struct enforcement_evidence)};
	while ((rc = sql_next(s, st)) > 0) {
		struct enforcement_evidence *e = rows_add(a, &rows);
		const char *k = col_raw(st, 0);
		if (!k || evidence_kind_parse(k, strlen(k), &e->kind))
			e->kind = EVIDENCE_COMPLAINT;
		e->ref = col_text(a, st, 1);
	}
	sql_done(s, st);
	x->evidence = rows.items;
	x->nevidence = rows.n;
	return rc;
}

int store_enforcement_get(store *s, int64_t id, struct arena *a, struct enforcement_action *out)
{
	struct sql_args q = {0};
	arg_int(&q, id);
	struct sql_stmt *st;
	int rc = sql_row(s, "SELECT " ACTION_COLS " FROM enforcement_action x WHERE x.id = ?1", &q,
	                 &st);
	if (rc)
		return rc;
	memset(out, 0, sizeof *out);
	read_action(a, st, out);
	sql_done(s, st);
	if ((rc = read_parties(s, a, out, 1)))
		return rc;
	return read_evidence(s, a, out);
}

int store_enforcement_list(store *s, const struct supervision_filter *f, struct arena *a,
                           struct enforcement_action **out, size_t *n)
{
	struct sql_args q = {0};
	filter_args(&q, f);
	arg_text(&q, f->topic);
	arg_text(&q, f->measure >= 0 ? measure_code((enum measure)f->measure) : NULL);
	arg_int(&q, filter_limit(f));
	struct enforcement_action *items;
	size_t count;
	int rc = read_rows(s,
	                   "SELECT " ACTION_COLS " FROM enforcement_action x WHERE " ACTION_WHERE
	                   " ORDER BY x.id DESC LIMIT ?8",
	                   &q, a, sizeof *items, read_action, (void **)&items, &count);
	if (rc)
		return rc;
	/* Parties of actions in between that the filter left out are skipped. */
	if ((rc = read_parties(s, a, items, count)))
		return rc;
	*out = items;
	*n = count;
	return 0;
}

int store_evidence_report(store *s, const char *ref)
{
	char *end;
	long long id = ref ? strtoll(ref, &end, 10) : 0;
	if (!ref || *end || id <= 0)
		return SH_ENOTFOUND;
	struct sql_args q = {0};
	arg_int(&q, id);
	int64_t n;
	int rc = sql_int(s, "SELECT count(*) FROM report WHERE id = ?1", &q, 0, &n);
	return rc ? rc : n ? 0 : SH_ENOTFOUND;
}
