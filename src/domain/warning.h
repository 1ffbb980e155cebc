/* Early warning (热点预警): which series rose beyond what is normal for them.
 *
 * The model, for one series and the day D under test:
 * - Expected count on day t: mu_t = level * f[class(t)]. The day's class is
 *   its weekday, except that a holiday counts as a Sunday and a weekend day
 *   declared a working day (调休) as an average weekday (warning_day_class).
 * - level and f come from the series' own baseline, the 56 days ending three
 *   days before D (so a surge under test is not in its own baseline). The
 *   weekly factors f are the parent's, moved towards the series' own as its
 *   counts allow (shrinkage: a class's own evidence weighs as much as `shrink`
 *   expected counts of the parent's); top series start from their source's
 *   total. The level is the baseline's total over its summed factors, plus
 *   half a count (so a series with no history still has a small expectation).
 * - Counts are negative binomial: Var = mu + phi * mu^2, phi estimated for
 *   each source and level from every series' baseline (moments), plus the
 *   uncertainty of the level itself. The sum over the last w days (w = 1..3,
 *   all ending on D) is matched to a negative binomial of the same mean and
 *   variance; its upper tail P(S >= observed) is the p-value, and
 *   -log10(p) the surprise.
 * - A window flags when p < alpha and the rise is large enough to matter:
 *   observed - expected >= min_excess and observed >= min_ratio * expected
 *   (so 1 -> 3 is not a surge), and D itself is above its expectation (the
 *   surge is still going on).
 * - Hierarchy: a flagged series whose rise is explained by flagged
 *   descendants (the rest of it, once they are taken out, is not surprising)
 *   is not reported; those are. A reported series covers the flagged
 *   descendants that only share its rise (not surprising once their
 *   expectation is raised by the rest's observed/expected ratio): they are
 *   part of it, not reported again. A descendant rising well beyond its
 *   parent's rise is reported besides.
 *
 * Pure domain logic: no I/O. Allocation failure aborts. */
#ifndef SHENSU_DOMAIN_WARNING_H
#define SHENSU_DOMAIN_WARNING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "domain/series.h"

/* Day classes: 0..6 Monday..Sunday (a holiday is 6), 7 a working weekend day. */
#define WARNING_CLASSES 8
#define WARNING_WORKING_WEEKEND 7

/* The class of a day from its ISO weekday (1..7) and whether it is a working
 * day under the holiday schedule. */
int warning_day_class(int weekday, bool working);
/* Classes of the days first .. first + n - 1 from the calendar; a day the
 * calendar cannot tell (no schedule for its year) follows the weekday rule. */
void warning_day_classes(const calendar *cal, int32_t first, int n, uint8_t *out);

struct warning_params {
	int baseline_days; /* 56 */
	int gap_days;      /* days between the baseline and D, D included: 3 */
	int max_window;    /* longest window tested, ending on D: 3 (at most gap_days) */
	double alpha;      /* tail probability a window must fall below */
	double min_excess; /* observed - expected, in counts */
	double min_ratio;  /* observed / expected */
	double shrink;     /* weight of the parent's weekly pattern, in expected counts */
	double prior_count;/* counts added to a level (its history may be empty) */
};
extern const struct warning_params warning_defaults;
/* Days of history a detection needs: D and the base_days + gap_days - 1 before. */
int warning_history_days(const struct warning_params *p);

#define WARNING_MAX_WINDOW 7

/* A series' fitted model and its test on D. */
struct warning_fit {
	double level;                     /* expected count on an average day */
	double factor[WARNING_CLASSES];   /* weekly pattern, mean 1 over Monday..Sunday */
	double phi;                       /* overdispersion */
	double level_rel_var;             /* relative variance of the level's estimate */
	/* sums over the last w days (index w - 1), all ending on D */
	double observed[WARNING_MAX_WINDOW], expected[WARNING_MAX_WINDOW],
		variance[WARNING_MAX_WINDOW];
};

enum warning_status {
	WARNING_QUIET,     /* not flagged, or not tested */
	WARNING_REPORTED,  /* a warning for today's list */
	WARNING_PART_OF,   /* flagged, but part of a reported ancestor's rise */
	WARNING_EXPLAINED, /* flagged, but its rise is that of reported descendants */
};

struct warning_result {
	bool tested;
	bool flagged;      /* on its own, before the hierarchy */
	enum warning_status status;
	int32_t related;   /* PART_OF: the reported ancestor; else -1 */
	int window;        /* the flagged window in days (most surprising); 0 when not flagged */
	double surprise;   /* -log10 p of that window (0 when not flagged) */
	struct warning_fit fit;
};

/* Tests every series of set on day `day` (the set's last day; the set must
 * cover warning_history_days(p) days). classes[i] is the class of the set's
 * i-th day. results has set->n entries, in the set's order. */
void warning_detect(const struct series_set *set, const uint8_t *classes,
                    const struct warning_params *p, struct warning_result *results);

/* The model's expected count of a day of class c, and the band a single day
 * stays within with probability 1 - 2 * tail (low and high inclusive). */
void warning_day_band(const struct warning_fit *f, int c, double tail, double *expected,
                      int64_t *low, int64_t *high);

/* What a person decided about a warning (kept to measure precision). */
enum warning_decision { WARNING_ACKNOWLEDGED, WARNING_DISMISSED, WARNING_DECISIONS };
const char *warning_decision_code(enum warning_decision d);  /* "acknowledged" */
const char *warning_decision_label(enum warning_decision d); /* "已确认" */
int warning_decision_parse(const char *s, size_t len, enum warning_decision *out); /* 0, SH_EINVAL */
#define WARNING_NOTE_MAX 500 /* characters */
/* Whether the decision must say why: a dismissal does (what was not a real
 * problem is what precision is measured by). */
bool warning_decision_needs_note(enum warning_decision d);

/* log10 of P(X >= x) for X negative binomial with this mean and variance
 * (Poisson when variance <= mean); 0 when x <= 0. */
double warning_log10_tail(double x, double mean, double variance);

#endif
