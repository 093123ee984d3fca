/* keys.h - every action of the interface and the keys bound to it, in
 * one table, so that the help screen is generated from the bindings and
 * cannot drift from them (as tig's request.h does). */
#ifndef LOFTE_KEYS_H
#define LOFTE_KEYS_H

#include <stddef.h>

#include "i18n.h"

/* Where a binding applies. */
enum key_context {
	CTX_ANY = 1 << 0,      /* every pane, outside the editor */
	CTX_LIST = 1 << 1,     /* the activity list has focus */
	CTX_TABS = 1 << 2,     /* the tertial tabs have focus */
	CTX_TEXT = 1 << 3,     /* the follow-up text has focus */
	CTX_EDITOR = 1 << 4,   /* the in-place editor is open */
	CTX_OVERVIEW = 1 << 5, /* the overview table (o) */
	CTX_PRESENT = 1 << 6,  /* the presentation (p) */
	CTX_HISTORY = 1 << 7,  /* a follow-up's history (H) */
};

#define CTX_VIEWS (CTX_OVERVIEW | CTX_PRESENT | CTX_HISTORY)

/* X(id, Swedish help, English help) */
#define ACTIONS(X) \
	X(ACT_NEXT_PANE, "nästa ruta", "next pane") \
	X(ACT_PREV_PANE, "föregående ruta", "previous pane") \
	X(ACT_TERTIAL_1, "visa tertial 1", "show tertial 1") \
	X(ACT_TERTIAL_2, "visa tertial 2", "show tertial 2") \
	X(ACT_TERTIAL_3, "visa tertial 3", "show tertial 3") \
	X(ACT_HELP, "hjälp: alla tangenter", "help: every key") \
	X(ACT_SEARCH, "sök i alla texter", "search all texts") \
	X(ACT_SEARCH_NEXT, "nästa träff", "next hit") \
	X(ACT_OVERVIEW, "översikt: alla aktiviteter × tertial", "overview: all activities × tertials") \
	X(ACT_PRESENT, "presentation: en aktivitet i taget", "presentation: one activity at a time") \
	X(ACT_HISTORY, "historik: tidigare versioner", "history: earlier versions") \
	X(ACT_CLOSE, "stäng och gå tillbaka", "close and go back") \
	X(ACT_OPEN, "öppna", "open") \
	X(ACT_NEXT_ITEM, "nästa aktivitet", "next activity") \
	X(ACT_PREV_ITEM, "föregående aktivitet", "previous activity") \
	X(ACT_RESTORE, "återställ den här versionen", "restore this version") \
	X(ACT_ACTIVITY_HISTORY, "aktivitetens historik (titel, beskrivning, ansvariga)", "the activity's history (title, description, responsible)") \
	X(ACT_TARGET, "lägg till, ändra (namn ≥ tal) eller ta bort (-namn) ett mål", "add, change (name ≥ number) or remove (-name) a target") \
	X(ACT_OUTCOME, "för in tertialens utfall för målen", "enter the tertial's outcomes for the targets") \
	X(ACT_NEXT_YEAR, "starta nästa års medborgarlöfte från detta", "start next year's promise from this one") \
	X(ACT_SWITCH_PROMISE, "byt medborgarlöfte (år, kommun)", "switch promise (year, municipality)") \
	X(ACT_REDRAW, "rita om skärmen", "redraw the screen") \
	X(ACT_QUIT, "avsluta", "quit") \
	X(ACT_UP, "upp", "up") \
	X(ACT_DOWN, "ned", "down") \
	X(ACT_PAGE_UP, "en sida upp", "page up") \
	X(ACT_PAGE_DOWN, "en sida ned", "page down") \
	X(ACT_FIRST, "först", "first") \
	X(ACT_LAST, "sist", "last") \
	X(ACT_ADD, "lägg till aktivitet", "add an activity") \
	X(ACT_RENAME, "ändra titel, beskrivning, ansvariga", "edit title, description, responsible") \
	X(ACT_ARCHIVE, "arkivera (eller återställ) aktiviteten", "archive (or restore) the activity") \
	X(ACT_SHOW_ARCHIVED, "visa eller dölj arkiverade", "show or hide archived ones") \
	X(ACT_FOCUS_TEXT, "gå till uppföljningstexten", "go to the follow-up text") \
	X(ACT_PREV_TERTIAL, "föregående tertial", "previous tertial") \
	X(ACT_NEXT_TERTIAL, "nästa tertial", "next tertial") \
	X(ACT_EDIT, "redigera uppföljningen här", "edit the follow-up here") \
	X(ACT_EDIT_EXTERNAL, "redigera i extern editor", "edit in the external editor") \
	X(ACT_STATUS, "sätt status", "set the status") \
	X(ACT_READY, "markera klar för granskning", "mark ready for review") \
	X(ACT_APPROVE, "godkänn (granskare)", "approve (reviewer)") \
	X(ACT_SEND_BACK, "skicka tillbaka med en kommentar (granskare)", "send back with a comment (reviewer)") \
	X(ACT_ED_MOVE, "flytta markören (ord: Ctrl-vänster/höger)", "move the cursor (words: Ctrl-Left/Right)") \
	X(ACT_ED_LINE, "radens början / slut", "start / end of the row") \
	X(ACT_ED_PAGE, "en sida upp / ned", "page up / down") \
	X(ACT_ED_DELETE, "radera tecken bakåt / framåt", "delete backward / forward") \
	X(ACT_ED_DELETE_WORD, "radera ordet bakåt", "delete the word backward") \
	X(ACT_ED_NEWLINE, "ny rad", "new line") \
	X(ACT_ED_UNDO, "ångra", "undo") \
	X(ACT_ED_REDO, "gör om", "redo") \
	X(ACT_ED_SAVE, "spara och lämna redigeraren", "save and leave the editor") \
	X(ACT_ED_LEAVE, "lämna (frågar om texten är ändrad)", "leave (asks when the text changed)")

#define ACT_ENUM(id, sv, en) id,
enum action { ACT_NONE = -1, ACTIONS(ACT_ENUM) ACT_COUNT };
#undef ACT_ENUM

struct binding {
	int key;              /* a character or a curses KEY_ code */
	int is_key_code;      /* 1: key is a KEY_ code from get_wch */
	unsigned contexts;    /* CTX_ bits */
	enum action action;
	const char *label;    /* as shown in help: "Tab", "Ctrl-S", "j" */
};

extern const struct binding key_bindings[];
extern const size_t key_bindings_count;

/* The action bound to a key in the given context (CTX_ANY bindings apply
 * in every context but the editor), or ACT_NONE. */
enum action keys_lookup(int key, int is_key_code, enum key_context ctx);

/* The help text of an action in the current language. */
const char *keys_action_help(enum action a);

#endif
