/* The statutory public holidays (全国年节及纪念日放假办法, as revised with effect
 * from 1 January 2025), for years whose holiday schedule is not published yet.
 *
 * Every citizen has these days off: 元旦 1 January; 春节 4 days, 除夕 to 初三;
 * 清明节 the day of the 清明 solar term; 劳动节 1-2 May; 端午节 the 5th of the 5th
 * lunar month; 中秋节 the 15th of the 8th lunar month; 国庆节 1-3 October. A day
 * of these that falls on a Saturday or Sunday is made up (补休) on the next
 * working day after the festival. A day that is two festivals at
 * once (中秋 on 1 October) is one day off: the law provides no make-up for it.
 *
 * What the rules cannot say is the State Council's yearly arrangement: the
 * longer 春节 and 国庆 breaks and the weekend days worked in exchange (调休),
 * published each November for the next year. A calendar built from these days
 * is therefore provisional (see calendar.h).
 *
 * Pure and thread-safe. */
#ifndef SHENSU_DOMAIN_HOLIDAY_RULES_H
#define SHENSU_DOMAIN_HOLIDAY_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Years the rules are applied to: from the revision in force, as far as the
 * lunar table and the 清明 rule reach (domain/lunar.h). */
#define HOLIDAY_RULES_FIRST_YEAR 2025
#define HOLIDAY_RULES_LAST_YEAR 2099
/* More days off than a year can have under the rules (13 festival days and
 * at most 13 make-up days). */
#define HOLIDAY_RULES_MAX_DAYS 32

enum festival {
	FESTIVAL_NEW_YEAR,    /* 元旦 */
	FESTIVAL_SPRING,      /* 春节 */
	FESTIVAL_QINGMING,    /* 清明节 */
	FESTIVAL_LABOUR,      /* 劳动节 */
	FESTIVAL_DRAGON_BOAT, /* 端午节 */
	FESTIVAL_MID_AUTUMN,  /* 中秋节 */
	FESTIVAL_NATIONAL,    /* 国庆节 */
	FESTIVAL_COUNT,
};

/* "春节"; "" out of range. */
const char *festival_name(enum festival f);
/* How many days off the festival itself has: 1, 2, 3 or 4; 0 out of range. */
int festival_length(enum festival f);

struct statutory_day {
	int32_t day;            /* day number, see core/date.h */
	enum festival festival; /* the festival it is, or makes up for */
	bool makeup;            /* 补休: a weekday off for a festival day on a weekend */
};

/* The days off of `year` under the rules, sorted by date, each date once
 * (a date that is two festivals names the earlier-listed one in enum
 * festival). Writes *n days into out (room for cap) and returns 0; SH_EINVAL,
 * out and *n untouched, for a year outside HOLIDAY_RULES_FIRST_YEAR..
 * HOLIDAY_RULES_LAST_YEAR or cap < HOLIDAY_RULES_MAX_DAYS. */
int holiday_rules_days(int year, struct statutory_day *out, size_t cap, size_t *n);

#endif
