/* error.h - status codes and one-line error messages for the core.
 *
 * Every core function that can fail returns an enum lofte_rc and, on
 * failure, fills a struct lerr with a single line that names the file
 * (and line, where there is one) and what is wrong.  The command line
 * prints it after "lofte: "; the TUI shows it in its status line.
 */
#ifndef LOFTE_ERROR_H
#define LOFTE_ERROR_H

#include <stdarg.h>

enum lofte_rc {
	RC_OK = 0,
	RC_FAIL,      /* a runtime failure: I/O, database, bad document */
	RC_USAGE,     /* bad command line or configuration: exit status 2 */
	RC_CONFLICT,  /* someone else saved first (optimistic concurrency) */
	RC_BUSY,      /* the database stayed locked past the busy timeout */
	RC_READONLY,  /* a write was attempted on a read-only database */
	RC_NOTFOUND,  /* no such promise, commitment or follow-up */
	RC_FULL,      /* the disk is full: nothing was changed */
};

struct lerr {
	enum lofte_rc rc;
	char msg[1024];
};

/* Sets e (when not NULL) and returns rc, so callers can write
 * "return lerr_set(e, RC_FAIL, "%s: ...", path);". */
enum lofte_rc lerr_set(struct lerr *e, enum lofte_rc rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
enum lofte_rc lerr_vset(struct lerr *e, enum lofte_rc rc, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Clears e to RC_OK and an empty message. */
void lerr_clear(struct lerr *e);

/* The process exit status for rc: 0, 1 or 2 (interface.md). */
int lerr_exit_status(enum lofte_rc rc);

#endif
