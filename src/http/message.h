/* Checks on an HTTP request message before it is routed or its body read:
 * the request target and how the body is framed. Pure functions (no I/O), so
 * unit tests and the fuzz harnesses call them directly. */
#ifndef SHENSU_HTTP_MESSAGE_H
#define SHENSU_HTTP_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

/* The longest request target accepted, in bytes as sent. */
#define MESSAGE_TARGET_MAX 2048

/* Checks a request target as sent on the request line (query string
 * included) and writes its path, percent-decoded and NUL-terminated, to out,
 * which has room for len + 1 bytes (decoding never lengthens it).
 *
 * Only origin-form is accepted: "/", path characters (RFC 3986 pchar, escapes
 * included), then optionally "?" and a query of visible ASCII. Refused:
 * anything not starting with "/" (absolute-form "http://h/x", "*", "../x"),
 * targets longer than MESSAGE_TARGET_MAX, other bytes in the path (spaces,
 * controls, backslashes, raw non-ASCII), a malformed escape anywhere, an
 * escape anywhere that decodes to NUL, and path escapes that decode to another
 * control character, "/" or "\", or to bytes that are not UTF-8.
 * Returns 0, or SH_EINVAL with a Chinese reason (static) in *why; out is then
 * unspecified. */
int message_target(const char *raw, size_t len, char *out, const char **why);

/* One header field as received. */
struct message_header {
	const char *name, *value;
};

enum message_body {
	MESSAGE_BODY_NONE,    /* no body (or Content-Length: 0) */
	MESSAGE_BODY_LENGTH,  /* Content-Length bytes */
	MESSAGE_BODY_CHUNKED, /* Transfer-Encoding: chunked, size unknown until the end */
};

/* How the body is framed, from every header field of the request. Refuses
 * what a proxy in front could read differently from us (request smuggling):
 * a field name that is not a token (a space before the colon, say) or that
 * is Content-Length or Transfer-Encoding with more after it (a folded line,
 * as libmicrohttpd reads it), more than one Content-Length, one that is not just digits or above 2^53, more than one
 * Transfer-Encoding, one with a Content-Length, and any Transfer-Encoding
 * other than exactly "chunked". On success sets *kind and, for
 * MESSAGE_BODY_LENGTH, *length (> 0). Returns 0, or SH_EINVAL with a Chinese
 * reason (static) in *why. */
int message_framing(const struct message_header *h, size_t n, enum message_body *kind,
                    uint64_t *length, const char **why);

#endif
