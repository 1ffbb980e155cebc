#include "store/schema.h"

#include "store/store.h"

/* Times are Unix seconds (BIGINT); calendar dates are 'YYYY-MM-DD' text. */
static const char v1[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE province (\n"
	"  code TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, short_name TEXT NOT NULL UNIQUE,\n"
	"  national INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE TABLE enterprise (\n"
	"  id BIGINT PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE,\n"
	"  full_name TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('basic', 'reseller', 'value_added')),\n"
	"  parent_id BIGINT REFERENCES enterprise(id), province TEXT REFERENCES province(code),\n"
	"  host_id BIGINT REFERENCES enterprise(id));\n"
	"CREATE TABLE category (\n"
	"  id BIGINT PRIMARY KEY, scheme TEXT NOT NULL, code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL, valid_from TEXT, valid_to TEXT);\n"
	"CREATE TABLE subtopic (\n"
	"  id BIGINT PRIMARY KEY, category_id BIGINT NOT NULL REFERENCES category(id),\n"
	"  name TEXT NOT NULL, UNIQUE (category_id, name));\n"
	"CREATE TABLE not_admissible_reason (\n"
	"  code TEXT PRIMARY KEY, title TEXT NOT NULL, rule TEXT NOT NULL);\n"
	"CREATE TABLE number_segment (\n"
	"  prefix TEXT PRIMARY KEY, operator_id BIGINT NOT NULL REFERENCES enterprise(id),\n"
	"  reseller INTEGER NOT NULL);\n"
	"CREATE TABLE holiday_schedule (\n"
	"  year INTEGER PRIMARY KEY, source TEXT NOT NULL, loaded_at BIGINT NOT NULL);\n"
	"CREATE TABLE holiday (\n"
	"  year INTEGER NOT NULL REFERENCES holiday_schedule(year) ON DELETE CASCADE,\n"
	"  day TEXT NOT NULL, off INTEGER NOT NULL, name TEXT NOT NULL,\n"
	"  PRIMARY KEY (year, day));\n"
	"CREATE TABLE import_batch (\n"
	"  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, source TEXT NOT NULL,\n"
	"  rows BIGINT NOT NULL DEFAULT 0, started_at BIGINT NOT NULL, finished_at BIGINT);\n"
	"CREATE TABLE case_counter (\n"
	"  province TEXT NOT NULL, year INTEGER NOT NULL, last BIGINT NOT NULL,\n"
	"  PRIMARY KEY (province, year));\n"
	"CREATE TABLE complaint (\n"
	"  id INTEGER PRIMARY KEY, case_no TEXT NOT NULL,\n"
	"  province TEXT NOT NULL REFERENCES province(code),\n"
	"  enterprise_id BIGINT NOT NULL REFERENCES enterprise(id),\n"
	"  category_id BIGINT NOT NULL REFERENCES category(id),\n"
	"  subtopic_id BIGINT REFERENCES subtopic(id),\n"
	"  state TEXT NOT NULL, outcome TEXT,\n"
	"  received_at BIGINT NOT NULL, closed_at BIGINT,\n"
	"  description TEXT NOT NULL DEFAULT '',\n"
	"  import_batch_id BIGINT REFERENCES import_batch(id),\n"
	"  version INTEGER NOT NULL DEFAULT 1);\n"
	"CREATE UNIQUE INDEX complaint_case_no ON complaint (case_no);\n"
	"CREATE INDEX complaint_received ON complaint (received_at);\n"
	"CREATE TABLE subscriber_count (\n"
	"  period TEXT NOT NULL, enterprise_id BIGINT NOT NULL REFERENCES enterprise(id),\n"
	"  subscribers_10k BIGINT NOT NULL, PRIMARY KEY (period, enterprise_id));\n";

/* v2: cases filed online (complainant, clocks, query code), their events,
 * staff accounts and sessions, per-agency settings. */
static const char v2[] =
	"ALTER TABLE complaint ADD COLUMN name TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN phone TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN address TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN city TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN postcode TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN demand TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN event_day TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN operator_answer TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN operator_day TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN materials_day TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN accept_due TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN answer_due TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN reply_due TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN forwarded_to BIGINT REFERENCES enterprise(id);\n"
	"ALTER TABLE complaint ADD COLUMN reason TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN query_hash TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN survey_score INTEGER;\n"
	"ALTER TABLE complaint ADD COLUMN survey_comment TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN survey_at BIGINT;\n"
	/* Statistics read a period's counts from this index alone, and lists walk
	 * it newest first (a province's list filters as it goes). */
	"DROP INDEX complaint_received;\n"
	"CREATE INDEX complaint_stats ON complaint (received_at, province, category_id, subtopic_id,\n"
	"  enterprise_id, state);\n"
	"CREATE INDEX complaint_phone ON complaint (phone, enterprise_id) WHERE phone IS NOT NULL;\n"
	"CREATE INDEX complaint_forwarded ON complaint (forwarded_to, received_at, id)\n"
	"  WHERE forwarded_to IS NOT NULL;\n"
	"CREATE TABLE complaint_event (\n"
	"  id INTEGER PRIMARY KEY, complaint_id BIGINT NOT NULL REFERENCES complaint(id),\n"
	"  at BIGINT NOT NULL, user_id BIGINT, role TEXT NOT NULL, action TEXT NOT NULL,\n"
	"  from_state TEXT NOT NULL, to_state TEXT NOT NULL, reason TEXT, comment TEXT,\n"
	"  internal INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE INDEX complaint_event_case ON complaint_event (complaint_id, id);\n"
	"CREATE TABLE app_user (\n"
	"  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,\n"
	"  province TEXT REFERENCES province(code), enterprise_id BIGINT REFERENCES enterprise(id),\n"
	"  password_hash TEXT NOT NULL, created_at BIGINT NOT NULL,\n"
	"  disabled INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE TABLE session (\n"
	"  token_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES app_user(id),\n"
	"  csrf TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);\n"
	"CREATE TABLE agency_setting (\n"
	"  province TEXT PRIMARY KEY REFERENCES province(code),\n"
	"  operator_reply_days INTEGER NOT NULL);\n";

/* v3: the monthly statistics summary (see store/stat_month.h); month is yyyymm
 * in Beijing time, subtopic_id 0 when none. The drivers fill it from existing
 * complaints when they apply this migration. */
static const char v3[] =
	"CREATE TABLE complaint_month (\n"
	"  month INTEGER NOT NULL, province TEXT NOT NULL, category_id BIGINT NOT NULL,\n"
	"  subtopic_id BIGINT NOT NULL, enterprise_id BIGINT NOT NULL, n BIGINT NOT NULL,\n"
	"  PRIMARY KEY (month, province, category_id, subtopic_id, enterprise_id));\n";

/* v4: 12321 reports. reported_number holds what is decided per number
 * (operator, dispatch, disposal); counts come from the reports themselves. */
static const char v4[] =
	"CREATE TABLE report (\n"
	"  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, reported_at BIGINT NOT NULL,\n"
	"  occurred_at BIGINT, target TEXT NOT NULL, target_kind TEXT NOT NULL,\n"
	"  operator_id BIGINT REFERENCES enterprise(id), app_name TEXT, app_store TEXT,\n"
	"  reporter TEXT, content TEXT, invalid INTEGER NOT NULL DEFAULT 0, invalid_reason TEXT,\n"
	"  invalid_by BIGINT, invalid_at BIGINT, import_batch_id BIGINT REFERENCES import_batch(id));\n"
	"CREATE INDEX report_time ON report (reported_at, kind, invalid);\n"
	"CREATE INDEX report_target ON report (target, reported_at);\n"
	"CREATE TABLE dispatch (\n"
	"  id INTEGER PRIMARY KEY, operator_id BIGINT NOT NULL REFERENCES enterprise(id),\n"
	"  created_at BIGINT NOT NULL, due TEXT NOT NULL, numbers BIGINT NOT NULL);\n"
	"CREATE TABLE reported_number (\n"
	"  number TEXT PRIMARY KEY, number_kind TEXT NOT NULL,\n"
	"  operator_id BIGINT REFERENCES enterprise(id), dispatch_id BIGINT REFERENCES dispatch(id),\n"
	"  disposal TEXT, disposed_at BIGINT, disposal_note TEXT);\n"
	"CREATE INDEX reported_number_waiting ON reported_number (operator_id)\n"
	"  WHERE dispatch_id IS NULL;\n"
	"CREATE INDEX reported_number_dispatch ON reported_number (dispatch_id, number)\n"
	"  WHERE dispatch_id IS NOT NULL;\n"
	"CREATE TABLE ported_number (\n"
	"  number TEXT PRIMARY KEY, operator_id BIGINT NOT NULL REFERENCES enterprise(id),\n"
	"  since TEXT NOT NULL);\n"
	"CREATE TABLE app (\n"
	"  package TEXT PRIMARY KEY, name TEXT NOT NULL, app_store TEXT, state TEXT NOT NULL,\n"
	"  notified_on TEXT, deadline TEXT, rectified_on TEXT, named_on TEXT, removed_on TEXT,\n"
	"  version INTEGER NOT NULL DEFAULT 1);\n";

/* v5: deadlines counted before a year's holiday schedule was published
 * (provisional, see domain/calendar.h) and what counting them again needs:
 * the reply's start and length, a dispatch list's. Few rows are ever
 * provisional, and only for weeks: a partial index finds them. */
static const char v5[] =
	"ALTER TABLE complaint ADD COLUMN accept_provisional INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE complaint ADD COLUMN reply_provisional INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE complaint ADD COLUMN reply_from TEXT;\n"
	"ALTER TABLE complaint ADD COLUMN reply_days INTEGER;\n"
	"CREATE INDEX complaint_provisional ON complaint (id)\n"
	"  WHERE accept_provisional <> 0 OR reply_provisional <> 0;\n"
	"ALTER TABLE dispatch ADD COLUMN due_provisional INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE dispatch ADD COLUMN due_from TEXT;\n"
	"ALTER TABLE dispatch ADD COLUMN due_days INTEGER;\n";

/* v6: what people are shown in order has an explicit position (rowid and ctid
 * are no order). The store numbers existing reasons as it migrates. */
static const char v6[] =
	"ALTER TABLE not_admissible_reason ADD COLUMN position INTEGER NOT NULL DEFAULT 0;\n";

/* v7: early warning (domain/series.h, domain/warning.h). The daily series'
 * leaves, changed in the same transaction as what they count: complaints
 * received per Beijing day (a day number: days since 1970-01-01) and cell,
 * every complaint whatever its state; valid 12321 reports per day, kind and
 * serving operator (0 = unknown, and apps). Decisions on warnings, each kept
 * with the figures the warning had, for measuring precision later
 * (thousandths: the store binds integers). The store fills both series from
 * what exists when it applies this migration. */
static const char v7[] =
	"CREATE TABLE complaint_day (\n"
	"  day INTEGER NOT NULL, province TEXT NOT NULL, category_id BIGINT NOT NULL,\n"
	"  subtopic_id BIGINT NOT NULL, enterprise_id BIGINT NOT NULL, n BIGINT NOT NULL,\n"
	"  PRIMARY KEY (day, province, category_id, subtopic_id, enterprise_id));\n"
	"CREATE TABLE report_day (\n"
	"  day INTEGER NOT NULL, kind TEXT NOT NULL, operator_id BIGINT NOT NULL, n BIGINT NOT NULL,\n"
	"  PRIMARY KEY (day, kind, operator_id));\n"
	"CREATE TABLE warning_decision (\n"
	"  id INTEGER PRIMARY KEY, day TEXT NOT NULL, series TEXT NOT NULL,\n"
	"  decision TEXT NOT NULL CHECK (decision IN ('acknowledged', 'dismissed')),\n"
	"  note TEXT, user_id BIGINT NOT NULL REFERENCES app_user(id), decided_at BIGINT NOT NULL,\n"
	"  window_days INTEGER NOT NULL, observed BIGINT NOT NULL, expected_milli BIGINT NOT NULL,\n"
	"  surprise_milli BIGINT NOT NULL);\n"
	"CREATE INDEX warning_decision_day ON warning_decision (day, series, id);\n";

/* v8: a log of changes to what a number look-up answers (reports,
 * invalidations, dispatches, disposals, ported records), so that every
 * process's look-up index follows writes made anywhere. Ids grow in commit
 * order (written last in a transaction, under a lock: store/sql/changes.c);
 * AUTOINCREMENT, so that SQLite never gives an id twice, also after pruning.
 * number_changes_pruned: the highest id pruned, so that a process that missed
 * pruned changes reloads everything. */
static const char v8[] =
	"CREATE TABLE number_change (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT NOT NULL, at BIGINT NOT NULL);\n"
	"CREATE INDEX number_change_at ON number_change (at);\n"
	"INSERT OR IGNORE INTO meta(key, value) VALUES ('number_changes_pruned', '0');\n";

/* v9: supervision (issue 15). The registry of licensed enterprises; the
 * regulator's records, each stamped (created, updated, import batch,
 * version); every change to them an event; the app pipeline's problem; the
 * notice's own text per quarter and section; published notices as frozen
 * snapshots of every format (PDF and XLSX in base64), one row per revision
 * or request. A notice number (year, number) and a quarter's revision are
 * unique among requests not rejected. */
static const char v9[] =
	"CREATE TABLE licensee (\n"
	"  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, licence_no TEXT UNIQUE,\n"
	"  kind TEXT NOT NULL, province TEXT REFERENCES province(code),\n"
	"  enterprise_id BIGINT REFERENCES enterprise(id), created_at BIGINT NOT NULL,\n"
	"  version INTEGER NOT NULL DEFAULT 1);\n"
	"CREATE TABLE enforcement_action (\n"
	"  id INTEGER PRIMARY KEY, decided_on TEXT NOT NULL,\n"
	"  authority TEXT NOT NULL REFERENCES province(code), measure TEXT NOT NULL,\n"
	"  topic TEXT NOT NULL, document_no TEXT, amount_yuan BIGINT, description TEXT,\n"
	"  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,\n"
	"  import_batch_id BIGINT REFERENCES import_batch(id), version INTEGER NOT NULL DEFAULT 1);\n"
	"CREATE INDEX enforcement_action_day ON enforcement_action (decided_on, authority);\n"
	"CREATE TABLE enforcement_party (\n"
	"  action_id BIGINT NOT NULL REFERENCES enforcement_action(id), position INTEGER NOT NULL,\n"
	"  licensee_id BIGINT NOT NULL REFERENCES licensee(id), PRIMARY KEY (action_id, position));\n"
	"CREATE INDEX enforcement_party_licensee ON enforcement_party (licensee_id);\n"
	"CREATE TABLE enforcement_evidence (\n"
	"  action_id BIGINT NOT NULL REFERENCES enforcement_action(id), position INTEGER NOT NULL,\n"
	"  kind TEXT NOT NULL, ref TEXT NOT NULL, PRIMARY KEY (action_id, position));\n"
	"CREATE TABLE badlist_entry (\n"
	"  id INTEGER PRIMARY KEY, licensee_id BIGINT NOT NULL REFERENCES licensee(id),\n"
	"  list TEXT NOT NULL, listed_on TEXT NOT NULL, reason TEXT NOT NULL,\n"
	"  action_id BIGINT REFERENCES enforcement_action(id),\n"
	"  authority TEXT NOT NULL REFERENCES province(code), removed_on TEXT,\n"
	"  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,\n"
	"  import_batch_id BIGINT REFERENCES import_batch(id), version INTEGER NOT NULL DEFAULT 1);\n"
	"CREATE INDEX badlist_entry_listed ON badlist_entry (listed_on);\n"
	"CREATE TABLE inspection (\n"
	"  id INTEGER PRIMARY KEY, inspected_on TEXT NOT NULL,\n"
	"  authority TEXT NOT NULL REFERENCES province(code),\n"
	"  licensee_id BIGINT NOT NULL REFERENCES licensee(id), topic TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL, finding TEXT NOT NULL,\n"
	"  action_id BIGINT REFERENCES enforcement_action(id),\n"
	"  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,\n"
	"  import_batch_id BIGINT REFERENCES import_batch(id), version INTEGER NOT NULL DEFAULT 1);\n"
	"CREATE INDEX inspection_day ON inspection (inspected_on, authority);\n"
	"CREATE TABLE app_test_batch (\n"
	"  id INTEGER PRIMARY KEY, tested_on TEXT NOT NULL,\n"
	"  authority TEXT NOT NULL REFERENCES province(code), app_store TEXT NOT NULL,\n"
	"  apps_tested BIGINT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,\n"
	"  import_batch_id BIGINT REFERENCES import_batch(id), version INTEGER NOT NULL DEFAULT 1);\n"
	"CREATE INDEX app_test_batch_day ON app_test_batch (tested_on);\n"
	"ALTER TABLE app ADD COLUMN problem TEXT;\n"
	"CREATE TABLE equipment_sample (\n"
	"  id INTEGER PRIMARY KEY, sampled_on TEXT NOT NULL,\n"
	"  authority TEXT NOT NULL REFERENCES province(code),\n"
	"  licensee_id BIGINT NOT NULL REFERENCES licensee(id), product TEXT NOT NULL,\n"
	"  model TEXT NOT NULL, licence_no TEXT NOT NULL, passed INTEGER NOT NULL, problem TEXT,\n"
	"  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,\n"
	"  import_batch_id BIGINT REFERENCES import_batch(id), version INTEGER NOT NULL DEFAULT 1);\n"
	"CREATE INDEX equipment_sample_day ON equipment_sample (sampled_on);\n"
	"CREATE TABLE supervision_event (\n"
	"  id INTEGER PRIMARY KEY, at BIGINT NOT NULL, user_id BIGINT REFERENCES app_user(id),\n"
	"  actor TEXT NOT NULL, record TEXT NOT NULL, record_id BIGINT NOT NULL,\n"
	"  action TEXT NOT NULL, detail TEXT);\n"
	"CREATE INDEX supervision_event_record ON supervision_event (record, record_id, id);\n"
	"CREATE TABLE notice_text (\n"
	"  period TEXT NOT NULL, section TEXT NOT NULL, body TEXT NOT NULL,\n"
	"  updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES app_user(id),\n"
	"  version INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (period, section));\n"
	"CREATE TABLE notice_publication (\n"
	"  id INTEGER PRIMARY KEY, period TEXT NOT NULL, revision INTEGER NOT NULL,\n"
	"  year INTEGER NOT NULL, number INTEGER NOT NULL, doc_no TEXT NOT NULL,\n"
	"  published_on TEXT NOT NULL, reason TEXT, state TEXT NOT NULL,\n"
	"  requested_by BIGINT REFERENCES app_user(id), requested_at BIGINT NOT NULL,\n"
	"  decided_by BIGINT REFERENCES app_user(id), decided_at BIGINT, via TEXT NOT NULL,\n"
	"  doc_md TEXT NOT NULL, doc_html TEXT NOT NULL, doc_pdf TEXT NOT NULL,\n"
	"  doc_xlsx TEXT NOT NULL);\n"
	"CREATE UNIQUE INDEX notice_publication_revision ON notice_publication (period, revision)\n"
	"  WHERE state <> 'rejected';\n"
	"CREATE UNIQUE INDEX notice_publication_number ON notice_publication (year, number)\n"
	"  WHERE state <> 'rejected' AND revision = 1;\n";

const struct schema_index schema_bulk_indexes[] = {
	/* Rebuilding the unique index checks every case number at once. */
	{"complaint_case_no", "CREATE UNIQUE INDEX complaint_case_no ON complaint (case_no)"},
	{"complaint_stats", "CREATE INDEX complaint_stats ON complaint (received_at, province, "
	                    "category_id, subtopic_id,\n  enterprise_id, state)"},
	{NULL, NULL},
};

const char *const schema_migrations[STORE_SCHEMA_VERSION + 1] = {
	[1] = v1,
	[2] = v2,
	[3] = v3,
	[4] = v4,
	[5] = v5,
	[6] = v6,
	[7] = v7,
	[8] = v8,
	[9] = v9,
};
