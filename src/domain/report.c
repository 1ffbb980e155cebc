#include "domain/report.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"
#include "domain/complaint.h"

struct name {
	const char *code, *label;
};

static int parse_name(const struct name *t, int n, const char *s, size_t len)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if ((strlen(t[i].code) == len && strncasecmp(s, t[i].code, len) == 0) ||
		    (strlen(t[i].label) == len && memcmp(s, t[i].label, len) == 0))
			return i;
	return -1;
}

static const struct name kinds[REPORT_KIND_COUNT] = {
	[REPORT_HARASSMENT_CALL] = {"harassment_call", "骚扰电话"},
	[REPORT_SPAM_SMS] = {"spam_sms", "垃圾短信"},
	[REPORT_FRAUD_CALL] = {"fraud_call", "诈骗电话"},
	[REPORT_FRAUD_SMS] = {"fraud_sms", "诈骗短信"},
	[REPORT_BAD_APP] = {"bad_app", "不良手机应用"},
};

const char *report_kind_code(enum report_kind k)
{
	return (unsigned)k < REPORT_KIND_COUNT ? kinds[k].code : "";
}

const char *report_kind_label(enum report_kind k)
{
	return (unsigned)k < REPORT_KIND_COUNT ? kinds[k].label : "";
}

int report_kind_parse(const char *s, size_t len, enum report_kind *out)
{
	int i = parse_name(kinds, REPORT_KIND_COUNT, s, len);
	if (i < 0)
		return SH_EINVAL;
	*out = (enum report_kind)i;
	return 0;
}

static const struct name series[SERIES_COUNT] = {
	[SERIES_HARASSMENT_CALL] = {"harassment_call", "骚扰电话"},
	[SERIES_SPAM_SMS] = {"spam_sms", "垃圾短信"},
	[SERIES_BAD_APP] = {"bad_app", "不良手机应用"},
	[SERIES_FRAUD] = {"fraud", "诈骗电话及短信"},
};

const char *report_series_code(enum notice_series s)
{
	return series[s].code;
}

const char *report_series_label(enum notice_series s)
{
	return series[s].label;
}

enum notice_series report_series_of(enum report_kind k)
{
	switch (k) {
	case REPORT_HARASSMENT_CALL:
		return SERIES_HARASSMENT_CALL;
	case REPORT_SPAM_SMS:
		return SERIES_SPAM_SMS;
	case REPORT_BAD_APP:
		return SERIES_BAD_APP;
	case REPORT_FRAUD_CALL:
	case REPORT_FRAUD_SMS:
	case REPORT_KIND_COUNT:
		break;
	}
	return SERIES_FRAUD;
}

static const struct name disposals[DISPOSAL_COUNT] = {
	[DISPOSAL_NONE] = {"none", "未处置"},
	[DISPOSAL_SHUT_DOWN] = {"shut_down", "关停"},
	[DISPOSAL_RESTRICTED] = {"restricted", "限制"},
	[DISPOSAL_WARNED] = {"warned", "警告"},
	[DISPOSAL_CHECKED_FINE] = {"checked_fine", "核实无异常"},
	[DISPOSAL_CANNOT_VERIFY] = {"cannot_verify", "无法核实"},
};

const char *disposal_code(enum disposal d)
{
	return (unsigned)d < DISPOSAL_COUNT ? disposals[d].code : "";
}

const char *disposal_label(enum disposal d)
{
	return (unsigned)d < DISPOSAL_COUNT ? disposals[d].label : "";
}

int disposal_parse(const char *s, size_t len, enum disposal *out)
{
	int i = parse_name(disposals, DISPOSAL_COUNT, s, len);
	if (i <= 0) /* "none" is not something an operator reports */
		return SH_EINVAL;
	*out = (enum disposal)i;
	return 0;
}

/* ---- the app pipeline ----------------------------------------------------- */

static const struct name app_states[APP_STATE_COUNT] = {
	[APP_REPORTED] = {"reported", "已受理举报"},
	[APP_NOTIFIED] = {"notified", "已通知整改"},
	[APP_RECTIFIED] = {"rectified", "已整改"},
	[APP_NAMED] = {"named", "已公开通报"},
	[APP_REMOVED] = {"removed", "已下架"},
};

static const struct name app_actions[APP_ACTION_COUNT] = {
	[APP_NOTIFY] = {"notify", "通知整改"},
	[APP_RECTIFY] = {"rectify", "确认整改"},
	[APP_NAME] = {"name", "公开通报"},
	[APP_REMOVE] = {"remove", "下架"},
};

const char *app_state_code(enum app_state s)
{
	return (unsigned)s < APP_STATE_COUNT ? app_states[s].code : "";
}

const char *app_state_label(enum app_state s)
{
	return (unsigned)s < APP_STATE_COUNT ? app_states[s].label : "";
}

int app_state_parse(const char *s, size_t len, enum app_state *out)
{
	int i = parse_name(app_states, APP_STATE_COUNT, s, len);
	if (i < 0)
		return SH_EINVAL;
	*out = (enum app_state)i;
	return 0;
}

const char *app_action_code(enum app_action a)
{
	return (unsigned)a < APP_ACTION_COUNT ? app_actions[a].code : "";
}

const char *app_action_label(enum app_action a)
{
	return (unsigned)a < APP_ACTION_COUNT ? app_actions[a].label : "";
}

int app_action_parse(const char *s, size_t len, enum app_action *out)
{
	int i = parse_name(app_actions, APP_ACTION_COUNT, s, len);
	if (i < 0)
		return SH_EINVAL;
	*out = (enum app_action)i;
	return 0;
}

int app_transition(enum app_state from, enum app_action a, int32_t deadline, int32_t today,
                   enum app_state *to, char *why, size_t whylen)
{
	const char *bad = NULL;
	switch (a) {
	case APP_NOTIFY:
		if (from != APP_REPORTED)
			bad = "只有尚未通知的应用才能通知整改";
		else if (deadline <= today)
			bad = "整改期限应晚于今天";
		else
			*to = APP_NOTIFIED;
		break;
	case APP_RECTIFY:
		if (from != APP_NOTIFIED && from != APP_NAMED)
			bad = "只有已通知整改或已公开通报的应用才能确认整改";
		else
			*to = APP_RECTIFIED;
		break;
	case APP_NAME:
		if (from != APP_NOTIFIED)
			bad = "只有已通知整改的应用才能公开通报";
		else if (today <= deadline)
			bad = "整改期限尚未届满，不能公开通报";
		else
			*to = APP_NAMED;
		break;
	case APP_REMOVE:
		if (from != APP_NAMED && from != APP_NOTIFIED)
			bad = "只有已通知整改或已公开通报的应用才能下架";
		else
			*to = APP_REMOVED;
		break;
	case APP_ACTION_COUNT:
		bad = "未知的操作";
		break;
	}
	if (bad) {
		snprintf(why, whylen, "%s（当前状态：%s）", bad, app_state_label(from));
		return -1;
	}
	return 0;
}

/* ---- the form ----------------------------------------------------------------- */

/* Filled in: blanks alone (ASCII or Unicode spaces) count as nothing. */
static bool present(const char *s)
{
	return s && !utf8_is_blank(s, strlen(s));
}

bool report_package_valid(const char *s, size_t len)
{
	if (len < 3 || len > REPORT_APP_FIELD_MAX)
		return false;
	int dots = 0;
	bool seg_start = true;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '.') {
			if (seg_start)
				return false;
			dots++;
			seg_start = true;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		           (c >= '0' && c <= '9' && !seg_start)) {
			seg_start = false;
		} else {
			return false;
		}
	}
	return dots >= 1 && !seg_start;
}

/* fmt has at most one %s, filled with arg quoted to 60 bytes at most. *n
 * counts what is written: never more than max (the caller reads n entries). */
static void add_error(struct field_error *errs, size_t max, size_t *n, const char *field,
                      const char *fmt, const char *arg)
{
	if (*n == max)
		return;
	errs[*n].field = field;
	char shown[64];
	utf8_format(shown, sizeof shown, "%.*s", UTF8_AT_MOST(arg ? arg : "", 60));
	utf8_format(errs[*n].message, sizeof errs[*n].message, fmt, shown);
	(*n)++;
}

/* Checks text of at most max characters; adds an error otherwise. */
static void check_text(const char *s, size_t maxchars, const char *field, const char *what,
                       struct field_error *errs, size_t max, size_t *n)
{
	if (!present(s))
		return;
	size_t len = strlen(s);
	if (!utf8_valid(s, len))
		add_error(errs, max, n, field, "%s含有无效字符", what);
	else if (utf8_chars(s, len) > maxchars)
		add_error(errs, max, n, field, "%s过长", what);
}

size_t report_validate(const struct report_form *f, int64_t now, struct report *r,
                       struct field_error *errs, size_t max)
{
	size_t n = 0;
	*r = (struct report){.reported_at = now, .occurred_at = NO_INSTANT};
	if (!present(f->kind)) {
		add_error(errs, max, &n, "kind", "请选择举报类型", NULL);
		return n;
	}
	if (report_kind_parse(f->kind, strlen(f->kind), &r->kind)) {
		add_error(errs, max, &n, "kind",
		          "举报类型“%s”无效，应为骚扰电话、垃圾短信、诈骗电话、诈骗短信或不良手机应用",
		          f->kind);
		return n;
	}
	char why[160];
	if (r->kind == REPORT_BAD_APP) {
		if (!present(f->app_name))
			add_error(errs, max, &n, "app_name", "请填写应用名称", NULL);
		check_text(f->app_name, REPORT_APP_FIELD_MAX, "app_name", "应用名称", errs, max, &n);
		if (!present(f->app_package))
			add_error(errs, max, &n, "app_package", "请填写应用包名，如 com.example.app", NULL);
		else if (!report_package_valid(f->app_package, strlen(f->app_package)))
			add_error(errs, max, &n, "app_package",
			          "应用包名“%s”格式不正确，应如 com.example.app", f->app_package);
		check_text(f->app_store, REPORT_APP_FIELD_MAX, "app_store", "应用商店", errs, max, &n);
		r->app_name = f->app_name;
		r->app_package = f->app_package;
		r->app_store = present(f->app_store) ? f->app_store : NULL;
		r->target_kind = NUMBER_INVALID;
	} else if (!present(f->number)) {
		add_error(errs, max, &n, "number",
		          r->kind == REPORT_SPAM_SMS || r->kind == REPORT_FRAUD_SMS
		              ? "请填写发送短信的号码"
		              : "请填写被举报的号码",
		          NULL);
	} else {
		r->target_kind = number_normalize(f->number, strlen(f->number), r->target, why, sizeof why);
		if (r->target_kind == NUMBER_INVALID)
			add_error(errs, max, &n, "number", "被举报号码有误：%s", why);
	}
	if (present(f->reporter)) {
		enum number_kind k =
			number_normalize(f->reporter, strlen(f->reporter), r->reporter, why, sizeof why);
		if (k != NUMBER_MOBILE && k != NUMBER_FIXED)
			add_error(errs, max, &n, "reporter", "您的联系电话有误：%s",
			          k == NUMBER_INVALID ? why : "应为手机或固定电话号码");
	}
	if (present(f->occurred_at)) {
		int64_t t;
		if (datetime_parse(f->occurred_at, strlen(f->occurred_at), SH_BEIJING_OFFSET, &t))
			add_error(errs, max, &n, "occurred_at",
			          "时间“%s”格式不正确，应如 2026-11-20 14:30", f->occurred_at);
		else if (t > now + 300)
			add_error(errs, max, &n, "occurred_at", "发生时间不能晚于现在", NULL);
		else
			r->occurred_at = t;
	}
	check_text(f->content, REPORT_TEXT_MAX, "content", "内容", errs, max, &n);
	if (present(f->content)) {
		r->content = f->content;
		r->content_len = strlen(f->content);
	}
	return n;
}

/* ---- the history CSV -------------------------------------------------------- */

static const char *const rcol_names[RCOL_COUNT] = {"reported_at", "kind", "target", "description"};

const char *report_column_name(enum report_column c)
{
	return (unsigned)c < RCOL_COUNT ? rcol_names[c] : "";
}

int report_header_parse(struct report_header *h, const struct csv_field *f, size_t n, char *msg,
                        size_t msglen)
{
	for (int c = 0; c < RCOL_COUNT; c++)
		h->index[c] = -1;
	for (size_t i = 0; i < n; i++) {
		const char *name = f[i].ptr;
		size_t len = f[i].len;
		if (i == 0 && len >= 3 && memcmp(name, "\xEF\xBB\xBF", 3) == 0) {
			name += 3; /* a byte-order mark */
			len -= 3;
		}
		for (int c = 0; c < RCOL_COUNT; c++) {
			if (strlen(rcol_names[c]) != len || strncasecmp(name, rcol_names[c], len) != 0)
				continue;
			if (h->index[c] >= 0) {
				utf8_format(msg, msglen, "列“%s”重复出现", rcol_names[c]);
				return SH_EINVAL;
			}
			h->index[c] = (int)i;
		}
	}
	for (int c = 0; c < RCOL_DESCRIPTION; c++)
		if (h->index[c] < 0) {
			utf8_format(msg, msglen,
			            "缺少必需的列“%s”（需要 reported_at, kind, target）",
			            rcol_names[c]);
			return SH_EINVAL;
		}
	return 0;
}

int report_row_parse(const struct report_header *h, int64_t now, const struct csv_field *f,
                     size_t n, struct report *out, size_t *column, char *msg, size_t msglen)
{
	*out = (struct report){.occurred_at = NO_INSTANT};
	for (int c = 0; c < RCOL_COUNT; c++)
		if (h->index[c] >= (int)n) {
			*column = (size_t)h->index[c] + 1;
			utf8_format(msg, msglen, "本行只有%zu列，缺少“%s”", n, rcol_names[c]);
			return SH_EINVAL;
		}
	const struct csv_field *at = &f[h->index[RCOL_REPORTED_AT]];
	const struct csv_field *kind = &f[h->index[RCOL_KIND]];
	const struct csv_field *target = &f[h->index[RCOL_TARGET]];
	*column = (size_t)h->index[RCOL_REPORTED_AT] + 1;
	if (datetime_parse(at->ptr, at->len, SH_BEIJING_OFFSET, &out->reported_at)) {
		utf8_format(msg, msglen, "时间“%.*s”格式不正确，应如 2020-10-15 09:30:00",
		            UTF8_AT_MOST(at->ptr, 40));
		return SH_EINVAL;
	}
	if (out->reported_at > now) {
		utf8_format(msg, msglen, "举报时间“%.*s”晚于现在", UTF8_AT_MOST(at->ptr, 40));
		return SH_EINVAL;
	}
	*column = (size_t)h->index[RCOL_KIND] + 1;
	if (report_kind_parse(kind->ptr, kind->len, &out->kind)) {
		utf8_format(
		    msg, msglen,
		    "举报类型“%.*s”无效，应为 harassment_call, spam_sms, fraud_call, fraud_sms "
		    "或 bad_app",
		    UTF8_AT_MOST(kind->ptr, 40));
		return SH_EINVAL;
	}
	*column = (size_t)h->index[RCOL_TARGET] + 1;
	if (out->kind == REPORT_BAD_APP) {
		if (!report_package_valid(target->ptr, target->len)) {
			utf8_format(msg, msglen, "应用包名“%.*s”格式不正确，应如 com.example.app",
			            UTF8_AT_MOST(target->ptr, 60));
			return SH_EINVAL;
		}
		out->app_package = target->ptr;
		out->target_kind = NUMBER_INVALID;
	} else {
		char why[160];
		out->target_kind = number_normalize(target->ptr, target->len, out->target, why, sizeof why);
		if (out->target_kind == NUMBER_INVALID) {
			utf8_format(msg, msglen, "号码“%.*s”无效：%s",
			            UTF8_AT_MOST(target->ptr, 40), why);
			return SH_EINVAL;
		}
	}
	if (h->index[RCOL_DESCRIPTION] >= 0) {
		const struct csv_field *d = &f[h->index[RCOL_DESCRIPTION]];
		*column = (size_t)h->index[RCOL_DESCRIPTION] + 1;
		if (!utf8_valid(d->ptr, d->len) || utf8_chars(d->ptr, d->len) > REPORT_TEXT_MAX) {
			utf8_format(msg, msglen, "说明不是有效的 UTF-8 文本或超过%d字",
			            REPORT_TEXT_MAX);
			return SH_EINVAL;
		}
		if (d->len) {
			out->content = d->ptr;
			out->content_len = d->len;
		}
	}
	return 0;
}
