#include "domain/publication.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"
#include "domain/notice.h"
#include "domain/vocabulary.h"

static const struct vocab sections[NOTICE_SECTION_COUNT] = {
	[NOTICE_SECTION_PREFACE] = {"preface", "前言", "0"},
	[NOTICE_SECTION_WORK] = {"work", "一", "1"},
	[NOTICE_SECTION_TIPS] = {"tips", "四", "4"},
};

static const char *const standard_headings[NOTICE_SECTION_COUNT] = {
	[NOTICE_SECTION_PREFACE] = "",
	[NOTICE_SECTION_WORK] = "贯彻落实党中央、国务院工作部署情况",
	[NOTICE_SECTION_TIPS] = "经营及消费提示",
};

const char *notice_section_code(enum notice_section s)
{
	return (unsigned)s < NOTICE_SECTION_COUNT ? sections[s].code : "";
}

const char *notice_section_label(enum notice_section s)
{
	return (unsigned)s < NOTICE_SECTION_COUNT ? sections[s].label : "";
}

int notice_section_parse(const char *s, size_t len, enum notice_section *out)
{
	int i = vocab_find(sections, NOTICE_SECTION_COUNT, s, len);
	if (i < 0)
		return SH_EINVAL;
	*out = (enum notice_section)i;
	return 0;
}

int notice_text_check(const char *text, struct record_error *err)
{
	err->field = "body";
	size_t len = text ? strlen(text) : 0;
	if (!utf8_valid(text ? text : "", len)) {
		utf8_format(err->message, sizeof err->message, "正文不是有效的UTF-8文本");
		return SH_EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) {
			utf8_format(err->message, sizeof err->message, "正文中不能有控制字符");
			return SH_EINVAL;
		}
	}
	size_t n = utf8_chars(text ? text : "", len);
	if (n > NOTICE_TEXT_MAX) {
		utf8_format(err->message, sizeof err->message, "正文最多%d个字（现在是%zu个）",
		            NOTICE_TEXT_MAX, n);
		return SH_EINVAL;
	}
	return 0;
}

static const char *skip_blank_lines(const char *s)
{
	for (const char *p = s;; p++) {
		if (*p == '\n')
			s = p + 1;
		else if (*p != ' ' && *p != '\t' && *p != '\r')
			return s;
	}
}

void notice_text_split(enum notice_section s, const char *text, const char **heading,
                       size_t *heading_len, const char **body)
{
	const char *t = skip_blank_lines(text ? text : "");
	*heading = (unsigned)s < NOTICE_SECTION_COUNT ? standard_headings[s] : "";
	*heading_len = strlen(*heading);
	if (t[0] == '#' && t[1] == ' ') {
		const char *h = t + 2, *end = strchr(h, '\n');
		if (!end)
			end = h + strlen(h);
		size_t n = (size_t)(end - h);
		while (n && (h[n - 1] == '\r' || h[n - 1] == ' '))
			n--;
		*heading = h;
		*heading_len = n;
		t = skip_blank_lines(*end ? end + 1 : end);
	}
	*body = t;
}

void notice_default_preface(const struct period *p, char *buf, size_t len)
{
	char zh[32];
	notice_period_zh(p, zh, sizeof zh);
	snprintf(buf, len, "根据《中华人民共和国电信条例》相关规定，现将%s电信服务有关情况通告如下：",
	         zh);
}

static const struct vocab states[PUBLICATION_STATE_COUNT] = {
	[PUBLICATION_PENDING] = {"pending", "待审核", NULL},
	[PUBLICATION_PUBLISHED] = {"published", "已发布", NULL},
	[PUBLICATION_REJECTED] = {"rejected", "未通过", NULL},
};

const char *publication_state_code(enum publication_state s)
{
	return (unsigned)s < PUBLICATION_STATE_COUNT ? states[s].code : "";
}

const char *publication_state_label(enum publication_state s)
{
	return (unsigned)s < PUBLICATION_STATE_COUNT ? states[s].label : "";
}

int publication_state_parse(const char *s, size_t len, enum publication_state *out)
{
	int i = vocab_find(states, PUBLICATION_STATE_COUNT, s, len);
	if (i < 0)
		return SH_EINVAL;
	*out = (enum publication_state)i;
	return 0;
}

int publication_check(const struct period *p, const char *doc_no, int32_t date, int32_t today,
                      bool correction, const char *reason, struct record_error *err)
{
	int rc = record_text_check("doc_no", "发文字号（文号）", doc_no, true, 64, err);
	if (rc)
		return rc;
	char a[SH_DATE_LEN + 1], b[SH_DATE_LEN + 1];
	err->field = "date";
	if (date <= p->last) {
		date_format(p->last, a);
		utf8_format(err->message, sizeof err->message, "发布日期应在该季度结束（%s）之后", a);
		return SH_EINVAL;
	}
	if (date > today + 31) {
		date_format(today + 31, b);
		utf8_format(err->message, sizeof err->message, "发布日期不能晚于%s", b);
		return SH_EINVAL;
	}
	if (correction)
		return record_text_check("reason", "更正说明", reason, true, 200, err);
	return record_text_check("reason", "说明", reason, false, 200, err);
}

bool publication_may_edit(const struct actor *a)
{
	return a && access_is_ministry(a);
}

bool publication_may_decide(const struct actor *approver, int64_t requested_by, bool approve)
{
	if (!approver || !access_is_ministry(approver))
		return false;
	return !approve || approver->user_id != requested_by;
}
