/* keys.c - the key bindings.  Changing a key here changes the help. */
#include "keys.h"

#include <curses.h>

#define CTRL(c) ((c) & 0x1f)
#define ED CTX_EDITOR

/* The order here is the order of the help screen, and the first
 * binding that matches a key in a context wins. */
const struct binding key_bindings[] = {
	/* Overview, presentation and history: before the general keys, so
	 * that q and Esc close them. */
	{27, 0, CTX_VIEWS, ACT_CLOSE, "Esc"},
	{'q', 0, CTX_VIEWS, ACT_CLOSE, "q"},
	{'o', 0, CTX_OVERVIEW, ACT_CLOSE, "o"},
	{'p', 0, CTX_PRESENT, ACT_CLOSE, "p"},
	{'H', 0, CTX_HISTORY, ACT_CLOSE, "H"},
	{'\n', 0, CTX_OVERVIEW | CTX_HISTORY, ACT_OPEN, "Enter"},
	{KEY_ENTER, 1, CTX_OVERVIEW | CTX_HISTORY, ACT_OPEN, "Enter"},
	{'r', 0, CTX_HISTORY, ACT_RESTORE, "r"},
	{'a', 0, CTX_HISTORY, ACT_ACTIVITY_HISTORY, "a"},
	{' ', 0, CTX_PRESENT, ACT_NEXT_ITEM, "Space"},
	{KEY_RIGHT, 1, CTX_PRESENT, ACT_NEXT_ITEM, "Right"},
	{KEY_DOWN, 1, CTX_PRESENT, ACT_NEXT_ITEM, "Down"},
	{KEY_BACKSPACE, 1, CTX_PRESENT, ACT_PREV_ITEM, "Backspace"},
	{127, 0, CTX_PRESENT, ACT_PREV_ITEM, "Backspace"},
	{KEY_LEFT, 1, CTX_PRESENT, ACT_PREV_ITEM, "Left"},
	{KEY_UP, 1, CTX_PRESENT, ACT_PREV_ITEM, "Up"},

	{'\t', 0, CTX_ANY, ACT_NEXT_PANE, "Tab"},
	{KEY_BTAB, 1, CTX_ANY, ACT_PREV_PANE, "Shift-Tab"},
	{'1', 0, CTX_ANY, ACT_TERTIAL_1, "1"},
	{'2', 0, CTX_ANY, ACT_TERTIAL_2, "2"},
	{'3', 0, CTX_ANY, ACT_TERTIAL_3, "3"},
	{'?', 0, CTX_ANY, ACT_HELP, "?"},
	{KEY_F(1), 1, CTX_ANY, ACT_HELP, "F1"},
	{'/', 0, CTX_ANY, ACT_SEARCH, "/"},
	{'n', 0, CTX_ANY, ACT_SEARCH_NEXT, "n"},
	{'e', 0, CTX_ANY, ACT_EDIT, "e"},
	{'E', 0, CTX_ANY, ACT_EDIT_EXTERNAL, "E"},
	{'s', 0, CTX_ANY, ACT_STATUS, "s"},
	{'K', 0, CTX_ANY, ACT_READY, "K"},
	{'G', 0, CTX_ANY, ACT_APPROVE, "G"},
	{'T', 0, CTX_ANY, ACT_SEND_BACK, "T"},
	{'o', 0, CTX_ANY, ACT_OVERVIEW, "o"},
	{'p', 0, CTX_ANY, ACT_PRESENT, "p"},
	{'H', 0, CTX_ANY, ACT_HISTORY, "H"},
	{'y', 0, CTX_ANY, ACT_SWITCH_PROMISE, "y"},
	{'N', 0, CTX_ANY, ACT_NEXT_YEAR, "N"},
	{'M', 0, CTX_ANY, ACT_TARGET, "M"},
	{'U', 0, CTX_ANY, ACT_OUTCOME, "U"},
	{CTRL('l'), 0, CTX_ANY, ACT_REDRAW, "Ctrl-L"},
	{'q', 0, CTX_ANY, ACT_QUIT, "q"},

	{KEY_UP, 1, CTX_LIST | CTX_TEXT | CTX_OVERVIEW | CTX_HISTORY, ACT_UP, "Up"},
	{'k', 0, CTX_LIST | CTX_TEXT | CTX_OVERVIEW | CTX_HISTORY | CTX_PRESENT, ACT_UP, "k"},
	{KEY_DOWN, 1, CTX_LIST | CTX_TEXT | CTX_OVERVIEW | CTX_HISTORY, ACT_DOWN, "Down"},
	{'j', 0, CTX_LIST | CTX_TEXT | CTX_OVERVIEW | CTX_HISTORY | CTX_PRESENT, ACT_DOWN, "j"},
	{KEY_PPAGE, 1, CTX_LIST | CTX_TEXT | CTX_VIEWS, ACT_PAGE_UP, "PgUp"},
	{KEY_NPAGE, 1, CTX_LIST | CTX_TEXT | CTX_VIEWS, ACT_PAGE_DOWN, "PgDn"},
	{KEY_HOME, 1, CTX_LIST | CTX_TEXT | CTX_VIEWS, ACT_FIRST, "Home"},
	{KEY_END, 1, CTX_LIST | CTX_TEXT | CTX_VIEWS, ACT_LAST, "End"},
	{'a', 0, CTX_LIST, ACT_ADD, "a"},
	{'r', 0, CTX_LIST, ACT_RENAME, "r"},
	{'x', 0, CTX_LIST, ACT_ARCHIVE, "x"},
	{'X', 0, CTX_LIST, ACT_SHOW_ARCHIVED, "X"},
	{'\n', 0, CTX_LIST, ACT_FOCUS_TEXT, "Enter"},
	{KEY_ENTER, 1, CTX_LIST, ACT_FOCUS_TEXT, "Enter"},

	{KEY_LEFT, 1, CTX_TABS | CTX_OVERVIEW, ACT_PREV_TERTIAL, "Left"},
	{'h', 0, CTX_TABS | CTX_OVERVIEW, ACT_PREV_TERTIAL, "h"},
	{KEY_RIGHT, 1, CTX_TABS | CTX_OVERVIEW, ACT_NEXT_TERTIAL, "Right"},
	{'l', 0, CTX_TABS | CTX_OVERVIEW, ACT_NEXT_TERTIAL, "l"},

	{'\n', 0, CTX_TEXT, ACT_EDIT, "Enter"},
	{KEY_ENTER, 1, CTX_TEXT, ACT_EDIT, "Enter"},

	/* The editor's own keys: movement and typing are handled by the
	 * editor; these rows are here so that help lists them. */
	{KEY_LEFT, 1, ED, ACT_ED_MOVE, "Left Right Up Down"},
	{KEY_HOME, 1, ED, ACT_ED_LINE, "Home End"},
	{KEY_PPAGE, 1, ED, ACT_ED_PAGE, "PgUp PgDn"},
	{KEY_BACKSPACE, 1, ED, ACT_ED_DELETE, "Backspace Delete"},
	{CTRL('w'), 0, ED, ACT_ED_DELETE_WORD, "Ctrl-W"},
	{'\n', 0, ED, ACT_ED_NEWLINE, "Enter"},
	{CTRL('z'), 0, ED, ACT_ED_UNDO, "Ctrl-Z"},
	{CTRL('y'), 0, ED, ACT_ED_REDO, "Ctrl-Y"},
	{CTRL('s'), 0, ED, ACT_ED_SAVE, "Ctrl-S"},
	{KEY_F(2), 1, ED, ACT_ED_SAVE, "F2"},
	{27, 0, ED, ACT_ED_LEAVE, "Esc"},
};

const size_t key_bindings_count = sizeof key_bindings / sizeof key_bindings[0];

enum action keys_lookup(int key, int is_key_code, enum key_context ctx)
{
	for (size_t k = 0; k < key_bindings_count; k++) {
		const struct binding *b = &key_bindings[k];
		if (b->key != key || b->is_key_code != is_key_code)
			continue;
		if ((b->contexts & ctx) || ((b->contexts & CTX_ANY) && ctx != CTX_EDITOR))
			return b->action;
	}
	return ACT_NONE;
}

#define ACT_SV(id, sv, en) [id] = sv,
#define ACT_EN(id, sv, en) [id] = en,
static const char *const help_sv[ACT_COUNT] = {ACTIONS(ACT_SV)};
static const char *const help_en[ACT_COUNT] = {ACTIONS(ACT_EN)};
#undef ACT_SV
#undef ACT_EN

const char *keys_action_help(enum action a)
{
	if ((unsigned)a >= ACT_COUNT)
		return "";
	return i18n_language() == UI_LANG_EN ? help_en[a] : help_sv[a];
}
