#include "app/number_registry.h"

#include <string.h>

#include "core/error.h"
#include "core/log.h"
#include "domain/routing.h"

static int load_one(void *ctx, const struct number_record *r)
{
	number_index *ix = ctx;
	uint64_t key;
	if (!number_key(r->number, &key))
		return 0; /* too long for a key: not indexed, still in the store */
	int rc = 0;
	/* Each kind's count at once, within the number's first and last report:
	 * all the index keeps of the times anyway. */
	for (unsigned k = 0; k < REPORT_NUMBER_KINDS && rc == 0; k++)
		if (r->counts[k] > 0)
			rc = number_index_add(ix, key, k,
			                      r->counts[k] > UINT32_MAX ? UINT32_MAX : (uint32_t)r->counts[k],
			                      r->first_at, r->last_at);
	if (rc == 0 && r->dispatch_id)
		rc = number_index_set_dispatched(ix, key, r->dispatched_at > 0 ? r->dispatched_at : 1);
	if (rc == 0 && r->disposal)
		rc = number_index_set_disposal(ix, key, (uint8_t)r->disposal);
	if (rc == 0 && r->ported_operator_id)
		rc = number_index_set_ported(ix, key, r->ported_operator_id);
	return rc;
}

int number_registry_load(store *s, number_index *ix)
{
	return store_number_scan(s, load_one, ix);
}

/* The store has the write; a number the index could not take is only missing
 * from look-ups until the next start, so say so rather than fail the request. */
static void check(int rc, const char *what)
{
	if (rc && rc != SH_ENOTFOUND)
		log_msg(LOG_WARN, "number index: %s: %s", what, sh_err_code(rc));
}

void number_registry_report(number_index *ix, const struct report *r)
{
	uint64_t key;
	if (r->kind < REPORT_NUMBER_KINDS && number_key(r->target, &key))
		check(number_index_report(ix, key, (unsigned)r->kind, r->reported_at), "report");
}

void number_registry_unreport(number_index *ix, store *s, const struct report *r)
{
	uint64_t key;
	if (r->kind >= REPORT_NUMBER_KINDS || !number_key(r->target, &key))
		return;
	check(number_index_unreport(ix, key, (unsigned)r->kind), "unreport");
	struct number_record rec;
	if (store_number_get(s, r->target, &rec) == 0)
		check(number_index_set_times(ix, key, rec.first_at == NO_INSTANT ? 0 : rec.first_at,
		                             rec.last_at == NO_INSTANT ? 0 : rec.last_at),
		      "times");
}

void number_registry_dispatched(number_index *ix, const char *number, int64_t at)
{
	uint64_t key;
	if (number_key(number, &key))
		check(number_index_set_dispatched(ix, key, at), "dispatched");
}

void number_registry_disposed(number_index *ix, const char *number, enum disposal d)
{
	uint64_t key;
	if (number_key(number, &key))
		check(number_index_set_disposal(ix, key, (uint8_t)d), "disposal");
}

void number_registry_ported(number_index *ix, const char *number, int64_t operator_id)
{
	uint64_t key;
	if (number_key(number, &key))
		check(number_index_set_ported(ix, key, operator_id), "ported");
}

enum number_kind number_registry_lookup(const number_index *ix, const struct reference *ref,
                                        const char *text, size_t len, struct number_info *out,
                                        char *why, size_t whylen)
{
	memset(out, 0, sizeof *out);
	out->kind = number_normalize(text, len, out->digits, why, whylen);
	if (out->kind == NUMBER_INVALID)
		return NUMBER_INVALID;
	uint64_t key;
	if (number_key(out->digits, &key))
		out->known = number_index_get(ix, key, &out->entry);
	struct number_route route;
	if (routing_resolve(ref, out->digits, out->kind, out->entry.ported_operator_id, &route) == 0) {
		out->operator_id = route.operator_id;
		out->segment_operator_id = route.segment_operator_id;
		out->ported = route.ported;
		out->reseller = route.reseller;
	}
	return out->kind;
}
