/* What the notice renderers share: the titles, the "—" rule for figures, the
 * chart scale and XML escaping. Internal to src/render/. */
#ifndef SHENSU_RENDER_COMMON_H
#define SHENSU_RENDER_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "domain/notice.h"

#define RENDER_TITLE "工业和信息化部关于电信服务质量的通告"
#define RENDER_SECTION1 "一、电信用户申诉情况"
#define RENDER_ANNEX "附件1"
/* The columns of annex 1 after the class columns. */
#define RENDER_ANNEX_TAIL 5
extern const char *const render_annex_tail[RENDER_ANNEX_TAIL];

/* "2020年第四季度电信服务质量通告（全国）". */
void render_subtitle(const struct notice *n, char *buf, size_t len);
/* "2020年第四季度电信企业申诉情况" (annex 1's caption). */
void render_annex_caption(const struct notice *n, char *buf, size_t len);
/* Figure `fig` (0: complaints, k + 1: report kind k):
 * "图1 2019-2020年电信服务申诉情况", "图2 2019-2020年骚扰电话举报情况".
 * The years are those of the trend's first and last quarters. */
void render_figure_title(const struct notice *n, size_t fig, char *buf, size_t len);
/* A share or change: "50.3%", or "—" (the returned pointer) when !p->ok. */
const char *render_pct(const struct stat_pct *p, char *buf, size_t len);
/* A row's complaints per million users: "15.51" or "—". */
const char *render_rate(const struct notice_row *row, char *buf, size_t len);
/* A row's rate change for the table: "下降5.2%", "上升3.9%", "持平" or "—". */
const char *render_change(const struct stat_pct *p, char *buf, size_t len);
/* A quarter label on two lines: "2020年" and "第四季度" (from label_zh), or
 * the short label and "" when label_zh has no 年. */
void render_quarter_lines(const struct notice_point *p, char *year, size_t ylen, char *quarter,
                          size_t qlen);
/* A value axis for bars up to max (with some headroom for the value labels):
 * from 0 to *top in steps of *step, *top / *step intervals (1, 2 or 5 × 10^k). */
void render_axis(int64_t max, int64_t *top, int64_t *step);
/* s escaped for XML text and attribute values (&<>"'); control characters
 * that XML does not allow are dropped. */
void render_xml_escape(FILE *out, const char *s);

#endif
