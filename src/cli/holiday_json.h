/* Holiday schedules in the holiday-cn JSON shape
 * (https://github.com/NateScarlet/holiday-cn):
 *
 *   {"year": 2020, "papers": [...],
 *    "days": [{"name": "国庆节", "date": "2020-10-01", "isOffDay": true}, ...]}
 *
 * Used by `shensu init` (files compiled into the binary) and by
 * `shensu calendar load FILE.json`. */
#ifndef SHENSU_CLI_HOLIDAY_JSON_H
#define SHENSU_CLI_HOLIDAY_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"

/* Parses and validates text (len bytes; need not be NUL-terminated). Rules:
 * a JSON object; "year" an integer in CALENDAR_FIRST_YEAR..CALENDAR_LAST_YEAR;
 * "days" an array of objects each with "name" (string), "date" (string
 * "YYYY-MM-DD", a real date in year - 1 .. year + 1) and "isOffDay" (boolean);
 * no date twice. Other keys ($schema, $id, papers, ...) are ignored.
 * On success fills *out (free with holiday_schedule_free) and returns 0. On
 * error returns SH_EINVAL, leaves *out untouched and writes a Chinese message
 * naming what is wrong and where into err (errlen bytes, may be 0), e.g.
 * "days[3].date 不是有效日期：2020-02-30". */
int holiday_json_parse(const char *text, size_t len, struct holiday_schedule *out, char *err,
                       size_t errlen);


#endif
