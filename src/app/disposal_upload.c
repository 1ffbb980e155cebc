#include "app/disposal_upload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/utf8.h"
#include "core/xlsx_read.h"

/* How far down the header may be (after a title and blank rows). */
#define HEADER_WITHIN 10
#define TABLE_MAX_ROWS 100000

static int csv_rows(const char *data, size_t len, struct arena *a, struct table_row **out,
                    size_t *n, uint64_t *line, char *why, size_t whylen)
{
	*line = 0;
	struct csv_options opt = {.validate_utf8 = true, .max_field = 64 * 1024, .max_fields = 256};
	csv_reader *r;
	int rc = csv_reader_open_mem(data, len, &opt, &r);
	if (rc)
		return rc;
	size_t cap = 64, count = 0;
	struct table_row *rows = arena_alloc(a, cap * sizeof *rows);
	struct csv_record rec;
	while ((rc = csv_read(r, &rec)) > 0) {
		if (count == TABLE_MAX_ROWS) {
			rc = SH_ETOOLARGE;
			*line = rec.line;
			utf8_format(why, whylen, "表格行数过多（超过%d行）", TABLE_MAX_ROWS);
			break;
		}
		if (count == cap) {
			struct table_row *grown = arena_alloc(a, cap * 2 * sizeof *grown);
			memcpy(grown, rows, cap * sizeof *rows);
			rows = grown;
			cap *= 2;
		}
		struct csv_field *cells = arena_alloc(a, rec.n * sizeof *cells);
		for (size_t i = 0; i < rec.n; i++)
			cells[i] = (struct csv_field){arena_strndup(a, rec.fields[i].ptr, rec.fields[i].len),
			                              rec.fields[i].len};
		rows[count++] = (struct table_row){rec.line, rec.n, cells};
	}
	if (rc < 0 && *line == 0) { /* the reader's own: syntax, encoding, a field too long */
		const struct csv_error *e = csv_reader_error(r);
		*line = e->line;
		utf8_format(why, whylen, "%s", e->message);
	}
	csv_reader_free(r);
	if (rc < 0)
		return rc;
	*out = rows;
	*n = count;
	return 0;
}

int disposal_table_rows(enum table_format f, const char *data, size_t len, struct arena *a,
                        struct table_row **rows, size_t *n, uint64_t *line, char *why,
                        size_t whylen)
{
	*line = 0;
	if (f == TABLE_CSV)
		return csv_rows(data, len, a, rows, n, line, why, whylen);
	struct xlsx_row *x;
	size_t nx;
	int rc = xlsx_read_first_sheet((const unsigned char *)data, len, a, &x, &nx, why, whylen);
	if (rc)
		return rc;
	struct table_row *out = arena_alloc(a, (nx ? nx : 1) * sizeof *out);
	for (size_t i = 0; i < nx; i++)
		out[i] = (struct table_row){x[i].number, x[i].n, x[i].cells};
	*rows = out;
	*n = nx;
	return 0;
}

static void add_error(struct disposal_batch *b, uint64_t line, size_t column, const char *name,
                      const char *msg)
{
	if (b->nerrors == DISPOSAL_ERRORS_MAX) {
		b->more_errors++;
		return;
	}
	struct disposal_error *e = &b->errors[b->nerrors++];
	*e = (struct disposal_error){.line = line, .column = column, .name = name};
	utf8_format(e->message, sizeof e->message, "%s", msg);
}

static int by_number(const void *key, const void *item)
{
	return strcmp(key, ((const struct dispatch_item *)item)->number);
}

/* The column's name in the header, for messages. */
static const char *name_of(const struct disposal_header *h, size_t column)
{
	for (int c = 0; c < DCOL_COUNT; c++)
		if (h->index[c] >= 0 && (size_t)h->index[c] + 1 == column)
			return disposal_column_name((enum disposal_column)c);
	return "";
}

void disposal_table_check(const struct table_row *rows, size_t n,
                          const struct dispatch_item *items, size_t nitems, struct arena *a,
                          struct disposal_batch *out)
{
	*out = (struct disposal_batch){
		.rows = arena_alloc(a, (n ? n : 1) * sizeof *out->rows),
		.errors = arena_alloc(a, DISPOSAL_ERRORS_MAX * sizeof *out->errors),
	};
	char msg[256];
	struct disposal_header h;
	size_t i = 0;
	int rc = 0;
	bool found = false;
	for (; i < n && i < HEADER_WITHIN && !found; i++)
		found = disposal_header_find(rows[i].cells, rows[i].n, &h, &rc, msg, sizeof msg);
	if (!found) {
		add_error(out, n ? rows[0].line : 1, 0, "",
		          "找不到表头：应有“号码”和“处置结果”两列（可在下载的派发清单中填写后上传）");
		return;
	}
	if (rc) {
		add_error(out, rows[i - 1].line, 0, "", msg);
		return;
	}
	/* where each number was given: to name both lines of a repeat */
	uint64_t *given = arena_calloc(a, nitems ? nitems : 1, sizeof *given);
	for (; i < n; i++) {
		const struct table_row *r = &rows[i];
		if (disposal_row_blank(r->cells, r->n))
			continue;
		struct disposal_row row;
		size_t column;
		if (disposal_row_parse(&h, r->cells, r->n, &row, &column, msg, sizeof msg)) {
			add_error(out, r->line, column, name_of(&h, column), msg);
			continue;
		}
		column = (size_t)h.index[DCOL_NUMBER] + 1;
		const struct dispatch_item *it =
		    bsearch(row.number, items, nitems, sizeof *items, by_number);
		if (!it) {
			snprintf(msg, sizeof msg, "号码%s不在本派发清单中", row.number);
			add_error(out, r->line, column, name_of(&h, column), msg);
			continue;
		}
		uint64_t *seen = &given[it - items];
		if (*seen) {
			snprintf(msg, sizeof msg, "号码%s重复：第%llu行已填写", row.number,
			         (unsigned long long)*seen);
			add_error(out, r->line, column, name_of(&h, column), msg);
			continue;
		}
		*seen = r->line;
		if (row.disposal == DISPOSAL_NONE) {
			out->blank++;
			continue;
		}
		out->rows[out->n++] = row;
	}
	if (out->nerrors == 0 && out->n == 0)
		add_error(out, rows[n - 1].line, 0, "",
		          "没有填写任何处置结果：请在“处置结果”列填写关停、限制、警告、核实无异常或无法核实");
}

int disposal_batch_save(store *s, int64_t dispatch_id, const struct disposal_batch *b,
                        int64_t now, size_t *failed)
{
	int rc = store_begin(s);
	size_t i = 0;
	for (; rc == 0 && i < b->n; i++) {
		const struct disposal_row *r = &b->rows[i];
		char note[DISPOSAL_NOTE_MAX * 4 + 1];
		if (r->note)
			snprintf(note, sizeof note, "%.*s", (int)r->note_len, r->note);
		rc = store_disposal_set(s, dispatch_id, r->number, r->disposal, r->note ? note : NULL,
		                        now);
	}
	if (rc) {
		*failed = i ? i - 1 : 0;
		store_rollback(s);
		return rc;
	}
	return store_commit(s);
}
