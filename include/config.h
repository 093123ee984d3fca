/* config.h - the INI file (libiniparser), validated as interface.md
 * says.  Only iniparser_getstring is ever called: its getint/getboolean
 * crash on a key named like a section (CVE-2023-33461, unpatched in
 * Debian 12). */
#ifndef LOFTE_CONFIG_H
#define LOFTE_CONFIG_H

#include "error.h"

enum role { ROLE_EDITOR, ROLE_REVIEWER, ROLE_VIEWER };
enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
enum ui_language { UI_LANG_SV, UI_LANG_EN };
/* The look: the default colours, strong contrast for a projector, or
 * no colour at all (bold, underline and reverse only). */
enum ui_theme { THEME_DEFAULT, THEME_HIGH_CONTRAST, THEME_MONOCHROME };

struct config {
	char *name;           /* [user] name; NULL when not set */
	char *department;     /* [user] department; NULL when not set */
	enum role role;       /* default editor */
	char *db_path;        /* [database] path; NULL when not set */
	char *municipality;   /* [database] municipality; NULL when not set */
	enum ui_language language;   /* default sv */
	enum color_mode color;       /* default auto */
	enum ui_theme theme;         /* default default */
	char *editor;         /* [ui] editor; NULL when not set */
	char *user_file;      /* the user's INI file that was read, or NULL */
};

/* Called once per warning (an unknown key), with a full line such as
 * "/home/a/.config/lofte/lofte.ini:7: unknown key [ui] colour (ignored)". */
typedef void (*config_warn_fn)(void *ctx, const char *msg);

/* Loads the configuration as interface.md says: the site file
 * /etc/lofte/lofte.ini (when present) first, then the user's file
 * (explicit_path from -c, else $LOFTE_CONFIG, else
 * $XDG_CONFIG_HOME/lofte/lofte.ini, else ~/.config/lofte/lofte.ini)
 * overriding it key by key.  A missing file is fine unless it was named
 * with -c.  Errors are RC_USAGE with "file:line: what; allowed: ...". */
enum lofte_rc config_load(struct config *cfg, const char *explicit_path,
                          config_warn_fn warn, void *warn_ctx, struct lerr *e);

/* The same with the file names given, for tests: site_path may be NULL
 * or missing; user_path missing is an error only when user_required. */
enum lofte_rc config_load_files(struct config *cfg, const char *site_path,
                                const char *user_path, int user_required,
                                config_warn_fn warn, void *warn_ctx,
                                struct lerr *e);

void config_init(struct config *cfg);    /* the defaults */
void config_free(struct config *cfg);

const char *role_name(enum role r);      /* "editor", "reviewer", "viewer" */

#endif
