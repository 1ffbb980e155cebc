#include "app/dispatch.h"

#include "core/error.h"

int dispatch_due(const calendar *cal, int32_t from, int days, struct dispatch_due *out)
{
	int32_t due;
	if (!cal)
		return SH_ENOSCHEDULE;
	int rc = calendar_add_working_days(cal, from, days, &due);
	if (rc)
		return rc;
	*out = (struct dispatch_due){.due = due,
	                             .provisional = calendar_provisional(cal, from + 1, due),
	                             .from = from,
	                             .days = days};
	return 0;
}

int dispatch_run(store *s, number_registry *numbers, int64_t now, const struct dispatch_due *due,
                 struct arena *a, struct dispatch **out, size_t *n)
{
	int rc = store_dispatch_create(s, now, due, a, out, n);
	if (rc == 0 && numbers)
		number_registry_after_write(numbers, s);
	return rc;
}
