/* Which operator serves a number, so that a report about it reaches the
 * operator that can verify and dispose of it (核查处置).
 *
 * A mobile number's segment (号段, the first 3-5 digits, longest match in the
 * reference data) names the operator assigned the block; a reseller (MVNO)
 * segment names its host operator, which runs the network. Since number
 * portability (携号转网) a ported-number record overrides the segment.
 *
 * Fixed lines, SMS ports and service numbers have no segment data: their
 * operator is 0 (unknown: the centre must find it another way, e.g. from the
 * SMS gateway or the area's exchange) unless a ported-number record, or
 * whatever record the caller passes instead, names one. */
#ifndef SHENSU_DOMAIN_ROUTING_H
#define SHENSU_DOMAIN_ROUTING_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/number.h"
#include "domain/reference.h"

struct number_route {
	int64_t operator_id;         /* the operator serving the number now; 0 = unknown */
	int64_t segment_operator_id; /* the segment's operator (a reseller's host); 0 = none */
	bool ported;                 /* operator_id comes from a ported-number record */
	bool reseller; /* the segment is a reseller segment (162, 165, 167, 170x, 171) */
};

/* Routes `digits`, a number normalised by number_normalize() as `kind`.
 * ported_operator_id is the operator of its ported-number record, 0 when
 * there is none; a record naming the segment's own operator (a number ported
 * back) still counts as ported. Returns 0 and fills *out, or SH_EINVAL (out
 * not written) for NUMBER_INVALID, digits that are not of that kind's shape,
 * or a ported operator that is not in ref. */
int routing_resolve(const struct reference *ref, const char *digits, enum number_kind kind,
                    int64_t ported_operator_id, struct number_route *out);

#endif
