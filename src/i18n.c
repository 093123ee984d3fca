/* i18n.c - the strings of the interface, per language. */
#include "i18n.h"

static enum ui_language current = UI_LANG_SV;

#define MSG_SV(id, sv, en) [id] = sv,
#define MSG_EN(id, sv, en) [id] = en,
static const char *const texts[2][MSG_COUNT] = {
	[UI_LANG_SV] = {MESSAGES(MSG_SV)},
	[UI_LANG_EN] = {MESSAGES(MSG_EN)},
};
#undef MSG_SV
#undef MSG_EN

void i18n_set_language(enum ui_language lang)
{
	current = lang == UI_LANG_EN ? UI_LANG_EN : UI_LANG_SV;
}

enum ui_language i18n_language(void)
{
	return current;
}

const char *tr(enum msg m)
{
	return (unsigned)m < MSG_COUNT ? texts[current][m] : "";
}
