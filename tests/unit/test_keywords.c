/* Keywords of a surge (domain/keywords.h) and the word splitter beneath them
 * (core/words.h, ICU): words that set recent texts apart come first, words
 * the dictionary splits into single characters are joined again, words as
 * common before as now are none, personal data never becomes a keyword. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/words.h"
#include "domain/keywords.h"

static const char *const history[] = {
	"用户反映信号覆盖不好，室内经常没有信号，要求尽快处理。",
	"营业厅办理业务时营业员承诺的优惠未兑现，要求按承诺执行。",
	"客服热线长时间无人接听，要求企业给出答复。",
	"账单出现不明费用，营业厅不能给出解释，要求退还。",
	"宽带经常断线，多次报修未解决，要求处理。",
	"合约到期后仍被扣费，要求退还费用。",
	"信号覆盖差，通话经常中断，要求改善网络。",
	"营业员推销业务，办理后无法使用，要求退订。",
};

static const char *const recent[] = {
	"办理5G套餐后网速明显降速，流量未用完就被限速，要求恢复。联系电话13800138000",
	"5G套餐被降速，客服称是达量限速，办理时未告知，要求赔偿。",
	"升级5G套餐后经常降速，只有几百K，要求退还套餐费用。",
	"5G套餐降速严重，营业厅说是系统调整，要求恢复。13800138000",
	"本月起5G套餐无故降速，影响工作，要求恢复网速。13800138000",
	"携号转网被拒绝，要求办理携号转网。",
	"申请携号转网时被告知有合约，不能携号转网，要求处理。",
};

static bool has(const struct keyword *k, size_t n, const char *text)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(k[i].text, text) == 0)
			return true;
	return false;
}

static void surge_words_come_first(void **state)
{
	(void)state;
	/* eight weeks of history: the eight texts ten times over */
	const char *past[80];
	for (int i = 0; i < 80; i++)
		past[i] = history[i % 8];
	struct keyword k[8];
	size_t n = keywords_contrast(recent, 7, past, 80, k, 8);
	assert_true(n >= 3);
	/* the two words in five of seven recent texts and none before, first */
	assert_true((strcmp(k[0].text, "降速") == 0 && strcmp(k[1].text, "套餐") == 0) ||
	            (strcmp(k[0].text, "套餐") == 0 && strcmp(k[1].text, "降速") == 0));
	assert_int_equal(k[0].recent, 5);
	assert_int_equal(k[0].history, 0);
	assert_true(k[0].score >= k[1].score && k[1].score >= k[n - 1].score);
	assert_true(has(k, n, "5G"));       /* an ASCII word */
	assert_true(has(k, n, "携号转网")); /* four single characters joined again */
	assert_false(has(k, n, "携号"));    /* no keyword inside another */
	assert_false(has(k, n, "要求"));    /* in every text, before as now */
	for (size_t i = 0; i < n; i++) {
		assert_null(strstr(k[i].text, "138")); /* the phone number is masked first */
		assert_null(strstr(k[i].text, "0013"));
	}
}

static void nothing_stands_out_in_the_same_texts(void **state)
{
	(void)state;
	struct keyword k[8];
	assert_int_equal(keywords_contrast(history, 8, history, 8, k, 8), 0);
	assert_int_equal(keywords_contrast(NULL, 0, history, 8, k, 8), 0);
	/* one recent text is no pattern: a keyword needs two */
	assert_int_equal(keywords_contrast(recent, 1, history, 8, k, 8), 0);
	const char *holes[] = {NULL, "", "，。！", NULL};
	assert_int_equal(keywords_contrast(holes, 4, holes, 4, k, 8), 0);
	assert_int_equal(keywords_contrast(recent, 7, history, 8, k, 0), 0);
}

struct seen {
	char words[64][64];
	enum word_kind kinds[64];
	int n;
};

static void collect(void *ctx, const char *w, size_t len, size_t chars, enum word_kind kind)
{
	struct seen *s = ctx;
	(void)chars;
	if (s->n < 64 && len < 64) {
		memcpy(s->words[s->n], w, len);
		s->words[s->n][len] = 0;
		s->kinds[s->n++] = kind;
	}
}

static void icu_splits_chinese_into_words(void **state)
{
	(void)state;
	words *w = words_new();
	assert_non_null(w);
	struct seen s = {0};
	const char *text = "用户反映5G网络降速，WiFi无法连接";
	assert_int_equal(words_split(w, text, strlen(text), collect, &s), 0);
	int found = 0;
	for (int i = 0; i < s.n; i++) {
		if (strcmp(s.words[i], "用户") == 0 || strcmp(s.words[i], "网络") == 0)
			found++, assert_int_equal(s.kinds[i], WORD_HAN);
		if (strcmp(s.words[i], "5G") == 0 || strcmp(s.words[i], "WiFi") == 0)
			found++, assert_int_equal(s.kinds[i], WORD_ALNUM);
		if (strcmp(s.words[i], "，") == 0)
			found++, assert_int_equal(s.kinds[i], WORD_OTHER);
	}
	assert_int_equal(found, 5);
	/* invalid UTF-8 is read leniently, not refused */
	s.n = 0;
	assert_int_equal(words_split(w, "\xff\xfe降速", 8, collect, &s), 0);
	words_free(w);
	words_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(surge_words_come_first),
		cmocka_unit_test(nothing_stands_out_in_the_same_texts),
		cmocka_unit_test(icu_splits_chinese_into_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
