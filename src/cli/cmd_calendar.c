#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/deadlines.h"
#include "cli/cli.h"
#include "cli/holiday_json.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/holiday_rules.h"

static int parse_date_arg(const char *s, int32_t *out)
{
	if (date_parse(s, strlen(s), out) != 0) {
		cli_error("'%s' is not a date (expected YYYY-MM-DD)", s);
		return EXIT_USAGE;
	}
	return 0;
}

/* built_in: cal holds the schedules compiled into the binary (no database). */
static int report(calendar *cal, bool built_in, int rc)
{
	if (rc == SH_ENOSCHEDULE) {
		int first, last;
		calendar_years(cal, &first, &last);
		cli_error("the date lies in a year with no holiday schedule (%s: %d-%d; %d-%d are "
		          "counted provisionally from the statutory holidays); load it with 'shensu "
		          "calendar load FILE.json'%s",
		          built_in ? "built in" : "loaded", first, last, HOLIDAY_RULES_FIRST_YEAR,
		          HOLIDAY_RULES_LAST_YEAR,
		          built_in ? " into a database made with 'shensu init'" : "");
	} else if (rc) {
		cli_error("%s", sh_err_title(rc));
	}
	return rc ? EXIT_FAIL : EXIT_OK;
}

static const char *provisional_mark(const calendar *cal, int32_t first, int32_t last)
{
	return calendar_provisional(cal, first, last) ? " (provisional)" : "";
}

/* Says on stderr which years were counted by the statutory rules. */
static void explain_provisional(const calendar *cal, int32_t first, int32_t last)
{
	char years[64] = "";
	size_t len = 0;
	for (int y = date_year(first); y <= date_year(last) && len + 8 < sizeof years; y++)
		if (!calendar_has_year(cal, y))
			len += (size_t)snprintf(years + len, sizeof years - len, "%s%d", len ? ", " : "",
			                        y);
	fprintf(stderr,
	        "note: no holiday schedule is loaded for %s: the answer counts the statutory "
	        "holidays only (no 调休) and may change once 'shensu calendar load' adds it\n",
	        years);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 65536, n = 0;
	char *buf = sh_xmalloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap) {
			if (cap > 16u << 20)
				break; /* a schedule is a few KiB; refuse anything huge */
			buf = sh_xrealloc(buf, cap *= 2);
		}
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int load(store *s, const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text) {
		cli_error("%s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	struct holiday_schedule sch;
	char err[256];
	int rc = holiday_json_parse(text, len, &sch, err, sizeof err);
	free(text);
	if (rc) {
		cli_error("%s: %s", path, err);
		return EXIT_FAIL;
	}
	/* Check it against the calendar before storing it. */
	calendar *cal = calendar_new();
	rc = holiday_schedule_apply(&sch, cal);
	calendar_free(cal);
	struct deadlines_count count = {0};
	if (rc == 0)
		rc = deadlines_publish(s, &sch, path, (int64_t)time(NULL), &count);
	if (rc) {
		cli_error("%s: %s", path, rc == SH_EINVAL ? "invalid schedule" : store_error(s));
	} else {
		printf("loaded the %d holiday schedule (%zu declared days) from %s\n", sch.year, sch.n,
		       path);
		printf("provisional deadlines counted again: %zu cases, %zu dispatch lists\n",
		       count.cases, count.dispatches);
	}
	holiday_schedule_free(&sch);
	return rc ? EXIT_FAIL : EXIT_OK;
}

/* The calendar of the database cfg->db, or, when there is no database at
 * all, the schedules compiled into this binary (*built_in then true), so that
 * working-day arithmetic needs no setup. An uninitialised database or one
 * out of reach is an error, not a reason to answer from elsewhere. */
static int open_calendar(const struct config *cfg, calendar **out, bool *built_in)
{
	char err[512] = "";
	int rc = store_exists(cfg->db, err, sizeof err);
	if (rc == SH_ENOTFOUND) {
		calendar *cal = calendar_new();
		calendar_set_provisional(cal, true); /* as deadlines_calendar() makes it */
		if ((rc = seed_calendar(cal, err, sizeof err)) != 0) {
			cli_error("%s", err);
			calendar_free(cal);
			return rc;
		}
		*out = cal;
		*built_in = true;
		return 0;
	}
	if (rc) {
		cli_error("%s", err);
		return rc;
	}
	store *s;
	if ((rc = cli_open_store(cfg, &s)) != 0)
		return rc;
	rc = cli_load_calendar(s, out);
	store_close(s);
	*built_in = false;
	return rc;
}

int cmd_calendar(struct config *cfg, int argc, char **argv)
{
	if (cli_take_options(cfg, &argc, argv, NULL))
		return EXIT_USAGE;
	const char *sub = argc > 1 ? argv[1] : "";
	struct {
		const char *name;
		int nargs;
	} subs[] = {{"add", 2}, {"between", 2}, {"day", 1}, {"years", 0}, {"load", 1}};
	int which = -1;
	for (int i = 0; i < 5; i++)
		if (strcmp(sub, subs[i].name) == 0)
			which = i;
	if (which < 0 || argc != 2 + subs[which].nargs) {
		cli_error(which < 0 ? "calendar needs a subcommand: add, between, day, years or load"
		                    : "wrong number of arguments for 'calendar %s' (see --help)",
		          sub);
		return EXIT_USAGE;
	}
	int32_t a = 0, b = 0;
	long n = 0;
	if (which == 0) {
		char *end;
		errno = 0;
		n = strtol(argv[3], &end, 10);
		if (parse_date_arg(argv[2], &a))
			return EXIT_USAGE;
		if (errno || *end || n < 0 || n > 3660) {
			cli_error("'%s' is not a number of working days (0 to 3660)", argv[3]);
			return EXIT_USAGE;
		}
	} else if (which == 1 && (parse_date_arg(argv[2], &a) || parse_date_arg(argv[3], &b))) {
		return EXIT_USAGE;
	} else if (which == 2 && parse_date_arg(argv[2], &a)) {
		return EXIT_USAGE;
	}

	if (which == 4) {
		store *s;
		if (cli_open_store(cfg, &s))
			return EXIT_FAIL;
		int rc = load(s, argv[2]);
		store_close(s);
		return rc;
	}
	calendar *cal;
	bool built_in;
	if (open_calendar(cfg, &cal, &built_in))
		return EXIT_FAIL;
	int rc = 0;
	char buf[SH_DATE_LEN + 1];
	/* The dates an answer looked at, for telling whether it is provisional. */
	int32_t lo = 1, hi = 0;
	if (which == 0) {
		int32_t out;
		if ((rc = calendar_add_working_days(cal, a, (int)n, &out)) == 0) {
			lo = a + 1;
			hi = out;
			date_format(out, buf);
			printf("%s%s\n", buf, provisional_mark(cal, lo, hi));
		}
	} else if (which == 1) {
		int days;
		if ((rc = calendar_working_days_between(cal, a, b, &days)) == 0) {
			lo = (a < b ? a : b) + 1;
			hi = a < b ? b : a;
			printf("%d%s\n", days, provisional_mark(cal, lo, hi));
		}
	} else if (which == 2) {
		bool working;
		if ((rc = calendar_is_working_day(cal, a, &working)) == 0) {
			lo = hi = a;
			printf("%s%s\n", working ? "working day" : "day off",
			       provisional_mark(cal, lo, hi));
		}
	} else {
		int first, last;
		calendar_years(cal, &first, &last);
		for (int y = first; y && y <= last; y++)
			if (calendar_has_year(cal, y))
				printf("%d\n", y);
	}
	if (rc == 0 && calendar_provisional(cal, lo, hi))
		explain_provisional(cal, lo, hi);
	rc = report(cal, built_in, rc);
	calendar_free(cal);
	return rc;
}
