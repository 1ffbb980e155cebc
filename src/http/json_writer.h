/* JSON text written straight into a request's arena, for answers too large or
 * too frequent to build as jansson trees first: the batch look-up writes a
 * thousand items per request, a million a second. The caller writes the
 * structure (braces, commas, keys as literals); the writer escapes strings
 * and formats numbers and instants. */
#ifndef SHENSU_HTTP_JSON_WRITER_H
#define SHENSU_HTTP_JSON_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

struct json_writer {
	struct arena *a;
	char *p;
	size_t len, cap;
};

/* An empty text with room for cap bytes (it grows in the arena as needed). */
void jw_init(struct json_writer *w, struct arena *a, size_t cap);
/* Appends n bytes as they are. */
void jw_raw(struct json_writer *w, const char *s, size_t n);
/* A string literal's text as it is: jw_lit(w, "{\"items\":["). */
#define jw_lit(w, s) jw_raw((w), "" s, sizeof(s) - 1)
/* s (n bytes of UTF-8) as a JSON string: quoted, with ", \ and control
 * characters escaped. */
void jw_string(struct json_writer *w, const char *s, size_t n);
void jw_int(struct json_writer *w, int64_t v);
/* Unix seconds as "2026-11-24T10:00:00+08:00" in Beijing time, as the other
 * answers write instants (datetime_format); null for 0. */
void jw_instant(struct json_writer *w, int64_t t);

#endif
