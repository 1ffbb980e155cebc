#include "http/problem.h"

#include <stdarg.h>
#include <string.h>

#include "core/error.h"
#include "core/utf8.h"
#include "domain/intake.h"

unsigned problem_status(int err)
{
	switch (err) {
	case SH_EINVAL:
	case SH_EENCODING:
	case SH_ENOSCHEDULE:
		return 400;
	case SH_EAUTH:
		return 401;
	case SH_EFORBIDDEN:
		return 403;
	case SH_ENOTFOUND:
		return 404;
	case SH_ECONFLICT:
		return 409;
	case SH_EMETHOD:
		return 405;
	case SH_ETOOLARGE:
		return 413;
	case SH_EMEDIATYPE:
		return 415;
	case SH_ERATELIMIT:
		return 429;
	case SH_EUNAVAILABLE:
	case SH_EDBDOWN:
		return 503;
	default:
		return 500;
	}
}

/* Text that may quote what the client sent (a query parameter %FF) may hold
 * bytes that are not UTF-8, which jansson would refuse: keep the valid start,
 * never drop the whole string. */
static json_t *utf8_string(const char *s)
{
	return json_stringn(s, utf8_valid_prefix(s, strlen(s)));
}

struct problem problem_make(int err, const char *code, const char *detail, const char *instance)
{
	struct problem p = {.status = problem_status(err)};
	p.body = json_object();
	json_object_set_new(p.body, "type", json_sprintf("urn:shensu:problem:%s", code));
	json_object_set_new(p.body, "title", json_string(sh_err_title(err)));
	json_object_set_new(p.body, "status", json_integer(p.status));
	json_object_set_new(p.body, "code", json_string(code));
	/* A handler that only returned an error code (the database went away
	 * mid-request) still gets a detail: the title says it. */
	json_object_set_new(p.body, "detail", utf8_string(detail ? detail : sh_err_title(err)));
	json_object_set_new(p.body, "instance", utf8_string(instance));
	/* The database (or another dependency) is expected back shortly; clients
	 * and load balancers should try again rather than give up. */
	if (p.status == 503)
		p.retry_after = "5";
	return p;
}

struct problem problem_make_fields(const struct field_error *errs, size_t n, const char *instance)
{
	char detail[64 + sizeof errs->message];
	utf8_format(detail, sizeof detail, "有%zu项填写有误：%s", n, n ? errs[0].message : "");
	struct problem p = problem_make(SH_EINVAL, "invalid_fields", detail, instance);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:o}", "field", errs[i].field, "message",
		                                      utf8_string(errs[i].message)));
	json_object_set_new(p.body, "errors", list);
	return p;
}

/* Sends p and returns the error it answers (router.h). */
static int send_problem(struct request *req, struct problem p, int err)
{
	char *text = json_dumps(p.body, JSON_COMPACT);
	json_decref(p.body);
	if (p.retry_after)
		request_add_header(req, "Retry-After", p.retry_after);
	respond_bytes(req, p.status, "application/problem+json", text, strlen(text));
	return err < 0 ? err : SH_EINVAL;
}

static int respond_with(struct request *req, int err, const char *code, json_t *extra,
                        const char *fmt, va_list ap)
{
	const char *detail = fmt ? arena_vprintf(&req->arena, fmt, ap) : NULL;
	struct problem p = problem_make(err, code, detail, req->path);
	if (extra) {
		json_object_update(p.body, extra);
		json_decref(extra);
	}
	return send_problem(req, p, err);
}

static int respond(struct request *req, int err, const char *code, const char *fmt, va_list ap)
{
	return respond_with(req, err, code, NULL, fmt, ap);
}

int problem_respond_extra(struct request *req, int err, const char *code, json_t *extra,
                          const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = respond_with(req, err, code, extra, fmt, ap);
	va_end(ap);
	return rc;
}

int problem_respond_fields(struct request *req, const struct field_error *errs, size_t n)
{
	return send_problem(req, problem_make_fields(errs, n, req->path), SH_EINVAL);
}

int problem_respond(struct request *req, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = respond(req, err, sh_err_code(err), fmt, ap);
	va_end(ap);
	return rc;
}

int problem_respond_code(struct request *req, int err, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = respond(req, err, code, fmt, ap);
	va_end(ap);
	return rc;
}
