/* Route handlers. Each translates HTTP to domain calls and back (the rules
 * live in src/domain/, the use cases in src/app/); the return convention is
 * router.h's. */
#ifndef SHENSU_HTTP_HANDLERS_H
#define SHENSU_HTTP_HANDLERS_H

#include "http/server.h"

int handle_health(struct request *req);
int handle_provinces(struct request *req);
int handle_enterprises(struct request *req);
int handle_categories(struct request *req);
int handle_reasons(struct request *req);
int handle_rules(struct request *req);
int handle_calendar_add(struct request *req);
int handle_calendar_between(struct request *req);
int handle_calendar_day(struct request *req);
int handle_complaint_create(struct request *req);
int handle_complaint_public(struct request *req);
int handle_complaint_withdraw(struct request *req);
int handle_complaint_supplement(struct request *req);
int handle_complaint_survey(struct request *req);
int handle_login(struct request *req);
int handle_logout(struct request *req);
int handle_me(struct request *req);
int handle_cases_list(struct request *req);
int handle_cases_export(struct request *req);
int handle_case_get(struct request *req);
int handle_case_action(struct request *req);
int handle_openapi(struct request *req);
int handle_stats(struct request *req);
int handle_notice(struct request *req);
int handle_report_create(struct request *req);
int handle_reports_list(struct request *req);
int handle_report_invalidate(struct request *req);
int handle_report_stats(struct request *req);
int handle_number_get(struct request *req);
int handle_numbers_lookup(struct request *req);
int handle_number_check(struct request *req);
int handle_dispatch_create(struct request *req);
int handle_dispatches_list(struct request *req);
int handle_dispatch_get(struct request *req);
int handle_dispatch_disposals(struct request *req);
int handle_apps_list(struct request *req);
int handle_app_action(struct request *req);
/* Supervision (handlers_supervision.c) and the notice (handlers_notices.c). */
int handle_topics(struct request *req);
int handle_supervision_vocabulary(struct request *req);
int handle_licensees_list(struct request *req);
int handle_licensee_create(struct request *req);
int handle_licensee_get(struct request *req);
int handle_licensee_update(struct request *req);
int handle_enforcement_list(struct request *req);
int handle_enforcement_create(struct request *req);
int handle_enforcement_get(struct request *req);
int handle_enforcement_update(struct request *req);
int handle_badlist_public(struct request *req);
int handle_badlist_entries(struct request *req);
int handle_badlist_create(struct request *req);
int handle_badlist_get(struct request *req);
int handle_badlist_update(struct request *req);
int handle_inspections_list(struct request *req);
int handle_inspection_create(struct request *req);
int handle_inspection_get(struct request *req);
int handle_inspection_update(struct request *req);
int handle_app_tests_list(struct request *req);
int handle_app_test_create(struct request *req);
int handle_app_test_get(struct request *req);
int handle_app_test_update(struct request *req);
int handle_equipment_list(struct request *req);
int handle_equipment_create(struct request *req);
int handle_equipment_get(struct request *req);
int handle_equipment_update(struct request *req);
int handle_supervision_summary(struct request *req);
int handle_notice_texts(struct request *req);
int handle_notice_text_put(struct request *req);
int handle_notice_publications(struct request *req);
int handle_notice_publish(struct request *req);
int handle_notice_approve(struct request *req);
int handle_notice_reject(struct request *req);
int handle_warnings(struct request *req);
int handle_warning_decide(struct request *req);

/* Shared parameter parsing: each responds with a problem and returns its
 * error when the parameter is missing or malformed, 0 otherwise. */
int param_date(struct request *req, const char *name, int32_t *out);
int param_int(struct request *req, const char *name, long min, long max, long *out);
struct stats_query;
/* period=2020Q4|2020-10|2020, or from=&to=: the days and comparison periods. */
int param_period(struct request *req, struct stats_query *q, const char **label);
/* A string member of a request body, or NULL when absent; "" marks a member
 * of the wrong type, which the validators then report as missing. */
const char *json_member(json_t *o, const char *key);
struct record_error;
/* A use case's refusal (app/supervision.h, app/notice_publish.h) as a problem:
 * SH_EINVAL 400 invalid_fields naming err->field, SH_EFORBIDDEN 403 with the
 * code `forbidden`, SH_ENOTFOUND 404, SH_ECONFLICT 409 with `conflict`;
 * another error is returned as it is. */
int record_refused(struct request *req, int rc, const struct record_error *err,
                   const char *forbidden, const char *conflict);
/* A day number as a JSON "YYYY-MM-DD" string; null for an open bound. */
json_t *json_date(int32_t day);

#endif
