#include "http/router.h"

#include <stdio.h>
#include <string.h>

/* Matches one pattern; on success stores the {param} values. */
static bool match(struct arena *a, const char *pattern, const char *path, const char **params)
{
	size_t np = 0;
	while (*pattern && *path) {
		if (*pattern != '/' || *path != '/')
			return false;
		pattern++;
		path++;
		const char *pe = strchrnul(pattern, '/'), *se = strchrnul(path, '/');
		if (*pattern == '{') {
			if (se == path || np == ROUTE_MAX_PARAMS)
				return false;
			params[np++] = arena_strndup(a, path, (size_t)(se - path));
		} else if (pe - pattern != se - path || strncmp(pattern, path, (size_t)(pe - pattern))) {
			return false;
		}
		pattern = pe;
		path = se;
	}
	return *pattern == '\0' && *path == '\0';
}

enum route_match router_match(struct arena *a, const char *method, const char *path,
                              const struct route **out, const char **params, char *allow,
                              size_t allow_len)
{
	bool path_known = false;
	allow[0] = '\0';
	for (const struct route *r = routes; r->method; r++) {
		const char *tmp[ROUTE_MAX_PARAMS] = {0}; /* unused slots stay NULL */
		if (!match(a, r->pattern, path, tmp))
			continue;
		if (strcmp(r->method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
			memcpy(params, tmp, sizeof tmp);
			*out = r;
			return ROUTE_FOUND;
		}
		if (!path_known)
			*out = r;
		path_known = true;
		size_t used = strlen(allow);
		snprintf(allow + used, allow_len - used, "%s%s", used ? ", " : "", r->method);
	}
	return path_known ? ROUTE_BAD_METHOD : ROUTE_NO_PATH;
}
