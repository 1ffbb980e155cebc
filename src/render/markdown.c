/* The notice as Markdown: the text and tables, charts as tables. Titles and
 * figures come from render/common.h, as in the other formats. */
#include <stdio.h>
#include <stdlib.h>

#include "core/error.h"
#include "render/common.h"
#include "render/render.h"

static void trend_table(FILE *out, const char *title, const struct notice_point *pts)
{
	fprintf(out, "**%s**\n\n| 季度 | 数量（件） |\n|---|---:|\n", title);
	for (int i = 0; i < NOTICE_TREND; i++)
		fprintf(out, "| %s | %lld |\n", pts[i].label_zh, (long long)pts[i].count);
	fputc('\n', out);
}

/* Text the ministry wrote, a paragraph at a time. */
static void text(FILE *out, const char *body)
{
	const char *cur = body;
	char *para;
	while ((para = render_next_paragraph(&cur))) {
		fprintf(out, "%s\n\n", para);
		free(para);
	}
}

static void complaints(FILE *out, const struct notice *n)
{
	char buf[160];
	fprintf(out, "（一）电信服务申诉情况。%s\n\n", n->headline);
	render_figure_title(n, 0, buf, sizeof buf);
	trend_table(out, buf, n->trend);
	if (n->nkinds) {
		fprintf(out, "（二）12321举报情况。%s\n\n", n->reports_paragraph);
		for (size_t k = 0; k < n->nkinds; k++) {
			render_figure_title(n, k + 1, buf, sizeof buf);
			trend_table(out, buf, n->kinds[k].trend);
		}
	}
}

static void annex1(FILE *out, const struct notice *n)
{
	char buf[160];
	render_annex_caption(n, buf, sizeof buf);
	fprintf(out, "### %s\n\n| 企业 |", buf);
	for (size_t c = 0; c < n->nclasses; c++)
		fprintf(out, " %s |", n->classes[c].name);
	fprintf(out, " 企业总量 | 申诉量占比 | 用户占比 | 百万用户申诉率 | 较前季度增长 |\n|---|");
	for (size_t c = 0; c < n->nclasses + 5; c++)
		fputs("---:|", out);
	fputc('\n', out);
	for (size_t r = 0; r < n->nrows; r++) {
		const struct notice_row *row = &n->rows[r];
		char a[32], b[32], rate[32], chg[32];
		fprintf(out, "| %s |", row->name);
		for (size_t c = 0; c < n->nclasses; c++)
			fprintf(out, " %lld |", (long long)row->by_class[c]);
		fprintf(out, " %lld | %s | %s | %s | %s |\n", (long long)row->total,
		        render_pct(&row->complaint_share, a, sizeof a),
		        render_pct(&row->user_share, b, sizeof b), render_rate(row, rate, sizeof rate),
		        render_change(&row->rate_change, chg, sizeof chg));
	}
	fputc('\n', out);
	if (n->footnote_basis[0])
		fprintf(out, "%s\n\n", n->footnote_basis);
	if (n->footnote_users[0])
		fprintf(out, "%s\n\n", n->footnote_users);
}

/* A table cell: the pipes that would end it escaped. */
static void cell(FILE *out, const char *s)
{
	fputs(" ", out);
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', out);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, out);
	}
	fputs(" |", out);
}

static void annex3(FILE *out, const struct notice *n)
{
	char buf[160], num[16];
	render_annex3_caption(n, buf, sizeof buf);
	fprintf(out, "### %s：%s\n\n|", RENDER_ANNEX3, buf);
	for (size_t c = 0; c < RENDER_ANNEX3_COLUMNS; c++)
		fprintf(out, " %s |", render_annex3_columns[c]);
	fputs("\n|---:|---|---|---|---|---|\n", out);
	for (size_t r = 0; r < n->nproducts; r++) {
		const char *cells[RENDER_ANNEX3_COLUMNS];
		render_annex3_row(n, r, num, cells);
		fputc('|', out);
		for (size_t c = 0; c < RENDER_ANNEX3_COLUMNS; c++)
			cell(out, cells[c]);
		fputc('\n', out);
	}
	fputc('\n', out);
}

int render_markdown(const struct notice *n, FILE *out)
{
	char buf[1024];
	struct render_section secs[RENDER_MAX_SECTIONS];
	size_t nsec = render_sections(n, secs);

	render_title(n, buf, sizeof buf);
	fprintf(out, "# %s\n\n", buf);
	render_title_line(n, buf, sizeof buf);
	fprintf(out, n->publication.number ? "%s\n\n" : "## %s\n\n", buf);
	render_revision_note(n, buf, sizeof buf);
	if (buf[0])
		fprintf(out, "%s\n\n", buf);
	text(out, render_preface(n, buf, sizeof buf));
	for (size_t i = 0; i < nsec; i++) {
		fprintf(out, "### %s\n\n", secs[i].heading);
		switch (secs[i].part) {
		case RENDER_WORK:
			text(out, n->work.body);
			break;
		case RENDER_COMPLAINTS:
			complaints(out, n);
			break;
		case RENDER_SUPERVISION:
			for (size_t k = 0; k < n->nsupervision; k++)
				fprintf(out, "%s%s。%s\n\n", render_item_number(k), n->supervision[k].heading,
				        n->supervision[k].text);
			break;
		case RENDER_TIPS:
			text(out, n->tips.body);
			break;
		}
	}
	render_signature_date(n, buf, sizeof buf);
	if (buf[0])
		fprintf(out, "%s  \n%s\n\n", RENDER_ISSUER, buf);
	annex1(out, n);
	if (n->nproducts)
		annex3(out, n);
	return ferror(out) ? SH_EIO : 0;
}
