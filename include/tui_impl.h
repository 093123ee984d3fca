/* tui_impl.h - the state the interface's modules share (tui.c: the loop
 * and the actions; tui_draw.c: the panes; tui_modal.c: prompts, pickers
 * and help; tui_editor.c: the in-place and external editors).  Not for
 * the core. */
#ifndef LOFTE_TUI_IMPL_H
#define LOFTE_TUI_IMPL_H

#include <curses.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "keys.h"
#include "model.h"
#include "strbuf.h"
#include "textbuf.h"
#include "tui.h"

#define TUI_MIN_COLS 40
#define TUI_MIN_LINES 12

/* Keys that ncurses does not know, defined with define_key(). */
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)

enum pane { PANE_LIST, PANE_TABS, PANE_TEXT, PANE_COUNT };

/* Colour pairs; 0 is the terminal's own colours. */
enum pair {
	PAIR_STATUS_BASE = 1,   /* + enum status, then missing */
	PAIR_MISSING = PAIR_STATUS_BASE + STATUS_COUNT,
	PAIR_HIT,
	PAIR_BASE,      /* high-contrast: white on black for everything */
	PAIR_COUNT
};

/* The in-place editor of one follow-up. */
struct editor {
	struct textbuf *tb;
	int64_t commitment_id;
	int tertial;
	int64_t version;        /* the version the text started from (0: none) */
	enum status status;
	size_t top;             /* first display row shown */
	int64_t presence_id;    /* our row in the presence table, 0: none */
	long long edited_at;    /* ms (monotonic) of the last change not in a draft */
	bool newer_seen;        /* told the user that someone saved since */
};

struct tui {
	const struct tui_options *opt;
	struct store *st;
	struct actor who;
	bool readonly;
	const char *readonly_why;

	struct promise promise;      /* the open promise, loaded whole */
	int64_t promise_id;
	bool show_archived;
	size_t sel;                  /* selected activity */
	int tertial;                 /* shown tertial, 1..3 */
	int current_tertial;         /* today's, marked on the tabs */
	int current_year;
	enum pane focus;
	size_t list_top;
	size_t text_top;             /* first display row of the text pane */
	size_t text_rows;            /* rows the text pane's content has */

	struct editor *ed;           /* non-NULL while editing */

	char *search;                /* the last search, for n */
	struct search_hit *hits;
	size_t n_hits, hit;

	struct presence *presence;   /* who else edits in this promise */
	size_t n_presence;
	int64_t data_version;        /* to notice other connections' saves */
	long long presence_checked;  /* ms (monotonic) */

	struct strbuf message;       /* the status line's message */
	bool message_is_error;

	WINDOW *w_header, *w_list, *w_tabs, *w_text, *w_status;
	bool dirty;                  /* something to draw since the last pass */
	bool too_small;
	bool utf8;                   /* Unicode symbols and line drawing */
	bool input_started;          /* keypad, mouse, paste: on after the first screen */
	bool prompt_open;            /* a line prompt has the cursor */
	bool color;
	bool quit;
	int list_width;

	bool term_gone;              /* the terminal hung up (EIO, EOF) */
	enum store_file db_lost;     /* the database file was deleted or replaced */
	char *rescued;               /* the last file a text was rescued to, or NULL */
	struct watched_file {        /* the INI files read at the start */
		const char *path;
		struct stat sb;
		bool told;               /* the user was told it changed */
	} ini[2];
	size_t n_ini;
};

/* Where editor_keep_draft put the text. */
enum kept { KEPT_NOTHING, KEPT_DRAFT, KEPT_FILE, KEPT_LOST };

/* tui.c */
void tui_message(struct tui *t, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct commitment *tui_selected(struct tui *t);
struct followup *tui_selected_followup(struct tui *t);
void tui_reload(struct tui *t);
void tui_layout(struct tui *t);
void tui_handle_resize(struct tui *t);
bool tui_refuse_if_readonly(struct tui *t);
long long tui_now_ms(void);
/* Who else edits the follow-up, or NULL. */
const struct presence *tui_presence_on(const struct tui *t, int64_t commitment_id, int tertial);
int tui_read_key(struct tui *t, wint_t *ch);
/* A signal (SIGHUP, SIGTERM, SIGINT) asked the program to end. */
bool tui_terminating(void);

/* tui_draw.c */
/* The theme's ways of drawing: set once at start. */
void draw_set_theme(enum ui_theme theme, bool color);
/* A_DIM, except in the high-contrast theme, where nothing is dimmed. */
attr_t draw_dim(void);
/* A window with the theme's background. */
WINDOW *tui_newwin(int rows, int cols, int y, int x);
void draw_all(struct tui *t);
void draw_text_span(WINDOW *w, const char *s, size_t n, int max_cols);
void draw_fit(WINDOW *w, const char *s, int cols, bool pad);
const char *status_symbol(const struct tui *t, const struct followup *f);
const char *status_word(const struct followup *f);
const char *status_label(enum status s);
attr_t status_attr(const struct tui *t, const struct followup *f);
void draw_hline(struct tui *t, WINDOW *w, int y, int x, int n);
/* Draws text wrapped to width columns from row y, skipping the first
 * `skip` rows and stopping at row `bottom`; returns the rows it has. */
size_t draw_wrapped_at(WINDOW *w, const char *text, int y, int x, int width, size_t skip,
                       int bottom, attr_t attr);
void draw_badge(struct tui *t, WINDOW *w, const struct followup *f);
/* "senast ändrad 2024-04-30 16:02 av Anna Andersson, Polisen" */
void format_changed(const struct followup *f, struct strbuf *out);

/* tui_modal.c */
/* A line of input on the status line; NULL when cancelled (Esc). */
char *modal_prompt(struct tui *t, const char *label, const char *initial);
/* Waits for one of the keys in `keys` (or Esc: returns 0). */
int modal_confirm(struct tui *t, const char *question, const char *keys);
/* The status picker; -1 when cancelled. */
int modal_pick_status(struct tui *t, enum status current);
/* A list of choices; -1 when cancelled. */
int modal_pick(struct tui *t, const char *title, const char *const *items, size_t n,
               size_t selected);
void modal_help(struct tui *t);
/* A text in a box with a title and a line of keys below it; arrows
 * scroll.  Returns the key pressed among `keys`, or 0 for Esc. */
int modal_show_text(struct tui *t, const char *title, const char *text, const char *footer,
                    const char *keys);

/* tui_views.c: the overview (o), the presentation (p), the history (H) */
void view_overview(struct tui *t);
void view_present(struct tui *t);
void view_history(struct tui *t);
void view_activity_history(struct tui *t);

/* tui_editor.c */
void editor_open(struct tui *t);
void editor_key(struct tui *t, wint_t ch, bool is_key);
void editor_draw(struct tui *t, WINDOW *w, int top_row);
void editor_close(struct tui *t);
void editor_external(struct tui *t);
/* At start: the texts of external editors that outlived a killed lofte
 * become drafts (see write_meta in tui_editor.c). */
void editor_recover_leftovers(struct tui *t);
/* Keeps the editor's text as a draft when it is changed; now: at once,
 * else only when the last change is a few seconds old.  When the
 * database cannot take it (disk full, file gone) and now: in a private
 * file in the state folder (t->rescued). */
enum kept editor_keep_draft(struct tui *t, bool now);

/* Shows the cursor in the editor and a prompt, hides it elsewhere (once
 * the input modes are on: before, the first screen leaves it to them). */
void tui_show_cursor(struct tui *t);
/* Turns bracketed paste on or off, in order with ncurses' output. */
void tui_paste_mode(bool on);
/* After other connections saved: tells the editor when its follow-up got
 * a newer version. */
void editor_notice_newer(struct tui *t);

#endif
