/* fuzz_textbuf.c - the editor's text buffer driven by a byte stream read
 * as keys.  The first byte is the length of the starting text, which
 * follows; then each byte is a key, some taking the bytes after them as
 * an argument (text to type or paste, a width, a row count, an offset).
 * Checked after every key: the text is a C string of textbuf_len bytes,
 * valid UTF-8 while only valid UTF-8 went in, the cursor inside it and on
 * a cluster start, textbuf_modified() true just when the text is not the
 * saved one, the layout covers the text in order, the cursor's row
 * and column lie in it, and the layout kept up to date edit by edit is
 * the one a fresh buffer makes.  At the end undoing everything gives back
 * the starting text and redoing everything the last edit's text. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "text.h"
#include "textbuf.h"

/* Characters worth typing that random bytes seldom make. */
static const char *const samples[] = {
	"å", "Ä", "ö", "e\xCC\x81", "\xCC\x81", "漢", "字", "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB",
	"\xE2\x80\xAE", "\xE2\x80\x8B", "\xEF\xB8\x8F", "\t", " ", "  ", "\r\n", "\r", "\x1B[2J",
	"\xC3", "\xA5", "\xED\xA0\x80", "\xF4\x90\x80\x80", "ord", "\xC2\x85",
};
#define N_SAMPLES (sizeof samples / sizeof samples[0])

struct input {
	const uint8_t *p, *end;
};

static unsigned next_byte(struct input *in)
{
	return in->p < in->end ? *in->p++ : 0;
}

/* Up to n (< 64) bytes of the input as text into buf; clears *valid_in
 * when they are not valid UTF-8.  Returns how many. */
static size_t take(struct input *in, size_t n, char *buf, int *valid_in)
{
	if (n > (size_t)(in->end - in->p))
		n = (size_t)(in->end - in->p);
	memcpy(buf, in->p, n);
	in->p += n;
	if (!utf8_valid(buf, n, NULL))
		*valid_in = 0;
	return n;
}

/* Widths from 1 (every cluster its own row) to wider than most texts. */
static int next_width(struct input *in)
{
	unsigned b = next_byte(in);
	return b < 200 ? (int)(b % 12) + 1 : (int)b - 120;
}

static void check(struct textbuf *tb, int valid_in, int width, const char *saved)
{
	const char *text = textbuf_text(tb);
	size_t len = textbuf_len(tb), cur = textbuf_cursor(tb);
	const struct tb_row *rows;
	size_t row;
	int col;

	FUZZ_CHECK(strlen(text) == len);
	FUZZ_CHECK(cur <= len);
	FUZZ_CHECK(textbuf_modified(tb) == (strcmp(text, saved) != 0));
	FUZZ_CHECK(!valid_in || utf8_valid(text, len, NULL));
	textbuf_set_cursor(tb, cur);
	FUZZ_CHECK(textbuf_cursor(tb) == cur);   /* it was on a cluster start */

	size_t n = textbuf_layout(tb, width, &rows);
	FUZZ_CHECK(n >= 1 && rows[0].start == 0 && rows[n - 1].end == len);
	for (size_t r = 1; r < n; r++) {
		/* Between two rows lies nothing, the LF, or the one space
		 * cluster the row broke at. */
		size_t gap_at = rows[r - 1].end;
		FUZZ_CHECK(rows[r - 1].start <= gap_at && gap_at <= rows[r].start);
		FUZZ_CHECK(gap_at == rows[r].start || text[gap_at] == ' ' ||
		           (text[gap_at] == '\n' && rows[r].start == gap_at + 1));
	}
	/* The layout kept up to date edit by edit is the one made afresh. */
	struct textbuf *fresh = textbuf_new(text);
	const struct tb_row *fresh_rows;
	FUZZ_CHECK(textbuf_layout(fresh, width, &fresh_rows) == n);
	FUZZ_CHECK(!memcmp(rows, fresh_rows, n * sizeof *rows));
	textbuf_free(fresh);

	textbuf_cursor_rowcol(tb, width, &row, &col);
	/* A double-width character alone in a one-column row ends at 2. */
	FUZZ_CHECK(row < n && col >= 0 && col <= (width < 2 ? 2 : width));
	FUZZ_CHECK(cur >= rows[row].start && cur <= rows[row].end);
}

/* Runs one key; returns 1 when it was Undo or Redo, 2 for a save. */
static int run_key(struct textbuf *tb, struct input *in, int *valid_in, int *width)
{
	unsigned key = next_byte(in);
	size_t n, len = textbuf_len(tb);
	char buf[64];

	switch (key % 20) {
	case 0:   /* type a few raw bytes, valid UTF-8 or not */
	case 1:
		n = take(in, next_byte(in) % 8 + 1, buf, valid_in);
		textbuf_insert(tb, buf, n);
		break;
	case 2: { /* type a character from the table */
		const char *s = samples[next_byte(in) % N_SAMPLES];
		if (!utf8_valid(s, strlen(s), NULL))
			*valid_in = 0;
		textbuf_insert(tb, s, strlen(s));
		break;
	}
	case 3:   /* paste up to 63 bytes */
		n = take(in, next_byte(in) % 64, buf, valid_in);
		textbuf_paste(tb, buf, n);
		break;
	case 4: textbuf_newline(tb); break;
	case 5: textbuf_backspace(tb); break;
	case 6: textbuf_delete(tb); break;
	case 7: textbuf_delete_word_back(tb); break;
	case 8:
	case 9:
	case 10:
		textbuf_move(tb, (enum tb_move)(next_byte(in) % (TB_TEXT_END + 1)), *width);
		break;
	case 11:
		textbuf_move_rows(tb, (int)(signed char)next_byte(in), *width);
		break;
	case 12:
		textbuf_set_cursor(tb, len ? next_byte(in) * 257u % (len + 1) : 0);
		break;
	case 13:
	case 14:
		textbuf_undo(tb);
		return 1;
	case 15:
		textbuf_redo(tb);
		return 1;
	case 16:
		textbuf_mark_saved(tb);
		return 2;
	case 17:
		*width = next_width(in);
		break;
	default: { /* plain ASCII typing, the common case */
		char c = (char)(' ' + key % 95);
		textbuf_insert(tb, &c, 1);
		break;
	}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int locale_set;
	struct input in = { data, data + size };
	int width = 20;
	char *start;

	/* Widths follow wcwidth(), which needs a UTF-8 LC_CTYPE. */
	if (!locale_set++ && !setlocale(LC_CTYPE, "C.UTF-8"))
		fuzz_fail(__FILE__, __LINE__, "no C.UTF-8 locale");
	if (size == 0)
		return 0;

	size_t n0 = next_byte(&in);
	if (n0 > (size_t)(in.end - in.p))
		n0 = (size_t)(in.end - in.p);
	start = malloc(n0 + 1);
	memcpy(start, in.p, n0);
	start[n0] = '\0';
	in.p += n0;
	int valid_in = utf8_valid(start, strlen(start), NULL);

	struct textbuf *tb = textbuf_new(start);
	FUZZ_CHECK(!strcmp(textbuf_text(tb), start));
	/* The text with every undo step applied: the last text an edit
	 * made, since an edit forgets what could be redone. */
	char *tip = strdup(start);
	char *saved = strdup(start);
	while (in.p < in.end) {
		char *before = strdup(textbuf_text(tb));
		int kind = run_key(tb, &in, &valid_in, &width);
		if (kind == 2) {
			free(saved);
			saved = strdup(textbuf_text(tb));
		}
		check(tb, valid_in, width, saved);
		if (kind == 0 && strcmp(before, textbuf_text(tb))) {
			free(tip);
			tip = strdup(textbuf_text(tb));
		}
		free(before);
	}
	check(tb, valid_in, width, saved);

	while (textbuf_undo(tb))
		check(tb, valid_in, width, saved);
	FUZZ_CHECK(!strcmp(textbuf_text(tb), start));
	while (textbuf_redo(tb))
		check(tb, valid_in, width, saved);
	FUZZ_CHECK(!strcmp(textbuf_text(tb), tip));

	free(saved);
	free(tip);
	textbuf_free(tb);
	free(start);
	return 0;
}
