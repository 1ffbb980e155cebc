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
#include "core/utf8.h"

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

char *fixture_repeat(const char *head, const char *s, size_t n)
{
	size_t h = strlen(head), len = strlen(s);
	char *out = malloc(h + len * n + 1);
	assert_non_null(out);
	memcpy(out, head, h);
	for (size_t i = 0; i < n; i++)
		memcpy(out + h + i * len, s, len);
	out[h + len * n] = '\0';
	return out;
}

void fixture_check_field_errors(const struct field_error *errs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		assert_non_null(errs[i].field);
		size_t len = strlen(errs[i].message);
		if (len == 0 || !utf8_valid(errs[i].message, len))
			fail_msg("%s: message empty or not UTF-8: %s", errs[i].field,
			         errs[i].message);
	}
}

const char *fixture_field_error(const struct field_error *errs, size_t n, const char *field)
{
	const char *found = NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(errs[i].field, field) == 0) {
			if (found)
				fail_msg("field %s reported twice", field);
			found = errs[i].message;
		}
	return found;
}

void fixture_one_field_error(const struct field_error *errs, size_t n, const char *field,
                             const char *part)
{
	if (n != 1)
		fail_msg("want one error on %s, got %zu (first: %s %s)", field, n,
		         n ? errs[0].field : "", n ? errs[0].message : "");
	if (strcmp(errs[0].field, field) != 0)
		fail_msg("want an error on %s, got one on %s: %s", field, errs[0].field,
		         errs[0].message);
	if (part && !strstr(errs[0].message, part))
		fail_msg("%s: \"%s\" does not say \"%s\"", field, errs[0].message, part);
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
