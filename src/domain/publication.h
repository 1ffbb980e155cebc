/* Editing and publishing the quarterly notice: the sections the ministry
 * writes itself, and the rules of publication. A published notice is a
 * frozen snapshot (every format stored as rendered); a correction is a new
 * numbered revision, the old one kept. The notice number (2021年第1号)
 * counts the notices first published in a calendar year; its revisions keep
 * it. Through the API a publication needs a second regulator's approval
 * (four-eyes); the command line, run by whoever operates the server,
 * publishes directly and is recorded as such. */
#ifndef SHENSU_DOMAIN_PUBLICATION_H
#define SHENSU_DOMAIN_PUBLICATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/access.h"
#include "domain/enforcement.h"
#include "domain/period.h"

enum notice_section {
	NOTICE_SECTION_PREFACE, /* the opening sentence(s) */
	NOTICE_SECTION_WORK,    /* 一、贯彻落实党中央、国务院工作部署情况 */
	NOTICE_SECTION_TIPS,    /* 四、经营及消费提示 */
	NOTICE_SECTION_COUNT,
};
const char *notice_section_code(enum notice_section s);  /* "work" */
const char *notice_section_label(enum notice_section s); /* "一" */
/* Code, label, or the digit (1, 4) or 前言. 0 or SH_EINVAL. */
int notice_section_parse(const char *s, size_t len, enum notice_section *out);

#define NOTICE_TEXT_MAX 20000 /* characters of a section's text */

/* Checks a section's text: valid UTF-8, no control characters but line
 * breaks and tabs, at most NOTICE_TEXT_MAX characters; blank removes the
 * section's text. 0 or SH_EINVAL (field "body"). */
int notice_text_check(const char *text, struct record_error *err);
/* A section's heading and body from its text: a first line "# 标题" is the
 * heading (else the section's standard heading: 贯彻落实党中央、国务院工作
 * 部署情况, 经营及消费提示; none for the preface); the body follows, with
 * surrounding blank lines dropped. Both point into text or are literals;
 * *heading_len bytes of the heading. */
void notice_text_split(enum notice_section s, const char *text, const char **heading,
                       size_t *heading_len, const char **body);
/* The preface when the ministry wrote none:
 * "根据《中华人民共和国电信条例》相关规定，现将2020年第四季度电信服务有关情况通告如下：". */
void notice_default_preface(const struct period *p, char *buf, size_t len);

enum publication_state {
	PUBLICATION_PENDING,   /* requested, awaiting a second regulator */
	PUBLICATION_PUBLISHED,
	PUBLICATION_REJECTED,  /* refused by a second regulator, or withdrawn */
	PUBLICATION_STATE_COUNT,
};
const char *publication_state_code(enum publication_state s);
const char *publication_state_label(enum publication_state s);
int publication_state_parse(const char *s, size_t len, enum publication_state *out);

/* Checks a publication of quarter p: the document number (文号, required,
 * at most 64 characters), the date (after the quarter ends and at most 31
 * days after today), and for a correction (a quarter published before) a
 * reason. 0, or SH_EINVAL with err (fields doc_no, date, reason). */
int publication_check(const struct period *p, const char *doc_no, int32_t date, int32_t today,
                      bool correction, const char *reason, struct record_error *err);

/* Who may edit the ministry's text and request, approve or reject a
 * publication: a regulator of the ministry (no province). */
bool publication_may_edit(const struct actor *a);
/* Whether approver may approve (or reject) a request made by user
 * requested_by: a ministry regulator other than the requester (four-eyes).
 * The requester may still reject (withdraw) it. */
bool publication_may_decide(const struct actor *approver, int64_t requested_by, bool approve);

#endif
