/* shensu warnings [--date DATE] [--province CODE] [--no-keywords]: a day's
 * early warnings, most surprising first, and how long computing them took. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/warnings.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/error.h"

int cmd_warnings(struct config *cfg, int argc, char **argv)
{
	const char *const own[] = {"date=", "province=", "no-keywords", NULL};
	if (cli_take_options(cfg, &argc, argv, own))
		return EXIT_USAGE;
	const char *date = NULL, *province = NULL;
	bool keywords = true;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-keywords") == 0) {
			keywords = false;
			continue;
		}
		if (cli_option(argc, argv, &i, "date", &date) ||
		    cli_option(argc, argv, &i, "province", &province))
			continue;
		cli_error("warnings: unexpected argument '%s' (see shensu warnings --help)", argv[i]);
		return EXIT_USAGE;
	}
	int32_t day = date_today() - 1;
	if (date && date_parse(date, strlen(date), &day)) {
		cli_error("warnings: --date must be a date such as 2026-05-10");
		return EXIT_USAGE;
	}
	store *s;
	if (cli_open_store(cfg, &s))
		return EXIT_FAIL;
	struct reference ref;
	reference_init(&ref);
	struct arena a;
	arena_init(&a, 1 << 16);
	calendar *cal = NULL;
	struct warnings w = {0};
	int rc = EXIT_FAIL;
	if (cli_load_reference(s, &ref) || cli_load_calendar(s, &cal))
		goto out;
	const struct province *prov = NULL;
	if (province && !(prov = reference_province(&ref, province, strlen(province)))) {
		cli_error("warnings: unknown province '%s'", province);
		rc = EXIT_USAGE;
		goto out;
	}
	struct warnings_query q = {.day = day, .province = prov ? prov->code : NULL,
	                           .keywords = keywords};
	if (warnings_load(s, &ref, cal, &q, &a, &w)) {
		cli_error("warnings: %s", store_error(s));
		goto out;
	}
	char d[SH_DATE_LEN + 1];
	date_format(day, d);
	printf("warnings for %s: %zu of %zu series (%zu could be judged); detection %.1f ms, "
	       "keywords %.1f ms\n",
	       d, w.n, w.set.n, w.tested, w.detect_ms, w.keywords_ms);
	for (size_t i = 0; i < w.n; i++) {
		const struct warning_item *it = &w.items[i];
		const struct warning_result *r = &w.results[it->index];
		int win = r->window > 0 ? r->window : 1;
		char title[256];
		warnings_title(&ref, &w.set.items[it->index].key, title, sizeof title);
		printf("%2zu. %s: %.0f in %d day%s, %.1f expected, surprise %.1f%s", i + 1, title,
		       r->fit.observed[win - 1], win, win > 1 ? "s" : "", r->fit.expected[win - 1],
		       r->surprise, it->status == WARNING_PART_OF ? " (part of a wider rise)" : "");
		for (size_t k = 0; k < it->nkeywords; k++)
			printf("%s%s", k ? " / " : "; keywords: ", it->keywords[k].text);
		printf("\n");
	}
	rc = EXIT_OK;
out:
	warnings_free(&w);
	calendar_free(cal);
	arena_free(&a);
	reference_free(&ref);
	store_close(s);
	return rc;
}
