/* Writes N realistic complaint rows (the import CSV format) to stdout.
 * usage: gen_complaints N [SEED] [FIRST_YEAR LAST_YEAR] (default 2019 2020) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/date.h"

static uint64_t state = 88172645463325252ull;

static uint64_t next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: gen_complaints N [SEED]\n");
		return 2;
	}
	long n = atol(argv[1]);
	if (argc > 2)
		state += (uint64_t)atoll(argv[2]);
	int first_year = argc > 4 ? atoi(argv[3]) : 2019, last_year = argc > 4 ? atoi(argv[4]) : 2020;
	if (first_year < 2000 || last_year > 2026 || last_year < first_year) {
		fprintf(stderr, "gen_complaints: years must lie in 2000..2026\n");
		return 2;
	}
	static const char *const provinces[] = {
		"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
		"37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
		"63", "64", "65", "广东省", "北京", "上海市", "江苏"};
	static const char *const enterprises[] = {"中国移动", "中国电信", "中国联通", "中国广电"};
	static const char *const classes[] = {"用户服务", "收费争议", "网络质量"};
	static const char *const classes2022[] = {"服务争议", "营销、收费、资费争议", "网络质量与信息安全"};
	static const char *const states[] = {"已办结", "closed", "不予受理", "mediation"};
	int32_t first = date_from_ymd(first_year, 1, 1);
	uint64_t days = (uint64_t)(date_from_ymd(last_year + 1, 1, 1) - first);
	printf("received_at,province,enterprise,category,status,description\n");
	for (long i = 0; i < n; i++) {
		uint64_t r = next();
		int32_t day = first + (int32_t)(r % days);
		int sod = (int)((r >> 10) % 86400);
		int y, m, d;
		date_to_ymd(day, &y, &m, &d);
		const char *st = states[(r >> 30) % 4];
		printf("%04d-%02d-%02dT%02d:%02d:%02d,%s,%s,%s,%s,\"用户反映%s问题，要求企业处理，第%ld号\"\n",
		       y, m, d, sod / 3600, sod / 60 % 60, sod % 60, provinces[(r >> 20) % 35],
		       enterprises[(r >> 27) % 4], (y >= 2022 ? classes2022 : classes)[(r >> 33) % 3], st,
		       classes[(r >> 33) % 3], i);
	}
	return ferror(stdout) ? 1 : 0;
}
