/* The route table: method, pattern, handler and limits, declared in routes.c.
 * Patterns are literal segments and {name} segments ("/api/complaints/{no}"). */
#ifndef SHENSU_HTTP_ROUTER_H
#define SHENSU_HTTP_ROUTER_H

#include <stddef.h>

#include "http/server.h"

/* A handler responds (respond_json, problem_respond) and returns 0, or returns
 * a negative sh_err and the server answers with the generic problem for it. */
typedef int (*route_handler)(struct request *req);

enum route_access { ROUTE_PUBLIC };

struct route {
	const char *method;
	const char *pattern;
	route_handler handler;
	enum route_access access;
	size_t max_body; /* 0: no body accepted */
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
