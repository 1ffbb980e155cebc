/* Tests for app/number_registry.c on a real SQLite store: the index loaded
 * from the store, look-ups of every number kind as people write them, a
 * ported-number record overriding the segment, invalid reports taken back
 * out, and the dispatched and disposal marks. After every change made the way
 * the server makes it (store first, then the registry applies the change log), the index must say
 * what an index freshly loaded from the store says: a restart changes
 * nothing. Each test starts from a new database. */
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

#include "app/dispatch.h"
#include "app/number_registry.h"
#include "core/date.h"
#include "core/error.h"

#define T 1717207200 /* 2024-06-01 10:00 Beijing time */
#define CAPACITY 100000

static struct fixture_db db;
static number_registry *reg;
#define ix number_registry_index(reg)
static struct arena arena;
static int64_t mobile, telecom, unicom, broadnet;

static int64_t operator(const char *name)
{
	const struct enterprise *e = reference_enterprise(&db.ref, name, strlen(name));
	assert_non_null(e);
	return e->id;
}

static int setup(void **state)
{
	(void)state;
	if (fixture_db_open(&db))
		return -1;
	mobile = operator("中国移动");
	telecom = operator("中国电信");
	unicom = operator("中国联通");
	broadnet = operator("中国广电");
	if (number_registry_open(db.s, CAPACITY, &reg))
		return -1;
	arena_init(&arena, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	number_registry_free(reg);
	fixture_db_close(&db);
	return 0;
}

/* A report as POST /api/reports files it: routed with a look-up, stored,
 * then counted in the index. Returns its id. */
static int64_t report(const char *as_written, enum report_kind kind, int64_t at)
{
	struct number_info info;
	char why[160];
	enum number_kind k = number_registry_lookup(ix, &db.ref, as_written, strlen(as_written),
	                                            &info, why, sizeof why);
	if (k == NUMBER_INVALID)
		fail_msg("%s: %s", as_written, why);
	struct report r = {
	    .kind = kind, .reported_at = at, .occurred_at = NO_INSTANT, .target_kind = k};
	snprintf(r.target, sizeof r.target, "%s", info.digits);
	assert_int_equal(store_report_insert(db.s, &r, info.operator_id, 0), 0);
	number_registry_after_write(reg, db.s);
	return r.id;
}

/* A bad-app report, filed the same way; returns its id. */
static int64_t app_report(void)
{
	struct report app = {.kind = REPORT_BAD_APP,
	                     .reported_at = T,
	                     .occurred_at = NO_INSTANT,
	                     .target_kind = NUMBER_INVALID,
	                     .app_name = "坏应用",
	                     .app_package = "com.bad.app"};
	assert_int_equal(store_report_insert(db.s, &app, 0, 0), 0);
	number_registry_after_write(reg, db.s);
	return app.id;
}

/* An invalid report as POST /api/reports/{id}/invalidate takes it back. */
static void invalidate(int64_t id)
{
	struct report before;
	assert_int_equal(
	    store_report_invalidate(db.s, id, "重复举报", 1, T + 9000, &arena, &before), 0);
	number_registry_after_write(reg, db.s);
}

static void ported(const char *digits, int64_t operator_id)
{
	assert_int_equal(store_ported_put(db.s, digits, operator_id, fixture_day("2024-01-02")), 0);
	number_registry_after_write(reg, db.s);
}

static struct number_info look_in(const number_index *in, const char *as_written)
{
	struct number_info info;
	char why[160] = "";
	if (number_registry_lookup(in, &db.ref, as_written, strlen(as_written), &info, why,
	                           sizeof why) == NUMBER_INVALID)
		fail_msg("%s: %s", as_written, why);
	return info;
}

static struct number_info look(const char *as_written)
{
	return look_in(ix, as_written);
}

static void same_entry(const struct number_entry *a, const struct number_entry *b,
                       const char *number)
{
	for (int k = 0; k < NUMBER_INDEX_KINDS; k++)
		if (a->count[k] != b->count[k])
			fail_msg("%s: count[%d] %u != %u", number, k, a->count[k], b->count[k]);
	if (a->first_at != b->first_at || a->last_at != b->last_at)
		fail_msg("%s: times %u..%u != %u..%u", number, a->first_at, a->last_at, b->first_at,
		         b->last_at);
	if (a->dispatched_at != b->dispatched_at || a->disposal != b->disposal ||
	    a->ported_operator_id != b->ported_operator_id)
		fail_msg("%s: dispatched %u/%u, disposal %u/%u, ported %lld/%lld", number,
		         a->dispatched_at, b->dispatched_at, a->disposal, b->disposal,
		         (long long)a->ported_operator_id, (long long)b->ported_operator_id);
}

/* What the index says of each number is what a restart would load. */
static void as_after_restart(const char *const *numbers, size_t n)
{
	number_registry *fresh_reg;
	assert_int_equal(number_registry_open(db.s, CAPACITY, &fresh_reg), 0);
	const number_index *fresh = number_registry_index(fresh_reg);
	for (size_t i = 0; i < n; i++) {
		struct number_info now = look(numbers[i]), then = look_in(fresh, numbers[i]);
		same_entry(&now.entry, &then.entry, numbers[i]);
		assert_int_equal(now.operator_id, then.operator_id);
		assert_int_equal(now.ported, then.ported);
	}
	number_registry_free(fresh_reg);
}

static void counts(const struct number_info *info, uint32_t harassment, uint32_t spam,
                   uint32_t fraud_call, uint32_t fraud_sms)
{
	assert_int_equal(info->entry.count[REPORT_HARASSMENT_CALL], harassment);
	assert_int_equal(info->entry.count[REPORT_SPAM_SMS], spam);
	assert_int_equal(info->entry.count[REPORT_FRAUD_CALL], fraud_call);
	assert_int_equal(info->entry.count[REPORT_FRAUD_SMS], fraud_sms);
}

/* ---- loading ---------------------------------------------------------------------- */

/* Whatever the store holds is what the index loads: counts of valid reports per kind, first and
 * last valid report, ported numbers nobody reported; not apps, not numbers too long for a key. */
static void test_load(void **state)
{
	(void)state;
	int64_t first = report("13800138000", REPORT_HARASSMENT_CALL, T);
	report("13800138000", REPORT_FRAUD_CALL, T + 50);
	report("13800138000", REPORT_HARASSMENT_CALL, T + 100);
	report("0755-1234 5678", REPORT_SPAM_SMS, T + 10);
	report("1065502010086", REPORT_SPAM_SMS, T + 20);
	report("1065502010086", REPORT_FRAUD_SMS, T + 30);
	report("95588", REPORT_FRAUD_CALL, T + 40);
	report("10655020100861234567", REPORT_SPAM_SMS, T + 60); /* 20 digits: keyed too */
	app_report();
	invalidate(first);
	assert_int_equal(store_ported_put(db.s, "13900139000", telecom, fixture_day("2024-01-02")),
	                 0);

	number_registry *loaded_reg;
	assert_int_equal(number_registry_open(db.s, CAPACITY, &loaded_reg), 0);
	const number_index *loaded = number_registry_index(loaded_reg);
	assert_int_equal(number_index_count(loaded), 6);
	struct number_info m = look_in(loaded, "13800138000");
	assert_true(m.known);
	counts(&m, 1, 0, 1, 0);
	assert_int_equal(m.entry.first_at, T + 50); /* the invalid first report left out */
	assert_int_equal(m.entry.last_at, T + 100);
	assert_int_equal(m.entry.dispatched_at, 0);
	assert_int_equal(m.entry.disposal, 0);
	assert_int_equal(m.entry.ported_operator_id, 0);
	struct number_info f = look_in(loaded, "075512345678");
	counts(&f, 0, 1, 0, 0);
	assert_int_equal(f.entry.first_at, T + 10);
	struct number_info p = look_in(loaded, "1065502010086");
	counts(&p, 0, 1, 0, 1);
	assert_int_equal(p.entry.first_at, T + 20);
	assert_int_equal(p.entry.last_at, T + 30);
	struct number_info s = look_in(loaded, "95588");
	counts(&s, 0, 0, 1, 0);
	struct number_info e = look_in(loaded, "13900139000");
	assert_true(e.known);
	counts(&e, 0, 0, 0, 0);
	assert_int_equal(e.entry.ported_operator_id, telecom);
	assert_int_equal(e.operator_id, telecom);
	struct number_info port20 = look_in(loaded, "10655020100861234567");
	assert_true(port20.known);
	counts(&port20, 0, 1, 0, 0);
	number_registry_free(loaded_reg);

	/* the index the reports were counted into as they came says the same */
	static const char *const all[] = {"13800138000", "075512345678", "1065502010086", "95588",
	                                  "10655020100861234567"};
	as_after_restart(all, 5);
}

/* ---- look-ups --------------------------------------------------------------- */

static void test_lookup_kinds(void **state)
{
	(void)state;
	report("13800138000", REPORT_HARASSMENT_CALL, T);
	report("075512345678", REPORT_HARASSMENT_CALL, T);
	report("1065502010086", REPORT_SPAM_SMS, T);
	report("95588", REPORT_FRAUD_CALL, T);

	static const struct {
		const char *as_written, *digits;
		enum number_kind kind;
		bool known;
	} cases[] = {
	    {"+86 138-0013-8000", "13800138000", NUMBER_MOBILE, true},
	    {"\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x98"
	     "00138000",
	     "13800138000", NUMBER_MOBILE, true},
	    {"(0755)1234-5678", "075512345678", NUMBER_FIXED, true},
	    {"106 5502 0100 86", "1065502010086", NUMBER_SMS_PORT, true},
	    {"95588", "95588", NUMBER_SERVICE, true},
	    {"13900000000", "13900000000", NUMBER_MOBILE, false},
	    {"010-6512-3456", "01065123456", NUMBER_FIXED, false},
	    {"10086", "10086", NUMBER_SERVICE, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct number_info info = look(cases[i].as_written);
		assert_string_equal(info.digits, cases[i].digits);
		assert_int_equal(info.kind, cases[i].kind);
		assert_int_equal(info.known, cases[i].known);
		uint32_t total = 0;
		for (int k = 0; k < NUMBER_INDEX_KINDS; k++)
			total += info.entry.count[k];
		assert_int_equal(total, cases[i].known ? 1 : 0);
	}

	/* who serves it: the segment for mobiles (the host for a reseller),
	 * nobody known for the others */
	static const struct {
		const char *number;
		int64_t *op;
		bool reseller;
	} serving[] = {
	    {"13800138000", &mobile, false}, {"13300000000", &telecom, false},
	    {"13000000000", &unicom, false}, {"19200000000", &broadnet, false},
	    {"17001234567", &telecom, true}, {"17031234567", &mobile, true},
	};
	for (size_t i = 0; i < sizeof serving / sizeof *serving; i++) {
		struct number_info info = look(serving[i].number);
		assert_int_equal(info.operator_id, *serving[i].op);
		assert_int_equal(info.segment_operator_id, *serving[i].op);
		assert_int_equal(info.reseller, serving[i].reseller);
		assert_false(info.ported);
	}
	static const char *const nobody[] = {"075512345678", "1065502010086", "95588"};
	for (size_t i = 0; i < 3; i++) {
		struct number_info info = look(nobody[i]);
		assert_int_equal(info.operator_id, 0);
		assert_int_equal(info.segment_operator_id, 0);
	}

	/* not a number: the reason, and nothing else */
	static const char *const bad[] = {"12", "abc", "+1 415 555 0100", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct number_info info;
		char why[160] = "";
		assert_int_equal(number_registry_lookup(ix, &db.ref, bad[i], strlen(bad[i]), &info,
		                                        why, sizeof why),
		                 NUMBER_INVALID);
		assert_true(why[0]);
		assert_false(info.known);
		assert_int_equal(info.operator_id, 0);
	}
}

/* ---- porting ------------------------------------------------------------------- */

static void test_porting_overrides_segment(void **state)
{
	(void)state;
	/* ported before anyone reported it */
	ported("13900139000", telecom);
	struct number_info e = look("13900139000");
	assert_int_equal(e.operator_id, telecom);
	assert_int_equal(e.segment_operator_id, mobile);
	assert_true(e.ported);

	/* reported, then ported: the record wins over the segment */
	report("13800138000", REPORT_HARASSMENT_CALL, T);
	assert_int_equal(look("13800138000").operator_id, mobile);
	ported("13800138000", unicom);
	struct number_info m = look("13800138000");
	assert_int_equal(m.operator_id, unicom);
	assert_int_equal(m.segment_operator_id, mobile);
	assert_true(m.ported);
	counts(&m, 1, 0, 0, 0); /* the reports stay */
	/* ported back: served by its segment's operator, and still ported */
	ported("13800138000", mobile);
	m = look("13800138000");
	assert_int_equal(m.operator_id, mobile);
	assert_true(m.ported);
	/* a reseller's number ported away */
	ported("17001234567", unicom);
	struct number_info r = look("17001234567");
	assert_int_equal(r.operator_id, unicom);
	assert_int_equal(r.segment_operator_id, telecom);
	assert_true(r.reseller);

	static const char *const all[] = {"13900139000", "13800138000", "17001234567"};
	as_after_restart(all, 3);

	/* a reported number not yet dispatched goes to the operator it was ported
	 * to: the list names that operator */
	report("13500000000", REPORT_FRAUD_CALL, T);
	ported("13500000000", telecom);
	struct dispatch_due due = {.due = fixture_day("2024-06-14")};
	struct dispatch *lists;
	size_t n;
	assert_int_equal(dispatch_run(db.s, reg, T + 3600, &due, &arena, &lists, &n), 0);
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		struct dispatch_item *items;
		size_t m2;
		assert_int_equal(store_dispatch_items(db.s, lists[i].id, &arena, &items, &m2), 0);
		for (size_t j = 0; j < m2; j++)
			if (strcmp(items[j].number, "13500000000") == 0) {
				assert_int_equal(lists[i].operator_id, telecom);
				found = true;
			}
	}
	assert_true(found);
}

/* ---- invalid reports ------------------------------------------------------------ */

/* The number's harassment and spam counts and its first and last report,
 * here and after a restart. */
static void reported_between(const char *number, uint32_t harassment, uint32_t spam, int64_t first,
                             int64_t last)
{
	struct number_info m = look(number);
	counts(&m, harassment, spam, 0, 0);
	assert_int_equal(m.entry.first_at, first);
	assert_int_equal(m.entry.last_at, last);
	as_after_restart(&number, 1);
}

static void test_invalidation(void **state)
{
	(void)state;
	int64_t a = report("13800138000", REPORT_HARASSMENT_CALL, T);
	int64_t b = report("13800138000", REPORT_HARASSMENT_CALL, T + 100);
	int64_t c = report("13800138000", REPORT_SPAM_SMS, T + 200);
	reported_between("13800138000", 2, 1, T, T + 200);
	/* the latest taken back: the last report is the one before */
	invalidate(c);
	reported_between("13800138000", 2, 0, T, T + 100);
	/* the earliest: the first is the next */
	invalidate(a);
	reported_between("13800138000", 1, 0, T + 100, T + 100);
	/* all of them: nothing left to say of it */
	invalidate(b);
	reported_between("13800138000", 0, 0, 0, 0);

	/* twice is refused by the store, and the index is not told */
	struct report before;
	assert_int_equal(store_report_invalidate(db.s, b, "x", 1, T, &arena, &before),
	                 SH_ECONFLICT);

	/* an app report is not in the index: taking it back touches no number */
	report("13800138000", REPORT_FRAUD_CALL, T + 300);
	invalidate(app_report());
	struct number_info m = look("13800138000");
	counts(&m, 0, 0, 1, 0);
	assert_int_equal(m.entry.first_at, T + 300);
	const char *number = "13800138000";
	as_after_restart(&number, 1);
}

/* ---- dispatch and disposal ---------------------------------------------------- */

static void test_dispatched_and_disposed(void **state)
{
	(void)state;
	report("13800138000", REPORT_HARASSMENT_CALL, T);
	report("17001234567", REPORT_SPAM_SMS, T);
	report("075512345678", REPORT_HARASSMENT_CALL, T); /* nobody known to send it to */
	struct dispatch_due due = {.due = fixture_day("2024-06-14")};
	struct dispatch *lists;
	size_t n;
	const int64_t now = T + 7200;
	assert_int_equal(dispatch_run(db.s, reg, now, &due, &arena, &lists, &n), 0);
	assert_int_equal(n, 2); /* 中国移动, and 中国电信 for its reseller's number */
	assert_int_equal(look("13800138000").entry.dispatched_at, now);
	assert_int_equal(look("17001234567").entry.dispatched_at, now);
	assert_int_equal(look("075512345678").entry.dispatched_at, 0);
	static const char *const all[] = {"13800138000", "17001234567", "075512345678"};
	as_after_restart(all, 3);

	/* a number on a list is not put on the next one */
	struct dispatch *again;
	size_t n2;
	assert_int_equal(dispatch_run(db.s, reg, now + 86400, &due, &arena, &again, &n2), 0);
	assert_int_equal(n2, 0);
	assert_int_equal(look("13800138000").entry.dispatched_at, now);

	/* the operator's disposal */
	int64_t list = lists[0].operator_id == mobile ? lists[0].id : lists[1].id;
	assert_int_equal(
	    store_disposal_set(db.s, list, "13800138000", DISPOSAL_SHUT_DOWN, "已关停", now + 3600),
	    0);
	number_registry_after_write(reg, db.s);
	assert_int_equal(look("13800138000").entry.disposal, DISPOSAL_SHUT_DOWN);
	assert_int_equal(look("17001234567").entry.disposal, DISPOSAL_NONE);
	as_after_restart(all, 3);
	/* a later report keeps the marks */
	report("13800138000", REPORT_FRAUD_CALL, T + 90000);
	struct number_info m = look("13800138000");
	counts(&m, 1, 0, 1, 0);
	assert_int_equal(m.entry.dispatched_at, now);
	assert_int_equal(m.entry.disposal, DISPOSAL_SHUT_DOWN);
	as_after_restart(all, 3);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_load),
	    TEST(test_lookup_kinds),
	    TEST(test_porting_overrides_segment),
	    TEST(test_invalidation),
	    TEST(test_dispatched_and_disposed),
	};
	return cmocka_run_group_tests_name("number_registry", tests, NULL, NULL);
}
