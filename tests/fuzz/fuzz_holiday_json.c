/* Fuzz harness for the holiday-cn schedule reader (cli/holiday_json.c): any
 * bytes in, never a crash, and the results keep the header's promises.
 * Accepted: the year lies in CALENDAR_FIRST_YEAR..CALENDAR_LAST_YEAR, the days
 * are sorted with no date twice, each within a year of the schedule's year,
 * names are UTF-8; the calendar takes the schedule as it is and then answers
 * from it for the schedule's own year; written back as JSON, the schedule
 * reads back the same. Refused: *out is untouched and the message is UTF-8,
 * also when cut short by a small buffer (then a prefix of the whole one). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/holiday_json.h"
#include "core/date.h"
#include "core/utf8.h"
#include "domain/calendar.h"
#include "fuzz.h"

/* The schedule in the holiday-cn shape, as text (free it). */
static char *to_json(const struct holiday_schedule *sch)
{
	json_t *days = json_array();
	for (size_t i = 0; i < sch->n; i++) {
		char d[SH_DATE_LEN + 1];
		date_format(sch->days[i].day, d);
		json_array_append_new(days, json_pack("{s:s, s:s, s:b}", "name", sch->days[i].name,
		                                      "date", d, "isOffDay", sch->days[i].off));
	}
	json_t *root = json_pack("{s:i, s:[], s:o}", "year", sch->year, "papers", "days", days);
	CHECK(root);
	char *text = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	CHECK(text);
	return text;
}

static void check_accepted(const struct holiday_schedule *sch)
{
	CHECK(sch->year >= CALENDAR_FIRST_YEAR && sch->year <= CALENDAR_LAST_YEAR);
	const int32_t lo = date_from_ymd(sch->year - 1, 1, 1), hi = date_from_ymd(sch->year + 2, 1, 1);
	for (size_t i = 0; i < sch->n; i++) {
		const struct holiday_day *d = &sch->days[i];
		CHECK(d->day >= lo && d->day < hi);
		CHECK(i == 0 || sch->days[i - 1].day < d->day); /* sorted, no date twice */
		CHECK(d->name && utf8_valid(d->name, strlen(d->name)));
	}

	calendar *cal = calendar_new();
	CHECK(holiday_schedule_apply(sch, cal) == 0);
	CHECK(calendar_has_year(cal, sch->year));
	for (size_t i = 0; i < sch->n; i++) {
		const struct holiday_day *d = &sch->days[i];
		if (date_year(d->day) != sch->year)
			continue; /* the neighbouring years are not loaded */
		bool working;
		CHECK(calendar_is_working_day(cal, d->day, &working) == 0);
		CHECK(working == !d->off);
	}
	calendar_free(cal);

	char *text = to_json(sch);
	struct holiday_schedule again;
	char err[256];
	CHECK(holiday_json_parse(text, strlen(text), &again, err, sizeof err) == 0);
	free(text);
	CHECK(again.year == sch->year && again.n == sch->n);
	for (size_t i = 0; i < sch->n; i++) {
		CHECK(again.days[i].day == sch->days[i].day);
		CHECK(again.days[i].off == sch->days[i].off);
		CHECK(strcmp(again.days[i].name, sch->days[i].name) == 0);
	}
	holiday_schedule_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy without a terminator: the reader must honour size. */
	char *text = malloc(size ? size : 1);
	CHECK(text);
	memcpy(text, data, size);

	struct holiday_schedule sch, before; /* compared bytewise, padding included */
	memset(&sch, 0xA5, sizeof sch);
	memcpy(&before, &sch, sizeof sch);
	char err[512];
	memset(err, 'x', sizeof err);
	int rc = holiday_json_parse(text, size, &sch, err, sizeof err);
	if (rc == 0) {
		check_accepted(&sch);
		holiday_schedule_free(&sch);
	} else {
		CHECK(memcmp(&sch, &before, sizeof sch) == 0);
		size_t len = strnlen(err, sizeof err);
		CHECK(len > 0 && len < sizeof err);
		CHECK(utf8_valid(err, len));
		/* A small buffer: the same message cut at a character boundary. */
		char small[24];
		size_t cap = 1 + size % sizeof small;
		memset(small, 'x', sizeof small);
		struct holiday_schedule other;
		memcpy(&other, &before, sizeof other);
		CHECK(holiday_json_parse(text, size, &other, small, cap) == rc);
		size_t slen = strnlen(small, cap);
		CHECK(slen < cap);
		CHECK(utf8_valid(small, slen));
		CHECK(strncmp(small, err, slen) == 0);
		CHECK(holiday_json_parse(text, size, &other, NULL, 0) == rc);
		CHECK(memcmp(&other, &before, sizeof other) == 0);
	}
	free(text);
	return 0;
}
