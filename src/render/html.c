/* The notice as one self-contained HTML5 document: embedded CSS (screen and
 * A4 print), inline SVG charts, no scripts and no external resources. */
#include <inttypes.h>
#include <stdlib.h>

#include "core/error.h"
#include "render/common.h"
#include "render/render.h"

static const char css[] =
    "@page{size:A4;margin:20mm 18mm 22mm;"
    "@bottom-center{content:\"第 \" counter(page) \" 页\";font-size:9pt;color:#555}}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:#f2f2f2;color:#1a1a1a;line-height:1.8;"
    "font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\","
    "\"Microsoft YaHei\",sans-serif}\n"
    "main{max-width:210mm;margin:24px auto;padding:20mm 18mm;background:#fff;"
    "box-shadow:0 1px 4px rgba(0,0,0,.15)}\n"
    "h1{font-size:22pt;text-align:center;margin:0 0 .2em;line-height:1.4}\n"
    ".subtitle{font-size:14pt;text-align:center;text-indent:0;margin:0 0 1.6em}\n"
    "h2{font-size:14pt;margin:1.4em 0 .6em}\n"
    "p{margin:.5em 0;text-indent:2em;text-align:justify}\n"
    "figure{margin:1.2em 0;text-align:center;break-inside:avoid}\n"
    "figure svg{width:100%;max-width:170mm;height:auto}\n"
    ".annex{break-before:page}\n"
    ".table-wrap{overflow-x:auto}\n"
    "table{border-collapse:collapse;width:100%;font-size:10pt;"
    "font-variant-numeric:tabular-nums;line-height:1.5}\n"
    "caption{font-weight:bold;font-size:12pt;margin-bottom:.6em}\n"
    "th,td{border:1px solid #999;padding:4px 6px}\n"
    "th{background:#eef2f7;font-weight:bold;text-align:center}\n"
    "td.num{text-align:right;white-space:nowrap}\n"
    "tr.total td,tr.total th{font-weight:bold;background:#f7f7f7}\n"
    "tbody th{text-align:left;font-weight:normal;background:none}\n"
    ".notes p{text-indent:0;font-size:9.5pt;color:#333}\n"
    ".docno,.revision{text-align:center;text-indent:0}\n"
    ".signature{text-align:right;text-indent:0;margin-top:2em}\n"
    "td.text{text-align:left}\n"
    "@media print{body{background:none}"
    "main{max-width:none;margin:0;padding:0;box-shadow:none}"
    "thead{display:table-header-group}tr,figure{break-inside:avoid}"
    ".table-wrap{overflow:visible}}\n"
    "@media (max-width:600px){main{margin:0;padding:16px}h1{font-size:18pt}}\n";

static void esc(FILE *out, const char *s)
{
	render_xml_escape(out, s ? s : "");
}

/* <tag class="cls">text</tag> with text escaped. */
static void element(FILE *out, const char *open, const char *s, const char *close)
{
	fputs(open, out);
	esc(out, s);
	fputs(close, out);
}

static void figure(FILE *out, const struct notice *n, size_t fig)
{
	char title[160];

	render_figure_title(n, fig, title, sizeof title);
	fputs("<figure>\n", out);
	render_svg_trend(out, title, fig == 0 ? n->trend : n->kinds[fig - 1].trend, NOTICE_TREND);
	fputs("</figure>\n", out);
}

/* Text the ministry wrote, a paragraph at a time. */
static void text(FILE *out, const char *body)
{
	const char *cur = body;
	char *para;
	while ((para = render_next_paragraph(&cur))) {
		element(out, "<p>", para, "</p>\n");
		free(para);
	}
}

static void annex3(FILE *out, const struct notice *n)
{
	char caption[160], num[16];
	render_annex3_caption(n, caption, sizeof caption);
	fputs("<section class=\"annex\">\n<h2>" RENDER_ANNEX3 "</h2>\n<div class=\"table-wrap\">\n",
	      out);
	element(out, "<table>\n<caption>", caption, "</caption>\n<thead><tr>");
	for (size_t c = 0; c < RENDER_ANNEX3_COLUMNS; c++)
		element(out, "<th scope=\"col\">", render_annex3_columns[c], "</th>");
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t r = 0; r < n->nproducts; r++) {
		const char *cells[RENDER_ANNEX3_COLUMNS];
		render_annex3_row(n, r, num, cells);
		element(out, "<tr><td class=\"num\">", cells[0], "</td>");
		for (size_t c = 1; c < RENDER_ANNEX3_COLUMNS; c++)
			element(out, "<td class=\"text\">", cells[c], "</td>");
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n</div>\n</section>\n", out);
}

static void complaints(FILE *out, const struct notice *n)
{
	element(out, "<p>（一）电信服务申诉情况。", n->headline, "</p>\n");
	figure(out, n, 0);
	if (n->nkinds) {
		element(out, "<p>（二）12321举报情况。", n->reports_paragraph, "</p>\n");
		for (size_t k = 0; k < n->nkinds && k < NOTICE_MAX_KINDS; k++)
			figure(out, n, k + 1);
	}
}

static void annex(FILE *out, const struct notice *n)
{
	char caption[96];

	render_annex_caption(n, caption, sizeof caption);
	fputs("<section class=\"annex\">\n<h2>" RENDER_ANNEX "</h2>\n<div class=\"table-wrap\">\n",
	      out);
	element(out, "<table>\n<caption>", caption, "</caption>\n");
	fputs("<thead><tr><th scope=\"col\">企业</th>", out);
	for (size_t c = 0; c < n->nclasses; c++)
		element(out, "<th scope=\"col\">", n->classes[c].name, "</th>");
	for (size_t c = 0; c < RENDER_ANNEX_TAIL; c++)
		element(out, "<th scope=\"col\">", render_annex_tail[c], "</th>");
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t r = 0; r < n->nrows; r++) {
		const struct notice_row *row = &n->rows[r];
		char a[32], b[32], rate[32], chg[48];
		fputs(r + 1 == n->nrows ? "<tr class=\"total\">" : "<tr>", out);
		element(out, "<th scope=\"row\">", row->name, "</th>");
		for (size_t c = 0; c < n->nclasses; c++)
			fprintf(out, "<td class=\"num\">%" PRId64 "</td>", row->by_class[c]);
		fprintf(out, "<td class=\"num\">%" PRId64 "</td>", row->total);
		element(out, "<td class=\"num\">", render_pct(&row->complaint_share, a, sizeof a),
		        "</td>");
		element(out, "<td class=\"num\">", render_pct(&row->user_share, b, sizeof b),
		        "</td>");
		element(out, "<td class=\"num\">", render_rate(row, rate, sizeof rate), "</td>");
		element(out, "<td class=\"num\">",
		        render_change(&row->rate_change, chg, sizeof chg), "</td>");
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n</div>\n", out);
	if (n->footnote_basis[0] || n->footnote_users[0]) {
		fputs("<div class=\"notes\">\n", out);
		if (n->footnote_basis[0])
			element(out, "<p>", n->footnote_basis, "</p>\n");
		if (n->footnote_users[0])
			element(out, "<p>", n->footnote_users, "</p>\n");
		fputs("</div>\n", out);
	}
	fputs("</section>\n", out);
}

int render_html(const struct notice *n, FILE *out)
{
	char subtitle[160], title[160], line[1024];
	struct render_section secs[RENDER_MAX_SECTIONS];
	size_t nsec = render_sections(n, secs);

	render_subtitle(n, subtitle, sizeof subtitle);
	render_title(n, title, sizeof title);
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
	      out);
	element(out, "<title>", n->publication.number ? title : subtitle, "</title>\n");
	fprintf(out, "<style>\n%s</style>\n</head>\n<body>\n<main class=\"notice\">\n", css);
	element(out, "<header>\n<h1>", title, "</h1>\n");
	render_title_line(n, line, sizeof line);
	element(out, n->publication.number ? "<p class=\"docno\">" : "<p class=\"subtitle\">", line,
	        "</p>\n");
	render_revision_note(n, line, sizeof line);
	if (line[0])
		element(out, "<p class=\"revision\">", line, "</p>\n");
	fputs("</header>\n", out);
	text(out, render_preface(n, line, sizeof line));

	for (size_t i = 0; i < nsec; i++) {
		element(out, "<section>\n<h2>", secs[i].heading, "</h2>\n");
		switch (secs[i].part) {
		case RENDER_WORK:
			text(out, n->work.body);
			break;
		case RENDER_COMPLAINTS:
			complaints(out, n);
			break;
		case RENDER_SUPERVISION:
			for (size_t k = 0; k < n->nsupervision; k++) {
				fprintf(out, "<p>%s", render_item_number(k));
				esc(out, n->supervision[k].heading);
				fputs("。", out);
				esc(out, n->supervision[k].text);
				fputs("</p>\n", out);
			}
			break;
		case RENDER_TIPS:
			text(out, n->tips.body);
			break;
		}
		fputs("</section>\n", out);
	}
	render_signature_date(n, line, sizeof line);
	if (line[0])
		element(out, "<p class=\"signature\">" RENDER_ISSUER "<br>", line, "</p>\n");
	annex(out, n);
	if (n->nproducts)
		annex3(out, n);
	fputs("</main>\n</body>\n</html>\n", out);
	if (fflush(out) != 0 || ferror(out))
		return SH_EIO;
	return 0;
}
