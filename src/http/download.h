/* Downloads: a document rendered into memory (every renderer writes to a
 * stream) and sent whole. */
#ifndef SHENSU_HTTP_DOWNLOAD_H
#define SHENSU_HTTP_DOWNLOAD_H

#include <stdio.h>

#include "http/server.h"

struct render_job {
	int (*render)(const void *doc, FILE *out);
	const void *doc;
};

/* Renders the job and responds 200 with type and the Content-Disposition
 * header `disposition`; on failure a problem saying `failure`. */
int respond_rendered(struct request *req, const struct render_job *job, const char *type,
                     const char *disposition, const char *failure);

#endif
