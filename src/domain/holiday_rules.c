#include "domain/holiday_rules.h"

#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/lunar.h"

static const struct {
	const char *name;
	int length;
} festivals[FESTIVAL_COUNT] = {
    [FESTIVAL_NEW_YEAR] = {"元旦", 1},      [FESTIVAL_SPRING] = {"春节", 4},
    [FESTIVAL_QINGMING] = {"清明节", 1},    [FESTIVAL_LABOUR] = {"劳动节", 2},
    [FESTIVAL_DRAGON_BOAT] = {"端午节", 1}, [FESTIVAL_MID_AUTUMN] = {"中秋节", 1},
    [FESTIVAL_NATIONAL] = {"国庆节", 3},
};

const char *festival_name(enum festival f)
{
	return (unsigned)f < FESTIVAL_COUNT ? festivals[f].name : "";
}

int festival_length(enum festival f)
{
	return (unsigned)f < FESTIVAL_COUNT ? festivals[f].length : 0;
}

/* The first day of each festival in `year`. */
static int first_days(int year, int32_t first[FESTIVAL_COUNT])
{
	int rc;
	first[FESTIVAL_NEW_YEAR] = date_from_ymd(year, 1, 1);
	first[FESTIVAL_LABOUR] = date_from_ymd(year, 5, 1);
	first[FESTIVAL_NATIONAL] = date_from_ymd(year, 10, 1);
	/* 春节 starts on 除夕, the eve of lunar year `year`'s first day. */
	if ((rc = lunar_new_year_eve(year - 1, &first[FESTIVAL_SPRING])) ||
	    (rc = lunar_qingming(year, &first[FESTIVAL_QINGMING])) ||
	    (rc = lunar_to_day(year, 5, 5, false, &first[FESTIVAL_DRAGON_BOAT])) ||
	    (rc = lunar_to_day(year, 8, 15, false, &first[FESTIVAL_MID_AUTUMN])))
		return rc;
	return 0;
}

static bool weekend(int32_t day)
{
	return date_weekday(day) >= 6;
}

int holiday_rules_days(int year, struct statutory_day *out, size_t cap, size_t *n)
{
	if (!out || !n || cap < HOLIDAY_RULES_MAX_DAYS || year < HOLIDAY_RULES_FIRST_YEAR ||
	    year > HOLIDAY_RULES_LAST_YEAR)
		return SH_EINVAL;
	int32_t first[FESTIVAL_COUNT];
	int rc = first_days(year, first);
	if (rc)
		return rc;
	/* Per date of the year: 0 = not off, else 1 + the festival it is or
	 * makes up for; made-up days are flagged apart. */
	const int32_t jan1 = date_from_ymd(year, 1, 1);
	const int len = (int)(date_from_ymd(year + 1, 1, 1) - jan1);
	unsigned char off[366] = {0};
	bool makeup[366] = {false};
	for (int f = FESTIVAL_COUNT - 1; f >= 0; f--) /* the earlier-listed festival wins */
		for (int i = 0; i < festivals[f].length; i++)
			off[first[f] + i - jan1] = (unsigned char)(f + 1);

	/* The make-up rule: festival days on a weekend are made up on the next working
	 * days after the festival, festival by festival in date order; a date
	 * counts once even when it is two festivals. */
	enum festival order[FESTIVAL_COUNT];
	for (int f = 0; f < FESTIVAL_COUNT; f++)
		order[f] = (enum festival)f;
	for (int i = 1; i < FESTIVAL_COUNT; i++) /* insertion sort by first day */
		for (int j = i; j > 0 && first[order[j]] < first[order[j - 1]]; j--) {
			enum festival t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	bool counted[366] = {false};
	for (int k = 0; k < FESTIVAL_COUNT; k++) {
		enum festival f = order[k];
		int owed = 0;
		for (int i = 0; i < festivals[f].length; i++) {
			int32_t d = first[f] + i;
			if (weekend(d) && !counted[d - jan1]) {
				counted[d - jan1] = true;
				owed++;
			}
		}
		for (int32_t d = first[f] + festivals[f].length; owed > 0 && d - jan1 < len; d++) {
			if (weekend(d) || off[d - jan1])
				continue;
			off[d - jan1] = (unsigned char)(f + 1);
			makeup[d - jan1] = true;
			owed--;
		}
	}

	size_t count = 0;
	for (int i = 0; i < len; i++)
		if (off[i])
			out[count++] =
			    (struct statutory_day){.day = jan1 + i,
			                           .festival = (enum festival)(off[i] - 1),
			                           .makeup = makeup[i]};
	*n = count;
	return 0;
}
