#include "domain/lunar.h"

#include "core/date.h"
#include "core/error.h"

/* One entry per lunar year 1900-2100, the encoding in wide public use:
 *   bits 0-3   the leap month (1-12), 0 when the year has none;
 *   bits 4-15  months 12 down to 1 (bit 15 = month 1): 1 = 30 days, 0 = 29;
 *   bit 16     the leap month has 30 days.
 * The values are the widely published table. They were checked month by
 * month against new moons and principal solar terms computed with PyEphem
 * (Debian python3-ephem) in Beijing time: every month start from 1929 (when
 * China adopted UTC+8) to 2100 agrees, except that the new moon of 2057-09-28
 * falls 10 seconds before midnight, where the table starts the 9th month on
 * the 29th (no festival depends on it). Earlier years follow the local mean
 * time then in use. Debian's python3-lunardate (from the `lunar` program) has
 * the same table for 1900-2099 except 1933, 1954, 1956 and 1978, where it
 * disagrees with the sky, and 2057. Source and terms: data/README.md. */
/* clang-format off */
static const uint32_t years[LUNAR_LAST_YEAR - LUNAR_FIRST_YEAR + 1] = {
	0x04bd8,0x04ae0,0x0a570,0x054d5,0x0d260,0x0d950,0x16554,0x056a0,0x09ad0,0x055d2, /* 1900 */
	0x04ae0,0x0a5b6,0x0a4d0,0x0d250,0x1d255,0x0b540,0x0d6a0,0x0ada2,0x095b0,0x14977, /* 1910 */
	0x04970,0x0a4b0,0x0b4b5,0x06a50,0x06d40,0x1ab54,0x02b60,0x09570,0x052f2,0x04970, /* 1920 */
	0x06566,0x0d4a0,0x0ea50,0x16a95,0x05ad0,0x02b60,0x186e3,0x092e0,0x1c8d7,0x0c950, /* 1930 */
	0x0d4a0,0x1d8a6,0x0b550,0x056a0,0x1a5b4,0x025d0,0x092d0,0x0d2b2,0x0a950,0x0b557, /* 1940 */
	0x06ca0,0x0b550,0x15355,0x04da0,0x0a5b0,0x14573,0x052b0,0x0a9a8,0x0e950,0x06aa0, /* 1950 */
	0x0aea6,0x0ab50,0x04b60,0x0aae4,0x0a570,0x05260,0x0f263,0x0d950,0x05b57,0x056a0, /* 1960 */
	0x096d0,0x04dd5,0x04ad0,0x0a4d0,0x0d4d4,0x0d250,0x0d558,0x0b540,0x0b6a0,0x195a6, /* 1970 */
	0x095b0,0x049b0,0x0a974,0x0a4b0,0x0b27a,0x06a50,0x06d40,0x0af46,0x0ab60,0x09570, /* 1980 */
	0x04af5,0x04970,0x064b0,0x074a3,0x0ea50,0x06b58,0x05ac0,0x0ab60,0x096d5,0x092e0, /* 1990 */
	0x0c960,0x0d954,0x0d4a0,0x0da50,0x07552,0x056a0,0x0abb7,0x025d0,0x092d0,0x0cab5, /* 2000 */
	0x0a950,0x0b4a0,0x0baa4,0x0ad50,0x055d9,0x04ba0,0x0a5b0,0x15176,0x052b0,0x0a930, /* 2010 */
	0x07954,0x06aa0,0x0ad50,0x05b52,0x04b60,0x0a6e6,0x0a4e0,0x0d260,0x0ea65,0x0d530, /* 2020 */
	0x05aa0,0x076a3,0x096d0,0x04afb,0x04ad0,0x0a4d0,0x1d0b6,0x0d250,0x0d520,0x0dd45, /* 2030 */
	0x0b5a0,0x056d0,0x055b2,0x049b0,0x0a577,0x0a4b0,0x0aa50,0x1b255,0x06d20,0x0ada0, /* 2040 */
	0x14b63,0x09370,0x049f8,0x04970,0x064b0,0x168a6,0x0ea50,0x06b20,0x1a6c4,0x0aae0, /* 2050 */
	0x092e0,0x0d2e3,0x0c960,0x0d557,0x0d4a0,0x0da50,0x05d55,0x056a0,0x0a6d0,0x055d4, /* 2060 */
	0x052d0,0x0a9b8,0x0a950,0x0b4a0,0x0b6a6,0x0ad50,0x055a0,0x0aba4,0x0a5b0,0x052b0, /* 2070 */
	0x0b273,0x06930,0x07337,0x06aa0,0x0ad50,0x14b55,0x04b60,0x0a570,0x054e4,0x0d160, /* 2080 */
	0x0e968,0x0d520,0x0daa0,0x16aa6,0x056d0,0x04ae0,0x0a9d4,0x0a2d0,0x0d150,0x0f252, /* 2090 */
	0x0d520, /* 2100 */
};
/* clang-format on */

/* Lunar 1900-01-01. */
#define EPOCH_Y 1900
#define EPOCH_M 1
#define EPOCH_D 31

static bool year_known(int year)
{
	return year >= LUNAR_FIRST_YEAR && year <= LUNAR_LAST_YEAR;
}

static int leap_month(int year)
{
	return (int)(years[year - LUNAR_FIRST_YEAR] & 0xf);
}

int lunar_month_days(int year, int month, bool leap)
{
	if (!year_known(year) || month < 1 || month > 12)
		return 0;
	uint32_t v = years[year - LUNAR_FIRST_YEAR];
	if (leap)
		return leap_month(year) == month ? ((v & 0x10000) ? 30 : 29) : 0;
	return (v & (0x10000u >> month)) ? 30 : 29;
}

static int year_days(int year)
{
	int n = 0;
	for (int m = 1; m <= 12; m++)
		n += lunar_month_days(year, m, false) + lunar_month_days(year, m, true);
	return n;
}

int lunar_to_day(int year, int month, int mday, bool leap, int32_t *out)
{
	int len = lunar_month_days(year, month, leap);
	if (!out || len == 0 || mday < 1 || mday > len)
		return SH_EINVAL;
	int32_t day = date_from_ymd(EPOCH_Y, EPOCH_M, EPOCH_D);
	for (int y = LUNAR_FIRST_YEAR; y < year; y++)
		day += year_days(y);
	for (int m = 1; m < month; m++)
		day += lunar_month_days(year, m, false) + lunar_month_days(year, m, true);
	if (leap) /* the leap month follows the ordinary month of its number */
		day += lunar_month_days(year, month, false);
	*out = day + mday - 1;
	return 0;
}

int lunar_new_year_eve(int year, int32_t *out)
{
	int32_t first;
	if (!out || year + 1 > LUNAR_LAST_YEAR || lunar_to_day(year + 1, 1, 1, false, &first))
		return SH_EINVAL;
	*out = first - 1;
	return 0;
}

int lunar_qingming(int year, int32_t *out)
{
	if (!out || year < LUNAR_QINGMING_FIRST || year > LUNAR_QINGMING_LAST)
		return SH_EINVAL;
	/* The rule in common use for the 21st century (寿星万年历): with
	 * y = year - 2000, April [y * 0.2422 + 4.81] - [y / 4]. It agrees with the
	 * solar longitude computed with PyEphem for every year 2001-2099 (the
	 * closest call, 2071, is two minutes after midnight). In integers:
	 * y * 0.2422 + 4.81 = (y * 2422 + 48100) / 10000. */
	int y = year - 2000;
	int d = (y * 2422 + 48100) / 10000 - y / 4;
	*out = date_from_ymd(year, 4, d);
	return 0;
}
