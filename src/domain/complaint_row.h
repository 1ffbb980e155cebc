/* One row of a complaint table (CSV import and export) mapped to and from a
 * struct complaint, with every rule checked and a specific reason on failure.
 *
 * Columns, in any order, matched case-insensitively: received_at, province,
 * enterprise, category, status (required); subtopic, closed_at, description
 * (optional). Other columns are the caller's to warn about. */
#ifndef SHENSU_DOMAIN_COMPLAINT_ROW_H
#define SHENSU_DOMAIN_COMPLAINT_ROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/csv.h"
#include "domain/complaint.h"
#include "domain/reference.h"

enum complaint_column {
	COLUMN_RECEIVED_AT,
	COLUMN_PROVINCE,
	COLUMN_ENTERPRISE,
	COLUMN_CATEGORY,
	COLUMN_SUBTOPIC,
	COLUMN_STATUS,
	COLUMN_CLOSED_AT,
	COLUMN_DESCRIPTION,
	COMPLAINT_COLUMN_COUNT,
};

/* Column names in export order. */
extern const char *const complaint_column_names[COMPLAINT_COLUMN_COUNT];

#define DESCRIPTION_MAX_CHARS 20000

struct complaint_header {
	int index[COMPLAINT_COLUMN_COUNT]; /* field position, or -1 when absent */
	size_t ncolumns;                   /* fields in the header row */
};

/* Why a row (or the header) was refused. */
struct row_error {
	int code;          /* SH_EINVAL, SH_ETOOLARGE ... */
	size_t column;     /* 1-based field position; 0 for the whole row */
	const char *name;  /* column name, or "" */
	char message[384]; /* Chinese, names the value and what is expected */
};

/* The column a header name denotes, or -1. */
int complaint_column_lookup(const char *s, size_t len);

/* Reads the header row. Fails on a missing required column or a repeated one. */
int complaint_header_parse(struct complaint_header *h, const struct csv_field *f, size_t n,
                           struct row_error *err);

/* Maps one data row. `now` (Unix seconds, see date_now) bounds received_at
 * and closed_at: neither may lie in the future. out->description points
 * into f. */
int complaint_row_parse(const struct complaint_header *h, const struct reference *ref, int64_t now,
                        const struct csv_field *f, size_t n, struct complaint *out,
                        struct row_error *err);

#endif
