/* fileperm.h - who may change lofte's files: warnings for a database or
 * INI file that someone else could change behind the user's back. */
#ifndef LOFTE_FILEPERM_H
#define LOFTE_FILEPERM_H

/* Called once per problem with a full line (no "lofte: warning: "). */
typedef void (*fileperm_warn_fn)(void *ctx, const char *msg);

/* Warns when path is writable by every user, or owned by another user
 * (not root) who is not a member of the file's group.  A missing file
 * is no problem.  Returns the number of warnings. */
int fileperm_check_file(const char *path, fileperm_warn_fn warn, void *ctx);

/* The same for a database, its -wal and -shm files, and its folder:
 * a folder that every user may write to without the sticky bit lets
 * anyone replace the database.  ":memory:" has no files. */
int fileperm_check_database(const char *path, fileperm_warn_fn warn, void *ctx);

#endif
