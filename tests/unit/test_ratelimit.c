/* Tests for core/ratelimit.c with the time injected: bursts, refill over
 * time and the long-run rate, an honest Retry-After, keys independent of each
 * other (a newcomer never inherits another client's empty bucket, even when
 * the fixed table makes it evict one), rate 0 turning the limit off, and
 * threads sharing one bucket. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/ratelimit.h"

#define T0 1000.0 /* a monotonic clock's seconds */

static bool take(struct ratelimit *r, const char *key, double now)
{
	return ratelimit_take(r, key, strlen(key), now, NULL);
}

/* How many takes pass at one instant, until the first refusal. */
static int drain(struct ratelimit *r, const char *key, double now)
{
	int n = 0;
	while (take(r, key, now))
		if (++n > 100000)
			fail_msg("%s never runs dry", key);
	return n;
}

static void test_burst(void **state)
{
	(void)state;
	struct ratelimit *r = ratelimit_new(60, 20);
	assert_int_equal(drain(r, "10.0.0.1", T0), 20);
	int retry = -1;
	assert_false(ratelimit_take(r, "10.0.0.1", 8, T0, &retry));
	assert_int_equal(retry, 1); /* one a second */
	ratelimit_free(r);

	/* a burst below 1 still lets one request through */
	r = ratelimit_new(60, 0);
	assert_int_equal(drain(r, "k", T0), 1);
	ratelimit_free(r);
	r = ratelimit_new(60, 0.5);
	assert_int_equal(drain(r, "k", T0), 1);
	ratelimit_free(r);
	ratelimit_free(NULL);
}

/* Tokens come back at per_minute / 60 a second, fractions included, and
 * never beyond the burst. */
static void test_refill(void **state)
{
	(void)state;
	struct ratelimit *r = ratelimit_new(30, 5); /* one every 2 s */
	assert_int_equal(drain(r, "a", T0), 5);
	assert_false(take(r, "a", T0 + 1.5));
	assert_true(take(r, "a", T0 + 2.0));
	assert_false(take(r, "a", T0 + 2.0));
	assert_int_equal(drain(r, "a", T0 + 8.0), 3);  /* 6 s: three more */
	assert_int_equal(drain(r, "a", T0 + 9.0), 0);  /* half a token */
	assert_int_equal(drain(r, "a", T0 + 10.0), 1); /* the other half */
	assert_int_equal(drain(r, "a", T0 + 3600), 5); /* an hour idle: only the burst */
	ratelimit_free(r);
}

/* Over a long stretch of steady demand, what passes is the rate times the
 * time plus one burst, never more, and hardly less. */
static void test_long_run_rate(void **state)
{
	(void)state;
	const double per_minute = 30, burst = 5, seconds = 600;
	struct ratelimit *r = ratelimit_new(per_minute, burst);
	int passed = 0, in_minute = 0, worst_minute = 0;
	double minute_start = T0;
	for (double t = T0; t < T0 + seconds; t += 0.1) {
		if (t - minute_start >= 60) {
			if (in_minute > worst_minute)
				worst_minute = in_minute;
			in_minute = 0;
			minute_start = t;
		}
		if (take(r, "steady", t)) {
			passed++;
			in_minute++;
		}
	}
	double most = burst + per_minute * seconds / 60;
	assert_true(passed <= most);
	assert_true(passed >= most - 2);
	assert_true(worst_minute <= per_minute + burst);
	ratelimit_free(r);
}

/* Retry-After names a time at which a request does pass, and no sooner
 * whole second would have. */
static void test_retry_after(void **state)
{
	(void)state;
	struct ratelimit *r = ratelimit_new(12, 3); /* one every 5 s */
	double t = T0;
	for (int round = 0; round < 50; round++) {
		drain(r, "x", t);
		int retry = 0;
		assert_false(ratelimit_take(r, "x", 1, t, &retry));
		assert_true(retry >= 1 && retry <= 5);
		if (retry > 1)
			assert_false(take(r, "x", t + retry - 1));
		assert_true(take(r, "x", t + retry));
		t += retry + 0.37 * (round % 4); /* land between whole seconds too */
	}
	ratelimit_free(r);
}

static void test_keys_independent(void **state)
{
	(void)state;
	struct ratelimit *r = ratelimit_new(60, 3);
	assert_int_equal(drain(r, "10.0.0.1", T0), 3);
	assert_int_equal(drain(r, "10.0.0.10", T0), 3); /* a longer key is another */
	assert_int_equal(drain(r, "10.0.0.", T0), 3);   /* so is a shorter */
	assert_false(take(r, "10.0.0.1", T0));
	/* binary keys (IPv6 addresses) with NUL bytes in them */
	const unsigned char k1[] = {0x20, 0x01, 0, 0, 0, 1}, k2[] = {0x20, 0x01, 0, 0, 0, 2};
	int n = 0;
	while (ratelimit_take(r, k1, sizeof k1, T0, NULL))
		n++;
	assert_int_equal(n, 3);
	assert_true(ratelimit_take(r, k2, sizeof k2, T0, NULL));
	assert_true(ratelimit_take(r, k1, 2, T0, NULL)); /* its first two bytes: another key */
	/* limiters do not share buckets */
	struct ratelimit *other = ratelimit_new(60, 3);
	assert_true(take(other, "10.0.0.1", T0));
	ratelimit_free(other);
	ratelimit_free(r);
}

/* The table is fixed: many clients at once evict each other, and an evicted
 * client starts again with a full bucket. What may never happen is that a
 * client finds another's empty bucket: every newcomer's first request passes. */
static void test_many_clients(void **state)
{
	(void)state;
	struct ratelimit *r = ratelimit_new(60, 1);
	char key[32];
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 50000; i++) {
			snprintf(key, sizeof key, "client-%d-%d", round, i);
			if (!take(r, key, T0))
				fail_msg("%s refused on its first request", key);
			take(r, key, T0); /* and left empty */
		}
	ratelimit_free(r);
}

static void test_rate_zero_is_off(void **state)
{
	(void)state;
	const double rates[] = {0, -5};
	for (int i = 0; i < 2; i++) {
		struct ratelimit *r = ratelimit_new(rates[i], 1);
		int retry = -7;
		for (int k = 0; k < 10000; k++)
			assert_true(ratelimit_take(r, "k", 1, T0, &retry));
		assert_int_equal(retry, -7);
		ratelimit_free(r);
	}
}

/* ---- threads ---------------------------------------------------------------- */

#define THREADS 8
#define TRIES 5000
#define BURST (THREADS * TRIES / 2)

static struct ratelimit *shared;

static void *hammer(void *arg)
{
	(void)arg;
	intptr_t passed = 0;
	for (int i = 0; i < TRIES; i++)
		passed += ratelimit_take(shared, "one-client", 10, T0, NULL);
	return (void *)passed;
}

/* Threads taking from one bucket at one instant: exactly the burst passes,
 * no token is taken twice or lost. */
static void test_threads(void **state)
{
	(void)state;
	shared = ratelimit_new(60, BURST);
	pthread_t th[THREADS];
	for (int t = 0; t < THREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, hammer, NULL), 0);
	intptr_t passed = 0;
	for (int t = 0; t < THREADS; t++) {
		void *p;
		pthread_join(th[t], &p);
		passed += (intptr_t)p;
	}
	assert_int_equal(passed, BURST);
	ratelimit_free(shared);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_burst),
	    cmocka_unit_test(test_refill),
	    cmocka_unit_test(test_long_run_rate),
	    cmocka_unit_test(test_retry_after),
	    cmocka_unit_test(test_keys_independent),
	    cmocka_unit_test(test_many_clients),
	    cmocka_unit_test(test_rate_zero_is_off),
	    cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests_name("ratelimit", tests, NULL, NULL);
}
