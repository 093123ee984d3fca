/* fileio.h - reading whole files and replacing files safely. */
#ifndef LOFTE_FILEIO_H
#define LOFTE_FILEIO_H

#include <stddef.h>

#include "error.h"

/* Reads all of path ("-" is standard input) into a new NUL-terminated
 * buffer; *len excludes the NUL. */
enum lofte_rc file_read_all(const char *path, char **out, size_t *len,
                            struct lerr *e);

/* Reads all that is left of an open file; name is for the message. */
enum lofte_rc file_read_fd(int fd, const char *name, char **out, size_t *len, struct lerr *e);

/* Writes data to path through a temporary file in the same folder that
 * is fsync'ed and renamed into place, so path is never half-written.
 * "-" writes to standard output. */
enum lofte_rc file_write_atomic(const char *path, const char *data, size_t len,
                                struct lerr *e);

/* The same, but the file is private (0600) whatever the umask: for a
 * rescued text. */
enum lofte_rc file_write_private(const char *path, const char *data, size_t len,
                                 struct lerr *e);

/* Creates dir and its parents (mode 0700 for new folders of the user's
 * own data, as XDG asks). */
enum lofte_rc file_mkdirs(const char *dir, int mode, struct lerr *e);

#endif
