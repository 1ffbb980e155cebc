#include "domain/warning.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"

const struct warning_params warning_defaults = {
	.baseline_days = 56,
	.gap_days = 3,
	.max_window = 3,
	.alpha = 1e-3,
	.min_excess = 5,
	.min_ratio = 1.3,
	.shrink = 50,
	.prior_count = 0.5,
};

int warning_history_days(const struct warning_params *p)
{
	return p->baseline_days + p->gap_days;
}

int warning_day_class(int weekday, bool working)
{
	if (working)
		return weekday <= 5 ? weekday - 1 : WARNING_WORKING_WEEKEND;
	return weekday == 6 ? 5 : 6; /* a holiday on a weekday behaves like a Sunday */
}

void warning_day_classes(const calendar *cal, int32_t first, int n, uint8_t *out)
{
	for (int i = 0; i < n; i++) {
		int32_t day = first + i;
		int wd = date_weekday(day);
		bool working = wd <= 5;
		if (cal)
			calendar_is_working_day(cal, day, &working); /* unchanged when it cannot tell */
		out[i] = (uint8_t)warning_day_class(wd, working);
	}
}

static const char *const decision_codes[WARNING_DECISIONS] = {"acknowledged", "dismissed"};
static const char *const decision_labels[WARNING_DECISIONS] = {"已确认", "已排除"};

const char *warning_decision_code(enum warning_decision d)
{
	return (unsigned)d < WARNING_DECISIONS ? decision_codes[d] : "";
}

const char *warning_decision_label(enum warning_decision d)
{
	return (unsigned)d < WARNING_DECISIONS ? decision_labels[d] : "";
}

int warning_decision_parse(const char *s, size_t len, enum warning_decision *out)
{
	for (int d = 0; d < WARNING_DECISIONS; d++)
		if (strlen(decision_codes[d]) == len && memcmp(s, decision_codes[d], len) == 0) {
			*out = (enum warning_decision)d;
			return 0;
		}
	return SH_EINVAL;
}

bool warning_decision_needs_note(enum warning_decision d)
{
	return d == WARNING_DISMISSED;
}

/* ---- the negative binomial ------------------------------------------------------- */

static double lgam(double x)
{
	int sign;
	return lgamma_r(x, &sign);
}

/* The distribution matched to a mean and variance: Poisson (r == 0) or
 * negative binomial with size r and success probability q (mean r q / (1 - q)). */
struct nb {
	double m, r, q;
};

static struct nb nb_of(double mean, double variance)
{
	if (mean < 1e-9)
		mean = 1e-9;
	if (variance <= mean * (1 + 1e-9))
		return (struct nb){mean, 0, 0};
	double r = mean * mean / (variance - mean);
	return (struct nb){mean, r, mean / (r + mean)};
}

static double log_pmf(const struct nb *d, double k)
{
	if (d->r == 0)
		return k * log(d->m) - d->m - lgam(k + 1);
	return lgam(k + d->r) - lgam(d->r) - lgam(k + 1) + d->r * log1p(-d->q) + k * log(d->q);
}

/* pmf(k + 1) / pmf(k) */
static double step_up(const struct nb *d, double k)
{
	return d->r == 0 ? d->m / (k + 1) : d->q * (k + d->r) / (k + 1);
}

/* ln P(X >= s) */
static double ln_upper(const struct nb *d, double s)
{
	if (s <= 0)
		return 0;
	double lead = log_pmf(d, s), term = 1, sum = 1;
	for (double k = s; k < s + 1e6; k++) {
		term *= step_up(d, k);
		sum += term;
		if (term < sum * 1e-14)
			break;
	}
	double v = lead + log(sum);
	return v > 0 ? 0 : v;
}

/* ln P(X <= s) */
static double ln_lower(const struct nb *d, double s)
{
	if (s < 0)
		return -INFINITY;
	double lead = log_pmf(d, s), term = 1, sum = 1;
	for (double k = s; k > 0; k--) {
		term /= step_up(d, k - 1);
		sum += term;
		if (term < sum * 1e-14)
			break;
	}
	double v = lead + log(sum);
	return v > 0 ? 0 : v;
}

double warning_log10_tail(double x, double mean, double variance)
{
	if (x <= 0)
		return 0;
	struct nb d = nb_of(mean, variance);
	return ln_upper(&d, ceil(x)) / M_LN10;
}

void warning_day_band(const struct warning_fit *f, int c, double tail, double *expected,
                      int64_t *low, int64_t *high)
{
	double m = f->level * f->factor[c];
	double v = m + f->phi * m * m + m * m * f->level_rel_var;
	struct nb d = nb_of(m, v);
	double lt = log(tail), sd = sqrt(v);
	/* high: the smallest k with P(X > k) <= tail; low: the largest k with
	 * P(X < k) <= tail. Binary searches over a range the mass lies in. */
	int64_t lo = (int64_t)floor(m), hi = (int64_t)ceil(m + 12 * sd + 10);
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;
		if (ln_upper(&d, (double)mid + 1) <= lt)
			hi = mid;
		else
			lo = mid + 1;
	}
	*high = lo;
	lo = (int64_t)floor(m - 12 * sd);
	if (lo < 0)
		lo = 0;
	hi = (int64_t)ceil(m);
	while (lo < hi) {
		int64_t mid = lo + (hi - lo + 1) / 2;
		if (ln_lower(&d, (double)mid - 1) <= lt)
			lo = mid;
		else
			hi = mid - 1;
	}
	*low = lo;
	*expected = m;
}

/* ---- fitting ------------------------------------------------------------------------ */

struct detect {
	const struct series_set *set;
	const uint8_t *classes;
	const struct warning_params *p;
	struct warning_result *res;
	int b0, b1;   /* baseline days [b0, b1) */
	int today;    /* index of D */
	double source_factor[SERIES_SOURCES][WARNING_CLASSES];
	double *df;   /* per series: baseline days less the parameters fitted */
};

/* Mean 1 over Monday..Sunday; a working weekend day as the weekdays' mean. */
static void normalise(double *f)
{
	double s = 0;
	for (int c = 0; c < 7; c++)
		s += f[c];
	for (int c = 0; c < 7; c++)
		f[c] = s > 0 ? f[c] * 7 / s : 1;
	f[WARNING_WORKING_WEEKEND] = (f[0] + f[1] + f[2] + f[3] + f[4]) / 5;
}

static void source_factors(struct detect *x)
{
	double sum[SERIES_SOURCES][7] = {{0}}, days[7] = {0};
	for (int t = x->b0; t < x->b1; t++)
		if (x->classes[t] < 7)
			days[x->classes[t]]++;
	for (size_t i = 0; i < x->set->n; i++) {
		const struct series *s = &x->set->items[i];
		if (s->parent >= 0 || s->key.source < 0 || s->key.source >= SERIES_SOURCES)
			continue;
		for (int t = x->b0; t < x->b1; t++)
			if (x->classes[t] < 7)
				sum[s->key.source][x->classes[t]] += s->counts[t];
	}
	for (int src = 0; src < SERIES_SOURCES; src++) {
		double *f = x->source_factor[src];
		double all = 0;
		for (int c = 0; c < 7; c++)
			all += sum[src][c];
		for (int c = 0; c < 7; c++)
			f[c] = all > 0 && days[c] > 0 ? sum[src][c] / days[c] : 1;
		normalise(f);
	}
}

/* Level and weekly pattern from the baseline; the pattern starts from `base`. */
static void fit_pattern(struct detect *x, const struct series *s, const double *base,
                        struct warning_fit *f, double *df)
{
	const struct warning_params *p = x->p;
	double y = 0, fsum = 0, yc[WARNING_CLASSES] = {0}, fc[WARNING_CLASSES] = {0};
	for (int t = x->b0; t < x->b1; t++) {
		int c = x->classes[t];
		y += s->counts[t];
		yc[c] += s->counts[t];
		fc[c] += base[c];
		fsum += base[c];
	}
	double level = (y + p->prior_count) / fsum;
	double own = 0;
	for (int c = 0; c < 7; c++) {
		double e = level * fc[c];
		f->factor[c] = base[c] * (yc[c] + p->shrink) / (e + p->shrink);
		own += e / (e + p->shrink);
	}
	normalise(f->factor);
	fsum = 0;
	for (int t = x->b0; t < x->b1; t++)
		fsum += f->factor[x->classes[t]];
	f->level = (y + p->prior_count) / fsum;
	*df = (x->b1 - x->b0) - 1 - own;
}

/* Whether a window's sum is a surge worth reporting; its log10 tail. */
static bool qualifies(const struct warning_params *p, double obs, double exp, double var,
                      double *log10p)
{
	*log10p = 0;
	if (obs < exp + p->min_excess || obs < exp * p->min_ratio)
		return false;
	*log10p = warning_log10_tail(obs, exp, var);
	return *log10p < log10(p->alpha);
}

static void windows(struct detect *x, const struct series *s, struct warning_fit *f)
{
	double vb = 0, mb = 0;
	for (int t = x->b0; t < x->b1; t++) {
		double mu = f->level * f->factor[x->classes[t]];
		mb += mu;
		vb += mu + f->phi * mu * mu;
	}
	f->level_rel_var = mb > 0 ? vb / (mb * mb) : 0;
	double obs = 0, exp = 0, var = 0;
	for (int w = 1; w <= x->p->max_window && w <= WARNING_MAX_WINDOW; w++) {
		int t = x->today - w + 1;
		double mu = f->level * f->factor[x->classes[t]];
		obs += s->counts[t];
		exp += mu;
		var += mu + f->phi * mu * mu;
		f->observed[w - 1] = obs;
		f->expected[w - 1] = exp;
		f->variance[w - 1] = var + exp * exp * f->level_rel_var;
	}
}

static void test_series(struct detect *x, size_t i)
{
	const struct series *s = &x->set->items[i];
	struct warning_result *r = &x->res[i];
	struct warning_fit *f = &r->fit;
	r->related = -1;
	if (!r->tested)
		return;
	double today_mu = f->level * f->factor[x->classes[x->today]];
	if (s->counts[x->today] <= today_mu)
		return;
	for (int w = 1; w <= x->p->max_window && w <= WARNING_MAX_WINDOW; w++) {
		double l;
		if (qualifies(x->p, f->observed[w - 1], f->expected[w - 1], f->variance[w - 1], &l) &&
		    -l > r->surprise) {
			r->flagged = true;
			r->surprise = -l;
			r->window = w;
		}
	}
	if (r->flagged)
		r->status = WARNING_REPORTED;
}

/* Overdispersion per source and level, by moments over every tested series'
 * baseline (Var = mu + phi mu^2), the squares corrected for the parameters
 * each fit used. A day far off its expectation (a past surge, an outage) is
 * winsorised at 4 standard deviations of the previous estimate, so that a few
 * such days do not make every series of the level look noisier than it is:
 * twice, from a generous first guess. */
static void dispersion(struct detect *x, double *phi)
{
	for (int k = 0; k < SERIES_SOURCES * SERIES_LEVELS; k++)
		phi[k] = 0.25;
	for (int pass = 0; pass < 2; pass++) {
		double num[SERIES_SOURCES * SERIES_LEVELS] = {0}, den[SERIES_SOURCES * SERIES_LEVELS] = {0};
		for (size_t i = 0; i < x->set->n; i++) {
			const struct series *s = &x->set->items[i];
			const struct warning_fit *f = &x->res[i].fit;
			if (!x->res[i].tested || x->df[i] < 1)
				continue;
			int k = s->key.source * SERIES_LEVELS + (int)s->key.level;
			double ss = 0, sm = 0, sm2 = 0;
			for (int t = x->b0; t < x->b1; t++) {
				double mu = f->level * f->factor[x->classes[t]], d = s->counts[t] - mu;
				double cap = 16 * (mu + phi[k] * mu * mu);
				ss += d * d < cap ? d * d : cap;
				sm += mu;
				sm2 += mu * mu;
			}
			num[k] += ss * (x->b1 - x->b0) / x->df[i] - sm;
			den[k] += sm2;
		}
		for (int k = 0; k < SERIES_SOURCES * SERIES_LEVELS; k++) {
			double v = den[k] > 0 ? num[k] / den[k] : 0;
			phi[k] = v < 0 ? 0 : v > 1 ? 1 : v;
		}
	}
}

/* ---- the hierarchy ----------------------------------------------------------------- */

struct list {
	int32_t *v;
	size_t n, cap;
};

static void push(struct list *l, int32_t i)
{
	if (l->n == l->cap)
		l->v = sh_xrealloc(l->v, (l->cap = l->cap ? l->cap * 2 : 8) * sizeof *l->v);
	l->v[l->n++] = i;
}

/* Whether descendant d still surprises once its expectation rises by rho. */
static bool beyond(const struct detect *x, int32_t d, double rho)
{
	const struct warning_result *r = &x->res[d];
	int w = r->window - 1;
	double m = r->fit.expected[w], v = r->fit.variance[w], l;
	return qualifies(x->p, r->fit.observed[w], m * rho, m * rho + (v - m) * rho * rho, &l);
}

/* Decides the subtree of series i; appends the series it reports to out. */
static void resolve(struct detect *x, const int32_t *first_child, const int32_t *next_sibling,
                    int32_t i, struct list *out)
{
	struct list below = {0};
	for (int32_t c = first_child[i]; c >= 0; c = next_sibling[c])
		resolve(x, first_child, next_sibling, c, &below);
	struct warning_result *r = &x->res[i];
	if (!r->flagged) {
		for (size_t k = 0; k < below.n; k++)
			push(out, below.v[k]);
		free(below.v);
		return;
	}
	int w = r->window - 1;
	/* The descendants that rise beyond the rest of the series: each against
	 * the rise of the rest without it (over its own window), the rest being
	 * the series less the descendants found so far, until that settles. */
	bool *extra = sh_xcalloc(below.n + 1, sizeof *extra);
	double eo[WARNING_MAX_WINDOW], em[WARNING_MAX_WINDOW], ev[WARNING_MAX_WINDOW];
	for (int round = 0; round < 8; round++) {
		memset(eo, 0, sizeof eo), memset(em, 0, sizeof em), memset(ev, 0, sizeof ev);
		for (size_t k = 0; k < below.n; k++)
			for (int v = 0; extra[k] && v < x->p->max_window; v++) {
				const struct warning_fit *f = &x->res[below.v[k]].fit;
				eo[v] += f->observed[v], em[v] += f->expected[v], ev[v] += f->variance[v];
			}
		bool changed = false;
		for (size_t k = 0; k < below.n; k++) {
			const struct warning_fit *f = &x->res[below.v[k]].fit;
			int v = x->res[below.v[k]].window - 1;
			double ro = r->fit.observed[v] - eo[v], rm = r->fit.expected[v] - em[v];
			if (!extra[k])
				ro -= f->observed[v], rm -= f->expected[v];
			bool e = beyond(x, below.v[k], rm > 1e-9 && ro > rm ? ro / rm : 1);
			changed |= e != extra[k];
			extra[k] = e;
		}
		if (!changed)
			break;
	}
	/* What remains of the series without them, over its own window. */
	double so = r->fit.observed[w], sm = r->fit.expected[w], sv = r->fit.variance[w];
	for (size_t k = 0; k < below.n; k++)
		if (extra[k]) {
			const struct warning_fit *f = &x->res[below.v[k]].fit;
			so -= f->observed[w], sm -= f->expected[w], sv -= f->variance[w];
		}
	if (sm < 1e-9)
		sm = 1e-9;
	if (sv < sm)
		sv = sm;
	double l;
	if (qualifies(x->p, so, sm, sv, &l)) {
		push(out, i);
		for (size_t k = 0; k < below.n; k++) {
			if (extra[k]) {
				push(out, below.v[k]);
			} else {
				x->res[below.v[k]].status = WARNING_PART_OF;
				x->res[below.v[k]].related = i;
			}
		}
	} else {
		r->status = WARNING_EXPLAINED;
		for (size_t k = 0; k < below.n; k++)
			push(out, below.v[k]);
	}
	free(extra);
	free(below.v);
}

void warning_detect(const struct series_set *set, const uint8_t *classes,
                    const struct warning_params *p, struct warning_result *results)
{
	size_t n = set->n;
	memset(results, 0, n * sizeof *results);
	for (size_t i = 0; i < n; i++)
		results[i].related = -1;
	if (set->ndays < warning_history_days(p) || p->max_window > p->gap_days)
		return;
	struct detect x = {.set = set, .classes = classes, .p = p, .res = results};
	x.today = set->ndays - 1;
	x.b1 = set->ndays - p->gap_days;
	x.b0 = x.b1 - p->baseline_days;
	x.df = sh_xcalloc(n + 1, sizeof *x.df);
	source_factors(&x);

	/* A series is judged only when its top series has counts in the
	 * baseline's first week: an operator or a source that just began has no
	 * history to be normal by. */
	for (size_t i = 0; i < n; i++) {
		const struct series *s = &set->items[i];
		if (s->parent >= 0) {
			results[i].tested = s->testable && results[s->parent].tested;
			continue;
		}
		int64_t early = 0;
		for (int t = x.b0; t < x.b0 + 7 && t < x.b1; t++)
			early += s->counts[t];
		results[i].tested = s->testable && early > 0;
	}
	/* Parents come first, so each pattern starts from its parent's. */
	for (size_t i = 0; i < n; i++) {
		const struct series *s = &set->items[i];
		const double *base = s->parent >= 0 ? results[s->parent].fit.factor
		                                    : x.source_factor[s->key.source];
		fit_pattern(&x, s, base, &results[i].fit, &x.df[i]);
	}
	double phi[SERIES_SOURCES * SERIES_LEVELS];
	dispersion(&x, phi);
	for (size_t i = 0; i < n; i++) {
		const struct series *s = &set->items[i];
		results[i].fit.phi = phi[s->key.source * SERIES_LEVELS + s->key.level];
		windows(&x, s, &results[i].fit);
		test_series(&x, i);
	}

	int32_t *first_child = sh_xmalloc((n + 1) * sizeof *first_child);
	int32_t *next_sibling = sh_xmalloc((n + 1) * sizeof *next_sibling);
	for (size_t i = 0; i < n; i++)
		first_child[i] = next_sibling[i] = -1;
	for (size_t i = n; i-- > 0;) {
		int32_t parent = set->items[i].parent;
		if (parent >= 0) {
			next_sibling[i] = first_child[parent];
			first_child[parent] = (int32_t)i;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (set->items[i].parent >= 0)
			continue;
		struct list reported = {0};
		resolve(&x, first_child, next_sibling, (int32_t)i, &reported);
		free(reported.v);
	}
	free(first_child);
	free(next_sibling);
	free(x.df);
}
