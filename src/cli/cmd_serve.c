#include "cli/cli.h"
#include "http/server.h"

int cmd_serve(struct config *cfg, int argc, char **argv)
{
	if (cli_take_options(cfg, &argc, argv, NULL))
		return EXIT_USAGE;
	if (argc > 1) {
		cli_error("serve takes no arguments (see shensu serve --help)");
		return EXIT_USAGE;
	}
	/* Refuse a missing or uninitialised database here, with what to do:
	 * the server's own store pool would create one. */
	store *s;
	if (cli_open_store(cfg, &s))
		return EXIT_FAIL;
	store_close(s);
	struct server *srv;
	char err[512] = "";
	if (server_start(cfg, &srv, err, sizeof err)) {
		cli_error("cannot serve: %s", err);
		return EXIT_FAIL;
	}
	server_wait(srv);
	server_stop(srv);
	return EXIT_OK;
}
