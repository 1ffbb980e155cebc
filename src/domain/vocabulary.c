#include "domain/vocabulary.h"

#include <string.h>
#include <strings.h>

static int same(const char *t, const char *s, size_t len, int (*cmp)(const char *, const char *, size_t))
{
	return t && strlen(t) == len && cmp(s, t, len) == 0;
}

static int bytes(const char *a, const char *b, size_t n)
{
	return memcmp(a, b, n);
}

int vocab_find(const struct vocab *t, int n, const char *s, size_t len)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (same(t[i].code, s, len, strncasecmp) || same(t[i].label, s, len, bytes) ||
		    same(t[i].alias, s, len, bytes))
			return i;
	return -1;
}
