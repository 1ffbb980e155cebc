#include "app/notice_publish.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/notice_data.h"
#include "app/supervision.h"
#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"
#include "render/render.h"


int64_t notice_event_id(const struct period *p)
{
	return (int64_t)p->year * 10 + p->index;
}

static int event(const struct notice_desk *d, const struct period *p, const char *action,
                 json_t *detail)
{
	struct supervision_ctx c = {.s = d->s, .ref = d->ref, .who = d->who, .os_user = d->os_user,
	                            .today = d->today, .now = d->now};
	return supervision_event(&c, "notice", notice_event_id(p), action, detail);
}

static int may_edit(const struct notice_desk *d, struct record_error *err)
{
	if (d->who && !publication_may_edit(d->who))
		return record_fail(err, SH_EFORBIDDEN, NULL, "通告由工业和信息化部的监管人员编辑和发布");
	return 0;
}

/* ---- the ministry's text -------------------------------------------------------------------- */

struct text_job {
	const struct notice_desk *d;
	const struct period *p;
	enum notice_section section;
	const char *body;
	int expected;
	struct record_error *err;
};

static int write_text(store *s, void *arg)
{
	struct text_job *j = arg;
	char key[16];
	period_format(j->p, key, sizeof key);
	int expected = j->expected;
	if (expected < 0) {
		struct arena a;
		arena_init(&a, 0);
		struct notice_stored_text texts[NOTICE_SECTION_COUNT];
		int rc = store_notice_texts(s, key, &a, texts);
		expected = texts[j->section].version;
		arena_free(&a);
		if (rc)
			return rc;
	}
	int rc = store_notice_text_put(s, key, j->section, j->body,
	                               j->d->who ? j->d->who->user_id : 0, j->d->now, expected);
	if (rc == SH_ECONFLICT)
		return record_fail(j->err, rc, "version", "这一部分已被他人修改，请刷新后再改");
	if (rc)
		return rc;
	return event(j->d, j->p, "text_edited",
	             json_pack("{s:s, s:s, s:I}", "section", notice_section_code(j->section),
	                       "label", notice_section_label(j->section), "characters",
	                       (json_int_t)utf8_chars(j->body, strlen(j->body))));
}

int notice_text_edit(const struct notice_desk *d, const struct period *p,
                     enum notice_section section, const char *body, int expected_version,
                     struct record_error *err)
{
	int rc = may_edit(d, err);
	if (rc)
		return rc;
	if ((unsigned)section >= NOTICE_SECTION_COUNT)
		return record_fail(err, SH_EINVAL, "section", "部分应为前言、一或四");
	if ((rc = notice_text_check(body, err)))
		return rc;
	struct text_job j = {d, p, section, body ? body : "", expected_version, err};
	return store_transaction(d->s, write_text, &j);
}

/* ---- rendering ---------------------------------------------------------------------------------- */

static int (*const renderers[NOTICE_FORMATS])(const struct notice *, FILE *) = {
	render_markdown, render_html, render_pdf, render_xlsx,
};

int notice_format_parse(const char *name)
{
	static const char *const names[NOTICE_FORMATS] = {"md", "html", "pdf", "xlsx"};
	for (int f = 0; name && f < NOTICE_FORMATS; f++)
		if (strcmp(name, names[f]) == 0)
			return f;
	return -1;
}

int notice_render(const struct notice *n, int format, struct arena *a, const char **data,
                  size_t *len)
{
	if (format < 0 || format >= NOTICE_FORMATS)
		return SH_EINVAL;
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	if (!f)
		return SH_EIO;
	int rc = renderers[format](n, f);
	if (fclose(f) != 0 && rc == 0)
		rc = SH_EIO;
	if (rc == 0) {
		char *copy = arena_alloc(a, size + 1);
		memcpy(copy, buf, size);
		copy[size] = '\0';
		*data = copy;
		*len = size;
	}
	free(buf);
	return rc;
}

static int load(const struct notice_desk *d, const struct period *p,
                const struct notice_publication *pub, struct arena *a, struct notice **out)
{
	struct notice *n = arena_alloc(a, sizeof *n);
	int rc = notice_load(d->s, d->ref, p, NULL, a, n);
	if (rc)
		return rc;
	if (pub)
		n->publication = *pub;
	*out = n;
	return 0;
}

int notice_render_all(const struct notice_desk *d, const struct period *p,
                      const struct notice_publication *pub, struct arena *a,
                      struct publication_docs *out)
{
	struct notice *n;
	int rc = load(d, p, pub, a, &n);
	for (int f = 0; rc == 0 && f < NOTICE_FORMATS; f++)
		rc = notice_render(n, f, a, &out->data[f], &out->len[f]);
	return rc;
}

/* ---- publishing ---------------------------------------------------------------------------------- */

/* The quarter's latest published revision and its pending request (either
 * NULL when there is none), from its list in a. */
static int state_of(const struct notice_desk *d, const struct period *p, struct arena *a,
                    struct publication **published, struct publication **pending)
{
	char key[16];
	period_format(p, key, sizeof key);
	struct publication *list;
	size_t n;
	int rc = store_publication_list(d->s, key, a, &list, &n);
	if (rc)
		return rc;
	*published = *pending = NULL;
	for (size_t i = 0; i < n; i++) { /* newest first */
		if (list[i].state == PUBLICATION_PUBLISHED && !*published)
			*published = &list[i];
		if (list[i].state == PUBLICATION_PENDING && !*pending)
			*pending = &list[i];
	}
	return 0;
}

static json_t *publication_json_detail(const struct publication *p)
{
	char day[SH_DATE_LEN + 1];
	date_format(p->published_on, day);
	return json_pack("{s:I, s:i, s:i, s:i, s:s, s:s, s:s?}", "id", (json_int_t)p->id, "revision",
	                 p->revision, "year", p->year, "number", p->number, "doc_no", p->doc_no,
	                 "date", day, "reason", p->reason);
}

/* A publication stored, or a request decided, with its event: together. */
struct publication_job {
	const struct notice_desk *d;
	const struct period *p;
	struct publication *row;
	const struct publication_docs *docs; /* NULL: deciding row->id */
	enum publication_state to;
};

static int write_publication(store *s, void *arg)
{
	struct publication_job *j = arg;
	const struct notice_desk *d = j->d;
	int rc;
	if (j->docs)
		rc = store_publication_add(s, j->row, j->docs);
	else
		rc = store_publication_decide(s, j->row->id, j->to, d->who->user_id, d->now);
	if (rc)
		return rc;
	const char *action = j->docs ? (d->who ? "publication_requested" : "published")
	                     : j->to == PUBLICATION_PUBLISHED ? "publication_approved"
	                                                      : "publication_rejected";
	return event(d, j->p, action, publication_json_detail(j->row));
}

int notice_publish(const struct notice_desk *d, const struct period *p, const char *doc_no,
                   int32_t date, const char *reason, struct arena *a, struct publication *out,
                   struct record_error *err)
{
	int rc = may_edit(d, err);
	if (rc)
		return rc;
	struct publication *published, *pending;
	if ((rc = state_of(d, p, a, &published, &pending)))
		return rc;
	if (pending)
		return record_fail(err, SH_ECONFLICT, NULL,
		            "本季度已有待审核的发布申请（第%d版，文号%s），请先审核或撤回", pending->revision,
		            pending->doc_no);
	if ((rc = publication_check(p, doc_no, date, d->today, published != NULL, reason, err)))
		return rc;
	int y, m, dd;
	date_to_ymd(date, &y, &m, &dd);
	struct notice_publication pub = {.revision = published ? published->revision + 1 : 1,
	                                 .date = date};
	if (published) {
		pub.year = published->year;
		pub.number = published->number;
	} else {
		int max;
		if ((rc = store_publication_max_number(d->s, y, &max)))
			return rc;
		pub.year = y;
		pub.number = max + 1;
	}
	snprintf(pub.doc_no, sizeof pub.doc_no, "%s", doc_no);
	snprintf(pub.reason, sizeof pub.reason, "%s", reason && published ? reason : "");
	struct publication_docs docs;
	if ((rc = notice_render_all(d, p, &pub, a, &docs)))
		return rc;
	struct publication row = {
		.revision = pub.revision, .year = pub.year, .number = pub.number,
		.doc_no = arena_strdup(a, doc_no), .published_on = date,
		.reason = pub.reason[0] ? arena_strdup(a, pub.reason) : NULL,
		.state = d->who ? PUBLICATION_PENDING : PUBLICATION_PUBLISHED,
		.requested_by = d->who ? d->who->user_id : 0, .requested_at = d->now,
		.decided_at = d->who ? 0 : d->now, .via = d->who ? "api" : "cli",
	};
	period_format(p, row.period, sizeof row.period);
	struct publication_job j = {d, p, &row, &docs, row.state};
	if ((rc = store_transaction(d->s, write_publication, &j)) == SH_ECONFLICT)
		return record_fail(err, rc, NULL, "通告编号%d年第%d号或第%d版已被占用，请重试", row.year,
		            row.number, row.revision);
	if (rc == 0)
		*out = row;
	return rc;
}

int notice_decide(const struct notice_desk *d, const struct period *p, int64_t id, bool approve,
                  struct arena *a, struct publication *out, struct record_error *err)
{
	struct publication *published, *pending;
	int rc = state_of(d, p, a, &published, &pending);
	if (rc)
		return rc;
	if (!pending || pending->id != id)
		return record_fail(err, SH_ECONFLICT, "id", "本季度没有编号为%lld的待审核发布申请",
		            (long long)id);
	if (!d->who || !publication_may_decide(d->who, pending->requested_by, approve))
		return record_fail(err, SH_EFORBIDDEN, NULL,
		            approve && d->who && d->who->user_id == pending->requested_by
		                ? "发布申请须由另一名工业和信息化部监管人员审核（不能审核自己的申请）"
		                : "发布申请由工业和信息化部的监管人员审核");
	enum publication_state to = approve ? PUBLICATION_PUBLISHED : PUBLICATION_REJECTED;
	struct publication_job j = {d, p, pending, NULL, to};
	if ((rc = store_transaction(d->s, write_publication, &j)) == SH_ECONFLICT)
		return record_fail(err, rc, "id", "该申请已被他人处理，请刷新");
	if (rc)
		return rc;
	pending->state = to;
	pending->decided_by = d->who->user_id;
	pending->decided_at = d->now;
	*out = *pending;
	return 0;
}

int notice_document(const struct notice_desk *d, const struct period *p, enum notice_which which,
                    int revision, int format, struct arena *a, const char **data, size_t *len,
                    struct publication *pub)
{
	if (format < 0 || format >= NOTICE_FORMATS)
		return SH_EINVAL;
	const struct publication *chosen = NULL;
	if (which != NOTICE_DRAFT) {
		char key[16];
		period_format(p, key, sizeof key);
		struct publication *list;
		size_t n;
		int rc = store_publication_list(d->s, key, a, &list, &n);
		if (rc)
			return rc;
		for (size_t i = 0; i < n && !chosen; i++) {
			const struct publication *x = &list[i];
			if ((which == NOTICE_CURRENT && x->state == PUBLICATION_PUBLISHED) ||
			    (which == NOTICE_REVISION && x->state == PUBLICATION_PUBLISHED &&
			     x->revision == revision) ||
			    (which == NOTICE_PENDING && x->state == PUBLICATION_PENDING))
				chosen = x;
		}
		if (!chosen && which != NOTICE_CURRENT)
			return SH_ENOTFOUND;
	}
	if (pub)
		*pub = chosen ? *chosen : (struct publication){0};
	if (chosen)
		return store_publication_document(d->s, chosen->id, format, a, data, len);
	struct notice *n;
	int rc = load(d, p, NULL, a, &n);
	return rc ? rc : notice_render(n, format, a, data, len);
}
