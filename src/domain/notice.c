#include "domain/notice.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "domain/statistics.h"

static const char *const quarter_zh[] = {"", "第一季度", "第二季度", "第三季度", "第四季度"};

void notice_period_zh(const struct period *p, char *buf, size_t len)
{
	if (p->kind == PERIOD_QUARTER)
		snprintf(buf, len, "%d年%s", p->year, quarter_zh[p->index]);
	else if (p->kind == PERIOD_MONTH)
		snprintf(buf, len, "%d年%d月", p->year, p->index);
	else
		snprintf(buf, len, "%d年", p->year);
}

static struct stat_pct share(int64_t part, int64_t whole)
{
	struct stat_pct s = {false, 0};
	s.ok = stat_share(part, whole, &s.tenths) == 0;
	return s;
}

static struct stat_pct change(int64_t prev, int64_t cur, int *rc)
{
	struct stat_pct s = {false, 0};
	*rc = stat_change(prev, cur, &s.tenths);
	s.ok = *rc == 0;
	return s;
}

static void point(struct notice_point *pt, const struct period *p, int64_t count)
{
	period_format(p, pt->label, sizeof pt->label);
	notice_period_zh(p, pt->label_zh, sizeof pt->label_zh);
	pt->count = count;
}

/* Appends formatted text to buf. */
__attribute__((format(printf, 3, 4))) static void add(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	if (used + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

void notice_build(const struct notice_input *in, struct notice *n)
{
	memset(n, 0, sizeof *n);
	n->period = in->period;
	notice_period_zh(&in->period, n->period_zh, sizeof n->period_zh);
	n->scope = in->scope;
	size_t ne = in->nenterprises, nc = in->nclasses;

	int64_t totals[3] = {0}, class_totals[NOTICE_MAX_CLASSES] = {0};
	for (int q = 0; q < 3; q++)
		for (size_t e = 0; e < ne; e++)
			for (size_t c = 0; c < nc; c++) {
				totals[q] += in->counts[q][e][c];
				if (q == 0)
					class_totals[c] += in->counts[0][e][c];
			}
	n->total = totals[0];
	int qoq_rc, yoy_rc;
	n->qoq = change(totals[1], totals[0], &qoq_rc);
	n->yoy = change(totals[2], totals[0], &yoy_rc);
	n->nclasses = nc;
	for (size_t c = 0; c < nc; c++) {
		n->classes[c].name = in->class_names[c];
		n->classes[c].count = class_totals[c];
		n->classes[c].share = share(class_totals[c], totals[0]);
	}
	struct period p = period_shift(&in->period, -(NOTICE_TREND - 1));
	for (int i = 0; i < NOTICE_TREND; i++, p = period_shift(&p, 1))
		point(&n->trend[i], &p, in->trend[i]);

	/* Annex 1: one row per enterprise, then the total. */
	int64_t users = 0, users_prev = 0;
	for (size_t e = 0; e < ne; e++) {
		users += in->subscribers[0][e];
		users_prev += in->subscribers[1][e];
	}
	bool users_missing = false, basis_missing = !n->qoq.ok || !n->yoy.ok;
	for (size_t e = 0; e <= ne && n->nrows < NOTICE_MAX_ROWS; e++) {
		struct notice_row *r = &n->rows[n->nrows++];
		bool all = e == ne;
		r->name = all ? "合计" : in->enterprise_names[e];
		int64_t prev = 0, subs = all ? users : in->subscribers[0][e];
		int64_t subs_prev = all ? users_prev : in->subscribers[1][e];
		for (size_t c = 0; c < nc; c++) {
			r->by_class[c] = all ? class_totals[c] : in->counts[0][e][c];
			r->total += r->by_class[c];
		}
		if (all)
			prev = totals[1];
		else
			for (size_t c = 0; c < nc; c++)
				prev += in->counts[1][e][c];
		r->complaint_share = share(r->total, totals[0]);
		r->user_share = share(subs, users);
		r->rate_ok = stat_rate_per_million(r->total, subs, &r->rate_hundredths) == 0;
		r->rate_change.ok =
			stat_rate_change(prev, subs_prev, r->total, subs, &r->rate_change.tenths) == 0;
		if (!r->rate_ok)
			users_missing = true;
		else if (!r->rate_change.ok)
			basis_missing = true;
	}

	/* The official headline. */
	char q[64], y[64];
	stat_format_change("环比", qoq_rc, n->qoq.tenths, q, sizeof q);
	stat_format_change("同比", yoy_rc, n->yoy.tenths, y, sizeof y);
	bool national = strcmp(in->scope, "全国") == 0;
	snprintf(n->headline, sizeof n->headline, "%s受理电信用户申诉%lld件，%s，%s。",
	         national ? "各级电信申诉受理机构" : in->scope, (long long)n->total, q, y);
	if (nc) {
		add(n->headline, sizeof n->headline, "其中，");
		for (size_t c = 0; c < nc; c++) {
			char pct[32];
			if (n->classes[c].share.ok)
				stat_format_percent(n->classes[c].share.tenths, pct, sizeof pct);
			else
				snprintf(pct, sizeof pct, "—");
			add(n->headline, sizeof n->headline, "%s类申诉占比%s%s", n->classes[c].name, pct,
			    c + 1 < nc ? "，" : "。");
		}
	}

	/* 12321 reports, when there are any. */
	n->nkinds = in->nkinds;
	for (size_t k = 0; k < in->nkinds; k++) {
		struct notice_kind *kd = &n->kinds[k];
		kd->kind = in->kind_codes[k];
		kd->label = in->kind_labels[k];
		kd->count = in->kind_counts[0][k];
		int rq, ry;
		kd->qoq = change(in->kind_counts[1][k], kd->count, &rq);
		kd->yoy = change(in->kind_counts[2][k], kd->count, &ry);
		struct period t = period_shift(&in->period, -(NOTICE_TREND - 1));
		for (int i = 0; i < NOTICE_TREND; i++, t = period_shift(&t, 1))
			point(&kd->trend[i], &t, in->kind_trend[k][i]);
		char a[64], b[64];
		stat_format_change("环比", rq, kd->qoq.tenths, a, sizeof a);
		stat_format_change("同比", ry, kd->yoy.tenths, b, sizeof b);
		add(n->reports_paragraph, sizeof n->reports_paragraph,
		    "%s12321受理中心受理用户关于%s的举报%lld件，%s，%s", k ? "；" : "", kd->label,
		    (long long)kd->count, a, b);
		if (!kd->qoq.ok || !kd->yoy.ok)
			basis_missing = true;
	}
	if (in->nkinds)
		add(n->reports_paragraph, sizeof n->reports_paragraph, "。");
	if (in->apps_notified || in->apps_named || in->apps_removed)
		add(n->reports_paragraph, sizeof n->reports_paragraph,
		    "本季度通知整改违规应用%lld款，公开通报逾期未整改应用%lld款，下架应用%lld款。",
		    (long long)in->apps_notified, (long long)in->apps_named,
		    (long long)in->apps_removed);

	if (basis_missing)
		snprintf(n->footnote_basis, sizeof n->footnote_basis,
		         "注：“—”表示比较期没有数据或数据为零，无法计算变化幅度。");
	if (users_missing)
		snprintf(n->footnote_users, sizeof n->footnote_users,
		         "注：部分企业缺少%s用户数，其用户占比和百万用户申诉率记为“—”。",
		         n->period_zh);
}
