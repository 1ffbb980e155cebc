/* Demo data for early warning (热点预警): one 5G surge in one province, so the
 * regulator's page shows something real. 中国移动's 5G service complaints in
 * 广东 run at about two a working day (fewer at weekends) for ten weeks,
 * handled and closed; in the last three days and today, a dozen a day say
 * their 5G package was slowed down (降速). The rest of the demo is too thin
 * for a series to rise that clearly by chance. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/casework.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/error.h"
#include "core/secret.h"

static const char *const usual[] = {
	"5G信号覆盖不稳定，室内经常回落到4G，多次报修未解决，要求尽快处理。",
	"办理业务时营业员承诺的优惠未兑现，要求按承诺执行。",
	"开通5G服务后客服热线长时间无人接听，要求企业给出答复。",
	"宣传的网络在小区内无法使用，要求说明覆盖范围。",
	"账单出现不明费用，营业厅不能给出解释，要求退还。",
	"5G终端补贴承诺未兑现，合约到期后仍被扣费，要求退还。",
	"办理的业务一直无法使用，多次联系企业未获答复，要求处理。",
};
static const char *const surge[] = {
	"办理5G套餐后网速明显降速，每月流量未用完就被限速，要求恢复原速率。",
	"5G套餐被降速，客服称是达量限速，办理时未告知，要求赔偿。",
	"升级5G套餐后网速经常降速，只有几百K，要求退还套餐费用。",
	"5G套餐降速严重，营业厅说是系统调整，要求恢复并说明原因。",
	"本月起5G套餐无故降速，影响工作，要求恢复网速。",
	"5G套餐承诺不限速，实际使用中频繁降速，要求按宣传兑现。",
};
#define N(a) ((int)(sizeof(a) / sizeof *(a)))

static uint64_t step(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static double uniform(uint64_t *s)
{
	return (double)(step(s) >> 11) / 9007199254740992.0;
}

static int poisson(uint64_t *s, double mean)
{
	double l = exp(-mean), p = 1;
	int k = -1;
	do {
		k++;
		p *= uniform(s);
	} while (p > l);
	return k;
}

int demo_warning(const struct casework *w, uint64_t seed, int32_t today)
{
	const struct reference *ref = w->ref;
	const struct enterprise *op = reference_enterprise(ref, "中国移动", strlen("中国移动"));
	const struct category *cats[8];
	const struct subtopic *sub = NULL;
	size_t nc = reference_categories_on(ref, today, cats, 8);
	for (size_t i = 0; i < nc && !sub; i++)
		sub = reference_subtopic(ref, cats[i]->id, "5G服务", strlen("5G服务"));
	if (!op || !sub)
		return 0; /* reference data without them: no demo surge */
	uint64_t r = seed * 0x2545F4914F6CDD1Dull + 77;
	int64_t now = date_now();
	int rc = 0;
	for (int32_t day = today - 73; rc == 0 && day <= today; day++) {
		bool surging = day >= today - 3;
		bool working = date_weekday(day) <= 5;
		if (w->cal)
			calendar_is_working_day(w->cal, day, &working);
		int n = poisson(&r, surging ? 12 : working ? 2.2 : 1.1);
		for (int k = 0; rc == 0 && k < n; k++) {
			struct complaint c = {.closed_at = NO_INSTANT, .outcome = OUTCOME_NONE};
			memcpy(c.province, "44", 3);
			c.enterprise_id = op->id;
			c.category_id = sub->category_id;
			c.subtopic_id = sub->id;
			c.received_at = date_start_instant(day, SH_BEIJING_OFFSET) + 8 * 3600 +
			                (int64_t)(uniform(&r) * 12 * 3600);
			if (c.received_at > now)
				continue;
			const char *text = surging ? surge[step(&r) % N(surge)] : usual[step(&r) % N(usual)];
			c.description = text;
			c.description_len = strlen(text);
			if (!surging) { /* handled and closed, as history */
				c.state = COMPLAINT_CLOSED;
				c.outcome = OUTCOME_RESOLVED_BY_OPERATOR;
				c.closed_at = c.received_at + (int64_t)(5 + step(&r) % 20) * 86400;
				rc = store_complaint_insert(w->s, &c, 0);
				continue;
			}
			char phone[16], code[QUERY_CODE_LEN + 1], hash[SECRET_HASH_LEN + 1];
			snprintf(phone, sizeof phone, "13%09llu",
			         (unsigned long long)(step(&r) % 1000000000ull));
			c.name = "李先生";
			c.phone = phone;
			c.address = "广东省广州市天河路88号";
			c.city = "广州市";
			c.demand = "要求恢复网速并退还相关费用";
			c.event_day = day - 10;
			c.operator_answer = OPERATOR_UNSATISFIED;
			c.operator_day = day - 8;
			secret_query_code(code, QUERY_CODE_LEN);
			secret_hash(code, hash);
			rc = casework_file(w, &c, day, hash);
		}
	}
	return rc;
}
