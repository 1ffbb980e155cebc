/* Fuzz harness for number_normalize (domain/number.c) and the look-up index's
 * keys: any bytes in, never a crash, and the results keep their promises. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/utf8.h"
#include "domain/number.h"
#include "domain/number_index.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy without a terminator: the parser must honour len. */
	char *s = malloc(size ? size : 1);
	CHECK(s);
	memcpy(s, data, size);
	char out[NUMBER_MAX], why[160];
	memset(out, 'x', sizeof out);
	why[0] = '\0';
	enum number_kind k = number_normalize(s, size, out, why, sizeof why);
	if (k == NUMBER_INVALID) {
		/* a reason, whole UTF-8 characters only */
		CHECK(why[0] != '\0');
		CHECK(utf8_valid(why, strlen(why)));
	} else {
		size_t n = strlen(out);
		CHECK(n > 0 && n < NUMBER_MAX);
		for (size_t i = 0; i < n; i++)
			CHECK(out[i] >= '0' && out[i] <= '9');
		/* normalising the normal form gives it back, same kind */
		char again[NUMBER_MAX];
		CHECK(number_normalize(out, n, again, why, sizeof why) == k);
		CHECK(strcmp(again, out) == 0);
		/* a key, when it fits, round-trips */
		uint64_t key;
		if (number_key(out, &key)) {
			char back[NUMBER_MAX];
			number_key_digits(key, back);
			CHECK(strcmp(back, out) == 0);
		} else {
			CHECK(n > NUMBER_KEY_DIGITS);
		}
	}
	free(s);
	return 0;
}
