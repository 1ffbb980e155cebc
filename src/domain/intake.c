#include "domain/intake.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/utf8.h"

struct errors {
	struct field_error *items;
	size_t n, max;
};

__attribute__((format(printf, 3, 4))) static void add(struct errors *e, const char *field,
                                                      const char *fmt, ...)
{
	if (e->n == e->max)
		return;
	struct field_error *f = &e->items[e->n++];
	f->field = field;
	va_list ap;
	va_start(ap, fmt);
	utf8_vformat(f->message, sizeof f->message, fmt, ap);
	va_end(ap);
}

/* Filled in: blanks alone (ASCII or Unicode spaces) count as nothing. */
static bool present(const char *s)
{
	return s && !utf8_is_blank(s, strlen(s));
}

static const struct intake_field fields[INTAKE_TEXT_COUNT] = {
	[INTAKE_NAME] = {"name", "姓名", 50, 0, true},
	[INTAKE_ADDRESS] = {"address", "通信地址", 200, 0, true},
	/* all of the address operators may see */
	[INTAKE_CITY] = {"city", "所在城市", 30, 0, false},
	[INTAKE_POSTCODE] = {"postcode", "邮政编码", 6, 6, false},
	[INTAKE_DEMAND] = {"demand", "申诉请求", 1000, 0, true},
	[INTAKE_DESCRIPTION] = {"description", "事实和理由", 5000, 0, true},
};

const struct intake_field *intake_field(enum intake_text f)
{
	return (unsigned)f < INTAKE_TEXT_COUNT ? &fields[f] : NULL;
}

/* A text field checked against its rules (fields[]); returns whether it is
 * present and usable. */
static bool text(struct errors *e, enum intake_text which, const char *s)
{
	const struct intake_field *f = &fields[which];
	if (!present(s)) {
		if (f->required)
			add(e, f->name, "请填写%s", f->label);
		return false;
	}
	size_t n = strlen(s);
	if (f->digits) {
		if (n != f->digits || strspn(s, "0123456789") != n) {
			add(e, f->name, "%s应为%zu位数字", f->label, f->digits);
			return false;
		}
		return true;
	}
	if (!utf8_valid(s, n)) {
		add(e, f->name, "%s含有无效字符", f->label);
		return false;
	}
	if (utf8_chars(s, n) > f->max_chars) {
		add(e, f->name, "%s不能超过%zu个字", f->label, f->max_chars);
		return false;
	}
	return true;
}

/* A date not after today; *out is written only when it is one (a refused
 * event date must not be compared with the operator's date). */
static bool date_field(struct errors *e, const char *field, const char *label, const char *s,
                       int32_t today, int32_t *out)
{
	int32_t day;
	if (date_parse(s, strlen(s), &day) != 0) {
		add(e, field, "%s不是有效日期（应为YYYY-MM-DD）", label);
		return false;
	}
	if (day > today) {
		add(e, field, "%s不能晚于今天", label);
		return false;
	}
	*out = day;
	return true;
}

size_t intake_validate(const struct intake_form *f, const struct reference *ref, int32_t today,
                       struct complaint *c, char *phone_buf, struct field_error *errs,
                       size_t max)
{
	struct errors e = {errs, 0, max};
	struct complaint cp = {.state = COMPLAINT_SUBMITTED, .closed_at = NO_INSTANT, .version = 1};

	const struct province *p = NULL;
	if (!present(f->province))
		add(&e, "province", "请选择被申诉企业所在省份");
	else if (!(p = reference_province(ref, f->province, strlen(f->province))))
		add(&e, "province", "未知的省份“%.*s”", UTF8_AT_MOST(f->province, 40));
	else
		memcpy(cp.province, p->code, 3);

	const struct enterprise *en = NULL;
	if (!present(f->enterprise))
		add(&e, "enterprise", "请选择被申诉企业");
	else if (!(en = reference_enterprise(ref, f->enterprise, strlen(f->enterprise))))
		add(&e, "enterprise", "未知的企业“%.*s”", UTF8_AT_MOST(f->enterprise, 40));
	else
		cp.enterprise_id = en->parent_id ? en->parent_id : en->id;

	const struct category *cat = NULL;
	if (!present(f->category))
		add(&e, "category", "请选择申诉类别");
	else if (!(cat = reference_category(ref, f->category, strlen(f->category), today)))
		add(&e, "category", "“%.*s”不是当前使用的申诉类别", UTF8_AT_MOST(f->category, 40));
	else
		cp.category_id = cat->id;
	if (cat && present(f->subtopic)) {
		const struct subtopic *t = reference_subtopic(ref, cat->id, f->subtopic,
		                                              strlen(f->subtopic));
		if (!t)
			add(&e, "subtopic", "“%.*s”不是“%s”类别下的问题",
			    UTF8_AT_MOST(f->subtopic, 40), cat->name);
		else
			cp.subtopic_id = t->id;
	}

	if (text(&e, INTAKE_NAME, f->name))
		cp.name = f->name;
	if (!present(f->phone)) {
		add(&e, "phone", "请填写联系电话");
	} else {
		char why[96];
		enum number_kind k = number_normalize(f->phone, strlen(f->phone), phone_buf, why,
		                                      sizeof why);
		if (k != NUMBER_MOBILE && k != NUMBER_FIXED)
			add(&e, "phone", "联系电话有误：%s", k == NUMBER_INVALID ? why : "应为手机或固定电话号码");
		else
			cp.phone = phone_buf;
	}
	if (text(&e, INTAKE_ADDRESS, f->address))
		cp.address = f->address;
	if (text(&e, INTAKE_CITY, f->city))
		cp.city = f->city;
	if (text(&e, INTAKE_POSTCODE, f->postcode))
		cp.postcode = f->postcode;
	if (text(&e, INTAKE_DEMAND, f->demand))
		cp.demand = f->demand;
	if (text(&e, INTAKE_DESCRIPTION, f->description)) {
		cp.description = f->description;
		cp.description_len = strlen(f->description);
	}
	if (present(f->event_date))
		date_field(&e, "event_date", "问题发生日期", f->event_date, today, &cp.event_day);

	if (!present(f->operator_answer) ||
	    operator_answer_parse(f->operator_answer, strlen(f->operator_answer),
	                          &cp.operator_answer) != 0) {
		add(&e, "operator_answer", "请说明是否已先向企业投诉（not_asked、no_answer或unsatisfied）");
	} else if (cp.operator_answer != OPERATOR_NOT_ASKED) {
		if (!present(f->operator_date))
			add(&e, "operator_date", "请填写向企业投诉的日期");
		else if (date_field(&e, "operator_date", "向企业投诉的日期", f->operator_date, today,
		                    &cp.operator_day) &&
		         cp.event_day && cp.operator_day < cp.event_day)
			add(&e, "operator_date", "向企业投诉的日期早于问题发生日期");
	}
	if (e.n)
		return e.n;
	*c = cp;
	return 0;
}
