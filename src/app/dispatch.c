#include "app/dispatch.h"

#include "app/number_registry.h"

int32_t dispatch_due(const calendar *cal, int32_t today, int days)
{
	int32_t due;
	if (!cal || calendar_add_working_days(cal, today, days, &due))
		due = today + DISPATCH_FALLBACK_DAYS;
	return due;
}

int dispatch_run(store *s, number_index *ix, int64_t now, int32_t due, struct arena *a,
                 struct dispatch **out, size_t *n)
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
