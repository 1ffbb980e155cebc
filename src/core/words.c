#include "core/words.h"

#include <stdbool.h>
#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "core/arena.h"
#include "core/error.h"

#define WORDS_MAX_UNITS 65536

struct words {
	UBreakIterator *it;
	UChar *buf; /* the text in UTF-16 */
	char out[4 * 64 + 4];
};

words *words_new(void)
{
	UErrorCode e = U_ZERO_ERROR;
	UBreakIterator *it = ubrk_open(UBRK_WORD, "zh", NULL, 0, &e);
	if (U_FAILURE(e))
		return NULL;
	words *w = sh_xcalloc(1, sizeof *w);
	w->it = it;
	w->buf = sh_xmalloc(WORDS_MAX_UNITS * sizeof *w->buf);
	return w;
}

void words_free(words *w)
{
	if (!w)
		return;
	ubrk_close(w->it);
	free(w->buf);
	free(w);
}

static enum word_kind kind_of(const UChar *s, int32_t n)
{
	bool han = true, alnum = true;
	for (int32_t i = 0; i < n;) {
		UChar32 c;
		U16_NEXT(s, i, n, c);
		UErrorCode e = U_ZERO_ERROR;
		han &= uscript_getScript(c, &e) == USCRIPT_HAN && u_isalpha(c);
		alnum &= c < 128 && ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
	}
	return han ? WORD_HAN : alnum ? WORD_ALNUM : WORD_OTHER;
}

int words_split(words *w, const char *text, size_t len,
                void (*fn)(void *ctx, const char *word, size_t len, size_t chars,
                           enum word_kind kind),
                void *ctx)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t units;
	if (len > WORDS_MAX_UNITS / 2)
		len = WORDS_MAX_UNITS / 2; /* at most one UTF-16 unit per byte */
	u_strFromUTF8Lenient(w->buf, WORDS_MAX_UNITS, &units, text, (int32_t)len, &e);
	if (U_FAILURE(e))
		return SH_EINVAL;
	ubrk_setText(w->it, w->buf, units, &e);
	if (U_FAILURE(e))
		return SH_EINVAL;
	int32_t start = ubrk_first(w->it);
	for (int32_t end = ubrk_next(w->it); end != UBRK_DONE; start = end, end = ubrk_next(w->it)) {
		int32_t n = end - start;
		enum word_kind kind = kind_of(w->buf + start, n);
		int32_t bytes = 0;
		UErrorCode e2 = U_ZERO_ERROR;
		if (n > 64) { /* no word is this long: a run of symbols, say */
			fn(ctx, "", 0, 0, WORD_OTHER);
			continue;
		}
		u_strToUTF8(w->out, (int32_t)sizeof w->out, &bytes, w->buf + start, n, &e2);
		if (U_FAILURE(e2))
			continue;
		fn(ctx, w->out, (size_t)bytes, (size_t)u_countChar32(w->buf + start, n), kind);
	}
	return 0;
}
