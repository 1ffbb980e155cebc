/* The kinds of `shensu import`: how each reads its header and stores a row.
 * cmd_import.c runs them (all-or-nothing, errors as FILE:LINE: column N
 * (name): reason); import_supervision.c holds the regulator's kinds. */
#ifndef SHENSU_CLI_IMPORT_H
#define SHENSU_CLI_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/csv.h"
#include "domain/complaint_row.h"
#include "domain/reference.h"
#include "store/store.h"

struct import_kind {
	const char *name;
	/* Reads the header into state; fails with a message. */
	int (*header)(void *state, const struct csv_field *f, size_t n, struct row_error *err);
	/* Validates and stores one row (store writes only when `write`). A bad row
	 * is SH_EINVAL (SH_ETOOLARGE, SH_EENCODING) with err filled; anything else
	 * stops the import. */
	int (*row)(void *state, store *s, const struct csv_field *f, size_t n, bool write,
	           struct row_error *err);
	/* Kinds with a state of their own: made inside the import's transaction
	 * once the reference data are loaded and the batch is begun, and closed
	 * before it commits (ok: every row was good; close then records what it
	 * must, such as the batch's event). NULL for the built-in kinds. */
	void *(*open)(store *s, const struct reference *ref, int64_t batch, const char *path);
	int (*close)(void *state, store *s, bool ok, int64_t rows);
};

/* The regulator's kinds (import_supervision.c). */
extern const struct import_kind import_enforcement_kind, import_badlist_kind,
	import_inspections_kind, import_app_tests_kind, import_app_actions_kind,
	import_equipment_kind;

#endif
