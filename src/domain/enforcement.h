/* The regulator's records (监管执法): enforcement actions against
 * enterprises, the bad-record lists, inspections, app technical testing and
 * equipment sampling after licensing; their vocabularies (measures, the
 * versioned topic list, inspection kinds, lists) and the rules a record must
 * satisfy. No I/O: the store keeps the records, src/app/supervision.c
 * records them, src/domain/supervision.c counts them for the notice. */
#ifndef SHENSU_DOMAIN_ENFORCEMENT_H
#define SHENSU_DOMAIN_ENFORCEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "domain/licence.h"

/* ---- measures -------------------------------------------------------------------- */

enum measure {
	MEASURE_PENALTY,       /* 行政处罚: needs the decision's document number */
	MEASURE_RECTIFICATION, /* 责令整改通知 */
	MEASURE_CRITICISM,     /* 通报批评 */
	MEASURE_INTERVIEW,     /* 约谈提醒 */
	MEASURE_COUNT,
};
const char *measure_code(enum measure m);  /* "penalty" */
const char *measure_label(enum measure m); /* "行政处罚" */
/* Code, label or short form (责令整改, 约谈). 0 or SH_EINVAL. */
int measure_parse(const char *s, size_t len, enum measure *out);
/* Whether the notice says the measure was issued (下达): a penalty or a
 * rectification order, as opposed to a criticism or an interview. */
bool measure_issued(enum measure m);

/* ---- topics: a versioned reference list (data/supervision_topics.csv) ------------ */

struct topic {
	const char *code;              /* "number_portability" */
	const char *name;              /* "携号转网" */
	const char *phrase;            /* the notice's "对存在携号转网服务问题的企业" */
	const char *inspection_phrase; /* "不正当竞争行为实地检查" */
	const char *paragraph;         /* a paragraph of its own in section 三 for criticisms
	                                  ("加强电信网络诈骗防范治理"), or NULL */
	int32_t valid_from, valid_to;  /* days; DATE_OPEN_START / DATE_OPEN_END when open */
};

struct topic_list {
	struct topic *items;
	size_t n;
	struct arena arena; /* owns items and their strings */
};

/* Reads the topic list from its CSV text (header code,name,phrase,
 * inspection_phrase,paragraph,valid_from,valid_to; empty dates are open). 0,
 * or SH_EINVAL with the reason in err. Free with topic_list_free. Codes are
 * never removed from the list: a topic that ends gets a valid_to. */
int topic_list_parse(const char *csv, size_t len, struct topic_list *out, char *err,
                     size_t errlen);
void topic_list_free(struct topic_list *l); /* NULL-safe */
/* The list compiled into the binary (parsed once; never freed). NULL only
 * when the build lacks a valid data/supervision_topics.csv. */
const struct topic_list *topics_builtin(void);
/* By code or name, valid on day. */
const struct topic *topic_on(const struct topic_list *l, const char *s, size_t len, int32_t day);
/* By code or name, whatever its validity (to say why it does not apply). */
const struct topic *topic_any(const struct topic_list *l, const char *s, size_t len);
/* Position of the topic with this code in the list, or -1. */
int topic_index(const struct topic_list *l, const char *code);

/* ---- inspections, lists, sampling results ----------------------------------------- */

enum inspection_kind {
	INSPECTION_ON_SITE,     /* 实地检查 */
	INSPECTION_UNANNOUNCED, /* 明察暗访 */
	INSPECTION_SPECIAL,     /* 专项检查 */
	INSPECTION_KIND_COUNT,
};
const char *inspection_kind_code(enum inspection_kind k);
const char *inspection_kind_label(enum inspection_kind k);
int inspection_kind_parse(const char *s, size_t len, enum inspection_kind *out);

enum badlist_kind {
	BADLIST_BAD_RECORD, /* 电信业务经营不良名单 */
	BADLIST_DISCREDIT,  /* 电信业务经营失信名单 */
	BADLIST_KIND_COUNT,
};
const char *badlist_code(enum badlist_kind k);
const char *badlist_label(enum badlist_kind k);     /* 不良名单 */
const char *badlist_full_name(enum badlist_kind k); /* 电信业务经营不良名单 */
/* Code, short label (不良名单) or full name. */
int badlist_parse(const char *s, size_t len, enum badlist_kind *out);

/* 合格 / 不合格 (also pass / fail). 0 or SH_EINVAL. */
int sample_result_parse(const char *s, size_t len, bool *passed);

/* What may link an action to its grounds. */
enum evidence_kind {
	EVIDENCE_COMPLAINT,  /* a case number */
	EVIDENCE_REPORT,     /* a 12321 report id */
	EVIDENCE_INSPECTION, /* an inspection id */
	EVIDENCE_KIND_COUNT,
};
const char *evidence_kind_code(enum evidence_kind k);
int evidence_kind_parse(const char *s, size_t len, enum evidence_kind *out);

/* ---- the records ------------------------------------------------------------------ */

#define ENFORCEMENT_MAX_PARTIES 200
#define ENFORCEMENT_MAX_EVIDENCE 50
#define SUPERVISION_TEXT_MAX 2000  /* characters of a description or finding */
#define SUPERVISION_SHORT_MAX 100  /* characters of a document number, reason, product … */
#define NO_AMOUNT (-1)

/* Who made a record, and when it last changed (filled by the store). */
struct record_stamp {
	int64_t created_at, updated_at;
	int64_t batch_id; /* the import it came from, 0 when entered */
	int version;
};

struct enforcement_evidence {
	enum evidence_kind kind;
	const char *ref; /* "44-2020-000123", a report or inspection id */
};

/* An enforcement action (件次), naming one or more enterprises (家次). */
struct enforcement_action {
	int64_t id;
	int32_t decided_on;
	char authority[3];           /* "00" the ministry, or a province */
	enum measure measure;
	const char *topic;           /* a topic code */
	const char *document_no;     /* NULL when none */
	int64_t amount_yuan;         /* a fine, NO_AMOUNT when none */
	const char *description;     /* NULL when none */
	struct licensee *parties;    /* in the order given */
	size_t nparties;
	struct enforcement_evidence *evidence;
	size_t nevidence;
	struct record_stamp stamp;
};

/* An entry on a bad-record list (电信业务经营不良名单 / 失信名单). */
struct badlist_entry {
	int64_t id;
	struct licensee enterprise;
	enum badlist_kind list;
	int32_t listed_on;
	const char *reason;  /* 行政处罚 … */
	int64_t action_id;   /* the action that led to it, 0 when none */
	char authority[3];
	int32_t removed_on;  /* 0 while listed */
	struct record_stamp stamp;
};

/* An inspection (实地检查, 明察暗访, 专项检查) of one enterprise. */
struct inspection {
	int64_t id;
	int32_t inspected_on;
	char authority[3];
	struct licensee enterprise;
	const char *topic;
	enum inspection_kind kind;
	const char *finding;
	int64_t action_id;   /* the action that resulted, 0 when none */
	struct record_stamp stamp;
};

/* A batch of apps put through technical testing in one app store. */
struct app_test_batch {
	int64_t id;
	int32_t tested_on;
	char authority[3];
	const char *app_store;
	int64_t apps_tested;
	struct record_stamp stamp;
};

/* One product sampled after licensing (证后监督). */
struct equipment_sample {
	int64_t id;
	int32_t sampled_on;
	char authority[3];
	struct licensee manufacturer;
	const char *product;    /* 光网络终端 */
	const char *model;
	const char *licence_no; /* the network-access licence (进网许可证) */
	bool passed;
	const char *problem;    /* what failed, NULL when passed */
	struct record_stamp stamp;
};

/* A rule a record breaks: the field (the CSV column and JSON member name)
 * and a Chinese sentence naming the value and what is expected. */
struct record_error {
	const char *field;
	char message[384];
};
/* Names the field and formats the message into err (cut at a whole
 * character), and returns rc: how a check says what is wrong. */
__attribute__((format(printf, 4, 5))) int record_fail(struct record_error *err, int rc,
                                                      const char *field, const char *fmt, ...);

/* The record checks. Each returns 0, or SH_EINVAL with err filled (the
 * first rule broken). today bounds the dates (nothing in the future);
 * topics are looked up valid on the record's date. Enterprises are checked
 * by name here; the registry (src/app/supervision.c) resolves them. */
int enforcement_check(const struct enforcement_action *a, const struct topic_list *topics,
                      int32_t today, struct record_error *err);
int badlist_check(const struct badlist_entry *e, int32_t today, struct record_error *err);
int inspection_check(const struct inspection *i, const struct topic_list *topics, int32_t today,
                     struct record_error *err);
int app_test_check(const struct app_test_batch *b, int32_t today, struct record_error *err);
int equipment_check(const struct equipment_sample *s, int32_t today, struct record_error *err);

/* Checks free text of a record: optional (NULL or blank allowed) unless
 * required, at most max characters, valid UTF-8. */
int record_text_check(const char *field, const char *label, const char *s, bool required,
                      size_t max, struct record_error *err);

#endif
