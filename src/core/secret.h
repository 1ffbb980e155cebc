/* Secrets with libsodium: random tokens and query codes, their hashes, and
 * argon2id password hashes. Call secret_init() once before anything else. */
#ifndef SHENSU_CORE_SECRET_H
#define SHENSU_CORE_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#define SECRET_TOKEN_LEN 43 /* 32 random bytes, base64url without padding */
#define SECRET_HASH_LEN 64  /* a 32-byte BLAKE2b hash as hex */
#define SECRET_PASSWORD_HASH_MAX 128

/* 0, or SH_EIO when libsodium cannot start (no entropy). */
int secret_init(void);

/* A random token for sessions and CSRF: SECRET_TOKEN_LEN chars + NUL. */
void secret_token(char *out);
/* The characters of a query code: digits and capitals without look-alikes
 * (no 0/O, 1/I), so it can be read out on the phone; 32 of them. */
#define SECRET_QUERY_ALPHABET "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
/* A query code for the public: `len` characters of SECRET_QUERY_ALPHABET. */
void secret_query_code(char *out, size_t len);
/* Hex BLAKE2b of s (SECRET_HASH_LEN chars + NUL). Tokens and query codes are
 * long and random, so a fast hash is enough; the database never holds them. */
void secret_hash(const char *s, char *out);
/* Constant-time equality of two NUL-terminated strings. */
bool secret_equal(const char *a, const char *b);

/* argon2id (libsodium's interactive limits). 0 or SH_EIO (out of memory). */
int secret_password_hash(const char *password, char *out /* SECRET_PASSWORD_HASH_MAX */);
bool secret_password_verify(const char *hash, const char *password);

#endif
