/* Fuzz harness for the complaint import rows (domain/complaint_row.c): the
 * input is read as CSV; its first record is the header when it parses as one
 * (else the export's header is used and it is a data row). For every row:
 *  - refused: a reason that is non-empty, valid UTF-8, and a column within the
 *    row (0 for the whole row) named as the header names it;
 *  - accepted: nothing received or closed after `now`, closed after received,
 *    a final state when closed, the reference's own province, group and a
 *    class valid on the day received; and written back in the export's
 *    columns, as GET /api/cases.csv fills them, the row reads back the same.
 * Built by meson as a corpus replayer (replay.c); see README.md for clang. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"
#include "domain/complaint_row.h"
#include "fuzz.h"

/* 2024-10-04 12:00 Beijing time. */
static const int64_t now = 20000 * INT64_C(86400) - 8 * 3600 + 12 * 3600;

static void check_refusal(const struct row_error *e, size_t n)
{
	CHECK(e->code == SH_EINVAL || e->code == SH_ETOOLARGE || e->code == SH_EENCODING);
	CHECK(e->message[0] != '\0');
	CHECK(utf8_valid(e->message, strlen(e->message)));
	CHECK(e->column <= n);
	CHECK(e->name != NULL);
}

/* The accepted row c, written in the export's columns, reads back as c. */
static void check_round_trip(const struct reference *ref, const struct complaint *c)
{
	static struct complaint_header h;
	static bool have;
	if (!have) {
		struct csv_field f[COMPLAINT_COLUMN_COUNT];
		for (int i = 0; i < COMPLAINT_COLUMN_COUNT; i++)
			f[i] = (struct csv_field){complaint_column_names[i],
			                          strlen(complaint_column_names[i])};
		struct row_error e;
		CHECK(complaint_header_parse(&h, f, COMPLAINT_COLUMN_COUNT, &e) == 0);
		have = true;
	}
	char received[SH_DATETIME_LEN + 1], closed[SH_DATETIME_LEN + 1] = "";
	datetime_format(c->received_at, SH_BEIJING_OFFSET, received);
	if (c->closed_at != NO_INSTANT)
		datetime_format(c->closed_at, SH_BEIJING_OFFSET, closed);
	const struct enterprise *e = reference_enterprise_id(ref, c->enterprise_id);
	const struct category *cat = reference_category_id(ref, c->category_id);
	const char *sub = "";
	for (size_t k = 0; c->subtopic_id && k < ref->nsubtopics; k++)
		if (ref->subtopics[k].id == c->subtopic_id)
			sub = ref->subtopics[k].name;
	const char *state = complaint_state_code(c->state);
	struct csv_field row[COMPLAINT_COLUMN_COUNT] = {
	    [COLUMN_RECEIVED_AT] = {received, strlen(received)},
	    [COLUMN_PROVINCE] = {c->province, strlen(c->province)},
	    [COLUMN_ENTERPRISE] = {e->name, strlen(e->name)},
	    [COLUMN_CATEGORY] = {cat->name, strlen(cat->name)},
	    [COLUMN_SUBTOPIC] = {sub, strlen(sub)},
	    [COLUMN_STATUS] = {state, strlen(state)},
	    [COLUMN_CLOSED_AT] = {closed, strlen(closed)},
	    [COLUMN_DESCRIPTION] = {c->description, c->description_len},
	};
	struct complaint back;
	struct row_error err;
	CHECK(complaint_row_parse(&h, ref, now, row, COMPLAINT_COLUMN_COUNT, &back, &err) == 0);
	CHECK(back.received_at == c->received_at && back.closed_at == c->closed_at);
	CHECK(strcmp(back.province, c->province) == 0);
	CHECK(back.enterprise_id == c->enterprise_id && back.category_id == c->category_id);
	CHECK(back.subtopic_id == c->subtopic_id && back.state == c->state);
	CHECK(back.description_len == c->description_len);
}

static void check_accepted(const struct reference *ref, const struct complaint *c)
{
	CHECK(c->received_at <= now);
	if (c->closed_at != NO_INSTANT) {
		CHECK(c->closed_at <= now && c->closed_at >= c->received_at);
		CHECK(complaint_state_is_final(c->state));
	}
	CHECK(reference_province_code(ref, c->province) != NULL);
	const struct enterprise *e = reference_enterprise_id(ref, c->enterprise_id);
	CHECK(e && e->parent_id == 0);
	const struct category *cat = reference_category_id(ref, c->category_id);
	int32_t day = date_of_instant(c->received_at, SH_BEIJING_OFFSET);
	CHECK(cat && reference_category(ref, cat->name, strlen(cat->name), day) == cat);
	check_round_trip(ref, c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct reference *ref = fuzz_reference();
	struct csv_options opt = {.max_field = 1u << 16, .max_fields = 64, .validate_utf8 = true};
	csv_reader *r;
	CHECK(csv_reader_open_mem((const char *)data, size, &opt, &r) == 0);
	struct complaint_header h;
	bool have_header = false;
	struct csv_record rec;
	int rc;
	while ((rc = csv_read(r, &rec)) == 1) {
		struct row_error e;
		if (!have_header) {
			have_header = true;
			if (complaint_header_parse(&h, rec.fields, rec.n, &e) == 0)
				continue;
			check_refusal(&e, rec.n);
			struct csv_field f[COMPLAINT_COLUMN_COUNT];
			for (int i = 0; i < COMPLAINT_COLUMN_COUNT; i++)
				f[i] = (struct csv_field){complaint_column_names[i],
				                          strlen(complaint_column_names[i])};
			CHECK(complaint_header_parse(&h, f, COMPLAINT_COLUMN_COUNT, &e) == 0);
		}
		struct complaint c;
		memset(&e, 0, sizeof e);
		if (complaint_row_parse(&h, ref, now, rec.fields, rec.n, &c, &e) == 0)
			check_accepted(ref, &c);
		else
			check_refusal(&e, rec.n);
	}
	csv_reader_free(r);
	return 0;
}
