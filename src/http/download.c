#include "http/download.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "http/problem.h"

/* Reads a file into the request arena. */
static char *read_file(struct request *req, const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	char *buf = arena_alloc(&req->arena, (size_t)st.st_size + 1);
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return buf;
}

int respond_rendered(struct request *req, const struct render_job *job, const char *type,
                     const char *disposition, const char *failure)
{
	char path[] = "/tmp/shensu-download-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return problem_respond(req, SH_EIO, "%s", failure);
	int rc;
	if (job->to_stream) {
		FILE *f = fdopen(fd, "w");
		rc = f ? job->to_stream(job->doc, f) : SH_EIO;
		if (!f)
			close(fd);
		else if (fclose(f) != 0 && rc == 0)
			rc = SH_EIO;
	} else {
		close(fd);
		rc = job->to_path(job->doc, path);
	}
	size_t len = 0;
	char *body = rc ? NULL : read_file(req, path, &len);
	unlink(path);
	if (!body)
		return problem_respond(req, rc ? rc : SH_EIO, "%s", failure);
	request_add_header(req, "Content-Disposition", disposition);
	return respond_bytes(req, 200, type, body, len);
}
