#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/config.h"
#include "core/error.h"

static char *write_temp(const char *text)
{
	static char path[64];
	strcpy(path, "/tmp/shensu-test-conf-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void defaults(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	assert_string_equal(c.db, "shensu.db");
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_int_equal(c.operator_reply_days, 10);
	assert_int_equal(c.max_connections_per_ip, 32);
	assert_string_equal(c.public_url, "");
	config_free(&c);
}

static void precedence_file_env_flag(void **state)
{
	(void)state;
	struct config c;
	char err[256];
	config_defaults(&c);
	char *path = write_temp("# comment\n[server]\nlisten = 127.0.0.1:9000\nthreads = 3\n"
	                        "[store]\ndb = /tmp/x.db\n");
	assert_int_equal(config_load_file(&c, path, true, err, sizeof err), 0);
	assert_string_equal(c.listen, "127.0.0.1:9000");
	assert_int_equal(c.threads, 3);
	setenv("SHENSU_LISTEN", "127.0.0.1:9001", 1);
	assert_int_equal(config_load_env(&c, err, sizeof err), 0);
	unsetenv("SHENSU_LISTEN");
	assert_string_equal(c.listen, "127.0.0.1:9001");
	assert_int_equal(config_set(&c, "listen", "127.0.0.1:9002", err, sizeof err), 0);
	assert_string_equal(c.listen, "127.0.0.1:9002");
	assert_string_equal(c.db, "/tmp/x.db");
	unlink(path);
	config_free(&c);
}

static void errors_name_file_and_line(void **state)
{
	(void)state;
	struct config c;
	char err[256];
	config_defaults(&c);
	char *path = write_temp("[server]\nlisten = 1.2.3.4:5\nbogus = 1\n");
	assert_int_equal(config_load_file(&c, path, true, err, sizeof err), SH_EINVAL);
	assert_non_null(strstr(err, ":3: unknown option 'bogus'"));
	unlink(path);

	path = write_temp("[server]\nthreads = lots\n");
	assert_int_equal(config_load_file(&c, path, true, err, sizeof err), SH_EINVAL);
	assert_non_null(strstr(err, ":2: threads must be a whole number"));
	unlink(path);

	path = write_temp("[store]\nlisten = 1.2.3.4:5\n"); /* right key, wrong section */
	assert_int_equal(config_load_file(&c, path, true, err, sizeof err), SH_EINVAL);
	unlink(path);

	assert_int_equal(config_set(&c, "threads", "999", err, sizeof err), SH_EINVAL);
	assert_int_equal(config_set(&c, "log_level", "chatty", err, sizeof err), SH_EINVAL);
	assert_int_equal(config_set(&c, "nope", "1", err, sizeof err), SH_ENOTFOUND);
	/* public_url: empty, or a scheme and a host (and port), nothing more */
	static const char *const good[] = {"", "https://shensu.example.gov.cn",
	                                   "http://127.0.0.1:8080", "HTTPS://A.example/",
	                                   "https://[::1]:8443"};
	static const char *const bad[] = {"shensu.example.gov.cn", "ftp://x", "https://",
	                                  "https://x/path", "https://x?q", "https://u@x",
	                                  "https://x y", "https://:80", "https://x//"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		assert_int_equal(config_set(&c, "public_url", good[i], err, sizeof err), 0);
		assert_string_equal(c.public_url, good[i]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(config_set(&c, "public_url", bad[i], err, sizeof err), SH_EINVAL);
		assert_non_null(strstr(err, "public_url"));
		assert_string_equal(c.public_url, good[4]); /* unchanged by a refused value */
	}
	assert_int_equal(config_set(&c, "max_connections_per_ip", "-1", err, sizeof err), SH_EINVAL);
	assert_int_equal(config_set(&c, "max_connections_per_ip", "0", err, sizeof err), 0);
	assert_int_equal(c.max_connections_per_ip, 0);
	/* a missing optional file is fine, a missing required one is not */
	assert_int_equal(config_load_file(&c, "/nonexistent/shensu.conf", false, err, sizeof err), 0);
	assert_int_equal(config_load_file(&c, "/nonexistent/shensu.conf", true, err, sizeof err),
	                 SH_EIO);
	config_free(&c);
}

static void example_mentions_every_option(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	config_write_example(f);
	fclose(f);
	for (const struct config_option *o = config_options; o->key; o++) {
		char line[96];
		snprintf(line, sizeof line, "# %s = %s", o->key, o->def);
		assert_non_null(strstr(buf, line));
	}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(precedence_file_env_flag),
		cmocka_unit_test(errors_name_file_and_line),
		cmocka_unit_test(example_mentions_every_option),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
