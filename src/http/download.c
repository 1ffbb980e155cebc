#include "http/download.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "http/problem.h"

int respond_rendered(struct request *req, const struct render_job *job, const char *type,
                     const char *disposition, const char *failure)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc = f ? job->render(job->doc, f) : SH_EIO;
	if (f && fclose(f) != 0 && rc == 0)
		rc = SH_EIO;
	if (rc) {
		free(buf);
		return problem_respond(req, rc, "%s", failure);
	}
	char *body = arena_alloc(&req->arena, len + 1);
	memcpy(body, buf, len);
	free(buf);
	request_add_header(req, "Content-Disposition", disposition);
	return respond_bytes(req, 200, type, body, len);
}
