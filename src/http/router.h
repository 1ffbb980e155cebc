/* The route table: method, pattern, handler and limits, declared in routes.c.
 * Patterns are literal segments and {name} segments ("/api/complaints/{no}"). */
#ifndef SHENSU_HTTP_ROUTER_H
#define SHENSU_HTTP_ROUTER_H

#include <stddef.h>

#include "domain/access.h"
#include "http/server.h"

/* A handler responds (respond_json, problem_respond) and returns 0, or returns
 * a negative sh_err and the server answers with the generic problem for it. */
typedef int (*route_handler)(struct request *req);

/* Who may call a route: 0 for anyone (no session), else a set of roles
 * (1 << enum role) whose signed-in users may. */
#define ALLOW(role) (1u << (role))
#define ALLOW_PUBLIC 0u
#define ALLOW_CASEWORK (ALLOW(ROLE_AGENCY_STAFF) | ALLOW(ROLE_ENTERPRISE_STAFF) | ALLOW(ROLE_REGULATOR))
#define ALLOW_STAFF (ALLOW_CASEWORK | ALLOW(ROLE_ADMIN))

struct route {
	const char *method;
	const char *pattern;
	route_handler handler;
	unsigned roles;    /* ALLOW_PUBLIC or a set of ALLOW(role) */
	bool rate_limited; /* counted against the client address's public limit */
	size_t max_body;   /* 0: no body accepted */
};

/* Terminated by an entry whose method is NULL. */
extern const struct route routes[];

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_BAD_METHOD };

/* Finds the route for method and path and fills params (arena strings).
 * ROUTE_BAD_METHOD: the path exists with other methods, listed in allow. */
enum route_match router_match(struct arena *a, const char *method, const char *path,
                              const struct route **out, const char **params, char *allow,
                              size_t allow_len);

#endif
