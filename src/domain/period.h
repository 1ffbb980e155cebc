/* Reporting periods: a quarter ("2020Q4"), a month ("2020-10") or a year
 * ("2020"), each a range of calendar days. */
#ifndef SHENSU_DOMAIN_PERIOD_H
#define SHENSU_DOMAIN_PERIOD_H

#include <stddef.h>
#include <stdint.h>

enum period_kind { PERIOD_QUARTER, PERIOD_MONTH, PERIOD_YEAR };

struct period {
	enum period_kind kind;
	int year;
	int index;     /* quarter 1-4 or month 1-12; 0 for a year */
	int32_t first; /* first day */
	int32_t last;  /* last day, inclusive */
};

/* 0 or SH_EINVAL. Accepts "2020Q4" (also lower-case q), "2020-10", "2020". */
int period_parse(const char *s, size_t len, struct period *out);
/* The canonical text ("2020Q4"). */
void period_format(const struct period *p, char *buf, size_t len);
/* The period of the same kind `steps` periods later (negative: earlier). */
struct period period_shift(const struct period *p, int steps);
/* The quarter holding `day`. */
struct period period_quarter_of(int32_t day);

#endif
