#include "domain/number.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

static const char *const kinds[] = {"invalid", "mobile", "fixed", "sms_port", "service"};

static const char *const labels[] = {"", "手机号码", "固定电话", "短信端口", "服务号码"};

const char *number_kind_code(enum number_kind k)
{
	return kinds[k];
}

const char *number_kind_label(enum number_kind k)
{
	return (unsigned)k < sizeof labels / sizeof *labels ? labels[k] : "";
}

/* Copies digits into out with a separator before each position in `at`
 * (ascending, 0-terminated): sep[i] goes before digit at[i]. */
static void grouped(const char *digits, const size_t *at, const char *sep,
                    char out[NUMBER_DISPLAY_MAX])
{
	size_t o = 0;
	for (size_t i = 0, g = 0; digits[i] && o + 2 < NUMBER_DISPLAY_MAX; i++) {
		if (at[g] && i == at[g])
			out[o++] = sep[g++];
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

void number_display(const char *digits, enum number_kind kind, char out[NUMBER_DISPLAY_MAX])
{
	size_t n = strnlen(digits, NUMBER_MAX);
	size_t at[8] = {0};
	char sep[8] = "";
	if (kind == NUMBER_MOBILE && n == 11) {
		grouped(digits, (size_t[]){3, 7, 0}, "  ", out);
	} else if (kind == NUMBER_FIXED && n >= 10) {
		size_t area = number_area_code_len(digits), local = n - area;
		/* 8 digits in fours, 7 as 3 + 4 */
		grouped(digits, (size_t[]){area, area + (local == 8 ? 4 : 3), 0}, "- ", out);
	} else if (kind == NUMBER_SERVICE && n == 10 &&
	           (strncmp(digits, "400", 3) == 0 || strncmp(digits, "800", 3) == 0)) {
		grouped(digits, (size_t[]){3, 6, 0}, "--", out);
	} else if (kind == NUMBER_SMS_PORT) {
		size_t g = 0;
		for (size_t i = 4; i < n && g < 7; i += 4)
			at[g] = i, sep[g++] = ' ';
		grouped(digits, at, sep, out);
	} else {
		grouped(digits, at, sep, out);
	}
}

__attribute__((format(printf, 3, 4))) static enum number_kind invalid(char *why, size_t len,
                                                                      const char *fmt, ...)
{
	if (len > 0) {
		va_list ap;
		va_start(ap, fmt);
		utf8_vformat(why, len, fmt, ap); /* cut short, never inside a character */
		va_end(ap);
	}
	return NUMBER_INVALID;
}

static enum number_kind valid(enum number_kind k, const char *p, size_t m, char *out)
{
	memcpy(out, p, m);
	out[m] = '\0';
	return k;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

size_t number_area_code_len(const char *digits)
{
	return digits[1] == '1' || digits[1] == '2' ? 3 : 4;
}

/* The digits as typed, with where the writer separated them. */
struct scan {
	char d[64];
	bool gap[65]; /* gap[i]: a separator stands just before digit i */
	size_t n;
	bool plus;
};

/* Bytes of the UTF-8 sequence starting with lead byte c (the input is valid). */
static size_t seq_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Separators people put between digits, as UTF-8: full-width ( ) - . and
 * space, dashes U+2010..U+2015 and minus U+2212, no-break, zero-width and
 * byte-order-mark spaces pasted from web pages. */
static bool wide_separator(const unsigned char *c, size_t k)
{
	if (k == 2)
		return c[0] == 0xC2 && c[1] == 0xA0;
	if (k != 3)
		return false;
	if (c[0] == 0xEF && c[1] == 0xBC)
		return c[2] == 0x88 || c[2] == 0x89 || c[2] == 0x8D || c[2] == 0x8E;
	if (c[0] == 0xE2 && c[1] == 0x80)
		return (c[2] >= 0x90 && c[2] <= 0x95) || c[2] == 0x8B;
	return (c[0] == 0xE3 && c[1] == 0x80 && c[2] == 0x80) ||
	       (c[0] == 0xE2 && c[1] == 0x88 && c[2] == 0x92) ||
	       (c[0] == 0xEF && c[1] == 0xBB && c[2] == 0xBF);
}

/* Collects the digits of s; returns false with the reason in why when a
 * character has no place in a phone number. */
static bool scan(const char *s, size_t len, struct scan *sc, char *why, size_t whylen)
{
	memset(sc, 0, sizeof *sc);
	bool sep = false;
	for (size_t i = 0; i < len;) {
		const unsigned char *c = (const unsigned char *)s + i;
		size_t k = seq_len(c[0]);
		char digit = 0;
		if (is_digit((char)c[0]))
			digit = (char)c[0];
		else if (k == 3 && c[0] == 0xEF && c[1] == 0xBC && c[2] >= 0x90 && c[2] <= 0x99)
			digit = (char)('0' + c[2] - 0x90); /* full-width U+FF10..U+FF19 */
		if (digit) {
			if (sc->n == sizeof sc->d - 1) {
				invalid(why, whylen, "号码过长");
				return false;
			}
			sc->gap[sc->n] = sep && sc->n > 0;
			sc->d[sc->n++] = digit;
			sep = false;
		} else if (c[0] == '+' ||
		           (k == 3 && c[0] == 0xEF && c[1] == 0xBC && c[2] == 0x8B)) {
			if (sc->n > 0 || sc->plus) {
				invalid(why, whylen, "加号（+）只能写在号码开头");
				return false;
			}
			sc->plus = true;
		} else if (c[0] == ' ' || c[0] == '-' || c[0] == '.' || c[0] == '(' ||
		           c[0] == ')' || c[0] == '\t' || c[0] == '\r' || c[0] == '\n' ||
		           wide_separator(c, k)) {
			sep = true;
		} else if ((c[0] >= 'A' && c[0] <= 'Z') || (c[0] >= 'a' && c[0] <= 'z')) {
			invalid(why, whylen, "号码中含有字母“%c”", c[0]);
			return false;
		} else if (k == 3 && c[0] == 0xEF &&
		           ((c[1] == 0xBC && c[2] >= 0xA1 && c[2] <= 0xBA) ||
		            (c[1] == 0xBD && c[2] >= 0x81 && c[2] <= 0x9A))) {
			invalid(why, whylen, "号码中含有字母“%.3s”", (const char *)c);
			return false;
		} else if (k == 3 && c[0] == 0xE8 && c[1] == 0xBD && c[2] == 0xAC) {
			invalid(why, whylen, "请去掉分机号：号码中含有“转”");
			return false;
		} else if (c[0] < 0x20 || c[0] == 0x7F) {
			invalid(why, whylen, "号码中含有控制字符");
			return false;
		} else {
			invalid(why, whylen, "号码中含有无法识别的字符“%.*s”", (int)k,
			        (const char *)c);
			return false;
		}
		i += k;
	}
	sc->d[sc->n] = '\0';
	return true;
}

/* Digits in an international country code (ITU-T E.164 zones), from its
 * first digits; 0 if no code starts so. */
static size_t country_code_len(const char *d)
{
	char a = d[0], b = d[1];
	switch (a) {
	case '1':
	case '7':
		return 1;
	case '2':
		return b == '0' || b == '7' ? 2 : 3;
	case '3':
		return (b >= '0' && b <= '4') || b == '6' || b == '9' ? 2 : 3;
	case '4':
		return b == '2' ? 3 : 2;
	case '5':
		return b == '0' || b == '9' ? 3 : 2;
	case '6':
		return b >= '0' && b <= '6' ? 2 : 3;
	case '8':
		return b == '1' || b == '2' || b == '4' || b == '6' ? 2 : 3;
	case '9':
		return (b >= '0' && b <= '5') || b == '8' ? 2 : 3;
	default:
		return 0;
	}
}

static enum number_kind foreign(const char *d, size_t n, char *why, size_t whylen)
{
	size_t cc = country_code_len(d);
	if (n == 0 || cc == 0)
		return invalid(why, whylen, "“+”或“00”之后应为国家或地区代码，如+86");
	if (cc > n)
		cc = n;
	static const struct {
		const char *code, *name;
	} regions[] = {{"852", "香港"}, {"853", "澳门"}, {"886", "台湾"}};
	for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++)
		if (cc == 3 && strncmp(d, regions[i].code, 3) == 0)
			return invalid(why, whylen, "这是%s号码（+%s），只受理中国大陆号码",
			               regions[i].name, regions[i].code);
	return invalid(why, whylen,
	               "这是境外号码（国家或地区代码+%.*s），只受理中国大陆号码（+86）", (int)cc,
	               d);
}

static bool mobile_prefix(const char *p, size_t m)
{
	return m >= 2 && p[0] == '1' && p[1] >= '3' && p[1] <= '9';
}

/* A fixed-line number with its trunk 0: p[0] == '0'. */
static enum number_kind fixed(const char *p, size_t m, char *out, char *why, size_t whylen)
{
	/* 0 + mobile: the 0 once needed to call an out-of-town mobile from a
	 * fixed line. 01x other than 010 is no area code, so this cannot be a
	 * fixed line */
	if (m == 12 && mobile_prefix(p + 1, m - 1))
		return valid(NUMBER_MOBILE, p + 1, m - 1, out);
	if (m < 3)
		return invalid(why, whylen, "号码过短：只有%zu位", m);
	if (p[1] == '0')
		return invalid(why, whylen, "区号不能以00开头");
	if (p[1] == '1' && p[2] != '0')
		return invalid(why, whylen, "区号有误：以01开头的区号只有010");
	size_t area = number_area_code_len(p);
	if (m <= area)
		return invalid(why, whylen, "固定电话只有区号，缺少号码");
	size_t local = m - area;
	if (local < 7 || local > 8)
		return invalid(why, whylen, "固定电话区号%.*s之后应为7至8位号码，所填为%zu位",
		               (int)area, p, local);
	if (p[area] == '0')
		return invalid(why, whylen, "固定电话区号%.*s之后的号码不能以0开头", (int)area, p);
	return valid(NUMBER_FIXED, p, m, out);
}

static enum number_kind length_rule(enum number_kind k, const char *p, size_t m, size_t lo,
                                    size_t hi, const char *what, char *out, char *why,
                                    size_t whylen)
{
	if (m >= lo && m <= hi)
		return valid(k, p, m, out);
	if (lo == hi)
		return invalid(why, whylen, "%s应为%zu位，所填为%zu位", what, lo, m);
	return invalid(why, whylen, "%s应为%zu至%zu位，所填为%zu位", what, lo, hi, m);
}

/* A number as dialled inside the mainland, without country code. */
static enum number_kind domestic(const char *p, size_t m, char *out, char *why, size_t whylen)
{
	if (p[0] == '0')
		return fixed(p, m, out, why, whylen);
	if (m < 3)
		return invalid(why, whylen, "号码过短：只有%zu位", m);
	if (mobile_prefix(p, m))
		return length_rule(NUMBER_MOBILE, p, m, 11, 11, "手机号码", out, why, whylen);
	if (strncmp(p, "106", 3) == 0)
		return length_rule(NUMBER_SMS_PORT, p, m, 8, 20, "106短信端口号码", out, why,
		                   whylen);
	if (p[0] == '1' && m == 11)
		return invalid(why, whylen, "手机号码应以13至19开头，所填以%.2s开头", p);
	if (strncmp(p, "100", 3) == 0)
		return length_rule(NUMBER_SERVICE, p, m, 5, 7, "100开头的服务号码", out, why,
		                   whylen);
	if (m == 3 && p[0] == '1' && (p[1] == '1' || p[1] == '2'))
		return invalid(why, whylen, "三位特服号码（如110、119、120）不受理举报");
	if (strncmp(p, "12", 2) == 0)
		return length_rule(NUMBER_SERVICE, p, m, 5, 5, "12开头的服务号码", out, why,
		                   whylen);
	if (strncmp(p, "95", 2) == 0)
		return length_rule(NUMBER_SERVICE, p, m, 5, 8, "95开头的服务号码", out, why,
		                   whylen);
	if (strncmp(p, "96", 2) == 0)
		return length_rule(NUMBER_SERVICE, p, m, 5, 6, "96开头的服务号码", out, why,
		                   whylen);
	if (strncmp(p, "400", 3) == 0 || strncmp(p, "800", 3) == 0)
		return length_rule(NUMBER_SERVICE, p, m, 10, 10, "400、800号码", out, why, whylen);
	if (p[0] == '1')
		return invalid(why, whylen,
		               "以%.2s开头的号码无法识别：手机号码以13至19开头，短信端口以106开头，"
		               "服务号码以100或12开头",
		               p);
	if (m == 7 || m == 8)
		return invalid(why, whylen, "固定电话缺少区号，请写成如0755-12345678");
	return invalid(why, whylen,
	               "不是有效的号码：手机号码以1开头，固定电话应以区号开头（如010、0755）");
}

/* Fixed line written without the trunk 0, as after +86: 10 1234 5678,
 * 755 1234 5678. */
static enum number_kind without_trunk(const char *p, size_t m, char *out, char *why, size_t whylen)
{
	char t[NUMBER_MAX];
	if (m + 1 >= sizeof t)
		return invalid(why, whylen, "号码过长");
	t[0] = '0';
	memcpy(t + 1, p, m);
	return fixed(t, m + 1, out, why, whylen);
}

/* What follows +86 or 0086. */
static enum number_kind after_86(const struct scan *sc, size_t at, char *out, char *why,
                                 size_t whylen)
{
	const char *p = sc->d + at;
	size_t m = sc->n - at;
	if (m == 0)
		return invalid(why, whylen, "国家代码86之后缺少号码");
	if (p[0] == '0') /* the trunk 0 kept: +86 (0)755…, +86 010… */
		return domestic(p, m, out, why, whylen);
	if (p[0] == '1') {
		bool beijing = p[1] == '0' && m >= 3 && sc->gap[at + 2];
		if (beijing || (p[1] == '0' && p[2] != '0' && p[2] != '6' && m >= 9))
			return without_trunk(p, m, out, why, whylen);
		return domestic(p, m, out, why, whylen);
	}
	/* no area code 0400 or 0800; 095x and 096x are, with longer numbers */
	if (strncmp(p, "400", 3) == 0 || strncmp(p, "800", 3) == 0 ||
	    (strncmp(p, "95", 2) == 0 && m <= 8) || (strncmp(p, "96", 2) == 0 && m <= 6))
		return domestic(p, m, out, why, whylen);
	return without_trunk(p, m, out, why, whylen);
}

/* A bare 86 before a mobile or a fixed-line number (never before an SMS
 * port or a service number): returns false when it is not that, else true
 * with the kind in *k. */
static bool bare_86(const struct scan *sc, enum number_kind *k, char *out, char *why, size_t whylen)
{
	if (sc->n < 3 || sc->d[0] != '8' || sc->d[1] != '6')
		return false;
	const char *p = sc->d + 2;
	size_t m = sc->n - 2;
	char t[NUMBER_MAX];
	if (mobile_prefix(p, m)) /* a wrong length gets the mobile reason */
		*k = domestic(p, m, out, why, whylen);
	else if (p[0] == '0' && fixed(p, m, t, NULL, 0) != NUMBER_INVALID)
		*k = fixed(p, m, out, why, whylen);
	else if (p[0] != '0' && without_trunk(p, m, t, NULL, 0) == NUMBER_FIXED)
		*k = without_trunk(p, m, out, why, whylen);
	else
		return false;
	return true;
}

enum number_kind number_normalize(const char *s, size_t len, char *out, char *why, size_t whylen)
{
	if (!utf8_valid(s, len))
		return invalid(why, whylen, "号码不是有效的UTF-8文本");
	struct scan sc;
	if (!scan(s, len, &sc, why, whylen))
		return NUMBER_INVALID;
	if (sc.n == 0) {
		if (sc.plus)
			return invalid(why, whylen, "“+”之后缺少号码");
		for (size_t i = 0; i < len; i++)
			if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
				return invalid(why, whylen, "号码中没有数字");
		return invalid(why, whylen, "号码为空");
	}
	if (sc.plus) {
		if (strncmp(sc.d, "86", 2) == 0)
			return after_86(&sc, 2, out, why, whylen);
		return foreign(sc.d, sc.n, why, whylen);
	}
	if (strncmp(sc.d, "00", 2) == 0) {
		if (strncmp(sc.d, "0086", 4) == 0)
			return after_86(&sc, 4, out, why, whylen);
		return foreign(sc.d + 2, sc.n - 2, why, whylen);
	}
	enum number_kind k;
	if (bare_86(&sc, &k, out, why, whylen))
		return k;
	return domestic(sc.d, sc.n, out, why, whylen);
}
