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

static int respond_with(struct request *req, int err, const char *code, json_t *extra,
                        const char *fmt, va_list ap);

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
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		/* Never lose an error to a message that is not UTF-8 (jansson would
		 * refuse the whole entry): keep its valid start. */
		const char *m = errs[i].message;
		json_t *o = json_object();
		json_object_set_new(o, "field", json_string(errs[i].field));
		json_object_set_new(o, "message", json_stringn(m, utf8_valid_prefix(m, strlen(m))));
		json_array_append_new(list, o);
	}
	json_t *extra = json_pack("{s:o}", "errors", list);
	return problem_respond_extra(req, SH_EINVAL, "invalid_fields", extra, "有%zu项填写有误：%s", n,
	                     n ? errs[0].message : "");
}

static int respond_with(struct request *req, int err, const char *code, json_t *extra,
                        const char *fmt, va_list ap)
{
	unsigned status = problem_status(err);
	json_t *body = json_object();
	json_object_set_new(body, "type", json_string(arena_printf(&req->arena, "urn:shensu:problem:%s", code)));
	json_object_set_new(body, "title", json_string(sh_err_title(err)));
	json_object_set_new(body, "status", json_integer(status));
	json_object_set_new(body, "code", json_string(code));
	/* A handler that only returned an error code (the database went away
	 * mid-request) still gets a detail: the title says it. */
	const char *detail = fmt ? arena_vprintf(&req->arena, fmt, ap) : sh_err_title(err);
	/* A detail that quotes what the client sent may hold bytes that are not
	 * UTF-8 (a query parameter %FF): keep the valid start, never drop it. */
	json_object_set_new(body, "detail",
	                    json_stringn(detail, utf8_valid_prefix(detail, strlen(detail))));
	json_object_set_new(body, "instance", json_string(req->path));
	if (extra) {
		json_object_update(body, extra);
		json_decref(extra);
	}
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	/* The database (or another dependency) is expected back shortly; clients
	 * and load balancers should try again rather than give up. */
	if (status == 503)
		request_add_header(req, "Retry-After", "5");
	respond_bytes(req, status, "application/problem+json", text, strlen(text));
	return err < 0 ? err : SH_EINVAL; /* the error answered: see router.h */
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
