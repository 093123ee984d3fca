/*
 * lofte-floor - the least a program can do to show lofte's first screen.
 *
 *   lofte-floor DB
 *
 * The benchmark's floor (tests/bench/interactive.sh): it opens a lofte
 * database read-only, takes the first promise and draws the same three
 * panes with ncursesw as lofte does (a header, the activities on the
 * left, the tertial tabs and the selected follow-up on the right, a
 * status line), with the same curses setup.  Keys: Down (next activity,
 * or scroll the text when it has the focus), 1/2/3 (tertial), Tab
 * (focus: list, tabs, text), e then printable keys (append to the text
 * in memory; Esc ends), o (an overview table; o, q or Esc go back),
 * q (quit).
 * Nothing is saved; there is no error handling beyond the minimum.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>
#include <sqlite3.h>

struct act {
	int pos;
	wchar_t *title;
	wchar_t *text[3];
	size_t len[3];
};

static struct act *acts;
static int nacts, sel, tertial, focus, editing, overview, scroll_top, more;
static wchar_t *header;
static WINDOW *listw, *textw;
static int leftw;

static wchar_t *widen(const unsigned char *s)
{
	size_t n = s ? mbstowcs(NULL, (const char *)s, 0) : 0;
	wchar_t *w;

	if (n == (size_t)-1)
		n = 0;
	w = calloc(n + 1, sizeof *w);
	if (!w)
		exit(1);
	if (n)
		mbstowcs(w, (const char *)s, n + 1);
	return w;
}

static void load(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long pid = 0;
	char buf[512];

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "lofte-floor: %s: %s\n", path, sqlite3_errmsg(db));
		exit(1);
	}
	sqlite3_prepare_v2(db, "SELECT id, municipality, year, title FROM promise ORDER BY id LIMIT 1",
			   -1, &st, NULL);
	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		fprintf(stderr, "lofte-floor: %s: no promise\n", path);
		exit(1);
	}
	pid = sqlite3_column_int64(st, 0);
	snprintf(buf, sizeof buf, " lofte-floor │ %s %d │ %s", sqlite3_column_text(st, 1),
		 sqlite3_column_int(st, 2), sqlite3_column_text(st, 3));
	header = widen((const unsigned char *)buf);
	sqlite3_finalize(st);

	sqlite3_prepare_v2(db, "SELECT c.position, c.title, f1.text, f2.text, f3.text FROM commitment c"
			   " LEFT JOIN followup f1 ON f1.commitment_id = c.id AND f1.tertial = 1"
			   " LEFT JOIN followup f2 ON f2.commitment_id = c.id AND f2.tertial = 2"
			   " LEFT JOIN followup f3 ON f3.commitment_id = c.id AND f3.tertial = 3"
			   " WHERE c.promise_id = ? ORDER BY c.position, c.id", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, pid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct act *a;

		if (!(acts = realloc(acts, (size_t)(nacts + 1) * sizeof *acts)))
			exit(1);
		a = &acts[nacts++];
		a->pos = sqlite3_column_int(st, 0);
		a->title = widen(sqlite3_column_text(st, 1));
		for (int t = 0; t < 3; t++) {
			a->text[t] = widen(sqlite3_column_text(st, 2 + t));
			a->len[t] = wcslen(a->text[t]);
		}
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* Writes s at y, x, at most w columns, then blanks up to w columns. */
static void put(WINDOW *win, int y, int x, const wchar_t *s, size_t n, int w)
{
	int col = 0;
	size_t i = 0;

	wmove(win, y, x);
	for (; i < n && s[i] && s[i] != L'\n'; i++) {
		int cw = wcwidth(s[i]);

		if (cw < 0)
			cw = 1;
		if (col + cw > w)
			break;
		col += cw;
	}
	waddnwstr(win, s, (int)i);
	for (; col < w; col++)
		waddch(win, ' ');
}

static void draw_frame(void)
{
	wchar_t line[16];

	put(stdscr, 0, 0, header, wcslen(header), COLS);
	swprintf(line, 16, L"│");
	for (int y = 1; y < LINES - 1; y++)
		mvaddwstr(y, leftw, line);
	wnoutrefresh(stdscr);
}

static void draw_status(void)
{
	static const wchar_t *const s[] = {
		L" LISTA  Tab ruta  e redigera  o översikt  q avsluta",
		L" FLIKAR  Tab ruta  e redigera  o översikt  q avsluta",
		L" TEXT  Tab ruta  e redigera  o översikt  q avsluta",
		L" REDIGERA  Esc klar",
	};
	const wchar_t *m = editing ? s[3] : s[focus];

	put(stdscr, LINES - 1, 0, m, wcslen(m), COLS);
	wnoutrefresh(stdscr);
}

static void draw_list(void)
{
	int h = getmaxy(listw), w = getmaxx(listw);
	int top = sel >= h - 1 ? sel - (h - 2) : 0;
	wchar_t row[64];

	swprintf(row, 64, L" Aktiviteter (%d)", nacts);
	put(listw, 0, 0, row, wcslen(row), w);
	for (int y = 1; y < h; y++) {
		int i = top + y - 1;

		if (i >= nacts) {
			put(listw, y, 0, L"", 0, w);
			continue;
		}
		swprintf(row, 64, L"%lc%3d ", i == sel ? L'▶' : L' ', acts[i].pos);
		put(listw, y, 0, row, wcslen(row), 5);
		put(listw, y, 5, acts[i].title, wcslen(acts[i].title), w - 5);
	}
	wnoutrefresh(listw);
}

static void draw_text(void)
{
	int h = getmaxy(textw), w = getmaxx(textw) - 2;
	const wchar_t *s = nacts ? acts[sel].text[tertial] : L"";
	size_t n = nacts ? acts[sel].len[tertial] : 0, p = 0;
	int line = 0, y = 3;

	for (int t = 0; t < 3; t++) {
		wchar_t tab[32];

		swprintf(tab, 32, L"  Tertial %d  ", t + 1);
		if (t == tertial)
			wattron(textw, A_REVERSE);
		put(textw, 0, 1 + 14 * t, tab, wcslen(tab), 14);
		wattroff(textw, A_REVERSE);
	}
	wclrtoeol(textw);
	wmove(textw, 1, 1);
	for (int x = 1; x < w + 2; x++)
		waddwstr(textw, L"─");
	put(textw, 2, 2, nacts ? acts[sel].title : L"", nacts ? wcslen(acts[sel].title) : 0, w);
	/* Naive wrapping: cut at the pane width or at a newline. */
	more = 0;
	for (;;) {
		size_t b = p;
		int col = 0;

		if (y >= h) {
			more = p < n;
			break;
		}
		while (p < n && s[p] != L'\n' && col < w)
			p++, col++;
		if (line++ >= scroll_top)
			put(textw, y++, 2, s + b, p - b, w);
		if (p < n && s[p] == L'\n')
			p++;
		else if (p >= n)
			break;
	}
	for (; y < h; y++)
		put(textw, y, 0, L"", 0, w + 2);
	wnoutrefresh(textw);
}

static void draw_overview(void)
{
	static const wchar_t *const t[] = { L"T1", L"T2", L"T3" };
	wchar_t row[32];

	erase();
	put(stdscr, 0, 0, L"Översikt", 8, COLS);
	for (int i = 0; i < nacts && i + 2 < LINES - 1; i++) {
		swprintf(row, 32, L"%3d ", acts[i].pos);
		put(stdscr, i + 2, 0, row, wcslen(row), 4);
		put(stdscr, i + 2, 4, acts[i].title, wcslen(acts[i].title), COLS - 4 - 3 * 12);
		for (int k = 0; k < 3; k++) {
			swprintf(row, 32, L"%ls %zu tkn", t[k], acts[i].len[k]);
			put(stdscr, i + 2, COLS - 3 * 12 + 12 * k, row, wcslen(row), 12);
		}
	}
	put(stdscr, LINES - 1, 0, L" o/q/Esc tillbaka", 17, COLS);
	wnoutrefresh(stdscr);
}

static void draw_all(void)
{
	draw_frame();
	draw_status();
	draw_list();
	draw_text();
}

static void type_char(wchar_t c)
{
	struct act *a = &acts[sel];
	wchar_t *p = realloc(a->text[tertial], (a->len[tertial] + 2) * sizeof *p);

	if (!p)
		exit(1);
	p[a->len[tertial]++] = c;
	p[a->len[tertial]] = L'\0';
	a->text[tertial] = p;
	draw_text();
}

int main(int argc, char **argv)
{
	wint_t ch;
	int r;

	if (argc != 2) {
		fputs("usage: lofte-floor DB\n", stderr);
		return 2;
	}
	if (!setlocale(LC_ALL, ""))
		setlocale(LC_ALL, "C.UTF-8");
	load(argv[1]);
	initscr();
	raw();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	curs_set(0);
	leftw = COLS * 36 / 100;
	listw = newwin(LINES - 2, leftw, 1, 0);
	textw = newwin(LINES - 2, COLS - leftw - 1, 1, leftw + 1);
	draw_all();
	doupdate();
	while ((r = get_wch(&ch)) != ERR) {
		if (overview) {
			if (ch == 'o' || ch == 'q' || ch == 27) {
				overview = 0;
				erase();
				touchwin(listw);
				touchwin(textw);
				draw_all();
			}
		} else if (editing) {
			if (ch == 27) {
				editing = 0;
				draw_status();
			} else if (r == OK && ch >= L' ' && ch != 127 && nacts) {
				type_char((wchar_t)ch);
			}
		} else if (r == KEY_CODE_YES && ch == KEY_DOWN) {
			if (focus == 0 && sel + 1 < nacts) {
				sel++;
				scroll_top = 0;
				draw_list();
				draw_text();
			} else if (focus == 2 && more) {
				scroll_top++;
				draw_text();
			}
		} else if (r == KEY_CODE_YES && ch == KEY_UP) {
			if (focus == 0 && sel > 0) {
				sel--;
				scroll_top = 0;
				draw_list();
				draw_text();
			} else if (focus == 2 && scroll_top > 0) {
				scroll_top--;
				draw_text();
			}
		} else if (r == OK && ch >= '1' && ch <= '3') {
			tertial = (int)(ch - '1');
			scroll_top = 0;
			draw_text();
		} else if (r == OK && ch == '\t') {
			focus = (focus + 1) % 3;
			draw_status();
		} else if (r == OK && ch == 'e') {
			editing = 1;
			draw_status();
		} else if (r == OK && ch == 'o') {
			overview = 1;
			draw_overview();
		} else if (r == OK && (ch == 'q' || ch == 3)) {
			break;
		}
		doupdate();
	}
	endwin();
	return 0;
}
