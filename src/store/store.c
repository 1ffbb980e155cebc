/* Driver selection, and what every handle does the same way. */
#include "store/store.h"

#include "store/dialect.h"

int store_open(const char *url, store **out, char *err, size_t errlen)
{
	if (pg_store_url(url))
		return pg_store_open(url, out, err, errlen);
	return sqlite_store_open(url, out, err, errlen);
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
