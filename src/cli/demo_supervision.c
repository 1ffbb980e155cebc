/* The demo's supervision records: two years of enforcement actions by the
 * ministry and the provincial administrations, bad-list entries, inspections,
 * app testing with the app pipeline's steps, equipment sampling, the
 * ministry's text for the last complete quarter, and the quarter before it
 * published. All through the same use cases as the API and the imports, so
 * every record is checked and has its event. Reproducible for a seed. */
#include <stdio.h>
#include <string.h>

#include "app/notice_publish.h"
#include "app/supervision.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/period.h"

struct gen {
	uint64_t s;
	struct supervision_ctx c;
	struct arena a;
};

static uint64_t next(struct gen *g)
{
	g->s ^= g->s >> 12; /* xorshift64* */
	g->s ^= g->s << 25;
	g->s ^= g->s >> 27;
	return g->s * 2685821657736338717ull;
}

static int below(struct gen *g, int n)
{
	return (int)((next(g) >> 11) % (uint64_t)n);
}

/* A day of the quarter, not after today. */
static int32_t day_in(struct gen *g, const struct period *q, int32_t today)
{
	int32_t last = q->last < today ? q->last : today;
	return q->first + below(g, last - q->first + 1);
}

static const char *const provinces[] = {"11", "31", "32", "33", "35", "37", "41",
                                        "42", "43", "44", "50", "51", "61"};
static const char *const groups[] = {"中国移动", "中国电信", "中国联通"};
static const char *const resellers[] = {"京东通信", "小米移动", "阿里通信", "蜗牛移动", "苏宁互联"};
static const char *const firm_words[] = {"星辰", "云讯", "恒达", "安信", "博远", "鼎盛", "汇通", "嘉禾"};
static const char *const issuers[] = {"京", "沪", "苏", "浙", "闽", "鲁", "豫",
                                      "鄂", "湘", "粤", "渝", "川", "陕"};
static const char *const topics[] = {"携号转网", "垃圾信息", "营销宣传", "资费收费",
                                     "个人信息保护", "5G服务", "骚扰电话", "宽带接入"};

#define N(a) ((int)(sizeof(a) / sizeof *(a)))
#define FIRMS 24

/* A provincial branch of a basic operator, by name. */
static const char *branch(struct gen *g, const char *province)
{
	const struct enterprise *grp = reference_enterprise(g->c.ref, groups[below(g, 3)],
	                                                    strlen(groups[0]));
	const struct enterprise *b = grp ? reference_branch(g->c.ref, grp->id, province) : NULL;
	return b ? b->name : groups[0];
}

/* Value-added firm i of the demo, with its licence number. */
static void firm(struct gen *g, int i, struct licensee *out)
{
	int p = i % N(provinces);
	const struct province *pv = reference_province_code(g->c.ref, provinces[p]);
	out->name = arena_printf(&g->a, "%s%s%02d网络科技有限公司", pv ? pv->short_name : "",
	                         firm_words[i % N(firm_words)], i + 1);
	out->licence_no = arena_printf(&g->a, "%sB2-2019%04d", issuers[p], i + 1);
}

/* A record the domain refused is a bug of the demo: say which. */
static int fail(int rc, const struct record_error *err, const char *what)
{
	if (rc == SH_EINVAL || rc == SH_EFORBIDDEN || rc == SH_ECONFLICT)
		cli_error("demo %s: %s: %s", what, err->field ? err->field : "", err->message);
	return rc;
}

static int action(struct gen *g, int32_t day, const char *authority, enum measure m,
                  const char *topic, struct licensee *parties, size_t n, int64_t *id)
{
	struct enforcement_action x = {.decided_on = day, .measure = m, .topic = topic,
	                               .parties = parties, .nparties = n,
	                               .amount_yuan = NO_AMOUNT};
	snprintf(x.authority, sizeof x.authority, "%s", authority);
	if (m == MEASURE_PENALTY) {
		const struct province *p = reference_province_code(g->c.ref, authority);
		int y, mo, d;
		date_to_ymd(day, &y, &mo, &d);
		x.document_no = arena_printf(&g->a, "%s通管罚〔%d〕%d号",
		                             p && !p->national ? p->short_name : "工信部", y,
		                             10 + below(g, 200));
		x.amount_yuan = 10000 * (1 + below(g, 10));
	}
	struct record_error err;
	int rc = supervision_action_record(&g->c, &x, &g->a, &err);
	if (rc == 0 && id)
		*id = x.id;
	return rc ? fail(rc, &err, "enforcement") : 0;
}

static int quarter_actions(struct gen *g, const struct period *q, int32_t today)
{
	static const enum measure measures[] = {MEASURE_RECTIFICATION, MEASURE_CRITICISM,
	                                        MEASURE_INTERVIEW, MEASURE_RECTIFICATION,
	                                        MEASURE_INTERVIEW, MEASURE_PENALTY};
	int rc = 0;
	for (int p = 0; rc == 0 && p < N(provinces); p++) {
		int n = 2 + below(g, 6);
		for (int i = 0; rc == 0 && i < n; i++) {
			struct licensee one = {0};
			enum measure m = measures[below(g, N(measures))];
			const char *topic = topics[below(g, N(topics))];
			int64_t id = 0;
			int32_t day = day_in(g, q, today);
			bool value_added = strcmp(topic, "垃圾信息") == 0 || strcmp(topic, "个人信息保护") == 0;
			if (value_added)
				firm(g, below(g, FIRMS), &one);
			else
				one.name = branch(g, provinces[p]);
			rc = action(g, day, provinces[p], m, topic, &one, 1, &id);
			/* A penalised firm goes on the bad-record list the same day. */
			if (rc == 0 && m == MEASURE_PENALTY && value_added) {
				struct badlist_entry e = {.enterprise = one, .list = BADLIST_BAD_RECORD,
				                          .listed_on = day, .reason = "行政处罚",
				                          .action_id = id};
				struct record_error err;
				memcpy(e.authority, provinces[p], 3);
				rc = supervision_badlist_record(&g->c, &e, &g->a, &err);
				rc = rc ? fail(rc, &err, "badlist") : 0;
			}
		}
	}
	/* The ministry criticises operators over fraud, many at once. */
	if (rc == 0) {
		/* Three resellers, then one operator's branch per province. */
		size_t n = 8 + (size_t)below(g, 8);
		struct licensee *many = arena_calloc(&g->a, n, sizeof *many);
		for (size_t i = 0; i < n; i++) {
			const struct province *pv =
				reference_province_code(g->c.ref, provinces[(i + 10) % N(provinces)]);
			many[i].name = i < 3 ? resellers[i]
			                     : arena_printf(&g->a, "%s%s分公司", groups[i % 3],
			                                    pv ? pv->short_name : "");
		}
		rc = action(g, day_in(g, q, today), PROVINCE_NATIONAL, MEASURE_CRITICISM,
		            "电信网络诈骗防范", many, n, NULL);
	}
	return rc;
}

static int quarter_inspections(struct gen *g, const struct period *q, int32_t today, int k)
{
	static const char *const inspected[] = {"不正当竞争", "携号转网", "营销宣传"};
	const char *topic = inspected[k % N(inspected)];
	int rc = 0, nprov = 4 + below(g, 4);
	for (int p = 0; rc == 0 && p < nprov; p++) {
		const char *code = provinces[(p * 3 + k) % N(provinces)];
		for (int i = 0, n = 2 + below(g, 5); rc == 0 && i < n; i++) {
			struct inspection x = {.inspected_on = day_in(g, q, today), .topic = topic,
			                       .kind = below(g, 4) ? INSPECTION_ON_SITE : INSPECTION_UNANNOUNCED,
			                       .finding = below(g, 5) ? "未发现问题" : "发现问题，已要求整改"};
			memcpy(x.authority, code, 3);
			x.enterprise.name = branch(g, code);
			struct record_error err;
			rc = supervision_inspection_record(&g->c, &x, &g->a, &err);
			rc = rc ? fail(rc, &err, "inspection") : 0;
		}
	}
	return rc;
}

static int quarter_apps(struct gen *g, const struct period *q, int32_t today, int k)
{
	static const char *const stores[] = {"华为应用市场", "小米应用商店", "OPPO软件商店", "应用宝"};
	static const char *const problems[] = {"违规收集使用个人信息", "强制、频繁、过度索权",
	                                       "欺骗误导用户下载"};
	int rc = 0;
	for (int i = 0; rc == 0 && i < N(stores); i++) {
		struct app_test_batch b = {.tested_on = day_in(g, q, today), .app_store = stores[i],
		                           .apps_tested = 10000 * (2 + below(g, 6))};
		memcpy(b.authority, PROVINCE_NATIONAL, 3);
		struct record_error err;
		rc = supervision_app_test_record(&g->c, &b, &g->a, &err);
		rc = rc ? fail(rc, &err, "app test") : 0;
	}
	/* Apps found: notified early in the quarter, some named after the
	 * deadline, some of those removed. */
	int32_t last = q->last < today ? q->last : today;
	for (int i = 0, n = 12 + below(g, 12); rc == 0 && i < n; i++) {
		struct app_step st = {.package = arena_printf(&g->a, "com.demo.q%d.app%02d", k, i),
		                      .name = arena_printf(&g->a, "演示应用%d-%02d", k, i),
		                      .app_store = stores[i % N(stores)], .action = APP_NOTIFY,
		                      .day = q->first + below(g, 20), .expected_version = -1,
		                      .problem = problems[below(g, N(problems))]};
		st.deadline = st.day + 15;
		if (st.day > today)
			break;
		struct app_record app;
		struct record_error err;
		rc = supervision_app_action(&g->c, &st, &g->a, &app, &err);
		int fate = below(g, 3);
		st.problem = NULL;
		if (rc == 0 && fate && st.deadline + 5 <= last) {
			st.action = APP_NAME;
			st.day = st.deadline + 1 + below(g, 4);
			rc = supervision_app_action(&g->c, &st, &g->a, &app, &err);
			if (rc == 0 && fate == 2 && st.day + 7 <= last) {
				st.action = APP_REMOVE;
				st.day += 7;
				rc = supervision_app_action(&g->c, &st, &g->a, &app, &err);
			}
		} else if (rc == 0 && st.day + 10 <= last) {
			st.action = APP_RECTIFY;
			st.day += 10;
			rc = supervision_app_action(&g->c, &st, &g->a, &app, &err);
		}
		rc = rc ? fail(rc, &err, "app action") : 0;
	}
	return rc;
}

static int quarter_equipment(struct gen *g, const struct period *q, int32_t today, int k)
{
	static const char *const products[] = {"光网络终端", "无线路由器", "移动电话机", "交换机"};
	int rc = 0;
	for (int m = 0, n = 6 + below(g, 6); rc == 0 && m < n; m++) {
		struct equipment_sample x = {.sampled_on = day_in(g, q, today),
		                             .product = products[(m + k) % N(products)],
		                             .passed = below(g, 6) != 0};
		memcpy(x.authority, PROVINCE_NATIONAL, 3);
		const struct province *pv = reference_province_code(g->c.ref, provinces[m % N(provinces)]);
		x.manufacturer.name = arena_printf(&g->a, "%s通信设备%02d有限公司", pv->short_name, m + 10 * (k % 3));
		x.model = arena_printf(&g->a, "DM-%d%02d", k, m);
		x.licence_no = arena_printf(&g->a, "02-%04d-%d%02d", 7000 + m, 2020 + k / 4, m);
		x.problem = x.passed ? NULL : below(g, 2) ? "发射功率超标" : "频率容限不合格";
		struct record_error err;
		rc = supervision_equipment_record(&g->c, &x, &g->a, &err);
		rc = rc ? fail(rc, &err, "equipment") : 0;
	}
	return rc;
}

static const char work_text[] =
	"# 贯彻落实党中央、国务院工作部署情况\n\n"
	"（一）推动解决老年人运用智能技术困难的问题。要求基础电信企业在老年人生活聚集区保留一定比例的"
	"线下营业厅，增设方便快捷的“一键进入”老年人客服人工专席。\n\n"
	"（二）推动提升5G服务水平。要求基础电信企业健全“四个提醒”机制，严守“四条营销红线”，切实维护"
	"用户权益。\n";
static const char tips_text[] =
	"（一）各基础电信企业在服务密码重置、解除号码挂失等涉及用户身份的敏感环节，要在方便用户办理"
	"业务的同时强化安全防护。\n\n"
	"（二）提醒广大用户提高个人信息安全防范意识，切勿轻信来历不明的电话、短信、链接，并通过12321"
	"受理中心、电信企业客服等渠道及时举报。\n";

/* The last complete quarter gets the ministry's text; the one before it is
 * published, as the ministry would have done some six weeks after it ended. */
static int notices(struct gen *g, int32_t today)
{
	struct period cur = period_quarter_of(today);
	struct period last = period_shift(&cur, -1), before = period_shift(&cur, -2);
	struct notice_desk d = {.s = g->c.s, .ref = g->c.ref, .os_user = "shensu demo",
	                        .today = today, .now = g->c.now};
	struct record_error err = {0};
	int rc = 0;
	for (int i = 0; rc == 0 && i < 2; i++) {
		const struct period *p = i ? &last : &before;
		rc = notice_text_edit(&d, p, NOTICE_SECTION_WORK, work_text, -1, &err);
		if (rc == 0)
			rc = notice_text_edit(&d, p, NOTICE_SECTION_TIPS, tips_text, -1, &err);
	}
	int32_t date = before.last + 42;
	if (rc == 0 && date <= today) {
		struct publication pub;
		int y, m, dd;
		date_to_ymd(date, &y, &m, &dd);
		const char *doc = arena_printf(&g->a, "工信部信管函〔%d〕%d号", y, 60 + below(g, 40));
		rc = notice_publish(&d, &before, doc, date, NULL, &g->a, &pub, &err);
	}
	return rc ? fail(rc, &err, "notice") : 0;
}

int demo_supervision(store *s, const struct reference *ref, uint64_t seed, int32_t today)
{
	struct gen g = {.s = seed * 0x9E3779B97F4A7C15ull + 15};
	g.c = (struct supervision_ctx){.s = s, .ref = ref, .topics = topics_builtin(),
	                               .os_user = "shensu demo", .today = today,
	                               .now = date_now()};
	arena_init(&g.a, 1 << 16);
	struct period q = period_quarter_of(today);
	q = period_shift(&q, -8);
	int rc = 0;
	for (int k = 0; rc == 0 && k <= 8; k++, q = period_shift(&q, 1)) {
		if ((rc = quarter_actions(&g, &q, today)) || (rc = quarter_inspections(&g, &q, today, k)) ||
		    (rc = quarter_apps(&g, &q, today, k)) || (rc = quarter_equipment(&g, &q, today, k)))
			break;
		arena_free(&g.a);
		arena_init(&g.a, 1 << 16);
	}
	if (rc == 0)
		rc = notices(&g, today);
	arena_free(&g.a);
	return rc;
}
