/* test_paths.c - where lofte looks: the database path precedence, the
 * user's INI file and the home folder, with the XDG rules. */
#include "testutil.h"

#include <pwd.h>

#include "paths.h"

static const char *const lofte_vars[] = {
	"LOFTE_DB", "LOFTE_CONFIG", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
};

/* A private HOME and none of the variables paths.c reads. */
static int setup(void **state)
{
	char *home = test_tmpdir();
	setenv("HOME", home, 1);
	for (size_t i = 0; i < sizeof lofte_vars / sizeof lofte_vars[0]; i++)
		unsetenv(lofte_vars[i]);
	*state = home;
	return 0;
}

static int teardown(void **state)
{
	char *home = *state;
	rmdir(home);
	free(home);
	return 0;
}

/* got must be home + rest; frees got. */
static void assert_home_path(char *got, const char *home, const char *rest)
{
	char want[4096];
	snprintf(want, sizeof want, "%s%s", home, rest);
	assert_string_equal(got, want);
	free(got);
}

static void assert_path(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

/* ---- the database --------------------------------------------------------- */

static void test_db_cli_first(void **state)
{
	(void)state;
	setenv("LOFTE_DB", "/env/lofte.db", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	assert_path(paths_database("cli.db", "/ini/lofte.db"), "cli.db");
}

static void test_db_env_before_ini(void **state)
{
	(void)state;
	setenv("LOFTE_DB", "/env/lofte.db", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	assert_path(paths_database(NULL, "/ini/lofte.db"), "/env/lofte.db");
}

static void test_db_ini_before_xdg(void **state)
{
	(void)state;
	setenv("XDG_DATA_HOME", "/xdg", 1);
	assert_path(paths_database(NULL, "/ini/lofte.db"), "/ini/lofte.db");
}

static void test_db_xdg_data_home(void **state)
{
	(void)state;
	setenv("XDG_DATA_HOME", "/xdg/data", 1);
	assert_path(paths_database(NULL, NULL), "/xdg/data/lofte/lofte.db");
	setenv("XDG_DATA_HOME", "/xdg/data//", 1);
	assert_path(paths_database(NULL, NULL), "/xdg/data/lofte/lofte.db");
}

static void test_db_home_default(void **state)
{
	const char *home = *state;
	assert_home_path(paths_database(NULL, NULL), home, "/.local/share/lofte/lofte.db");
}

/* The XDG spec: a relative value is invalid and ignored. */
static void test_db_relative_xdg_ignored(void **state)
{
	const char *home = *state;
	setenv("XDG_DATA_HOME", "data", 1);
	assert_home_path(paths_database(NULL, NULL), home, "/.local/share/lofte/lofte.db");
	setenv("XDG_DATA_HOME", "./data", 1);
	assert_home_path(paths_database(NULL, NULL), home, "/.local/share/lofte/lofte.db");
}

/* Empty counts as unset, everywhere. */
static void test_db_empty_values_unset(void **state)
{
	const char *home = *state;
	setenv("LOFTE_DB", "", 1);
	setenv("XDG_DATA_HOME", "", 1);
	assert_home_path(paths_database("", ""), home, "/.local/share/lofte/lofte.db");
	assert_path(paths_database("", "/ini.db"), "/ini.db");
}

static void test_db_relative_cli_kept(void **state)
{
	(void)state;
	/* -d and $LOFTE_DB name files as the user wrote them */
	assert_path(paths_database("sub/x.db", NULL), "sub/x.db");
	setenv("LOFTE_DB", "rel.db", 1);
	assert_path(paths_database(NULL, NULL), "rel.db");
}

static void test_db_utf8_path(void **state)
{
	(void)state;
	setenv("XDG_DATA_HOME", "/home/åsa/data", 1);
	assert_path(paths_database(NULL, NULL), "/home/åsa/data/lofte/lofte.db");
}

/* ---- the user's INI file --------------------------------------------------- */

static void test_config_lofte_config_first(void **state)
{
	(void)state;
	setenv("LOFTE_CONFIG", "/env/lofte.ini", 1);
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	assert_path(paths_user_config(), "/env/lofte.ini");
}

static void test_config_xdg_config_home(void **state)
{
	(void)state;
	setenv("XDG_CONFIG_HOME", "/xdg/config", 1);
	assert_path(paths_user_config(), "/xdg/config/lofte/lofte.ini");
}

static void test_config_home_default(void **state)
{
	const char *home = *state;
	assert_home_path(paths_user_config(), home, "/.config/lofte/lofte.ini");
	setenv("LOFTE_CONFIG", "", 1);
	setenv("XDG_CONFIG_HOME", "", 1);
	assert_home_path(paths_user_config(), home, "/.config/lofte/lofte.ini");
}

static void test_config_relative_xdg_ignored(void **state)
{
	const char *home = *state;
	setenv("XDG_CONFIG_HOME", "config", 1);
	assert_home_path(paths_user_config(), home, "/.config/lofte/lofte.ini");
}

static void test_site_config(void **state)
{
	(void)state;
	assert_string_equal(PATHS_SITE_CONFIG, "/etc/lofte/lofte.ini");
}

/* ---- the home folder ------------------------------------------------------- */

static void test_home_from_env(void **state)
{
	const char *home = *state;
	assert_path(paths_home(), home);
}

static void test_home_trailing_slash(void **state)
{
	(void)state;
	setenv("HOME", "/home/anna/", 1);
	assert_path(paths_database(NULL, NULL), "/home/anna/.local/share/lofte/lofte.db");
	setenv("HOME", "/", 1);
	assert_path(paths_user_config(), "/.config/lofte/lofte.ini");
}

/* Without $HOME (or with it empty) the passwd entry tells. */
static void test_home_from_passwd(void **state)
{
	struct passwd *pw = getpwuid(getuid());
	char want[4096];
	(void)state;

	if (!pw || !pw->pw_dir || !*pw->pw_dir) {
		/* cmocka 1.1.5 prints skip() as "not ok" in TAP */
		print_message("# skipped: no passwd home for this uid\n");
		return;
	}
	snprintf(want, sizeof want, "%s", pw->pw_dir);
	unsetenv("HOME");
	assert_path(paths_home(), want);
	setenv("HOME", "", 1);
	assert_path(paths_home(), want);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_db_cli_first),
		T(test_db_env_before_ini),
		T(test_db_ini_before_xdg),
		T(test_db_xdg_data_home),
		T(test_db_home_default),
		T(test_db_relative_xdg_ignored),
		T(test_db_empty_values_unset),
		T(test_db_relative_cli_kept),
		T(test_db_utf8_path),
		T(test_config_lofte_config_first),
		T(test_config_xdg_config_home),
		T(test_config_home_default),
		T(test_config_relative_xdg_ignored),
		T(test_site_config),
		T(test_home_from_env),
		T(test_home_trailing_slash),
		T(test_home_from_passwd),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
