#include "store/store.h"

#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "store/driver.h"

int store_open(const char *url, store **out, char *err, size_t errlen)
{
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) {
		snprintf(err, errlen, "PostgreSQL is not supported by this build yet");
		return SH_EINVAL;
	}
	return sqlite_store_open(url, out, err, errlen);
}

void store_close(store *s)
{
	if (s)
		s->ops->close(s);
}

const char *store_error(const store *s)
{
	return s->error;
}

int store_version(store *s, int *out) { return s->ops->version(s, out); }
int store_tune_bulk(store *s) { return s->ops->tune_bulk(s); }
int store_begin(store *s) { return s->ops->begin(s); }
int store_commit(store *s) { return s->ops->commit(s); }
int store_rollback(store *s) { return s->ops->rollback(s); }

int store_reference_save(store *s, const struct reference *ref)
{
	return s->ops->reference_save(s, ref);
}

int store_reference_load(store *s, struct reference *ref)
{
	return s->ops->reference_load(s, ref);
}

int store_holiday_save(store *s, const struct holiday_schedule *sch, const char *source)
{
	return s->ops->holiday_save(s, sch, source);
}

int store_calendar_load(store *s, calendar *cal)
{
	return s->ops->calendar_load(s, cal);
}

int store_calendar_revision(store *s, int64_t *out)
{
	return s->ops->calendar_revision(s, out);
}

int store_import_begin(store *s, const char *kind, const char *source, int64_t *batch_id)
{
	return s->ops->import_begin(s, kind, source, batch_id);
}

int store_import_finish(store *s, int64_t batch_id, int64_t rows)
{
	return s->ops->import_finish(s, batch_id, rows);
}

int store_complaint_insert(store *s, struct complaint *c, int64_t batch_id)
{
	return s->ops->complaint_insert(s, c, batch_id);
}

int store_complaint_count(store *s, int64_t *out)
{
	return s->ops->complaint_count(s, out);
}

int store_subscribers_put(store *s, const char *period, int64_t enterprise_id, int64_t subs_10k)
{
	return s->ops->subscribers_put(s, period, enterprise_id, subs_10k);
}
