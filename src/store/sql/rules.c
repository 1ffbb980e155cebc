#include "store/sql/rules.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/complaint.h"
#include "domain/lifecycle.h"

/* The complaint table's column for each clock (lifecycle_clock_due). */
static const char *const clock_column[CLOCK_COUNT] = {
	[CLOCK_ACCEPT] = "accept_due",
	[CLOCK_ANSWER] = "answer_due",
	[CLOCK_REPLY] = "reply_due",
};

/* snprintf that never truncates: a cut SQL text would be a wrong query. */
static int put(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int put(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= n)
		abort();
	return len;
}

static char counted[256], open_states[256], next_due[1024];
static char clock_states[CLOCK_COUNT][256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* "state IN ('a', 'b')" for the states where keep(state, arg). */
static void state_list(char *buf, size_t n, bool (*keep)(enum complaint_state, unsigned),
                       unsigned arg)
{
	int len = put(buf, n, "state IN (");
	const char *sep = "";
	for (int s = 0; s < COMPLAINT_STATE_COUNT; s++)
		if (keep((enum complaint_state)s, arg)) {
			len += put(buf + len, n - (size_t)len, "%s'%s'", sep,
			                complaint_state_code((enum complaint_state)s));
			sep = ", ";
		}
	put(buf + len, n - (size_t)len, ")");
}

static bool is_counted(enum complaint_state s, unsigned unused)
{
	(void)unused;
	return complaint_state_counted(s);
}

static bool is_open(enum complaint_state s, unsigned unused)
{
	(void)unused;
	return !complaint_state_is_final(s);
}

static bool runs(enum complaint_state s, unsigned clock)
{
	return lifecycle_clocks(s) & (1u << clock);
}

static bool has_clocks(enum complaint_state s, unsigned set)
{
	return lifecycle_clocks(s) == set;
}

/* The earliest of the columns of the clocks in set (NULLs ignored), written
 * out: the two databases' own minimum functions treat NULL differently. */
static void earliest(char *buf, size_t n, unsigned set)
{
	int first = 0;
	while (!(set & (1u << first)))
		first++;
	const char *a = clock_column[first];
	unsigned others = set & ~(1u << first);
	if (!others) {
		put(buf, n, "%s", a);
		return;
	}
	char b[512];
	earliest(b, sizeof b, others);
	put(buf, n, "CASE WHEN %s IS NULL THEN %s WHEN (%s) IS NULL OR %s <= (%s) THEN %s ELSE %s END",
	         a, b, b, a, b, a, b);
}

static void build(void)
{
	state_list(counted, sizeof counted, is_counted, 0);
	state_list(open_states, sizeof open_states, is_open, 0);
	for (int k = 0; k < CLOCK_COUNT; k++)
		state_list(clock_states[k], sizeof clock_states[k], runs, (unsigned)k);

	/* One WHEN per distinct set of running clocks. */
	int len = put(next_due, sizeof next_due, "coalesce(CASE");
	unsigned seen[COMPLAINT_STATE_COUNT];
	int nseen = 0;
	for (int s = 0; s < COMPLAINT_STATE_COUNT; s++) {
		unsigned set = lifecycle_clocks((enum complaint_state)s);
		bool dup = set == 0;
		for (int i = 0; i < nseen && !dup; i++)
			dup = seen[i] == set;
		if (dup)
			continue;
		seen[nseen++] = set;
		char states[256], expr[768];
		state_list(states, sizeof states, has_clocks, set);
		earliest(expr, sizeof expr, set);
		len += put(next_due + len, sizeof next_due - (size_t)len, " WHEN %s THEN %s",
		                states, expr);
	}
	put(next_due + len, sizeof next_due - (size_t)len, " END, '" RULES_NO_DUE "')");
}

const char *rules_counted(void)
{
	pthread_once(&once, build);
	return counted;
}

const char *rules_open(void)
{
	pthread_once(&once, build);
	return open_states;
}

const char *rules_next_due(void)
{
	pthread_once(&once, build);
	return next_due;
}

int rules_clock_condition(char *buf, size_t n, const char *op, int param)
{
	pthread_once(&once, build);
	int len = put(buf, n, "(");
	for (int k = 0; k < CLOCK_COUNT; k++)
		len += put(buf + len, n - (size_t)len, "%s(%s AND %s %s ?%d)", k ? " OR " : "",
		           clock_states[k], clock_column[k], op, param);
	return len + put(buf + len, n - (size_t)len, ")");
}
