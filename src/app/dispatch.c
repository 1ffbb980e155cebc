#include "app/dispatch.h"

#include "app/number_registry.h"
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

int dispatch_run(store *s, number_index *ix, int64_t now, const struct dispatch_due *due,
                 struct arena *a, struct dispatch **out, size_t *n)
{
	int rc = store_dispatch_create(s, now, due, a, out, n);
	for (size_t i = 0; rc == 0 && i < *n; i++) {
		struct dispatch_item *items;
		size_t m;
		if (store_dispatch_items(s, (*out)[i].id, a, &items, &m) == 0)
			for (size_t j = 0; j < m; j++)
				number_registry_dispatched(ix, items[j].number, now);
	}
	return rc;
}
