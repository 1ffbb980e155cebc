/* Data files compiled into the binary (see tools/embed.c and data/). */
#ifndef SHENSU_CORE_EMBEDDED_H
#define SHENSU_CORE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* path below data/, e.g. "holidays/2020.json" */
	const char *data; /* NUL-terminated contents */
	size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* The file named `name`, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
