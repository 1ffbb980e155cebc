/* The route table: method, pattern, handler and limits, declared in routes.c.
 * Patterns are literal segments and {name} segments ("/api/complaints/{no}"). */
#ifndef SHENSU_HTTP_ROUTER_H
#define SHENSU_HTTP_ROUTER_H

#include <stddef.h>

#include "domain/access.h"
#include "http/server.h"

/* The one return convention of src/http/, for handlers and every helper that
 * may answer a request:
 *   0         the request was answered with a success (respond_json,
 *             respond_bytes return 0), or, for a helper, it did not answer
 *             and the caller goes on;
 *   negative  an enum sh_err: the request was answered with that error
 *             (problem_respond and friends return it, so a handler writes
 *             `return problem_respond(...)` and a caller of a helper
 *             `if ((rc = helper(...))) return rc;`), or, when nothing was
 *             answered yet (a store failure passed up), the server answers
 *             with the generic problem for it.
 * Never positive. */
typedef int (*route_handler)(struct request *req);

/* Who may call a route: ALLOW_PUBLIC for anyone (no session), else an
 * access_set (domain/access.h) whose signed-in users may. The groups' members
 * are decided in the domain's role table, not here. */
#define ALLOW(role) ACCESS_ROLE(role)
#define ALLOW_PUBLIC 0u
#define ALLOW_CASEWORK ACCESS_CASEWORK
#define ALLOW_STAFF ACCESS_STAFF

struct route {
	const char *method;
	const char *pattern;
	route_handler handler;
	access_set roles;  /* ALLOW_PUBLIC or a set of ALLOW(role) and groups */
	bool rate_limited; /* counted against the client address's public limit */
	size_t max_body;   /* 0: no body accepted */
};

/* Terminated by an entry whose method is NULL. */
extern const struct route routes[];

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_BAD_METHOD };

/* Finds the route for method and path (decoded, without the query string) and
 * fills params (arena strings, non-empty, without "/"; NULL after the last). ROUTE_BAD_METHOD: the
 * path exists with other methods, listed in allow, and *out is the first route
 * it matched (for its pattern; params are not filled). ROUTE_NO_PATH leaves
 * *out alone. */
enum route_match router_match(struct arena *a, const char *method, const char *path,
                              const struct route **out, const char **params, char *allow,
                              size_t allow_len);

#endif
