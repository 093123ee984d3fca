/* fileperm.c - warnings for files that someone else could change.
 *
 * The INI file names the editor command that lofte runs, and the
 * database holds everybody's texts: a file that every user may write,
 * or that belongs to someone outside the group it is shared with, lets
 * a stranger change what lofte does or shows. */
#include "fileperm.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"

/* Messages come from the i18n table. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/* getpwuid_r and getgrgid_r may ask for more room than sysconf says. */
#define NSS_BUF_MAX (1024 * 1024)

static void say(fileperm_warn_fn warn, void *ctx, enum msg m, ...)
{
	va_list ap;
	va_start(ap, m);
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_vaddf(&sb, tr(m), ap);
	va_end(ap);
	warn(ctx, sb.buf);
	strbuf_free(&sb);
}

/* The login of uid into name (its number when it has none); whether
 * it is a member of gid, as its primary group or listed in the group. */
static bool member_of_group(uid_t uid, gid_t gid, char *name, size_t size)
{
	snprintf(name, size, "%lu", (unsigned long)uid);
	bool member = false;
	char *login = NULL;
	for (size_t n = 1024; n <= NSS_BUF_MAX; n *= 2) {
		struct passwd pw, *found = NULL;
		char *buf = xmalloc(n);
		int err = getpwuid_r(uid, &pw, buf, n, &found);
		if (err == 0 && found) {
			snprintf(name, size, "%s", found->pw_name);
			login = xstrdup(found->pw_name);
			member = found->pw_gid == gid;
		}
		free(buf);
		if (err != ERANGE)
			break;
	}
	for (size_t n = 1024; !member && login && n <= NSS_BUF_MAX; n *= 2) {
		struct group gr, *found = NULL;
		char *buf = xmalloc(n);
		int err = getgrgid_r(gid, &gr, buf, n, &found);
		for (char **m = err == 0 && found ? found->gr_mem : NULL; m && *m; m++)
			member |= strcmp(*m, login) == 0;
		free(buf);
		if (err != ERANGE)
			break;
	}
	free(login);
	return member;
}

static void group_name(gid_t gid, char *out, size_t size)
{
	snprintf(out, size, "%lu", (unsigned long)gid);
	char buf[4096];
	struct group gr, *found = NULL;
	if (getgrgid_r(gid, &gr, buf, sizeof buf, &found) == 0 && found)
		snprintf(out, size, "%s", found->gr_name);
}

int fileperm_check_file(const char *path, fileperm_warn_fn warn, void *ctx)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return 0;
	int n = 0;
	if (sb.st_mode & S_IWOTH) {
		say(warn, ctx, M_WARN_WORLD_WRITABLE, path, (unsigned)(sb.st_mode & 07777), path);
		n++;
	}
	char owner[64], group[64];
	if (sb.st_uid != 0 && sb.st_uid != getuid() &&
	    !member_of_group(sb.st_uid, sb.st_gid, owner, sizeof owner)) {
		group_name(sb.st_gid, group, sizeof group);
		say(warn, ctx, M_WARN_FOREIGN_OWNER, path, owner, group);
		n++;
	}
	return n;
}

int fileperm_check_database(const char *path, fileperm_warn_fn warn, void *ctx)
{
	if (strcmp(path, ":memory:") == 0)
		return 0;
	int n = fileperm_check_file(path, warn, ctx);
	/* SQLite gives the -wal and -shm files the database's mode and, run
	 * by root, its owner: they only need a word when they differ. */
	const char *suffix[] = {"-wal", "-shm"};
	for (size_t k = 0; n == 0 && k < 2; k++) {
		struct strbuf p;
		strbuf_init(&p);
		strbuf_addf(&p, "%s%s", path, suffix[k]);
		n += fileperm_check_file(p.buf, warn, ctx);
		strbuf_free(&p);
	}
	const char *slash = strrchr(path, '/');
	char *dir = !slash ? xstrdup(".") : slash == path ? xstrdup("/")
	                                                  : xstrndup(path, (size_t)(slash - path));
	struct stat sb;
	if (stat(dir, &sb) == 0 && (sb.st_mode & S_IWOTH) && !(sb.st_mode & S_ISVTX)) {
		say(warn, ctx, M_WARN_OPEN_FOLDER, dir, path, dir);
		n++;
	}
	free(dir);
	return n;
}
