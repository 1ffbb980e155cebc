#include "http/auth.h"

#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/error.h"
#include "core/ratelimit.h"
#include "core/secret.h"
#include "http/problem.h"
#include "http/session_cache.h"

/* The session token from "Authorization: Bearer …" or the session cookie. */
static const char *token_of(struct request *req, bool *via_cookie)
{
	const char *h = request_header(req, "Authorization");
	if (h && strncmp(h, "Bearer ", 7) == 0) {
		*via_cookie = false;
		return h + 7;
	}
	*via_cookie = true;
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
}

static bool unsafe_method(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0;
}

int auth_require(struct request *req, access_set roles)
{
	bool via_cookie;
	const char *token = token_of(req, &via_cookie);
	if (!token || strlen(token) != SECRET_TOKEN_LEN)
		return problem_respond(req, SH_EAUTH, "请先登录（会话不存在或已过期）");
	char hash[SECRET_HASH_LEN + 1];
	secret_hash(token, hash);
	struct user *u = arena_calloc(&req->arena, 1, sizeof *u);
	const char *csrf;
	int64_t now = (int64_t)time(NULL);
	if (!session_cache_get(hash, now, &req->arena, u, &csrf)) {
		store *s;
		int rc = request_store(req, &s);
		if (rc)
			return problem_respond(req, rc, "数据库暂时不可用");
		rc = store_session_get(s, hash, now, &req->arena, u, &csrf);
		if (rc == SH_ENOTFOUND || (rc == 0 && u->disabled))
			return problem_respond(req, SH_EAUTH, "请先登录（会话不存在或已过期）");
		if (rc)
			return problem_respond(req, rc, "数据库暂时不可用");
		session_cache_put(hash, now, u, csrf);
	}
	if (via_cookie && unsafe_method(req->method)) {
		const char *sent = request_header(req, "X-CSRF-Token");
		if (!sent || !secret_equal(sent, csrf))
			return problem_respond_code(req, SH_EFORBIDDEN, "csrf_failed",
			                            "请求缺少有效的X-CSRF-Token，请刷新页面后重试");
	}
	if (!access_allows(roles, u->actor.role))
		return problem_respond_code(req, SH_EFORBIDDEN, "role_not_allowed",
		                            "“%s”角色无权使用此接口", role_label(u->actor.role));
	req->user = u;
	req->session_hash = arena_strdup(&req->arena, hash);
	req->csrf = csrf;
	return 0;
}

/* Origin is "scheme://host[:port]"; schemes and host names compare without
 * case. public_url was checked at start (core/config.c) to hold nothing more,
 * bar a trailing "/". */
static bool origin_is_ours(const char *origin, const char *public_url, const char *host)
{
	if (public_url && *public_url) {
		size_t n = strlen(public_url);
		if (public_url[n - 1] == '/')
			n--;
		return strlen(origin) == n && strncasecmp(origin, public_url, n) == 0;
	}
	if (!host || !*host)
		return false;
	const char *rest = strncasecmp(origin, "http://", 7) == 0    ? origin + 7
	                   : strncasecmp(origin, "https://", 8) == 0 ? origin + 8
	                                                             : NULL;
	return rest && strcasecmp(rest, host) == 0;
}

int auth_same_origin(struct request *req, bool *same)
{
	const char *origin = request_header(req, "Origin");
	const char *site = request_header(req, "Sec-Fetch-Site");
	bool ours = false;
	if (origin) {
		if (!origin_is_ours(origin, request_shared(req)->cfg->public_url,
		                    request_header(req, "Host")))
			goto cross;
		ours = true;
	}
	if (site) {
		/* "none" is a navigation the user started: no page sent it. */
		if (strcmp(site, "same-origin") == 0)
			ours = true;
		else if (strcmp(site, "none") != 0)
			goto cross;
	}
	*same = ours;
	return 0;
cross:
	return problem_respond_code(req, SH_EFORBIDDEN, "cross_origin",
	                            "请求来自其他网站，已拒绝（请从本系统的页面登录）");
}

const char *auth_session_cookie(struct request *req, const char *token, long long max_age)
{
	const char *url = request_shared(req)->cfg->public_url;
	bool secure = url && strncasecmp(url, "https://", 8) == 0;
	return arena_printf(&req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
	                    SESSION_COOKIE, token, max_age, secure ? "; Secure" : "");
}

size_t auth_client_key(const struct request *req, unsigned char *out, size_t len)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!info || !info->client_addr)
		return 0;
	const struct sockaddr *sa = info->client_addr;
	const void *bytes = NULL;
	size_t n = 0;
	if (sa->sa_family == AF_INET) {
		bytes = &((const struct sockaddr_in *)sa)->sin_addr;
		n = 4;
	} else if (sa->sa_family == AF_INET6) {
		bytes = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		n = 16;
	}
	if (n > len)
		n = len;
	memcpy(out, bytes, n);
	return n;
}

int auth_rate_limit(struct request *req, struct ratelimit *limiter, const char *extra)
{
	unsigned char key[48];
	size_t n = auth_client_key(req, key, 16);
	if (extra) {
		size_t e = strlen(extra);
		if (e > sizeof key - n)
			e = sizeof key - n;
		memcpy(key + n, extra, e);
		n += e;
	}
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	int retry = 1;
	if (ratelimit_take(limiter, key, n, (double)ts.tv_sec + ts.tv_nsec / 1e9, &retry))
		return 0;
	request_add_header(req, "Retry-After", arena_printf(&req->arena, "%d", retry));
	return problem_respond(req, SH_ERATELIMIT, "请求过于频繁，请%d秒后再试", retry);
}
