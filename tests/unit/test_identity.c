/* test_identity.c - who is running lofte: the GECOS name, the fallback
 * order of the display name, the department and the login.
 *
 * The passwd database is replaced by getpwuid_r() below: a definition
 * in the test program comes before the C library's, so identity.c sees
 * exactly the entry each test sets up, on any machine. */
#include "testutil.h"

#include <errno.h>
#include <pwd.h>

#include "config.h"
#include "identity.h"

/* ---- the fake passwd entry ------------------------------------------------ */

static struct {
	int present;          /* else: no entry for the uid */
	int error;            /* returned instead of an entry, when not 0 */
	const char *name;
	const char *gecos;
	size_t need;          /* ERANGE below this buffer size */
	int calls;
} fake;

static int copy_field(char **field, const char *s, char **buf, size_t *left)
{
	size_t n = strlen(s) + 1;
	if (n > *left)
		return -1;
	memcpy(*buf, s, n);
	*field = *buf;
	*buf += n;
	*left -= n;
	return 0;
}

int getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t buflen,
               struct passwd **result)
{
	fake.calls++;
	*result = NULL;
	if (fake.error)
		return fake.error;
	if (!fake.present)
		return 0;
	if (buflen < fake.need)
		return ERANGE;
	memset(pwd, 0, sizeof *pwd);
	pwd->pw_uid = uid;
	if (copy_field(&pwd->pw_name, fake.name, &buf, &buflen) ||
	    copy_field(&pwd->pw_gecos, fake.gecos, &buf, &buflen) ||
	    copy_field(&pwd->pw_dir, "/home/fake", &buf, &buflen) ||
	    copy_field(&pwd->pw_shell, "/bin/sh", &buf, &buflen) ||
	    copy_field(&pwd->pw_passwd, "x", &buf, &buflen))
		return ERANGE;
	*result = pwd;
	return 0;
}

static void fake_entry(const char *name, const char *gecos)
{
	memset(&fake, 0, sizeof fake);
	fake.present = 1;
	fake.name = name;
	fake.gecos = gecos;
}

static int setup(void **state)
{
	(void)state;
	fake_entry("anna", "Anna Andersson,Room 12,036-101010,,");
	setenv("USER", "env-user", 1);
	return 0;
}

/* ---- identity_gecos_name -------------------------------------------------- */

static void assert_gecos(const char *gecos, const char *want)
{
	char *got = identity_gecos_name(gecos);
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_gecos_full_name(void **state)
{
	(void)state;
	assert_gecos("Anna Andersson,,,", "Anna Andersson");
	assert_gecos("Anna Andersson,Room 12,036-101010,,", "Anna Andersson");
	assert_gecos("Anna Andersson", "Anna Andersson");
	assert_gecos("  Anna Andersson\t ,,,", "Anna Andersson");
	assert_gecos("Örjan Åström-Ärlig", "Örjan Åström-Ärlig");
}

static void test_gecos_empty(void **state)
{
	(void)state;
	assert_gecos(NULL, NULL);
	assert_gecos("", NULL);
	assert_gecos(",,,", NULL);
	assert_gecos("   ,Room 12,,", NULL);
	assert_gecos(" \t ", NULL);
}

/* Old systems kept GECOS in ISO 8859-1. */
static void test_gecos_latin1(void **state)
{
	(void)state;
	assert_gecos("\xD6rjan \xC5str\xF6m,,,", "Örjan Åström");
}

/* A name is shown on terminals: no escape sequences get through. */
static void test_gecos_control_characters(void **state)
{
	(void)state;
	assert_gecos("Anna\x1b[31m Andersson\x7f,,,", "Anna[31m Andersson");
	assert_gecos("\x1b\x07,x", NULL);
	assert_gecos("Anna \xC2\x9B" "Andersson", "Anna Andersson");   /* C1 CSI */
}

/* ---- identity_resolve ------------------------------------------------------ */

static void test_name_from_config_first(void **state)
{
	struct config cfg;
	struct identity id;
	(void)state;

	config_init(&cfg);
	cfg.name = strdup("Anna A. från INI");
	identity_resolve(&id, &cfg);
	assert_string_equal(id.name, "Anna A. från INI");
	assert_string_equal(id.login, "anna");
	identity_free(&id);
	config_free(&cfg);
}

static void test_name_from_gecos_second(void **state)
{
	struct config cfg;
	struct identity id;
	(void)state;

	identity_resolve(&id, NULL);
	assert_string_equal(id.name, "Anna Andersson");
	identity_free(&id);

	config_init(&cfg);           /* a config without a name */
	identity_resolve(&id, &cfg);
	assert_string_equal(id.name, "Anna Andersson");
	identity_free(&id);

	cfg.name = strdup("");       /* an empty name is no name */
	identity_resolve(&id, &cfg);
	assert_string_equal(id.name, "Anna Andersson");
	identity_free(&id);
	config_free(&cfg);
}

static void test_name_from_login_last(void **state)
{
	struct identity id;
	(void)state;

	fake_entry("bosse", "");
	identity_resolve(&id, NULL);
	assert_string_equal(id.name, "bosse");
	identity_free(&id);

	fake_entry("bosse", " ,Rum 3,,");
	identity_resolve(&id, NULL);
	assert_string_equal(id.name, "bosse");
	identity_free(&id);
}

static void test_department(void **state)
{
	struct config cfg;
	struct identity id;
	(void)state;

	identity_resolve(&id, NULL);
	assert_string_equal(id.department, "");
	identity_free(&id);

	config_init(&cfg);
	identity_resolve(&id, &cfg);
	assert_string_equal(id.department, "");
	identity_free(&id);

	cfg.department = strdup("Jönköpings kommun");
	identity_resolve(&id, &cfg);
	assert_string_equal(id.department, "Jönköpings kommun");
	identity_free(&id);
	config_free(&cfg);
}

/* Whatever the INI file says, the login is the account's. */
static void test_login_not_from_config(void **state)
{
	struct config cfg;
	struct identity id;
	(void)state;

	config_init(&cfg);
	cfg.name = strdup("bosse");
	cfg.department = strdup("Polisen");
	identity_resolve(&id, &cfg);
	assert_string_equal(id.login, "anna");
	assert_string_equal(id.name, "bosse");
	identity_free(&id);
	config_free(&cfg);
}

static void test_login_without_passwd_entry(void **state)
{
	struct identity id;
	char want[32];
	(void)state;

	fake.present = 0;
	identity_resolve(&id, NULL);
	assert_string_equal(id.login, "env-user");
	assert_string_equal(id.name, "env-user");
	identity_free(&id);

	unsetenv("USER");
	snprintf(want, sizeof want, "uid%lu", (unsigned long)getuid());
	identity_resolve(&id, NULL);
	assert_string_equal(id.login, want);
	assert_string_equal(id.name, want);
	identity_free(&id);

	setenv("USER", "", 1);
	identity_resolve(&id, NULL);
	assert_string_equal(id.login, want);
	identity_free(&id);
}

static void test_login_passwd_error(void **state)
{
	struct identity id;
	(void)state;

	fake.error = EIO;
	identity_resolve(&id, NULL);
	assert_string_equal(id.login, "env-user");
	identity_free(&id);
}

/* A small buffer makes getpwuid_r say ERANGE: ask again with more. */
static void test_passwd_buffer_grows(void **state)
{
	struct identity id;
	(void)state;

	fake.need = 64 * 1024;
	identity_resolve(&id, NULL);
	assert_string_equal(id.login, "anna");
	assert_string_equal(id.name, "Anna Andersson");
	assert_true(fake.calls >= 2);
	identity_free(&id);
}

/* Beyond any sensible size, give up and fall back rather than loop. */
static void test_passwd_buffer_limit(void **state)
{
	struct identity id;
	(void)state;

	fake.need = (size_t)-1;
	identity_resolve(&id, NULL);
	assert_string_equal(id.login, "env-user");
	assert_true(fake.calls < 40);
	identity_free(&id);
}

static void test_free_clears(void **state)
{
	struct identity id;
	(void)state;

	identity_resolve(&id, NULL);
	identity_free(&id);
	assert_null(id.login);
	assert_null(id.name);
	assert_null(id.department);
	identity_free(&id);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, NULL)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_gecos_full_name),
		T(test_gecos_empty),
		T(test_gecos_latin1),
		T(test_gecos_control_characters),
		T(test_name_from_config_first),
		T(test_name_from_gecos_second),
		T(test_name_from_login_last),
		T(test_department),
		T(test_login_not_from_config),
		T(test_login_without_passwd_entry),
		T(test_login_passwd_error),
		T(test_passwd_buffer_grows),
		T(test_passwd_buffer_limit),
		T(test_free_clears),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
