/* Keywords of a surge: the words that set a series' recent texts apart from
 * its history, so a warning says "5G / 降速 / 套餐" and not only a number.
 *
 * Words come from ICU's Chinese word segmentation (core/words.h), after
 * personal data is masked (domain/redact.h). Candidates: a dictionary word of
 * two or more characters; a run of single characters the dictionary does not
 * know joined again (降 速 -> 降速, 携 号 转 网 -> 携号转网, up to four);
 * an ASCII word with a letter (5G, WiFi; upper-cased). Numbers alone are no
 * keyword.
 *
 * Each candidate is scored by document frequency: in a of the R recent texts
 * and b of the H historical ones, the log odds ratio with half a count added
 * to each cell, over its standard error (a z score: how surely the word is
 * more common now than before). Kept: a >= 2 and a >= R / 10, z >= 2; a run
 * whose longer run appears in nearly as many recent texts (80%) gives way to
 * it; the best first, no keyword inside another.
 *
 * Pure domain logic: no I/O. Allocation failure aborts. */
#ifndef SHENSU_DOMAIN_KEYWORDS_H
#define SHENSU_DOMAIN_KEYWORDS_H

#include <stddef.h>

#define KEYWORD_BYTES 32

struct keyword {
	char text[KEYWORD_BYTES];
	int recent, history; /* texts it appears in */
	double score;        /* z */
};

/* Up to max keywords of recent[0..nrecent) against history[0..nhistory)
 * (NUL-terminated UTF-8; NULL entries are skipped), best first; returns how
 * many were written. 0 when ICU is unavailable. */
size_t keywords_contrast(const char *const *recent, size_t nrecent, const char *const *history,
                         size_t nhistory, struct keyword *out, size_t max);

#endif
