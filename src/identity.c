/* identity.c - who is running lofte.  The login always comes from the
 * operating system, so every saved text records the account that made
 * it whatever the INI file claims; only the display name and the
 * department may come from the INI file. */
#include "identity.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

/* getpwuid_r may ask for more room than sysconf promises (large
 * directory entries over NSS); give up beyond this. */
#define PASSWD_BUF_MAX (1024 * 1024)

/* s[0..n) as UTF-8 without control characters.  Older Swedish systems
 * kept GECOS in ISO 8859-1 ("\xC5sa" for Åsa): bytes that are not
 * valid UTF-8 are read as Latin-1, whose code points are the bytes. */
static void add_clean(struct strbuf *sb, const char *s, size_t n)
{
	int latin1 = !utf8_valid(s, n, NULL);
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp = u[i];
		len = latin1 ? 1 : utf8_next(s + i, n - i, &cp);
		if (text_is_control(cp))
			continue;
		if (latin1)
			utf8_put(sb, cp);
		else
			strbuf_add(sb, s + i, len);
	}
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

char *identity_gecos_name(const char *gecos)
{
	struct strbuf sb;
	size_t start = 0;

	if (!gecos)
		return NULL;
	strbuf_init(&sb);
	add_clean(&sb, gecos, strcspn(gecos, ","));
	while (start < sb.len && is_blank(sb.buf[start]))
		start++;
	while (sb.len > start && is_blank(sb.buf[sb.len - 1]))
		sb.buf[--sb.len] = '\0';
	char *name = start < sb.len ? xstrdup(sb.buf + start) : NULL;
	strbuf_free(&sb);
	return name;
}

/* The login and GECOS field of the real uid from passwd; returns 0 when
 * there is no entry (a container's uid, a broken NSS). */
static int identity_passwd(char **login, char **gecos)
{
	long hint = sysconf(_SC_GETPW_R_SIZE_MAX);
	size_t size = hint > 0 ? (size_t)hint : 1024;

	for (;;) {
		struct passwd pw, *found = NULL;
		char *buf = xmalloc(size);
		int err = getpwuid_r(getuid(), &pw, buf, size, &found);
		int ok = err == 0 && found && found->pw_name && *found->pw_name;
		if (ok) {
			*login = xstrdup(found->pw_name);
			*gecos = xstrdup(found->pw_gecos ? found->pw_gecos : "");
		}
		free(buf);
		if (ok || err != ERANGE || size >= PASSWD_BUF_MAX)
			return ok;
		size *= 2;
	}
}

/* Without a passwd entry there is nothing better than $USER, and
 * failing that the number itself. */
static char *identity_fallback_login(void)
{
	const char *user = getenv("USER");
	char buf[32];

	if (user && *user)
		return xstrdup(user);
	snprintf(buf, sizeof buf, "uid%lu", (unsigned long)getuid());
	return xstrdup(buf);
}

void identity_resolve(struct identity *id, const struct config *cfg)
{
	char *gecos = NULL, *gecos_name = NULL;

	if (!identity_passwd(&id->login, &gecos))
		id->login = identity_fallback_login();
	if (cfg && cfg->name && *cfg->name)
		id->name = xstrdup(cfg->name);
	else if ((gecos_name = identity_gecos_name(gecos)) != NULL)
		id->name = gecos_name;
	else
		id->name = xstrdup(id->login);
	id->department = xstrdup(cfg && cfg->department ? cfg->department : "");
	free(gecos);
}

void identity_free(struct identity *id)
{
	free(id->login);
	free(id->name);
	free(id->department);
	id->login = id->name = id->department = NULL;
}
