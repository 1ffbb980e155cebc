/* The supervision use cases: entering and correcting the regulator's records
 * (enforcement actions, bad-list entries, inspections, app testing batches,
 * equipment samples), the app pipeline's actions in bulk, and the registry
 * of licensed enterprises they name. The same for the HTTP handlers, the
 * imports and the demo. Each checks the record with the domain
 * (domain/enforcement.h), the actor's scope (access_can_supervise: a
 * provincial administration records only its own actions), resolves the
 * enterprises in the registry (registering new ones), stores the record and
 * its event (who, when, what) together.
 *
 * Errors: SH_EINVAL with err filled (the field and why; also for an
 * enterprise whose licence number contradicts the registry), SH_EFORBIDDEN
 * with err when the authority is outside the actor's scope, SH_ENOTFOUND
 * for a record to correct that does not exist or lies outside the scope,
 * SH_ECONFLICT when it changed meanwhile (its version), or a store error. */
#ifndef SHENSU_APP_SUPERVISION_H
#define SHENSU_APP_SUPERVISION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "domain/access.h"
#include "domain/enforcement.h"
#include "domain/reference.h"
#include "domain/report.h"
#include "store/store.h"

struct supervision_ctx {
	store *s;
	const struct reference *ref;
	const struct topic_list *topics;
	const struct actor *who; /* the signed-in regulator; NULL: the command line */
	const char *os_user;     /* the command line's operating-system user */
	int32_t today;
	int64_t now;
	int64_t batch_id;        /* an import's batch: its rows carry it, and the import
	                            records one event for the batch instead of one a row */
};

/* The enterprise named `name` (with licence number `licence`, NULL or ""
 * when not given) in the registry: found by name; when unknown, by its
 * licence number (a renamed enterprise is refused: its registered name is
 * named); else registered now as `kind`, or as the reference table's kind
 * when it is one of its enterprises (中国移动广东分公司 is a basic operator's
 * branch). A licence number given for an enterprise registered without one
 * is recorded; one that differs from the registered number is refused.
 * `field` names the column for err. *out's strings are in a. */
int supervision_licensee(const struct supervision_ctx *c, const char *field, const char *name,
                         const char *licence, enum licensee_kind kind, struct arena *a,
                         struct licensee *out, struct record_error *err);

/* Enforcement actions: parties by name (and licence number); resolved into
 * x->parties as stored. correct replaces the record with id x->id. */
int supervision_action_record(const struct supervision_ctx *c, struct enforcement_action *x,
                              struct arena *a, struct record_error *err);
int supervision_action_correct(const struct supervision_ctx *c, struct enforcement_action *x,
                               int expected_version, struct arena *a, struct record_error *err);

int supervision_badlist_record(const struct supervision_ctx *c, struct badlist_entry *e,
                               struct arena *a, struct record_error *err);
int supervision_badlist_correct(const struct supervision_ctx *c, struct badlist_entry *e,
                                int expected_version, struct arena *a, struct record_error *err);

int supervision_inspection_record(const struct supervision_ctx *c, struct inspection *i,
                                  struct arena *a, struct record_error *err);
int supervision_inspection_correct(const struct supervision_ctx *c, struct inspection *i,
                                   int expected_version, struct arena *a,
                                   struct record_error *err);

int supervision_app_test_record(const struct supervision_ctx *c, struct app_test_batch *b,
                                struct arena *a, struct record_error *err);
int supervision_app_test_correct(const struct supervision_ctx *c, struct app_test_batch *b,
                                 int expected_version, struct arena *a, struct record_error *err);

int supervision_equipment_record(const struct supervision_ctx *c, struct equipment_sample *e,
                                 struct arena *a, struct record_error *err);
int supervision_equipment_correct(const struct supervision_ctx *c, struct equipment_sample *e,
                                  int expected_version, struct arena *a,
                                  struct record_error *err);

/* A registered enterprise corrected (name, licence number, kind, province). */
int supervision_licensee_correct(const struct supervision_ctx *c, struct licensee *l,
                                 int expected_version, struct arena *a, struct record_error *err);

/* An app pipeline step taken on `day` (the app added first when the centre
 * never had a report of it): notify needs a deadline after day; the
 * problem found, when given, is recorded. The app pipeline's rules
 * (app_transition) decide; only the ministry acts on apps. *out is the app
 * as stored. */
struct app_step {
	const char *package, *name, *app_store;
	enum app_action action;
	int32_t day, deadline;
	const char *problem;
	int expected_version; /* -1: whatever it is now (imports) */
};
int supervision_app_action(const struct supervision_ctx *c, const struct app_step *step,
                           struct arena *a, struct app_record *out, struct record_error *err);

/* Records an event of record/id with the actor of c (the import's, for a
 * batch). detail may be NULL; it is not kept. */
int supervision_event(const struct supervision_ctx *c, const char *record, int64_t id,
                      const char *action, json_t *detail);

/* The authority as people name it: 工业和信息化部 (00), 广东省通信管理局. */
void supervision_authority_name(const struct reference *ref, const char *code, char *buf,
                                size_t len);

/* Records as JSON, as the API shows them and events keep them (dates as
 * YYYY-MM-DD, enterprises with their licence numbers). */
json_t *supervision_licensee_json(const struct licensee *l);
json_t *supervision_action_json(const struct reference *ref, const struct topic_list *topics,
                                const struct enforcement_action *x);
json_t *supervision_badlist_json(const struct reference *ref, const struct badlist_entry *e);
json_t *supervision_inspection_json(const struct reference *ref, const struct topic_list *topics,
                                    const struct inspection *i);
json_t *supervision_app_test_json(const struct reference *ref, const struct app_test_batch *b);
json_t *supervision_equipment_json(const struct reference *ref, const struct equipment_sample *e);

#endif
