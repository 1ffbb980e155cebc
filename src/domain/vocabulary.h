/* Small closed vocabularies (measures, kinds, lists): each entry a stable
 * ASCII code, the Chinese label people read and write, and an optional
 * second spelling that imports accept. */
#ifndef SHENSU_DOMAIN_VOCABULARY_H
#define SHENSU_DOMAIN_VOCABULARY_H

#include <stddef.h>

struct vocab {
	const char *code;  /* "penalty" */
	const char *label; /* "行政处罚" */
	const char *alias; /* another spelling accepted on input, or NULL */
};

/* The index of the entry whose code (ASCII, any case), label or alias is
 * s[0..len), or -1 (also for s NULL). */
int vocab_find(const struct vocab *t, int n, const char *s, size_t len);

#endif
