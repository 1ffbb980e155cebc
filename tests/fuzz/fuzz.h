/* What the fuzz harnesses share: a check that aborts (libFuzzer and the
 * replayer both report an abort as a failure) and the reference data. */
#ifndef SHENSU_TESTS_FUZZ_H
#define SHENSU_TESTS_FUZZ_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "domain/reference.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* The reference data compiled into shensu, loaded on first use and kept for
 * the process's life. */
static inline const struct reference *fuzz_reference(void)
{
	static struct reference ref;
	static bool loaded;
	if (!loaded) {
		char err[256];
		reference_init(&ref);
		CHECK(seed_reference(&ref, err, sizeof err) == 0);
		loaded = true;
	}
	return &ref;
}

#endif
