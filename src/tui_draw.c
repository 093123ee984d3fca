/* tui_draw.c - drawing the panes.
 *
 * Each pass draws every pane into its window and marks it with
 * wnoutrefresh(); tui.c's loop ends the pass with one doupdate(), and
 * ncurses sends only the cells that changed.  Text from the database is
 * passed through text_sanitize() first: control characters and escape
 * sequences are shown as placeholders, never written to the terminal. */
#include "tui_impl.h"

/* Messages come from the i18n table, so their format strings are not
 * literals here; tests/unit/test_i18n.c checks that every language's
 * string has the same conversions. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "text.h"
#include "xalloc.h"

/* --- the theme ------------------------------------------------------------ */

static attr_t dim_attr = A_DIM;
static chtype background = ' ';

void draw_set_theme(enum ui_theme theme, bool color)
{
	bool strong = theme == THEME_HIGH_CONTRAST;
	dim_attr = strong ? A_NORMAL : A_DIM;
	/* On a projector: white on black and bold, whatever the terminal's own
	 * colours are. */
	background = strong && color ? (chtype)COLOR_PAIR(PAIR_BASE) | A_BOLD | ' ' : ' ';
	if (strong)
		bkgdset(background);
}

attr_t draw_dim(void)
{
	return dim_attr;
}

WINDOW *tui_newwin(int rows, int cols, int y, int x)
{
	WINDOW *w = newwin(rows, cols, y, x);
	if (w)
		wbkgdset(w, background);
	return w;
}

/* --- small pieces -------------------------------------------------------- */

/* Appends s[0..n) ready for text_fit(), which makes it safe for the
 * terminal: a TAB becomes a space (the layout counts it one column), and
 * a combining mark with nothing before it gets the dotted circle it is
 * shown on by convention (the layout counts it one column too). */
static void add_safe(struct strbuf *out, const char *s, size_t n)
{
	uint32_t cp;
	if (n && utf8_decode(s, n, &cp) && cp >= 0x300 && !text_is_control(cp) && wcwidth((wchar_t)cp) == 0)
		strbuf_adds(out, "◌");
	for (size_t k = 0; k < n; k++)
		strbuf_addc(out, s[k] == '\t' ? ' ' : s[k]);
}

/* Draws s[0..n) made safe, cut to cols columns and, when pad, padded. */
static void draw_span(WINDOW *w, const char *s, size_t n, int cols, bool pad)
{
	if (cols <= 0)
		return;
	struct strbuf safe, fit;
	strbuf_init(&safe);
	strbuf_init(&fit);
	add_safe(&safe, s, n);
	text_fit(&fit, safe.buf, cols, pad);
	waddstr(w, fit.buf);
	strbuf_free(&safe);
	strbuf_free(&fit);
}

void draw_text_span(WINDOW *w, const char *s, size_t n, int max_cols)
{
	draw_span(w, s, n, max_cols, false);
}

void draw_fit(WINDOW *w, const char *s, int cols, bool pad)
{
	draw_span(w, s, strlen(s), cols, pad);
}

void draw_hline(struct tui *t, WINDOW *w, int y, int x, int n)
{
	wmove(w, y, x);
	for (int k = 0; k < n; k++)
		waddstr(w, t->utf8 ? "─" : "-");
}

const char *status_label(enum status s)
{
	return i18n_language() == UI_LANG_EN ? status_label_en(s) : status_label_sv(s);
}

const char *status_word(const struct followup *f)
{
	return f->present ? status_label(f->status) : tr(M_MISSING);
}

/* One column that tells the status without colour. */
const char *status_symbol(const struct tui *t, const struct followup *f)
{
	static const char *const uni[STATUS_COUNT] = {"○", "◐", "●", "!", "×"};
	static const char *const ascii[STATUS_COUNT] = {"o", "~", "*", "!", "x"};
	if (!f->present)
		return t->utf8 ? "·" : "-";
	return t->utf8 ? uni[f->status] : ascii[f->status];
}

attr_t status_attr(const struct tui *t, const struct followup *f)
{
	if (!t->color)
		return f->present ? A_NORMAL : draw_dim();
	return COLOR_PAIR(f->present ? PAIR_STATUS_BASE + (int)f->status : PAIR_MISSING);
}

/* A status badge: symbol and word, in the status's colours. */
void draw_badge(struct tui *t, WINDOW *w, const struct followup *f)
{
	wattron(w, status_attr(t, f) | A_BOLD);
	wprintw(w, " %s ", status_symbol(t, f));
	draw_fit(w, status_word(f), 20, false);
	waddch(w, ' ');
	wattroff(w, status_attr(t, f) | A_BOLD);
}

/* --- header and status line ------------------------------------------------ */

/* "Tertial 2: 12 dagar kvar (sista dag 2024-09-15) │ ": the next
 * deadline of a tertial that has begun, while there is one. */
static void add_deadline(const struct tui *t, struct strbuf *out)
{
	char today[11], due[11];
	today_iso(today);
	for (int tertial = 1; tertial <= TERTIALS; tertial++) {
		bool started = t->promise.year < t->current_year ||
		               (t->promise.year == t->current_year && tertial <= t->current_tertial);
		promise_deadline(&t->promise, tertial, due);
		int days = days_between(today, due);
		if (!started || days < 0)
			continue;
		if (days == 0)
			strbuf_addf(out, tr(M_DUE_TODAY), tertial);
		else
			strbuf_addf(out, tr(M_DAYS_LEFT), tertial, days, due);
		strbuf_adds(out, " │ ");
		return;
	}
}

static void draw_header(struct tui *t)
{
	WINDOW *w = t->w_header;
	int cols = getmaxx(w);
	werase(w);
	wattron(w, A_REVERSE);
	struct strbuf left, right;
	strbuf_init(&left);
	strbuf_init(&right);
	if (t->promise_id) {
		strbuf_addf(&left, " lofte │ %s %d │ ", t->promise.municipality, t->promise.year);
		add_deadline(t, &left);
		strbuf_adds(&left, t->promise.title);
	}
	else
		strbuf_addf(&left, " lofte │ %s", tr(M_NO_PROMISE));
	strbuf_addf(&right, "%s%s%s ", t->who.name, t->who.department[0] ? ", " : "",
	            t->who.department);
	int rw = text_width(right.buf);
	if (rw > cols / 2)
		rw = cols / 2;
	draw_fit(w, left.buf, cols - rw - 1, true);
	waddch(w, ' ');
	draw_fit(w, right.buf, rw, true);
	wattroff(w, A_REVERSE);
	strbuf_free(&left);
	strbuf_free(&right);
	wnoutrefresh(w);
}

static void draw_status(struct tui *t)
{
	WINDOW *w = t->w_status;
	int cols = getmaxx(w);
	werase(w);
	enum msg mode = t->ed ? M_MODE_EDIT : t->readonly ? M_MODE_REVIEW : M_MODE_VIEW;
	wattron(w, A_REVERSE | A_BOLD);
	wprintw(w, " %s ", tr(mode));
	wattroff(w, A_REVERSE | A_BOLD);
	waddch(w, ' ');
	int used = getcurx(w);
	if (t->message.len) {
		if (t->message_is_error)
			wattron(w, A_BOLD);
		draw_fit(w, t->message.buf, cols - used, false);
		wattroff(w, A_BOLD);
	} else {
		enum msg hints = t->ed ? M_HINTS_EDIT : t->readonly ? M_HINTS_REVIEW : M_HINTS_VIEW;
		wattron(w, draw_dim());
		draw_fit(w, tr(hints), cols - used, false);
		wattroff(w, draw_dim());
	}
	wnoutrefresh(w);
}

/* --- the activity list ---------------------------------------------------------- */

static void keep_selection_visible(struct tui *t, int rows)
{
	if (t->sel < t->list_top)
		t->list_top = t->sel;
	if (rows > 0 && t->sel >= t->list_top + (size_t)rows)
		t->list_top = t->sel - (size_t)rows + 1;
}

static void draw_list_row(struct tui *t, WINDOW *w, int y, size_t k, int cols)
{
	const struct commitment *c = &t->promise.commitments[k];
	bool selected = k == t->sel;
	attr_t attr = selected ? (t->focus == PANE_LIST ? A_REVERSE : A_BOLD | A_UNDERLINE) : 0;
	if (c->archived)
		attr |= draw_dim();
	wmove(w, y, 0);
	wattron(w, attr);
	wprintw(w, "%s%2d ", selected ? (t->utf8 ? "▶" : ">") : " ", c->position);
	int title_cols = cols - getcurx(w) - 4;
	if (c->archived) {
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_addf(&sb, "[%s] %s", tr(M_ARCHIVED), c->title);
		draw_fit(w, sb.buf, title_cols, true);
		strbuf_free(&sb);
	} else {
		draw_fit(w, c->title, title_cols, true);
	}
	waddch(w, ' ');
	wattroff(w, attr);
	for (int i = 0; i < TERTIALS; i++) {
		const struct followup *f = &c->followups[i];
		wattron(w, status_attr(t, f));
		waddstr(w, status_symbol(t, f));
		wattroff(w, status_attr(t, f));
	}
}

static void draw_list(struct tui *t)
{
	WINDOW *w = t->w_list;
	int rows = getmaxy(w), cols = getmaxx(w) - 1;   /* the last column is the divider */
	werase(w);
	attr_t bar = t->focus == PANE_LIST ? A_REVERSE | A_BOLD : A_BOLD;
	wattron(w, bar);
	char title[128];
	snprintf(title, sizeof title, " %s (%zu)", tr(M_ACTIVITIES), t->promise.n_commitments);
	draw_fit(w, title, cols, true);
	wattroff(w, bar);
	keep_selection_visible(t, rows - 1);
	if (t->promise_id && !t->promise.n_commitments) {
		wmove(w, 2, 1);
		draw_fit(w, tr(M_NO_ACTIVITIES), cols - 1, false);
	}
	for (int y = 1; y < rows; y++) {
		size_t k = t->list_top + (size_t)y - 1;
		if (k < t->promise.n_commitments)
			draw_list_row(t, w, y, k, cols);
	}
	for (int y = 0; y < rows; y++)
		mvwaddstr(w, y, cols, t->utf8 ? "│" : "|");
	wnoutrefresh(w);
}

/* --- the tertial tabs ---------------------------------------------------------- */

static void draw_tab(struct tui *t, WINDOW *w, int i, int width)
{
	int tertial = i + 1;
	const struct commitment *c = tui_selected(t);
	bool selected = tertial == t->tertial;
	attr_t attr = selected ? (t->focus == PANE_TABS ? A_REVERSE | A_BOLD : A_BOLD | A_UNDERLINE)
	                       : 0;
	struct strbuf sb;
	strbuf_init(&sb);
	const char *months = i18n_language() == UI_LANG_EN ? tertial_months_en(tertial)
	                                                    : tertial_months_sv(tertial);
	if (width >= 24)
		strbuf_addf(&sb, " %s %d (%s)", tr(M_TERTIAL), tertial, months);
	else if (width >= 14)
		strbuf_addf(&sb, " T%d %s", tertial, months);
	else
		strbuf_addf(&sb, " T%d", tertial);
	if (tertial == t->current_tertial && t->promise.year == t->current_year)
		strbuf_addf(&sb, " %s", t->utf8 ? "◆" : "*");
	wmove(w, 0, i * width);
	wattron(w, attr);
	draw_fit(w, sb.buf, width - 3, true);
	wattroff(w, attr);
	if (c) {
		const struct followup *f = &c->followups[i];
		waddch(w, ' ');
		wattron(w, status_attr(t, f));
		waddstr(w, status_symbol(t, f));
		wattroff(w, status_attr(t, f));
	}
	strbuf_free(&sb);
}

static void draw_tabs(struct tui *t)
{
	WINDOW *w = t->w_tabs;
	int cols = getmaxx(w);
	werase(w);
	for (int i = 0; i < TERTIALS; i++)
		draw_tab(t, w, i, cols / TERTIALS);
	draw_hline(t, w, 1, 0, cols);
	wnoutrefresh(w);
}

/* --- the follow-up text ------------------------------------------------------------ */

/* Counts display rows and draws those inside the window. */
struct canvas {
	struct tui *t;
	WINDOW *w;
	size_t row;       /* the next content row */
	int height, width;
};

static int canvas_y(struct canvas *cv)
{
	long y = (long)cv->row - (long)cv->t->text_top;
	return y >= 0 && y < cv->height ? (int)y : -1;
}

/* Draws one row of text, with the search terms marked. */
static void draw_row_marked(struct canvas *cv, const char *s, size_t n, attr_t attr)
{
	int y = canvas_y(cv);
	cv->row++;
	if (y < 0)
		return;
	WINDOW *w = cv->w;
	wmove(w, y, 1);
	const char *q = cv->t->search;
	size_t at = 0;
	while (at < n) {
		size_t best_len = 0;
		long best = -1;
		for (const char *term = q; term && *term;) {
			size_t tl = strcspn(term, " ");
			char *one = xstrndup(term, tl);
			size_t ml;
			long pos = text_find_fold(s, n, at, one, &ml);
			if (pos >= 0 && (best < 0 || pos < best))
				best = pos, best_len = ml;
			free(one);
			term += tl;
			term += strspn(term, " ");
		}
		size_t stop = best < 0 ? n : (size_t)best;
		wattron(w, attr);
		draw_text_span(w, s + at, stop - at, cv->width - getcurx(w));
		wattroff(w, attr);
		if (best < 0)
			break;
		attr_t hit = cv->t->color ? COLOR_PAIR(PAIR_HIT) | A_BOLD : A_REVERSE;
		wattron(w, hit);
		draw_text_span(w, s + best, best_len, cv->width - getcurx(w));
		wattroff(w, hit);
		at = (size_t)best + best_len;
	}
}

/* Draws a paragraph text wrapped to the pane. */
static void draw_wrapped(struct canvas *cv, const char *text, attr_t attr)
{
	struct textbuf *tb = textbuf_new(text);
	const struct tb_row *rows;
	size_t n = textbuf_layout(tb, cv->width - 2, &rows);
	for (size_t k = 0; k < n; k++)
		draw_row_marked(cv, text + rows[k].start, rows[k].end - rows[k].start, attr);
	textbuf_free(tb);
}

static void blank_row(struct canvas *cv)
{
	cv->row++;
}

/* The activity's number and title, wrapped: the whole title is readable. */
static void draw_heading(struct canvas *cv, const struct commitment *c)
{
	attr_t bar = cv->t->focus == PANE_TEXT ? A_REVERSE | A_BOLD : A_BOLD;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%d. %s", c->position, c->title);
	struct textbuf *tb = textbuf_new(sb.buf);
	const struct tb_row *rows;
	size_t n = textbuf_layout(tb, cv->width - 2, &rows);
	for (size_t k = 0; k < n; k++) {
		int y = canvas_y(cv);
		cv->row++;
		if (y < 0)
			continue;
		wmove(cv->w, y, 0);
		wattron(cv->w, bar);
		waddch(cv->w, ' ');
		char *part = xstrndup(sb.buf + rows[k].start, rows[k].end - rows[k].start);
		draw_fit(cv->w, part, cv->width - 1, true);
		free(part);
		wattroff(cv->w, bar);
	}
	textbuf_free(tb);
	strbuf_free(&sb);
}

static void draw_about(struct canvas *cv, const struct commitment *c)
{
	if (c->responsible.len) {
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_addf(&sb, "%s: ", tr(M_RESPONSIBLE));
		for (size_t k = 0; k < c->responsible.len; k++)
			strbuf_addf(&sb, "%s%s", k ? ", " : "", c->responsible.items[k]);
		draw_wrapped(cv, sb.buf, draw_dim());
		strbuf_free(&sb);
	}
	if (c->description[0])
		draw_wrapped(cv, c->description, draw_dim());
	for (size_t k = 0; k < c->n_indicators; k++) {
		char d[256], line[300];
		indicator_describe(&c->indicators[k], d, sizeof d);
		snprintf(line, sizeof line, "%s: %s", tr(M_TARGETS), d);
		draw_wrapped(cv, line, A_BOLD);
	}
}

/* "fotpatruller: 312 av 800 (39 %) ████░░░░░░" for each target with an
 * outcome in the tertial. */
static void draw_outcomes(struct canvas *cv, const struct commitment *c, int tertial)
{
	for (size_t k = 0; k < c->n_indicators; k++) {
		char text[256];
		indicator_outcome_text(&c->indicators[k], tertial, text, sizeof text);
		if (!text[0])
			continue;
		int y = canvas_y(cv);
		cv->row++;
		if (y < 0)
			continue;
		int pct = indicator_percent(&c->indicators[k], tertial);
		int filled = (pct > 100 ? 100 : pct < 0 ? 0 : pct) / 10;
		wmove(cv->w, y, 1);
		draw_fit(cv->w, text, cv->width - 14, false);
		waddch(cv->w, ' ');
		for (int i = 0; i < 10 && getcurx(cv->w) < cv->width - 1; i++)
			waddstr(cv->w, i < filled ? (cv->t->utf8 ? "█" : "#") : (cv->t->utf8 ? "░" : "-"));
	}
}

/* The badge and review state ("◐ Pågår  ✓ godkänd"), or that nothing is
 * written yet; then, on rows of their own, who changed it last and when. */
static void draw_status_row(struct canvas *cv, const struct followup *f)
{
	int y = canvas_y(cv);
	cv->row++;
	if (y >= 0) {
		wmove(cv->w, y, 1);
		draw_badge(cv->t, cv->w, f);
		waddstr(cv->w, "  ");
		struct strbuf tag;
		strbuf_init(&tag);
		if (!f->present)
			strbuf_adds(&tag, tr(M_NO_FOLLOWUP));
		else if (f->review != REVIEW_DRAFT)
			strbuf_addf(&tag, "%s %s", f->review == REVIEW_APPROVED ? (cv->t->utf8 ? "✓" : "+")
			                                                       : (cv->t->utf8 ? "→" : ">"),
			            i18n_language() == UI_LANG_EN ? review_label_en(f->review)
			                                          : review_label_sv(f->review));
		wattron(cv->w, A_BOLD);
		draw_fit(cv->w, tag.buf, cv->width - getcurx(cv->w), false);
		wattroff(cv->w, A_BOLD);
		strbuf_free(&tag);
	}
	if (!f->present)
		return;
	struct strbuf line;
	strbuf_init(&line);
	format_changed(f, &line);
	draw_wrapped(cv, line.buf, draw_dim());
	strbuf_free(&line);
}

void format_changed(const struct followup *f, struct strbuf *out)
{
	char when[32];
	stamp_local(f->stamp.at, when, sizeof when);
	struct strbuf who;
	strbuf_init(&who);
	strbuf_addf(&who, "%s%s%s", f->stamp.name, f->stamp.department[0] ? ", " : "",
	            f->stamp.department);
	strbuf_addf(out, tr(M_CHANGED_BY), when, who.buf);
	strbuf_free(&who);
}

/* "✎ Bo Ek, Jönköpings kommun redigerar sedan 10:42", when someone else
 * has this follow-up open in an editor. */
static void draw_presence_row(struct canvas *cv, const struct commitment *c, int tertial)
{
	const struct presence *p = tui_presence_on(cv->t, c->id, tertial);
	if (!p)
		return;
	int y = canvas_y(cv);
	cv->row++;
	if (y < 0)
		return;
	char when[32];
	stamp_local(p->since, when, sizeof when);
	struct strbuf who, line;
	strbuf_init(&who);
	strbuf_init(&line);
	strbuf_addf(&who, "%s%s%s", p->name, p->department[0] ? ", " : "", p->department);
	strbuf_addf(&line, "%s ", cv->t->utf8 ? "✎" : "*");
	strbuf_addf(&line, tr(M_EDITING_NOW), who.buf, strlen(when) > 11 ? when + 11 : when);
	wmove(cv->w, y, 1);
	wattron(cv->w, A_BOLD);
	draw_fit(cv->w, line.buf, cv->width - 2, false);
	wattroff(cv->w, A_BOLD);
	strbuf_free(&who);
	strbuf_free(&line);
}

/* A reviewer's reason for sending the follow-up back, for its writer. */
static void draw_comment_row(struct canvas *cv, const struct followup *f)
{
	if (!f->present || !f->review_comment || !f->review_comment[0])
		return;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addf(&sb, tr(M_REVIEW_COMMENT), f->review_comment);
	draw_wrapped(cv, sb.buf, A_BOLD);
	strbuf_free(&sb);
}

static void draw_rule(struct canvas *cv)
{
	int y = canvas_y(cv);
	cv->row++;
	if (y >= 0)
		draw_hline(cv->t, cv->w, y, 1, cv->width - 2);
}

static void draw_text_pane(struct tui *t)
{
	WINDOW *w = t->w_text;
	werase(w);
	struct commitment *c = tui_selected(t);
	struct canvas cv = {t, w, 0, getmaxy(w), getmaxx(w)};
	if (!c) {
		wnoutrefresh(w);
		return;
	}
	const struct followup *f = &c->followups[t->tertial - 1];
	if (t->ed) {
		/* The editor keeps the title and status in view above it. */
		size_t keep = t->text_top;
		t->text_top = 0;
		draw_heading(&cv, c);
		draw_status_row(&cv, f);
		draw_comment_row(&cv, f);
		draw_presence_row(&cv, c, t->tertial);
		draw_rule(&cv);
		t->text_top = keep;
		editor_draw(t, w, (int)cv.row);
		return;
	}
	draw_heading(&cv, c);
	draw_about(&cv, c);
	draw_rule(&cv);
	draw_status_row(&cv, f);
	draw_comment_row(&cv, f);
	draw_outcomes(&cv, c, t->tertial);
	draw_presence_row(&cv, c, t->tertial);
	blank_row(&cv);
	if (f->present && f->text[0]) {
		draw_wrapped(&cv, f->text, A_NORMAL);
	} else {
		int y = canvas_y(&cv);
		if (y >= 0 && !t->readonly) {
			wmove(w, y, 1);
			wattron(w, draw_dim());
			draw_fit(w, tr(M_NO_FOLLOWUP_HINT), cv.width - 2, false);
			wattroff(w, draw_dim());
		}
		cv.row++;
	}
	t->text_rows = cv.row;
	wnoutrefresh(w);
}

size_t draw_wrapped_at(WINDOW *w, const char *text, int y, int x, int width, size_t skip,
                       int bottom, attr_t attr)
{
	if (width < 1)
		return 0;
	struct textbuf *tb = textbuf_new(text);
	const struct tb_row *rows;
	size_t n = textbuf_layout(tb, width, &rows);
	for (size_t k = skip; k < n && y < bottom; k++, y++) {
		wmove(w, y, x);
		wattron(w, attr);
		draw_text_span(w, text + rows[k].start, rows[k].end - rows[k].start, width);
		wattroff(w, attr);
	}
	textbuf_free(tb);
	return n;
}

/* --- the whole screen ------------------------------------------------------------ */

/* The message wraps, so that even a very narrow window can read it. */
static void draw_too_small(void)
{
	erase();
	char msg[128];
	snprintf(msg, sizeof msg, tr(M_TOO_SMALL), TUI_MIN_COLS, TUI_MIN_LINES);
	struct textbuf *tb = textbuf_new(msg);
	const struct tb_row *rows;
	int width = COLS > 1 ? COLS - 1 : 1;
	size_t n = textbuf_layout(tb, width, &rows);
	int y0 = LINES > (int)n ? (LINES - (int)n) / 2 : 0;
	for (size_t k = 0; k < n && y0 + (int)k < LINES; k++) {
		move(y0 + (int)k, 0);
		draw_text_span(stdscr, msg + rows[k].start, rows[k].end - rows[k].start, width);
	}
	textbuf_free(tb);
	wnoutrefresh(stdscr);
}

/* Draws every pane into its window; the caller ends with doupdate(). */
void draw_all(struct tui *t)
{
	if (t->too_small) {
		draw_too_small();
		tui_show_cursor(t);
		return;
	}
	draw_header(t);
	draw_list(t);
	draw_tabs(t);
	draw_status(t);
	draw_text_pane(t);   /* last: the editor leaves the cursor there */
	tui_show_cursor(t);
}

void tui_show_cursor(struct tui *t)
{
	if (t->input_started)
		curs_set(t->prompt_open || (t->ed && !t->too_small) ? 1 : 0);
}
