/* The in-memory index of reported numbers kept in step with the store: built
 * from it at start-up, then told of every report, invalidation, dispatch and
 * disposal this process writes. Look-ups (GET /api/numbers/{n}) read only the
 * index and the reference data, never the database.
 *
 * Each process keeps its own index: with several instances on one PostgreSQL
 * database an instance sees other instances' writes after its next restart
 * (documented in the README). */
#ifndef SHENSU_APP_NUMBER_REGISTRY_H
#define SHENSU_APP_NUMBER_REGISTRY_H

#include <stdbool.h>

#include "domain/number_index.h"
#include "domain/reference.h"
#include "domain/report.h"
#include "store/store.h"

/* Fills ix from the store. */
int number_registry_load(store *s, number_index *ix);
/* A report stored, or found invalid (unreport: the number's first and last
 * report times are read again from the store, as a restart would). Apps are
 * not in the index. */
void number_registry_report(number_index *ix, const struct report *r);
void number_registry_unreport(number_index *ix, store *s, const struct report *r);
/* A number put on a dispatch list at `at`, or its disposal recorded. */
void number_registry_dispatched(number_index *ix, const char *number, int64_t at);
void number_registry_disposed(number_index *ix, const char *number, enum disposal d);
void number_registry_ported(number_index *ix, const char *number, int64_t operator_id);

/* What a look-up answers. */
struct number_info {
	char digits[NUMBER_MAX];
	enum number_kind kind;
	int64_t operator_id;          /* serving now: the ported record, else the segment; 0 unknown */
	int64_t segment_operator_id;  /* assigned the block; 0 unknown */
	bool ported, reseller;
	bool known;                   /* in the index at all */
	struct number_entry entry;    /* zero when not known */
};
/* Normalises and looks up text as a person wrote it; NUMBER_INVALID with a
 * Chinese reason in why when it is not a number. */
enum number_kind number_registry_lookup(const number_index *ix, const struct reference *ref,
                                        const char *text, size_t len, struct number_info *out,
                                        char *why, size_t whylen);

#endif
