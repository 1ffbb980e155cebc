/* Fuzz harness for core/date.c: date_parse, date_format and datetime_parse
 * take any bytes, never crash, write their output only on success, and keep
 * their promises:
 * - a parsed date is exactly its own "YYYY-MM-DD" form, which parses back to
 *   the same day, and its y-m-d, year and weekday agree;
 * - any day in years 1-9999 formats to a string that parses back to it;
 * - a parsed date-time starts with a valid date, a date alone is its local
 *   midnight, and it formats in Beijing time to a string that parses back to
 *   the same instant. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "fuzz.h"

#define UNTOUCHED_DAY INT32_C(-123456789)
#define UNTOUCHED_TIME INT64_C(-1234567890123)

static void check_date(const char *s, size_t size)
{
	int32_t day = UNTOUCHED_DAY;
	if (date_parse(s, size, &day) != 0) {
		CHECK(day == UNTOUCHED_DAY);
		return;
	}
	CHECK(size == SH_DATE_LEN);
	char back[SH_DATE_LEN + 1];
	date_format(day, back);
	CHECK(memcmp(back, s, SH_DATE_LEN) == 0); /* only the canonical form is accepted */
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	CHECK(date_valid_ymd(y, m, d));
	CHECK(date_from_ymd(y, m, d) == day);
	CHECK(date_year(day) == y);
	int w = date_weekday(day);
	CHECK(w >= 1 && w <= 7);
	CHECK(date_weekday(day + 1) == w % 7 + 1);
}

/* Any day in years 1-9999, taken from the input's first bytes. */
static void check_format(const uint8_t *data, size_t size)
{
	if (size < 4)
		return;
	uint32_t raw;
	memcpy(&raw, data, 4);
	const int32_t first = date_from_ymd(1, 1, 1), last = date_from_ymd(9999, 12, 31);
	int32_t day = first + (int32_t)(raw % (uint32_t)(last - first + 1));
	char text[SH_DATE_LEN + 1];
	date_format(day, text);
	CHECK(strlen(text) == SH_DATE_LEN);
	int32_t again = UNTOUCHED_DAY;
	CHECK(date_parse(text, SH_DATE_LEN, &again) == 0);
	CHECK(again == day);
}

static void check_datetime(const char *s, size_t size, int default_offset)
{
	int64_t t = UNTOUCHED_TIME;
	if (datetime_parse(s, size, default_offset, &t) != 0) {
		CHECK(t == UNTOUCHED_TIME);
		return;
	}
	int32_t day;
	CHECK(size >= SH_DATE_LEN && date_parse(s, SH_DATE_LEN, &day) == 0);
	if (size == SH_DATE_LEN)
		CHECK(t == date_start_instant(day, default_offset));
	char text[SH_DATETIME_LEN + 1];
	datetime_format(t, SH_BEIJING_OFFSET, text);
	CHECK(strlen(text) == SH_DATETIME_LEN);
	int64_t again = UNTOUCHED_TIME;
	CHECK(datetime_parse(text, SH_DATETIME_LEN, 0, &again) == 0);
	CHECK(again == t);
	CHECK(date_of_instant(t, SH_BEIJING_OFFSET) == date_of_instant(again, SH_BEIJING_OFFSET));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy without a terminator: the parsers must honour size. */
	char *s = malloc(size ? size : 1);
	CHECK(s);
	memcpy(s, data, size);
	check_date(s, size);
	check_format(data, size);
	check_datetime(s, size, SH_BEIJING_OFFSET);
	check_datetime(s, size, 0);
	check_datetime(s, size, -14 * 60);
	free(s);
	return 0;
}
