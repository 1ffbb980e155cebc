/* Use cases that combine the store with domain logic, shared by the CLI and
 * the HTTP layer: here, gathering the figures of a notice and of the
 * statistics dashboards. */
#ifndef SHENSU_APP_NOTICE_DATA_H
#define SHENSU_APP_NOTICE_DATA_H

#include "core/arena.h"
#include "domain/notice.h"
#include "domain/supervision.h"
#include "domain/reference.h"
#include "store/store.h"

/* Builds the notice of quarter p for the whole country (province NULL) or one
 * province, as a draft (no number): the complaint and 12321 figures, section
 * 三 from the quarter's supervision records (a province's: those it is the
 * authority of) with annex 3, and the ministry's own text (the national
 * notice only). Allocates working memory in a. */
int notice_load(store *s, const struct reference *ref, const struct period *p,
                const char *province, struct arena *a, struct notice *out);

/* The quarter's supervision records, for the whole country (province NULL)
 * or those a province is the authority of, read into *in (arrays in a), and
 * their figures counted (domain/supervision.h). The app campaign is
 * national: a province's figures have none. */
int supervision_load(store *s, const struct reference *ref, const struct period *p,
                     const char *province, struct arena *a, struct supervision_input *in,
                     struct supervision_figures *f);

#endif
