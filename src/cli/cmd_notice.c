/* shensu notice QUARTER [--province 44] [--format md|html|pdf|xlsx] [--out FILE]
 *                       [--draft | --revision N]
 * shensu notice edit QUARTER --section 一|四|前言 --file TEXT.md
 * shensu notice publish QUARTER --doc-no 文号 --date YYYY-MM-DD [--reason 更正说明]
 * shensu notice history QUARTER */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/notice_data.h"
#include "app/notice_publish.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/error.h"
#include "render/render.h"

/* Writes data to path (or stdout without one). A file is written beside
 * path and renamed into place, so a failed run never leaves a partial notice
 * behind. */
static int write_out(const char *data, size_t len, const char *path)
{
	if (!path)
		return fwrite(data, 1, len, stdout) != len || fflush(stdout) ? SH_EIO : 0;
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp-%d", path, (int)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f)
		return SH_EIO;
	int rc = fwrite(data, 1, len, f) != len ? SH_EIO : 0;
	if (fclose(f) != 0 && rc == 0)
		rc = SH_EIO;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = SH_EIO;
	if (rc)
		unlink(tmp);
	return rc;
}

/* What every subcommand opens: the store, the reference data, an arena, the
 * desk (the command line: no signed-in user). */
struct session {
	store *s;
	struct reference ref;
	struct arena a;
	struct notice_desk desk;
	char os_user[64];
};

static int session_open(struct config *cfg, struct session *x)
{
	reference_init(&x->ref);
	arena_init(&x->a, 1 << 16);
	x->s = NULL;
	if (cli_open_store(cfg, &x->s))
		return EXIT_FAIL;
	if (cli_load_reference(x->s, &x->ref))
		return EXIT_FAIL;
	struct passwd *pw = getpwuid(geteuid());
	snprintf(x->os_user, sizeof x->os_user, "%s", pw ? pw->pw_name : "unknown");
	x->desk = (struct notice_desk){.s = x->s, .ref = &x->ref, .os_user = x->os_user,
	                               .today = date_today(), .now = date_now()};
	return 0;
}

static void session_close(struct session *x)
{
	arena_free(&x->a);
	reference_free(&x->ref);
	store_close(x->s);
	render_release(); /* the command ends here */
}

static int quarter(const char *text, struct period *p)
{
	if (!text || period_parse(text, strlen(text), p) != 0 || p->kind != PERIOD_QUARTER) {
		cli_error("notice: give a quarter such as 2020Q4 (see shensu notice --help)");
		return EXIT_USAGE;
	}
	return 0;
}

static int refused(const char *what, int rc, const struct record_error *err, store *s)
{
	if (err->message[0])
		cli_error("notice %s: %s%s%s", what, err->field ? err->field : "",
		          err->field ? ": " : "", err->message);
	else
		cli_error("notice %s: %s", what, rc == SH_ESTORE ? store_error(s) : sh_err_title(rc));
	return rc == SH_EINVAL || rc == SH_ECONFLICT ? EXIT_USAGE : EXIT_FAIL;
}

/* Reads a whole file (or standard input for "-") into a. */
static int slurp(const char *path, struct arena *a, char **out)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f)
		return SH_EIO;
	size_t cap = 4096, len = 0;
	char *buf = sh_xmalloc(cap);
	size_t got;
	while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += got;
		if (len + 1 == cap)
			buf = sh_xrealloc(buf, cap *= 2);
		if (len > (1u << 22))
			break;
	}
	int rc = ferror(f) ? SH_EIO : len > (1u << 22) ? SH_ETOOLARGE : 0;
	if (f != stdin)
		fclose(f);
	buf[len] = '\0';
	if (rc == 0 && strlen(buf) != len)
		rc = SH_EINVAL; /* a NUL inside: not text */
	if (rc == 0)
		*out = arena_strdup(a, buf);
	free(buf);
	return rc;
}

static int cmd_edit(struct config *cfg, int argc, char **argv)
{
	const char *section = NULL, *file = NULL, *period_text = NULL;
	for (int i = 2; i < argc; i++) {
		if (cli_option(argc, argv, &i, "section", &section) ||
		    cli_option(argc, argv, &i, "file", &file))
			continue;
		if (period_text) {
			cli_error("notice edit: unexpected argument '%s'", argv[i]);
			return EXIT_USAGE;
		}
		period_text = argv[i];
	}
	struct period p;
	enum notice_section sec;
	if (quarter(period_text, &p))
		return EXIT_USAGE;
	if (!section || notice_section_parse(section, strlen(section), &sec)) {
		cli_error("notice edit: --section must be 一, 四 or 前言 (also work, tips, preface)");
		return EXIT_USAGE;
	}
	if (!file || !*file) {
		cli_error("notice edit: --file TEXT.md is required (- reads standard input; an empty "
		          "file removes the section's text)");
		return EXIT_USAGE;
	}
	struct session x;
	int rc = session_open(cfg, &x);
	char *body = NULL;
	if (rc == 0 && (rc = slurp(file, &x.a, &body)) != 0) {
		cli_error("notice edit: cannot read %s: %s", file,
		          rc == SH_EIO ? strerror(errno) : sh_err_title(rc));
		rc = EXIT_FAIL;
	}
	if (rc == 0) {
		struct record_error err = {0};
		int e = notice_text_edit(&x.desk, &p, sec, body, -1, &err);
		if (e)
			rc = refused("edit", e, &err, x.s);
		else
			fprintf(stderr, "%s section %s of %s\n", body[0] ? "wrote" : "cleared",
			        notice_section_label(sec), period_text);
	}
	session_close(&x);
	return rc;
}

static int cmd_publish(struct config *cfg, int argc, char **argv)
{
	const char *doc_no = NULL, *date_text = NULL, *reason = NULL, *period_text = NULL;
	for (int i = 2; i < argc; i++) {
		if (cli_option(argc, argv, &i, "doc-no", &doc_no) ||
		    cli_option(argc, argv, &i, "date", &date_text) ||
		    cli_option(argc, argv, &i, "reason", &reason))
			continue;
		if (period_text) {
			cli_error("notice publish: unexpected argument '%s'", argv[i]);
			return EXIT_USAGE;
		}
		period_text = argv[i];
	}
	struct period p;
	int32_t date;
	if (quarter(period_text, &p))
		return EXIT_USAGE;
	if (!doc_no || !date_text || date_parse(date_text, strlen(date_text), &date)) {
		cli_error("notice publish: give --doc-no \"工信部信管函〔2021〕73号\" and --date YYYY-MM-DD");
		return EXIT_USAGE;
	}
	struct session x;
	int rc = session_open(cfg, &x);
	if (rc == 0) {
		struct record_error err = {0};
		struct publication pub;
		int e = notice_publish(&x.desk, &p, doc_no, date, reason, &x.a, &pub, &err);
		if (e)
			rc = refused("publish", e, &err, x.s);
		else
			printf("published %s as %d年第%d号 (revision %d, %s, %s), by the command line (%s)\n",
			       period_text, pub.year, pub.number, pub.revision, pub.doc_no, date_text,
			       x.os_user);
	}
	session_close(&x);
	return rc;
}

static int cmd_history(struct config *cfg, int argc, char **argv)
{
	struct period p;
	if (argc != 3 || quarter(argv[2], &p))
		return EXIT_USAGE;
	struct session x;
	int rc = session_open(cfg, &x);
	struct publication *list;
	size_t n;
	if (rc == 0 && store_publication_list(x.s, argv[2], &x.a, &list, &n)) {
		cli_error("notice history: %s", store_error(x.s));
		rc = EXIT_FAIL;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char day[SH_DATE_LEN + 1];
		date_format(list[i].published_on, day);
		printf("revision %d  %d年第%d号  %s  %s  %s  via %s%s%s\n", list[i].revision,
		       list[i].year, list[i].number, list[i].doc_no, day,
		       publication_state_code(list[i].state), list[i].via,
		       list[i].reason ? "  reason: " : "", list[i].reason ? list[i].reason : "");
	}
	if (rc == 0 && n == 0)
		printf("%s has not been published\n", argv[2]);
	session_close(&x);
	return rc;
}

int cmd_notice(struct config *cfg, int argc, char **argv)
{
	const char *const own[] = {"province=", "format=", "out=",  "draft",    "revision=",
	                           "section=",  "file=",   "doc-no=", "date=", "reason=", NULL};
	if (cli_take_options(cfg, &argc, argv, own))
		return EXIT_USAGE;
	if (argc > 1 && strcmp(argv[1], "edit") == 0)
		return cmd_edit(cfg, argc, argv);
	if (argc > 1 && strcmp(argv[1], "publish") == 0)
		return cmd_publish(cfg, argc, argv);
	if (argc > 1 && strcmp(argv[1], "history") == 0)
		return cmd_history(cfg, argc, argv);
	const char *province = NULL, *format = NULL, *out = NULL, *period_text = NULL,
	           *revision = NULL;
	bool draft = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--draft") == 0) {
			draft = true;
			continue;
		}
		if (cli_option(argc, argv, &i, "province", &province) ||
		    cli_option(argc, argv, &i, "format", &format) ||
		    cli_option(argc, argv, &i, "out", &out) ||
		    cli_option(argc, argv, &i, "revision", &revision))
			continue;
		if (!period_text) {
			period_text = argv[i];
		} else {
			cli_error("notice: unexpected argument '%s'", argv[i]);
			return EXIT_USAGE;
		}
	}
	struct period p;
	if (quarter(period_text, &p))
		return EXIT_USAGE;
	if (!format)
		format = "md";
	int fmt = notice_format_parse(format);
	if (fmt < 0) {
		cli_error("notice: --format must be md, html, pdf or xlsx");
		return EXIT_USAGE;
	}
	if (out && !*out) {
		cli_error("notice: --out needs a file name");
		return EXIT_USAGE;
	}
	if (!out && fmt >= 2) {
		cli_error("notice: --format %s needs --out FILE", format);
		return EXIT_USAGE;
	}
	long rev = 0;
	if (revision) {
		char *end;
		rev = strtol(revision, &end, 10);
		if (!*revision || *end || rev < 1 || draft || province) {
			cli_error("notice: --revision takes a published revision's number (1, 2 …), "
			          "without --draft or --province");
			return EXIT_USAGE;
		}
	}
	struct session x;
	if (session_open(cfg, &x)) {
		session_close(&x);
		return EXIT_FAIL;
	}
	int rc = EXIT_FAIL;
	const struct province *prov = NULL;
	if (province && !(prov = reference_province(&x.ref, province, strlen(province)))) {
		cli_error("notice: unknown province '%s'", province);
		rc = EXIT_USAGE;
		goto out;
	}
	const char *data;
	size_t len;
	struct publication pub = {0};
	int err;
	if (prov) { /* a province's notice is a draft: only the national one is published */
		struct notice *n = arena_alloc(&x.a, sizeof *n);
		err = notice_load(x.s, &x.ref, &p, prov->code, &x.a, n);
		if (err == 0)
			err = notice_render(n, fmt, &x.a, &data, &len);
	} else {
		err = notice_document(&x.desk, &p,
		                      draft ? NOTICE_DRAFT : rev ? NOTICE_REVISION : NOTICE_CURRENT,
		                      (int)rev, fmt, &x.a, &data, &len, &pub);
	}
	if (err == SH_ENOTFOUND && rev) {
		cli_error("notice: %s has no published revision %ld (see shensu notice history %s)",
		          period_text, rev, period_text);
		goto out;
	}
	if (err) {
		cli_error("notice: %s", err == SH_ESTORE || err == SH_EDBDOWN ? store_error(x.s)
		                                                              : sh_err_title(err));
		goto out;
	}
	if ((err = write_out(data, len, out))) {
		cli_error("notice: cannot write %s: %s", out ? out : "standard output",
		          errno ? strerror(errno) : sh_err_title(err));
		goto out;
	}
	if (out)
		fprintf(stderr, "wrote the %s notice (%s%s) to %s\n", period_text, format,
		        pub.id ? ", as published" : ", a draft from the data", out);
	rc = EXIT_OK;
out:
	session_close(&x);
	return rc;
}
