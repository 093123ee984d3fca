/* tui.h - the interactive interface (ncursesw) over the store. */
#ifndef LOFTE_TUI_H
#define LOFTE_TUI_H

#include <stdint.h>

#include "config.h"
#include "error.h"
#include "identity.h"
#include "store.h"

struct tui_options {
	struct store *store;
	const struct config *cfg;
	const struct identity *who;
	int64_t promise_id;     /* the promise to open; 0: none in the database */
	int review;             /* -r or role = viewer: nothing can be changed */
	const char *notice;     /* a warning for the status line at the start, or NULL */
};

/* Runs the interface until the user quits.  Needs a terminal on
 * standard input and output. */
enum lofte_rc tui_run(const struct tui_options *opt, struct lerr *e);

#endif
