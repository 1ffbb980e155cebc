/* The notice as Markdown: the text and tables, charts as tables. Titles and
 * figures come from render/common.h, as in the other formats. */
#include <stdio.h>

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

int render_markdown(const struct notice *n, FILE *out)
{
	char buf[160];
	render_subtitle(n, buf, sizeof buf);
	fprintf(out, "# %s\n\n## %s\n\n", RENDER_TITLE, buf);
	fprintf(out, "### %s\n\n（一）电信服务申诉情况。%s\n\n", RENDER_SECTION1, n->headline);
	render_figure_title(n, 0, buf, sizeof buf);
	trend_table(out, buf, n->trend);
	if (n->nkinds) {
		fprintf(out, "（二）12321举报情况。%s\n\n", n->reports_paragraph);
		for (size_t k = 0; k < n->nkinds; k++) {
			render_figure_title(n, k + 1, buf, sizeof buf);
			trend_table(out, buf, n->kinds[k].trend);
		}
	}
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
	return ferror(out) ? SH_EIO : 0;
}
