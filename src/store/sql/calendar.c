/* Holiday schedules: the State Council's yearly schedules the working-day
 * calendar is built from, and a revision that tells processes to reload. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/error.h"
#include "store/sql/sql.h"

struct holiday_args {
	const struct holiday_schedule *sch;
	const char *source;
};

static int save_holidays(store *s, const void *arg)
{
	const struct holiday_args *h = arg;
	struct sql_args a = {0};
	arg_int(&a, h->sch->year);
	int rc = sql_exec(s, "DELETE FROM holiday_schedule WHERE year = ?1", &a, NULL);
	arg_text(&a, h->source);
	arg_int(&a, (int64_t)time(NULL));
	if (rc || (rc = sql_exec(s, "INSERT INTO holiday_schedule(year, source, loaded_at) "
	                            "VALUES (?1, ?2, ?3)", &a, NULL)) ||
	    (rc = sql_exec(s, "INSERT INTO meta(key, value) VALUES ('calendar_revision', '1') "
	                      "ON CONFLICT(key) DO UPDATE SET "
	                      "value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)",
	                   NULL, NULL)))
		return rc;
	for (size_t i = 0; i < h->sch->n && !rc; i++) {
		struct sql_args d = {0};
		arg_int(&d, h->sch->year);
		arg_date(&d, h->sch->days[i].day);
		arg_int(&d, h->sch->days[i].off);
		arg_text(&d, h->sch->days[i].name);
		rc = sql_exec(s, "INSERT INTO holiday(year, day, off, name) VALUES (?1, ?2, ?3, ?4)", &d,
		              NULL);
	}
	return rc;
}

int store_holiday_save(store *s, const struct holiday_schedule *sch, const char *source)
{
	struct holiday_args h = {sch, source};
	return sql_in_transaction(s, save_holidays, &h);
}

int store_calendar_load(store *s, calendar *cal)
{
	struct sql_stmt *st;
	int rc = sql_run(s,
	                 "SELECT s.year, h.day, h.off FROM holiday_schedule s "
	                 "LEFT JOIN holiday h ON h.year = s.year ORDER BY s.year, h.day",
	                 NULL, &st);
	if (rc)
		return rc;
	size_t cap = 64, n = 0;
	struct calendar_override *days = sh_xmalloc(cap * sizeof *days);
	int year = 0;
	for (;;) {
		rc = sql_next(s, st);
		int y = rc > 0 ? (int)col_int(st, 0) : 0;
		if (year && y != year) {
			if (calendar_add_schedule(cal, year, days, n) != 0) {
				rc = sql_fail(s, SH_EINVAL, "stored holiday schedule %d is invalid", year);
				break;
			}
			n = 0;
		}
		if (rc <= 0)
			break;
		year = y;
		if (col_null(st, 1))
			continue;
		if (n == cap)
			days = sh_xrealloc(days, (cap *= 2) * sizeof *days);
		days[n].day = col_date(st, 1, 0);
		days[n].off = col_int(st, 2) != 0;
		n++;
	}
	sql_done(s, st);
	free(days);
	return rc;
}

int store_calendar_revision(store *s, int64_t *out)
{
	return sql_int(s, "SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'calendar_revision'",
	               NULL, 0, out);
}
