#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/utf8.h"

struct vcase {
	const char *name;
	const char *s;
	size_t len;    /* 0 = strlen(s) */
	size_t prefix; /* expected utf8_valid_prefix; SIZE_MAX = valid (len) */
};

#define VALID SIZE_MAX

static const struct vcase cases[] = {
    {"empty", "", 0, VALID},
    {"ascii", "hello, world", 0, VALID},
    {"ascii 17 bytes", "abcdefghijklmnopq", 0, VALID},
    {"nul is valid", "a\0b", 3, VALID},
    {"2-byte min U+0080", "\xc2\x80", 0, VALID},
    {"2-byte max U+07FF", "\xdf\xbf", 0, VALID},
    {"3-byte min U+0800", "\xe0\xa0\x80", 0, VALID},
    {"3-byte before surrogates U+D7FF", "\xed\x9f\xbf", 0, VALID},
    {"3-byte after surrogates U+E000", "\xee\x80\x80", 0, VALID},
    {"3-byte max U+FFFF", "\xef\xbf\xbf", 0, VALID},
    {"4-byte min U+10000", "\xf0\x90\x80\x80", 0, VALID},
    {"4-byte emoji U+1F600", "\xf0\x9f\x98\x80", 0, VALID},
    {"4-byte max U+10FFFF", "\xf4\x8f\xbf\xbf", 0, VALID},
    {"chinese", "北京市朝阳区", 0, VALID},
    {"mixed", "abc北京12345678\xf0\x9f\x98\x80xyz", 0, VALID},
    {"bom", "\xef\xbb\xbf", 0, VALID},

    {"overlong 2-byte C0 80 (NUL)", "\xc0\x80", 0, 0},
    {"overlong 2-byte C1 BF", "\xc1\xbf", 0, 0},
    {"overlong 3-byte E0 80 80", "\xe0\x80\x80", 0, 0},
    {"overlong 3-byte E0 9F BF", "\xe0\x9f\xbf", 0, 0},
    {"overlong 4-byte F0 80 80 80", "\xf0\x80\x80\x80", 0, 0},
    {"overlong 4-byte F0 8F BF BF", "\xf0\x8f\xbf\xbf", 0, 0},
    {"overlong slash after ascii", "ab/\xc0\xaf", 0, 3},
    {"surrogate U+D800", "\xed\xa0\x80", 0, 0},
    {"surrogate U+DFFF", "\xed\xbf\xbf", 0, 0},
    {"surrogate pair CESU", "\xed\xa0\xbd\xed\xb8\x80", 0, 0},
    {"above U+10FFFF F4 90", "\xf4\x90\x80\x80", 0, 0},
    {"F5 lead", "\xf5\x80\x80\x80", 0, 0},
    {"FF byte", "ok\xff", 0, 2},
    {"FE byte", "\xfe", 0, 0},
    {"lone continuation", "a\x80", 0, 1},
    {"continuation after valid 2-byte", "\xc3\xa9\xa9", 0, 2},
    {"truncated 2-byte", "ab\xc3", 0, 2},
    {"truncated 3-byte (1 of 2)", "\xe5\x8c", 0, 0},
    {"truncated 3-byte after chinese", "北\xe4\xba", 0, 3},
    {"truncated 4-byte", "\xf0\x9f\x98", 0, 0},
    {"bad continuation in 3-byte", "\xe5\x41\x80", 0, 0},
    {"bad third byte in 4-byte", "\xf0\x9f\x41\x80", 0, 0},
    {"gbk beijing", "\xb1\xb1\xbe\xa9", 0, 0},
    {"gbk after ascii run", "0123456789abcdef\xb1\xb1", 0, 16},
    {"invalid deep in long ascii",
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\x80", 0, 63},
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct vcase *c = &cases[i];
		size_t len = c->len ? c->len : strlen(c->s);
		size_t want = c->prefix == VALID ? len : c->prefix;
		size_t got = utf8_valid_prefix(c->s, len);
		if (got != want || utf8_valid(c->s, len) != (c->prefix == VALID))
			fail_msg("case \"%s\": prefix %zu, want %zu", c->name, got, want);
	}
}

/* Reference decoder written from the definition, not from table 3-7. */
static size_t ref_prefix(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 2, cp = c & 0x1f, min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 3, cp = c & 0x0f, min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 4, cp = c & 0x07, min = 0x10000;
		} else {
			return i;
		}
		if (len - i < n)
			return i;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n;
	}
	return len;
}

static void check_against_ref(const unsigned char *b, size_t len)
{
	size_t want = ref_prefix(b, len);
	size_t got = utf8_valid_prefix((const char *)b, len);
	if (got != want)
		fail_msg("bytes %02x %02x %02x %02x (len %zu): prefix %zu, reference %zu", b[0],
		         len > 1 ? b[1] : 0, len > 2 ? b[2] : 0, len > 3 ? b[3] : 0, len, got,
		         want);
}

/* Every 1-, 2- and 3-byte string, and 4-byte strings with every lead and
 * second byte, against the reference decoder. */
static void test_exhaustive_against_reference(void **state)
{
	(void)state;
	unsigned char b[4];
	for (unsigned x = 0; x < 256; x++) {
		b[0] = (unsigned char)x;
		check_against_ref(b, 1);
		for (unsigned y = 0; y < 256; y++) {
			b[1] = (unsigned char)y;
			check_against_ref(b, 2);
			for (unsigned z = 0; z < 256; z++) {
				b[2] = (unsigned char)z;
				check_against_ref(b, 3);
			}
		}
	}
	static const unsigned char tails[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0xbf, 0xc0, 0xff};
	for (unsigned x = 0xc0; x < 256; x++)
		for (unsigned y = 0; y < 256; y++)
			for (size_t z = 0; z < sizeof tails; z++)
				for (size_t w = 0; w < sizeof tails; w++) {
					b[0] = (unsigned char)x, b[1] = (unsigned char)y;
					b[2] = tails[z], b[3] = tails[w];
					check_against_ref(b, 4);
				}
}

/* The 8-bytes-at-a-time path must find a bad byte at any position and
 * alignment. */
static void test_bad_byte_every_position(void **state)
{
	(void)state;
	char buf[80];
	for (size_t off = 0; off < 8; off++)
		for (size_t len = 1; len + off <= sizeof buf; len++)
			for (size_t bad = 0; bad < len; bad++) {
				memset(buf, 'a', sizeof buf);
				buf[off + bad] = (char)0xff;
				assert_int_equal(utf8_valid_prefix(buf + off, len), bad);
				assert_false(utf8_valid(buf + off, len));
				buf[off + bad] = 'a';
				assert_true(utf8_valid(buf + off, len));
			}
}

static void test_chars(void **state)
{
	(void)state;
	assert_int_equal(utf8_chars("", 0), 0);
	assert_int_equal(utf8_chars("abc", 3), 3);
	assert_int_equal(utf8_chars("北京", strlen("北京")), 2);
	assert_int_equal(utf8_chars("a\xc3\xa9z", 4), 3);
	assert_int_equal(utf8_chars("\xf0\x9f\x98\x80!", 5), 2);
	assert_int_equal(utf8_chars("a\0b", 3), 3);
	const char *mixed = "用户反映：套餐资费 2024 年上涨 😀";
	assert_int_equal(utf8_chars(mixed, strlen(mixed)), 20);
}

static void test_decode(void **state)
{
	(void)state;
	uint32_t cp = 0;
	assert_int_equal(utf8_decode("a", 1, &cp), 1);
	assert_int_equal(cp, 'a');
	assert_int_equal(utf8_decode("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(utf8_decode("\xe3\x80\x80", 3, &cp), 3);
	assert_int_equal(cp, 0x3000);
	assert_int_equal(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	cp = 7;
	assert_int_equal(utf8_decode("\xe3\x80", 2, &cp), 0);     /* truncated */
	assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), 0); /* surrogate */
	assert_int_equal(utf8_decode("\x80", 1, &cp), 0);
	assert_int_equal(utf8_decode("", 0, &cp), 0);
	assert_int_equal(cp, 7);
}

static void test_cut(void **state)
{
	(void)state;
	const char *s = "ab北京"; /* 2 + 3 + 3 bytes */
	size_t len = strlen(s);
	static const size_t want[] = {0, 1, 2, 2, 2, 5, 5, 5, 8, 8};
	for (size_t max = 0; max < sizeof want / sizeof *want; max++)
		assert_int_equal(utf8_cut(s, len, max), want[max]);
	char buf[64];
	snprintf(buf, sizeof buf, "“%.*s”", UTF8_AT_MOST("火星火星", 7));
	assert_string_equal(buf, "“火星”");
}

static void test_format(void **state)
{
	(void)state;
	char buf[8];
	/* "北京市" is 9 bytes: cut to whole characters, never half of one */
	assert_int_equal(utf8_format(buf, sizeof buf, "%s", "北京市"), 6);
	assert_string_equal(buf, "北京");
	assert_int_equal(utf8_format(buf, sizeof buf, "a%s", "北京市"), 7);
	assert_string_equal(buf, "a北京");
	assert_int_equal(utf8_format(buf, sizeof buf, "ab%s", "北京市"), 5);
	assert_string_equal(buf, "ab北");
	/* an invalid sequence inside ends the text there */
	assert_int_equal(utf8_format(buf, sizeof buf, "x%.2sy", "北"), 1);
	assert_string_equal(buf, "x");
	assert_int_equal(utf8_format(buf, 1, "%s", "abc"), 0);
	assert_string_equal(buf, "");
	for (size_t size = 1; size <= 8; size++) {
		size_t n = utf8_format(buf, size, "%s", "一二三四五");
		assert_true(n < size && n % 3 == 0 && utf8_valid(buf, n));
	}
}

static void test_blank(void **state)
{
	(void)state;
	static const char *const blank[] = {
	    "",
	    " ",
	    "\t\r\n",
	    "\xe3\x80\x80", /* U+3000 */
	    " \xe3\x80\x80\xe3\x80\x80 ",
	    "\xc2\xa0", /* U+00A0 */
	    "\xe2\x80\x83",
	    /* em space U+2003 */ "\xe2\x80\x8b", /* zero width U+200B */
	    "\xef\xbb\xbf",
	    /* U+FEFF */ "\xe2\x80\xa8\xe2\x80\xaf\xe2\x81\x9f",
	};
	for (size_t i = 0; i < sizeof blank / sizeof *blank; i++)
		if (!utf8_is_blank(blank[i], strlen(blank[i])))
			fail_msg("blank %zu not blank", i);
	static const char *const text[] = {
	    "a",    " a ",       "\xe3\x80\x80张", "。", "\xe3\x80\x81", /* 、 */
	    "\xff", " \xe3\x80", "\xe2\x80\x8e", /* LRM U+200E is a mark, not a space */
	};
	for (size_t i = 0; i < sizeof text / sizeof *text; i++)
		if (utf8_is_blank(text[i], strlen(text[i])))
			fail_msg("text %zu taken for blank", i);
	assert_true(utf8_is_blank("  x", 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_exhaustive_against_reference),
	    cmocka_unit_test(test_bad_byte_every_position),
	    cmocka_unit_test(test_chars),
	    cmocka_unit_test(test_decode),
	    cmocka_unit_test(test_cut),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_blank),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
