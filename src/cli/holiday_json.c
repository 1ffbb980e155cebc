#include "cli/holiday_json.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"

/* Writes a message into err, never cutting a UTF-8 sequence in half. */
__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt,
                                                      ...)
{
	if (!err || errlen == 0)
		return SH_EINVAL;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= errlen) {
		size_t end = errlen - 1; /* err[end] is the NUL */
		size_t i = end;
		while (i > 0 && ((unsigned char)err[i - 1] & 0xC0) == 0x80)
			i--;
		/* err[i - 1] starts the last sequence (or is ASCII); drop it if
		 * it is a lead byte whose sequence was cut. */
		if (i > 0) {
			unsigned char lead = (unsigned char)err[i - 1];
			size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
			if (end - (i - 1) < need)
				err[i - 1] = '\0';
		}
	}
	return SH_EINVAL;
}

/* A printable copy of untrusted text for a message: at most max bytes of s,
 * control characters and bytes that are not valid UTF-8 shown as '?', "…"
 * when cut. */
static void echo(char *dst, size_t cap, const char *s, size_t len, size_t max)
{
	size_t o = 0, i = 0;
	while (i < len && o + 4 < cap) {
		unsigned char ch = (unsigned char)s[i];
		size_t n = ch < 0x80 ? 1 : ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : 2;
		if (i + n > len || !utf8_valid(s + i, n))
			n = 1; /* not a whole character: one '?' per byte */
		if (i + n > max)
			break;
		if ((n == 1 && ch >= 0x80) || ch < 0x20 || ch == 0x7F) {
			dst[o++] = '?';
		} else {
			memcpy(dst + o, s + i, n);
			o += n;
		}
		i += n;
	}
	if (i < len && o + 4 <= cap) {
		memcpy(dst + o, "…", 3); /* U+2026, 3 bytes */
		o += 3;
	}
	dst[o] = '\0';
}

static int cmp_day(const void *a, const void *b)
{
	const struct holiday_day *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

static void free_days(struct holiday_day *days, size_t n)
{
	struct holiday_schedule partial = {0, n, days};
	holiday_schedule_free(&partial);
}

static int parse_days(json_t *arr, int year, struct holiday_schedule *out, char *err, size_t errlen)
{
	const size_t n = json_array_size(arr);
	/* Dates must lie in year - 1 .. year + 1; seen[] holds index + 1 of the
	 * entry that gave each date there. */
	const int32_t lo = date_from_ymd(year - 1, 1, 1);
	const int32_t span = date_from_ymd(year + 2, 1, 1) - lo;
	size_t *seen = sh_xcalloc((size_t)span, sizeof *seen);
	struct holiday_day *days = sh_xcalloc(n, sizeof *days);
	char shown[64];
	int rc = 0;
	size_t i;
	for (i = 0; i < n && !rc; i++) {
		json_t *e = json_array_get(arr, i);
		if (!json_is_object(e)) {
			rc = fail(err, errlen, "days[%zu] 必须是对象", i);
			break;
		}
		json_t *name = json_object_get(e, "name");
		json_t *date = json_object_get(e, "date");
		json_t *off = json_object_get(e, "isOffDay");
		if (!name)
			rc = fail(err, errlen, "days[%zu] 缺少 name 字段", i);
		else if (!json_is_string(name))
			rc = fail(err, errlen, "days[%zu].name 必须是字符串", i);
		else if (!date)
			rc = fail(err, errlen, "days[%zu] 缺少 date 字段", i);
		else if (!json_is_string(date))
			rc = fail(err, errlen, "days[%zu].date 必须是字符串", i);
		else if (!off)
			rc = fail(err, errlen, "days[%zu] 缺少 isOffDay 字段", i);
		else if (!json_is_boolean(off))
			rc = fail(err, errlen, "days[%zu].isOffDay 必须是 true 或 false", i);
		if (rc)
			break;
		const char *ds = json_string_value(date);
		size_t dlen = json_string_length(date);
		echo(shown, sizeof shown, ds, dlen, 32);
		int32_t day;
		if (date_parse(ds, dlen, &day) != 0) {
			rc = fail(err, errlen, "days[%zu].date 不是有效日期：%s", i, shown);
			break;
		}
		if (day < lo || day - lo >= span) {
			rc = fail(err, errlen, "days[%zu].date %s 与 year %d 相差超过一年", i,
			          shown, year);
			break;
		}
		if (seen[day - lo]) {
			rc = fail(err, errlen, "日期 %s 重复出现（days[%zu] 与 days[%zu]）", shown,
			          seen[day - lo] - 1, i);
			break;
		}
		seen[day - lo] = i + 1;
		size_t nlen = json_string_length(name);
		days[i].name = sh_xmalloc(nlen + 1);
		memcpy(days[i].name, json_string_value(name), nlen);
		days[i].name[nlen] = '\0';
		days[i].day = day;
		days[i].off = json_is_true(off);
	}
	free(seen);
	if (rc) {
		free_days(days, i);
		return rc;
	}
	qsort(days, n, sizeof *days, cmp_day);
	out->year = year;
	out->n = n;
	out->days = days;
	return 0;
}

int holiday_json_parse(const char *text, size_t len, struct holiday_schedule *out, char *err,
                       size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!out)
		return SH_EINVAL;
	json_error_t je;
	json_t *root = json_loadb(text ? text : "", text ? len : 0,
	                          JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	if (!root) {
		/* jansson's text quotes the input near the error, possibly cut
		 * inside a character or not UTF-8 at all. */
		char why[sizeof je.text + 8];
		echo(why, sizeof why, je.text, strlen(je.text), sizeof je.text);
		return fail(err, errlen, "不是有效的 JSON（第 %d 行第 %d 列）：%s", je.line,
		            je.column, why);
	}
	int rc;
	json_t *year = json_object_get(root, "year");
	json_t *days = json_object_get(root, "days");
	if (!json_is_object(root))
		rc = fail(err, errlen, "顶层必须是 JSON 对象");
	else if (!year)
		rc = fail(err, errlen, "缺少 year 字段");
	else if (!json_is_integer(year))
		rc = fail(err, errlen, "year 必须是整数");
	else if (json_integer_value(year) < CALENDAR_FIRST_YEAR ||
	         json_integer_value(year) > CALENDAR_LAST_YEAR)
		rc = fail(err, errlen, "year %lld 超出范围 %d–%d",
		          (long long)json_integer_value(year), CALENDAR_FIRST_YEAR,
		          CALENDAR_LAST_YEAR);
	else if (!days)
		rc = fail(err, errlen, "缺少 days 字段");
	else if (!json_is_array(days))
		rc = fail(err, errlen, "days 必须是数组");
	else
		rc = parse_days(days, (int)json_integer_value(year), out, err, errlen);
	json_decref(root);
	return rc;
}
