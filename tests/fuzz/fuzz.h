/* Shared by the fuzz harnesses: the entry point libFuzzer (or replay.c)
 * calls, and CHECK, which names a broken property and aborts, so that both
 * report it as a crash with its input. */
#ifndef SHENSU_TESTS_FUZZ_H
#define SHENSU_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                          \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                             \
		}                                                                            \
	} while (0)

#endif
