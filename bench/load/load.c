/* A small HTTP/1.1 load generator for shensu's benchmarks, in the manner of
 * wrk: a few threads, each driving its share of keep-alive connections with
 * epoll, one request in flight per connection, for a fixed time. Prints
 * throughput, latency percentiles and status counts.
 *
 *   load intake HOST PORT CONNS SECONDS OUT.txt   POST /api/complaints; writes
 *        "case_no query_code" of every 201 to OUT.txt
 *   load read HOST PORT CONNS SECONDS IN.txt      GET /api/complaints/NO?code=CODE
 *        for random lines of IN.txt
 *   load lookup HOST PORT CONNS SECONDS IN.txt    GET /api/numbers/NUMBER for random
 *        lines of IN.txt (one number each), with "Authorization: Bearer $LOAD_TOKEN"
 *   load batch HOST PORT CONNS SECONDS IN.txt     POST /api/numbers/lookup with
 *        LOAD_BATCH (default 1000) random lines of IN.txt, spelled as people write
 *        them (13800138000, 138 0013 8000, +86 138-0013-8000 in turn); counts numbers
 * LOAD_THREADS (default 2) sets the number of threads. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct pair {
	char no[24], code[16];
};

struct conn {
	int fd;
	char *req; /* REQ_MAX bytes */
	size_t req_len, sent;
	char resp[65536];
	size_t resp_len;
	size_t total;  /* the whole response's length once its headers are in; 0 before */
	size_t got;    /* bytes of it read (the body beyond resp is counted, not kept) */
	double started;
};

#define REQ_MAX (1u << 20)

struct worker {
	pthread_t t;
	int nconns;
	unsigned seed;
	long n, status[6], errors;
	uint32_t *lat_us;
	size_t nlat, cap;
};

static const char *host;
static int port, seconds, intake, lookup, batch, batch_size = 1000;
static const char *token;
static struct pair *pairs;
static size_t npairs;
static FILE *out;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int connect_to(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	inet_pton(AF_INET, host, &a.sin_addr);
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

static const char form[] =
	"{\"province\":\"%s\",\"enterprise\":\"%s\",\"category\":\"服务争议\",\"name\":\"测试用户\","
	"\"phone\":\"138%08u\",\"address\":\"广东省深圳市南山区科技园%u号\",\"city\":\"深圳市\","
	"\"demand\":\"要求退还多收的费用\",\"description\":\"营业厅办理业务时被强制捆绑套餐，"
	"多次致电客服未解决。\",\"operator_answer\":\"unsatisfied\",\"operator_date\":\"2026-01-05\"}";

static void make_request(struct worker *w, struct conn *c)
{
	static const char *const provinces[] = {"44", "11", "31", "32", "33", "51"};
	static const char *const ents[] = {"中国移动", "中国电信", "中国联通"};
	int n;
	if (intake) {
		char body[2048];
		int blen = snprintf(body, sizeof body, form, provinces[rand_r(&w->seed) % 6],
		                    ents[rand_r(&w->seed) % 3], (unsigned)rand_r(&w->seed) % 100000000u,
		                    (unsigned)rand_r(&w->seed) % 1000);
		n = snprintf(c->req, REQ_MAX,
		             "POST /api/complaints HTTP/1.1\r\nHost: %s\r\nContent-Type: "
		             "application/json\r\nContent-Length: %d\r\n\r\n%s",
		             host, blen, body);
	} else if (batch) {
		static _Thread_local char body[REQ_MAX - 1024];
		size_t b = (size_t)snprintf(body, sizeof body, "{\"numbers\":[");
		for (int i = 0; i < batch_size && b + 64 < sizeof body; i++) {
			const char *d = pairs[(size_t)rand_r(&w->seed) % npairs].no;
			size_t len = strlen(d);
			int how = i % 3;
			if (how == 1 && len == 11)
				b += (size_t)snprintf(body + b, sizeof body - b, "%s\"%.3s %.4s %.4s\"",
				                      i ? "," : "", d, d + 3, d + 7);
			else if (how == 2 && len == 11)
				b += (size_t)snprintf(body + b, sizeof body - b, "%s\"+86 %.3s-%.4s-%.4s\"",
				                      i ? "," : "", d, d + 3, d + 7);
			else
				b += (size_t)snprintf(body + b, sizeof body - b, "%s\"%s\"", i ? "," : "", d);
		}
		b += (size_t)snprintf(body + b, sizeof body - b, "]}");
		n = snprintf(c->req, REQ_MAX,
		             "POST /api/numbers/lookup HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer "
		             "%s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
		             host, token, b, body);
	} else if (lookup) {
		const struct pair *p = &pairs[(size_t)rand_r(&w->seed) % npairs];
		n = snprintf(c->req, REQ_MAX,
		             "GET /api/numbers/%s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n\r\n",
		             p->no, host, token);
	} else {
		const struct pair *p = &pairs[(size_t)rand_r(&w->seed) % npairs];
		n = snprintf(c->req, REQ_MAX,
		             "GET /api/complaints/%s?code=%s HTTP/1.1\r\nHost: %s\r\n\r\n", p->no,
		             p->code, host);
	}
	c->req_len = (size_t)n;
	c->sent = 0;
	c->resp_len = c->total = c->got = 0;
	c->started = now();
}

/* Takes k more bytes of the response (the first ones are in resp); whether it
 * is complete, with its status and the body's start (as far as resp holds it). */
static bool complete(struct conn *c, size_t k, int *status, char **body)
{
	c->got += k;
	if (!c->total) {
		c->resp[c->resp_len] = '\0';
		char *end = strstr(c->resp, "\r\n\r\n");
		if (!end)
			return false;
		char *cl = strcasestr(c->resp, "Content-Length:");
		size_t want = cl && cl < end ? strtoul(cl + 15, NULL, 10) : 0;
		c->total = (size_t)(end + 4 - c->resp) + want;
	}
	if (c->got < c->total)
		return false;
	*status = atoi(c->resp + 9);
	*body = strstr(c->resp, "\r\n\r\n") + 4;
	return true;
}

static void record(struct worker *w, struct conn *c, int status, const char *body)
{
	if (w->nlat == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 65536;
		w->lat_us = realloc(w->lat_us, w->cap * sizeof *w->lat_us);
	}
	w->lat_us[w->nlat++] = (uint32_t)((now() - c->started) * 1e6);
	w->n++;
	w->status[status / 100 <= 5 ? status / 100 : 0]++;
	if (status >= 400 && w->status[status / 100 <= 5 ? status / 100 : 0] == 1)
		fprintf(stderr, "load: HTTP %d: %.300s\n", status, body);
	if (intake && status == 201 && out) {
		char no[32] = "", code[32] = "";
		const char *a = strstr(body, "\"case_no\":\""), *b = strstr(body, "\"query_code\":\"");
		if (a && b && sscanf(a + 11, "%23[^\"]", no) == 1 && sscanf(b + 14, "%15[^\"]", code) == 1) {
			pthread_mutex_lock(&out_lock);
			fprintf(out, "%s %s\n", no, code);
			pthread_mutex_unlock(&out_lock);
		}
	}
}

static void *run(void *arg)
{
	struct worker *w = arg;
	int ep = epoll_create1(0);
	struct conn *conns = calloc((size_t)w->nconns, sizeof *conns);
	for (int i = 0; i < w->nconns; i++) {
		struct conn *c = &conns[i];
		c->req = malloc(REQ_MAX);
		if ((c->fd = connect_to()) < 0) {
			w->errors++;
			continue;
		}
		make_request(w, c);
		struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
		epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
	}
	double stop = now() + seconds;
	struct epoll_event evs[64];
	while (now() < stop) {
		int n = epoll_wait(ep, evs, 64, 100);
		for (int i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;
			if (c->sent < c->req_len) {
				ssize_t k = write(c->fd, c->req + c->sent, c->req_len - c->sent);
				if (k > 0)
					c->sent += (size_t)k;
				if (c->sent == c->req_len) {
					struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
					epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
				}
				continue;
			}
			/* Headers and the body's start go to resp; beyond it, a large
			 * body is read into the rest of resp again and only counted. */
			size_t keep = c->resp_len < 4096 ? c->resp_len : 4096;
			ssize_t k = read(c->fd, c->resp + keep, sizeof c->resp - keep - 1);
			if (k <= 0) {
				if (k < 0 && (errno == EAGAIN || errno == EINTR))
					continue;
				w->errors++; /* the server closed: reconnect */
				epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
				close(c->fd);
				if ((c->fd = connect_to()) < 0)
					continue;
				make_request(w, c);
				struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
				epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
				continue;
			}
			if (c->resp_len < 4096)
				c->resp_len += (size_t)k;
			int status;
			char *body;
			if (!complete(c, (size_t)k, &status, &body))
				continue;
			record(w, c, status, body);
			make_request(w, c);
			ssize_t sent = write(c->fd, c->req, c->req_len);
			c->sent = sent > 0 ? (size_t)sent : 0;
			if (c->sent < c->req_len) {
				struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
				epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
			}
		}
	}
	for (int i = 0; i < w->nconns; i++) {
		if (conns[i].fd >= 0)
			close(conns[i].fd);
		free(conns[i].req);
	}
	free(conns);
	close(ep);
	return NULL;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 7 || (strcmp(argv[1], "intake") && strcmp(argv[1], "read") &&
	                  strcmp(argv[1], "lookup") && strcmp(argv[1], "batch"))) {
		fprintf(stderr, "usage: load intake|read|lookup|batch HOST PORT CONNS SECONDS FILE\n");
		return 2;
	}
	intake = strcmp(argv[1], "intake") == 0;
	batch = strcmp(argv[1], "batch") == 0;
	lookup = strcmp(argv[1], "lookup") == 0 || batch;
	if (getenv("LOAD_BATCH"))
		batch_size = atoi(getenv("LOAD_BATCH"));
	if (batch_size < 1 || batch_size > 1000)
		batch_size = 1000;
	token = getenv("LOAD_TOKEN") ? getenv("LOAD_TOKEN") : "";
	host = argv[2];
	port = atoi(argv[3]);
	int conns = atoi(argv[4]);
	seconds = atoi(argv[5]);
	int threads = getenv("LOAD_THREADS") ? atoi(getenv("LOAD_THREADS")) : 2;
	if (threads < 1 || threads > conns)
		threads = conns < 2 ? 1 : 2;
	if (intake) {
		if (!(out = fopen(argv[6], "w"))) {
			perror(argv[6]);
			return 1;
		}
	} else {
		FILE *in = fopen(argv[6], "r");
		size_t cap = 1024;
		pairs = malloc(cap * sizeof *pairs);
		while (in && (lookup ? fscanf(in, "%23s", pairs[npairs].no) == 1
		                     : fscanf(in, "%23s %15s", pairs[npairs].no, pairs[npairs].code) == 2))
			if (++npairs == cap)
				pairs = realloc(pairs, (cap *= 2) * sizeof *pairs);
		if (in)
			fclose(in);
		if (!npairs) {
			fprintf(stderr, "load: no case numbers in %s\n", argv[6]);
			return 1;
		}
	}
	struct worker *w = calloc((size_t)threads, sizeof *w);
	double t0 = now();
	for (int i = 0; i < threads; i++) {
		w[i].nconns = conns / threads + (i < conns % threads);
		w[i].seed = (unsigned)(i * 7919 + 1);
		pthread_create(&w[i].t, NULL, run, &w[i]);
	}
	long total = 0, st[6] = {0}, errors = 0;
	size_t nlat = 0;
	for (int i = 0; i < threads; i++) {
		pthread_join(w[i].t, NULL);
		total += w[i].n;
		nlat += w[i].nlat;
		errors += w[i].errors;
		for (int k = 0; k < 6; k++)
			st[k] += w[i].status[k];
	}
	double secs = now() - t0;
	uint32_t *all = malloc((nlat + 1) * sizeof *all);
	size_t k = 0;
	for (int i = 0; i < threads; i++) {
		memcpy(all + k, w[i].lat_us, w[i].nlat * sizeof *all);
		k += w[i].nlat;
	}
	qsort(all, nlat, sizeof *all, cmp_u32);
	double p50 = nlat ? all[nlat / 2] / 1000.0 : 0, p99 = nlat ? all[nlat * 99 / 100] / 1000.0 : 0;
	if (batch)
		printf("batch: %ld numbers in %.1f s = %.0f numbers/s (%ld requests of %d); p50 %.2f "
		       "ms, p99 %.2f ms; 2xx %ld, 4xx %ld, 5xx %ld, connection errors %ld (%d "
		       "connections, %d threads)\n",
		       (long)st[2] * batch_size, secs, st[2] * batch_size / secs, total, batch_size, p50,
		       p99, st[2], st[4], st[5], errors, conns, threads);
	else
		printf("%s: %ld requests in %.1f s = %.0f/s; p50 %.2f ms, p99 %.2f ms; 2xx %ld, 4xx "
		       "%ld, 5xx %ld, connection errors %ld (%d connections, %d threads)\n",
		       argv[1], total, secs, total / secs, p50, p99, st[2], st[4], st[5], errors,
		       conns, threads);
	if (out)
		fclose(out);
	return 0;
}
