#include "core/csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/utf8.h"

enum state {
	S_FIELD_START, /* before the first byte of a field */
	S_UNQUOTED,    /* inside an unquoted field */
	S_CR,          /* unquoted field, just saw CR: CRLF or a lone CR ends the record */
	S_QUOTED,      /* inside a quoted field */
	S_QUOTE,       /* quoted field, just saw '"': a doubled quote or the end */
	S_QUOTE_CR,    /* after the closing quote, just saw CR: CRLF or a lone CR */
};

struct csv_reader {
	/* Input. The parser consumes the window [p, end); everything it keeps is
	 * copied into rec, so a window can be dropped once it is consumed. */
	int fd;                  /* -1 for memory input */
	const char *mem;         /* memory input */
	size_t mem_len, mem_pos; /* memory input: size, bytes handed out */
	size_t chunk;            /* memory input: most bytes per window */
	char *block;             /* fd input: CSV_BLOCK_SIZE bytes */
	uint64_t read_total;     /* fd input: bytes read so far */
	const unsigned char *win, *p, *end;
	uint64_t win_off; /* input offset of win */
	bool started;     /* the first window (and BOM check) happened */
	bool eof;         /* the input has no more windows */
	bool done;        /* csv_read returned 0 */

	size_t max_field, max_fields;
	bool validate_utf8;

	/* The record being built: fields stored back to back in rec, each
	 * followed by a NUL. fields[i].ptr is set when the record is complete. */
	char *rec;
	size_t rec_len, rec_cap;
	struct csv_field *fields;
	size_t nfields, fields_cap;
	size_t field_start;  /* offset in rec of the current field */
	bool field_quoted;   /* the current field started with '"' */
	bool quoted_cr;      /* quoted field: the last byte was a CR (a following LF
	                        is the same line break) */
	uint64_t field_line; /* line where the current field started */
	uint64_t rec_line;   /* line where the current record started */
	uint64_t line;       /* current line */
	enum state state;

	struct csv_error err;
	char msg[384];
};

/* Bytes that end a run of unquoted / quoted data. */
static const unsigned char unquoted_stop[256] = {[','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1};
static const unsigned char quoted_stop[256] = {['"'] = 1, ['\r'] = 1, ['\n'] = 1};

__attribute__((format(printf, 5, 6))) static int fail(csv_reader *r, int code, uint64_t line,
                                                      size_t column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof r->msg, fmt, ap);
	va_end(ap);
	r->err.code = code;
	r->err.line = line;
	r->err.column = column;
	r->err.message = r->msg;
	return code;
}

static csv_reader *reader_new(const struct csv_options *opt)
{
	csv_reader *r = sh_xcalloc(1, sizeof *r);

	r->fd = -1;
	r->max_field = opt && opt->max_field ? opt->max_field : CSV_DEFAULT_MAX_FIELD;
	r->max_fields = opt && opt->max_fields ? opt->max_fields : CSV_DEFAULT_MAX_FIELDS;
	r->validate_utf8 = opt && opt->validate_utf8;
	r->rec_cap = 4096;
	r->rec = sh_xmalloc(r->rec_cap);
	r->fields_cap = 16;
	r->fields = sh_xmalloc(r->fields_cap * sizeof *r->fields);
	r->line = 1;
	r->msg[0] = '\0';
	r->err.message = r->msg;
	return r;
}

int csv_reader_open_fd(int fd, const struct csv_options *opt, csv_reader **out)
{
	if (fd < 0 || !out)
		return SH_EINVAL;
	csv_reader *r = reader_new(opt);
	r->fd = fd;
	r->block = sh_xmalloc(CSV_BLOCK_SIZE);
	*out = r;
	return 0;
}

int csv_reader_open_mem_chunked(const char *buf, size_t len, size_t chunk,
                                const struct csv_options *opt, csv_reader **out)
{
	if ((!buf && len) || !chunk || !out)
		return SH_EINVAL;
	csv_reader *r = reader_new(opt);
	r->mem = buf ? buf : "";
	r->mem_len = len;
	r->chunk = chunk;
	*out = r;
	return 0;
}

int csv_reader_open_mem(const char *buf, size_t len, const struct csv_options *opt,
                        csv_reader **out)
{
	return csv_reader_open_mem_chunked(buf, len, SIZE_MAX, opt, out);
}

void csv_reader_free(csv_reader *r)
{
	if (!r)
		return;
	free(r->block);
	free(r->rec);
	free(r->fields);
	free(r);
}

const struct csv_error *csv_reader_error(const csv_reader *r)
{
	return &r->err;
}

uint64_t csv_reader_offset(const csv_reader *r)
{
	if (!r->win)
		return r->win_off;
	return r->win_off + (uint64_t)(r->p - r->win);
}

static bool is_bom(const unsigned char *s, size_t len)
{
	return len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf;
}

/* Makes the next window current. 1 = a non-empty window, 0 = end of input,
 * <0 = error. */
static int refill(csv_reader *r)
{
	if (r->eof)
		return 0;
	if (r->fd < 0) {
		size_t n = r->mem_len - r->mem_pos;
		if (!r->started && is_bom((const unsigned char *)r->mem, r->mem_len))
			r->mem_pos = 3, n -= 3;
		r->started = true;
		if (n > r->chunk)
			n = r->chunk;
		r->win_off = r->mem_pos;
		r->win = r->p = (const unsigned char *)r->mem + r->mem_pos;
		r->end = r->p + n;
		r->mem_pos += n;
		if (!n)
			r->eof = true;
		return n != 0;
	}

	/* The first read wants 3 bytes (or end of input) to recognize a BOM. */
	size_t have = 0, want = r->started ? 1 : 3;
	while (have < want) {
		ssize_t n = read(r->fd, r->block + have, CSV_BLOCK_SIZE - have);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return fail(r, SH_EIO, r->line, 0, "读取文件失败：%m");
		}
		if (n == 0) {
			r->eof = true;
			break;
		}
		have += (size_t)n;
	}
	r->win_off = r->read_total;
	r->read_total += have;
	r->win = r->p = (const unsigned char *)r->block;
	r->end = r->p + have;
	if (!r->started && is_bom(r->p, have))
		r->p += 3;
	r->started = true;
	if (r->p < r->end)
		return 1;
	return refill(r); /* the block held only the BOM (or nothing, at end of input) */
}

static void reserve(csv_reader *r, size_t extra)
{
	/* extra is bounded by max_field + a window, so this cannot overflow in
	 * practice; abort rather than wrap if it ever would. */
	if (extra > SIZE_MAX / 2 - r->rec_len)
		abort();
	size_t need = r->rec_len + extra;
	if (need <= r->rec_cap)
		return;
	size_t cap = r->rec_cap;
	while (cap < need)
		cap *= 2;
	r->rec = sh_xrealloc(r->rec, cap);
	r->rec_cap = cap;
}

static int too_long(csv_reader *r)
{
	return fail(r, SH_ETOOLARGE, r->field_line, r->nfields + 1,
	            "字段过长：超过了 %zu 字节的上限", r->max_field);
}

/* Appends n bytes of data to the current field. */
static int append(csv_reader *r, const unsigned char *s, size_t n)
{
	if (n > r->max_field - (r->rec_len - r->field_start))
		return too_long(r);
	reserve(r, n + 1); /* room for the field's NUL */
	memcpy(r->rec + r->rec_len, s, n);
	r->rec_len += n;
	return 0;
}

static int append_byte(csv_reader *r, unsigned char c)
{
	return append(r, &c, 1);
}

/* Finishes the current field: records its length and adds the NUL. */
static void end_field(csv_reader *r)
{
	if (r->nfields == r->fields_cap) {
		r->fields_cap *= 2;
		r->fields = sh_xrealloc(r->fields, r->fields_cap * sizeof *r->fields);
	}
	r->fields[r->nfields].ptr = NULL;
	r->fields[r->nfields].len = r->rec_len - r->field_start;
	r->nfields++;
	reserve(r, 1);
	r->rec[r->rec_len++] = '\0';
	r->field_start = r->rec_len;
}

/* Checks the whole record at once: the NULs between fields are ASCII, so an
 * invalid or truncated sequence is found in the field that holds it. */
static int check_utf8(csv_reader *r)
{
	size_t ok = utf8_valid_prefix(r->rec, r->rec_len);
	if (ok == r->rec_len)
		return 0;

	size_t field = 0, start = 0;
	while (start + r->fields[field].len < ok) {
		start += r->fields[field].len + 1;
		field++;
	}
	uint64_t line = r->rec_line;
	for (size_t i = 0; i < ok; i++)
		line += r->rec[i] == '\n';
	return fail(r, SH_EENCODING, line, field + 1,
	            "字段不是有效的 UTF-8 文本（字段第 %zu 字节处有无法识别的字节 0x%02X）。"
	            "文件可能是 GBK 编码（例如用 Excel 直接保存的 CSV），"
	            "请将文件另存为 UTF-8 编码后重新导入",
	            ok - start + 1, (unsigned char)r->rec[ok]);
}

static int next_field(csv_reader *r)
{
	end_field(r);
	if (r->nfields >= r->max_fields)
		return fail(r, SH_ETOOLARGE, r->line, r->nfields + 1,
		            "字段太多：一行最多 %zu 个字段", r->max_fields);
	r->state = S_FIELD_START;
	return 0;
}

static void begin_record(csv_reader *r)
{
	r->rec_len = 0;
	r->nfields = 0;
	r->field_start = 0;
	r->field_quoted = false;
	r->rec_line = r->line;
	r->state = S_FIELD_START;
}

/* The current record ends here. 1 = it is complete, 0 = it was a blank line
 * (skipped; a new record has begun), <0 = error. */
static int end_record(csv_reader *r)
{
	if (r->nfields == 0 && r->rec_len == 0 && !r->field_quoted) {
		begin_record(r);
		return 0;
	}
	end_field(r);
	if (r->validate_utf8)
		return check_utf8(r) < 0 ? r->err.code : 1;
	return 1;
}

/* Consumes the current window until a record is complete (1), the window is
 * used up (0) or an error (<0). */
static int parse(csv_reader *r)
{
	const unsigned char *p = r->p, *end = r->end, *q;
	int rc = 0;

	while (p < end) {
		switch (r->state) {
		case S_FIELD_START:
			r->field_line = r->line;
			r->field_quoted = *p == '"';
			r->quoted_cr = false;
			if (r->field_quoted) {
				p++;
				r->state = S_QUOTED;
			} else {
				r->state = S_UNQUOTED;
			}
			break;

		case S_UNQUOTED:
			q = p;
			while (q < end && !unquoted_stop[*q])
				q++;
			if (q > p && (rc = append(r, p, (size_t)(q - p))) < 0)
				goto out;
			p = q;
			if (p == end)
				goto out;
			switch (*p++) {
			case ',':
				rc = next_field(r);
				break;
			case '\n':
				r->line++;
				rc = end_record(r);
				break;
			case '\r':
				/* CRLF or, in old Mac files, a CR alone: either ends the
				 * record, but only the next byte tells how many bytes the
				 * line break takes. */
				r->state = S_CR;
				break;
			default: /* '"' */
				rc = fail(r, SH_EINVAL, r->line, r->nfields + 1,
				          "未加引号的字段中出现了双引号。含有双引号的字段必须整个用"
				          "双引号括起来，"
				          "字段内的双引号写成两个（\"\"）");
				break;
			}
			if (rc)
				goto out;
			break;

		case S_CR:
		case S_QUOTE_CR:
			if (*p == '\n')
				p++; /* CRLF; otherwise p starts the next record */
			r->line++;
			if ((rc = end_record(r)))
				goto out;
			break;

		case S_QUOTED:
			q = p;
			for (;;) {
				const unsigned char *run = q;
				while (q < end && !quoted_stop[*q])
					q++;
				if (q > run)
					r->quoted_cr = false;
				if (q == end)
					break;
				if (*q == '"') {
					r->quoted_cr = false;
					break;
				}
				/* An embedded line break: LF, CRLF or a CR alone. */
				if (*q == '\r' || !r->quoted_cr)
					r->line++;
				r->quoted_cr = *q == '\r';
				q++;
			}
			if (q > p && (rc = append(r, p, (size_t)(q - p))) < 0)
				goto out;
			p = q;
			if (p < end) {
				p++;
				r->state = S_QUOTE;
			}
			break;

		case S_QUOTE:
			switch (*p) {
			case '"':
				p++;
				rc = append_byte(r, '"');
				r->state = S_QUOTED;
				break;
			case ',':
				p++;
				rc = next_field(r);
				break;
			case '\n':
				p++;
				r->line++;
				rc = end_record(r);
				break;
			case '\r':
				p++;
				r->state = S_QUOTE_CR;
				break;
			default:
				goto junk_after_quote;
			}
			if (rc)
				goto out;
			break;
		}
	}
out:
	r->p = p;
	return rc;

junk_after_quote:
	r->p = p;
	if (*p >= 0x20 && *p < 0x7f)
		return fail(
		    r, SH_EINVAL, r->line, r->nfields + 1,
		    "引号字段的结束引号后面出现了多余的字符“%c”。结束引号后应紧跟逗号或换行；"
		    "如果字段内容本身含有双引号，请写成两个（\"\"）",
		    *p);
	return fail(r, SH_EINVAL, r->line, r->nfields + 1,
	            "引号字段的结束引号后面出现了多余的字节 0x%02X。结束引号后应紧跟逗号或换行；"
	            "如果字段内容本身含有双引号，请写成两个（\"\"）",
	            *p);
}

/* The input ended in the middle of state. 1 = a last record, 0 = none. */
static int finish(csv_reader *r)
{
	switch (r->state) {
	case S_FIELD_START:
		if (r->nfields == 0)
			return 0;
		r->field_quoted = false;
		break;
	case S_QUOTED:
		return fail(r, SH_EINVAL, r->field_line, r->nfields + 1,
		            "引号没有闭合：此处开始的引号字段直到文件末尾都没有找到结束的双引号。"
		            "请检查是否少写了一个引号，字段内的双引号应写成两个（\"\"）");
	default:
		break;
	}
	return end_record(r);
}

int csv_read(csv_reader *r, struct csv_record *out)
{
	int rc;

	if (r->err.code)
		return r->err.code;
	if (r->done)
		return 0;
	begin_record(r);
	for (;;) {
		if (r->p < r->end) {
			rc = parse(r);
		} else {
			rc = refill(r);
			if (rc > 0)
				continue;
			if (rc == 0) {
				rc = finish(r);
				if (rc == 0) {
					r->done = true;
					return 0;
				}
			}
		}
		if (rc)
			break;
	}
	if (rc < 0)
		return rc;

	char *s = r->rec;
	for (size_t i = 0; i < r->nfields; i++) {
		r->fields[i].ptr = s;
		s += r->fields[i].len + 1;
	}
	out->n = r->nfields;
	out->fields = r->fields;
	out->line = r->rec_line;
	return 1;
}

/* Writer */

static bool needs_quotes(const char *s, size_t len)
{
	if (!len)
		return false;
	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    is_bom((const unsigned char *)s, len))
		return true;
	for (size_t i = 0; i < len; i++)
		if (unquoted_stop[(unsigned char)s[i]])
			return true;
	return false;
}

/* Writes s quoted, quotes doubled, after the bytes of prefix. */
static void write_quoted(FILE *f, const char *prefix, const char *s, size_t len)
{
	putc('"', f);
	fputs(prefix, f);
	const char *q;
	while ((q = memchr(s, '"', len))) {
		size_t n = (size_t)(q - s) + 1;
		fwrite(s, 1, n, f); /* up to and including the quote */
		putc('"', f);
		s += n;
		len -= n;
	}
	fwrite(s, 1, len, f);
	putc('"', f);
}

void csv_write_field(FILE *f, const char *s, size_t len)
{
	if (needs_quotes(s, len))
		write_quoted(f, "", s, len);
	else if (len)
		fwrite(s, 1, len, f);
}

bool csv_cell_is_formula(const char *s, size_t len)
{
	return len && s[0] && strchr("=+-@\t\r", s[0]);
}

/* One record; with neutralise, every field not marked numeric gets the
 * export rule. */
static void write_record(FILE *f, const struct csv_field *fields, size_t n, bool neutralise,
                         const bool *numeric)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			putc(',', f);
		const struct csv_field *c = &fields[i];
		if (neutralise && !(numeric && numeric[i]) && csv_cell_is_formula(c->ptr, c->len))
			write_quoted(f, "'", c->ptr, c->len);
		else if (n == 1 && c->len == 0)
			fputs("\"\"", f); /* not a blank line, which readers skip */
		else
			csv_write_field(f, c->ptr, c->len);
	}
	fputs("\r\n", f);
}

void csv_write_record(FILE *f, const struct csv_field *fields, size_t n)
{
	write_record(f, fields, n, false, NULL);
}

void csv_write_export(FILE *f, const struct csv_field *fields, size_t n, const bool *numeric)
{
	write_record(f, fields, n, true, numeric);
}
