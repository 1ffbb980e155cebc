#include "domain/calendar.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/holiday_rules.h"

#define NYEARS (CALENDAR_LAST_YEAR - CALENDAR_FIRST_YEAR + 1)
/* A schedule may declare dates in year - 1 .. year + 1. */
#define SPAN_DAYS (3 * 366)

enum mark { MARK_NONE = 0, MARK_OFF = 1, MARK_WORK = 2 };

/* One year's schedule as given: a mark for every date from 1 January of the
 * year before to 31 December of the year after. */
struct schedule {
	int32_t lo; /* day number of marks[0] */
	int32_t ndays;
	uint8_t marks[SPAN_DAYS];
};

/* The resolved status of every date of a loaded year. */
struct year_status {
	uint8_t work[366]; /* 1 = working day, by offset from 1 January */
	uint16_t cum[367]; /* cum[i] = working days among offsets 0 .. i - 1 */
};

struct calendar {
	int32_t jan1[NYEARS + 1]; /* day number of 1 January; last = end sentinel */
	struct schedule *sched[NYEARS]; /* non-NULL exactly for loaded years */
	/* Non-NULL for loaded years and, in provisional mode, for the years of
	 * the statutory rules that are not loaded (provisional years). */
	struct year_status *status[NYEARS];
	int first, last;
	bool provisional_mode;
};

calendar *calendar_new(void)
{
	calendar *c = sh_xcalloc(1, sizeof *c);
	for (int i = 0; i <= NYEARS; i++)
		c->jan1[i] = date_from_ymd(CALENDAR_FIRST_YEAR + i, 1, 1);
	return c;
}

void calendar_free(calendar *c)
{
	if (!c)
		return;
	for (int i = 0; i < NYEARS; i++) {
		free(c->sched[i]);
		free(c->status[i]);
	}
	free(c);
}

static int year_len(const calendar *c, int idx)
{
	return (int)(c->jan1[idx + 1] - c->jan1[idx]);
}

static bool in_range(const calendar *c, int32_t day)
{
	return day >= c->jan1[0] && day < c->jan1[NYEARS];
}

/* Index of the year containing day, which must satisfy in_range(). */
static int year_index(const calendar *c, int32_t day)
{
	int idx = (int)((day - c->jan1[0]) / 366); /* never past the right year */
	while (c->jan1[idx + 1] <= day)
		idx++;
	return idx;
}

/* Applies the marks a schedule gives to the dates of year idx. */
static void apply(const calendar *c, int idx, const struct schedule *s, struct year_status *st)
{
	if (!s)
		return;
	int len = year_len(c, idx);
	for (int i = 0; i < len; i++) {
		int32_t k = c->jan1[idx] + i - s->lo;
		if (k < 0 || k >= s->ndays || s->marks[k] == MARK_NONE)
			continue;
		st->work[i] = s->marks[k] == MARK_WORK;
	}
}

static bool is_provisional(const calendar *c, int idx)
{
	return c->status[idx] && !c->sched[idx];
}

/* The statutory days off of a provisional year. */
static void apply_rules(const calendar *c, int idx, struct year_status *st)
{
	struct statutory_day days[HOLIDAY_RULES_MAX_DAYS];
	size_t n = 0;
	if (holiday_rules_days(CALENDAR_FIRST_YEAR + idx, days, HOLIDAY_RULES_MAX_DAYS, &n))
		return; /* not reached: provisional years are within the rules' range */
	for (size_t i = 0; i < n; i++)
		st->work[days[i].day - c->jan1[idx]] = 0;
}

/* Recomputes the status of year idx from the weekday rule (and the statutory
 * days off when the year is provisional) and the schedules of the year
 * before, the year after and the year itself (the last applied wins). */
static void rebuild(calendar *c, int idx)
{
	struct year_status *st = c->status[idx];
	if (!st)
		return;
	int len = year_len(c, idx);
	int wd = date_weekday(c->jan1[idx]);
	for (int i = 0; i < len; i++) {
		st->work[i] = wd <= 5;
		wd = wd == 7 ? 1 : wd + 1;
	}
	if (is_provisional(c, idx))
		apply_rules(c, idx, st);
	if (idx > 0)
		apply(c, idx, c->sched[idx - 1], st);
	if (idx + 1 < NYEARS)
		apply(c, idx, c->sched[idx + 1], st);
	apply(c, idx, c->sched[idx], st);
	st->cum[0] = 0;
	for (int i = 0; i < len; i++)
		st->cum[i + 1] = (uint16_t)(st->cum[i] + st->work[i]);
}

int calendar_add_schedule(calendar *c, int year, const struct calendar_override *days, size_t n)
{
	if (!c || year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR || (n && !days))
		return SH_EINVAL;
	struct schedule *s = sh_xcalloc(1, sizeof *s);
	s->lo = date_from_ymd(year - 1, 1, 1);
	s->ndays = date_from_ymd(year + 2, 1, 1) - s->lo;
	for (size_t i = 0; i < n; i++) {
		uint8_t m = days[i].off ? MARK_OFF : MARK_WORK;
		if (days[i].day < s->lo || days[i].day >= s->lo + s->ndays) {
			free(s);
			return SH_EINVAL;
		}
		int32_t k = days[i].day - s->lo;
		if (s->marks[k] && s->marks[k] != m) {
			free(s);
			return SH_EINVAL;
		}
		s->marks[k] = m;
	}
	int idx = year - CALENDAR_FIRST_YEAR;
	free(c->sched[idx]);
	c->sched[idx] = s;
	if (!c->status[idx])
		c->status[idx] = sh_xcalloc(1, sizeof *c->status[idx]);
	for (int i = idx - 1; i <= idx + 1; i++)
		if (i >= 0 && i < NYEARS)
			rebuild(c, i);
	if (!c->first || year < c->first)
		c->first = year;
	if (year > c->last)
		c->last = year;
	return 0;
}

bool calendar_has_year(const calendar *c, int year)
{
	return c && year >= CALENDAR_FIRST_YEAR && year <= CALENDAR_LAST_YEAR &&
	       c->sched[year - CALENDAR_FIRST_YEAR];
}

void calendar_set_provisional(calendar *c, bool on)
{
	if (!c || c->provisional_mode == on)
		return;
	c->provisional_mode = on;
	int lo = HOLIDAY_RULES_FIRST_YEAR - CALENDAR_FIRST_YEAR;
	int hi = HOLIDAY_RULES_LAST_YEAR - CALENDAR_FIRST_YEAR;
	for (int idx = lo; idx <= hi; idx++) {
		if (c->sched[idx])
			continue;
		if (on) {
			c->status[idx] = sh_xcalloc(1, sizeof *c->status[idx]);
			rebuild(c, idx);
		} else {
			free(c->status[idx]);
			c->status[idx] = NULL;
		}
	}
}

bool calendar_provisional(const calendar *c, int32_t first, int32_t last)
{
	if (!c || !c->provisional_mode || last < first)
		return false;
	/* Clamp to the calendar's range: dates outside it are never provisional. */
	if (first < c->jan1[0])
		first = c->jan1[0];
	if (last >= c->jan1[NYEARS])
		last = c->jan1[NYEARS] - 1;
	if (last < first)
		return false;
	for (int idx = year_index(c, first), end = year_index(c, last); idx <= end; idx++)
		if (is_provisional(c, idx))
			return true;
	return false;
}

int calendar_is_working_day(const calendar *c, int32_t day, bool *out)
{
	if (!c || !out)
		return SH_EINVAL;
	if (!in_range(c, day))
		return SH_ENOSCHEDULE;
	int idx = year_index(c, day);
	const struct year_status *st = c->status[idx];
	if (!st)
		return SH_ENOSCHEDULE;
	*out = st->work[day - c->jan1[idx]];
	return 0;
}

int calendar_add_working_days(const calendar *c, int32_t from, int n, int32_t *out)
{
	if (!c || !out || n < 0 || n > CALENDAR_MAX_ADD)
		return SH_EINVAL;
	if (n == 0) {
		*out = from;
		return 0;
	}
	if (from < c->jan1[0] - 1 || from >= c->jan1[NYEARS] - 1)
		return SH_ENOSCHEDULE;
	int idx = year_index(c, from + 1);
	int off = (int)(from + 1 - c->jan1[idx]);
	int left = n;
	for (;;) {
		const struct year_status *st = c->status[idx];
		if (!st)
			return SH_ENOSCHEDULE;
		int len = year_len(c, idx);
		int avail = st->cum[len] - st->cum[off];
		if (avail >= left) {
			/* The smallest k in (off, len] with cum[k] >= cum[off] + left;
			 * the answer is offset k - 1. */
			int want = st->cum[off] + left;
			int lo = off + 1, hi = len;
			while (lo < hi) {
				int mid = lo + (hi - lo) / 2;
				if (st->cum[mid] >= want)
					hi = mid;
				else
					lo = mid + 1;
			}
			*out = c->jan1[idx] + lo - 1;
			return 0;
		}
		left -= avail;
		off = 0;
		if (++idx >= NYEARS)
			return SH_ENOSCHEDULE;
	}
}

int calendar_working_days_between(const calendar *c, int32_t from, int32_t to, int *out)
{
	if (!c || !out)
		return SH_EINVAL;
	if (to < from) {
		int n, rc = calendar_working_days_between(c, to, from, &n);
		if (rc == 0)
			*out = -n;
		return rc;
	}
	if (to == from) {
		*out = 0;
		return 0;
	}
	/* Count working days in [a, b]. */
	int32_t a = from + 1, b = to;
	if (!in_range(c, a) || !in_range(c, b))
		return SH_ENOSCHEDULE;
	int ia = year_index(c, a), ib = year_index(c, b), total = 0;
	for (int i = ia; i <= ib; i++) {
		const struct year_status *st = c->status[i];
		if (!st)
			return SH_ENOSCHEDULE;
		int lo = i == ia ? (int)(a - c->jan1[i]) : 0;
		int hi = i == ib ? (int)(b - c->jan1[i]) + 1 : year_len(c, i);
		total += st->cum[hi] - st->cum[lo];
	}
	*out = total;
	return 0;
}

void calendar_years(const calendar *c, int *first, int *last)
{
	int f = c ? c->first : 0, l = c ? c->last : 0;
	if (first)
		*first = f;
	if (last)
		*last = l;
}

void holiday_schedule_free(struct holiday_schedule *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->days[i].name);
	free(s->days);
	s->days = NULL;
	s->n = 0;
}

int holiday_schedule_apply(const struct holiday_schedule *s, calendar *c)
{
	if (!s || !c)
		return SH_EINVAL;
	struct calendar_override *ov = sh_xcalloc(s->n, sizeof *ov);
	for (size_t i = 0; i < s->n; i++) {
		ov[i].day = s->days[i].day;
		ov[i].off = s->days[i].off;
	}
	int rc = calendar_add_schedule(c, s->year, ov, s->n);
	free(ov);
	return rc;
}

int32_t calendar_covered_through(const calendar *c, int32_t today)
{
	int y = date_year(today);
	if (!calendar_has_year(c, y))
		return 0;
	while (calendar_has_year(c, y + 1))
		y++;
	return date_from_ymd(y, 12, 31);
}
