/* Unit tests for textbuf.c: clusters, cursor moves, deleting, wrapping,
 * vertical moves, undo/redo and big pastes. */
#include "testutil.h"

#include <locale.h>

#include "strbuf.h"
#include "text.h"
#include "textbuf.h"

/* å ä ö are 2 bytes, E_ACUTE is e + U+0301 (3 bytes, one cluster), HAN a
 * double-width CJK character (3 bytes), SMILE an emoji (4 bytes, 2
 * columns). */
#define E_ACUTE "e\xCC\x81"
#define HAN "\xE4\xB8\xAD"
#define SMILE "\xF0\x9F\x98\x80"

/* The rows of tb at width as "start-end start-end ...". */
static char *rows_desc(struct textbuf *tb, int width)
{
	const struct tb_row *rows;
	size_t n = textbuf_layout(tb, width, &rows);
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%zu-%zu", i ? " " : "", rows[i].start, rows[i].end);
	return strbuf_detach(&sb);
}

static void check_rows(const char *text, int width, const char *want)
{
	struct textbuf *tb = textbuf_new(text);
	char *got = rows_desc(tb, width);
	assert_string_equal(got, want);
	free(got);
	textbuf_free(tb);
}

static void check_rowcol(struct textbuf *tb, int width, size_t want_row, int want_col)
{
	size_t row = 99;
	int col = -1;
	textbuf_cursor_rowcol(tb, width, &row, &col);
	assert_int_equal(row, want_row);
	assert_int_equal(col, want_col);
}

/* Types s one code point at a time, as the editor does with keys. */
static void type(struct textbuf *tb, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (s[i] == '\n')
			textbuf_newline(tb);
		else
			textbuf_insert(tb, s + i, len);
		i += len;
	}
}

static void move_n(struct textbuf *tb, enum tb_move how, int times)
{
	for (int i = 0; i < times; i++)
		textbuf_move(tb, how, 80);
}

/* ---- creation and clusters ---- */

static void test_new(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("Åsa");
	assert_string_equal(textbuf_text(tb), "Åsa");
	assert_int_equal(textbuf_len(tb), 4);
	assert_int_equal(textbuf_cursor(tb), 4);
	assert_false(textbuf_modified(tb));
	textbuf_free(tb);

	tb = textbuf_new("");
	assert_int_equal(textbuf_len(tb), 0);
	assert_int_equal(textbuf_cursor(tb), 0);
	textbuf_free(tb);
	textbuf_free(NULL);
}

/* "a å e+U+0301 HAN SMILE <invalid byte> b": one stop per cluster. */
static const char mixed[] = "a\xC3\xA5" E_ACUTE HAN SMILE "\xFF" "b";
static const size_t mixed_stops[] = { 0, 1, 3, 6, 9, 13, 14, 15 };

static void test_left_right_clusters(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new(mixed);
	size_t nstops = sizeof mixed_stops / sizeof mixed_stops[0];
	textbuf_move(tb, TB_TEXT_START, 80);
	for (size_t i = 0; i < nstops; i++) {
		assert_int_equal(textbuf_cursor(tb), mixed_stops[i]);
		textbuf_move(tb, TB_RIGHT, 80);
	}
	assert_int_equal(textbuf_cursor(tb), textbuf_len(tb));   /* stays at the end */
	for (size_t i = nstops; i-- > 0;) {
		assert_int_equal(textbuf_cursor(tb), mixed_stops[i]);
		textbuf_move(tb, TB_LEFT, 80);
	}
	assert_int_equal(textbuf_cursor(tb), 0);                  /* stays at the start */
	textbuf_move(tb, TB_TEXT_END, 80);
	assert_int_equal(textbuf_cursor(tb), 15);
	textbuf_free(tb);
}

static void test_set_cursor_snaps(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new(mixed);
	static const size_t in[] =   { 2, 4, 5, 7, 8, 10, 11, 12, 14, 15, 99 };
	static const size_t want[] = { 1, 3, 3, 6, 6, 9,  9,  9,  14, 15, 15 };
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		textbuf_set_cursor(tb, in[i]);
		assert_int_equal(textbuf_cursor(tb), want[i]);
	}
	textbuf_free(tb);
}

static void test_joining_code_points(void **state)
{
	(void)state;
	/* Man + ZWJ is one cluster, the woman after it another. */
	struct textbuf *tb = textbuf_new("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9");
	textbuf_move(tb, TB_TEXT_START, 80);
	textbuf_move(tb, TB_RIGHT, 80);
	assert_int_equal(textbuf_cursor(tb), 7);
	textbuf_free(tb);

	/* Heart + variation selector 16 is one cluster. */
	tb = textbuf_new("\xE2\x9D\xA4\xEF\xB8\x8Fx");
	textbuf_move(tb, TB_TEXT_START, 80);
	textbuf_move(tb, TB_RIGHT, 80);
	assert_int_equal(textbuf_cursor(tb), 6);
	textbuf_free(tb);

	/* A mark after an LF joins nothing: it is a cluster of its own. */
	tb = textbuf_new("a\n\xCC\x81");
	textbuf_move(tb, TB_LEFT, 80);
	assert_int_equal(textbuf_cursor(tb), 2);
	textbuf_move(tb, TB_LEFT, 80);
	assert_int_equal(textbuf_cursor(tb), 1);
	textbuf_free(tb);

	/* A mark after an invalid byte joins it. */
	tb = textbuf_new("\xFF\xCC\x81z");
	textbuf_move(tb, TB_TEXT_START, 80);
	textbuf_move(tb, TB_RIGHT, 80);
	assert_int_equal(textbuf_cursor(tb), 3);
	textbuf_free(tb);
}

/* ---- deleting ---- */

static void test_backspace_clusters(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new(mixed);
	size_t nstops = sizeof mixed_stops / sizeof mixed_stops[0];
	for (size_t i = nstops - 1; i-- > 0;) {
		textbuf_backspace(tb);
		assert_int_equal(textbuf_len(tb), mixed_stops[i]);
		assert_memory_equal(textbuf_text(tb), mixed, mixed_stops[i]);
		assert_int_equal(textbuf_cursor(tb), mixed_stops[i]);
	}
	assert_string_equal(textbuf_text(tb), "");
	textbuf_backspace(tb);                    /* nothing at the start */
	assert_string_equal(textbuf_text(tb), "");
	assert_int_equal(textbuf_cursor(tb), 0);
	textbuf_free(tb);
}

static void test_delete_clusters(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new(mixed);
	textbuf_delete(tb);                       /* nothing at the end */
	assert_string_equal(textbuf_text(tb), mixed);
	textbuf_move(tb, TB_TEXT_START, 80);
	size_t nstops = sizeof mixed_stops / sizeof mixed_stops[0];
	for (size_t i = 1; i < nstops; i++) {
		textbuf_delete(tb);
		assert_string_equal(textbuf_text(tb), mixed + mixed_stops[i]);
		assert_int_equal(textbuf_cursor(tb), 0);
	}
	textbuf_delete(tb);
	assert_string_equal(textbuf_text(tb), "");
	textbuf_free(tb);
}

static void test_delete_at_line_boundary(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("rad ett\nrad två");
	textbuf_set_cursor(tb, 8);                /* start of the second line */
	textbuf_backspace(tb);
	assert_string_equal(textbuf_text(tb), "rad ettrad två");
	assert_int_equal(textbuf_cursor(tb), 7);
	textbuf_newline(tb);
	assert_string_equal(textbuf_text(tb), "rad ett\nrad två");
	textbuf_set_cursor(tb, 7);                /* end of the first line */
	textbuf_delete(tb);
	assert_string_equal(textbuf_text(tb), "rad ettrad två");
	textbuf_free(tb);
}

static void test_invalid_bytes(void **state)
{
	(void)state;
	/* A lone lead byte and two stray continuation bytes: each one column. */
	struct textbuf *tb = textbuf_new("a\xC3" "b\xA5\x80");
	check_rows("a\xC3" "b\xA5\x80", 2, "0-2 2-4 4-5");
	textbuf_backspace(tb);
	assert_string_equal(textbuf_text(tb), "a\xC3" "b\xA5");
	textbuf_move(tb, TB_TEXT_START, 80);
	move_n(tb, TB_RIGHT, 2);
	assert_int_equal(textbuf_cursor(tb), 2);
	textbuf_delete(tb);                       /* the 'b' */
	/* Its neighbours now form a valid å: the cursor must not sit inside. */
	assert_string_equal(textbuf_text(tb), "a\xC3\xA5");
	assert_int_equal(textbuf_cursor(tb), 1);
	textbuf_move(tb, TB_RIGHT, 80);
	assert_int_equal(textbuf_cursor(tb), 3);
	assert_int_equal(textbuf_undo(tb), 1);
	assert_string_equal(textbuf_text(tb), "a\xC3" "b\xA5");
	assert_int_equal(textbuf_cursor(tb), 2);
	textbuf_free(tb);
}

/* ---- words ---- */

static void test_word_moves(void **state)
{
	(void)state;
	/* Hej 0-3, åsa 5-9, Öl 11-14, 12 15-17, cafe+U+0301 18-24, "." 24-25 */
	struct textbuf *tb = textbuf_new("Hej, åsa! Öl 12 cafe\xCC\x81.");
	static const size_t right[] = { 3, 9, 14, 17, 24, 25, 25 };
	textbuf_move(tb, TB_TEXT_START, 80);
	for (size_t i = 0; i < sizeof right / sizeof right[0]; i++) {
		textbuf_move(tb, TB_WORD_RIGHT, 80);
		assert_int_equal(textbuf_cursor(tb), right[i]);
	}
	static const size_t left[] = { 18, 15, 11, 5, 0, 0 };
	for (size_t i = 0; i < sizeof left / sizeof left[0]; i++) {
		textbuf_move(tb, TB_WORD_LEFT, 80);
		assert_int_equal(textbuf_cursor(tb), left[i]);
	}
	textbuf_set_cursor(tb, 7);                /* inside "åsa": "å|sa" */
	textbuf_move(tb, TB_WORD_LEFT, 80);
	assert_int_equal(textbuf_cursor(tb), 5);
	textbuf_set_cursor(tb, 7);
	textbuf_move(tb, TB_WORD_RIGHT, 80);
	assert_int_equal(textbuf_cursor(tb), 9);
	textbuf_free(tb);
}

static void test_word_moves_cross_lines(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("ett\n\n  två " HAN HAN);
	textbuf_move(tb, TB_WORD_LEFT, 80);       /* CJK characters are letters */
	assert_int_equal(textbuf_cursor(tb), 12);
	textbuf_move(tb, TB_WORD_LEFT, 80);
	assert_int_equal(textbuf_cursor(tb), 7);
	textbuf_move(tb, TB_WORD_LEFT, 80);
	assert_int_equal(textbuf_cursor(tb), 0);
	textbuf_move(tb, TB_WORD_RIGHT, 80);
	assert_int_equal(textbuf_cursor(tb), 3);
	textbuf_move(tb, TB_WORD_RIGHT, 80);
	assert_int_equal(textbuf_cursor(tb), 11);
	textbuf_free(tb);
}

static void test_delete_word_back(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("smörgås på bordet,  ");
	textbuf_delete_word_back(tb);
	assert_string_equal(textbuf_text(tb), "smörgås på ");
	textbuf_delete_word_back(tb);
	assert_string_equal(textbuf_text(tb), "smörgås ");
	textbuf_set_cursor(tb, 4);                /* inside the word: "smö|rgås" */
	textbuf_delete_word_back(tb);
	assert_string_equal(textbuf_text(tb), "rgås ");
	assert_int_equal(textbuf_cursor(tb), 0);
	textbuf_delete_word_back(tb);             /* nothing at the start */
	assert_string_equal(textbuf_text(tb), "rgås ");
	textbuf_free(tb);

	tb = textbuf_new("rad\n" E_ACUTE E_ACUTE);
	textbuf_delete_word_back(tb);
	assert_string_equal(textbuf_text(tb), "rad\n");
	textbuf_delete_word_back(tb);             /* across the LF */
	assert_string_equal(textbuf_text(tb), "");
	textbuf_free(tb);
}

/* ---- wrapping ---- */

static void test_wrap_words(void **state)
{
	(void)state;
	/* J0 a1 g2 _3 g4 å5 r7 _8 h9 e10 m11 _12 n13 u14 (15 bytes) */
	const char *t = "Jag går hem nu";
	check_rows(t, 20, "0-15");
	check_rows(t, 7, "0-8 9-15");      /* the space that overflows is dropped */
	check_rows(t, 5, "0-3 4-8 9-12 13-15");
	check_rows(t, 2, "0-2 2-3 4-7 7-8 9-11 11-12 13-15");
	check_rows(t, 1, "0-1 1-2 2-3 4-5 5-7 7-8 9-10 10-11 11-12 13-14 14-15");
	check_rows("abc def", 3, "0-3 4-7");
	check_rows("ab cd", 3, "0-2 3-5");
}

static void test_wrap_long_word_and_spaces(void **state)
{
	(void)state;
	check_rows("abcdefgh ij", 3, "0-3 3-6 6-8 9-11");
	check_rows("a   b", 3, "0-3 4-5");
	check_rows("a   b", 1, "0-1 2-3 4-5");
	check_rows("  ab", 2, "0-1 2-4");  /* the first space is no break point */
	check_rows("abc ", 3, "0-3 4-4");  /* the cursor after the space goes below */
	check_rows("a\tb", 2, "0-2 2-3");  /* TAB is one column */
	check_rows(E_ACUTE E_ACUTE E_ACUTE, 2, "0-6 6-9");
	check_rows(SMILE SMILE, 3, "0-4 4-8");
}

static void test_wrap_lines(void **state)
{
	(void)state;
	check_rows("", 5, "0-0");
	check_rows("ab\n", 5, "0-2 3-3");
	check_rows("\n\n", 5, "0-0 1-1 2-2");
	check_rows("ab\ncd", 5, "0-2 3-5");
	check_rows("abcde\nf", 5, "0-5 6-7"); /* a row exactly full before an LF */
}

static void test_wrap_double_width(void **state)
{
	(void)state;
	check_rows("a" HAN HAN, 2, "0-1 1-4 4-7");   /* never split, never lost */
	check_rows("ab" HAN, 3, "0-2 2-5");
	check_rows(HAN HAN, 1, "0-3 3-6");           /* alone on a row at width 1 */
	check_rows(HAN "\n", 1, "0-3 4-4");
	check_rows(HAN " a", 1, "0-3 4-5");
	check_rows(SMILE "x", 1, "0-4 4-5");
	check_rows("x" HAN, 1, "0-1 1-4");
}

static void test_layout_cached(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("ett två tre");
	const struct tb_row *a, *b;
	size_t na = textbuf_layout(tb, 4, &a);
	size_t nb = textbuf_layout(tb, 4, &b);
	assert_ptr_equal(a, b);
	assert_int_equal(na, nb);
	assert_int_equal(na, 3);
	assert_int_equal(textbuf_layout(tb, 0, &a), textbuf_layout(tb, 1, &b));
	textbuf_free(tb);
}

/* ---- cursor rows and columns ---- */

static void test_cursor_at_wrap_point(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("abc def");
	textbuf_set_cursor(tb, 3);                /* before the dropped space */
	check_rowcol(tb, 3, 0, 3);
	textbuf_set_cursor(tb, 4);
	check_rowcol(tb, 3, 1, 0);
	textbuf_set_cursor(tb, 1);
	textbuf_move(tb, TB_END, 3);
	assert_int_equal(textbuf_cursor(tb), 3);
	textbuf_move(tb, TB_RIGHT, 3);
	check_rowcol(tb, 3, 1, 0);
	textbuf_move(tb, TB_END, 3);
	assert_int_equal(textbuf_cursor(tb), 7);
	check_rowcol(tb, 3, 1, 3);
	textbuf_move(tb, TB_HOME, 3);
	assert_int_equal(textbuf_cursor(tb), 4);
	textbuf_free(tb);

	/* Broken inside a word: the break belongs to the next row. */
	tb = textbuf_new("abcdef");
	textbuf_set_cursor(tb, 3);
	check_rowcol(tb, 3, 1, 0);
	textbuf_set_cursor(tb, 0);
	textbuf_move(tb, TB_END, 3);
	assert_int_equal(textbuf_cursor(tb), 2);
	check_rowcol(tb, 3, 0, 2);
	textbuf_move(tb, TB_TEXT_END, 3);
	check_rowcol(tb, 3, 1, 3);
	textbuf_move(tb, TB_HOME, 3);
	assert_int_equal(textbuf_cursor(tb), 3);
	textbuf_free(tb);
}

static void test_cursor_rowcol_lines(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("åäö\n" HAN "x\n");
	check_rowcol(tb, 10, 2, 0);               /* after the final LF */
	textbuf_set_cursor(tb, 6);
	check_rowcol(tb, 10, 0, 3);               /* before the first LF */
	textbuf_set_cursor(tb, 10);
	check_rowcol(tb, 10, 1, 2);               /* after the double-width char */
	textbuf_move(tb, TB_END, 10);
	assert_int_equal(textbuf_cursor(tb), 11);
	textbuf_move(tb, TB_HOME, 10);
	assert_int_equal(textbuf_cursor(tb), 7);
	textbuf_free(tb);

	tb = textbuf_new(E_ACUTE SMILE "a");
	check_rowcol(tb, 10, 0, 4);
	textbuf_free(tb);
}

/* ---- vertical moves ---- */

static void test_move_rows_goal_column(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("abcdef\nab\nabcdef");
	textbuf_set_cursor(tb, 5);
	textbuf_move_rows(tb, 1, 10);
	assert_int_equal(textbuf_cursor(tb), 9);  /* the short row's end */
	textbuf_move_rows(tb, 1, 10);
	assert_int_equal(textbuf_cursor(tb), 15); /* column 5 again */
	textbuf_move_rows(tb, -2, 10);
	assert_int_equal(textbuf_cursor(tb), 5);
	textbuf_move_rows(tb, 1, 10);
	textbuf_move(tb, TB_LEFT, 10);            /* a sideways move drops the goal */
	textbuf_move_rows(tb, 1, 10);
	assert_int_equal(textbuf_cursor(tb), 11);
	textbuf_free(tb);
}

static void test_move_rows_wrapped(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("aaaa bbbb cc");   /* rows 0-4 5-9 10-12 */
	textbuf_set_cursor(tb, 3);
	textbuf_move_rows(tb, 1, 4);
	assert_int_equal(textbuf_cursor(tb), 8);
	textbuf_move_rows(tb, 1, 4);
	assert_int_equal(textbuf_cursor(tb), 12);
	textbuf_move_rows(tb, -1, 4);
	assert_int_equal(textbuf_cursor(tb), 8);
	textbuf_free(tb);

	/* A row broken in a word: Down cannot land on the break offset, which
	 * is the next row's start. */
	tb = textbuf_new("abcdef\nxyz");              /* rows 0-3 3-6 7-10 */
	textbuf_set_cursor(tb, 9);
	textbuf_move_rows(tb, -2, 3);
	assert_int_equal(textbuf_cursor(tb), 2);
	check_rowcol(tb, 3, 0, 2);
	textbuf_free(tb);
}

static void test_move_rows_double_width(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("abcd\n" HAN HAN HAN);
	textbuf_set_cursor(tb, 3);
	textbuf_move_rows(tb, 1, 10);             /* column 3 is inside the 2nd HAN */
	assert_int_equal(textbuf_cursor(tb), 8);
	check_rowcol(tb, 10, 1, 2);
	textbuf_move_rows(tb, -1, 10);
	assert_int_equal(textbuf_cursor(tb), 3);  /* the goal column was kept */
	textbuf_set_cursor(tb, 1);
	textbuf_move_rows(tb, 1, 10);
	assert_int_equal(textbuf_cursor(tb), 5);
	textbuf_move_rows(tb, 1, 10);             /* already on the last row */
	assert_int_equal(textbuf_cursor(tb), 5);
	textbuf_move_rows(tb, -1, 10);
	assert_int_equal(textbuf_cursor(tb), 1);
	textbuf_free(tb);
}

static void test_page_moves_clamped(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	for (int i = 0; i < 30; i++)
		strbuf_addf(&sb, "%srad %02d", i ? "\n" : "", i);   /* 6 bytes a line */
	struct textbuf *tb = textbuf_new(sb.buf);
	textbuf_set_cursor(tb, 2);
	textbuf_move_rows(tb, 10, 40);
	assert_int_equal(textbuf_cursor(tb), 10 * 7 + 2);
	textbuf_move_rows(tb, 100, 40);
	assert_int_equal(textbuf_cursor(tb), 29 * 7 + 2);
	check_rowcol(tb, 40, 29, 2);
	textbuf_move_rows(tb, -1000, 40);
	assert_int_equal(textbuf_cursor(tb), 2);
	textbuf_move_rows(tb, -1, 40);
	assert_int_equal(textbuf_cursor(tb), 2);
	textbuf_free(tb);
	strbuf_free(&sb);
}

/* ---- undo and redo ---- */

static void test_undo_typing_words(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("");
	type(tb, "hej  då");
	assert_string_equal(textbuf_text(tb), "hej  då");
	assert_int_equal(textbuf_undo(tb), 1);
	assert_string_equal(textbuf_text(tb), "hej  ");
	assert_int_equal(textbuf_cursor(tb), 5);
	assert_int_equal(textbuf_undo(tb), 1);
	assert_string_equal(textbuf_text(tb), "");
	assert_int_equal(textbuf_undo(tb), 0);    /* past the beginning */
	assert_int_equal(textbuf_redo(tb), 1);
	assert_string_equal(textbuf_text(tb), "hej  ");
	assert_int_equal(textbuf_redo(tb), 1);
	assert_string_equal(textbuf_text(tb), "hej  då");
	assert_int_equal(textbuf_cursor(tb), 8);
	assert_int_equal(textbuf_redo(tb), 0);
	textbuf_free(tb);
}

static void test_undo_typing_broken_by_move(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("x");
	type(tb, "ab");
	textbuf_move(tb, TB_LEFT, 80);
	textbuf_move(tb, TB_RIGHT, 80);
	type(tb, "c");
	assert_string_equal(textbuf_text(tb), "xabc");
	textbuf_undo(tb);
	assert_string_equal(textbuf_text(tb), "xab");
	textbuf_backspace(tb);                    /* another kind of edit */
	type(tb, "d");
	textbuf_undo(tb);
	assert_string_equal(textbuf_text(tb), "xa");
	textbuf_undo(tb);
	assert_string_equal(textbuf_text(tb), "xab");
	textbuf_undo(tb);
	assert_string_equal(textbuf_text(tb), "x");
	assert_int_equal(textbuf_cursor(tb), 1);
	textbuf_free(tb);
}

static void test_undo_paste_one_step(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("före efter");
	textbuf_set_cursor(tb, 6);
	type(tb, "x");
	const char *paste = "rad ett\r\nrad två\rtre ";
	textbuf_paste(tb, paste, strlen(paste));
	assert_string_equal(textbuf_text(tb), "före xrad ett\nrad två\ntre efter");
	assert_int_equal(textbuf_cursor(tb), 28);
	assert_int_equal(textbuf_undo(tb), 1);
	assert_string_equal(textbuf_text(tb), "före xefter");
	assert_int_equal(textbuf_cursor(tb), 7);
	assert_int_equal(textbuf_redo(tb), 1);
	assert_string_equal(textbuf_text(tb), "före xrad ett\nrad två\ntre efter");
	assert_int_equal(textbuf_cursor(tb), 28);
	textbuf_free(tb);
}

static void test_undo_backspace_runs(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("hej på dig");
	for (int i = 0; i < 6; i++)
		textbuf_backspace(tb);
	assert_string_equal(textbuf_text(tb), "hej ");
	assert_int_equal(textbuf_undo(tb), 1);    /* "på" */
	assert_string_equal(textbuf_text(tb), "hej på");
	assert_int_equal(textbuf_cursor(tb), 7);
	assert_int_equal(textbuf_undo(tb), 1);    /* " dig" */
	assert_string_equal(textbuf_text(tb), "hej på dig");
	assert_int_equal(textbuf_cursor(tb), 11);
	assert_int_equal(textbuf_undo(tb), 0);
	textbuf_free(tb);

	tb = textbuf_new("hej på dig");
	textbuf_move(tb, TB_TEXT_START, 80);
	for (int i = 0; i < 6; i++)
		textbuf_delete(tb);
	assert_string_equal(textbuf_text(tb), " dig");
	assert_int_equal(textbuf_undo(tb), 1);    /* "på" */
	assert_string_equal(textbuf_text(tb), "på dig");
	assert_int_equal(textbuf_undo(tb), 1);    /* "hej " */
	assert_string_equal(textbuf_text(tb), "hej på dig");
	assert_int_equal(textbuf_cursor(tb), 0);
	assert_int_equal(textbuf_undo(tb), 0);
	textbuf_free(tb);
}

static void test_undo_newline(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("");
	type(tb, "ab\ncd");
	assert_string_equal(textbuf_text(tb), "ab\ncd");
	textbuf_undo(tb);
	assert_string_equal(textbuf_text(tb), "ab\n");
	textbuf_undo(tb);
	assert_string_equal(textbuf_text(tb), "ab");
	textbuf_redo(tb);
	textbuf_redo(tb);
	assert_string_equal(textbuf_text(tb), "ab\ncd");
	/* Backspacing over the LF is a step of its own too. */
	for (int i = 0; i < 4; i++)
		textbuf_backspace(tb);
	assert_string_equal(textbuf_text(tb), "a");
	textbuf_undo(tb);
	assert_string_equal(textbuf_text(tb), "ab");
	textbuf_undo(tb);
	assert_string_equal(textbuf_text(tb), "ab\n");
	textbuf_undo(tb);
	assert_string_equal(textbuf_text(tb), "ab\ncd");
	textbuf_free(tb);
}

static void test_undo_delete_word_back(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("hej ");
	type(tb, "då");
	textbuf_delete_word_back(tb);
	textbuf_delete_word_back(tb);
	assert_string_equal(textbuf_text(tb), "");
	textbuf_undo(tb);
	assert_string_equal(textbuf_text(tb), "hej ");
	assert_int_equal(textbuf_cursor(tb), 4);
	textbuf_undo(tb);
	assert_string_equal(textbuf_text(tb), "hej då");
	textbuf_undo(tb);
	assert_string_equal(textbuf_text(tb), "hej ");
	assert_int_equal(textbuf_undo(tb), 0);
	textbuf_free(tb);
}

static void test_edit_after_undo_clears_redo(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("");
	type(tb, "a");
	textbuf_undo(tb);
	type(tb, "b");
	assert_int_equal(textbuf_redo(tb), 0);
	assert_string_equal(textbuf_text(tb), "b");
	textbuf_free(tb);
}

static void test_modified_round_trip(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("abc");
	assert_false(textbuf_modified(tb));
	type(tb, "d");
	assert_true(textbuf_modified(tb));
	textbuf_undo(tb);
	assert_false(textbuf_modified(tb));
	textbuf_redo(tb);
	assert_true(textbuf_modified(tb));
	textbuf_mark_saved(tb);
	assert_false(textbuf_modified(tb));
	textbuf_undo(tb);
	assert_true(textbuf_modified(tb));
	textbuf_redo(tb);
	assert_false(textbuf_modified(tb));
	type(tb, "x");
	textbuf_backspace(tb);                    /* the same text again */
	assert_false(textbuf_modified(tb));
	textbuf_free(tb);
}

static void test_insert_line_endings(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("");
	textbuf_insert(tb, "a\r\nb\rc\r", 7);
	assert_string_equal(textbuf_text(tb), "a\nb\nc\n");
	textbuf_insert(tb, "x\0y", 3);            /* NUL would cut the string */
	assert_string_equal(textbuf_text(tb), "a\nb\nc\nxy");
	textbuf_insert(tb, "\r", 1);
	textbuf_insert(tb, "", 0);
	assert_string_equal(textbuf_text(tb), "a\nb\nc\nxy\n");
	textbuf_paste(tb, "\r\n\r\n", 4);
	assert_string_equal(textbuf_text(tb), "a\nb\nc\nxy\n\n\n");
	textbuf_free(tb);
}

/* ---- big texts ---- */

static char *repeat(const char *unit, size_t total, size_t *len)
{
	size_t ul = strlen(unit), n = total / ul;
	char *s = malloc(n * ul + 1);
	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * ul, unit, ul);
	s[n * ul] = '\0';
	*len = n * ul;
	return s;
}

/* The cached, edited layout must equal a fresh one of the same text. */
static void assert_layout_fresh(struct textbuf *tb, int width)
{
	struct textbuf *fresh = textbuf_new(textbuf_text(tb));
	const struct tb_row *a, *b;
	size_t na = textbuf_layout(tb, width, &a);
	size_t nb = textbuf_layout(fresh, width, &b);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na * sizeof *a);
	textbuf_free(fresh);
}

static void test_big_paste_round_trip(void **state)
{
	(void)state;
	size_t n;
	char *big = repeat("åäö ", 1 << 20, &n);
	struct textbuf *tb = textbuf_new("början\nslut");
	textbuf_layout(tb, 80, &(const struct tb_row *){ NULL });
	textbuf_set_cursor(tb, 7);
	textbuf_paste(tb, big, n);
	assert_int_equal(textbuf_len(tb), n + 12);
	assert_int_equal(textbuf_cursor(tb), 7 + n);
	assert_memory_equal(textbuf_text(tb) + 7, big, n);
	assert_layout_fresh(tb, 80);
	char *after = strdup(textbuf_text(tb));
	assert_int_equal(textbuf_undo(tb), 1);
	assert_string_equal(textbuf_text(tb), "början\nslut");
	assert_false(textbuf_modified(tb));
	assert_int_equal(textbuf_redo(tb), 1);
	assert_string_equal(textbuf_text(tb), after);
	assert_layout_fresh(tb, 80);
	type(tb, "x");                            /* typing in the big text */
	assert_layout_fresh(tb, 80);
	free(after);
	free(big);
	textbuf_free(tb);
}

static void test_big_paste_without_breaks(void **state)
{
	(void)state;
	size_t n;
	char *big = repeat("ö", 200 * 1024, &n);  /* one 200 KB word */
	struct textbuf *tb = textbuf_new("");
	textbuf_layout(tb, 7, &(const struct tb_row *){ NULL });
	textbuf_paste(tb, big, n);
	textbuf_set_cursor(tb, 10);
	type(tb, "a");                            /* shifts every row after it */
	assert_layout_fresh(tb, 7);
	assert_int_equal(textbuf_undo(tb), 1);
	assert_memory_equal(textbuf_text(tb), big, n);
	free(big);
	textbuf_free(tb);
}

/* ---- random edits: the incremental layout against a fresh one ---- */

static unsigned long rng_state;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rng_state >> 33) % n;
}

static const char *const pieces[] = {
	"a", "b", "ord", " ", "  ", "\n", "å", "ö", HAN, E_ACUTE, "\xCC\x81",
	SMILE, "\xC3", "\xA5", "\xFF", "\t", "\xE2\x80\x8D",
};

static void random_edit(struct textbuf *tb, int width)
{
	const char *p = pieces[rnd(sizeof pieces / sizeof pieces[0])];
	switch (rnd(10)) {
	case 0: textbuf_set_cursor(tb, rnd((unsigned)textbuf_len(tb) + 1)); break;
	case 1: textbuf_backspace(tb); break;
	case 2: textbuf_delete(tb); break;
	case 3: textbuf_delete_word_back(tb); break;
	case 4: textbuf_undo(tb); break;
	case 5: textbuf_redo(tb); break;
	case 6: textbuf_paste(tb, "ett två\ntre " HAN HAN " fyra", 24); break;
	case 7: textbuf_move_rows(tb, (int)rnd(5) - 2, width); break;
	default: textbuf_insert(tb, p, strlen(p)); break;
	}
}

/* The cursor must stand on the start of a cluster. */
static void assert_cursor_on_cluster(struct textbuf *tb)
{
	struct textbuf *fresh = textbuf_new(textbuf_text(tb));
	textbuf_set_cursor(fresh, textbuf_cursor(tb));
	assert_int_equal(textbuf_cursor(fresh), textbuf_cursor(tb));
	textbuf_free(fresh);
}

/* An inserted byte that turns a stray lead byte two rows below into a
 * combining mark changes the first row: its dropped space grows. */
static void test_edit_changes_row_two_up(void **state)
{
	(void)state;
	struct textbuf *tb = textbuf_new("a \xCC" "x");
	char *before = rows_desc(tb, 1);
	assert_string_equal(before, "0-1 2-3 3-4");
	textbuf_set_cursor(tb, 3);
	textbuf_insert(tb, "\x81", 1);
	assert_layout_fresh(tb, 1);
	char *after = rows_desc(tb, 1);
	assert_string_equal(after, "0-1 4-5");
	free(before);
	free(after);
	textbuf_free(tb);
}

static void test_random_edits(void **state)
{
	(void)state;
	static const int widths[] = { 1, 2, 3, 5, 8, 13 };
	for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
		rng_state = 42 + w;
		struct textbuf *tb = textbuf_new("Vi lovar fler " HAN " fotpatruller\n\nå");
		textbuf_layout(tb, widths[w], &(const struct tb_row *){ NULL });
		for (int i = 0; i < 1500; i++) {
			random_edit(tb, widths[w]);
			assert_layout_fresh(tb, widths[w]);
			assert_cursor_on_cluster(tb);
		}
		char *final = strdup(textbuf_text(tb));
		while (textbuf_undo(tb))
			;
		assert_string_equal(textbuf_text(tb), "Vi lovar fler " HAN " fotpatruller\n\nå");
		assert_false(textbuf_modified(tb));
		while (textbuf_redo(tb))
			;
		assert_string_equal(textbuf_text(tb), final);
		assert_layout_fresh(tb, widths[w]);
		free(final);
		textbuf_free(tb);
	}
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new),
		cmocka_unit_test(test_left_right_clusters),
		cmocka_unit_test(test_set_cursor_snaps),
		cmocka_unit_test(test_joining_code_points),
		cmocka_unit_test(test_backspace_clusters),
		cmocka_unit_test(test_delete_clusters),
		cmocka_unit_test(test_delete_at_line_boundary),
		cmocka_unit_test(test_invalid_bytes),
		cmocka_unit_test(test_word_moves),
		cmocka_unit_test(test_word_moves_cross_lines),
		cmocka_unit_test(test_delete_word_back),
		cmocka_unit_test(test_wrap_words),
		cmocka_unit_test(test_wrap_long_word_and_spaces),
		cmocka_unit_test(test_wrap_lines),
		cmocka_unit_test(test_wrap_double_width),
		cmocka_unit_test(test_layout_cached),
		cmocka_unit_test(test_cursor_at_wrap_point),
		cmocka_unit_test(test_cursor_rowcol_lines),
		cmocka_unit_test(test_move_rows_goal_column),
		cmocka_unit_test(test_move_rows_wrapped),
		cmocka_unit_test(test_move_rows_double_width),
		cmocka_unit_test(test_page_moves_clamped),
		cmocka_unit_test(test_undo_typing_words),
		cmocka_unit_test(test_undo_typing_broken_by_move),
		cmocka_unit_test(test_undo_paste_one_step),
		cmocka_unit_test(test_undo_backspace_runs),
		cmocka_unit_test(test_undo_newline),
		cmocka_unit_test(test_undo_delete_word_back),
		cmocka_unit_test(test_edit_after_undo_clears_redo),
		cmocka_unit_test(test_modified_round_trip),
		cmocka_unit_test(test_insert_line_endings),
		cmocka_unit_test(test_big_paste_round_trip),
		cmocka_unit_test(test_big_paste_without_breaks),
		cmocka_unit_test(test_edit_changes_row_two_up),
		cmocka_unit_test(test_random_edits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
