/* tui_modal.c - what asks the user something: a line prompt on the
 * status row, a yes/no question, the status picker, a list to choose
 * from, and the help screen.  Each runs its own small loop over
 * tui_read_key(), so a resize in the middle re-lays everything and the
 * answer typed so far is kept. */
#include "tui_impl.h"

/* Messages come from the i18n table, so their format strings are not
 * literals here; tests/unit/test_i18n.c checks that every language's
 * string has the same conversions. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "text.h"
#include "xalloc.h"

#define CTRL(c) ((c) & 0x1f)

/* --- the line prompt ------------------------------------------------------- */

static void draw_prompt(struct tui *t, const char *label, struct textbuf *tb)
{
	WINDOW *w = t->too_small ? stdscr : t->w_status;
	int y = t->too_small ? LINES - 1 : 0;
	int cols = getmaxx(w);
	wmove(w, y, 0);
	wclrtoeol(w);
	wattron(w, A_BOLD);
	draw_fit(w, label, cols / 2, false);
	wattroff(w, A_BOLD);
	int x0 = getcurx(w), room = cols - x0 - 1;
	size_t row;
	int col;
	/* One long row: the prompt scrolls sideways to keep the cursor in view. */
	textbuf_cursor_rowcol(tb, 1 << 20, &row, &col);
	int skip = col > room ? col - room : 0;
	const char *s = textbuf_text(tb);
	size_t n = textbuf_len(tb), at = 0;
	for (int c = 0; c < skip && at < n;) {
		uint32_t cp;
		at += utf8_decode(s + at, n - at, &cp);
		c++;
	}
	draw_text_span(w, s + at, n - at, room);
	wmove(w, y, x0 + col - skip);
	wnoutrefresh(w);
}

/* Edits the prompt's line; returns 1 on Enter, -1 on Esc, 0 to go on. */
static int prompt_key(struct textbuf *tb, wint_t ch, bool is_key)
{
	if (is_key) {
		switch (ch) {
		case KEY_ENTER: return 1;
		case KEY_LEFT: textbuf_move(tb, TB_LEFT, 1 << 20); break;
		case KEY_RIGHT: textbuf_move(tb, TB_RIGHT, 1 << 20); break;
		case KEY_HOME: textbuf_move(tb, TB_TEXT_START, 1 << 20); break;
		case KEY_END: textbuf_move(tb, TB_TEXT_END, 1 << 20); break;
		case KEY_BACKSPACE: textbuf_backspace(tb); break;
		case KEY_DC: textbuf_delete(tb); break;
		default: break;
		}
		return 0;
	}
	switch (ch) {
	case '\r': case '\n': return 1;
	case 27: case CTRL('c'): case CTRL('g'): return -1;
	case 127: case CTRL('h'): textbuf_backspace(tb); return 0;
	case CTRL('w'): textbuf_delete_word_back(tb); return 0;
	case CTRL('u'):
		textbuf_move(tb, TB_TEXT_END, 1 << 20);
		while (textbuf_cursor(tb) > 0)
			textbuf_backspace(tb);
		return 0;
	case CTRL('a'): textbuf_move(tb, TB_TEXT_START, 1 << 20); return 0;
	case CTRL('e'): textbuf_move(tb, TB_TEXT_END, 1 << 20); return 0;
	default:
		if (ch >= 0x20) {
			struct strbuf sb;
			strbuf_init(&sb);
			utf8_put(&sb, (uint32_t)ch);
			textbuf_insert(tb, sb.buf, sb.len);
			strbuf_free(&sb);
		}
		return 0;
	}
}

/* A paste into a one-line prompt: its line breaks become spaces. */
static void prompt_paste(struct tui *t, struct textbuf *tb)
{
	struct strbuf sb;
	strbuf_init(&sb);
	wint_t ch;
	int r;
	while (!t->quit && (r = tui_read_key(t, &ch)) != ERR) {
		if (r == KEY_CODE_YES && ch == KEY_PASTE_END)
			break;
		if (r == KEY_CODE_YES)
			continue;
		utf8_put(&sb, ch == '\r' || ch == '\n' || ch == '\t' ? ' ' : (uint32_t)ch);
	}
	textbuf_paste(tb, sb.buf, sb.len);
	strbuf_free(&sb);
}

char *modal_prompt(struct tui *t, const char *label, const char *initial)
{
	char *one_line = text_normalize_line(initial ? initial : "");
	struct textbuf *tb = textbuf_new(one_line);
	free(one_line);
	int done = 0;
	t->prompt_open = true;
	while (!done && !t->quit) {
		draw_all(t);
		draw_prompt(t, label, tb);
		doupdate();
		wint_t ch;
		int r = tui_read_key(t, &ch);
		if (r == ERR || (r == KEY_CODE_YES && ch == KEY_RESIZE))
			continue;
		if (r == KEY_CODE_YES && ch == KEY_PASTE_BEGIN)
			prompt_paste(t, tb);
		else
			done = prompt_key(tb, ch, r == KEY_CODE_YES);
	}
	t->prompt_open = false;
	tui_show_cursor(t);
	char *out = done == 1 ? xstrdup(textbuf_text(tb)) : NULL;
	textbuf_free(tb);
	return out;
}

/* --- questions ---------------------------------------------------------------- */

int modal_confirm(struct tui *t, const char *question, const char *keys)
{
	while (!t->quit) {
		draw_all(t);
		WINDOW *w = t->too_small ? stdscr : t->w_status;
		int y = t->too_small ? LINES - 1 : 0;
		wmove(w, y, 0);
		wclrtoeol(w);
		wattron(w, A_BOLD | A_REVERSE);
		draw_fit(w, question, getmaxx(w), true);
		wattroff(w, A_BOLD | A_REVERSE);
		wnoutrefresh(w);
		doupdate();
		wint_t ch;
		int r = tui_read_key(t, &ch);
		if (r != OK)
			continue;
		if (ch == 27 || ch == CTRL('c') || ch == CTRL('g'))
			return 0;
		if (ch < 128 && ch > 0 && strchr(keys, (int)ch))
			return (int)ch;
	}
	return 0;
}

/* --- a box in the middle of the screen ----------------------------------------------- */

static WINDOW *open_box(struct tui *t, int rows, int cols, const char *title)
{
	rows = rows > LINES - 2 ? LINES - 2 : rows;
	cols = cols > COLS - 2 ? COLS - 2 : cols;
	WINDOW *w = tui_newwin(rows, cols, (LINES - rows) / 2, (COLS - cols) / 2);
	if (!w)
		return NULL;
	keypad(w, TRUE);
	werase(w);
	const char *v = t->utf8 ? "│" : "|";
	for (int y = 1; y < rows - 1; y++) {
		mvwaddstr(w, y, 0, v);
		mvwaddstr(w, y, cols - 1, v);
	}
	mvwaddstr(w, 0, 0, t->utf8 ? "┌" : "+");
	draw_hline(t, w, 0, 1, cols - 2);
	waddstr(w, t->utf8 ? "┐" : "+");
	mvwaddstr(w, rows - 1, 0, t->utf8 ? "└" : "+");
	draw_hline(t, w, rows - 1, 1, cols - 2);
	waddstr(w, t->utf8 ? "┘" : "+");
	wmove(w, 0, 2);
	wattron(w, A_BOLD);
	wprintw(w, " ");
	draw_fit(w, title, cols - 6, false);
	wprintw(w, " ");
	wattroff(w, A_BOLD);
	return w;
}

/* Moves a list selection for a navigation key; false for other keys. */
static bool pick_move(wint_t ch, bool is_key, size_t n, size_t page, size_t *sel)
{
	long s = (long)*sel, last = (long)n - 1;
	if (is_key && ch == KEY_UP)
		s--;
	else if (is_key && ch == KEY_DOWN)
		s++;
	else if (is_key && ch == KEY_PPAGE)
		s -= (long)page;
	else if (is_key && ch == KEY_NPAGE)
		s += (long)page;
	else if (is_key && ch == KEY_HOME)
		s = 0;
	else if (is_key && ch == KEY_END)
		s = last;
	else if (!is_key && ch == 'k')
		s--;
	else if (!is_key && ch == 'j')
		s++;
	else
		return false;
	*sel = (size_t)(s < 0 ? 0 : s > last ? last : s);
	return true;
}

static bool is_enter(wint_t ch, bool is_key)
{
	return is_key ? ch == KEY_ENTER : (ch == '\r' || ch == '\n');
}

static bool is_cancel(wint_t ch, bool is_key)
{
	return !is_key && (ch == 27 || ch == 'q' || ch == CTRL('c') || ch == CTRL('g'));
}

enum pick_event { PICK_NOTHING, PICK_ENTER, PICK_CANCEL, PICK_KEY };

/* Shows what was drawn, reads a key and says what it means to a list. */
static enum pick_event pick_read(struct tui *t, wint_t *ch, bool *key)
{
	doupdate();
	int r = tui_read_key(t, ch);
	*key = r == KEY_CODE_YES;
	if (r == ERR || (*key && *ch == KEY_RESIZE))
		return PICK_NOTHING;
	if (is_enter(*ch, *key))
		return PICK_ENTER;
	if (is_cancel(*ch, *key))
		return PICK_CANCEL;
	return PICK_KEY;
}

int modal_pick(struct tui *t, const char *title, const char *const *items, size_t n,
               size_t selected)
{
	if (!n)
		return -1;
	size_t sel = selected < n ? selected : 0, top = 0;
	while (!t->quit) {
		draw_all(t);
		if (!t->too_small) {
			int rows = (int)n + 2 < 20 ? (int)n + 2 : 20;
			WINDOW *w = open_box(t, rows, 70, title);
			int h = getmaxy(w) - 2, cols = getmaxx(w) - 4;
			if (sel < top)
				top = sel;
			if (sel >= top + (size_t)h)
				top = sel - (size_t)h + 1;
			for (int y = 0; y < h && top + (size_t)y < n; y++) {
				size_t k = top + (size_t)y;
				wmove(w, y + 1, 2);
				attr_t a = k == sel ? A_REVERSE : 0;
				wattron(w, a);
				draw_fit(w, items[k], cols, true);
				wattroff(w, a);
			}
			wnoutrefresh(w);
			delwin(w);
		}
		wint_t ch;
		bool key;
		enum pick_event ev = pick_read(t, &ch, &key);
		if (ev == PICK_ENTER || ev == PICK_CANCEL)
			return ev == PICK_ENTER ? (int)sel : -1;
		if (ev == PICK_KEY)
			pick_move(ch, key, n, 10, &sel);
	}
	return -1;
}

int modal_pick_status(struct tui *t, enum status current)
{
	size_t sel = (size_t)current;
	while (!t->quit) {
		draw_all(t);
		if (!t->too_small) {
			WINDOW *w = open_box(t, STATUS_COUNT + 2, 30, tr(M_PICK_STATUS));
			for (int s = 0; s < STATUS_COUNT; s++) {
				struct followup f = {.present = 1, .status = (enum status)s};
				wmove(w, s + 1, 2);
				attr_t a = (size_t)s == sel ? A_REVERSE : 0;
				wattron(w, a);
				wprintw(w, "%d ", s + 1);
				wattroff(w, a);
				wattron(w, status_attr(t, &f));
				wprintw(w, " %s ", status_symbol(t, &f));
				wattroff(w, status_attr(t, &f));
				wattron(w, a);
				waddch(w, ' ');
				draw_fit(w, status_label((enum status)s), getmaxx(w) - getcurx(w) - 2, true);
				wattroff(w, a);
			}
			wnoutrefresh(w);
			delwin(w);
		}
		wint_t ch;
		bool key;
		enum pick_event ev = pick_read(t, &ch, &key);
		if (ev == PICK_ENTER || ev == PICK_CANCEL)
			return ev == PICK_ENTER ? (int)sel : -1;
		if (ev == PICK_KEY && !key && ch >= '1' && ch < '1' + STATUS_COUNT)
			return (int)(ch - '1');
		if (ev == PICK_KEY)
			pick_move(ch, key, STATUS_COUNT, STATUS_COUNT, &sel);
	}
	return -1;
}

/* --- help, made from the key table ------------------------------------------------------ */

/* Enter is bound both as '\n' and KEY_ENTER: list it once. */
static bool label_listed(const struct strbuf *keys, const char *label)
{
	size_t n = strlen(label);
	for (const char *p = keys->buf; (p = strstr(p, label)) != NULL; p += n)
		if ((p == keys->buf || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

static void help_group(struct strlist *lines, unsigned ctx, enum msg heading)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addf(&sb, "\001%s", tr(heading));   /* \001: a heading line */
	strlist_push(lines, sb.buf);
	bool done[ACT_COUNT] = {false};
	for (size_t k = 0; k < key_bindings_count; k++) {
		const struct binding *b = &key_bindings[k];
		if (!(b->contexts & ctx) || done[b->action])
			continue;
		done[b->action] = true;
		struct strbuf keys;
		strbuf_init(&keys);
		for (size_t j = k; j < key_bindings_count; j++) {
			const struct binding *o = &key_bindings[j];
			if (!(o->contexts & ctx) || o->action != b->action || label_listed(&keys, o->label))
				continue;
			strbuf_addf(&keys, "%s%s", keys.len ? ", " : "", o->label);
		}
		strbuf_reset(&sb);
		strbuf_addf(&sb, "  %-22s %s", keys.buf, keys_action_help(b->action));
		strlist_push(lines, sb.buf);
		strbuf_free(&keys);
	}
	strlist_push(lines, "");
	strbuf_free(&sb);
}

static void help_lines(struct strlist *lines)
{
	help_group(lines, CTX_ANY, M_CTX_EVERYWHERE);
	help_group(lines, CTX_LIST, M_CTX_LIST);
	help_group(lines, CTX_TABS, M_CTX_TABS);
	help_group(lines, CTX_TEXT, M_CTX_TEXT);
	help_group(lines, CTX_EDITOR, M_CTX_EDITOR);
	help_group(lines, CTX_OVERVIEW, M_CTX_OVERVIEW);
	help_group(lines, CTX_PRESENT, M_CTX_PRESENT);
	help_group(lines, CTX_HISTORY, M_CTX_HISTORY);
	strlist_push(lines, tr(M_HELP_CLOSE));
}

void modal_help(struct tui *t)
{
	struct strlist lines = {0};
	help_lines(&lines);
	size_t top = 0;
	while (!t->quit) {
		draw_all(t);
		int h = 0;
		if (!t->too_small) {
			WINDOW *w = open_box(t, LINES - 2, 76, tr(M_HELP_TITLE));
			h = getmaxy(w) - 2;
			if (lines.len > (size_t)h && top > lines.len - (size_t)h)
				top = lines.len - (size_t)h;
			for (int y = 0; y < h && top + (size_t)y < lines.len; y++) {
				const char *l = lines.items[top + (size_t)y];
				wmove(w, y + 1, 2);
				bool heading = l[0] == '\001';
				if (heading)
					wattron(w, A_BOLD | A_UNDERLINE);
				draw_fit(w, l + heading, getmaxx(w) - 4, false);
				wattroff(w, A_BOLD | A_UNDERLINE);
			}
			wnoutrefresh(w);
			delwin(w);
		}
		wint_t ch;
		bool key;
		enum pick_event ev = pick_read(t, &ch, &key);
		if (ev == PICK_NOTHING)
			continue;
		if (ev == PICK_CANCEL || (!key && ch == '?') || (key && ch == KEY_F(1)))
			break;
		size_t pos = top;
		if (pick_move(ch, key, lines.len, (size_t)(h > 1 ? h - 1 : 1), &pos))
			top = pos;
	}
	strlist_free(&lines);
}

/* --- a text to read before answering --------------------------------------------------- */

int modal_show_text(struct tui *t, const char *title, const char *text, const char *footer,
                    const char *keys)
{
	size_t skip = 0;
	while (!t->quit) {
		draw_all(t);
		size_t rows = 0;
		int h = 10;
		if (!t->too_small) {
			WINDOW *w = open_box(t, LINES - 4, 90, title);
			int width = getmaxx(w) - 4;
			h = getmaxy(w) - 4;
			rows = draw_wrapped_at(w, text, 1, 2, width, skip, getmaxy(w) - 2, 0);
			wmove(w, getmaxy(w) - 2, 2);
			wattron(w, A_BOLD | A_REVERSE);
			draw_fit(w, footer, width, true);
			wattroff(w, A_BOLD | A_REVERSE);
			wnoutrefresh(w);
			delwin(w);
		}
		doupdate();
		wint_t ch;
		int r = tui_read_key(t, &ch);
		bool key = r == KEY_CODE_YES;
		if (r == ERR || (key && ch == KEY_RESIZE))
			continue;
		if (!key && (ch == 27 || ch == CTRL('c') || ch == CTRL('g')))
			return 0;
		if (!key && ch > 0 && ch < 128 && strchr(keys, (int)ch))
			return (int)ch;
		size_t pos = skip;
		if (pick_move(ch, key, rows ? rows : 1, (size_t)(h > 1 ? h - 1 : 1), &pos))
			skip = pos;
	}
	return 0;
}
