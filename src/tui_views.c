/* tui_views.c - the three full views over the main screen: the overview
 * of every activity × tertial (o), the presentation of one activity at
 * a time for a projector (p), and the history of a follow-up (H).  Each
 * runs its own loop and maps keys through keys_lookup() in its context,
 * so help lists exactly the keys they obey. */
#include "tui_impl.h"

/* Messages come from the i18n table, so their format strings are not
 * literals here; tests/unit/test_i18n.c checks that every language's
 * string has the same conversions. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "i18n.h"
#include "text.h"
#include "xalloc.h"

/* Reads a key and returns its action in ctx (ACT_NONE for nothing). */
static enum action view_key(struct tui *t, enum key_context ctx)
{
	doupdate();
	wint_t ch;
	int r = tui_read_key(t, &ch);
	if (r == ERR || (r == KEY_CODE_YES && ch == KEY_RESIZE))
		return ACT_NONE;
	bool key = r == KEY_CODE_YES;
	if (!key && ch == '\r')
		ch = '\n';
	if (!key && ch == 3)
		return ACT_CLOSE;
	return keys_lookup((int)ch, key, ctx);
}

static WINDOW *full_window(void)
{
	WINDOW *w = tui_newwin(LINES, COLS, 0, 0);
	if (w)
		werase(w);
	return w;
}

static void title_bar(WINDOW *w, const char *title)
{
	wmove(w, 0, 0);
	wattron(w, A_REVERSE | A_BOLD);
	draw_fit(w, title, getmaxx(w), true);
	wattroff(w, A_REVERSE | A_BOLD);
}

static void hint_bar(WINDOW *w, const char *hints)
{
	wmove(w, getmaxy(w) - 1, 0);
	wattron(w, draw_dim());
	draw_fit(w, hints, getmaxx(w), true);
	wattroff(w, draw_dim());
}

/* --- the overview -------------------------------------------------------------- */

static void overview_cell(struct tui *t, WINDOW *w, const struct commitment *c, int tertial,
                          int width, bool selected)
{
	const struct followup *f = &c->followups[tertial - 1];
	char today[11];
	today_iso(today);
	enum lateness how = followup_lateness(&t->promise, f, tertial, today);
	bool late = how != ON_TIME;
	attr_t sel = selected ? A_REVERSE : 0;
	waddch(w, ' ');
	wattron(w, status_attr(t, f));
	waddstr(w, status_symbol(t, f));
	wattroff(w, status_attr(t, f));
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addf(&sb, " %s", how == PAST_DEADLINE ? tr(M_LATE)
	                        : how == MISSING ? tr(M_OVERVIEW_MISSING) : status_word(f));
	if (f->present && f->review != REVIEW_DRAFT)
		strbuf_addf(&sb, " %s", f->review == REVIEW_APPROVED ? (t->utf8 ? "✓" : "+")
		                                                      : (t->utf8 ? "→" : ">"));
	/* The targets' progress, on average, where outcomes are reported. */
	int sum = 0, n = 0;
	for (size_t k = 0; k < c->n_indicators; k++)
		if (c->indicators[k].has_outcome[tertial - 1])
			sum += indicator_percent(&c->indicators[k], tertial), n++;
	if (n)
		strbuf_addf(&sb, " %d%%", sum / n);
	if (f->present && width >= 34) {
		char when[32];
		stamp_local(f->stamp.at, when, sizeof when);
		strbuf_addf(&sb, "  %s %.10s", f->stamp.name, when);
	}
	wattron(w, sel | (late ? A_BOLD : 0));
	draw_fit(w, sb.buf, width - 2, true);
	wattroff(w, sel | (late ? A_BOLD : 0));
	strbuf_free(&sb);
}

/* "Tertial 1: ◐ 10  ● 1  · 0 saknas" */
static void overview_counts(struct tui *t, WINDOW *w, int y, int tertial)
{
	int counts[STATUS_COUNT] = {0}, missing = 0;
	for (size_t k = 0; k < t->promise.n_commitments; k++) {
		const struct followup *f = &t->promise.commitments[k].followups[tertial - 1];
		if (t->promise.commitments[k].archived)
			continue;
		if (f->present)
			counts[f->status]++;
		else
			missing++;
	}
	wmove(w, y, 1);
	wprintw(w, "%s %d:", tr(M_TERTIAL), tertial);
	for (int s = 0; s < STATUS_COUNT; s++) {
		struct followup f = {.present = 1, .status = (enum status)s};
		waddstr(w, "  ");
		wattron(w, status_attr(t, &f));
		waddstr(w, status_symbol(t, &f));
		wattroff(w, status_attr(t, &f));
		wprintw(w, " %s %d", status_label((enum status)s), counts[s]);
	}
	struct followup none = {0};
	waddstr(w, "  ");
	wattron(w, status_attr(t, &none));
	waddstr(w, status_symbol(t, &none));
	wattroff(w, status_attr(t, &none));
	wprintw(w, " %s %d", tr(M_COUNTS_MISSING), missing);
}

static void draw_overview(struct tui *t, size_t row, int col, size_t *top)
{
	WINDOW *w = full_window();
	if (!w)
		return;
	int cols = getmaxx(w), lines = getmaxy(w);
	char title[256];
	snprintf(title, sizeof title, tr(M_OVERVIEW_TITLE), t->promise.municipality, t->promise.year);
	title_bar(w, title);
	int cw = cols >= 150 ? (cols - 50) / 3 : 15;
	int tw = cols - 5 - 3 * cw;
	wmove(w, 1, 0);
	wattron(w, A_BOLD | A_UNDERLINE);
	wprintw(w, " Nr ");
	draw_fit(w, tr(M_ACTIVITIES), tw, true);
	for (int i = 1; i <= TERTIALS; i++) {
		char h[64];
		snprintf(h, sizeof h, " T%d %s%s", i, i18n_language() == UI_LANG_EN ?
		         tertial_months_en(i) : tertial_months_sv(i),
		         i == t->current_tertial && t->promise.year == t->current_year ? " ◆" : "");
		draw_fit(w, h, cw, true);
	}
	wattroff(w, A_BOLD | A_UNDERLINE);
	int body = lines - 2 - 1 - TERTIALS - 1;   /* title, heading, counts, hints */
	if (body < 1)
		body = 1;
	if (row < *top)
		*top = row;
	if (row >= *top + (size_t)body)
		*top = row - (size_t)body + 1;
	for (int y = 0; y < body && *top + (size_t)y < t->promise.n_commitments; y++) {
		size_t k = *top + (size_t)y;
		const struct commitment *c = &t->promise.commitments[k];
		wmove(w, 2 + y, 0);
		wprintw(w, "%3d ", c->position);
		draw_fit(w, c->title, tw, true);
		for (int i = 1; i <= TERTIALS; i++)
			overview_cell(t, w, c, i, cw, k == row && i == col);
	}
	for (int i = 1; i <= TERTIALS; i++)
		overview_counts(t, w, lines - 1 - TERTIALS + i - 1, i);
	struct strbuf hints;
	strbuf_init(&hints);
	strbuf_addf(&hints, "%s    %s", tr(M_OVERVIEW_HINTS), tr(M_REVIEW_LEGEND));
	hint_bar(w, hints.buf);
	strbuf_free(&hints);
	wnoutrefresh(w);
	delwin(w);
}

void view_overview(struct tui *t)
{
	size_t row = t->sel, top = 0;
	int col = t->tertial;
	long n = (long)t->promise.n_commitments;
	while (!t->quit) {
		/* Saves by others reload the promise while the overview is open. */
		n = (long)t->promise.n_commitments;
		if (n && row >= (size_t)n)
			row = (size_t)n - 1;
		if (t->too_small)
			draw_all(t);
		else
			draw_overview(t, row, col, &top);
		enum action a = view_key(t, CTX_OVERVIEW);
		long r = (long)row;
		switch (a) {
		case ACT_CLOSE: return;
		case ACT_UP: r--; break;
		case ACT_DOWN: r++; break;
		case ACT_PAGE_UP: r -= 10; break;
		case ACT_PAGE_DOWN: r += 10; break;
		case ACT_FIRST: r = 0; break;
		case ACT_LAST: r = n - 1; break;
		case ACT_PREV_TERTIAL: col = col > 1 ? col - 1 : 1; break;
		case ACT_NEXT_TERTIAL: col = col < TERTIALS ? col + 1 : TERTIALS; break;
		case ACT_TERTIAL_1: case ACT_TERTIAL_2: case ACT_TERTIAL_3:
			col = 1 + (a - ACT_TERTIAL_1);
			break;
		case ACT_OPEN: case ACT_EDIT:
			if (n == 0)
				break;
			t->sel = row;
			t->tertial = col;
			t->text_top = 0;
			t->focus = PANE_TEXT;
			if (a == ACT_EDIT && !tui_refuse_if_readonly(t))
				editor_open(t);
			return;
		default: break;
		}
		row = (size_t)(r < 0 ? 0 : r >= n ? (n ? n - 1 : 0) : r);
	}
}

/* --- the presentation -------------------------------------------------------------- */

static size_t draw_presentation(struct tui *t, size_t k, int tertial, size_t skip)
{
	WINDOW *w = full_window();
	if (!w)
		return 0;
	const struct commitment *c = &t->promise.commitments[k];
	const struct followup *f = &c->followups[tertial - 1];
	int cols = getmaxx(w), lines = getmaxy(w);
	int width = cols - 6 > 88 ? 88 : cols - 6;
	int x = (cols - width) / 2, bottom = lines - 2;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s %d · ", t->promise.municipality, t->promise.year);
	strbuf_addf(&sb, tr(M_PRESENT_WHERE), k + 1, t->promise.n_commitments);
	strbuf_addf(&sb, " · %s %d (%s)", tr(M_TERTIAL), tertial,
	            i18n_language() == UI_LANG_EN ? tertial_months_en(tertial)
	                                          : tertial_months_sv(tertial));
	wmove(w, 0, x);
	wattron(w, draw_dim());
	draw_fit(w, sb.buf, width, false);
	wattroff(w, draw_dim());
	/* Everything below scrolls together: heading, description, text. */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%d. %s", c->position, c->title);
	int y = 2;
	size_t rows = 0, n;
	n = draw_wrapped_at(w, sb.buf, y, x, width, skip, bottom, A_BOLD | A_UNDERLINE);
	rows += n;
	y += n > skip ? (int)(n - skip) : 0;
	skip = skip > n ? skip - n : 0;
	if (c->description[0]) {
		rows++;
		y += skip ? 0 : 1;
		skip = skip ? skip - 1 : 0;
		n = draw_wrapped_at(w, c->description, y, x, width, skip, bottom, draw_dim());
		rows += n;
		y += n > skip ? (int)(n - skip) : 0;
		skip = skip > n ? skip - n : 0;
	}
	rows += 2;
	y += skip ? 0 : 1;
	skip = skip ? skip - 1 : 0;
	if (!skip && y < bottom) {
		wmove(w, y, x);
		draw_badge(t, w, f);
		strbuf_reset(&sb);
		if (f->present)
			format_changed(f, &sb);
		else
			strbuf_adds(&sb, tr(M_NO_FOLLOWUP));
		waddstr(w, "  ");
		draw_fit(w, sb.buf, width - (getcurx(w) - x), false);
		y += 2;
	} else {
		skip = skip ? skip - 1 : 0;
	}
	if (f->present && f->text[0])
		rows += draw_wrapped_at(w, f->text, y, x, width, skip, bottom, A_NORMAL);
	hint_bar(w, tr(M_PRESENT_HINTS));
	strbuf_free(&sb);
	wnoutrefresh(w);
	delwin(w);
	return rows;
}

void view_present(struct tui *t)
{
	size_t k = t->sel, skip = 0, n = t->promise.n_commitments;
	int tertial = t->tertial;
	if (!n)
		return;
	while (!t->quit) {
		/* Someone may archive an activity while it is shown. */
		n = t->promise.n_commitments;
		if (!n)
			return;
		k = k < n ? k : n - 1;
		size_t rows = 0;
		if (t->too_small)
			draw_all(t);
		else
			rows = draw_presentation(t, k, tertial, skip);
		size_t page = LINES > 6 ? (size_t)LINES - 6 : 1;
		switch (view_key(t, CTX_PRESENT)) {
		case ACT_CLOSE:
			t->sel = k;
			t->tertial = tertial;
			return;
		case ACT_NEXT_ITEM: k = k + 1 < n ? k + 1 : k; skip = 0; break;
		case ACT_PREV_ITEM: k = k ? k - 1 : 0; skip = 0; break;
		case ACT_TERTIAL_1: tertial = 1; skip = 0; break;
		case ACT_TERTIAL_2: tertial = 2; skip = 0; break;
		case ACT_TERTIAL_3: tertial = 3; skip = 0; break;
		case ACT_DOWN: skip = skip + 1 < rows ? skip + 1 : skip; break;
		case ACT_UP: skip = skip ? skip - 1 : 0; break;
		case ACT_PAGE_DOWN: skip = skip + page < rows ? skip + page : skip; break;
		case ACT_PAGE_UP: skip = skip > page ? skip - page : 0; break;
		case ACT_FIRST: k = 0; skip = 0; break;
		case ACT_LAST: k = n - 1; skip = 0; break;
		default: break;
		}
	}
}

/* --- the history ------------------------------------------------------------------------ */

static void draw_history_list(struct tui *t, const char *title, const struct revision *revs,
                              size_t n, size_t sel)
{
	WINDOW *w = full_window();
	if (!w)
		return;
	title_bar(w, title);
	int cols = getmaxx(w), body = getmaxy(w) - 2;
	size_t top = sel >= (size_t)body ? sel - (size_t)body + 1 : 0;
	for (int y = 0; y < body && top + (size_t)y < n; y++) {
		size_t i = n - 1 - (top + (size_t)y);   /* newest first */
		const struct revision *r = &revs[i];
		struct followup f = {.present = 1, .status = r->status};
		char when[32];
		stamp_local(r->stamp.at, when, sizeof when);
		attr_t a = top + (size_t)y == sel ? A_REVERSE : 0;
		wmove(w, 1 + y, 0);
		wattron(w, a);
		wprintw(w, " v%-3lld %s  ", (long long)r->version, when);
		wattroff(w, a);
		wattron(w, status_attr(t, &f));
		waddstr(w, status_symbol(t, &f));
		wattroff(w, status_attr(t, &f));
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_addf(&sb, " %-11s %s%s%s (%s)%s%s", status_label(r->status), r->stamp.name,
		            r->stamp.department[0] ? ", " : "", r->stamp.department, r->stamp.login,
		            i == n - 1 ? " " : "", i == n - 1 ? tr(M_HISTORY_CURRENT) : "");
		wattron(w, a);
		draw_fit(w, sb.buf, cols - getcurx(w), true);
		wattroff(w, a);
		strbuf_free(&sb);
	}
	hint_bar(w, tr(M_HISTORY_HINTS_TEXT));
	wnoutrefresh(w);
	delwin(w);
}

/* The changes from `old` to `current` as one text with visible marks,
 * [-removed-] and {+added+}, so they read without colour too. */
static char *diff_marked(const char *old, const char *current)
{
	struct diff_piece *p;
	size_t n = diff_words(old, current, &p);
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t k = 0; k < n; k++) {
		const char *open = p[k].op == DIFF_REMOVED ? "[-" : p[k].op == DIFF_ADDED ? "{+" : "";
		const char *close = p[k].op == DIFF_REMOVED ? "-]" : p[k].op == DIFF_ADDED ? "+}" : "";
		strbuf_adds(&sb, open);
		strbuf_add(&sb, p[k].text, p[k].len);
		strbuf_adds(&sb, close);
	}
	free(p);
	return strbuf_detach(&sb);
}

/* Draws a marked diff wrapped to width, removed words dim (and red),
 * added ones bold (and green); the marks stay as they are. */
static size_t draw_diff_at(struct tui *t, WINDOW *w, const char *marked, int y, int x, int width,
                           size_t skip, int bottom)
{
	attr_t removed = draw_dim() | (t->color ? COLOR_PAIR(PAIR_MISSING) : 0);
	attr_t added = A_BOLD | (t->color ? COLOR_PAIR(PAIR_STATUS_BASE + STATUS_DONE) : 0);
	struct textbuf *tb = textbuf_new(marked);
	const struct tb_row *rows;
	size_t n = textbuf_layout(tb, width, &rows);
	attr_t now = 0;
	for (size_t k = 0; k < n; k++) {
		bool shown = k >= skip && y < bottom;
		if (shown)
			wmove(w, y++, x);
		for (size_t i = rows[k].start; i < rows[k].end;) {
			const char *c = marked + i;
			size_t mark = 0;
			attr_t next = now;
			if (!strncmp(c, "[-", 2))
				mark = 2, next = removed;
			else if (!strncmp(c, "{+", 2))
				mark = 2, next = added;
			if (mark) {
				if (shown) {
					wattron(w, next);
					draw_text_span(w, c, 2, 2);
				}
				now = next;
				i += 2;
				continue;
			}
			bool closes = !strncmp(c, "-]", 2) || !strncmp(c, "+}", 2);
			size_t len = closes ? 2 : 1;
			while (!closes && i + len < rows[k].end && (marked[i + len] & 0xC0) == 0x80)
				len++;
			if (shown)
				draw_text_span(w, c, len, width);
			if (closes) {
				if (shown)
					wattroff(w, now);
				now = 0;
			}
			i += len;
		}
		if (shown)
			wattroff(w, now);
	}
	textbuf_free(tb);
	return n;
}

static size_t draw_history_version(struct tui *t, const struct revision *r,
                                   const struct revision *current, size_t skip)
{
	WINDOW *w = full_window();
	if (!w)
		return 0;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addf(&sb, " ");
	strbuf_addf(&sb, tr(M_HISTORY_VERSION), (long long)r->version, (long long)current->version);
	struct followup f = {.present = 1, .status = r->status, .stamp = r->stamp};
	strbuf_adds(&sb, " · ");
	format_changed(&f, &sb);
	title_bar(w, sb.buf);
	wmove(w, 1, 1);
	draw_badge(t, w, &f);
	int width = getmaxx(w) - 2, bottom = getmaxy(w) - 1;
	size_t rows = draw_wrapped_at(w, r->text, 3, 1, width, skip, bottom, 0);
	int y = 3 + (rows > skip ? (int)(rows - skip) : 0);
	skip = skip > rows ? skip - rows : 0;
	if (r->version != current->version) {
		/* What changed from this version to the current one. */
		rows += 2;
		if (!skip && y + 1 < bottom) {
			wmove(w, y + 1, 1);
			wattron(w, A_BOLD | A_UNDERLINE);
			draw_fit(w, tr(M_DIFF_AGAINST), width, false);
			wattroff(w, A_BOLD | A_UNDERLINE);
			y += 2;
		}
		skip = skip > 2 ? skip - 2 : 0;
		char *marked = diff_marked(r->text, current->text);
		rows += draw_diff_at(t, w, marked, y + 1, 1, width, skip, bottom);
		free(marked);
	}
	hint_bar(w, tr(M_HISTORY_HINTS_TEXT));
	strbuf_free(&sb);
	wnoutrefresh(w);
	delwin(w);
	return rows;
}

/* Saves an earlier version's text and status as the newest version. */
static bool restore_version(struct tui *t, const struct revision *r, int64_t current)
{
	if (tui_refuse_if_readonly(t))
		return false;
	if (r->version == current) {
		tui_message(t, false, "%s", tr(M_IS_CURRENT));
		return false;
	}
	char q[256];
	snprintf(q, sizeof q, tr(M_ASK_RESTORE_VERSION), (long long)r->version);
	if (!modal_confirm(t, q, tr(M_KEY_YES)))
		return false;
	struct commitment *c = tui_selected(t);
	struct lerr e;
	int64_t v;
	enum lofte_rc rc = store_save_followup(t->st, c->id, t->tertial, r->text, r->status, current,
	                                       &t->who, &v, &e);
	tui_reload(t);
	if (rc != RC_OK) {
		tui_message(t, true, tr(M_SAVE_FAILED), rc == RC_CONFLICT ? tr(M_CONFLICT) : e.msg);
		return true;
	}
	tui_message(t, false, tr(M_RESTORED_VERSION), (long long)r->version, (long long)v);
	return true;
}

/* One version in full; true when it was restored (the history closes). */
static bool read_version(struct tui *t, const struct revision *r, const struct revision *current)
{
	int64_t last = current->version;
	size_t skip = 0;
	while (!t->quit) {
		size_t rows = t->too_small ? 0 : draw_history_version(t, r, current, skip);
		if (t->too_small)
			draw_all(t);
		switch (view_key(t, CTX_HISTORY)) {
		case ACT_CLOSE: case ACT_OPEN: return false;
		case ACT_ACTIVITY_HISTORY: view_activity_history(t); break;
		case ACT_RESTORE:
			if (restore_version(t, r, last))
				return true;
			break;
		case ACT_DOWN: skip = skip + 1 < rows ? skip + 1 : skip; break;
		case ACT_UP: skip = skip ? skip - 1 : 0; break;
		case ACT_PAGE_DOWN: skip = skip + 10 < rows ? skip + 10 : skip; break;
		case ACT_PAGE_UP: skip = skip > 10 ? skip - 10 : 0; break;
		default: break;
		}
	}
	return false;
}

/* --- the activity's own history ----------------------------------------------------- */

static void activity_revision_text(const struct commitment_revision *r, struct strbuf *out)
{
	strbuf_addf(out, "%s\n\n%s: %s\n", r->title, tr(M_RESPONSIBLE), r->responsible);
	if (r->archived)
		strbuf_addf(out, "[%s]\n", tr(M_ARCHIVED));
	if (r->description[0])
		strbuf_addf(out, "\n%s\n", r->description);
}

static void draw_activity_history(const char *title,
                                  const struct commitment_revision *revs, size_t n, size_t sel,
                                  bool reading)
{
	WINDOW *w = full_window();
	if (!w)
		return;
	title_bar(w, title);
	int cols = getmaxx(w), body = getmaxy(w) - 2;
	const struct commitment_revision *r = &revs[n - 1 - sel];
	if (reading) {
		struct strbuf sb;
		strbuf_init(&sb);
		struct followup f = {.present = 1, .stamp = r->stamp};
		strbuf_addf(&sb, "v%lld · ", (long long)r->version);
		format_changed(&f, &sb);
		wmove(w, 1, 1);
		wattron(w, A_BOLD);
		draw_fit(w, sb.buf, cols - 2, false);
		wattroff(w, A_BOLD);
		strbuf_reset(&sb);
		activity_revision_text(r, &sb);
		draw_wrapped_at(w, sb.buf, 3, 1, cols - 2, 0, body + 1, 0);
		strbuf_free(&sb);
	}
	for (int y = 0; !reading && y < body && (size_t)y < n; y++) {
		const struct commitment_revision *v = &revs[n - 1 - (size_t)y];
		char when[32];
		stamp_local(v->stamp.at, when, sizeof when);
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_addf(&sb, " v%-3lld %s  %s (%s)  %s", (long long)v->version, when,
		            v->stamp.name, v->stamp.login, v->title);
		if (v->archived)
			strbuf_addf(&sb, " [%s]", tr(M_ARCHIVED));
		attr_t a = (size_t)y == sel ? A_REVERSE : 0;
		wmove(w, 1 + y, 0);
		wattron(w, a);
		draw_fit(w, sb.buf, cols, true);
		wattroff(w, a);
		strbuf_free(&sb);
	}
	hint_bar(w, tr(M_ACTIVITY_HISTORY_HINTS));
	wnoutrefresh(w);
	delwin(w);
}

void view_activity_history(struct tui *t)
{
	const struct commitment *c = tui_selected(t);
	struct commitment_revision *revs;
	size_t n;
	struct lerr e;
	if (!c || store_commitment_history(t->st, c->id, &revs, &n, &e) != RC_OK)
		return;
	char title[256];
	snprintf(title, sizeof title, tr(M_ACTIVITY_HISTORY_TITLE), c->title);
	size_t sel = 0;
	bool reading = false;
	while (!t->quit && n) {
		if (t->too_small)
			draw_all(t);
		else
			draw_activity_history(title, revs, n, sel, reading);
		switch (view_key(t, CTX_HISTORY)) {
		case ACT_CLOSE:
			if (!reading) {
				commitment_revisions_free(revs, n);
				return;
			}
			reading = false;
			break;
		case ACT_OPEN: reading = !reading; break;
		case ACT_UP: sel = sel ? sel - 1 : 0; break;
		case ACT_DOWN: sel = sel + 1 < n ? sel + 1 : sel; break;
		default: break;
		}
	}
	commitment_revisions_free(revs, n);
}

void view_history(struct tui *t)
{
	const struct followup *f = tui_selected_followup(t);
	if (!f || !f->present) {
		/* Nothing written for this tertial: the activity has a history. */
		tui_message(t, false, "%s", tr(M_HISTORY_NONE));
		view_activity_history(t);
		return;
	}
	struct revision *revs;
	size_t n;
	struct lerr e;
	if (store_followup_history(t->st, f->id, &revs, &n, &e) != RC_OK) {
		tui_message(t, true, "%s", e.msg);
		return;
	}
	char title[256];
	snprintf(title, sizeof title, tr(M_HISTORY_TITLE), tui_selected(t)->title, t->tertial);
	size_t sel = 0;
	bool done = false;
	while (!done && !t->quit && n) {
		if (t->too_small)
			draw_all(t);
		else
			draw_history_list(t, title, revs, n, sel);
		const struct revision *r = &revs[n - 1 - sel];
		switch (view_key(t, CTX_HISTORY)) {
		case ACT_CLOSE: done = true; break;
		case ACT_UP: sel = sel ? sel - 1 : 0; break;
		case ACT_DOWN: sel = sel + 1 < n ? sel + 1 : sel; break;
		case ACT_FIRST: sel = 0; break;
		case ACT_LAST: sel = n - 1; break;
		case ACT_OPEN: done = read_version(t, r, &revs[n - 1]); break;
		case ACT_ACTIVITY_HISTORY: view_activity_history(t); break;
		case ACT_RESTORE: done = restore_version(t, r, revs[n - 1].version); break;
		default: break;
		}
	}
	revisions_free(revs, n);
}
