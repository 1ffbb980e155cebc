/* Cases in JSON, and running a transition, shared by the public and staff
 * handlers. */
#ifndef SHENSU_HTTP_CASE_JSON_H
#define SHENSU_HTTP_CASE_JSON_H

#include "domain/lifecycle.h"
#include "http/server.h"

/* Free text of a case (description, demand, a comment) as `view` allows
 * (access_case_view): s itself, or a copy in a with personal data masked
 * (redact_text). *out_len gets the result's length. */
const char *case_free_text(struct arena *a, const struct access_case_view *view, const char *s,
                           size_t len, size_t *out_len);

/* An instant as "YYYY-MM-DDThh:mm:ss+08:00", or null. */
json_t *json_instant(int64_t t);
/* The view the complainant gets: no personal data, no internal notes. */
json_t *case_public_json(struct request *req, const struct complaint *c,
                         const struct complaint_event *ev, size_t nev);
/* The summary a staff list shows (personal data masked for `who` as needed). */
json_t *case_summary_json(struct request *req, const struct complaint *c, const struct actor *who);
/* The full staff view: the case, its whole history, the admissibility
 * warnings (agency staff), the actions `who` may take now. */
json_t *case_staff_json(struct request *req, const struct complaint *c,
                        const struct complaint_event *ev, size_t nev, const struct actor *who);

/* Applies and stores a transition (guarded by expected_version) and responds:
 * 200 with `view(...)` of the new case, or the problem (403 role_not_allowed,
 * 409 illegal_transition / stale_version, 400 reason_required ...). */
int case_transition(struct request *req, const struct complaint *c, const struct actor *who,
                    struct transition *t, int expected_version, bool public_view);

/* Loads the case by number into the request arena (without its events, so
 * that a caller can check scope or query code first); query_hash, when not
 * NULL, receives the stored hash of its query code. */
int case_load(struct request *req, const char *case_no, struct complaint *c, char *query_hash);
/* Loads the events of a case case_load gave, into the request arena. */
int case_load_events(struct request *req, const struct complaint *c, struct complaint_event **ev,
                     size_t *nev);

struct casework;
/* The request's use-case context (app/casework.h): its store handle, the
 * calendar and its revision, the reference data, the configured reply days. */
int case_work(struct request *req, struct casework *w);

#endif
