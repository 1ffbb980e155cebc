/* Staff sessions: a random token in an HttpOnly, SameSite=Strict cookie or as
 * a Bearer token. The database keeps only the token's hash. Cookie sessions
 * must echo their CSRF token in X-CSRF-Token on every unsafe request. */
#ifndef SHENSU_HTTP_AUTH_H
#define SHENSU_HTTP_AUTH_H

#include "http/server.h"

#define SESSION_COOKIE "shensu_session"

/* Resolves the session and checks the user's role against `roles` (a set of
 * 1 << enum role) and, for cookie sessions, the CSRF token. Responds with a
 * problem (401, 403) and returns nonzero when the request may not go on. */
int auth_require(struct request *req, unsigned roles);

/* The client address as bytes, for rate-limit keys. Returns its length. */
size_t auth_client_key(const struct request *req, unsigned char *out, size_t len);
/* Takes a token from limiter for this client (extra distinguishes buckets, may
 * be NULL). Responds 429 with Retry-After and returns nonzero when empty. */
int auth_rate_limit(struct request *req, struct ratelimit *limiter, const char *extra);

#endif
