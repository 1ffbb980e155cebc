/* Changes to numbers (schema v7): what lets every process's look-up index
 * follow writes made through any other.
 *
 * A write notes the numbers it changes (changes_note, changes_note_dispatch)
 * and the notes are recorded at commit, after every other write of the
 * transaction, under STORE_LOCK_CHANGES held until the commit: ids are then
 * handed out in commit order (PostgreSQL's identity values are not, by
 * themselves: a transaction that takes id 10 may commit after the one that
 * took 11, and a reader that saw 11 would skip 10 for ever). Taking the lock
 * last means a transaction holding it waits for nothing else, so it cannot
 * be part of a deadlock. SQLite has one writer at a time anyway. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/sql/sql.h"

/* FNV-1a: the number's digits to a slot. */
static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static void set_grow(struct change_notes *c)
{
	size_t cap = c->setcap ? c->setcap * 2 : 64;
	uint32_t *set = sh_xcalloc(cap, sizeof *set);
	for (size_t i = 0; i < c->n; i++) {
		size_t j = hash(c->numbers[i]) & (cap - 1);
		while (set[j])
			j = (j + 1) & (cap - 1);
		set[j] = (uint32_t)i + 1;
	}
	free(c->set);
	c->set = set;
	c->setcap = cap;
}

void changes_note(store *s, const char *number)
{
	struct change_notes *c = &s->changes;
	if (!number || !number[0] || strlen(number) >= NUMBER_MAX)
		return;
	if ((c->n + 1) * 2 > c->setcap)
		set_grow(c);
	size_t j = hash(number) & (c->setcap - 1);
	for (; c->set[j]; j = (j + 1) & (c->setcap - 1))
		if (strcmp(c->numbers[c->set[j] - 1], number) == 0)
			return; /* noted already */
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->numbers = sh_xrealloc(c->numbers, c->cap * sizeof *c->numbers);
	}
	strcpy(c->numbers[c->n], number);
	c->set[j] = (uint32_t)++c->n;
}

void changes_note_dispatch(store *s, int64_t dispatch_id)
{
	struct change_notes *c = &s->changes;
	if (c->ndispatches == c->capdispatches) {
		c->capdispatches = c->capdispatches ? c->capdispatches * 2 : 8;
		c->dispatches = sh_xrealloc(c->dispatches, c->capdispatches * sizeof *c->dispatches);
	}
	c->dispatches[c->ndispatches++] = dispatch_id;
}

void changes_forget(store *s)
{
	struct change_notes *c = &s->changes;
	if (c->setcap)
		memset(c->set, 0, c->setcap * sizeof *c->set);
	c->n = c->ndispatches = 0;
	c->recorded = 0;
}

void changes_committed(store *s)
{
	s->changes.written = s->changes.recorded;
	changes_forget(s);
}

void changes_free(store *s)
{
	struct change_notes *c = &s->changes;
	free(c->numbers);
	free(c->set);
	free(c->dispatches);
	memset(c, 0, sizeof *c);
}

int changes_flush(store *s)
{
	struct change_notes *c = &s->changes;
	c->recorded = 0;
	if (c->n == 0 && c->ndispatches == 0)
		return 0;
	int rc = s->d->lock(s, STORE_LOCK_CHANGES);
	int64_t now = (int64_t)time(NULL);
	for (size_t i = 0; rc == 0 && i < c->n; i++) {
		struct sql_args a = {0};
		arg_text(&a, c->numbers[i]);
		arg_int(&a, now);
		rc = sql_exec(s, "INSERT INTO number_change(number, at) VALUES (?1, ?2)", &a, NULL);
	}
	for (size_t i = 0; rc == 0 && i < c->ndispatches; i++) {
		struct sql_args a = {0};
		arg_int(&a, c->dispatches[i]);
		arg_int(&a, now);
		rc = sql_exec(s,
		              "INSERT INTO number_change(number, at) SELECT number, ?2 FROM "
		              "reported_number WHERE dispatch_id = ?1 ORDER BY number",
		              &a, NULL);
	}
	/* Under the lock the newest change is this transaction's. */
	if (rc == 0)
		rc = sql_int(s, "SELECT max(id) FROM number_change", NULL, 0, &c->recorded);
	if (rc == 0 && s->d->notify_changes)
		rc = s->d->notify_changes(s);
	return rc;
}

/* ---- reading them ------------------------------------------------------------------ */

int64_t store_number_changes_written(const store *s)
{
	return s->changes.written;
}

int store_number_changes_head(store *s, int64_t *last, int64_t *pruned)
{
	struct sql_stmt *st;
	int rc = sql_row(s,
	                 "SELECT (SELECT max(id) FROM number_change), (SELECT CAST(value AS BIGINT) "
	                 "FROM meta WHERE key = 'number_changes_pruned')",
	                 NULL, &st);
	if (rc)
		return rc;
	int64_t l = col_int(st, 0), p = col_int(st, 1);
	sql_done(s, st);
	*pruned = p;
	*last = l > p ? l : p; /* SQLite's max() is NULL once all are pruned */
	return 0;
}

int store_number_changes_wait(store *s, int timeout_ms)
{
	if (s->d->wait_changes)
		return s->d->wait_changes(s, timeout_ms);
	usleep((useconds_t)timeout_ms * 1000);
	return 0;
}

struct prune_args {
	int64_t before;
};

static int prune(store *s, const void *arg)
{
	const struct prune_args *x = arg;
	struct sql_args a = {0};
	arg_int(&a, x->before);
	int64_t through;
	int rc = sql_int(s, "SELECT max(id) FROM number_change WHERE at < ?1", &a, 0, &through);
	if (rc || through == 0)
		return rc;
	a.n = 0;
	arg_int(&a, through);
	if ((rc = sql_exec(s, "DELETE FROM number_change WHERE id <= ?1", &a, NULL)))
		return rc;
	/* Text in meta: compared as a number, so that two processes pruning at
	 * once leave the higher mark. */
	char text[24];
	snprintf(text, sizeof text, "%" PRId64, through);
	a.n = 0;
	arg_text(&a, text);
	arg_int(&a, through);
	return sql_exec(s,
	                "UPDATE meta SET value = ?1 WHERE key = 'number_changes_pruned' AND "
	                "CAST(value AS BIGINT) < ?2",
	                &a, NULL);
}

int store_number_changes_prune(store *s, int64_t before)
{
	struct prune_args x = {before};
	return sql_in_transaction(s, prune, &x);
}
