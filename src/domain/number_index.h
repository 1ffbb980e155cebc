/* In-memory index of reported numbers: per number, how often each kind of
 * report named it, when, whether it was forwarded to the operator, how the
 * operator disposed of it and whether it was ported (携号转网).
 *
 * Keyed by the normalised number packed into a uint64_t (number_key). Built
 * for many reader threads (HTTP handlers) while reports keep arriving:
 * look-ups take no lock and write nothing shared, so readers neither wait for
 * each other nor bounce cache lines between cores; writers serialise per shard
 * and make readers of that shard retry only while they change it.
 *
 * Memory: 44-50 bytes per number (a 40-byte entry in tables kept 80-90%
 * full). Address space for `capacity` numbers is reserved up front and backed
 * by memory only as numbers arrive; nothing is ever freed or unmapped under a
 * reader. */
#ifndef SHENSU_DOMAIN_NUMBER_INDEX_H
#define SHENSU_DOMAIN_NUMBER_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/number.h"

/* Report kinds counted per number; the caller assigns the indexes (shensu:
 * 0 harassment_call, 1 spam_sms, 2 fraud_call, 3 fraud_sms). */
#define NUMBER_INDEX_KINDS 4
/* Any string of 1 to NUMBER_KEY_DIGITS digits has a key, and so has a string
 * of NUMBER_KEY_DIGITS_MAX digits that starts with 10: the only numbers that
 * long are SMS ports (106…, up to 20 digits), and 20 digits of any kind
 * would not fit in 64 bits. */
#define NUMBER_KEY_DIGITS 19
#define NUMBER_KEY_DIGITS_MAX 20
/* The capacity number_index_new(0) reserves for. */
#define NUMBER_INDEX_DEFAULT_CAPACITY ((size_t)1 << 28)

struct number_entry {
	uint32_t count[NUMBER_INDEX_KINDS]; /* valid reports per kind */
	uint32_t first_at, last_at; /* Unix seconds of the first and last report; 0 = none */
	uint32_t dispatched_at;     /* when it was forwarded to the operator; 0 = not yet */
	uint8_t disposal;           /* the caller's disposal code; 0 = none */
	int64_t ported_operator_id; /* the operator it was ported to; 0 = not ported */
	int64_t dispatch_operator_id; /* the operator it was forwarded to; 0 = none */
};

typedef struct number_index number_index;

/* Packs 1 to NUMBER_KEY_DIGITS ASCII digits (NUL-terminated), or
 * NUMBER_KEY_DIGITS_MAX starting with 10, into *key, leading zeros kept: every
 * such digit string has its own key, never 0. False, *key not written, for an
 * empty string, a non-digit or a string too long for a key. */
bool number_key(const char *digits, uint64_t *key);
/* The digits of a key from number_key(), NUL-terminated; "" for 0. */
void number_key_digits(uint64_t key, char out[NUMBER_MAX]);

/* An empty index for up to about `capacity` numbers (0: the default); more
 * than that may be refused with SH_ETOOLARGE. Reserves address space, not
 * memory (about 50 bytes per number of capacity). Aborts when the address
 * space cannot be reserved. */
number_index *number_index_new(size_t capacity);
/* NULL-safe. No other call may be running or follow. */
void number_index_free(number_index *ix);

/* Writers: each returns 0 or a negative error code and may run concurrently
 * with each other and with readers. Those that add a number insert it when
 * it is missing. SH_EINVAL for key 0 or a bad argument; SH_ETOOLARGE when the
 * index is full. */

/* One more report of kind `kind` (0 .. NUMBER_INDEX_KINDS-1) at `at` (Unix
 * seconds, 1 .. UINT32_MAX): the count goes up (it stops at UINT32_MAX),
 * first_at and last_at widen to include `at`. Reports may come in any order. */
int number_index_report(number_index *ix, uint64_t key, unsigned kind, int64_t at);
/* n reports of kind `kind` at once, the earliest at first_at and the latest
 * at last_at (first_at <= last_at): what loading the counts from a store
 * needs. number_index_report() is n = 1 at one instant. */
int number_index_add(number_index *ix, uint64_t key, unsigned kind, uint32_t n,
                     int64_t first_at, int64_t last_at);
/* A report found invalid: the count of `kind` goes down; the times stay.
 * SH_ENOTFOUND for an unknown number, SH_EINVAL when that count is already 0. */
int number_index_unreport(number_index *ix, uint64_t key, unsigned kind);
/* Replaces the first and last report times (0 = none), e.g. when an invalid
 * report was the earliest or latest; SH_ENOTFOUND for an unknown number. */
int number_index_set_times(number_index *ix, uint64_t key, int64_t first_at, int64_t last_at);
/* Records the disposal code (0 clears it). */
int number_index_set_disposal(number_index *ix, uint64_t key, uint8_t disposal);
/* Records when the number was forwarded, and to which operator (at 0 clears
 * both; else 1 .. UINT32_MAX). Operator ids as for number_index_set_ported. */
int number_index_set_dispatched(number_index *ix, uint64_t key, int64_t at, int64_t operator_id);
/* Records the operator a number was ported to (0: not ported). Operator ids
 * are kept in a table of at most NUMBER_INDEX_OPERATORS distinct ids per index
 * (ported and dispatched to together: the operators that serve numbers, a
 * handful), else SH_ETOOLARGE. */
#define NUMBER_INDEX_OPERATORS 255
int number_index_set_ported(number_index *ix, uint64_t key, int64_t operator_id);
/* Replaces everything the index holds of the number with *e (added when
 * missing), e.g. as a store has it now; the dispatch operator only counts
 * with a dispatched_at. SH_EINVAL for first_at after last_at or a negative
 * operator id; SH_ETOOLARGE as for the other writers. */
int number_index_put(number_index *ix, uint64_t key, const struct number_entry *e);

/* Readers: never block on other readers; cheap. */

/* Copies the entry of `key` into *out and returns true; false, *out not
 * written, when the number is not in the index. */
bool number_index_get(const number_index *ix, uint64_t key, struct number_entry *out);
/* A hint that `key` will be looked up soon: starts fetching the memory its
 * look-up reads, so that a caller with many keys can overlap their cache
 * misses (prefetch a few ahead, then get). Reads nothing it must trust and
 * changes nothing. */
void number_index_prefetch(const number_index *ix, uint64_t key);
/* Numbers in the index. */
size_t number_index_count(const number_index *ix);
/* Bytes of memory the index uses: the pages its tables have touched and its
 * fixed parts, not the address space merely reserved. */
size_t number_index_memory(const number_index *ix);

#endif
