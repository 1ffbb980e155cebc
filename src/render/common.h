/* What the notice renderers share: the titles, the "—" rule for figures, the
 * chart scale and XML escaping. Internal to src/render/. */
#ifndef SHENSU_RENDER_COMMON_H
#define SHENSU_RENDER_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "domain/notice.h"

#define RENDER_TITLE "工业和信息化部关于电信服务质量的通告"
#define RENDER_ISSUER "工业和信息化部"
#define RENDER_ANNEX "附件1"
#define RENDER_ANNEX3 "附件3"
/* The columns of annex 1 after the class columns. */
#define RENDER_ANNEX_TAIL 5
extern const char *const render_annex_tail[RENDER_ANNEX_TAIL];

/* "2020年第四季度电信服务质量通告（全国）". */
void render_subtitle(const struct notice *n, char *buf, size_t len);

/* The notice's parts in the order printed, each present only with content:
 * section 一 and 四 when the ministry wrote them, section 三 when the
 * quarter has supervision records; complaints always. */
enum render_part { RENDER_WORK, RENDER_COMPLAINTS, RENDER_SUPERVISION, RENDER_TIPS };
struct render_section {
	enum render_part part;
	char heading[160]; /* numbered as printed: "二、电信用户申诉情况" */
};
#define RENDER_MAX_SECTIONS 4
size_t render_sections(const struct notice *n, struct render_section out[RENDER_MAX_SECTIONS]);
/* RENDER_TITLE, with the number once published: "…通告（2021年第1号）". */
void render_title(const struct notice *n, char *buf, size_t len);
/* The line under the title: the document number once published
 * (工信部信管函〔2021〕73号), else the subtitle. */
void render_title_line(const struct notice *n, char *buf, size_t len);
/* The preface the ministry wrote, or the standard one (written into buf). */
const char *render_preface(const struct notice *n, char *buf, size_t len);
/* A corrected revision's note ("本通告为第2版（2021年4月20日），更正说明：…"),
 * "" otherwise. */
void render_revision_note(const struct notice *n, char *buf, size_t len);
/* The date under the issuer's name once published ("2021年4月12日"), else "". */
void render_signature_date(const struct notice *n, char *buf, size_t len);
/* "（一）" … "（十）" for paragraph i = 0 … 9. */
const char *render_item_number(size_t i);
/* The next paragraph of a text written by the ministry (paragraphs are
 * separated by blank lines; the line breaks within one are dropped), as a
 * heap string the caller frees; NULL after the last. *cursor starts at the
 * text. */
char *render_next_paragraph(const char **cursor);

/* Annex 3's caption and columns. */
void render_annex3_caption(const struct notice *n, char *buf, size_t len);
#define RENDER_ANNEX3_COLUMNS 6
extern const char *const render_annex3_columns[RENDER_ANNEX3_COLUMNS];
/* A row of annex 3 as text cells (row i: its number written into num). */
void render_annex3_row(const struct notice *n, size_t i, char num[16],
                       const char *cells[RENDER_ANNEX3_COLUMNS]);
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
