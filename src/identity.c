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
#include "xalloc.h"

/* getpwuid_r may ask for more room than sysconf promises (large
 * directory entries over NSS); give up beyond this. */
#define PASSWD_BUF_MAX (1024 * 1024)

/* The length of the valid UTF-8 sequence at s (n > 0 bytes left) and
 * its code point, or 0 when invalid (overlong forms, surrogates). */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, min = 0x80, c &= 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, min = 0x800, c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

static int utf8_valid_n(const char *s, size_t n)
{
	unsigned cp;
	for (size_t i = 0, len; i < n; i += len)
		if ((len = utf8_seq((const unsigned char *)s + i, n - i, &cp)) == 0)
			return 0;
	return 1;
}

/* C0, DEL and C1: a name is shown on terminals and stored with texts. */
static int is_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

static void add_utf8(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80) {
		strbuf_addc(sb, (char)cp);
	} else {
		strbuf_addc(sb, (char)(0xC0 | cp >> 6));
		strbuf_addc(sb, (char)(0x80 | (cp & 0x3F)));
	}
}

/* s[0..n) as UTF-8 without control characters.  Older Swedish systems
 * kept GECOS in ISO 8859-1 ("\xC5sa" for Åsa): bytes that are not
 * valid UTF-8 are read as Latin-1, whose code points are the bytes. */
static void add_clean(struct strbuf *sb, const char *s, size_t n)
{
	int latin1 = !utf8_valid_n(s, n);
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0, len; i < n; i += len) {
		unsigned cp = u[i];
		len = latin1 ? 1 : utf8_seq(u + i, n - i, &cp);
		if (is_control(cp))
			continue;
		if (latin1)
			add_utf8(sb, cp);
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
