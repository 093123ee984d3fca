/* config.c - the INI file, read with iniparser and checked strictly.
 *
 * iniparser 4.1 is a thin tool: it gives no line numbers, cuts a value at
 * an unquoted ';' or '#' (so a path or name holding one must be written
 * in quotes: path = "/srv/a;b.db"; there are no escapes inside quotes),
 * joins a line ending in '\' with the next, lower-cases section and key
 * names and lets the last of two equal keys win.  Its getint/getboolean/
 * getdouble dereference NULL when a key is named like a section
 * (CVE-2023-33461), so only iniparser_getstring is called, through
 * ini_get(), and every value is parsed here.
 *
 * So each file goes through four steps: its bytes are checked (UTF-8,
 * no NUL or control characters, no line iniparser would refuse), then
 * iniparser loads it, then a scan of the text that mirrors iniparser's
 * line rules finds every section and key with its line number (for
 * warnings and messages), and finally the table below turns each known
 * key into its field of struct config.  The site file goes through all of
 * it even where the user's file overrides its keys, so that a broken site
 * file is found at once and not by the first user who relies on it.
 *
 * A section named like a key ([ui:color]) is an error: iniparser stores
 * it as the entry "ui:color" with no value, the same entry as color in
 * [ui], so it would silently unset or take that key's value.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <iniparser/iniparser.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

/* iniparser reads lines into a 1024-byte buffer with fgets: a line of
 * 1023 bytes or more (its CR, but not its LF, counted) fails the load. */
#define INI_LINE_MAX 1022
/* A configuration file is a few hundred bytes; anything near this is a
 * wrong path, and reading it whole would only waste memory. */
#define CONFIG_SIZE_MAX (1024 * 1024)
/* How much of a value or line an error message quotes. */
#define SHOWN_MAX 60

/* ---- the table of known keys -------------------------------------- */

struct conf_opt;
/* Stores val in target; returns 0, or -1 when val is not allowed. */
typedef int (*conf_parse_fn)(const struct conf_opt *opt, const char *val,
                             void *target);

struct conf_opt {
	const char *section;
	const char *key;
	conf_parse_fn parse;
	size_t offset;               /* of the target in struct config */
	const char *const *choices;  /* allowed values in enum order, or NULL */
};

/* Indexed by the enums of config.h. */
static const char *const role_names[] = { "editor", "reviewer", "viewer", NULL };
static const char *const language_names[] = { "sv", "en", NULL };
static const char *const color_names[] = { "auto", "always", "never", NULL };
static const char *const theme_names[] = { "default", "high-contrast", "monochrome", NULL };

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* strcasecmp depends on the locale (Turkish i); names here are ASCII. */
static int ascii_casecmp(const char *a, const char *b)
{
	while (*a && ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return ascii_lower((unsigned char)*a) - ascii_lower((unsigned char)*b);
}

/* The index of val among choices, or -1. */
static int conf_choice(const char *const *choices, const char *val)
{
	for (int i = 0; choices[i]; i++)
		if (ascii_casecmp(choices[i], val) == 0)
			return i;
	return -1;
}

/* Free text.  An empty value means "not set", so that "name =" in the
 * user's file leaves the site's name (or the passwd name) in force. */
static int conf_parse_text(const struct conf_opt *opt, const char *val, void *target)
{
	char **field = target;
	(void)opt;
	if (!*val)
		return 0;
	free(*field);
	*field = xstrdup(val);
	return 0;
}

/* One of the allowed words, stored as its index in an enum field. */
static int conf_parse_choice(const struct conf_opt *opt, const char *val, void *target)
{
	_Static_assert(sizeof(enum role) == sizeof(int) && sizeof(enum ui_language) == sizeof(int) &&
	               sizeof(enum color_mode) == sizeof(int) && sizeof(enum ui_theme) == sizeof(int),
	               "choice fields are int-sized enums");
	int i = conf_choice(opt->choices, val);
	if (i < 0)
		return -1;
	memcpy(target, &i, sizeof i);
	return 0;
}

static const struct conf_opt confmap[] = {
	{ "user", "name", conf_parse_text, offsetof(struct config, name), NULL },
	{ "user", "department", conf_parse_text, offsetof(struct config, department), NULL },
	{ "user", "role", conf_parse_choice, offsetof(struct config, role), role_names },
	{ "database", "path", conf_parse_text, offsetof(struct config, db_path), NULL },
	{ "database", "municipality", conf_parse_text, offsetof(struct config, municipality), NULL },
	{ "ui", "language", conf_parse_choice, offsetof(struct config, language), language_names },
	{ "ui", "color", conf_parse_choice, offsetof(struct config, color), color_names },
	{ "ui", "theme", conf_parse_choice, offsetof(struct config, theme), theme_names },
	{ "ui", "editor", conf_parse_text, offsetof(struct config, editor), NULL },
};
#define CONFMAP_LEN (sizeof confmap / sizeof confmap[0])

static const struct conf_opt *conf_find(const char *section, const char *key)
{
	for (size_t i = 0; i < CONFMAP_LEN; i++)
		if (!strcmp(confmap[i].section, section) && !strcmp(confmap[i].key, key))
			return &confmap[i];
	return NULL;
}

static int conf_known_section(const char *section)
{
	for (size_t i = 0; i < CONFMAP_LEN; i++)
		if (!strcmp(confmap[i].section, section))
			return 1;
	return 0;
}

/* ---- messages ------------------------------------------------------ */

/* s as an error message may quote it: at most SHOWN_MAX bytes, cut at a
 * character boundary and ending in "...", with '?' for anything a
 * terminal would act on.  Returns buf. */
static const char *shown(char *buf, size_t size, const char *s, size_t n)
{
	size_t i = 0, o = 0;

	while (i < n) {
		uint32_t cp = 0;
		size_t len = utf8_next(s + i, n - i, &cp);
		int bad = len == 0 || (cp != '\t' && text_is_control(cp));
		size_t out = bad ? 1 : len;
		if (o + out > SHOWN_MAX || o + out + 4 > size) {
			snprintf(buf + o, size - o, "...");
			return buf;
		}
		if (bad)
			buf[o] = '?';
		else
			memcpy(buf + o, s + i, len);
		o += out;
		i += len ? len : 1;
	}
	buf[o] = '\0';
	return buf;
}

#define SHOWN_SIZE (SHOWN_MAX + 4)
#define SHOWN(buf, s) shown((buf), sizeof (buf), (s), strlen(s))

/* "path:line: " (or "path: " when line is 0) and the message. */
static void config_vformat(struct strbuf *sb, const char *path, int line,
                           const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

static void config_vformat(struct strbuf *sb, const char *path, int line,
                           const char *fmt, va_list ap)
{
	if (line > 0)
		strbuf_addf(sb, "%s:%d: ", path, line);
	else
		strbuf_addf(sb, "%s: ", path);
	strbuf_vaddf(sb, fmt, ap);
}

static enum lofte_rc config_error(struct lerr *e, const char *path, int line,
                                  const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum lofte_rc config_error(struct lerr *e, const char *path, int line,
                                  const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	va_start(ap, fmt);
	config_vformat(&sb, path, line, fmt, ap);
	va_end(ap);
	lerr_set(e, RC_USAGE, "%s", sb.buf);
	strbuf_free(&sb);
	return RC_USAGE;
}

struct config_warner {
	config_warn_fn fn;
	void *ctx;
};

static void config_warn(const struct config_warner *w, const char *path, int line,
                        const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void config_warn(const struct config_warner *w, const char *path, int line,
                        const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	if (!w->fn)
		return;
	strbuf_init(&sb);
	va_start(ap, fmt);
	config_vformat(&sb, path, line, fmt, ap);
	va_end(ap);
	w->fn(w->ctx, sb.buf);
	strbuf_free(&sb);
}

/* ---- one INI file ---------------------------------------------------- */

/* A section header (key NULL) or a key, as iniparser names them. */
struct ini_entry {
	char *section;
	char *key;
	int line;
};

struct ini_file {
	const char *path;
	int missing;            /* the file does not exist (and may not) */
	char *text;             /* its bytes, NUL-terminated */
	size_t len;
	dictionary *dict;
	struct ini_entry *entries;
	size_t n_entries, cap_entries;
};

static void ini_file_free(struct ini_file *f)
{
	for (size_t i = 0; i < f->n_entries; i++) {
		free(f->entries[i].section);
		free(f->entries[i].key);
	}
	free(f->entries);
	free(f->text);
	if (f->dict)
		iniparser_freedict(f->dict);
	*f = (struct ini_file){ 0 };
}

/* The only way values leave iniparser (see the top of the file).  A
 * section entry has a NULL value, which reads as "not set". */
static const char *ini_get(const dictionary *d, const char *key)
{
	return iniparser_getstring(d, key, NULL);
}

static enum lofte_rc ini_cannot_read(struct lerr *e, const char *path, int err,
                                     const char *required_by)
{
	if (required_by && *required_by)
		return config_error(e, path, 0, "cannot read: %s (named by %s)",
		                    strerror(err), required_by);
	return config_error(e, path, 0, "cannot read: %s", strerror(err));
}

static enum lofte_rc ini_read_fd(struct ini_file *f, int fd, struct lerr *e)
{
	struct strbuf sb;
	char chunk[4096];
	ssize_t n;

	strbuf_init(&sb);
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;
			strbuf_free(&sb);
			return ini_cannot_read(e, f->path, err, NULL);
		}
		if (sb.len + (size_t)n > CONFIG_SIZE_MAX) {
			strbuf_free(&sb);
			return config_error(e, f->path, 0,
			                    "too large for a configuration file (over %d bytes)",
			                    CONFIG_SIZE_MAX);
		}
		strbuf_add(&sb, chunk, (size_t)n);
	}
	f->len = sb.len;
	f->text = strbuf_detach(&sb);
	return RC_OK;
}

/* Reads f->path whole.  A missing file sets f->missing, which is an error
 * only when required_by is not NULL ("" for -c, else what named it). */
static enum lofte_rc ini_read(struct ini_file *f, const char *required_by,
                              struct lerr *e)
{
	/* O_NONBLOCK: a FIFO must not hang the program; it is refused below. */
	int fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if ((errno == ENOENT || errno == ENOTDIR) && !required_by) {
			f->missing = 1;
			return RC_OK;
		}
		return ini_cannot_read(e, f->path, errno, required_by);
	}
	struct stat st;
	enum lofte_rc rc;
	if (fstat(fd, &st) != 0)
		rc = ini_cannot_read(e, f->path, errno, NULL);
	else if (S_ISDIR(st.st_mode))
		rc = ini_cannot_read(e, f->path, EISDIR, NULL);
	else if (!S_ISREG(st.st_mode))
		/* iniparser opens the file again by name: a pipe would be
		 * empty the second time. */
		rc = config_error(e, f->path, 0, "cannot read: not a regular file");
	else
		rc = ini_read_fd(f, fd, e);
	close(fd);
	return rc;
}

/* ---- checks before iniparser sees the file ---------------------------- */

/* iniparser's own message for a long line names no length and no limit,
 * and a NUL or a control character would pass through it silently. */
static enum lofte_rc ini_check_lines(const struct ini_file *f, struct lerr *e)
{
	const char *p = f->text, *end = f->text + f->len;
	int line = 1;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		size_t n = (size_t)(eol - p);
		if (n > INI_LINE_MAX)
			return config_error(e, f->path, line,
			                    "line too long (%zu bytes; at most %d are allowed)",
			                    n, INI_LINE_MAX);
		p = eol + 1;
		line++;
	}
	return RC_OK;
}

static enum lofte_rc ini_check_char(const struct ini_file *f, size_t i, unsigned cp,
                                    int line, size_t col, struct lerr *e)
{
	if (cp == 0)
		return config_error(e, f->path, line,
		                    "NUL byte at byte %zu of the line (is this a text file?)", col);
	/* CR is fine as part of a CR LF line end (a file from Windows). */
	if (cp == '\r' && i + 1 < f->len && f->text[i + 1] == '\n')
		return RC_OK;
	if (cp != '\t' && text_is_control(cp))
		return config_error(e, f->path, line,
		                    "control character U+%04X at byte %zu of the line",
		                    cp, col);
	return RC_OK;
}

static enum lofte_rc ini_check_chars(const struct ini_file *f, struct lerr *e)
{
	const unsigned char *s = (const unsigned char *)f->text;
	size_t start = 0;
	int line = 1;

	if (f->len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		return config_error(e, f->path, 1,
		                    "starts with a byte order mark; save it as UTF-8 without BOM");
	for (size_t i = 0; i < f->len;) {
		uint32_t cp = 0;
		size_t n = utf8_next(f->text + i, f->len - i, &cp);
		if (n == 0)
			return config_error(e, f->path, line,
			                    "invalid UTF-8 at byte %zu of the line (save the file as UTF-8)",
			                    i - start + 1);
		if (cp == '\n') {
			line++;
			start = i + 1;
		} else if (ini_check_char(f, i, cp, line, i - start + 1, e) != RC_OK) {
			return RC_USAGE;
		}
		i += n;
	}
	return RC_OK;
}

/* ---- iniparser -------------------------------------------------------- */

/* iniparser prints its errors to stderr unless given a callback, which
 * would break the TUI's screen and the one-line error rule: keep the
 * first message of each load here instead (later ones repeat it for
 * later lines).  The callback stays installed for good. */
static char ini_errmsg[8192];   /* a path, a line and some words */
static int ini_errcount;

static int ini_error_capture(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int ini_error_capture(const char *fmt, ...)
{
	if (ini_errcount++ == 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(ini_errmsg, sizeof ini_errmsg, fmt, ap);
		va_end(ap);
	}
	return 0;
}

/* The line number in iniparser's "iniparser: WHAT in PATH (LINE)...",
 * or 0 when the message is another one. */
static int ini_error_line(const char *what, const char *path)
{
	struct strbuf prefix;
	int line = 0;

	strbuf_init(&prefix);
	strbuf_addf(&prefix, "iniparser: %s in %s (", what, path);
	if (!strncmp(ini_errmsg, prefix.buf, prefix.len)) {
		char *end;
		long n = strtol(ini_errmsg + prefix.len, &end, 10);
		if (*end == ')' && n > 0 && n < 1000000)
			line = (int)n;
	}
	strbuf_free(&prefix);
	return line;
}

/* Line number `line` (from 1) of the file text, or NULL. */
static const char *ini_text_line(const struct ini_file *f, int line, size_t *len)
{
	const char *p = f->text, *end = f->text + f->len;

	for (int i = 1; p < end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		if (i == line) {
			while (eol > p && (eol[-1] == '\r' || eol[-1] == ' ' || eol[-1] == '\t'))
				eol--;
			*len = (size_t)(eol - p);
			return p;
		}
		p = eol + 1;
	}
	return NULL;
}

/* Turns iniparser's failure into one line that names the file and,
 * where iniparser said which, the line and what is on it. */
static enum lofte_rc ini_load_error(const struct ini_file *f, struct lerr *e)
{
	char buf[SHOWN_SIZE];
	size_t len = 0;
	int line = ini_error_line("syntax error", f->path);

	if (line > 0) {
		const char *text = ini_text_line(f, line, &len);
		if (text)
			return config_error(e, f->path, line,
			                    "syntax error: %s (expected key = value, [section] or ; comment)",
			                    shown(buf, sizeof buf, text, len));
		return config_error(e, f->path, line, "syntax error");
	}
	/* Lines are checked before, so this is a line joined to the next
	 * by a trailing '\' that became too long together. */
	line = ini_error_line("input line too long", f->path);
	if (line > 0)
		return config_error(e, f->path, line,
		                    "line too long together with the lines it continues"
		                    " (a '\\' at the end of a line joins the next; at most %d bytes)",
		                    INI_LINE_MAX);
	return config_error(e, f->path, 0, "cannot parse");
}

static enum lofte_rc ini_load(struct ini_file *f, struct lerr *e)
{
	iniparser_set_error_callback(ini_error_capture);
	ini_errcount = 0;
	ini_errmsg[0] = '\0';
	f->dict = iniparser_load(f->path);
	return f->dict ? RC_OK : ini_load_error(f, e);
}

/* ---- the scan: sections and keys with their line numbers ---------------- */

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* s[0..n) without surrounding blanks and lower-cased, as iniparser
 * stores names. */
static char *ini_name(const char *s, size_t n)
{
	while (n > 0 && is_blank((unsigned char)*s))
		s++, n--;
	while (n > 0 && is_blank((unsigned char)s[n - 1]))
		n--;
	char *name = xstrndup(s, n);
	for (char *p = name; *p; p++)
		*p = (char)ascii_lower((unsigned char)*p);
	return name;
}

static void ini_add_entry(struct ini_file *f, const char *section, char *key, int line)
{
	f->entries = xgrow(f->entries, &f->cap_entries, f->n_entries + 1,
	                   sizeof *f->entries);
	f->entries[f->n_entries++] = (struct ini_entry){ xstrdup(section), key, line };
}

/* One logical line (right-trimmed) that began on physical line `line`;
 * *section is the current section.  Same rules as iniparser_line(). */
static void ini_scan_line(struct ini_file *f, const char *s, int line, char **section)
{
	size_t n;

	while (is_blank((unsigned char)*s))
		s++;
	n = strlen(s);
	if (n == 0 || *s == '#' || *s == ';')
		return;
	if (*s == '[' && s[n - 1] == ']') {
		const char *close = strchr(s, ']');
		free(*section);
		*section = ini_name(s + 1, (size_t)(close - s - 1));
		ini_add_entry(f, *section, NULL, line);
		return;
	}
	const char *eq = strchr(s, '=');
	if (eq)   /* without '=' iniparser has refused the file already */
		ini_add_entry(f, *section, ini_name(s, (size_t)(eq - s)), line);
}

/* Splits the text into lines as iniparser does, joining a line that ends
 * in '\' (after trailing blanks) with the next one; iniparser drops such
 * a line at the end of the file, and so does this. */
static void ini_scan(struct ini_file *f)
{
	const char *p = f->text, *end = f->text + f->len;
	char *section = xstrdup("");
	struct strbuf logical;
	int line = 0, first = 0;

	strbuf_init(&logical);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		line++;
		/* iniparser skips a line of at most one byte, newline
		 * included: a last line "=" without a newline is no key. */
		if (logical.len == 0 && (size_t)(eol - p) + (nl != NULL) <= 1) {
			p = eol + 1;
			continue;
		}
		if (logical.len == 0)
			first = line;
		strbuf_add(&logical, p, (size_t)(eol - p));
		while (logical.len > 0 && is_blank((unsigned char)logical.buf[logical.len - 1]))
			logical.buf[--logical.len] = '\0';
		p = eol + 1;
		if (logical.len > 0 && logical.buf[logical.len - 1] == '\\') {
			logical.buf[--logical.len] = '\0';
			continue;
		}
		ini_scan_line(f, logical.buf, first, &section);
		strbuf_reset(&logical);
	}
	strbuf_free(&logical);
	free(section);
}

/* The line of the entry iniparser keeps for section:key (the last one),
 * or 0. */
static int ini_key_line(const struct ini_file *f, const char *section, const char *key)
{
	for (size_t i = f->n_entries; i-- > 0;) {
		const struct ini_entry *en = &f->entries[i];
		if (en->key && !strcmp(en->section, section) && !strcmp(en->key, key))
			return en->line;
	}
	return 0;
}

/* ---- checking names ---------------------------------------------------- */

static enum lofte_rc config_check_section(const struct ini_file *f,
                                          const struct ini_entry *en,
                                          const struct config_warner *w,
                                          struct lerr *e)
{
	char buf[SHOWN_SIZE];

	if (!*en->section)
		return config_error(e, f->path, en->line, "empty section name");
	/* iniparser stores a key as "section:key", so [ui:color] would be
	 * the same entry as color in [ui] and silently replace its value. */
	if (strchr(en->section, ':'))
		return config_error(e, f->path, en->line,
		                    "section [%s] is not allowed: ':' in a section name"
		                    " clashes with the keys of other sections",
		                    SHOWN(buf, en->section));
	if (!conf_known_section(en->section))
		config_warn(w, f->path, en->line, "unknown section [%s] (ignored)",
		            SHOWN(buf, en->section));
	return RC_OK;
}

static void config_check_key(const struct ini_file *f, size_t i,
                             const struct config_warner *w)
{
	const struct ini_entry *en = &f->entries[i];
	char sec[SHOWN_SIZE], key[SHOWN_SIZE];

	if (!*en->section) {
		config_warn(w, f->path, en->line, "key %s outside any section (ignored)",
		            SHOWN(key, en->key));
		return;
	}
	if (!conf_known_section(en->section))
		return;   /* its section got the warning */
	if (!conf_find(en->section, en->key)) {
		config_warn(w, f->path, en->line, "unknown key [%s] %s (ignored)",
		            SHOWN(sec, en->section), SHOWN(key, en->key));
		return;
	}
	for (size_t j = 0; j < i; j++) {
		const struct ini_entry *old = &f->entries[j];
		if (old->key && !strcmp(old->section, en->section) && !strcmp(old->key, en->key)) {
			config_warn(w, f->path, en->line,
			            "[%s] %s is set again (first on line %d; this value is used)",
			            en->section, en->key, old->line);
			return;
		}
	}
}

static enum lofte_rc config_check_names(const struct ini_file *f,
                                        const struct config_warner *w,
                                        struct lerr *e)
{
	for (size_t i = 0; i < f->n_entries; i++) {
		if (f->entries[i].key)
			config_check_key(f, i, w);
		else if (config_check_section(f, &f->entries[i], w, e) != RC_OK)
			return RC_USAGE;
	}
	return RC_OK;
}

/* ---- values ------------------------------------------------------------- */

static enum lofte_rc config_bad_value(const struct ini_file *f, const struct conf_opt *o,
                                      const char *val, struct lerr *e)
{
	struct strbuf allowed;
	char buf[SHOWN_SIZE];

	strbuf_init(&allowed);
	for (int i = 0; o->choices[i]; i++)
		strbuf_addf(&allowed, "%s%s", i ? ", " : "", o->choices[i]);
	config_error(e, f->path, ini_key_line(f, o->section, o->key),
	             "[%s] %s = %s: allowed values are %s", o->section, o->key,
	             *val ? SHOWN(buf, val) : "\"\"", allowed.buf);
	strbuf_free(&allowed);
	return RC_USAGE;
}

/* Sets every known key the file has; the rest of cfg stays, which is
 * what lets the user's file override the site's key by key. */
static enum lofte_rc config_apply(struct config *cfg, const struct ini_file *f,
                                  struct lerr *e)
{
	for (size_t i = 0; i < CONFMAP_LEN; i++) {
		const struct conf_opt *o = &confmap[i];
		char name[64];
		snprintf(name, sizeof name, "%s:%s", o->section, o->key);
		const char *val = ini_get(f->dict, name);
		if (val && o->parse(o, val, (char *)cfg + o->offset) != 0)
			return config_bad_value(f, o, val, e);
	}
	return RC_OK;
}

/* Reads, checks and applies one file.  *found tells whether it exists. */
static enum lofte_rc config_read_file(struct config *cfg, const char *path,
                                      const char *required_by,
                                      const struct config_warner *w,
                                      int *found, struct lerr *e)
{
	struct ini_file f = { .path = path };
	enum lofte_rc rc;

	rc = ini_read(&f, required_by, e);
	if (rc == RC_OK && !f.missing) {
		if ((rc = ini_check_lines(&f, e)) == RC_OK &&
		    (rc = ini_check_chars(&f, e)) == RC_OK &&
		    (rc = ini_load(&f, e)) == RC_OK) {
			ini_scan(&f);
			if ((rc = config_check_names(&f, w, e)) == RC_OK)
				rc = config_apply(cfg, &f, e);
		}
	}
	*found = !f.missing;
	ini_file_free(&f);
	return rc;
}

/* ---- the public face ------------------------------------------------------ */

static enum lofte_rc config_load_paths(struct config *cfg, const char *site_path,
                                       const char *user_path, const char *required_by,
                                       config_warn_fn warn, void *warn_ctx,
                                       struct lerr *e)
{
	struct config_warner w = { warn, warn_ctx };
	enum lofte_rc rc = RC_OK;
	int found = 0;

	config_init(cfg);
	if (site_path)
		rc = config_read_file(cfg, site_path, NULL, &w, &found, e);
	if (rc == RC_OK && user_path) {
		rc = config_read_file(cfg, user_path, required_by, &w, &found, e);
		if (rc == RC_OK && found)
			cfg->user_file = xstrdup(user_path);
	}
	if (rc != RC_OK) {
		/* Leave the defaults, so that cfg is always safe to use and free. */
		config_free(cfg);
		return rc;
	}
	lerr_clear(e);
	return RC_OK;
}

enum lofte_rc config_load_files(struct config *cfg, const char *site_path,
                                const char *user_path, int user_required,
                                config_warn_fn warn, void *warn_ctx,
                                struct lerr *e)
{
	return config_load_paths(cfg, site_path, user_path, user_required ? "" : NULL,
	                         warn, warn_ctx, e);
}

enum lofte_rc config_load(struct config *cfg, const char *explicit_path,
                          config_warn_fn warn, void *warn_ctx, struct lerr *e)
{
	const char *env = getenv("LOFTE_CONFIG");
	const char *required_by = NULL;
	char *user_path;
	enum lofte_rc rc;

	if (explicit_path && !*explicit_path) {
		config_init(cfg);
		return lerr_set(e, RC_USAGE, "-c: the file name is empty");
	}
	if (explicit_path) {
		user_path = xstrdup(explicit_path);
		required_by = "";
	} else {
		user_path = paths_user_config();
		/* A file the user named on purpose must exist; only the
		 * default place may be empty. */
		if (env && *env)
			required_by = "$LOFTE_CONFIG";
	}
	rc = config_load_paths(cfg, PATHS_SITE_CONFIG, user_path, required_by,
	                       warn, warn_ctx, e);
	free(user_path);
	return rc;
}

void config_init(struct config *cfg)
{
	*cfg = (struct config){
		.role = ROLE_EDITOR,
		.language = UI_LANG_SV,
		.color = COLOR_AUTO,
	};
}

void config_free(struct config *cfg)
{
	free(cfg->name);
	free(cfg->department);
	free(cfg->db_path);
	free(cfg->municipality);
	free(cfg->editor);
	free(cfg->user_file);
	config_init(cfg);
}

const char *role_name(enum role r)
{
	if ((unsigned)r >= sizeof role_names / sizeof role_names[0] - 1)
		return "?";
	return role_names[r];
}
