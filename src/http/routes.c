/* Every route the server answers, in one table. */
#include "http/handlers.h"
#include "http/router.h"

const struct route routes[] = {
	{"GET", "/api/health", handle_health, ROUTE_PUBLIC, 0},
	{"GET", "/api/reference/provinces", handle_provinces, ROUTE_PUBLIC, 0},
	{"GET", "/api/reference/enterprises", handle_enterprises, ROUTE_PUBLIC, 0},
	{"GET", "/api/reference/categories", handle_categories, ROUTE_PUBLIC, 0},
	{"GET", "/api/reference/reasons", handle_reasons, ROUTE_PUBLIC, 0},
	{"GET", "/api/calendar/add", handle_calendar_add, ROUTE_PUBLIC, 0},
	{"GET", "/api/calendar/between", handle_calendar_between, ROUTE_PUBLIC, 0},
	{"GET", "/api/calendar/day", handle_calendar_day, ROUTE_PUBLIC, 0},
	{0},
};
