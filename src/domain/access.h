/* Who may see and do what. Checked by the HTTP layer on every request; the
 * rules live here. */
#ifndef SHENSU_DOMAIN_ACCESS_H
#define SHENSU_DOMAIN_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/complaint.h"
#include "domain/reference.h"

enum role {
	ROLE_COMPLAINANT,     /* the public, holding a case number and its query code */
	ROLE_AGENCY_STAFF,    /* one province's centre, or the national centre ("00") */
	ROLE_ENTERPRISE_STAFF,/* one enterprise group, optionally one province */
	ROLE_REGULATOR,       /* the ministry (no province): every case, read-only, and every
	                         supervision record; a provincial administration: its province */
	ROLE_ADMIN,           /* users, settings, reference data; no case work */
	ROLE_REPORT_STAFF,    /* the 12321 centre: reports, dispatches, apps; no complaints */
	ROLE_COUNT,
};

struct actor {
	enum role role;
	int64_t user_id;       /* 0 for the complainant */
	char province[3];      /* agency: its province or "00"; enterprise: "" or a province;
	                          regulator: "" (or "00") for the ministry, else its province */
	int64_t enterprise_id; /* enterprise staff: the group */
};

/* A staff account. */
struct user {
	int64_t id;
	const char *name;
	struct actor actor; /* role and scope; actor.user_id == id */
	bool disabled;
};

/* A set of roles, as a route declares who may call it: single roles
 * (ACCESS_ROLE(r)) and the named groups below, whose members are listed once,
 * in the role table in access.c. 0 means anyone, without a session. */
typedef unsigned access_set;
#define ACCESS_ROLE(r) (1u << (r))
/* Every role with an account (all but the complainant): sign out, /api/me. */
#define ACCESS_STAFF (1u << 16)
/* The roles that read complaint cases (within access_can_read's scope). */
#define ACCESS_CASEWORK (1u << 17)

/* Whether the set admits the role, by name or through a group. */
bool access_allows(access_set set, enum role r);

const char *role_code(enum role r);     /* "agency_staff" */
const char *role_label(enum role r);    /* "申诉受理机构工作人员" */
int role_parse(const char *s, size_t len, enum role *out); /* 0 or SH_EINVAL */

/* What an actor may list, as a narrowing that case lists, exports,
 * statistics and the 12321 routes apply on the server, whatever the client
 * asked for. The one statement of scope: access_can_read follows it too.
 * - agency staff: their province's cases (province), every province for the
 *   national centre (PROVINCE_NATIONAL); an account without a province none;
 * - enterprise staff: cases forwarded to their group (group), of their
 *   province when they have one; 12321 numbers and lists dispatched to it;
 *   an account of no enterprise no case;
 * - regulator: everything for the ministry (no province, or "00"); a
 *   provincial administration its province's cases, statistics and
 *   supervision records (those it is the authority of); every 12321 record;
 * - report staff: every 12321 record, no case;
 * - admin and the public (here): no case. */
struct access_scope {
	bool nothing;         /* may list nothing at all */
	bool no_cases;        /* may list no complaint case */
	const char *province; /* cases of this province only; NULL = every province */
	int64_t group;        /* only cases forwarded to this enterprise group (or its
	                         branches) and 12321 records dispatched to it; 0 = all */
};
struct access_scope access_scope_of(const struct actor *a);
/* A province a request asks for (NULL: none) within the scope: *out is the
 * province to list (NULL = all). False when the request lies outside the
 * scope (the caller answers with an empty list, or refuses where that is the
 * rule). */
bool access_scope_province(const struct access_scope *s, const char *requested,
                           const char **out);

/* Supervision records (enforcement actions, bad-list entries, inspections,
 * campaigns): whether the actor may enter or correct a record of
 * `authority` ("00" the ministry, or a province). The ministry's regulators
 * may record for any authority; a provincial administration only its own;
 * nobody else. Which records it lists follows access_scope_of (province =
 * the authority). */
bool access_can_supervise(const struct actor *a, const char *authority);
/* Whether the actor is a regulator of the ministry (no province): who edits
 * and publishes the national notice. */
bool access_is_ministry(const struct actor *a);

/* Whether the actor may see the case at all. A case out of scope must look
 * exactly like one that does not exist (the HTTP layer answers 404).
 * - agency staff: cases of their province; the national centre ("00") sees all;
 *   an account with an empty province sees nothing;
 * - enterprise staff: cases forwarded to a branch of their group (or the group
 *   itself), and of their province when they have one; never a case not yet
 *   forwarded. ref resolves forwarded_to to its group (when NULL, only cases
 *   forwarded to the group itself match);
 * - regulator: all; admin: none; complainant: false here, decided by the query
 *   code in the HTTP layer, which then calls lifecycle_apply directly. */
bool access_can_read(const struct actor *a, const struct complaint *c,
                     const struct reference *ref);
/* Whether the actor may act on the case at all (its role may still not allow a
 * given action: see lifecycle). Agency staff act only on their own province's
 * cases (the national centre on "00" cases); enterprise staff on cases they can
 * read; regulator, admin (and complainant, see above) never. */
bool access_can_act(const struct actor *a, const struct complaint *c,
                    const struct reference *ref);
/* What of a case an actor who may read it (access_can_read) sees: the one
 * policy every case view and export applies (README, Security).
 * - agency staff: everything, internal notes included;
 * - enterprise staff and regulators: no name, address or postcode, the phone
 *   masked (access_mask_phone), the city; free text (description, demand,
 *   city, comments) with personal data masked (redact_text): operators need
 *   the substance to act, not the person; no internal notes (the events stay,
 *   their comment is left out);
 * - the complainant (own case, by query code): the public view, which has no
 *   personal data and no internal notes (case_public_json);
 * - admin and report staff read no cases: everything withheld. */
struct access_case_view {
	bool personal_data;  /* name, full phone, address, postcode */
	bool plain_text;     /* free text as written, else through redact_text */
	bool internal_notes; /* comments of events marked internal */
};
struct access_case_view access_case_view(const struct actor *a);
/* "13800138000" -> "138****8000"; fixed lines keep the area code and the last
 * four digits ("0755****5678"); anything shorter than 7 digits -> "****".
 * Only digits count (separators are dropped); at least three digits stay
 * hidden; NULL or "" gives "". Writes at most len bytes including the NUL. */
void access_mask_phone(const char *phone, char *out, size_t len);

#endif
