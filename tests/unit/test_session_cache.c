/* Tests for http/session_cache.c: a session read from the database is
 * trusted for SESSION_CACHE_SECONDS (time injected), a logout drops it at
 * once, a disabled account is never served from it, two sessions sharing a
 * slot never answer for each other, and threads using it together always
 * read whole entries. The cache is process-wide: each test uses its own
 * hashes. */
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
#include <stdlib.h>
#include <string.h>

#include "core/secret.h"
#include "http/session_cache.h"

#define T0 1700000000

static int setup(void **state)
{
	(void)state;
	return secret_init();
}

/* The hash of a session token, as auth.c keys the cache. */
static const char *hash_of(const char *token)
{
	static char out[4][SECRET_HASH_LEN + 1];
	static int k;
	k = (k + 1) % 4;
	secret_hash(token, out[k]);
	return out[k];
}

static struct user staff(int64_t id, const char *name, enum role role, const char *province,
                         int64_t enterprise)
{
	struct user u = {.id = id, .name = name};
	u.actor = (struct actor){.role = role, .user_id = id, .enterprise_id = enterprise};
	snprintf(u.actor.province, sizeof u.actor.province, "%s", province);
	return u;
}

/* Looks hash up at now; on a hit checks that what came back is a copy. */
static bool lookup(const char *hash, int64_t now, struct user *u, const char **csrf)
{
	struct arena a;
	arena_init(&a, 0);
	static char name[128], token[128];
	struct user got = {.id = -1};
	const char *c = "marker";
	bool hit = session_cache_get(hash, now, &a, &got, &c);
	if (!hit) {
		assert_int_equal(got.id, -1); /* a miss writes nothing */
		assert_string_equal(c, "marker");
	} else {
		snprintf(name, sizeof name, "%s", got.name);
		snprintf(token, sizeof token, "%s", c);
		got.name = name;
		c = token;
	}
	arena_free(&a);
	if (u)
		*u = got;
	if (csrf)
		*csrf = c;
	return hit;
}

static void test_put_get(void **state)
{
	(void)state;
	const char *h = hash_of("put-get");
	struct user u = staff(42, "li.ming", ROLE_ENTERPRISE_STAFF, "44", 7);
	assert_false(lookup(h, T0, NULL, NULL));
	session_cache_put(h, T0, &u, "csrf-token-42");
	struct user got;
	const char *csrf;
	assert_true(lookup(h, T0, &got, &csrf));
	assert_int_equal(got.id, 42);
	assert_string_equal(got.name, "li.ming");
	assert_int_equal(got.actor.role, ROLE_ENTERPRISE_STAFF);
	assert_int_equal(got.actor.user_id, 42);
	assert_string_equal(got.actor.province, "44");
	assert_int_equal(got.actor.enterprise_id, 7);
	assert_false(got.disabled);
	assert_string_equal(csrf, "csrf-token-42");
	/* another session of the same user is another entry */
	assert_false(lookup(hash_of("put-get-2"), T0, NULL, NULL));

	/* put again: the newer reading replaces the older */
	struct user moved = staff(42, "li.ming", ROLE_ENTERPRISE_STAFF, "", 7);
	session_cache_put(h, T0 + 1, &moved, "csrf-new");
	assert_true(lookup(h, T0 + 1, &got, &csrf));
	assert_string_equal(got.actor.province, "");
	assert_string_equal(csrf, "csrf-new");
}

/* Trusted for SESSION_CACHE_SECONDS after the database was read, then the
 * next request reads it again; a new reading starts the period over. */
static void test_expiry(void **state)
{
	(void)state;
	assert_int_equal(SESSION_CACHE_SECONDS, 10); /* what the README promises */
	const char *h = hash_of("expiry");
	struct user u = staff(1, "zhang", ROLE_AGENCY_STAFF, "11", 0);
	session_cache_put(h, T0, &u, "c");
	assert_true(lookup(h, T0, NULL, NULL));
	assert_true(lookup(h, T0 + SESSION_CACHE_SECONDS - 1, NULL, NULL));
	assert_false(lookup(h, T0 + SESSION_CACHE_SECONDS, NULL, NULL));
	assert_false(lookup(h, T0 + 3600, NULL, NULL));

	session_cache_put(h, T0 + 8, &u, "c");
	assert_true(lookup(h, T0 + 17, NULL, NULL));
	assert_false(lookup(h, T0 + 18, NULL, NULL));
}

/* Logout on this instance drops the entry at once; dropping something that
 * is not there is harmless. */
static void test_drop(void **state)
{
	(void)state;
	const char *a = hash_of("drop-a"), *b = hash_of("drop-b");
	struct user u = staff(2, "wang", ROLE_REGULATOR, "", 0);
	session_cache_put(a, T0, &u, "c");
	session_cache_put(b, T0, &u, "c");
	session_cache_drop(a);
	assert_false(lookup(a, T0, NULL, NULL));
	assert_true(lookup(b, T0, NULL, NULL));
	session_cache_drop(a);
	session_cache_drop(hash_of("never-cached"));
	assert_true(lookup(b, T0, NULL, NULL));
}

/* A disabled account is never served from the cache (a hit does not say
 * disabled); one disabled after it was cached is served at most
 * SESSION_CACHE_SECONDS longer, as documented. */
static void test_disabled_users(void **state)
{
	(void)state;
	const char *h = hash_of("disabled");
	struct user u = staff(3, "zhao", ROLE_AGENCY_STAFF, "44", 0);
	u.disabled = true;
	session_cache_put(h, T0, &u, "c");
	assert_false(lookup(h, T0, NULL, NULL));

	const char *later = hash_of("disabled-later");
	u.disabled = false;
	session_cache_put(later, T0, &u, "c");
	u.disabled = true; /* the account is disabled in the database */
	assert_true(lookup(later, T0 + SESSION_CACHE_SECONDS - 1, NULL, NULL));
	assert_false(lookup(later, T0 + SESSION_CACHE_SECONDS, NULL, NULL));
	session_cache_put(later, T0 + SESSION_CACHE_SECONDS, &u, "c"); /* read again */
	assert_false(lookup(later, T0 + SESSION_CACHE_SECONDS, NULL, NULL));
}

/* What does not fit is not cached (the database answers instead), rather
 * than cut: a name of 63 bytes fits, 64 does not; a CSRF token longer than
 * the ones shensu makes does not. */
static void test_what_is_not_cached(void **state)
{
	(void)state;
	char name[80];
	memset(name, 'n', sizeof name);
	name[63] = '\0';
	const char *h = hash_of("long-name");
	struct user u = staff(4, name, ROLE_ADMIN, "", 0);
	session_cache_put(h, T0, &u, "c");
	struct user got;
	assert_true(lookup(h, T0, &got, NULL));
	assert_string_equal(got.name, name);
	session_cache_drop(h);
	name[63] = 'n';
	name[64] = '\0';
	session_cache_put(h, T0, &u, "c");
	assert_false(lookup(h, T0, NULL, NULL));

	char token[SECRET_TOKEN_LEN + 2];
	memset(token, 't', sizeof token);
	token[SECRET_TOKEN_LEN] = '\0';
	u = staff(4, "short", ROLE_ADMIN, "", 0);
	session_cache_put(h, T0, &u, token);
	const char *csrf;
	assert_true(lookup(h, T0, NULL, &csrf));
	assert_string_equal(csrf, token);
	session_cache_drop(h);
	token[SECRET_TOKEN_LEN] = 't';
	token[SECRET_TOKEN_LEN + 1] = '\0';
	session_cache_put(h, T0, &u, token);
	assert_false(lookup(h, T0, NULL, NULL));

	u.name = NULL;
	session_cache_put(h, T0, &u, "c");
	assert_false(lookup(h, T0, NULL, NULL));
}

/* Hashes that share their first digits compete for one slot: the newer
 * evicts the older, and neither ever answers for the other. */
static void test_shared_slot(void **state)
{
	(void)state;
	char a[SECRET_HASH_LEN + 1], b[SECRET_HASH_LEN + 1];
	memset(a, 'a', SECRET_HASH_LEN);
	a[SECRET_HASH_LEN] = '\0';
	memcpy(b, a, sizeof b);
	b[SECRET_HASH_LEN - 1] = 'b'; /* same prefix, another session */
	struct user ua = staff(10, "alice", ROLE_AGENCY_STAFF, "44", 0);
	struct user ub = staff(11, "bob", ROLE_REGULATOR, "", 0);
	session_cache_put(a, T0, &ua, "ca");
	assert_false(lookup(b, T0, NULL, NULL));
	session_cache_put(b, T0, &ub, "cb");
	struct user got;
	assert_false(lookup(a, T0, NULL, NULL)); /* evicted: the database answers */
	assert_true(lookup(b, T0, &got, NULL));
	assert_int_equal(got.id, 11);
	session_cache_drop(a); /* not b's to drop */
	assert_true(lookup(b, T0, NULL, NULL));
	/* a hash that is only a prefix of a cached one */
	char shorter[SECRET_HASH_LEN];
	memcpy(shorter, b, SECRET_HASH_LEN - 1);
	shorter[SECRET_HASH_LEN - 1] = '\0';
	assert_false(lookup(shorter, T0, NULL, NULL));
}

/* ---- threads ---------------------------------------------------------------- */

#define THREADS 8
#define ROUNDS 20000
#define USERS 16

/* Users that all fall into one slot (one prefix), each with a name and a
 * CSRF token derived from its id, so that a torn read shows. */
static char shared_hash[USERS][SECRET_HASH_LEN + 1];

static void user_parts(int i, char *name, size_t nlen, char *csrf, size_t clen)
{
	snprintf(name, nlen, "user-%02d-%.*s", i, 40, "0123456789012345678901234567890123456789");
	snprintf(csrf, clen, "csrf-%02d-%.*s", i, 30, "abcdefghijklmnopqrstuvwxyzabcd");
}

static void *worker(void *arg)
{
	int t = (int)(intptr_t)arg;
	struct arena a;
	arena_init(&a, 0);
	long bad = 0;
	for (int r = 0; r < ROUNDS; r++) {
		int i = (t * 7 + r) % USERS;
		char name[64], csrf[64];
		user_parts(i, name, sizeof name, csrf, sizeof csrf);
		struct user u =
		    staff(100 + i, name, (enum role)(1 + i % 4), i % 2 ? "44" : "11", i);
		switch (r % 3) {
		case 0:
			session_cache_put(shared_hash[i], T0, &u, csrf);
			break;
		case 1: {
			struct user got;
			const char *c;
			int j = (i + t) % USERS;
			if (session_cache_get(shared_hash[j], T0, &a, &got, &c)) {
				user_parts(j, name, sizeof name, csrf, sizeof csrf);
				bad += got.id != 100 + j || got.actor.user_id != 100 + j ||
				       strcmp(got.name, name) != 0 || strcmp(c, csrf) != 0 ||
				       got.actor.enterprise_id != j ||
				       strcmp(got.actor.province, j % 2 ? "44" : "11") != 0;
			}
			break;
		}
		default:
			session_cache_drop(shared_hash[(i + 1) % USERS]);
		}
		if (r % 512 == 0) {
			arena_free(&a);
			arena_init(&a, 0);
		}
	}
	arena_free(&a);
	return (void *)(intptr_t)bad;
}

static void test_threads(void **state)
{
	(void)state;
	for (int i = 0; i < USERS; i++) {
		memset(shared_hash[i], 'f', SECRET_HASH_LEN);
		snprintf(shared_hash[i] + SECRET_HASH_LEN - 2, 3, "%02d", i);
	}
	pthread_t th[THREADS];
	for (int t = 0; t < THREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, worker, (void *)(intptr_t)t), 0);
	long bad = 0;
	for (int t = 0; t < THREADS; t++) {
		void *r;
		pthread_join(th[t], &r);
		bad += (long)(intptr_t)r;
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_put_get),
	    cmocka_unit_test(test_expiry),
	    cmocka_unit_test(test_drop),
	    cmocka_unit_test(test_disabled_users),
	    cmocka_unit_test(test_what_is_not_cached),
	    cmocka_unit_test(test_shared_slot),
	    cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests_name("session_cache", tests, setup, NULL);
}
