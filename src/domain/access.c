#include "domain/access.h"

#include <stdio.h>
#include <string.h>

#include "core/error.h"

/* Each role once: its names and the groups of access.h it belongs to. A new
 * role with an account must list ACCESS_STAFF here, or it cannot sign out. */
static const struct {
	const char *code, *label;
	access_set groups;
} roles[ROLE_COUNT] = {
    [ROLE_COMPLAINANT] = {"complainant", "申诉人", 0},
    [ROLE_AGENCY_STAFF] = {"agency_staff", "申诉受理机构工作人员", ACCESS_STAFF | ACCESS_CASEWORK},
    [ROLE_ENTERPRISE_STAFF] = {"enterprise_staff", "电信企业工作人员", ACCESS_STAFF | ACCESS_CASEWORK},
    [ROLE_REGULATOR] = {"regulator", "电信管理机构", ACCESS_STAFF | ACCESS_CASEWORK},
    [ROLE_ADMIN] = {"admin", "系统管理员", ACCESS_STAFF},
    [ROLE_REPORT_STAFF] = {"report_staff", "12321举报受理中心工作人员", ACCESS_STAFF},
};

/* Single roles and groups share one bit set. */
_Static_assert(ROLE_COUNT <= 16, "roles overlap the group bits of access_set");

/* s[0..len) equals the NUL-terminated t. */
static bool eq(const char *s, size_t len, const char *t)
{
	return strlen(t) == len && memcmp(s, t, len) == 0;
}

static bool role_valid(enum role r)
{
	return (unsigned)r < ROLE_COUNT;
}

const char *role_code(enum role r)
{
	return role_valid(r) ? roles[r].code : "";
}

const char *role_label(enum role r)
{
	return role_valid(r) ? roles[r].label : "";
}

bool access_allows(access_set set, enum role r)
{
	return role_valid(r) && ((set & ACCESS_ROLE(r)) || (set & roles[r].groups));
}

int role_parse(const char *s, size_t len, enum role *out)
{
	if (!s)
		return SH_EINVAL;
	for (int i = 0; i < ROLE_COUNT; i++)
		if (eq(s, len, roles[i].code) || eq(s, len, roles[i].label)) {
			*out = (enum role)i;
			return 0;
		}
	return SH_EINVAL;
}


/* The case went to the actor's group: to the group itself or to one of its
 * branches. */
static bool forwarded_to_group(const struct complaint *c, int64_t group_id,
                               const struct reference *ref)
{
	if (c->forwarded_to == 0 || group_id == 0)
		return false;
	if (c->forwarded_to == group_id)
		return true;
	if (!ref)
		return false;
	const struct enterprise *e = reference_enterprise_id(ref, c->forwarded_to);
	return e && e->parent_id != 0 && e->parent_id == group_id;
}

struct access_scope access_scope_of(const struct actor *a)
{
	switch (a->role) {
	case ROLE_AGENCY_STAFF:
		return (struct access_scope){
			.no_cases = !a->province[0],
			.province = strcmp(a->province, PROVINCE_NATIONAL) == 0 ? NULL : a->province,
		};
	case ROLE_ENTERPRISE_STAFF: /* an account of no enterprise sees nothing */
		return (struct access_scope){.nothing = a->enterprise_id == 0,
		                             .no_cases = a->enterprise_id == 0,
		                             .province = a->province[0] ? a->province : NULL,
		                             .group = a->enterprise_id};
	case ROLE_REGULATOR: /* the ministry sees all; an administration its province */
		return (struct access_scope){.province = access_is_ministry(a) ? NULL : a->province};
	case ROLE_REPORT_STAFF:
		return (struct access_scope){.no_cases = true};
	case ROLE_COMPLAINANT: /* by case number and query code, in the HTTP layer */
	case ROLE_ADMIN:
	case ROLE_COUNT:
		break;
	}
	return (struct access_scope){.nothing = true, .no_cases = true};
}

bool access_scope_province(const struct access_scope *s, const char *requested, const char **out)
{
	if (s->province && requested && strcmp(requested, s->province) != 0)
		return false;
	*out = s->province ? s->province : requested;
	return true;
}

bool access_is_ministry(const struct actor *a)
{
	return a->role == ROLE_REGULATOR &&
	       (!a->province[0] || strcmp(a->province, PROVINCE_NATIONAL) == 0);
}

bool access_can_supervise(const struct actor *a, const char *authority)
{
	if (a->role != ROLE_REGULATOR || !authority)
		return false;
	return access_is_ministry(a) || strcmp(a->province, authority) == 0;
}

bool access_can_read(const struct actor *a, const struct complaint *c, const struct reference *ref)
{
	struct access_scope s = access_scope_of(a);
	if (s.no_cases || (s.province && strcmp(s.province, c->province) != 0))
		return false;
	return !s.group || forwarded_to_group(c, s.group, ref);
}

bool access_can_act(const struct actor *a, const struct complaint *c, const struct reference *ref)
{
	switch (a->role) {
	case ROLE_AGENCY_STAFF:
		return a->province[0] && strcmp(a->province, c->province) == 0;
	case ROLE_ENTERPRISE_STAFF:
		return access_can_read(a, c, ref);
	case ROLE_COMPLAINANT:
	case ROLE_REGULATOR:
	case ROLE_ADMIN:
	case ROLE_REPORT_STAFF:
	case ROLE_COUNT:
		break;
	}
	return false;
}

struct access_case_view access_case_view(const struct actor *a)
{
	/* Personal data and internal notes are for the agency handling the case;
	 * everyone else who can read a case sees it masked. */
	switch (a->role) {
	case ROLE_AGENCY_STAFF:
		return (struct access_case_view){true, true, true};
	case ROLE_COMPLAINANT:
		return (struct access_case_view){true, true, false};
	case ROLE_ENTERPRISE_STAFF:
	case ROLE_REGULATOR:
	case ROLE_ADMIN:
	case ROLE_REPORT_STAFF:
	case ROLE_COUNT:
		break;
	}
	return (struct access_case_view){false, false, false};
}

/* Characters of a fixed line's area code: 010 and 02x have three, the others
 * four (0755). */
static size_t area_code_len(const char *digits)
{
	return digits[1] == '1' || digits[1] == '2' ? 3 : 4;
}

void access_mask_phone(const char *phone, char *out, size_t len)
{
	if (!out || len == 0)
		return;
	out[0] = '\0';
	if (!phone || !phone[0])
		return;
	/* Only the digits count; anything else (spaces, +) is dropped. */
	char d[24];
	size_t n = 0;
	for (const char *p = phone; *p; p++) {
		if (*p < '0' || *p > '9')
			continue;
		if (n == sizeof d - 1) {
			n = 0; /* not a phone number: show nothing of it */
			break;
		}
		d[n++] = *p;
	}
	d[n] = '\0';
	if (n < 7) {
		snprintf(out, len, "****");
		return;
	}
	size_t keep = d[0] == '0' ? area_code_len(d) : 3;
	/* At least three digits stay hidden. */
	if (n < keep + 4 + 3)
		keep = n - 4 - 3;
	snprintf(out, len, "%.*s****%s", (int)keep, d, d + n - 4);
}
