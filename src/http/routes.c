/* Every route the server answers, in one table. */
#include "http/handlers.h"
#include "http/router.h"

const struct route routes[] = {
	{"GET", "/api/health", handle_health, ALLOW_PUBLIC, false, 0},
	{"GET", "/api/reference/provinces", handle_provinces, ALLOW_PUBLIC, false, 0},
	{"GET", "/api/reference/enterprises", handle_enterprises, ALLOW_PUBLIC, false, 0},
	{"GET", "/api/reference/categories", handle_categories, ALLOW_PUBLIC, false, 0},
	{"GET", "/api/reference/reasons", handle_reasons, ALLOW_PUBLIC, false, 0},
	{"GET", "/api/calendar/add", handle_calendar_add, ALLOW_PUBLIC, false, 0},
	{"GET", "/api/calendar/between", handle_calendar_between, ALLOW_PUBLIC, false, 0},
	{"GET", "/api/calendar/day", handle_calendar_day, ALLOW_PUBLIC, false, 0},
	{"POST", "/api/complaints", handle_complaint_create, ALLOW_PUBLIC, true, 64 * 1024},
	{"GET", "/api/complaints/{no}", handle_complaint_public, ALLOW_PUBLIC, true, 0},
	{"POST", "/api/complaints/{no}/withdraw", handle_complaint_withdraw, ALLOW_PUBLIC, true, 8192},
	{"POST", "/api/complaints/{no}/supplement", handle_complaint_supplement, ALLOW_PUBLIC, true, 16384},
	{"POST", "/api/complaints/{no}/survey", handle_complaint_survey, ALLOW_PUBLIC, true, 8192},
	{"POST", "/api/login", handle_login, ALLOW_PUBLIC, false, 4096},
	{"POST", "/api/logout", handle_logout, ALLOW_STAFF, false, 1024},
	{"GET", "/api/me", handle_me, ALLOW_STAFF, false, 0},
	{"GET", "/api/cases", handle_cases_list, ALLOW_CASEWORK, false, 0},
	{"GET", "/api/cases.csv", handle_cases_export, ALLOW_CASEWORK, false, 0},
	{"GET", "/api/cases/{no}", handle_case_get, ALLOW_CASEWORK, false, 0},
	{"POST", "/api/cases/{no}/actions", handle_case_action, ALLOW_CASEWORK, false, 16384},
	{"GET", "/api/stats", handle_stats, ALLOW(ROLE_REGULATOR) | ALLOW(ROLE_AGENCY_STAFF), false, 0},
	{"GET", "/api/notices/{period}", handle_notice, ALLOW(ROLE_REGULATOR), false, 0},
	{"GET", "/api/openapi.json", handle_openapi, ALLOW_PUBLIC, false, 0},
	{0},
};
