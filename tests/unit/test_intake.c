/* Tests for domain/intake.c: the online complaint form's rules, field by
 * field, on the real reference data. Every refusal is checked for the field it
 * names and for a message that is valid UTF-8; a refused form leaves the case
 * untouched. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/intake.h"

static struct reference ref;
static int32_t today; /* 2024-10-04, a Friday */

static int setup(void **state)
{
	(void)state;
	if (fixture_reference(&ref))
		return -1;
	today = fixture_day("2024-10-04");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	reference_free(&ref);
	return 0;
}

/* A form that passes: every field filled in. */
static struct intake_form good(void)
{
	return (struct intake_form){
	    .province = "广东",
	    .enterprise = "中国移动",
	    .category = "服务争议",
	    .subtopic = "携号转网",
	    .name = "张三",
	    .phone = "138 0013 8000",
	    .address = "广州市天河区体育西路1号",
	    .city = "广州",
	    .postcode = "510000",
	    .demand = "退还多收的费用",
	    .description = "办理携号转网时被要求先缴违约金。",
	    .event_date = "2024-09-01",
	    .operator_answer = "unsatisfied",
	    .operator_date = "2024-09-05",
	};
}

struct outcome {
	size_t n;
	struct field_error errs[INTAKE_MAX_ERRORS];
	struct complaint c;
	char phone[NUMBER_MAX];
};

/* Validates f on `day`. Every error must name a field and carry a message
 * that is not empty and is valid UTF-8; a refused form must leave the case
 * as it was (filled with a marker here). The outcome stays valid until the
 * next call (the case points into its phone buffer). */
static const struct outcome *check_on(const struct intake_form *f, int32_t day)
{
	static struct outcome o;
	memset(&o, 0x5a, sizeof o);
	struct complaint marker;
	memset(&marker, 0x5a, sizeof marker);
	o.n = intake_validate(f, &ref, day, &o.c, o.phone, o.errs, INTAKE_MAX_ERRORS);
	assert_true(o.n <= INTAKE_MAX_ERRORS);
	fixture_check_field_errors(o.errs, o.n);
	if (o.n)
		assert_memory_equal(&o.c, &marker, sizeof marker);
	else
		assert_ptr_equal(o.c.phone, o.phone);
	return &o;
}

static const struct outcome *check(const struct intake_form *f)
{
	return check_on(f, today);
}

static const char *error_of(const struct outcome *o, const char *field)
{
	return fixture_field_error(o->errs, o->n, field);
}

/* Exactly one error, on field, whose message holds `part`. */
static void refused_for(const struct intake_form *f, const char *field, const char *part)
{
	const struct outcome *o = check(f);
	fixture_one_field_error(o->errs, o->n, field, part);
}

static struct complaint accepted(const struct intake_form *f)
{
	const struct outcome *o = check(f);
	if (o->n)
		fail_msg("refused: %s: %s", o->errs[0].field, o->errs[0].message);
	return o->c;
}

static int64_t enterprise_id(const char *name)
{
	const struct enterprise *e = reference_enterprise(&ref, name, strlen(name));
	assert_non_null(e);
	return e->id;
}

/* ---- a good form ------------------------------------------------------------- */

static void test_good_form_fills_the_case(void **state)
{
	(void)state;
	struct intake_form f = good();
	const struct outcome *o = check(&f);
	assert_int_equal(o->n, 0);
	const struct complaint *c = &o->c;
	assert_string_equal(c->province, "44");
	assert_int_equal(c->enterprise_id, enterprise_id("中国移动"));
	const struct category *cat = reference_category_id(&ref, c->category_id);
	assert_non_null(cat);
	assert_string_equal(cat->name, "服务争议");
	const struct subtopic *t =
	    reference_subtopic(&ref, cat->id, "携号转网", strlen("携号转网"));
	assert_non_null(t);
	assert_int_equal(c->subtopic_id, t->id);
	assert_string_equal(c->phone, "13800138000"); /* in the caller's buffer: check_on */
	assert_ptr_equal(c->name, f.name);            /* the rest borrowed from the form */
	assert_ptr_equal(c->address, f.address);
	assert_ptr_equal(c->city, f.city);
	assert_ptr_equal(c->postcode, f.postcode);
	assert_ptr_equal(c->demand, f.demand);
	assert_ptr_equal(c->description, f.description);
	assert_int_equal(c->description_len, strlen(f.description));
	assert_int_equal(c->event_day, fixture_day("2024-09-01"));
	assert_int_equal(c->operator_answer, OPERATOR_UNSATISFIED);
	assert_int_equal(c->operator_day, fixture_day("2024-09-05"));
	/* a new case: submitted, version 1, open, no clock started, no id yet */
	assert_int_equal(c->state, COMPLAINT_SUBMITTED);
	assert_int_equal(c->version, 1);
	assert_true(c->closed_at == NO_INSTANT);
	assert_int_equal(c->materials_day, 0);
	assert_int_equal(c->accept_due, 0);
	assert_int_equal(c->answer_due, 0);
	assert_int_equal(c->id, 0);
	assert_string_equal(c->case_no, "");

	/* the optional fields may be left out */
	f.subtopic = f.city = f.postcode = f.event_date = NULL;
	struct complaint d = accepted(&f);
	assert_int_equal(d.subtopic_id, 0);
	assert_null(d.city);
	assert_null(d.postcode);
	assert_int_equal(d.event_day, 0);
	f.subtopic = f.city = f.postcode = f.event_date = "";
	d = accepted(&f);
	assert_int_equal(d.subtopic_id, 0);
	assert_null(d.city);
}

/* ---- required fields ------------------------------------------------------- */

static const char *const required[] = {"province", "enterprise",  "category",
                                       "name",     "phone",       "address",
                                       "demand",   "description", "operator_answer"};
#define NREQUIRED (sizeof required / sizeof *required)

/* The form's field called name. */
static const char **field(struct intake_form *f, const char *name)
{
	static const struct {
		const char *name;
		size_t offset;
	} fields[] = {
	    {"province", offsetof(struct intake_form, province)},
	    {"enterprise", offsetof(struct intake_form, enterprise)},
	    {"category", offsetof(struct intake_form, category)},
	    {"subtopic", offsetof(struct intake_form, subtopic)},
	    {"name", offsetof(struct intake_form, name)},
	    {"phone", offsetof(struct intake_form, phone)},
	    {"address", offsetof(struct intake_form, address)},
	    {"city", offsetof(struct intake_form, city)},
	    {"postcode", offsetof(struct intake_form, postcode)},
	    {"demand", offsetof(struct intake_form, demand)},
	    {"description", offsetof(struct intake_form, description)},
	    {"event_date", offsetof(struct intake_form, event_date)},
	    {"operator_answer", offsetof(struct intake_form, operator_answer)},
	    {"operator_date", offsetof(struct intake_form, operator_date)},
	};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (strcmp(fields[i].name, name) == 0)
			return (const char **)((char *)f + fields[i].offset);
	fail_msg("no field %s", name);
	return NULL;
}

/* An empty form: every required field reported, in one answer, and nothing
 * else (optional fields are not required; the operator's date is asked for
 * only once the answer says there was a complaint to the operator). */
static void test_everything_missing_at_once(void **state)
{
	(void)state;
	struct intake_form empty = {0};
	const struct outcome *o = check(&empty);
	assert_int_equal(o->n, NREQUIRED);
	for (size_t i = 0; i < NREQUIRED; i++)
		if (!error_of(o, required[i]))
			fail_msg("no error for %s", required[i]);

	/* All bad at once: each field its own error. */
	struct intake_form bad = {
	    .province = "火星",
	    .enterprise = "星际电信",
	    .category = "其他",
	    .name = "　",
	    .phone = "12345",
	    .address = " ",
	    .postcode = "12",
	    .demand = "\t",
	    .description = "\xff",
	    .event_date = "2024-13-01",
	    .operator_answer = "maybe",
	};
	o = check(&bad);
	const char *const fields[] = {"province",    "enterprise", "category",       "name",
	                              "phone",       "address",    "postcode",       "demand",
	                              "description", "event_date", "operator_answer"};
	assert_int_equal(o->n, sizeof fields / sizeof *fields);
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (!error_of(o, fields[i]))
			fail_msg("no error for %s", fields[i]);
}

/* Blanks alone (ASCII, tabs and line breaks, the ideographic space U+3000,
 * no-break and zero-width spaces) count as nothing in every required field. */
static void test_blank_only_is_missing(void **state)
{
	(void)state;
	static const char *const blanks[] = {
	    " ",
	    "   ",
	    "\t\r\n",
	    "\xE3\x80\x80" /* U+3000 */,
	    "\xE3\x80\x80\xE3\x80\x80 ",
	    "\xC2\xA0" /* U+00A0 */,
	    "\xE2\x80\x8B" /* U+200B */,
	    "\xEF\xBB\xBF" /* U+FEFF */,
	};
	for (size_t i = 0; i < NREQUIRED; i++)
		for (size_t b = 0; b < sizeof blanks / sizeof *blanks; b++) {
			struct intake_form f = good();
			*field(&f, required[i]) = blanks[b];
			refused_for(&f, required[i], NULL);
		}
	/* text around an ideographic space is text */
	struct intake_form f = good();
	f.name = "\xE3\x80\x80张三\xE3\x80\x80";
	accepted(&f);
	/* blank optional fields are simply absent */
	f = good();
	f.city = f.postcode = f.subtopic = f.event_date = "\xE3\x80\x80";
	struct complaint c = accepted(&f);
	assert_null(c.city);
	assert_null(c.postcode);
	assert_int_equal(c.subtopic_id, 0);
	assert_int_equal(c.event_day, 0);
}

/* ---- lengths, counted in characters ------------------------------------------ */

static void test_length_limits(void **state)
{
	(void)state;
	struct {
		const char *field;
		size_t max;
	} limits[] = {
	    {"name", 0}, {"address", 0}, {"city", 0}, {"demand", 0}, {"description", 0},
	};
	for (size_t i = 0; i < sizeof limits / sizeof *limits; i++)
		for (int t = 0; t < INTAKE_TEXT_COUNT; t++)
			if (strcmp(intake_field((enum intake_text)t)->name, limits[i].field) == 0)
				limits[i].max = intake_field((enum intake_text)t)->max_chars;
	for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
		size_t max = limits[i].max;
		char want[32];
		snprintf(want, sizeof want, "%zu", max);
		/* Chinese characters: three bytes each, yet max of them fit */
		char *at = fixture_repeat("", "申", max), *over = fixture_repeat("", "申", max + 1);
		char *ascii_at = fixture_repeat("", "a", max),
		     *ascii_over = fixture_repeat("", "a", max + 1);
		char *four = fixture_repeat("", "\xF0\xA0\x80\x80", max); /* U+20000, four bytes */
		struct intake_form f = good();
		const char **slot = field(&f, limits[i].field);
		*slot = at;
		accepted(&f);
		*slot = ascii_at;
		accepted(&f);
		*slot = four;
		accepted(&f);
		*slot = over;
		refused_for(&f, limits[i].field, want);
		*slot = ascii_over;
		refused_for(&f, limits[i].field, want);
		free(at);
		free(over);
		free(ascii_at);
		free(ascii_over);
		free(four);
	}
	/* the description's length is its own, in bytes */
	struct intake_form f = good();
	char *d = fixture_repeat("", "申", intake_field(INTAKE_DESCRIPTION)->max_chars);
	f.description = d;
	assert_int_equal(accepted(&f).description_len,
	                 3 * intake_field(INTAKE_DESCRIPTION)->max_chars);
	free(d);
}

/* Text that is not UTF-8 is refused, never counted or stored. */
static void test_invalid_utf8_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "\xff",
	    "张\xe4\xb8",
	    "\xc0\xaf" /* overlong "/" */,
	    "\xed\xa0\x80" /* surrogate */,
	    "ok\xf4\x90\x80\x80" /* above U+10FFFF */,
	};
	const char *const texts[] = {"name", "address", "city", "demand", "description"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
			struct intake_form f = good();
			*field(&f, texts[i]) = bad[b];
			refused_for(&f, texts[i], "无效字符");
		}
}

/* ---- the phone --------------------------------------------------------------- */

static void test_phone_spellings(void **state)
{
	(void)state;
	static const struct {
		const char *as_written, *digits;
	} ok[] = {
	    {"13800138000", "13800138000"},
	    {"138 0013 8000", "13800138000"},
	    {"138-0013-8000", "13800138000"},
	    {"+86 138 0013 8000", "13800138000"},
	    {"0086-138-0013-8000", "13800138000"},
	    {"\xEF\xBC\x8B"
	     "8613800138000",
	     "13800138000"}, /* full-width plus */
	    {"\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x98\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x91"
	     "\xEF\xBC\x93\xEF\xBC\x98\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x90",
	     "13800138000"}, /* full-width digits */
	    {"(0755)1234-5678", "075512345678"},
	    {"010-6512 3456", "01065123456"},
	    {"+86 10 6512 3456", "01065123456"},
	    {"19200000000", "19200000000"},
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		struct intake_form f = good();
		f.phone = ok[i].as_written;
		struct complaint c = accepted(&f);
		if (strcmp(c.phone, ok[i].digits) != 0)
			fail_msg("%s gave %s, want %s", ok[i].as_written, c.phone, ok[i].digits);
	}
	/* Numbers that are numbers, but not ones a person answers on. */
	static const char *const not_personal[] = {"10086",        "95588", "1065502010086",
	                                           "400-810-8888", "12321", "12345"};
	for (size_t i = 0; i < sizeof not_personal / sizeof *not_personal; i++) {
		struct intake_form f = good();
		f.phone = not_personal[i];
		refused_for(&f, "phone", "应为手机或固定电话号码");
	}
	/* Not numbers at all: the number module's reason is passed on. */
	static const char *const invalid[] = {
	    "1234", "1380013800", "138001380001", "+1 415 555 0100", "abc", "138 0013 800x"};
	for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
		struct intake_form f = good();
		f.phone = invalid[i];
		char why[96] = "";
		char digits[NUMBER_MAX];
		assert_int_equal(
		    number_normalize(invalid[i], strlen(invalid[i]), digits, why, sizeof why),
		    NUMBER_INVALID);
		refused_for(&f, "phone", why);
	}
}

static void test_postcode(void **state)
{
	(void)state;
	struct intake_form f = good();
	f.postcode = "010000";
	assert_string_equal(accepted(&f).postcode, "010000");
	static const char *const bad[] = {"51000", "5100001", "51000a", "510 00",
	                                  "\xEF\xBC\x95\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x90"
	                                  "\xEF\xBC\x90\xEF\xBC\x90" /* full-width */};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		f.postcode = bad[i];
		refused_for(&f, "postcode", "6位数字");
	}
}

/* ---- dates and the operator ----------------------------------------------- */

static void test_dates(void **state)
{
	(void)state;
	struct intake_form f = good();
	f.event_date = "2024-10-04"; /* today */
	f.operator_date = "2024-10-04";
	struct complaint c = accepted(&f);
	assert_int_equal(c.event_day, today);
	assert_int_equal(c.operator_day, today);

	f = good();
	f.event_date = "2024-10-05";
	refused_for(&f, "event_date", "不能晚于今天");
	f = good();
	f.operator_date = "2024-10-05";
	refused_for(&f, "operator_date", "不能晚于今天");
	/* a day later the same form is fine */
	assert_int_equal(check_on(&f, today + 1)->n, 0);
	/* a refused event date is not compared with the operator's date */
	f = good();
	f.event_date = "2024-10-05";
	f.operator_date = "2024-09-01";
	refused_for(&f, "event_date", "不能晚于今天");

	static const char *const malformed[] = {"2024-02-30", "2023-02-29", "2024/09/01",
	                                        "2024-9-1",   "20240901",   "2024-09-01T10:00",
	                                        "昨天"};
	for (size_t i = 0; i < sizeof malformed / sizeof *malformed; i++) {
		f = good();
		f.event_date = malformed[i];
		refused_for(&f, "event_date", "YYYY-MM-DD");
		f = good();
		f.operator_date = malformed[i];
		refused_for(&f, "operator_date", "YYYY-MM-DD");
	}
	f = good();
	f.event_date = "2024-02-29"; /* a leap day */
	f.operator_date = "2024-03-01";
	accepted(&f);
}

static void test_operator_answer(void **state)
{
	(void)state;
	/* not asked: no date needed, and one given is not recorded */
	struct intake_form f = good();
	f.operator_answer = "not_asked";
	f.operator_date = NULL;
	struct complaint c = accepted(&f);
	assert_int_equal(c.operator_answer, OPERATOR_NOT_ASKED);
	assert_int_equal(c.operator_day, 0);
	f.operator_date = "2024-09-05";
	assert_int_equal(accepted(&f).operator_day, 0);

	/* complained: the date is required, for either answer */
	const char *const complained[] = {"no_answer", "unsatisfied"};
	const enum operator_answer want[] = {OPERATOR_NO_ANSWER, OPERATOR_UNSATISFIED};
	for (int i = 0; i < 2; i++) {
		f = good();
		f.operator_answer = complained[i];
		c = accepted(&f);
		assert_int_equal(c.operator_answer, want[i]);
		assert_int_equal(c.operator_day, fixture_day("2024-09-05"));
		f.operator_date = NULL;
		refused_for(&f, "operator_date", "请填写");
		f.operator_date = "\xE3\x80\x80";
		refused_for(&f, "operator_date", "请填写");
	}

	/* not before the matter it is about; the same day is fine */
	f = good();
	f.event_date = "2024-09-05";
	f.operator_date = "2024-09-04";
	refused_for(&f, "operator_date", "早于问题发生日期");
	f.operator_date = "2024-09-05";
	accepted(&f);
	/* without an event date there is nothing to compare with */
	f.event_date = NULL;
	f.operator_date = "2000-01-01";
	accepted(&f);

	static const char *const unknown[] = {"maybe", "NOT_ASKED ", "yes", "0"};
	for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++) {
		f = good();
		f.operator_answer = unknown[i];
		refused_for(&f, "operator_answer", "not_asked");
	}
}

/* ---- reference fields -------------------------------------------------------- */

static void test_province_and_enterprise(void **state)
{
	(void)state;
	static const char *const gd[] = {"44", "广东", "广东省"};
	for (size_t i = 0; i < 3; i++) {
		struct intake_form f = good();
		f.province = gd[i];
		assert_string_equal(accepted(&f).province, "44");
	}
	struct intake_form f = good();
	f.province = "火星";
	refused_for(&f, "province", "火星");
	f.province = "99";
	refused_for(&f, "province", "99");

	/* a branch files against its group; a reseller against itself */
	f = good();
	f.enterprise = "中国移动广东分公司";
	assert_int_equal(accepted(&f).enterprise_id, enterprise_id("中国移动"));
	f.enterprise = "mobile";
	assert_int_equal(accepted(&f).enterprise_id, enterprise_id("中国移动"));
	f.enterprise = "京东通信";
	assert_int_equal(accepted(&f).enterprise_id, enterprise_id("京东通信"));
	f.enterprise = "星际电信";
	refused_for(&f, "enterprise", "星际电信");
}

/* The class must be one in use on the day the complaint is filed: the 2016
 * classes until 2021-12-31, the 2022 ones from 2022-01-01. */
static void test_class_valid_today(void **state)
{
	(void)state;
	int32_t last_old = fixture_day("2021-12-31"), first_new = fixture_day("2022-01-01");
	struct intake_form f = good();
	f.event_date = f.operator_date = NULL;
	f.operator_answer = "not_asked";
	f.subtopic = NULL;
	const char *const old_classes[] = {"用户服务", "收费争议", "网络质量", "user_service"};
	const char *const new_classes[] = {"服务争议", "营销、收费、资费争议", "网络质量与信息安全",
	                                   "service"};
	for (int i = 0; i < 4; i++) {
		f.category = old_classes[i];
		assert_int_equal(check_on(&f, last_old)->n, 0);
		const struct outcome *o = check_on(&f, first_new);
		assert_int_equal(o->n, 1);
		assert_non_null(strstr(error_of(o, "category"), "不是当前使用的申诉类别"));
		f.category = new_classes[i];
		assert_int_equal(check_on(&f, first_new)->n, 0);
		o = check_on(&f, last_old);
		assert_int_equal(o->n, 1);
		assert_non_null(error_of(o, "category"));
	}
	f.category = "其他";
	refused_for(&f, "category", "其他");
}

/* A sub-topic is looked up within the class given: the same name under two
 * classes is two sub-topics, and one of another class is refused. */
static void test_subtopic_belongs_to_class(void **state)
{
	(void)state;
	struct intake_form f = good();
	f.event_date = f.operator_date = NULL; /* to file in 2021 as well */
	f.operator_answer = "not_asked";
	f.category = "服务争议";
	f.subtopic = "携号转网";
	struct complaint c = accepted(&f);
	const struct subtopic *t = NULL;
	for (size_t i = 0; i < ref.nsubtopics; i++)
		if (ref.subtopics[i].id == c.subtopic_id)
			t = &ref.subtopics[i];
	assert_non_null(t);
	assert_int_equal(t->category_id, c.category_id);
	assert_string_equal(t->name, "携号转网");

	/* 2016's 用户服务 has its own 携号转网 */
	f.category = "用户服务";
	const struct outcome *o = check_on(&f, fixture_day("2021-06-01"));
	assert_int_equal(o->n, 0);
	assert_true(o->c.subtopic_id != c.subtopic_id);
	assert_int_equal(reference_category_id(&ref, o->c.category_id)->valid_to,
	                 fixture_day("2021-12-31"));

	/* a sub-topic of another class, named with the class it was checked against */
	f = good();
	f.subtopic = "信号覆盖";
	refused_for(&f, "subtopic", "服务争议");
	f.subtopic = "不存在的问题";
	refused_for(&f, "subtopic", "不存在的问题");
	/* an unknown class: its sub-topic cannot be judged, only the class is reported */
	f.category = "其他";
	f.subtopic = "信号覆盖";
	refused_for(&f, "category", NULL);
}

/* ---- the errors themselves -------------------------------------------------- */

/* Values quoted in messages are cut to fit, never inside a character. */
static void test_messages_stay_utf8(void **state)
{
	(void)state;
	/* one ASCII byte first, so that a cut every 3 bytes lands mid-character */
	char *odd = fixture_repeat("x", "申", 200);
	const char *const quoted[] = {"province", "enterprise", "category"};
	for (size_t i = 0; i < 3; i++) {
		struct intake_form f = good();
		*field(&f, quoted[i]) = odd;
		refused_for(&f, quoted[i], "x申"); /* check() has checked the UTF-8 */
	}
	struct intake_form f = good();
	f.subtopic = odd;
	refused_for(&f, "subtopic", "x申");
	free(odd);
}

/* At most max errors are written, and the answer still says "refused". */
static void test_error_cap(void **state)
{
	(void)state;
	struct intake_form empty = {0};
	struct field_error errs[4];
	memset(errs, 0x5a, sizeof errs);
	struct complaint c;
	char phone[NUMBER_MAX];
	assert_int_equal(intake_validate(&empty, &ref, today, &c, phone, errs, 3), 3);
	for (int i = 0; i < 3; i++)
		assert_non_null(errs[i].field);
	unsigned char *tail = (unsigned char *)&errs[3];
	for (size_t i = 0; i < sizeof errs[3]; i++)
		assert_int_equal(tail[i], 0x5a);
	assert_int_equal(intake_validate(&empty, &ref, today, &c, phone, errs, 1), 1);
}

/* A complete, valid form with one field replaced. */
static struct intake_form form_with(const char *name, const char *value)
{
	struct intake_form f = good();
	*field(&f, name) = value;
	return f;
}

/* Errors of the form for the field, with the message of the first. */
static size_t errors_for(const struct intake_form *f, const char *field, char *msg)
{
	struct complaint c;
	char phone[NUMBER_MAX];
	struct field_error errs[INTAKE_MAX_ERRORS];
	size_t n =
	    intake_validate(f, &ref, fixture_day("2024-10-04"), &c, phone, errs, INTAKE_MAX_ERRORS);
	size_t hits = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(errs[i].field, field) == 0 && hits++ == 0)
			snprintf(msg, 192, "%s", errs[i].message);
	assert_int_equal(hits, n); /* no other field complains */
	return hits;
}

/* n copies of a three-byte character, or of a digit for digit fields. */
static char *repeat_unit(size_t n, const char *unit)
{
	size_t u = strlen(unit);
	char *s = malloc(n * u + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	s[n * u] = '\0';
	return s;
}

static void test_each_field_as_its_table_says(void **state)
{
	(void)state;
	char msg[192], want[192];
	assert_null(intake_field(INTAKE_TEXT_COUNT));
	for (int i = 0; i < INTAKE_TEXT_COUNT; i++) {
		const struct intake_field *d = intake_field((enum intake_text)i);
		assert_non_null(d);
		assert_true(d->max_chars > 0);
		const char *unit = d->digits ? "5" : "字";
		/* at the limit: taken; one more: refused, the message naming the limit */
		char *ok = repeat_unit(d->digits ? d->digits : d->max_chars, unit);
		char *long_ = repeat_unit((d->digits ? d->digits : d->max_chars) + 1, unit);
		struct intake_form f = form_with(d->name, ok);
		assert_int_equal(errors_for(&f, d->name, msg), 0);
		f = form_with(d->name, long_);
		assert_int_equal(errors_for(&f, d->name, msg), 1);
		if (d->digits)
			snprintf(want, sizeof want, "%s应为%zu位数字", d->label, d->digits);
		else
			snprintf(want, sizeof want, "%s不能超过%zu个字", d->label, d->max_chars);
		assert_string_equal(msg, want);
		/* absent or only blanks: refused when required */
		f = form_with(d->name, "\xe3\x80\x80 ");
		assert_int_equal(errors_for(&f, d->name, msg), d->required ? 1 : 0);
		f = form_with(d->name, NULL);
		assert_int_equal(errors_for(&f, d->name, msg), d->required ? 1 : 0);
		if (d->required) {
			snprintf(want, sizeof want, "请填写%s", d->label);
			assert_string_equal(msg, want);
		}
		free(ok);
		free(long_);
	}
	/* a digit field counts digits, not characters */
	struct intake_form f = form_with("postcode", "51000a");
	assert_int_equal(errors_for(&f, "postcode", msg), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_form_fills_the_case),
	    cmocka_unit_test(test_each_field_as_its_table_says),
	    cmocka_unit_test(test_everything_missing_at_once),
	    cmocka_unit_test(test_blank_only_is_missing),
	    cmocka_unit_test(test_length_limits),
	    cmocka_unit_test(test_invalid_utf8_refused),
	    cmocka_unit_test(test_phone_spellings),
	    cmocka_unit_test(test_postcode),
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_operator_answer),
	    cmocka_unit_test(test_province_and_enterprise),
	    cmocka_unit_test(test_class_valid_today),
	    cmocka_unit_test(test_subtopic_belongs_to_class),
	    cmocka_unit_test(test_messages_stay_utf8),
	    cmocka_unit_test(test_error_cap),
	};
	return cmocka_run_group_tests_name("intake", tests, setup, teardown);
}
