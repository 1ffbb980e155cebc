/* index_bench: the in-memory index of reported numbers, in process.
 *
 *   index_bench [NUMBERS] [SECONDS]     (defaults 10000000 and 2)
 *
 * Builds an index of NUMBERS realistic numbers (85% mobile over the real
 * segments, 10% fixed lines over real area codes, 5% 1069 SMS ports), each
 * with a report, some ported or disposed of. Then, on one thread, looks up
 * random numbers for SECONDS, 90% of them in the index and 10% not, five
 * times, and prints each run's look-ups/s, their median (target: 5 million
 * per second on one core at 10 million numbers), the index's memory per
 * number and how much the process's resident memory grew.
 *
 * Number i is computed from i alone, as a key, with the arithmetic of
 * number_key() (checked against it at the start), so that building needs no
 * table of test numbers as large as the index. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/number.h"
#include "domain/number_index.h"

#define RUNS 5
#define T0 1577808000 /* 2020-01-01 00:00 +08:00 */

static const int mobile_prefixes[] = {
    130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 145, 147, 150, 151, 152, 153, 155, 156,
    157, 158, 159, 162, 165, 166, 167, 170, 171, 172, 173, 175, 176, 177, 178, 180, 181, 182,
    183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 195, 196, 197, 198, 199,
};
static const int area_codes[] = {
    10,  20,  21,  22,  23,  24,  25,  27,  28,  29,  311, 351, 371, 431, 451, 471, 531,
    551, 571, 591, 731, 755, 757, 760, 769, 771, 851, 871, 891, 898, 931, 951, 971, 991,
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t splitmix(uint64_t x)
{
	x += UINT64_C(0x9e3779b97f4a7c15);
	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

/* 1…1, n ones: what number_key() adds to an n-digit number's value. */
static const uint64_t ones[] = {
    0,
    1,
    11,
    111,
    1111,
    11111,
    111111,
    1111111,
    11111111,
    111111111,
    1111111111,
    UINT64_C(11111111111),
    UINT64_C(111111111111),
    UINT64_C(1111111111111),
};

/* Number i: its value and digit count (a fixed line's leading 0 counted). */
static void number(uint64_t i, uint64_t *value, int *digits)
{
	uint64_t r = splitmix(i);
	unsigned kind = (unsigned)(r % 100);
	r /= 100;
	if (kind < 85) {
		*value = (uint64_t)mobile_prefixes[r % COUNT(mobile_prefixes)] * 100000000 +
		         (r >> 8) % 100000000;
		*digits = 11;
	} else if (kind < 95) {
		int area = area_codes[r % COUNT(area_codes)];
		/* local numbers of 8 digits starting 2-8 */
		uint64_t local = 20000000 + (r >> 8) % 70000000;
		*value = (uint64_t)area * 100000000 + local;
		*digits = (area < 100 ? 3 : 4) + 8;
	} else {
		*value = UINT64_C(1069) * 100000000 + (r >> 8) % 100000000;
		*digits = 12;
	}
}

static uint64_t key_of(uint64_t i)
{
	uint64_t value;
	int digits;
	number(i, &value, &digits);
	return value + ones[digits];
}

static double clock_s(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static size_t rss(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long size = 0, resident = 0;
	if (f) {
		if (fscanf(f, "%lu %lu", &size, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return resident * (size_t)sysconf(_SC_PAGESIZE);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The generator makes real numbers, and keys as number_key() does. */
static int check_generator(void)
{
	for (uint64_t i = 0; i < 100000; i++) {
		uint64_t value, key;
		int digits;
		number(i, &value, &digits);
		char text[32], norm[NUMBER_MAX], why[128];
		snprintf(text, sizeof text, "%0*" PRIu64, digits, value);
		if (number_normalize(text, strlen(text), norm, why, sizeof why) == NUMBER_INVALID ||
		    strcmp(norm, text) != 0 || !number_key(text, &key) || key != key_of(i)) {
			fprintf(stderr, "index_bench: number %" PRIu64 " \"%s\" is wrong (%s)\n", i,
			        text, why);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
	double seconds = argc > 2 ? strtod(argv[2], NULL) : 2.0;
	if (n == 0 || seconds <= 0) {
		fprintf(stderr, "usage: index_bench [NUMBERS] [SECONDS]\n");
		return 2;
	}
	if (check_generator() != 0)
		return 1;

	size_t rss0 = rss();
	double t = now();
	number_index *ix = number_index_new(n);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t r = splitmix(i ^ UINT64_C(0x5151));
		uint64_t key = key_of(i);
		if (number_index_report(ix, key, (unsigned)(r % NUMBER_INDEX_KINDS),
		                        T0 + (int64_t)(r >> 8) % (6 * 365 * 86400)) != 0) {
			fprintf(stderr, "index_bench: report %" PRIu64 " refused\n", i);
			return 1;
		}
		if (r % 50 == 1)
			number_index_set_ported(ix, key, 1 + (int64_t)(r >> 40) % 4);
		if (r % 20 == 2)
			number_index_set_disposal(ix, key, 1 + (uint8_t)((r >> 32) % 4));
	}
	double build = now() - t;
	size_t count = number_index_count(ix), bytes = number_index_memory(ix);
	size_t grown = rss() - rss0;
	printf("index_bench: %zu numbers (%" PRIu64
	       " generated) built in %.2f s (%.0f reports/s)\n",
	       count, n, build, (double)n / build);
	printf("memory: %zu bytes, %.1f bytes per number; resident memory grew %.1f MiB, %.1f "
	       "bytes per number\n",
	       bytes, (double)bytes / (double)count, (double)grown / 1048576.0,
	       (double)grown / (double)count);

	/* The queries are drawn beforehand, so that the timed loop is look-ups
	 * alone: 90% numbers in the index, 10% numbers n and up. Read in order,
	 * they cost the loop little memory traffic. */
	size_t nq = (size_t)1 << 23; /* 64 MiB: too many to stay in a cache */
	uint64_t *queries = malloc(nq * sizeof *queries);
	if (!queries) {
		fprintf(stderr, "index_bench: out of memory\n");
		return 1;
	}
	uint64_t x = 42;
	for (size_t j = 0; j < nq; j++) {
		x = splitmix(x);
		queries[j] = key_of((x >> 8) % n + (x % 10 == 0 ? n : 0));
	}

	double rates[RUNS], cpu_rates[RUNS];
	for (int run = 0; run < RUNS; run++) {
		uint64_t lookups = 0, hits = 0, sum = 0;
		double start = now(), cpu = clock_s(CLOCK_THREAD_CPUTIME_ID), elapsed;
		do {
			for (size_t j = 0; j < nq; j++) {
				struct number_entry e;
				if (number_index_get(ix, queries[j], &e)) {
					hits++;
					sum += e.last_at;
				}
			}
			lookups += nq;
			elapsed = now() - start;
		} while (elapsed < seconds);
		rates[run] = (double)lookups / elapsed;
		cpu_rates[run] = (double)lookups / (clock_s(CLOCK_THREAD_CPUTIME_ID) - cpu);
		printf(
		    "run %d: %.2f million look-ups/s (%.2f per CPU second; %.1f%% found, checksum "
		    "%" PRIu64 ")\n",
		    run + 1, rates[run] / 1e6, cpu_rates[run] / 1e6,
		    100.0 * (double)hits / (double)lookups, sum % 1000);
	}
	qsort(rates, RUNS, sizeof rates[0], cmp_double);
	qsort(cpu_rates, RUNS, sizeof cpu_rates[0], cmp_double);
	/* on a busy machine the thread is not always on a core: the CPU-time
	 * figure is what one core does */
	printf("index look-ups: median %.2f million/s on one thread (%.2f per CPU second; target "
	       "5); %.1f bytes per number (aim 48)\n",
	       rates[RUNS / 2] / 1e6, cpu_rates[RUNS / 2] / 1e6, (double)bytes / (double)count);
	free(queries);
	number_index_free(ix);
	return 0;
}
