/* The notice as an A4 PDF: cairo draws, pango lays out the text in Noto Sans
 * CJK SC (cairo embeds the subset fonts, with ToUnicode maps so the text can
 * be extracted). Page 1: the title, the headline paragraph and figure 1; then
 * the 12321 figures; annex 1 starts a new page, its header repeated on each
 * page. Every page has "第 N 页" at the bottom. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/arena.h"
#include "core/error.h"
#include "render/common.h"
#include "render/render.h"

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN_X 56.0
#define MARGIN_TOP 60.0
#define CONTENT_BOTTOM (PAGE_H - 68.0) /* the page number sits below */
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define FONT "Noto Sans CJK SC"

#define BODY_PT 11.0
#define TABLE_PT 8.0
#define TABLE_HEAD_PT 7.5
#define CELL_PAD 3.0

struct doc {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *ctx;
	double y; /* top of the next thing drawn */
	int page; /* the page being drawn, from 1 */
};

enum weight { REGULAR, BOLD };

static void gray(cairo_t *cr, double v)
{
	cairo_set_source_rgb(cr, v, v, v);
}

/* A layout of text in FONT at size pt; width > 0 wraps to it. */
static PangoLayout *layout(struct doc *d, const char *text, double size, enum weight w,
                           double width, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(d->ctx);
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_weight(fd, w == BOLD ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, text, -1);
	return l;
}

static double layout_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Draws text with its box's top-left corner at (x, y); returns its height. */
static double text_at(struct doc *d, double x, double y, const char *text, double size,
                      enum weight w, double width, PangoAlignment align)
{
	PangoLayout *l = layout(d, text, size, w, width, align);
	double h = layout_height(l);

	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	return h;
}

static void page_number(struct doc *d)
{
	char buf[32];

	snprintf(buf, sizeof buf, "第 %d 页", d->page);
	gray(d->cr, 0.35);
	text_at(d, MARGIN_X, PAGE_H - 48, buf, 9, REGULAR, CONTENT_W, PANGO_ALIGN_CENTER);
	gray(d->cr, 0);
}

static void new_page(struct doc *d)
{
	page_number(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN_TOP;
}

/* Starts a new page unless h more points fit on this one (or it is empty). */
static void need(struct doc *d, double h)
{
	if (d->y + h > CONTENT_BOTTOM && d->y > MARGIN_TOP)
		new_page(d);
}

static void outline(struct doc *d, const char *name)
{
	char dest[64];

	snprintf(dest, sizeof dest, "page=%d pos=[%.0f %.0f]", d->page, MARGIN_X, d->y);
	cairo_pdf_surface_add_outline(d->surface, CAIRO_PDF_OUTLINE_ROOT, name, dest, 0);
}

/* A paragraph over the full width, line by line so that it may continue on
 * the next page; indent: the first line by two characters. */
static void paragraph(struct doc *d, const char *text, double size, enum weight w,
                      PangoAlignment align, bool indent, double after)
{
	PangoLayout *l = layout(d, text, size, w, CONTENT_W, align);
	PangoLayoutIter *it;
	double shift; /* page y of the layout's y = 0 */

	if (indent)
		pango_layout_set_indent(l, (int)(2 * size * PANGO_SCALE));
	pango_layout_set_spacing(l, (int)(size * 0.5 * PANGO_SCALE));
	shift = d->y;
	it = pango_layout_get_iter(l);
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		double top = (double)logical.y / PANGO_SCALE,
		       h = (double)logical.height / PANGO_SCALE;
		if (shift + top + h > CONTENT_BOTTOM && shift + top > MARGIN_TOP) {
			new_page(d);
			shift = MARGIN_TOP - top;
		}
		cairo_move_to(d->cr, MARGIN_X + (double)logical.x / PANGO_SCALE,
		              shift + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE);
		pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
		d->y = shift + top + h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	d->y += after;
}

#define CHART_H 250.0

/* The trend as bars in a CHART_H high box across the content width. */
static void chart(struct doc *d, const char *title, const struct notice_point *pts, size_t n)
{
	need(d, CHART_H + 8);
	const double left = MARGIN_X + 44, right = MARGIN_X + CONTENT_W - 8;
	const double top_y = d->y + 44, base = d->y + CHART_H - 40;
	const double pw = right - left, ph = base - top_y;
	int64_t max = 0, top, step;
	char buf[64], year[32], quarter[32];
	cairo_t *cr = d->cr;

	for (size_t i = 0; i < n; i++)
		if (pts[i].count > max)
			max = pts[i].count;
	render_axis(max, &top, &step);

	gray(cr, 0.07);
	text_at(d, MARGIN_X, d->y + 4, title, 10.5, BOLD, CONTENT_W, PANGO_ALIGN_CENTER);
	gray(cr, 0.4);
	text_at(d, MARGIN_X, top_y - 22, "单位：件", 7.5, REGULAR, 0, PANGO_ALIGN_LEFT);

	cairo_set_line_width(cr, 0.6);
	for (int64_t v = 0; v <= top; v += step) {
		double y = base - ph * (double)v / (double)top;
		gray(cr, v ? 0.87 : 0.5);
		cairo_move_to(cr, left, y);
		cairo_line_to(cr, right, y);
		cairo_stroke(cr);
		snprintf(buf, sizeof buf, "%" PRId64, v);
		gray(cr, 0.4);
		text_at(d, MARGIN_X, y - 5, buf, 7.5, REGULAR, left - MARGIN_X - 5,
		        PANGO_ALIGN_RIGHT);
	}
	for (size_t i = 0; i < n; i++) {
		double slot = pw / (double)n, bw = slot * 0.56;
		double x = left + slot * (double)i + (slot - bw) / 2;
		double v = pts[i].count > 0 ? (double)pts[i].count : 0;
		double h = ph * v / (double)top;
		if (i + 1 == n)
			cairo_set_source_rgb(cr, 0.122, 0.306, 0.549);
		else
			cairo_set_source_rgb(cr, 0.357, 0.561, 0.816);
		cairo_rectangle(cr, x, base - h, bw, h);
		cairo_fill(cr);
		gray(cr, 0.13);
		snprintf(buf, sizeof buf, "%" PRId64, pts[i].count);
		text_at(d, x - 10, base - h - 12, buf, 7.5, REGULAR, bw + 20, PANGO_ALIGN_CENTER);
		render_quarter_lines(&pts[i], year, sizeof year, quarter, sizeof quarter);
		gray(cr, 0.2);
		text_at(d, x - 12, base + 4, year, 7.5, REGULAR, bw + 24, PANGO_ALIGN_CENTER);
		if (quarter[0])
			text_at(d, x - 12, base + 15, quarter, 7.5, REGULAR, bw + 24,
			        PANGO_ALIGN_CENTER);
	}
	gray(cr, 0);
	d->y += CHART_H + 8;
}

/* A table's columns: annex 1 (the name, the classes, then
 * render_annex_tail) or annex 3. */
struct table {
	size_t ncols;
	double x[NOTICE_MAX_CLASSES + RENDER_ANNEX_TAIL + 2]; /* left edges, then the right one */
	unsigned numeric; /* bit per column: right-aligned */
};

static void table_columns(const struct notice *n, struct table *t)
{
	/* Relative widths: the name, each count, then the tail columns (企业总量
	 * a count too), so that the longer headers fit on one line. */
	static const double tail[RENDER_ANNEX_TAIL] = {1.0, 1.15, 1.0, 1.45, 1.3};
	double weight[NOTICE_MAX_CLASSES + RENDER_ANNEX_TAIL + 1], sum = 0;
	size_t nc = n->nclasses < NOTICE_MAX_CLASSES ? n->nclasses : NOTICE_MAX_CLASSES;

	t->ncols = 1 + nc + RENDER_ANNEX_TAIL;
	weight[0] = 1.5;
	for (size_t c = 0; c < nc; c++)
		weight[1 + c] = 1.0;
	for (size_t c = 0; c < RENDER_ANNEX_TAIL; c++)
		weight[1 + nc + c] = tail[c];
	for (size_t c = 0; c < t->ncols; c++)
		sum += weight[c];
	t->x[0] = MARGIN_X;
	for (size_t c = 0; c < t->ncols; c++)
		t->x[c + 1] = t->x[c] + CONTENT_W * weight[c] / sum;
	t->numeric = ~1u; /* every column but the name */
}

/* One row of cells; header: shaded and centred; bold: the 合计 row. Numbers
 * (t->numeric) are right-aligned. */
static void table_row(struct doc *d, const struct table *t, const char *const *cells, bool header,
                      bool bold)
{
	PangoLayout *l[NOTICE_MAX_CLASSES + RENDER_ANNEX_TAIL + 1];
	double h = 0;
	cairo_t *cr = d->cr;

	for (size_t c = 0; c < t->ncols; c++) {
		PangoAlignment a = header                    ? PANGO_ALIGN_CENTER
		                   : t->numeric & (1u << c) ? PANGO_ALIGN_RIGHT
		                                            : PANGO_ALIGN_LEFT;
		l[c] = layout(d, cells[c], header ? TABLE_HEAD_PT : TABLE_PT,
		              header || bold ? BOLD : REGULAR, t->x[c + 1] - t->x[c] - 2 * CELL_PAD,
		              a);
		double ch = layout_height(l[c]);
		if (ch > h)
			h = ch;
	}
	h += 2 * CELL_PAD;
	if (header) {
		cairo_set_source_rgb(cr, 0.933, 0.949, 0.969);
		cairo_rectangle(cr, t->x[0], d->y, t->x[t->ncols] - t->x[0], h);
		cairo_fill(cr);
	}
	cairo_set_line_width(cr, 0.5);
	for (size_t c = 0; c < t->ncols; c++) {
		double ch = layout_height(l[c]);
		gray(cr, 0.55);
		cairo_rectangle(cr, t->x[c], d->y, t->x[c + 1] - t->x[c], h);
		cairo_stroke(cr);
		gray(cr, 0);
		cairo_move_to(cr, t->x[c] + CELL_PAD, d->y + (h - ch) / 2);
		pango_cairo_show_layout(cr, l[c]);
		g_object_unref(l[c]);
	}
	d->y += h;
}

static double row_height(struct doc *d, const struct table *t, const char *const *cells)
{
	double h = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		PangoLayout *l = layout(d, cells[c], TABLE_PT, BOLD,
		                        t->x[c + 1] - t->x[c] - 2 * CELL_PAD, PANGO_ALIGN_LEFT);
		double ch = layout_height(l);
		g_object_unref(l);
		if (ch > h)
			h = ch;
	}
	return h + 2 * CELL_PAD;
}

static void annex(struct doc *d, const struct notice *n)
{
	const char *head[NOTICE_MAX_CLASSES + RENDER_ANNEX_TAIL + 1];
	const char *cells[NOTICE_MAX_CLASSES + RENDER_ANNEX_TAIL + 1];
	char num[NOTICE_MAX_CLASSES + 1][32], a[32], b[32], rate[32], chg[48], caption[96];
	struct table t;
	size_t nc = n->nclasses < NOTICE_MAX_CLASSES ? n->nclasses : NOTICE_MAX_CLASSES;

	table_columns(n, &t);
	head[0] = "企业";
	for (size_t c = 0; c < nc; c++)
		head[1 + c] = n->classes[c].name;
	for (size_t c = 0; c < RENDER_ANNEX_TAIL; c++)
		head[1 + nc + c] = render_annex_tail[c];

	outline(d, RENDER_ANNEX);
	paragraph(d, RENDER_ANNEX, 12, BOLD, PANGO_ALIGN_LEFT, false, 6);
	render_annex_caption(n, caption, sizeof caption);
	paragraph(d, caption, 11, BOLD, PANGO_ALIGN_CENTER, false, 8);
	table_row(d, &t, head, true, false);
	for (size_t r = 0; r < n->nrows; r++) {
		const struct notice_row *row = &n->rows[r];
		cells[0] = row->name;
		for (size_t c = 0; c < nc; c++) {
			snprintf(num[c], sizeof num[c], "%" PRId64, row->by_class[c]);
			cells[1 + c] = num[c];
		}
		snprintf(num[nc], sizeof num[nc], "%" PRId64, row->total);
		cells[1 + nc] = num[nc];
		cells[2 + nc] = render_pct(&row->complaint_share, a, sizeof a);
		cells[3 + nc] = render_pct(&row->user_share, b, sizeof b);
		cells[4 + nc] = render_rate(row, rate, sizeof rate);
		cells[5 + nc] = render_change(&row->rate_change, chg, sizeof chg);
		if (d->y + row_height(d, &t, cells) > CONTENT_BOTTOM) {
			new_page(d);
			table_row(d, &t, head, true, false);
		}
		table_row(d, &t, cells, false, r + 1 == n->nrows);
	}
	d->y += 10;
	if (n->footnote_basis[0])
		paragraph(d, n->footnote_basis, 8.5, REGULAR, PANGO_ALIGN_LEFT, false, 4);
	if (n->footnote_users[0])
		paragraph(d, n->footnote_users, 8.5, REGULAR, PANGO_ALIGN_LEFT, false, 4);
}

/* Text the ministry wrote, a paragraph at a time. */
static void text(struct doc *d, const char *body)
{
	const char *cur = body;
	char *para;
	while ((para = render_next_paragraph(&cur))) {
		paragraph(d, para, BODY_PT, REGULAR, PANGO_ALIGN_LEFT, true, 8);
		free(para);
	}
}

static void annex3(struct doc *d, const struct notice *n)
{
	static const double weight[RENDER_ANNEX3_COLUMNS] = {0.5, 2.3, 1.3, 1.1, 1.5, 1.6};
	struct table t = {.ncols = RENDER_ANNEX3_COLUMNS, .numeric = 1u};
	double sum = 0;
	char caption[160], num[16];
	for (size_t c = 0; c < RENDER_ANNEX3_COLUMNS; c++)
		sum += weight[c];
	t.x[0] = MARGIN_X;
	for (size_t c = 0; c < RENDER_ANNEX3_COLUMNS; c++)
		t.x[c + 1] = t.x[c] + CONTENT_W * weight[c] / sum;
	new_page(d);
	outline(d, RENDER_ANNEX3);
	paragraph(d, RENDER_ANNEX3, 12, BOLD, PANGO_ALIGN_LEFT, false, 6);
	render_annex3_caption(n, caption, sizeof caption);
	paragraph(d, caption, 11, BOLD, PANGO_ALIGN_CENTER, false, 8);
	table_row(d, &t, render_annex3_columns, true, false);
	for (size_t r = 0; r < n->nproducts; r++) {
		const char *cells[RENDER_ANNEX3_COLUMNS];
		render_annex3_row(n, r, num, cells);
		if (d->y + row_height(d, &t, cells) > CONTENT_BOTTOM) {
			new_page(d);
			table_row(d, &t, render_annex3_columns, true, false);
		}
		table_row(d, &t, cells, false, false);
	}
}

static void complaints(struct doc *d, const struct notice *n, char *buf, size_t len)
{
	snprintf(buf, len, "（一）电信服务申诉情况。%s", n->headline);
	paragraph(d, buf, BODY_PT, REGULAR, PANGO_ALIGN_LEFT, true, 12);
	render_figure_title(n, 0, buf, len);
	chart(d, buf, n->trend, NOTICE_TREND);
	if (n->nkinds) {
		snprintf(buf, len, "（二）12321举报情况。%s", n->reports_paragraph);
		paragraph(d, buf, BODY_PT, REGULAR, PANGO_ALIGN_LEFT, true, 12);
		for (size_t k = 0; k < n->nkinds && k < NOTICE_MAX_KINDS; k++) {
			render_figure_title(n, k + 1, buf, len);
			chart(d, buf, n->kinds[k].trend, NOTICE_TREND);
		}
	}
}

static void body(struct doc *d, const struct notice *n)
{
	char buf[4096];
	struct render_section secs[RENDER_MAX_SECTIONS];
	size_t nsec = render_sections(n, secs);

	render_title(n, buf, sizeof buf);
	paragraph(d, buf, 18, BOLD, PANGO_ALIGN_CENTER, false, 6);
	render_title_line(n, buf, sizeof buf);
	paragraph(d, buf, 13, REGULAR, PANGO_ALIGN_CENTER, false, 12);
	render_revision_note(n, buf, sizeof buf);
	if (buf[0])
		paragraph(d, buf, 10, REGULAR, PANGO_ALIGN_CENTER, false, 12);
	d->y += 8;
	text(d, render_preface(n, buf, sizeof buf));
	for (size_t i = 0; i < nsec; i++) {
		outline(d, secs[i].heading);
		paragraph(d, secs[i].heading, 13, BOLD, PANGO_ALIGN_LEFT, false, 8);
		switch (secs[i].part) {
		case RENDER_WORK:
			text(d, n->work.body);
			break;
		case RENDER_COMPLAINTS:
			complaints(d, n, buf, sizeof buf);
			break;
		case RENDER_SUPERVISION:
			for (size_t k = 0; k < n->nsupervision; k++) {
				snprintf(buf, sizeof buf, "%s%s。%s", render_item_number(k),
				         n->supervision[k].heading, n->supervision[k].text);
				paragraph(d, buf, BODY_PT, REGULAR, PANGO_ALIGN_LEFT, true, 8);
			}
			break;
		case RENDER_TIPS:
			text(d, n->tips.body);
			break;
		}
	}
	render_signature_date(n, buf, sizeof buf);
	if (buf[0]) {
		d->y += 16;
		paragraph(d, RENDER_ISSUER, BODY_PT, REGULAR, PANGO_ALIGN_RIGHT, false, 2);
		paragraph(d, buf, BODY_PT, REGULAR, PANGO_ALIGN_RIGHT, false, 8);
	}
	new_page(d);
	annex(d, n);
	if (n->nproducts)
		annex3(d, n);
	page_number(d);
	cairo_show_page(d->cr);
}

/* cairo's output is gathered in memory and written to the caller's stream
 * once the document is finished: cairo 1.16 crashes in cairo_surface_finish()
 * when its stream fails midway (a full disk), so it is never given one that
 * can. */
struct pdf_buffer {
	unsigned char *data;
	size_t len, cap;
};

static cairo_status_t gather(void *closure, const unsigned char *data, unsigned int length)
{
	struct pdf_buffer *b = closure;
	if (b->len + length > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		while (cap < b->len + length)
			cap *= 2;
		b->data = sh_xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, length);
	b->len += length;
	return CAIRO_STATUS_SUCCESS;
}

int render_pdf(const struct notice *n, FILE *out)
{
	struct doc d = {.y = MARGIN_TOP, .page = 1};
	char title[160];
	int rc = 0;

	struct pdf_buffer buf = {0};
	d.surface = cairo_pdf_surface_create_for_stream(gather, &buf, PAGE_W, PAGE_H);
	if (cairo_surface_status(d.surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(d.surface);
		return SH_EIO;
	}
	render_subtitle(n, title, sizeof title);
	cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_SUBJECT, RENDER_TITLE);
	cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_CREATOR, "shensu");
	d.cr = cairo_create(d.surface);

	/* Points as units, unhinted metrics and unrounded positions: the layout
	 * is the same at any zoom and in print. */
	d.ctx = pango_cairo_create_context(d.cr);
	pango_cairo_context_set_resolution(d.ctx, 72);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(d.ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(d.ctx, FALSE);
	pango_context_set_language(d.ctx, pango_language_from_string("zh-cn"));

	body(&d, n);

	g_object_unref(d.ctx);
	if (cairo_status(d.cr) != CAIRO_STATUS_SUCCESS)
		rc = SH_EIO;
	cairo_destroy(d.cr);
	cairo_surface_finish(d.surface);
	if (cairo_surface_status(d.surface) != CAIRO_STATUS_SUCCESS)
		rc = SH_EIO;
	cairo_surface_destroy(d.surface);
	if (rc == 0 && fwrite(buf.data, 1, buf.len, out) != buf.len)
		rc = SH_EIO;
	free(buf.data);
	return rc;
}

void render_release(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
}
