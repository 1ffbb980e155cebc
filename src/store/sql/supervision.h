/* What the supervision aggregates (licensees.c, enforcement.c, badlist.c,
 * inspections.c, campaigns.c) share. Private to src/store/sql/. */
#ifndef SHENSU_STORE_SQL_SUPERVISION_H
#define SHENSU_STORE_SQL_SUPERVISION_H

#include "store/sql/sql.h"

/* A licensee's columns under alias l, in licensee_read's order. */
#define LICENSEE_COLS "l.id, l.name, l.licence_no, l.kind, l.province, l.enterprise_id, l.version"
/* A record's stamp columns under alias x, in stamp_read's order. */
#define STAMP_COLS "x.created_at, x.updated_at, x.import_batch_id, x.version"

/* Reads LICENSEE_COLS starting at column `first`. */
void licensee_read(struct arena *a, struct sql_stmt *st, int first, struct licensee *l);
/* Reads STAMP_COLS starting at column `first`. */
void stamp_read(struct sql_stmt *st, int first, struct record_stamp *s);

/* The filter every record list shares, as SQL over alias x whose day column
 * is `day` and enterprise column `who`: parameters ?1 authority, ?2 from, ?3
 * to, ?4 licensee, ?5 before_id (bound by filter_args). */
#define FILTER_WHERE(day, who)                                                              \
	"(CAST(?1 AS TEXT) IS NULL OR x.authority = ?1) AND (CAST(?2 AS TEXT) IS NULL OR "  \
	"x." day " >= ?2) AND (CAST(?3 AS TEXT) IS NULL OR x." day " <= ?3) AND "           \
	"(CAST(?4 AS BIGINT) IS NULL OR " who ") AND (CAST(?5 AS BIGINT) IS NULL OR x.id < ?5)"
/* Binds ?1..?5 of FILTER_WHERE. */
void filter_args(struct sql_args *q, const struct supervision_filter *f);
/* The LIMIT of a list: f->limit, or every row when it is 0. */
int64_t filter_limit(const struct supervision_filter *f);

/* Runs a list query (already bound) and reads each row with read into an
 * array of elem-sized records in a. */
int read_rows(store *s, const char *sql, const struct sql_args *q, struct arena *a, size_t elem,
              void (*read)(struct arena *a, struct sql_stmt *st, void *row), void **out,
              size_t *n);

/* Optimistic update: runs sql (bound, its last parameter the expected
 * version) and fails with SH_ECONFLICT when no row matched. */
int update_versioned(store *s, const char *sql, const struct sql_args *q, const char *what);

#endif
