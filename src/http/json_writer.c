#include "http/json_writer.h"

#include <string.h>

#include "core/date.h"

void jw_init(struct json_writer *w, struct arena *a, size_t cap)
{
	*w = (struct json_writer){.a = a, .p = arena_alloc(a, cap ? cap : 64), .cap = cap ? cap : 64};
}

static char *room(struct json_writer *w, size_t n)
{
	if (w->len + n > w->cap) {
		size_t cap = w->cap * 2 > w->len + n ? w->cap * 2 : w->len + n;
		char *p = arena_alloc(w->a, cap);
		memcpy(p, w->p, w->len);
		w->p = p;
		w->cap = cap;
	}
	return w->p + w->len;
}

void jw_raw(struct json_writer *w, const char *s, size_t n)
{
	memcpy(room(w, n), s, n);
	w->len += n;
}

void jw_string(struct json_writer *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char *o = room(w, n * 6 + 2), *start = o; /* \u00XX at worst */
	*o++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = (char)c;
		} else if (c < 0x20 || c == 0x7f) {
			memcpy(o, "\\u00", 4);
			o[4] = hex[c >> 4];
			o[5] = hex[c & 15];
			o += 6;
		} else {
			*o++ = (char)c;
		}
	}
	*o++ = '"';
	w->len += (size_t)(o - start);
}

void jw_int(struct json_writer *w, int64_t v)
{
	char buf[24], *e = buf + sizeof buf, *p = e;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	jw_raw(w, p, (size_t)(e - p));
}

_Static_assert(SH_BEIJING_OFFSET == 8 * 60, "jw_instant writes +08:00");

static void two(char *o, int v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
}

void jw_instant(struct json_writer *w, int64_t t)
{
	if (t <= 0) { /* NO_INSTANT is negative */
		jw_lit(w, "null");
		return;
	}
	/* as datetime_format(t, SH_BEIJING_OFFSET), without snprintf */
	int64_t local = t + (int64_t)SH_BEIJING_OFFSET * 60;
	int32_t day = date_of_instant(t, SH_BEIJING_OFFSET);
	int sod = (int)(local - (int64_t)day * 86400);
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	char *o = room(w, SH_DATETIME_LEN + 2);
	o[0] = '"';
	two(o + 1, y / 100 % 100);
	two(o + 3, y % 100);
	o[5] = '-';
	two(o + 6, m);
	o[8] = '-';
	two(o + 9, d);
	o[11] = 'T';
	two(o + 12, sod / 3600);
	o[14] = ':';
	two(o + 15, sod / 60 % 60);
	o[17] = ':';
	two(o + 18, sod % 60);
	memcpy(o + 20, "+08:00\"", 7);
	w->len += 27;
}
