/* The index is 256 shards, chosen by the top byte of the key's hash. Each
 * shard is an open-addressing table with linear probing, kept 80-90% full,
 * held as two arrays side by side: the 8-byte keys, which a probe scans (8 to
 * a cache line, so a miss costs little), and the 32-byte values, of which a
 * hit reads one, fetched while the key is still being looked for. A hit
 * costs about one cache miss; a table of records reached through a slot
 * array would cost two in a row.
 *
 * Staying 80-90% full keeps memory at 40 / 0.85 = 47 bytes a number: a table
 * grows by 1/8 (to 80% full) whenever it would pass 90%, rebuilt in place.
 *
 * Readers use a sequence lock per shard: they read the sequence number, probe
 * and copy the value with plain (relaxed atomic) loads, and retry if the
 * sequence changed or was odd (a writer was inside). A read-write lock would
 * make every look-up write the lock's cache line and wait for it, which costs
 * more than the look-up itself. Writers take the shard's mutex and make the
 * sequence odd while they change anything.
 *
 * A reader may still be probing a table the writer is rebuilding, so no
 * table may be freed or moved while the index lives: each shard's arrays live
 * in address space reserved for the index's capacity at the start (PROT_NONE,
 * no memory behind it) and made usable as they grow; a table is rebuilt in
 * place, readers of that shard retrying meanwhile.
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
#define OPERATORS_MAX NUMBER_INDEX_OPERATORS /* refs are uint8_t, 0 = none */

#define LOAD(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

struct value {
	uint32_t count[NUMBER_INDEX_KINDS];
	uint32_t first_at, last_at, dispatched_at;
	/* operators: 1 + position in number_index.operators; 0 = none */
	uint8_t ported, dispatched_to;
	uint8_t disposal;
	uint8_t unused;
};
_Static_assert(sizeof(struct value) == 32, "a value is 32 bytes, half a cache line");

struct shard {
	/* What readers touch, on one cache line. */
	_Alignas(64) uint32_t seq; /* odd while a writer changes the shard */
	uint32_t slots;            /* in the table */
	uint64_t *keys;            /* number_key() values; 0 = empty slot */
	struct value *values;      /* of the key in the same slot */
	uint32_t n;                /* keys in the table */
	/* Writers only. */
	uint32_t max_slots;
	size_t usable; /* slots made readable and writable */
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

/* The keys of the n-digit strings start at 1…1 (n ones): ONES_20 is the
 * first key after every string of up to 19 digits. */
#define ONES_20 UINT64_C(11111111111111111111)
#define TEN_18 UINT64_C(1000000000000000000)

bool number_key(const char *digits, uint64_t *key)
{
	/* The digits as a number, plus 11…1 with as many ones as digits: the
	 * n-digit strings then take the keys [1…1 (n ones), 1…1 (n+1 ones)), so
	 * "0138" and "138" differ, and 19 digits still fit below 2^64. Twenty
	 * digits starting with 10 follow from ONES_20 on: 10^18 keys more, all
	 * below 1.22 * 10^19. */
	uint64_t value = 0, ones = 0;
	size_t n = 0;
	for (; digits[n]; n++) {
		if (digits[n] < '0' || digits[n] > '9' || n == NUMBER_KEY_DIGITS_MAX ||
		    (n == NUMBER_KEY_DIGITS && (digits[0] != '1' || digits[1] != '0')))
			return false;
		value = value * 10 + (uint64_t)(digits[n] - '0'); /* 20 digits "10…": < 1.1 * 10^19 */
		ones = n < NUMBER_KEY_DIGITS ? ones * 10 + 1 : ONES_20 - 10 * TEN_18;
	}
	if (n == 0)
		return false;
	*key = value + ones; /* 20 digits: ONES_20 + the 18 digits after "10" */
	return true;
}

void number_key_digits(uint64_t key, char out[NUMBER_MAX])
{
	size_t n = 1;
	uint64_t ones = 1, span = 10; /* keys of n digits: [ones, ones + span) */
	if (key == 0 || key >= ONES_20 + TEN_18) {
		out[0] = '\0';
		return;
	}
	if (key >= ONES_20) { /* "10" and 18 digits */
		n = NUMBER_KEY_DIGITS_MAX;
		ones = ONES_20 - 10 * TEN_18;
	}
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

/* Bits 56-63 of the hash pick the shard (SHARDS is 256); the low 32 bits the
 * home slot, scaled to the table's size (which need not be a power of 2). */
static uint32_t home(uint64_t h, uint32_t slots)
{
	return (uint32_t)(((h & 0xffffffff) * slots) >> 32);
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

/* The bytes of `slots` keys and of their values, in whole pages. */
static size_t keys_bytes(const number_index *ix, size_t slots)
{
	return round_up(slots * sizeof(uint64_t), ix->page);
}

static size_t values_bytes(const number_index *ix, size_t slots)
{
	return round_up(slots * sizeof(struct value), ix->page);
}

/* Lets s use `slots` slots, and a quarter more, so that growing a table
 * seldom needs a system call; pages not yet written cost no memory. */
static void reserve_slots(number_index *ix, struct shard *s, size_t slots)
{
	if (slots <= s->usable)
		return;
	size_t usable = slots + s->usable / 4;
	if (usable > s->max_slots)
		usable = s->max_slots;
	make_usable((char *)s->keys + keys_bytes(ix, s->usable),
	            keys_bytes(ix, usable) - keys_bytes(ix, s->usable));
	make_usable((char *)s->values + values_bytes(ix, s->usable),
	            values_bytes(ix, usable) - values_bytes(ix, s->usable));
	s->usable = usable;
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
	 * for 1/8 more than its share, at 90% full. */
	size_t share = capacity / SHARDS + 1;
	size_t max_slots = (share + share / 8 + 64) * 10 / 9 + MIN_SLOTS;
	if (max_slots > UINT32_MAX)
		max_slots = UINT32_MAX;
	size_t shard_bytes = keys_bytes(ix, max_slots) + values_bytes(ix, max_slots);
	ix->reserved = shard_bytes * SHARDS;
	ix->base =
	    mmap(NULL, ix->reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ix->base == MAP_FAILED)
		out_of_memory(ix->reserved);

	char *p = ix->base;
	for (size_t i = 0; i < SHARDS; i++, p += shard_bytes) {
		struct shard *s = &ix->shards[i];
		s->keys = (uint64_t *)(void *)p;
		s->values = (struct value *)(void *)(p + keys_bytes(ix, max_slots));
		s->max_slots = (uint32_t)max_slots;
		s->slots = MIN_SLOTS;
		reserve_slots(ix, s, MIN_SLOTS);
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

static void load_value(const struct value *v, struct value *out)
{
	for (int k = 0; k < NUMBER_INDEX_KINDS; k++)
		out->count[k] = LOAD(&v->count[k]);
	out->first_at = LOAD(&v->first_at);
	out->last_at = LOAD(&v->last_at);
	out->dispatched_at = LOAD(&v->dispatched_at);
	out->ported = LOAD(&v->ported);
	out->dispatched_to = LOAD(&v->dispatched_to);
	out->disposal = LOAD(&v->disposal);
}

/* Probes s for key; copies its value into *out. Under a sequence lock: the
 * table may change meanwhile, so the loop is bounded, and the table's size
 * never exceeds the usable memory. */
static bool probe(const struct shard *s, uint64_t key, uint64_t h, struct value *out)
{
	uint32_t slots = LOAD(&s->slots);
	uint32_t i = home(h, slots);
	/* most keys sit in their home slot or just after it */
	__builtin_prefetch(&s->values[i]);
	for (uint32_t step = 0; step < slots; step++) {
		uint64_t k = LOAD(&s->keys[i]);
		if (k == key) {
			load_value(&s->values[i], out);
			return true;
		}
		if (k == 0)
			return false;
		if (++i == slots)
			i = 0;
	}
	return false;
}

bool number_index_get(const number_index *ix, uint64_t key, struct number_entry *out)
{
	if (key == 0)
		return false;
	uint64_t h = hash(key);
	const struct shard *s = &ix->shards[h >> 56];
	struct value v;
	bool found;
	for (unsigned tries = 1;; tries++) {
		uint32_t seq = __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE);
		if (!(seq & 1)) {
			found = probe(s, key, h, &v);
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
	memcpy(out->count, v.count, sizeof out->count);
	out->first_at = v.first_at;
	out->last_at = v.last_at;
	out->dispatched_at = v.dispatched_at;
	out->disposal = v.disposal;
	/* written before the value named it, so the sequence lock covers it */
	out->ported_operator_id = v.ported ? LOAD(&ix->operators[v.ported - 1]) : 0;
	out->dispatch_operator_id = v.dispatched_to ? LOAD(&ix->operators[v.dispatched_to - 1]) : 0;
	return true;
}

void number_index_prefetch(const number_index *ix, uint64_t key)
{
	uint64_t h = hash(key);
	const struct shard *s = &ix->shards[h >> 56];
	/* The table may be growing: a stale size still names memory that is
	 * usable (tables never shrink), and a wrong guess costs only the hint. */
	uint32_t i = home(h, LOAD(&s->slots));
	__builtin_prefetch(&s->keys[i]);
	__builtin_prefetch(&s->values[i]);
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
			continue; /* its first pages are still untouched */
		uint32_t slots = LOAD(&s->slots);
		bytes += keys_bytes(ix, slots) + values_bytes(ix, slots);
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

static void store_value(struct value *v, const struct value *from)
{
	for (int k = 0; k < NUMBER_INDEX_KINDS; k++)
		STORE(&v->count[k], from->count[k]);
	STORE(&v->first_at, from->first_at);
	STORE(&v->last_at, from->last_at);
	STORE(&v->dispatched_at, from->dispatched_at);
	STORE(&v->ported, from->ported);
	STORE(&v->dispatched_to, from->dispatched_to);
	STORE(&v->disposal, from->disposal);
}

/* The slot holding key, or the empty one where it would go (the table is
 * never full). */
static uint32_t slot_of(const struct shard *s, uint64_t key, uint64_t h)
{
	uint32_t i = home(h, s->slots);
	while (s->keys[i] != 0 && s->keys[i] != key)
		if (++i == s->slots)
			i = 0;
	return i;
}

/* Rebuilds s in place with `slots` slots; readers of s retry meanwhile. */
static void rebuild(number_index *ix, struct shard *s, uint32_t slots)
{
	struct entry {
		uint64_t key;
		struct value value;
	} *saved = sh_xmalloc((size_t)s->n * sizeof *saved);
	size_t n = 0;
	for (uint32_t i = 0; i < s->slots; i++)
		if (s->keys[i] != 0) {
			saved[n].key = s->keys[i];
			saved[n++].value = s->values[i];
			STORE(&s->keys[i], 0);
		}
	/* slots past the old size have never been written: still zero */
	reserve_slots(ix, s, slots);
	STORE(&s->slots, slots);
	for (size_t j = 0; j < n; j++) {
		uint32_t i = slot_of(s, saved[j].key, hash(saved[j].key));
		store_value(&s->values[i], &saved[j].value);
		STORE(&s->keys[i], saved[j].key);
	}
	free(saved);
}

/* The value of key in s, added when missing (create) and there is room. */
static struct value *find(number_index *ix, struct shard *s, uint64_t key, uint64_t h, bool create)
{
	uint32_t i = slot_of(s, key, h);
	if (s->keys[i] == key)
		return &s->values[i];
	if (!create)
		return NULL;
	if (((uint64_t)s->n + 1) * 10 > (uint64_t)s->slots * 9) {
		/* past 90% full: grow to 80% */
		uint64_t slots = ((uint64_t)s->n + 1) * 5 / 4 + MIN_SLOTS;
		if (slots > s->max_slots)
			slots = s->max_slots;
		if (((uint64_t)s->n + 1) * 10 > slots * 9)
			return NULL;
		rebuild(ix, s, (uint32_t)slots);
		i = slot_of(s, key, h);
	}
	static const struct value zero;
	store_value(&s->values[i], &zero); /* a slot emptied by a rebuild keeps its old value */
	STORE(&s->keys[i], key);
	STORE(&s->n, s->n + 1);
	return &s->values[i];
}

static bool time_ok(int64_t at)
{
	return at >= 1 && at <= UINT32_MAX;
}

int number_index_add(number_index *ix, uint64_t key, unsigned kind, uint32_t n,
                     int64_t first_at, int64_t last_at)
{
	if (key == 0 || kind >= NUMBER_INDEX_KINDS || !time_ok(first_at) || !time_ok(last_at) ||
	    first_at > last_at)
		return SH_EINVAL;
	uint32_t first = (uint32_t)first_at, last = (uint32_t)last_at;
	uint64_t h = hash(key);
	struct shard *s = write_begin(ix, h);
	struct value *r = find(ix, s, key, h, true);
	if (r) {
		uint32_t c = r->count[kind];
		STORE(&r->count[kind], c > UINT32_MAX - n ? UINT32_MAX : c + n);
		if (r->first_at == 0 || first < r->first_at)
			STORE(&r->first_at, first);
		if (last > r->last_at)
			STORE(&r->last_at, last);
	}
	write_end(s);
	return r ? 0 : SH_ETOOLARGE;
}

int number_index_report(number_index *ix, uint64_t key, unsigned kind, int64_t at)
{
	return number_index_add(ix, key, kind, 1, at, at);
}

int number_index_unreport(number_index *ix, uint64_t key, unsigned kind)
{
	if (key == 0 || kind >= NUMBER_INDEX_KINDS)
		return SH_EINVAL;
	uint64_t h = hash(key);
	struct shard *s = write_begin(ix, h);
	int rc = 0;
	struct value *r = find(ix, s, key, h, false);
	if (!r)
		rc = SH_ENOTFOUND;
	else if (r->count[kind] == 0)
		rc = SH_EINVAL;
	else
		STORE(&r->count[kind], r->count[kind] - 1);
	write_end(s);
	return rc;
}

/* 1 + the position of operator_id in the operator table, added if missing;
 * 0 for operator 0 (none). SH_ETOOLARGE when the table is full. */
static int operator_ref(number_index *ix, int64_t operator_id, uint8_t *out)
{
	if (operator_id == 0) {
		*out = 0;
		return 0;
	}
	pthread_mutex_lock(&ix->operators_lock);
	uint32_t i = 0;
	while (i < ix->noperators && ix->operators[i] != operator_id)
		i++;
	int rc = 0;
	if (i == ix->noperators && i < OPERATORS_MAX) {
		/* stored before any record refers to it (see number_index_get) */
		STORE(&ix->operators[i], operator_id);
		STORE(&ix->noperators, i + 1);
	} else if (i == ix->noperators) {
		rc = SH_ETOOLARGE;
	}
	pthread_mutex_unlock(&ix->operators_lock);
	if (rc == 0)
		*out = (uint8_t)(i + 1);
	return rc;
}

/* The field a setter changes. */
enum field { DISPOSAL, DISPATCHED, PORTED };

static int set(number_index *ix, uint64_t key, enum field f, uint32_t value, uint8_t ref)
{
	if (key == 0)
		return SH_EINVAL;
	uint64_t h = hash(key);
	struct shard *s = write_begin(ix, h);
	struct value *r = find(ix, s, key, h, true);
	if (r) {
		if (f == DISPOSAL) {
			STORE(&r->disposal, (uint8_t)value);
		} else if (f == DISPATCHED) {
			STORE(&r->dispatched_at, value);
			STORE(&r->dispatched_to, ref);
		} else {
			STORE(&r->ported, ref);
		}
	}
	write_end(s);
	return r ? 0 : SH_ETOOLARGE;
}

int number_index_set_disposal(number_index *ix, uint64_t key, uint8_t disposal)
{
	return set(ix, key, DISPOSAL, disposal, 0);
}

int number_index_set_dispatched(number_index *ix, uint64_t key, int64_t at, int64_t operator_id)
{
	uint8_t ref = 0;
	if ((at != 0 && !time_ok(at)) || operator_id < 0 || key == 0)
		return SH_EINVAL;
	int rc = at ? operator_ref(ix, operator_id, &ref) : 0;
	return rc ? rc : set(ix, key, DISPATCHED, (uint32_t)at, ref);
}

int number_index_set_ported(number_index *ix, uint64_t key, int64_t operator_id)
{
	uint8_t ref;
	if (operator_id < 0 || key == 0)
		return SH_EINVAL;
	int rc = operator_ref(ix, operator_id, &ref);
	return rc ? rc : set(ix, key, PORTED, 0, ref);
}

int number_index_set_times(number_index *ix, uint64_t key, int64_t first_at, int64_t last_at)
{
	if (key == 0 || (first_at && !time_ok(first_at)) || (last_at && !time_ok(last_at)))
		return SH_EINVAL;
	uint64_t h = hash(key);
	struct shard *s = write_begin(ix, h);
	struct value *r = find(ix, s, key, h, false);
	if (r) {
		STORE(&r->first_at, (uint32_t)first_at);
		STORE(&r->last_at, (uint32_t)last_at);
	}
	write_end(s);
	return r ? 0 : SH_ENOTFOUND;
}

int number_index_put(number_index *ix, uint64_t key, const struct number_entry *e)
{
	if (key == 0 || e->first_at > e->last_at || e->ported_operator_id < 0 ||
	    e->dispatch_operator_id < 0)
		return SH_EINVAL;
	struct value v;
	memcpy(v.count, e->count, sizeof v.count);
	v.first_at = e->first_at;
	v.last_at = e->last_at;
	v.dispatched_at = e->dispatched_at;
	v.disposal = e->disposal;
	int rc = operator_ref(ix, e->ported_operator_id, &v.ported);
	if (rc == 0)
		rc = operator_ref(ix, e->dispatched_at ? e->dispatch_operator_id : 0, &v.dispatched_to);
	if (rc)
		return rc;
	uint64_t h = hash(key);
	struct shard *s = write_begin(ix, h);
	struct value *r = find(ix, s, key, h, true);
	if (r)
		store_value(r, &v);
	write_end(s);
	return r ? 0 : SH_ETOOLARGE;
}
