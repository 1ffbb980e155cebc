/* shensu demo: a realistic, reproducible demo data set. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/casework.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/error.h"
#include "core/secret.h"
#include "domain/lifecycle.h"
#include "domain/period.h"
#include "domain/report.h"
#include "domain/routing.h"
#include "render/render.h"
#include <time.h>

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
	{"63", 0.5}, {"64", 0.6}, {"65", 2}, {PROVINCE_NATIONAL, 1},
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

/* The first demo case can be tracked with this code (printed by demo). */
#define DEMO_QUERY_CODE "DEMO2026CASE"
/* Every demo account has this password: demo databases only. */
#define DEMO_PASSWORD "demo-password"

static const char *const names[] = {"张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏",
                                    "黄强", "周杰", "吴婷", "徐明", "孙丽", "马超", "朱琳"};
static const char *const streets[] = {"人民", "建设", "解放", "中山", "和平", "新华", "长江"};
static const char *const demands[] = {"要求退还多收取的费用", "要求取消未经同意开通的业务",
                                      "要求尽快修复网络故障", "要求按宣传内容兑现优惠",
                                      "要求赔礼道歉并改进服务"};
static const char *const reasons[] = {"time_barred_billing", "operator_not_first", "no_demand",
                                      "agency_handled"};

static const char *step_comment(enum complaint_action a)
{
	switch (a) {
	case ACTION_REQUEST_SUPPLEMENT:
		return "请补充与企业沟通的记录及相关账单截图。";
	case ACTION_REPLY:
		return "经核实，已与用户联系并按用户要求处理。";
	case ACTION_MEDIATION_AGREEMENT:
		return "经调解，双方达成一致，企业退还相关费用。";
	case ACTION_MEDIATION_FAILED:
		return "经调解，双方未达成一致，已告知用户可申请仲裁或提起诉讼。";
	default:
		return NULL;
	}
}

/* The actions that take a case of this age to a plausible state. */
static int demo_path(struct rng *r, int age, enum complaint_action *out)
{
	static const enum complaint_action handled[] = {ACTION_ACCEPT, ACTION_FORWARD, ACTION_REPLY};
	int n = 0;
	double x = uniform(r);
	if (age > 45 || x < (double)age / 60) { /* finished */
		if (x < 0.05) {
			out[n++] = ACTION_REJECT;
		} else if (x < 0.08) {
			out[n++] = ACTION_ANSWER_ENQUIRY;
		} else if (x < 0.14) {
			out[n++] = ACTION_ACCEPT;
			out[n++] = ACTION_WITHDRAW;
		} else {
			for (int i = 0; i < 3; i++)
				out[n++] = handled[i];
			double y = uniform(r);
			if (y < 0.78) {
				out[n++] = ACTION_CLOSE;
			} else {
				out[n++] = ACTION_START_MEDIATION;
				out[n++] = y < 0.93 ? ACTION_MEDIATION_AGREEMENT : ACTION_MEDIATION_FAILED;
			}
		}
		return n;
	}
	/* still open: stop part-way, in proportions a queue shows */
	static const enum complaint_action forwarded[] = {ACTION_ACCEPT, ACTION_FORWARD, ACTION_REPLY,
	                                                  ACTION_START_MEDIATION};
	const double w[] = {30, 6, 14, 28, 14, 8};
	int stop = pick(r, w, N(w)); /* submitted, supplement, accepted, forwarded, replied, mediation */
	if (stop == 1)
		out[n++] = ACTION_REQUEST_SUPPLEMENT;
	else
		for (int i = 0; i < stop - 1; i++)
			out[n++] = forwarded[i];
	return n;
}

/* Complaints filed and handled through the same use cases as the service's
 * (app/casework.h), with the configured reply period. */
static int generate(const struct casework *w, long count, uint64_t seed, int32_t today,
                    char *sample)
{
	store *s = w->s;
	const struct reference *ref = w->ref;
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
		struct complaint c = {.closed_at = NO_INSTANT, .outcome = OUTCOME_NONE};
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

		char phone[40], address[160], text[512];
		snprintf(phone, sizeof phone, "1%d%d%08d", 3 + below(&r, 7), below(&r, 10),
		         below(&r, 100000000));
		const struct province *p = reference_province_code(ref, c.province);
		snprintf(address, sizeof address, "%s%s路%d号%d室", p->national ? "北京市" : p->name,
		         streets[below(&r, N(streets))], 1 + below(&r, 300), 101 + below(&r, 20) * 100);
		snprintf(text, sizeof text, "用户反映%s%s问题。%s", sub ? sub->name : cat->name,
		         sub ? "方面的" : "类", details[below(&r, N(details))]);
		char city[32];
		snprintf(city, sizeof city, "%s市", p->national ? "北京" : p->short_name);
		c.name = names[below(&r, N(names))];
		c.phone = phone;
		c.address = address;
		c.city = city;
		c.demand = demands[below(&r, N(demands))];
		c.description = text;
		c.description_len = strlen(text);
		c.event_day = day - 20 - below(&r, 60);
		c.operator_answer = uniform(&r) < 0.7 ? OPERATOR_UNSATISFIED : OPERATOR_NO_ANSWER;
		c.operator_day = c.event_day + 1 + below(&r, 3);
		char code[QUERY_CODE_LEN + 1], hash[SECRET_HASH_LEN + 1];
		if (k == 0)
			snprintf(code, sizeof code, "%s", DEMO_QUERY_CODE);
		else
			secret_query_code(code, QUERY_CODE_LEN);
		secret_hash(code, hash);
		int rc = casework_file(w, &c, day, hash);
		if (rc == SH_ENOSCHEDULE)
			continue; /* a day the calendar cannot place: leave it out */
		if (rc)
			return rc;
		if (k == 0)
			snprintf(sample, CASE_NO_MAX, "%s", c.case_no);

		/* Walk it to a state fitting its age, through the real state machine,
		 * so its history and deadlines are what the rules make them. */
		int age = today - day;
		enum complaint_action path[8];
		int n = demo_path(&r, age, path);
		int64_t t = c.received_at;
		int64_t span = (int64_t)(age < 28 ? age : 3 + below(&r, 25)) * 86400;
		for (int step = 0; step < n; step++) {
			t += span / (n + 1) + below(&r, 3600);
			if (t > (int64_t)time(NULL))
				break;
			struct actor who = {.role = path[step] == ACTION_REPLY ? ROLE_ENTERPRISE_STAFF
			                           : path[step] == ACTION_WITHDRAW ? ROLE_COMPLAINANT
			                                                            : ROLE_AGENCY_STAFF};
			memcpy(who.province, c.province, 3);
			who.enterprise_id = c.enterprise_id;
			struct transition tr = {.action = path[step], .now = t};
			tr.reason = path[step] == ACTION_REJECT ? reasons[below(&r, N(reasons))] : NULL;
			tr.comment = step_comment(path[step]);
			struct complaint after;
			struct transition_error te;
			rc = casework_apply(w, &c, &who, &tr, c.version, NULL, &after, &te);
			if (rc && te.code)
				break; /* the rules refused this step: the case stays where it is */
			if (rc)
				return rc;
			c = after;
		}
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

/* ---- 12321 reports ------------------------------------------------------------ */

static const char *const app_names[] = {"极速清理大师", "天天领红包", "附近约玩", "免费小说阅读",
                                        "手电筒专业版", "超级省电", "快乐消消乐", "掌上借款",
                                        "高清壁纸", "随手记账本", "WiFi万能密码", "步数赚钱"};
static const char *const app_stores[] = {"华为应用市场", "小米应用商店", "OPPO软件商店",
                                         "vivo应用商店", "应用宝"};
static const char *const sms_texts[] = {"【某银行】您的积分即将清零，点击链接兑换",
                                        "您的快递丢失，理赔请加客服微信", "低息贷款，当天放款",
                                        "恭喜您获得iPhone一部，请点击领取"};

/* Two years of reports, a pool of numbers that recur (nuisance callers call
 * many people), monthly dispatch lists with most disposals reported, a few
 * ported numbers, and apps at each step of their pipeline. */
static int generate_reports(store *s, const struct reference *ref, uint64_t seed, int32_t today,
                            long count)
{
	struct rng r = {seed * 7919 + 17};
	enum { POOL = 1500 };
	static char pool[POOL][NUMBER_MAX];
	for (int i = 0; i < POOL; i++) {
		static const char *const heads[] = {"138", "139", "135", "186", "133", "189", "177",
		                                    "192", "170", "1065"};
		const char *h = heads[below(&r, 10)];
		snprintf(pool[i], sizeof pool[i], "%s%0*d", h, (int)(11 - strlen(h)),
		         below(&r, 100000000) % (strcmp(h, "1065") == 0 ? 10000000 : 100000000));
		if (strcmp(h, "1065") == 0) /* an SMS port: 1065 + 8 digits */
			snprintf(pool[i], sizeof pool[i], "1065%08d", below(&r, 100000000));
	}
	/* A few numbers moved to another operator. */
	const struct enterprise *telecom = reference_enterprise(ref, "中国电信", strlen("中国电信"));
	for (int i = 0; i < 20; i++) {
		char digits[NUMBER_MAX], why[64];
		if (number_normalize(pool[i], strlen(pool[i]), digits, why, sizeof why) == NUMBER_MOBILE &&
		    strncmp(digits, "13", 2) == 0 && telecom) {
			int rc = store_ported_put(s, digits, telecom->id, today - 400 + i);
			if (rc)
				return rc;
		}
	}
	int32_t start = today - 730;
	int64_t per_day = count / 730 + 1;
	int month_seen = 0;
	struct arena a;
	arena_init(&a, 0);
	int rc = 0;
	for (int32_t day = start; rc == 0 && day <= today; day++) {
		int y, m, d;
		date_to_ymd(day, &y, &m, &d);
		if (d == 1 && month_seen && day < today - 20) {
			/* The month's lists, due in two weeks; operators answer most. */
			struct dispatch *made;
			size_t n;
			int64_t at = date_start_instant(day, SH_BEIJING_OFFSET) + 2 * 3600;
			struct dispatch_due due = {.due = day + 14};
			if ((rc = store_dispatch_create(s, at, &due, &a, &made, &n)))
				break;
			for (size_t i = 0; rc == 0 && i < n; i++) {
				struct dispatch_item *items;
				size_t k;
				if ((rc = store_dispatch_items(s, made[i].id, &a, &items, &k)))
					break;
				for (size_t j = 0; rc == 0 && j < k; j++)
					if (day < today - 60 || below(&r, 3) == 0)
						rc = store_disposal_set(s, made[i].id, items[j].number,
						                        (enum disposal)(1 + below(&r, DISPOSAL_COUNT - 1)),
						                        NULL, at + 86400 * (1 + below(&r, 12)));
			}
		}
		month_seen = 1;
		int64_t n = per_day / 2 + below(&r, (int)per_day + 1);
		for (int64_t i = 0; rc == 0 && i < n; i++) {
			struct report rep = {.reported_at = date_start_instant(day, SH_BEIJING_OFFSET) +
			                                    8 * 3600 + below(&r, 13 * 3600),
			                     .occurred_at = NO_INSTANT};
			static const double weights[REPORT_KIND_COUNT] = {45, 15, 9, 7, 16};
			rep.kind = (enum report_kind)pick(&r, weights, REPORT_KIND_COUNT);
			int64_t operator_id = 0;
			if (rep.kind == REPORT_BAD_APP) {
				int app = below(&r, N(app_names));
				rep.app_name = app_names[app];
				rep.app_package = arena_printf(&a, "com.demo.app%02d", app);
				rep.app_store = app_stores[app % N(app_stores)];
				rep.target_kind = NUMBER_INVALID;
			} else {
				/* a fifth of the pool draws most of the reports */
				const char *num = pool[below(&r, 5) ? below(&r, POOL / 5) : below(&r, POOL)];
				char why[64];
				rep.target_kind = number_normalize(num, strlen(num), rep.target, why, sizeof why);
				struct number_route route;
				if (routing_resolve(ref, rep.target, rep.target_kind, 0, &route) == 0)
					operator_id = route.operator_id;
				if (rep.kind == REPORT_SPAM_SMS || rep.kind == REPORT_FRAUD_SMS) {
					rep.content = sms_texts[below(&r, N(sms_texts))];
					rep.content_len = strlen(rep.content);
				}
			}
			rc = store_report_insert(s, &rep, operator_id, 0);
		}
	}
	/* Apps: the most reported are notified; some rectified, named or removed. */
	struct app_record *apps;
	size_t napps;
	if (rc == 0 && (rc = store_app_list(s, -1, 100, &a, &apps, &napps)) == 0)
		for (size_t i = 0; rc == 0 && i < napps && i < 9; i++) {
			struct app_record x = apps[i];
			x.state = APP_NOTIFIED;
			x.notified_on = today - 90 + (int32_t)i * 5;
			x.deadline = x.notified_on + 30;
			if (i % 3 == 1) {
				x.state = APP_RECTIFIED;
				x.rectified_on = x.notified_on + 20;
			} else if (i % 3 == 2 && x.deadline < today) {
				x.state = i < 5 ? APP_REMOVED : APP_NAMED;
				x.named_on = x.deadline + 1;
				if (x.state == APP_REMOVED)
					x.removed_on = x.named_on + 7;
			}
			rc = store_app_update(s, &x, apps[i].version);
		}
	arena_free(&a);
	return rc;
}

static const struct {
	const char *name, *role, *province, *enterprise;
} demo_users[] = {
	{"admin", "admin", NULL, NULL},
	{"regulator", "regulator", NULL, NULL},
	{"regulator2", "regulator", NULL, NULL},  /* the second pair of eyes on publishing */
	{"regulator_gd", "regulator", "44", NULL}, /* 广东省通信管理局 */
	{"national", "agency_staff", PROVINCE_NATIONAL, NULL},
	{"guangdong", "agency_staff", "44", NULL},
	{"beijing", "agency_staff", "11", NULL},
	{"cmcc", "enterprise_staff", NULL, "中国移动"},
	{"cmcc_gd", "enterprise_staff", "44", "中国移动"},
	{"telecom", "enterprise_staff", NULL, "中国电信"},
	{"unicom", "enterprise_staff", NULL, "中国联通"},
	{"center12321", "report_staff", NULL, NULL},
};

/* One account per role and scope, all with DEMO_PASSWORD (hashed once: the
 * same salt for every demo account is acceptable only because they are demo). */
static int add_users(store *s, const struct reference *ref)
{
	char hash[SECRET_PASSWORD_HASH_MAX];
	int rc = secret_password_hash(DEMO_PASSWORD, hash);
	for (int i = 0; rc == 0 && i < N(demo_users); i++) {
		struct user u = {.name = demo_users[i].name};
		role_parse(demo_users[i].role, strlen(demo_users[i].role), &u.actor.role);
		if (demo_users[i].province)
			memcpy(u.actor.province, demo_users[i].province, 3);
		if (demo_users[i].enterprise)
			u.actor.enterprise_id = reference_enterprise(ref, demo_users[i].enterprise,
			                                             strlen(demo_users[i].enterprise))->id;
		rc = store_user_add(s, &u, hash);
	}
	return rc;
}

int cmd_demo(struct config *cfg, int argc, char **argv)
{
	const char *const own[] = {"complaints=", "seed=", "if-new", NULL};
	if (cli_take_options(cfg, &argc, argv, own))
		return EXIT_USAGE;
	long count = 4000, seed = 1;
	bool if_new = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--if-new") == 0) {
			if_new = true;
			continue;
		}
		const char *v = NULL;
		long *target = cli_option(argc, argv, &i, "complaints", &v) ? &count
		             : cli_option(argc, argv, &i, "seed", &v)       ? &seed
		                                                            : NULL;
		char *end;
		errno = 0;
		long n = v && *v ? strtol(v, &end, 10) : -1;
		if (!target || n < 0 || errno || *end || n > 10000000) {
			cli_error("demo: unexpected argument '%s' (see shensu demo --help)", argv[i]);
			return EXIT_USAGE;
		}
		*target = n;
	}
	char shown[512], err[512] = "";
	store_url_redact(cfg->db, shown, sizeof shown);
	int existed = if_new ? store_exists(cfg->db, err, sizeof err) : 0;
	if (existed && existed != SH_ENOTFOUND) {
		cli_error("demo: %s", err);
		return EXIT_FAIL;
	}
	store *s;
	if (cli_create_store(cfg, &s))
		return EXIT_FAIL;
	int rc = EXIT_FAIL;
	bool created;
	struct reference ref;
	reference_init(&ref);
	int64_t existing = 0;
	calendar *cal = NULL;
	char sample[CASE_NO_MAX] = "";
	if (seed_database(s, &created, err, sizeof err)) {
		cli_error("demo: %s", err);
		goto out;
	}
	if (if_new && !created) {
		fprintf(stderr, "%s is initialised already: left as it is (for a fresh demo, delete it "
		                "or give another --db)\n",
		        shown);
		rc = EXIT_OK;
		goto out;
	}
	if (if_new && existed == 0) /* an empty file, or one an older shensu left empty */
		fprintf(stderr, "%s had no reference data (an empty database): filling it with the "
		                "demo data\n",
		        shown);
	if (cli_load_reference(s, &ref) || store_complaint_count(s, &existing))
		goto out;
	if (existing) {
		cli_error("demo: %s already holds %lld complaints; demo data go into a new database",
		          shown, (long long)existing);
		goto out;
	}
	if (cli_load_calendar(s, &cal))
		goto out;
	long surge = 0; /* complaints demo_warning added */
	if (store_begin(s) == 0) {
		int err2 = add_users(s, &ref);
		if (err2 == 0)
			err2 = generate(&(struct casework){.s = s, .cal = cal, .ref = &ref,
			                                   .reply_days = (int)cfg->operator_reply_days},
			                count, (uint64_t)seed, date_today(), sample);
		if (err2 == 0)
			err2 = generate_reports(s, &ref, (uint64_t)seed, date_today(), count);
		if (err2 == 0)
			err2 = demo_warning(&(struct casework){.s = s, .cal = cal, .ref = &ref,
			                                       .reply_days = (int)cfg->operator_reply_days},
			                    (uint64_t)seed, date_today(), &surge);
		if (err2 == 0)
			err2 = demo_supervision(s, &ref, (uint64_t)seed, date_today());
		if (err2 == 0)
			err2 = store_commit(s);
		else
			store_rollback(s);
		if (err2) {
			cli_error("demo: %s", store_error(s));
			goto out;
		}
	}
	printf("demo data: %ld complaints and about as many 12321 reports over the two years to "
	       "today, with subscriber counts, and %ld more complaints of 中国移动's 5G service in "
	       "广东 over the last 74 days (a surge in the last four, for early warning), in %s\n"
	       "demo accounts (password %s): ",
	       count, surge, shown, DEMO_PASSWORD);
	for (int i = 0; i < N(demo_users); i++)
		printf("%s%s", i ? ", " : "", demo_users[i].name);
	printf("\ntrack case %s with query code %s\n", sample, DEMO_QUERY_CODE);
	rc = EXIT_OK;
out:
	calendar_free(cal);
	reference_free(&ref);
	store_close(s);
	render_release(); /* the demo published a notice */
	return rc;
}
