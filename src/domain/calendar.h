/* The working-day calendar.
 *
 * Legal deadlines are counted in working days under the State Council's yearly
 * holiday schedule. A date's status follows the normal rule (Monday to Friday
 * working, Saturday and Sunday off) unless a loaded schedule overrides it:
 * off = true is a holiday, off = false a weekend day declared a working day
 * (调休). A year's schedule may declare dates in the neighbouring years (the
 * 2019 schedule makes 2018-12-29 a working Saturday), so overrides apply by
 * date, not by the schedule that carries them.
 *
 * A year is "loaded" once its own schedule has been added. Every query that has
 * to look at a date in a year that is not loaded fails with SH_ENOSCHEDULE: the
 * calendar never silently falls back to the weekday rule.
 *
 * Provisional mode (calendar_set_provisional) is for the weeks before the State
 * Council publishes next year's schedule: a year without a schedule inside
 * HOLIDAY_RULES_FIRST_YEAR..HOLIDAY_RULES_LAST_YEAR then answers from the
 * statutory rules (domain/holiday_rules.h: the festivals and their make-up
 * days, no 调休), still overridden by dates that neighbouring loaded schedules
 * declare. Such a year is "provisional"; calendar_provisional() tells whether
 * an answer looked at one, so the caller can mark it (暂定) and recompute it
 * once the schedule is loaded. Loaded years answer exactly as without the
 * mode; other years still fail with SH_ENOSCHEDULE.
 *
 * When two schedules declare the same date, the schedule of the date's own year
 * wins, then the later year's, then the earlier year's, whatever the order in
 * which they were added.
 *
 * Pure domain logic: no I/O. Queries are O(1) (is_working_day) or
 * O(years spanned + log 366) (add, between); a calendar that is no longer
 * modified may be queried from several threads at once. Allocation failure
 * aborts. */
#ifndef SHENSU_DOMAIN_CALENDAR_H
#define SHENSU_DOMAIN_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Years a schedule may be added for. */
#define CALENDAR_FIRST_YEAR 1900
#define CALENDAR_LAST_YEAR 2200
/* Largest n calendar_add_working_days accepts (about 14 years). */
#define CALENDAR_MAX_ADD 3660

struct calendar_override {
	int32_t day; /* day number, see core/date.h */
	bool off;    /* true: a holiday; false: a declared working day */
};

typedef struct calendar calendar;

/* A year's published schedule: the declared days with their names, as loaded
 * from a file and kept by the store. */
struct holiday_day {
	int32_t day; /* day number, see core/date.h */
	bool off;    /* true: a holiday; false: a declared working day */
	char *name;  /* e.g. "国庆节"; never NULL, may be empty; heap-allocated */
};

struct holiday_schedule {
	int year;
	size_t n;
	struct holiday_day *days; /* sorted by date, no date twice */
};

/* Frees the contents of s and empties it. NULL-safe. */
void holiday_schedule_free(struct holiday_schedule *s);
/* Adds the schedule to the calendar (calendar_add_schedule). */
int holiday_schedule_apply(const struct holiday_schedule *s, calendar *c);

/* An empty calendar: no year loaded, provisional mode off. Never NULL. */
calendar *calendar_new(void);
void calendar_free(calendar *c); /* NULL-safe */
/* Turns provisional mode on or off (see above); schedules added before or
 * after count alike. */
void calendar_set_provisional(calendar *c, bool on);
/* Whether the status of some date in first..last (inclusive; none when
 * last < first) comes from the statutory rules: an answer that looked at those
 * dates is provisional. false outside provisional mode. */
bool calendar_provisional(const calendar *c, int32_t first, int32_t last);

/* Marks `year` as having a schedule and applies its overrides (dates may lie in
 * the years before and after `year`). A later schedule for the same year
 * replaces that year's earlier overrides. SH_EINVAL, leaving the calendar
 * unchanged, for a year outside CALENDAR_FIRST_YEAR..CALENDAR_LAST_YEAR, an
 * override dated more than one calendar year away from `year`, or one date
 * given twice with different statuses. days may be NULL when n is 0. */
int calendar_add_schedule(calendar *c, int year, const struct calendar_override *days, size_t n);
bool calendar_has_year(const calendar *c, int year);
/* The last day up to which deadlines can be computed without a gap from
 * `today`: Dec 31 of the last year loaded in a run starting with today's
 * year; 0 when today's own year has no schedule. */
int32_t calendar_covered_through(const calendar *c, int32_t today);
/* Deadlines reach this far ahead at most in everyday work (a 5-working-day
 * acceptance, an operator's reply of up to about 20 working days). When the
 * schedule ends sooner than today + this, next year's must be loaded now. */
#define CALENDAR_LOOKAHEAD_DAYS 45

/* Each of the following returns SH_ENOSCHEDULE when any date it must look at
 * lies in a year that is neither loaded nor provisional. Outputs are written
 * only on success. The dates each looks at: is_working_day `day`; add
 * from + 1 .. *out (none when n == 0); between the dates after the earlier
 * of from and to up to the later. */

/* Whether `day` is a working day. */
int calendar_is_working_day(const calendar *c, int32_t day, bool *out);
/* The n-th working day strictly after `from` (n >= 0; n == 0 gives `from`
 * itself and looks at no date). add(2020-09-29, 5) = 2020-10-13. SH_EINVAL for
 * n < 0 or n > CALENDAR_MAX_ADD. */
int calendar_add_working_days(const calendar *c, int32_t from, int n, int32_t *out);
/* The number of working days d with from < d <= to, so that
 * between(a, add(a, n)) == n; minus between(to, from) when to < from; 0 when
 * to == from. */
int calendar_working_days_between(const calendar *c, int32_t from, int32_t to, int *out);

/* First and last loaded year, for messages; 0 and 0 when none is loaded.
 * Years in between are not necessarily all loaded. */
void calendar_years(const calendar *c, int *first, int *last);

#endif
