/* The registry of licensed enterprises (电信业务经营许可): who they are and
 * what their licence numbers look like. Enterprises beyond the reference
 * table (value-added providers, equipment manufacturers) live here, and so
 * do the reference table's groups and branches once a supervision record
 * names them. */
#ifndef SHENSU_DOMAIN_LICENCE_H
#define SHENSU_DOMAIN_LICENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum licensee_kind {
	LICENSEE_BASIC,        /* a basic operator or one of its provincial branches */
	LICENSEE_RESELLER,     /* a mobile reseller (移动通信转售企业) */
	LICENSEE_VALUE_ADDED,  /* a value-added service provider */
	LICENSEE_MANUFACTURER, /* a telecom equipment manufacturer */
	LICENSEE_KIND_COUNT,
};

#define LICENSEE_NAME_MAX 100 /* characters of a name */
#define LICENCE_NO_MAX 64     /* bytes of a licence number, NUL included */

const char *licensee_kind_code(enum licensee_kind k);  /* "value_added" */
const char *licensee_kind_label(enum licensee_kind k); /* "增值电信企业" */
/* Code or label. 0 or SH_EINVAL. */
int licensee_kind_parse(const char *s, size_t len, enum licensee_kind *out);

/* A registered enterprise. Strings are borrowed (or arena-owned when read
 * from the store). */
struct licensee {
	int64_t id;
	const char *name;       /* as the licence names it: 北京星辰001信息技术有限公司 */
	const char *licence_no; /* NULL or "" when not known */
	enum licensee_kind kind;
	char province[3];       /* where it is registered, "" when national or unknown */
	int64_t enterprise_id;  /* the reference table's enterprise it is, 0 when none */
	int version;
};

/* Checks a telecom business licence number as the ministry and the
 * provincial administrations issue them: an optional issuer (a province's
 * one-character abbreviation: 粤, 京 …), one or more categories (A1, A2, B1,
 * B2, joined by '.'), '-', then eight digits (year and sequence):
 * 粤B2-20180001, A2.B1.B2-20090001; or an ICP licence: 京ICP证000001号.
 * Surrounding blanks are not allowed. 0, or SH_EINVAL with a Chinese reason
 * in why. */
int licence_check(const char *s, size_t len, char *why, size_t whylen);

/* The province that issued a licence (its first character: 粤 -> "44"),
 * written into code (3 bytes); "" for a licence of the ministry or one not
 * recognised. */
void licence_province(const char *licence_no, char code[3]);

/* Checks an enterprise name: 2 to LICENSEE_NAME_MAX characters, valid UTF-8,
 * no control characters, not blank. 0 or SH_EINVAL with a reason. */
int licensee_name_check(const char *s, size_t len, char *why, size_t whylen);

#endif
