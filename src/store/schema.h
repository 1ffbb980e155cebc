/* Versioned schema migrations. schema_migrations[v] upgrades version v-1 to v.
 * Written in the SQL that SQLite and PostgreSQL share, so one description
 * serves both drivers. */
#ifndef SHENSU_STORE_SCHEMA_H
#define SHENSU_STORE_SCHEMA_H

extern const char *const schema_migrations[];

/* A case's next deadline as 'YYYY-MM-DD' text, '9999-12-31' when none: the
 * SQL form of lifecycle_next_due(), in SQL both drivers understand. */
#define SCHEMA_NEXT_DUE                                                                       \
	"coalesce(CASE WHEN state IN ('closed', 'not_accepted', 'enquiry_answered') THEN NULL " \
	"WHEN state = 'submitted' THEN coalesce(accept_due, answer_due) "                       \
	"WHEN state = 'forwarded' THEN CASE WHEN answer_due IS NULL THEN reply_due "            \
	"WHEN reply_due IS NULL THEN answer_due WHEN reply_due < answer_due THEN reply_due "    \
	"ELSE answer_due END ELSE answer_due END, '9999-12-31')"
#define SCHEMA_NO_DUE "9999-12-31"

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
