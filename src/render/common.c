/* Helpers shared by the HTML, SVG, PDF and XLSX renderers. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/arena.h"
#include "core/error.h"
#include "domain/publication.h"
#include "domain/statistics.h"
#include "render/common.h"

const char *const render_annex_tail[RENDER_ANNEX_TAIL] = {
    "企业总量", "申诉量占比", "用户占比", "百万用户申诉率", "较前季度增长",
};

void render_subtitle(const struct notice *n, char *buf, size_t len)
{
	snprintf(buf, len, "%s电信服务质量通告（%s）", n->period_zh, n->scope ? n->scope : "全国");
}

static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

size_t render_sections(const struct notice *n, struct render_section out[RENDER_MAX_SECTIONS])
{
	size_t k = 0;
	const struct {
		enum render_part part;
		bool present;
		const char *heading;
	} parts[RENDER_MAX_SECTIONS] = {
		{RENDER_WORK, n->work.body != NULL, n->work.heading},
		{RENDER_COMPLAINTS, true, "电信用户申诉情况"},
		{RENDER_SUPERVISION, n->nsupervision > 0, "电信服务监管情况"},
		{RENDER_TIPS, n->tips.body != NULL, n->tips.heading},
	};
	for (size_t i = 0; i < RENDER_MAX_SECTIONS; i++)
		if (parts[i].present) {
			out[k].part = parts[i].part;
			snprintf(out[k].heading, sizeof out[k].heading, "%s、%s", numerals[k],
			         parts[i].heading ? parts[i].heading : "");
			k++;
		}
	return k;
}

void render_title(const struct notice *n, char *buf, size_t len)
{
	if (n->publication.number)
		snprintf(buf, len, "%s（%d年第%d号）", RENDER_TITLE, n->publication.year,
		         n->publication.number);
	else
		snprintf(buf, len, "%s", RENDER_TITLE);
}

void render_title_line(const struct notice *n, char *buf, size_t len)
{
	if (n->publication.number)
		snprintf(buf, len, "%s", n->publication.doc_no);
	else
		render_subtitle(n, buf, len);
}

const char *render_preface(const struct notice *n, char *buf, size_t len)
{
	if (n->preface)
		return n->preface;
	notice_default_preface(&n->period, buf, len);
	return buf;
}

static void day_zh(int32_t day, char *buf, size_t len)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	snprintf(buf, len, "%d年%d月%d日", y, m, d);
}

void render_revision_note(const struct notice *n, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!n->publication.number || n->publication.revision <= 1)
		return;
	char d[32];
	day_zh(n->publication.date, d, sizeof d);
	snprintf(buf, len, "本通告为第%d版（%s），更正说明：%s", n->publication.revision, d,
	         n->publication.reason);
}

void render_signature_date(const struct notice *n, char *buf, size_t len)
{
	buf[0] = '\0';
	if (n->publication.number)
		day_zh(n->publication.date, buf, len);
}

const char *render_item_number(size_t i)
{
	static const char *const items[] = {"（一）", "（二）", "（三）", "（四）", "（五）",
	                                    "（六）", "（七）", "（八）", "（九）", "（十）"};
	return i < sizeof items / sizeof *items ? items[i] : "";
}

char *render_next_paragraph(const char **cursor)
{
	const char *p = *cursor;
	/* Skip blank lines. */
	for (;;) {
		const char *q = p;
		while (*q == ' ' || *q == '\t' || *q == '\r')
			q++;
		if (*q == '\n')
			p = q + 1;
		else if (*q == '\0')
			return *cursor = q, NULL;
		else
			break;
	}
	char *out = sh_xmalloc(strlen(p) + 1), *w = out;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		const char *start = p;
		/* Indentation, ASCII or ideographic (U+3000): the formats indent themselves. */
		for (;;) {
			if (start < p + n && (*start == ' ' || *start == '\t'))
				start++;
			else if (p + n - start >= 3 && memcmp(start, "\xE3\x80\x80", 3) == 0)
				start += 3;
			else
				break;
		}
		if (start == p + n) /* a blank line ends the paragraph */
			break;
		memcpy(w, start, (size_t)(p + n - start));
		w += p + n - start;
		p = eol ? eol + 1 : p + strlen(p);
	}
	*w = '\0';
	*cursor = p;
	return out;
}

const char *const render_annex3_columns[RENDER_ANNEX3_COLUMNS] = {
	"序号", "生产企业", "产品名称", "型号", "进网许可证编号", "存在的问题",
};

void render_annex3_caption(const struct notice *n, char *buf, size_t len)
{
	snprintf(buf, len, "%s证后监督抽查发现问题的电信设备", n->period_zh);
}

void render_annex3_row(const struct notice *n, size_t i, char num[16],
                       const char *cells[RENDER_ANNEX3_COLUMNS])
{
	const struct notice_product *p = &n->products[i];
	snprintf(num, 16, "%zu", i + 1);
	cells[0] = num;
	cells[1] = p->manufacturer;
	cells[2] = p->product;
	cells[3] = p->model;
	cells[4] = p->licence_no;
	cells[5] = p->problem;
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
