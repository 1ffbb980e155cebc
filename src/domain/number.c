#include "domain/number.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *const kinds[] = {"invalid", "mobile", "fixed", "sms_port", "service"};

const char *number_kind_code(enum number_kind k)
{
	return kinds[k];
}

static enum number_kind invalid(char *why, size_t len, const char *msg)
{
	snprintf(why, len, "%s", msg);
	return NUMBER_INVALID;
}

/* Digits of a fixed-line area code: 010, 02x are 3 digits; others 4. */
static size_t area_code_len(const char *d)
{
	return d[1] == '1' || d[1] == '2' ? 3 : 4;
}

enum number_kind number_normalize(const char *s, size_t len, char *out, char *why, size_t whylen)
{
	char d[64];
	size_t n = 0;
	bool plus = false;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (c >= '0' && c <= '9') {
			if (n == sizeof d - 1)
				return invalid(why, whylen, "号码过长");
			d[n++] = (char)c;
			i++;
		} else if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBC &&
		           (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99) {
			/* full-width digits U+FF10..U+FF19 */
			if (n == sizeof d - 1)
				return invalid(why, whylen, "号码过长");
			d[n++] = (char)('0' + (unsigned char)s[i + 2] - 0x90);
			i += 3;
		} else if (c == '+' && n == 0 && !plus) {
			plus = true;
			i++;
		} else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '\t') {
			i++;
		} else if (c == 0xE3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		           (unsigned char)s[i + 2] == 0x80) {
			i += 3; /* ideographic space */
		} else if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBC &&
		           ((unsigned char)s[i + 2] == 0x88 || (unsigned char)s[i + 2] == 0x89 ||
		            (unsigned char)s[i + 2] == 0x8D || (unsigned char)s[i + 2] == 0x8B)) {
			i += 3; /* full-width ( ) - + */
		} else {
			return invalid(why, whylen, "号码中含有数字以外的字符");
		}
	}
	d[n] = '\0';
	const char *p = d;
	if (plus && strncmp(p, "86", 2) != 0)
		return invalid(why, whylen, "只受理中国大陆号码（+86）");
	if (strncmp(p, "0086", 4) == 0)
		p += 4;
	else if (strncmp(p, "86", 2) == 0 && (plus || strlen(p) == 13))
		p += 2;
	size_t m = strlen(p);
	if (m == 0)
		return invalid(why, whylen, "号码为空");
	enum number_kind k = NUMBER_INVALID;
	if (p[0] == '1' && m == 11 && p[1] >= '3' && p[1] <= '9')
		k = NUMBER_MOBILE;
	else if (p[0] == '1' && p[1] == '0' && p[2] == '6' && m >= 8 && m <= 20)
		k = NUMBER_SMS_PORT;
	else if ((strncmp(p, "95", 2) == 0 || strncmp(p, "96", 2) == 0) && m >= 5 && m <= 8)
		k = NUMBER_SERVICE;
	else if ((strncmp(p, "100", 3) == 0 && m == 5) || (strncmp(p, "12", 2) == 0 && m == 5))
		k = NUMBER_SERVICE;
	else if (p[0] == '0' && m >= 3 && m >= area_code_len(p) + 7 && m <= area_code_len(p) + 8)
		k = NUMBER_FIXED;
	if (k == NUMBER_INVALID) {
		if (p[0] == '1' && m != 11)
			return invalid(why, whylen, "手机号码应为11位");
		if (p[0] == '1')
			return invalid(why, whylen, "手机号码应以13至19开头");
		if (p[0] == '0')
			return invalid(why, whylen, "固定电话应为区号加7至8位号码，如010-12345678");
		return invalid(why, whylen, "不是有效的手机或固定电话号码");
	}
	if (m >= NUMBER_MAX)
		return invalid(why, whylen, "号码过长");
	memcpy(out, p, m + 1);
	return k;
}
