#include "domain/routing.h"

#include <string.h>

#include "core/error.h"

int routing_resolve(const struct reference *ref, const char *digits, enum number_kind kind,
                    int64_t ported_operator_id, struct number_route *out)
{
	size_t n = strlen(digits);
	if (kind == NUMBER_INVALID || n == 0 || n >= NUMBER_MAX ||
	    strspn(digits, "0123456789") != n || (kind == NUMBER_MOBILE && n != 11))
		return SH_EINVAL;
	if (ported_operator_id != 0 && !reference_enterprise_id(ref, ported_operator_id))
		return SH_EINVAL;
	struct number_route r = {0};
	if (kind == NUMBER_MOBILE) {
		const struct number_segment *seg = reference_segment(ref, digits);
		if (seg) {
			r.segment_operator_id = seg->operator_id;
			r.reseller = seg->reseller;
		}
	}
	r.ported = ported_operator_id != 0;
	r.operator_id = r.ported ? ported_operator_id : r.segment_operator_id;
	*out = r;
	return 0;
}
