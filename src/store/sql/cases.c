/* Complaints: imported history and cases filed online, their numbers,
 * transitions, the duplicate check, the survey and the lists. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "store/sql/rules.h"
#include "store/sql/sql.h"

/* ---- case numbers -------------------------------------------------------------- */

/* The next case sequence number for (province, year). A single creation takes
 * it with one upsert: on PostgreSQL the row stays locked until the case's
 * transaction ends, so a concurrent creation (in any process) waits, then
 * takes the next. In a batch (an import, a group commit) the row is locked
 * once, the numbers are counted here and written back at commit. */
static int next_case_seq(store *s, const char *province, int year, int64_t *out)
{
	struct sql_args a = {0};
	arg_textn(&a, province, 2);
	arg_int(&a, year);
	if (!s->batch)
		return sql_int(s,
		               "INSERT INTO case_counter(province, year, last) VALUES (?1, ?2, 1) "
		               "ON CONFLICT(province, year) DO UPDATE SET last = case_counter.last + 1 "
		               "RETURNING last",
		               &a, 0, out);
	int key = ((province[0] - '0') * 10 + (province[1] - '0')) * 10000 + year;
	unsigned h = (unsigned)key * 2654435761u % STORE_COUNTER_SLOTS;
	while (s->counters[h].key && s->counters[h].key != key)
		h = (h + 1) % STORE_COUNTER_SLOTS;
	struct case_counter *c = &s->counters[h];
	if (!c->key) {
		int rc = sql_int(s,
		                 "INSERT INTO case_counter(province, year, last) VALUES (?1, ?2, 0) "
		                 "ON CONFLICT(province, year) DO UPDATE SET last = case_counter.last "
		                 "RETURNING last",
		                 &a, 0, &c->last);
		if (rc)
			return rc;
		c->key = key;
		s->used[s->nused++] = (int)h;
	}
	c->last++;
	c->dirty = true;
	*out = c->last;
	return 0;
}

int cases_flush_counters(store *s)
{
	for (int i = 0; i < s->nused; i++) {
		struct case_counter *c = &s->counters[s->used[i]];
		if (!c->key || !c->dirty)
			continue;
		char prov[3] = {(char)('0' + c->key / 100000), (char)('0' + c->key / 10000 % 10), 0};
		struct sql_args a = {0};
		arg_text(&a, prov);
		arg_int(&a, c->key % 10000);
		arg_int(&a, c->last);
		int rc = sql_exec(s, "UPDATE case_counter SET last = ?3 WHERE province = ?1 AND year = ?2",
		                  &a, NULL);
		if (rc)
			return rc;
		c->dirty = false;
	}
	return 0;
}

/* ---- inserting ---------------------------------------------------------------------- */

#define INSERT_COLUMNS                                                                    \
	"case_no, province, enterprise_id, category_id, subtopic_id, state, outcome, "      \
	"received_at, closed_at, description, import_batch_id, name, phone, address, city, " \
	"postcode, demand, event_day, operator_answer, operator_day, materials_day, "        \
	"accept_due, answer_due, reply_due, forwarded_to, reason, query_hash, version, "     \
	"accept_provisional, reply_provisional, reply_from, reply_days"

#define INSERT_SQL                                                                         \
	"INSERT INTO complaint(" INSERT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " \
	"?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, "     \
	"?26, ?27, ?28, ?29, ?30, ?31, ?32)"

static const struct sql_copy complaint_copy = {"complaint", INSERT_COLUMNS, 32, INSERT_SQL};

/* One insert for imported and online cases alike; personal fields are NULL
 * for imported history. In a bulk load rows go without waiting where the
 * driver can (COPY): c->id is then not known (0). */
static int insert_case(store *s, struct complaint *c, int64_t batch_id, const char *query_hash)
{
	int64_t seq;
	int year = date_year(date_of_instant(c->received_at, SH_BEIJING_OFFSET));
	int rc = next_case_seq(s, c->province, year, &seq);
	if (rc)
		return rc;
	char case_no[CASE_NO_MAX];
	complaint_format_case_no(case_no, c->province, year, seq);
	struct sql_args a = {0};
	arg_text(&a, case_no);
	arg_textn(&a, c->province, 2);
	arg_int(&a, c->enterprise_id);
	arg_int(&a, c->category_id);
	arg_id(&a, c->subtopic_id);
	arg_text(&a, complaint_state_code(c->state));
	arg_text(&a, complaint_outcome_code(c->outcome));
	arg_int(&a, c->received_at);
	arg_instant(&a, c->closed_at);
	arg_textn(&a, c->description, c->description_len); /* "" stays "": NOT NULL */
	arg_id(&a, batch_id);
	arg_text(&a, c->name);
	arg_text(&a, c->phone);
	arg_text(&a, c->address);
	arg_text(&a, c->city);
	arg_text(&a, c->postcode);
	arg_text(&a, c->demand);
	arg_day(&a, c->event_day);
	/* Online cases record the operator question; imports do not know it. */
	arg_text(&a, c->name ? operator_answer_code(c->operator_answer) : NULL);
	arg_day(&a, c->operator_day);
	arg_day(&a, c->materials_day);
	arg_day(&a, c->accept_due);
	arg_day(&a, c->answer_due);
	arg_day(&a, c->reply_due);
	arg_id(&a, c->forwarded_to);
	arg_text(&a, c->reason);
	arg_text(&a, query_hash);
	arg_int(&a, c->version ? c->version : 1);
	arg_int(&a, c->accept_provisional);
	arg_int(&a, c->reply_provisional);
	arg_day(&a, c->reply_from);
	arg_id(&a, c->reply_days);
	if (s->bulk && s->caller_txn) {
		rc = sql_copy_row(s, &complaint_copy, &a);
		c->id = 0;
	} else {
		rc = sql_insert(s, INSERT_SQL, &a, &c->id);
	}
	if (rc)
		return rc;
	if (complaint_state_counted(c->state) && (rc = month_change(s, c, 1)) != 0)
		return rc;
	if ((rc = days_complaint(s, c)) != 0)
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

static int insert_one(store *s, const void *arg)
{
	const struct insert_args *x = arg;
	return insert_case(s, x->c, x->batch_id, NULL);
}

int store_complaint_insert(store *s, struct complaint *c, int64_t batch_id)
{
	struct insert_args x = {c, batch_id};
	return sql_in_transaction(s, insert_one, &x);
}

int store_complaint_count(store *s, int64_t *out)
{
	return sql_int(s, "SELECT count(*) FROM complaint", NULL, 0, out);
}

/* ---- cases filed online --------------------------------------------------------------- */

struct create_args {
	struct complaint *c;
	const char *query_hash;
	struct complaint_event *ev;
};

static int create_case(store *s, const void *arg)
{
	const struct create_args *x = arg;
	int rc = insert_case(s, x->c, 0, x->query_hash);
	if (rc)
		return rc;
	x->ev->complaint_id = x->c->id;
	return events_insert(s, x->ev);
}

int store_case_create(store *s, struct complaint *c, const char *query_hash,
                      struct complaint_event *ev)
{
	struct create_args x = {c, query_hash, ev};
	if (!s->in_txn && s->d->grouped)
		return s->d->grouped(s, create_case, &x);
	return sql_in_transaction(s, create_case, &x);
}

#define CASE_COLUMNS                                                                        \
	"id, case_no, province, enterprise_id, category_id, subtopic_id, state, outcome, "  \
	"received_at, closed_at, description, version, name, phone, address, city, postcode, " \
	"demand, event_day, operator_answer, operator_day, materials_day, accept_due, "      \
	"answer_due, reply_due, forwarded_to, reason, query_hash, survey_score, survey_comment, " \
	"accept_provisional, reply_provisional, reply_from, reply_days"

static void read_case(struct arena *a, struct sql_stmt *st, struct complaint *c)
{
	memset(c, 0, sizeof *c);
	c->id = col_int(st, 0);
	col_copy(c->case_no, sizeof c->case_no, st, 1);
	col_copy(c->province, sizeof c->province, st, 2);
	c->enterprise_id = col_int(st, 3);
	c->category_id = col_int(st, 4);
	c->subtopic_id = col_int(st, 5);
	const char *t = col_raw(st, 6);
	complaint_state_parse(t, strlen(t), &c->state);
	t = col_raw(st, 7);
	c->outcome = OUTCOME_NONE;
	if (t && *t)
		complaint_outcome_parse(t, strlen(t), &c->outcome);
	c->received_at = col_int(st, 8);
	c->closed_at = col_instant(st, 9);
	c->description = col_text(a, st, 10);
	c->description_len = strlen(c->description);
	c->version = (int)col_int(st, 11);
	c->name = col_opt(a, st, 12);
	c->phone = col_opt(a, st, 13);
	c->address = col_opt(a, st, 14);
	c->city = col_opt(a, st, 15);
	c->postcode = col_opt(a, st, 16);
	c->demand = col_opt(a, st, 17);
	c->event_day = col_date(st, 18, 0);
	t = col_raw(st, 19);
	c->operator_answer = OPERATOR_NOT_ASKED;
	if (t)
		operator_answer_parse(t, strlen(t), &c->operator_answer);
	c->operator_day = col_date(st, 20, 0);
	c->materials_day = col_date(st, 21, 0);
	c->accept_due = col_date(st, 22, 0);
	c->answer_due = col_date(st, 23, 0);
	c->reply_due = col_date(st, 24, 0);
	c->forwarded_to = col_int(st, 25);
	col_copy(c->reason, sizeof c->reason, st, 26);
	c->survey_score = (int)col_int(st, 28);
	c->survey_comment = col_opt(a, st, 29);
	c->accept_provisional = col_int(st, 30) != 0;
	c->reply_provisional = col_int(st, 31) != 0;
	c->reply_from = col_date(st, 32, 0);
	c->reply_days = (int)col_int(st, 33);
}

int store_case_get(store *s, const char *case_no, struct arena *a, struct complaint *out,
                   char *query_hash)
{
	struct sql_args q = {0};
	arg_text(&q, case_no);
	struct sql_stmt *st;
	int rc = sql_row(s, "SELECT " CASE_COLUMNS " FROM complaint WHERE case_no = ?1", &q, &st);
	if (rc)
		return rc;
	read_case(a, st, out);
	if (query_hash)
		col_copy(query_hash, STORE_HASH_HEX, st, 27);
	sql_done(s, st);
	return 0;
}

struct update_args {
	const struct complaint *c;
	int expected;
	const struct complaint_event *ev;
};

static int update_case(store *s, const void *arg)
{
	const struct update_args *u = arg;
	const struct complaint *c = u->c;
	struct sql_args a = {0};
	arg_int(&a, c->id);
	arg_int(&a, u->expected);
	arg_text(&a, complaint_state_code(c->state));
	arg_text(&a, complaint_outcome_code(c->outcome));
	arg_instant(&a, c->closed_at);
	arg_int(&a, c->version);
	arg_day(&a, c->materials_day);
	arg_day(&a, c->accept_due);
	arg_day(&a, c->answer_due);
	arg_day(&a, c->reply_due);
	arg_id(&a, c->forwarded_to);
	arg_text(&a, c->reason);
	arg_int(&a, c->accept_provisional);
	arg_int(&a, c->reply_provisional);
	arg_day(&a, c->reply_from);
	arg_id(&a, c->reply_days);
	/* On PostgreSQL a concurrent writer of the same case holds its row until
	 * it commits; this one then re-reads the row and finds the version moved. */
	int64_t changed;
	int rc = sql_exec(s,
	                  "UPDATE complaint SET state = ?3, outcome = ?4, closed_at = ?5, "
	                  "version = ?6, materials_day = ?7, accept_due = ?8, answer_due = ?9, "
	                  "reply_due = ?10, forwarded_to = ?11, reason = ?12, "
	                  "accept_provisional = ?13, reply_provisional = ?14, reply_from = ?15, "
	                  "reply_days = ?16 WHERE id = ?1 AND version = ?2",
	                  &a, &changed);
	if (rc)
		return rc;
	if (changed != 1)
		return sql_fail(s, SH_ECONFLICT, "case %" PRId64 " changed meanwhile", c->id);
	/* The version matched, so the stored state was the event's from-state. */
	bool was = complaint_state_counted(u->ev->from), is = complaint_state_counted(c->state);
	if (was != is && (rc = month_change(s, c, is ? 1 : -1)) != 0)
		return rc;
	return events_insert(s, u->ev);
}

int store_case_update(store *s, const struct complaint *after, int expected_version,
                      const struct complaint_event *ev)
{
	struct update_args u = {after, expected_version, ev};
	return sql_in_transaction(s, update_case, &u);
}

/* "Open" is the domain's rule (rules_open), not a state list written here. */
static char duplicate_sql[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
	snprintf(duplicate_sql, sizeof duplicate_sql,
	         "SELECT case_no FROM complaint WHERE phone = ?1 AND enterprise_id = ?2 "
	         "AND id <> ?3 AND %s ORDER BY id DESC LIMIT 1",
	         rules_open());
}

int store_case_provisional(store *s, struct arena *a, struct complaint **out, size_t *n)
{
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT " CASE_COLUMNS " FROM complaint WHERE accept_provisional <> 0 OR "
	                 "reply_provisional <> 0 ORDER BY id",
	                 NULL, &st);
	if (rc)
		return rc;
	struct sql_rows rows = {.elem = sizeof(struct complaint)};
	while ((rc = sql_next(s, st)) > 0)
		read_case(a, st, rows_add(a, &rows));
	sql_done(s, st);
	if (rc == 0) {
		*out = rows.items ? rows.items : arena_alloc(a, rows.elem);
		*n = rows.n;
	}
	return rc;
}

int store_deadlines_lock(store *s)
{
	return s->d->lock(s, STORE_LOCK_DEADLINES);
}

int store_case_duplicate(store *s, const char *phone, int64_t enterprise_id, int64_t exclude_id,
                         char *case_no)
{
	pthread_once(&once, build);
	struct sql_args a = {0};
	arg_text(&a, phone);
	arg_int(&a, enterprise_id);
	arg_int(&a, exclude_id);
	struct sql_stmt *st;
	case_no[0] = '\0';
	int rc = sql_row(s, duplicate_sql, &a, &st);
	if (rc == SH_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	col_copy(case_no, CASE_NO_MAX, st, 0);
	sql_done(s, st);
	return 0;
}

int store_case_survey(store *s, int64_t complaint_id, int score, const char *comment, int64_t at)
{
	struct sql_args a = {0};
	arg_int(&a, complaint_id);
	arg_int(&a, score);
	arg_text(&a, comment);
	arg_int(&a, at);
	int64_t changed;
	int rc = sql_exec(s,
	                  "UPDATE complaint SET survey_score = ?2, survey_comment = ?3, "
	                  "survey_at = ?4 WHERE id = ?1 AND survey_score IS NULL",
	                  &a, &changed);
	return rc ? rc : changed == 1 ? 0 : SH_ECONFLICT;
}

/* ---- lists ------------------------------------------------------------------------------ */

int store_case_list(store *s, const struct case_filter *f, struct arena *a,
                    struct complaint **out, size_t *n)
{
	struct sql_args q = {0};
	char sql[8192];
	size_t cap = sizeof sql;
	int len = snprintf(sql, cap, "SELECT " CASE_COLUMNS " FROM complaint WHERE 1 = 1");
	/* Parameters are numbered as they are added: PostgreSQL wants every one it
	 * is given to appear in the statement. */
#define WHERE(cond, ...) len += snprintf(sql + len, cap - (size_t)len, " AND " cond, ##__VA_ARGS__)
	if (f->province) {
		arg_text(&q, f->province);
		WHERE("province = ?%d", q.n);
	}
	if (f->enterprise_id) {
		arg_int(&q, f->enterprise_id);
		WHERE("enterprise_id = ?%d", q.n);
	}
	if (f->forwarded_group) {
		arg_int(&q, f->forwarded_group);
		WHERE("forwarded_to IN (SELECT id FROM enterprise WHERE id = ?%d OR parent_id = ?%d)",
		      q.n, q.n);
	}
	if (f->category_id) {
		arg_int(&q, f->category_id);
		WHERE("category_id = ?%d", q.n);
	}
	if (f->subtopic_id) {
		arg_int(&q, f->subtopic_id);
		WHERE("subtopic_id = ?%d", q.n);
	}
	if (f->state >= 0) {
		arg_text(&q, complaint_state_code((enum complaint_state)f->state));
		WHERE("state = ?%d", q.n);
	}
	if (f->received_from) {
		arg_int(&q, f->received_from);
		WHERE("received_at >= ?%d", q.n);
	}
	if (f->received_to) {
		arg_int(&q, f->received_to);
		WHERE("received_at < ?%d", q.n);
	}
	if (f->overdue_on) { /* a running clock due before that day */
		arg_day(&q, f->overdue_on);
		len += snprintf(sql + len, cap - (size_t)len, " AND ");
		len += rules_clock_condition(sql + len, cap - (size_t)len, "<", q.n);
	}
	if (f->due_by) { /* a running clock due on or before that day */
		arg_day(&q, f->due_by);
		len += snprintf(sql + len, cap - (size_t)len, " AND ");
		len += rules_clock_condition(sql + len, cap - (size_t)len, "<=", q.n);
	}
	const char *next_due = rules_next_due();
	if (f->after_id && f->by_due) {
		if (f->after_due == INT32_MAX)
			arg_text(&q, RULES_NO_DUE);
		else
			arg_date(&q, f->after_due);
		arg_int(&q, f->after_id);
		WHERE("(%s > ?%d OR (%s = ?%d AND id > ?%d))", next_due, q.n - 1, next_due, q.n - 1,
		      q.n);
	} else if (f->after_id) {
		char op = f->oldest_first ? '>' : '<';
		arg_int(&q, f->after_received);
		arg_int(&q, f->after_id);
		WHERE("(received_at %c ?%d OR (received_at = ?%d AND id %c ?%d))", op, q.n - 1, q.n - 1,
		      op, q.n);
	}
#undef WHERE
	int limit = f->limit > 0 && f->limit <= 1000 ? f->limit : 50;
	arg_int(&q, limit);
	if (f->by_due) /* the queue: next deadline first */
		snprintf(sql + len, cap - (size_t)len, " ORDER BY %s, id LIMIT ?%d", next_due, q.n);
	else
		snprintf(sql + len, cap - (size_t)len, " ORDER BY received_at %s, id %s LIMIT ?%d",
		         f->oldest_first ? "ASC" : "DESC", f->oldest_first ? "ASC" : "DESC", q.n);
	struct sql_stmt *st;
	int rc = sql_run_once(s, sql, &q, &st);
	if (rc)
		return rc;
	struct complaint *items = arena_alloc(a, ((size_t)limit + 1) * sizeof *items);
	size_t count = 0;
	while ((rc = sql_next(s, st)) > 0) /* at most limit: the LIMIT says so */
		read_case(a, st, &items[count++]);
	sql_done(s, st);
	if (rc == 0) {
		*out = items;
		*n = count;
	}
	return rc;
}
