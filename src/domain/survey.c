#include "domain/survey.h"

#include <string.h>

#include "core/error.h"
#include "core/utf8.h"

static const char *const labels[SURVEY_SCORE_MAX - SURVEY_SCORE_MIN + 1] = {
	"非常不满意", "不满意", "一般", "满意", "非常满意",
};

const char *survey_score_label(int64_t score)
{
	if (score < SURVEY_SCORE_MIN || score > SURVEY_SCORE_MAX)
		return "";
	return labels[score - SURVEY_SCORE_MIN];
}

int survey_check(int64_t score, const char *comment, char *why, size_t len)
{
	if (score < SURVEY_SCORE_MIN || score > SURVEY_SCORE_MAX) {
		utf8_format(why, len, "满意度应为%d到%d之间的整数（%d为%s）", SURVEY_SCORE_MIN,
		            SURVEY_SCORE_MAX, SURVEY_SCORE_MAX, survey_score_label(SURVEY_SCORE_MAX));
		return SH_EINVAL;
	}
	size_t n = comment ? strlen(comment) : 0;
	if (comment && !utf8_valid(comment, n)) {
		utf8_format(why, len, "评价内容含有无效字符");
		return SH_EINVAL;
	}
	if (comment && utf8_chars(comment, n) > SURVEY_COMMENT_MAX) {
		utf8_format(why, len, "评价内容不能超过%d字", SURVEY_COMMENT_MAX);
		return SH_EINVAL;
	}
	return 0;
}
