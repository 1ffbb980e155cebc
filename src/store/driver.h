/* What a store driver implements. Private to src/store/. */
#ifndef SHENSU_STORE_DRIVER_H
#define SHENSU_STORE_DRIVER_H

#include "store/store.h"

struct store_ops {
	const char *name;
	void (*close)(store *s);
	int (*version)(store *s, int *out);
	int (*tune_bulk)(store *s);
	int (*begin)(store *s);
	int (*commit)(store *s);
	int (*rollback)(store *s);
	int (*reference_save)(store *s, const struct reference *ref);
	int (*reference_load)(store *s, struct reference *ref);
	int (*holiday_save)(store *s, const struct holiday_schedule *sch, const char *source);
	int (*calendar_load)(store *s, calendar *cal);
	int (*calendar_revision)(store *s, int64_t *out);
	int (*import_begin)(store *s, const char *kind, const char *source, int64_t *batch_id);
	int (*import_finish)(store *s, int64_t batch_id, int64_t rows);
	int (*complaint_insert)(store *s, struct complaint *c, int64_t batch_id);
	int (*complaint_count)(store *s, int64_t *out);
	int (*subscribers_put)(store *s, const char *period, int64_t enterprise_id, int64_t subs);
};

/* Every driver's handle starts with this. */
struct store {
	const struct store_ops *ops;
	char error[512];
};

int sqlite_store_open(const char *path, store **out, char *err, size_t errlen);

#endif
