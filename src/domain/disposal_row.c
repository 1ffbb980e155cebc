#include "domain/disposal_row.h"

#include <string.h>
#include <strings.h>

#include "core/error.h"
#include "core/utf8.h"

/* At most 40 characters of a cell to quote in a message; none of one that
 * is not UTF-8 (messages go out as JSON). */
static int quoted(const char *s, size_t len)
{
	return utf8_valid(s, len) ? (int)utf8_cut(s, len, 40) : 0;
}

/* Each column's names: the download's Chinese header first. */
static const char *const names[DCOL_COUNT][3] = {
	[DCOL_NUMBER] = {"号码", "number", NULL},
	[DCOL_DISPOSAL] = {"处置结果", "disposal", NULL},
	[DCOL_NOTE] = {"说明", "note", "处置说明"},
};

const char *disposal_column_name(enum disposal_column c)
{
	return (unsigned)c < DCOL_COUNT ? names[c][0] : "";
}

/* The cell without surrounding blanks (ASCII spaces, tabs, U+3000) and a
 * byte-order mark. */
static void trimmed(const struct csv_field *f, const char **s, size_t *len)
{
	const char *p = f->ptr;
	size_t n = f->len;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	for (;;) {
		if (n && (*p == ' ' || *p == '\t'))
			p++, n--;
		else if (n >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0)
			p += 3, n -= 3;
		else if (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		else if (n >= 3 && memcmp(p + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	*s = p;
	*len = n;
}

static int column_of(const struct csv_field *f)
{
	const char *s;
	size_t len;
	trimmed(f, &s, &len);
	for (int c = 0; c < DCOL_COUNT; c++)
		for (int k = 0; k < 3 && names[c][k]; k++)
			if (strlen(names[c][k]) == len && strncasecmp(s, names[c][k], len) == 0)
				return c;
	return -1;
}

bool disposal_header_find(const struct csv_field *f, size_t n, struct disposal_header *h, int *rc,
                          char *msg, size_t msglen)
{
	bool header = false;
	for (size_t i = 0; i < n && !header; i++)
		header = column_of(&f[i]) == DCOL_NUMBER;
	if (!header)
		return false;
	for (int c = 0; c < DCOL_COUNT; c++)
		h->index[c] = -1;
	*rc = 0;
	for (size_t i = 0; i < n; i++) {
		int c = column_of(&f[i]);
		if (c < 0)
			continue;
		if (h->index[c] >= 0) {
			utf8_format(msg, msglen, "列“%s”重复出现（第%d列和第%zu列）", names[c][0],
			            h->index[c] + 1, i + 1);
			*rc = SH_EINVAL;
			return true;
		}
		h->index[c] = (int)i;
	}
	if (h->index[DCOL_DISPOSAL] < 0) {
		utf8_format(msg, msglen, "缺少“处置结果”列：请在下载的派发清单中填写处置结果后上传");
		*rc = SH_EINVAL;
	}
	return true;
}

bool disposal_row_blank(const struct csv_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!utf8_is_blank(f[i].ptr, f[i].len))
			return false;
	return true;
}

int disposal_row_parse(const struct disposal_header *h, const struct csv_field *f, size_t n,
                       struct disposal_row *out, size_t *column, char *msg, size_t msglen)
{
	static const struct csv_field empty = {"", 0};
	const struct csv_field *cell[DCOL_COUNT];
	for (int c = 0; c < DCOL_COUNT; c++)
		cell[c] = h->index[c] >= 0 && (size_t)h->index[c] < n ? &f[h->index[c]] : &empty;
	*out = (struct disposal_row){.disposal = DISPOSAL_NONE};

	*column = (size_t)h->index[DCOL_NUMBER] + 1;
	const char *s;
	size_t len;
	trimmed(cell[DCOL_NUMBER], &s, &len);
	char why[160];
	if (len == 0) {
		utf8_format(msg, msglen, "缺少号码");
		return SH_EINVAL;
	}
	if (number_normalize(s, len, out->number, why, sizeof why) == NUMBER_INVALID) {
		utf8_format(msg, msglen, "号码“%.*s”有误：%s", quoted(s, len), s, why);
		return SH_EINVAL;
	}

	*column = (size_t)h->index[DCOL_DISPOSAL] + 1;
	trimmed(cell[DCOL_DISPOSAL], &s, &len);
	if (len && disposal_parse(s, len, &out->disposal)) {
		utf8_format(msg, msglen,
		            "处置结果“%.*s”无效，应为关停、限制、警告、核实无异常或无法核实（或 "
		            "shut_down, restricted, warned, checked_fine, cannot_verify）",
		            quoted(s, len), s);
		return SH_EINVAL;
	}

	if (h->index[DCOL_NOTE] >= 0) {
		*column = (size_t)h->index[DCOL_NOTE] + 1;
		const struct csv_field *note = cell[DCOL_NOTE];
		if (!utf8_valid(note->ptr, note->len) ||
		    utf8_chars(note->ptr, note->len) > DISPOSAL_NOTE_MAX) {
			utf8_format(msg, msglen, "说明不是有效的文本或超过%d字", DISPOSAL_NOTE_MAX);
			return SH_EINVAL;
		}
		if (!utf8_is_blank(note->ptr, note->len)) {
			out->note = note->ptr;
			out->note_len = note->len;
		}
	}
	return 0;
}
