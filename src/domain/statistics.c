/* Statistics arithmetic and wording. See statistics.h.
 *
 * Every ratio goes through ratio_round(), which computes
 * round_half_away_from_zero(num * scale / den) exactly for any num, den below
 * 2^127, so the products of two int64 values (the rate change) are handled
 * without overflow. A result that does not fit the output type is reported as
 * SH_ETOOLARGE rather than silently clamped. On any error the output is 0. */
#include "domain/statistics.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"

typedef unsigned __int128 u128;

/* round(num * scale / den), half away from zero, as a magnitude; num and den
 * below 2^127, den > 0, scale > 0. SH_ETOOLARGE if the result exceeds max. */
static int ratio_round(u128 num, u128 den, uint32_t scale, uint64_t max, uint64_t *out)
{
	u128 q = num / den, r = num % den;
	/* r * scale / den by doubling, keeping the remainder below den so that
	 * nothing exceeds 2^128: acc_r < den < 2^127 and r < den. */
	u128 acc_q = 0, acc_r = 0;

	*out = 0;
	if (q > (u128)(max / scale))
		return SH_ETOOLARGE;
	for (int bit = 31; bit >= 0; bit--) {
		acc_q <<= 1;
		acc_r <<= 1;
		if (acc_r >= den) {
			acc_r -= den;
			acc_q++;
		}
		if (scale & (UINT32_C(1) << bit)) {
			acc_r += r;
			if (acc_r >= den) {
				acc_r -= den;
				acc_q++;
			}
		}
	}
	if (acc_r >= den - acc_r) /* 2 * acc_r >= den: a tie goes away from zero */
		acc_q++;
	u128 v = q * scale + acc_q;
	if (v > max)
		return SH_ETOOLARGE;
	*out = (uint64_t)v;
	return 0;
}

/* The same for a signed result in tenths of a percent (an int). */
static int tenths_of(bool negative, u128 num, u128 den, int *tenths)
{
	uint64_t m;
	int rc = ratio_round(num, den, 1000, INT_MAX, &m);

	*tenths = 0;
	if (rc != 0)
		return rc;
	*tenths = negative ? -(int)m : (int)m;
	return 0;
}

int stat_share(int64_t part, int64_t whole, int *tenths)
{
	*tenths = 0;
	if (whole <= 0 || part < 0)
		return SH_EINVAL;
	return tenths_of(false, (u128)part, (u128)whole, tenths);
}

int stat_change(int64_t prev, int64_t cur, int *tenths)
{
	*tenths = 0;
	if (prev <= 0)
		return SH_ENOTFOUND;
	if (cur < 0)
		return SH_EINVAL;
	/* prev >= 1 and cur >= 0, so neither difference overflows int64. */
	if (cur >= prev)
		return tenths_of(false, (u128)(cur - prev), (u128)prev, tenths);
	return tenths_of(true, (u128)(prev - cur), (u128)prev, tenths);
}

int stat_rate_per_million(int64_t complaints, int64_t subscribers_10k, int64_t *hundredths)
{
	uint64_t m;
	int rc;

	*hundredths = 0;
	if (subscribers_10k <= 0)
		return SH_ENOTFOUND;
	if (complaints < 0)
		return SH_EINVAL;
	/* complaints / (subscribers_10k / 100) * 100 = complaints * 10000 / subscribers_10k */
	rc = ratio_round((u128)complaints, (u128)subscribers_10k, 10000, INT64_MAX, &m);
	if (rc != 0)
		return rc;
	*hundredths = (int64_t)m;
	return 0;
}

int stat_rate_change(int64_t c0, int64_t s0_10k, int64_t c1, int64_t s1_10k, int *tenths)
{
	*tenths = 0;
	if (s0_10k <= 0 || s1_10k <= 0 || c0 == 0)
		return SH_ENOTFOUND;
	if (c0 < 0 || c1 < 0)
		return SH_EINVAL;
	/* (c1/s1 - c0/s0) / (c0/s0) = (c1*s0 - c0*s1) / (c0*s1). Each product is
	 * below 2^126, so their difference and the denominator fit below 2^127. */
	u128 a = (u128)c1 * (u128)s0_10k, b = (u128)c0 * (u128)s1_10k;
	if (a >= b)
		return tenths_of(false, a - b, b, tenths);
	return tenths_of(true, b - a, b, tenths);
}

/* After a truncating snprintf, drop a partial UTF-8 sequence at the end so a
 * short buffer never ends in the middle of a character. */
static void trim_partial_utf8(char *buf)
{
	size_t n = strlen(buf), i = n, need;
	unsigned char lead;

	while (i > 0 && ((unsigned char)buf[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	lead = (unsigned char)buf[i - 1];
	if (lead < 0x80)
		return;
	need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < need)
		buf[i - 1] = '\0';
}

/* snprintf that never leaves a broken character at a truncation point. */
static __attribute__((format(printf, 3, 4))) void put(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (buf == NULL || len == 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0)
		buf[0] = '\0';
	else if ((size_t)n >= len)
		trim_partial_utf8(buf);
}

void stat_format_percent(int tenths, char *buf, size_t len)
{
	/* Only 0 prints as 0.0, and 0 has no sign: never "-0.0%". */
	long long v = tenths;
	unsigned long long m = v < 0 ? (unsigned long long)-v : (unsigned long long)v;

	put(buf, len, "%s%llu.%llu%%", v < 0 ? "-" : "", m / 10, m % 10);
}

void stat_format_rate(int64_t hundredths, char *buf, size_t len)
{
	uint64_t m = hundredths < 0 ? -(uint64_t)hundredths : (uint64_t)hundredths;

	put(buf, len, "%s%llu.%02llu", hundredths < 0 ? "-" : "", (unsigned long long)(m / 100),
	    (unsigned long long)(m % 100));
}

void stat_format_change(const char *what, int rc, int tenths, char *buf, size_t len)
{
	long long v = tenths;
	unsigned long long m = v < 0 ? (unsigned long long)-v : (unsigned long long)v;

	if (what == NULL)
		what = "";
	if (rc != 0) {
		put(buf, len, "%s—", what);
		return;
	}
	if (tenths == 0) {
		put(buf, len, "%s持平", what);
		return;
	}
	/* The direction is in the words, so the size is printed without a sign. */
	put(buf, len, "%s%s%llu.%llu%%", what, v < 0 ? "下降" : "上升", m / 10, m % 10);
}

void stat_format_change_short(int rc, int tenths, char *buf, size_t len)
{
	stat_format_change("", rc, tenths, buf, len);
}
