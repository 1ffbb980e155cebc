/* Strict UTF-8 validation and counting.
 *
 * "Valid" follows the Unicode Standard, table 3-7: overlong forms, surrogates
 * (U+D800..U+DFFF), code points above U+10FFFF and truncated sequences are all
 * rejected. U+0000 is valid. Lengths are in bytes; strings need not be
 * NUL-terminated. */
#ifndef SHENSU_CORE_UTF8_H
#define SHENSU_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True if the len bytes at s are entirely valid UTF-8. Fast on ASCII. */
bool utf8_valid(const char *s, size_t len);
/* Length in bytes of the longest valid prefix of s: len if s is valid, else
 * the offset of the first byte of the first bad or truncated sequence. */
size_t utf8_valid_prefix(const char *s, size_t len);
/* Number of code points in valid UTF-8 (counts bytes that are not
 * continuation bytes; the result is meaningless for invalid input). */
size_t utf8_chars(const char *s, size_t len);

#endif
