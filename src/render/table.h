/* A plain table (a header row and rows of text or number cells) as CSV or as
 * an XLSX sheet: downloads such as an operator's dispatch list. */
#ifndef SHENSU_RENDER_TABLE_H
#define SHENSU_RENDER_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct table_cell {
	const char *text;  /* shown when !is_number; NULL is empty */
	bool is_number;
	int64_t number;
};

struct table {
	const char *title;          /* the sheet's first row (XLSX only) and its name */
	const char *const *headers; /* ncols */
	size_t ncols, nrows;
	const struct table_cell *cells; /* nrows * ncols, row by row */
};

/* UTF-8 with a BOM (spreadsheet programs then read it right), CRLF rows;
 * text cells follow the export rule of csv_write_export. */
int render_table_csv(const struct table *t, FILE *out);
/* One sheet: the title, the header row, the rows; numbers stored as numbers. */
int render_table_xlsx(const struct table *t, FILE *out);

#endif
