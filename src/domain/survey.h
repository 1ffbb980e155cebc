/* The satisfaction survey: the complainant rates the handling of a case once,
 * after it is closed. The scale and the comment's limit are stated here only
 * (the web pages are served them: GET /api/reference/rules). */
#ifndef SHENSU_DOMAIN_SURVEY_H
#define SHENSU_DOMAIN_SURVEY_H

#include <stddef.h>
#include <stdint.h>

#define SURVEY_SCORE_MIN 1
#define SURVEY_SCORE_MAX 5   /* 非常满意 */
#define SURVEY_COMMENT_MAX 500 /* characters (code points) */

/* The Chinese label of a score: "非常满意" for 5 … "非常不满意" for 1; "" out of
 * range. */
const char *survey_score_label(int64_t score);

/* Checks an answer: score in SURVEY_SCORE_MIN..MAX, comment (NULL: none) valid
 * UTF-8 of at most SURVEY_COMMENT_MAX characters. Returns 0, or SH_EINVAL
 * with a Chinese message in why (len bytes). */
int survey_check(int64_t score, const char *comment, char *why, size_t len);

#endif
