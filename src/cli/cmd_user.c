/* shensu user add --role ROLE [--province CODE] [--enterprise NAME] NAME */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/secret.h"

/* The password: the first line of standard input when it is not a terminal,
 * else a generated one printed once. */
static int read_password(char *out, size_t len, bool *generated)
{
	if (!isatty(STDIN_FILENO)) {
		if (!fgets(out, (int)len, stdin))
			out[0] = '\0';
		out[strcspn(out, "\r\n")] = '\0';
		*generated = false;
		return strlen(out) >= 8 ? 0 : SH_EINVAL;
	}
	char token[SECRET_TOKEN_LEN + 1];
	secret_token(token);
	snprintf(out, len, "%.16s", token);
	*generated = true;
	return 0;
}

int cmd_user(struct config *cfg, int argc, char **argv)
{
	const char *const own[] = {"role=", "province=", "enterprise=", NULL};
	if (cli_take_options(cfg, &argc, argv, own))
		return EXIT_USAGE;
	const char *role = NULL, *province = NULL, *enterprise = NULL, *name = NULL;
	bool add = false;
	for (int i = 1; i < argc; i++) {
		if (cli_option(argc, argv, &i, "role", &role) ||
		    cli_option(argc, argv, &i, "province", &province) ||
		    cli_option(argc, argv, &i, "enterprise", &enterprise))
			continue;
		if (!add && strcmp(argv[i], "add") == 0) {
			add = true;
		} else if (add && !name) {
			name = argv[i];
		} else {
			cli_error("user: unexpected argument '%s' (see shensu user --help)", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!add || !name || !role || !*name) {
		cli_error("usage: shensu user add --role ROLE [--province CODE] [--enterprise NAME] NAME");
		return EXIT_USAGE;
	}
	struct user u = {.name = name};
	if (role_parse(role, strlen(role), &u.actor.role) != 0 || u.actor.role == ROLE_COMPLAINANT) {
		cli_error("user: role must be agency_staff, enterprise_staff, regulator, admin or report_staff");
		return EXIT_USAGE;
	}
	store *s;
	if (cli_open_store(cfg, &s))
		return EXIT_FAIL;
	struct reference ref;
	reference_init(&ref);
	int rc = EXIT_USAGE;
	if (cli_load_reference(s, &ref)) {
		rc = EXIT_FAIL;
		goto out;
	}
	if (province) {
		const struct province *p = reference_province(&ref, province, strlen(province));
		if (!p) {
			cli_error("user: unknown province '%s'", province);
			goto out;
		}
		memcpy(u.actor.province, p->code, 3);
	}
	if (enterprise) {
		const struct enterprise *e = reference_enterprise(&ref, enterprise, strlen(enterprise));
		if (!e || e->parent_id) {
			cli_error("user: '%s' is not an enterprise group (e.g. 中国移动)", enterprise);
			goto out;
		}
		u.actor.enterprise_id = e->id;
	}
	if (u.actor.role == ROLE_AGENCY_STAFF && !province) {
		cli_error("user: agency staff need --province (a code, or 00 for the national centre)");
		goto out;
	}
	if (u.actor.role == ROLE_ENTERPRISE_STAFF && !enterprise) {
		cli_error("user: enterprise staff need --enterprise");
		goto out;
	}
	if ((u.actor.role == ROLE_REGULATOR && enterprise) ||
	    (u.actor.role == ROLE_ADMIN && (province || enterprise))) {
		cli_error("user: regulators are not limited to an enterprise (a provincial "
		          "administration has --province), admins to neither");
		goto out;
	}
	char password[256], hash[SECRET_PASSWORD_HASH_MAX];
	bool generated;
	if (read_password(password, sizeof password, &generated)) {
		cli_error("user: the password read from standard input must have at least 8 characters");
		goto out;
	}
	rc = EXIT_FAIL;
	if (secret_password_hash(password, hash)) {
		cli_error("user: cannot hash the password (out of memory)");
		goto out;
	}
	int err = store_user_add(s, &u, hash);
	if (err == SH_ECONFLICT) {
		cli_error("user: a user named '%s' already exists", name);
		goto out;
	}
	if (err) {
		cli_error("user: %s", store_error(s));
		goto out;
	}
	printf("added %s (%s)\n", name, role_code(u.actor.role));
	if (generated)
		printf("password: %s\n(shown once; it is stored only as an argon2id hash)\n", password);
	rc = EXIT_OK;
out:
	reference_free(&ref);
	store_close(s);
	return rc;
}
