/* Tests for domain/intake.c: the field table is what intake_validate applies
 * (the web pages are served the table, so it must be the rule itself). */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixtures.h"
/* clang-format on */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/intake.h"

static struct reference ref;

static int setup(void **state)
{
	(void)state;
	return fixture_reference(&ref);
}

static int teardown(void **state)
{
	(void)state;
	reference_free(&ref);
	return 0;
}

/* A complete, valid form with one field replaced. */
static struct intake_form form(const char *field, const char *value)
{
	struct intake_form f = {
	    .province = "44", .enterprise = "中国移动", .category = "收费争议",
	    .name = "王小明", .phone = "13800138000", .address = "广东省广州市",
	    .city = "广州", .postcode = "510000", .demand = "退费", .description = "多收费",
	    .operator_answer = "unsatisfied", .operator_date = "2020-09-01",
	};
	const char **slot = strcmp(field, "name") == 0          ? &f.name
	                    : strcmp(field, "address") == 0     ? &f.address
	                    : strcmp(field, "city") == 0        ? &f.city
	                    : strcmp(field, "postcode") == 0    ? &f.postcode
	                    : strcmp(field, "demand") == 0      ? &f.demand
	                    : strcmp(field, "description") == 0 ? &f.description
	                                                        : NULL;
	assert_non_null(slot);
	*slot = value;
	return f;
}

/* Errors of the form for the field, with the message of the first. */
static size_t errors_for(const struct intake_form *f, const char *field, char *msg)
{
	struct complaint c;
	char phone[NUMBER_MAX];
	struct field_error errs[INTAKE_MAX_ERRORS];
	size_t n = intake_validate(f, &ref, fixture_day("2020-09-29"), &c, phone, errs,
	                           INTAKE_MAX_ERRORS);
	size_t hits = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(errs[i].field, field) == 0 && hits++ == 0)
			snprintf(msg, 192, "%s", errs[i].message);
	assert_int_equal(hits, n); /* no other field complains */
	return hits;
}

/* n copies of a three-byte character, or of a digit for digit fields. */
static char *repeat(size_t n, const char *unit)
{
	size_t u = strlen(unit);
	char *s = malloc(n * u + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	s[n * u] = '\0';
	return s;
}

static void test_each_field_as_its_table_says(void **state)
{
	(void)state;
	char msg[192], want[192];
	assert_null(intake_field(INTAKE_TEXT_COUNT));
	for (int i = 0; i < INTAKE_TEXT_COUNT; i++) {
		const struct intake_field *d = intake_field((enum intake_text)i);
		assert_non_null(d);
		assert_true(d->max_chars > 0);
		const char *unit = d->digits ? "5" : "字";
		/* at the limit: taken; one more: refused, the message naming the limit */
		char *ok = repeat(d->digits ? d->digits : d->max_chars, unit);
		char *long_ = repeat((d->digits ? d->digits : d->max_chars) + 1, unit);
		struct intake_form f = form(d->name, ok);
		assert_int_equal(errors_for(&f, d->name, msg), 0);
		f = form(d->name, long_);
		assert_int_equal(errors_for(&f, d->name, msg), 1);
		if (d->digits)
			snprintf(want, sizeof want, "%s应为%zu位数字", d->label, d->digits);
		else
			snprintf(want, sizeof want, "%s不能超过%zu个字", d->label, d->max_chars);
		assert_string_equal(msg, want);
		/* absent or only blanks: refused when required */
		f = form(d->name, "\xe3\x80\x80 ");
		assert_int_equal(errors_for(&f, d->name, msg), d->required ? 1 : 0);
		f = form(d->name, NULL);
		assert_int_equal(errors_for(&f, d->name, msg), d->required ? 1 : 0);
		if (d->required) {
			snprintf(want, sizeof want, "请填写%s", d->label);
			assert_string_equal(msg, want);
		}
		free(ok);
		free(long_);
	}
	/* a digit field counts digits, not characters */
	struct intake_form f = form("postcode", "51000a");
	assert_int_equal(errors_for(&f, "postcode", msg), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_field_as_its_table_says),
	};
	return cmocka_run_group_tests_name("intake", tests, setup, teardown);
}
