/* diff.h - what changed between two versions of a text, word by word,
 * for the history view.  Core code: no curses. */
#ifndef LOFTE_DIFF_H
#define LOFTE_DIFF_H

#include <stddef.h>

enum diff_op {
	DIFF_SAME,      /* in both texts */
	DIFF_REMOVED,   /* only in the old text */
	DIFF_ADDED,     /* only in the new text */
};

/* One run of the diff: `len` bytes at `text`, which points into the old
 * text (DIFF_SAME and DIFF_REMOVED) or the new one (DIFF_ADDED). */
struct diff_piece {
	enum diff_op op;
	const char *text;
	size_t len;
};

/* The changes from old_text to new_text, in reading order: the old text
 * is the concatenation of the SAME and REMOVED pieces, the new text of
 * the SAME and ADDED pieces.  Tokens are words (runs of non-whitespace)
 * and runs of whitespace; a removal next to an addition comes first.
 * Adjacent pieces never have the same op.  When the texts are too long
 * for a word diff in reasonable time and memory, the diff is by lines
 * instead (the same invariants hold).  Returns the number of pieces in
 * *out (the caller frees *out; the pieces point into the two texts). */
size_t diff_words(const char *old_text, const char *new_text, struct diff_piece **out);

#endif
