/* Downloads rendered into a private temporary file and sent whole: cairo and
 * libxlsxwriter write files, so one path serves every format, streamed or not. */
#ifndef SHENSU_HTTP_DOWNLOAD_H
#define SHENSU_HTTP_DOWNLOAD_H

#include <stdio.h>

#include "http/server.h"

struct render_job {
	int (*to_stream)(const void *doc, FILE *out);      /* one of these two */
	int (*to_path)(const void *doc, const char *path);
	const void *doc;
};

/* Renders the job and responds 200 with type and the Content-Disposition
 * header `disposition`; on failure a problem saying `failure`. */
int respond_rendered(struct request *req, const struct render_job *job, const char *type,
                     const char *disposition, const char *failure);

#endif
