/* paths.c - where lofte finds its files: the XDG base directories with
 * lofte's own overrides, as interface.md orders them. */
#include "paths.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strbuf.h"
#include "xalloc.h"

/* getpwuid_r may ask for more room than sysconf promises (large
 * directory entries over NSS); give up beyond this. */
#define PASSWD_BUF_MAX (1024 * 1024)

/* An environment variable, or NULL when it is unset or empty: POSIX
 * shells cannot tell the two apart easily, so neither may select. */
static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* The XDG spec says a relative $XDG_* value is invalid and must be
 * ignored, so that a stray "XDG_DATA_HOME=data" never scatters files
 * relative to whatever folder lofte was started in. */
static const char *env_xdg(const char *name)
{
	const char *v = env_nonempty(name);
	return v && v[0] == '/' ? v : NULL;
}

/* dir + "/" + rest, without doubling the slash when dir ends in one. */
static char *path_join(const char *dir, const char *rest)
{
	size_t n = strlen(dir);
	while (n > 0 && dir[n - 1] == '/')
		n--;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_add(&sb, dir, n);
	strbuf_addc(&sb, '/');
	strbuf_adds(&sb, rest);
	return strbuf_detach(&sb);
}

/* The home folder in the passwd entry of the real uid, or NULL. */
static char *paths_passwd_home(void)
{
	long hint = sysconf(_SC_GETPW_R_SIZE_MAX);
	size_t size = hint > 0 ? (size_t)hint : 1024;
	char *home = NULL;

	for (;;) {
		struct passwd pw, *found = NULL;
		char *buf = xmalloc(size);
		int err = getpwuid_r(getuid(), &pw, buf, size, &found);
		if (err == 0 && found && found->pw_dir && *found->pw_dir)
			home = xstrdup(found->pw_dir);
		free(buf);
		if (err != ERANGE || size >= PASSWD_BUF_MAX)
			return home;
		size *= 2;
	}
}

char *paths_home(void)
{
	const char *home = env_nonempty("HOME");
	if (home)
		return xstrdup(home);
	char *pw_home = paths_passwd_home();
	/* No home anywhere (a daemon's uid without an entry): "/" makes the
	 * later mkdir fail with a message that names the path. */
	return pw_home ? pw_home : xstrdup("/");
}

/* $var/rest when var holds an absolute path, else ~/home_rel/rest. */
static char *paths_xdg(const char *var, const char *home_rel, const char *rest)
{
	const char *base = env_xdg(var);
	if (base)
		return path_join(base, rest);
	char *home = paths_home();
	char *dir = path_join(home, home_rel);
	char *path = path_join(dir, rest);
	free(dir);
	free(home);
	return path;
}

char *paths_database(const char *cli_path, const char *ini_path)
{
	/* An empty -d or ini value counts as not set, like an empty
	 * variable; the command line should reject -d "" before this. */
	if (cli_path && *cli_path)
		return xstrdup(cli_path);
	const char *env = env_nonempty("LOFTE_DB");
	if (env)
		return xstrdup(env);
	if (ini_path && *ini_path)
		return xstrdup(ini_path);
	return paths_xdg("XDG_DATA_HOME", ".local/share", "lofte/lofte.db");
}

char *paths_user_config(void)
{
	const char *env = env_nonempty("LOFTE_CONFIG");
	if (env)
		return xstrdup(env);
	return paths_xdg("XDG_CONFIG_HOME", ".config", "lofte/lofte.ini");
}

char *paths_state_dir(void)
{
	return paths_xdg("XDG_STATE_HOME", ".local/state", "lofte");
}

const char *paths_temp_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	return tmp && *tmp ? tmp : "/tmp";
}
