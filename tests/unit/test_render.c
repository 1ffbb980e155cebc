/* The notice renderers: HTML (with SVG charts), PDF (checked with poppler's
 * pdftotext, pdffonts and pdftoppm) and XLSX (checked with unzip). A test
 * whose external tool is missing is skipped with a message. */
#include <ctype.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <cmocka.h>
#include <pango/pangocairo.h>

#include "core/error.h"
#include "render/render.h"

static const char headline[] =
    "各级电信申诉受理机构受理电信用户申诉29052件，环比下降12.8%，同比下降41.6%。其中，用户服务类"
    "申诉占比50.3%，收费争议类申诉占比28.2%，网络质量类申诉占比21.5%。";

static char tmpdir[] = "/tmp/shensu-render-XXXXXX";

static struct stat_pct pct(int tenths)
{
	return (struct stat_pct){.ok = true, .tenths = tenths};
}

static const struct stat_pct none = {.ok = false, .tenths = 0};

static void point(struct notice_point *p, int year, int q, int64_t count)
{
	static const char *const zh[] = {"一", "二", "三", "四"};
	snprintf(p->label, sizeof p->label, "%dQ%d", year, q);
	snprintf(p->label_zh, sizeof p->label_zh, "%d年第%s季度", year, zh[q - 1]);
	p->count = count;
}

static void row(struct notice *n, const char *name, int64_t a, int64_t b, int64_t c, int share,
                struct stat_pct users, int64_t rate, struct stat_pct change)
{
	struct notice_row *r = &n->rows[n->nrows++];
	r->name = name;
	r->by_class[0] = a;
	r->by_class[1] = b;
	r->by_class[2] = c;
	r->total = a + b + c;
	r->complaint_share = pct(share);
	r->user_share = users;
	r->rate_ok = rate >= 0;
	r->rate_hundredths = rate;
	r->rate_change = change;
}

/* 2020 Q4 as in the seed data, with an invented split by enterprise. */
static struct notice *seed(void)
{
	static const int64_t trend[NOTICE_TREND] = {27500, 29806, 37501, 49764,
	                                            36454, 37543, 33303, 29052};
	struct notice *n = calloc(1, sizeof *n);
	assert_non_null(n);
	assert_int_equal(period_parse("2020Q4", 6, &n->period), 0);
	snprintf(n->period_zh, sizeof n->period_zh, "2020年第四季度");
	n->scope = "全国";
	n->total = 29052;
	n->qoq = pct(-128);
	n->yoy = pct(-416);
	n->nclasses = 3;
	n->classes[0] = (struct notice_class){"用户服务", 14613, pct(503)};
	n->classes[1] = (struct notice_class){"收费争议", 8193, pct(282)};
	n->classes[2] = (struct notice_class){"网络质量", 6246, pct(215)};
	for (int i = 0; i < NOTICE_TREND; i++)
		point(&n->trend[i], 2019 + i / 4, i % 4 + 1, trend[i]);
	/* 14613 + 8300 + 6139 = 29052 */
	row(n, "中国移动", 7300, 4200, 3113, 503, pct(589), 1551, pct(-52));
	row(n, "中国电信", 4200, 2300, 1800, 286, pct(220), 2358, none);
	row(n, "中国联通", 3113, 1693, 1333, 211, pct(191), 2006, pct(0));
	row(n, "合计", 14613, 8193, 6246, 1000, pct(1000), 1816, pct(-21));
	snprintf(n->headline, sizeof n->headline, "%s", headline);
	snprintf(n->footnote_basis, sizeof n->footnote_basis,
	         "注：“—”表示比较期没有数据或数据为零，无法计算变化幅度。");
	return n;
}

/* The seed with two 12321 report kinds. */
static struct notice *seed_with_kinds(void)
{
	struct notice *n = seed();
	static const char *const codes[] = {"harassment_call", "spam_sms"};
	static const char *const labels[] = {"骚扰电话", "垃圾短信"};
	n->nkinds = 2;
	for (size_t k = 0; k < 2; k++) {
		struct notice_kind *kd = &n->kinds[k];
		kd->kind = codes[k];
		kd->label = labels[k];
		kd->count = 5000 + 1000 * (int64_t)k;
		kd->qoq = pct(-35);
		kd->yoy = k ? none : pct(120);
		for (int i = 0; i < NOTICE_TREND; i++)
			point(&kd->trend[i], 2019 + i / 4, i % 4 + 1,
			      4000 + 150 * i + 500 * (int)k);
	}
	snprintf(n->reports_paragraph, sizeof n->reports_paragraph,
	         "12321受理中心受理用户关于骚扰电话的举报5000件，环比下降3.5%%，同比上升12.0%%；"
	         "12321受理中心受理用户关于垃圾短信的举报6000件，环比下降3.5%%，同比—。");
	return n;
}

static size_t count(const char *hay, const char *needle)
{
	size_t k = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		k++;
	return k;
}

static void strip_space(char *s)
{
	char *w = s;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			*w++ = *s;
	*w = '\0';
}

static bool have(const char *tool)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

/* Whether one of the space-separated tools is not on PATH (then says so). */
static bool missing(const char *tools, const char *package)
{
	char list[128];
	snprintf(list, sizeof list, "%s", tools);
	for (char *save = NULL, *t = strtok_r(list, " ", &save); t; t = strtok_r(NULL, " ", &save))
		if (!have(t)) {
			print_message("skipped: %s is not installed (package %s)\n", t, package);
			return true;
		}
	return false;
}

/* The standard output of a shell command (NUL-terminated; NULL on failure). */
static char *capture(const char *fmt, ...)
{
	char cmd[PATH_MAX * 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	assert_non_null(buf);
	for (size_t got; (got = fread(buf + len, 1, cap - len - 1, p)) > 0;) {
		len += got;
		if (cap - len < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	buf[len] = '\0';
	if (pclose(p) != 0) {
		print_error("command failed: %s\n", cmd);
		free(buf);
		return NULL;
	}
	return buf;
}

static char *html_of(const struct notice *n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(render_html(n, f), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void html_has_the_notice(void **state)
{
	(void)state;
	struct notice *n = seed();
	char *h = html_of(n);

	assert_int_equal(strncmp(h, "<!DOCTYPE html>\n", 16), 0);
	assert_non_null(strstr(h, "<html lang=\"zh-CN\">"));
	assert_non_null(strstr(h, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(h, "<title>2020年第四季度电信服务质量通告（全国）</title>"));
	assert_non_null(strstr(h, "工业和信息化部关于电信服务质量的通告"));
	assert_non_null(strstr(h, "一、电信用户申诉情况"));
	assert_non_null(strstr(h, headline));
	assert_non_null(strstr(h, "@media print"));
	assert_non_null(strstr(h, "@page"));
	/* Figure 1 and no 12321 part. */
	assert_int_equal(count(h, "<svg "), 1);
	assert_non_null(strstr(h, "图1 2019-2020年电信服务申诉情况"));
	assert_non_null(strstr(h, ">49764</text>"));
	assert_null(strstr(h, "12321"));
	/* Annex 1. */
	assert_non_null(strstr(h, "<th scope=\"col\">用户服务</th><th scope=\"col\">收费争议</th>"
	                          "<th scope=\"col\">网络质量</th><th scope=\"col\">企业总量</th>"
	                          "<th scope=\"col\">申诉量占比</th><th scope=\"col\">用户占比</th>"
	                          "<th scope=\"col\">百万用户申诉率</th>"
	                          "<th scope=\"col\">较前季度增长</th>"));
	assert_non_null(strstr(h, "<th scope=\"row\">中国移动</th><td class=\"num\">7300</td>"
	                          "<td class=\"num\">4200</td><td class=\"num\">3113</td>"
	                          "<td class=\"num\">14613</td><td class=\"num\">50.3%</td>"
	                          "<td class=\"num\">58.9%</td><td class=\"num\">15.51</td>"
	                          "<td class=\"num\">下降5.2%</td>"));
	assert_non_null(strstr(h, "<td class=\"num\">23.58</td><td class=\"num\">—</td>"));
	assert_non_null(strstr(h, "<td class=\"num\">持平</td>"));
	assert_non_null(strstr(h, "<tr class=\"total\"><th scope=\"row\">合计</th>"
	                          "<td class=\"num\">14613</td><td class=\"num\">8193</td>"
	                          "<td class=\"num\">6246</td><td class=\"num\">29052</td>"
	                          "<td class=\"num\">100.0%</td>"));
	assert_non_null(strstr(h, "无法计算变化幅度。</p>"));
	assert_null(strstr(h, "-0.0"));
	/* Well-formed enough, and self-contained. */
	assert_int_equal(count(h, "<html"), 1);
	assert_int_equal(count(h, "</html>"), 1);
	assert_int_equal(strcmp(h + strlen(h) - 8, "</html>\n"), 0);
	static const char *const tags[] = {
	    "body", "head",   "main", "section", "table", "thead", "tbody", "tr", "td", "th",
	    "svg",  "figure", "p",    "style",   "text",  "g",     "title", "h1", "h2"};
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		char open[16], open_attr[16], close[16];
		snprintf(open, sizeof open, "<%s>", tags[i]);
		snprintf(open_attr, sizeof open_attr, "<%s ", tags[i]);
		snprintf(close, sizeof close, "</%s>", tags[i]);
		if (count(h, open) + count(h, open_attr) != count(h, close))
			fail_msg("<%s> opened %zu times, closed %zu", tags[i],
			         count(h, open) + count(h, open_attr), count(h, close));
	}
	assert_null(strstr(h, "<script"));
	assert_null(strstr(h, "<link"));
	assert_null(strstr(h, "src="));
	assert_null(strstr(h, "url("));
	free(h);
	free(n);
}

static void html_has_the_report_figures(void **state)
{
	(void)state;
	struct notice *n = seed_with_kinds();
	char *h = html_of(n);

	assert_int_equal(count(h, "<svg "), 3);
	assert_int_equal(count(h, "</svg>"), 3);
	assert_non_null(strstr(h, "（二）12321举报情况。12321受理中心受理用户关于骚扰电话"));
	assert_non_null(strstr(h, "图2 2019-2020年骚扰电话举报情况"));
	assert_non_null(strstr(h, "图3 2019-2020年垃圾短信举报情况"));
	assert_null(strstr(h, "-0.0"));
	free(h);
	free(n);
}

static void html_escapes_text(void **state)
{
	(void)state;
	struct notice *n = seed();
	n->rows[1].name = "A&B <i>\"x\" 'y'";
	n->scope = "<script>";
	char *h = html_of(n);

	assert_non_null(strstr(h, ">A&amp;B &lt;i&gt;&quot;x&quot; &#39;y&#39;</th>"));
	assert_non_null(strstr(h, "（&lt;script&gt;）"));
	assert_null(strstr(h, "<i>"));
	assert_null(strstr(h, "<script>"));
	free(h);
	free(n);
}

static void html_reports_write_errors(void **state)
{
	(void)state;
	struct notice *n = seed();
	FILE *f = fopen("/dev/full", "w");
	if (!f) {
		free(n);
		print_message("skipped: /dev/full is not available\n");
		skip();
	}
	assert_int_equal(render_html(n, f), SH_EIO);
	fclose(f);
	free(n);
}

static void svg_is_a_standalone_bar_chart(void **state)
{
	(void)state;
	struct notice *n = seed();
	char *buf = NULL, path[PATH_MAX];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	render_svg_trend(f, "图1 <测试>", n->trend, NOTICE_TREND);
	assert_int_equal(fclose(f), 0);

	assert_int_equal(
	    strncmp(buf, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", 52), 0);
	assert_non_null(strstr(buf, "role=\"img\""));
	assert_non_null(strstr(buf, "<title>图1 &lt;测试&gt;</title>"));
	assert_int_equal(count(buf, "<rect "), 1 + NOTICE_TREND); /* the background, the bars */
	for (int i = 0; i < NOTICE_TREND; i++) {
		char v[32];
		snprintf(v, sizeof v, ">%lld</text>", (long long)n->trend[i].count);
		assert_non_null(strstr(buf, v));
	}
	assert_non_null(strstr(buf, ">2019年</text>"));
	assert_non_null(strstr(buf, ">第四季度</text>"));
	assert_int_equal(strcmp(buf + len - 7, "</svg>\n"), 0);
	if (have("xmllint")) {
		snprintf(path, sizeof path, "%s/trend.svg", tmpdir);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(buf, f);
		fclose(f);
		char *out = capture("xmllint --noout '%s' 2>&1", path);
		assert_non_null(out);
		free(out);
	}
	free(buf);
	free(n);
}

static void svg_handles_an_empty_trend(void **state)
{
	(void)state;
	struct notice_point pts[NOTICE_TREND] = {0};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	render_svg_trend(f, "空", pts, NOTICE_TREND);
	render_svg_trend(f, NULL, pts, 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(count(buf, "</svg>"), 2);
	assert_null(strstr(buf, "nan"));
	assert_null(strstr(buf, "inf"));
	free(buf);
}

/* The directory of the build (…/build from …/build/tests/unit/test_render). */
static bool build_root(char *buf, size_t len)
{
	ssize_t k = readlink("/proc/self/exe", buf, len - 1);
	if (k <= 0)
		return false;
	buf[k] = '\0';
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(buf, '/');
		if (!slash || slash == buf)
			return false;
		*slash = '\0';
	}
	return true;
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
	char buf[8192];
	for (size_t k; out && (k = fread(buf, 1, sizeof buf, in)) > 0;)
		fwrite(buf, 1, k, out);
	if (out)
		fclose(out);
	if (in)
		fclose(in);
}

/* Non-white pixels and blue (bar) pixels of a PNG. */
static void png_pixels(const char *path, long *ink, long *blue, long *total)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_flush(s);
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *data = cairo_image_surface_get_data(s);
	*ink = *blue = 0;
	*total = (long)w * h;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t px;
			memcpy(&px, data + (size_t)y * (size_t)stride + (size_t)x * 4, 4);
			int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
			if (r < 230 || g < 230 || b < 230)
				(*ink)++;
			if (b > r + 60 && b > 120)
				(*blue)++;
		}
	cairo_surface_destroy(s);
}

/* Renders into a file (the renderers write to streams). */
static int to_file(int (*render)(const struct notice *, FILE *), const struct notice *n,
                   const char *path)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	int rc = render(n, f);
	assert_int_equal(fclose(f), 0);
	return rc;
}

/* Renders into a stream whose every write fails (a full disk, unbuffered so
 * the renderer sees it at once). */
static int to_full_disk(int (*render)(const struct notice *, FILE *), const struct notice *n)
{
	FILE *f = fopen("/dev/full", "w");
	assert_non_null(f);
	setvbuf(f, NULL, _IONBF, 0);
	int rc = render(n, f);
	fclose(f);
	return rc;
}

static void pdf_text_fonts_and_page_image(void **state)
{
	(void)state;
	if (missing("pdftotext pdffonts pdftoppm", "poppler-utils"))
		skip();
	struct notice *n = seed();
	char pdf[PATH_MAX], png[PATH_MAX], root[PATH_MAX], shot[PATH_MAX * 2];
	snprintf(pdf, sizeof pdf, "%s/notice.pdf", tmpdir);
	assert_int_equal(to_file(render_pdf, n, pdf), 0);

	/* The text can be extracted. */
	char *text = capture("pdftotext -layout '%s' -", pdf);
	assert_non_null(text);
	strip_space(text);
	assert_non_null(strstr(text, "工业和信息化部关于电信服务质量的通告"));
	assert_non_null(strstr(text, "2020年第四季度电信服务质量通告（全国）"));
	assert_non_null(strstr(text, "29052件"));
	assert_non_null(strstr(text, "环比下降12.8%"));
	assert_non_null(strstr(text, "同比下降41.6%"));
	assert_non_null(strstr(text, "网络质量类申诉占比21.5%"));
	assert_non_null(strstr(text, "图12019-2020年电信服务申诉情况"));
	assert_non_null(strstr(text, "附件1"));
	assert_non_null(strstr(text, "中国移动"));
	assert_non_null(strstr(text, "15.51"));
	assert_non_null(strstr(text, "下降5.2%"));
	assert_non_null(strstr(text, "第1页"));
	assert_non_null(strstr(text, "第2页"));
	assert_null(strstr(text, "第3页"));
	assert_null(strstr(text, "-0.0"));
	free(text);

	/* A CJK font, embedded. */
	char *fonts = capture("pdffonts '%s'", pdf);
	assert_non_null(fonts);
	bool cjk_embedded = false;
	char *lines = NULL;
	for (char *line = strtok_r(fonts, "\n", &lines); line;
	     line = strtok_r(NULL, "\n", &lines)) {
		if (!strstr(line, "CJK"))
			continue;
		/* name, type (several words), encoding, emb, sub, uni, object, ID:
		 * emb is the fifth word from the end. */
		char *tok[32], *words = NULL;
		int k = 0;
		for (char *t = strtok_r(line, " ", &words); t && k < 32;
		     t = strtok_r(NULL, " ", &words))
			tok[k++] = t;
		if (k >= 6 && strcmp(tok[k - 5], "yes") == 0)
			cjk_embedded = true;
	}
	free(fonts);
	assert_true(cjk_embedded);

	/* Page 1 as an image: not blank, with the chart's blue bars. */
	snprintf(png, sizeof png, "%s/page1", tmpdir);
	char *out = capture("pdftoppm -png -r 50 -f 1 -l 1 -singlefile '%s' '%s'", pdf, png);
	assert_non_null(out);
	free(out);
	strncat(png, ".png", sizeof png - strlen(png) - 1);
	long ink, blue, total;
	png_pixels(png, &ink, &blue, &total);
	if (ink < total / 50 || blue < 2000)
		fail_msg("page 1 looks empty: %ld of %ld pixels inked, %ld blue", ink, total, blue);
	if (build_root(root, sizeof root)) {
		snprintf(shot, sizeof shot, "%s/screenshots", root);
		mkdir(shot, 0755);
		strncat(shot, "/notice-page1.png", sizeof shot - strlen(shot) - 1);
		copy_file(png, shot);
	}
	free(n);
}

/* Many enterprises and all the figures: the annex continues on further pages
 * with its header repeated, and every page is numbered. */
static void pdf_paginates(void **state)
{
	(void)state;
	if (missing("pdftotext", "poppler-utils"))
		skip();
	struct notice *n = seed_with_kinds();
	static char names[NOTICE_MAX_ROWS][32];
	n->nrows = 0;
	for (int i = 0; i < NOTICE_MAX_ROWS - 1; i++) {
		snprintf(names[i], sizeof names[i], "企业%02d", i + 1);
		row(n, names[i], 100 + i, 50, 25, 5, pct(20), 100 + i, i % 2 ? none : pct(i));
	}
	row(n, "合计", 9999, 2350, 1175, 1000, pct(1000), 1234, pct(-10));
	char pdf[PATH_MAX];
	snprintf(pdf, sizeof pdf, "%s/long.pdf", tmpdir);
	assert_int_equal(to_file(render_pdf, n, pdf), 0);
	char *text = capture("pdftotext -layout '%s' -", pdf);
	assert_non_null(text);
	strip_space(text);
	for (int i = 0; i < NOTICE_MAX_ROWS - 1; i++)
		assert_non_null(strstr(text, names[i]));
	assert_non_null(strstr(text, "图2"));
	assert_non_null(strstr(text, "图3"));
	assert_non_null(strstr(text, "垃圾短信举报情况"));
	assert_non_null(strstr(text, "第4页"));
	assert_true(count(text, "百万用户申诉率") >= 2); /* the header on each annex page */
	free(text);
	free(n);
}

static void pdf_reports_write_failures(void **state)
{
	(void)state;
	struct notice *n = seed();
	assert_int_equal(to_full_disk(render_pdf, n), SH_EIO);
	free(n);
}

/* The <c …> element holding <v>value</v> in sheet XML, or NULL. */
static const char *cell_with(const char *xml, const char *value, char *cell, size_t len)
{
	char v[64];
	snprintf(v, sizeof v, "<v>%s</v>", value);
	const char *at = strstr(xml, v);
	if (!at)
		return NULL;
	const char *c = at;
	while (c > xml && strncmp(c, "<c ", 3) != 0)
		c--;
	snprintf(cell, len, "%.*s", (int)(at - c), c);
	return cell;
}

static void xlsx_sheets_numbers_and_strings(void **state)
{
	(void)state;
	if (missing("unzip", "unzip"))
		skip();
	struct notice *n = seed();
	char path[PATH_MAX], cell[256];
	snprintf(path, sizeof path, "%s/notice.xlsx", tmpdir);
	assert_int_equal(to_file(render_xlsx, n, path), 0);

	char *wb = capture("unzip -p '%s' xl/workbook.xml", path);
	assert_non_null(wb);
	assert_non_null(strstr(wb, "name=\"申诉情况\""));
	assert_non_null(strstr(wb, "name=\"附件1\""));
	assert_non_null(strstr(wb, "name=\"趋势\""));
	/* and the notice's text last (issue 15: title line, preface, sections 一 and 四) */
	assert_non_null(strstr(wb, "name=\"通告正文\""));
	assert_int_equal(count(wb, "<sheet "), 4);
	assert_true(strstr(wb, "name=\"申诉情况\"") < strstr(wb, "name=\"附件1\""));
	assert_true(strstr(wb, "name=\"趋势\"") < strstr(wb, "name=\"通告正文\""));
	free(wb);

	/* 附件1: counts as numbers, shares as fractions with a "0.0%" style. */
	char *annex = capture("unzip -p '%s' xl/worksheets/sheet2.xml", path);
	assert_non_null(annex);
	assert_non_null(cell_with(annex, "14613", cell, sizeof cell));
	assert_null(strstr(cell, "t=\""));
	assert_non_null(cell_with(annex, "0.503", cell, sizeof cell));
	assert_null(strstr(cell, "t=\""));
	assert_non_null(strstr(cell, " s=\""));
	assert_non_null(cell_with(annex, "15.51", cell, sizeof cell));
	assert_non_null(cell_with(annex, "-0.052", cell, sizeof cell));
	assert_null(strstr(annex, "inlineStr"));
	free(annex);

	char *styles = capture("unzip -p '%s' xl/styles.xml", path);
	assert_non_null(styles);
	assert_non_null(strstr(styles, "formatCode=\"0.0%\""));
	assert_non_null(strstr(styles, "formatCode=\"0.00\""));
	free(styles);

	char *sst = capture("unzip -p '%s' xl/sharedStrings.xml", path);
	assert_non_null(sst);
	assert_non_null(strstr(sst, "中国移动"));
	assert_non_null(strstr(sst, "中国联通"));
	assert_non_null(strstr(sst, "合计"));
	assert_non_null(strstr(sst, ">—<"));
	assert_non_null(strstr(sst, "百万用户申诉率"));
	free(sst);

	/* 申诉情况: the total and the class shares; 趋势: the eight quarters. */
	char *sum = capture("unzip -p '%s' xl/worksheets/sheet1.xml", path);
	assert_non_null(sum);
	assert_non_null(cell_with(sum, "29052", cell, sizeof cell));
	assert_non_null(cell_with(sum, "-0.128", cell, sizeof cell));
	assert_non_null(cell_with(sum, "-0.416", cell, sizeof cell));
	assert_non_null(cell_with(sum, "0.282", cell, sizeof cell));
	free(sum);
	char *trend = capture("unzip -p '%s' xl/worksheets/sheet3.xml", path);
	assert_non_null(trend);
	assert_non_null(cell_with(trend, "27500", cell, sizeof cell));
	assert_non_null(cell_with(trend, "49764", cell, sizeof cell));
	assert_null(strstr(cell, "t=\""));
	free(trend);
	free(n);
}

static void xlsx_has_a_sheet_per_report_kind(void **state)
{
	(void)state;
	if (missing("unzip", "unzip"))
		skip();
	struct notice *n = seed_with_kinds();
	char path[PATH_MAX], cell[256];
	snprintf(path, sizeof path, "%s/kinds.xlsx", tmpdir);
	assert_int_equal(to_file(render_xlsx, n, path), 0);
	char *wb = capture("unzip -p '%s' xl/workbook.xml", path);
	assert_non_null(wb);
	assert_int_equal(count(wb, "<sheet "), 6); /* the notice's text after the kinds */
	assert_non_null(strstr(wb, "name=\"骚扰电话\""));
	assert_non_null(strstr(wb, "name=\"垃圾短信\""));
	free(wb);
	char *sheet = capture("unzip -p '%s' xl/worksheets/sheet5.xml", path);
	assert_non_null(sheet);
	assert_non_null(cell_with(sheet, "6000", cell, sizeof cell));
	assert_non_null(cell_with(sheet, "5550", cell, sizeof cell)); /* 4000 + 150 * 7 + 500 */
	free(sheet);
	free(n);
}

static void xlsx_reports_write_failures(void **state)
{
	(void)state;
	struct notice *n = seed();
	assert_int_equal(to_full_disk(render_xlsx, n), SH_EIO);
	free(n);
}

/* Under LeakSanitizer: library-internal leaks that are not ours (the same
 * list as tests/unit/lsan.supp). The slow unwinder sees through libraries
 * built without frame pointers, so the suppressions match only stacks that
 * really pass through those functions. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	/* cairo 1.16's PDF font subsetting; fontconfig's configuration */
	return "leak:cairo_surface_finish\nleak:FcInitLoadConfigAndFonts\n";
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	(void)state;
	int rc = nftw(tmpdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	/* Let LeakSanitizer see only our own allocations: drop pango's
	 * per-thread font map and cairo's caches. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	return rc == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(html_has_the_notice),
	    cmocka_unit_test(html_has_the_report_figures),
	    cmocka_unit_test(html_escapes_text),
	    cmocka_unit_test(html_reports_write_errors),
	    cmocka_unit_test(svg_is_a_standalone_bar_chart),
	    cmocka_unit_test(svg_handles_an_empty_trend),
	    cmocka_unit_test(pdf_text_fonts_and_page_image),
	    cmocka_unit_test(pdf_paginates),
	    cmocka_unit_test(pdf_reports_write_failures),
	    cmocka_unit_test(xlsx_sheets_numbers_and_strings),
	    cmocka_unit_test(xlsx_has_a_sheet_per_report_kind),
	    cmocka_unit_test(xlsx_reports_write_failures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
