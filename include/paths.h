/* paths.h - where lofte finds its files (XDG, with overrides). */
#ifndef LOFTE_PATHS_H
#define LOFTE_PATHS_H

/* The database path: cli_path (-d), else $LOFTE_DB, else ini_path, else
 * $XDG_DATA_HOME/lofte/lofte.db, else ~/.local/share/lofte/lofte.db.
 * Returns a new string. */
char *paths_database(const char *cli_path, const char *ini_path);

/* The user's INI file: $LOFTE_CONFIG, else $XDG_CONFIG_HOME/lofte/lofte.ini,
 * else ~/.config/lofte/lofte.ini.  Returns a new string. */
char *paths_user_config(void);

/* Where lofte keeps texts it could not save in the database:
 * $XDG_STATE_HOME/lofte, else ~/.local/state/lofte.  A new string. */
char *paths_state_dir(void);

/* Where temporary folders go: $TMPDIR when set and not empty, else /tmp.
 * Not a copy: the environment's string. */
const char *paths_temp_dir(void);

/* The site-wide INI file read before the user's. */
#define PATHS_SITE_CONFIG "/etc/lofte/lofte.ini"

/* The home folder: $HOME, else the passwd entry.  Returns a new string. */
char *paths_home(void);

#endif
