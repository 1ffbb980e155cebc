#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* Writes s as the inside of a JSON string. */
static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	if (level < min_level)
		return;
	char ts[40], msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	timestamp(ts, sizeof ts);
	pthread_mutex_lock(&lock);
	fprintf(stderr, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":\"", ts, names[level]);
	put_escaped(stderr, msg);
	fputs("\"}\n", stderr);
	pthread_mutex_unlock(&lock);
}

void log_request(const char *method, const char *path, unsigned status, int64_t usec)
{
	if (LOG_INFO < min_level)
		return;
	char ts[40];
	timestamp(ts, sizeof ts);
	pthread_mutex_lock(&lock);
	fprintf(stderr, "{\"ts\":\"%s\",\"level\":\"info\",\"method\":\"", ts);
	put_escaped(stderr, method);
	fputs("\",\"path\":\"", stderr);
	put_escaped(stderr, path);
	fprintf(stderr, "\",\"status\":%u,\"us\":%lld}\n", status, (long long)usec);
	pthread_mutex_unlock(&lock);
}
