#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/notice.h"

/* 2020 Q4 as in seed 003, with an invented per-enterprise split. */
static struct notice_input seed(void)
{
	struct notice_input in = {0};
	period_parse("2020Q4", 6, &in.period);
	in.scope = "全国";
	in.nclasses = 3;
	in.class_names[0] = "用户服务";
	in.class_names[1] = "收费争议";
	in.class_names[2] = "网络质量";
	in.nenterprises = 2;
	in.enterprise_names[0] = "中国移动";
	in.enterprise_names[1] = "中国电信";
	/* this quarter: 14613 / 8193 / 6246 = 29052 */
	int64_t q0[2][3] = {{10000, 5000, 4000}, {4613, 3193, 2246}};
	int64_t q1[2][3] = {{20000, 0, 0}, {13303, 0, 0}};  /* 33303 */
	int64_t q4[2][3] = {{30000, 0, 0}, {19764, 0, 0}};  /* 49764 */
	for (int e = 0; e < 2; e++)
		for (int c = 0; c < 3; c++) {
			in.counts[0][e][c] = q0[e][c];
			in.counts[1][e][c] = q1[e][c];
			in.counts[2][e][c] = q4[e][c];
		}
	int64_t trend[8] = {27500, 29806, 37501, 49764, 36454, 37543, 33303, 29052};
	memcpy(in.trend, trend, sizeof trend);
	in.subscribers[0][0] = 94200; /* 中国移动, 10,000s */
	in.subscribers[0][1] = 35200;
	in.subscribers[1][0] = 94000;
	in.subscribers[1][1] = 0;     /* 中国电信 unknown last quarter */
	return in;
}

static void headline_matches_the_official_wording(void **state)
{
	(void)state;
	struct notice_input in = seed();
	struct notice n;
	notice_build(&in, &n);
	assert_string_equal(n.period_zh, "2020年第四季度");
	assert_int_equal(n.total, 29052);
	assert_string_equal(n.headline,
	                    "各级电信申诉受理机构受理电信用户申诉29052件，环比下降12.8%，同比下降"
	                    "41.6%。其中，用户服务类申诉占比50.3%，收费争议类申诉占比28.2%，网络质量类"
	                    "申诉占比21.5%。");
	assert_string_equal(n.trend[0].label, "2019Q1");
	assert_string_equal(n.trend[7].label_zh, "2020年第四季度");
	assert_int_equal(n.trend[3].count, 49764);
	assert_string_equal(n.reports_paragraph, "");
}

static void annex_rows_and_rates(void **state)
{
	(void)state;
	struct notice_input in = seed();
	struct notice n;
	notice_build(&in, &n);
	assert_int_equal(n.nrows, 3);
	const struct notice_row *cm = &n.rows[0], *ct = &n.rows[1], *all = &n.rows[2];
	assert_string_equal(all->name, "合计");
	assert_int_equal(cm->total, 19000);
	assert_int_equal(all->total, 29052);
	assert_int_equal(all->by_class[0], 14613);
	assert_true(cm->complaint_share.ok);
	assert_int_equal(cm->complaint_share.tenths, 654); /* 19000 / 29052 = 65.40% */
	assert_int_equal(cm->user_share.tenths, 728);      /* 94200 / 129400 = 72.80% */
	assert_true(cm->rate_ok);
	assert_int_equal(cm->rate_hundredths, 2017);       /* 19000 / 942 = 20.17 */
	/* 20000/940 -> 19000/942: (19000*94000 - 20000*94200) / (20000*94200) = -5.2% */
	assert_true(cm->rate_change.ok);
	assert_int_equal(cm->rate_change.tenths, -52);
	/* no users last quarter: no rate change, and the footnote says why */
	assert_false(ct->rate_change.ok);
	assert_true(n.footnote_basis[0] != '\0');
	assert_string_equal(n.footnote_users, "");
}

static void missing_previous_period_gives_dashes(void **state)
{
	(void)state;
	struct notice_input in = seed();
	memset(in.counts[1], 0, sizeof in.counts[1]);
	memset(in.subscribers, 0, sizeof in.subscribers);
	struct notice n;
	notice_build(&in, &n);
	assert_false(n.qoq.ok);
	assert_non_null(strstr(n.headline, "环比—"));
	assert_non_null(strstr(n.headline, "同比下降41.6%"));
	assert_null(strstr(n.headline, "-0.0"));
	assert_false(n.rows[0].rate_ok);
	assert_false(n.rows[0].user_share.ok);
	assert_true(n.footnote_basis[0] != '\0');
	assert_true(n.footnote_users[0] != '\0');
}

static void province_scope_and_reports(void **state)
{
	(void)state;
	struct notice_input in = seed();
	in.scope = "广东省";
	in.nkinds = 1;
	in.kind_codes[0] = "harassment_call";
	in.kind_labels[0] = "骚扰电话";
	in.kind_counts[0][0] = 133758;
	in.kind_counts[1][0] = 159831;
	in.kind_counts[2][0] = 166419;
	struct notice n;
	notice_build(&in, &n);
	assert_int_equal(strncmp(n.headline, "广东省受理电信用户申诉29052件", strlen("广东省受理电信用户申诉29052件")), 0);
	assert_non_null(strstr(n.reports_paragraph, "骚扰电话的举报133758件，环比下降16.3%"));
	assert_int_equal(n.nkinds, 1);
	assert_null(strstr(n.reports_paragraph, "应用")); /* no app work: not mentioned */

	/* The app campaign's counts follow the report figures. */
	in.apps_notified = 655;
	in.apps_named = 254;
	in.apps_removed = 98;
	notice_build(&in, &n);
	assert_non_null(strstr(n.reports_paragraph,
	                       "通知整改违规应用655款，公开通报逾期未整改应用254款，下架应用98款。"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(headline_matches_the_official_wording),
		cmocka_unit_test(annex_rows_and_rates),
		cmocka_unit_test(missing_previous_period_gives_dashes),
		cmocka_unit_test(province_scope_and_reports),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
