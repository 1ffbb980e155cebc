/* Fuzz harness for redact_text (domain/redact.c): any bytes in, never a
 * crash, and the output keeps the module's promises:
 *  - valid UTF-8, within REDACT_OUT_MAX, NUL-terminated;
 *  - no 18-character ID number with a valid check character left, and no
 *    11-digit mobile number (1[3-9] + 9 digits) standing alone, judged on
 *    runs of ASCII digits that no other digit touches (a full-width digit
 *    beside them makes a longer number, which the rules judge whole);
 *  - masking the output again changes nothing. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "domain/redact.h"
#include "fuzz.h"

static bool ascii_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* A full-width digit ends just before p / starts at p. */
static bool wide_digit_before(const unsigned char *s, size_t p)
{
	return p >= 3 && s[p - 3] == 0xEF && s[p - 2] == 0xBC && s[p - 1] >= 0x90 &&
	       s[p - 1] <= 0x99;
}

static bool wide_digit_at(const unsigned char *s, size_t n, size_t p)
{
	return p + 3 <= n && s[p] == 0xEF && s[p + 1] == 0xBC && s[p + 2] >= 0x90 &&
	       s[p + 2] <= 0x99;
}

static bool id_valid(const unsigned char *d)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (d[i] - '0') * w[i];
	char want = "10X98765432"[sum % 11];
	return want == d[17] || (want == 'X' && d[17] == 'x');
}

/* The masked text s[0..n) shows no ID number and no mobile number. */
static void check_nothing_left(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (!ascii_digit(s[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && ascii_digit(s[j]))
			j++;
		if (!wide_digit_before(s, i) && !wide_digit_at(s, n, j)) {
			size_t len = j - i;
			CHECK(!(len == 18 && id_valid(s + i)));
			bool x_after = j < n && (s[j] == 'X' || s[j] == 'x') &&
			               !(j + 1 < n && ascii_digit(s[j + 1])) &&
			               !wide_digit_at(s, n, j + 1);
			CHECK(!(len == 17 && x_after && id_valid(s + i)));
			CHECK(!(len == 11 && s[i] == '1' && s[i + 1] >= '3'));
		}
		i = j;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	/* A copy without a terminator: redact_text must honour len. */
	char *s = malloc(size ? size : 1);
	CHECK(s);
	memcpy(s, data, size);
	char *out = malloc(REDACT_OUT_MAX(size));
	CHECK(out);
	size_t n = redact_text(s, size, out);
	CHECK(n < REDACT_OUT_MAX(size));
	CHECK(out[n] == '\0');
	CHECK(utf8_valid(out, n));
	check_nothing_left((const unsigned char *)out, n);

	char *again = malloc(REDACT_OUT_MAX(n));
	CHECK(again);
	size_t m = redact_text(out, n, again);
	CHECK(m == n && memcmp(out, again, n) == 0);
	free(again);
	free(out);
	free(s);
	return 0;
}
