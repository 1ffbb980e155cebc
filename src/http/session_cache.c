#include "http/session_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define SLOTS 4096 /* direct-mapped by the token hash; a collision just misses */
#define STRIPES 64

struct slot {
	char hash[SECRET_HASH_LEN + 1]; /* "" = empty */
	int64_t until;                  /* trusted before this instant */
	int64_t user_id;
	enum role role;
	char province[3];
	int64_t enterprise_id;
	char name[64];
	char csrf[SECRET_TOKEN_LEN + 1];
};

static struct slot slots[SLOTS];
static pthread_mutex_t locks[STRIPES] = {[0 ... STRIPES - 1] = PTHREAD_MUTEX_INITIALIZER};

/* The token hash is hex of a cryptographic hash: its first digits are uniform. */
static unsigned slot_of(const char *hash)
{
	unsigned v = 0;
	for (int i = 0; i < 4 && hash[i]; i++)
		v = v * 16 + (unsigned)(hash[i] <= '9' ? hash[i] - '0' : (hash[i] | 0x20) - 'a' + 10);
	return v % SLOTS;
}

bool session_cache_get(const char *token_hash, int64_t now, struct arena *a, struct user *u,
                       const char **csrf)
{
	unsigned i = slot_of(token_hash);
	struct slot *s = &slots[i];
	pthread_mutex_t *m = &locks[i % STRIPES];
	bool hit = false;
	pthread_mutex_lock(m);
	if (s->hash[0] && now < s->until && strcmp(s->hash, token_hash) == 0) {
		*u = (struct user){.id = s->user_id, .name = arena_strdup(a, s->name)};
		u->actor = (struct actor){.role = s->role, .user_id = s->user_id,
		                          .enterprise_id = s->enterprise_id};
		memcpy(u->actor.province, s->province, sizeof s->province);
		*csrf = arena_strdup(a, s->csrf);
		hit = true;
	}
	pthread_mutex_unlock(m);
	return hit;
}

void session_cache_put(const char *token_hash, int64_t now, const struct user *u,
                       const char *csrf)
{
	/* Names too long to copy whole are not cached: the next request reads them.
	 * Nor is a disabled account: a hit does not carry the flag. */
	if (u->disabled || !u->name || strlen(u->name) >= sizeof slots[0].name ||
	    strlen(csrf) > SECRET_TOKEN_LEN)
		return;
	unsigned i = slot_of(token_hash);
	struct slot *s = &slots[i];
	pthread_mutex_t *m = &locks[i % STRIPES];
	pthread_mutex_lock(m);
	snprintf(s->hash, sizeof s->hash, "%s", token_hash);
	s->until = now + SESSION_CACHE_SECONDS;
	s->user_id = u->id;
	s->role = u->actor.role;
	memcpy(s->province, u->actor.province, sizeof s->province);
	s->enterprise_id = u->actor.enterprise_id;
	snprintf(s->name, sizeof s->name, "%s", u->name);
	snprintf(s->csrf, sizeof s->csrf, "%s", csrf);
	pthread_mutex_unlock(m);
}

void session_cache_drop(const char *token_hash)
{
	unsigned i = slot_of(token_hash);
	pthread_mutex_lock(&locks[i % STRIPES]);
	if (strcmp(slots[i].hash, token_hash) == 0)
		slots[i].hash[0] = '\0';
	pthread_mutex_unlock(&locks[i % STRIPES]);
}
