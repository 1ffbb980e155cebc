/* Personal data masked in free text: what complainants actually write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/utf8.h"
#include "domain/redact.h"

/* The masked text, in a static buffer; checks the promises every call keeps:
 * valid UTF-8, within REDACT_OUT_MAX, and masking again changes nothing. */
static const char *redact(const char *s, size_t len)
{
	static char out[REDACT_OUT_MAX(4096)], again[REDACT_OUT_MAX(3 * 4096)];
	assert_true(len <= 4096);
	size_t n = redact_text(s, len, out);
	assert_true(n < REDACT_OUT_MAX(len));
	assert_int_equal(out[n], '\0');
	assert_true(utf8_valid(out, n));
	size_t m = redact_text(out, n, again);
	if (m != n || memcmp(out, again, n) != 0)
		fail_msg("not idempotent:\n  in:    %.*s\n  once:  %s\n  twice: %s", (int)len, s,
		         out, again);
	return out;
}

struct example {
	const char *in, *want;
};

static void check(const struct example *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *got = redact(e[i].in, strlen(e[i].in));
		if (strcmp(got, e[i].want) != 0)
			fail_msg("case %zu\n  in:   %s\n  got:  %s\n  want: %s", i, e[i].in, got,
			         e[i].want);
	}
}

#define CHECK(table) check(table, sizeof table / sizeof *table)

static void id_cards(void **state)
{
	(void)state;
	static const struct example t[] = {
	    {"本人身份证号440306199003071232，请核实。",
	     "本人身份证号4403**********1232，请核实。"},
	    {"身份证：11010519491231002X", "身份证：1101**********002X"},
	    {"身份证：11010519491231002x。", "身份证：1101**********002X。"},
	    {"证件号 440306 19900307 1232", "证件号 4403**********1232"},
	    {"证件号码４４０３０６１９９００３０７１２３２", "证件号码4403**********1232"},
	    {"身份证号11010519491231002Ｘ号", "身份证号1101**********002X号"},
	    /* a wrong check digit: an order number, left alone */
	    {"订单号440306199003071233已取消", "订单号440306199003071233已取消"},
	    {"流水号202403051200001234", "流水号202403051200001234"},
	    /* one digit more or less is no ID */
	    {"编号4403061990030712321", "编号4403061990030712321"},
	};
	CHECK(t);
}

static void phones(void **state)
{
	(void)state;
	static const struct example t[] = {
	    {"我的手机13800138000一直收不到短信", "我的手机138****8000一直收不到短信"},
	    {"联系电话：138 0013 8000。", "联系电话：138****8000。"},
	    {"请拨打138-0013-8000联系我", "请拨打138****8000联系我"},
	    {"手机１３８００１３８０００", "手机138****8000"},
	    {"号码１３８－００１３－８０００", "号码138****8000"},
	    {"电话+86 138 0013 8000", "电话138****8000"},
	    {"电话＋8613800138000", "电话138****8000"},
	    {"电话0086-138-0013-8000", "电话138****8000"},
	    {"家里座机0755-12345678，白天没人", "家里座机0755****5678，白天没人"},
	    {"座机(0755)1234-5678", "座机0755****5678"},
	    {"座机（010）6512 3456", "座机010****3456"},
	    {"座机 010 6512 3456 转 8", "座机 010****3456 转 8"},
	    {"两个号码13800138000 13900139000都停机了", "两个号码138****8000 139****9000都停机了"},
	    {"号码13800138000、13900139000", "号码138****8000、139****9000"},
	    {"tel:13800138000", "tel:138****8000"},
	    {"(1)13800138000", "(1)138****8000"},
	    {"5+13800138000", "5+138****8000"},
	    /* service numbers are public */
	    {"拨打10086和95588都没人接", "拨打10086和95588都没人接"},
	    {"客服400-810-8888", "客服400-810-8888"},
	    /* 12 digits hold no mobile number */
	    {"订单138001380001", "订单138001380001"},
	};
	CHECK(t);
}

static void bank_cards(void **state)
{
	(void)state;
	static const struct example t[] = {
	    {"退款请打到卡号6222021234567890128（工商银行）",
	     "退款请打到卡号6222***********0128（工商银行）"},
	    {"卡号 6217 0012 3456 7893", "卡号 6217********7893"},
	    {"信用卡4367421234567896", "信用卡4367********7896"},
	    /* order numbers that fail the Luhn check stay readable */
	    {"订单号6222021234567890121", "订单号6222021234567890121"},
	    {"订单号2024030512345678", "订单号2024030512345678"},
	};
	CHECK(t);
}

static void emails(void **state)
{
	(void)state;
	static const struct example t[] = {
	    {"邮箱zhangsan@163.com，请回复", "邮箱z***@163.com，请回复"},
	    {"发到 zhang.san+bill@mail.example.cn 即可", "发到 z***@mail.example.cn 即可"},
	    {"QQ邮箱12345678@qq.com", "QQ邮箱1***@qq.com"},
	    {"13800138000@139.com", "1***@139.com"},
	    {"邮箱li@x13800138000.cn", "邮箱l***@x138****8000.cn"},
	    {"全角ａｔ：wang＠qq.com", "全角ａｔ：w***＠qq.com"},
	    {"不是邮箱：@中国移动 和 a@b 和 价格@5.5元",
	     "不是邮箱：@中国移动 和 a@b 和 价格@5.5元"},
	};
	CHECK(t);
}

/* Dates, amounts, times and counts are the substance of a complaint. */
static void left_alone(void **state)
{
	(void)state;
	static const char *const t[] = {
	    "2024年3月5日起每月多扣费",
	    "套餐费用128元，实际扣了256.50元",
	    "2024-03-05 14:30 打过客服",
	    "2024/03/05",
	    "20240305",
	    "流量超出1024MB，扣费3.5元",
	    "第1、2、3个月",
	    "合同编号HT-2024-000123",
	    "宽带速率只有100M，承诺1000M",
	    "3 5 7 9",
	    "",
	    "****",
	    "138****8000",
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		assert_string_equal(redact(t[i], strlen(t[i])), t[i]);
}

/* A realistic description: every kind at once, the rest untouched. */
static void a_whole_description(void **state)
{
	(void)state;
	const char *in = "本人张三，身份证440306199003071232，手机138 0013 8000。2024年3月5日起，"
	                 "套餐费用由128元涨到158元，订单号2024030512345678。请将多收的30元退到"
	                 "6222021234567890128，或联系邮箱zhangsan@163.com，座机0755-12345678。";
	const char *want = "本人张三，身份证4403**********1232，手机138****8000。2024年3月5日起，"
	                   "套餐费用由128元涨到158元，订单号2024030512345678。请将多收的30元退到"
	                   "6222***********0128，或联系邮箱z***@163.com，座机0755****5678。";
	assert_string_equal(redact(in, strlen(in)), want);
}

/* Invalid UTF-8 becomes U+FFFD; a NUL is copied; length is honoured. */
static void bytes(void **state)
{
	(void)state;
	assert_string_equal(redact("a\xff"
	                           "b",
	                           3),
	                    "a\xEF\xBF\xBD"
	                    "b");
	assert_string_equal(redact("\xe5\x8c", 2), "\xEF\xBF\xBD\xEF\xBF\xBD");
	char out[REDACT_OUT_MAX(4)];
	assert_int_equal(redact_text("a\0b", 3, out), 3);
	assert_memory_equal(out, "a\0b", 4);
	/* only len bytes are read */
	assert_string_equal(redact("13800138000", 10), "1380013800");
}

/* Text that was masked already, or that looks like it, stays as it is: the
 * kept digits of a mask are never joined with the digits beside them. */
static void masked_text_is_stable(void **state)
{
	(void)state;
	static const char *const t[] = {
	    "138****1380 0013800", "0755 138****8000", "1101**********002X",
	    "138****8000 13",      "z***@163.com",
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		assert_string_equal(redact(t[i], strlen(t[i])), t[i]);
	/* a number right after an asterisk is still masked */
	assert_string_equal(redact("*13800138000", 12), "*138****8000");
	assert_string_equal(redact("备注*440306199003071232*", strlen("备注*440306199003071232*")),
	                    "备注*4403**********1232*");
}

/* Random text made of the characters that matter: never a crash, always the
 * promises of redact() above. */
static void random_text(void **state)
{
	(void)state;
	static const char *const pieces[] = {
	    "1",
	    "3",
	    "8",
	    "0",
	    "6",
	    "X",
	    "x",
	    " ",
	    "-",
	    "*",
	    "+",
	    "(",
	    ")",
	    "@",
	    ".",
	    "a",
	    "qq",
	    "com",
	    "８",
	    "－",
	    "（",
	    "）",
	    "＊",
	    "年",
	    "，",
	    "\xe3\x80\x80",
	    "\xff",
	    "86",
	    "0755",
	    "13800138000",
	    "440306199003071232",
	    "6222021234567890128",
	    "@qq.com",
	    "z",
	};
	srand(getenv("REDACT_SEED") ? (unsigned)atoi(getenv("REDACT_SEED")) : 11);
	for (int round = 0;
	     round < (getenv("REDACT_ROUNDS") ? atoi(getenv("REDACT_ROUNDS")) : 20000); round++) {
		char buf[256];
		size_t len = 0;
		int n = rand() % 24;
		for (int i = 0; i < n; i++) {
			const char *p = pieces[rand() % (int)(sizeof pieces / sizeof *pieces)];
			size_t k = strlen(p);
			if (len + k >= sizeof buf)
				break;
			memcpy(buf + len, p, k);
			len += k;
		}
		redact(buf, len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(id_cards),    cmocka_unit_test(phones),
	    cmocka_unit_test(bank_cards),  cmocka_unit_test(emails),
	    cmocka_unit_test(left_alone),  cmocka_unit_test(a_whole_description),
	    cmocka_unit_test(bytes),       cmocka_unit_test(masked_text_is_stable),
	    cmocka_unit_test(random_text),
	};
	return cmocka_run_group_tests_name("redact", tests, NULL, NULL);
}
