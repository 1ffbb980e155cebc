/* Staff sessions: a random token in an HttpOnly, SameSite=Strict cookie or as
 * a Bearer token. The database keeps only the token's hash. Cookie sessions
 * must echo their CSRF token in X-CSRF-Token on every unsafe request. */
#ifndef SHENSU_HTTP_AUTH_H
#define SHENSU_HTTP_AUTH_H

#include "domain/access.h"
#include "http/server.h"

#define SESSION_COOKIE "shensu_session"

/* Resolves the session and checks the user's role against `roles` (see
 * access_allows) and, for cookie sessions, the CSRF token. Responds with a
 * problem (401, 403) and returns its error when the request may not go on;
 * 0 otherwise (router.h). */
int auth_require(struct request *req, access_set roles);

/* Whether a browser page of our own origin sent this request, from Origin
 * and Sec-Fetch-Site (set by browsers, not by pages). Responds 403
 * cross_origin and returns its error when either names another origin or site;
 * otherwise sets *same to whether one of them showed our origin (a client
 * that sends neither is no browser page). Our origin is public_url's when it
 * is set, else http:// or https:// followed by the request's Host. */
int auth_same_origin(struct request *req, bool *same);

/* The Set-Cookie value for the session cookie: HttpOnly, SameSite=Strict,
 * and Secure when public_url is https. token "" with max_age 0 clears it. */
const char *auth_session_cookie(struct request *req, const char *token, long long max_age);

/* The client address as bytes, for rate-limit keys. Returns its length. */
size_t auth_client_key(const struct request *req, unsigned char *out, size_t len);
/* Takes a token from limiter for this client (extra distinguishes buckets, may
 * be NULL). Responds 429 with Retry-After and returns SH_ERATELIMIT when
 * empty; 0 otherwise. */
int auth_rate_limit(struct request *req, struct ratelimit *limiter, const char *extra);

#endif
