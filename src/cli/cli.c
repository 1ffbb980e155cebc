#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/deadlines.h"
#include "core/error.h"
#include "core/log.h"
#include "core/secret.h"
#include "http/router.h"
#include "http/server.h"
#include "version.h"

static int cmd_config(struct config *cfg, int argc, char **argv);

static const struct cli_command commands[] = {
	{"init", cmd_init, "create a database and load the reference data",
	 "usage: shensu init [--db PATH]\n\n"
	 "Creates the database (or upgrades an older one) and loads the reference data\n"
	 "compiled into this binary: provinces, enterprises, complaint classes and\n"
	 "sub-topics, not-admissible reasons, number segments and the holiday schedules\n"
	 "2007-2026. An already initialised database is left as it is. Every other\n"
	 "command except demo needs a database made this way and creates none.\n"},
	{"serve", cmd_serve, "serve the web UI and the API over HTTP",
	 "usage: shensu serve [--listen HOST:PORT] [--db PATH] [--threads N]\n\n"
	 "Serves the API under /api/ and the web UI from web_root. Port 0 picks a free\n"
	 "port; the address actually bound is printed on standard output. Stops on\n"
	 "SIGINT or SIGTERM. Refuses to start without an initialised database (see\n"
	 "shensu init and shensu demo).\n"},
	{"import", cmd_import, "import complaints, reports, supervision records … from CSV",
	 "usage: shensu import complaints FILE.csv [--skip-bad REJECTS.csv] [--db PATH]\n"
	 "       shensu import subscribers|reports|ported FILE.csv [--db PATH]\n"
	 "       shensu import enforcement|badlist|inspections|app-tests|app-actions|equipment\n"
	 "                     FILE.csv [--db PATH]\n\n"
	 "complaints: UTF-8 CSV (a BOM is fine) with a header row, columns in any order:\n"
	 "  received_at  ISO 8601 date or date-time; Beijing time when no offset is given\n"
	 "  province     code or name, full or short: 44, 广东, 广东省\n"
	 "  enterprise   a name from the reference table: 中国移动, 中国电信 ...\n"
	 "  category     the complaint class valid at received_at: 用户服务 | 收费争议 | 网络质量\n"
	 "  subtopic     optional, a sub-topic of that class\n"
	 "  status       state code or its Chinese label: closed / 已办结 ...\n"
	 "  closed_at    optional, for closed cases\n"
	 "  description  optional\n"
	 "Unknown columns are ignored with a warning. The import is all-or-nothing: any\n"
	 "bad row is reported with its line, column and reason and nothing is imported.\n"
	 "With --skip-bad, good rows are imported and bad ones are written to REJECTS.csv\n"
	 "with their reasons.\n\n"
	 "subscribers: columns period,enterprise,subscribers_10k (e.g. 2020Q4,中国移动,94200).\n"
	 "An existing figure for the same period and enterprise is replaced.\n\n"
	 "The regulator's records (columns in any order; [optional]; dates YYYY-MM-DD;\n"
	 "authority 00 = the ministry, or a province code or name):\n"
	 "  enforcement  decided_at,authority,measure,topic,enterprises[,licences,document_no,\n"
	 "               amount_yuan,description]: measure 行政处罚|责令整改通知|通报批评|约谈提醒;\n"
	 "               topic from GET /api/reference/topics (携号转网, 垃圾信息 …);\n"
	 "               enterprises separated by ';', licences in the same order\n"
	 "  badlist      listed_at,enterprise,list,reason,authority[,licence,removed_at]\n"
	 "  inspections  inspected_at,authority,enterprise,topic,kind,finding[,licence]:\n"
	 "               kind 实地检查|明察暗访|专项检查\n"
	 "  app-tests    tested_at,store,apps_tested[,authority]\n"
	 "  app-actions  at,package,app_name,store,action[,deadline,problem]: action\n"
	 "               notify (needs deadline)|name|rectify|remove, in time order\n"
	 "  equipment    sampled_at,manufacturer,product,model,licence_no,result[,problem,\n"
	 "               authority]: result 合格|不合格 (不合格 needs problem)\n"
	 "Enterprises are looked up in the registry by name and registered when new; a\n"
	 "licence number that contradicts the registry is an error. All-or-nothing, each\n"
	 "bad row reported as FILE:LINE: column N (name): reason.\n"},
	{"demo", cmd_demo, "fill an empty database with realistic demo data",
	 "usage: shensu demo [--db PATH] [--complaints N] [--seed N] [--if-new]\n\n"
	 "Initialises the database if needed and adds N (default 4000) complaints spread\n"
	 "over the last two years, all provinces and operators, plus subscriber counts.\n"
	 "Refuses a database that already holds complaints.\n"
	 "--if-new: only for a new database, one that does not exist or has no reference\n"
	 "data yet (an empty file); an initialised database is left as it is and the\n"
	 "command succeeds. `make run` uses it.\n"},
	{"calendar", cmd_calendar, "working-day arithmetic and holiday schedules",
	 "usage: shensu calendar add DATE N          the N-th working day after DATE\n"
	 "       shensu calendar between DATE1 DATE2  working days after DATE1 up to DATE2\n"
	 "       shensu calendar day DATE             is DATE a working day?\n"
	 "       shensu calendar years                which years have a schedule\n"
	 "       shensu calendar load FILE.json       load or replace a year's schedule\n\n"
	 "FILE.json has the holiday-cn shape: {\"year\": 2027, \"papers\": [...], \"days\":\n"
	 "[{\"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": true}, ...]}. Days not\n"
	 "listed follow the weekday rule. A year with no schedule from 2025 to 2099 counts\n"
	 "the statutory holidays only (no 调休): such answers end in \"(provisional)\", with\n"
	 "a note on standard error. Other years without a schedule are an error.\n"
	 "add, between, day and years use the database's schedules; where there is no\n"
	 "database at all, the schedules built into shensu (those init loads), creating\n"
	 "nothing. load needs an initialised database (shensu init); it also counts the\n"
	 "provisional deadlines of open cases and dispatch lists again, in the same\n"
	 "transaction, with an event on each case that changes.\n"},
	{"notice", cmd_notice, "write, edit and publish the quarterly service-quality notice",
	 "usage: shensu notice QUARTER [--province CODE] [--format md|html|pdf|xlsx] [--out FILE]\n"
	 "                             [--draft | --revision N]\n"
	 "       shensu notice edit QUARTER --section 一|四|前言 --file TEXT.md\n"
	 "       shensu notice publish QUARTER --doc-no 文号 --date YYYY-MM-DD [--reason 更正说明]\n"
	 "       shensu notice history QUARTER\n\n"
	 "Writes the 电信服务质量通告 for QUARTER (e.g. 2020Q4): the headline with the quarter's\n"
	 "complaints and their 环比/同比 changes and class shares, the two-year trend (figure 1),\n"
	 "the 12321 report figures when there are any, section 三 (电信服务监管情况) from the\n"
	 "supervision records, the ministry's own sections 一 and 四 and preface (notice edit),\n"
	 "annex 1 per enterprise and annex 3 (equipment with problems). Once published, the\n"
	 "published revision is written exactly as stored (--draft: from the data now;\n"
	 "--revision N: an earlier revision). md (default) and html go to standard output\n"
	 "without --out; pdf and xlsx need --out. A failed run leaves no partial file.\n\n"
	 "edit: TEXT.md is the section's text (- reads standard input); a first line\n"
	 "\"# 标题\" sets its heading; paragraphs are separated by blank lines; an empty\n"
	 "file removes the text.\n"
	 "publish: freezes the notice as it stands now in every format, numbered in the\n"
	 "year of --date (2021年第1号); publishing a published quarter again is a corrected\n"
	 "revision and needs --reason. Run here it publishes at once and is recorded as\n"
	 "published by the command line (through the API a second regulator approves).\n"},
	{"warnings", cmd_warnings, "list a day's early warnings (热点预警)",
	 "usage: shensu warnings [--date DATE] [--province CODE] [--no-keywords]\n\n"
	 "Tests every daily series (complaints received per operator, province and\n"
	 "sub-topic, per operator and class nationally; 12321 reports per kind and operator)\n"
	 "on DATE (default yesterday, the last complete day) against its own history, and\n"
	 "prints the series rising beyond what is normal for them, most surprising first,\n"
	 "with the words that set their recent descriptions apart (see README, Early\n"
	 "warning). --province: that province's series only, as its agency sees them.\n"
	 "Prints how long detection and keywords took.\n"},
	{"user", cmd_user, "add staff accounts",
	 "usage: shensu user add --role ROLE [--province CODE] [--enterprise NAME] NAME\n\n"
	 "ROLE is agency_staff (needs --province: a code, or 00 for the national centre),\n"
	 "enterprise_staff (needs --enterprise, e.g. 中国移动; --province optional),\n"
	 "regulator (the ministry; with --province a provincial communications\n"
	 "administration, which sees and records its own province's supervision only),\n"
	 "admin or report_staff (the 12321 centre). The password is read from\n"
	 "the first line of standard input (at least 8 characters); on a terminal one is\n"
	 "generated and printed once.\n"},
	{"routes", cmd_routes, "list the HTTP routes the server registers",
	 "usage: shensu routes\n\nPrints METHOD PATTERN ACCESS per line (used to check the OpenAPI description).\n"},
	{"config", cmd_config, "print the effective configuration or an example file",
	 "usage: shensu config [--example]\n"},
	{0},
};

static void usage(FILE *f)
{
	fprintf(f, "shensu %s - telecom complaint handling and service-quality supervision\n\n"
	           "usage: shensu [--config FILE] COMMAND [OPTIONS]\n\ncommands:\n",
	        SHENSU_VERSION);
	for (const struct cli_command *c = commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fprintf(f, "\nEvery command takes --help. Options common to all commands:\n");
	for (const struct config_option *o = config_options; o->key; o++)
		fprintf(f, "  --%-20s %s (default %s)\n", o->key, o->help, o->def);
	fprintf(f, "Configuration is read from shensu.conf in the working directory (or --config\n"
	           "FILE, or SHENSU_CONFIG), then SHENSU_<OPTION> environment variables, then\n"
	           "flags. `shensu config --example` prints a commented file.\n");
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("shensu: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	return false;
}

static bool takes(const char *const *extra, const char *name, size_t len, bool *with_value)
{
	for (; extra && *extra; extra++) {
		size_t n = strlen(*extra);
		bool v = n && (*extra)[n - 1] == '=';
		if ((v ? n - 1 : n) == len && strncmp(*extra, name, len) == 0) {
			*with_value = v;
			return true;
		}
	}
	return false;
}

int cli_take_options(struct config *cfg, int *argc, char **argv, const char *const *extra)
{
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
			argv[out++] = a;
			continue;
		}
		char *name = a + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		bool with_value;
		if (takes(extra, name, len, &with_value)) {
			argv[out++] = a; /* the command's own; keep its value beside it */
			if (with_value && !eq && i + 1 < *argc)
				argv[out++] = argv[++i];
			continue;
		}
		char key[64];
		snprintf(key, sizeof key, "%.*s", (int)len, name);
		const char *value = eq ? eq + 1 : (i + 1 < *argc ? argv[i + 1] : NULL);
		if (!value) {
			cli_error("option --%s needs a value", key);
			return EXIT_USAGE;
		}
		char msg[256];
		int rc = config_set(cfg, key, value, msg, sizeof msg);
		if (rc == SH_ENOTFOUND) {
			cli_error("unknown option --%s (see --help)", key);
			return EXIT_USAGE;
		}
		if (rc) {
			cli_error("--%s", msg);
			return EXIT_USAGE;
		}
		if (!eq)
			i++;
	}
	argv[out] = NULL;
	*argc = out;
	int level = log_level_parse(cfg->log_level);
	log_set_level(level < 0 ? LOG_INFO : (enum log_level)level);
	return 0;
}

bool cli_option(int argc, char **argv, int *i, const char *name, const char **value)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, n) != 0)
		return false;
	if (a[2 + n] == '=')
		*value = a + 3 + n;
	else if (a[2 + n] == '\0')
		*value = *i + 1 < argc ? argv[++*i] : "";
	else
		return false;
	return true;
}

/* Says that cfg->db has no database (exists false) or one without the
 * reference data, and what to do. */
static void no_database(const struct config *cfg, bool exists)
{
	char shown[512];
	store_url_redact(cfg->db, shown, sizeof shown);
	const char *def = "";
	for (const struct config_option *o = config_options; o->key; o++)
		if (strcmp(o->key, "db") == 0)
			def = o->def;
	bool named = strcmp(cfg->db, def) != 0; /* not the default: say which */
	if (!exists)
		cli_error("no database at %s: run 'shensu init%s%s' to create one (or 'make run%s%s' "
		          "in the source tree for the demo)",
		          shown, named ? " --db " : "", named ? shown : "", named ? " DB=" : "",
		          named ? shown : "");
	else
		cli_error("%s is not initialised (it has no reference data): run 'shensu init%s%s', "
		          "which adds them and keeps what is there",
		          shown, named ? " --db " : "", named ? shown : "");
}

int cli_create_store(const struct config *cfg, store **out)
{
	char err[512] = "";
	int rc = store_open(cfg->db, out, err, sizeof err);
	if (rc)
		cli_error("%s", err);
	return rc;
}

int cli_open_store(const struct config *cfg, store **out)
{
	char err[512] = "";
	int rc = store_exists(cfg->db, err, sizeof err);
	if (rc == SH_ENOTFOUND) {
		no_database(cfg, false);
		return rc;
	}
	store *s;
	if (rc || (rc = store_open(cfg->db, &s, err, sizeof err)) != 0) {
		cli_error("%s", err);
		return rc;
	}
	struct reference ref;
	reference_init(&ref);
	rc = store_reference_load(s, &ref);
	reference_free(&ref);
	if (rc == SH_ENOTFOUND)
		no_database(cfg, true);
	else if (rc)
		cli_error("%s", store_error(s));
	if (rc) {
		store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

int cli_load_reference(store *s, struct reference *ref)
{
	int rc = store_reference_load(s, ref);
	if (rc)
		cli_error("%s", store_error(s));
	return rc;
}

int cli_load_calendar(store *s, calendar **out)
{
	int rc = deadlines_calendar(s, out);
	if (rc)
		cli_error("%s", store_error(s));
	return rc;
}

static int cmd_config(struct config *cfg, int argc, char **argv)
{
	const char *const own[] = {"example", NULL};
	if (cli_take_options(cfg, &argc, argv, own))
		return EXIT_USAGE;
	if (argc > 1 && strcmp(argv[1], "--example") == 0) {
		config_write_example(stdout);
		return EXIT_OK;
	}
	for (const struct config_option *o = config_options; o->key; o++) {
		const void *field = (const char *)cfg + o->offset;
		if (o->type == CONFIG_STRING)
			printf("%s = %s\n", o->key, *(char *const *)field);
		else
			printf("%s = %ld\n", o->key, *(const long *)field);
	}
	return EXIT_OK;
}

int cmd_routes(struct config *cfg, int argc, char **argv)
{
	(void)cfg;
	(void)argc;
	(void)argv;
	for (const struct route *r = routes; r->method; r++)
		printf("%s %s %s\n", r->method, r->pattern, r->roles ? "session" : "public");
	return EXIT_OK;
}

int cli_main(int argc, char **argv)
{
	server_install_json_allocator();
	if (secret_init()) {
		cli_error("libsodium cannot start (no entropy source)");
		return EXIT_FAIL;
	}
	const char *config_path = getenv("SHENSU_CONFIG");
	bool config_required = config_path != NULL;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("shensu %s\n", SHENSU_VERSION);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			config_path = argv[++i];
			config_required = true;
		} else if (strncmp(argv[i], "--config=", 9) == 0) {
			config_path = argv[i] + 9;
			config_required = true;
		} else {
			break; /* a configuration flag before the command: handled below */
		}
	}
	/* Find the command; configuration flags may stand before or after it. */
	int ci = i;
	while (ci < argc && argv[ci][0] == '-')
		ci += strchr(argv[ci], '=') ? 1 : 2;
	if (ci >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const struct cli_command *cmd = commands;
	while (cmd->name && strcmp(cmd->name, argv[ci]) != 0)
		cmd++;
	if (!cmd->name) {
		cli_error("unknown command '%s' (see shensu --help)", argv[ci]);
		return EXIT_USAGE;
	}
	/* argv for the command: its name, then flags before it, then the rest. */
	int n = 0;
	char **args = calloc((size_t)argc + 1, sizeof *args);
	args[n++] = argv[ci];
	for (int k = i; k < ci; k++)
		args[n++] = argv[k];
	for (int k = ci + 1; k < argc; k++)
		args[n++] = argv[k];
	if (cli_wants_help(n, args)) {
		fputs(cmd->usage, stdout);
		free(args);
		return EXIT_OK;
	}

	struct config cfg;
	config_defaults(&cfg);
	char err[512];
	int rc = config_load_file(&cfg, config_path ? config_path : "shensu.conf", config_required,
	                          err, sizeof err);
	if (rc == 0)
		rc = config_load_env(&cfg, err, sizeof err);
	if (rc) {
		cli_error("%s", err);
		rc = EXIT_USAGE;
	} else {
		rc = cmd->run(&cfg, n, args);
	}
	config_free(&cfg);
	free(args);
	return rc;
}
