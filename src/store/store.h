/* The store: everything shensu persists, behind one interface.
 *
 * Drivers (sqlite.c; PostgreSQL later) implement struct store_ops; all SQL lives
 * inside them. Callers see domain structs only. Every function returns 0 or a
 * negative enum sh_err; on failure store_error() describes the cause for the
 * log (never personal data). A store handle is used by one thread at a time;
 * the HTTP server keeps a pool of them.
 *
 * Writes outside an explicit store_begin()/store_commit() are committed before
 * the call returns. Inside one, nothing is visible to others until commit. */
#ifndef SHENSU_STORE_STORE_H
#define SHENSU_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "domain/complaint.h"
#include "domain/reference.h"

typedef struct store store;

/* The schema version this program writes. */
#define STORE_SCHEMA_VERSION 1

/* Opens the store at url: a file path (SQLite, created when missing) or, later,
 * a postgres:// URL. Applies pending migrations in one transaction; refuses a
 * database whose schema is newer than STORE_SCHEMA_VERSION (SH_ESCHEMA). On
 * failure writes the reason into err. */
int store_open(const char *url, store **out, char *err, size_t errlen);
void store_close(store *s); /* NULL-safe */
/* The driver's last error message (English, no personal data). */
const char *store_error(const store *s);
/* Schema version of the open database. */
int store_version(store *s, int *out);

/* Prepares the handle for a bulk load (a large page cache, so that index pages
 * are not spilled and re-read for every row). Lasts until store_close(). */
int store_tune_bulk(store *s);

int store_begin(store *s);
int store_commit(store *s);
int store_rollback(store *s);

/* Reference data. save replaces what is there (used by init on an empty
 * database); load fills ref, SH_ENOTFOUND when the database was never
 * initialised. */
int store_reference_save(store *s, const struct reference *ref);
int store_reference_load(store *s, struct reference *ref);

/* Holiday schedules: save replaces the schedule of sch->year. */
int store_holiday_save(store *s, const struct holiday_schedule *sch, const char *source);
/* Adds every stored schedule to cal. */
int store_calendar_load(store *s, calendar *cal);
/* A number that changes whenever a schedule is saved, so a long-running
 * process can tell that its calendar is stale. */
int store_calendar_revision(store *s, int64_t *out);

/* Import batches record where imported rows came from. */
int store_import_begin(store *s, const char *kind, const char *source, int64_t *batch_id);
int store_import_finish(store *s, int64_t batch_id, int64_t rows);

/* Inserts a complaint, assigning c->id and c->case_no (province-year-sequence).
 * batch_id is 0 for complaints not imported. */
int store_complaint_insert(store *s, struct complaint *c, int64_t batch_id);
int store_complaint_count(store *s, int64_t *out);

/* Subscriber counts per period ("2020Q4") and enterprise group, in 10,000s. */
int store_subscribers_put(store *s, const char *period, int64_t enterprise_id, int64_t subs_10k);

#endif
