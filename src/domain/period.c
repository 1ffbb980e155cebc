#include "domain/period.h"

#include <stdio.h>

#include "core/date.h"
#include "core/error.h"

static struct period make(enum period_kind kind, int year, int index)
{
	struct period p = {kind, year, index, 0, 0};
	switch (kind) {
	case PERIOD_QUARTER:
		p.first = date_from_ymd(year, 3 * index - 2, 1);
		p.last = (index == 4 ? date_from_ymd(year + 1, 1, 1) : date_from_ymd(year, 3 * index + 1, 1)) - 1;
		break;
	case PERIOD_MONTH:
		p.first = date_from_ymd(year, index, 1);
		p.last = (index == 12 ? date_from_ymd(year + 1, 1, 1) : date_from_ymd(year, index + 1, 1)) - 1;
		break;
	case PERIOD_YEAR:
		p.first = date_from_ymd(year, 1, 1);
		p.last = date_from_ymd(year + 1, 1, 1) - 1;
		break;
	}
	return p;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + s[i] - '0';
	}
	return v;
}

int period_parse(const char *s, size_t len, struct period *out)
{
	if (len < 4)
		return SH_EINVAL;
	int year = num(s, 4);
	if (year < 1900 || year > 2200)
		return SH_EINVAL;
	if (len == 4) {
		*out = make(PERIOD_YEAR, year, 0);
		return 0;
	}
	if (len == 6 && (s[4] == 'Q' || s[4] == 'q') && s[5] >= '1' && s[5] <= '4') {
		*out = make(PERIOD_QUARTER, year, s[5] - '0');
		return 0;
	}
	if (len == 7 && s[4] == '-') {
		int m = num(s + 5, 2);
		if (m >= 1 && m <= 12) {
			*out = make(PERIOD_MONTH, year, m);
			return 0;
		}
	}
	return SH_EINVAL;
}

void period_format(const struct period *p, char *buf, size_t len)
{
	switch (p->kind) {
	case PERIOD_QUARTER:
		snprintf(buf, len, "%04dQ%d", p->year, p->index);
		break;
	case PERIOD_MONTH:
		snprintf(buf, len, "%04d-%02d", p->year, p->index);
		break;
	case PERIOD_YEAR:
		snprintf(buf, len, "%04d", p->year);
		break;
	}
}

struct period period_shift(const struct period *p, int steps)
{
	if (p->kind == PERIOD_YEAR)
		return make(PERIOD_YEAR, p->year + steps, 0);
	int per_year = p->kind == PERIOD_QUARTER ? 4 : 12;
	int k = p->year * per_year + (p->index - 1) + steps;
	int y = k >= 0 ? k / per_year : (k - per_year + 1) / per_year;
	return make(p->kind, y, k - y * per_year + 1);
}

struct period period_quarter_of(int32_t day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	return make(PERIOD_QUARTER, y, (m - 1) / 3 + 1);
}
