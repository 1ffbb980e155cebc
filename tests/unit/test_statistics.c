/* Tests for domain/statistics.c. Expected values are worked out by hand from
 * the counts (the seed-003 notice figures included), and random cases are
 * checked against a direct __int128 formula that is only valid for moderate
 * inputs, unlike the code under test. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/utf8.h"
#include "domain/statistics.h"

#define E12 INT64_C(1000000000000)

/* round_half_away_from_zero(num * scale / den) for den > 0, straight from the
 * definition; num * scale * 2 must fit in __int128. */
static __int128 ref_round(__int128 num, __int128 den, int scale)
{
	__int128 m = num < 0 ? -num : num;
	__int128 q = (m * scale * 2 + den) / (den * 2);
	return num < 0 ? -q : q;
}

static void no_minus_zero(const char *s)
{
	if (strstr(s, "-0.0") != NULL)
		fail_msg("\"%s\" contains a negative zero", s);
	if (strcmp(s, "-0") == 0 || strstr(s, "下降0.0%") != NULL || strstr(s, "上升0.0%") != NULL)
		fail_msg("\"%s\" has a direction for a zero change", s);
	assert_true(utf8_valid(s, strlen(s)));
}

/* ---- stat_share ---- */

struct share_case {
	int64_t part, whole;
	int rc, tenths;
};

static void test_share_table(void **state)
{
	(void)state;
	static const struct share_case cases[] = {
	    /* seed-003 */
	    {14613, 29052, 0, 503},
	    {8193, 29052, 0, 282},
	    {6246, 29052, 0, 215},
	    /* exact ties at .x5 go up (shares are never negative) */
	    {1, 2000, 0, 1},       /* 0.05% */
	    {3, 2000, 0, 2},       /* 0.15% */
	    {5, 2000, 0, 3},       /* 0.25% */
	    {1999, 2000, 0, 1000}, /* 99.95% */
	    {1997, 2000, 0, 999},  /* 99.85% */
	    /* just under a tie */
	    {9999, 20000000, 0, 0}, /* 0.049995% */
	    {2999, 2000000, 0, 1},  /* 0.14995% */
	    {0, 1, 0, 0},
	    {0, 29052, 0, 0},
	    {1, 1, 0, 1000},
	    {1, 3, 0, 333},
	    {2, 3, 0, 667},
	    {3, 2, 0, 1500}, /* a part larger than the whole is not refused */
	    /* huge counts */
	    {E12, E12, 0, 1000},
	    {E12 / 2, E12, 0, 500},
	    {E12 / 2000, E12, 0, 1},     /* 0.05%, a tie */
	    {E12 / 2000 - 1, E12, 0, 0}, /* just below it */
	    {INT64_MAX, INT64_MAX, 0, 1000},
	    {INT64_MAX / 2, INT64_MAX, 0, 500},
	    {1, INT64_MAX, 0, 0},
	    {INT64_MAX / 1000, INT64_MAX, 0, 1},
	    {(int64_t)INT_MAX / 1000, 1, 0, (INT_MAX / 1000) * 1000},
	    /* refused */
	    {1, 0, SH_EINVAL, 0},
	    {1, -5, SH_EINVAL, 0},
	    {-1, 10, SH_EINVAL, 0},
	    {0, 0, SH_EINVAL, 0},
	    {INT64_MIN, INT64_MAX, SH_EINVAL, 0},
	    /* the result does not fit an int */
	    {INT64_MAX, 1, SH_ETOOLARGE, 0},
	    {(int64_t)INT_MAX, 1, SH_ETOOLARGE, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct share_case *c = &cases[i];
		int t = 12345;
		int rc = stat_share(c->part, c->whole, &t);
		if (rc != c->rc || t != c->tenths)
			fail_msg("share(%lld, %lld) = %d, %d; want %d, %d", (long long)c->part,
			         (long long)c->whole, rc, t, c->rc, c->tenths);
	}
}

/* ---- stat_change ---- */

struct change_case {
	int64_t prev, cur;
	int rc, tenths;
};

static void test_change_table(void **state)
{
	(void)state;
	static const struct change_case cases[] = {
	    /* seed-003 */
	    {33303, 29052, 0, -128}, /* 环比下降12.8% */
	    {49764, 29052, 0, -416},
	    {35744, 37126, 0, 39}, /* 上升3.9% */
	    {47587, 48131, 0, 11},
	    {45584, 48131, 0, 56},
	    /* ties at .x5, both signs */
	    {2000, 2001, 0, 1},  /* +0.05% */
	    {2000, 1999, 0, -1}, /* -0.05% */
	    {2000, 2003, 0, 2},  /* +0.15% */
	    {2000, 1997, 0, -2}, /* -0.15% */
	    {200, 201, 0, 5},    /* +0.5% exactly: no rounding */
	    {40, 41, 0, 25},     /* +2.5% */
	    {40, 39, 0, -25},    /* -2.5% */
	    {80, 81, 0, 13},     /* +1.25% */
	    {80, 79, 0, -13},    /* -1.25% */
	    {16, 17, 0, 63},     /* +6.25% */
	    {16, 15, 0, -63},    /* -6.25% */
	    /* just inside a tie */
	    {20001, 20002, 0, 0}, /* +0.0499975% */
	    {20001, 20000, 0, 0}, /* -0.0499975% */
	    /* rounds to zero: 0, never -0 */
	    {100000, 99999, 0, 0},
	    {100000, 100001, 0, 0},
	    {29052, 29052, 0, 0},
	    {1, 1, 0, 0},
	    /* large moves */
	    {1, 0, 0, -1000},
	    {29052, 0, 0, -1000},
	    {1, 2, 0, 1000},
	    {1, 3, 0, 2000},
	    {3, 1, 0, -667},
	    {3, 2, 0, -333},
	    {3, 4, 0, 333},
	    {3, 5, 0, 667},
	    /* huge counts */
	    {E12, 2 * E12, 0, 1000},
	    {2 * E12, E12, 0, -500},
	    {E12, E12 + E12 / 2000, 0, 1},  /* tie */
	    {E12, E12 - E12 / 2000, 0, -1}, /* tie */
	    {INT64_MAX, INT64_MAX, 0, 0},
	    {INT64_MAX, 0, 0, -1000},
	    {INT64_MAX - 1, INT64_MAX, 0, 0},
	    {INT64_MAX / 2, INT64_MAX, 0, 1000},
	    {1, 2147484, 0, 2147483000},
	    /* no basis */
	    {0, 5, SH_ENOTFOUND, 0},
	    {0, 0, SH_ENOTFOUND, 0},
	    {-3, 5, SH_ENOTFOUND, 0},
	    {INT64_MIN, 0, SH_ENOTFOUND, 0},
	    /* refused */
	    {5, -1, SH_EINVAL, 0},
	    {5, INT64_MIN, SH_EINVAL, 0},
	    /* the result does not fit an int */
	    {1, INT64_MAX, SH_ETOOLARGE, 0},
	    {1, 2147485, SH_ETOOLARGE, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct change_case *c = &cases[i];
		int t = 12345;
		int rc = stat_change(c->prev, c->cur, &t);
		if (rc != c->rc || t != c->tenths)
			fail_msg("change(%lld, %lld) = %d, %d; want %d, %d", (long long)c->prev,
			         (long long)c->cur, rc, t, c->rc, c->tenths);
	}
}

/* ---- stat_rate_per_million ---- */

struct rate_case {
	int64_t complaints, subs_10k;
	int rc;
	int64_t hundredths;
};

static void test_rate_table(void **state)
{
	(void)state;
	static const struct rate_case cases[] = {
	    {15000, 94200, 0, 1592}, /* 15000 / 942 = 15.92356 */
	    {942, 94200, 0, 100},
	    {0, 94200, 0, 0},
	    {1, 100, 0, 100}, /* 1 per million */
	    /* ties at .xx5 */
	    {1, 20000, 0, 1}, /* 0.005 */
	    {3, 20000, 0, 2}, /* 0.015 */
	    {5, 20000, 0, 3}, /* 0.025 */
	    {1, 20001, 0, 0}, /* just below */
	    {1, 19999, 0, 1}, /* just above */
	    {1, 3, 0, 3333},  /* 33.333... */
	    {2, 3, 0, 6667},
	    /* huge counts */
	    {E12, 10000000, 0, 1000000000},
	    {E12, 1, 0, 10000 * E12},
	    {INT64_MAX, INT64_MAX, 0, 10000},
	    {1, INT64_MAX, 0, 0},
	    {INT64_MAX / 10000, 1, 0, (INT64_MAX / 10000) * 10000},
	    /* no basis */
	    {5, 0, SH_ENOTFOUND, 0},
	    {5, -1, SH_ENOTFOUND, 0},
	    {0, INT64_MIN, SH_ENOTFOUND, 0},
	    /* refused */
	    {-1, 100, SH_EINVAL, 0},
	    /* the result does not fit an int64 */
	    {INT64_MAX, 1, SH_ETOOLARGE, 0},
	    {INT64_MAX / 10000 + 1, 1, SH_ETOOLARGE, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct rate_case *c = &cases[i];
		int64_t h = 12345;
		int rc = stat_rate_per_million(c->complaints, c->subs_10k, &h);
		if (rc != c->rc || h != c->hundredths)
			fail_msg("rate(%lld, %lld) = %d, %lld; want %d, %lld",
			         (long long)c->complaints, (long long)c->subs_10k, rc, (long long)h,
			         c->rc, (long long)c->hundredths);
	}
}

/* ---- stat_rate_change ---- */

struct rate_change_case {
	int64_t c0, s0, c1, s1;
	int rc, tenths;
};

static void test_rate_change_table(void **state)
{
	(void)state;
	/* k * 2001 and 9e18 * k * 2000 stay in range, but every product is near 2^126. */
	const int64_t k = INT64_C(4000000000000000), big = INT64_C(9000000000000000000);
	const struct rate_change_case cases[] = {
	    /* same subscribers: the same as stat_change on the counts */
	    {33303, 94200, 29052, 94200, 0, -128},
	    {35744, 94200, 37126, 94200, 0, 39},
	    {45584, 1, 48131, 1, 0, 56},
	    /* subscribers grow 10%, complaints grow 10%: 持平 */
	    {1000, 100, 1100, 110, 0, 0},
	    /* complaints unchanged, subscribers double: rate halves */
	    {1000, 100, 1000, 200, 0, -500},
	    /* complaints unchanged, subscribers halve: rate doubles */
	    {1000, 200, 1000, 100, 0, 1000},
	    /* 15000 on 94200 -> 15000 on 94200*1.25: -20% */
	    {15000, 94200, 15000, 117750, 0, -200},
	    /* ties at .x5 from the counts */
	    {2000, 7, 2001, 7, 0, 1},
	    {2000, 7, 1999, 7, 0, -1},
	    {2000, 3, 2003, 3, 0, 2},
	    {2000, 3, 1997, 3, 0, -2},
	    /* ties at .x5 from the subscribers: 1000*2001/(1000*2000) - 1 = +0.05% */
	    {1000, 2001, 1000, 2000, 0, 1},
	    {1000, 1999, 1000, 2000, 0, -1},
	    /* a tie between rates that are not whole: 2000/3 -> 4002/6 = 2001/3 */
	    {2000, 3, 4002, 6, 0, 1},
	    /* rounds to zero: 0, never -0 */
	    {100000, 1, 99999, 1, 0, 0},
	    {100000, 100000, 100000, 100001, 0, 0},
	    {100000, 100001, 100000, 100000, 0, 0},
	    /* to nothing */
	    {5, 5, 0, 5, 0, -1000},
	    /* huge counts and subscribers: products beyond int64 */
	    {E12, 10000000, E12 + E12 / 2000, 10000000, 0, 1},
	    {E12, 10000000, E12, 10000000 - 5000, 0, 1}, /* 1/(1 - 1/2000) - 1 = 0.05003% */
	    {E12, 10000000, 2 * E12, 10000000, 0, 1000},
	    {2000 * k, big, 2001 * k, big, 0, 1},
	    {2000 * k, big, 1999 * k, big, 0, -1},
	    {INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX, 0, 0},
	    {INT64_MAX, INT64_MAX, 0, INT64_MAX, 0, -1000},
	    {INT64_MAX, 1, 1, INT64_MAX, 0, -1000},
	    {INT64_MAX - 1, INT64_MAX, INT64_MAX, INT64_MAX - 1, 0, 0},
	    /* no basis */
	    {0, 5, 5, 5, SH_ENOTFOUND, 0},
	    {5, 0, 5, 5, SH_ENOTFOUND, 0},
	    {5, 5, 5, 0, SH_ENOTFOUND, 0},
	    {5, -5, 5, 5, SH_ENOTFOUND, 0},
	    {5, 5, 5, INT64_MIN, SH_ENOTFOUND, 0},
	    /* refused */
	    {-5, 5, 5, 5, SH_EINVAL, 0},
	    {5, 5, -5, 5, SH_EINVAL, 0},
	    /* the result does not fit an int */
	    {1, INT64_MAX, INT64_MAX, 1, SH_ETOOLARGE, 0},
	    {1, 1, 2147484, 1, 0, 2147483000},
	    {1, 1, 2147485, 1, SH_ETOOLARGE, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct rate_change_case *c = &cases[i];
		int t = 12345;
		int rc = stat_rate_change(c->c0, c->s0, c->c1, c->s1, &t);
		if (rc != c->rc || t != c->tenths)
			fail_msg("rate_change(%lld, %lld, %lld, %lld) = %d, %d; want %d, %d",
			         (long long)c->c0, (long long)c->s0, (long long)c->c1,
			         (long long)c->s1, rc, t, c->rc, c->tenths);
	}
}

/* ---- against the direct formula, for inputs where it cannot overflow ---- */

static uint64_t rng_state = UINT64_C(0x9E3779B97F4A7C15);

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(2685821657736338717);
}

static int64_t rnd_count(void)
{
	/* a mix of magnitudes up to 1e12, with many small values that tie often */
	static const int64_t lim[] = {10, 2000, 100000, 10000000, E12};
	return (int64_t)(rnd() % (uint64_t)(lim[rnd() % 5] + 1));
}

static void test_against_formula(void **state)
{
	(void)state;
	for (int i = 0; i < 200000; i++) {
		int64_t a = rnd_count(), b = rnd_count(), s0 = rnd_count() % 10000000 + 1,
		        s1 = rnd_count() % 10000000 + 1;
		int t, rc;
		int64_t h;

		rc = stat_share(a, b, &t);
		if (b == 0) {
			assert_int_equal(rc, SH_EINVAL);
		} else if (ref_round(a, b, 1000) > INT_MAX) {
			assert_int_equal(rc, SH_ETOOLARGE);
		} else {
			assert_int_equal(rc, 0);
			assert_true(t == ref_round(a, b, 1000));
		}

		rc = stat_change(a, b, &t);
		if (a == 0) {
			assert_int_equal(rc, SH_ENOTFOUND);
		} else if (ref_round((__int128)b - a, a, 1000) > INT_MAX) {
			assert_int_equal(rc, SH_ETOOLARGE);
		} else {
			assert_int_equal(rc, 0);
			assert_true(t == ref_round((__int128)b - a, a, 1000));
		}

		rc = stat_rate_per_million(a, s0, &h);
		assert_int_equal(rc, 0);
		assert_true(h == ref_round(a, s0, 10000));

		rc = stat_rate_change(a, s0, b, s1, &t);
		if (a == 0) {
			assert_int_equal(rc, SH_ENOTFOUND);
		} else {
			__int128 num = (__int128)b * s0 - (__int128)a * s1, den = (__int128)a * s1;
			__int128 want = ref_round(num, den, 1000);
			if (want > INT_MAX) {
				assert_int_equal(rc, SH_ETOOLARGE);
			} else {
				assert_int_equal(rc, 0);
				assert_true(t == want);
			}
		}
	}
}

/* ---- formatting ---- */

struct pct_fmt_case {
	int tenths;
	const char *want;
};

static void test_format_percent(void **state)
{
	(void)state;
	static const struct pct_fmt_case cases[] = {
	    {503, "50.3%"},
	    {-128, "-12.8%"},
	    {0, "0.0%"},
	    {1000, "100.0%"},
	    {1, "0.1%"},
	    {-1, "-0.1%"},
	    {9, "0.9%"},
	    {-9, "-0.9%"},
	    {10, "1.0%"},
	    {-10, "-1.0%"},
	    {282, "28.2%"},
	    {215, "21.5%"},
	    {2000, "200.0%"},
	    {INT_MAX, "214748364.7%"},
	    {INT_MIN, "-214748364.8%"},
	};
	char buf[64];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		stat_format_percent(cases[i].tenths, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
}

struct rate_fmt_case {
	int64_t hundredths;
	const char *want;
};

static void test_format_rate(void **state)
{
	(void)state;
	static const struct rate_fmt_case cases[] = {
	    {1592, "15.92"},
	    {5, "0.05"},
	    {0, "0.00"},
	    {321, "3.21"},
	    {100, "1.00"},
	    {10, "0.10"},
	    {99, "0.99"},
	    {1000000000, "10000000.00"},
	    {-5, "-0.05"},
	    {INT64_MAX, "92233720368547758.07"},
	    {INT64_MIN, "-92233720368547758.08"},
	};
	char buf[64];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		stat_format_rate(cases[i].hundredths, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
}

struct change_fmt_case {
	const char *what;
	int rc, tenths;
	const char *want, *want_short;
};

static void test_format_change(void **state)
{
	(void)state;
	static const struct change_fmt_case cases[] = {
	    {"环比", 0, -128, "环比下降12.8%", "下降12.8%"},
	    {"同比", 0, 56, "同比上升5.6%", "上升5.6%"},
	    {"同比", 0, 39, "同比上升3.9%", "上升3.9%"},
	    {"环比", 0, -416, "环比下降41.6%", "下降41.6%"},
	    {"环比", 0, 0, "环比持平", "持平"},
	    {"同比", 0, 0, "同比持平", "持平"},
	    {"环比", 0, 1, "环比上升0.1%", "上升0.1%"},
	    {"环比", 0, -1, "环比下降0.1%", "下降0.1%"},
	    {"环比", 0, 1000, "环比上升100.0%", "上升100.0%"},
	    {"环比", 0, -1000, "环比下降100.0%", "下降100.0%"},
	    {"同比", 0, INT_MIN, "同比下降214748364.8%", "下降214748364.8%"},
	    {"环比", SH_ENOTFOUND, 0, "环比—", "—"},
	    {"环比", SH_ENOTFOUND, -128, "环比—", "—"},
	    {"同比", SH_ENOTFOUND, 56, "同比—", "—"},
	    {"同比", SH_EINVAL, 56, "同比—", "—"},
	    {NULL, 0, 39, "上升3.9%", "上升3.9%"},
	};
	char buf[64];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct change_fmt_case *c = &cases[i];
		stat_format_change(c->what, c->rc, c->tenths, buf, sizeof buf);
		assert_string_equal(buf, c->want);
		stat_format_change_short(c->rc, c->tenths, buf, sizeof buf);
		assert_string_equal(buf, c->want_short);
	}
}

/* The whole path from counts to words, for the seed-003 notice. */
static void test_seed_003_wording(void **state)
{
	(void)state;
	char buf[64];
	int t = 0, rc;

	rc = stat_change(33303, 29052, &t);
	stat_format_change("环比", rc, t, buf, sizeof buf);
	assert_string_equal(buf, "环比下降12.8%");
	rc = stat_change(49764, 29052, &t);
	stat_format_change("同比", rc, t, buf, sizeof buf);
	assert_string_equal(buf, "同比下降41.6%");
	rc = stat_change(35744, 37126, &t);
	stat_format_change_short(rc, t, buf, sizeof buf);
	assert_string_equal(buf, "上升3.9%");
	rc = stat_change(0, 29052, &t);
	stat_format_change("环比", rc, t, buf, sizeof buf);
	assert_string_equal(buf, "环比—");
	rc = stat_change(100000, 99999, &t); /* -0.001% */
	stat_format_change("环比", rc, t, buf, sizeof buf);
	assert_string_equal(buf, "环比持平");
	rc = stat_share(14613, 29052, &t);
	assert_int_equal(rc, 0);
	stat_format_percent(t, buf, sizeof buf);
	assert_string_equal(buf, "50.3%");

	int64_t h = 0;
	assert_int_equal(stat_rate_per_million(15000, 94200, &h), 0);
	stat_format_rate(h, buf, sizeof buf);
	assert_string_equal(buf, "15.92");
}

/* No input ever prints a negative zero or a direction for a zero change. */
static void test_never_minus_zero(void **state)
{
	(void)state;
	char buf[64];

	for (int t = -3000; t <= 3000; t++) {
		stat_format_percent(t, buf, sizeof buf);
		no_minus_zero(buf);
		stat_format_change("环比", 0, t, buf, sizeof buf);
		no_minus_zero(buf);
		stat_format_change_short(0, t, buf, sizeof buf);
		no_minus_zero(buf);
	}
	for (int64_t h = 0; h <= 3000; h++) {
		stat_format_rate(h, buf, sizeof buf);
		no_minus_zero(buf);
	}
	/* small decreases that round to zero come out as 0 and print as 持平 */
	for (int64_t prev = 2001; prev <= 200000; prev += 997) {
		for (int64_t d = 0; d * 2000 < prev; d++) {
			int t = 99, rc = stat_change(prev, prev - d, &t);
			assert_int_equal(rc, 0);
			assert_int_equal(t, 0);
			stat_format_change("环比", rc, t, buf, sizeof buf);
			assert_string_equal(buf, "环比持平");
			stat_format_percent(t, buf, sizeof buf);
			assert_string_equal(buf, "0.0%");
		}
	}
	for (int64_t s = 2001; s <= 50000; s += 313) {
		int t = 99, rc = stat_rate_change(1000, s, 1000, s + 1, &t);
		assert_int_equal(rc, 0);
		assert_int_equal(t, 0);
		stat_format_change_short(rc, t, buf, sizeof buf);
		assert_string_equal(buf, "持平");
	}
}

/* ---- buffers ---- */

static void test_truncation(void **state)
{
	(void)state;
	const char *full = "环比下降12.8%";
	char buf[32];

	/* every length: NUL-terminated, a prefix of the full text, whole characters,
	 * and nothing written past len */
	for (size_t len = 1; len <= strlen(full) + 2; len++) {
		memset(buf, 'X', sizeof buf);
		stat_format_change("环比", 0, -128, buf, len);
		size_t n = strlen(buf);
		assert_true(n < len);
		assert_memory_equal(buf, full, n);
		assert_true(utf8_valid(buf, n));
		for (size_t j = len; j < sizeof buf; j++)
			assert_int_equal(buf[j], 'X');
	}
	/* the character boundaries are kept: 7 bytes hold "环比" (6) but not "下" */
	stat_format_change("环比", 0, -128, buf, 7);
	assert_string_equal(buf, "环比");
	stat_format_change("环比", 0, -128, buf, 9);
	assert_string_equal(buf, "环比");
	stat_format_change("环比", 0, -128, buf, 10);
	assert_string_equal(buf, "环比下");
	stat_format_change("环比", SH_ENOTFOUND, 0, buf, 8);
	assert_string_equal(buf, "环比");
	stat_format_change_short(0, 0, buf, 4);
	assert_string_equal(buf, "持");
	stat_format_change_short(0, 0, buf, 3);
	assert_string_equal(buf, "");

	stat_format_percent(-128, buf, 4);
	assert_string_equal(buf, "-12");
	stat_format_rate(1592, buf, 3);
	assert_string_equal(buf, "15");
	stat_format_percent(503, buf, 1);
	assert_string_equal(buf, "");

	/* len 0 writes nothing */
	memset(buf, 'X', sizeof buf);
	stat_format_percent(503, buf, 0);
	stat_format_rate(503, buf, 0);
	stat_format_change("环比", 0, 5, buf, 0);
	stat_format_change_short(0, 5, buf, 0);
	for (size_t j = 0; j < sizeof buf; j++)
		assert_int_equal(buf[j], 'X');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_share_table),      cmocka_unit_test(test_change_table),
	    cmocka_unit_test(test_rate_table),       cmocka_unit_test(test_rate_change_table),
	    cmocka_unit_test(test_against_formula),  cmocka_unit_test(test_format_percent),
	    cmocka_unit_test(test_format_rate),      cmocka_unit_test(test_format_change),
	    cmocka_unit_test(test_seed_003_wording), cmocka_unit_test(test_never_minus_zero),
	    cmocka_unit_test(test_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
