/* Streaming RFC 4180 CSV reader and writer.
 *
 * Reader rules:
 *  - A UTF-8 byte order mark at the very start of the input is skipped.
 *  - Records end with LF, CRLF or a CR alone (old Mac files, some Excel
 *    exports). The last record needs no trailing line break.
 *  - Quoted fields may contain commas, newlines and doubled quotes ("").
 *  - A completely empty line is skipped; it is not a record. A line holding
 *    only "" is a record with one empty field.
 *  - Fields are never trimmed: " a " is read as " a ".
 *  - Line numbers are 1-based physical lines (line breaks, each LF, CRLF or
 *    lone CR, + 1), so they stay right across line breaks embedded in quoted
 *    fields.
 *
 * Memory: the reader holds one input block (CSV_BLOCK_SIZE, fd input only)
 * and one record buffer. A field longer than max_field fails as soon as the
 * limit is crossed, without buffering the rest of it. */
#ifndef SHENSU_CORE_CSV_H
#define SHENSU_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Bytes requested per read() by csv_reader_open_fd readers. */
#define CSV_BLOCK_SIZE (256u * 1024u)
#define CSV_DEFAULT_MAX_FIELD (1024u * 1024u)
#define CSV_DEFAULT_MAX_FIELDS 1024u

struct csv_field {
	const char *ptr; /* unescaped, NUL-terminated (ptr[len] == '\0'); may contain NULs */
	size_t len;
};

struct csv_record {
	size_t n; /* >= 1 */
	const struct csv_field *fields;
	uint64_t line; /* 1-based line where the record starts */
};

struct csv_options {
	size_t max_field;  /* bytes after unescaping; CSV_DEFAULT_MAX_FIELD when 0 */
	size_t max_fields; /* per record; CSV_DEFAULT_MAX_FIELDS when 0 */
	bool validate_utf8;
};

typedef struct csv_reader csv_reader;

/* The open functions take opt NULL for the defaults and return 0 and *out, or
 * SH_EINVAL for bad arguments; nothing is read until the first csv_read.
 *
 * Reads fd (a file or a pipe) in CSV_BLOCK_SIZE blocks; does not close it. */
int csv_reader_open_fd(int fd, const struct csv_options *opt, csv_reader **out);
/* Reads len bytes at buf, which must outlive the reader. For tests and fuzzing. */
int csv_reader_open_mem(const char *buf, size_t len, const struct csv_options *opt,
                        csv_reader **out);
/* Like csv_reader_open_mem, but hands the parser at most chunk (>= 1) bytes at
 * a time, so tests and fuzzers can make records straddle input blocks. */
int csv_reader_open_mem_chunked(const char *buf, size_t len, size_t chunk,
                                const struct csv_options *opt, csv_reader **out);

/* 1 = a record in *out, valid until the next call or csv_reader_free;
 * 0 = end of input; <0 = error: SH_EINVAL (malformed), SH_ETOOLARGE (a limit),
 * SH_EENCODING (not UTF-8, with validate_utf8), SH_EIO (read failed).
 * After an error the reader is finished: every later call returns the same
 * error; after end of input every later call returns 0. */
int csv_read(csv_reader *r, struct csv_record *out);

/* line is where the problem is: the offending character (syntax errors, too
 * many fields), the bad byte (encoding), or where the field started (an
 * unclosed quote, a field over max_field). */
struct csv_error {
	int code;            /* 0 while no error has happened */
	uint64_t line;       /* 1-based */
	size_t column;       /* 1-based field index, 0 if n/a (I/O errors) */
	const char *message; /* Chinese, why it failed, without line/column; owned by the reader */
};

/* The error that finished the reader. Never NULL: code 0 and message "" if
 * there has been no error. */
const struct csv_error *csv_reader_error(const csv_reader *r);
/* Input bytes consumed so far (the BOM included), for a progress bar. */
uint64_t csv_reader_offset(const csv_reader *r);
/* NULL-safe. */
void csv_reader_free(csv_reader *r);

/* Writes one field, quoted only when needed: it contains a comma, quote, CR
 * or LF, starts or ends with a space or tab, or starts with a UTF-8 BOM.
 * Quotes are doubled. */
void csv_write_field(FILE *f, const char *s, size_t len);
/* Writes n fields separated by commas and ends the record with "\r\n". A
 * record of one empty field is written as "" so it is not read back as a
 * blank line; n == 0 writes a blank line, which readers skip. */
void csv_write_record(FILE *f, const struct csv_field *fields, size_t n);

/* Exports (every CSV a user downloads and may open in a spreadsheet) follow
 * one rule: a text cell that starts with = + - @, a tab or a CR would be run
 * by Excel, WPS or LibreOffice as a formula ("CSV injection"), so it is
 * written quoted with a leading apostrophe ("'=1+1"), which spreadsheets show
 * as text. True for such a cell. */
bool csv_cell_is_formula(const char *s, size_t len);
/* csv_write_record for exports: text fields that csv_cell_is_formula are
 * neutralised as above. numeric[i] marks a field the program formatted as a
 * number itself (written as it is, so -5 stays a number); numeric may be NULL
 * when every field is text. */
void csv_write_export(FILE *f, const struct csv_field *fields, size_t n, const bool *numeric);

#endif
