/* Fuzz harness for the router's path matcher (http/router.c) over the real
 * route table: any method and path in, and the answer agrees with an
 * independent segment-by-segment matcher.
 *
 * Input: the first byte picks a method, the rest is the decoded path (up to a
 * NUL). Properties: ROUTE_FOUND names a route of that method (or GET for
 * HEAD) whose pattern, with the parameters put back, is the path exactly, and
 * every parameter is non-empty and holds no "/"; ROUTE_BAD_METHOD names a
 * route matching the path, and Allow lists exactly the methods of the routes
 * matching it; ROUTE_NO_PATH means no route matches. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/arena.h"
#include "http/router.h"

static const char *const methods[] = {"GET", "POST", "HEAD", "PUT", "DELETE", "get", ""};

/* The oracle: the same number of "/"-separated segments, literal segments
 * equal, {name} segments non-empty. */
static bool matches(const char *pattern, const char *path)
{
	if (pattern[0] != '/' || path[0] != '/')
		return false;
	for (;;) {
		pattern++;
		path++;
		const char *pe = strchrnul(pattern, '/'), *se = strchrnul(path, '/');
		if (pattern[0] == '{') {
			if (se == path)
				return false;
		} else if (pe - pattern != se - path || memcmp(pattern, path, (size_t)(pe - pattern))) {
			return false;
		}
		if (!*pe || !*se)
			return !*pe && !*se;
		pattern = pe;
		path = se;
	}
}

/* The pattern with its {name} segments replaced by params, in order. */
static char *expand(const char *pattern, const char *const *params)
{
	size_t cap = strlen(pattern) + 1, n = 0, k = 0;
	for (int i = 0; i < ROUTE_MAX_PARAMS && params[i]; i++)
		cap += strlen(params[i]);
	char *out = malloc(cap);
	CHECK(out);
	for (const char *p = pattern; *p;) {
		if (*p == '{') {
			CHECK(k < ROUTE_MAX_PARAMS && params[k]);
			size_t l = strlen(params[k]);
			memcpy(out + n, params[k++], l);
			n += l;
			p = strchrnul(p, '/');
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *method = methods[data[0] % (sizeof methods / sizeof *methods)];
	char *path = malloc(size);
	CHECK(path);
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0';

	struct arena a;
	arena_init(&a, 0);
	const struct route *route = NULL;
	const char *params[ROUTE_MAX_PARAMS] = {0};
	char allow[64];
	enum route_match m = router_match(&a, method, path, &route, params, allow, sizeof allow);

	/* What the oracle says: the methods of the routes matching the path. */
	char want_allow[64] = "";
	bool any = false, found = false;
	for (const struct route *r = routes; r->method; r++) {
		if (!matches(r->pattern, path))
			continue;
		any = true;
		if (strcmp(r->method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
			found = true;
			break;
		}
		size_t used = strlen(want_allow);
		snprintf(want_allow + used, sizeof want_allow - used, "%s%s", used ? ", " : "", r->method);
	}

	switch (m) {
	case ROUTE_FOUND: {
		CHECK(found && route && matches(route->pattern, path));
		CHECK(strcmp(route->method, method) == 0 ||
		      (strcmp(method, "HEAD") == 0 && strcmp(route->method, "GET") == 0));
		for (int i = 0; i < ROUTE_MAX_PARAMS && params[i]; i++)
			CHECK(params[i][0] && !strchr(params[i], '/'));
		char *back = expand(route->pattern, params);
		CHECK(strcmp(back, path) == 0);
		free(back);
		break;
	}
	case ROUTE_BAD_METHOD:
		CHECK(any && !found && route && matches(route->pattern, path));
		CHECK(allow[0] && strcmp(allow, want_allow) == 0);
		break;
	case ROUTE_NO_PATH:
		CHECK(!any && route == NULL);
		break;
	default:
		CHECK(0);
	}
	arena_free(&a);
	free(path);
	return 0;
}
