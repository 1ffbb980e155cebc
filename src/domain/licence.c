#include "domain/licence.h"

#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "core/utf8.h"
#include "domain/vocabulary.h"

static const struct vocab kinds[LICENSEE_KIND_COUNT] = {
	[LICENSEE_BASIC] = {"basic", "基础电信企业", NULL},
	[LICENSEE_RESELLER] = {"reseller", "移动通信转售企业", NULL},
	[LICENSEE_VALUE_ADDED] = {"value_added", "增值电信企业", "增值电信业务经营者"},
	[LICENSEE_MANUFACTURER] = {"manufacturer", "电信设备生产企业", NULL},
};

const char *licensee_kind_code(enum licensee_kind k)
{
	return (unsigned)k < LICENSEE_KIND_COUNT ? kinds[k].code : "";
}

const char *licensee_kind_label(enum licensee_kind k)
{
	return (unsigned)k < LICENSEE_KIND_COUNT ? kinds[k].label : "";
}

int licensee_kind_parse(const char *s, size_t len, enum licensee_kind *out)
{
	int i = vocab_find(kinds, LICENSEE_KIND_COUNT, s, len);
	if (i < 0)
		return SH_EINVAL;
	*out = (enum licensee_kind)i;
	return 0;
}

/* The one-character abbreviations licences start with, and the province
 * (GB/T 2260) that issues them (黔/贵, 滇/云 and 川/蜀 are both in use). */
static const struct {
	const char *abbr, *code;
} issuers[] = {
	{"京", "11"}, {"津", "12"}, {"冀", "13"}, {"晋", "14"}, {"蒙", "15"}, {"辽", "21"},
	{"吉", "22"}, {"黑", "23"}, {"沪", "31"}, {"苏", "32"}, {"浙", "33"}, {"皖", "34"},
	{"闽", "35"}, {"赣", "36"}, {"鲁", "37"}, {"豫", "41"}, {"鄂", "42"}, {"湘", "43"},
	{"粤", "44"}, {"桂", "45"}, {"琼", "46"}, {"渝", "50"}, {"川", "51"}, {"蜀", "51"},
	{"黔", "52"}, {"贵", "52"}, {"滇", "53"}, {"云", "53"}, {"藏", "54"}, {"陕", "61"},
	{"甘", "62"}, {"青", "63"}, {"宁", "64"}, {"新", "65"},
};

/* The issuer s starts with (its length in *n), or -1. */
static int issuer_of(const char *s, size_t len, size_t *n)
{
	for (size_t i = 0; s && i < sizeof issuers / sizeof *issuers; i++) {
		*n = strlen(issuers[i].abbr);
		if (len >= *n && memcmp(s, issuers[i].abbr, *n) == 0)
			return (int)i;
	}
	*n = 0;
	return -1;
}

void licence_province(const char *licence_no, char code[3])
{
	size_t n;
	int i = issuer_of(licence_no, licence_no ? strlen(licence_no) : 0, &n);
	snprintf(code, 3, "%s", i >= 0 ? issuers[i].code : "");
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int licence_check(const char *s, size_t len, char *why, size_t whylen)
{
	static const char example[] = "应如粤B2-20180001、A2.B1.B2-20090001或京ICP证000001号";
	if (!s || len == 0 || len >= LICENCE_NO_MAX || !utf8_valid(s, len)) {
		utf8_format(why, whylen, "许可证号格式不正确，%s", example);
		return SH_EINVAL;
	}
	size_t p;
	issuer_of(s, len, &p);
	static const char icp[] = "ICP证", hao[] = "号";
	if (p && len == p + strlen(icp) + 6 + strlen(hao) && memcmp(s + p, icp, strlen(icp)) == 0 &&
	    digits(s + p + strlen(icp), 6) && memcmp(s + len - strlen(hao), hao, strlen(hao)) == 0)
		return 0;
	/* Categories: A1|A2|B1|B2, joined by '.'. */
	size_t i = p, ncat = 0;
	for (;;) {
		if (i + 2 > len || (s[i] != 'A' && s[i] != 'B') || (s[i + 1] != '1' && s[i + 1] != '2'))
			break;
		ncat++;
		i += 2;
		if (i < len && s[i] == '.')
			i++;
		else
			break;
	}
	if (ncat == 0 || i + 9 != len || s[i] != '-' || !digits(s + i + 1, 8)) {
		utf8_format(why, whylen, "“%.*s”不是有效的许可证号，%s", UTF8_AT_MOST(s, 60), example);
		return SH_EINVAL;
	}
	return 0;
}

int licensee_name_check(const char *s, size_t len, char *why, size_t whylen)
{
	if (!s || utf8_is_blank(s, len)) {
		utf8_format(why, whylen, "请填写企业名称");
		return SH_EINVAL;
	}
	if (!utf8_valid(s, len)) {
		utf8_format(why, whylen, "企业名称不是有效的UTF-8文本");
		return SH_EINVAL;
	}
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			utf8_format(why, whylen, "企业名称中不能有控制字符");
			return SH_EINVAL;
		}
	size_t n = utf8_chars(s, len);
	if (n < 2 || n > LICENSEE_NAME_MAX) {
		utf8_format(why, whylen, "企业名称应为2至%d个字（现在是%zu个）", LICENSEE_NAME_MAX, n);
		return SH_EINVAL;
	}
	return 0;
}
