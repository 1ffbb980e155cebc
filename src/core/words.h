/* Words of a text, as ICU's word break iterator finds them (Debian's
 * libicu: for Chinese a dictionary of common words; a word it does not know,
 * such as 降速 or 携号转网, comes out as single characters, which callers
 * join again as they need).
 *
 * No domain knowledge. A splitter is used by one thread at a time. */
#ifndef SHENSU_CORE_WORDS_H
#define SHENSU_CORE_WORDS_H

#include <stddef.h>

enum word_kind {
	WORD_HAN,   /* Chinese characters only */
	WORD_ALNUM, /* ASCII letters and digits only (5G, WiFi, 10086) */
	WORD_OTHER, /* punctuation, spaces, anything else: a boundary */
};

typedef struct words words;

/* NULL when ICU cannot make a word break iterator. */
words *words_new(void);
void words_free(words *w); /* NULL-safe */

/* Calls fn for each word of the valid UTF-8 text[0..len), in order: its
 * bytes (not NUL-terminated, valid until fn returns), their length, its
 * length in characters and its kind. Text longer than 64 KB is cut. 0, or
 * SH_EINVAL when ICU refuses the text. */
int words_split(words *w, const char *text, size_t len,
                void (*fn)(void *ctx, const char *word, size_t len, size_t chars,
                           enum word_kind kind),
                void *ctx);

#endif
