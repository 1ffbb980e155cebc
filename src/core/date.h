/* Civil dates and instants.
 *
 * A date is a day number: days since 1970-01-01 in the proleptic Gregorian
 * calendar (int32_t). An instant is seconds since the Unix epoch (int64_t).
 * Offsets are minutes east of UTC; Beijing time is SH_BEIJING_OFFSET. */
#ifndef SHENSU_CORE_DATE_H
#define SHENSU_CORE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SH_BEIJING_OFFSET (8 * 60)
#define SH_DATE_LEN 10     /* "YYYY-MM-DD" */
#define SH_DATETIME_LEN 25 /* "YYYY-MM-DDThh:mm:ss+08:00" */

bool date_valid_ymd(int y, int m, int d);
/* Day number of a valid y-m-d (caller checks with date_valid_ymd). */
int32_t date_from_ymd(int y, int m, int d);
void date_to_ymd(int32_t day, int *y, int *m, int *d);
int date_year(int32_t day);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int date_weekday(int32_t day);

/* Parses exactly "YYYY-MM-DD" (len bytes, not NUL-terminated). 0 or SH_EINVAL. */
int date_parse(const char *s, size_t len, int32_t *out);
/* Writes "YYYY-MM-DD" and a NUL into buf (at least SH_DATE_LEN + 1 bytes).
 * For days in years 1-9999, the range date_parse reads. */
void date_format(int32_t day, char *buf);

/* Parses an ISO 8601 date or date-time: "YYYY-MM-DD", "YYYY-MM-DDThh:mm",
 * "YYYY-MM-DDThh:mm:ss[.fff]" (a space may replace T), optionally followed by
 * "Z", "+hh:mm", "+hhmm" or "+hh". Without an offset the time is read in
 * default_offset minutes east of UTC (Beijing time for imports). A date alone
 * is its local midnight. Fractions of a second are truncated. An instant
 * whose date in Beijing time falls outside years 1-9999 is refused, so that
 * datetime_format(t, SH_BEIJING_OFFSET) always reads back.
 * Returns 0 and *out (Unix seconds), or SH_EINVAL. */
int datetime_parse(const char *s, size_t len, int default_offset, int64_t *out);
/* Writes "YYYY-MM-DDThh:mm:ss+hh:mm" for the instant seen at offset. */
void datetime_format(int64_t t, int offset, char *buf);
/* The local date of an instant at offset. */
int32_t date_of_instant(int64_t t, int offset);
/* Local midnight of a date at offset, as an instant. */
int64_t date_start_instant(int32_t day, int offset);

/* Today's date in Beijing time. Honours SHENSU_TODAY=YYYY-MM-DD so tests and
 * demos can pin "today". */
int32_t date_today(void);
/* The current instant (Unix seconds). With SHENSU_TODAY pinned, the current
 * Beijing time of day on the pinned date, so that "now" and date_today()
 * agree (an import then refuses what lies after now on the pinned day). */
int64_t date_now(void);

#endif
