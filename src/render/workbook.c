#include "render/workbook.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/error.h"

lxw_workbook *workbook_to_memory(struct workbook_sink *sink)
{
	sink->fd = memfd_create("shensu-workbook", MFD_CLOEXEC);
	if (sink->fd < 0)
		return NULL;
	snprintf(sink->path, sizeof sink->path, "/proc/self/fd/%d", sink->fd);
	lxw_workbook *wb = workbook_new(sink->path);
	if (!wb) {
		close(sink->fd);
		sink->fd = -1;
	}
	return wb;
}

int workbook_to_stream(lxw_workbook *wb, struct workbook_sink *sink, FILE *out)
{
	int rc = workbook_close(wb) == LXW_NO_ERROR ? 0 : SH_EIO;
	char buf[65536];
	ssize_t n;
	off_t at = 0;
	while (rc == 0 && (n = pread(sink->fd, buf, sizeof buf, at)) > 0) {
		if (fwrite(buf, 1, (size_t)n, out) != (size_t)n)
			rc = SH_EIO;
		at += n;
	}
	if (rc == 0 && n < 0)
		rc = SH_EIO;
	close(sink->fd);
	sink->fd = -1;
	return rc;
}
