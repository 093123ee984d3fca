/* Unit tests for i18n.c and keys.c: every message has the same printf
 * conversions in every language (the compiler cannot check formats that
 * come from a table), and the key table is sound. */
#include "testutil.h"

#include <curses.h>

#include "i18n.h"
#include "keys.h"

/* The conversions of a format, e.g. "%s%d%zu" for "a %s b %d c %zu". */
static void conversions(const char *fmt, char *out, size_t size)
{
	size_t o = 0;
	for (const char *p = fmt; *p && o + 8 < size; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '%')
			continue;
		out[o++] = '%';
		while (*p && strchr("-+ #0123456789.lhzjt", *p))
			out[o++] = *p++;
		if (*p)
			out[o++] = *p;
	}
	out[o] = '\0';
}

static void test_formats_agree(void **state)
{
	(void)state;
	for (int m = 0; m < MSG_COUNT; m++) {
		char sv[64], en[64];
		i18n_set_language(UI_LANG_SV);
		conversions(tr((enum msg)m), sv, sizeof sv);
		i18n_set_language(UI_LANG_EN);
		conversions(tr((enum msg)m), en, sizeof en);
		if (strcmp(sv, en) != 0)
			fail_msg("message %d: \"%s\" in Swedish, \"%s\" in English", m, sv, en);
	}
	i18n_set_language(UI_LANG_SV);
}

static void test_languages_differ_and_exist(void **state)
{
	(void)state;
	i18n_set_language(UI_LANG_SV);
	assert_string_equal(tr(M_ACTIVITIES), "Aktiviteter");
	i18n_set_language(UI_LANG_EN);
	assert_string_equal(tr(M_ACTIVITIES), "Activities");
	for (int m = 0; m < MSG_COUNT; m++)
		assert_true(tr((enum msg)m)[0] != '\0');
	i18n_set_language(UI_LANG_SV);
}

static void test_every_action_is_bound_and_explained(void **state)
{
	(void)state;
	for (int a = 0; a < ACT_COUNT; a++) {
		int bound = 0;
		for (size_t k = 0; k < key_bindings_count; k++)
			bound |= key_bindings[k].action == (enum action)a;
		if (!bound)
			fail_msg("action %d has no key", a);
		assert_true(keys_action_help((enum action)a)[0] != '\0');
	}
}

static void test_lookup(void **state)
{
	(void)state;
	assert_int_equal(keys_lookup('q', 0, CTX_LIST), ACT_QUIT);
	assert_int_equal(keys_lookup('q', 0, CTX_EDITOR), ACT_NONE);  /* q is text there */
	assert_int_equal(keys_lookup('a', 0, CTX_LIST), ACT_ADD);
	assert_int_equal(keys_lookup('a', 0, CTX_TEXT), ACT_NONE);
	assert_int_equal(keys_lookup('\n', 0, CTX_LIST), ACT_FOCUS_TEXT);
	assert_int_equal(keys_lookup('\n', 0, CTX_TEXT), ACT_EDIT);
	assert_int_equal(keys_lookup(KEY_LEFT, 1, CTX_TABS), ACT_PREV_TERTIAL);
	assert_int_equal(keys_lookup(KEY_F(1), 1, CTX_TEXT), ACT_HELP);
	assert_int_equal(keys_lookup(0x13, 0, CTX_EDITOR), ACT_ED_SAVE);
}

/* No key may mean two things in one context.  A binding for a view or
 * pane may shadow an everywhere-binding of the same key (the first match
 * wins, and the specific ones come first), as q closes the overview. */
static void test_no_clashes(void **state)
{
	(void)state;
	for (size_t i = 0; i < key_bindings_count; i++)
		for (size_t j = i + 1; j < key_bindings_count; j++) {
			const struct binding *a = &key_bindings[i], *b = &key_bindings[j];
			if (a->key == b->key && a->is_key_code == b->is_key_code &&
			    (a->contexts & b->contexts) && a->action != b->action)
				fail_msg("key %s is bound to two actions in one context", a->label);
		}
}

/* The views' own keys are found before the everywhere-bindings. */
static void test_views_shadow(void **state)
{
	(void)state;
	assert_int_equal(keys_lookup('q', 0, CTX_OVERVIEW), ACT_CLOSE);
	assert_int_equal(keys_lookup('q', 0, CTX_LIST), ACT_QUIT);
	assert_int_equal(keys_lookup(' ', 0, CTX_PRESENT), ACT_NEXT_ITEM);
	assert_int_equal(keys_lookup('1', 0, CTX_PRESENT), ACT_TERTIAL_1);
	assert_int_equal(keys_lookup('r', 0, CTX_HISTORY), ACT_RESTORE);
	assert_int_equal(keys_lookup('r', 0, CTX_LIST), ACT_RENAME);
	assert_int_equal(keys_lookup(KEY_LEFT, 1, CTX_PRESENT), ACT_PREV_ITEM);
	assert_int_equal(keys_lookup(KEY_LEFT, 1, CTX_OVERVIEW), ACT_PREV_TERTIAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats_agree),
		cmocka_unit_test(test_languages_differ_and_exist),
		cmocka_unit_test(test_every_action_is_bound_and_explained),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_no_clashes),
		cmocka_unit_test(test_views_shadow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
