#include "domain/complaint_row.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"

const char *const complaint_column_names[COMPLAINT_COLUMN_COUNT] = {
	[COLUMN_RECEIVED_AT] = "received_at", [COLUMN_PROVINCE] = "province",
	[COLUMN_ENTERPRISE] = "enterprise",   [COLUMN_CATEGORY] = "category",
	[COLUMN_SUBTOPIC] = "subtopic",       [COLUMN_STATUS] = "status",
	[COLUMN_CLOSED_AT] = "closed_at",     [COLUMN_DESCRIPTION] = "description",
};

static bool required(enum complaint_column c)
{
	return c != COLUMN_SUBTOPIC && c != COLUMN_CLOSED_AT && c != COLUMN_DESCRIPTION;
}

/* Strips ASCII white space at both ends. */
static void trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

int complaint_column_lookup(const char *s, size_t len)
{
	trim(&s, &len);
	for (int c = 0; c < COMPLAINT_COLUMN_COUNT; c++)
		if (strlen(complaint_column_names[c]) == len &&
		    strncasecmp(s, complaint_column_names[c], len) == 0)
			return c;
	return -1;
}

__attribute__((format(printf, 5, 6))) static int fail(struct row_error *err, int code,
                                                      int column, size_t pos, const char *fmt,
                                                      ...)
{
	err->code = code;
	err->column = pos;
	err->name = column >= 0 ? complaint_column_names[column] : "";
	va_list ap;
	va_start(ap, fmt);
	utf8_vformat(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return code;
}

int complaint_header_parse(struct complaint_header *h, const struct csv_field *f, size_t n,
                           struct row_error *err)
{
	for (int c = 0; c < COMPLAINT_COLUMN_COUNT; c++)
		h->index[c] = -1;
	h->ncolumns = n;
	for (size_t i = 0; i < n; i++) {
		int c = complaint_column_lookup(f[i].ptr, f[i].len);
		if (c < 0)
			continue;
		if (h->index[c] >= 0)
			return fail(err, SH_EINVAL, c, i + 1, "表头中“%s”列出现了两次（第%d列和第%zu列）",
			            complaint_column_names[c], h->index[c] + 1, i + 1);
		h->index[c] = (int)i;
	}
	char missing[160] = "";
	for (int c = 0; c < COMPLAINT_COLUMN_COUNT; c++)
		if (required(c) && h->index[c] < 0)
			snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s",
			         missing[0] ? "、" : "", complaint_column_names[c]);
	if (missing[0])
		return fail(err, SH_EINVAL, -1, 0, "表头缺少必需的列：%s（第一行应为列名）", missing);
	return 0;
}

/* A value shortened for a message: at most 40 bytes, whole characters. */
#define VALUE(f) (int)utf8_cut((f).ptr, (f).len, 40), (f).ptr, (f).len > 40 ? "…" : ""

/* The classes valid on `day`, joined with 、 for messages. */
static void classes_on(const struct reference *ref, int32_t day, char *buf, size_t len)
{
	const struct category *c[16];
	size_t n = reference_categories_on(ref, day, c, 16);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? "、" : "", c[i]->name);
}

int complaint_row_parse(const struct complaint_header *h, const struct reference *ref, int64_t now,
                        const struct csv_field *row, size_t n, struct complaint *out,
                        struct row_error *err)
{
	if (n != h->ncolumns)
		return fail(err, SH_EINVAL, -1, 0, "本行有%zu列，表头有%zu列", n, h->ncolumns);

	struct csv_field f[COMPLAINT_COLUMN_COUNT];
	for (int c = 0; c < COMPLAINT_COLUMN_COUNT; c++) {
		f[c] = h->index[c] >= 0 ? row[h->index[c]] : (struct csv_field){"", 0};
		trim(&f[c].ptr, &f[c].len);
		if (memchr(f[c].ptr, '\0', f[c].len)) /* valid UTF-8, but never text */
			return fail(err, SH_EENCODING, c, (size_t)h->index[c] + 1,
			            "“%s”含有空字符（NUL），文件可能是UTF-16编码，请另存为UTF-8",
			            complaint_column_names[c]);
		if (required(c) && f[c].len == 0)
			return fail(err, SH_EINVAL, c, (size_t)h->index[c] + 1, "“%s”不能为空",
			            complaint_column_names[c]);
	}
#define POS(c) ((size_t)h->index[c] + 1)

	struct complaint cp = {.closed_at = NO_INSTANT, .outcome = OUTCOME_NONE};
	if (datetime_parse(f[COLUMN_RECEIVED_AT].ptr, f[COLUMN_RECEIVED_AT].len, SH_BEIJING_OFFSET,
	                   &cp.received_at) != 0)
		return fail(err, SH_EINVAL, COLUMN_RECEIVED_AT, POS(COLUMN_RECEIVED_AT),
		            "“%.*s%s”不是有效的日期或时间（应为ISO 8601格式，如2020-10-01或"
		            "2020-10-01T08:30:00）",
		            VALUE(f[COLUMN_RECEIVED_AT]));
	if (cp.received_at > now)
		return fail(err, SH_EINVAL, COLUMN_RECEIVED_AT, POS(COLUMN_RECEIVED_AT),
		            "接收时间“%.*s%s”晚于现在", VALUE(f[COLUMN_RECEIVED_AT]));
	int32_t day = date_of_instant(cp.received_at, SH_BEIJING_OFFSET);

	const struct province *p = reference_province(ref, f[COLUMN_PROVINCE].ptr,
	                                              f[COLUMN_PROVINCE].len);
	if (!p)
		return fail(err, SH_EINVAL, COLUMN_PROVINCE, POS(COLUMN_PROVINCE),
		            "未知的省份“%.*s%s”（应为行政区划代码如44，或名称如广东、广东省）",
		            VALUE(f[COLUMN_PROVINCE]));
	memcpy(cp.province, p->code, sizeof cp.province);

	const struct enterprise *e = reference_enterprise(ref, f[COLUMN_ENTERPRISE].ptr,
	                                                  f[COLUMN_ENTERPRISE].len);
	if (!e)
		return fail(err, SH_EINVAL, COLUMN_ENTERPRISE, POS(COLUMN_ENTERPRISE),
		            "未知的企业“%.*s%s”（应为企业名称，如中国移动、中国电信、中国联通、中国广电）",
		            VALUE(f[COLUMN_ENTERPRISE]));
	if (e->parent_id) { /* a provincial branch names its group and its province */
		if (strcmp(e->province, p->code) != 0)
			return fail(err, SH_EINVAL, COLUMN_ENTERPRISE, POS(COLUMN_ENTERPRISE),
			            "企业“%s”属于另一省份，与本行省份“%s”不符", e->name, p->name);
		cp.enterprise_id = e->parent_id;
	} else {
		cp.enterprise_id = e->id;
	}

	const struct category *cat = reference_category(ref, f[COLUMN_CATEGORY].ptr,
	                                                f[COLUMN_CATEGORY].len, day);
	if (!cat) {
		char list[256], date[SH_DATE_LEN + 1];
		classes_on(ref, day, list, sizeof list);
		date_format(day, date);
		if (reference_category_any(ref, f[COLUMN_CATEGORY].ptr, f[COLUMN_CATEGORY].len))
			return fail(err, SH_EINVAL, COLUMN_CATEGORY, POS(COLUMN_CATEGORY),
			            "申诉类别“%.*s%s”不适用于%s（该时期的类别为：%s）",
			            VALUE(f[COLUMN_CATEGORY]), date, list);
		return fail(err, SH_EINVAL, COLUMN_CATEGORY, POS(COLUMN_CATEGORY),
		            "未知的申诉类别“%.*s%s”（应为：%s）", VALUE(f[COLUMN_CATEGORY]), list);
	}
	cp.category_id = cat->id;

	if (f[COLUMN_SUBTOPIC].len) {
		const struct subtopic *t = reference_subtopic(ref, cat->id, f[COLUMN_SUBTOPIC].ptr,
		                                              f[COLUMN_SUBTOPIC].len);
		if (!t)
			return fail(err, SH_EINVAL, COLUMN_SUBTOPIC, POS(COLUMN_SUBTOPIC),
			            "子类“%.*s%s”不属于“%s”类别", VALUE(f[COLUMN_SUBTOPIC]), cat->name);
		cp.subtopic_id = t->id;
	}

	if (complaint_state_parse(f[COLUMN_STATUS].ptr, f[COLUMN_STATUS].len, &cp.state) != 0)
		return fail(err, SH_EINVAL, COLUMN_STATUS, POS(COLUMN_STATUS),
		            "未知的状态“%.*s%s”（应为状态代码或中文名称，如closed或已办结）",
		            VALUE(f[COLUMN_STATUS]));

	if (f[COLUMN_CLOSED_AT].len) {
		if (!complaint_state_is_final(cp.state))
			return fail(err, SH_EINVAL, COLUMN_CLOSED_AT, POS(COLUMN_CLOSED_AT),
			            "状态“%s”的申诉尚未结束，不应有办结时间",
			            complaint_state_label(cp.state));
		if (datetime_parse(f[COLUMN_CLOSED_AT].ptr, f[COLUMN_CLOSED_AT].len,
		                   SH_BEIJING_OFFSET, &cp.closed_at) != 0)
			return fail(err, SH_EINVAL, COLUMN_CLOSED_AT, POS(COLUMN_CLOSED_AT),
			            "“%.*s%s”不是有效的日期或时间（应为ISO 8601格式）",
			            VALUE(f[COLUMN_CLOSED_AT]));
		if (cp.closed_at < cp.received_at)
			return fail(err, SH_EINVAL, COLUMN_CLOSED_AT, POS(COLUMN_CLOSED_AT),
			            "办结时间“%.*s%s”早于接收时间", VALUE(f[COLUMN_CLOSED_AT]));
		if (cp.closed_at > now)
			return fail(err, SH_EINVAL, COLUMN_CLOSED_AT, POS(COLUMN_CLOSED_AT),
			            "办结时间“%.*s%s”晚于现在", VALUE(f[COLUMN_CLOSED_AT]));
	}

	if (f[COLUMN_DESCRIPTION].len &&
	    utf8_chars(f[COLUMN_DESCRIPTION].ptr, f[COLUMN_DESCRIPTION].len) > DESCRIPTION_MAX_CHARS)
		return fail(err, SH_ETOOLARGE, COLUMN_DESCRIPTION, POS(COLUMN_DESCRIPTION),
		            "描述超过%d个字符", DESCRIPTION_MAX_CHARS);
	cp.description = f[COLUMN_DESCRIPTION].ptr;
	cp.description_len = f[COLUMN_DESCRIPTION].len;
#undef POS
	*out = cp;
	return 0;
}
