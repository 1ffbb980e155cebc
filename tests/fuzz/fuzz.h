/* Shared by the fuzz harnesses: the libFuzzer entry point each defines, and
 * CHECK, which aborts with the failed condition so libFuzzer (or replay.c)
 * reports a crash. */
#ifndef SHENSU_TESTS_FUZZ_H
#define SHENSU_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                        \
	do {                                                                                   \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);       \
			abort();                                                                       \
		}                                                                                  \
	} while (0)

#endif
