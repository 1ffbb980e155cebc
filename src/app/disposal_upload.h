/* An operator's disposals of a dispatch list sent back as a table: the list
 * as downloaded (CSV or XLSX) with the 处置结果 column filled in. Everything
 * is checked before anything is written (every bad line named, as the
 * complaint import names them), then all rows are written in one
 * transaction: all or nothing. Rows whose 处置结果 is empty are left as they
 * are (not disposed of yet). */
#ifndef SHENSU_APP_DISPOSAL_UPLOAD_H
#define SHENSU_APP_DISPOSAL_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/csv.h"
#include "domain/disposal_row.h"
#include "store/store.h"

enum table_format { TABLE_CSV, TABLE_XLSX };

/* A row of the table: its line (CSV) or row number (XLSX) and its cells. */
struct table_row {
	uint64_t line;
	size_t n;
	const struct csv_field *cells;
};

/* One bad row: line, 1-based column (0 when the row as a whole), the
 * column's name ("" then) and a Chinese reason. */
struct disposal_error {
	uint64_t line;
	size_t column;
	const char *name;
	char message[256];
};
#define DISPOSAL_ERRORS_MAX 50

struct disposal_batch {
	struct disposal_row *rows; /* with a disposal, to write */
	size_t n;
	size_t blank;              /* rows whose disposal is empty, left as they are */
	struct disposal_error *errors;
	size_t nerrors;            /* at most DISPOSAL_ERRORS_MAX kept */
	size_t more_errors;        /* bad rows beyond those */
};

/* Reads a table (a file's bytes) into rows, in a. SH_EINVAL or SH_ETOOLARGE
 * with a Chinese reason (and for CSV the line, else 0) when it cannot be read
 * at all. */
int disposal_table_rows(enum table_format f, const char *data, size_t len, struct arena *a,
                        struct table_row **rows, size_t *n, uint64_t *line, char *why,
                        size_t whylen);
/* Checks the rows against the list's items (store_dispatch_items: sorted by
 * number): the header (after any title rows), each row, every number on the
 * list and none twice. The batch (in a) holds what to write, or the errors. */
void disposal_table_check(const struct table_row *rows, size_t n,
                          const struct dispatch_item *items, size_t nitems, struct arena *a,
                          struct disposal_batch *out);
/* Writes the batch in one transaction; on failure nothing is written. A
 * number no longer on the list (SH_ENOTFOUND) names its row in *failed. */
int disposal_batch_save(store *s, int64_t dispatch_id, const struct disposal_batch *b,
                        int64_t now, size_t *failed);

#endif
