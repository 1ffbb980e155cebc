/* Strict UTF-8 validation and counting.
 *
 * "Valid" follows the Unicode Standard, table 3-7: overlong forms, surrogates
 * (U+D800..U+DFFF), code points above U+10FFFF and truncated sequences are all
 * rejected. U+0000 is valid. Lengths are in bytes; strings need not be
 * NUL-terminated. */
#ifndef SHENSU_CORE_UTF8_H
#define SHENSU_CORE_UTF8_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* True if the len bytes at s are entirely valid UTF-8. Fast on ASCII. */
bool utf8_valid(const char *s, size_t len);
/* Length in bytes of the longest valid prefix of s: len if s is valid, else
 * the offset of the first byte of the first bad or truncated sequence. */
size_t utf8_valid_prefix(const char *s, size_t len);
/* Number of code points in valid UTF-8 (counts bytes that are not
 * continuation bytes; the result is meaningless for invalid input). */
size_t utf8_chars(const char *s, size_t len);

/* Decodes the character at s (avail bytes available): its length in bytes
 * (1..4) and its code point in *cp; 0 when the bytes do not start a valid
 * sequence (or avail is 0), *cp untouched. */
size_t utf8_decode(const char *s, size_t avail, uint32_t *cp);

/* The longest prefix of s[0..len) of at most max bytes that does not end
 * inside a character (it backs off over continuation bytes), e.g. to quote
 * a value in a message: "%.*s", (int)utf8_cut(v, strlen(v), 40), v. */
size_t utf8_cut(const char *s, size_t len, size_t max);
/* The printf arguments for "%.*s" that quote at most max bytes of the
 * NUL-terminated s without cutting a character in two. */
#define UTF8_AT_MOST(s, max) (int)utf8_cut((s), strlen(s), (max)), (s)

/* vsnprintf into buf (size >= 1) whose result is always valid UTF-8: output
 * cut short by size ends on a character boundary, and anything from the
 * first invalid sequence on is dropped. Returns the bytes written (without
 * the NUL). For error messages kept in fixed buffers. */
size_t utf8_vformat(char *buf, size_t size, const char *fmt, va_list ap);
__attribute__((format(printf, 3, 4))) size_t utf8_format(char *buf, size_t size, const char *fmt,
                                                         ...);

/* True if s[0..len) holds nothing but white space (an empty string too):
 * ASCII blanks and control white space, the Unicode White_Space characters
 * (U+00A0, U+3000 ideographic space, U+2000..U+200A ...) and the invisible
 * zero-width characters people paste (U+200B..U+200D, U+2060, U+FEFF). A
 * required form field that is blank counts as not filled in. Invalid UTF-8
 * is not blank. */
bool utf8_is_blank(const char *s, size_t len);

#endif
