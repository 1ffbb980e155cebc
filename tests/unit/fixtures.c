#include "fixtures.h"

/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/date.h"

int fixture_reference(struct reference *ref)
{
	char err[256];
	reference_init(ref);
	if (seed_reference(ref, err, sizeof err) != 0) {
		fprintf(stderr, "seed_reference: %s\n", err);
		return -1;
	}
	return 0;
}

calendar *fixture_calendar(void)
{
	char err[256];
	calendar *cal = calendar_new();
	if (seed_calendar(cal, err, sizeof err) != 0) {
		fprintf(stderr, "seed_calendar: %s\n", err);
		calendar_free(cal);
		return NULL;
	}
	return cal;
}

const char *fixture_data_dir(void)
{
	const char *d = getenv("SHENSU_DATA_DIR");
	return d && *d ? d : "data";
}

int32_t fixture_day(const char *iso)
{
	int32_t day = 0;
	assert_int_equal(date_parse(iso, strlen(iso), &day), 0);
	return day;
}

const char *fixture_fmt(int32_t day)
{
	static char buf[4][SH_DATE_LEN + 1];
	static int k;
	k = (k + 1) % 4;
	date_format(day, buf[k]);
	return buf[k];
}

int fixture_db_open(struct fixture_db *db)
{
	char err[256];
	bool created;
	memset(db, 0, sizeof *db);
	snprintf(db->dir, sizeof db->dir, "/tmp/shensu-unit-XXXXXX");
	if (!mkdtemp(db->dir)) {
		perror("mkdtemp");
		return -1;
	}
	snprintf(db->path, sizeof db->path, "%s/t.db", db->dir);
	reference_init(&db->ref);
	if (store_open(db->path, &db->s, err, sizeof err) ||
	    seed_database(db->s, &created, err, sizeof err)) {
		fprintf(stderr, "fixture_db_open: %s\n", err);
		return -1;
	}
	if (store_reference_load(db->s, &db->ref)) {
		fprintf(stderr, "fixture_db_open: %s\n", store_error(db->s));
		return -1;
	}
	return 0;
}

void fixture_db_close(struct fixture_db *db)
{
	store_close(db->s);
	db->s = NULL;
	reference_free(&db->ref);
	char p[160];
	snprintf(p, sizeof p, "%s-wal", db->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db->path);
	unlink(p);
	unlink(db->path);
	rmdir(db->dir);
}
