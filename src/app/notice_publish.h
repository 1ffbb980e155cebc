/* Editing and publishing the quarterly notice (domain/publication.h): the
 * ministry's own text, publication requests and their approval by a second
 * regulator (four-eyes), and the documents served: a published revision
 * exactly as stored, byte for byte, whatever is imported later. The CLI
 * (who NULL) publishes directly and is recorded as having done so. Every
 * change is an event (record "notice", the quarter as yyyyq).
 *
 * Errors: SH_EINVAL with err (the field and why), SH_EFORBIDDEN with err
 * (not a ministry regulator; approving one's own request), SH_ECONFLICT with
 * err (a request already pending, none pending, a text changed meanwhile),
 * SH_ENOTFOUND, or a store or render error. */
#ifndef SHENSU_APP_NOTICE_PUBLISH_H
#define SHENSU_APP_NOTICE_PUBLISH_H

#include <stdint.h>

#include "core/arena.h"
#include "domain/access.h"
#include "domain/enforcement.h"
#include "domain/notice.h"
#include "domain/period.h"
#include "domain/publication.h"
#include "domain/reference.h"
#include "store/store.h"

struct notice_desk {
	store *s;
	const struct reference *ref;
	const struct actor *who; /* a regulator; NULL: the command line */
	const char *os_user;     /* the command line's operating-system user */
	int32_t today;
	int64_t now;
};

/* Writes a section's text for quarter p (blank: the section is left out
 * again). expected_version: the version the editor saw (0: none yet), or -1
 * to write over whatever is there (the command line). */
int notice_text_edit(const struct notice_desk *d, const struct period *p,
                     enum notice_section section, const char *body, int expected_version,
                     struct record_error *err);

/* Renders n in one format (0 md, 1 html, 2 pdf, 3 xlsx) into a. */
int notice_render(const struct notice *n, int format, struct arena *a, const char **data,
                  size_t *len);
/* The format's index by name ("pdf" -> 2), or -1. */
int notice_format_parse(const char *name);

/* Renders the national notice of p as it stands, with publication pub (NULL:
 * a draft), in every format (md, html, pdf, xlsx) into a. */
int notice_render_all(const struct notice_desk *d, const struct period *p,
                      const struct notice_publication *pub, struct arena *a,
                      struct publication_docs *out);

/* Publishes quarter p as the next revision (a correction needs a reason):
 * renders the snapshot now, with its number (the quarter's own once it was
 * published, else the next of the publication date's year). Through the API
 * (d->who) it becomes a request awaiting a second regulator; from the
 * command line it is published at once. *out is the stored row (strings in
 * a). */
int notice_publish(const struct notice_desk *d, const struct period *p, const char *doc_no,
                   int32_t date, const char *reason, struct arena *a, struct publication *out,
                   struct record_error *err);

/* Approves (publishes) or rejects the pending request `id` of quarter p. A
 * regulator of the ministry other than the requester approves; the
 * requester may withdraw (reject) it. */
int notice_decide(const struct notice_desk *d, const struct period *p, int64_t id, bool approve,
                  struct arena *a, struct publication *out, struct record_error *err);

/* Which document notice_document serves. */
enum notice_which {
	NOTICE_CURRENT, /* the latest published revision, else a draft rendered now */
	NOTICE_DRAFT,   /* rendered now from the data */
	NOTICE_REVISION,/* published revision `revision` */
	NOTICE_PENDING, /* the snapshot a pending request would publish */
};
/* One format (0 md, 1 html, 2 pdf, 3 xlsx) of quarter p's notice; *pub
 * (may be NULL) receives the publication served (id 0 for a draft). */
int notice_document(const struct notice_desk *d, const struct period *p, enum notice_which which,
                    int revision, int format, struct arena *a, const char **data, size_t *len,
                    struct publication *pub);

/* The record id of a quarter's notice events: 20204 for 2020Q4. */
int64_t notice_event_id(const struct period *p);

#endif
