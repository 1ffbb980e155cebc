/* RFC 7807 problem details: the one place that maps error codes to HTTP. */
#ifndef SHENSU_HTTP_PROBLEM_H
#define SHENSU_HTTP_PROBLEM_H

#include "http/server.h"

/* HTTP status for an enum sh_err code. */
unsigned problem_status(int err);

/* Sends application/problem+json: type, title (Chinese, from the error code),
 * status, code (stable machine name), detail (Chinese, specific; may be NULL)
 * and instance (the path). Returns err (negative), so that a handler can
 * `return problem_respond(...)` (router.h: negative = answered or failed). */
__attribute__((format(printf, 3, 4))) int problem_respond(struct request *req, int err,
                                                          const char *detail_fmt, ...);
/* The same with an explicit machine code (e.g. "missing_parameter") that
 * refines the error's generic one. */
__attribute__((format(printf, 4, 5))) int problem_respond_code(struct request *req, int err,
                                                               const char *code,
                                                               const char *detail_fmt, ...);

/* The same with members of its own added to the problem (extra: an object,
 * taken over). */
__attribute__((format(printf, 5, 6))) int problem_respond_extra(struct request *req, int err,
                                                                const char *code, json_t *extra,
                                                                const char *detail_fmt, ...);

struct field_error;
/* 400 invalid_fields with an "errors" array of {field, message}. */
int problem_respond_fields(struct request *req, const struct field_error *errs, size_t n);

/* What a problem response carries, decided without sending it (the functions
 * above send it; tests check it). */
struct problem {
	unsigned status;
	const char *retry_after; /* the Retry-After value to send (503), or NULL */
	json_t *body;            /* the problem+json document: a new reference */
};
/* The problem for err: status problem_status(err); body type
 * "urn:shensu:problem:<code>", title sh_err_title(err), status, code, detail
 * (the title when NULL) and instance (the path). Text that is not valid UTF-8
 * is cut to its valid start, never dropped. */
struct problem problem_make(int err, const char *code, const char *detail, const char *instance);
/* 400 invalid_fields: the detail counts the errors and quotes the first;
 * "errors" lists each {field, message}, cut to valid UTF-8 as above. */
struct problem problem_make_fields(const struct field_error *errs, size_t n,
                                   const char *instance);

#endif
