/* Helpers shared by the HTML, SVG, PDF and XLSX renderers. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "domain/statistics.h"
#include "render/common.h"

const char *const render_annex_tail[RENDER_ANNEX_TAIL] = {
    "企业总量", "申诉量占比", "用户占比", "百万用户申诉率", "较前季度增长",
};

void render_subtitle(const struct notice *n, char *buf, size_t len)
{
	snprintf(buf, len, "%s电信服务质量通告（%s）", n->period_zh, n->scope ? n->scope : "全国");
}

void render_annex_caption(const struct notice *n, char *buf, size_t len)
{
	snprintf(buf, len, "%s电信企业申诉情况", n->period_zh);
}

static int label_year(const struct notice_point *p)
{
	return (int)strtol(p->label, NULL, 10);
}

void render_figure_title(const struct notice *n, size_t fig, char *buf, size_t len)
{
	const struct notice_point *t = fig == 0 ? n->trend : n->kinds[fig - 1].trend;
	int first = label_year(&t[0]), last = label_year(&t[NOTICE_TREND - 1]);
	char years[32];

	if (first <= 0 || last <= 0) {
		first = n->period.year - 1;
		last = n->period.year;
	}
	if (first == last)
		snprintf(years, sizeof years, "%d年", last);
	else
		snprintf(years, sizeof years, "%d-%d年", first, last);
	if (fig == 0)
		snprintf(buf, len, "图1 %s电信服务申诉情况", years);
	else
		snprintf(buf, len, "图%zu %s%s举报情况", fig + 1, years, n->kinds[fig - 1].label);
}

const char *render_pct(const struct stat_pct *p, char *buf, size_t len)
{
	if (!p->ok)
		return "—";
	stat_format_percent(p->tenths, buf, len);
	return buf;
}

const char *render_rate(const struct notice_row *row, char *buf, size_t len)
{
	if (!row->rate_ok)
		return "—";
	stat_format_rate(row->rate_hundredths, buf, len);
	return buf;
}

const char *render_change(const struct stat_pct *p, char *buf, size_t len)
{
	stat_format_change_short(p->ok ? 0 : SH_ENOTFOUND, p->tenths, buf, len);
	return buf;
}

void render_quarter_lines(const struct notice_point *p, char *year, size_t ylen, char *quarter,
                          size_t qlen)
{
	const char *nian = strstr(p->label_zh, "年");

	if (!nian) {
		snprintf(year, ylen, "%s", p->label);
		snprintf(quarter, qlen, "%s", "");
		return;
	}
	nian += strlen("年");
	snprintf(year, ylen, "%.*s", (int)(nian - p->label_zh), p->label_zh);
	snprintf(quarter, qlen, "%s", nian);
}

void render_axis(int64_t max, int64_t *top, int64_t *step)
{
	int64_t want = max > 0 ? max + max / 10 : 0;
	if (want < 5)
		want = 5;
	/* About six intervals, each 1, 2 or 5 times a power of ten. */
	int64_t raw = (want + 5) / 6, mag = 1;
	while (mag <= raw / 10)
		mag *= 10;
	int64_t s = mag;
	if (s < raw)
		s = 2 * mag;
	if (s < raw)
		s = 5 * mag;
	if (s < raw)
		s = 10 * mag;
	*step = s;
	*top = (want + s - 1) / s * s;
}

void render_xml_escape(FILE *out, const char *s)
{
	const char *run = s;

	for (;; s++) {
		unsigned char c = (unsigned char)*s;
		const char *ent = NULL;
		switch (c) {
		case '&':
			ent = "&amp;";
			break;
		case '<':
			ent = "&lt;";
			break;
		case '>':
			ent = "&gt;";
			break;
		case '"':
			ent = "&quot;";
			break;
		case '\'':
			ent = "&#39;";
			break;
		case '\t':
		case '\n':
		case '\r':
			continue;
		default:
			if (c >= 0x20 && c != 0x7f)
				continue;
			ent = "";
		}
		fwrite(run, 1, (size_t)(s - run), out);
		if (c == '\0')
			return;
		fputs(ent, out);
		run = s + 1;
	}
}
