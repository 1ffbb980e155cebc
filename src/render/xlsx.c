/* The notice as an XLSX workbook (libxlsxwriter): 申诉情况 (the figures of
 * the headline), 附件1 (the enterprise table), 趋势 (figure 1's quarters, with
 * a column chart) and one sheet per 12321 report kind. Counts are numbers,
 * shares and changes fractions shown as "0.0%", rates numbers shown as
 * "0.00"; a figure without basis is the text "—". */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <xlsxwriter.h>

#include "core/error.h"
#include "render/common.h"
#include "render/render.h"
#include "render/workbook.h"

enum cell { TEXT, COUNT, PCT, RATE, DASH, NCELL };

struct book {
	lxw_workbook *wb;
	lxw_format *title, *head, *note;
	lxw_format *f[NCELL][2]; /* [kind][bold] */
	/* Chart titles and sheet names, alive until workbook_close(). */
	char titles[1 + NOTICE_MAX_KINDS][160];
	char names[NOTICE_MAX_KINDS][64];
};

static void formats(struct book *b)
{
	static const char *const num[NCELL] = {NULL, "0", "0.0%", "0.00", NULL};

	b->title = workbook_add_format(b->wb);
	format_set_bold(b->title);
	format_set_font_size(b->title, 14);
	b->head = workbook_add_format(b->wb);
	format_set_bold(b->head);
	format_set_bg_color(b->head, 0xEEF2F7);
	format_set_border(b->head, LXW_BORDER_THIN);
	format_set_align(b->head, LXW_ALIGN_CENTER);
	format_set_align(b->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(b->head);
	b->note = workbook_add_format(b->wb);
	format_set_font_size(b->note, 9);
	for (int k = 0; k < NCELL; k++)
		for (int bold = 0; bold < 2; bold++) {
			lxw_format *f = workbook_add_format(b->wb);
			format_set_border(f, LXW_BORDER_THIN);
			if (num[k])
				format_set_num_format(f, num[k]);
			if (k == DASH)
				format_set_align(f, LXW_ALIGN_RIGHT);
			if (bold)
				format_set_bold(f);
			b->f[k][bold] = f;
		}
}

static void text(struct book *b, lxw_worksheet *ws, int r, int c, const char *s, bool bold)
{
	worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s ? s : "", b->f[TEXT][bold]);
}

static void count(struct book *b, lxw_worksheet *ws, int r, int c, int64_t v, bool bold)
{
	worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, (double)v, b->f[COUNT][bold]);
}

static void dash(struct book *b, lxw_worksheet *ws, int r, int c, bool bold)
{
	worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, "—", b->f[DASH][bold]);
}

/* A share or change as a fraction: 503 tenths -> 0.503, shown "50.3%". */
static void pct(struct book *b, lxw_worksheet *ws, int r, int c, const struct stat_pct *p,
                bool bold)
{
	if (!p->ok)
		dash(b, ws, r, c, bold);
	else
		worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, p->tenths / 1000.0,
		                       b->f[PCT][bold]);
}

static void head(struct book *b, lxw_worksheet *ws, int r, int c, const char *s)
{
	worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s, b->head);
}

static void summary(struct book *b, const struct notice *n)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "申诉情况");
	char buf[160];
	int r = 0;

	worksheet_set_column(ws, 0, 0, 22, NULL);
	worksheet_set_column(ws, 1, 3, 14, NULL);
	render_title(n, buf, sizeof buf);
	worksheet_write_string(ws, 0, 0, buf, b->title);
	render_title_line(n, buf, sizeof buf);
	worksheet_write_string(ws, 1, 0, buf, NULL);
	r = 3;
	head(b, ws, r, 0, "项目");
	head(b, ws, r++, 1, "数值");
	text(b, ws, r, 0, "通告期", false);
	text(b, ws, r++, 1, n->period_zh, false);
	text(b, ws, r, 0, "范围", false);
	text(b, ws, r++, 1, n->scope ? n->scope : "全国", false);
	text(b, ws, r, 0, "申诉总量（件）", false);
	count(b, ws, r++, 1, n->total, false);
	text(b, ws, r, 0, "环比", false);
	pct(b, ws, r++, 1, &n->qoq, false);
	text(b, ws, r, 0, "同比", false);
	pct(b, ws, r++, 1, &n->yoy, false);

	r++;
	head(b, ws, r, 0, "申诉类别");
	head(b, ws, r, 1, "申诉量（件）");
	head(b, ws, r++, 2, "占比");
	for (size_t c = 0; c < n->nclasses; c++, r++) {
		text(b, ws, r, 0, n->classes[c].name, false);
		count(b, ws, r, 1, n->classes[c].count, false);
		pct(b, ws, r, 2, &n->classes[c].share, false);
	}

	if (n->nkinds) {
		r++;
		head(b, ws, r, 0, "12321举报类别");
		head(b, ws, r, 1, "举报量（件）");
		head(b, ws, r, 2, "环比");
		head(b, ws, r++, 3, "同比");
		for (size_t k = 0; k < n->nkinds; k++, r++) {
			text(b, ws, r, 0, n->kinds[k].label, false);
			count(b, ws, r, 1, n->kinds[k].count, false);
			pct(b, ws, r, 2, &n->kinds[k].qoq, false);
			pct(b, ws, r, 3, &n->kinds[k].yoy, false);
		}
	}

	r++;
	worksheet_write_string(ws, (lxw_row_t)r++, 0, n->headline, b->note);
	if (n->nkinds)
		worksheet_write_string(ws, (lxw_row_t)r++, 0, n->reports_paragraph, b->note);
	if (n->footnote_basis[0])
		worksheet_write_string(ws, (lxw_row_t)r++, 0, n->footnote_basis, b->note);
}

static void annex(struct book *b, const struct notice *n)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, RENDER_ANNEX);
	size_t nc = n->nclasses < NOTICE_MAX_CLASSES ? n->nclasses : NOTICE_MAX_CLASSES;
	char buf[160];
	int r = 0;

	worksheet_set_column(ws, 0, 0, 14, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)(nc + RENDER_ANNEX_TAIL), 12, NULL);
	render_annex_caption(n, buf, sizeof buf);
	worksheet_write_string(ws, 0, 0, buf, b->title);
	r = 1;
	head(b, ws, r, 0, "企业");
	for (size_t c = 0; c < nc; c++)
		head(b, ws, r, (int)(1 + c), n->classes[c].name);
	for (size_t c = 0; c < RENDER_ANNEX_TAIL; c++)
		head(b, ws, r, (int)(1 + nc + c), render_annex_tail[c]);
	worksheet_freeze_panes(ws, 2, 1);
	r++;
	for (size_t i = 0; i < n->nrows; i++, r++) {
		const struct notice_row *row = &n->rows[i];
		bool bold = i + 1 == n->nrows;
		int c = 0;
		text(b, ws, r, c++, row->name, bold);
		for (size_t k = 0; k < nc; k++)
			count(b, ws, r, c++, row->by_class[k], bold);
		count(b, ws, r, c++, row->total, bold);
		pct(b, ws, r, c++, &row->complaint_share, bold);
		pct(b, ws, r, c++, &row->user_share, bold);
		if (row->rate_ok)
			worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c++,
			                       row->rate_hundredths / 100.0, b->f[RATE][bold]);
		else
			dash(b, ws, r, c++, bold);
		pct(b, ws, r, c++, &row->rate_change, bold);
	}
	r++;
	if (n->footnote_basis[0])
		worksheet_write_string(ws, (lxw_row_t)r++, 0, n->footnote_basis, b->note);
	if (n->footnote_users[0])
		worksheet_write_string(ws, (lxw_row_t)r++, 0, n->footnote_users, b->note);
}

/* Quarters from row `first` (a header, then NOTICE_TREND rows) and a column
 * chart of them beside. */
static void trend(struct book *b, lxw_worksheet *ws, const char *sheet, int first,
                  const char *title, const struct notice_point *pts)
{
	worksheet_set_column(ws, 0, 0, 10, NULL);
	worksheet_set_column(ws, 1, 1, 18, NULL);
	worksheet_set_column(ws, 2, 2, 12, NULL);
	head(b, ws, first, 0, "季度");
	head(b, ws, first, 1, "季度（中文）");
	head(b, ws, first, 2, "数量（件）");
	for (int i = 0; i < NOTICE_TREND; i++) {
		text(b, ws, first + 1 + i, 0, pts[i].label, false);
		text(b, ws, first + 1 + i, 1, pts[i].label_zh, false);
		count(b, ws, first + 1 + i, 2, pts[i].count, false);
	}
	lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
	lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
	lxw_row_t r0 = (lxw_row_t)(first + 1), r1 = (lxw_row_t)(first + NOTICE_TREND);
	chart_series_set_categories(s, sheet, r0, 1, r1, 1);
	chart_series_set_values(s, sheet, r0, 2, r1, 2);
	chart_series_set_labels(s);
	chart_title_set_name(chart, title);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	worksheet_insert_chart(ws, (lxw_row_t)first, 4, chart);
}

static void kind_sheet(struct book *b, const struct notice *n, size_t k)
{
	const struct notice_kind *kd = &n->kinds[k];
	char *name = b->names[k], *title = b->titles[1 + k];
	size_t len = sizeof b->titles[0];

	/* The label, if Excel accepts it as a sheet name and it is not taken. */
	snprintf(name, sizeof b->names[0], "%s", kd->label ? kd->label : "");
	if (!name[0] || workbook_validate_sheet_name(b->wb, name) != LXW_NO_ERROR)
		snprintf(name, sizeof b->names[0], "12321举报%zu", k + 1);
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
	if (!ws)
		return;
	snprintf(title, len, "12321举报：%s", kd->label ? kd->label : "");
	worksheet_write_string(ws, 0, 0, title, b->title);
	text(b, ws, 2, 0, "举报量（件）", false);
	count(b, ws, 2, 1, kd->count, false);
	text(b, ws, 3, 0, "环比", false);
	pct(b, ws, 3, 1, &kd->qoq, false);
	text(b, ws, 4, 0, "同比", false);
	pct(b, ws, 4, 1, &kd->yoy, false);
	render_figure_title(n, k + 1, title, len);
	trend(b, ws, name, 6, title, kd->trend);
}

/* Section 三: a paragraph a row, and annex 3's table. */
static void supervision(struct book *b, const struct notice *n)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "监管情况");
	char buf[4096];
	worksheet_set_column(ws, 0, 0, 120, NULL);
	worksheet_write_string(ws, 0, 0, "电信服务监管情况", b->title);
	for (size_t k = 0; k < n->nsupervision; k++) {
		snprintf(buf, sizeof buf, "%s%s。%s", render_item_number(k), n->supervision[k].heading,
		         n->supervision[k].text);
		worksheet_write_string(ws, (lxw_row_t)(2 + k), 0, buf, b->note);
	}
}

static void annex3(struct book *b, const struct notice *n)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, RENDER_ANNEX3);
	char buf[160];
	render_annex3_caption(n, buf, sizeof buf);
	worksheet_write_string(ws, 0, 0, buf, b->title);
	worksheet_set_column(ws, 0, 0, 6, NULL);
	worksheet_set_column(ws, 1, 1, 30, NULL);
	worksheet_set_column(ws, 2, RENDER_ANNEX3_COLUMNS - 1, 18, NULL);
	for (size_t c = 0; c < RENDER_ANNEX3_COLUMNS; c++)
		head(b, ws, 1, (int)c, render_annex3_columns[c]);
	for (size_t r = 0; r < n->nproducts; r++) {
		count(b, ws, (int)r + 2, 0, (int64_t)r + 1, false);
		const char *cells[RENDER_ANNEX3_COLUMNS];
		char num[16];
		render_annex3_row(n, r, num, cells);
		for (size_t c = 1; c < RENDER_ANNEX3_COLUMNS; c++)
			text(b, ws, (int)r + 2, (int)c, cells[c], false);
	}
}

/* The notice's text as printed, a paragraph a row: the title, the preface,
 * the ministry's sections and the signature (the figures have sheets of
 * their own). */
static void body_text(struct book *b, const struct notice *n)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, "通告正文");
	char buf[1024];
	lxw_row_t r = 0;
	worksheet_set_column(ws, 0, 0, 120, NULL);
	render_title(n, buf, sizeof buf);
	worksheet_write_string(ws, r++, 0, buf, b->title);
	render_title_line(n, buf, sizeof buf);
	worksheet_write_string(ws, r++, 0, buf, NULL);
	render_revision_note(n, buf, sizeof buf);
	if (buf[0])
		worksheet_write_string(ws, r++, 0, buf, b->note);
	const char *parts[3] = {render_preface(n, buf, sizeof buf), n->work.body, n->tips.body};
	const char *headings[3] = {NULL, n->work.heading, n->tips.heading};
	for (int i = 0; i < 3; i++) {
		if (!parts[i])
			continue;
		if (headings[i])
			worksheet_write_string(ws, ++r, 0, headings[i], b->head);
		r++;
		const char *cur = parts[i];
		char *para;
		while ((para = render_next_paragraph(&cur))) {
			worksheet_write_string(ws, r++, 0, para, b->note);
			free(para);
		}
	}
	render_signature_date(n, buf, sizeof buf);
	if (buf[0]) {
		worksheet_write_string(ws, ++r, 0, RENDER_ISSUER, NULL);
		worksheet_write_string(ws, ++r, 0, buf, NULL);
	}
}

int render_xlsx(const struct notice *n, FILE *out)
{
	struct book b = {0};
	char title[160], subject[] = RENDER_TITLE, creator[] = "shensu";
	struct workbook_sink sink;

	b.wb = workbook_to_memory(&sink);
	if (!b.wb)
		return SH_EIO;
	render_subtitle(n, title, sizeof title);
	lxw_doc_properties props = {.title = title, .subject = subject, .author = creator};
	workbook_set_properties(b.wb, &props);
	formats(&b);

	summary(&b, n);
	annex(&b, n);
	lxw_worksheet *ws = workbook_add_worksheet(b.wb, "趋势");
	render_figure_title(n, 0, b.titles[0], sizeof b.titles[0]);
	trend(&b, ws, "趋势", 0, b.titles[0], n->trend);
	for (size_t k = 0; k < n->nkinds && k < NOTICE_MAX_KINDS; k++)
		kind_sheet(&b, n, k);
	if (n->nsupervision)
		supervision(&b, n);
	if (n->nproducts)
		annex3(&b, n);
	body_text(&b, n);

	return workbook_to_stream(b.wb, &sink, out);
}
