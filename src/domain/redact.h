/* Personal data in free text: what a complainant (or staff) typed into a
 * description or comment, masked where it stands so that a reader who must
 * not know who the complainant is (an operator, the regulator; see
 * access_case_view) still reads what happened.
 *
 * Masked, wherever they stand in Chinese or other text:
 *   ID-card numbers   18 characters, the last a digit or X, with a valid
 *                     ISO 7064 MOD 11-2 check character: 1101**********1234
 *   phone numbers     what number_normalize reads as a mobile or fixed-line
 *                     number (+86 / 0086 / 86 prefixes, area codes in
 *                     brackets): masked as access_mask_phone, 138****8000,
 *                     0755****5678
 *   bank-card numbers 16 to 19 digits starting 2 to 6 that pass the Luhn
 *                     check: 6222***********0123
 *   e-mail addresses  the local part keeps its first character: z***@qq.com
 * Digits may be ASCII or full-width, and a number may be split by up to three
 * spaces or dashes (ASCII, full-width or Unicode), or a closing bracket after
 * an area code: 138 0013 8000, １３８－００１３－８０００, (0755)1234-5678.
 *
 * Left alone: dates and amounts (2024年3月5日, 2024-03-05, 128元), service
 * numbers (10086, 95588), order numbers that pass none of the checks above,
 * numbers that run into more digits (a 12-digit run holds no mobile number).
 *
 * Masks keep the reader's bearings: the first and last few characters stay,
 * the text around them is untouched. Digits touching an asterisk are never
 * joined with the digits beside them, so masking twice gives the same text as
 * masking once. Invalid UTF-8 becomes U+FFFD: the output is always valid
 * UTF-8. */
#ifndef SHENSU_DOMAIN_REDACT_H
#define SHENSU_DOMAIN_REDACT_H

#include <stddef.h>

/* Bytes redact_text may write for len bytes of input, its NUL included. */
#define REDACT_OUT_MAX(len) (3 * (size_t)(len) + 1)

/* Writes s[0..len) with personal data masked into out, which must hold
 * REDACT_OUT_MAX(len) bytes, and a NUL; returns the bytes written before the
 * NUL. s need not be NUL-terminated; a NUL in it is copied. */
size_t redact_text(const char *s, size_t len, char *out);

#endif
