/* The quarterly notice in its output formats. Each returns 0 or a negative
 * enum sh_err (SH_EIO when writing fails). */
#ifndef SHENSU_RENDER_RENDER_H
#define SHENSU_RENDER_RENDER_H

#include <stddef.h>
#include <stdio.h>

#include "domain/notice.h"

int render_markdown(const struct notice *n, FILE *out);
/* A self-contained, printable HTML document with inline SVG charts. */
int render_html(const struct notice *n, FILE *out);
/* A4 PDF with cairo and pango, Noto CJK fonts embedded, page numbers. */
int render_pdf(const struct notice *n, FILE *out);
/* An XLSX workbook (libxlsxwriter): one sheet per table, numbers as numbers. */
int render_xlsx(const struct notice *n, FILE *out);
/* Releases what the PDF renderer cached for the calling thread (pango's
 * font map, cairo's font caches), as a command does before it exits, so
 * that a leak checker sees only leaks. Call only when no rendering is under
 * way in any thread; the next render builds the caches again. */
void render_release(void);
/* A trend chart as SVG (figures 1-4). */
void render_svg_trend(FILE *out, const char *title, const struct notice_point *pts, size_t n);

#endif
