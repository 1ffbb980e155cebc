/* Versioned schema migrations. schema_migrations[v] upgrades version v-1 to v.
 * Written in the SQL that SQLite and PostgreSQL share, so one description
 * serves both drivers. */
#ifndef SHENSU_STORE_SCHEMA_H
#define SHENSU_STORE_SCHEMA_H

extern const char *const schema_migrations[];

#endif
