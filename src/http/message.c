#include "http/message.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "core/error.h"
#include "core/utf8.h"

/* RFC 3986 unreserved, sub-delims, ":" and "@": what a path segment may hold
 * besides escapes. */
static bool pchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c && strchr("-._~!$&'()*+,;=:@", c) != NULL;
}

static int hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int refuse(const char **why, const char *reason)
{
	*why = reason;
	return SH_EINVAL;
}

int message_target(const char *raw, size_t len, char *out, const char **why)
{
	if (!raw || len == 0 || raw[0] != '/')
		return refuse(why, "请求目标须以“/”开头（不接受“*”、完整URL或相对路径）");
	if (len > MESSAGE_TARGET_MAX)
		return refuse(why, "请求地址过长");
	size_t n = 0, i = 0;
	for (; i < len && raw[i] != '?'; i++) {
		unsigned char c = (unsigned char)raw[i];
		if (c == '/' || pchar(c)) {
			out[n++] = (char)c;
			continue;
		}
		if (c != '%')
			return refuse(why, "请求地址含有不允许的字符（空格、反斜杠、控制字符或未编码的非ASCII字符）");
		int hi = i + 2 < len ? hex((unsigned char)raw[i + 1]) : -1;
		int lo = hi >= 0 ? hex((unsigned char)raw[i + 2]) : -1;
		if (lo < 0)
			return refuse(why, "请求地址中的百分号编码不完整");
		unsigned char d = (unsigned char)(hi * 16 + lo);
		if (d < 0x20 || d == 0x7f)
			return refuse(why, "请求地址中含有编码的控制字符");
		if (d == '/' || d == '\\')
			return refuse(why, "请求地址中不接受编码的斜杠或反斜杠");
		out[n++] = (char)d;
		i += 2;
	}
	out[n] = '\0';
	if (!utf8_valid(out, n))
		return refuse(why, "请求地址解码后不是有效的UTF-8");
	/* The query: parsed by libmicrohttpd, but never with a NUL in it. */
	for (i++; i < len; i++) {
		unsigned char c = (unsigned char)raw[i];
		if (c <= 0x20 || c >= 0x7f || c == '#')
			return refuse(why, "查询字符串含有不允许的字符");
		if (c != '%')
			continue;
		int hi = i + 2 < len ? hex((unsigned char)raw[i + 1]) : -1;
		int lo = hi >= 0 ? hex((unsigned char)raw[i + 2]) : -1;
		if (lo < 0)
			return refuse(why, "查询字符串中的百分号编码不完整");
		if (hi == 0 && lo == 0)
			return refuse(why, "查询字符串中含有编码的NUL字符");
		i += 2;
	}
	return 0;
}

/* RFC 9110 token characters: what a field name is made of. */
static bool token(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!alnum && !strchr("!#$%&'*+-.^_`|~", c))
			return false;
	}
	return true;
}

/* Content-Length is 1*DIGIT; more than 2^53 is no body we would take. */
static bool length_value(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_C(1) << 53) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return v <= (UINT64_C(1) << 53);
}

int message_framing(const struct message_header *h, size_t n, enum message_body *kind,
                    uint64_t *length, const char **why)
{
	const char *cl = NULL, *te = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!token(h[i].name))
			return refuse(why, "请求头字段名不合规（例如冒号前有空格）");
		/* libmicrohttpd appends a folded continuation line to the field
		 * name ("Transfer-Encoding:\r\n chunked" arrives as the empty field
		 * "Transfer-Encodingchunked"), where a proxy may unfold it. */
		if ((strncasecmp(h[i].name, "Content-Length", 14) == 0 && h[i].name[14]) ||
		    (strncasecmp(h[i].name, "Transfer-Encoding", 17) == 0 && h[i].name[17]))
			return refuse(why, "请求头Content-Length或Transfer-Encoding的写法不合规（如折行）");
		bool is_cl = strcasecmp(h[i].name, "Content-Length") == 0;
		bool is_te = strcasecmp(h[i].name, "Transfer-Encoding") == 0;
		if ((is_cl && cl) || (is_te && te))
			return refuse(why, is_cl ? "请求含有多个Content-Length" : "请求含有多个Transfer-Encoding");
		if (is_cl)
			cl = h[i].value ? h[i].value : "";
		if (is_te)
			te = h[i].value ? h[i].value : "";
	}
	if (te && cl)
		return refuse(why, "请求不能同时含有Transfer-Encoding和Content-Length");
	if (te) {
		if (strcmp(te, "chunked") != 0)
			return refuse(why, "Transfer-Encoding只接受“chunked”");
		*kind = MESSAGE_BODY_CHUNKED;
		return 0;
	}
	uint64_t v = 0;
	if (cl && !length_value(cl, &v))
		return refuse(why, "Content-Length不是有效的字节数");
	*kind = v ? MESSAGE_BODY_LENGTH : MESSAGE_BODY_NONE;
	if (v)
		*length = v;
	return 0;
}
