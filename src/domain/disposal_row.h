/* An operator's disposals sent back as a table: the dispatch list as it was
 * downloaded (CSV or XLSX), with the 处置结果 column filled in. The header row
 * names the columns (号码, 处置结果, optionally 说明; or number, disposal,
 * note), in any order, beside any others (the download's 有效举报次数 …), and
 * may follow a title row; each row after it is one number. */
#ifndef SHENSU_DOMAIN_DISPOSAL_ROW_H
#define SHENSU_DOMAIN_DISPOSAL_ROW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/csv.h"
#include "domain/number.h"
#include "domain/report.h"

enum disposal_column { DCOL_NUMBER, DCOL_DISPOSAL, DCOL_NOTE, DCOL_COUNT };

#define DISPOSAL_NOTE_MAX 500 /* characters */

struct disposal_header {
	int index[DCOL_COUNT]; /* 0-based; -1 when absent (only the note may be) */
};

/* "号码", "处置结果", "说明". */
const char *disposal_column_name(enum disposal_column c);
/* Whether the row is a header: one of its cells names the number column.
 * Then 0 with the columns in *h, or SH_EINVAL with a Chinese reason (a
 * column missing or named twice); false and nothing written otherwise. */
bool disposal_header_find(const struct csv_field *f, size_t n, struct disposal_header *h, int *rc,
                          char *msg, size_t msglen);

struct disposal_row {
	char number[NUMBER_MAX];
	enum disposal disposal; /* DISPOSAL_NONE: the cell is empty, not disposed of yet */
	const char *note;       /* NULL when empty; points into the row */
	size_t note_len;
};
/* Whether every cell of the row is blank (a row to skip). */
bool disposal_row_blank(const struct csv_field *f, size_t n);
/* 0 with the row in *out; SH_EINVAL with the 1-based column in *column and a
 * Chinese reason. Disposals are read as codes or labels (shut_down, 关停 …). */
int disposal_row_parse(const struct disposal_header *h, const struct csv_field *f, size_t n,
                       struct disposal_row *out, size_t *column, char *msg, size_t msglen);

#endif
