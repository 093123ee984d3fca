/* tui_editor.c - writing a follow-up: the in-place editor (a textbuf
 * drawn in the text pane) and the external editor ([ui] editor, $VISUAL,
 * $EDITOR, vi) on a private temporary file.
 *
 * A save names the version the text started from, so a save by someone
 * else in between is a conflict that keeps the user's text, never an
 * overwrite. */
#include "tui_impl.h"

/* Messages come from the i18n table, so their format strings are not
 * literals here; tests/unit/test_i18n.c checks that every language's
 * string has the same conversions. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include "fileio.h"
#include "i18n.h"
#include "paths.h"
#include "text.h"
#include "xalloc.h"

#define CTRL(c) ((c) & 0x1f)

/* What an edit of f starts from: its status and version, or for a
 * follow-up not written yet, in progress and version 0. */
static void base_of(const struct followup *f, enum status *status, int64_t *version)
{
	*status = f->present ? f->status : STATUS_IN_PROGRESS;
	*version = f->present ? f->version : 0;
}

/* Opens the editor on text, which starts out as changed when `changed`
 * (a text that came back from a failed external editor). */
static void open_with(struct tui *t, const char *text, bool changed)
{
	struct commitment *c = tui_selected(t);
	struct followup *f = &c->followups[t->tertial - 1];
	struct editor *ed = xcalloc(1, sizeof *ed);
	ed->commitment_id = c->id;
	ed->tertial = t->tertial;
	base_of(f, &ed->status, &ed->version);
	if (changed) {
		ed->tb = textbuf_new("");
		textbuf_paste(ed->tb, text, strlen(text));
	} else {
		ed->tb = textbuf_new(text);
	}
	t->ed = ed;
	t->focus = PANE_TEXT;
	/* Others see that this follow-up is being edited (advisory). */
	struct lerr e;
	if (!t->readonly)
		store_presence_enter(t->st, ed->commitment_id, ed->tertial, &t->who, &ed->presence_id,
		                     &e);
	if (changed)
		ed->edited_at = tui_now_ms();
}

static void delete_draft(struct tui *t, int64_t commitment_id, int tertial)
{
	struct lerr e;
	store_delete_draft(t->st, t->who.login, commitment_id, tertial, &e);
}

/* A draft left by a dropped connection or a crash: offered back.
 * Returns false when the user cancelled opening the editor. */
static bool offer_draft(struct tui *t, const struct followup *f)
{
	const struct commitment *c = tui_selected(t);
	struct draft d;
	struct lerr e;
	if (store_get_draft(t->st, t->who.login, c->id, t->tertial, &d, &e) != RC_OK)
		return true;
	bool same = f->present && strcmp(d.text, f->text) == 0 && d.status == f->status;
	if (same) {
		delete_draft(t, c->id, t->tertial);
		draft_free(&d);
		return true;
	}
	char when[32], q[256], keys[8];
	stamp_local(d.saved_at, when, sizeof when);
	snprintf(q, sizeof q, tr(M_DRAFT_FOUND), when);
	snprintf(keys, sizeof keys, "%s%s", tr(M_KEY_RESTORE), tr(M_KEY_DISCARD));
	int k = modal_confirm(t, q, keys);
	bool go_on = k != 0;
	if (k == tr(M_KEY_RESTORE)[0]) {
		open_with(t, d.text, true);
		t->ed->version = d.base_version;
		t->ed->status = d.status;
		tui_message(t, false, "%s", tr(M_DRAFT_RESTORED));
		go_on = false;   /* the editor is open already */
	} else if (k) {
		delete_draft(t, c->id, t->tertial);
		tui_message(t, false, "%s", tr(M_DRAFT_DISCARDED));
	}
	draft_free(&d);
	return go_on;
}

void editor_open(struct tui *t)
{
	const struct followup *f = tui_selected_followup(t);
	if (!offer_draft(t, f))
		return;
	open_with(t, f->present ? f->text : "", false);
}

void editor_close(struct tui *t)
{
	if (!t->ed)
		return;
	struct lerr e;
	if (t->ed->presence_id)
		store_presence_leave(t->st, t->ed->presence_id, &e);
	textbuf_free(t->ed->tb);
	free(t->ed);
	t->ed = NULL;
}

/* The activity with id in the promise shown, or NULL. */
static const struct commitment *find_activity(const struct tui *t, int64_t id)
{
	for (size_t k = 0; k < t->promise.n_commitments; k++)
		if (t->promise.commitments[k].id == id)
			return &t->promise.commitments[k];
	return NULL;
}

/* The title of the activity with id, for a rescued text's first line. */
static const char *activity_title(const struct tui *t, int64_t id)
{
	const struct commitment *c = find_activity(t, id);
	return c ? c->title : "";
}

/* When the database cannot take the text (disk full, the file deleted
 * or replaced): a private file in the state folder, one per database,
 * activity and tertial, replaced by each newer rescue of the same text. */
static bool rescue(struct tui *t)
{
	struct editor *ed = t->ed;
	char *dir = paths_state_dir();
	const char *db = store_path(t->st);
	const char *base = strrchr(db, '/') ? strrchr(db, '/') + 1 : db;
	struct strbuf path, body;
	strbuf_init(&path);
	strbuf_init(&body);
	strbuf_addf(&path, "%s/%s-%lld-T%d.txt", dir, base, (long long)ed->commitment_id, ed->tertial);
	strbuf_addf(&body, tr(M_RESCUE_HEADER), db, activity_title(t, ed->commitment_id), ed->tertial);
	strbuf_addf(&body, "\n\n%s\n", textbuf_text(ed->tb));
	struct lerr e;
	bool ok = file_mkdirs(dir, 0700, &e) == RC_OK &&
	          file_write_private(path.buf, body.buf, body.len, &e) == RC_OK;
	if (ok) {
		free(t->rescued);
		t->rescued = strbuf_detach(&path);
	}
	strbuf_free(&path);
	strbuf_free(&body);
	free(dir);
	return ok;
}

enum kept editor_keep_draft(struct tui *t, bool now)
{
	struct editor *ed = t->ed;
	if (!ed || !textbuf_modified(ed->tb) || (t->readonly && !t->db_lost))
		return KEPT_NOTHING;
	/* A draft kept in a database that is gone is lost with it. */
	if (!ed->edited_at && !t->db_lost)
		return KEPT_NOTHING;
	if (!now && (t->db_lost || tui_now_ms() - ed->edited_at < 2000))
		return KEPT_NOTHING;
	if (!t->db_lost) {
		/* A draft written in passing must not freeze the screen while
		 * another program holds the lock: wait briefly, and try again
		 * later.  At the end (a signal, quitting) it may wait the full
		 * time. */
		int keep = store_busy_timeout(t->st);
		if (!now)
			store_set_busy_timeout(t->st, 200);
		struct lerr e;
		enum lofte_rc rc = store_save_draft(t->st, t->who.login, ed->commitment_id, ed->tertial,
		                                    textbuf_text(ed->tb), ed->status, ed->version, &e);
		store_set_busy_timeout(t->st, keep);
		if (rc == RC_OK) {
			ed->edited_at = 0;
			return KEPT_DRAFT;
		}
		if (!now) {
			/* Disk full or locked: try again in a while, not on every tick. */
			ed->edited_at = tui_now_ms();
			return KEPT_NOTHING;
		}
	}
	if (rescue(t)) {
		ed->edited_at = 0;
		return KEPT_FILE;
	}
	return KEPT_LOST;
}

void editor_notice_newer(struct tui *t)
{
	struct editor *ed = t->ed;
	if (!ed || ed->newer_seen)
		return;
	for (size_t k = 0; k < t->promise.n_commitments; k++) {
		const struct commitment *c = &t->promise.commitments[k];
		const struct followup *f = &c->followups[ed->tertial - 1];
		if (c->id != ed->commitment_id || !f->present || f->version == ed->version)
			continue;
		char when[32];
		stamp_local(f->stamp.at, when, sizeof when);
		struct strbuf who;
		strbuf_init(&who);
		strbuf_addf(&who, "%s %s", f->stamp.name, strlen(when) > 11 ? when + 11 : when);
		tui_message(t, true, tr(M_NEWER_EXISTS), who.buf);
		strbuf_free(&who);
		ed->newer_seen = true;
	}
}

/* Ends an editing session whose text is stored now. */
static void finish(struct tui *t)
{
	delete_draft(t, t->ed->commitment_id, t->ed->tertial);
	editor_close(t);
	tui_reload(t);
}

/* The merge: the user's text, then the other person's under a line that
 * says whose it is, in the editor to be made one. */
static void start_merge(struct tui *t, const struct followup *other)
{
	struct editor *ed = t->ed;
	char when[32];
	stamp_local(other->stamp.at, when, sizeof when);
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_adds(&sb, textbuf_text(ed->tb));
	strbuf_adds(&sb, "\n\n");
	strbuf_addf(&sb, tr(M_MERGE_SEPARATOR), other->stamp.name, when);
	strbuf_addf(&sb, "\n%s", other->text);
	textbuf_free(ed->tb);
	ed->tb = textbuf_new("");
	textbuf_paste(ed->tb, sb.buf, sb.len);
	ed->version = other->version;
	ed->newer_seen = false;
	ed->edited_at = tui_now_ms();
	strbuf_free(&sb);
	tui_message(t, false, "%s", tr(M_MERGE_HINT));
}

/* Someone saved the follow-up after the editor opened: the user sees
 * their text and who wrote it, and chooses.  Nothing is overwritten
 * without that choice, and nothing is lost either way. */
static void resolve_conflict(struct tui *t)
{
	struct editor *ed = t->ed;
	struct followup other;
	struct lerr e;
	tui_reload(t);
	if (store_load_followup(t->st, ed->commitment_id, ed->tertial, &other, &e) != RC_OK) {
		tui_message(t, true, tr(M_SAVE_FAILED), e.msg);
		return;
	}
	char when[32], title[256], keys[8];
	stamp_local(other.stamp.at, when, sizeof when);
	struct strbuf who;
	strbuf_init(&who);
	strbuf_addf(&who, "%s%s%s", other.stamp.name, other.stamp.department[0] ? ", " : "",
	            other.stamp.department);
	snprintf(title, sizeof title, tr(M_CONFLICT_TITLE), who.buf, when);
	snprintf(keys, sizeof keys, "%s%s%s", tr(M_KEY_KEEP), tr(M_KEY_THEIRS), tr(M_KEY_MERGE));
	int k = modal_show_text(t, title, other.text ? other.text : "", tr(M_CONFLICT_KEYS), keys);
	int64_t v = 0, v2;
	const char *mine = textbuf_text(ed->tb);
	if (k == tr(M_KEY_KEEP)[0]) {
		if (store_save_followup(t->st, ed->commitment_id, ed->tertial, mine, ed->status,
		                        other.version, &t->who, &v, &e) == RC_OK) {
			finish(t);
			tui_message(t, false, tr(M_KEPT_MINE), (long long)v);
		} else {
			tui_message(t, true, tr(M_SAVE_FAILED), e.msg);
		}
	} else if (k == tr(M_KEY_THEIRS)[0]) {
		/* Theirs stands, and the user's text is a version in the history. */
		if (store_save_followup(t->st, ed->commitment_id, ed->tertial, mine, ed->status,
		                        other.version, &t->who, &v, &e) == RC_OK &&
		    store_save_followup(t->st, ed->commitment_id, ed->tertial, other.text, other.status,
		                        v, &t->who, &v2, &e) == RC_OK) {
			finish(t);
			tui_message(t, false, tr(M_TOOK_THEIRS), (long long)v);
		} else {
			tui_message(t, true, tr(M_SAVE_FAILED), e.msg);
		}
	} else if (k == tr(M_KEY_MERGE)[0]) {
		start_merge(t, &other);
	} else {
		tui_message(t, true, "%s", tr(M_CONFLICT));
	}
	strbuf_free(&who);
	followup_free(&other);
}

/* Saves the editor's text; closes the editor when it worked. */
static void save(struct tui *t)
{
	struct editor *ed = t->ed;
	struct lerr e;
	int64_t v;
	enum lofte_rc rc = store_save_followup(t->st, ed->commitment_id, ed->tertial,
	                                       textbuf_text(ed->tb), ed->status, ed->version,
	                                       &t->who, &v, &e);
	if (rc == RC_CONFLICT) {
		resolve_conflict(t);
		return;
	}
	if (rc != RC_OK) {
		/* Locked far too long, disk full...: the text stays in the editor
		 * and in a draft, or in a file when the database cannot take it. */
		struct strbuf why;
		strbuf_init(&why);
		if (rc == RC_FULL)
			strbuf_addf(&why, tr(M_DISK_FULL), store_path(t->st));
		else
			strbuf_adds(&why, e.msg);
		if (editor_keep_draft(t, true) == KEPT_FILE)
			tui_message(t, true, tr(M_SAVE_FAILED_RESCUED), why.buf, t->rescued);
		else
			tui_message(t, true, tr(M_SAVE_FAILED), why.buf);
		strbuf_free(&why);
		return;
	}
	bool changed = v != ed->version;
	finish(t);
	if (changed)
		tui_message(t, false, tr(M_SAVED), (long long)v);
	else
		tui_message(t, false, "%s", tr(M_UNCHANGED));
}

static void leave(struct tui *t)
{
	if (!textbuf_modified(t->ed->tb)) {
		editor_close(t);
		return;
	}
	char keys[8];
	snprintf(keys, sizeof keys, "%s%s", tr(M_KEY_SAVE), tr(M_KEY_DISCARD));
	int k = modal_confirm(t, tr(M_ASK_LEAVE), keys);
	if (!t->ed)
		return;
	if (k == tr(M_KEY_SAVE)[0]) {
		save(t);
	} else if (k == tr(M_KEY_DISCARD)[0]) {
		finish(t);
		tui_message(t, false, "%s", tr(M_DISCARDED));
	}
}

static void insert_wchar(struct textbuf *tb, wint_t ch)
{
	struct strbuf sb;
	strbuf_init(&sb);
	utf8_put(&sb, (uint32_t)ch);
	textbuf_insert(tb, sb.buf, sb.len);
	strbuf_free(&sb);
}

/* A bracketed paste: everything up to its end marker, as one undo step. */
static void paste(struct tui *t)
{
	struct strbuf sb;
	strbuf_init(&sb);
	wint_t ch;
	int r;
	while (!t->quit && (r = tui_read_key(t, &ch)) != ERR) {
		if (r == KEY_CODE_YES) {
			if (ch == KEY_PASTE_END)
				break;
			continue;
		}
		utf8_put(&sb, ch == '\r' ? '\n' : (uint32_t)ch);
	}
	textbuf_paste(t->ed->tb, sb.buf, sb.len);
	strbuf_free(&sb);
}

static int text_width_of(struct tui *t)
{
	int w = t->w_text ? getmaxx(t->w_text) - 2 : 40;
	return w < 1 ? 1 : w;
}

static int text_height_of(struct tui *t)
{
	int h = t->w_text ? getmaxy(t->w_text) - 3 : 10;
	return h < 1 ? 1 : h;
}

/* The codes ncurses gives Ctrl-Left and Ctrl-Right, where it knows them. */
static int ctrl_arrow(const char *seq)
{
	int k = key_defined(seq);
	return k > 0 ? k : -1;
}

static void editor_special_key(struct tui *t, wint_t ch)
{
	struct textbuf *tb = t->ed->tb;
	int w = text_width_of(t);
	static int ctrl_left, ctrl_right;
	if (!ctrl_left) {
		ctrl_left = ctrl_arrow("\033[1;5D");
		ctrl_right = ctrl_arrow("\033[1;5C");
	}
	switch (ch) {
	case KEY_LEFT: textbuf_move(tb, TB_LEFT, w); break;
	case KEY_RIGHT: textbuf_move(tb, TB_RIGHT, w); break;
	case KEY_UP: textbuf_move_rows(tb, -1, w); break;
	case KEY_DOWN: textbuf_move_rows(tb, 1, w); break;
	case KEY_PPAGE: textbuf_move_rows(tb, -text_height_of(t), w); break;
	case KEY_NPAGE: textbuf_move_rows(tb, text_height_of(t), w); break;
	case KEY_HOME: textbuf_move(tb, TB_HOME, w); break;
	case KEY_END: textbuf_move(tb, TB_END, w); break;
	case KEY_BACKSPACE: textbuf_backspace(tb); break;
	case KEY_DC: textbuf_delete(tb); break;
	case KEY_ENTER: textbuf_newline(tb); break;
	case KEY_F(2): save(t); break;
	case KEY_PASTE_BEGIN: paste(t); break;
	default:
		if ((int)ch == ctrl_left)
			textbuf_move(tb, TB_WORD_LEFT, w);
		else if ((int)ch == ctrl_right)
			textbuf_move(tb, TB_WORD_RIGHT, w);
		break;
	}
}

static void editor_key_dispatch(struct tui *t, wint_t ch, bool is_key);

/* After a key, a changed text is due for a draft a little later (a
 * cursor move only postpones it). */
void editor_key(struct tui *t, wint_t ch, bool is_key)
{
	editor_key_dispatch(t, ch, is_key);
	if (t->ed && textbuf_modified(t->ed->tb))
		t->ed->edited_at = tui_now_ms();
}

static void editor_key_dispatch(struct tui *t, wint_t ch, bool is_key)
{
	if (is_key) {
		editor_special_key(t, ch);
		return;
	}
	struct textbuf *tb = t->ed->tb;
	switch (ch) {
	case CTRL('s'): save(t); break;
	case 27: case CTRL('c'): leave(t); break;
	case CTRL('z'): textbuf_undo(tb); break;
	case CTRL('y'): textbuf_redo(tb); break;
	case CTRL('w'): textbuf_delete_word_back(tb); break;
	case '\r': case '\n': textbuf_newline(tb); break;
	case 127: case CTRL('h'): textbuf_backspace(tb); break;
	case CTRL('l'): clearok(curscr, TRUE); break;
	default:
		if (ch >= 0x20 || ch == '\t')
			insert_wchar(tb, ch);
		break;
	}
}

void editor_draw(struct tui *t, WINDOW *w, int top_row)
{
	struct editor *ed = t->ed;
	int width = getmaxx(w) - 2, height = getmaxy(w) - top_row;
	if (width < 1 || height < 1) {
		wnoutrefresh(w);
		return;
	}
	const struct tb_row *rows;
	size_t n = textbuf_layout(ed->tb, width, &rows);
	size_t crow;
	int ccol;
	textbuf_cursor_rowcol(ed->tb, width, &crow, &ccol);
	/* A taller window (after a resize) shows as much of the text as fits. */
	if (ed->top + (size_t)height > n)
		ed->top = n > (size_t)height ? n - (size_t)height : 0;
	if (crow < ed->top)
		ed->top = crow;
	if (crow >= ed->top + (size_t)height)
		ed->top = crow - (size_t)height + 1;
	const char *text = textbuf_text(ed->tb);
	for (int y = 0; y < height && ed->top + (size_t)y < n; y++) {
		const struct tb_row *r = &rows[ed->top + (size_t)y];
		wmove(w, top_row + y, 1);
		draw_text_span(w, text + r->start, r->end - r->start, width);
	}
	wmove(w, top_row + (int)(crow - ed->top), 1 + ccol);
	wnoutrefresh(w);
}

/* --- the external editor ----------------------------------------------------------- */

static const char *editor_command(struct tui *t)
{
	const char *candidates[] = {t->opt->cfg->editor, getenv("VISUAL"), getenv("EDITOR")};
	for (size_t k = 0; k < sizeof candidates / sizeof candidates[0]; k++)
		if (candidates[k] && *candidates[k])
			return candidates[k];
	return "vi";
}

#define TMP_NAME "uppfoljning.txt"
#define TMP_PREFIX "lofte-edit."

/* The temporary folder, file and the folder's descriptor: everything
 * after the folder is made goes through dirfd, so a folder renamed and
 * replaced by another user cannot redirect a read or an unlink. */
struct private_file {
	char *dir, *path;
	int dirfd;
};

/* A folder where others may create and rename entries (world-writable
 * without the sticky bit) would let them swap the private folder. */
static enum lofte_rc check_tmpdir(const char *tmp, struct lerr *e)
{
	struct stat sb;
	if (stat(tmp, &sb) == 0 && (sb.st_mode & S_IWOTH) && !(sb.st_mode & S_ISVTX))
		return lerr_set(e, RC_FAIL, tr(M_TMP_UNSAFE), tmp, tmp);
	return RC_OK;
}

/* A private folder (0700, a name nobody can guess: mkdtemp) and a new
 * file in it (0600, O_EXCL, O_NOFOLLOW), so that no other user can read
 * the text or plant a link where it is written. */
static enum lofte_rc make_private_file(const char *text, struct private_file *pf, struct lerr *e)
{
	const char *tmp = paths_temp_dir();
	if (check_tmpdir(tmp, e) != RC_OK)
		return RC_FAIL;
	struct strbuf d;
	strbuf_init(&d);
	strbuf_addf(&d, "%s/" TMP_PREFIX "XXXXXX", tmp);
	if (!mkdtemp(d.buf)) {
		enum lofte_rc rc = lerr_set(e, RC_FAIL, "%s: %s", d.buf, strerror(errno));
		strbuf_free(&d);
		return rc;
	}
	pf->dir = xstrdup(d.buf);
	strbuf_adds(&d, "/" TMP_NAME);
	pf->path = strbuf_detach(&d);
	pf->dirfd = open(pf->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (pf->dirfd < 0)
		return lerr_set(e, RC_FAIL, "%s: %s", pf->dir, strerror(errno));
	int fd = openat(pf->dirfd, TMP_NAME, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	                0600);
	if (fd < 0)
		return lerr_set(e, RC_FAIL, "%s: %s", pf->path, strerror(errno));
	size_t len = strlen(text);
	bool ok = write(fd, text, len) == (ssize_t)len && (len == 0 || write(fd, "\n", 1) == 1);
	if (close(fd) != 0 || !ok)
		return lerr_set(e, RC_FAIL, "%s: %s", pf->path, strerror(errno));
	return RC_OK;
}

/* What the editor left in the file: never through a symbolic link, and
 * only a regular file of this user's. */
static enum lofte_rc read_private_file(const struct private_file *pf, char **out, struct lerr *e)
{
	int fd = openat(pf->dirfd, TMP_NAME, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ELOOP)
		return lerr_set(e, RC_FAIL, tr(M_TMP_NOT_FILE), pf->path);
	if (fd < 0)
		return lerr_set(e, RC_FAIL, "%s: %s", pf->path, strerror(errno));
	struct stat sb;
	size_t len;
	enum lofte_rc rc;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_uid != geteuid())
		rc = lerr_set(e, RC_FAIL, tr(M_TMP_NOT_FILE), pf->path);
	else
		rc = file_read_fd(fd, pf->path, out, &len, e);
	close(fd);
	return rc;
}

/* Lets go of the folder and leaves it as it is. */
static void close_private_file(struct private_file *pf)
{
	if (pf->dirfd >= 0)
		close(pf->dirfd);
	free(pf->path);
	free(pf->dir);
}

/* Removes the file and whatever else the editor left in the folder
 * (backup and swap files), then the folder. */
static void remove_private_file(struct private_file *pf)
{
	if (pf->dirfd >= 0) {
		DIR *d = fdopendir(dup(pf->dirfd));
		struct dirent *de;
		while (d && (de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
				unlinkat(pf->dirfd, de->d_name, 0);
		if (d)
			closedir(d);
	}
	if (pf->dir)
		rmdir(pf->dir);
	close_private_file(pf);
}

/* Beside the text, the folder says whose edit it is: lofte's pid, the
 * follow-up (activity, tertial, the status and version it started from)
 * and the database.  lofte cannot clean up when it is killed (SIGKILL,
 * the OOM killer) while the editor runs, and the editor may go on and
 * save there: the next start finds the folder by this (leftovers). */
#define META_NAME ".lofte-edit"

static void write_meta(const struct private_file *pf, const struct tui *t, int64_t commitment_id,
                       const struct followup *f)
{
	char *db = realpath(store_path(t->st), NULL);
	if (!db)
		return;
	enum status status;
	int64_t version;
	base_of(f, &status, &version);
	int fd = openat(pf->dirfd, META_NAME, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	                0600);
	if (fd >= 0) {
		dprintf(fd, "%ld %lld %d %d %lld\n%s", (long)getpid(), (long long)commitment_id,
		        t->tertial, (int)status, (long long)version, db);
		close(fd);
	}
	free(db);
}

struct edit_meta {
	long pid;
	long long commitment_id, version;
	int tertial, status;
	char *db;
};

static bool read_meta(int dirfd, struct edit_meta *m)
{
	int fd = openat(dirfd, META_NAME, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	char *text = NULL;
	size_t len;
	struct lerr e;
	struct stat sb;
	bool ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid() &&
	          file_read_fd(fd, META_NAME, &text, &len, &e) == RC_OK;
	close(fd);
	int at = 0;
	ok = ok && sscanf(text, "%ld %lld %d %d %lld\n%n", &m->pid, &m->commitment_id, &m->tertial,
	                  &m->status, &m->version, &at) == 5 && at > 0 && text[at] &&
	     m->tertial >= 1 && m->tertial <= 3 && m->status >= 0 && m->status < STATUS_COUNT;
	m->db = ok ? xstrdup(text + at) : NULL;
	if (m->db)
		m->db[strcspn(m->db, "\n")] = '\0';
	free(text);
	return ok;
}

/* A leftover of this user's, for this database, whose lofte has ended:
 * what the editor saved becomes a draft (offered when the follow-up is
 * opened, dropped there when it equals the stored text), and the folder
 * goes.  A folder whose pid is still a process of ours (its lofte, most
 * likely), of another database or of another user is left alone, and so
 * is one whose text the database could not take: better kept than lost.
 * (kill fails with EPERM for another user's process: not our lofte.) */
static void recover_leftover(struct tui *t, const char *name, const char *db)
{
	struct private_file pf = {.dirfd = -1};
	struct strbuf path;
	strbuf_init(&path);
	strbuf_addf(&path, "%s/%s", paths_temp_dir(), name);
	pf.dir = xstrdup(path.buf);
	strbuf_adds(&path, "/" TMP_NAME);
	pf.path = strbuf_detach(&path);
	pf.dirfd = open(pf.dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	struct edit_meta m = {0};
	char *text = NULL;
	struct lerr e;
	bool done = false;
	if (pf.dirfd >= 0 && fstat(pf.dirfd, &sb) == 0 && sb.st_uid == geteuid() &&
	    !(sb.st_mode & 077) && read_meta(pf.dirfd, &m) && strcmp(m.db, db) == 0 &&
	    kill((pid_t)m.pid, 0) != 0 &&
	    read_private_file(&pf, &text, &e) == RC_OK) {
		char *norm = text_normalize(text);
		const struct commitment *c = find_activity(t, m.commitment_id);
		const struct followup *f = c ? &c->followups[m.tertial - 1] : NULL;
		if (f && f->present && strcmp(f->text, norm) == 0) {
			done = true;   /* nothing new: the editor was not saved */
		} else if (store_save_draft(t->st, t->who.login, m.commitment_id, m.tertial, norm,
		                            (enum status)m.status, m.version, &e) == RC_OK) {
			done = true;
			tui_message(t, true, tr(M_EXT_LEFTOVER), activity_title(t, m.commitment_id),
			            m.tertial);
		}
		free(norm);
		free(text);
	}
	if (done)
		remove_private_file(&pf);
	else
		close_private_file(&pf);
	free(m.db);
}

void editor_recover_leftovers(struct tui *t)
{
	if (t->readonly)
		return;
	char *db = realpath(store_path(t->st), NULL);
	DIR *d = db ? opendir(paths_temp_dir()) : NULL;
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL)
		if (strncmp(de->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) == 0)
			recover_leftover(t, de->d_name, db);
	if (d)
		closedir(d);
	free(db);
}

/* Ends the editor when lofte is told to end (SIGHUP, SIGTERM) while it
 * runs: asks it to stop, and after a few seconds makes it. */
static int stop_editor(pid_t pid)
{
	int status = -1;
	kill(pid, SIGTERM);
	struct timespec pause = {0, 20 * 1000 * 1000};
	for (int k = 0; k < 150; k++) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid || (r < 0 && errno != EINTR))
			return status;
		nanosleep(&pause, NULL);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/* Runs the editor command on path through the shell (the setting may
 * carry arguments: "nano -w"); the path is passed as $1, never quoted
 * into the command.  Returns the wait status, or -1. */
static int run_editor(const char *cmd, const char *path)
{
	struct sigaction ignore, old_int, old_quit;
	memset(&ignore, 0, sizeof ignore);
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	/* Ctrl-C in the editor is the editor's business, not a reason to quit. */
	sigaction(SIGINT, &ignore, &old_int);
	sigaction(SIGQUIT, &ignore, &old_quit);
	struct strbuf script;
	strbuf_init(&script);
	/* exec: the editor is the child itself, so that a signal to end
	 * reaches it. */
	strbuf_addf(&script, "exec %s \"$1\"", cmd);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execl("/bin/sh", "sh", "-c", script.buf, "sh", path, (char *)NULL);
		_exit(127);
	}
	int status = -1;
	while (pid > 0) {
		if (tui_terminating()) {
			status = stop_editor(pid);
			break;
		}
		if (waitpid(pid, &status, 0) >= 0 || errno != EINTR)
			break;
	}
	strbuf_free(&script);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	return pid > 0 ? status : -1;
}

static void suspend_curses(void)
{
	tui_paste_mode(false);
	def_prog_mode();
	endwin();
}

static void resume_curses(void)
{
	reset_prog_mode();
	tui_paste_mode(true);
	clearok(curscr, TRUE);
	refresh();
}

static void describe_failure(int status, char *buf, size_t size)
{
	if (status == -1)
		snprintf(buf, size, "%s", strerror(errno));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "signal %d", WTERMSIG(status));
	else
		snprintf(buf, size, "exit %d", WEXITSTATUS(status));
}

/* What came back from the editor: saved, or kept in the in-place editor
 * when the editor failed or someone saved first. */
static void take_result(struct tui *t, const char *before, char *after, int status,
                        const char *cmd)
{
	char *old = text_normalize(before), *new = text_normalize(after);
	bool ok = status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (!ok) {
		char why[64];
		describe_failure(status, why, sizeof why);
		if (strcmp(old, new) != 0)
			open_with(t, new, true);
		tui_message(t, true, tr(M_EXT_EDITOR_FAILED), cmd, why);
	} else if (strcmp(old, new) == 0) {
		tui_message(t, false, "%s", tr(M_EXT_UNCHANGED));
	} else {
		open_with(t, new, true);
		save(t);
	}
	free(old);
	free(new);
}

void editor_external(struct tui *t)
{
	const struct followup *f = tui_selected_followup(t);
	char *before = xstrdup(f->present ? f->text : "");
	struct private_file pf = {.dirfd = -1};
	struct lerr e;
	if (make_private_file(before, &pf, &e) != RC_OK) {
		tui_message(t, true, tr(M_TMP_FAILED), e.msg);
		remove_private_file(&pf);
		free(before);
		return;
	}
	write_meta(&pf, t, tui_selected(t)->id, f);
	const char *cmd = editor_command(t);
	suspend_curses();
	int status = run_editor(cmd, pf.path);
	resume_curses();
	char *after = NULL;
	if (read_private_file(&pf, &after, &e) != RC_OK) {
		tui_message(t, true, "%s", e.msg);
	} else {
		take_result(t, before, after, status, cmd);
		free(after);
	}
	remove_private_file(&pf);
	free(before);
}
