/* The command-line interface: subcommands sharing configuration handling. */
#ifndef SHENSU_CLI_CLI_H
#define SHENSU_CLI_CLI_H

#include <stdbool.h>

#include "core/config.h"
#include "domain/calendar.h"
#include "domain/reference.h"
#include "store/store.h"

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli_command {
	const char *name;
	int (*run)(struct config *cfg, int argc, char **argv);
	const char *summary;
	const char *usage; /* full --help text */
};

/* Entry point from main(). */
int cli_main(int argc, char **argv);

/* Shared by the commands. Each prints its own error and returns nonzero. */
/* Opens the existing, initialised database cfg->db. Creates nothing: when
 * there is no database ("no database at shensu.db: run 'shensu init' …") or
 * it lacks the reference data, says so and what to do. Every command but
 * init and demo opens its database this way. */
int cli_open_store(const struct config *cfg, store **out);
/* Opens cfg->db, creating an empty database when there is none (init, demo). */
int cli_create_store(const struct config *cfg, store **out);
int cli_load_reference(store *s, struct reference *ref);
/* The calendar deadlines are counted with: the stored schedules, and the
 * statutory rules for years without one (app/deadlines.h). */
int cli_load_calendar(store *s, calendar **out);
/* Prints "shensu: " + message to stderr. */
__attribute__((format(printf, 1, 2))) void cli_error(const char *fmt, ...);
/* True when argv holds -h or --help. */
bool cli_wants_help(int argc, char **argv);
/* Removes --key VALUE / --key=VALUE pairs naming a configuration option from
 * argv (updating argc) and applies them. Fails on a bad value or an unknown
 * --option. `extra` lists options the command handles itself (NULL-ended;
 * names ending in '=' take a value). */
int cli_take_options(struct config *cfg, int *argc, char **argv, const char *const *extra);

/* Whether argv[*i] is the option --name (value in the next argument, *i then
 * moves past it) or --name=VALUE; stores the value, or "" when it is missing. */
bool cli_option(int argc, char **argv, int *i, const char *name, const char **value);

int cmd_init(struct config *cfg, int argc, char **argv);
int cmd_serve(struct config *cfg, int argc, char **argv);
int cmd_import(struct config *cfg, int argc, char **argv);
int cmd_demo(struct config *cfg, int argc, char **argv);
int cmd_calendar(struct config *cfg, int argc, char **argv);
int cmd_user(struct config *cfg, int argc, char **argv);
int cmd_notice(struct config *cfg, int argc, char **argv);
int cmd_routes(struct config *cfg, int argc, char **argv);
int cmd_warnings(struct config *cfg, int argc, char **argv);

/* Demo data for early warning (demo_warning.c): one 5G surge in one province
 * ending today, inside the demo's transaction; *added: the complaints it
 * stored. */
struct casework;
int demo_warning(const struct casework *w, uint64_t seed, int32_t today, long *added);

/* The demo's supervision records, the ministry's text of the last complete
 * quarter and the quarter before it published (demo_supervision.c), over the
 * two years to today; inside the demo's transaction. */
int demo_supervision(store *s, const struct reference *ref, uint64_t seed, int32_t today);

/* Seeding from the data compiled into the binary (seed.c). */
int seed_reference(struct reference *ref, char *err, size_t errlen);
/* Saves the compiled-in holiday schedules, except for years the database
 * has a schedule for already; *years counts the compiled-in schedules. */
int seed_holidays(store *s, int *years, char *err, size_t errlen);
/* Adds every compiled-in holiday schedule to cal (no database involved). */
int seed_calendar(calendar *cal, char *err, size_t errlen);
/* Initialises an empty database; does nothing to one already initialised.
 * *created tells which. */
int seed_database(store *s, bool *created, char *err, size_t errlen);

#endif
