/* The in-memory index of reported numbers (domain/number_index.h) kept in
 * step with the store, whichever process writes to it. Look-ups
 * (GET /api/numbers/{n}, POST /api/numbers/lookup) read only the index and
 * the reference data, never the database.
 *
 * Only this module writes to the index, and only from the store's change log
 * (store.h, "changes to numbers"): for every change after the last one
 * applied it puts the number's whole entry as the store has it then, so
 * applying a change twice, or late, leaves the index right. A process's own
 * writes are applied before it answers them (number_registry_catch_up with
 * the change its commit recorded); writes through other processes within a
 * wait of the follower (number_registry_follow: LISTEN/NOTIFY on
 * PostgreSQL, the file's data version on SQLite, and a catch-up by change id
 * after any gap, so nothing is missed when a notice is). */
#ifndef SHENSU_APP_NUMBER_REGISTRY_H
#define SHENSU_APP_NUMBER_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/number_index.h"
#include "domain/reference.h"
#include "domain/report.h"
#include "store/store.h"

typedef struct number_registry number_registry;

/* An index for up to about `capacity` numbers (0: the index's default)
 * filled from the store. */
int number_registry_open(store *s, size_t capacity, number_registry **out);
/* NULL-safe; nothing else may be using it. */
void number_registry_free(number_registry *r);
const number_index *number_registry_index(const number_registry *r);
/* The last change applied. */
int64_t number_registry_applied(const number_registry *r);

/* Applies the changes recorded after the last one applied, reading them with
 * s, until at least change `want` is applied (0: whatever is recorded now).
 * One caller at a time catches up: another waits, and then usually finds its
 * change applied already. When changes it had not applied were pruned, reads
 * everything again. */
int number_registry_catch_up(number_registry *r, store *s, int64_t want);
/* After a write through s committed: applies what it recorded. Failures are
 * logged, not returned (the write is done; the follower applies it later). */
void number_registry_after_write(number_registry *r, store *s);
/* Follows changes made by other processes until *stop (read atomically,
 * looked at least every `wait_ms`): waits for a hint on s
 * (store_number_changes_wait, s is the follower's own handle) and catches
 * up; also at least every wait_ms, so that a lost notice costs no more than
 * that. Once an hour prunes changes older than a day. */
void number_registry_follow(number_registry *r, store *s, const int *stop, int wait_ms);

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
/* The same for n texts at once (texts[i] of lens[i] bytes; NULL: not a
 * text, refused as such), faster than one by one: the index's memory for
 * all of them is fetched before any is read. out[i].kind is NUMBER_INVALID
 * with the reason in why[i] for those that are not numbers. */
#define NUMBER_WHY_MAX 160
void number_registry_lookup_many(const number_index *ix, const struct reference *ref,
                                 const char *const *texts, const size_t *lens, size_t n,
                                 struct number_info *out, char (*why)[NUMBER_WHY_MAX]);

#endif
