/* test_config.c - the INI file: defaults, values, the site and user
 * files, every kind of malformed file and the search path. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>

#include "config.h"
#include "paths.h"

/* ---- fixtures ---------------------------------------------------------- */

#define MAX_WARNINGS 16

struct fixture {
	char *dir;                       /* private, under $TMPDIR */
	char *warnings[MAX_WARNINGS];
	int n_warnings;
	struct config cfg;
	struct lerr err;
};

static void collect_warning(void *ctx, const char *msg)
{
	struct fixture *fx = ctx;
	assert_true(fx->n_warnings < MAX_WARNINGS);
	fx->warnings[fx->n_warnings++] = strdup(msg);
}

/* Nothing of the developer's may leak in: HOME is the private folder and
 * every variable lofte reads is unset. */
static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	fx->dir = test_tmpdir();
	setenv("HOME", fx->dir, 1);
	unsetenv("LOFTE_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("LOFTE_DB");
	unsetenv("XDG_DATA_HOME");
	config_init(&fx->cfg);
	*state = fx;
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	config_free(&fx->cfg);
	for (int i = 0; i < fx->n_warnings; i++)
		free(fx->warnings[i]);
	nftw(fx->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(fx->dir);
	free(fx);
	return 0;
}

/* dir/name, for files that are not written (caller frees). */
static char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* Like test_write_file, for contents with NUL bytes. */
static char *write_bytes(const char *dir, const char *name, const char *s, size_t n)
{
	char *p = path_in(dir, name);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, n, f), n);
	fclose(f);
	return p;
}

/* Loads user_text as the only (user) file. */
static enum lofte_rc load_user(struct fixture *fx, const char *user_text, char **path_out)
{
	char *path = test_write_file(fx->dir, "user.ini", user_text);
	enum lofte_rc rc = config_load_files(&fx->cfg, NULL, path, 1, collect_warning, fx, &fx->err);
	if (path_out)
		*path_out = path;
	else
		free(path);
	return rc;
}

/* The error must be exactly "PATH" followed by rest. */
static void assert_error(const struct fixture *fx, const char *path, const char *rest)
{
	char want[2048];
	snprintf(want, sizeof want, "%s%s", path, rest);
	assert_int_equal(fx->err.rc, RC_USAGE);
	assert_string_equal(fx->err.msg, want);
}

/* The error must start with "PATH" followed by rest. */
static void assert_error_prefix(const struct fixture *fx, const char *path, const char *rest)
{
	char want[2048];
	snprintf(want, sizeof want, "%s%s", path, rest);
	assert_int_equal(fx->err.rc, RC_USAGE);
	if (strncmp(fx->err.msg, want, strlen(want)) != 0)
		fail_msg("error \"%s\" does not start with \"%s\"", fx->err.msg, want);
}

/* Every value is the default (user_file aside). */
static void assert_default_values(const struct config *cfg)
{
	assert_null(cfg->name);
	assert_null(cfg->department);
	assert_null(cfg->db_path);
	assert_null(cfg->municipality);
	assert_null(cfg->editor);
	assert_int_equal(cfg->role, ROLE_EDITOR);
	assert_int_equal(cfg->language, UI_LANG_SV);
	assert_int_equal(cfg->color, COLOR_AUTO);
}

/* As config_init leaves it: also after any error. */
static void assert_defaults(const struct config *cfg)
{
	assert_default_values(cfg);
	assert_null(cfg->user_file);
}

/* cmocka 1.1.5 reports skip() as "not ok ... # SKIP" in TAP, which
 * tests/run-tests.sh counts as a failure: say why and pass instead. */
#define SKIP_IF(cond, why)                                          \
	do {                                                        \
		if (cond) {                                         \
			print_message("# skipped: %s\n", why);      \
			return;                                     \
		}                                                   \
	} while (0)

/* The tests of the search path go through config_load, which reads the
 * real site file too: skip them where one exists. */
#define SKIP_IF_SITE_FILE() \
	SKIP_IF(access(PATHS_SITE_CONFIG, F_OK) == 0, PATHS_SITE_CONFIG " exists")

static const char full_ini[] =
	"; a complete file\n"
	"[user]\n"
	"name       = Åsa Öberg            ; shown on every saved text\n"
	"department = Jönköpings kommun\n"
	"role       = reviewer\n"
	"\n"
	"[database]\n"
	"path = \"/srv/lofte/jönköping;2024.db\"   ; quoted: it has a ;\n"
	"municipality = Jönköpings kommun\n"
	"\n"
	"[ui]\n"
	"language = en\n"
	"color    = never\n"
	"editor   = nano -w\n";

/* ---- defaults and valid files ------------------------------------------- */

static void test_init_defaults(void **state)
{
	struct fixture *fx = *state;
	assert_defaults(&fx->cfg);
}

static void test_no_file_at_all(void **state)
{
	struct fixture *fx = *state;
	char *site = path_in(fx->dir, "no-site.ini");
	char *user = path_in(fx->dir, "no-user.ini");

	assert_int_equal(config_load_files(&fx->cfg, site, user, 0, collect_warning, fx,
	                                   &fx->err), RC_OK);
	assert_defaults(&fx->cfg);
	assert_int_equal(fx->n_warnings, 0);
	assert_int_equal(fx->err.rc, RC_OK);
	free(site);
	free(user);
}

static void test_no_file_search_path(void **state)
{
	struct fixture *fx = *state;
	SKIP_IF_SITE_FILE();
	assert_int_equal(config_load(&fx->cfg, NULL, collect_warning, fx, &fx->err), RC_OK);
	assert_defaults(&fx->cfg);
}

static void test_full_valid_file(void **state)
{
	struct fixture *fx = *state;
	char *path;

	assert_int_equal(load_user(fx, full_ini, &path), RC_OK);
	assert_string_equal(fx->cfg.name, "Åsa Öberg");
	assert_string_equal(fx->cfg.department, "Jönköpings kommun");
	assert_int_equal(fx->cfg.role, ROLE_REVIEWER);
	assert_string_equal(fx->cfg.db_path, "/srv/lofte/jönköping;2024.db");
	assert_string_equal(fx->cfg.municipality, "Jönköpings kommun");
	assert_int_equal(fx->cfg.language, UI_LANG_EN);
	assert_int_equal(fx->cfg.color, COLOR_NEVER);
	assert_string_equal(fx->cfg.editor, "nano -w");
	assert_string_equal(fx->cfg.user_file, path);
	assert_int_equal(fx->n_warnings, 0);
	free(path);
}

static void test_every_choice(void **state)
{
	static const struct {
		const char *text;
		enum role role;
		enum ui_language language;
		enum color_mode color;
	} cases[] = {
		{ "[user]\nrole = editor\n[ui]\nlanguage = sv\ncolor = auto\n",
		  ROLE_EDITOR, UI_LANG_SV, COLOR_AUTO },
		{ "[user]\nrole = viewer\n[ui]\nlanguage = en\ncolor = always\n",
		  ROLE_VIEWER, UI_LANG_EN, COLOR_ALWAYS },
		/* ASCII case does not matter in values */
		{ "[user]\nrole = Reviewer\n[ui]\nlanguage = EN\ncolor = Never\n",
		  ROLE_REVIEWER, UI_LANG_EN, COLOR_NEVER },
	};
	struct fixture *fx = *state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(load_user(fx, cases[i].text, NULL), RC_OK);
		assert_int_equal(fx->cfg.role, cases[i].role);
		assert_int_equal(fx->cfg.language, cases[i].language);
		assert_int_equal(fx->cfg.color, cases[i].color);
		config_free(&fx->cfg);
	}
}

static void test_empty_values_not_set(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load_user(fx,
		"[user]\nname =\ndepartment = \"\"\n"
		"[database]\npath = ''\nmunicipality = ; nothing\n"
		"[ui]\neditor =   \n", NULL), RC_OK);
	assert_default_values(&fx->cfg);
	assert_non_null(fx->cfg.user_file);
}

static void test_utf8_values(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load_user(fx,
		"[user]\nname = Åke Ärlig-Östlund\ndepartment = Vätterhem\n"
		"[database]\nmunicipality = Håbo kommun ÅÄÖ åäö é ü\n", NULL), RC_OK);
	assert_string_equal(fx->cfg.name, "Åke Ärlig-Östlund");
	assert_string_equal(fx->cfg.department, "Vätterhem");
	assert_string_equal(fx->cfg.municipality, "Håbo kommun ÅÄÖ åäö é ü");
}

static void test_quoted_semicolon_and_hash(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load_user(fx,
		"[user]\n"
		"name = 'Anna # Andersson'   # quoted with '\n"
		"department = Polisen;Region Syd\n"      /* unquoted: cut */
		"[database]\n"
		"path = \"/srv/a;b#c.db\"\n"
		"municipality = Jönköping # a comment\n", NULL), RC_OK);
	assert_string_equal(fx->cfg.name, "Anna # Andersson");
	assert_string_equal(fx->cfg.department, "Polisen");
	assert_string_equal(fx->cfg.db_path, "/srv/a;b#c.db");
	assert_string_equal(fx->cfg.municipality, "Jönköping");
}

static void test_section_case_merges(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load_user(fx,
		"[Database]\nPath = /srv/x.db\n"
		"[USER]\nNAME = Anna\n"
		"[database]\nmunicipality = Vaggeryds kommun\n", NULL), RC_OK);
	assert_string_equal(fx->cfg.db_path, "/srv/x.db");
	assert_string_equal(fx->cfg.municipality, "Vaggeryds kommun");
	assert_string_equal(fx->cfg.name, "Anna");
	assert_int_equal(fx->n_warnings, 0);
}

static void test_crlf_file(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load_user(fx, "[ui]\r\ncolor = never\r\n[user]\r\nname = Anna\r\n",
	                           NULL), RC_OK);
	assert_int_equal(fx->cfg.color, COLOR_NEVER);
	assert_string_equal(fx->cfg.name, "Anna");
}

/* ---- the site file and the user's -------------------------------------- */

static void test_site_then_user_key_by_key(void **state)
{
	struct fixture *fx = *state;
	char *site = test_write_file(fx->dir, "site.ini",
		"[user]\nname = Site Name\ndepartment = Polisen\nrole = viewer\n"
		"[database]\npath = /srv/lofte/site.db\nmunicipality = Jönköpings kommun\n"
		"[ui]\ncolor = always\nlanguage = en\n");
	char *user = test_write_file(fx->dir, "user.ini",
		"[user]\nname = Anna Andersson\n"
		"[ui]\ncolor = never\neditor = vim\n");

	assert_int_equal(config_load_files(&fx->cfg, site, user, 0, collect_warning, fx,
	                                   &fx->err), RC_OK);
	assert_string_equal(fx->cfg.name, "Anna Andersson");         /* user */
	assert_string_equal(fx->cfg.department, "Polisen");          /* site */
	assert_int_equal(fx->cfg.role, ROLE_VIEWER);                 /* site */
	assert_string_equal(fx->cfg.db_path, "/srv/lofte/site.db");  /* site */
	assert_string_equal(fx->cfg.municipality, "Jönköpings kommun");
	assert_int_equal(fx->cfg.color, COLOR_NEVER);                /* user */
	assert_int_equal(fx->cfg.language, UI_LANG_EN);              /* site */
	assert_string_equal(fx->cfg.editor, "vim");                  /* user */
	assert_string_equal(fx->cfg.user_file, user);
	free(site);
	free(user);
}

static void test_site_only(void **state)
{
	struct fixture *fx = *state;
	char *site = test_write_file(fx->dir, "site.ini", "[user]\nrole = viewer\n");
	char *user = path_in(fx->dir, "missing.ini");

	assert_int_equal(config_load_files(&fx->cfg, site, user, 0, collect_warning, fx,
	                                   &fx->err), RC_OK);
	assert_int_equal(fx->cfg.role, ROLE_VIEWER);
	assert_null(fx->cfg.user_file);
	free(site);
	free(user);
}

/* An empty value is "not set", so it does not clear the site's value. */
static void test_user_empty_keeps_site(void **state)
{
	struct fixture *fx = *state;
	char *site = test_write_file(fx->dir, "site.ini", "[user]\ndepartment = Polisen\n");
	char *user = test_write_file(fx->dir, "user.ini", "[user]\ndepartment =\n");

	assert_int_equal(config_load_files(&fx->cfg, site, user, 0, NULL, NULL, &fx->err),
	                 RC_OK);
	assert_string_equal(fx->cfg.department, "Polisen");
	free(site);
	free(user);
}

static void test_site_error_names_site(void **state)
{
	struct fixture *fx = *state;
	char *site = test_write_file(fx->dir, "site.ini", "[ui]\n\ncolor = rainbow\n");
	char *user = test_write_file(fx->dir, "user.ini", "[ui]\ncolor = never\n");

	assert_int_equal(config_load_files(&fx->cfg, site, user, 0, NULL, NULL, &fx->err),
	                 RC_USAGE);
	assert_error(fx, site, ":3: [ui] color = rainbow: allowed values are auto, always, never");
	assert_defaults(&fx->cfg);
	free(site);
	free(user);
}

static void test_warnings_name_their_file(void **state)
{
	struct fixture *fx = *state;
	char *site = test_write_file(fx->dir, "site.ini", "[ui]\ncolour = auto\n");
	char *user = test_write_file(fx->dir, "user.ini", "[user]\n\nnick = A\n");
	char want[2][1024];

	assert_int_equal(config_load_files(&fx->cfg, site, user, 0, collect_warning, fx,
	                                   &fx->err), RC_OK);
	snprintf(want[0], sizeof want[0], "%s:2: unknown key [ui] colour (ignored)", site);
	snprintf(want[1], sizeof want[1], "%s:3: unknown key [user] nick (ignored)", user);
	assert_int_equal(fx->n_warnings, 2);
	assert_string_equal(fx->warnings[0], want[0]);
	assert_string_equal(fx->warnings[1], want[1]);
	free(site);
	free(user);
}

/* ---- files that cannot be read ----------------------------------------- */

static void test_missing_explicit_file(void **state)
{
	struct fixture *fx = *state;
	char *path = path_in(fx->dir, "nope.ini");

	assert_int_equal(config_load(&fx->cfg, path, collect_warning, fx, &fx->err), RC_USAGE);
	assert_error(fx, path, ": cannot read: No such file or directory");
	assert_int_equal(lerr_exit_status(fx->err.rc), 2);
	assert_defaults(&fx->cfg);
	free(path);
}

static void test_missing_required_file(void **state)
{
	struct fixture *fx = *state;
	char *path = path_in(fx->dir, "nope.ini");

	assert_int_equal(config_load_files(&fx->cfg, NULL, path, 1, NULL, NULL, &fx->err),
	                 RC_USAGE);
	assert_error(fx, path, ": cannot read: No such file or directory");
	free(path);
}

static void test_empty_explicit_name(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(config_load(&fx->cfg, "", NULL, NULL, &fx->err), RC_USAGE);
	assert_string_equal(fx->err.msg, "-c: the file name is empty");
}

static void test_directory_is_unreadable(void **state)
{
	struct fixture *fx = *state;
	char *path = path_in(fx->dir, "adir.ini");

	assert_int_equal(mkdir(path, 0700), 0);
	/* even where a missing file would be fine */
	assert_int_equal(config_load_files(&fx->cfg, NULL, path, 0, NULL, NULL, &fx->err),
	                 RC_USAGE);
	assert_error(fx, path, ": cannot read: Is a directory");
	free(path);
}

static void test_unreadable_file(void **state)
{
	struct fixture *fx = *state;
	SKIP_IF(geteuid() == 0, "root reads any file");
	char *path = test_write_file(fx->dir, "secret.ini", "[user]\nname = A\n");

	assert_int_equal(chmod(path, 0), 0);
	assert_int_equal(config_load_files(&fx->cfg, NULL, path, 0, NULL, NULL, &fx->err),
	                 RC_USAGE);
	assert_error(fx, path, ": cannot read: Permission denied");
	free(path);
}

/* A file that exists but cannot be opened, even by root. */
static void test_symlink_loop(void **state)
{
	struct fixture *fx = *state;
	char *path = path_in(fx->dir, "loop.ini");

	assert_int_equal(symlink("loop.ini", path), 0);
	assert_int_equal(config_load_files(&fx->cfg, NULL, path, 0, NULL, NULL, &fx->err),
	                 RC_USAGE);
	assert_error(fx, path, ": cannot read: Too many levels of symbolic links");
	free(path);
}

static void test_unreadable_site_file(void **state)
{
	struct fixture *fx = *state;
	char *site = path_in(fx->dir, "site.d");

	assert_int_equal(mkdir(site, 0700), 0);
	assert_int_equal(config_load_files(&fx->cfg, site, NULL, 0, NULL, NULL, &fx->err),
	                 RC_USAGE);
	assert_error(fx, site, ": cannot read: Is a directory");
	free(site);
}

static void test_fifo_refused(void **state)
{
	struct fixture *fx = *state;
	char *path = path_in(fx->dir, "fifo.ini");

	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(config_load_files(&fx->cfg, NULL, path, 1, NULL, NULL, &fx->err),
	                 RC_USAGE);
	assert_error(fx, path, ": cannot read: not a regular file");
	free(path);
}

static void test_huge_file(void **state)
{
	struct fixture *fx = *state;
	size_t n = 1100 * 1024;
	char *text = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		text[i] = i % 64 == 63 ? '\n' : ';';
	text[n] = '\0';
	char *path;

	assert_int_equal(load_user(fx, text, &path), RC_USAGE);
	assert_error(fx, path, ": too large for a configuration file (over 1048576 bytes)");
	free(text);
	free(path);
}

/* ---- malformed files ------------------------------------------------- */

static void test_line_without_equals(void **state)
{
	struct fixture *fx = *state;
	char *path;

	assert_int_equal(load_user(fx, "[user]\nname = Anna\nAnna Andersson\n", &path), RC_USAGE);
	assert_error(fx, path,
	             ":3: syntax error: Anna Andersson (expected key = value, [section] or ; comment)");
	assert_defaults(&fx->cfg);
	free(path);
}

static void test_syntax_error_line_cut(void **state)
{
	struct fixture *fx = *state;
	char text[400], *path;

	snprintf(text, sizeof text, "[ui]\n\n\n%s\n",
	         "åäö this line is long and has no equals sign so it cannot be a key at all");
	assert_int_equal(load_user(fx, text, &path), RC_USAGE);
	/* cut at 60 bytes (å ä ö take two each), never inside a character */
	assert_error(fx, path,
	             ":4: syntax error: åäö this line is long and has no equals sign so it cannot..."
	             " (expected key = value, [section] or ; comment)");
	free(path);
}

/* iniparser would print its own message unless it is captured. */
static void test_iniparser_stays_quiet(void **state)
{
	struct fixture *fx = *state;
	char *log = path_in(fx->dir, "stderr.log");
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int saved = dup(2);
	struct stat st;

	assert_true(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);
	assert_int_equal(load_user(fx, "[ui]\nno equals\nnor here\n", NULL), RC_USAGE);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	assert_int_equal(stat(log, &st), 0);
	assert_int_equal(st.st_size, 0);
	free(log);
}

static void test_line_1022_bytes_ok(void **state)
{
	struct fixture *fx = *state;
	char text[1200];

	/* "name = " (7 bytes) and 1015 more: 1022, iniparser's longest */
	snprintf(text, sizeof text, "[user]\nname = %01015d\n", 0);
	assert_int_equal(strlen(text), 7 + 1022 + 1);
	assert_int_equal(load_user(fx, text, NULL), RC_OK);
	assert_int_equal(strlen(fx->cfg.name), 1015);
}

static void test_line_1023_bytes(void **state)
{
	struct fixture *fx = *state;
	char text[1200], *path;

	snprintf(text, sizeof text, "[user]\nname = %01016d\n", 0);
	assert_int_equal(load_user(fx, text, &path), RC_USAGE);
	assert_error(fx, path, ":2: line too long (1023 bytes; at most 1022 are allowed)");
	free(path);
}

static void test_line_1023_bytes_no_newline(void **state)
{
	struct fixture *fx = *state;
	char text[1200], *path;

	snprintf(text, sizeof text, "[user]\nname = %01016d", 0);
	assert_int_equal(load_user(fx, text, &path), RC_USAGE);
	assert_error(fx, path, ":2: line too long (1023 bytes; at most 1022 are allowed)");
	free(path);
}

/* iniparser counts the CR of a CR LF line end. */
static void test_line_1023_bytes_with_cr(void **state)
{
	struct fixture *fx = *state;
	char text[1200], *path;

	snprintf(text, sizeof text, "[user]\r\nname = %01015d\r\n", 0);
	assert_int_equal(load_user(fx, text, &path), RC_USAGE);
	assert_error(fx, path, ":2: line too long (1023 bytes; at most 1022 are allowed)");
	free(path);
}

/* Lines joined by '\' are one line to iniparser, and its limit holds for
 * all of it; the message comes from iniparser's. */
static void test_continued_line_too_long(void **state)
{
	struct fixture *fx = *state;
	char text[1400], *path;

	snprintf(text, sizeof text, "[user]\nname = %0600d\\\n%0600d\n", 0, 0);
	assert_int_equal(load_user(fx, text, &path), RC_USAGE);
	assert_error_prefix(fx, path, ":3: line too long together with the lines it continues");
	free(path);
}

static void test_invalid_utf8(void **state)
{
	static const struct {
		const char *text;
		const char *rest;
	} cases[] = {
		{ "[user]\nname = J\xF6nk\xF6ping\n",           /* Latin-1 */
		  ":2: invalid UTF-8 at byte 9 of the line (save the file as UTF-8)" },
		{ "[user]\n\nname = \xC3\x28\n",                /* a cut sequence */
		  ":3: invalid UTF-8 at byte 8 of the line (save the file as UTF-8)" },
		{ "[user]\nname = \xC0\xAF\n",                  /* overlong '/' */
		  ":2: invalid UTF-8 at byte 8 of the line (save the file as UTF-8)" },
		{ "[user]\nname = \xED\xA0\x80\n",              /* a surrogate */
		  ":2: invalid UTF-8 at byte 8 of the line (save the file as UTF-8)" },
		{ "[user]\nname = abc\xE2\x82",                 /* cut at the end */
		  ":2: invalid UTF-8 at byte 11 of the line (save the file as UTF-8)" },
	};
	struct fixture *fx = *state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *path;
		assert_int_equal(load_user(fx, cases[i].text, &path), RC_USAGE);
		assert_error(fx, path, cases[i].rest);
		free(path);
	}
}

static void test_nul_byte(void **state)
{
	static const char text[] = "[user]\nname = An\0na\n";
	struct fixture *fx = *state;
	char *path = write_bytes(fx->dir, "nul.ini", text, sizeof text - 1);

	assert_int_equal(config_load_files(&fx->cfg, NULL, path, 1, NULL, NULL, &fx->err),
	                 RC_USAGE);
	assert_error(fx, path, ":2: NUL byte at byte 10 of the line (is this a text file?)");
	free(path);
}

static void test_control_characters(void **state)
{
	struct fixture *fx = *state;
	char *path;

	assert_int_equal(load_user(fx, "[user]\nname = \x1b[31mAnna\n", &path), RC_USAGE);
	assert_error(fx, path, ":2: control character U+001B at byte 8 of the line");
	free(path);
	assert_int_equal(load_user(fx, "[user]\rname = Anna\n", &path), RC_USAGE);
	assert_error(fx, path, ":1: control character U+000D at byte 7 of the line");
	free(path);
	/* a tab is fine */
	assert_int_equal(load_user(fx, "[user]\n\tname\t=\tAnna\n", NULL), RC_OK);
	assert_string_equal(fx->cfg.name, "Anna");
}

static void test_byte_order_mark(void **state)
{
	struct fixture *fx = *state;
	char *path;

	assert_int_equal(load_user(fx, "\xEF\xBB\xBF[user]\nname = Anna\n", &path), RC_USAGE);
	assert_error(fx, path, ":1: starts with a byte order mark; save it as UTF-8 without BOM");
	free(path);
}

static void test_empty_section_name(void **state)
{
	struct fixture *fx = *state;
	char *path;

	assert_int_equal(load_user(fx, "[user]\nname = A\n[ ]\nx = 1\n", &path), RC_USAGE);
	assert_error(fx, path, ":3: empty section name");
	free(path);
	assert_int_equal(load_user(fx, "[]\n", &path), RC_USAGE);
	assert_error(fx, path, ":1: empty section name");
	free(path);
}

/* ---- values that are not allowed --------------------------------------- */

static void test_unknown_role(void **state)
{
	struct fixture *fx = *state;
	char *path;

	assert_int_equal(load_user(fx, "[user]\nname = A\nrole = boss\n", &path), RC_USAGE);
	assert_error(fx, path, ":3: [user] role = boss: allowed values are editor, reviewer, viewer");
	assert_defaults(&fx->cfg);
	free(path);
}

static void test_unknown_color(void **state)
{
	struct fixture *fx = *state;
	char *path;

	assert_int_equal(load_user(fx, "[ui]\ncolor = rainbow\n", &path), RC_USAGE);
	assert_error(fx, path, ":2: [ui] color = rainbow: allowed values are auto, always, never");
	free(path);
}

static void test_unknown_language(void **state)
{
	struct fixture *fx = *state;
	char *path;

	assert_int_equal(load_user(fx, "[ui]\n; Deutsch\nlanguage = de\n", &path), RC_USAGE);
	assert_error(fx, path, ":3: [ui] language = de: allowed values are sv, en");
	free(path);
}

static void test_empty_choice(void **state)
{
	struct fixture *fx = *state;
	char *path;

	assert_int_equal(load_user(fx, "[ui]\ncolor =\n", &path), RC_USAGE);
	assert_error(fx, path, ":2: [ui] color = \"\": allowed values are auto, always, never");
	free(path);
}

/* The line named is the one iniparser used: the last, in any spelling of
 * the section. */
static void test_bad_value_line_is_the_last(void **state)
{
	struct fixture *fx = *state;
	char *path;

	assert_int_equal(load_user(fx,
		"[ui]\ncolor = auto\n[user]\nname = A\n[UI]\n  Color =  Rainbow  \n", &path),
		RC_USAGE);
	assert_error(fx, path, ":6: [ui] color = Rainbow: allowed values are auto, always, never");
	free(path);
}

static void test_bad_value_cut(void **state)
{
	struct fixture *fx = *state;
	char text[200], want[200], *path;

	/* 47 two-byte letters; the message shows the 30 that fit 60 bytes */
	snprintf(text, sizeof text, "[user]\nrole = ");
	for (int i = 0; i < 47; i++)
		strcat(text, "ö");
	strcat(text, "\n");
	snprintf(want, sizeof want, ":2: [user] role = ");
	for (int i = 0; i < 30; i++)
		strcat(want, "ö");
	strcat(want, "...: allowed values are editor, reviewer, viewer");
	assert_int_equal(load_user(fx, text, &path), RC_USAGE);
	assert_error(fx, path, want);
	free(path);
}

/* ---- sections named like keys (CVE-2023-33461) ---------------------------- */

static void test_section_named_like_key(void **state)
{
	static const struct {
		const char *text;
		const char *rest;
	} cases[] = {
		{ "[ui]\ncolor = never\n[ui:color]\nx = 1\n",
		  ":3: section [ui:color] is not allowed: ':' in a section name"
		  " clashes with the keys of other sections" },
		{ "[ui:color]\n[ui]\ncolor = never\n",
		  ":1: section [ui:color] is not allowed: ':' in a section name"
		  " clashes with the keys of other sections" },
		{ "[user]\nname = Anna\n[user:name]\n",
		  ":3: section [user:name] is not allowed: ':' in a section name"
		  " clashes with the keys of other sections" },
		{ "[User:Name]\nx = 1\n[user]\nname = Anna\nrole = viewer\n",
		  ":1: section [user:name] is not allowed: ':' in a section name"
		  " clashes with the keys of other sections" },
	};
	struct fixture *fx = *state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *path;
		assert_int_equal(load_user(fx, cases[i].text, &path), RC_USAGE);
		assert_error(fx, path, cases[i].rest);
		assert_defaults(&fx->cfg);
		free(path);
	}
}

static void test_section_named_like_key_in_site(void **state)
{
	struct fixture *fx = *state;
	char *site = test_write_file(fx->dir, "site.ini", "[ui]\ncolor = auto\n[ui:color]\n");
	char *user = test_write_file(fx->dir, "user.ini", "[ui]\ncolor = never\n");

	assert_int_equal(config_load_files(&fx->cfg, site, user, 0, NULL, NULL, &fx->err),
	                 RC_USAGE);
	assert_error_prefix(fx, site, ":3: section [ui:color] is not allowed");
	free(site);
	free(user);
}

/* ---- unknown keys and sections ------------------------------------------ */

static void assert_warnings(const struct fixture *fx, const char *path,
                            const char *const *rests, int n)
{
	assert_int_equal(fx->n_warnings, n);
	for (int i = 0; i < n; i++) {
		char want[1024];
		snprintf(want, sizeof want, "%s%s", path, rests[i]);
		assert_string_equal(fx->warnings[i], want);
	}
}

static void test_unknown_keys_warn(void **state)
{
	static const char *const want[] = {
		":1: key theme outside any section (ignored)",
		":4: unknown key [ui] colour (ignored)",
		":6: unknown key [user] nickname (ignored)",
		":7: unknown section [extra] (ignored)",
		":10: unknown key [database] color:x (ignored)",
	};
	struct fixture *fx = *state;
	char *path;

	assert_int_equal(load_user(fx,
		"theme = dark\n"
		"[ui]\n"
		"color = never\n"
		"colour = always\n"
		"[user]\n"
		"NickName = Bosse\n"
		"[Extra]\n"
		"foo = 1\n"
		"[database]\n"
		"color:x = 1\n", &path), RC_OK);
	assert_warnings(fx, path, want, 5);
	assert_int_equal(fx->cfg.color, COLOR_NEVER);
	free(path);
}

static void test_duplicate_key_warns_last_wins(void **state)
{
	static const char *const want[] = {
		":6: [ui] color is set again (first on line 2; this value is used)",
	};
	struct fixture *fx = *state;
	char *path;

	assert_int_equal(load_user(fx,
		"[ui]\ncolor = always\n[user]\nname = A\n[UI]\ncolor = never\n", &path), RC_OK);
	assert_warnings(fx, path, want, 1);
	assert_int_equal(fx->cfg.color, COLOR_NEVER);
	free(path);
}

static void test_no_warn_callback(void **state)
{
	struct fixture *fx = *state;
	char *path = test_write_file(fx->dir, "u.ini", "[ui]\ncolour = x\n[what]\n");

	assert_int_equal(config_load_files(&fx->cfg, NULL, path, 1, NULL, NULL, &fx->err),
	                 RC_OK);
	free(path);
}

/* A '\' at the end of a line joins the next one (iniparser's rule): line
 * numbers must still be right after it, and a comment can swallow a key. */
static void test_continuation_lines(void **state)
{
	static const char *const want[] = {
		":5: unknown key [ui] colour (ignored)",
	};
	struct fixture *fx = *state;
	char *path;

	assert_int_equal(load_user(fx,
		"[ui]\n"
		"editor = nano\\\n"
		" -w\n"
		"; a comment \\\n"
		"colour = never\n"
		"; another \\\n"
		"color = never\n", &path), RC_OK);
	/* each comment swallows the key below it: no warning, no color */
	assert_int_equal(fx->n_warnings, 0);
	assert_string_equal(fx->cfg.editor, "nano -w");
	assert_int_equal(fx->cfg.color, COLOR_AUTO);
	free(path);

	config_free(&fx->cfg);
	assert_int_equal(load_user(fx,
		"[ui]\n"
		"editor = nano\\\n"
		"  -w\\\n"
		"  -i\n"
		"colour = never\n", &path), RC_OK);
	assert_warnings(fx, path, want, 1);
	assert_string_equal(fx->cfg.editor, "nano  -w  -i");
	free(path);
}

/* ---- the search path ------------------------------------------------------ */

/* Writes dir/sub/lofte.ini, making the folders of sub. */
static char *write_in_subdir(const char *dir, const char *sub, const char *text)
{
	char *d = path_in(dir, sub);
	for (char *p = d + strlen(dir) + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		assert_true(mkdir(d, 0700) == 0 || errno == EEXIST);
		*p = c;
		if (!c)
			break;
	}
	char *path = test_write_file(d, "lofte.ini", text);
	free(d);
	return path;
}

static void test_lofte_config_env(void **state)
{
	struct fixture *fx = *state;
	SKIP_IF_SITE_FILE();
	char *path = test_write_file(fx->dir, "env.ini", "[user]\nname = Env\n");
	char *other = write_in_subdir(fx->dir, ".config/lofte", "[user]\nname = Home\n");

	setenv("LOFTE_CONFIG", path, 1);
	assert_int_equal(config_load(&fx->cfg, NULL, collect_warning, fx, &fx->err), RC_OK);
	assert_string_equal(fx->cfg.name, "Env");
	assert_string_equal(fx->cfg.user_file, path);
	free(path);
	free(other);
}

static void test_lofte_config_env_missing(void **state)
{
	struct fixture *fx = *state;
	SKIP_IF_SITE_FILE();
	char *path = path_in(fx->dir, "gone.ini");

	setenv("LOFTE_CONFIG", path, 1);
	assert_int_equal(config_load(&fx->cfg, NULL, NULL, NULL, &fx->err), RC_USAGE);
	assert_error(fx, path,
	             ": cannot read: No such file or directory (named by $LOFTE_CONFIG)");
	free(path);
}

static void test_empty_lofte_config_is_unset(void **state)
{
	struct fixture *fx = *state;
	SKIP_IF_SITE_FILE();
	char *home = write_in_subdir(fx->dir, ".config/lofte", "[user]\nname = Home\n");

	setenv("LOFTE_CONFIG", "", 1);
	assert_int_equal(config_load(&fx->cfg, NULL, NULL, NULL, &fx->err), RC_OK);
	assert_string_equal(fx->cfg.name, "Home");
	free(home);
}

static void test_explicit_beats_env(void **state)
{
	struct fixture *fx = *state;
	SKIP_IF_SITE_FILE();
	char *env = test_write_file(fx->dir, "env.ini", "[user]\nname = Env\n");
	char *cli = test_write_file(fx->dir, "cli.ini", "[user]\nname = Cli\n");

	setenv("LOFTE_CONFIG", env, 1);
	assert_int_equal(config_load(&fx->cfg, cli, NULL, NULL, &fx->err), RC_OK);
	assert_string_equal(fx->cfg.name, "Cli");
	assert_string_equal(fx->cfg.user_file, cli);
	free(env);
	free(cli);
}

static void test_xdg_config_home(void **state)
{
	struct fixture *fx = *state;
	SKIP_IF_SITE_FILE();
	char *xdg = path_in(fx->dir, "xdg");
	char *path = write_in_subdir(fx->dir, "xdg/lofte", "[user]\nname = Xdg\n");
	char *home = write_in_subdir(fx->dir, ".config/lofte", "[user]\nname = Home\n");

	setenv("XDG_CONFIG_HOME", xdg, 1);
	assert_int_equal(config_load(&fx->cfg, NULL, NULL, NULL, &fx->err), RC_OK);
	assert_string_equal(fx->cfg.name, "Xdg");
	assert_string_equal(fx->cfg.user_file, path);
	free(xdg);
	free(path);
	free(home);
}

static void test_xdg_config_home_missing_file_is_fine(void **state)
{
	struct fixture *fx = *state;
	SKIP_IF_SITE_FILE();
	char *xdg = path_in(fx->dir, "empty-xdg");

	setenv("XDG_CONFIG_HOME", xdg, 1);
	assert_int_equal(config_load(&fx->cfg, NULL, NULL, NULL, &fx->err), RC_OK);
	assert_defaults(&fx->cfg);
	free(xdg);
}

static void test_relative_xdg_config_home_ignored(void **state)
{
	struct fixture *fx = *state;
	SKIP_IF_SITE_FILE();
	char *home = write_in_subdir(fx->dir, ".config/lofte", "[user]\nname = Home\n");

	setenv("XDG_CONFIG_HOME", "relative/config", 1);
	assert_int_equal(config_load(&fx->cfg, NULL, NULL, NULL, &fx->err), RC_OK);
	assert_string_equal(fx->cfg.name, "Home");
	assert_string_equal(fx->cfg.user_file, home);
	free(home);
}

static void test_role_name(void **state)
{
	(void)state;
	assert_string_equal(role_name(ROLE_EDITOR), "editor");
	assert_string_equal(role_name(ROLE_REVIEWER), "reviewer");
	assert_string_equal(role_name(ROLE_VIEWER), "viewer");
	assert_string_equal(role_name((enum role)42), "?");
}

static void test_free_twice_is_safe(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load_user(fx, full_ini, NULL), RC_OK);
	config_free(&fx->cfg);
	assert_defaults(&fx->cfg);
	config_free(&fx->cfg);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_defaults),
		T(test_no_file_at_all),
		T(test_no_file_search_path),
		T(test_full_valid_file),
		T(test_every_choice),
		T(test_empty_values_not_set),
		T(test_utf8_values),
		T(test_quoted_semicolon_and_hash),
		T(test_section_case_merges),
		T(test_crlf_file),
		T(test_site_then_user_key_by_key),
		T(test_site_only),
		T(test_user_empty_keeps_site),
		T(test_site_error_names_site),
		T(test_warnings_name_their_file),
		T(test_missing_explicit_file),
		T(test_missing_required_file),
		T(test_empty_explicit_name),
		T(test_directory_is_unreadable),
		T(test_unreadable_file),
		T(test_symlink_loop),
		T(test_unreadable_site_file),
		T(test_fifo_refused),
		T(test_huge_file),
		T(test_line_without_equals),
		T(test_syntax_error_line_cut),
		T(test_iniparser_stays_quiet),
		T(test_line_1022_bytes_ok),
		T(test_line_1023_bytes),
		T(test_line_1023_bytes_no_newline),
		T(test_line_1023_bytes_with_cr),
		T(test_continued_line_too_long),
		T(test_invalid_utf8),
		T(test_nul_byte),
		T(test_control_characters),
		T(test_byte_order_mark),
		T(test_empty_section_name),
		T(test_unknown_role),
		T(test_unknown_color),
		T(test_unknown_language),
		T(test_empty_choice),
		T(test_bad_value_line_is_the_last),
		T(test_bad_value_cut),
		T(test_section_named_like_key),
		T(test_section_named_like_key_in_site),
		T(test_unknown_keys_warn),
		T(test_duplicate_key_warns_last_wins),
		T(test_no_warn_callback),
		T(test_continuation_lines),
		T(test_lofte_config_env),
		T(test_lofte_config_env_missing),
		T(test_empty_lofte_config_is_unset),
		T(test_explicit_beats_env),
		T(test_xdg_config_home),
		T(test_xdg_config_home_missing_file_is_fine),
		T(test_relative_xdg_config_home_ignored),
		T(test_role_name),
		T(test_free_twice_is_safe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
