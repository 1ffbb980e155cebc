#include "core/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
int32_t date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153u * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int32_t)doe - 719468;
}

void date_to_ymd(int32_t day, int *y, int *m, int *d)
{
	const int32_t z = day + 719468;
	const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
	const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)yoe + era * 400 + (mm <= 2);
	*m = (int)mm;
	*d = (int)dd;
}

int date_year(int32_t day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	return y;
}

int date_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)((day % 7 + 7 + 3) % 7); /* 0 = Monday */
	return w + 1;
}

/* Reads n decimal digits at s; -1 if any is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int date_parse(const char *s, size_t len, int32_t *out)
{
	if (len != SH_DATE_LEN || s[4] != '-' || s[7] != '-')
		return SH_EINVAL;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !date_valid_ymd(y, m, d))
		return SH_EINVAL;
	*out = date_from_ymd(y, m, d);
	return 0;
}

void date_format(int32_t day, char *buf)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	char tmp[48];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m, d);
	memcpy(buf, tmp, SH_DATE_LEN);
	buf[SH_DATE_LEN] = '\0';
}

static int parse_offset(const char *s, size_t len, int *out)
{
	if (len == 1 && s[0] == 'Z') {
		*out = 0;
		return 0;
	}
	if (len < 3 || (s[0] != '+' && s[0] != '-'))
		return SH_EINVAL;
	int sign = s[0] == '-' ? -1 : 1;
	int hh = digits(s + 1, 2), mm = 0;
	if (len == 6 && s[3] == ':')
		mm = digits(s + 4, 2);
	else if (len == 5)
		mm = digits(s + 3, 2);
	else if (len != 3)
		return SH_EINVAL;
	if (hh < 0 || mm < 0 || hh > 14 || mm > 59)
		return SH_EINVAL;
	*out = sign * (hh * 60 + mm);
	return 0;
}

int datetime_parse(const char *s, size_t len, int default_offset, int64_t *out)
{
	int32_t day;
	if (len < SH_DATE_LEN || date_parse(s, SH_DATE_LEN, &day) != 0)
		return SH_EINVAL;
	int hh = 0, mi = 0, ss = 0, offset = default_offset;
	size_t i = SH_DATE_LEN;
	if (i < len) {
		if ((s[i] != 'T' && s[i] != ' ') || len < i + 6 || s[i + 3] != ':')
			return SH_EINVAL;
		hh = digits(s + i + 1, 2);
		mi = digits(s + i + 4, 2);
		i += 6;
		if (i < len && s[i] == ':') {
			if (len < i + 3)
				return SH_EINVAL;
			ss = digits(s + i + 1, 2);
			i += 3;
			if (i < len && (s[i] == '.' || s[i] == ',')) {
				size_t j = i + 1;
				while (j < len && s[j] >= '0' && s[j] <= '9')
					j++;
				if (j == i + 1)
					return SH_EINVAL;
				i = j;
			}
		}
		if (hh < 0 || mi < 0 || ss < 0 || hh > 23 || mi > 59 || ss > 60)
			return SH_EINVAL;
		if (ss == 60) /* leap second: counted as the last second of the minute */
			ss = 59;
		if (i < len && parse_offset(s + i, len - i, &offset) != 0)
			return SH_EINVAL;
	}
	int64_t t = (int64_t)day * 86400 + hh * 3600 + mi * 60 + ss - (int64_t)offset * 60;
	/* shensu shows instants in Beijing time: refuse one whose Beijing date
	 * leaves years 1-9999 (9999-12-31T23:00-05:00 is 10000-01-01 there), which
	 * datetime_format could not write and date_parse would not read back. */
	int32_t shown = date_of_instant(t, SH_BEIJING_OFFSET);
	if (shown < date_from_ymd(1, 1, 1) || shown > date_from_ymd(9999, 12, 31))
		return SH_EINVAL;
	*out = t;
	return 0;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int32_t date_of_instant(int64_t t, int offset)
{
	return (int32_t)floor_div(t + (int64_t)offset * 60, 86400);
}

int64_t date_start_instant(int32_t day, int offset)
{
	return (int64_t)day * 86400 - (int64_t)offset * 60;
}

void datetime_format(int64_t t, int offset, char *buf)
{
	int64_t local = t + (int64_t)offset * 60;
	int32_t day = (int32_t)floor_div(local, 86400);
	int sod = (int)(local - (int64_t)day * 86400);
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	int off = offset < 0 ? -offset : offset;
	char tmp[96];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y % 10000, m,
	         d, sod / 3600, sod / 60 % 60, sod % 60, offset < 0 ? '-' : '+', off / 60 % 100,
	         off % 60);
	memcpy(buf, tmp, SH_DATETIME_LEN);
	buf[SH_DATETIME_LEN] = '\0';
}

int32_t date_today(void)
{
	const char *pin = getenv("SHENSU_TODAY");
	int32_t day;
	if (pin && date_parse(pin, strlen(pin), &day) == 0)
		return day;
	return date_of_instant((int64_t)time(NULL), SH_BEIJING_OFFSET);
}

int64_t date_now(void)
{
	int64_t now = (int64_t)time(NULL);
	int32_t today = date_today(), real = date_of_instant(now, SH_BEIJING_OFFSET);
	return now + (int64_t)(today - real) * 86400;
}
