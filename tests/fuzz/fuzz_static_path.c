/* Fuzz harness for the static-file path decision: message_target (the request
 * target as sent), static_path_resolve (which file of the web root) and
 * static_path_within (the containment check), with the properties the server
 * relies on: whatever the target, the file named never leaves the root.
 *
 * Input: the first byte picks a web root, the rest is the raw request target.
 * Inputs holding a 0xFF byte also check static_path_within on the two parts
 * around it (root, path) against a component-by-component oracle. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/utf8.h"
#include "http/message.h"
#include "http/static_path.h"

/* Canonical roots as realpath gives them, and with a trailing "/" as
 * configured; "/srv/we" shares a prefix with "/srv/web". */
static const char *const roots[] = {"/srv/web", "/srv/web/", "/", "/srv/we", "/srv/web/sub"};

/* Removes dot segments (RFC 3986, 5.2.4) and empty ones from an absolute
 * path: an independent model of what the kernel makes of root + "/" + rel
 * (symbolic links aside: the server checks those on the canonical path). */
static void remove_dots(const char *in, char *out)
{
	size_t n = 0;
	const char *p = in;
	while (*p) {
		const char *seg = p + 1, *end = strchrnul(seg, '/');
		size_t sl = (size_t)(end - seg);
		if (sl == 0 || (sl == 1 && seg[0] == '.')) {
			/* "//" and "/./" name the same directory */
		} else if (sl == 2 && seg[0] == '.' && seg[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--; /* the slash */
		} else {
			out[n++] = '/';
			memcpy(out + n, seg, sl);
			n += sl;
		}
		p = end;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
}

/* Whether path's components start with all of root's (empty ones dropped). */
static bool within_oracle(const char *root, const char *path)
{
	const char *r = root, *p = path;
	for (;;) {
		while (*r == '/')
			r++;
		while (*p == '/')
			p++;
		if (!*r)
			return true;
		const char *re = strchrnul(r, '/'), *pe = strchrnul(p, '/');
		if (re - r != pe - p || memcmp(r, p, (size_t)(re - r)) != 0)
			return false;
		r = re;
		p = pe;
	}
}

/* Absolute, no empty, "." or ".." segment, no trailing "/" (bar "/" itself). */
static bool canonical_shape(const char *s, bool trailing_ok)
{
	if (s[0] != '/')
		return false;
	if (s[1] == '\0')
		return true;
	for (const char *p = s; *p;) {
		const char *seg = p + 1, *end = strchrnul(seg, '/');
		size_t sl = (size_t)(end - seg);
		if (sl == 0)
			return trailing_ok && *end == '\0';
		if ((sl == 1 && seg[0] == '.') || (sl == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		p = end;
	}
	return true;
}

static void check_within(const uint8_t *data, size_t size)
{
	const uint8_t *sep = memchr(data, 0xFF, size);
	if (!sep)
		return;
	size_t rl = (size_t)(sep - data), pl = size - rl - 1;
	char *root = malloc(rl + 1), *path = malloc(pl + 1);
	CHECK(root && path);
	memcpy(root, data, rl);
	root[rl] = '\0';
	memcpy(path, sep + 1, pl);
	path[pl] = '\0';
	if (strlen(root) == rl && strlen(path) == pl && canonical_shape(root, true) &&
	    canonical_shape(path, false))
		CHECK(static_path_within(root, path) == within_oracle(root, path));
	free(root);
	free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	check_within(data, size);
	const char *root = roots[data[0] % (sizeof roots / sizeof *roots)];
	const char *raw = (const char *)data + 1;
	size_t len = size - 1;

	/* A copy without a terminator: message_target must honour len. */
	char *target = malloc(len ? len : 1), *path = malloc(len + 1);
	CHECK(target && path);
	memcpy(target, raw, len);
	const char *why = NULL;
	if (message_target(target, len, path, &why) != 0) {
		CHECK(why && *why && utf8_valid(why, strlen(why)));
		goto out;
	}
	/* Origin-form, decoded without creating separators or controls. */
	CHECK(len > 0 && len <= MESSAGE_TARGET_MAX && target[0] == '/');
	size_t n = strlen(path), raw_slashes = 0, slashes = 0;
	CHECK(n <= len && path[0] == '/' && utf8_valid(path, n));
	for (size_t i = 0; i < len && target[i] != '?'; i++)
		raw_slashes += target[i] == '/';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];
		CHECK(c >= 0x20 && c != 0x7f && c != '\\');
		slashes += c == '/';
	}
	CHECK(slashes == raw_slashes);

	char rel[STATIC_PATH_MAX], again[STATIC_PATH_MAX];
	if (static_path_resolve(path, rel, sizeof rel) != 0)
		goto out;
	/* A relative name of visible segments, none hidden, "." or "..". */
	size_t rn = strlen(rel);
	CHECK(rn > 0 && rn < STATIC_PATH_MAX && rel[0] != '/' && rel[rn - 1] != '/');
	for (const char *seg = rel;;) {
		const char *end = strchrnul(seg, '/');
		CHECK(end > seg && seg[0] != '.');
		for (const char *c = seg; c < end; c++)
			CHECK((unsigned char)*c >= 0x20 && *c != 0x7f && *c != '\\');
		if (!*end)
			break;
		seg = end + 1;
	}
	/* Resolving its own answer gives it back. */
	char *slashed = malloc(rn + 2);
	CHECK(slashed);
	slashed[0] = '/';
	memcpy(slashed + 1, rel, rn + 1);
	CHECK(static_path_resolve(slashed, again, sizeof again) == 0 && strcmp(again, rel) == 0);
	free(slashed);
	/* Joined to the root as the server joins it, and with every dot segment
	 * resolved as the kernel would, it stays inside the root. */
	size_t rl = strlen(root);
	char *joined = malloc(rl + rn + 2), *flat = malloc(rl + rn + 3);
	CHECK(joined && flat);
	memcpy(joined, root, rl);
	joined[rl] = '/';
	memcpy(joined + rl + 1, rel, rn + 1);
	remove_dots(joined, flat);
	CHECK(within_oracle(root, flat));
	char canon_root[32];
	remove_dots(root, canon_root);
	CHECK(static_path_within(root, flat) && static_path_within(canon_root, flat));
	free(joined);
	free(flat);
out:
	free(target);
	free(path);
	return 0;
}
