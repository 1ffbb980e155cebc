/* shensu notice 2020Q4 [--province 44] --format md|html|pdf|xlsx [--out FILE] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/notice_data.h"
#include "cli/cli.h"
#include "core/error.h"
#include "render/render.h"

/* Renders n in `format` to path (or stdout for text formats without a path).
 * Writes a temporary file beside path and renames it into place, so a failed
 * run never leaves a partial notice behind. */
static int write_notice(const struct notice *n, const char *format, const char *path)
{
	if (!path) {
		int rc = strcmp(format, "md") == 0 ? render_markdown(n, stdout) : render_html(n, stdout);
		return rc ? rc : (fflush(stdout) ? SH_EIO : 0);
	}
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp-%d", path, (int)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f)
		return SH_EIO;
	int rc = strcmp(format, "md") == 0     ? render_markdown(n, f)
	         : strcmp(format, "html") == 0 ? render_html(n, f)
	         : strcmp(format, "pdf") == 0  ? render_pdf(n, f)
	                                       : render_xlsx(n, f);
	if (fclose(f) != 0 && rc == 0)
		rc = SH_EIO;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = SH_EIO;
	if (rc)
		unlink(tmp);
	return rc;
}

int cmd_notice(struct config *cfg, int argc, char **argv)
{
	const char *const own[] = {"province=", "format=", "out=", NULL};
	if (cli_take_options(cfg, &argc, argv, own))
		return EXIT_USAGE;
	const char *province = NULL, *format = NULL, *out = NULL, *period_text = NULL;
	for (int i = 1; i < argc; i++) {
		if (cli_option(argc, argv, &i, "province", &province) ||
		    cli_option(argc, argv, &i, "format", &format) ||
		    cli_option(argc, argv, &i, "out", &out))
			continue;
		if (!period_text) {
			period_text = argv[i];
		} else {
			cli_error("notice: unexpected argument '%s'", argv[i]);
			return EXIT_USAGE;
		}
	}
	struct period p;
	if (!period_text || period_parse(period_text, strlen(period_text), &p) != 0 ||
	    p.kind != PERIOD_QUARTER) {
		cli_error("notice: give a quarter such as 2020Q4 (see shensu notice --help)");
		return EXIT_USAGE;
	}
	if (!format)
		format = "md";
	if (strcmp(format, "md") && strcmp(format, "html") && strcmp(format, "pdf") &&
	    strcmp(format, "xlsx")) {
		cli_error("notice: --format must be md, html, pdf or xlsx");
		return EXIT_USAGE;
	}
	if (out && !*out) {
		cli_error("notice: --out needs a file name");
		return EXIT_USAGE;
	}
	if (!out && (strcmp(format, "pdf") == 0 || strcmp(format, "xlsx") == 0)) {
		cli_error("notice: --format %s needs --out FILE", format);
		return EXIT_USAGE;
	}
	store *s;
	if (cli_open_store(cfg, &s))
		return EXIT_FAIL;
	struct reference ref;
	reference_init(&ref);
	struct arena a;
	arena_init(&a, 1 << 16);
	int rc = EXIT_FAIL;
	if (cli_load_reference(s, &ref))
		goto out;
	const struct province *prov = NULL;
	if (province && !(prov = reference_province(&ref, province, strlen(province)))) {
		cli_error("notice: unknown province '%s'", province);
		rc = EXIT_USAGE;
		goto out;
	}
	struct notice *n = arena_alloc(&a, sizeof *n);
	if (notice_load(s, &ref, &p, prov ? prov->code : NULL, &a, n)) {
		cli_error("notice: %s", store_error(s));
		goto out;
	}
	int err = write_notice(n, format, out);
	if (err) {
		cli_error("notice: cannot write %s: %s", out ? out : "standard output",
		          errno ? strerror(errno) : sh_err_title(err));
		goto out;
	}
	if (out)
		fprintf(stderr, "wrote the %s notice (%s) to %s\n", period_text, format, out);
	rc = EXIT_OK;
out:
	arena_free(&a);
	reference_free(&ref);
	store_close(s);
	return rc;
}
