#include "app/number_registry.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/log.h"
#include "domain/routing.h"

/* Change ids read per query while catching up. */
#define BATCH 10000
#define PRUNE_EVERY 3600 /* seconds */
#define KEEP_CHANGES 86400

struct number_registry {
	number_index *ix;
	pthread_mutex_t lock; /* one catch-up at a time */
	int64_t applied;      /* written under lock, read atomically */
	int64_t pruned_at;    /* the follower's last prune (Unix seconds) */
};

static int64_t applied(const number_registry *r)
{
	return __atomic_load_n(&r->applied, __ATOMIC_ACQUIRE);
}

int64_t number_registry_applied(const number_registry *r)
{
	return applied(r);
}

const number_index *number_registry_index(const number_registry *r)
{
	return r->ix;
}

static uint32_t clamp32(int64_t v)
{
	return v <= 0 || v == NO_INSTANT ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* The number's whole entry as the store has it. */
static int put(void *ctx, const struct number_record *rec)
{
	number_registry *r = ctx;
	uint64_t key;
	if (!number_key(rec->number, &key))
		return 0; /* no number of ours is too long for a key; nothing to index */
	struct number_entry e = {0};
	for (int k = 0; k < REPORT_NUMBER_KINDS && k < NUMBER_INDEX_KINDS; k++)
		e.count[k] = rec->counts[k] > UINT32_MAX ? UINT32_MAX : (uint32_t)rec->counts[k];
	e.first_at = clamp32(rec->first_at);
	e.last_at = clamp32(rec->last_at);
	if (e.first_at > e.last_at)
		e.first_at = e.last_at;
	if (rec->dispatch_id) {
		/* a list made before its time was recorded still counts as made */
		e.dispatched_at = rec->dispatched_at > 0 ? clamp32(rec->dispatched_at) : 1;
		e.dispatch_operator_id = rec->dispatch_operator_id;
	}
	e.disposal = (uint8_t)rec->disposal;
	e.ported_operator_id = rec->ported_operator_id;
	int rc = number_index_put(r->ix, key, &e);
	/* The store has it; only look-ups miss it until the index has room. */
	if (rc)
		log_msg(LOG_WARN, "number index: %s: %s", rec->number, sh_err_code(rc));
	return 0;
}

/* Everything again, from the store's current state. */
static int reload(number_registry *r, store *s)
{
	int64_t last, pruned;
	int rc = store_number_changes_head(s, &last, &pruned);
	if (rc == 0)
		rc = store_number_scan(s, put, r);
	if (rc == 0)
		__atomic_store_n(&r->applied, last, __ATOMIC_RELEASE);
	return rc;
}

int number_registry_open(store *s, size_t capacity, number_registry **out)
{
	number_registry *r = sh_xcalloc(1, sizeof *r);
	r->ix = number_index_new(capacity);
	pthread_mutex_init(&r->lock, NULL);
	int rc = reload(r, s);
	if (rc) {
		number_registry_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void number_registry_free(number_registry *r)
{
	if (!r)
		return;
	number_index_free(r->ix);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

static int catch_up(number_registry *r, store *s)
{
	int64_t last, pruned;
	int rc = store_number_changes_head(s, &last, &pruned);
	if (rc == 0 && pruned > applied(r))
		return reload(r, s);
	while (rc == 0 && applied(r) < last) {
		int64_t from = applied(r), upto = last - from > BATCH ? from + BATCH : last;
		rc = store_number_changes(s, from, upto, put, r);
		/* Pruned meanwhile: some of those changes may have been gone. */
		int64_t now_last;
		if (rc == 0 && (rc = store_number_changes_head(s, &now_last, &pruned)) == 0) {
			if (pruned > from)
				return reload(r, s);
			__atomic_store_n(&r->applied, upto, __ATOMIC_RELEASE);
		}
	}
	return rc;
}

int number_registry_catch_up(number_registry *r, store *s, int64_t want)
{
	if (want && applied(r) >= want)
		return 0;
	pthread_mutex_lock(&r->lock);
	int rc = !want || applied(r) < want ? catch_up(r, s) : 0;
	pthread_mutex_unlock(&r->lock);
	return rc;
}

void number_registry_after_write(number_registry *r, store *s)
{
	int64_t want = store_number_changes_written(s);
	int rc = want ? number_registry_catch_up(r, s, want) : 0;
	if (rc)
		log_msg(LOG_WARN, "number index: catching up after a write failed (%s): %s",
		        sh_err_code(rc), store_error(s));
}

void number_registry_follow(number_registry *r, store *s, const int *stop, int wait_ms)
{
	bool failing = false;
	while (!__atomic_load_n(stop, __ATOMIC_ACQUIRE)) {
		int rc = store_number_changes_wait(s, wait_ms);
		if (rc < 0) {
			if (!failing)
				log_msg(LOG_WARN, "number index: waiting for changes: %s", store_error(s));
			failing = true;
			struct timespec pause = {0, 200 * 1000000L};
			nanosleep(&pause, NULL);
			continue;
		}
		/* A hint or not: every wait ends with a catch-up by change id. */
		rc = number_registry_catch_up(r, s, 0);
		if (rc && !failing)
			log_msg(LOG_WARN, "number index: catching up: %s", store_error(s));
		else if (rc == 0 && failing)
			log_msg(LOG_INFO, "number index: following changes again");
		failing = rc != 0;
		int64_t now = (int64_t)time(NULL);
		if (rc == 0 && now - r->pruned_at >= PRUNE_EVERY) {
			r->pruned_at = now;
			if (store_number_changes_prune(s, now - KEEP_CHANGES))
				log_msg(LOG_WARN, "number index: pruning changes: %s", store_error(s));
		}
	}
}

/* Everything but the index: the routing by segment and ported record. */
static void route(const struct reference *ref, struct number_info *out)
{
	struct number_route r;
	if (routing_resolve(ref, out->digits, out->kind, out->entry.ported_operator_id, &r) == 0) {
		out->operator_id = r.operator_id;
		out->segment_operator_id = r.segment_operator_id;
		out->ported = r.ported;
		out->reseller = r.reseller;
	}
}

enum number_kind number_registry_lookup(const number_index *ix, const struct reference *ref,
                                        const char *text, size_t len, struct number_info *out,
                                        char *why, size_t whylen)
{
	memset(out, 0, sizeof *out);
	out->kind = number_normalize(text, len, out->digits, why, whylen);
	if (out->kind == NUMBER_INVALID)
		return NUMBER_INVALID;
	uint64_t key;
	if (number_key(out->digits, &key))
		out->known = number_index_get(ix, key, &out->entry);
	route(ref, out);
	return out->kind;
}

/* How many look-ups ahead the index's memory is fetched: enough to overlap
 * the misses, few enough for the core's outstanding-miss buffers. */
#define AHEAD 8

void number_registry_lookup_many(const number_index *ix, const struct reference *ref,
                                 const char *const *texts, const size_t *lens, size_t n,
                                 struct number_info *out, char (*why)[NUMBER_WHY_MAX])
{
	/* Normalise all first; then look up each while the entries of the next
	 * few are fetched: the index is large, every look-up misses the cache,
	 * and the misses now overlap. */
	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		if (!texts[i]) {
			out[i].kind = NUMBER_INVALID;
			snprintf(why[i], NUMBER_WHY_MAX, "应为字符串");
			continue;
		}
		out[i].kind = number_normalize(texts[i], lens[i], out[i].digits, why[i], NUMBER_WHY_MAX);
	}
	uint64_t key;
	for (size_t i = 0; i < n && i < AHEAD; i++)
		if (out[i].kind != NUMBER_INVALID && number_key(out[i].digits, &key))
			number_index_prefetch(ix, key);
	for (size_t i = 0; i < n; i++) {
		if (i + AHEAD < n && out[i + AHEAD].kind != NUMBER_INVALID &&
		    number_key(out[i + AHEAD].digits, &key))
			number_index_prefetch(ix, key);
		if (out[i].kind == NUMBER_INVALID)
			continue;
		if (number_key(out[i].digits, &key))
			out[i].known = number_index_get(ix, key, &out[i].entry);
		route(ref, &out[i]);
	}
}
