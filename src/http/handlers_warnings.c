/* Early warnings (热点预警): a day's list for the regulator (and an agency,
 * its own province's series), and decisions on them. Translation only: the
 * model is domain/warning.c, the use case app/warnings.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/warnings.h"
#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"
#include "http/handlers.h"
#include "http/problem.h"

/* A series' band shown on its chart: 99% of days fall inside. */
#define BAND_TAIL 0.005

static double round2(double x)
{
	return round(x * 100) / 100;
}

/* The day asked for (default yesterday, the last complete day); never after
 * today. Responds on error. */
static int warning_day(struct request *req, const char *text, int32_t *out)
{
	int32_t today = date_today(), day = today - 1;
	if (text && date_parse(text, strlen(text), &day))
		return problem_respond_code(req, SH_EINVAL, "invalid_date",
		                            "日期无效（应为YYYY-MM-DD，如2026-05-10）");
	if (day > today)
		return problem_respond_code(req, SH_EINVAL, "invalid_date", "不能查看今天以后的预警");
	*out = day;
	return 0;
}

/* What the signed-in user may see: the query narrowed to the scope. */
static int scoped_query(struct request *req, int32_t day, bool keywords,
                        struct warnings_query *q)
{
	const struct actor *who = &req->user->actor;
	struct access_scope scope = access_scope_of(who);
	if (scope.nothing || scope.no_cases)
		return problem_respond_code(req, SH_EFORBIDDEN, "out_of_scope", "您的账号不能查看预警");
	*q = (struct warnings_query){
		.day = day,
		.province = scope.province,
		.complaints_only = who->role != ROLE_REGULATOR,
		.keywords = keywords,
	};
	return 0;
}

static int load(struct request *req, const struct warnings_query *q, struct warnings *w)
{
	store *s;
	const calendar *cal;
	int rc = request_store(req, &s);
	if (rc == 0)
		rc = request_calendar(req, &cal);
	if (rc == 0)
		rc = warnings_load(s, &request_shared(req)->ref, cal, q, &req->arena, w);
	return rc;
}

static json_t *title_json(struct request *req, const struct warnings *w, int32_t index)
{
	char key[SERIES_KEY_MAX], title[256];
	series_key_format(&w->set.items[index].key, key);
	warnings_title(&request_shared(req)->ref, &w->set.items[index].key, title, sizeof title);
	return json_pack("{s:s, s:s}", "series", key, "title", title);
}

static json_t *instant_json(int64_t t)
{
	char buf[SH_DATETIME_LEN + 1];
	datetime_format(t, SH_BEIJING_OFFSET, buf);
	return json_string(buf);
}

static json_t *decision_json(const struct warning_decision_record *d)
{
	if (!d)
		return json_null();
	return json_pack("{s:s, s:s, s:s?, s:s, s:o, s:i, s:I, s:f, s:f}", "decision",
	                 warning_decision_code(d->decision), "label",
	                 warning_decision_label(d->decision), "note", d->note, "by",
	                 d->user_name ? d->user_name : "", "at", instant_json(d->decided_at),
	                 "window_days", d->window, "observed", (json_int_t)d->observed, "expected",
	                 round2(d->expected), "surprise", round2(d->surprise));
}

/* The filters of GET /api/cases that list the complaints behind a series. */
static json_t *cases_json(struct request *req, const struct series_key *k, int32_t from,
                          int32_t to)
{
	const struct reference *ref = &request_shared(req)->ref;
	if (k->source != SERIES_COMPLAINTS)
		return json_null();
	const struct enterprise *e = reference_enterprise_id(ref, k->operator_id);
	const struct category *c = reference_category_id(ref, k->category_id);
	json_t *o = json_pack("{s:s?, s:s?, s:o, s:o}", "enterprise", e ? e->name : NULL,
	                      "category", c ? c->name : NULL, "received_from", json_date(from),
	                      "received_to", json_date(to));
	if (k->level == SERIES_PROVINCE_SUBTOPIC)
		json_object_set_new(o, "province", json_string(k->province));
	for (size_t i = 0; k->level != SERIES_OPERATOR_CLASS && i < ref->nsubtopics; i++)
		if (ref->subtopics[i].id == k->subtopic_id)
			json_object_set_new(o, "subtopic", json_string(ref->subtopics[i].name));
	/* the class's complaints without a sub-topic: the list has no such filter */
	if (k->level != SERIES_OPERATOR_CLASS && k->subtopic_id == 0)
		json_object_set_new(o, "no_subtopic", json_true());
	return o;
}

static json_t *item_json(struct request *req, const struct warnings *w,
                         const struct warning_item *it)
{
	const struct reference *ref = &request_shared(req)->ref;
	const struct series *s = &w->set.items[it->index];
	const struct warning_result *r = &w->results[it->index];
	const struct series_key *k = &s->key;
	int win = r->window > 0 ? r->window : 1;
	double obs = r->fit.observed[win - 1], exp = r->fit.expected[win - 1];
	json_t *o = title_json(req, w, it->index);
	const struct enterprise *e = k->operator_id ? reference_enterprise_id(ref, k->operator_id)
	                                            : NULL;
	const struct province *p = k->level == SERIES_PROVINCE_SUBTOPIC
	                           ? reference_province_code(ref, k->province) : NULL;
	json_object_update_new(
		o, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:{s:i, s:o, s:o}, s:I, s:f, s:o, s:f}",
	                 "source", series_source_code(k->source), "source_label",
	                 series_source_label(k->source), "level", series_level_code(k->level),
	                 "status", it->status == WARNING_PART_OF ? "part_of" : "reported",
	                 "operator", e ? json_pack("{s:I, s:s}", "id", (json_int_t)e->id, "name", e->name)
	                               : json_null(),
	                 "province", p ? json_pack("{s:s, s:s}", "code", p->code, "name", p->name)
	                               : json_null(),
	                 "window", "days", win, "from", json_date(w->day - win + 1), "to",
	                 json_date(w->day), "observed", (json_int_t)llround(obs), "expected",
	                 round2(exp), "ratio", exp > 0 ? json_real(round2(obs / exp)) : json_null(),
	                 "surprise", round2(r->surprise)));
	json_object_set_new(o, "part_of",
	                    it->status == WARNING_PART_OF ? title_json(req, w, r->related) : json_null());
	json_t *contrib = json_array();
	for (int c = 0; c < WARNINGS_CONTRIBUTORS && it->contributors[c] >= 0; c++) {
		const struct warning_fit *f = &w->results[it->contributors[c]].fit;
		json_t *x = title_json(req, w, it->contributors[c]);
		json_object_set_new(x, "observed", json_integer(llround(f->observed[win - 1])));
		json_object_set_new(x, "expected", json_real(round2(f->expected[win - 1])));
		json_array_append_new(contrib, x);
	}
	json_object_set_new(o, "contributors", contrib);
	json_t *kw = json_array();
	for (size_t i = 0; i < it->nkeywords; i++)
		json_array_append_new(kw, json_pack("{s:s, s:i, s:i}", "text", it->keywords[i].text,
		                                    "recent", it->keywords[i].recent, "history",
		                                    it->keywords[i].history));
	json_object_set_new(o, "keywords", kw);
	json_t *hist = json_array();
	for (int d = 0; d < w->set.ndays; d++) {
		double expected;
		int64_t lo, hi;
		warning_day_band(&r->fit, w->classes[d], BAND_TAIL, &expected, &lo, &hi);
		json_array_append_new(hist, json_pack("{s:o, s:i, s:f, s:I, s:I}", "date",
		                                      json_date(w->set.first_day + d), "count",
		                                      s->counts[d], "expected", round2(expected),
		                                      "low", (json_int_t)lo, "high", (json_int_t)hi));
	}
	json_object_set_new(o, "history", hist);
	json_object_set_new(o, "baseline",
	                    json_pack("{s:o, s:o}", "from",
	                              json_date(w->day - w->params.gap_days -
	                                        w->params.baseline_days + 1),
	                              "to", json_date(w->day - w->params.gap_days)));
	json_object_set_new(o, "cases", cases_json(req, k, w->day - win + 1, w->day));
	json_object_set_new(o, "decision", decision_json(it->decision));
	return o;
}

int handle_warnings(struct request *req)
{
	int32_t day = 0; /* set by warning_day on success (gcc -O3 cannot see it) */
	struct warnings_query q;
	struct warnings w;
	int rc = warning_day(req, request_query(req, "date"), &day);
	if (rc || (rc = scoped_query(req, day, true, &q)) || (rc = load(req, &q, &w)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < w.n; i++)
		json_array_append_new(items, item_json(req, &w, &w.items[i]));
	const struct warning_params *p = &w.params;
	json_t *o = json_pack(
		"{s:o, s:o, s:s?, s:I, s:I, s:{s:i, s:i, s:f, s:f, s:f}, s:{s:f, s:f}, s:o}", "date",
		json_date(day), "latest_complete_day", json_date(date_today() - 1), "province",
		q.province, "series", (json_int_t)w.set.n, "tested", (json_int_t)w.tested, "model",
		"baseline_days", p->baseline_days, "max_window", p->max_window, "alpha", p->alpha,
		"min_excess", p->min_excess, "min_ratio", p->min_ratio, "timing_ms", "detection",
		round2(w.detect_ms), "keywords", round2(w.keywords_ms), "items", items);
	warnings_free(&w);
	return respond_json(req, 200, o);
}

int handle_warning_decide(struct request *req)
{
	json_t *body;
	int32_t day = 0;
	int rc = request_json(req, &body);
	if (rc || (rc = warning_day(req, req->params[0], &day)))
		return rc;
	const char *code = json_member(body, "decision"), *note = json_member(body, "note");
	enum warning_decision d;
	if (!code || warning_decision_parse(code, strlen(code), &d))
		return problem_respond_code(req, SH_EINVAL, "invalid_fields",
		                            "decision应为acknowledged（确认）或dismissed（排除）");
	if (note && (!utf8_valid(note, strlen(note)) || utf8_chars(note, strlen(note)) > WARNING_NOTE_MAX))
		return problem_respond_code(req, SH_EINVAL, "invalid_fields", "说明不能超过%d字",
		                            WARNING_NOTE_MAX);
	if (note && utf8_is_blank(note, strlen(note)))
		note = NULL;
	if (!note && warning_decision_needs_note(d))
		return problem_respond_code(req, SH_EINVAL, "note_required", "排除预警时请说明原因");
	struct warnings_query q;
	struct warnings w;
	if ((rc = scoped_query(req, day, false, &q)) || (rc = load(req, &q, &w)))
		return rc;
	const struct warning_item *it = warnings_find(&w, req->params[1]);
	if (!it) {
		warnings_free(&w);
		return problem_respond_code(req, SH_ENOTFOUND, "not_a_warning",
		                            "该日期没有这条预警（或不在您的查看范围内）");
	}
	const struct warning_result *r = &w.results[it->index];
	struct warning_decision_record rec = {
		.day = day,
		.decision = d,
		.note = note,
		.user_id = req->user->id,
		.user_name = req->user->name,
		.decided_at = date_now(),
		.window = r->window,
		.observed = llround(r->fit.observed[r->window - 1]),
		.expected = r->fit.expected[r->window - 1],
		.surprise = r->surprise,
	};
	memcpy(rec.series, it->key, sizeof rec.series);
	warnings_free(&w);
	store *s;
	if ((rc = request_store(req, &s)) || (rc = store_warning_decide(s, &rec)))
		return problem_respond(req, rc, "处理结果未能保存，请稍后重试");
	json_t *o = decision_json(&rec);
	json_object_set_new(o, "series", json_string(rec.series));
	json_object_set_new(o, "date", json_date(day));
	return respond_json(req, 201, o);
}
