#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/deadlines.h"
#include "app/dispatch.h"
#include "app/number_registry.h"
#include "core/date.h"
#include "core/error.h"
#include "core/log.h"
#include "core/ratelimit.h"
#include "http/auth.h"
#include "http/message.h"
#include "http/problem.h"
#include "http/router.h"
#include "http/static_path.h"

/* Numbers the look-up index reserves room for: address space, not memory
 * (see domain/number_index.h), so the default room for 268 million. */
#define NUMBERS_CAPACITY NUMBER_INDEX_DEFAULT_CAPACITY

struct store_pool {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	store **free;
	size_t nfree, size;
};

struct server {
	struct MHD_Daemon *daemon;
	struct server_shared shared;
	struct store_pool pool;
	char *web_root; /* canonical web_root (realpath), or NULL when it is missing */
	pthread_rwlock_t cal_lock; /* requests read-lock; a reload write-locks */
	calendar *cal;
	int64_t cal_revision;
	sigset_t signals;
	/* The daily dispatch run (see daily_dispatch). */
	pthread_t dispatcher;
	bool dispatcher_running, stopping;
	/* The number index follows other processes' writes (see follow_numbers). */
	pthread_t follower;
	bool follower_running;
	int follower_stop;
	store *follower_store;
	pthread_mutex_t tick_lock;
	pthread_cond_t tick;
};

/* ---- jansson allocations come from the current request's arena ---------- */

/* Each block carries a header saying where it came from, so json_decref()
 * can free heap blocks (made outside a request) and ignore arena blocks (freed
 * with their request). */
struct json_block {
	size_t from_arena;
	_Alignas(max_align_t) unsigned char data[];
};

static _Thread_local struct arena *current_arena;

static void *json_alloc(size_t size)
{
	struct json_block *b = current_arena ? arena_alloc(current_arena, sizeof *b + size)
	                                     : sh_xmalloc(sizeof *b + size);
	b->from_arena = current_arena != NULL;
	return b->data;
}

static void json_release(void *p)
{
	if (!p)
		return;
	struct json_block *b = (struct json_block *)((char *)p - offsetof(struct json_block, data));
	if (!b->from_arena)
		free(b);
}

void server_install_json_allocator(void)
{
	json_set_alloc_funcs(json_alloc, json_release);
}

/* ---- store pool --------------------------------------------------------- */

static int pool_open(struct store_pool *p, const char *url, size_t n, char *err, size_t errlen)
{
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	p->free = sh_xcalloc(n, sizeof *p->free);
	for (size_t i = 0; i < n; i++) {
		int rc = store_open(url, &p->free[i], err, errlen);
		if (rc)
			return rc;
		p->nfree = p->size = i + 1;
	}
	return 0;
}

static void pool_close(struct store_pool *p)
{
	for (size_t i = 0; i < p->nfree; i++)
		store_close(p->free[i]);
	free(p->free);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
}

static int pool_take(struct store_pool *p, store **out)
{
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 10;
	pthread_mutex_lock(&p->lock);
	int rc = 0;
	while (p->nfree == 0 && rc == 0)
		rc = pthread_cond_timedwait(&p->cond, &p->lock, &deadline);
	if (p->nfree)
		*out = p->free[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	return rc ? SH_EUNAVAILABLE : 0;
}

static void pool_give(struct store_pool *p, store *s)
{
	pthread_mutex_lock(&p->lock);
	p->free[p->nfree++] = s;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

/* ---- requests ----------------------------------------------------------- */

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

const struct server_shared *request_shared(const struct request *req)
{
	return &req->srv->shared;
}

int request_store(struct request *req, store **out)
{
	if (!req->store) {
		int rc = pool_take(&req->srv->pool, &req->store);
		if (rc)
			return rc;
	}
	*out = req->store;
	return 0;
}

/* Replaces the calendar when the stored revision moved on. */
static int refresh_calendar(struct server *srv, store *s)
{
	int64_t rev;
	int rc = store_calendar_revision(s, &rev);
	if (rc)
		return rc;
	pthread_rwlock_rdlock(&srv->cal_lock);
	bool stale = rev != srv->cal_revision;
	pthread_rwlock_unlock(&srv->cal_lock);
	if (!stale)
		return 0;
	calendar *fresh;
	if ((rc = deadlines_calendar(s, &fresh)) != 0)
		return rc;
	pthread_rwlock_wrlock(&srv->cal_lock);
	calendar *old = srv->cal;
	srv->cal = fresh;
	srv->cal_revision = rev;
	pthread_rwlock_unlock(&srv->cal_lock);
	calendar_free(old);
	log_msg(LOG_INFO, "holiday schedules changed; calendar reloaded");
	return 0;
}

int request_calendar(struct request *req, const calendar **out)
{
	if (!req->cal) {
		store *s;
		int rc = request_store(req, &s);
		if (rc || (rc = refresh_calendar(req->srv, s)))
			return rc;
		pthread_rwlock_rdlock(&req->srv->cal_lock);
		req->cal = req->srv->cal;
		req->cal_revision = req->srv->cal_revision;
	}
	*out = req->cal;
	return 0;
}

int request_settle(struct request *req, bool *recounted)
{
	store *s;
	int rc = request_store(req, &s);
	if (rc == 0)
		rc = deadlines_settle_if_stale(s, req->cal_revision, (int64_t)time(NULL), recounted);
	return rc;
}

void request_add_header(struct request *req, const char *name, const char *value)
{
	if (req->nheaders + 2 <= (int)(sizeof req->headers / sizeof *req->headers)) {
		req->headers[req->nheaders++] = name;
		req->headers[req->nheaders++] = value;
	}
}

const char *request_header(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

bool request_content_type(const struct request *req, const char *type)
{
	const char *t = request_header(req, "Content-Type");
	size_t n = strlen(type);
	if (!t || strncasecmp(t, type, n) != 0)
		return false;
	t += n;
	while (*t == ' ' || *t == '\t')
		t++;
	return *t == '\0' || *t == ';';
}

int request_json(struct request *req, json_t **out)
{
	if (!req->body_len)
		return problem_respond_code(req, SH_EINVAL, "invalid_json", "请求内容为空，应为JSON对象");
	json_error_t e;
	json_t *body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &e);
	if (!body)
		return problem_respond_code(req, SH_EINVAL, "invalid_json",
		                            "请求内容不是有效的JSON（第%d行第%d列：%s）", e.line, e.column,
		                            e.text);
	if (!json_is_object(body))
		return problem_respond_code(req, SH_EINVAL, "invalid_json", "请求内容应为JSON对象");
	*out = body;
	return 0;
}

const char *request_query(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

static void security_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

int respond_bytes(struct request *req, unsigned status, const char *content_type,
                  const char *body, size_t len)
{
	if (req->responded)
		return 0;
	/* The body lives in the request arena (or is static), which outlives the
	 * response: the arena is freed only when the request completes. */
	struct MHD_Response *r =
		MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", content_type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	security_headers(r);
	if (req->allow)
		MHD_add_response_header(r, "Allow", req->allow);
	for (int i = 0; i + 1 < req->nheaders; i += 2)
		MHD_add_response_header(r, req->headers[i], req->headers[i + 1]);
	MHD_queue_response(req->conn, status, r);
	MHD_destroy_response(r);
	req->status = status;
	req->responded = true;
	return 0;
}

int respond_json(struct request *req, unsigned status, json_t *body)
{
	/* 15 significant digits print -12.8 as -12.8, not -12.800000000000001. */
	char *text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(body);
	return respond_bytes(req, status, "application/json; charset=utf-8", text, strlen(text));
}

/* ---- static files ------------------------------------------------------- */

static const char *content_type_of(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
		{".ico", "image/x-icon"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* Opens the file rel names in the web root if its canonical path lies inside
 * the canonical root; a directory gives its index.html. Returns the open
 * descriptor with its status and canonical path (for the content type), or -1.
 * (Whoever can write into the web root could still swap a directory for a
 * link between realpath and open; the root is not theirs to write.) */
static int open_within(struct request *req, const char *root, const char *rel, struct stat *st,
                       const char **file)
{
	for (int depth = 0; depth < 2; depth++) {
		char *real = realpath(
			arena_printf(&req->arena, "%s/%s", strcmp(root, "/") ? root : "", rel), NULL);
		if (!real)
			return -1;
		*file = arena_strdup(&req->arena, real);
		free(real);
		if (!static_path_within(root, *file))
			return -1;
		int fd = open(*file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0)
			return -1;
		bool ok = fstat(fd, st) == 0;
		if (ok && S_ISREG(st->st_mode))
			return fd;
		close(fd);
		if (!ok || !S_ISDIR(st->st_mode))
			return -1;
		rel = arena_printf(&req->arena, "%s/index.html", rel);
	}
	return -1;
}

static int serve_static(struct request *req)
{
	const char *path = req->path, *file = NULL;
	char rel[STATIC_PATH_MAX];
	int fd = -1;
	struct stat st;
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0)
		return problem_respond_code(req, SH_ENOTFOUND, "not_found", "没有这个地址：%s", path);
	if (req->srv->web_root && static_path_resolve(path, rel, sizeof rel) == 0)
		fd = open_within(req, req->srv->web_root, rel, &st, &file);
	if (fd < 0)
		return problem_respond(req, SH_ENOTFOUND, "没有这个地址：%s", path);
	struct MHD_Response *r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	MHD_add_response_header(r, "Content-Type", content_type_of(file));
	MHD_add_response_header(r, "Cache-Control", "no-cache");
	MHD_add_response_header(r, "Content-Security-Policy",
	                        "default-src 'self'; img-src 'self' data:; style-src 'self' "
	                        "'unsafe-inline'; frame-ancestors 'none'");
	security_headers(r);
	MHD_queue_response(req->conn, 200, r);
	MHD_destroy_response(r);
	req->status = 200;
	req->responded = true;
	return 0;
}

/* ---- the daily dispatch run ----------------------------------------------- */

/* Once a day, in the configured Beijing hour, every reported number not yet
 * sent goes on its operator's list. Checked every minute; with several
 * instances each runs it and the later runs find nothing left to send. */
static void dispatch_once(struct server *srv, int64_t now)
{
	store *s;
	if (pool_take(&srv->pool, &s)) {
		log_msg(LOG_WARN, "daily dispatch: no database handle free; next minute");
		return;
	}
	struct arena a;
	arena_init(&a, 0);
	struct dispatch_due due;
	pthread_rwlock_rdlock(&srv->cal_lock);
	int64_t revision = srv->cal_revision;
	int rc = dispatch_due(srv->cal, date_today(), (int)srv->shared.cfg->disposal_days, &due);
	pthread_rwlock_unlock(&srv->cal_lock);
	struct dispatch *made;
	size_t n = 0;
	if (rc == 0)
		rc = dispatch_run(s, srv->shared.numbers, now, &due, &a, &made, &n);
	/* Lists counted with a calendar a schedule load has just replaced. */
	if (rc == 0 && n && due.provisional)
		rc = deadlines_settle_if_stale(s, revision, now, NULL);
	if (rc)
		log_msg(LOG_ERROR, "daily dispatch failed: %s",
		        rc == SH_ENOSCHEDULE ? "no calendar for today" : store_error(s));
	else
		log_msg(LOG_INFO, "daily dispatch: %zu lists", n);
	arena_free(&a);
	pool_give(&srv->pool, s);
}

static void *daily_dispatch(void *arg)
{
	struct server *srv = arg;
	int32_t done = 0;
	pthread_mutex_lock(&srv->tick_lock);
	while (!srv->stopping) {
		int64_t now = (int64_t)time(NULL);
		int hour = (int)(((now + SH_BEIJING_OFFSET * 60) % 86400) / 3600);
		int32_t today = date_of_instant(now, SH_BEIJING_OFFSET);
		if (hour == srv->shared.cfg->dispatch_hour && today != done) {
			pthread_mutex_unlock(&srv->tick_lock);
			dispatch_once(srv, now);
			done = today;
			pthread_mutex_lock(&srv->tick_lock);
		}
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 60;
		if (!srv->stopping)
			pthread_cond_timedwait(&srv->tick, &srv->tick_lock, &ts);
	}
	pthread_mutex_unlock(&srv->tick_lock);
	return NULL;
}

/* ---- the number index follows every process's writes --------------------- */

/* How long the follower waits for a hint before it catches up anyway: a lost
 * notice (or none, SQLite) costs at most this. */
#define FOLLOW_WAIT_MS 500

static void *follow_numbers(void *arg)
{
	struct server *srv = arg;
	number_registry_follow(srv->shared.numbers, srv->follower_store, &srv->follower_stop,
	                       FOLLOW_WAIT_MS);
	return NULL;
}

/* ---- libmicrohttpd callbacks -------------------------------------------- */

/* Logged for a path under /api/ that names no route: the path itself could
 * carry anything (a phone number typed into the wrong place). */
#define UNKNOWN_API_PATH "/api/(unknown)"

/* Called with the request line, before the headers: the request starts here
 * (libmicrohttpd passes the return value as *con_cls). The target is checked
 * and decoded from the bytes as sent, not from libmicrohttpd's decoding,
 * which lets "../x", "*" and "%00" through. */
static void *on_target(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct arena a;
	arena_init(&a, 8192);
	struct request *req = arena_calloc(&a, 1, sizeof *req);
	req->arena = a;
	req->srv = cls;
	req->conn = conn;
	req->started_us = now_us();
	size_t len = uri ? strnlen(uri, MESSAGE_TARGET_MAX + 1) : 0;
	char *path = arena_alloc(&req->arena, len + 1);
	const char *why = NULL;
	if (message_target(uri, len, path, &why) == 0) {
		req->path = path;
	} else {
		req->path = "";
		req->bad_target = why;
		req->log_path = "(invalid target)";
	}
	return req;
}

/* Header fields of the request, in the order received, for message_framing. */
struct header_list {
	struct message_header *h;
	size_t n, cap;
};

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
	(void)kind;
	struct header_list *l = cls;
	if (l->n < l->cap)
		l->h[l->n++] = (struct message_header){key, value};
	return MHD_YES;
}

/* Everything decided from the request line and the headers, before a byte of
 * the body is read: the target, the framing, the route, the body's size
 * against the route's limit, the rate limit and the session. A refusal is
 * answered at once, and libmicrohttpd then closes the connection without
 * reading the body. */
static void admit(struct request *req)
{
	if (req->bad_target) {
		problem_respond_code(req, SH_EINVAL, "invalid_target", "%s", req->bad_target);
		return;
	}
	bool api = strncmp(req->path, "/api/", 5) == 0;
	req->log_path = api ? UNKNOWN_API_PATH : req->path;
	struct header_list l = {.cap = (size_t)MHD_get_connection_values(req->conn, MHD_HEADER_KIND,
	                                                                  NULL, NULL)};
	l.h = arena_calloc(&req->arena, l.cap + 1, sizeof *l.h);
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, collect_header, &l);
	enum message_body kind;
	const char *why;
	if (message_framing(l.h, l.n, &kind, &req->body_length, &why)) {
		problem_respond_code(req, SH_EINVAL, "bad_framing", "%s", why);
		return;
	}
	if (!api) { /* a static file: no body */
		if (kind != MESSAGE_BODY_NONE)
			problem_respond(req, SH_ETOOLARGE, "此地址不接受请求内容");
		return;
	}
	char allow[64];
	const struct route *route = NULL;
	enum route_match m = router_match(&req->arena, req->method, req->path, &route, req->params,
	                                  allow, sizeof allow);
	if (m == ROUTE_NO_PATH) {
		problem_respond(req, SH_ENOTFOUND, "没有这个接口：%s", req->path);
		return;
	}
	req->log_path = route->pattern;
	if (m == ROUTE_BAD_METHOD) {
		req->allow = arena_strdup(&req->arena, allow);
		problem_respond(req, SH_EMETHOD, "该接口不支持%s方法，可用：%s", req->method, allow);
		return;
	}
	req->route = route;
	size_t server_max = (size_t)req->srv->shared.cfg->max_body;
	req->body_limit = route->max_body < server_max ? route->max_body : server_max;
	if ((kind == MESSAGE_BODY_LENGTH && req->body_length > req->body_limit) ||
	    (kind == MESSAGE_BODY_CHUNKED && req->body_limit == 0)) {
		problem_respond(req, SH_ETOOLARGE, "请求内容超过%zu字节的上限", req->body_limit);
		return;
	}
	if (route->rate_limited && auth_rate_limit(req, req->srv->shared.public_limit, NULL))
		return;
	if (route->roles)
		auth_require(req, route->roles);
}

/* Takes the next piece of the body. A Content-Length body was checked against
 * the limit before; a chunked one is counted here, and the connection is
 * closed (returns false) the moment it passes the limit: libmicrohttpd cannot
 * answer in the middle of a body. */
static bool take_body(struct request *req, const char *data, size_t n)
{
	if (n > req->body_limit - req->body_len) {
		req->status = 413; /* for the log; the client sees the connection close */
		return false;
	}
	size_t need = req->body_len + n + 1;
	if (need > req->body_cap) {
		/* Allocated once, for the declared length or, chunked, for the
		 * route's limit: growing in the arena would keep every smaller copy. */
		size_t cap = req->body_length ? (size_t)req->body_length + 1 : req->body_limit + 1;
		char *nb = arena_alloc(&req->arena, cap);
		if (req->body_len)
			memcpy(nb, req->body, req->body_len);
		req->body = nb;
		req->body_cap = cap;
	}
	memcpy(req->body + req->body_len, data, n);
	req->body_len += n;
	req->body[req->body_len] = '\0';
	return true;
}

static void dispatch(struct request *req)
{
	if (!req->route) {
		serve_static(req);
		return;
	}
	int rc = req->route->handler(req);
	if (!req->responded)
		problem_respond(req, rc ? rc : SH_EINVAL, NULL);
}

/* Gives back what a call borrowed: a client may take its time before the
 * next call (sending the body), and must not hold a database handle or the
 * calendar meanwhile. */
static void release(struct server *srv, struct request *req)
{
	if (req->cal) {
		pthread_rwlock_unlock(&srv->cal_lock);
		req->cal = NULL;
	}
	if (req->store) {
		pool_give(&srv->pool, req->store);
		req->store = NULL;
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	(void)conn;
	(void)url; /* req->path, decoded by message_target from the target as sent */
	(void)version;
	struct server *srv = cls;
	struct request *req = *con_cls;
	if (!req)
		return MHD_NO;
	if (!req->checked) {
		req->checked = true;
		req->method = arena_strdup(&req->arena, method);
		current_arena = &req->arena;
		admit(req);
		current_arena = NULL;
		release(srv, req);
		return MHD_YES;
	}
	if (*upload_data_size) {
		bool ok = !req->responded && take_body(req, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return ok ? MHD_YES : MHD_NO;
	}
	current_arena = &req->arena;
	if (!req->responded)
		dispatch(req);
	current_arena = NULL;
	release(srv, req);
	return req->responded ? MHD_YES : MHD_NO;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	(void)toe;
	struct server *srv = cls;
	struct request *req = *con_cls;
	if (!req)
		return;
	/* A request libmicrohttpd gave up on before its headers were complete
	 * (timed out, malformed, too large) has no method and no status. */
	log_request(req->method ? req->method : "-", req->log_path ? req->log_path : "(no headers)",
	            req->status, now_us() - req->started_us);
	release(srv, req);
	struct arena a = req->arena; /* req lives inside its own arena */
	arena_free(&a);
	*con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_msg(LOG_WARN, "microhttpd: %s", msg);
}

/* Parses "host:port", "[v6]:port" or ":port". */
static int parse_listen(const char *s, struct sockaddr_storage *ss, char *err, size_t errlen)
{
	memset(ss, 0, sizeof *ss);
	const char *colon = strrchr(s, ':');
	char *end;
	long port = colon ? strtol(colon + 1, &end, 10) : -1;
	if (!colon || colon[1] == '\0' || *end != '\0' || port < 0 || port > 65535) {
		snprintf(err, errlen, "listen address '%s' must look like 127.0.0.1:8080", s);
		return SH_EINVAL;
	}
	char host[128];
	size_t hl = (size_t)(colon - s);
	if (hl >= sizeof host)
		hl = sizeof host - 1;
	memcpy(host, s, hl);
	host[hl] = '\0';
	if (host[0] == '[') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		size_t n = strlen(host);
		if (n < 3 || host[n - 1] != ']')
			goto bad;
		host[n - 1] = '\0';
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			goto bad;
		return 0;
	}
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	if (host[0] == '\0')
		a4->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (inet_pton(AF_INET, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host,
	                   &a4->sin_addr) != 1)
		goto bad;
	return 0;
bad:
	snprintf(err, errlen, "listen address '%s': '%s' is not an IP address", s, host);
	return SH_EINVAL;
}

int server_start(const struct config *cfg, struct server **out, char *err, size_t errlen)
{
	struct server *srv = sh_xcalloc(1, sizeof *srv);
	srv->shared.cfg = cfg;
	reference_init(&srv->shared.ref);
	pthread_rwlock_init(&srv->cal_lock, NULL);
	pthread_mutex_init(&srv->tick_lock, NULL);
	pthread_cond_init(&srv->tick, NULL);
	srv->shared.public_limit = ratelimit_new((double)cfg->rate_public, 20);
	srv->shared.login_limit = ratelimit_new((double)cfg->rate_login, 5);

	struct sockaddr_storage addr;
	/* Handlers block on the database (a commit waits for the disk), and each
	 * pool thread serves the connections it accepted one at a time, so the
	 * default is many threads per CPU. */
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long threads = cfg->threads ? cfg->threads : (cpus * 16 > 32 ? cpus * 16 : 32);
	int rc = parse_listen(cfg->listen, &addr, err, errlen);
	if (rc || (rc = pool_open(&srv->pool, cfg->db, (size_t)threads + 1, err, errlen)))
		goto fail;
	store *s = srv->pool.free[0];
	/* Static files are served only from inside this canonical directory. */
	srv->web_root = realpath(cfg->web_root, NULL);
	if (!srv->web_root)
		log_msg(LOG_WARN, "web_root '%s' cannot be opened (%s): no web UI is served",
		        cfg->web_root, strerror(errno));
	if ((rc = store_reference_load(s, &srv->shared.ref)) ||
	    (rc = store_calendar_revision(s, &srv->cal_revision)) ||
	    (rc = deadlines_calendar(s, &srv->cal)) ||
	    (rc = number_registry_open(s, NUMBERS_CAPACITY, &srv->shared.numbers))) {
		snprintf(err, errlen, "%s", store_error(s));
		goto fail;
	}
	/* The follower has a connection of its own: on PostgreSQL it LISTENs. */
	if ((rc = store_open(cfg->db, &srv->follower_store, err, errlen)))
		goto fail;

	/* Signals go to server_wait(), not to the worker threads. */
	sigemptyset(&srv->signals);
	sigaddset(&srv->signals, SIGINT);
	sigaddset(&srv->signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &srv->signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	srv->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ERROR_LOG, 0, NULL, NULL,
		on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
		MHD_OPTION_URI_LOG_CALLBACK, on_target, srv,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->max_connections_per_ip,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)cfg->max_connections, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16 * 1024, MHD_OPTION_NOTIFY_COMPLETED,
		on_completed, srv, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
	if (!srv->daemon) {
		snprintf(err, errlen, "cannot listen on %s (in use, or not an address of this host)",
		         cfg->listen);
		rc = SH_EIO;
		goto fail;
	}
	int32_t today = date_today(), through = calendar_covered_through(srv->cal, today);
	if (through < today + CALENDAR_LOOKAHEAD_DAYS)
		log_msg(LOG_WARN,
		        "no holiday schedule after %d: deadlines reaching past it are provisional "
		        "(statutory holidays only, no 调休) until next year's is loaded with "
		        "'shensu calendar load', which counts them again",
		        through ? date_year(through) : date_year(today) - 1);
	if (cfg->dispatch_hour >= 0 &&
	    pthread_create(&srv->dispatcher, NULL, daily_dispatch, srv) == 0)
		srv->dispatcher_running = true;
	if (pthread_create(&srv->follower, NULL, follow_numbers, srv) == 0)
		srv->follower_running = true;
	else
		log_msg(LOG_WARN, "number index: cannot start the follower: other instances' "
		                  "writes show in look-ups only after a restart");
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon,
	                                                       MHD_DAEMON_INFO_BIND_PORT);
	char host[64] = "127.0.0.1";
	if (addr.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&addr)->sin_addr, host, sizeof host);
	printf("shensu listening on http://%s:%u\n", host, info ? info->port : 0);
	fflush(stdout);
	log_msg(LOG_INFO, "listening on %s:%u with %ld threads", host, info ? info->port : 0,
	        threads);
	*out = srv;
	return 0;
fail:
	server_stop(srv);
	return rc;
}

void server_wait(struct server *srv)
{
	int sig;
	sigwait(&srv->signals, &sig);
	log_msg(LOG_INFO, "signal %d: shutting down", sig);
}

void server_stop(struct server *srv)
{
	if (!srv)
		return;
	if (srv->dispatcher_running) {
		pthread_mutex_lock(&srv->tick_lock);
		srv->stopping = true;
		pthread_cond_signal(&srv->tick);
		pthread_mutex_unlock(&srv->tick_lock);
		pthread_join(srv->dispatcher, NULL);
	}
	if (srv->follower_running) {
		__atomic_store_n(&srv->follower_stop, 1, __ATOMIC_RELEASE);
		pthread_join(srv->follower, NULL);
	}
	store_close(srv->follower_store);
	if (srv->daemon)
		MHD_stop_daemon(srv->daemon);
	if (srv->pool.free)
		pool_close(&srv->pool);
	reference_free(&srv->shared.ref);
	free(srv->web_root);
	number_registry_free(srv->shared.numbers);
	ratelimit_free(srv->shared.public_limit);
	ratelimit_free(srv->shared.login_limit);
	calendar_free(srv->cal);
	pthread_rwlock_destroy(&srv->cal_lock);
	pthread_mutex_destroy(&srv->tick_lock);
	pthread_cond_destroy(&srv->tick);
	free(srv);
}
