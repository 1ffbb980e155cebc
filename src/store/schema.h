/* Versioned schema migrations. schema_migrations[v] upgrades version v-1 to v.
 * Written in the SQL that SQLite and PostgreSQL share, so one description
 * serves both drivers. */
#ifndef SHENSU_STORE_SCHEMA_H
#define SHENSU_STORE_SCHEMA_H

extern const char *const schema_migrations[];

/* The complaint table's secondary indexes as the latest migration leaves them:
 * name and CREATE statement, NULL-terminated. A large import drops them and
 * builds them again at the end, which is much faster than inserting into them
 * row by row; a test checks they match the migrated schema. */
struct schema_index {
	const char *name;
	const char *create;
};
extern const struct schema_index schema_bulk_indexes[];

#endif
