/* Use cases that combine the store with domain logic, shared by the CLI and
 * the HTTP layer: here, gathering the figures of a notice and of the
 * statistics dashboards. */
#ifndef SHENSU_APP_NOTICE_DATA_H
#define SHENSU_APP_NOTICE_DATA_H

#include "core/arena.h"
#include "domain/notice.h"
#include "domain/reference.h"
#include "store/store.h"

/* Builds the notice of quarter p for the whole country (province NULL) or one
 * province. Allocates working memory in a. */
int notice_load(store *s, const struct reference *ref, const struct period *p,
                const char *province, struct arena *a, struct notice *out);

#endif
