/* libFuzzer harness for the CSV reader and writer.
 *
 * For each input, with and without UTF-8 validation:
 *  - reads it whole and, in lockstep, in small chunks (so records straddle
 *    window boundaries); both readers must agree on every record and error;
 *  - writes every record back with csv_write_record and reads the result
 *    again: it must be exactly one record with identical fields.
 * Small limits (64-byte fields, 16 fields) make the limit paths reachable.
 * Any disagreement aborts. Built by meson as a corpus replayer (replay.c);
 * see README.md for real fuzzing with clang. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/csv.h"
#include "core/error.h"

static bool same_fields(const struct csv_record *a, const struct csv_record *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		if (a->fields[i].len != b->fields[i].len ||
		    memcmp(a->fields[i].ptr, b->fields[i].ptr, a->fields[i].len) != 0)
			return false;
	}
	return true;
}

static void check_record(const struct csv_record *rec, const struct csv_options *opt)
{
	CHECK(rec->n >= 1 && rec->n <= opt->max_fields);
	CHECK(rec->line >= 1);
	for (size_t i = 0; i < rec->n; i++) {
		CHECK(rec->fields[i].len <= opt->max_field);
		CHECK(rec->fields[i].ptr[rec->fields[i].len] == '\0');
	}
}

static void round_trip(const struct csv_record *rec, const struct csv_options *opt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(f);
	csv_write_record(f, rec->fields, rec->n);
	CHECK(fclose(f) == 0);

	csv_reader *r;
	struct csv_record back;
	CHECK(csv_reader_open_mem(buf, len, opt, &r) == 0);
	CHECK(csv_read(r, &back) == 1);
	CHECK(back.line == 1);
	CHECK(same_fields(rec, &back));
	CHECK(csv_read(r, &back) == 0);
	CHECK(csv_reader_offset(r) == len);
	csv_reader_free(r);
	free(buf);
}

static void run(const char *data, size_t size, size_t chunk, const struct csv_options *opt)
{
	csv_reader *whole, *chunked;
	CHECK(csv_reader_open_mem(data, size, opt, &whole) == 0);
	CHECK(csv_reader_open_mem_chunked(data, size, chunk, opt, &chunked) == 0);

	uint64_t last_line = 0;
	for (;;) {
		struct csv_record a, b;
		int ra = csv_read(whole, &a);
		int rb = csv_read(chunked, &b);
		CHECK(ra == rb);
		CHECK(csv_reader_offset(whole) <= size);
		if (ra != 1)
			break;
		CHECK(a.line == b.line && a.line > last_line);
		last_line = a.line;
		CHECK(same_fields(&a, &b));
		check_record(&a, opt);
		round_trip(&a, opt);
	}

	const struct csv_error *ea = csv_reader_error(whole), *eb = csv_reader_error(chunked);
	CHECK(ea->code == eb->code && ea->line == eb->line && ea->column == eb->column);
	CHECK(strcmp(ea->message, eb->message) == 0);
	if (ea->code) {
		CHECK(ea->code == SH_EINVAL || ea->code == SH_ETOOLARGE ||
		      ea->code == SH_EENCODING);
		CHECK(ea->code != SH_EENCODING || opt->validate_utf8);
		CHECK(ea->message[0] != '\0' && ea->line >= 1 && ea->column >= 1);
		CHECK(ea->column <= opt->max_fields + 1);
	} else {
		CHECK(csv_reader_offset(whole) == size && csv_reader_offset(chunked) == size);
	}
	csv_reader_free(whole);
	csv_reader_free(chunked);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	/* Chunk sizes 1..8, chosen by the input so they vary. */
	size_t chunk = 1 + (size ? data[size - 1] % 8 : 0);
	struct csv_options opt = {.max_field = 64, .max_fields = 16, .validate_utf8 = true};

	run(s, size, chunk, &opt);
	opt.validate_utf8 = false;
	run(s, size, chunk, &opt);
	return 0;
}
