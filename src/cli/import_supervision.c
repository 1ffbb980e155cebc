/* shensu import enforcement|badlist|inspections|app-tests|app-actions|equipment:
 * the regulator's records from CSV, through the same use cases as the API
 * (app/supervision.h). A row's problems are reported per column. Every good
 * row is written even after a bad one (the import's transaction is rolled
 * back at the end), so that later rows are checked against earlier ones as
 * they would be in a good file: an app's notify before its name, an
 * enterprise's licence number given once. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/supervision.h"
#include "cli/import.h"
#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"

#define MAX_COLUMNS 12

/* The columns of a kind: names, which are required. */
struct layout {
	const char *kind;
	const char *const *names; /* NULL-terminated */
	unsigned required;        /* bit per name */
};

struct state {
	const struct layout *layout;
	int index[MAX_COLUMNS]; /* field position of each name, -1 when absent */
	size_t ncols;           /* fields in the header */
	struct supervision_ctx ctx;
	struct arena arena;     /* per row */
	const char *path;
	char os_user[64];
};

static void *open_state(const struct layout *l, store *s, const struct reference *ref,
                        int64_t batch, const char *path)
{
	struct state *st = sh_xcalloc(1, sizeof *st);
	st->layout = l;
	st->path = path;
	struct passwd *pw = getpwuid(geteuid());
	snprintf(st->os_user, sizeof st->os_user, "%s", pw ? pw->pw_name : "unknown");
	st->ctx = (struct supervision_ctx){.s = s, .ref = ref, .topics = topics_builtin(),
	                                   .os_user = st->os_user, .today = date_today(),
	                                   .now = date_now(), .batch_id = batch};
	arena_init(&st->arena, 1 << 14);
	return st;
}

static int close_state(void *state, store *s, bool ok, int64_t rows)
{
	(void)s;
	struct state *st = state;
	int rc = 0;
	if (ok)
		rc = supervision_event(&st->ctx, "import", st->ctx.batch_id, "imported",
		                       json_pack("{s:s, s:s, s:I}", "kind", st->layout->kind, "file",
		                                 st->path, "rows", (json_int_t)rows));
	arena_free(&st->arena);
	free(st);
	return rc;
}

static int header(void *state, const struct csv_field *f, size_t n, struct row_error *e)
{
	struct state *st = state;
	const struct layout *l = st->layout;
	st->ncols = n;
	e->code = SH_EINVAL;
	e->column = 0;
	e->name = "";
	char expected[256] = "";
	for (size_t c = 0; l->names[c]; c++)
		snprintf(expected + strlen(expected), sizeof expected - strlen(expected), "%s%s%s",
		         c ? "," : "", l->names[c], l->required & (1u << c) ? "" : "（选填）");
	for (size_t c = 0; l->names[c]; c++) {
		st->index[c] = -1;
		for (size_t i = 0; i < n; i++)
			if (strcmp(f[i].ptr, l->names[c]) == 0)
				st->index[c] = (int)i;
		if (st->index[c] < 0 && (l->required & (1u << c))) {
			utf8_format(e->message, sizeof e->message, "表头缺少“%s”列（列应为%s）",
			            l->names[c], expected);
			return SH_EINVAL;
		}
	}
	for (size_t i = 0; i < n; i++) {
		bool known = false;
		for (size_t c = 0; l->names[c]; c++)
			known |= st->index[c] == (int)i;
		if (!known)
			fprintf(stderr, "%s: warning: ignoring unknown column %zu '%s'\n", st->path, i + 1,
			        f[i].ptr);
	}
	return 0;
}

/* The named column's cell in this row without surrounding ASCII blanks, a
 * copy in the row's arena: NULL when the column is absent or the cell empty. */
static char *cell(struct state *st, const struct csv_field *f, const char *name)
{
	for (size_t c = 0; st->layout->names[c]; c++) {
		if (strcmp(st->layout->names[c], name) != 0 || st->index[c] < 0)
			continue;
		const struct csv_field *x = &f[st->index[c]];
		const char *p = x->ptr, *end = p + x->len;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		return p < end ? arena_strndup(&st->arena, p, (size_t)(end - p)) : NULL;
	}
	return NULL;
}

/* A row error at the named column. */
__attribute__((format(printf, 4, 5))) static int bad(const struct state *st, struct row_error *e,
                                                    const char *name, const char *fmt, ...)
{
	e->code = SH_EINVAL;
	e->column = 0;
	e->name = "";
	for (size_t c = 0; name && st->layout->names[c]; c++)
		if (strcmp(st->layout->names[c], name) == 0 && st->index[c] >= 0) {
			e->column = (size_t)st->index[c] + 1;
			e->name = st->layout->names[c];
		}
	va_list ap;
	va_start(ap, fmt);
	utf8_vformat(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	return SH_EINVAL;
}

/* Starts a row: as wide as the header, the arena emptied. */
static int row_start(struct state *st, size_t n, struct row_error *e)
{
	arena_free(&st->arena);
	arena_init(&st->arena, 1 << 14);
	if (n != st->ncols)
		return bad(st, e, NULL, "本行有%zu列，表头有%zu列", n, st->ncols);
	return 0;
}

/* A use case's answer as the row's result. */
static int outcome(const struct state *st, int rc, const struct record_error *err,
                   struct row_error *e)
{
	if (rc == SH_EINVAL || rc == SH_EFORBIDDEN || (rc == SH_ECONFLICT && err->field))
		return bad(st, e, err->field, "%s", err->message);
	return rc;
}

static int day(struct state *st, const struct csv_field *f, const char *name, bool required,
               int32_t *out, struct row_error *e)
{
	const char *v = cell(st, f, name);
	*out = 0;
	if (!v)
		return required ? bad(st, e, name, "请填写日期（如2020-12-31）") : 0;
	if (date_parse(v, strlen(v), out))
		return bad(st, e, name, "“%.*s”不是日期（应为如2020-12-31）", UTF8_AT_MOST(v, 40));
	return 0;
}

/* The authority: 00, a province code or a province's name. */
static int authority(struct state *st, const struct csv_field *f, bool required,
                     char out[3], struct row_error *e)
{
	const char *v = cell(st, f, "authority");
	if (!v) {
		if (required)
			return bad(st, e, "authority", "请填写作出决定的机关（00为工业和信息化部，或省份代码）");
		memcpy(out, PROVINCE_NATIONAL, 3);
		return 0;
	}
	const struct province *p = reference_province(st->ctx.ref, v, strlen(v));
	if (!p)
		return bad(st, e, "authority", "“%.*s”不是机关代码（00为工业和信息化部，或省份代码如44）",
		           UTF8_AT_MOST(v, 40));
	memcpy(out, p->code, 3);
	return 0;
}

/* Splits a ';'-separated list (also the full-width '；') in place. */
static size_t split(char *s, char **out, size_t max)
{
	size_t n = 0;
	while (s && n < max) {
		char *sep = strchr(s, ';'), *wide = strstr(s, "；");
		size_t skip = 1;
		if (wide && (!sep || wide < sep))
			sep = wide, skip = strlen("；");
		if (sep)
			*sep = '\0';
		char *end = s + strlen(s);
		while (*s == ' ')
			s++;
		while (end > s && end[-1] == ' ')
			*--end = '\0';
		out[n++] = s;
		s = sep ? sep + skip : NULL;
	}
	return n;
}

static int64_t whole(const char *v, bool *ok)
{
	char *end;
	long long x = v ? strtoll(v, &end, 10) : 0;
	*ok = v && *v && !*end;
	return x;
}

/* ---- enforcement ------------------------------------------------------------------------------ */

static const char *const enforcement_names[] = {"decided_at", "authority", "measure", "topic",
                                                "enterprises", "licences", "document_no",
                                                "amount_yuan", "description", NULL};
static const struct layout enforcement_layout = {"enforcement", enforcement_names, 0x1f};

static int enforcement_row(void *state, store *s, const struct csv_field *f, size_t n,
                           bool write, struct row_error *e)
{
	(void)s, (void)write;
	struct state *st = state;
	int rc;
	if ((rc = row_start(st, n, e)))
		return rc;
	struct enforcement_action x = {.amount_yuan = NO_AMOUNT};
	if ((rc = day(st, f, "decided_at", true, &x.decided_on, e)) ||
	    (rc = authority(st, f, true, x.authority, e)))
		return rc;
	const char *m = cell(st, f, "measure");
	if (!m || measure_parse(m, strlen(m), &x.measure))
		return bad(st, e, "measure", "“%.*s”不是处理措施（应为行政处罚、责令整改通知、通报批评或约谈提醒）",
		           UTF8_AT_MOST(m ? m : "", 40));
	x.topic = cell(st, f, "topic");
	if (!x.topic)
		return bad(st, e, "topic", "请填写问题类别（如携号转网）");
	char *names[ENFORCEMENT_MAX_PARTIES + 1], *lics[ENFORCEMENT_MAX_PARTIES + 1];
	char *ents = cell(st, f, "enterprises"), *licstr = cell(st, f, "licences");
	size_t nn = split(ents, names, ENFORCEMENT_MAX_PARTIES + 1);
	size_t nl = split(licstr, lics, ENFORCEMENT_MAX_PARTIES + 1);
	if (nl && nl != nn)
		return bad(st, e, "licences", "许可证号有%zu个，企业有%zu家：应一一对应（没有的留空，如“粤B2-20180001;;”）",
		           nl, nn);
	x.nparties = nn;
	x.parties = arena_calloc(&st->arena, nn ? nn : 1, sizeof *x.parties);
	for (size_t i = 0; i < nn; i++) {
		x.parties[i].name = names[i];
		x.parties[i].licence_no = nl && lics[i][0] ? lics[i] : NULL;
	}
	x.document_no = cell(st, f, "document_no");
	x.description = cell(st, f, "description");
	const char *amount = cell(st, f, "amount_yuan");
	if (amount) {
		bool ok;
		x.amount_yuan = whole(amount, &ok);
		if (!ok || x.amount_yuan < 0)
			return bad(st, e, "amount_yuan", "“%.*s”不是罚款金额（以元为单位的非负整数）",
			           UTF8_AT_MOST(amount, 40));
	}
	struct record_error err;
	return outcome(st, supervision_action_record(&st->ctx, &x, &st->arena, &err), &err, e);
}

static void *enforcement_open(store *s, const struct reference *ref, int64_t batch,
                              const char *path)
{
	return open_state(&enforcement_layout, s, ref, batch, path);
}

const struct import_kind import_enforcement_kind = {"enforcement", header, enforcement_row,
                                                    enforcement_open, close_state};

/* ---- the bad-record list --------------------------------------------------------------------- */

static const char *const badlist_names[] = {"listed_at", "enterprise", "list", "reason",
                                            "authority", "licence", "removed_at", NULL};
static const struct layout badlist_layout = {"badlist", badlist_names, 0x1f};

static int badlist_row(void *state, store *s, const struct csv_field *f, size_t n, bool write,
                       struct row_error *e)
{
	(void)s, (void)write;
	struct state *st = state;
	int rc;
	if ((rc = row_start(st, n, e)))
		return rc;
	struct badlist_entry x = {0};
	if ((rc = day(st, f, "listed_at", true, &x.listed_on, e)) ||
	    (rc = day(st, f, "removed_at", false, &x.removed_on, e)) ||
	    (rc = authority(st, f, true, x.authority, e)))
		return rc;
	const char *list = cell(st, f, "list");
	if (!list || badlist_parse(list, strlen(list), &x.list))
		return bad(st, e, "list", "“%.*s”不是名单（应为不良名单或失信名单）",
		           UTF8_AT_MOST(list ? list : "", 40));
	x.enterprise.name = cell(st, f, "enterprise");
	x.enterprise.licence_no = cell(st, f, "licence");
	x.reason = cell(st, f, "reason");
	struct record_error err;
	return outcome(st, supervision_badlist_record(&st->ctx, &x, &st->arena, &err), &err, e);
}

static void *badlist_open(store *s, const struct reference *ref, int64_t batch, const char *path)
{
	return open_state(&badlist_layout, s, ref, batch, path);
}

const struct import_kind import_badlist_kind = {"badlist", header, badlist_row, badlist_open,
                                                close_state};

/* ---- inspections ------------------------------------------------------------------------------ */

static const char *const inspection_names[] = {"inspected_at", "authority", "enterprise", "topic",
                                               "kind", "finding", "licence", NULL};
static const struct layout inspection_layout = {"inspections", inspection_names, 0x3f};

static int inspection_row(void *state, store *s, const struct csv_field *f, size_t n, bool write,
                          struct row_error *e)
{
	(void)s, (void)write;
	struct state *st = state;
	int rc;
	if ((rc = row_start(st, n, e)))
		return rc;
	struct inspection x = {0};
	if ((rc = day(st, f, "inspected_at", true, &x.inspected_on, e)) ||
	    (rc = authority(st, f, true, x.authority, e)))
		return rc;
	const char *kind = cell(st, f, "kind");
	if (!kind || inspection_kind_parse(kind, strlen(kind), &x.kind))
		return bad(st, e, "kind", "“%.*s”不是检查方式（应为实地检查、明察暗访或专项检查）",
		           UTF8_AT_MOST(kind ? kind : "", 40));
	x.topic = cell(st, f, "topic");
	if (!x.topic)
		return bad(st, e, "topic", "请填写问题类别（如不正当竞争）");
	x.enterprise.name = cell(st, f, "enterprise");
	x.enterprise.licence_no = cell(st, f, "licence");
	x.finding = cell(st, f, "finding");
	struct record_error err;
	return outcome(st, supervision_inspection_record(&st->ctx, &x, &st->arena, &err), &err, e);
}

static void *inspection_open(store *s, const struct reference *ref, int64_t batch,
                             const char *path)
{
	return open_state(&inspection_layout, s, ref, batch, path);
}

const struct import_kind import_inspections_kind = {"inspections", header, inspection_row,
                                                    inspection_open, close_state};

/* ---- app testing batches ---------------------------------------------------------------------- */

static const char *const app_test_names[] = {"tested_at", "store", "apps_tested", "authority",
                                             NULL};
static const struct layout app_test_layout = {"app-tests", app_test_names, 0x7};

static int app_test_row(void *state, store *s, const struct csv_field *f, size_t n, bool write,
                        struct row_error *e)
{
	(void)s, (void)write;
	struct state *st = state;
	int rc;
	if ((rc = row_start(st, n, e)))
		return rc;
	struct app_test_batch x = {0};
	if ((rc = day(st, f, "tested_at", true, &x.tested_on, e)) ||
	    (rc = authority(st, f, false, x.authority, e)))
		return rc;
	x.app_store = cell(st, f, "store");
	const char *count = cell(st, f, "apps_tested");
	bool ok;
	x.apps_tested = whole(count, &ok);
	if (!ok)
		return bad(st, e, "apps_tested", "“%.*s”不是检测应用数（正整数）",
		           UTF8_AT_MOST(count ? count : "", 40));
	struct record_error err;
	return outcome(st, supervision_app_test_record(&st->ctx, &x, &st->arena, &err), &err, e);
}

static void *app_test_open(store *s, const struct reference *ref, int64_t batch, const char *path)
{
	return open_state(&app_test_layout, s, ref, batch, path);
}

const struct import_kind import_app_tests_kind = {"app-tests", header, app_test_row,
                                                  app_test_open, close_state};

/* ---- the app pipeline in bulk ------------------------------------------------------------------- */

static const char *const app_action_names[] = {"at", "package", "app_name", "store", "action",
                                               "deadline", "problem", NULL};
static const struct layout app_action_layout = {"app-actions", app_action_names, 0x1f};

static int app_action_row(void *state, store *s, const struct csv_field *f, size_t n, bool write,
                          struct row_error *e)
{
	(void)s, (void)write;
	struct state *st = state;
	int rc;
	if ((rc = row_start(st, n, e)))
		return rc;
	struct app_step x = {.expected_version = -1};
	if ((rc = day(st, f, "at", true, &x.day, e)) ||
	    (rc = day(st, f, "deadline", false, &x.deadline, e)))
		return rc;
	const char *act = cell(st, f, "action");
	if (!act || app_action_parse(act, strlen(act), &x.action))
		return bad(st, e, "action", "“%.*s”不是操作（应为notify、name、rectify或remove）",
		           UTF8_AT_MOST(act ? act : "", 40));
	if (x.action == APP_NOTIFY && !x.deadline)
		return bad(st, e, "deadline", "通知整改须在deadline列给出整改期限（如2020-11-15）");
	x.package = cell(st, f, "package");
	x.name = cell(st, f, "app_name");
	if (!x.name)
		return bad(st, e, "app_name", "请填写应用名称");
	x.app_store = cell(st, f, "store");
	x.problem = cell(st, f, "problem");
	struct app_record app;
	struct record_error err;
	return outcome(st, supervision_app_action(&st->ctx, &x, &st->arena, &app, &err), &err, e);
}

static void *app_action_open(store *s, const struct reference *ref, int64_t batch,
                             const char *path)
{
	return open_state(&app_action_layout, s, ref, batch, path);
}

const struct import_kind import_app_actions_kind = {"app-actions", header, app_action_row,
                                                    app_action_open, close_state};

/* ---- equipment sampling ------------------------------------------------------------------------- */

static const char *const equipment_names[] = {"sampled_at", "manufacturer", "product", "model",
                                              "licence_no", "result", "problem", "authority",
                                              NULL};
static const struct layout equipment_layout = {"equipment", equipment_names, 0x3f};

static int equipment_row(void *state, store *s, const struct csv_field *f, size_t n, bool write,
                         struct row_error *e)
{
	(void)s, (void)write;
	struct state *st = state;
	int rc;
	if ((rc = row_start(st, n, e)))
		return rc;
	struct equipment_sample x = {0};
	if ((rc = day(st, f, "sampled_at", true, &x.sampled_on, e)) ||
	    (rc = authority(st, f, false, x.authority, e)))
		return rc;
	const char *result = cell(st, f, "result");
	if (!result || sample_result_parse(result, strlen(result), &x.passed))
		return bad(st, e, "result", "“%.*s”不是抽查结果（应为合格或不合格）",
		           UTF8_AT_MOST(result ? result : "", 40));
	x.manufacturer.name = cell(st, f, "manufacturer");
	x.product = cell(st, f, "product");
	x.model = cell(st, f, "model");
	x.licence_no = cell(st, f, "licence_no");
	x.problem = cell(st, f, "problem");
	struct record_error err;
	return outcome(st, supervision_equipment_record(&st->ctx, &x, &st->arena, &err), &err, e);
}

static void *equipment_open(store *s, const struct reference *ref, int64_t batch,
                            const char *path)
{
	return open_state(&equipment_layout, s, ref, batch, path);
}

const struct import_kind import_equipment_kind = {"equipment", header, equipment_row,
                                                  equipment_open, close_state};
