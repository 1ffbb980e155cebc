/* Per-client rate limits: a token bucket per key (client address, or address
 * and user name for logins) in a fixed-size table. Per process: several
 * instances each keep their own (documented in the README). Thread-safe. */
#ifndef SHENSU_CORE_RATELIMIT_H
#define SHENSU_CORE_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ratelimit;

/* `per_minute` requests a minute on average, bursts of up to `burst`.
 * per_minute 0 disables the limit (every request passes). */
struct ratelimit *ratelimit_new(double per_minute, double burst);
void ratelimit_free(struct ratelimit *r); /* NULL-safe */
/* Takes a token for key (len bytes) at time now (seconds, monotonic); false
 * when the bucket is empty. *retry_after gets the seconds until one is back. */
bool ratelimit_take(struct ratelimit *r, const void *key, size_t len, double now,
                    int *retry_after);

#endif
