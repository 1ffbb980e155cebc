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
