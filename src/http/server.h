/* The HTTP server: libmicrohttpd with a thread pool, a per-request arena, a
 * pool of store handles, and one JSON log line per request. */
#ifndef SHENSU_HTTP_SERVER_H
#define SHENSU_HTTP_SERVER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/number_registry.h"
#include "core/arena.h"
#include "core/config.h"
#include "domain/calendar.h"
#include "domain/number_index.h"
#include "domain/reference.h"
#include "store/store.h"

struct server;
struct route;
struct MHD_Connection;
struct ratelimit;

#define ROUTE_MAX_PARAMS 4

/* One request. Everything in it, and everything its handler allocates (jansson
 * values included), comes from `arena` and is freed when the request ends. */
struct request {
	struct arena arena;
	struct server *srv;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;       /* percent-decoded, without the query string */
	const char *bad_target; /* why the request target was refused, or NULL */
	const char *log_path;   /* the path as logged: a route's pattern, never its values */
	bool checked;           /* the headers were checked (the first call) */
	char *body;
	size_t body_len;
	size_t body_cap;
	size_t body_limit;      /* the route's limit, checked as the body arrives */
	uint64_t body_length;   /* Content-Length, 0 when chunked or none */
	const struct route *route;
	const char *params[ROUTE_MAX_PARAMS]; /* {name} segments of the route, in order */
	store *store;           /* borrowed from the pool on first use */
	unsigned status;        /* of the response sent, for the log */
	int64_t started_us;
	bool responded;
	const char *allow;      /* Allow header for a 405 */
	const calendar *cal;    /* read-locked while the request holds it */
	int64_t cal_revision;   /* the stored calendar revision cal was loaded at */
	struct user *user;      /* the signed-in staff user, when the route needs one */
	const char *session_hash; /* hash of the session token in use */
	const char *csrf;         /* that session's CSRF token */
	const char *headers[8]; /* extra response headers: name, value, ... */
	int nheaders;
};

/* Server-wide state shared by all requests, read-only after start. (The store
 * pool and the calendar have their own locks, in struct server.) */
struct server_shared {
	const struct config *cfg;
	struct reference ref;
	struct ratelimit *public_limit; /* per client address */
	struct ratelimit *login_limit;  /* per client address */
	number_registry *numbers;       /* reported numbers' look-up index; own locking */
};

/* Makes jansson allocate from the current request's arena while a request is
 * handled (and from the heap otherwise). Call once, before any JSON is made. */
void server_install_json_allocator(void);

/* Starts serving on cfg->listen with the store at cfg->db; prints the address
 * actually bound (useful with port 0) to stdout. */
int server_start(const struct config *cfg, struct server **out, char *err, size_t errlen);
/* Blocks until SIGINT or SIGTERM. */
void server_wait(struct server *srv);
void server_stop(struct server *srv); /* NULL-safe */

const struct server_shared *request_shared(const struct request *req);
/* A store handle for this request (SH_EUNAVAILABLE when the pool is empty for
 * too long). Returned to the pool when the request ends. */
int request_store(struct request *req, store **out);
/* The working-day calendar, reloaded first when a schedule was saved since
 * (by `shensu calendar load`, perhaps from another process). Stays valid until
 * the request ends. */
int request_calendar(struct request *req, const calendar **out);
/* After this request committed a provisional deadline counted with its
 * calendar: when a schedule was saved meanwhile, counts the provisional
 * deadlines again (app/deadlines.h) and sets *recounted, so the handler reads
 * back what it wrote. */
int request_settle(struct request *req, bool *recounted);
/* Adds a header to the response this request will send. */
void request_add_header(struct request *req, const char *name, const char *value);
/* A request header, or NULL. */
const char *request_header(const struct request *req, const char *name);
/* Whether the body's media type (Content-Type without its parameters, such
 * as charset) is `type`, compared case-insensitively. */
bool request_content_type(const struct request *req, const char *type);
/* The request body parsed as a JSON object into *out; when it is missing or
 * not an object, responds with a problem and returns its (negative) error. */
int request_json(struct request *req, json_t **out);
/* A query-string argument, or NULL. */
const char *request_query(const struct request *req, const char *name);

/* Responses. Each returns 0 so handlers can `return respond_json(...)`
 * (router.h: 0 = the handler answered). */
int respond_json(struct request *req, unsigned status, json_t *body);
int respond_bytes(struct request *req, unsigned status, const char *content_type,
                  const char *body, size_t len);

#endif
