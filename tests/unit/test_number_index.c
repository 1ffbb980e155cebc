/* Tests for domain/number_index.c: keys, the operations, growth through
 * many rebuilds of the slot tables, a full index, and readers checking
 * invariants while writers change the index. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "domain/number_index.h"

#define T0 1600000000 /* 2020-09-13, Unix seconds */

static uint64_t key_of(const char *digits)
{
	uint64_t key;
	if (!number_key(digits, &key))
		fail_msg("no key for \"%s\"", digits);
	return key;
}

static uint64_t next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* ---- keys ---- */

static void test_key_round_trips(void **state)
{
	(void)state;
	char back_of_range[NUMBER_MAX] = "x";
	static const char *const numbers[] = {
	    "0",
	    "00",
	    "000",
	    "1",
	    "9",
	    "10",
	    "01",
	    "13800138000",
	    "01012345678",
	    "075512345678",
	    "1065502010086",
	    "95588",
	    "0000000000000000000",
	    "9999999999999999999",
	    "1234567890123456789",
	    "0123456789012345678",
	    "10650201008612345678", /* a 20-digit SMS port */
	    "10000000000000000000",
	    "10999999999999999999",
	};
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		char back[NUMBER_MAX];
		uint64_t key = key_of(numbers[i]);
		assert_true(key != 0);
		number_key_digits(key, back);
		assert_string_equal(back, numbers[i]);
	}
	assert_true(key_of("0") != key_of("00"));
	assert_true(key_of("0138") != key_of("138"));

	uint64_t key = 42;
	assert_false(number_key("", &key));
	assert_false(number_key("1380013800a", &key));
	assert_false(number_key("+8613800138000", &key));
	assert_false(number_key("12345678901234567890", &key)); /* 20 digits, not 10… */
	assert_false(number_key("20000000000000000000", &key));
	assert_false(number_key("99999999999999999999", &key)); /* would overflow */
	assert_false(number_key("106502010086123456789", &key)); /* 21 digits */
	assert_false(number_key("1065020100861234567a", &key));
	assert_int_equal(key, 42);                              /* not written */

	/* the 20-digit keys follow the 19-digit ones without a gap, and end
	 * below 2^64 */
	assert_true(key_of("9999999999999999999") + 1 == key_of("10000000000000000000"));
	assert_true(key_of("10999999999999999999") > key_of("10000000000000000000"));
	assert_true(key_of("10999999999999999999") < UINT64_MAX);
	number_key_digits(key_of("10999999999999999999") + 1, back_of_range);
	assert_string_equal(back_of_range, "");

	char out[NUMBER_MAX] = "x";
	number_key_digits(0, out);
	assert_string_equal(out, "");
}

/* The strings of up to 4 digits take exactly the keys 1 .. 11110, in order of
 * length then value: no two share a key and none is lost. */
static void test_keys_dense(void **state)
{
	(void)state;
	uint64_t expect = 1;
	for (int len = 1; len <= 4; len++) {
		int count = 1;
		for (int i = 0; i < len; i++)
			count *= 10;
		for (int v = 0; v < count; v++) {
			char digits[16], back[NUMBER_MAX];
			snprintf(digits, sizeof digits, "%0*d", len, v);
			assert_int_equal(key_of(digits), expect);
			number_key_digits(expect, back);
			assert_string_equal(back, digits);
			expect++;
		}
	}
}

static void test_key_random_round_trips(void **state)
{
	(void)state;
	uint64_t x = 0x9e3779b97f4a7c15u;
	for (int i = 0; i < 100000; i++) {
		char digits[NUMBER_KEY_DIGITS + 1], back[NUMBER_MAX];
		size_t len = 1 + next(&x) % NUMBER_KEY_DIGITS;
		for (size_t j = 0; j < len; j++)
			digits[j] = (char)('0' + next(&x) % 10);
		digits[len] = '\0';
		number_key_digits(key_of(digits), back);
		assert_string_equal(back, digits);
		/* and 20 digits after "10" */
		char port[NUMBER_KEY_DIGITS_MAX + 1] = "10";
		for (size_t j = 2; j < NUMBER_KEY_DIGITS_MAX; j++)
			port[j] = (char)('0' + next(&x) % 10);
		port[NUMBER_KEY_DIGITS_MAX] = '\0';
		number_key_digits(key_of(port), back);
		assert_string_equal(back, port);
	}
}

/* ---- operations ---- */

static void test_report_get(void **state)
{
	(void)state;
	number_index *ix = number_index_new(1000);
	uint64_t k = key_of("13800138000");
	struct number_entry e;
	assert_false(number_index_get(ix, k, &e));
	assert_int_equal(number_index_count(ix), 0);

	assert_int_equal(number_index_report(ix, k, 0, T0 + 100), 0);
	assert_int_equal(number_index_report(ix, k, 0, T0 + 50), 0); /* earlier, arriving late */
	assert_int_equal(number_index_report(ix, k, 3, T0 + 200), 0);
	assert_int_equal(number_index_count(ix), 1);
	assert_true(number_index_get(ix, k, &e));
	assert_int_equal(e.count[0], 2);
	assert_int_equal(e.count[1], 0);
	assert_int_equal(e.count[2], 0);
	assert_int_equal(e.count[3], 1);
	assert_int_equal(e.first_at, T0 + 50);
	assert_int_equal(e.last_at, T0 + 200);
	assert_int_equal(e.dispatched_at, 0);
	assert_int_equal(e.disposal, 0);
	assert_int_equal(e.ported_operator_id, 0);

	/* leading zeros: another number */
	assert_false(number_index_get(ix, key_of("013800138000"), &e));

	/* unreport: the count goes down, the times stay */
	assert_int_equal(number_index_unreport(ix, k, 0), 0);
	assert_int_equal(number_index_unreport(ix, k, 0), 0);
	assert_int_equal(number_index_unreport(ix, k, 0), SH_EINVAL);
	assert_int_equal(number_index_unreport(ix, k, 1), SH_EINVAL);
	assert_int_equal(number_index_unreport(ix, key_of("13900139000"), 0), SH_ENOTFOUND);
	assert_true(number_index_get(ix, k, &e));
	assert_int_equal(e.count[0], 0);
	assert_int_equal(e.count[3], 1);
	assert_int_equal(e.first_at, T0 + 50);
	assert_int_equal(e.last_at, T0 + 200);
	assert_int_equal(number_index_count(ix), 1);

	/* bad arguments change nothing */
	assert_int_equal(number_index_report(ix, 0, 0, T0), SH_EINVAL);
	assert_int_equal(number_index_report(ix, k, NUMBER_INDEX_KINDS, T0), SH_EINVAL);
	assert_int_equal(number_index_report(ix, k, 0, 0), SH_EINVAL);
	assert_int_equal(number_index_report(ix, k, 0, -1), SH_EINVAL);
	assert_int_equal(number_index_report(ix, k, 0, (int64_t)UINT32_MAX + 1), SH_EINVAL);
	assert_int_equal(number_index_report(ix, k, 0, UINT32_MAX), 0); /* 2106 */
	assert_int_equal(number_index_unreport(ix, 0, 0), SH_EINVAL);
	assert_int_equal(number_index_unreport(ix, k, 9), SH_EINVAL);
	assert_false(number_index_get(ix, 0, &e));
	assert_true(number_index_get(ix, k, &e));
	assert_int_equal(e.count[0], 1);
	assert_int_equal(e.last_at, UINT32_MAX);
	number_index_free(ix);
}

static void test_setters(void **state)
{
	(void)state;
	number_index *ix = number_index_new(1000);
	uint64_t k = key_of("13800138000"), fixed = key_of("075512345678");
	struct number_entry e;
	assert_int_equal(number_index_report(ix, k, 1, T0), 0);
	assert_int_equal(number_index_set_disposal(ix, k, 3), 0);
	assert_int_equal(number_index_set_dispatched(ix, k, T0 + 60, 7), 0);
	assert_int_equal(number_index_set_ported(ix, k, 1), 0);
	assert_true(number_index_get(ix, k, &e));
	assert_int_equal(e.disposal, 3);
	assert_int_equal(e.dispatched_at, T0 + 60);
	assert_int_equal(e.dispatch_operator_id, 7);
	assert_int_equal(e.ported_operator_id, 1);
	assert_int_equal(e.count[1], 1);

	/* the times can be set back, e.g. when the latest report was invalid */
	assert_int_equal(number_index_report(ix, k, 2, T0 + 500), 0);
	assert_int_equal(number_index_set_times(ix, k, T0, T0 + 100), 0);
	assert_true(number_index_get(ix, k, &e));
	assert_int_equal(e.first_at, T0);
	assert_int_equal(e.last_at, T0 + 100);
	assert_int_equal(e.count[2], 1); /* the counts are untouched */
	assert_int_equal(number_index_set_times(ix, k, 0, 0), 0);
	assert_true(number_index_get(ix, k, &e));
	assert_int_equal(e.first_at, 0);
	assert_int_equal(e.last_at, 0);
	assert_int_equal(number_index_set_times(ix, key_of("13900000000"), T0, T0), SH_ENOTFOUND);
	assert_int_equal(number_index_set_times(ix, k, -5, T0), SH_EINVAL);

	/* ids need not be small; the same id is stored once */
	assert_int_equal(number_index_set_ported(ix, k, INT64_C(9000000000123)), 0);
	assert_true(number_index_get(ix, k, &e));
	assert_int_equal(e.ported_operator_id, INT64_C(9000000000123));
	assert_int_equal(number_index_set_ported(ix, fixed, INT64_C(9000000000123)), 0);
	assert_int_equal(number_index_set_ported(ix, fixed, 1), 0);
	assert_true(number_index_get(ix, fixed, &e));
	assert_int_equal(e.ported_operator_id, 1);

	/* 0 clears */
	assert_int_equal(number_index_set_disposal(ix, k, 0), 0);
	assert_int_equal(number_index_set_dispatched(ix, k, 0, 7), 0);
	assert_int_equal(number_index_set_ported(ix, k, 0), 0);
	assert_true(number_index_get(ix, k, &e));
	assert_int_equal(e.disposal, 0);
	assert_int_equal(e.dispatched_at, 0);
	assert_int_equal(e.dispatch_operator_id, 0);
	assert_int_equal(e.ported_operator_id, 0);
	assert_int_equal(e.count[1], 1);

	/* setters add a missing number, with no reports */
	uint64_t ported = key_of("13900139000");
	assert_int_equal(number_index_set_ported(ix, ported, 2), 0);
	assert_true(number_index_get(ix, ported, &e));
	assert_int_equal(e.ported_operator_id, 2);
	assert_int_equal(e.count[0] + e.count[1] + e.count[2] + e.count[3], 0);
	assert_int_equal(e.first_at, 0);
	assert_int_equal(number_index_count(ix), 3);

	assert_int_equal(number_index_set_ported(ix, k, -5), SH_EINVAL);
	assert_int_equal(number_index_set_ported(ix, 0, 1), SH_EINVAL);
	assert_int_equal(number_index_set_disposal(ix, 0, 1), SH_EINVAL);
	assert_int_equal(number_index_set_dispatched(ix, k, -1, 1), SH_EINVAL);
	assert_int_equal(number_index_set_dispatched(ix, k, (int64_t)UINT32_MAX + 1, 1), SH_EINVAL);
	assert_int_equal(number_index_set_dispatched(ix, k, T0, -1), SH_EINVAL);
	assert_int_equal(number_index_set_dispatched(ix, 0, T0, 1), SH_EINVAL);
	number_index_free(ix);
}

/* put replaces the whole entry, as a store has it; the operator table holds
 * NUMBER_INDEX_OPERATORS ids and refuses more, changing nothing. */
static void test_put(void **state)
{
	(void)state;
	number_index *ix = number_index_new(1000);
	uint64_t k = key_of("13800138000"), port = key_of("10650201008612345678");
	struct number_entry e, got;
	assert_int_equal(number_index_report(ix, k, 0, T0), 0);
	assert_int_equal(number_index_set_disposal(ix, k, 2), 0);
	e = (struct number_entry){.count = {3, 0, 1, 0}, .first_at = T0 + 5, .last_at = T0 + 9,
	                          .dispatched_at = T0 + 10, .disposal = 4,
	                          .ported_operator_id = INT64_C(9000000000123),
	                          .dispatch_operator_id = 11};
	assert_int_equal(number_index_put(ix, k, &e), 0);
	assert_true(number_index_get(ix, k, &got));
	assert_memory_equal(got.count, e.count, sizeof e.count);
	assert_int_equal(got.first_at, T0 + 5);
	assert_int_equal(got.last_at, T0 + 9);
	assert_int_equal(got.dispatched_at, T0 + 10);
	assert_int_equal(got.disposal, 4);
	assert_int_equal(got.ported_operator_id, INT64_C(9000000000123));
	assert_int_equal(got.dispatch_operator_id, 11);
	/* a dispatch operator without a dispatch is not kept */
	e = (struct number_entry){.count = {0, 1, 0, 0}, .first_at = T0, .last_at = T0,
	                          .dispatch_operator_id = 11};
	assert_int_equal(number_index_put(ix, port, &e), 0);
	assert_true(number_index_get(ix, port, &got));
	assert_int_equal(got.count[1], 1);
	assert_int_equal(got.dispatch_operator_id, 0);
	assert_int_equal(number_index_count(ix), 2);
	/* the same again changes nothing */
	assert_int_equal(number_index_put(ix, port, &e), 0);
	assert_int_equal(number_index_count(ix), 2);

	e.first_at = T0 + 1;
	assert_int_equal(number_index_put(ix, port, &e), SH_EINVAL);
	e.first_at = T0;
	e.ported_operator_id = -1;
	assert_int_equal(number_index_put(ix, port, &e), SH_EINVAL);
	assert_int_equal(number_index_put(ix, 0, &got), SH_EINVAL);

	/* two ids are in the table; fill it */
	for (int64_t id = 100; id < 100 + NUMBER_INDEX_OPERATORS - 2; id++)
		assert_int_equal(number_index_set_ported(ix, key_of("13900139000"), id), 0);
	assert_int_equal(number_index_set_ported(ix, k, 99), SH_ETOOLARGE);
	assert_int_equal(number_index_set_dispatched(ix, k, T0, 99), SH_ETOOLARGE);
	e = (struct number_entry){.ported_operator_id = 99};
	assert_int_equal(number_index_put(ix, k, &e), SH_ETOOLARGE);
	assert_true(number_index_get(ix, k, &got));
	assert_int_equal(got.ported_operator_id, INT64_C(9000000000123)); /* unchanged */
	assert_int_equal(got.count[0], 3);
	/* ids already there still go in */
	assert_int_equal(number_index_set_ported(ix, k, 100), 0);
	assert_int_equal(number_index_set_dispatched(ix, k, T0, 11), 0);
	number_index_free(ix);
}

/* Numbers like the real ones: mostly mobile, some fixed lines and ports. */
static void number_at(uint64_t i, char out[NUMBER_MAX])
{
	uint64_t x = i * 0x9e3779b97f4a7c15u + 1;
	uint64_t r = next(&x);
	if (i % 10 < 8)
		snprintf(out, NUMBER_MAX, "1%d%09llu", 3 + (int)(r % 7),
		         (unsigned long long)(i % 1000000000));
	else if (i % 10 == 8)
		snprintf(out, NUMBER_MAX, "0%03d%08llu", 755 + (int)(r % 3),
		         (unsigned long long)(i % 100000000));
	else
		snprintf(out, NUMBER_MAX, "1069%010llu", (unsigned long long)(i % 10000000000u));
}

/* Many reports at once, as loaded from the store. */
static void test_add(void **state)
{
	(void)state;
	number_index *ix = number_index_new(1000);
	struct number_entry e;
	uint64_t many = key_of("13700137000");
	assert_int_equal(number_index_add(ix, many, 0, 5, T0 + 10, T0 + 20), 0);
	assert_int_equal(number_index_add(ix, many, 0, 2, T0 + 5, T0 + 15), 0);
	assert_true(number_index_get(ix, many, &e));
	assert_int_equal(e.count[0], 7);
	assert_int_equal(e.first_at, T0 + 5);
	assert_int_equal(e.last_at, T0 + 20);
	assert_int_equal(number_index_add(ix, many, 0, 1, T0 + 30, T0 + 29), SH_EINVAL);
	assert_int_equal(number_index_add(ix, many, 0, UINT32_MAX, T0, T0), 0);
	assert_true(number_index_get(ix, many, &e));
	assert_int_equal(e.count[0], UINT32_MAX); /* saturates */
	number_index_free(ix);
}

static void test_growth(void **state)
{
	(void)state;
	enum { N = 600000 };
	number_index *ix = number_index_new(N);
	size_t empty = number_index_memory(ix);
	assert_true(empty < 128 * 1024);
	for (uint64_t i = 0; i < N; i++) {
		char d[NUMBER_MAX];
		number_at(i, d);
		assert_int_equal(
		    number_index_report(ix, key_of(d), (unsigned)(i % 4), T0 + (int64_t)i), 0);
		if (i % 3 == 0) /* the same number again */
			assert_int_equal(number_index_report(ix, key_of(d), 1, T0), 0);
	}
	assert_int_equal(number_index_count(ix), N);
	for (uint64_t i = 0; i < N; i++) {
		char d[NUMBER_MAX];
		struct number_entry e;
		number_at(i, d);
		if (!number_index_get(ix, key_of(d), &e))
			fail_msg("%s lost", d);
		unsigned ones = i % 3 == 0;
		assert_int_equal(e.count[i % 4], 1 + (i % 4 == 1 ? ones : 0));
		assert_int_equal(e.count[1], (i % 4 == 1 ? 1 : 0) + ones);
		assert_int_equal(e.last_at, T0 + i);
		assert_int_equal(e.first_at, ones ? T0 : T0 + i);
	}
	/* misses */
	for (uint64_t i = N; i < N + 100000; i++) {
		char d[NUMBER_MAX];
		struct number_entry e;
		number_at(i, d);
		assert_false(number_index_get(ix, key_of(d), &e));
	}
	size_t bytes = number_index_memory(ix);
	print_message("%d numbers: %zu bytes, %.1f per number\n", N, bytes, (double)bytes / N);
	assert_true(bytes / N < 64);
	assert_true(bytes / N >= 40);
	number_index_free(ix);
}

static void test_full(void **state)
{
	(void)state;
	number_index *ix = number_index_new(1); /* the smallest there is */
	uint64_t i = 1;
	int rc = 0;
	for (; i < 100000 && (rc = number_index_report(ix, i, 0, T0)) == 0; i++)
		;
	assert_int_equal(rc, SH_ETOOLARGE);
	assert_true(i > 1000);
	struct number_entry e;
	assert_false(number_index_get(ix, i, &e));
	assert_int_equal(number_index_set_disposal(ix, i, 1), SH_ETOOLARGE);
	/* numbers already in still take reports */
	assert_int_equal(number_index_report(ix, 1, 2, T0 + 1), 0);
	assert_true(number_index_get(ix, 1, &e));
	assert_int_equal(e.count[2], 1);
	assert_int_equal(number_index_count(ix), i - 1);
	number_index_free(ix);
	number_index_free(NULL);
}

/* ---- concurrency ---- */

/* Updates go to a few hot keys, which the readers read half the time, so
 * that reads and writes of the same record meet often. */
enum { WRITERS = 2, READERS = 3, KEYS = 100000, UPDATES = 400000, HOT = 2 };

struct shared {
	number_index *ix;
	int done; /* writers finished */
	int failed;
};

struct writer_arg {
	struct shared *sh;
	int id;
	long reports;
};

/* Writer w owns keys w, w + WRITERS, …, each stored as key index + 1. It adds
 * them in order, then reports random and hot ones again. Every report of key k gives
 * at = T0 + (its count before), so count[0] == last_at - first_at + 1 in every
 * state a reader may see, and a reader that sees key k of writer w also sees
 * every earlier key of w. */
static void *writer_main(void *p)
{
	struct writer_arg *a = p;
	uint32_t *counts = calloc(KEYS, sizeof *counts);
	uint64_t x = 12345 + (uint64_t)a->id;
	for (uint64_t k = (uint64_t)a->id; k < KEYS; k += WRITERS) {
		if (number_index_report(a->sh->ix, k + 1, 0, T0) != 0)
			__atomic_store_n(&a->sh->failed, 1, __ATOMIC_RELAXED);
		counts[k] = 1;
	}
	for (int i = 0; i < UPDATES; i++) {
		uint64_t k = next(&x) % (i % 2 ? KEYS : HOT * WRITERS);
		k -= k % WRITERS;
		k += (uint64_t)a->id;
		if (k >= KEYS)
			continue;
		if (number_index_report(a->sh->ix, k + 1, 0, T0 + counts[k]) != 0)
			__atomic_store_n(&a->sh->failed, 1, __ATOMIC_RELAXED);
		counts[k]++;
		a->reports++;
		if (i % 1000 == 0)
			number_index_set_disposal(a->sh->ix, k + 1, (uint8_t)(i / 1000));
	}
	free(counts);
	__atomic_fetch_add(&a->sh->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void *reader(void *p)
{
	struct shared *sh = p;
	uint32_t *seen = calloc(KEYS, sizeof *seen); /* the last count this reader saw */
	uint64_t highest[WRITERS] = {0};             /* of each writer's keys, the highest found */
	uint64_t x = (uint64_t)(uintptr_t)seen | 1;
	long reads = 0;
	while (__atomic_load_n(&sh->done, __ATOMIC_ACQUIRE) < WRITERS || reads < 100000) {
		uint64_t k = next(&x) % (reads % 2 ? KEYS : HOT * WRITERS);
		int w = (int)(k % WRITERS);
		struct number_entry e;
		bool found = number_index_get(sh->ix, k + 1, &e);
		reads++;
		if (!found) {
			if (k < highest[w]) {
				fprintf(stderr, "key %llu lost after %llu was seen\n",
				        (unsigned long long)k, (unsigned long long)highest[w]);
				__atomic_store_n(&sh->failed, 1, __ATOMIC_RELAXED);
			}
			continue;
		}
		if (k > highest[w])
			highest[w] = k;
		if (e.first_at != T0 || e.count[0] != e.last_at - e.first_at + 1 ||
		    e.count[0] < seen[k] || e.count[1] || e.count[2] || e.count[3]) {
			fprintf(stderr, "key %llu torn: count %u first %u last %u, seen %u\n",
			        (unsigned long long)k, e.count[0], e.first_at, e.last_at, seen[k]);
			__atomic_store_n(&sh->failed, 1, __ATOMIC_RELAXED);
		}
		seen[k] = e.count[0];
	}
	free(seen);
	return NULL;
}

static void test_concurrent(void **state)
{
	(void)state;
	struct shared sh = {.ix = number_index_new(KEYS)};
	pthread_t r[READERS], w[WRITERS];
	struct writer_arg wa[WRITERS];
	for (int i = 0; i < READERS; i++)
		assert_int_equal(pthread_create(&r[i], NULL, reader, &sh), 0);
	for (int i = 0; i < WRITERS; i++) {
		wa[i] = (struct writer_arg){&sh, i, 0};
		assert_int_equal(pthread_create(&w[i], NULL, writer_main, &wa[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++)
		pthread_join(w[i], NULL);
	for (int i = 0; i < READERS; i++)
		pthread_join(r[i], NULL);
	assert_int_equal(sh.failed, 0);
	assert_int_equal(number_index_count(sh.ix), KEYS);
	/* no report lost */
	long total = 0, made = KEYS;
	for (uint64_t k = 0; k < KEYS; k++) {
		struct number_entry e;
		assert_true(number_index_get(sh.ix, k + 1, &e));
		total += e.count[0];
	}
	for (int i = 0; i < WRITERS; i++)
		made += wa[i].reports;
	assert_int_equal(total, made);
	number_index_free(sh.ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_key_round_trips),
	    cmocka_unit_test(test_keys_dense),
	    cmocka_unit_test(test_key_random_round_trips),
	    cmocka_unit_test(test_report_get),
	    cmocka_unit_test(test_setters),
	    cmocka_unit_test(test_put),
	    cmocka_unit_test(test_add),
	    cmocka_unit_test(test_growth),
	    cmocka_unit_test(test_full),
	    cmocka_unit_test(test_concurrent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
