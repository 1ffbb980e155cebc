#include "core/xlsx_read.h"

#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/error.h"
#include "core/utf8.h"

/* ---- the ZIP archive ------------------------------------------------------------ */

struct zip_entry {
	uint16_t method;
	uint32_t csize, usize, crc, local;
};

static uint16_t u16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

__attribute__((format(printf, 4, 5))) static int refuse(int rc, char *why, size_t whylen,
                                                        const char *fmt, ...)
{
	if (whylen) {
		va_list ap;
		va_start(ap, fmt);
		utf8_vformat(why, whylen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

#define NOT_XLSX "不是有效的XLSX文件"

/* Finds `name` in the archive's central directory: 0, SH_ENOTFOUND when it is
 * not there, SH_EINVAL when the directory is broken. */
static int zip_find(const unsigned char *d, size_t len, const char *name, struct zip_entry *out,
                    char *why, size_t whylen)
{
	/* The end record: 22 bytes and a comment of up to 65535, at the end. */
	if (len < 22)
		return refuse(SH_EINVAL, why, whylen, NOT_XLSX "（文件过短）");
	size_t eocd = len - 22, stop = len - 22 > 65535 ? len - 22 - 65535 : 0;
	while (u32(d + eocd) != 0x06054b50) {
		if (eocd == stop)
			return refuse(SH_EINVAL, why, whylen, NOT_XLSX "（不是ZIP压缩文件）");
		eocd--;
	}
	size_t count = u16(d + eocd + 10), size = u32(d + eocd + 12), at = u32(d + eocd + 16);
	if (at > eocd || size > eocd - at)
		return refuse(SH_EINVAL, why, whylen, NOT_XLSX "（目录损坏）");
	size_t end = at + size, want = strlen(name);
	for (size_t i = 0; i < count; i++) {
		if (end - at < 46 || u32(d + at) != 0x02014b50)
			return refuse(SH_EINVAL, why, whylen, NOT_XLSX "（目录损坏）");
		size_t n = u16(d + at + 28), extra = u16(d + at + 30), comment = u16(d + at + 32);
		if (end - at - 46 < n + extra + comment)
			return refuse(SH_EINVAL, why, whylen, NOT_XLSX "（目录损坏）");
		if (n == want && memcmp(d + at + 46, name, n) == 0) {
			*out = (struct zip_entry){.method = u16(d + at + 10), .crc = u32(d + at + 16),
			                          .csize = u32(d + at + 20), .usize = u32(d + at + 24),
			                          .local = u32(d + at + 42)};
			return 0;
		}
		at += 46 + n + extra + comment;
	}
	return SH_ENOTFOUND;
}

/* The entry's content, inflated (malloc'd, *out_len bytes). */
static int zip_read(const unsigned char *d, size_t len, const struct zip_entry *e, char **out,
                    size_t *out_len, char *why, size_t whylen)
{
	if (e->usize > XLSX_MAX_PART)
		return refuse(SH_ETOOLARGE, why, whylen, "XLSX文件内容过大（超过%u MB）",
		              XLSX_MAX_PART >> 20);
	if (e->local > len || len - e->local < 30 || u32(d + e->local) != 0x04034b50)
		return refuse(SH_EINVAL, why, whylen, NOT_XLSX "（文件头损坏）");
	size_t start = (size_t)e->local + 30 + u16(d + e->local + 26) + u16(d + e->local + 28);
	if (start > len || len - start < e->csize)
		return refuse(SH_EINVAL, why, whylen, NOT_XLSX "（文件不完整）");
	char *buf = sh_xmalloc((size_t)e->usize + 1);
	if (e->method == 0) {
		if (e->csize != e->usize) {
			free(buf);
			return refuse(SH_EINVAL, why, whylen, NOT_XLSX "（文件头损坏）");
		}
		memcpy(buf, d + start, e->usize);
	} else if (e->method == 8) {
		z_stream z = {0};
		if (inflateInit2(&z, -MAX_WBITS) != Z_OK) {
			free(buf);
			return refuse(SH_EINVAL, why, whylen, NOT_XLSX "（无法解压）");
		}
		z.next_in = (Bytef *)(d + start);
		z.avail_in = e->csize;
		z.next_out = (Bytef *)buf;
		/* one byte more than announced: more output than that is a lie */
		z.avail_out = e->usize + 1;
		int zr = inflate(&z, Z_FINISH);
		bool ok = zr == Z_STREAM_END && z.total_out == e->usize;
		inflateEnd(&z);
		if (!ok) {
			free(buf);
			return refuse(SH_EINVAL, why, whylen, NOT_XLSX "（压缩数据损坏）");
		}
	} else {
		free(buf);
		return refuse(SH_EINVAL, why, whylen, NOT_XLSX "（不支持的压缩方式%u）", e->method);
	}
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION /* let a fuzzer's changes reach the XML */
	if (crc32(0, (const Bytef *)buf, e->usize) != e->crc) {
		free(buf);
		return refuse(SH_EINVAL, why, whylen, NOT_XLSX "（校验失败）");
	}
#endif
	buf[e->usize] = '\0';
	*out = buf;
	*out_len = e->usize;
	return 0;
}

/* ---- XML ------------------------------------------------------------------------ */

/* Namespaced names come from expat as "URI local"; the local part decides
 * (the transitional and the strict namespaces alike). */
static const char *local(const char *name)
{
	const char *sp = strrchr(name, ' ');
	return sp ? sp + 1 : name;
}

static bool namespaced(const char *name)
{
	return strchr(name, ' ') != NULL;
}

static const char *attr(const char **atts, const char *want, bool ns)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), want) == 0 && namespaced(atts[i]) == ns)
			return atts[i + 1];
	return NULL;
}

/* Text gathered between tags. */
struct text {
	char *p;
	size_t len, cap;
	bool on;
};

/* What every part's parser shares: the parser, the failure, the text. */
struct parse {
	XML_Parser xp;
	int rc;
	char *why;
	size_t whylen;
	struct text t;
};

__attribute__((format(printf, 3, 4))) static void stop(struct parse *p, int rc, const char *fmt,
                                                       ...)
{
	if (p->rc)
		return;
	p->rc = rc;
	if (p->whylen) {
		va_list ap;
		va_start(ap, fmt);
		utf8_vformat(p->why, p->whylen, fmt, ap);
		va_end(ap);
	}
	XML_StopParser(p->xp, XML_FALSE);
}

static void on_text(void *ud, const XML_Char *s, int n)
{
	struct parse *p = ud; /* every part's state starts with its struct parse */
	if (!p->t.on || p->rc)
		return;
	if (p->t.len + (size_t)n > XLSX_MAX_CELL) {
		stop(p, SH_ETOOLARGE, "单元格内容过长（超过%u字节）", XLSX_MAX_CELL);
		return;
	}
	if (p->t.len + (size_t)n + 1 > p->t.cap) {
		p->t.cap = (p->t.len + (size_t)n + 1) * 2;
		p->t.p = sh_xrealloc(p->t.p, p->t.cap);
	}
	memcpy(p->t.p + p->t.len, s, (size_t)n);
	p->t.len += (size_t)n;
	p->t.p[p->t.len] = '\0';
}

static void text_start(struct parse *p)
{
	p->t.on = true;
}

/* A document type declaration has no place in OOXML (and could hold entity
 * bombs): refused. */
static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                       const XML_Char *pubid, int internal)
{
	(void)name, (void)sysid, (void)pubid, (void)internal;
	stop(ud, SH_EINVAL, NOT_XLSX "（含有DTD）");
}

/* Parses part `text` with handlers for `state` (which starts with a struct
 * parse). */
static int parse_part(void *state, const char *text, size_t len, XML_StartElementHandler start,
                      XML_EndElementHandler end, char *why, size_t whylen)
{
	struct parse *p = state;
	p->xp = XML_ParserCreateNS(NULL, ' ');
	if (!p->xp)
		abort(); /* out of memory */
	p->why = why;
	p->whylen = whylen;
	XML_SetUserData(p->xp, state);
	XML_SetElementHandler(p->xp, start, end);
	XML_SetCharacterDataHandler(p->xp, on_text);
	XML_SetStartDoctypeDeclHandler(p->xp, on_doctype);
	if (XML_Parse(p->xp, text, (int)len, XML_TRUE) == XML_STATUS_ERROR && !p->rc)
		stop(p, SH_EINVAL, NOT_XLSX "（XML第%lu行：%s）",
		     (unsigned long)XML_GetCurrentLineNumber(p->xp),
		     XML_ErrorString(XML_GetErrorCode(p->xp)));
	XML_ParserFree(p->xp);
	free(p->t.p);
	p->t = (struct text){0};
	return p->rc;
}

/* ---- the workbook: which part is the first sheet ----------------------------------- */

struct workbook {
	struct parse p;
	char *rid; /* of the first sheet, malloc'd */
};

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct workbook *w = ud;
	const char *id;
	if (!w->rid && strcmp(local(name), "sheet") == 0 && (id = attr(atts, "id", true)))
		w->rid = sh_xstrdup(id);
}

static void no_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

struct rels {
	struct parse p;
	const char *rid;
	char *target; /* malloc'd */
};

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rels *r = ud;
	const char *id = attr(atts, "Id", false), *target = attr(atts, "Target", false);
	if (!r->target && strcmp(local(name), "Relationship") == 0 && id && target &&
	    strcmp(id, r->rid) == 0)
		r->target = sh_xstrdup(target);
}

/* ---- shared strings ------------------------------------------------------------------ */

struct strings {
	struct parse p;
	struct arena *a;
	char **items;
	size_t n, cap;
	int in_si, in_phonetic;
};

static void ss_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	struct strings *s = ud;
	const char *l = local(name);
	if (strcmp(l, "si") == 0) {
		s->in_si = 1;
		s->p.t.len = 0;
		if (s->p.t.p)
			s->p.t.p[0] = '\0';
	} else if (strcmp(l, "rPh") == 0) {
		s->in_phonetic++;
	} else if (strcmp(l, "t") == 0 && s->in_si && !s->in_phonetic) {
		text_start(&s->p);
	}
}

static void ss_end(void *ud, const XML_Char *name)
{
	struct strings *s = ud;
	const char *l = local(name);
	if (strcmp(l, "t") == 0) {
		s->p.t.on = false;
	} else if (strcmp(l, "rPh") == 0 && s->in_phonetic) {
		s->in_phonetic--;
	} else if (strcmp(l, "si") == 0 && s->in_si) {
		s->in_si = 0;
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 256;
			s->items = sh_xrealloc(s->items, s->cap * sizeof *s->items);
		}
		s->items[s->n++] = arena_strndup(s->a, s->p.t.p ? s->p.t.p : "", s->p.t.len);
	}
}

/* ---- the sheet ---------------------------------------------------------------------- */

struct sheet {
	struct parse p;
	struct arena *a;
	const struct strings *ss;
	struct xlsx_row *rows;
	size_t n, cap;
	uint32_t row;          /* the row being read; 0 outside */
	struct csv_field cells[XLSX_MAX_COLUMNS];
	size_t ncells;         /* up to the last cell with text */
	size_t column;         /* of the cell being read, 0-based */
	char type[16];         /* of the cell being read */
	bool in_cell, have_value, in_inline;
};

/* "AB12" → column 27 (0-based); false when it is no cell reference. */
static bool column_of(const char *ref, size_t *out)
{
	size_t c = 0, i = 0;
	for (; ref[i] >= 'A' && ref[i] <= 'Z'; i++) {
		c = c * 26 + (size_t)(ref[i] - 'A' + 1);
		if (c > 16384) /* Excel's last column is XFD */
			return false;
	}
	if (i == 0 || ref[i] < '1' || ref[i] > '9')
		return false;
	*out = c - 1;
	return true;
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sheet *s = ud;
	const char *l = local(name);
	if (strcmp(l, "row") == 0) {
		const char *r = attr(atts, "r", false);
		uint32_t want = s->n ? s->rows[s->n - 1].number + 1 : 1;
		if (s->row >= want)
			want = s->row + 1;
		if (r) {
			char *end;
			unsigned long v = strtoul(r, &end, 10);
			if (*end || v < want || v > 1048576) {
				stop(&s->p, SH_EINVAL, NOT_XLSX "（行号%s有误）", r);
				return;
			}
			want = (uint32_t)v;
		}
		if (want > XLSX_MAX_ROWS) {
			stop(&s->p, SH_ETOOLARGE, "表格行数过多（超过%u行）", XLSX_MAX_ROWS);
			return;
		}
		s->row = want;
		s->ncells = 0;
		s->column = 0;
	} else if (strcmp(l, "c") == 0 && s->row) {
		const char *r = attr(atts, "r", false), *t = attr(atts, "t", false);
		size_t col = s->column;
		if (r && !column_of(r, &col)) {
			stop(&s->p, SH_EINVAL, NOT_XLSX "（单元格位置%s有误）", r);
			return;
		}
		s->column = col;
		snprintf(s->type, sizeof s->type, "%s", t ? t : "n");
		s->in_cell = true;
		s->have_value = false;
		s->p.t.len = 0;
		if (s->p.t.p)
			s->p.t.p[0] = '\0';
	} else if (s->in_cell && (strcmp(l, "v") == 0 || (strcmp(l, "t") == 0 && s->in_inline))) {
		s->have_value = true;
		text_start(&s->p);
	} else if (s->in_cell && strcmp(l, "is") == 0) {
		s->in_inline = true;
	}
}

/* The cell's text by its type, in the arena ("" for none). */
static const char *cell_text(struct sheet *s, size_t *len)
{
	const char *v = s->p.t.p ? s->p.t.p : "";
	size_t n = s->p.t.len;
	if (!s->have_value) {
		*len = 0;
		return "";
	}
	if (strcmp(s->type, "s") == 0) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		if (*end || end == v || !s->ss || i >= s->ss->n) {
			stop(&s->p, SH_EINVAL, NOT_XLSX "（第%u行引用了不存在的字符串）", s->row);
			*len = 0;
			return "";
		}
		*len = strlen(s->ss->items[i]);
		return s->ss->items[i];
	}
	if (strcmp(s->type, "b") == 0) {
		*len = v[0] == '1' ? 4 : 5;
		return v[0] == '1' ? "TRUE" : "FALSE";
	}
	if (strcmp(s->type, "n") == 0 && strpbrk(v, "Ee")) {
		/* 1.3800138E10: the digits, when it is a whole number */
		char *end;
		double x = strtod(v, &end);
		if (!*end && isfinite(x) && fabs(x) < 1e17 && x == floor(x)) {
			char *out = arena_printf(s->a, "%.0f", x);
			*len = strlen(out);
			return out;
		}
	}
	*len = n;
	return arena_strndup(s->a, v, n);
}

static void sheet_end(void *ud, const XML_Char *name)
{
	struct sheet *s = ud;
	const char *l = local(name);
	if (strcmp(l, "v") == 0 || strcmp(l, "t") == 0) {
		s->p.t.on = false;
	} else if (strcmp(l, "is") == 0) {
		s->in_inline = false;
	} else if (strcmp(l, "c") == 0 && s->in_cell) {
		s->in_cell = s->in_inline = false;
		size_t len;
		const char *text = cell_text(s, &len);
		size_t col = s->column++;
		if (len == 0 || s->p.rc)
			return;
		if (col >= XLSX_MAX_COLUMNS) {
			stop(&s->p, SH_ETOOLARGE, "第%u行的内容超过%u列", s->row, XLSX_MAX_COLUMNS);
			return;
		}
		for (size_t i = s->ncells; i < col; i++)
			s->cells[i] = (struct csv_field){"", 0};
		s->cells[col] = (struct csv_field){text, len};
		if (col + 1 > s->ncells)
			s->ncells = col + 1;
	} else if (strcmp(l, "row") == 0 && s->row) {
		if (s->ncells) {
			if (s->n == s->cap) {
				size_t cap = s->cap ? s->cap * 2 : 64;
				struct xlsx_row *grown = arena_alloc(s->a, cap * sizeof *grown);
				if (s->n)
					memcpy(grown, s->rows, s->n * sizeof *grown);
				s->rows = grown;
				s->cap = cap;
			}
			struct csv_field *cells = arena_alloc(s->a, s->ncells * sizeof *cells);
			memcpy(cells, s->cells, s->ncells * sizeof *cells);
			s->rows[s->n++] = (struct xlsx_row){s->row, s->ncells, cells};
		}
		s->ncells = 0;
	}
}

/* ---- putting it together ------------------------------------------------------------ */

/* Part `name` inflated; SH_ENOTFOUND (nothing said) when there is none. */
static int part(const unsigned char *d, size_t len, const char *name, char **out, size_t *n,
                char *why, size_t whylen)
{
	struct zip_entry e = {0}; /* zip_find fills it on success (zeroed for -O3's flow analysis) */
	int rc = zip_find(d, len, name, &e, why, whylen);
	return rc ? rc : zip_read(d, len, &e, out, n, why, whylen);
}

/* The first sheet's part name, malloc'd: through the workbook and its
 * relationships, else the usual name. */
static int first_sheet(const unsigned char *d, size_t len, char **out, char *why, size_t whylen)
{
	char *text = NULL;
	size_t n;
	struct workbook wb = {0};
	int rc = part(d, len, "xl/workbook.xml", &text, &n, why, whylen);
	if (rc == SH_ENOTFOUND)
		return refuse(SH_EINVAL, why, whylen, NOT_XLSX "（没有工作簿）");
	if (rc || (rc = parse_part(&wb, text, n, wb_start, no_end, why, whylen))) {
		free(text);
		free(wb.rid);
		return rc;
	}
	free(text);
	text = NULL;
	struct rels r = {.rid = wb.rid};
	if (wb.rid && (rc = part(d, len, "xl/_rels/workbook.xml.rels", &text, &n, why, whylen)) == 0)
		rc = parse_part(&r, text, n, rels_start, no_end, why, whylen);
	free(text);
	free(wb.rid);
	if (rc && rc != SH_ENOTFOUND) {
		free(r.target);
		return rc;
	}
	if (!r.target) {
		*out = sh_xstrdup("xl/worksheets/sheet1.xml");
		return 0;
	}
	/* relative to xl/, or absolute in the package */
	const char *t = r.target;
	while (strncmp(t, "./", 2) == 0)
		t += 2;
	size_t need = strlen(t) + 4;
	*out = sh_xmalloc(need);
	snprintf(*out, need, "%s%s", t[0] == '/' ? "" : "xl/", t[0] == '/' ? t + 1 : t);
	free(r.target);
	return 0;
}

int xlsx_read_first_sheet(const unsigned char *data, size_t len, struct arena *a,
                          struct xlsx_row **rows, size_t *nrows, char *why, size_t whylen)
{
	char *name = NULL, *text = NULL;
	size_t n;
	int rc = first_sheet(data, len, &name, why, whylen);
	struct strings ss = {.a = a};
	if (rc == 0) {
		rc = part(data, len, "xl/sharedStrings.xml", &text, &n, why, whylen);
		if (rc == 0)
			rc = parse_part(&ss, text, n, ss_start, ss_end, why, whylen);
		else if (rc == SH_ENOTFOUND)
			rc = 0; /* a sheet of numbers and inline strings only */
		free(text);
		text = NULL;
	}
	if (rc == 0 && (rc = part(data, len, name, &text, &n, why, whylen)) == SH_ENOTFOUND)
		rc = refuse(SH_EINVAL, why, whylen, NOT_XLSX "（找不到工作表%s）", name);
	struct sheet sh = {.a = a, .ss = &ss};
	if (rc == 0 && (rc = parse_part(&sh, text, n, sheet_start, sheet_end, why, whylen)) == 0) {
		*rows = sh.rows ? sh.rows : arena_alloc(a, sizeof **rows);
		*nrows = sh.n;
	}
	free(text);
	free(name);
	free(ss.items);
	return rc;
}
