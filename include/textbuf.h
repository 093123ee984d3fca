/* textbuf.h - the editable text of the in-place editor: a UTF-8 buffer
 * with a cursor, word wrapping to a width, and undo/redo.  Core code: no
 * curses.  The editor pane draws what textbuf_layout() says and sends
 * keys here.
 *
 * Positions are byte offsets into the text and always stand on the start
 * of a character cluster: a code point followed by the zero-width code
 * points that belong to it (combining marks, ZWJ, variation selectors),
 * so the cursor never lands inside "e + U+0301" or a multi-byte å.
 * Display widths follow wcwidth() (a UTF-8 LC_CTYPE is needed); double-
 * width characters take two columns and are never split by wrapping; a
 * TAB and any control character take one column (the editor shows them
 * as placeholders). */
#ifndef LOFTE_TEXTBUF_H
#define LOFTE_TEXTBUF_H

#include <stddef.h>

struct textbuf;

/* A buffer holding a copy of text (invalid UTF-8 bytes are kept and
 * treated as one-column characters of their own), cursor at the end. */
struct textbuf *textbuf_new(const char *text);
void textbuf_free(struct textbuf *tb);

/* The whole text (a pointer into the buffer, valid until the next edit)
 * and its length in bytes. */
const char *textbuf_text(const struct textbuf *tb);
size_t textbuf_len(const struct textbuf *tb);

size_t textbuf_cursor(const struct textbuf *tb);
/* Moves the cursor to off, moved back to the start of its cluster and
 * clamped to the text. */
void textbuf_set_cursor(struct textbuf *tb, size_t off);

/* 1 when the text differs from what it was at creation or at the last
 * textbuf_mark_saved(). */
int textbuf_modified(const struct textbuf *tb);
void textbuf_mark_saved(struct textbuf *tb);

/* Inserts UTF-8 at the cursor and moves the cursor after it.  Typing
 * one character after another makes one undo step per word (a step ends
 * at a space, a newline, a cursor move or another kind of edit).
 * CR LF and lone CR in s become LF. */
void textbuf_insert(struct textbuf *tb, const char *s, size_t n);
/* The same for a pasted text: always exactly one undo step. */
void textbuf_paste(struct textbuf *tb, const char *s, size_t n);
void textbuf_newline(struct textbuf *tb);
/* Delete the cluster before / after the cursor; nothing at the ends. */
void textbuf_backspace(struct textbuf *tb);
void textbuf_delete(struct textbuf *tb);
/* Delete back to the start of the word before the cursor (Ctrl-W). */
void textbuf_delete_word_back(struct textbuf *tb);

enum tb_move {
	TB_LEFT,         /* one cluster */
	TB_RIGHT,
	TB_WORD_LEFT,    /* to the start of this or the previous word */
	TB_WORD_RIGHT,   /* to the end of this or the next word */
	TB_HOME,         /* start of the display row (wrapped line) */
	TB_END,          /* end of the display row */
	TB_TEXT_START,
	TB_TEXT_END,
};

/* Moves within the text.  TB_HOME and TB_END use the layout of width. */
void textbuf_move(struct textbuf *tb, enum tb_move how, int width);

/* Moves the cursor by rows display rows (negative: up) in the layout
 * of width, keeping the column it had before the first vertical move
 * (the goal column) as nearly as the rows allow.  Used for Up, Down,
 * PgUp and PgDn. */
void textbuf_move_rows(struct textbuf *tb, int rows, int width);

/* One display row of the text wrapped to a width: bytes [start, end) of
 * the text, not including the LF or the space at which it wrapped. */
struct tb_row {
	size_t start;
	size_t end;
};

/* The text wrapped at words to width columns (width >= 1).  Rows end at
 * every LF; a row breaks after the last space that fits, and a word
 * longer than width is broken between clusters.  An empty text, or one
 * that ends in LF, has an empty last row.  *rows is valid until the next
 * edit or a layout of another width; the buffer owns it. */
size_t textbuf_layout(struct textbuf *tb, int width, const struct tb_row **rows);

/* The cursor's display row and column in the layout of width. */
void textbuf_cursor_rowcol(struct textbuf *tb, int width, size_t *row, int *col);

/* Undo / redo one step; 0 when there is nothing to undo or redo.  The
 * cursor goes to where the step happened. */
int textbuf_undo(struct textbuf *tb);
int textbuf_redo(struct textbuf *tb);

#endif
