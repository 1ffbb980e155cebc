/* The index is 256 shards, chosen by the top byte of the key's hash. Each
 * shard has a dense array of 40-byte records, appended to and never moved,
 * and an open-addressing table (linear probing, at most 80% full) of 4-byte
 * slots: 8 bits of the hash as a fingerprint and the record's position + 1,
 * so that probing a miss rarely touches a record and a hit touches one.
 *
 * Readers use a sequence lock per shard: they read the sequence number, probe
 * and copy the record with plain (relaxed atomic) loads, and retry if the
 * sequence changed or was odd (a writer was inside). A read-write lock would
 * make every look-up write the lock's cache line and wait for it, which costs
 * more than the look-up itself. Writers take the shard's mutex and make the
 * sequence odd while they change anything.
 *
 * A reader may still be probing a table the writer is rebuilding, so no
 * table may be freed or moved while the index lives: each shard's slots and
 * records live in address space reserved for the index's capacity at the
 * start (PROT_NONE, no memory behind it) and made usable as they grow; the
 * slot table is rebuilt in place, readers of that shard retrying meanwhile.
 *
 * The memory-order argument is the one of Boehm, "Can seqlocks get along
 * with programming language memory models?" (MSPC 2012): writer stores seq+1,
 * release fence, data stores, release store of seq+2; reader acquire load of
 * seq, data loads, acquire fence, relaxed load of seq. */
#include "domain/number_index.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/error.h"

#define SHARDS 256
#define MIN_SLOTS 16
#define MAX_RECORDS (((uint32_t)1 << 24) - 1) /* a slot keeps 24 bits of position */
#define OPERATORS_MAX 65535                    /* ported operators: uint16_t, 0 = none */

#define LOAD(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

struct record {
	uint64_t key;
	uint32_t count[NUMBER_INDEX_KINDS];
	uint32_t first_at, last_at, dispatched_at;
	uint16_t ported; /* 1 + position in number_index.operators; 0 = not ported */
	uint8_t disposal;
	uint8_t unused;
};
_Static_assert(sizeof(struct record) == 40, "a record is 40 bytes");

struct shard {
	/* What readers touch, on one cache line. */
	_Alignas(64) uint32_t seq; /* odd while a writer changes the shard */
	uint32_t mask;              /* slots in the table - 1 */
	uint32_t *slots;            /* fingerprint << 24 | position + 1; 0 = empty */
	struct record *records;
	uint32_t n; /* records */
	/* Writers only. */
	uint32_t max_records, max_slots;
	size_t records_usable; /* bytes made readable and writable */
	pthread_mutex_t lock;
};

struct number_index {
	struct shard shards[SHARDS];
	void *base; /* the reservation */
	size_t reserved, page;
	pthread_mutex_t operators_lock;
	uint32_t noperators;
	int64_t *operators; /* OPERATORS_MAX ids, filled in order */
};

bool number_key(const char *digits, uint64_t *key)
{
	/* The digits as a number, plus 11…1 with as many ones as digits: the
	 * n-digit strings then take the keys [1…1 (n ones), 1…1 (n+1 ones)), so
	 * "0138" and "138" differ, and 19 digits still fit below 2^64. */
	uint64_t value = 0, ones = 0;
	size_t n = 0;
	for (; digits[n]; n++) {
		if (digits[n] < '0' || digits[n] > '9' || n == NUMBER_KEY_DIGITS)
			return false;
		value = value * 10 + (uint64_t)(digits[n] - '0');
		ones = ones * 10 + 1;
	}
	if (n == 0)
		return false;
	*key = value + ones;
	return true;
}

void number_key_digits(uint64_t key, char out[NUMBER_MAX])
{
	if (key == 0) {
		out[0] = '\0';
		return;
	}
	size_t n = 1;
	uint64_t ones = 1, span = 10; /* keys of n digits: [ones, ones + span) */
	while (n < NUMBER_KEY_DIGITS && key - ones >= span) {
		ones += span;
		span *= 10;
		n++;
	}
	uint64_t value = key - ones;
	out[n] = '\0';
	for (size_t i = n; i-- > 0; value /= 10)
		out[i] = (char)('0' + value % 10);
}

/* MurmurHash3's finaliser: keys of nearby numbers spread over all bits. */
static uint64_t hash(uint64_t k)
{
	k ^= k >> 33;
	k *= UINT64_C(0xff51afd7ed558ccd);
	k ^= k >> 33;
	k *= UINT64_C(0xc4ceb9fe1a85ec53);
	k ^= k >> 33;
	return k;
}

/* Bits 56-63 pick the shard, 48-55 are the fingerprint, the low bits the
 * home slot (at most 24 of them, as a shard never has more slots). */
static uint32_t fingerprint(uint64_t h)
{
	return (uint32_t)(h >> 48) & 0xff;
}

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

static void out_of_memory(size_t size)
{
	fprintf(stderr, "shensu: out of memory (%zu bytes)\n", size);
	abort();
}

/* Makes [p, p + size) usable; p and size are page multiples. */
static void make_usable(void *p, size_t size)
{
	if (size > 0 && mprotect(p, size, PROT_READ | PROT_WRITE) != 0)
		out_of_memory(size);
}

number_index *number_index_new(size_t capacity)
{
	if (capacity == 0)
		capacity = NUMBER_INDEX_DEFAULT_CAPACITY;
	number_index *ix = aligned_alloc(64, round_up(sizeof *ix, 64));
	if (!ix)
		out_of_memory(sizeof *ix);
	memset(ix, 0, sizeof *ix);
	ix->page = (size_t)sysconf(_SC_PAGESIZE);

	/* Hashing spreads numbers evenly, not exactly: leave each shard room
	 * for 1/8 more than its share. */
	size_t share = capacity / SHARDS + 1;
	uint32_t max_records = (uint32_t)(share + share / 8 + 64 < MAX_RECORDS
	                                      ? share + share / 8 + 64
	                                      : MAX_RECORDS);
	uint32_t max_slots = MIN_SLOTS;
	while ((uint64_t)max_slots * 4 < (uint64_t)max_records * 5)
		max_slots *= 2;
	size_t slot_bytes = round_up((size_t)max_slots * sizeof(uint32_t), ix->page);
	size_t record_bytes = round_up((size_t)max_records * sizeof(struct record), ix->page);
	ix->reserved = (slot_bytes + record_bytes) * SHARDS;
	ix->base = mmap(NULL, ix->reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
	                -1, 0);
	if (ix->base == MAP_FAILED)
		out_of_memory(ix->reserved);

	char *p = ix->base;
	for (size_t i = 0; i < SHARDS; i++) {
		struct shard *s = &ix->shards[i];
		s->slots = (uint32_t *)(void *)p;
		s->records = (struct record *)(void *)(p + slot_bytes);
		p += slot_bytes + record_bytes;
		s->max_records = max_records;
		s->max_slots = max_slots;
		s->mask = MIN_SLOTS - 1;
		make_usable(s->slots, round_up(MIN_SLOTS * sizeof(uint32_t), ix->page));
		pthread_mutex_init(&s->lock, NULL);
	}
	pthread_mutex_init(&ix->operators_lock, NULL);
	/* pages not yet written cost no memory */
	ix->operators = sh_xcalloc(OPERATORS_MAX, sizeof *ix->operators);
	return ix;
}

void number_index_free(number_index *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; i < SHARDS; i++)
		pthread_mutex_destroy(&ix->shards[i].lock);
	pthread_mutex_destroy(&ix->operators_lock);
	munmap(ix->base, ix->reserved);
	free(ix->operators);
	free(ix);
}

/* ---- readers ---- */

/* Probes s for key; copies its record into *out. Under a sequence lock: the
 * table may change meanwhile, so the loop is bounded, and every slot value
 * ever stored names a record that exists. */
static bool probe(const struct shard *s, uint64_t key, uint64_t h, struct record *out)
{
	uint32_t mask = LOAD(&s->mask), fp = fingerprint(h);
	uint32_t i = (uint32_t)h & mask;
	for (uint32_t step = 0; step <= mask; step++, i = (i + 1) & mask) {
		uint32_t v = LOAD(&s->slots[i]);
		if (v == 0)
			return false;
		if (v >> 24 != fp)
			continue;
		const struct record *r = &s->records[(v & 0xffffff) - 1];
		if (LOAD(&r->key) != key)
			continue;
		out->key = key;
		for (int k = 0; k < NUMBER_INDEX_KINDS; k++)
			out->count[k] = LOAD(&r->count[k]);
		out->first_at = LOAD(&r->first_at);
		out->last_at = LOAD(&r->last_at);
		out->dispatched_at = LOAD(&r->dispatched_at);
		out->ported = LOAD(&r->ported);
		out->disposal = LOAD(&r->disposal);
		return true;
	}
	return false;
}

bool number_index_get(const number_index *ix, uint64_t key, struct number_entry *out)
{
	if (key == 0)
		return false;
	uint64_t h = hash(key);
	const struct shard *s = &ix->shards[h >> 56];
	struct record r;
	bool found;
	for (unsigned tries = 1;; tries++) {
		uint32_t seq = __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE);
		if (!(seq & 1)) {
			found = probe(s, key, h, &r);
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			if (LOAD(&s->seq) == seq)
				break;
		}
		/* a writer is inside: it is short, except while the table is rebuilt */
		if (tries % 64 == 0)
			sched_yield();
	}
	if (!found)
		return false;
	memcpy(out->count, r.count, sizeof out->count);
	out->first_at = r.first_at;
	out->last_at = r.last_at;
	out->dispatched_at = r.dispatched_at;
	out->disposal = r.disposal;
	/* written before the record named it, so the sequence lock covers it */
	out->ported_operator_id = r.ported ? LOAD(&ix->operators[r.ported - 1]) : 0;
	return true;
}

size_t number_index_count(const number_index *ix)
{
	size_t n = 0;
	for (size_t i = 0; i < SHARDS; i++)
		n += LOAD(&ix->shards[i].n);
	return n;
}

size_t number_index_memory(const number_index *ix)
{
	size_t bytes = round_up(sizeof *ix, 64);
	for (size_t i = 0; i < SHARDS; i++) {
		const struct shard *s = &ix->shards[i];
		if (LOAD(&s->n) == 0)
			continue; /* its first page of slots is still untouched */
		bytes += round_up(((size_t)LOAD(&s->mask) + 1) * sizeof(uint32_t), ix->page);
		bytes += round_up((size_t)LOAD(&s->n) * sizeof(struct record), ix->page);
	}
	uint32_t nops = LOAD(&ix->noperators);
	return bytes + round_up(nops * sizeof *ix->operators, ix->page);
}

/* ---- writers ---- */

static struct shard *write_begin(number_index *ix, uint64_t h)
{
	struct shard *s = &ix->shards[h >> 56];
	pthread_mutex_lock(&s->lock);
	STORE(&s->seq, s->seq + 1);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	return s;
}

static void write_end(struct shard *s)
{
	__atomic_store_n(&s->seq, s->seq + 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&s->lock);
}

static void place(struct shard *s, uint64_t h, uint32_t position)
{
	uint32_t i = (uint32_t)h & s->mask;
	while (s->slots[i] != 0)
		i = (i + 1) & s->mask;
	STORE(&s->slots[i], fingerprint(h) << 24 | (position + 1));
}

/* Doubles the slot table in place; readers of s retry meanwhile. */
static void grow(number_index *ix, struct shard *s)
{
	uint32_t slots = (s->mask + 1) * 2;
	make_usable(s->slots, round_up(slots * sizeof(uint32_t), ix->page));
	/* the new half has never been written, so it is still zero */
	for (uint32_t i = 0; i <= s->mask; i++)
		STORE(&s->slots[i], 0);
	STORE(&s->mask, slots - 1);
	for (uint32_t i = 0; i < s->n; i++)
		place(s, hash(s->records[i].key), i);
}

/* The record of key in s, added when missing (create) and there is room. */
static struct record *find(number_index *ix, struct shard *s, uint64_t key, uint64_t h,
                           bool create)
{
	uint32_t fp = fingerprint(h);
	for (uint32_t i = (uint32_t)h & s->mask;; i = (i + 1) & s->mask) {
		uint32_t v = s->slots[i];
		if (v == 0)
			break;
		if (v >> 24 == fp && s->records[(v & 0xffffff) - 1].key == key)
			return &s->records[(v & 0xffffff) - 1];
	}
	if (!create || s->n == s->max_records)
		return NULL;
	if (((uint64_t)s->n + 1) * 5 > ((uint64_t)s->mask + 1) * 4 && s->mask + 1 < s->max_slots)
		grow(ix, s);
	size_t need = ((size_t)s->n + 1) * sizeof(struct record);
	if (need > s->records_usable) {
		/* a quarter more at a time: few system calls, and pages not yet
		 * written cost no memory */
		size_t limit = round_up((size_t)s->max_records * sizeof(struct record), ix->page);
		size_t usable = round_up(need + s->records_usable / 4, ix->page);
		if (usable > limit)
			usable = limit;
		make_usable((char *)s->records + s->records_usable, usable - s->records_usable);
		s->records_usable = usable;
	}
	/* never used before, so all zero but the key */
	struct record *r = &s->records[s->n];
	STORE(&r->key, key);
	place(s, h, s->n);
	STORE(&s->n, s->n + 1);
	return r;
}

static bool time_ok(int64_t at)
{
	return at >= 1 && at <= UINT32_MAX;
}

int number_index_report(number_index *ix, uint64_t key, unsigned kind, int64_t at)
{
	if (key == 0 || kind >= NUMBER_INDEX_KINDS || !time_ok(at))
		return SH_EINVAL;
	uint32_t t = (uint32_t)at;
	uint64_t h = hash(key);
	struct shard *s = write_begin(ix, h);
	struct record *r = find(ix, s, key, h, true);
	if (r) {
		if (r->count[kind] < UINT32_MAX)
			STORE(&r->count[kind], r->count[kind] + 1);
		if (r->first_at == 0 || t < r->first_at)
			STORE(&r->first_at, t);
		if (t > r->last_at)
			STORE(&r->last_at, t);
	}
	write_end(s);
	return r ? 0 : SH_ETOOLARGE;
}

int number_index_unreport(number_index *ix, uint64_t key, unsigned kind)
{
	if (key == 0 || kind >= NUMBER_INDEX_KINDS)
		return SH_EINVAL;
	uint64_t h = hash(key);
	struct shard *s = write_begin(ix, h);
	int rc = 0;
	struct record *r = find(ix, s, key, h, false);
	if (!r)
		rc = SH_ENOTFOUND;
	else if (r->count[kind] == 0)
		rc = SH_EINVAL;
	else
		STORE(&r->count[kind], r->count[kind] - 1);
	write_end(s);
	return rc;
}

/* The field a setter changes. */
enum field { DISPOSAL, DISPATCHED, PORTED };

static int set(number_index *ix, uint64_t key, enum field f, uint32_t value)
{
	if (key == 0)
		return SH_EINVAL;
	uint64_t h = hash(key);
	struct shard *s = write_begin(ix, h);
	struct record *r = find(ix, s, key, h, true);
	if (r) {
		if (f == DISPOSAL)
			STORE(&r->disposal, (uint8_t)value);
		else if (f == DISPATCHED)
			STORE(&r->dispatched_at, value);
		else
			STORE(&r->ported, (uint16_t)value);
	}
	write_end(s);
	return r ? 0 : SH_ETOOLARGE;
}

int number_index_set_disposal(number_index *ix, uint64_t key, uint8_t disposal)
{
	return set(ix, key, DISPOSAL, disposal);
}

int number_index_set_dispatched(number_index *ix, uint64_t key, int64_t at)
{
	if (at != 0 && !time_ok(at))
		return SH_EINVAL;
	return set(ix, key, DISPATCHED, (uint32_t)at);
}

/* 1 + the position of operator_id in the operator table, added if missing;
 * 0 when the table is full. */
static uint32_t operator_ref(number_index *ix, int64_t operator_id)
{
	pthread_mutex_lock(&ix->operators_lock);
	uint32_t i = 0;
	while (i < ix->noperators && ix->operators[i] != operator_id)
		i++;
	uint32_t ref = 0;
	if (i < ix->noperators) {
		ref = i + 1;
	} else if (i < OPERATORS_MAX) {
		/* stored before any record refers to it (see number_index_get) */
		STORE(&ix->operators[i], operator_id);
		STORE(&ix->noperators, i + 1);
		ref = i + 1;
	}
	pthread_mutex_unlock(&ix->operators_lock);
	return ref;
}

int number_index_set_ported(number_index *ix, uint64_t key, int64_t operator_id)
{
	if (operator_id < 0)
		return SH_EINVAL;
	uint32_t ref = 0;
	if (operator_id > 0 && key != 0 && (ref = operator_ref(ix, operator_id)) == 0)
		return SH_ETOOLARGE;
	return set(ix, key, PORTED, ref);
}
