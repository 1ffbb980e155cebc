/* Telephone numbers as people write them: +86 138 0013 8000, 0086-138…,
 * (0755)1234-5678, full-width digits. Normalised to digits only, without the
 * country code, and classified.
 *
 * What is accepted (everything else is NUMBER_INVALID with a Chinese reason):
 *
 *   mobile    13x–19x, exactly 11 digits; also 0 + a mobile number (the old
 *             habit of dialling 0 before an out-of-town mobile)
 *   fixed     area code + 7 or 8 digits not starting with 0. Area codes are
 *             010 and 02x (3 digits) or 03xx–09xx (4 digits). Kept with the
 *             leading 0 (the trunk prefix), which people drop after +86
 *   sms_port  106…, 8 to 20 digits (sender ports, extension codes included)
 *   service   95xxx 5–8 digits (95588, 95105888), 96xxx 5–6 (96166, 962288),
 *             100xx 5–7 (10086, 10000, 10010, 1008611), 12xxx 5 (12321),
 *             400/800 10 digits (400-810-8888)
 *
 * Country codes: +86, ＋86 and 0086 are dropped; any other +NN or 00NN is a
 * foreign number and refused, naming its code. A bare 86 is dropped only when
 * it cannot be anything but the country code: what follows is a mobile or a
 * fixed line (a mainland number never starts with 8, and a local number
 * without area code is refused anyway). It is not dropped before a short
 * service number: 86 95588 is more likely a local number missing its area
 * code. After +86 a Beijing number 10 6512 3456 and an SMS port 1065123456
 * have the same digits: when "10" stands apart (+86 10 6512…, +86 (10)…) it
 * is the Beijing area code, otherwise 106… is an SMS port, as phones display
 * them (+861065…).
 *
 * Ignored between digits: ASCII and full-width spaces, dashes, dots and
 * brackets, tabs, line breaks, no-break and zero-width spaces. */
#ifndef SHENSU_DOMAIN_NUMBER_H
#define SHENSU_DOMAIN_NUMBER_H

#include <stddef.h>

enum number_kind {
	NUMBER_INVALID,
	NUMBER_MOBILE,   /* 11 digits, 13x-19x */
	NUMBER_FIXED,    /* area code (0 + 2-3 digits) + 7-8 digits */
	NUMBER_SMS_PORT, /* 106…, 8-20 digits */
	NUMBER_SERVICE,  /* 95xxx, 96xxx, 100xx, 12xxx, 400/800 */
};

#define NUMBER_MAX 24 /* digits kept, NUL included */

/* Normalises s (len bytes of UTF-8, need not be NUL-terminated). On success
 * writes the digits, NUL-terminated, into out (NUMBER_MAX bytes) and returns
 * the kind; out is not touched otherwise. On NUMBER_INVALID writes a Chinese
 * reason naming what is wrong into why (whylen bytes, truncated to fit; why
 * may be NULL when whylen is 0); why is not touched on success. */
enum number_kind number_normalize(const char *s, size_t len, char *out, char *why, size_t whylen);
/* "invalid", "mobile", "fixed", "sms_port" or "service". */
const char *number_kind_code(enum number_kind k);
/* For people: "手机号码", "固定电话", "短信端口", "服务号码"; "" for NUMBER_INVALID. */
const char *number_kind_label(enum number_kind k);

#define NUMBER_DISPLAY_MAX 32 /* bytes number_display writes at most, NUL included */
/* A normalised number of `kind` as people read it: 138 0013 8000,
 * 0755-1234 5678, 010-6512 3456, 0755-123 4567, 1069 0000 5678 (SMS ports
 * in fours), 400-810-8888; other service numbers as they are (95588). Digits
 * that are not of the kind's shape come out as they are. */
void number_display(const char *digits, enum number_kind kind, char out[NUMBER_DISPLAY_MAX]);
/* Length of the area code of a normalised fixed-line number (3 for 010 and
 * 02x, else 4), e.g. to display it as 0755-12345678. */
size_t number_area_code_len(const char *digits);

#endif
