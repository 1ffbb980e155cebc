#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const char *const names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
	min_level = level;
}

int log_level_parse(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static void timestamp(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

/* Appends s as the inside of a JSON string to buf (of cap bytes) at *len. */
static void put_escaped(char *buf, size_t cap, size_t *len, const char *s)
{
	for (; *s && *len + 7 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			buf[(*len)++] = '\\';
			buf[(*len)++] = (char)c;
		} else if (c < 0x20) {
			*len += (size_t)snprintf(buf + *len, cap - *len, "\\u%04x", c);
		} else {
			buf[(*len)++] = (char)c;
		}
	}
}

/* One write(2) per line, so lines from several threads never interleave and a
 * busy server does not pay a system call per character. */
static void emit(const char *line, size_t len)
{
	pthread_mutex_lock(&lock);
	while (len) {
		ssize_t w = write(STDERR_FILENO, line, len);
		if (w <= 0)
			break;
		line += w;
		len -= (size_t)w;
	}
	pthread_mutex_unlock(&lock);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	if (level < min_level)
		return;
	char ts[40], msg[2048], line[4400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	timestamp(ts, sizeof ts);
	size_t len = (size_t)snprintf(line, sizeof line, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":\"", ts,
	                              names[level]);
	put_escaped(line, sizeof line - 4, &len, msg);
	len += (size_t)snprintf(line + len, sizeof line - len, "\"}\n");
	emit(line, len);
}

void log_request(const char *method, const char *path, unsigned status, int64_t usec)
{
	if (LOG_INFO < min_level)
		return;
	char ts[40], line[1400];
	timestamp(ts, sizeof ts);
	size_t len = (size_t)snprintf(line, sizeof line,
	                              "{\"ts\":\"%s\",\"level\":\"info\",\"method\":\"", ts);
	put_escaped(line, 64 + len, &len, method);
	len += (size_t)snprintf(line + len, sizeof line - len, "\",\"path\":\"");
	put_escaped(line, sizeof line - 64, &len, path);
	len += (size_t)snprintf(line + len, sizeof line - len, "\",\"status\":%u,\"us\":%lld}\n",
	                        status, (long long)usec);
	emit(line, len);
}
