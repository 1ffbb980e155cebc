/* Tests for domain/survey.c: the scale and the comment's limit. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdint.h>
#include <string.h>

#include "core/error.h"
#include "domain/survey.h"

static void test_scale(void **state)
{
	(void)state;
	char why[128];
	assert_int_equal(survey_check(SURVEY_SCORE_MIN - 1, NULL, why, sizeof why), SH_EINVAL);
	assert_non_null(strstr(why, "5为非常满意"));
	assert_int_equal(survey_check(SURVEY_SCORE_MAX + 1, NULL, why, sizeof why), SH_EINVAL);
	assert_int_equal(survey_check(INT64_MIN, NULL, why, sizeof why), SH_EINVAL);
	for (int64_t s = SURVEY_SCORE_MIN; s <= SURVEY_SCORE_MAX; s++) {
		assert_int_equal(survey_check(s, NULL, why, sizeof why), 0);
		assert_true(survey_score_label(s)[0] != '\0');
	}
	assert_string_equal(survey_score_label(5), "非常满意");
	assert_string_equal(survey_score_label(1), "非常不满意");
	assert_string_equal(survey_score_label(0), "");
	assert_string_equal(survey_score_label(6), "");
}

static void test_comment(void **state)
{
	(void)state;
	char why[128], text[(SURVEY_COMMENT_MAX + 1) * 3 + 1];
	for (int i = 0; i <= SURVEY_COMMENT_MAX; i++)
		memcpy(text + 3 * i, "好", 3);
	text[SURVEY_COMMENT_MAX * 3] = '\0';
	assert_int_equal(survey_check(5, text, why, sizeof why), 0);
	memcpy(text + SURVEY_COMMENT_MAX * 3, "好", 4);
	assert_int_equal(survey_check(5, text, why, sizeof why), SH_EINVAL);
	assert_string_equal(why, "评价内容不能超过500字");
	assert_int_equal(survey_check(5, "\xff", why, sizeof why), SH_EINVAL);
	assert_string_equal(why, "评价内容含有无效字符");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scale),
	    cmocka_unit_test(test_comment),
	};
	return cmocka_run_group_tests_name("survey", tests, NULL, NULL);
}
