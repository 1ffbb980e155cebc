#include "fixtures.h"

#include <stdio.h>

#include "cli/cli.h"

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
