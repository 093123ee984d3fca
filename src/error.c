/* error.c - one-line errors. */
#include "error.h"

#include <stdio.h>

enum lofte_rc lerr_vset(struct lerr *e, enum lofte_rc rc, const char *fmt, va_list ap)
{
	if (e) {
		e->rc = rc;
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	}
	return rc;
}

enum lofte_rc lerr_set(struct lerr *e, enum lofte_rc rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lerr_vset(e, rc, fmt, ap);
	va_end(ap);
	return rc;
}

void lerr_clear(struct lerr *e)
{
	if (e) {
		e->rc = RC_OK;
		e->msg[0] = '\0';
	}
}

int lerr_exit_status(enum lofte_rc rc)
{
	switch (rc) {
	case RC_OK:
		return 0;
	case RC_USAGE:
		return 2;
	default:
		return 1;
	}
}
