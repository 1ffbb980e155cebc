/* A quarterly trend as an SVG bar chart: a value axis with grid lines, one bar
 * per quarter with its value on top, the quarters below. Standalone (its own
 * namespace, viewBox, <title>) so it works inline in HTML and as a file. */
#include <inttypes.h>

#include "render/common.h"
#include "render/render.h"

#define W 640.0
#define H 340.0
#define LEFT 64.0
#define RIGHT 16.0
#define TOP 56.0
#define BOTTOM 52.0

#define FONTS "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"

static void text(FILE *out, double x, double y, const char *anchor, const char *attrs,
                 const char *s)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>", x, y, anchor, attrs);
	render_xml_escape(out, s);
	fputs("</text>\n", out);
}

void render_svg_trend(FILE *out, const char *title, const struct notice_point *pts, size_t n)
{
	const double pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM, base = H - BOTTOM;
	int64_t max = 0, top, step;
	char buf[64], year[32], quarter[32];

	if (!title)
		title = "";
	for (size_t i = 0; i < n; i++)
		if (pts[i].count > max)
			max = pts[i].count;
	render_axis(max, &top, &step);

	fprintf(
	    out,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
	    "height=\"%.0f\" role=\"img\" font-family=\"%s\" font-size=\"12\" fill=\"#333\">\n",
	    W, H, W, H, FONTS);
	fputs("<title>", out);
	render_xml_escape(out, title);
	fputs("</title>\n<desc>", out);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? "；" : "", out);
		render_xml_escape(out, pts[i].label_zh[0] ? pts[i].label_zh : pts[i].label);
		fprintf(out, "：%" PRId64 "件", pts[i].count);
	}
	fputs("</desc>\n", out);
	fprintf(out, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>\n", W, H);
	text(out, W / 2, 24, "middle", " font-size=\"15\" font-weight=\"bold\" fill=\"#111\"",
	     title);
	text(out, LEFT - 8, TOP - 14, "end", " font-size=\"11\" fill=\"#666\"", "单位：件");

	/* The value axis: grid lines and tick labels. */
	fputs("<g class=\"axis\">\n", out);
	for (int64_t v = 0; v <= top; v += step) {
		double y = base - ph * (double)v / (double)top;
		fprintf(out,
		        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
		        "stroke-width=\"1\"/>\n",
		        LEFT, y, W - RIGHT, y, v ? "#e3e3e3" : "#888");
		snprintf(buf, sizeof buf, "%" PRId64, v);
		text(out, LEFT - 8, y + 4, "end", " font-size=\"11\" fill=\"#666\"", buf);
	}
	fputs("</g>\n", out);

	/* The bars, the latest quarter darker. */
	fputs("<g class=\"bars\">\n", out);
	for (size_t i = 0; i < n; i++) {
		double slot = pw / (double)n, bw = slot * 0.56;
		double x = LEFT + slot * (double)i + (slot - bw) / 2, cx = x + bw / 2;
		double v = pts[i].count > 0 ? (double)pts[i].count : 0;
		double h = ph * v / (double)top;
		fprintf(
		    out,
		    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n", x,
		    base - h, bw, h, i + 1 == n ? "#1f4e8c" : "#5b8fd0");
		snprintf(buf, sizeof buf, "%" PRId64, pts[i].count);
		text(out, cx, base - h - 6, "middle", " font-size=\"12\" fill=\"#222\"", buf);
		render_quarter_lines(&pts[i], year, sizeof year, quarter, sizeof quarter);
		text(out, cx, base + 18, "middle", "", year);
		if (quarter[0])
			text(out, cx, base + 34, "middle", "", quarter);
	}
	fputs("</g>\n</svg>\n", out);
}
