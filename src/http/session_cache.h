/* Recently checked sessions, so that a busy client (a dashboard polling, an
 * operator's system looking up numbers) is not a database read per request.
 *
 * An entry is trusted for SESSION_CACHE_SECONDS after the database was read
 * (so a session that expires meanwhile may serve that much longer). Logging out on this instance drops the entry at once;
 * a session deleted through another instance (or a disabled account) keeps
 * working here for at most that long. */
#ifndef SHENSU_HTTP_SESSION_CACHE_H
#define SHENSU_HTTP_SESSION_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/secret.h"
#include "domain/access.h"

#define SESSION_CACHE_SECONDS 10

/* On a hit copies the user (name in a) and the CSRF token (in a). */
bool session_cache_get(const char *token_hash, int64_t now, struct arena *a, struct user *u,
                       const char **csrf);
/* Remembers a session just read from the database at now. A disabled user,
 * or one whose name or CSRF token would not fit, is not remembered. */
void session_cache_put(const char *token_hash, int64_t now, const struct user *u,
                       const char *csrf);
void session_cache_drop(const char *token_hash);

#endif
