/* Reference data: provinces, enterprises, complaint classes and sub-topics,
 * not-admissible reasons and number segments, with the look-ups the rules need.
 *
 * A struct reference owns all its strings (in its arena). It is filled by the
 * seed loader (from data/) or by the store, and is read-only afterwards, so
 * threads may share it. */
#ifndef SHENSU_DOMAIN_REFERENCE_H
#define SHENSU_DOMAIN_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

#define DATE_OPEN_START INT32_MIN
#define DATE_OPEN_END INT32_MAX

/* The province code of the national centre (and of the ministry). */
#define PROVINCE_NATIONAL "00"

struct province {
	char code[3];      /* GB/T 2260 two digits; PROVINCE_NATIONAL for the national centre */
	char *name;        /* 广东省 */
	char *short_name;  /* 广东 */
	bool national;
};

enum enterprise_kind { ENTERPRISE_BASIC, ENTERPRISE_RESELLER, ENTERPRISE_VALUE_ADDED };

struct enterprise {
	int64_t id;
	char *code;        /* stable ASCII id: "mobile", "mobile-44" for a branch */
	char *name;        /* 中国移动, 中国移动广东分公司 */
	char *full_name;
	enum enterprise_kind kind;
	int64_t parent_id; /* 0 for a group; the group for a provincial branch */
	char province[3];  /* "" for a group */
	int64_t host_id;   /* a reseller's host operator, else 0 */
};

struct category {
	int64_t id;
	char *scheme;       /* "2016", "2022": the taxonomy version */
	char *code;         /* user_service */
	char *name;         /* 用户服务 */
	int32_t valid_from; /* day numbers; DATE_OPEN_START / DATE_OPEN_END when open */
	int32_t valid_to;
};

struct subtopic {
	int64_t id;
	int64_t category_id;
	char *name;
};

struct reason {
	char *code;  /* time_barred_billing */
	char *title; /* 收费争议超过五个月 */
	char *rule;  /* the rule text it cites */
};

struct number_segment {
	char prefix[8];      /* leading digits of an 11-digit mobile number */
	int64_t operator_id; /* the operator serving the block (the host for resellers) */
	bool reseller;
};

struct reference {
	struct province *provinces;
	size_t nprovinces;
	struct enterprise *enterprises;
	size_t nenterprises;
	struct category *categories;
	size_t ncategories;
	struct subtopic *subtopics;
	size_t nsubtopics;
	struct reason *reasons;
	size_t nreasons;
	struct number_segment *segments;
	size_t nsegments;
	struct arena arena; /* owns the arrays and strings above */
};

void reference_init(struct reference *ref);
void reference_free(struct reference *ref);

/* Look-ups take text that need not be NUL-terminated. Each returns NULL when
 * nothing matches. */

/* By code ("44"), full name ("广东省") or short name ("广东"). */
const struct province *reference_province(const struct reference *ref, const char *s, size_t len);
const struct province *reference_province_code(const struct reference *ref, const char *code);
/* By name ("中国移动"), code ("mobile") or full legal name. */
const struct enterprise *reference_enterprise(const struct reference *ref, const char *s, size_t len);
const struct enterprise *reference_enterprise_id(const struct reference *ref, int64_t id);
/* The branch of group `group_id` in `province`, or NULL (resellers have none). */
const struct enterprise *reference_branch(const struct reference *ref, int64_t group_id,
                                          const char *province);
/* By name or code, valid on `day`. */
const struct category *reference_category(const struct reference *ref, const char *s, size_t len,
                                          int32_t day);
/* By name or code, whatever its period (to explain why it does not apply). */
const struct category *reference_category_any(const struct reference *ref, const char *s,
                                              size_t len);
const struct category *reference_category_id(const struct reference *ref, int64_t id);
/* The classes valid on `day`, in table order; returns how many were written. */
size_t reference_categories_on(const struct reference *ref, int32_t day,
                               const struct category **out, size_t max);
const struct subtopic *reference_subtopic(const struct reference *ref, int64_t category_id,
                                          const char *s, size_t len);
const struct reason *reference_reason(const struct reference *ref, const char *code);
/* Longest-prefix match of an 11-digit mobile number. */
const struct number_segment *reference_segment(const struct reference *ref, const char *digits);

const char *enterprise_kind_code(enum enterprise_kind kind);
/* 0 or SH_EINVAL. */
int enterprise_kind_parse(const char *s, enum enterprise_kind *out);

#endif
