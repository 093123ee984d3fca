/* fuzz_config.c - the INI loading and validation (config_load_files) on
 * any bytes, through real files as lofte reads them.  The input up to its
 * first NUL byte is the site file (/etc/lofte/lofte.ini), the rest the
 * user's file layered over it; without a NUL there is no site file.
 * Checked: the load succeeds or fails with RC_USAGE and one line that a
 * terminal can show (a TAB of the file may be quoted); every warning is
 * such a line too; what is loaded
 * holds only allowed values. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "fuzz.h"
#include "text.h"

static char dir[4096], site_path[4200], user_path[4200];

static void remove_files(void)
{
	unlink(site_path);
	unlink(user_path);
	rmdir(dir);
}

static void make_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/lofte-fuzz-config.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		fuzz_fail(__FILE__, __LINE__, "mkdtemp");
	snprintf(site_path, sizeof site_path, "%s/site.ini", dir);
	snprintf(user_path, sizeof user_path, "%s/user.ini", dir);
	atexit(remove_files);
}

static void write_file(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		fuzz_fail(__FILE__, __LINE__, "open");
	while (size > 0) {
		ssize_t n = write(fd, data, size);
		if (n <= 0)
			fuzz_fail(__FILE__, __LINE__, "write");
		data += n;
		size -= (size_t)n;
	}
	close(fd);
}

/* Nothing a terminal would act on; a TAB only where allow_tab. */
static int shows_safely(const char *s, int allow_tab)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = utf8_next(s + i, n - i, &cp);
		if (len == 0)
			return 0;
		if (text_is_control(cp) && !(allow_tab && cp == '\t'))
			return 0;
		i += len;
	}
	return 1;
}

static void check_warning(void *ctx, const char *msg)
{
	int *count = ctx;
	(*count)++;
	FUZZ_CHECK(msg[0] && shows_safely(msg, 1));
}

static void check_value(const char *v)
{
	/* An empty value means "not set" and is never stored. */
	FUZZ_CHECK(!v || (v[0] && shows_safely(v, 1)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	struct config cfg;
	struct lerr e;
	int warnings = 0;

	if (!dir[0])
		make_dir();
	if (nul) {
		write_file(site_path, data, (size_t)(nul - data));
		write_file(user_path, nul + 1, size - (size_t)(nul - data) - 1);
	} else {
		unlink(site_path);
		write_file(user_path, data, size);
	}

	enum lofte_rc rc = config_load_files(&cfg, site_path, user_path, 1, check_warning,
	                                     &warnings, &e);
	if (rc != RC_OK) {
		FUZZ_CHECK(rc == RC_USAGE && e.rc == RC_USAGE);
		FUZZ_CHECK(e.msg[0] && shows_safely(e.msg, 1));
		/* A failed load leaves the defaults. */
		FUZZ_CHECK(!cfg.name && !cfg.db_path && !cfg.user_file && cfg.role == ROLE_EDITOR);
		config_free(&cfg);
		return 0;
	}
	FUZZ_CHECK(cfg.user_file && !strcmp(cfg.user_file, user_path));
	FUZZ_CHECK(cfg.role == ROLE_EDITOR || cfg.role == ROLE_REVIEWER || cfg.role == ROLE_VIEWER);
	FUZZ_CHECK(cfg.language == UI_LANG_SV || cfg.language == UI_LANG_EN);
	FUZZ_CHECK(cfg.color == COLOR_AUTO || cfg.color == COLOR_ALWAYS || cfg.color == COLOR_NEVER);
	FUZZ_CHECK(cfg.theme == THEME_DEFAULT || cfg.theme == THEME_HIGH_CONTRAST ||
	           cfg.theme == THEME_MONOCHROME);
	check_value(cfg.name);
	check_value(cfg.department);
	check_value(cfg.db_path);
	check_value(cfg.municipality);
	check_value(cfg.editor);
	config_free(&cfg);
	return 0;
}
