#include "http/static_path.h"

#include <string.h>

#include "core/error.h"

int static_path_resolve(const char *path, char *out, size_t len)
{
	if (!path || path[0] != '/' || len == 0)
		return SH_ENOTFOUND;
	char buf[STATIC_PATH_MAX];
	size_t n = 0;
	const char *seg = path + 1;
	for (;;) {
		const char *end = strchrnul(seg, '/');
		size_t sl = (size_t)(end - seg);
		if (sl == 0 && *end == '\0') /* a trailing "/": the directory's index */
			break;
		/* Empty, dot and hidden segments alike: nothing of ours is named so. */
		if (sl == 0 || seg[0] == '.')
			return SH_ENOTFOUND;
		for (size_t i = 0; i < sl; i++)
			if ((unsigned char)seg[i] < 0x20 || seg[i] == 0x7f || seg[i] == '\\')
				return SH_ENOTFOUND;
		if (n + sl + 1 > sizeof buf) /* the segment and a "/" or the NUL */
			return SH_ENOTFOUND;
		memcpy(buf + n, seg, sl);
		n += sl;
		if (*end == '\0') {
			buf[n] = '\0';
			goto done;
		}
		buf[n++] = '/';
		seg = end + 1;
	}
	static const char index[] = "index.html";
	if (n + sizeof index > sizeof buf)
		return SH_ENOTFOUND;
	memcpy(buf + n, index, sizeof index);
	n += sizeof index - 1;
done:
	if (n >= len)
		return SH_ENOTFOUND;
	memcpy(out, buf, n + 1);
	return 0;
}

bool static_path_within(const char *root, const char *path)
{
	if (!root || !path || root[0] != '/' || path[0] != '/')
		return false;
	size_t rl = strlen(root);
	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	if (rl == 1) /* the root directory holds everything */
		return true;
	return strncmp(path, root, rl) == 0 && (path[rl] == '\0' || path[rl] == '/');
}
