/* The store: everything shensu persists, behind one interface.
 *
 * Every operation is written once, in the SQL layer (src/store/sql/, a file
 * per aggregate), over a small dialect interface (store/dialect.h) that
 * sqlite.c and postgres.c implement. Callers see domain structs only. Every function returns 0 or a
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
#include "core/arena.h"
#include "domain/access.h"
#include "domain/complaint.h"
#include "domain/enforcement.h"
#include "domain/lifecycle.h"
#include "domain/publication.h"
#include "domain/reference.h"
#include "domain/report.h"
#include "domain/series.h"
#include "domain/warning.h"

typedef struct store store;

/* The schema version this program writes. */
#define STORE_SCHEMA_VERSION 9

/* Opens the store at url: a file path (SQLite, created when missing) or a
 * PostgreSQL URL or key=value string (see README, Choosing a database). Applies pending migrations in one transaction; refuses a
 * database whose schema is newer than STORE_SCHEMA_VERSION (SH_ESCHEMA). On
 * failure writes the reason into err. */
int store_open(const char *url, store **out, char *err, size_t errlen);
void store_close(store *s); /* NULL-safe */
/* Whether a shensu database exists at url, creating and changing nothing: 0
 * when it does; SH_ENOTFOUND when there is none (SQLite: no file at the path;
 * PostgreSQL: no meta table, i.e. shensu never created its schema in that
 * database); another negative code with the reason in err when it cannot tell
 * (a server out of reach, a path that cannot be examined). An existing
 * database may still lack the reference data: store_reference_load() says. */
int store_exists(const char *url, char *err, size_t errlen);
/* Writes url into out (outlen bytes, NUL-terminated, cut if longer) for a
 * message, with any PostgreSQL password (postgres://user:PASSWORD@…,
 * ?password=…, password=… in a key=value string) replaced by "***". */
void store_url_redact(const char *url, char *out, size_t outlen);
/* The driver's last error message (English, no personal data). */
const char *store_error(const store *s);
/* Schema version of the open database. */
int store_version(store *s, int *out);

/* Prepares the handle for a bulk load of about expected_rows complaints in
 * the next transaction: a large page cache, and when the load is large next to
 * what the table holds, secondary indexes dropped now and rebuilt by
 * store_commit() (all in that one transaction). Lasts until store_close(). */
int store_tune_bulk(store *s, int64_t expected_rows);

int store_begin(store *s);
int store_commit(store *s);
int store_rollback(store *s);
/* Runs fn(s, arg) in a transaction of its own, or inside the caller's when
 * one is open: what fn writes is committed together, or (fn failing) not at
 * all. Unlike store_begin it takes no caller's lock, so a request may use it
 * while an import runs. Returns fn's result or the commit's. */
int store_transaction(store *s, int (*fn)(store *s, void *arg), void *arg);

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

/* ---- cases filed online ---------------------------------------------------- */

#define STORE_HASH_HEX 65 /* a 32-byte hash as hex, NUL included */

/* Creates a case: assigns c->id and c->case_no, stores query_hash (hex of the
 * hashed query code) and the creating event, all in one transaction. */
int store_case_create(store *s, struct complaint *c, const char *query_hash,
                      struct complaint_event *ev);
/* Reads a case by number. Strings are allocated in a. query_hash (may be NULL)
 * receives the stored hash ("" for imported cases). SH_ENOTFOUND. */
int store_case_get(store *s, const char *case_no, struct arena *a, struct complaint *out,
                   char *query_hash);
/* Writes a transition: updates the case if its stored version is still
 * expected_version (else SH_ECONFLICT, nothing written) and appends the event,
 * in one transaction. */
int store_case_update(store *s, const struct complaint *after, int expected_version,
                      const struct complaint_event *ev);
/* Cases with a provisional deadline (accept or reply), oldest first,
 * allocated in a. */
int store_case_provisional(store *s, struct arena *a, struct complaint **out, size_t *n);
/* Inside a transaction: holds off other connections' writes of cases and
 * dispatch lists until it ends, and waits for those under way. Used when a
 * holiday schedule is saved, so that no deadline counted with the old
 * calendar is committed unseen while the provisional ones are counted again.
 * (SQLite's transactions already take the one write lock at begin.) */
int store_deadlines_lock(store *s);
/* The case's events, oldest first, allocated in a. */
int store_case_events(store *s, int64_t complaint_id, struct arena *a,
                      struct complaint_event **out, size_t *n);
/* The newest open case with this phone and enterprise other than exclude_id:
 * its number in case_no (CASE_NO_MAX bytes), or "" when none. */
int store_case_duplicate(store *s, const char *phone, int64_t enterprise_id, int64_t exclude_id,
                         char *case_no);
/* Records the satisfaction survey once: SH_ECONFLICT when already answered. */
int store_case_survey(store *s, int64_t complaint_id, int score, const char *comment,
                      int64_t at);

/* Which cases a list shows. Zero/NULL fields do not filter. */
struct case_filter {
	const char *province;       /* "44" */
	int64_t enterprise_id;      /* the group */
	int64_t forwarded_group;    /* only cases forwarded to this group or its branches */
	int64_t category_id;
	int64_t subtopic_id;
	int state;                  /* enum complaint_state, or -1 */
	int64_t received_from;      /* instants, inclusive / exclusive; 0 = open */
	int64_t received_to;
	int32_t overdue_on;         /* a day: only cases with a deadline passed on it */
	int32_t due_by;             /* a day: only open cases with a deadline on or before it */
	/* keyset: cases strictly after this (received_at, id) in the order */
	int64_t after_received;
	int64_t after_id;
	int limit;                  /* 1..1000 */
	bool oldest_first;          /* default newest first */
	/* The queue order: by the next deadline (lifecycle_next_due; none last),
	 * then id; keyset after (after_due, after_id), after_due INT32_MAX for none. */
	bool by_due;
	int32_t after_due;
};
/* Lists cases (allocated in a). */
int store_case_list(store *s, const struct case_filter *f, struct arena *a,
                    struct complaint **out, size_t *n);

/* ---- staff accounts and sessions ------------------------------------------- */

/* Adds a user with an already hashed password. SH_ECONFLICT when the name is
 * taken. Assigns u->id. */
int store_user_add(store *s, struct user *u, const char *password_hash);
/* By name, with the password hash; strings in a. SH_ENOTFOUND. */
int store_user_by_name(store *s, const char *name, struct arena *a, struct user *out,
                       const char **password_hash);
int store_session_create(store *s, const char *token_hash, int64_t user_id, const char *csrf,
                         int64_t created_at, int64_t expires_at);
/* The session's user and CSRF token if it exists and has not expired at now. */
int store_session_get(store *s, const char *token_hash, int64_t now, struct arena *a,
                      struct user *out, const char **csrf);
int store_session_delete(store *s, const char *token_hash);

/* The operator reply period an agency set for its province (0 when unset). */
int store_reply_days(store *s, const char *province, int *out);
int store_reply_days_set(store *s, const char *province, int days);

/* ---- statistics ---------------------------------------------------------------- */

/* Complaints counted in statistics: those an agency accepted (受理), i.e. not
 * still awaiting the decision, not refused and not answered as enquiries. */
struct stat_cell {
	char province[3];
	int64_t category_id;
	int64_t subtopic_id; /* 0 = none */
	int64_t enterprise_id;
	int64_t count;
};
/* Counts of accepted complaints received in [from, to) (instants), one cell
 * per (province, class, sub-topic, enterprise) that has any; only `province`
 * when it is not NULL. Cells allocated in a. */
int store_stat_counts(store *s, int64_t from, int64_t to, const char *province, struct arena *a,
                      struct stat_cell **out, size_t *n);
/* Subscribers (10,000s) per enterprise group for a period ("2020Q4"); *n pairs
 * of (enterprise_id, subscribers_10k) in a. */
int store_subscribers_get(store *s, const char *period, struct arena *a, int64_t **pairs,
                          size_t *n);

/* Subscriber counts per period ("2020Q4") and enterprise group, in 10,000s. */
int store_subscribers_put(store *s, const char *period, int64_t enterprise_id, int64_t subs_10k);

/* ---- 12321 reports ----------------------------------------------------------- */

/* Stores a report (assigns r->id). A number report also registers the number
 * (reported_number) with the operator serving it now (0 = unknown: fixed
 * lines, SMS ports, service numbers); an app report registers the app. */
int store_report_insert(store *s, struct report *r, int64_t operator_id, int64_t batch_id);
/* Marks a report invalid: it then counts nowhere. The report as it was
 * before goes to out (strings in a). SH_ENOTFOUND; SH_ECONFLICT when it is
 * invalid already. */
int store_report_invalidate(store *s, int64_t id, const char *reason, int64_t user_id, int64_t at,
                            struct arena *a, struct report *out);
struct report_filter {
	int kind;            /* enum report_kind, or -1 */
	const char *target;  /* a number's digits or an app package, or NULL */
	int64_t from, to;    /* reported_at in [from, to); 0 = open */
	int64_t before_id;   /* keyset: ids below this, newest first; 0 = from the newest */
	int limit;           /* 1..1000 */
};
int store_report_list(store *s, const struct report_filter *f, struct arena *a,
                      struct report **out, size_t *n);
/* Valid reports received in [from, to), per kind. */
int store_report_counts(store *s, int64_t from, int64_t to, int64_t counts[REPORT_KIND_COUNT]);

/* What is known of a number: its valid report counts per number kind, first
 * and last report, the operator it was routed to, dispatch and disposal, and
 * a ported-number record. */
struct number_record {
	char number[NUMBER_MAX];
	int64_t counts[REPORT_NUMBER_KINDS];
	int64_t first_at, last_at;      /* NO_INSTANT when never reported */
	int64_t operator_id;            /* routed to when first reported; 0 unknown */
	int64_t dispatch_id;            /* 0 = not dispatched yet */
	int64_t dispatched_at;          /* when its list was made; NO_INSTANT when not dispatched */
	int64_t dispatch_operator_id;   /* the operator its list went to; 0 when not dispatched */
	enum disposal disposal;
	int64_t disposed_at;            /* NO_INSTANT when no disposal */
	int64_t ported_operator_id;     /* 携号转网 record; 0 = none */
};
/* A record of number with nothing known yet: no reports, dispatch, disposal or
 * porting (times NO_INSTANT). Drivers start every record from it. */
void number_record_empty(struct number_record *r, const char *number);
/* Calls fn for every reported or ported number (to build the look-up index);
 * stops at fn's first non-zero return and returns it. */
int store_number_scan(store *s, int (*fn)(void *ctx, const struct number_record *r), void *ctx);
/* One number's record (ported_operator_id included); SH_ENOTFOUND when it was
 * never reported nor ported. */
int store_number_get(store *s, const char *number, struct number_record *out);
/* Records that number is served by operator_id since `since` (a day); numbers
 * reported but not dispatched yet follow it. */
int store_ported_put(store *s, const char *number, int64_t operator_id, int32_t since);

/* ---- changes to numbers --------------------------------------------------------
 *
 * Every write that changes what a look-up of a number answers (a report, an
 * invalidation, a dispatch list, a disposal, a ported record) also records a
 * change of that number, in the same transaction, with an id that grows in
 * commit order: a process that has applied the changes up to id N and then
 * reads those after N misses none, whichever process wrote them. Changes are
 * kept for a day (store_number_changes_prune); a process that falls further
 * behind reads everything again (store_number_scan). */

/* The newest change id (*last; 0 when none was ever recorded) and the highest
 * id pruned (*pruned): changes up to it can no longer be read. */
int store_number_changes_head(store *s, int64_t *last, int64_t *pruned);
/* The id of the last change the handle's last committed transaction recorded;
 * 0 when it recorded none. */
int64_t store_number_changes_written(const store *s);
/* Calls fn with the record of every number changed by the changes after
 * `after` up to `upto` (ids), as the store has it now (each number once);
 * stops at fn's first non-zero return and returns it. */
int store_number_changes(store *s, int64_t after, int64_t upto,
                         int (*fn)(void *ctx, const struct number_record *r), void *ctx);
/* Waits up to timeout_ms for a hint that changes were committed by another
 * connection (PostgreSQL: LISTEN/NOTIFY; SQLite: the file's data version,
 * looked at every 50 ms): 1 when there may be some, 0 when the time ran
 * out, negative when the connection failed (the next call connects again and
 * returns 1: notices may have been missed meanwhile). Use a handle of its own. */
int store_number_changes_wait(store *s, int timeout_ms);
/* Deletes the changes recorded before `before` (Unix seconds), and says so
 * in the pruned mark. */
int store_number_changes_prune(store *s, int64_t before);

/* Dispatch lists: reported numbers sent to the operator serving them, for
 * verification and disposal (核查处置) by a due day. */
struct dispatch {
	int64_t id;
	int64_t operator_id;
	int64_t created_at;
	int32_t due;
	bool provisional;  /* due counted in part by the statutory rules (暂定) */
	int32_t due_from;  /* counted from this day with due_days working days; */
	int due_days;      /* both 0 when the due day was given as a date */
	int64_t numbers, disposed;
};
/* When new lists are due, and how that was decided (see struct dispatch). */
struct dispatch_due {
	int32_t due;
	bool provisional;
	int32_t from;
	int days;
};
struct dispatch_item {
	char number[NUMBER_MAX];
	int64_t reports;                /* valid reports of the number */
	int64_t last_at;
	enum disposal disposal;
	int64_t disposed_at;
	const char *note;
};
/* Puts every reported number with a known operator that is not dispatched
 * yet on one new list per operator, all in one transaction. The new lists go
 * to out (in a); none when nothing is waiting. */
int store_dispatch_create(store *s, int64_t now, const struct dispatch_due *due, struct arena *a,
                          struct dispatch **out, size_t *n);
/* Lists whose due day is provisional, oldest first, in a. */
int store_dispatch_provisional(store *s, struct arena *a, struct dispatch **out, size_t *n);
/* Sets a provisional list's due day and flag, if it is still due on old_due
 * and provisional (SH_ECONFLICT otherwise, nothing written). */
int store_dispatch_set_due(store *s, int64_t id, int32_t old_due, int32_t due, bool provisional);
/* Newest first; operator_id 0 = every operator. */
int store_dispatch_list(store *s, int64_t operator_id, struct arena *a, struct dispatch **out,
                        size_t *n);
int store_dispatch_get(store *s, int64_t id, struct dispatch *out);
int store_dispatch_items(store *s, int64_t dispatch_id, struct arena *a,
                         struct dispatch_item **out, size_t *n);
/* An operator's disposal of a number on one of its lists. SH_ENOTFOUND when
 * the number is not on that list. */
int store_disposal_set(store *s, int64_t dispatch_id, const char *number, enum disposal d,
                       const char *note, int64_t at);

/* Reported apps, gathered per package. */
struct app_record {
	const char *package, *name, *app_store;
	enum app_state state;
	int64_t reports;                /* valid reports */
	int64_t first_at, last_at;
	int32_t notified_on, deadline, rectified_on, named_on, removed_on; /* 0 = not yet */
	int version;
};
/* Most reported first, at most limit; state -1 = any. */
int store_app_list(store *s, int state, int limit, struct arena *a, struct app_record **out,
                   size_t *n);
int store_app_get(store *s, const char *package, struct arena *a, struct app_record *out);
/* Writes the app's state and dates if its version is still expected
 * (SH_ECONFLICT otherwise). */
int store_app_update(store *s, const struct app_record *app, int expected_version);
/* Apps notified, named and removed on days in [from, to]. */
int store_app_counts(store *s, int32_t from, int32_t to, int64_t *notified, int64_t *named,
                     int64_t *removed);
/* An app not reported to the 12321 centre (found by technical testing):
 * added in state reported unless the package is known already (then left as
 * it is). */
int store_app_ensure(store *s, const char *package, const char *name, const char *app_store);
/* Records what is wrong with the app (problem NULL leaves it as it is). */
int store_app_set_problem(store *s, const char *package, const char *problem);
/* The problems recorded for apps notified on days in [from, to], most
 * frequent first (then by text), at most max; strings in a. */
int store_app_problems(store *s, int32_t from, int32_t to, size_t max, struct arena *a,
                       const char ***out, size_t *n);

/* ---- supervision: the registry and the regulator's records ------------------------- */

/* The registry of licensed enterprises. Look-ups fill out (strings in a) or
 * return SH_ENOTFOUND. */
int store_licensee_by_name(store *s, const char *name, struct arena *a, struct licensee *out);
int store_licensee_by_licence(store *s, const char *licence_no, struct arena *a,
                              struct licensee *out);
int store_licensee_get(store *s, int64_t id, struct arena *a, struct licensee *out);
/* Adds l (assigns l->id, version 1). SH_ECONFLICT when the name or the
 * licence number is registered already. */
int store_licensee_add(store *s, struct licensee *l, int64_t now);
/* Writes l if its version is still expected (SH_ECONFLICT otherwise, or when
 * the new name or licence number belongs to another enterprise). */
int store_licensee_update(store *s, const struct licensee *l, int expected_version);
struct licensee_filter {
	const char *query; /* part of the name or licence number, or NULL */
	int kind;          /* enum licensee_kind, or -1 */
	int64_t after_id;  /* keyset: ids above this, by id; 0 = from the first */
	int limit;         /* 1..1000 */
};
int store_licensee_list(store *s, const struct licensee_filter *f, struct arena *a,
                        struct licensee **out, size_t *n);

/* Which records a list shows. Zero/NULL/-1 fields do not filter. */
struct supervision_filter {
	const char *authority; /* "00" or a province */
	int32_t from, to;      /* the record's day in [from, to] */
	const char *topic;     /* a topic code (actions, inspections) */
	int measure;           /* enum measure (actions), or -1 */
	int64_t licensee_id;   /* records naming this enterprise */
	int32_t current_on;    /* bad list: listed on that day and not removed by then */
	int64_t before_id;     /* keyset: ids below this, newest first; 0 = from the newest */
	int limit;             /* 0 = every record (the notice); lists 1..1000 */
};

/* Enforcement actions, with their parties (licensees, resolved: ids set)
 * and evidence. insert assigns a->id and stamps it (a->stamp.batch_id is
 * kept); update replaces everything of the action if its version is still
 * expected (else SH_ECONFLICT) and bumps it. Reads fill strings in a. */
int store_enforcement_insert(store *s, struct enforcement_action *a, int64_t now);
int store_enforcement_update(store *s, const struct enforcement_action *a, int expected_version,
                             int64_t now);
int store_enforcement_get(store *s, int64_t id, struct arena *a, struct enforcement_action *out);
int store_enforcement_list(store *s, const struct supervision_filter *f, struct arena *a,
                           struct enforcement_action **out, size_t *n);
/* Whether a 12321 report with this id (decimal text) exists: 0 or
 * SH_ENOTFOUND; cited as an action's evidence. */
int store_evidence_report(store *s, const char *ref);

/* The same for bad-list entries, inspections, app test batches and
 * equipment samples (their enterprise resolved: id set). */
int store_badlist_insert(store *s, struct badlist_entry *e, int64_t now);
int store_badlist_update(store *s, const struct badlist_entry *e, int expected_version,
                         int64_t now);
int store_badlist_get(store *s, int64_t id, struct arena *a, struct badlist_entry *out);
int store_badlist_list(store *s, const struct supervision_filter *f, struct arena *a,
                       struct badlist_entry **out, size_t *n);
int store_inspection_insert(store *s, struct inspection *i, int64_t now);
int store_inspection_update(store *s, const struct inspection *i, int expected_version,
                            int64_t now);
int store_inspection_get(store *s, int64_t id, struct arena *a, struct inspection *out);
int store_inspection_list(store *s, const struct supervision_filter *f, struct arena *a,
                          struct inspection **out, size_t *n);
int store_app_test_insert(store *s, struct app_test_batch *b, int64_t now);
int store_app_test_update(store *s, const struct app_test_batch *b, int expected_version,
                          int64_t now);
int store_app_test_get(store *s, int64_t id, struct arena *a, struct app_test_batch *out);
int store_app_test_list(store *s, const struct supervision_filter *f, struct arena *a,
                        struct app_test_batch **out, size_t *n);
/* Apps tested in batches on days in [from, to]. */
int store_app_tests_total(store *s, int32_t from, int32_t to, int64_t *out);
int store_equipment_insert(store *s, struct equipment_sample *e, int64_t now);
int store_equipment_update(store *s, const struct equipment_sample *e, int expected_version,
                           int64_t now);
int store_equipment_get(store *s, int64_t id, struct arena *a, struct equipment_sample *out);
int store_equipment_list(store *s, const struct supervision_filter *f, struct arena *a,
                         struct equipment_sample **out, size_t *n);

/* Every change to a supervision record, the registry, the notice's text or
 * its publication: who (a user, or "cli" and the operating-system user),
 * when, which record, what. Append-only. */
struct supervision_event {
	int64_t id;
	int64_t at;
	int64_t user_id;    /* 0: the command line */
	const char *actor;  /* a role code, or "cli" */
	const char *record; /* enforcement, badlist, inspection, app_test, equipment, app,
	                       licensee, import, notice_text, notice */
	int64_t record_id;  /* the record's id (the import's batch, the notice's quarter as
	                       yyyyq) */
	const char *action; /* created, corrected, imported, edited, requested, approved … */
	const char *detail; /* JSON, or NULL */
	const char *user;   /* read back only: the user's name, NULL for the command line */
};
int store_supervision_event_add(store *s, const struct supervision_event *e);
/* A record's events, oldest first, with the user's name in user when it was
 * a user; strings in a. */
int store_supervision_events(store *s, const char *record, int64_t record_id, struct arena *a,
                             struct supervision_event **out, size_t *n);

/* ---- the notice's own text and its publication ------------------------------------- */

/* A section's stored text; body NULL and version 0 when never written. */
struct notice_stored_text {
	const char *body;
	int64_t updated_at;
	int64_t updated_by;
	int version;
};
/* The texts of quarter `period` ("2020Q4"), one per enum notice_section. */
int store_notice_texts(store *s, const char *period, struct arena *a,
                       struct notice_stored_text out[NOTICE_SECTION_COUNT]);
/* Writes a section's text if its stored version is still expected (0: never
 * written), else SH_ECONFLICT. */
int store_notice_text_put(store *s, const char *period, enum notice_section section,
                          const char *body, int64_t user_id, int64_t at, int expected_version);

enum { NOTICE_FORMATS = 4 }; /* md, html, pdf, xlsx, in that order */
/* A publication (a request, a revision) without its documents. */
struct publication {
	int64_t id;
	char period[8];
	int revision, year, number;
	const char *doc_no;
	int32_t published_on;
	const char *reason;
	enum publication_state state;
	int64_t requested_by, requested_at; /* requested_by 0: the command line */
	int64_t decided_by, decided_at;     /* 0 while pending */
	const char *via;                    /* "cli" or "api" */
};
/* The documents as rendered, one per format (md, html, pdf, xlsx). */
struct publication_docs {
	const char *data[NOTICE_FORMATS];
	size_t len[NOTICE_FORMATS];
};
/* Stores a request or a publication (p->state) with its documents; assigns
 * p->id. SH_ECONFLICT when the quarter's revision or the year's number is
 * taken by a request not rejected. */
int store_publication_add(store *s, struct publication *p, const struct publication_docs *d);
/* Decides a pending request: to PUBLICATION_PUBLISHED or _REJECTED, by
 * user at; SH_ECONFLICT when it is no longer pending, SH_ENOTFOUND. */
int store_publication_decide(store *s, int64_t id, enum publication_state to, int64_t user_id,
                             int64_t at);
/* A quarter's publications and requests, newest first; strings in a. */
int store_publication_list(store *s, const char *period, struct arena *a,
                           struct publication **out, size_t *n);
/* One document of a publication (format 0..3), in a. */
int store_publication_document(store *s, int64_t id, int format, struct arena *a,
                               const char **data, size_t *len);
/* The highest notice number of `year` among requests not rejected, 0 when
 * none. */
int store_publication_max_number(store *s, int year, int *out);

/* ---- early warning ---------------------------------------------------------------- */

/* The leaves of the daily series (domain/series.h) on days from..to
 * (inclusive day numbers): complaints received per cell, valid reports per
 * kind and operator; rows with a count only, in a. Kept current with every
 * complaint and report, so this reads no complaint or report. */
int store_series_rows(store *s, int32_t from, int32_t to, struct arena *a,
                      struct series_row **out, size_t *n);

/* A complaint as the daily series classify it (read from an index: no row). */
struct complaint_class {
	int64_t id;
	int64_t received_at;
	const char *province;    /* valid during the call only */
	int64_t enterprise_id, category_id, subtopic_id; /* subtopic 0 = none */
};
/* Which complaints a walk wants: a class, or a sub-topic of it, of an operator. */
struct complaint_match {
	int64_t enterprise_id;  /* 0: none recorded */
	int64_t category_id;
	int64_t subtopic_id;    /* -1: any; 0: none */
};
/* Calls fn for each complaint received in [from, to) (instants) matching one
 * of m[0..nm) (and perhaps a few others: fn checks), newest first, until fn
 * returns non-zero: a positive value stops the walk (0 returned), a negative
 * one is returned. One pass for the keywords of all the warnings of a day. */
int store_complaint_classes(store *s, int64_t from, int64_t to, const struct complaint_match *m,
                            size_t nm, int (*fn)(void *ctx, const struct complaint_class *c),
                            void *ctx);
/* The descriptions of complaints ids[0..n), in a: out[i] is ids[i]'s (NULL
 * when there is none). */
int store_complaint_descriptions(store *s, const int64_t *ids, size_t n, struct arena *a,
                                 const char **out);

/* A decision on a warning: acknowledged (a real problem) or dismissed, with
 * the figures the warning had when it was decided, so that precision can be
 * measured later whatever the model becomes. */
struct warning_decision_record {
	int32_t day;                    /* the warning's day */
	char series[SERIES_KEY_MAX];    /* series_key_format */
	enum warning_decision decision;
	const char *note;               /* NULL or "" when none */
	int64_t user_id;
	const char *user_name;          /* read back only */
	int64_t decided_at;
	int window;                     /* days */
	int64_t observed;
	double expected, surprise;      /* kept to three decimals */
};
/* Appends a decision (an earlier one on the same warning stays, superseded). */
int store_warning_decide(store *s, const struct warning_decision_record *d);
/* The latest decision on each warning of `day`, in a. */
int store_warning_decisions(store *s, int32_t day, struct arena *a,
                            struct warning_decision_record **out, size_t *n);

#endif
