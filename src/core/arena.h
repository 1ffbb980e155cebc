/* Bump arena allocator and abort-on-failure allocation.
 *
 * An arena owns every block allocated from it; arena_free() releases them all
 * at once. Each HTTP request owns one arena for its whole life. Allocation never
 * returns NULL: out-of-memory aborts the process (a server that cannot allocate
 * cannot answer correctly either). */
#ifndef SHENSU_CORE_ARENA_H
#define SHENSU_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t chunk_size; /* size of ordinary chunks */
	size_t used;       /* bytes handed out, for statistics and tests */
};

/* An empty arena that allocates chunks of about chunk_size (0 = 16 KiB). */
void arena_init(struct arena *a, size_t chunk_size);
/* Releases every allocation. The arena may be reused afterwards. NULL-safe. */
void arena_free(struct arena *a);

/* size bytes aligned for any type; never NULL. */
void *arena_alloc(struct arena *a, size_t size);
/* Zeroed array of n elements of size bytes; aborts on overflow. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
__attribute__((format(printf, 2, 3))) char *arena_printf(struct arena *a, const char *fmt, ...);
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/* malloc/calloc/realloc/strdup that abort on failure. */
void *sh_xmalloc(size_t size);
void *sh_xcalloc(size_t n, size_t size);
void *sh_xrealloc(void *p, size_t size);
char *sh_xstrdup(const char *s);

#endif
