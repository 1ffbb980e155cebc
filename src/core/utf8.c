#include "core/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define HIGH_BITS UINT64_C(0x8080808080808080)

/* Length of the valid sequence at s[0] (1..4), or 0 if it is invalid or
 * truncated. s[0] is not ASCII. Ranges from the Unicode Standard, table 3-7. */
static inline __attribute__((always_inline)) size_t sequence_len(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
	size_t n;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0; /* no overlongs */
		else if (c == 0xed)
			hi = 0x9f; /* no surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90; /* no overlongs */
		else if (c == 0xf4)
			hi = 0x8f; /* nothing above U+10FFFF */
	} else {
		return 0; /* continuation byte, C0, C1 or F5..FF */
	}
	if (avail < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

size_t utf8_valid_prefix(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		/* Skip ASCII 8 bytes at a time. */
		while (len - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & HIGH_BITS)
				break;
			i += 8;
		}
		while (i < len && s[i] < 0x80)
			i++;
		if (i == len)
			break;
		size_t n = sequence_len(s + i, len - i);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

bool utf8_valid(const char *s, size_t len)
{
	return utf8_valid_prefix(s, len) == len;
}

size_t utf8_chars(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += (s[i] & 0xc0) != 0x80;
	return n;
}

size_t utf8_decode(const char *str, size_t avail, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (avail == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n = sequence_len(s, avail);
	if (!n)
		return 0;
	uint32_t v = s[0] & (0xff >> (n + 1));
	for (size_t i = 1; i < n; i++)
		v = v << 6 | (s[i] & 0x3f);
	*cp = v;
	return n;
}

size_t utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	size_t n = max;
	/* s[n] is the first byte left out: back off while it continues a
	 * character that started inside the prefix. */
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

size_t utf8_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);
	size_t len = n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
	len = utf8_valid_prefix(buf, len);
	buf[len] = '\0';
	return len;
}

size_t utf8_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t n = utf8_vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Unicode White_Space (PropList.txt) beyond ASCII, and the zero-width
 * characters that show nothing either. */
static bool blank_code_point(uint32_t c)
{
	switch (c) {
	case 0x85:
	case 0xa0:
	case 0x1680:
	case 0x180e:
	case 0x2028:
	case 0x2029:
	case 0x202f:
	case 0x205f:
	case 0x2060:
	case 0x3000:
	case 0xfeff:
		return true;
	default:
		return c >= 0x2000 && c <= 0x200d;
	}
}

bool utf8_is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned char b = (unsigned char)s[i];
		if (b == ' ' || (b >= '\t' && b <= '\r')) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = b < 0x80 ? 0 : utf8_decode(s + i, len - i, &cp);
		if (!n || !blank_code_point(cp))
			return false;
		i += n;
	}
	return true;
}
