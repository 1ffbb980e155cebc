/* Reports to the 12321 centre: harassment calls, spam SMS, fraud calls and
 * SMS, bad mobile apps. What a report is, how the form and the history CSV
 * are checked, and the codes of dispositions and the app pipeline. */
#ifndef SHENSU_DOMAIN_REPORT_H
#define SHENSU_DOMAIN_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/csv.h"
#include "domain/intake.h"
#include "domain/number.h"
#include "domain/reference.h"

enum report_kind {
	REPORT_HARASSMENT_CALL,
	REPORT_SPAM_SMS,
	REPORT_FRAUD_CALL,
	REPORT_FRAUD_SMS,
	REPORT_BAD_APP,
	REPORT_KIND_COUNT,
};
/* The kinds reported against a number (all but apps): 0..REPORT_NUMBER_KINDS-1. */
#define REPORT_NUMBER_KINDS 4

const char *report_kind_code(enum report_kind k);  /* "harassment_call" */
const char *report_kind_label(enum report_kind k); /* "骚扰电话" */
/* Code or label. 0 or SH_EINVAL. */
int report_kind_parse(const char *s, size_t len, enum report_kind *out);

/* The series the quarterly notice prints: fraud calls and SMS are one. */
enum notice_series {
	SERIES_HARASSMENT_CALL,
	SERIES_SPAM_SMS,
	SERIES_BAD_APP,
	SERIES_FRAUD,
	SERIES_COUNT,
};
const char *report_series_code(enum notice_series s);
const char *report_series_label(enum notice_series s);
enum notice_series report_series_of(enum report_kind k);

/* What an operator did with a number dispatched to it (核查处置). */
enum disposal {
	DISPOSAL_NONE,          /* not reported yet */
	DISPOSAL_SHUT_DOWN,     /* 关停 */
	DISPOSAL_RESTRICTED,    /* 限制 */
	DISPOSAL_WARNED,        /* 警告 */
	DISPOSAL_CHECKED_FINE,  /* 核实无异常 */
	DISPOSAL_CANNOT_VERIFY, /* 无法核实 */
	DISPOSAL_COUNT,
};
const char *disposal_code(enum disposal d);
const char *disposal_label(enum disposal d);
int disposal_parse(const char *s, size_t len, enum disposal *out);

/* A reported app's way through the centre: reported → notified (developer and
 * store told, a rectification deadline set) → publicly named (deadline missed)
 * → removed from the stores; or rectified. */
enum app_state {
	APP_REPORTED,
	APP_NOTIFIED,
	APP_RECTIFIED,
	APP_NAMED,
	APP_REMOVED,
	APP_STATE_COUNT,
};
enum app_action {
	APP_NOTIFY,  /* needs a deadline */
	APP_RECTIFY, /* the developer fixed it */
	APP_NAME,    /* only once the deadline has passed */
	APP_REMOVE,
	APP_ACTION_COUNT,
};
const char *app_state_code(enum app_state s);
const char *app_state_label(enum app_state s);
int app_state_parse(const char *s, size_t len, enum app_state *out);
const char *app_action_code(enum app_action a);
const char *app_action_label(enum app_action a); /* "通知整改" */
int app_action_parse(const char *s, size_t len, enum app_action *out);
/* The state after action, or -1 with a Chinese reason in why. deadline is the
 * app's rectification deadline (0 = none), today the day it is taken. */
int app_transition(enum app_state from, enum app_action a, int32_t deadline, int32_t today,
                   enum app_state *to, char *why, size_t whylen);

#define REPORT_TEXT_MAX 2000   /* characters of SMS text or description */
#define REPORT_APP_FIELD_MAX 200

/* A report. Strings are borrowed. */
struct report {
	int64_t id;
	enum report_kind kind;
	int64_t reported_at;          /* when the centre received it */
	int64_t occurred_at;          /* when the call/SMS came; NO_INSTANT if unknown */
	char target[NUMBER_MAX];      /* the number's digits; "" for apps */
	enum number_kind target_kind; /* NUMBER_INVALID for apps */
	const char *app_name;         /* apps */
	const char *app_package;      /* apps: the package id, the key reports gather on */
	const char *app_store;        /* apps, optional */
	char reporter[NUMBER_MAX];    /* the reporter's own number, "" when not given */
	const char *content;          /* SMS text or description */
	size_t content_len;
	bool invalid;
};

/* The online form as text; NULL or "" is absent. */
struct report_form {
	const char *kind;
	const char *number;       /* the reported number or SMS sender */
	const char *app_name, *app_package, *app_store;
	const char *occurred_at;  /* ISO 8601, Beijing time when no offset */
	const char *reporter;     /* optional */
	const char *content;
};

/* Checks the form for a report received at now. On success fills r and
 * returns 0; otherwise returns the number of errors written (at most max). */
size_t report_validate(const struct report_form *f, int64_t now, struct report *r,
                       struct field_error *errs, size_t max);

/* The history CSV: reported_at, kind, target (required), description
 * (optional), in any order. Numbers are normalised; an app target is a
 * package id. */
enum report_column { RCOL_REPORTED_AT, RCOL_KIND, RCOL_TARGET, RCOL_DESCRIPTION, RCOL_COUNT };
struct report_header {
	int index[RCOL_COUNT];
};
/* "reported_at" … */
const char *report_column_name(enum report_column c);
/* 0, or SH_EINVAL with a Chinese reason in msg. */
int report_header_parse(struct report_header *h, const struct csv_field *f, size_t n, char *msg,
                        size_t msglen);
/* 0, or SH_EINVAL with the 1-based column in *column and a Chinese reason. */
int report_row_parse(const struct report_header *h, int64_t now, const struct csv_field *f,
                     size_t n, struct report *out, size_t *column, char *msg, size_t msglen);

/* Is s a plausible app package id (com.example.app: letters, digits, _ and
 * dots, at least two segments)? */
bool report_package_valid(const char *s, size_t len);

#endif
