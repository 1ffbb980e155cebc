/* A small HTTP/1.1 load generator for shensu's benchmarks: N keep-alive
 * connections, one thread each, for a fixed time; prints throughput, latency
 * percentiles and status counts.
 *
 *   load intake HOST PORT CONNS SECONDS OUT.txt   POST /api/complaints; writes
 *        "case_no query_code" of every 201 to OUT.txt
 *   load read HOST PORT CONNS SECONDS IN.txt      GET /api/complaints/NO?code=CODE
 *        for random lines of IN.txt
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct pair {
	char no[24], code[16];
};

static const char *host;
static int port, seconds, intake;
static struct pair *pairs;
static size_t npairs;
static FILE *out;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_long errors;

struct worker {
	pthread_t t;
	unsigned seed;
	long n, status[6];
	uint32_t *lat_us;
	size_t nlat, cap;
};

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
	return fd;
}

/* Reads one response; returns its status and copies the body into body. */
static int read_response(int fd, char *buf, size_t cap, char **body)
{
	size_t len = 0;
	char *end = NULL;
	while (!end) {
		ssize_t r = read(fd, buf + len, cap - len - 1);
		if (r <= 0)
			return -1;
		len += (size_t)r;
		buf[len] = '\0';
		end = strstr(buf, "\r\n\r\n");
	}
	char *cl = strcasestr(buf, "Content-Length:");
	size_t want = cl && cl < end ? strtoul(cl + 15, NULL, 10) : 0;
	size_t have = len - (size_t)(end + 4 - buf);
	while (have < want) {
		ssize_t r = read(fd, buf + len, cap - len - 1);
		if (r <= 0)
			return -1;
		len += (size_t)r;
		have += (size_t)r;
	}
	buf[len] = '\0';
	*body = end + 4;
	return atoi(buf + 9);
}

static const char form[] =
	"{\"province\":\"%s\",\"enterprise\":\"%s\",\"category\":\"服务争议\",\"name\":\"测试用户\","
	"\"phone\":\"138%08u\",\"address\":\"广东省深圳市南山区科技园%u号\",\"city\":\"深圳市\","
	"\"demand\":\"要求退还多收的费用\",\"description\":\"营业厅办理业务时被强制捆绑套餐，"
	"多次致电客服未解决。\",\"operator_answer\":\"unsatisfied\",\"operator_date\":\"2026-01-05\"}";

static void *run(void *arg)
{
	struct worker *w = arg;
	static const char *const provinces[] = {"44", "11", "31", "32", "33", "51"};
	static const char *const ents[] = {"中国移动", "中国电信", "中国联通"};
	char req[4096], body[2048], resp[65536];
	int fd = connect_to();
	double stop = now() + seconds;
	while (fd >= 0 && now() < stop) {
		int n;
		if (intake) {
			int blen = snprintf(body, sizeof body, form, provinces[rand_r(&w->seed) % 6],
			                    ents[rand_r(&w->seed) % 3], (unsigned)rand_r(&w->seed) % 100000000u,
			                    (unsigned)rand_r(&w->seed) % 1000);
			n = snprintf(req, sizeof req,
			             "POST /api/complaints HTTP/1.1\r\nHost: %s\r\nContent-Type: "
			             "application/json\r\nContent-Length: %d\r\n\r\n%s",
			             host, blen, body);
		} else {
			const struct pair *p = &pairs[(size_t)rand_r(&w->seed) % npairs];
			n = snprintf(req, sizeof req,
			             "GET /api/complaints/%s?code=%s HTTP/1.1\r\nHost: %s\r\n\r\n", p->no,
			             p->code, host);
		}
		double t0 = now();
		char *rb;
		if (write(fd, req, (size_t)n) != n) {
			atomic_fetch_add(&errors, 1);
			break;
		}
		int status = read_response(fd, resp, sizeof resp, &rb);
		if (status < 0) {
			atomic_fetch_add(&errors, 1);
			close(fd);
			fd = connect_to();
			continue;
		}
		if (w->nlat == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 65536;
			w->lat_us = realloc(w->lat_us, w->cap * sizeof *w->lat_us);
		}
		w->lat_us[w->nlat++] = (uint32_t)((now() - t0) * 1e6);
		w->n++;
		w->status[status / 100 <= 5 ? status / 100 : 0]++;
		if (intake && status == 201) {
			char no[32] = "", code[32] = "";
			char *a = strstr(rb, "\"case_no\":\""), *b = strstr(rb, "\"query_code\":\"");
			if (a && b && sscanf(a + 11, "%23[^\"]", no) == 1 && sscanf(b + 14, "%15[^\"]", code) == 1) {
				pthread_mutex_lock(&out_lock);
				fprintf(out, "%s %s\n", no, code);
				pthread_mutex_unlock(&out_lock);
			}
		}
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 7 || (strcmp(argv[1], "intake") && strcmp(argv[1], "read"))) {
		fprintf(stderr, "usage: load intake|read HOST PORT CONNS SECONDS FILE\n");
		return 2;
	}
	intake = strcmp(argv[1], "intake") == 0;
	host = argv[2];
	port = atoi(argv[3]);
	int conns = atoi(argv[4]);
	seconds = atoi(argv[5]);
	if (intake) {
		out = fopen(argv[6], "w");
	} else {
		FILE *in = fopen(argv[6], "r");
		size_t cap = 1024;
		pairs = malloc(cap * sizeof *pairs);
		while (in && fscanf(in, "%23s %15s", pairs[npairs].no, pairs[npairs].code) == 2)
			if (++npairs == cap)
				pairs = realloc(pairs, (cap *= 2) * sizeof *pairs);
		if (in)
			fclose(in);
		if (!npairs) {
			fprintf(stderr, "load: no case numbers in %s\n", argv[6]);
			return 1;
		}
	}
	if (intake && !out) {
		perror(argv[6]);
		return 1;
	}
	struct worker *w = calloc((size_t)conns, sizeof *w);
	double t0 = now();
	for (int i = 0; i < conns; i++) {
		w[i].seed = (unsigned)(i * 7919 + 1);
		pthread_create(&w[i].t, NULL, run, &w[i]);
	}
	long total = 0, st[6] = {0};
	size_t nlat = 0;
	for (int i = 0; i < conns; i++) {
		pthread_join(w[i].t, NULL);
		total += w[i].n;
		nlat += w[i].nlat;
		for (int k = 0; k < 6; k++)
			st[k] += w[i].status[k];
	}
	double secs = now() - t0;
	uint32_t *all = malloc((nlat + 1) * sizeof *all);
	size_t k = 0;
	for (int i = 0; i < conns; i++) {
		memcpy(all + k, w[i].lat_us, w[i].nlat * sizeof *all);
		k += w[i].nlat;
	}
	qsort(all, nlat, sizeof *all, cmp_u32);
	double p50 = nlat ? all[nlat / 2] / 1000.0 : 0, p99 = nlat ? all[nlat * 99 / 100] / 1000.0 : 0;
	printf("%s: %ld requests in %.1f s = %.0f/s; p50 %.2f ms, p99 %.2f ms; 2xx %ld, 4xx %ld, "
	       "5xx %ld, connection errors %ld\n",
	       argv[1], total, secs, total / secs, p50, p99, st[2], st[4], st[5], (long)errors);
	if (out)
		fclose(out);
	return 0;
}
