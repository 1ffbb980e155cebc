/* Tests for core/secret.c: session tokens (length, alphabet, 32 random bytes
 * behind them, no repeats), query codes (length, the alphabet without
 * look-alikes, every symbol drawn about equally often), the BLAKE2b hash
 * against published test vectors, equality of secrets, and argon2id password
 * hashes. libsodium itself is the oracle where it can be (decoding tokens,
 * checking hash parameters). */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/secret.h"
#include "domain/complaint.h"

static int setup(void **state)
{
	(void)state;
	return secret_init();
}

static int by_string(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Sorted rows of `width` bytes: true when two are equal. */
static bool any_repeat(char *rows, size_t n, size_t width)
{
	qsort(rows, n, width, by_string);
	for (size_t i = 1; i < n; i++)
		if (strcmp(rows + (i - 1) * width, rows + i * width) == 0)
			return true;
	return false;
}

/* ---- session tokens ----------------------------------------------------------- */

#define TOKENS 4000

static void test_tokens(void **state)
{
	(void)state;
	static char tokens[TOKENS][SECRET_TOKEN_LEN + 1];
	int ones[256] = {0};
	for (int i = 0; i < TOKENS; i++) {
		char *t = tokens[i];
		memset(t, 'x', sizeof tokens[i]);
		secret_token(t);
		assert_int_equal(strlen(t), SECRET_TOKEN_LEN);
		for (int k = 0; k < SECRET_TOKEN_LEN; k++) {
			char c = t[k];
			bool url_safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			                (c >= '0' && c <= '9') || c == '-' || c == '_';
			if (!url_safe)
				fail_msg("token %s: '%c' is not base64url", t, c);
		}
		/* exactly 32 bytes behind it, in the canonical spelling */
		unsigned char raw[33];
		size_t got = 0;
		assert_int_equal(sodium_base642bin(raw, sizeof raw, t, SECRET_TOKEN_LEN, NULL, &got,
		                                   NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
		                 0);
		assert_int_equal(got, 32);
		char back[SECRET_TOKEN_LEN + 1];
		sodium_bin2base64(back, sizeof back, raw, 32,
		                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		assert_string_equal(back, t);
		for (int bit = 0; bit < 256; bit++)
			ones[bit] += raw[bit / 8] >> (bit % 8) & 1;
	}
	/* every bit is random: set in about half the tokens (a fixed bit is 0 or
	 * TOKENS; the bounds are 10 standard deviations wide) */
	for (int bit = 0; bit < 256; bit++)
		if (ones[bit] < TOKENS / 2 - 320 || ones[bit] > TOKENS / 2 + 320)
			fail_msg("bit %d set in %d of %d tokens", bit, ones[bit], TOKENS);
	assert_false(any_repeat(&tokens[0][0], TOKENS, sizeof tokens[0]));
}

/* ---- query codes ---------------------------------------------------------------- */

/* Read out on the phone: no 0/O, no 1/I, upper case. */
static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

#define CODES 40000

static void test_query_codes(void **state)
{
	(void)state;
	static char codes[CODES][QUERY_CODE_LEN + 1];
	long seen[256] = {0};
	for (int i = 0; i < CODES; i++) {
		memset(codes[i], '#', sizeof codes[i]);
		secret_query_code(codes[i], QUERY_CODE_LEN);
		assert_int_equal(strlen(codes[i]), QUERY_CODE_LEN);
		for (int k = 0; k < QUERY_CODE_LEN; k++) {
			unsigned char c = (unsigned char)codes[i][k];
			if (!strchr(alphabet, c) || c == '\0')
				fail_msg("code %s: '%c' is not in the alphabet", codes[i], c);
			seen[c]++;
		}
	}
	for (const char *p = "01OIoil"; *p; p++)
		assert_int_equal(seen[(unsigned char)*p], 0);
	/* every symbol about equally often: 15,000 each, deviation about 120 */
	const long expect = (long)CODES * QUERY_CODE_LEN / 32;
	for (const char *p = alphabet; *p; p++)
		if (labs(seen[(unsigned char)*p] - expect) > expect / 10)
			fail_msg("'%c' drawn %ld times, expected about %ld", *p,
			         seen[(unsigned char)*p], expect);
	/* 60 bits each: no repeats */
	assert_false(any_repeat(&codes[0][0], CODES, sizeof codes[0]));

	/* other lengths, terminated right after */
	char buf[80];
	memset(buf, '#', sizeof buf);
	secret_query_code(buf, 0);
	assert_string_equal(buf, "");
	memset(buf, '#', sizeof buf);
	secret_query_code(buf, 1);
	assert_int_equal(strlen(buf), 1);
	assert_int_equal(buf[2], '#');
	memset(buf, '#', sizeof buf);
	secret_query_code(buf, 64);
	assert_int_equal(strlen(buf), 64);
	assert_int_equal(strspn(buf, alphabet), 64);
	assert_int_equal(buf[65], '#');
}

/* ---- hashes of tokens and codes --------------------------------------------- */

static void test_hash(void **state)
{
	(void)state;
	/* BLAKE2b-256 test vectors (RFC 7693's function with a 32-byte digest) */
	static const struct {
		const char *in, *hex;
	} vectors[] = {
	    {"", "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"},
	    {"abc", "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"},
	    {"申诉", "a21501041f56d318f92ddf25e7c62ddadd26fc13ec9fe33dcee8f23c0497fd56"},
	};
	for (size_t i = 0; i < sizeof vectors / sizeof *vectors; i++) {
		char out[SECRET_HASH_LEN + 2];
		memset(out, '#', sizeof out);
		secret_hash(vectors[i].in, out);
		assert_string_equal(out, vectors[i].hex);
	}
	/* lower-case hex, 64 digits, of what the database keeps */
	char token[SECRET_TOKEN_LEN + 1], a[SECRET_HASH_LEN + 1], b[SECRET_HASH_LEN + 1];
	secret_token(token);
	secret_hash(token, a);
	assert_int_equal(strlen(a), SECRET_HASH_LEN);
	assert_int_equal(strspn(a, "0123456789abcdef"), SECRET_HASH_LEN);
	secret_hash(token, b);
	assert_string_equal(a, b);
	token[0] ^= 1;
	secret_hash(token, b);
	assert_string_not_equal(a, b);
}

static void test_equal(void **state)
{
	(void)state;
	assert_true(secret_equal("", ""));
	assert_true(secret_equal("abc", "abc"));
	char x[SECRET_TOKEN_LEN + 1], y[SECRET_TOKEN_LEN + 1];
	secret_token(x);
	memcpy(y, x, sizeof y);
	assert_true(secret_equal(x, y));
	y[0] ^= 1; /* first byte */
	assert_false(secret_equal(x, y));
	y[0] ^= 1;
	y[SECRET_TOKEN_LEN - 1] ^= 1; /* last byte */
	assert_false(secret_equal(x, y));
	assert_false(secret_equal("abc", "abd"));
	/* different lengths, one the other's start */
	assert_false(secret_equal("abc", "ab"));
	assert_false(secret_equal("ab", "abc"));
	assert_false(secret_equal("", "a"));
	assert_false(secret_equal("a", ""));
	/* the comparison reads the whole string, not its start */
	y[SECRET_TOKEN_LEN - 1] ^= 1;
	y[SECRET_TOKEN_LEN - 2] = '\0';
	assert_false(secret_equal(x, y));
}

/* ---- passwords ------------------------------------------------------------------- */

static void test_password(void **state)
{
	(void)state;
	char h1[SECRET_PASSWORD_HASH_MAX], h2[SECRET_PASSWORD_HASH_MAX];
	assert_int_equal(secret_password_hash("correct horse battery", h1), 0);
	assert_true(strlen(h1) < SECRET_PASSWORD_HASH_MAX);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	/* libsodium's interactive limits, as promised */
	assert_int_equal(crypto_pwhash_str_needs_rehash(h1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                                                crypto_pwhash_MEMLIMIT_INTERACTIVE),
	                 0);
	assert_true(secret_password_verify(h1, "correct horse battery"));
	assert_false(secret_password_verify(h1, "correct horse batter"));
	assert_false(secret_password_verify(h1, "correct horse battery "));
	assert_false(secret_password_verify(h1, "Correct horse battery"));
	assert_false(secret_password_verify(h1, ""));

	/* salted: the same password hashes differently each time */
	assert_int_equal(secret_password_hash("correct horse battery", h2), 0);
	assert_string_not_equal(h1, h2);
	assert_true(secret_password_verify(h2, "correct horse battery"));

	/* UTF-8 passwords are bytes like any other */
	assert_int_equal(secret_password_hash("申诉受理中心密码", h2), 0);
	assert_true(secret_password_verify(h2, "申诉受理中心密码"));
	assert_false(secret_password_verify(h2, "申诉受理中心密"));

	/* what is not a hash verifies nothing */
	assert_false(secret_password_verify("", ""));
	assert_false(secret_password_verify("not a hash", "not a hash"));
	h1[strlen(h1) - 2] ^= 1; /* a damaged hash */
	assert_false(secret_password_verify(h1, "correct horse battery"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tokens),   cmocka_unit_test(test_query_codes),
	    cmocka_unit_test(test_hash),     cmocka_unit_test(test_equal),
	    cmocka_unit_test(test_password),
	};
	return cmocka_run_group_tests_name("secret", tests, setup, NULL);
}
