#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/error.h"

#define OPT(sec, k, t, field, d, lo, hi, h) \
	{sec, k, t, offsetof(struct config, field), d, lo, hi, h, NULL}
#define OPT_CHECKED(sec, k, field, d, h, check) \
	{sec, k, CONFIG_STRING, offsetof(struct config, field), d, 0, 0, h, check}

static int check_log_level(const char *key, const char *value, char *err, size_t errlen)
{
	if (strcmp(value, "debug") == 0 || strcmp(value, "info") == 0 ||
	    strcmp(value, "warn") == 0 || strcmp(value, "error") == 0)
		return 0;
	snprintf(err, errlen, "%s must be debug, info, warn or error, not '%s'", key, value);
	return SH_EINVAL;
}

/* "" or a scheme and authority only: http(s)://host[:port], optionally with
 * one trailing "/". The server compares browsers' Origin with it. */
static int check_public_url(const char *key, const char *value, char *err, size_t errlen)
{
	if (!*value)
		return 0;
	const char *host = strncasecmp(value, "https://", 8) == 0  ? value + 8
	                   : strncasecmp(value, "http://", 7) == 0 ? value + 7
	                                                            : NULL;
	size_t n = host ? strlen(host) : 0;
	if (n && host[n - 1] == '/')
		n--;
	bool ok = n > 0 && host[0] != ':';
	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)host[i]) || strchr("-.:[]", host[i]);
	if (ok)
		return 0;
	snprintf(err, errlen,
	         "%s must be a scheme and host such as https://shensu.example.gov.cn "
	         "(optionally :port; no path), not '%s'",
	         key, value);
	return SH_EINVAL;
}

const struct config_option config_options[] = {
	OPT("store", "db", CONFIG_STRING, db, "shensu.db", 0, 0,
	    "SQLite database file, or a postgres:// URL"),
	OPT("server", "listen", CONFIG_STRING, listen, "127.0.0.1:8080", 0, 0,
	    "address and port to serve HTTP on"),
	OPT("server", "threads", CONFIG_INT, threads, "0", 0, 256,
	    "HTTP worker threads; 0 means 16 per CPU, at least 32"),
	OPT("server", "max_connections", CONFIG_INT, max_connections, "1024", 1, 100000,
	    "concurrent HTTP connections"),
	OPT("server", "max_connections_per_ip", CONFIG_INT, max_connections_per_ip, "32", 0, 100000,
	    "concurrent HTTP connections from one client address (0: no limit; behind a proxy "
	    "every client has the proxy's address)"),
	OPT("server", "max_body", CONFIG_INT, max_body, "1048576", 1024, 1073741824,
	    "largest accepted request body, in bytes"),
	OPT("server", "web_root", CONFIG_STRING, web_root, "web", 0, 0,
	    "directory holding the web UI's static files"),
	OPT_CHECKED("server", "public_url", public_url, "",
	            "the address the public reaches the service at, e.g. https://shensu.example.gov.cn: "
	            "logins must come from this origin, and https makes the session cookie Secure "
	            "(empty: the origin is the request's Host)",
	            check_public_url),
	OPT("server", "rate_public", CONFIG_INT, rate_public, "60", 0, 1000000,
	    "public API requests a minute per client address (0: no limit)"),
	OPT("server", "rate_login", CONFIG_INT, rate_login, "10", 1, 10000,
	    "login attempts a minute per client address"),
	OPT("server", "session_minutes", CONFIG_INT, session_minutes, "480", 5, 43200,
	    "how long a staff session lasts"),
	OPT("cases", "operator_reply_days", CONFIG_INT, operator_reply_days, "10", 1, 60,
	    "default working days an operator has to reply to a forwarded case"),
	OPT("reports", "dispatch_hour", CONFIG_INT, dispatch_hour, "2", -1, 23,
	    "Beijing hour at which the server makes the day's dispatch lists (-1: only on demand)"),
	OPT("reports", "disposal_days", CONFIG_INT, disposal_days, "10", 1, 60,
	    "working days an operator has to report the disposal of dispatched numbers"),
	OPT_CHECKED("log", "log_level", log_level, "info", "debug, info, warn or error",
	            check_log_level),
	{0},
};

static char **str_field(struct config *cfg, const struct config_option *o)
{
	return (char **)((char *)cfg + o->offset);
}

static long *int_field(struct config *cfg, const struct config_option *o)
{
	return (long *)((char *)cfg + o->offset);
}

static const struct config_option *find(const char *key)
{
	for (const struct config_option *o = config_options; o->key; o++)
		if (strcmp(o->key, key) == 0)
			return o;
	return NULL;
}

static int assign(struct config *cfg, const struct config_option *o, const char *value, char *err,
                  size_t errlen)
{
	if (o->type == CONFIG_STRING) {
		int rc = o->check ? o->check(o->key, value, err, errlen) : 0;
		if (rc)
			return rc;
		char **f = str_field(cfg, o);
		free(*f);
		*f = sh_xstrdup(value);
		return 0;
	}
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || end == value || *end != '\0' || v < o->min || v > o->max) {
		snprintf(err, errlen, "%s must be a whole number from %ld to %ld, not '%s'", o->key,
		         o->min, o->max, value);
		return SH_EINVAL;
	}
	*int_field(cfg, o) = v;
	return 0;
}

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	char err[128];
	for (const struct config_option *o = config_options; o->key; o++)
		assign(cfg, o, o->def, err, sizeof err);
}

void config_free(struct config *cfg)
{
	for (const struct config_option *o = config_options; o->key; o++)
		if (o->type == CONFIG_STRING) {
			free(*str_field(cfg, o));
			*str_field(cfg, o) = NULL;
		}
}

int config_set(struct config *cfg, const char *key, const char *value, char *err, size_t errlen)
{
	const struct config_option *o = find(key);
	if (!o)
		return SH_ENOTFOUND;
	return assign(cfg, o, value, err, errlen);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int config_load_file(struct config *cfg, const char *path, bool required, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!required && errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return SH_EIO;
	}
	char line[4096], section[64] = "";
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *s = trim(line);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (!close || close[1] != '\0') {
				snprintf(err, errlen, "%s:%d: malformed section header", path, lineno);
				rc = SH_EINVAL;
				break;
			}
			*close = '\0';
			snprintf(section, sizeof section, "%s", trim(s + 1));
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected 'key = value'", path, lineno);
			rc = SH_EINVAL;
			break;
		}
		*eq = '\0';
		char *key = trim(s), *value = trim(eq + 1);
		const struct config_option *o = find(key);
		if (!o || (section[0] && strcmp(section, o->section) != 0)) {
			snprintf(err, errlen, "%s:%d: unknown option '%s'%s%s%s", path, lineno, key,
			         section[0] ? " in section [" : "", section, section[0] ? "]" : "");
			rc = SH_EINVAL;
			break;
		}
		char msg[256];
		if ((rc = assign(cfg, o, value, msg, sizeof msg)) != 0) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			break;
		}
	}
	fclose(f);
	return rc;
}

int config_load_env(struct config *cfg, char *err, size_t errlen)
{
	for (const struct config_option *o = config_options; o->key; o++) {
		char name[64] = "SHENSU_";
		size_t n = strlen(name);
		for (const char *k = o->key; *k && n + 1 < sizeof name; k++)
			name[n++] = (char)toupper((unsigned char)*k);
		name[n] = '\0';
		const char *v = getenv(name);
		if (!v)
			continue;
		char msg[256];
		int rc = assign(cfg, o, v, msg, sizeof msg);
		if (rc) {
			snprintf(err, errlen, "environment %s: %s", name, msg);
			return rc;
		}
	}
	return 0;
}

void config_write_example(FILE *f)
{
	fprintf(f, "# shensu configuration. Every option can also be set by the environment\n"
	           "# (SHENSU_<KEY>, e.g. SHENSU_DB) or by a flag (--key VALUE); flags win.\n");
	const char *section = "";
	for (const struct config_option *o = config_options; o->key; o++) {
		if (strcmp(section, o->section) != 0) {
			section = o->section;
			fprintf(f, "\n[%s]\n", section);
		}
		fprintf(f, "# %s (default: %s)\n# %s = %s\n", o->help, o->def, o->key, o->def);
	}
}
