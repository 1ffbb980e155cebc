#include "core/ratelimit.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

#define SLOTS 8192 /* distinct clients tracked at once; a colliding newcomer evicts */
#define KEY_MAX 48

struct bucket {
	unsigned char key[KEY_MAX];
	size_t len;
	double tokens;
	double updated;
};

struct ratelimit {
	pthread_mutex_t lock;
	double rate; /* tokens per second */
	double burst;
	struct bucket slots[SLOTS];
};

struct ratelimit *ratelimit_new(double per_minute, double burst)
{
	struct ratelimit *r = sh_xcalloc(1, sizeof *r);
	pthread_mutex_init(&r->lock, NULL);
	r->rate = per_minute / 60.0;
	r->burst = burst < 1 ? 1 : burst;
	return r;
}

void ratelimit_free(struct ratelimit *r)
{
	if (!r)
		return;
	pthread_mutex_destroy(&r->lock);
	free(r);
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

bool ratelimit_take(struct ratelimit *r, const void *key, size_t len, double now,
                    int *retry_after)
{
	if (r->rate <= 0)
		return true;
	if (len > KEY_MAX)
		len = KEY_MAX;
	struct bucket *b = &r->slots[fnv1a(key, len) % SLOTS];
	pthread_mutex_lock(&r->lock);
	if (b->len != len || memcmp(b->key, key, len) != 0) {
		memcpy(b->key, key, len);
		b->len = len;
		b->tokens = r->burst;
		b->updated = now;
	}
	b->tokens = fmin(r->burst, b->tokens + (now - b->updated) * r->rate);
	b->updated = now;
	bool ok = b->tokens >= 1;
	if (ok)
		b->tokens -= 1;
	else if (retry_after)
		*retry_after = (int)ceil((1 - b->tokens) / r->rate);
	pthread_mutex_unlock(&r->lock);
	return ok;
}
