/* The Chinese lunisolar calendar (农历), as far as the statutory holidays need
 * it: the Gregorian date of a lunar date (春节, 端午, 中秋 and 除夕 follow from
 * it) and the day of the 清明 solar term.
 *
 * Lunar dates come from a table of month lengths and leap months for the lunar
 * years 1900-2100 (see lunar.c for its source); 清明 from the usual rule for
 * 2001-2099. Pure and thread-safe: no state, no I/O. */
#ifndef SHENSU_DOMAIN_LUNAR_H
#define SHENSU_DOMAIN_LUNAR_H

#include <stdbool.h>
#include <stdint.h>

/* Lunar years the table covers (lunar 1900-01-01 is 1900-01-31). */
#define LUNAR_FIRST_YEAR 1900
#define LUNAR_LAST_YEAR 2100
/* Gregorian years lunar_qingming answers for. */
#define LUNAR_QINGMING_FIRST 2001
#define LUNAR_QINGMING_LAST 2099

/* The day number (core/date.h) of lunar year/month/mday; leap picks the leap
 * month that follows `month` (闰月). SH_EINVAL, *out untouched, for a year
 * outside the table, a month outside 1..12, a leap month the year does not
 * have, or a day past the month's end (months have 29 or 30 days). */
int lunar_to_day(int year, int month, int mday, bool leap, int32_t *out);
/* Days in lunar month `month` (its leap month when leap) of `year`: 29 or 30;
 * 0 when the month does not exist. */
int lunar_month_days(int year, int month, bool leap);
/* 除夕: the last day of the 12th month of lunar year `year` (the eve of
 * lunar year + 1's 春节). SH_EINVAL when year + 1 is outside the table. */
int lunar_new_year_eve(int year, int32_t *out);
/* 清明 of Gregorian `year`: the day (Beijing time) the sun reaches ecliptic
 * longitude 15°. SH_EINVAL outside LUNAR_QINGMING_FIRST..LUNAR_QINGMING_LAST. */
int lunar_qingming(int year, int32_t *out);

#endif
