/* Workbooks written to a stream. libxlsxwriter (1.1.4, Debian 12) writes a
 * workbook to a named file only; this gives it an in-memory file instead (a
 * memfd, named through /proc/self/fd), then copies the finished workbook to
 * the caller's stream: nothing is left on disk, nothing to clean up. */
#ifndef SHENSU_RENDER_WORKBOOK_H
#define SHENSU_RENDER_WORKBOOK_H

#include <stdio.h>
#include <xlsxwriter.h>

struct workbook_sink {
	int fd;
	char path[40];
};

/* A new workbook writing into sink; NULL on failure. */
lxw_workbook *workbook_to_memory(struct workbook_sink *sink);
/* Closes wb (writing it) and copies it to out; releases the sink either way.
 * 0 or SH_EIO. */
int workbook_to_stream(lxw_workbook *wb, struct workbook_sink *sink, FILE *out);

#endif
