/* Which file of the web root a request path names: the decision, apart from
 * the I/O (the server then opens the file only if its canonical path lies in
 * the canonical web root, by static_path_within). Pure functions, fuzzed by
 * tests/fuzz/fuzz_static_path.c. */
#ifndef SHENSU_HTTP_STATIC_PATH_H
#define SHENSU_HTTP_STATIC_PATH_H

#include <stdbool.h>
#include <stddef.h>

/* Longest relative file path the web root is searched for. */
#define STATIC_PATH_MAX 512

/* The file a decoded request path (message_target's output, starting with
 * "/") names, relative to the web root: "/" -> "index.html", "/staff/" ->
 * "staff/index.html", "/shared/ui.js" -> "shared/ui.js". Refused, with
 * SH_ENOTFOUND: a path not starting with "/", dot segments ("." and ".."),
 * hidden names (a segment starting with "."), empty segments ("//"),
 * backslashes, control characters, and a result of len bytes or more. Writes
 * out (NUL-terminated) only on success. */
int static_path_resolve(const char *path, char *out, size_t len);

/* Whether path is root or lies beneath it, comparing whole components:
 * "/srv/web/a" is within "/srv/web" and "/srv/web/", "/srv/web-private/a" is
 * not. Both must be absolute and canonical (as realpath(3) gives them: no
 * "." or ".." segments, no symbolic links); a trailing "/" on root is ignored. */
bool static_path_within(const char *root, const char *path);

#endif
