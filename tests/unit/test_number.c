/* Tests for domain/number.c: a table of numbers as people really write them
 * (on forms, in pasted SMS screenshots, from phones' call logs), each with
 * the kind and digits expected, or a piece of the reason it is refused; then
 * the contract (outputs untouched, truncation) and a random round trip. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "domain/number.h"

struct number_case {
	const char *input;
	enum number_kind kind;
	const char *expect; /* the digits, or a substring of the reason when invalid */
};

static const struct number_case cases[] = {
    /* mobile */
    {"13800138000", NUMBER_MOBILE, "13800138000"},
    {"138 0013 8000", NUMBER_MOBILE, "13800138000"},
    {"138-0013-8000", NUMBER_MOBILE, "13800138000"},
    {"138.0013.8000", NUMBER_MOBILE, "13800138000"},
    {"  13800138000\n", NUMBER_MOBILE, "13800138000"},
    {"+86 138 0013 8000", NUMBER_MOBILE, "13800138000"},
    {"+86-13800138000", NUMBER_MOBILE, "13800138000"},
    {"(+86)13800138000", NUMBER_MOBILE, "13800138000"},
    {"0086 138 0013 8000", NUMBER_MOBILE, "13800138000"},
    {"0086-138-0013-8000", NUMBER_MOBILE, "13800138000"},
    {"8613800138000", NUMBER_MOBILE, "13800138000"},
    {"86 138 0013 8000", NUMBER_MOBILE, "13800138000"},
    {"１３８００１３８０００", NUMBER_MOBILE, "13800138000"},
    {"１３８　００１３　８０００", NUMBER_MOBILE, "13800138000"},
    {"＋８６ １３８－００１３－８０００", NUMBER_MOBILE, "13800138000"},
    {"13８00138000", NUMBER_MOBILE, "13800138000"},            /* one digit full-width */
    {"138\u00a00013\u00a08000", NUMBER_MOBILE, "13800138000"}, /* no-break spaces */
    {"\ufeff13800138000", NUMBER_MOBILE, "13800138000"},       /* pasted with a BOM */
    {"138\u20140013\u20148000", NUMBER_MOBILE, "13800138000"}, /* em dashes */
    {"013800138000", NUMBER_MOBILE, "13800138000"},            /* 0 before an out-of-town mobile */
    {"+86 0 13800138000", NUMBER_MOBILE, "13800138000"},
    {"19212345678", NUMBER_MOBILE, "19212345678"},   /* 中国广电 */
    {"170 0123 4567", NUMBER_MOBILE, "17001234567"}, /* reseller */
    {"16612345678", NUMBER_MOBILE, "16612345678"},
    {"14512345678", NUMBER_MOBILE, "14512345678"},
    /* fixed lines */
    {"010-12345678", NUMBER_FIXED, "01012345678"},
    {"01012345678", NUMBER_FIXED, "01012345678"},
    {"021 1234 5678", NUMBER_FIXED, "02112345678"},
    {"(0755)1234-5678", NUMBER_FIXED, "075512345678"},
    {"0755-12345678", NUMBER_FIXED, "075512345678"},
    {"（０７５５）１２３４－５６７８", NUMBER_FIXED, "075512345678"},
    {"0951-1234567", NUMBER_FIXED, "09511234567"}, /* 7-digit local number */
    {"+86 10 12345678", NUMBER_FIXED, "01012345678"},
    {"+86 755 1234 5678", NUMBER_FIXED, "075512345678"},
    {"+86 (0)755 1234 5678", NUMBER_FIXED, "075512345678"},
    {"+86 010 12345678", NUMBER_FIXED, "01012345678"},
    {"+86-21-1234-5678", NUMBER_FIXED, "02112345678"},
    {"+86 951 1234567", NUMBER_FIXED, "09511234567"},  /* 95… but too long for a service number */
    {"+86 10 6512 3456", NUMBER_FIXED, "01065123456"}, /* "10" apart: Beijing, not 106 */
    {"+86 (10) 6512-3456", NUMBER_FIXED, "01065123456"},
    {"86 10 6512 3456", NUMBER_FIXED, "01065123456"}, /* a bare 86 never starts an SMS port */
    {"+861012345678", NUMBER_FIXED, "01012345678"},
    /* SMS ports */
    {"1065502010086", NUMBER_SMS_PORT, "1065502010086"},
    {"106980095588", NUMBER_SMS_PORT, "106980095588"},
    {"1069 0329 0185 66", NUMBER_SMS_PORT, "10690329018566"},
    {"+86 106 9800 95588", NUMBER_SMS_PORT, "106980095588"},
    {"+861065123456", NUMBER_SMS_PORT, "1065123456"}, /* as phones show SMS senders */
    {"10658000", NUMBER_SMS_PORT, "10658000"},
    /* service numbers */
    {"95588", NUMBER_SERVICE, "95588"},
    {"95105888", NUMBER_SERVICE, "95105888"},
    {"96166", NUMBER_SERVICE, "96166"},
    {"962288", NUMBER_SERVICE, "962288"},
    {"10086", NUMBER_SERVICE, "10086"},
    {"10000", NUMBER_SERVICE, "10000"},
    {"10010", NUMBER_SERVICE, "10010"},
    {"1008611", NUMBER_SERVICE, "1008611"},
    {"12321", NUMBER_SERVICE, "12321"},
    {"12300", NUMBER_SERVICE, "12300"},
    {"400-810-8888", NUMBER_SERVICE, "4008108888"},
    {"800 810 8888", NUMBER_SERVICE, "8008108888"},
    {"+86 400 810 8888", NUMBER_SERVICE, "4008108888"},
    {"+86 95588", NUMBER_SERVICE, "95588"},
    {"+8612321", NUMBER_SERVICE, "12321"},
    /* invalid: empty, characters */
    {"", NUMBER_INVALID, "号码为空"},
    {"   ", NUMBER_INVALID, "号码为空"},
    {"--", NUMBER_INVALID, "没有数字"},
    {"+", NUMBER_INVALID, "“+”之后缺少号码"},
    {"1380013800a", NUMBER_INVALID, "字母“a”"},
    {"Ｔ13800138000", NUMBER_INVALID, "字母“Ｔ”"},
    {"138 0013 8000 转 123", NUMBER_INVALID, "分机号"},
    {"138#0013#8000", NUMBER_INVALID, "无法识别的字符“#”"},
    {"一三八", NUMBER_INVALID, "无法识别的字符“一”"},
    {"138\a00138000", NUMBER_INVALID, "控制字符"},
    {"\xff\xfe", NUMBER_INVALID, "UTF-8"},
    {"138+0013", NUMBER_INVALID, "加号（+）只能写在号码开头"},
    /* invalid: lengths */
    {"1380013800", NUMBER_INVALID, "手机号码应为11位，所填为10位"},
    {"138001380001", NUMBER_INVALID, "手机号码应为11位，所填为12位"},
    {"86 138 0013 800", NUMBER_INVALID, "手机号码应为11位，所填为10位"},
    {"0755-123456", NUMBER_INVALID, "7至8位号码，所填为6位"},
    {"0755-123456789", NUMBER_INVALID, "所填为9位"},
    {"0755", NUMBER_INVALID, "只有区号"},
    {"1065", NUMBER_INVALID, "106短信端口号码应为8至20位，所填为4位"},
    {"106123456789012345678", NUMBER_INVALID, "所填为21位"},
    {"951234567", NUMBER_INVALID, "95开头的服务号码应为5至8位"},
    {"9616600", NUMBER_INVALID, "96开头的服务号码应为5至6位"},
    {"123210", NUMBER_INVALID, "12开头的服务号码应为5位"},
    {"400-810-888", NUMBER_INVALID, "400、800号码应为10位"},
    {"13", NUMBER_INVALID, "号码过短"},
    {"0123456789012345678901234567890123456789012345678901234567890123456789", NUMBER_INVALID,
     "号码过长"},
    /* invalid: prefixes */
    {"12345678901", NUMBER_INVALID, "手机号码应以13至19开头"},
    {"11012345678", NUMBER_INVALID, "手机号码应以13至19开头"},
    {"110", NUMBER_INVALID, "三位特服号码"},
    {"10123", NUMBER_INVALID, "以10开头的号码无法识别"},
    {"011-12345678", NUMBER_INVALID, "区号有误"},
    {"010-01234567", NUMBER_INVALID, "不能以0开头"},
    {"86123456", NUMBER_INVALID, "缺少区号"}, /* a local number, not +86 */
    {"6512 3456", NUMBER_INVALID, "缺少区号"},
    {"555-0100-555", NUMBER_INVALID, "不是有效的号码"},
    /* invalid: foreign */
    {"+1 415 555 0100", NUMBER_INVALID, "境外号码（国家或地区代码+1）"},
    {"+44 20 7946 0958", NUMBER_INVALID, "+44"},
    {"0044 20 7946 0958", NUMBER_INVALID, "+44"},
    {"+852 9123 4567", NUMBER_INVALID, "香港号码（+852）"},
    {"00852 9123 4567", NUMBER_INVALID, "香港"},
    {"+853 6612 3456", NUMBER_INVALID, "澳门"},
    {"+886 912 345 678", NUMBER_INVALID, "台湾"},
    {"+81 3-1234-5678", NUMBER_INVALID, "+81"},
    {"+7 495 123 45 67", NUMBER_INVALID, "+7）"},
    {"+0086 138", NUMBER_INVALID, "国家或地区代码"},
    {"+86", NUMBER_INVALID, "86之后缺少号码"},
    {"0086", NUMBER_INVALID, "86之后缺少号码"},
};

static void test_table(void **state)
{
	(void)state;
	size_t failures = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct number_case *c = &cases[i];
		char out[NUMBER_MAX] = "", why[192] = "";
		enum number_kind k =
		    number_normalize(c->input, strlen(c->input), out, why, sizeof why);
		bool ok = k == c->kind && (k == NUMBER_INVALID ? strstr(why, c->expect) != NULL
		                                               : strcmp(out, c->expect) == 0);
		if (!ok) {
			print_error("\"%s\": got %s \"%s\" (%s), want %s \"%s\"\n", c->input,
			            number_kind_code(k), out, why, number_kind_code(c->kind),
			            c->expect);
			failures++;
		}
		if (k == NUMBER_INVALID)
			assert_true(utf8_valid(why, strlen(why)));
	}
	assert_int_equal(failures, 0);
}

static void test_outputs_untouched(void **state)
{
	(void)state;
	char out[NUMBER_MAX], why[64];
	memset(out, 'X', sizeof out);
	strcpy(why, "unchanged");
	assert_int_equal(number_normalize("13800138000", 11, out, why, sizeof why), NUMBER_MOBILE);
	assert_string_equal(why, "unchanged");
	memset(out, 'X', sizeof out);
	assert_int_equal(number_normalize("1380013800", 10, out, why, sizeof why), NUMBER_INVALID);
	for (size_t i = 0; i < sizeof out; i++)
		assert_int_equal(out[i], 'X');
	/* no reason wanted */
	assert_int_equal(number_normalize("abc", 3, out, NULL, 0), NUMBER_INVALID);
}

static void test_length_not_nul(void **state)
{
	(void)state;
	char out[NUMBER_MAX], why[64];
	assert_int_equal(number_normalize("13800138000XYZ", 11, out, why, sizeof why),
	                 NUMBER_MOBILE);
	assert_string_equal(out, "13800138000");
	/* a full-width digit cut in the middle is not UTF-8 */
	assert_int_equal(number_normalize("1380013800０", 12, out, why, sizeof why),
	                 NUMBER_INVALID);
	assert_non_null(strstr(why, "UTF-8"));
}

static void test_reason_truncated_whole_characters(void **state)
{
	(void)state;
	const char *s = "+44 20 7946 0958";
	for (size_t len = 1; len < 120; len++) {
		char why[128];
		memset(why, 'X', sizeof why);
		assert_int_equal(number_normalize(s, strlen(s), NULL, why, len), NUMBER_INVALID);
		size_t n = strlen(why);
		assert_true(n < len);
		assert_true(utf8_valid(why, n));
		assert_int_equal(why[len], 'X'); /* nothing written past len */
	}
}

static void test_kind_codes(void **state)
{
	(void)state;
	assert_string_equal(number_kind_code(NUMBER_INVALID), "invalid");
	assert_string_equal(number_kind_code(NUMBER_MOBILE), "mobile");
	assert_string_equal(number_kind_code(NUMBER_FIXED), "fixed");
	assert_string_equal(number_kind_code(NUMBER_SMS_PORT), "sms_port");
	assert_string_equal(number_kind_code(NUMBER_SERVICE), "service");
	assert_int_equal(number_area_code_len("01012345678"), 3);
	assert_int_equal(number_area_code_len("02112345678"), 3);
	assert_int_equal(number_area_code_len("075512345678"), 4);
	assert_int_equal(number_area_code_len("09511234567"), 4);
}

static uint64_t next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Random spellings built from the pieces people use: whatever is accepted
 * normalises to itself again (the stored form is stable), whatever is not has
 * a non-empty UTF-8 reason. */
static void test_display(void **state)
{
	(void)state;
	static const struct {
		const char *digits;
		enum number_kind kind;
		const char *shown;
	} shown[] = {
	    {"13800138000", NUMBER_MOBILE, "138 0013 8000"},
	    {"075512345678", NUMBER_FIXED, "0755-1234 5678"},
	    {"07551234567", NUMBER_FIXED, "0755-123 4567"},
	    {"01065123456", NUMBER_FIXED, "010-6512 3456"},
	    {"0106512345", NUMBER_FIXED, "010-651 2345"},
	    {"10690000", NUMBER_SMS_PORT, "1069 0000"},
	    {"106900005678", NUMBER_SMS_PORT, "1069 0000 5678"},
	    {"10690000123456789012", NUMBER_SMS_PORT, "1069 0000 1234 5678 9012"},
	    {"1069000012345", NUMBER_SMS_PORT, "1069 0000 1234 5"},
	    {"4008108888", NUMBER_SERVICE, "400-810-8888"},
	    {"95588", NUMBER_SERVICE, "95588"},
	    {"1008611", NUMBER_SERVICE, "1008611"},
	    {"1380013800", NUMBER_MOBILE, "1380013800"}, /* not the kind's shape */
	};
	for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
		char out[NUMBER_DISPLAY_MAX];
		number_display(shown[i].digits, shown[i].kind, out);
		assert_string_equal(out, shown[i].shown);
	}
	assert_string_equal(number_kind_label(NUMBER_MOBILE), "手机号码");
	assert_string_equal(number_kind_label(NUMBER_SMS_PORT), "短信端口");
	assert_string_equal(number_kind_label(NUMBER_INVALID), "");
}

static void test_random_round_trip(void **state)
{
	(void)state;
	static const char *const pieces[] = {
	    "0",  "1",  "3",  "8",  "6",  "9", "5",  "10", "13",   "106",
	    "86", "+",  " ",  "-",  "(",  ")", ".",  "０", "８",   "６",
	    "（", "）", "－", "　", "＋", "a", "转", "00", "0755", "400",
	};
	uint64_t x = 88172645463325252u;
	size_t accepted = 0;
	for (int round = 0; round < 200000; round++) {
		char s[96] = "";
		size_t len = 0;
		for (int n = (int)(next(&x) % 12) + 1; n > 0; n--) {
			const char *p = pieces[next(&x) % (sizeof pieces / sizeof pieces[0])];
			if (len + strlen(p) >= sizeof s)
				break;
			memcpy(s + len, p, strlen(p) + 1);
			len += strlen(p);
		}
		char out[NUMBER_MAX], again[NUMBER_MAX], why[192] = "";
		enum number_kind k = number_normalize(s, len, out, why, sizeof why);
		if (k == NUMBER_INVALID) {
			if (why[0] == '\0' || !utf8_valid(why, strlen(why)))
				fail_msg("\"%s\": no usable reason", s);
			continue;
		}
		accepted++;
		assert_int_equal(strspn(out, "0123456789"), strlen(out));
		if (number_normalize(out, strlen(out), again, why, sizeof why) != k ||
		    strcmp(out, again) != 0)
			fail_msg("\"%s\" -> %s \"%s\" does not normalise to itself", s,
			         number_kind_code(k), out);
	}
	assert_true(accepted > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_outputs_untouched),
	    cmocka_unit_test(test_length_not_nul),
	    cmocka_unit_test(test_reason_truncated_whole_characters),
	    cmocka_unit_test(test_kind_codes),
	    cmocka_unit_test(test_random_round_trip),
	    cmocka_unit_test(test_display),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
