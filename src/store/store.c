/* Driver selection, and what every handle does the same way. */
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "store/dialect.h"

int store_open(const char *url, store **out, char *err, size_t errlen)
{
	if (pg_store_url(url))
		return pg_store_open(url, out, err, errlen);
	return sqlite_store_open(url, out, err, errlen);
}

int store_exists(const char *url, char *err, size_t errlen)
{
	if (pg_store_url(url))
		return pg_store_exists(url, err, errlen);
	/* SQLite: the file is the database (opening it would create it). */
	struct stat st;
	if (stat(url, &st) == 0)
		return 0;
	if (errno == ENOENT || errno == ENOTDIR)
		return SH_ENOTFOUND;
	snprintf(err, errlen, "cannot examine %s: %s", url, strerror(errno));
	return SH_EIO;
}

/* Appends n bytes of s to out, keeping room for the NUL. */
static void append(char *out, size_t outlen, size_t *o, const char *s, size_t n)
{
	if (*o + n >= outlen)
		n = outlen - 1 - *o;
	memcpy(out + *o, s, n);
	*o += n;
	out[*o] = '\0';
}

/* The end of the value starting at v: a quoted value in a key=value string
 * ends after its closing quote, others at a space (or at '&' or '#' in a URL). */
static const char *value_end(const char *v, bool in_url)
{
	if (!in_url && *v == '\'') {
		for (v++; *v && *v != '\''; v++)
			if (*v == '\\' && v[1])
				v++;
		return *v ? v + 1 : v;
	}
	return v + strcspn(v, in_url ? "&#" : " \t\n\r\f\v");
}

void store_url_redact(const char *url, char *out, size_t outlen)
{
	if (!outlen)
		return;
	size_t o = 0;
	out[0] = '\0';
	if (!pg_store_url(url)) {
		append(out, outlen, &o, url, strlen(url));
		return;
	}
	/* postgres://user:PASSWORD@host…: the password lies between the first
	 * ':' of the user part and the last '@' before the host's end. */
	const char *scheme = strstr(url, "://");
	bool in_url = scheme != NULL;
	const char *pw = NULL, *pw_end = NULL;
	if (in_url) {
		const char *authority = scheme + 3;
		size_t len = strcspn(authority, "/?#");
		for (size_t i = 0; i < len; i++)
			if (authority[i] == '@')
				pw_end = authority + i;
		pw = pw_end ? memchr(authority, ':', (size_t)(pw_end - authority)) : NULL;
	}
	const char *p = url;
	while (*p) {
		if (pw && p == pw + 1) {
			append(out, outlen, &o, "***", 3);
			p = pw_end;
			continue;
		}
		/* password=VALUE: a keyword of a key=value string or a URL parameter */
		bool word_start = p == url || strchr(" \t\n\r\f\v?&", p[-1]);
		if (word_start && strncmp(p, "password", 8) == 0) {
			const char *q = p + 8;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '=') {
				q++;
				while (!in_url && (*q == ' ' || *q == '\t'))
					q++;
				append(out, outlen, &o, p, (size_t)(q - p));
				append(out, outlen, &o, "***", 3);
				p = value_end(q, in_url);
				continue;
			}
		}
		append(out, outlen, &o, p, 1);
		p++;
	}
}

void store_close(store *s)
{
	if (s)
		s->d->close(s);
}

const char *store_error(const store *s)
{
	return s->error;
}

int store_tune_bulk(store *s, int64_t expected_rows)
{
	s->bulk = true;
	s->bulk_rows = expected_rows;
	return s->d->tune_bulk(s);
}
