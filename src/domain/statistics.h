/* Statistics arithmetic and wording for the notice and the dashboards.
 *
 * Percentages are integer tenths of a percent (503 = 50.3%) and rates integer
 * hundredths (321 = 3.21), rounded half away from zero (四舍五入) in exact
 * integer arithmetic from the counts, never from rounded intermediates, so a
 * tie at .x5 always goes the same way. */
#ifndef SHENSU_DOMAIN_STATISTICS_H
#define SHENSU_DOMAIN_STATISTICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* part / whole in tenths of a percent. SH_EINVAL when whole <= 0 or part < 0. */
int stat_share(int64_t part, int64_t whole, int *tenths);
/* (cur - prev) / prev in tenths of a percent. SH_ENOTFOUND when prev <= 0:
 * there is no basis to compare with (the notice prints "—" and a footnote). */
int stat_change(int64_t prev, int64_t cur, int *tenths);
/* Complaints per million users, in hundredths: complaints / (subscribers_10k / 100).
 * SH_ENOTFOUND when subscribers_10k <= 0. */
int stat_rate_per_million(int64_t complaints, int64_t subscribers_10k, int64_t *hundredths);
/* The change of that rate from one period to the next, in tenths of a percent,
 * computed from the counts (c0/s0 -> c1/s1). SH_ENOTFOUND when either period
 * lacks subscribers or the earlier rate is zero. */
int stat_rate_change(int64_t c0, int64_t s0_10k, int64_t c1, int64_t s1_10k, int *tenths);

/* "50.3%" (never "-0.0%"). */
void stat_format_percent(int tenths, char *buf, size_t len);
/* "3.21". */
void stat_format_rate(int64_t hundredths, char *buf, size_t len);
/* The official wording of a change: "环比下降12.8%", "同比上升3.9%", "环比持平"
 * (when it rounds to 0.0), or "环比—" when rc (from stat_change) says there
 * is no basis. `what` is "环比" or "同比". */
void stat_format_change(const char *what, int rc, int tenths, char *buf, size_t len);
/* Only the direction and size, for tables: "下降12.8%", "上升3.9%", "持平", "—". */
void stat_format_change_short(int rc, int tenths, char *buf, size_t len);

#endif
