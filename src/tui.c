/* tui.c - the interactive interface: start and end of curses, the input
 * loop and the actions bound in keys.c.
 *
 * Drawing is in tui_draw.c: every pass of the loop draws the panes into
 * their windows and calls doupdate() once, and ncurses sends the
 * terminal only the cells that changed. */
#include "tui_impl.h"

/* Messages come from the i18n table, so their format strings are not
 * literals here; tests/unit/test_i18n.c checks that every language's
 * string has the same conversions. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

#include <langinfo.h>
#include <poll.h>
#include <term.h>   /* putp */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "paths.h"
#include "text.h"
#include "xalloc.h"

/* Set by signal handlers, acted on by the loop. */
static volatile sig_atomic_t got_terminate;

static void on_terminate(int sig)
{
	got_terminate = sig;
}

bool tui_terminating(void)
{
	return got_terminate != 0;
}

void tui_message(struct tui *t, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_reset(&t->message);
	strbuf_vaddf(&t->message, fmt, ap);
	va_end(ap);
	t->message_is_error = error;
}

struct commitment *tui_selected(struct tui *t)
{
	return t->sel < t->promise.n_commitments ? &t->promise.commitments[t->sel] : NULL;
}

struct followup *tui_selected_followup(struct tui *t)
{
	struct commitment *c = tui_selected(t);
	return c ? &c->followups[t->tertial - 1] : NULL;
}

long long tui_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const struct presence *tui_presence_on(const struct tui *t, int64_t commitment_id, int tertial)
{
	for (size_t k = 0; k < t->n_presence; k++)
		if (t->presence[k].commitment_id == commitment_id && t->presence[k].tertial == tertial)
			return &t->presence[k];
	return NULL;
}

static void load_presence(struct tui *t)
{
	presences_free(t->presence, t->n_presence);
	t->presence = NULL;
	t->n_presence = 0;
	struct lerr e;
	if (t->promise_id)
		store_presence_list(t->st, t->promise_id, &t->presence, &t->n_presence, &e);
	t->presence_checked = tui_now_ms();
	t->dirty = true;
}

bool tui_refuse_if_readonly(struct tui *t)
{
	if (!t->readonly)
		return false;
	tui_message(t, true, tr(M_READONLY), t->readonly_why);
	return true;
}

/* Loads the promise again (after a save), keeping the selection on the
 * same activity. */
void tui_reload(struct tui *t)
{
	int64_t keep = tui_selected(t) ? tui_selected(t)->id : 0;
	promise_free(&t->promise);
	if (!t->promise_id)
		return;
	struct lerr e;
	if (store_load_promise(t->st, t->promise_id, t->show_archived, &t->promise, &e) != RC_OK) {
		tui_message(t, true, "%s", e.msg);
		return;
	}
	t->sel = 0;
	for (size_t k = 0; k < t->promise.n_commitments; k++)
		if (t->promise.commitments[k].id == keep)
			t->sel = k;
	load_presence(t);
}

/* The database file deleted or replaced (mv) under the running program:
 * nothing more is written into the old file (store_begin refuses), the
 * text being written goes to a file of its own, and the user is told to
 * start again.  The replacement is not opened here: its activities may
 * not be the ones on the screen. */
static bool check_database_file(struct tui *t)
{
	if (t->db_lost != STORE_FILE_SAME)
		return true;
	enum store_file state = store_file_state(t->st);
	if (state == STORE_FILE_SAME)
		return false;
	t->db_lost = state;
	t->readonly = true;
	t->readonly_why = tr(state == STORE_FILE_GONE ? M_DB_GONE_WHY : M_DB_REPLACED_WHY);
	if (editor_keep_draft(t, true) == KEPT_FILE)
		tui_message(t, true, tr(M_DB_LOST_RESCUED), store_path(t->st), t->readonly_why,
		            t->rescued);
	else
		tui_message(t, true, tr(M_DB_LOST), store_path(t->st), t->readonly_why);
	t->dirty = true;
	return true;
}

/* The INI files read at the start: a change is read to check it, and
 * takes effect at the next start (a name, a role or the database path
 * changing under an open editor would be more surprising than useful). */
static void watch_config(struct tui *t)
{
	const char *paths[] = {PATHS_SITE_CONFIG, t->opt->cfg->user_file};
	for (size_t k = 0; k < 2; k++) {
		if (paths[k] && stat(paths[k], &t->ini[t->n_ini].sb) == 0)
			t->ini[t->n_ini++].path = paths[k];
	}
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static void check_config(struct tui *t)
{
	for (size_t k = 0; k < t->n_ini; k++) {
		struct watched_file *w = &t->ini[k];
		struct stat now;
		if (stat(w->path, &now) == 0 && same_file(&now, &w->sb))
			continue;
		if (stat(w->path, &now) == 0)
			w->sb = now;
		else
			memset(&w->sb, 0, sizeof w->sb);
		struct config cfg;
		struct lerr e;
		config_init(&cfg);
		bool site = strcmp(w->path, PATHS_SITE_CONFIG) == 0;
		enum lofte_rc rc = config_load_files(&cfg, site ? w->path : NULL, site ? NULL : w->path,
		                                     !site, NULL, NULL, &e);
		config_free(&cfg);
		if (rc != RC_OK)
			tui_message(t, true, tr(M_INI_BROKEN), w->path, e.msg);
		else
			tui_message(t, false, tr(M_INI_CHANGED), w->path);
		t->dirty = true;
	}
}

/* Saves by other users appear within a second: the idle loop asks SQLite
 * whether another connection committed, and reloads the promise, keeping
 * the selection and the scroll.  An open editor keeps its text. */
static void check_changes(struct tui *t)
{
	check_config(t);
	if (check_database_file(t))
		return;
	int64_t v;
	struct lerr e;
	if (store_data_version(t->st, &v, &e) != RC_OK)
		return;
	if (v != t->data_version) {
		t->data_version = v;
		tui_reload(t);
		editor_notice_newer(t);
	} else if (tui_now_ms() - t->presence_checked >= 2000) {
		/* A presence ends without a write when its process dies. */
		load_presence(t);
	}
}

/* A terminal that hung up makes every read return at once: without this
 * check the loop would spin, and never end. */
static bool terminal_gone(void)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

/* --- layout ---------------------------------------------------------- */

static void free_windows(struct tui *t)
{
	WINDOW **ws[] = {&t->w_header, &t->w_list, &t->w_tabs, &t->w_text, &t->w_status};
	for (size_t k = 0; k < sizeof ws / sizeof ws[0]; k++) {
		if (*ws[k])
			delwin(*ws[k]);
		*ws[k] = NULL;
	}
}

/* Places the panes for the terminal's size: a header row, the activity
 * list on the left, the tertial tabs over the text on the right, and a
 * status row. */
void tui_layout(struct tui *t)
{
	free_windows(t);
	t->too_small = COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
	if (t->too_small)
		return;
	int lw = COLS * 36 / 100;
	lw = lw < 24 ? 24 : lw > 64 ? 64 : lw;
	int body = LINES - 2;
	t->list_width = lw;
	t->w_header = tui_newwin(1, COLS, 0, 0);
	t->w_list = tui_newwin(body, lw, 1, 0);
	/* The panes cover every cell, so nothing drawn over them (the
	 * overview, a dialogue) can stay behind. */
	t->w_tabs = tui_newwin(2, COLS - lw, 1, lw);
	t->w_text = tui_newwin(body - 2, COLS - lw, 3, lw);
	t->w_status = tui_newwin(1, COLS, LINES - 1, 0);
}

void tui_handle_resize(struct tui *t)
{
	/* ncurses has the new size already (KEY_RESIZE); stdscr is blank. */
	erase();
	wnoutrefresh(stdscr);
	tui_layout(t);
	t->dirty = true;
}

/* --- input ----------------------------------------------------------- */

static void check_changes(struct tui *t);

/* Reads one key; returns OK (a character), KEY_CODE_YES or ERR (the
 * timeout passed).  A resize is handled here, and so is the idle work
 * (other users' saves, the draft), so that every view and modal loop
 * keeps the screen current the same way. */
/* The keypad, the mouse, bracketed paste and the hidden cursor, turned
 * on after the first screen is out: ncurses flushes each of them at once
 * when it is set, and again inside doupdate() when it resumes the screen,
 * so set before the first screen they cost 7 write() calls, after it 4. */
static void start_input(struct tui *t)
{
	if (t->input_started)
		return;
	t->input_started = true;
	keypad(stdscr, TRUE);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	          | BUTTON5_PRESSED
#endif
	          , NULL);
	mouseinterval(0);
	tui_paste_mode(true);
	tui_show_cursor(t);
}

int tui_read_key(struct tui *t, wint_t *ch)
{
	start_input(t);
	int r = wget_wch(stdscr, ch);
	if (r == KEY_CODE_YES && *ch == KEY_RESIZE)
		tui_handle_resize(t);
	if (r == ERR && terminal_gone())
		t->term_gone = true;
	if (r == ERR && !t->term_gone) {
		check_changes(t);
		editor_keep_draft(t, false);
	}
	if (got_terminate || t->term_gone)
		t->quit = true;
	return r;
}

static void set_tertial(struct tui *t, int tertial)
{
	t->tertial = tertial < 1 ? 1 : tertial > TERTIALS ? TERTIALS : tertial;
	t->text_top = 0;
}

static void select_activity(struct tui *t, long index)
{
	long n = (long)t->promise.n_commitments;
	if (n == 0)
		return;
	index = index < 0 ? 0 : index >= n ? n - 1 : index;
	if ((size_t)index != t->sel)
		t->text_top = 0;
	t->sel = (size_t)index;
}

static int list_page(struct tui *t)
{
	int h = t->w_list ? getmaxy(t->w_list) - 1 : 10;
	return h > 1 ? h - 1 : 1;
}

static int text_page(struct tui *t)
{
	int h = t->w_text ? getmaxy(t->w_text) - 1 : 10;
	return h > 1 ? h - 1 : 1;
}

static void scroll_text(struct tui *t, long rows)
{
	long top = (long)t->text_top + rows;
	long max = (long)t->text_rows - text_page(t);
	if (top > max)
		top = max;
	t->text_top = top < 0 ? 0 : (size_t)top;
}

static void move_selection(struct tui *t, enum action a)
{
	if (t->focus == PANE_TEXT) {
		long page = text_page(t);
		long rows[] = {[ACT_UP] = -1, [ACT_DOWN] = 1, [ACT_PAGE_UP] = -page,
		               [ACT_PAGE_DOWN] = page, [ACT_FIRST] = -(long)t->text_rows,
		               [ACT_LAST] = (long)t->text_rows};
		scroll_text(t, rows[a]);
		return;
	}
	long page = list_page(t), n = (long)t->promise.n_commitments, sel = (long)t->sel;
	long to[] = {[ACT_UP] = sel - 1, [ACT_DOWN] = sel + 1, [ACT_PAGE_UP] = sel - page,
	             [ACT_PAGE_DOWN] = sel + page, [ACT_FIRST] = 0, [ACT_LAST] = n - 1};
	select_activity(t, to[a]);
}

/* --- actions: activities --------------------------------------------- */

static char *join_parties(const struct strlist *l)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t k = 0; k < l->len; k++)
		strbuf_addf(&sb, "%s%s", k ? ", " : "", l->items[k]);
	return strbuf_detach(&sb);
}

/* A description has paragraphs, the prompt one line: each line break is
 * shown as " ¶ " while it is edited, and turned back afterwards. */
static char *breaks_to_marks(const char *s)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (; *s; s++) {
		if (*s == '\n')
			strbuf_adds(&sb, " ¶ ");
		else
			strbuf_addc(&sb, *s);
	}
	return strbuf_detach(&sb);
}

static char *marks_to_breaks(const char *s)
{
	struct strbuf sb;
	strbuf_init(&sb);
	while (*s) {
		const char *mark = strstr(s, "¶");
		size_t n = mark ? (size_t)(mark - s) : strlen(s);
		char *part = xstrndup(s, n);
		char *line = text_normalize_line(part);
		strbuf_adds(&sb, line);
		free(line);
		free(part);
		if (!mark)
			break;
		strbuf_addc(&sb, '\n');
		s = mark + strlen("¶");
	}
	char *out = text_normalize(sb.buf);
	strbuf_free(&sb);
	return out;
}

/* Asks for title, description and parties; false when cancelled. */
static bool ask_activity(struct tui *t, const struct commitment *c, char **title, char **desc,
                         struct strlist *parties)
{
	*title = modal_prompt(t, tr(M_TITLE_PROMPT), c ? c->title : "");
	if (!*title)
		return false;
	char *marked = breaks_to_marks(c ? c->description : "");
	char *typed = modal_prompt(t, tr(M_DESC_PROMPT), marked);
	free(marked);
	if (!typed) {
		free(*title);
		return false;
	}
	*desc = marks_to_breaks(typed);
	free(typed);
	char *joined = c ? join_parties(&c->responsible) : xstrdup("");
	char *resp = modal_prompt(t, tr(M_RESP_PROMPT), joined);
	free(joined);
	if (!resp) {
		free(*title);
		free(*desc);
		return false;
	}
	strlist_split(parties, resp);
	free(resp);
	return true;
}

static void save_activity(struct tui *t, const struct commitment *c)
{
	char *title, *desc;
	struct strlist parties = {0};
	if (!ask_activity(t, c, &title, &desc, &parties)) {
		tui_message(t, false, "%s", tr(M_CANCELLED));
		return;
	}
	struct lerr e;
	int64_t id = 0;
	enum lofte_rc rc;
	if (c)
		rc = store_update_commitment(t->st, c->id, title, desc, &parties, c->archived,
		                             c->version, &t->who, &e);
	else
		rc = store_add_commitment(t->st, t->promise_id, title, desc, &parties, &t->who, &id, &e);
	free(title);
	free(desc);
	strlist_free(&parties);
	if (rc != RC_OK) {
		tui_reload(t);
		tui_message(t, true, tr(M_SAVE_FAILED), rc == RC_CONFLICT ? tr(M_CHANGED_FIRST) : e.msg);
		return;
	}
	tui_reload(t);
	if (!c)
		select_activity(t, (long)t->promise.n_commitments - 1);
	tui_message(t, false, "%s", tr(c ? M_RENAMED : M_ADDED));
}

static void archive_activity(struct tui *t)
{
	struct commitment *c = tui_selected(t);
	if (!c)
		return;
	char q[512];
	snprintf(q, sizeof q, tr(c->archived ? M_ASK_RESTORE : M_ASK_ARCHIVE), c->title);
	if (!modal_confirm(t, q, tr(M_KEY_YES))) {
		tui_message(t, false, "%s", tr(M_CANCELLED));
		return;
	}
	struct lerr e;
	int restoring = c->archived;
	if (store_update_commitment(t->st, c->id, c->title, c->description, &c->responsible,
	                            !c->archived, c->version, &t->who, &e) != RC_OK) {
		bool conflict = e.rc == RC_CONFLICT;
		tui_reload(t);
		tui_message(t, true, tr(M_SAVE_FAILED), conflict ? tr(M_CHANGED_FIRST) : e.msg);
		return;
	}
	tui_reload(t);
	select_activity(t, (long)t->sel);
	tui_message(t, false, "%s", tr(restoring ? M_RESTORED : M_ARCHIVED_DONE));
}

/* --- actions: status, search, promises ---------------------------------- */

static void set_status(struct tui *t)
{
	struct commitment *c = tui_selected(t);
	if (!c)
		return;
	struct followup *f = &c->followups[t->tertial - 1];
	int s = modal_pick_status(t, f->present ? f->status : STATUS_IN_PROGRESS);
	if (s < 0) {
		tui_message(t, false, "%s", tr(M_CANCELLED));
		return;
	}
	struct lerr e;
	int64_t v;
	enum lofte_rc rc = store_save_followup(t->st, c->id, t->tertial, f->present ? f->text : "",
	                                       (enum status)s, f->present ? f->version : 0, &t->who,
	                                       &v, &e);
	tui_reload(t);
	if (rc == RC_CONFLICT)
		tui_message(t, true, "%s", tr(M_CHANGED_FIRST));
	else if (rc != RC_OK)
		tui_message(t, true, tr(M_SAVE_FAILED), e.msg);
	else
		tui_message(t, false, tr(M_STATUS_SET), status_label((enum status)s));
}

static void show_hit(struct tui *t)
{
	const struct search_hit *h = &t->hits[t->hit];
	for (size_t k = 0; k < t->promise.n_commitments; k++)
		if (t->promise.commitments[k].id == h->commitment_id)
			select_activity(t, (long)k);
	if (h->tertial)
		set_tertial(t, h->tertial);
	t->text_top = 0;
	t->focus = PANE_TEXT;
	tui_message(t, false, tr(M_SEARCH_HIT), t->hit + 1, t->n_hits, t->search);
}

static void search(struct tui *t)
{
	char *q = modal_prompt(t, tr(M_SEARCH_PROMPT), t->search ? t->search : "");
	if (!q || !q[0]) {
		free(q);
		return;
	}
	free(t->search);
	t->search = q;
	search_hits_free(t->hits, t->n_hits);
	t->hits = NULL;
	t->n_hits = t->hit = 0;
	struct lerr e;
	if (store_search(t->st, t->promise_id, q, &t->hits, &t->n_hits, &e) != RC_OK) {
		tui_message(t, true, "%s", e.msg);
		return;
	}
	if (!t->n_hits) {
		tui_message(t, true, tr(M_SEARCH_NONE), q);
		return;
	}
	show_hit(t);
}

static void search_next(struct tui *t)
{
	if (!t->n_hits) {
		tui_message(t, false, "%s", t->search ? "" : tr(M_SEARCH_FIRST));
		if (t->search)
			tui_message(t, true, tr(M_SEARCH_NONE), t->search);
		return;
	}
	t->hit = (t->hit + 1) % t->n_hits;
	show_hit(t);
}

static void open_promise(struct tui *t, int64_t id)
{
	t->promise_id = id;
	t->sel = 0;
	t->text_top = t->list_top = 0;
	search_hits_free(t->hits, t->n_hits);
	t->hits = NULL;
	t->n_hits = 0;
	tui_reload(t);
}

static void switch_promise(struct tui *t)
{
	struct promise_ref *refs;
	size_t n;
	struct lerr e;
	if (store_list_promises(t->st, &refs, &n, &e) != RC_OK) {
		tui_message(t, true, "%s", e.msg);
		return;
	}
	char **items = xcalloc(n + 1, sizeof *items);
	size_t current = 0;
	for (size_t k = 0; k < n; k++) {
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_addf(&sb, "%s %d – %s", refs[k].municipality, refs[k].year, refs[k].title);
		items[k] = strbuf_detach(&sb);
		if (refs[k].id == t->promise_id)
			current = k;
	}
	int pick = modal_pick(t, tr(M_PROMISES_TITLE), (const char *const *)items, n, current);
	if (pick >= 0)
		open_promise(t, refs[pick].id);
	for (size_t k = 0; k < n; k++)
		free(items[k]);
	free(items);
	promise_refs_free(refs, n);
}

/* --- review before publishing ----------------------------------------------- */

static const char *review_label(enum review r)
{
	return i18n_language() == UI_LANG_EN ? review_label_en(r) : review_label_sv(r);
}

/* Ready (by its writer), approved or sent back (by a reviewer): each a
 * version of the follow-up, attributed like a save. */
static void review_step(struct tui *t, enum review to)
{
	struct commitment *c = tui_selected(t);
	struct followup *f = tui_selected_followup(t);
	if (!f || !f->present) {
		tui_message(t, true, "%s", tr(M_REVIEW_NOTHING));
		return;
	}
	bool reviewer = t->opt->cfg->role == ROLE_REVIEWER;
	if (to != REVIEW_READY && !reviewer) {
		tui_message(t, true, "%s", tr(M_REVIEW_ONLY_REVIEWERS));
		return;
	}
	if (to == REVIEW_READY && f->review != REVIEW_DRAFT) {
		tui_message(t, true, tr(M_REVIEW_NOT_DRAFT), review_label(f->review));
		return;
	}
	if (to == REVIEW_APPROVED && f->review == REVIEW_APPROVED) {
		tui_message(t, true, tr(M_REVIEW_NOT_DRAFT), review_label(f->review));
		return;
	}
	if (to != REVIEW_READY && f->review == REVIEW_DRAFT) {
		tui_message(t, true, "%s", tr(M_REVIEW_NOT_READY));
		return;
	}
	char *comment = NULL;
	if (to == REVIEW_DRAFT) {
		comment = modal_prompt(t, tr(M_REVIEW_COMMENT_PROMPT), "");
		if (!comment || !comment[0]) {
			free(comment);
			tui_message(t, false, "%s", tr(M_CANCELLED));
			return;
		}
	}
	struct lerr e;
	int64_t v;
	enum lofte_rc rc = store_set_review(t->st, c->id, t->tertial, to, comment, f->version,
	                                    &t->who, &v, &e);
	free(comment);
	tui_reload(t);
	if (rc == RC_CONFLICT)
		tui_message(t, true, "%s", tr(M_CHANGED_FIRST));
	else if (rc != RC_OK)
		tui_message(t, true, tr(M_SAVE_FAILED), e.msg);
	else
		tui_message(t, false, "%s", tr(to == REVIEW_READY ? M_REVIEW_READY_DONE
		                               : to == REVIEW_APPROVED ? M_REVIEW_APPROVED_DONE
		                                                       : M_REVIEW_RETURNED_DONE));
}

/* --- targets ------------------------------------------------------------- */

/* M: "fotpatruller ≥ 800" adds or changes a target, "-fotpatruller"
 * removes one; outcomes of the others are kept. */
static void edit_targets(struct tui *t)
{
	struct commitment *c = tui_selected(t);
	char *line = modal_prompt(t, tr(M_TARGET_PROMPT), "");
	if (!line || !line[0]) {
		free(line);
		tui_message(t, false, "%s", tr(M_CANCELLED));
		return;
	}
	struct commitment with = {0};
	bool removing = line[0] == '-', found = false;
	struct indicator ind = {0};
	if (!removing && indicator_parse(line, &ind) != 0) {
		tui_message(t, true, tr(M_TARGET_BAD), line);
		free(line);
		return;
	}
	char *name = removing ? text_normalize_line(line + 1) : xstrdup(ind.name);
	for (size_t k = 0; k < c->n_indicators; k++) {
		bool same = text_equal_fold(c->indicators[k].name, name);
		found |= same;
		if (same && removing)
			continue;
		commitment_add_indicator(&with, &c->indicators[k], 1);
		if (same) {
			with.indicators[with.n_indicators - 1].at_most = ind.at_most;
			with.indicators[with.n_indicators - 1].target = ind.target;
		}
	}
	if (!removing && !found)
		commitment_add_indicator(&with, &ind, 0);
	struct lerr e;
	if (removing && !found)
		tui_message(t, true, tr(M_TARGET_UNKNOWN), name);
	else if (store_set_indicators(t->st, c->id, &with, &t->who, &e) != RC_OK)
		tui_message(t, true, tr(M_SAVE_FAILED), e.msg);
	else
		tui_message(t, false, "%s", tr(M_TARGET_SAVED));
	indicators_free(with.indicators, with.n_indicators);
	free(ind.name);
	free(name);
	free(line);
	tui_reload(t);
}

/* U: one prompt per target for the shown tertial's outcome; empty
 * clears it. */
static void edit_outcomes(struct tui *t)
{
	struct commitment *c = tui_selected(t);
	if (!c->n_indicators) {
		tui_message(t, true, "%s", tr(M_OUTCOME_NO_TARGETS));
		return;
	}
	if (!c->followups[t->tertial - 1].present) {
		tui_message(t, true, "%s", tr(M_OUTCOME_WRITE_FIRST));
		return;
	}
	size_t n = c->n_indicators;
	struct indicator *inds = xcalloc(n, sizeof *inds);
	for (size_t k = 0; k < n; k++) {
		inds[k] = c->indicators[k];
		inds[k].name = xstrdup(c->indicators[k].name);
	}
	for (size_t k = 0; k < n; k++) {
		char label[512], now[32] = "", goal[32];
		number_format(inds[k].target, goal);
		snprintf(label, sizeof label, tr(M_OUTCOME_PROMPT), t->tertial, inds[k].name, goal);
		if (inds[k].has_outcome[t->tertial - 1])
			number_format(inds[k].outcome[t->tertial - 1], now);
		char *typed = modal_prompt(t, label, now);
		if (!typed) {
			tui_message(t, false, "%s", tr(M_CANCELLED));
			break;
		}
		double v = 0;
		if (typed[0] && number_parse(typed, &v) != 0) {
			tui_message(t, true, tr(M_OUTCOME_BAD), typed);
			free(typed);
			break;
		}
		struct lerr e;
		if (store_set_outcome(t->st, inds[k].id, t->tertial, typed[0] != '\0', v, &t->who, &e) !=
		    RC_OK) {
			tui_message(t, true, tr(M_SAVE_FAILED), e.msg);
			free(typed);
			break;
		}
		free(typed);
		if (k + 1 == n)
			tui_message(t, false, "%s", tr(M_OUTCOME_SAVED));
	}
	indicators_free(inds, n);
	tui_reload(t);
}

/* Next year's promise from this one's activities, then opened. */
static void next_year(struct tui *t)
{
	if (tui_refuse_if_readonly(t) || !t->promise_id)
		return;
	char q[512];
	snprintf(q, sizeof q, tr(M_ASK_NEXT_YEAR), t->promise.municipality, t->promise.year + 1,
	         t->promise.year, t->promise.n_commitments);
	if (!modal_confirm(t, q, tr(M_KEY_YES))) {
		tui_message(t, false, "%s", tr(M_CANCELLED));
		return;
	}
	int64_t id;
	struct lerr e;
	if (store_copy_promise(t->st, t->promise_id, t->promise.year + 1, &t->who, &id, NULL, &e) !=
	    RC_OK) {
		tui_message(t, true, "%s", e.msg);
		return;
	}
	open_promise(t, id);
	tui_message(t, false, tr(M_NEXT_YEAR_DONE), t->promise.municipality, t->promise.year);
}

/* --- dispatch ------------------------------------------------------------ */

static bool editing_allowed(struct tui *t)
{
	return !tui_refuse_if_readonly(t) && tui_selected(t) != NULL;
}

static void rename_selected(struct tui *t)
{
	save_activity(t, tui_selected(t));
}

static void mark_ready(struct tui *t)
{
	review_step(t, REVIEW_READY);
}

static void approve(struct tui *t)
{
	review_step(t, REVIEW_APPROVED);
}

static void send_back(struct tui *t)
{
	review_step(t, REVIEW_DRAFT);
}

/* The actions that change the selected activity or follow-up: refused in
 * review mode, and with nothing selected. */
static const struct {
	enum action action;
	void (*run)(struct tui *t);
} editing_actions[] = {
	{ACT_EDIT, editor_open},       {ACT_EDIT_EXTERNAL, editor_external},
	{ACT_STATUS, set_status},      {ACT_RENAME, rename_selected},
	{ACT_ARCHIVE, archive_activity}, {ACT_READY, mark_ready},
	{ACT_APPROVE, approve},        {ACT_SEND_BACK, send_back},
	{ACT_TARGET, edit_targets},    {ACT_OUTCOME, edit_outcomes},
};

static void do_action(struct tui *t, enum action a)
{
	for (size_t k = 0; k < sizeof editing_actions / sizeof editing_actions[0]; k++) {
		if (editing_actions[k].action != a)
			continue;
		if (editing_allowed(t))
			editing_actions[k].run(t);
		return;
	}
	switch (a) {
	case ACT_NEXT_PANE: t->focus = (t->focus + 1) % PANE_COUNT; break;
	case ACT_PREV_PANE: t->focus = (t->focus + PANE_COUNT - 1) % PANE_COUNT; break;
	case ACT_TERTIAL_1: set_tertial(t, 1); break;
	case ACT_TERTIAL_2: set_tertial(t, 2); break;
	case ACT_TERTIAL_3: set_tertial(t, 3); break;
	case ACT_PREV_TERTIAL: set_tertial(t, t->tertial - 1); break;
	case ACT_NEXT_TERTIAL: set_tertial(t, t->tertial + 1); break;
	case ACT_HELP: modal_help(t); break;
	case ACT_SEARCH: search(t); break;
	case ACT_SEARCH_NEXT: search_next(t); break;
	case ACT_SWITCH_PROMISE: switch_promise(t); break;
	case ACT_NEXT_YEAR: next_year(t); break;
	case ACT_OVERVIEW: view_overview(t); break;
	case ACT_PRESENT: view_present(t); break;
	case ACT_HISTORY: view_history(t); break;
	case ACT_REDRAW: clearok(curscr, TRUE); break;
	case ACT_QUIT: t->quit = true; break;
	case ACT_UP: case ACT_DOWN: case ACT_PAGE_UP: case ACT_PAGE_DOWN:
	case ACT_FIRST: case ACT_LAST:
		move_selection(t, a);
		break;
	case ACT_FOCUS_TEXT: t->focus = PANE_TEXT; break;
	case ACT_ADD:
		if (!tui_refuse_if_readonly(t) && t->promise_id)
			save_activity(t, NULL);
		break;
	case ACT_SHOW_ARCHIVED:
		t->show_archived = !t->show_archived;
		tui_reload(t);
		tui_message(t, false, "%s", tr(t->show_archived ? M_SHOW_ARCHIVED : M_HIDE_ARCHIVED));
		break;
	default:
		break;
	}
}

/* A mouse click selects what it is on; the wheel scrolls. */
static void handle_mouse(struct tui *t)
{
	MEVENT ev;
	if (getmouse(&ev) != OK || t->too_small || t->ed)
		return;
	bool wheel_up = ev.bstate & BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
	bool wheel_down = ev.bstate & BUTTON5_PRESSED;
#else
	bool wheel_down = false;
#endif
	int y = ev.y, x = ev.x;
	if (wenclose(t->w_list, y, x)) {
		t->focus = PANE_LIST;
		if (wheel_up || wheel_down)
			select_activity(t, (long)t->sel + (wheel_up ? -1 : 1));
		else if (wmouse_trafo(t->w_list, &y, &x, FALSE) && y >= 1)
			select_activity(t, (long)t->list_top + y - 1);
	} else if (wenclose(t->w_tabs, y, x) && wmouse_trafo(t->w_tabs, &y, &x, FALSE)) {
		t->focus = PANE_TABS;
		int w = getmaxx(t->w_tabs) / TERTIALS;
		set_tertial(t, w > 0 ? x / w + 1 : 1);
	} else if (wenclose(t->w_text, y, x)) {
		t->focus = PANE_TEXT;
		if (wheel_up || wheel_down)
			scroll_text(t, wheel_up ? -3 : 3);
	}
}

static enum key_context context_of(struct tui *t)
{
	if (t->ed)
		return CTX_EDITOR;
	return t->focus == PANE_LIST ? CTX_LIST : t->focus == PANE_TABS ? CTX_TABS : CTX_TEXT;
}

static void handle_key(struct tui *t, wint_t ch, bool is_key)
{
	if (is_key && ch == KEY_RESIZE)
		return;
	strbuf_reset(&t->message);
	if (t->ed) {
		editor_key(t, ch, is_key);
		return;
	}
	if (is_key && ch == KEY_MOUSE) {
		handle_mouse(t);
		return;
	}
	if (t->too_small) {
		if (!is_key && (ch == 'q' || ch == 3))
			t->quit = true;
		return;
	}
	if (!is_key && ch == '\r')
		ch = '\n';
	if (!is_key && ch == 3) {   /* Ctrl-C in raw mode */
		t->quit = true;
		return;
	}
	do_action(t, keys_lookup((int)ch, is_key, context_of(t)));
}

/* Asks before quitting with an unsaved text in the editor. */
static bool really_quit(struct tui *t)
{
	if (!t->ed || !textbuf_modified(t->ed->tb) || got_terminate || t->term_gone)
		return true;
	t->quit = false;
	return modal_confirm(t, tr(M_ASK_QUIT), "q") != 0;
}

/* --- start and end --------------------------------------------------------- */

static void init_colors(struct tui *t)
{
	const char *no_color = getenv("NO_COLOR");
	bool wanted = t->opt->cfg->color == COLOR_ALWAYS ||
	              (t->opt->cfg->color == COLOR_AUTO && !(no_color && *no_color));
	t->color = wanted && has_colors() && t->opt->cfg->theme != THEME_MONOCHROME;
	if (!t->color) {
		draw_set_theme(t->opt->cfg->theme, false);
		return;
	}
	start_color();
	use_default_colors();
	/* Badges: dark text on a light background, the same on dark and
	 * light terminals and legible on a projector. */
	static const short bg[STATUS_COUNT] = {
		[STATUS_NOT_STARTED] = COLOR_WHITE, [STATUS_IN_PROGRESS] = COLOR_CYAN,
		[STATUS_DONE] = COLOR_GREEN, [STATUS_DELAYED] = COLOR_YELLOW,
		[STATUS_CANCELLED] = COLOR_MAGENTA,
	};
	for (int s = 0; s < STATUS_COUNT; s++)
		init_pair((short)(PAIR_STATUS_BASE + s), COLOR_BLACK, bg[s]);
	init_pair(PAIR_MISSING, COLOR_WHITE, COLOR_RED);
	init_pair(PAIR_HIT, COLOR_BLACK, COLOR_YELLOW);
	init_pair(PAIR_BASE, COLOR_WHITE, COLOR_BLACK);
	draw_set_theme(t->opt->cfg->theme, true);
}

/* Home and End arrive differently from different terminals and
 * multiplexers (xterm in cursor mode, PuTTY, tmux, rxvt), often not as
 * TERM's terminfo says: a user over SSH must not find them dead. */
static void init_keys(void)
{
	static const char *const home[] = {"\033[H", "\033OH", "\033[1~", "\033[7~"};
	static const char *const end[] = {"\033[F", "\033OF", "\033[4~", "\033[8~"};

	define_key("\033[200~", KEY_PASTE_BEGIN);
	define_key("\033[201~", KEY_PASTE_END);
	for (size_t i = 0; i < sizeof home / sizeof *home; i++) {
		define_key(home[i], KEY_HOME);
		define_key(end[i], KEY_END);
	}
}

/* Bracketed paste: a pasted text arrives as one piece, and a paste in
 * the main view is not taken for commands.  putp() writes through stdio,
 * not through ncurses' buffer: flush it now, so that it is in order with
 * what ncurses writes (and off before another program gets the terminal).
 * It costs one write() of its own; ncurses has no way to send a string of
 * ours in its buffer. */
void tui_paste_mode(bool on)
{
	putp(on ? "\033[?2004h" : "\033[?2004l");
	fflush(stdout);
}

/* newterm, not initscr: an unknown TERM is an error to report, where
 * initscr would print its own message and exit. */
static bool start_curses(struct tui *t, SCREEN **screen)
{
	*screen = newterm(NULL, stdout, stdin);
	if (!*screen)
		return false;
	raw();            /* Ctrl-S, Ctrl-Q and Ctrl-Z reach the editor */
	noecho();
	nonl();
	/* Reading keys from stdscr refreshes it first: clear it once now, or
	 * the first read would paint a blank stdscr over the panes. */
	wnoutrefresh(stdscr);
	/* Until the first endwin(), ncurses flushes its output at every
	 * cursor movement, one write() per screen line (70 for the first
	 * screen over SSH).  Leaving that initial state at once, before
	 * anything is drawn, lets the first doupdate() resume the screen and
	 * send it in one piece; the terminal sees the alternate screen
	 * switched on and off in a single write.  The input modes wait for
	 * the first key read (start_input): each is a write() of its own. */
	endwin();
	set_escdelay(80);
	wtimeout(stdscr, 250);
	init_colors(t);
	init_keys();
	t->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	tui_layout(t);
	return true;
}

static void end_curses(struct tui *t, SCREEN *screen)
{
	free_windows(t);
	tui_paste_mode(false);
	endwin();
	delscreen(screen);
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_terminate;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

static void loop(struct tui *t)
{
	t->dirty = true;
	while (!t->quit) {
		/* An idle tick draws nothing unless a save or a resize changed
		 * something: four redraws a second per user add up on a shared
		 * server. */
		if (t->dirty) {
			t->dirty = false;
			draw_all(t);
			if (doupdate() == ERR) {
				/* The terminal is gone (EIO): keep the text, then stop. */
				editor_keep_draft(t, true);
				break;
			}
		}
		wint_t ch;
		int r = tui_read_key(t, &ch);
		if (r != ERR) {
			handle_key(t, ch, r == KEY_CODE_YES);
			t->dirty = true;
		}
		if (got_terminate || t->term_gone)
			editor_keep_draft(t, true);
		if (t->quit && !really_quit(t))
			t->quit = false;
	}
}

enum lofte_rc tui_run(const struct tui_options *opt, struct lerr *e)
{
	struct tui t = {.opt = opt, .st = opt->store};
	t.who = (struct actor){opt->who->name, opt->who->department, opt->who->login};
	t.readonly = opt->review || store_readonly_reason(opt->store) != NULL;
	t.readonly_why = opt->review ? tr(M_READONLY_REVIEW) : store_readonly_reason(opt->store);
	strbuf_init(&t.message);
	int month, day;
	today_date(&t.current_year, &month, &day);
	t.current_tertial = tertial_of_month(month);
	t.tertial = t.current_tertial;
	install_signals();
	struct lerr e0;
	store_data_version(t.st, &t.data_version, &e0);
	open_promise(&t, opt->promise_id);
	editor_recover_leftovers(&t);
	watch_config(&t);
	if (t.readonly)
		tui_message(&t, false, tr(M_READONLY), t.readonly_why);
	if (opt->notice)
		tui_message(&t, true, "%s", opt->notice);
	SCREEN *screen;
	if (!start_curses(&t, &screen)) {
		const char *term = getenv("TERM");
		enum lofte_rc rc = lerr_set(e, RC_FAIL, "TERM=%s: not a terminal type this system knows",
		                            term ? term : "");
		promise_free(&t.promise);
		presences_free(t.presence, t.n_presence);
		strbuf_free(&t.message);
		return rc;
	}
	loop(&t);
	/* Quitting with a changed text keeps it as a draft, offered next time. */
	editor_keep_draft(&t, true);
	editor_close(&t);
	end_curses(&t, screen);
	promise_free(&t.promise);
	presences_free(t.presence, t.n_presence);
	search_hits_free(t.hits, t.n_hits);
	free(t.search);
	strbuf_free(&t.message);
	if (t.rescued)
		fprintf(stderr, tr(M_RESCUED_AT), t.rescued);
	free(t.rescued);
	return RC_OK;
}
