/* shensu demo: a realistic, reproducible demo data set. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/period.h"

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	/* xorshift64*: reproducible across platforms for a given seed */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ull;
}

static double uniform(struct rng *r)
{
	return (double)(next(r) >> 11) / 9007199254740992.0;
}

static int below(struct rng *r, int n)
{
	return (int)(uniform(r) * n);
}

/* Index into weights[] chosen in proportion to the weights. */
static int pick(struct rng *r, const double *weights, int n)
{
	double total = 0, acc = 0;
	for (int i = 0; i < n; i++)
		total += weights[i];
	double x = uniform(r) * total;
	for (int i = 0; i < n; i++)
		if (x < (acc += weights[i]))
			return i;
	return n - 1;
}

/* Rough relative sizes of the provinces' telecom markets, by code. */
static const struct {
	const char *code;
	double weight;
} provinces[] = {
	{"11", 4}, {"12", 2}, {"13", 5}, {"14", 2.5}, {"15", 2}, {"21", 3}, {"22", 2},
	{"23", 2.5}, {"31", 4}, {"32", 7}, {"33", 6}, {"34", 4}, {"35", 3.5}, {"36", 3},
	{"37", 7}, {"41", 7}, {"42", 4.5}, {"43", 4}, {"44", 11}, {"45", 3.5}, {"46", 1},
	{"50", 2.5}, {"51", 6}, {"52", 3}, {"53", 3}, {"54", 0.3}, {"61", 3}, {"62", 1.8},
	{"63", 0.5}, {"64", 0.6}, {"65", 2}, {"00", 1},
};

static const struct {
	const char *name;
	double weight;
	int64_t subs_10k; /* subscribers at the start of the demo period */
} enterprises[] = {
	{"中国移动", 46, 99000}, {"中国电信", 25, 42000}, {"中国联通", 21, 33000},
	{"中国广电", 3, 1800},   {"京东通信", 1.5, 0},    {"小米移动", 1.2, 0},
	{"阿里通信", 1.0, 0},    {"蜗牛移动", 0.8, 0},    {"苏宁互联", 0.5, 0},
};

static const char *const details[] = {
	"多次致电客服热线未得到解决，要求企业给出明确答复。",
	"企业处理结果不满意，要求退还相关费用。",
	"向企业投诉超过15日未获答复。",
	"营业员承诺的优惠未兑现，要求按承诺执行。",
	"家中信号长期较差，多次报修未改善。",
};

#define N(a) ((int)(sizeof(a) / sizeof *(a)))

static int generate(store *s, const struct reference *ref, long count, uint64_t seed,
                    int32_t today)
{
	struct rng r = {seed * 0x9E3779B97F4A7C15ull + 1};
	double pw[N(provinces)], ew[N(enterprises)];
	for (int i = 0; i < N(provinces); i++)
		pw[i] = provinces[i].weight;
	for (int i = 0; i < N(enterprises); i++)
		ew[i] = enterprises[i].weight;
	const struct enterprise *ents[N(enterprises)];
	for (int i = 0; i < N(enterprises); i++)
		if (!(ents[i] = reference_enterprise(ref, enterprises[i].name,
		                                     strlen(enterprises[i].name)))) {
			cli_error("demo: enterprise %s missing from the reference data",
			          enterprises[i].name);
			return SH_EINVAL;
		}
	int32_t start = today - 730;
	for (long k = 0; k < count; k++) {
		/* Density rising linearly (0.5x to 1.5x) over the two years: more
		 * complaints recently, as the public learns of the online service. */
		double u = uniform(&r);
		int32_t day = start + (int32_t)(730 * (sqrt(0.25 + 2 * u) - 0.5));
		if (day > today)
			day = today;
		struct complaint c = {.closed_at = NO_INSTANT};
		c.received_at = date_start_instant(day, SH_BEIJING_OFFSET) + 8 * 3600 + below(&r, 12 * 3600);
		memcpy(c.province, provinces[pick(&r, pw, N(provinces))].code, 3);
		c.enterprise_id = ents[pick(&r, ew, N(enterprises))]->id;

		const struct category *cats[8];
		size_t nc = reference_categories_on(ref, day, cats, 8);
		const double class_weights[] = {46, 33, 21};
		const struct category *cat = cats[pick(&r, class_weights, (int)(nc < 3 ? nc : 3))];
		c.category_id = cat->id;
		const struct subtopic *subs[32];
		int ns = 0;
		for (size_t i = 0; i < ref->nsubtopics && ns < 32; i++)
			if (ref->subtopics[i].category_id == cat->id)
				subs[ns++] = &ref->subtopics[i];
		const struct subtopic *sub = ns && uniform(&r) < 0.8 ? subs[below(&r, ns)] : NULL;
		c.subtopic_id = sub ? sub->id : 0;

		int age = today - day;
		double x = uniform(&r);
		if (age > 45 || x < (double)age / 60) {
			if (x < 0.05) {
				c.state = COMPLAINT_NOT_ACCEPTED;
			} else if (x < 0.08) {
				c.state = COMPLAINT_ENQUIRY_ANSWERED;
			} else {
				c.state = COMPLAINT_CLOSED;
				const double ow[] = {0, 72, 15, 6, 7};
				c.outcome = (enum complaint_outcome)pick(&r, ow, N(ow));
			}
			int took = c.state == COMPLAINT_CLOSED ? 3 + below(&r, 26) : 1 + below(&r, 5);
			if (took > age)
				took = age;
			c.closed_at = c.received_at + (int64_t)took * 86400 + below(&r, 6 * 3600);
		} else {
			const double sw[] = {30, 6, 14, 0, 0, 28, 14, 8};
			c.state = (enum complaint_state)pick(&r, sw, N(sw));
		}
		char *text = NULL;
		int len = asprintf(&text, "用户反映%s%s问题。%s", sub ? sub->name : cat->name,
		                   sub ? "方面的" : "类", details[below(&r, N(details))]);
		c.description = text;
		c.description_len = len > 0 ? (size_t)len : 0;
		int rc = store_complaint_insert(s, &c, 0);
		free(text);
		if (rc)
			return rc;
	}

	/* Subscriber counts for every quarter shown, plus a year before for 同比. */
	struct period q = period_quarter_of(start);
	q = period_shift(&q, -4);
	struct period last = period_quarter_of(today);
	for (int i = 0; q.first <= last.first; q = period_shift(&q, 1), i++) {
		char key[16];
		period_format(&q, key, sizeof key);
		for (int e = 0; e < N(enterprises); e++) {
			if (!enterprises[e].subs_10k)
				continue;
			int64_t subs = enterprises[e].subs_10k + enterprises[e].subs_10k * i / 200;
			int rc = store_subscribers_put(s, key, ents[e]->id, subs);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int cmd_demo(struct config *cfg, int argc, char **argv)
{
	const char *const own[] = {"complaints=", "seed=", NULL};
	if (cli_take_options(cfg, &argc, argv, own))
		return EXIT_USAGE;
	long count = 4000, seed = 1;
	for (int i = 1; i < argc; i++) {
		long *target = strncmp(argv[i], "--complaints", 12) == 0 ? &count
		             : strncmp(argv[i], "--seed", 6) == 0        ? &seed
		                                                         : NULL;
		const char *v = target ? strchr(argv[i], '=') : NULL;
		v = v ? v + 1 : (target && i + 1 < argc ? argv[++i] : NULL);
		char *end;
		errno = 0;
		long n = v ? strtol(v, &end, 10) : -1;
		if (!target || !v || errno || *end || n < 0 || n > 10000000) {
			cli_error("demo: unexpected argument '%s' (see shensu demo --help)", argv[i]);
			return EXIT_USAGE;
		}
		*target = n;
	}
	store *s;
	if (cli_open_store(cfg, &s))
		return EXIT_FAIL;
	int rc = EXIT_FAIL;
	bool created;
	char err[512] = "";
	struct reference ref;
	reference_init(&ref);
	int64_t existing = 0;
	if (seed_database(s, &created, err, sizeof err)) {
		cli_error("demo: %s", err);
		goto out;
	}
	if (cli_load_reference(s, &ref) || store_complaint_count(s, &existing))
		goto out;
	if (existing) {
		cli_error("demo: %s already holds %lld complaints; demo data go into a new database",
		          cfg->db, (long long)existing);
		goto out;
	}
	if (store_begin(s) == 0) {
		int err2 = generate(s, &ref, count, (uint64_t)seed, date_today());
		if (err2 == 0)
			err2 = store_commit(s);
		else
			store_rollback(s);
		if (err2) {
			cli_error("demo: %s", store_error(s));
			goto out;
		}
	}
	printf("demo data: %ld complaints over the two years to today, with subscriber counts, in %s\n",
	       count, cfg->db);
	rc = EXIT_OK;
out:
	reference_free(&ref);
	store_close(s);
	return rc;
}
