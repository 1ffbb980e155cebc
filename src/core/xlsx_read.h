/* Reading the first worksheet of an XLSX workbook (Office Open XML, as Excel,
 * WPS, LibreOffice and our own exports write it) as rows of text cells: what
 * an upload of a filled-in spreadsheet needs, no more.
 *
 * The workbook is a ZIP archive (stored or deflated entries, no ZIP64, no
 * encryption) read from memory; its parts are XML read with expat. The first
 * sheet is the one workbook.xml lists first, found through the workbook's
 * relationships. Cell values come as text: shared and inline strings as
 * written (rich-text runs joined, phonetic runs left out), numbers as Excel
 * stores them except that an integral number written in exponent form
 * (1.3800138E10) is given as its digits (13800138000), booleans as TRUE or
 * FALSE, formulas as their cached result. Dates stay serial numbers.
 *
 * Limits, checked before anything is allocated for them: XLSX_MAX_PART bytes
 * per part once inflated, XLSX_MAX_ROWS rows, XLSX_MAX_COLUMNS columns (cells
 * beyond are an error), XLSX_MAX_CELL bytes per cell. */
#ifndef SHENSU_CORE_XLSX_READ_H
#define SHENSU_CORE_XLSX_READ_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/csv.h"

#define XLSX_MAX_PART (32u * 1024 * 1024)
#define XLSX_MAX_ROWS 100000u
#define XLSX_MAX_COLUMNS 64u
#define XLSX_MAX_CELL 32768u

/* A row that has at least one cell with text; cells as csv_record's fields
 * (NUL-terminated, "" for a gap), so that a row parser reads a sheet and a
 * CSV file alike. */
struct xlsx_row {
	uint32_t number;               /* 1-based, as the spreadsheet shows it */
	size_t n;                      /* cells up to the last one written */
	const struct csv_field *cells;
};

/* Reads the first sheet of the workbook in data[0..len). On success returns
 * 0 with the rows in order of their numbers in *rows and *nrows, everything
 * allocated in a. Otherwise SH_EINVAL (not a workbook we can read) or
 * SH_ETOOLARGE (a limit), with a Chinese reason in why (whylen bytes);
 * nothing is written to *rows. */
int xlsx_read_first_sheet(const unsigned char *data, size_t len, struct arena *a,
                          struct xlsx_row **rows, size_t *nrows, char *why, size_t whylen);

#endif
