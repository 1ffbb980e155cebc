/* Logging: one JSON object per line on stderr.
 *
 * Only the CLI and HTTP layers log; domain and store code return errors and the
 * caller logs once. Never pass personal data (names, phone numbers, addresses,
 * descriptions) or secrets (passwords, tokens, query codes) to these functions. */
#ifndef SHENSU_CORE_LOG_H
#define SHENSU_CORE_LOG_H

#include <stdint.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
/* Parses "debug", "info", "warn", "error"; -1 when unknown. */
int log_level_parse(const char *s);

/* {"ts":"…","level":"info","msg":"…"} — msg is escaped as a JSON string. */
__attribute__((format(printf, 2, 3))) void log_msg(enum log_level level, const char *fmt, ...);

/* One line per HTTP request: method, path (without the query string, which may
 * carry a query code), status and duration. */
void log_request(const char *method, const char *path, unsigned status, int64_t usec);

#endif
