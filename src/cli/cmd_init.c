#include <stdio.h>

#include "cli/cli.h"

int cmd_init(struct config *cfg, int argc, char **argv)
{
	if (cli_take_options(cfg, &argc, argv, NULL))
		return EXIT_USAGE;
	if (argc > 1) {
		cli_error("init takes no arguments (see shensu init --help)");
		return EXIT_USAGE;
	}
	store *s;
	if (cli_create_store(cfg, &s))
		return EXIT_FAIL;
	bool created;
	char err[512] = "";
	int rc = seed_database(s, &created, err, sizeof err);
	store_close(s);
	if (rc) {
		cli_error("init failed, nothing was written: %s", err);
		return EXIT_FAIL;
	}
	char shown[512];
	store_url_redact(cfg->db, shown, sizeof shown);
	printf(created ? "initialised %s with the reference data\n"
	               : "%s is already initialised; left unchanged\n",
	       shown);
	return EXIT_OK;
}
