/* shensu import complaints|subscribers|reports|ported FILE.csv, and the
 * regulator's kinds (import_supervision.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/import.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"
#include "domain/complaint_row.h"
#include "domain/period.h"
#include "domain/report.h"
#include "domain/routing.h"

#define MAX_ERRORS_SHOWN 20

struct import_run {
	const char *path;
	const struct import_kind *kind;
	void *state;
	store *store;
	FILE *rejects;
	const char *rejects_path;
	int64_t rows, imported, bad;
	bool progress;
	off_t size;
	double started;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void show_progress(struct import_run *run, uint64_t offset, bool done)
{
	if (!run->progress)
		return;
	int pct = run->size > 0 ? (int)(offset * 100 / (uint64_t)run->size) : 0;
	if (done)
		pct = 100;
	char bar[31];
	int fill = pct * 30 / 100;
	for (int i = 0; i < 30; i++)
		bar[i] = i < fill ? '=' : (i == fill ? '>' : ' ');
	bar[30] = '\0';
	fprintf(stderr, "\r[%s] %3d%%  %lld rows", bar, pct, (long long)run->rows);
	if (done)
		fputc('\n', stderr);
	fflush(stderr);
}

static void report_row(struct import_run *run, uint64_t line, const struct row_error *e)
{
	run->bad++;
	if (run->bad <= MAX_ERRORS_SHOWN) {
		if (run->progress)
			fputc('\n', stderr);
		if (e->column)
			fprintf(stderr, "%s:%llu: column %zu (%s): %s\n", run->path,
			        (unsigned long long)line, e->column, e->name, e->message);
		else
			fprintf(stderr, "%s:%llu: %s\n", run->path, (unsigned long long)line, e->message);
	} else if (run->bad == MAX_ERRORS_SHOWN + 1) {
		fprintf(stderr, "%s: more bad rows follow; only the first %d are shown\n", run->path,
		        MAX_ERRORS_SHOWN);
	}
}

static void write_reject(struct import_run *run, const struct csv_record *rec,
                         const struct row_error *e)
{
	char line[32], col[32];
	snprintf(line, sizeof line, "%llu", (unsigned long long)rec->line);
	snprintf(col, sizeof col, "%zu", e->column);
	for (size_t i = 0; i < rec->n; i++) {
		csv_write_field(run->rejects, rec->fields[i].ptr, rec->fields[i].len);
		fputc(',', run->rejects);
	}
	csv_write_field(run->rejects, line, strlen(line));
	fputc(',', run->rejects);
	csv_write_field(run->rejects, e->column ? col : "", e->column ? strlen(col) : 0);
	fputc(',', run->rejects);
	csv_write_field(run->rejects, e->message, strlen(e->message));
	fputs("\r\n", run->rejects);
}

/* Reads the whole file. Returns 0 when every row was good (or --skip-bad), the
 * caller then commits. */
static int import_file(struct import_run *run, int fd)
{
	struct csv_options opt = {.max_field = 1u << 20, .max_fields = 256, .validate_utf8 = true};
	csv_reader *r;
	int rc = csv_reader_open_fd(fd, &opt, &r);
	if (rc)
		return rc;
	struct csv_record rec;
	struct row_error e;
	rc = csv_read(r, &rec);
	if (rc == 0) {
		fprintf(stderr, "%s: the file is empty: expected a header row with the column names\n",
		        run->path);
		csv_reader_free(r);
		return SH_EINVAL;
	}
	int herr = rc == 1 ? run->kind->header(run->state, rec.fields, rec.n, &e) : 0;
	if (herr) {
		fprintf(stderr, "%s:%llu: %s\n", run->path, (unsigned long long)rec.line, e.message);
		csv_reader_free(r);
		return herr;
	}
	if (rc == 1 && run->rejects) {
		for (size_t i = 0; i < rec.n; i++) {
			csv_write_field(run->rejects, rec.fields[i].ptr, rec.fields[i].len);
			fputc(',', run->rejects);
		}
		fputs("error_line,error_column,error_reason\r\n", run->rejects);
	}
	while (rc == 1 && (rc = csv_read(r, &rec)) == 1) {
		run->rows++;
		/* Once a row is bad and the import is all-or-nothing, keep checking the
		 * rest so every problem is reported at once, but stop writing. */
		bool write = run->bad == 0 || run->rejects;
		int err = run->kind->row(run->state, run->store, rec.fields, rec.n, write, &e);
		if (err == SH_EINVAL || err == SH_ETOOLARGE || err == SH_EENCODING) {
			report_row(run, rec.line, &e);
			if (run->rejects)
				write_reject(run, &rec, &e);
		} else if (err) {
			fprintf(stderr, "%s:%llu: %s\n", run->path, (unsigned long long)rec.line,
			        store_error(run->store));
			rc = err;
			break;
		} else if (write) {
			run->imported++;
		}
		if ((run->rows & 0xffff) == 0)
			show_progress(run, csv_reader_offset(r), false);
	}
	if (rc < 0 && rc != SH_ESTORE && rc != SH_ECONFLICT && rc != SH_EUNAVAILABLE &&
	    rc != SH_EDBDOWN) {
		const struct csv_error *ce = csv_reader_error(r);
		if (run->progress)
			fputc('\n', stderr);
		if (ce->column)
			fprintf(stderr, "%s:%llu: column %zu: %s\n", run->path,
			        (unsigned long long)ce->line, ce->column, ce->message);
		else
			fprintf(stderr, "%s:%llu: %s\n", run->path, (unsigned long long)ce->line,
			        ce->message);
	}
	show_progress(run, csv_reader_offset(r), rc == 0);
	csv_reader_free(r);
	if (rc == 0 && run->bad && !run->rejects)
		rc = SH_EINVAL;
	return rc;
}

/* ---- complaints --------------------------------------------------------- */

struct complaint_import {
	struct complaint_header header;
	struct reference ref;
	int64_t now; /* nothing received or closed after this */
	int64_t batch;
	const char *path;
};

static int complaint_header(void *state, const struct csv_field *f, size_t n, struct row_error *e)
{
	struct complaint_import *st = state;
	int rc = complaint_header_parse(&st->header, f, n, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (complaint_column_lookup(f[i].ptr, f[i].len) < 0)
			fprintf(stderr, "%s: warning: ignoring unknown column %zu '%s'\n", st->path, i + 1,
			        f[i].ptr);
	return 0;
}

static int complaint_row(void *state, store *s, const struct csv_field *f, size_t n, bool write,
                         struct row_error *e)
{
	struct complaint_import *st = state;
	struct complaint c;
	int rc = complaint_row_parse(&st->header, &st->ref, st->now, f, n, &c, e);
	if (rc || !write)
		return rc;
	return store_complaint_insert(s, &c, st->batch);
}

static const struct import_kind complaints_kind = {"complaints", complaint_header, complaint_row,
                                                   NULL, NULL};

/* ---- subscribers -------------------------------------------------------- */

/* Subscribers and ported numbers: small tables of three named columns. */
struct table3_state {
	struct reference ref;
	const char *const *names; /* the three column names */
	int col[3];
	size_t ncols;
};

static const char *const subscriber_columns[3] = {"period", "enterprise", "subscribers_10k"};
static const char *const ported_columns[3] = {"number", "operator", "since"};

/* Finds the three named columns (in any order); fails naming the first one
 * missing. */
static int table3_header(void *state, const struct csv_field *f, size_t n, struct row_error *e)
{
	struct table3_state *st = state;
	st->ncols = n;
	for (int c = 0; c < 3; c++) {
		st->col[c] = -1;
		for (size_t i = 0; i < n; i++)
			if (strcmp(f[i].ptr, st->names[c]) == 0)
				st->col[c] = (int)i;
		if (st->col[c] < 0) {
			e->code = SH_EINVAL;
			utf8_format(e->message, sizeof e->message, "表头缺少“%s”列（应为%s,%s,%s）",
			            st->names[c], st->names[0], st->names[1], st->names[2]);
			return SH_EINVAL;
		}
	}
	return 0;
}

/* Starts checking a row: the error defaults, and the row as wide as the header.
 * The three fields go to out. */
static int table3_row(const struct table3_state *st, const struct csv_field *f, size_t n,
                      const struct csv_field *out[3], struct row_error *e)
{
	e->code = SH_EINVAL;
	e->column = 0;
	e->name = "";
	if (n != st->ncols) {
		utf8_format(e->message, sizeof e->message, "本行有%zu列，表头有%zu列", n,
		            st->ncols);
		return SH_EINVAL;
	}
	for (int c = 0; c < 3; c++)
		out[c] = &f[st->col[c]];
	return 0;
}

static int subscriber_row(void *state, store *s, const struct csv_field *f, size_t n, bool write,
                          struct row_error *e)
{
	const struct table3_state *st = state;
	const struct csv_field *col[3];
	if (table3_row(st, f, n, col, e))
		return SH_EINVAL;
	const struct csv_field *period = col[0], *ent = col[1], *subs = col[2];
	struct period p;
	if (period_parse(period->ptr, period->len, &p) != 0 || p.kind != PERIOD_QUARTER) {
		e->column = (size_t)st->col[0] + 1;
		e->name = "period";
		utf8_format(e->message, sizeof e->message, "“%.*s”不是季度（应为如2020Q4）",
		            UTF8_AT_MOST(period->ptr, 40));
		return SH_EINVAL;
	}
	const struct enterprise *en = reference_enterprise(&st->ref, ent->ptr, ent->len);
	if (!en || en->parent_id) {
		e->column = (size_t)st->col[1] + 1;
		e->name = "enterprise";
		utf8_format(e->message, sizeof e->message,
		            "“%.*s”不是企业集团名称（应为如中国移动）", UTF8_AT_MOST(ent->ptr, 40));
		return SH_EINVAL;
	}
	char *end;
	errno = 0;
	long long v = strtoll(subs->ptr, &end, 10);
	if (subs->len == 0 || errno || *end || v < 0 || v > 1000000) {
		e->column = (size_t)st->col[2] + 1;
		e->name = "subscribers_10k";
		utf8_format(e->message, sizeof e->message,
		            "“%.*s”不是用户数（以万户为单位的非负整数，如94200）",
		            UTF8_AT_MOST(subs->ptr, 40));
		return SH_EINVAL;
	}
	if (!write)
		return 0;
	char key[16];
	period_format(&p, key, sizeof key);
	return store_subscribers_put(s, key, en->id, v);
}

static const struct import_kind subscribers_kind = {"subscribers", table3_header,
                                                    subscriber_row, NULL, NULL};

/* ---- 12321 reports ------------------------------------------------------- */

struct report_import {
	struct reference ref;
	struct report_header header;
	int64_t now;
	int64_t batch;
};

static int reports_header(void *state, const struct csv_field *f, size_t n, struct row_error *e)
{
	struct report_import *st = state;
	e->code = SH_EINVAL;
	return report_header_parse(&st->header, f, n, e->message, sizeof e->message);
}

/* The operator a number was assigned to by its segment; porting is applied by
 * the store from the ported-number registry. */
static int64_t segment_operator(const struct reference *ref, const struct report *r)
{
	struct number_route route;
	if (r->kind == REPORT_BAD_APP || routing_resolve(ref, r->target, r->target_kind, 0, &route))
		return 0;
	return route.operator_id;
}

static int reports_row(void *state, store *s, const struct csv_field *f, size_t n, bool write,
                      struct row_error *e)
{
	struct report_import *st = state;
	struct report r;
	e->code = SH_EINVAL;
	e->name = "";
	int rc = report_row_parse(&st->header, st->now, f, n, &r, &e->column, e->message,
	                          sizeof e->message);
	for (int c = 0; rc && c < RCOL_COUNT; c++)
		if (st->header.index[c] >= 0 && (size_t)st->header.index[c] + 1 == e->column)
			e->name = report_column_name((enum report_column)c);
	if (rc || !write)
		return rc;
	return store_report_insert(s, &r, segment_operator(&st->ref, &r), st->batch);
}

static const struct import_kind reports_kind = {"reports", reports_header, reports_row, NULL,
                                                NULL};

/* ---- ported numbers (携号转网) --------------------------------------------- */

static int ported_row(void *state, store *s, const struct csv_field *f, size_t n, bool write,
                      struct row_error *e)
{
	const struct table3_state *st = state;
	const struct csv_field *col[3];
	if (table3_row(st, f, n, col, e))
		return SH_EINVAL;
	const struct csv_field *num = col[0], *op = col[1], *since = col[2];
	char digits[NUMBER_MAX], why[160];
	if (number_normalize(num->ptr, num->len, digits, why, sizeof why) != NUMBER_MOBILE) {
		e->column = (size_t)st->col[0] + 1;
		e->name = "number";
		utf8_format(e->message, sizeof e->message, "“%.*s”不是手机号码：%s",
		            UTF8_AT_MOST(num->ptr, 40), why[0] ? why : "携号转网只适用于手机号码");
		return SH_EINVAL;
	}
	const struct enterprise *en = reference_enterprise(&st->ref, op->ptr, op->len);
	if (!en || en->parent_id || en->kind != ENTERPRISE_BASIC) {
		e->column = (size_t)st->col[1] + 1;
		e->name = "operator";
		utf8_format(e->message, sizeof e->message,
		            "“%.*s”不是基础电信企业（应为中国电信、中国移动、中国联通或中国广电）",
		            UTF8_AT_MOST(op->ptr, 40));
		return SH_EINVAL;
	}
	int32_t day;
	if (date_parse(since->ptr, since->len, &day) || day > date_today()) {
		e->column = (size_t)st->col[2] + 1;
		e->name = "since";
		utf8_format(e->message, sizeof e->message,
		            "“%.*s”不是有效日期（应为如2020-06-30，且不晚于今天）",
		            UTF8_AT_MOST(since->ptr, 40));
		return SH_EINVAL;
	}
	if (!write)
		return 0;
	return store_ported_put(s, digits, en->id, day);
}

static const struct import_kind ported_kind = {"ported", table3_header, ported_row, NULL, NULL};

/* ---- the command -------------------------------------------------------- */

int cmd_import(struct config *cfg, int argc, char **argv)
{
	const char *const own[] = {"skip-bad=", NULL};
	if (cli_take_options(cfg, &argc, argv, own))
		return EXIT_USAGE;
	const char *rejects_path = NULL, *args[2];
	int nargs = 0;
	for (int i = 1; i < argc; i++) {
		if (cli_option(argc, argv, &i, "skip-bad", &rejects_path)) {
			if (!*rejects_path) {
				cli_error("--skip-bad needs the file to write rejected rows to");
				return EXIT_USAGE;
			}
		} else if (nargs < 2) {
			args[nargs++] = argv[i];
		} else {
			nargs++;
		}
	}
	if (nargs != 2) {
		cli_error("usage: shensu import KIND FILE.csv (see --help)");
		return EXIT_USAGE;
	}
	static const struct import_kind *const kinds[] = {
		&complaints_kind,         &subscribers_kind,    &reports_kind,
		&ported_kind,             &import_enforcement_kind, &import_badlist_kind,
		&import_inspections_kind, &import_app_tests_kind,   &import_app_actions_kind,
		&import_equipment_kind,
	};
	const struct import_kind *kind = NULL;
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (strcmp(args[0], kinds[i]->name) == 0)
			kind = kinds[i];
	if (!kind) {
		cli_error("cannot import '%s': choose complaints, subscribers, reports, ported, "
		          "enforcement, badlist, inspections, app-tests, app-actions or equipment",
		          args[0]);
		return EXIT_USAGE;
	}
	if (rejects_path && kind != &complaints_kind) {
		cli_error("--skip-bad applies to complaints only");
		return EXIT_USAGE;
	}

	struct import_run run = {.path = args[1], .kind = kind, .rejects_path = rejects_path};
	int fd = strcmp(run.path, "-") == 0 ? STDIN_FILENO : open(run.path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		cli_error("%s: %s", run.path, strerror(errno));
		return EXIT_FAIL;
	}
	struct stat sb;
	run.size = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? sb.st_size : 0;
	run.progress = isatty(STDERR_FILENO) && run.size > (1 << 20);

	struct complaint_import cst = {.now = date_now(), .path = run.path};
	struct table3_state sst = {.names = subscriber_columns};
	struct report_import rst = {.now = date_now()};
	struct table3_state pst = {.names = ported_columns};
	struct reference oref; /* the kinds with a state of their own */
	struct reference *ref = kind == &complaints_kind    ? &cst.ref
	                        : kind == &subscribers_kind ? &sst.ref
	                        : kind == &reports_kind     ? &rst.ref
	                        : kind == &ported_kind      ? &pst.ref
	                                                    : &oref;
	run.state = kind == &complaints_kind    ? (void *)&cst
	            : kind == &subscribers_kind ? (void *)&sst
	            : kind == &reports_kind     ? (void *)&rst
	                                        : (void *)&pst;
	reference_init(ref);

	int rc = EXIT_FAIL;
	if (cli_open_store(cfg, &run.store))
		goto out_fd;
	if (cli_load_reference(run.store, ref))
		goto out_store;
	if (rejects_path && !(run.rejects = fopen(rejects_path, "w"))) {
		cli_error("%s: %s", rejects_path, strerror(errno));
		goto out_store;
	}
	run.started = now();
	/* About 120 bytes a row: enough to tell a bulk load from a few rows. */
	/* Only complaint loads may drop and rebuild the complaint indexes. */
	if (store_tune_bulk(run.store, kind == &complaints_kind ? run.size / 120 : 0) ||
	    store_begin(run.store) || store_import_begin(run.store, kind->name, run.path, &cst.batch)) {
		cli_error("%s", store_error(run.store));
		goto out_store;
	}
	rst.batch = cst.batch;
	if (kind->open)
		run.state = kind->open(run.store, ref, cst.batch, run.path);
	int err = import_file(&run, fd);
	if (kind->close) {
		int cerr = kind->close(run.state, run.store, err == 0, run.imported);
		if (err == 0)
			err = cerr;
	}
	if (err == 0)
		err = store_import_finish(run.store, cst.batch, run.imported);
	if (err == 0)
		err = store_commit(run.store);
	else
		store_rollback(run.store);
	double secs = now() - run.started;
	if (err == 0) {
		printf("imported %lld %s from %s in %.2f s (%.0f rows/s)", (long long)run.imported,
		       kind->name, run.path, secs, secs > 0 ? run.imported / secs : 0.0);
		if (run.rejects)
			printf("; %lld bad rows written to %s", (long long)run.bad, rejects_path);
		printf("\n");
		rc = EXIT_OK;
	} else if (run.bad) {
		fprintf(stderr, "%s: %lld of %lld rows are bad; nothing was imported (fix them, or use "
		                "--skip-bad REJECTS.csv to import the good rows)\n",
		        run.path, (long long)run.bad, (long long)run.rows);
	} else {
		fprintf(stderr, "%s: import failed; nothing was imported\n", run.path);
	}
out_store:
	if (run.rejects && fclose(run.rejects) != 0 && rc == EXIT_OK) {
		cli_error("%s: %s", rejects_path, strerror(errno));
		rc = EXIT_FAIL;
	}
	store_close(run.store);
out_fd:
	reference_free(ref);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}
