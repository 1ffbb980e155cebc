/* Configuration: one declarative table of options.
 *
 * Precedence, lowest first: built-in default, the INI file (shensu.conf in the
 * working directory, or --config / SHENSU_CONFIG), SHENSU_<KEY> environment
 * variables, command-line flags (--key VALUE or --key=VALUE). */
#ifndef SHENSU_CORE_CONFIG_H
#define SHENSU_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct config {
	char *db;              /* store URL or SQLite path */
	char *listen;          /* host:port */
	long threads;          /* HTTP worker threads; 0 = 16 per CPU, at least 32 */
	long max_connections;  /* concurrent HTTP connections */
	long max_connections_per_ip; /* concurrent connections from one client address; 0 = no limit */
	long max_body;         /* request body limit, bytes */
	long operator_reply_days; /* default working days for an operator's reply */
	long dispatch_hour;       /* daily dispatch lists at this Beijing hour; -1 = off */
	long disposal_days;       /* working days to report disposals */
	char *log_level;       /* debug | info | warn | error */
	char *web_root;        /* directory of the static web UI */
	char *public_url;      /* "https://host[:port]" the public reaches us at, or "" */
	long rate_public;      /* public requests per minute per client address; 0 = off */
	long rate_login;       /* login attempts per minute per client address */
	long session_minutes;  /* staff session lifetime */
};

enum config_type { CONFIG_STRING, CONFIG_INT };

struct config_option {
	const char *section; /* INI section */
	const char *key;     /* INI key, flag name (--key) and env (SHENSU_KEY upper-cased) */
	enum config_type type;
	size_t offset;       /* into struct config */
	const char *def;
	long min, max;       /* for CONFIG_INT */
	const char *help;
	/* Further checks of a CONFIG_STRING value, or NULL: 0, or SH_EINVAL with
	 * the reason in err. */
	int (*check)(const char *key, const char *value, char *err, size_t errlen);
};

/* The option table, terminated by an entry whose key is NULL. */
extern const struct config_option config_options[];

/* Fills cfg with defaults. */
void config_defaults(struct config *cfg);
/* Frees the strings in cfg. */
void config_free(struct config *cfg);

/* Reads an INI file. A missing file is fine only when !required. On error
 * returns SH_EINVAL/SH_EIO with "FILE:LINE: reason" in err. */
int config_load_file(struct config *cfg, const char *path, bool required, char *err, size_t errlen);
/* Applies SHENSU_* environment variables. */
int config_load_env(struct config *cfg, char *err, size_t errlen);
/* Sets option `key` from text (a flag or env value). SH_ENOTFOUND when key is
 * not a configuration option; SH_EINVAL with a message when the value is bad. */
int config_set(struct config *cfg, const char *key, const char *value, char *err, size_t errlen);

/* Writes an example configuration with every option commented. */
void config_write_example(FILE *f);

#endif
