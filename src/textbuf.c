/* textbuf.c - the editable text of the in-place editor.
 *
 * The text is one contiguous NUL-terminated array: textbuf_text() hands
 * out a plain string, and moving even a megabyte on a keystroke costs far
 * less than a millisecond, so a gap buffer would buy nothing worth its
 * extra bookkeeping.
 *
 * Undo keeps a list of steps, each one insertion or deletion (offset,
 * bytes, cursor before and after).  Typing and runs of Backspace or Delete
 * grow the last step while it is open; any other call closes it.
 *
 * The layout for one width is cached and kept up to date on every edit:
 * rows are wrapped again from just before the edit until a new row starts
 * where an old one did (shifted by the edit).  Greedy wrapping depends only
 * on where a row starts, so from there on the old rows are still right.
 *
 * Where the header leaves room:
 * - Wrapping at a space drops exactly that one space cluster from view: the
 *   row ends before it and the next row starts after it, so no byte is lost
 *   and every offset has one place.  A space that does not fit after a full
 *   row is the one dropped; a space at the start of a row is no break point
 *   (breaking there would only make an empty row).
 * - An offset is on the row with the greatest start <= offset.  So the end
 *   of a row that wrapped at a space, or that ends at an LF or the end of
 *   the text, is on that row, and its column can equal width (the editor
 *   keeps a spare column or leaves that cell blank).  Where a word or a
 *   double-width character was broken without a space, the break offset is
 *   the start of the next row, and End on the first row stops before its
 *   last cluster.  Home, End, Up and Down all follow this rule.
 */
#include "textbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

/* How far around an edit the decoding of the text may change: an inserted
 * or deleted byte can join or split an invalid sequence up to 3 bytes
 * away, and checking a cluster's end reads one code point more. */
#define TB_MARGIN 8

enum tb_kind { TB_INS, TB_DEL };

/* The kind of run that may still grow the last undo step. */
enum tb_group { TB_GROUP_NONE, TB_GROUP_TYPE, TB_GROUP_BACK, TB_GROUP_DEL };

struct tb_step {
	enum tb_kind kind;
	size_t off;
	struct strbuf bytes;
	size_t cur_before;
	size_t cur_after;
};

struct tb_rowvec {
	struct tb_row *v;
	size_t n;
	size_t cap;
};

struct textbuf {
	char *buf;
	size_t len;
	size_t cap;
	size_t cursor;
	int goal_col;            /* column kept by vertical moves, -1 if none */
	char *saved;             /* the text at creation or the last save */
	size_t saved_len;
	struct tb_step *steps;   /* steps [0, done) are applied, the rest redo */
	size_t nsteps;
	size_t capsteps;
	size_t done;
	enum tb_group group;
	struct tb_rowvec rows;   /* the layout for row_width; 0: none yet */
	int row_width;
	struct tb_rowvec scratch;
};

/* ---- code points and clusters ---- */

static int tb_is_bidi(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Columns of a code point, 0 for one that joins the cluster before it.
 * Controls and bidi controls are drawn as one-column placeholders (see
 * text_sanitize), so they count 1 and never join. */
static int tb_cp_width(uint32_t cp)
{
	/* Latin letters (å ä ö among them) up to the combining marks at
	 * U+0300 are all one column: spare them the wcwidth() call. */
	if ((cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp < 0x300))
		return 1;
	if (text_is_control(cp) || tb_is_bidi(cp))
		return 1;
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

static size_t tb_decode(const struct textbuf *tb, size_t off, uint32_t *cp)
{
	return utf8_decode(tb->buf + off, tb->len - off, cp);
}

static int tb_is_cont(const struct textbuf *tb, size_t off)
{
	return ((unsigned char)tb->buf[off] & 0xC0) == 0x80;
}

/* 1 when the code point at off belongs to the cluster before it.  Nothing
 * joins an LF: a mark at the start of a line starts its own cluster. */
static int tb_joins(const struct textbuf *tb, size_t off)
{
	if (off == 0 || off >= tb->len || tb->buf[off - 1] == '\n')
		return 0;
	if ((unsigned char)tb->buf[off] < 0xCC)   /* below U+0300: no marks */
		return 0;
	uint32_t cp;
	tb_decode(tb, off, &cp);
	return tb_cp_width(cp) == 0;
}

/* The end of the cluster at off (< len); its width in *width.  A cluster
 * made only of joining code points (at the start of a line) counts one
 * column: the editor has to show it on a placeholder. */
static size_t tb_cluster(const struct textbuf *tb, size_t off, int *width)
{
	const unsigned char *s = (const unsigned char *)tb->buf;
	if (s[off] >= 0x20 && s[off] < 0x7F && (off + 1 == tb->len || s[off + 1] < 0x80)) {
		*width = 1;
		return off + 1;
	}
	uint32_t cp;
	size_t end = off + tb_decode(tb, off, &cp);
	int w = tb_cp_width(cp);
	*width = w ? w : 1;
	if (cp == '\n')
		return end;
	while (end < tb->len && tb_joins(tb, end)) {
		uint32_t mark;
		end += tb_decode(tb, end, &mark);
	}
	return end;
}

static size_t tb_next(const struct textbuf *tb, size_t off)
{
	int w;
	return tb_cluster(tb, off, &w);
}

/* The start of the code point that ends at off (> 0, a code point
 * boundary).  Only continuation bytes can sit inside a sequence, so the
 * start is at most 3 of them back; otherwise off - 1 is a stray byte. */
static size_t tb_prev_cp(const struct textbuf *tb, size_t off)
{
	size_t k = off - 1;
	size_t stop = off > 4 ? off - 4 : 0;
	while (k > stop && tb_is_cont(tb, k))
		k--;
	uint32_t cp;
	if (!tb_is_cont(tb, k) && k + utf8_next(tb->buf + k, tb->len - k, &cp) == off)
		return k;
	return off - 1;
}

/* The start of the code point that holds byte off. */
static size_t tb_cp_start(const struct textbuf *tb, size_t off)
{
	if (off >= tb->len || !tb_is_cont(tb, off))
		return off;
	size_t k = off;
	size_t stop = off > 3 ? off - 3 : 0;
	while (k > stop && tb_is_cont(tb, k))
		k--;
	uint32_t cp;
	if (!tb_is_cont(tb, k) && k + utf8_next(tb->buf + k, tb->len - k, &cp) > off)
		return k;
	return off;
}

/* The start of the cluster that ends at off (> 0). */
static size_t tb_prev(const struct textbuf *tb, size_t off)
{
	size_t p = tb_prev_cp(tb, off);
	while (tb_joins(tb, p))
		p = tb_prev_cp(tb, p);
	return p;
}

/* off clamped to the text and moved back to the start of its cluster. */
static size_t tb_snap(const struct textbuf *tb, size_t off)
{
	size_t p = tb_cp_start(tb, off < tb->len ? off : tb->len);
	while (tb_joins(tb, p))
		p = tb_prev_cp(tb, p);
	return p;
}

static int tb_is_word(const struct textbuf *tb, size_t off)
{
	uint32_t cp;
	tb_decode(tb, off, &cp);
	return iswalnum((wint_t)cp) != 0;
}

static size_t tb_word_left(const struct textbuf *tb, size_t p)
{
	while (p > 0 && !tb_is_word(tb, tb_prev(tb, p)))
		p = tb_prev(tb, p);
	while (p > 0 && tb_is_word(tb, tb_prev(tb, p)))
		p = tb_prev(tb, p);
	return p;
}

static size_t tb_word_right(const struct textbuf *tb, size_t p)
{
	while (p < tb->len && !tb_is_word(tb, p))
		p = tb_next(tb, p);
	while (p < tb->len && tb_is_word(tb, p))
		p = tb_next(tb, p);
	return p;
}

/* ---- wrapping ---- */

struct tb_wrap {
	size_t end;    /* the row is [start, end) */
	size_t next;   /* where the next row starts */
	int more;      /* 0 for the last row of the text */
};

/* A row being filled. */
struct tb_scan {
	size_t start;
	int col;          /* columns used */
	size_t brk;       /* the last space cluster after the first cluster, */
	size_t brk_next;  /* and its end; brk == start when there is none */
};

/* Where a row breaks when the cluster at i does not fit; the space that
 * overflows a full row is the one dropped. */
static struct tb_wrap tb_break(const struct textbuf *tb, const struct tb_scan *sc,
	size_t i, size_t j)
{
	struct tb_wrap w = { i, i, 1 };
	if (tb->buf[i] == ' ')
		w.next = j;
	else if (sc->brk > sc->start) {
		w.end = sc->brk;
		w.next = sc->brk_next;
	}
	return w;
}

static struct tb_wrap tb_wrap_row(const struct textbuf *tb, size_t s, int width)
{
	struct tb_scan sc = { s, 0, s, s };
	size_t i = s;
	while (i < tb->len && tb->buf[i] != '\n') {
		int w;
		size_t j = tb_cluster(tb, i, &w);
		/* A double-width character in a one-column row stays on it
		 * alone rather than being put off forever. */
		if (sc.col + w > width && sc.col > 0)
			return tb_break(tb, &sc, i, j);
		if (tb->buf[i] == ' ' && i > s) {
			sc.brk = i;
			sc.brk_next = j;
		}
		sc.col += w;
		i = j;
	}
	if (i < tb->len)
		return (struct tb_wrap){ i, i + 1, 1 };
	return (struct tb_wrap){ i, i, 0 };
}

static void tb_rows_push(struct tb_rowvec *rv, size_t start, size_t end)
{
	rv->v = xgrow(rv->v, &rv->cap, rv->n + 1, sizeof *rv->v);
	rv->v[rv->n].start = start;
	rv->v[rv->n].end = end;
	rv->n++;
}

/* The index of the first row that starts at or after off. */
static size_t tb_rows_first_from(const struct tb_rowvec *rv, size_t off)
{
	size_t lo = 0, hi = rv->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rv->v[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The row that holds offset off: the last one starting at or before it. */
static size_t tb_row_of(const struct tb_rowvec *rv, size_t off)
{
	size_t i = tb_rows_first_from(rv, off + 1);
	return i ? i - 1 : 0;
}

static void tb_layout_full(struct textbuf *tb, int width)
{
	tb->rows.n = 0;
	size_t s = 0;
	for (;;) {
		struct tb_wrap w = tb_wrap_row(tb, s, width);
		tb_rows_push(&tb->rows, s, w.end);
		if (!w.more)
			break;
		s = w.next;
	}
	tb->row_width = width;
}

/* Wraps rows from s into the scratch rows until one starts at or after
 * safe where an old row (index j or later) started before the edit moved
 * it by added - removed bytes.  Returns that old row's index, or rows.n
 * when wrapping reached the end of the text. */
static size_t tb_rewrap(struct textbuf *tb, size_t s, size_t j, size_t safe,
	size_t removed, size_t added)
{
	const struct tb_rowvec *old = &tb->rows;
	tb->scratch.n = 0;
	for (;;) {
		struct tb_wrap w = tb_wrap_row(tb, s, tb->row_width);
		tb_rows_push(&tb->scratch, s, w.end);
		if (!w.more)
			return old->n;
		s = w.next;
		if (s < safe)
			continue;
		size_t was = s - added + removed;
		while (j < old->n && old->v[j].start < was)
			j++;
		if (j < old->n && old->v[j].start == was)
			return j;
	}
}

/* Rows [k, j) are replaced by the scratch rows; the rows after them move
 * with the text. */
static void tb_rows_splice(struct textbuf *tb, size_t k, size_t j,
	size_t removed, size_t added)
{
	struct tb_rowvec *rv = &tb->rows;
	size_t fresh = tb->scratch.n, tail = rv->n - j;
	rv->v = xgrow(rv->v, &rv->cap, k + fresh + tail, sizeof *rv->v);
	memmove(rv->v + k + fresh, rv->v + j, tail * sizeof *rv->v);
	for (size_t i = k + fresh; i < k + fresh + tail; i++) {
		rv->v[i].start = rv->v[i].start - removed + added;
		rv->v[i].end = rv->v[i].end - removed + added;
	}
	memcpy(rv->v + k, tb->scratch.v, fresh * sizeof *rv->v);
	rv->n = k + fresh + tail;
}

/* Brings the cached layout up to date after removed bytes at off became
 * added bytes.  A row reads at most 4 bytes past the start of the row
 * after next: the cluster that did not fit always lands whole on the next
 * row.  So the rows before the one holding off - TB_MARGIN, less one, read
 * no byte that changed or that decodes differently now, and wrapping
 * again starts there. */
static void tb_layout_edit(struct textbuf *tb, size_t off, size_t removed, size_t added)
{
	if (!tb->row_width)
		return;
	size_t k = tb_row_of(&tb->rows, off > TB_MARGIN ? off - TB_MARGIN : 0);
	if (k > 0)
		k--;
	size_t j = tb_rows_first_from(&tb->rows, off + removed + TB_MARGIN);
	j = tb_rewrap(tb, tb->rows.v[k].start, j, off + added + TB_MARGIN, removed, added);
	tb_rows_splice(tb, k, j, removed, added);
}

static void tb_need_layout(struct textbuf *tb, int width)
{
	if (width < 1)
		width = 1;
	if (tb->row_width != width)
		tb_layout_full(tb, width);
}

/* The last cursor place on row r: its end, but where the next row starts
 * right there (a word broken without a space) the start of its last
 * cluster, since the end belongs to the next row. */
static size_t tb_row_last(const struct textbuf *tb, size_t r)
{
	const struct tb_row *row = &tb->rows.v[r];
	if (r + 1 < tb->rows.n && tb->rows.v[r + 1].start == row->end && row->end > row->start)
		return tb_prev(tb, row->end);
	return row->end;
}

static int tb_col_between(const struct textbuf *tb, size_t from, size_t to)
{
	int col = 0;
	for (size_t i = from; i < to;) {
		int w;
		i = tb_cluster(tb, i, &w);
		col += w;
	}
	return col;
}

/* The place on row r nearest to column goal without passing it. */
static size_t tb_row_place(const struct textbuf *tb, size_t r, int goal)
{
	size_t last = tb_row_last(tb, r);
	size_t i = tb->rows.v[r].start;
	int col = 0;
	while (i < last) {
		int w;
		size_t j = tb_cluster(tb, i, &w);
		if (col + w > goal)
			break;
		col += w;
		i = j;
	}
	return i;
}

/* ---- changing the text ---- */

/* The one place the text changes, so the layout follows it here. */
static void tb_splice(struct textbuf *tb, size_t off, size_t removed, const char *s, size_t n)
{
	tb->buf = xgrow(tb->buf, &tb->cap, tb->len - removed + n + 1, 1);
	memmove(tb->buf + off + n, tb->buf + off + removed, tb->len - off - removed + 1);
	if (n)
		memcpy(tb->buf + off, s, n);
	tb->len = tb->len - removed + n;
	tb_layout_edit(tb, off, removed, n);
	tb->goal_col = -1;
}

/* CR LF and lone CR become LF.  NUL bytes are dropped: the text is handed
 * out as a C string. */
static void tb_clean(struct strbuf *out, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\r' && s[i] != '\0')
			continue;
		strbuf_add(out, s + from, i - from);
		if (s[i] == '\r')
			strbuf_addc(out, '\n');
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			i++;
		from = i + 1;
	}
	strbuf_add(out, s + from, n - from);
}

static int tb_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static struct tb_step *tb_top(struct textbuf *tb)
{
	return tb->done ? &tb->steps[tb->done - 1] : NULL;
}

/* A new undo step at off; whatever could be redone is gone. */
static struct tb_step *tb_step_new(struct textbuf *tb, enum tb_kind kind, size_t off,
	enum tb_group group)
{
	while (tb->nsteps > tb->done)
		strbuf_free(&tb->steps[--tb->nsteps].bytes);
	tb->steps = xgrow(tb->steps, &tb->capsteps, tb->nsteps + 1, sizeof *tb->steps);
	struct tb_step *st = &tb->steps[tb->nsteps++];
	st->kind = kind;
	st->off = off;
	strbuf_init(&st->bytes);
	st->cur_before = st->cur_after = tb->cursor;
	tb->done = tb->nsteps;
	tb->group = group;
	return st;
}

/* Typing grows the open step while it goes on where that step ended; a
 * step holds a word and the blanks after it. */
static int tb_typing_continues(struct textbuf *tb, const char *s)
{
	const struct tb_step *st = tb_top(tb);
	if (tb->group != TB_GROUP_TYPE || !st || st->off + st->bytes.len != tb->cursor)
		return 0;
	return !tb_is_blank(st->bytes.buf[st->bytes.len - 1]) || tb_is_blank(s[0]);
}

static void tb_insert_step(struct textbuf *tb, const char *s, size_t n, enum tb_group group)
{
	struct tb_step *st;
	if (group == TB_GROUP_TYPE && tb_typing_continues(tb, s))
		st = tb_top(tb);
	else
		st = tb_step_new(tb, TB_INS, tb->cursor, group);
	strbuf_add(&st->bytes, s, n);
	tb_splice(tb, tb->cursor, 0, s, n);
	tb->cursor = tb_snap(tb, tb->cursor + n);
	st->cur_after = tb->cursor;
}

/* Backspace and Delete grow the open step of their kind while they go on
 * where it stopped; as in typing, a step holds a word and the blanks next
 * to it, and a deleted LF is a step of its own. */
static int tb_deleting_continues(struct textbuf *tb, enum tb_group group, size_t from, size_t to)
{
	const struct tb_step *st = tb_top(tb);
	if (group == TB_GROUP_NONE || tb->group != group || !st || tb->buf[from] == '\n')
		return 0;
	if (group == TB_GROUP_BACK)
		return st->off == to &&
			(!tb_is_blank(st->bytes.buf[0]) || tb_is_blank(tb->buf[from]));
	return st->off == from &&
		(!tb_is_blank(st->bytes.buf[st->bytes.len - 1]) || tb_is_blank(tb->buf[from]));
}

static void tb_prepend(struct strbuf *sb, const char *s, size_t n)
{
	strbuf_add(sb, s, n);
	memmove(sb->buf + n, sb->buf, sb->len - n);
	memcpy(sb->buf, s, n);
}

static void tb_delete_step(struct textbuf *tb, size_t from, size_t to, enum tb_group group)
{
	struct tb_step *st;
	if (tb_deleting_continues(tb, group, from, to)) {
		st = tb_top(tb);
		if (group == TB_GROUP_BACK)
			tb_prepend(&st->bytes, tb->buf + from, to - from);
		else
			strbuf_add(&st->bytes, tb->buf + from, to - from);
		st->off = from;
	} else {
		if (memchr(tb->buf + from, '\n', to - from))
			group = TB_GROUP_NONE;
		st = tb_step_new(tb, TB_DEL, from, group);
		strbuf_add(&st->bytes, tb->buf + from, to - from);
	}
	tb_splice(tb, from, to - from, NULL, 0);
	tb->cursor = tb_snap(tb, from);
	st->cur_after = tb->cursor;
}

/* Does or undoes a step. */
static void tb_apply(struct textbuf *tb, const struct tb_step *st, int forward)
{
	if ((st->kind == TB_INS) == forward)
		tb_splice(tb, st->off, 0, st->bytes.buf, st->bytes.len);
	else
		tb_splice(tb, st->off, st->bytes.len, NULL, 0);
	tb->cursor = forward ? st->cur_after : st->cur_before;
	tb->group = TB_GROUP_NONE;
}

/* ---- the interface ---- */

struct textbuf *textbuf_new(const char *text)
{
	struct textbuf *tb = xcalloc(1, sizeof *tb);
	if (!text)
		text = "";
	tb->len = strlen(text);
	tb->buf = xgrow(NULL, &tb->cap, tb->len + 1, 1);
	memcpy(tb->buf, text, tb->len + 1);
	tb->cursor = tb->len;
	tb->goal_col = -1;
	tb->saved = xstrndup(text, tb->len);
	tb->saved_len = tb->len;
	return tb;
}

void textbuf_free(struct textbuf *tb)
{
	if (!tb)
		return;
	for (size_t i = 0; i < tb->nsteps; i++)
		strbuf_free(&tb->steps[i].bytes);
	free(tb->steps);
	free(tb->rows.v);
	free(tb->scratch.v);
	free(tb->saved);
	free(tb->buf);
	free(tb);
}

const char *textbuf_text(const struct textbuf *tb)
{
	return tb->buf;
}

size_t textbuf_len(const struct textbuf *tb)
{
	return tb->len;
}

size_t textbuf_cursor(const struct textbuf *tb)
{
	return tb->cursor;
}

void textbuf_set_cursor(struct textbuf *tb, size_t off)
{
	tb->cursor = tb_snap(tb, off);
	tb->goal_col = -1;
	tb->group = TB_GROUP_NONE;
}

/* Comparing with the saved copy, rather than counting steps, also sees
 * that typing a letter and deleting it again leaves the text unchanged;
 * it costs a memcmp only when the lengths agree. */
int textbuf_modified(const struct textbuf *tb)
{
	return tb->len != tb->saved_len || memcmp(tb->buf, tb->saved, tb->len) != 0;
}

void textbuf_mark_saved(struct textbuf *tb)
{
	free(tb->saved);
	tb->saved = xstrndup(tb->buf, tb->len);
	tb->saved_len = tb->len;
	tb->group = TB_GROUP_NONE;
}

void textbuf_insert(struct textbuf *tb, const char *s, size_t n)
{
	struct strbuf t;
	strbuf_init(&t);
	tb_clean(&t, s, n);
	if (t.len) {
		int typing = memchr(t.buf, '\n', t.len) == NULL;
		tb_insert_step(tb, t.buf, t.len, typing ? TB_GROUP_TYPE : TB_GROUP_NONE);
	}
	strbuf_free(&t);
}

void textbuf_paste(struct textbuf *tb, const char *s, size_t n)
{
	struct strbuf t;
	strbuf_init(&t);
	tb_clean(&t, s, n);
	if (t.len)
		tb_insert_step(tb, t.buf, t.len, TB_GROUP_NONE);
	strbuf_free(&t);
}

void textbuf_newline(struct textbuf *tb)
{
	tb_insert_step(tb, "\n", 1, TB_GROUP_NONE);
}

void textbuf_backspace(struct textbuf *tb)
{
	if (tb->cursor > 0)
		tb_delete_step(tb, tb_prev(tb, tb->cursor), tb->cursor, TB_GROUP_BACK);
}

void textbuf_delete(struct textbuf *tb)
{
	if (tb->cursor < tb->len)
		tb_delete_step(tb, tb->cursor, tb_next(tb, tb->cursor), TB_GROUP_DEL);
}

void textbuf_delete_word_back(struct textbuf *tb)
{
	size_t from = tb_word_left(tb, tb->cursor);
	if (from < tb->cursor)
		tb_delete_step(tb, from, tb->cursor, TB_GROUP_NONE);
}

static size_t tb_move_target(struct textbuf *tb, enum tb_move how, int width)
{
	size_t c = tb->cursor;
	switch (how) {
	case TB_LEFT:
		return c > 0 ? tb_prev(tb, c) : c;
	case TB_RIGHT:
		return c < tb->len ? tb_next(tb, c) : c;
	case TB_WORD_LEFT:
		return tb_word_left(tb, c);
	case TB_WORD_RIGHT:
		return tb_word_right(tb, c);
	case TB_HOME:
		tb_need_layout(tb, width);
		return tb->rows.v[tb_row_of(&tb->rows, c)].start;
	case TB_END:
		tb_need_layout(tb, width);
		return tb_row_last(tb, tb_row_of(&tb->rows, c));
	case TB_TEXT_START:
		return 0;
	case TB_TEXT_END:
		return tb->len;
	}
	return c;
}

void textbuf_move(struct textbuf *tb, enum tb_move how, int width)
{
	tb->cursor = tb_move_target(tb, how, width);
	tb->goal_col = -1;
	tb->group = TB_GROUP_NONE;
}

void textbuf_move_rows(struct textbuf *tb, int rows, int width)
{
	size_t r;
	int col;
	textbuf_cursor_rowcol(tb, width, &r, &col);
	if (tb->goal_col < 0)
		tb->goal_col = col;
	long long t = (long long)r + rows;
	if (t < 0)
		t = 0;
	if (t >= (long long)tb->rows.n)
		t = (long long)tb->rows.n - 1;
	tb->cursor = tb_row_place(tb, (size_t)t, tb->goal_col);
	tb->group = TB_GROUP_NONE;
}

size_t textbuf_layout(struct textbuf *tb, int width, const struct tb_row **rows)
{
	tb_need_layout(tb, width);
	*rows = tb->rows.v;
	return tb->rows.n;
}

void textbuf_cursor_rowcol(struct textbuf *tb, int width, size_t *row, int *col)
{
	tb_need_layout(tb, width);
	*row = tb_row_of(&tb->rows, tb->cursor);
	*col = tb_col_between(tb, tb->rows.v[*row].start, tb->cursor);
}

int textbuf_undo(struct textbuf *tb)
{
	if (!tb->done)
		return 0;
	tb->done--;
	tb_apply(tb, &tb->steps[tb->done], 0);
	return 1;
}

int textbuf_redo(struct textbuf *tb)
{
	if (tb->done == tb->nsteps)
		return 0;
	tb_apply(tb, &tb->steps[tb->done++], 1);
	return 1;
}
