/* Shared set-up for unit tests: the reference data and holiday schedules
 * compiled into shensu, as `shensu init` loads them. */
#ifndef SHENSU_TESTS_FIXTURES_H
#define SHENSU_TESTS_FIXTURES_H

#include "domain/calendar.h"
#include "domain/intake.h"
#include "domain/reference.h"
#include "store/store.h"

/* Initialises ref and fills it; prints the reason and returns -1 on failure. */
int fixture_reference(struct reference *ref);
/* A calendar with every schedule 2007-2026, or NULL (reason printed). */
calendar *fixture_calendar(void);
/* The data directory: SHENSU_DATA_DIR (set by meson), else "data". */
const char *fixture_data_dir(void);
/* The day number of a "YYYY-MM-DD" literal (fails the test if it is not one). */
int32_t fixture_day(const char *iso);
/* "YYYY-MM-DD" of a day; the last four answers stay valid. */
const char *fixture_fmt(int32_t day);

/* head followed by n copies of s, NUL-terminated; the caller frees it. */
char *fixture_repeat(const char *head, const char *s, size_t n);

/* Form errors (intake, reports): fails unless each of the n names a field
 * and has a message that is not empty and is valid UTF-8. */
void fixture_check_field_errors(const struct field_error *errs, size_t n);
/* The message of the error on field, or NULL; fails when two name it. */
const char *fixture_field_error(const struct field_error *errs, size_t n, const char *field);
/* Fails unless errs is exactly one error, on field, whose message holds part
 * (NULL: any message). */
void fixture_one_field_error(const struct field_error *errs, size_t n, const char *field,
                             const char *part);

/* A new SQLite database in a temporary directory, initialised as `shensu init`
 * does (reference data, holiday schedules), open in s, with ref loaded from it. */
struct fixture_db {
	char dir[64];
	char path[128];
	store *s;
	struct reference ref;
};
/* 0, or -1 with the reason printed. */
int fixture_db_open(struct fixture_db *db);
/* Closes the store, frees ref and removes the directory. */
void fixture_db_close(struct fixture_db *db);

#endif
