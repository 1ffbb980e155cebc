/* The quarterly service-quality notice (电信服务质量通告) as data: what the
 * renderers (src/render/: Markdown, HTML, PDF, XLSX) print. Built by
 * notice_build() from counts the store provides; no I/O here. */
#ifndef SHENSU_DOMAIN_NOTICE_H
#define SHENSU_DOMAIN_NOTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/period.h"

#define NOTICE_MAX_CLASSES 4
#define NOTICE_TREND 8 /* quarters in the trend chart: two years */
#define NOTICE_MAX_ROWS 48
#define NOTICE_MAX_KINDS 5
#define NOTICE_MAX_PARAGRAPHS 8 /* of section 三 */

/* A figure with its rounding result: ok false means "—" (no basis). */
struct stat_pct {
	bool ok;
	int tenths;
};

struct notice_class {
	const char *name;        /* 用户服务 */
	int64_t count;
	struct stat_pct share;
};

struct notice_point {
	char label[16];          /* "2020Q4" */
	char label_zh[24];       /* "2020年第四季度" */
	int64_t count;
};

/* Annex 1: one row per enterprise (and a last row "合计"). */
struct notice_row {
	const char *name;
	int64_t by_class[NOTICE_MAX_CLASSES]; /* in the order of notice.classes */
	int64_t total;
	struct stat_pct complaint_share;      /* its complaints / all */
	struct stat_pct user_share;           /* its users / all users */
	bool rate_ok;
	int64_t rate_hundredths;              /* complaints per million users */
	struct stat_pct rate_change;          /* of that rate from the previous quarter */
};

/* 12321 reports of one kind (filled when report data exist). */
struct notice_kind {
	const char *kind;                     /* harassment_call */
	const char *label;                    /* 骚扰电话 */
	int64_t count;
	struct stat_pct qoq, yoy;
	struct notice_point trend[NOTICE_TREND];
};

/* A numbered paragraph of section 三: "（一）heading。text". */
struct notice_paragraph {
	char heading[96];   /* 纵深推进APP侵害用户权益专项整治行动 */
	char text[3072];    /* the sentences, ending in 。 */
};

/* Annex 3: a product found with problems in equipment sampling. */
struct notice_product {
	const char *manufacturer, *product, *model, *licence_no, *problem;
};

/* Text the ministry writes itself (shensu notice edit): a section's heading
 * and body (paragraphs separated by blank lines); body NULL when not written. */
struct notice_text {
	const char *heading;
	const char *body;
};

/* A published notice's number and document (all 0 / "" for a draft). */
struct notice_publication {
	int year, number;   /* 2021年第1号 */
	int revision;       /* 1 = as first published; a correction is 2, 3 … */
	char doc_no[128];   /* 工信部信管函〔2021〕73号 */
	int32_t date;       /* the day it is published */
	char reason[512];   /* a correction's reason, "" for revision 1 */
};

struct notice {
	struct period period;
	char period_zh[32];                   /* "2020年第四季度" */
	const char *scope;                    /* "全国" or a province's name */
	int64_t total;
	struct stat_pct qoq, yoy;
	struct notice_class classes[NOTICE_MAX_CLASSES];
	size_t nclasses;
	struct notice_point trend[NOTICE_TREND]; /* oldest first, ending with this quarter */
	struct notice_row rows[NOTICE_MAX_ROWS];
	size_t nrows;                         /* including the 合计 row, last */
	struct notice_kind kinds[NOTICE_MAX_KINDS];
	size_t nkinds;
	/* The official paragraphs, ready to print. */
	char headline[1024];                  /* 各级电信申诉受理机构受理电信用户申诉29052件，环比… */
	char reports_paragraph[1024];         /* 12321…, "" when no report data */
	/* Footnotes, each "" when not needed. */
	char footnote_basis[256];             /* why some changes are "—" */
	char footnote_users[256];             /* subscriber data missing */
	/* Section 三 (电信服务监管情况) from the quarter's supervision records;
	 * nsupervision 0 when there are none (the section is left out). */
	struct notice_paragraph supervision[NOTICE_MAX_PARAGRAPHS];
	size_t nsupervision;
	/* Annex 3, in the order printed (arena-owned; none when nothing failed). */
	const struct notice_product *products;
	size_t nproducts;
	/* The ministry's own text: the preface (NULL: the standard sentence),
	 * section 一 (work on the central government's priorities) and section
	 * 四 (business and consumer tips), each left out while not written. */
	const char *preface;
	struct notice_text work, tips;
	struct notice_publication publication;
};

/* What notice_build() needs: counts per class and enterprise for this quarter,
 * the previous one and the same quarter a year before, totals for the trend,
 * and subscriber counts (in 10,000s) for this and the previous quarter. */
struct notice_input {
	struct period period;
	const char *scope;
	size_t nclasses;
	const char *class_names[NOTICE_MAX_CLASSES];
	size_t nenterprises;
	const char *enterprise_names[NOTICE_MAX_ROWS - 1];
	/* counts[q][e][c]: q = 0 this quarter, 1 previous, 2 a year before */
	int64_t counts[3][NOTICE_MAX_ROWS - 1][NOTICE_MAX_CLASSES];
	int64_t trend[NOTICE_TREND];          /* totals, oldest first */
	int64_t subscribers[2][NOTICE_MAX_ROWS - 1]; /* [0] this quarter, [1] previous; 0 unknown */
	size_t nkinds;                        /* 12321 reports, 0 when none */
	const char *kind_codes[NOTICE_MAX_KINDS];
	const char *kind_labels[NOTICE_MAX_KINDS];
	int64_t kind_counts[3][NOTICE_MAX_KINDS];
	int64_t kind_trend[NOTICE_MAX_KINDS][NOTICE_TREND];
	/* Bad apps handled in the quarter: notified to rectify, publicly named,
	 * removed from the stores (all 0: not mentioned). */
	int64_t apps_notified, apps_named, apps_removed;
};

/* Fills n from in: shares, changes, rates, the paragraphs and footnotes. */
void notice_build(const struct notice_input *in, struct notice *n);
/* "2020年第四季度" for a quarter. */
void notice_period_zh(const struct period *p, char *buf, size_t len);

#endif
