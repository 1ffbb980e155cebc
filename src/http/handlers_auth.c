/* Staff sign-in: POST /api/login, POST /api/logout, GET /api/me. */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/error.h"
#include "core/log.h"
#include "core/secret.h"
#include "http/auth.h"
#include "http/handlers.h"
#include "http/problem.h"
#include "http/session_cache.h"

static json_t *user_json(struct request *req, const struct user *u)
{
	const struct reference *ref = &request_shared(req)->ref;
	json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)u->id, "name", u->name,
	                      "role", role_code(u->actor.role), "role_label",
	                      role_label(u->actor.role));
	if (u->actor.province[0]) {
		const struct province *p = reference_province_code(ref, u->actor.province);
		json_object_set_new(o, "province", json_string(u->actor.province));
		json_object_set_new(o, "province_name", json_string(p ? p->name : ""));
	}
	if (u->actor.enterprise_id) {
		const struct enterprise *e = reference_enterprise_id(ref, u->actor.enterprise_id);
		json_object_set_new(o, "enterprise", json_string(e ? e->name : ""));
	}
	return o;
}

/* The media type of the body is application/json (parameters such as
 * charset aside). A form or text/plain body is what a page of another site
 * can post without asking (CORS), so login refuses it. */
static bool json_content(const struct request *req)
{
	return request_content_type(req, "application/json");
}

int handle_login(struct request *req)
{
	int rc = auth_rate_limit(req, request_shared(req)->login_limit, "login");
	if (rc)
		return rc;
	if (!json_content(req))
		return problem_respond(req, SH_EMEDIATYPE, "登录请求须为JSON（Content-Type: application/json）");
	bool same_origin;
	json_t *body;
	if ((rc = auth_same_origin(req, &same_origin)) || (rc = request_json(req, &body)))
		return rc;
	json_t *jn = json_object_get(body, "name"), *jp = json_object_get(body, "password");
	if (!json_is_string(jn) || !json_is_string(jp))
		return problem_respond_code(req, SH_EINVAL, "invalid_fields", "请输入用户名和密码");
	store *s;
	if ((rc = request_store(req, &s)))
		return rc;
	struct user u;
	const char *hash = NULL;
	rc = store_user_by_name(s, json_string_value(jn), &req->arena, &u, &hash);
	if (rc && rc != SH_ENOTFOUND)
		return rc;
	/* An unknown name costs as much time as a wrong password. Sized as the
	 * hash libsodium's declaration expects (LTO checks it). */
	static const char dummy[SECRET_PASSWORD_HASH_MAX] =
		"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		"8C7aU5r2bhWcG0sa1K1cNbbx0ZEGXwj1fJ4nZ2yRtgI";
	bool ok = secret_password_verify(rc == 0 ? hash : dummy, json_string_value(jp));
	if (rc || !ok || u.disabled)
		return problem_respond_code(req, SH_EAUTH, "login_failed", "用户名或密码不正确");
	char token[SECRET_TOKEN_LEN + 1], csrf[SECRET_TOKEN_LEN + 1], token_hash[SECRET_HASH_LEN + 1];
	secret_token(token);
	secret_token(csrf);
	secret_hash(token, token_hash);
	int64_t now = (int64_t)time(NULL), minutes = request_shared(req)->cfg->session_minutes;
	if ((rc = store_session_create(s, token_hash, u.id, csrf, now, now + minutes * 60)))
		return rc;
	log_msg(LOG_INFO, "user %lld signed in", (long long)u.id);
	/* A cookie only for a page of our own origin; other clients use the
	 * token as a Bearer token. */
	if (same_origin)
		request_add_header(req, "Set-Cookie", auth_session_cookie(req, token, minutes * 60));
	return respond_json(req, 200, json_pack("{s:s, s:s, s:o}", "token", token, "csrf_token", csrf,
	                                        "user", user_json(req, &u)));
}

int handle_logout(struct request *req)
{
	store *s;
	session_cache_drop(req->session_hash);
	int rc = request_store(req, &s);
	if (rc || (rc = store_session_delete(s, req->session_hash)))
		return rc;
	request_add_header(req, "Set-Cookie", auth_session_cookie(req, "", 0));
	return respond_json(req, 200, json_pack("{s:b}", "signed_out", 1));
}

/* The CSRF token too: a page reloaded with only its session cookie needs it
 * for its next write. Other origins cannot read this response. */
int handle_me(struct request *req)
{
	json_t *o = user_json(req, req->user);
	json_object_set_new(o, "csrf_token", json_string(req->csrf));
	return respond_json(req, 200, o);
}
