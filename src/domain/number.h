/* Telephone numbers as people write them: +86 138 0013 8000, 0086-138…,
 * (0755)1234-5678, full-width digits. Normalised to digits only, without the
 * country code, and classified. */
#ifndef SHENSU_DOMAIN_NUMBER_H
#define SHENSU_DOMAIN_NUMBER_H

#include <stddef.h>

enum number_kind {
	NUMBER_INVALID,
	NUMBER_MOBILE,   /* 11 digits, 13x-19x */
	NUMBER_FIXED,    /* area code (0 + 2-3 digits) + 7-8 digits */
	NUMBER_SMS_PORT, /* 106… */
	NUMBER_SERVICE,  /* 95xxx, 96xxx, 100xx, 12xxx */
};

#define NUMBER_MAX 24 /* digits kept, NUL included */

/* Normalises s (len bytes of UTF-8). Writes the digits into out (NUMBER_MAX
 * bytes) and returns the kind; on NUMBER_INVALID writes a Chinese reason into
 * why (whylen bytes) naming what is wrong. */
enum number_kind number_normalize(const char *s, size_t len, char *out, char *why, size_t whylen);
const char *number_kind_code(enum number_kind k);

#endif
