/* Unit tests for text.c: UTF-8, canonical text, width, sanitizing, order. */
#include "testutil.h"

#include <locale.h>

#include "strbuf.h"
#include "text.h"

static void test_utf8_valid(void **state)
{
	(void)state;
	size_t bad = 99;
	assert_true(utf8_valid("Åsa äter öl", strlen("Åsa äter öl"), NULL));
	assert_false(utf8_valid("ab\xC3", 3, &bad));          /* truncated */
	assert_int_equal(bad, 2);
	assert_false(utf8_valid("a\xC0\xAF", 3, &bad));       /* overlong '/' */
	assert_int_equal(bad, 1);
	assert_false(utf8_valid("\xED\xA0\x80", 3, &bad));    /* surrogate */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4, &bad)); /* > U+10FFFF */
	assert_false(utf8_valid("a\0b", 3, &bad));             /* NUL */
	assert_int_equal(bad, 1);
	assert_false(utf8_valid("\xFF", 1, &bad));
	assert_true(utf8_valid("\xF0\x9F\x98\x80", 4, NULL));  /* emoji */
}

static void check_normalize(const char *in, const char *want)
{
	char *got = text_normalize(in);
	assert_string_equal(got, want);
	free(got);
}

static void test_normalize(void **state)
{
	(void)state;
	check_normalize("", "");
	check_normalize("\n\n  \n", "");
	check_normalize("a  \nb\t\n", "a\nb");
	check_normalize("\n\nfirst\n\n\nsecond\n\n", "first\n\n\nsecond");
	check_normalize("crlf\r\nline\rold mac", "crlf\nline\nold mac");
	check_normalize("  indented kept", "  indented kept");
	char *once = text_normalize(" x \n\n y \n");
	char *twice = text_normalize(once);
	assert_string_equal(once, twice);   /* idempotent */
	free(once);
	free(twice);
}

static void test_normalize_line(void **state)
{
	(void)state;
	char *s = text_normalize_line("  Krogar\n mot\t\tknark  ");
	assert_string_equal(s, "Krogar mot knark");
	free(s);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width("åäö"), 3);
	assert_int_equal(text_width("e\xCC\x81"), 1);          /* e + combining acute */
	assert_int_equal(text_width("\xE6\x97\xA5"), 2);       /* CJK, double width */
	assert_int_equal(text_width("a\x1b[2Jb"), 6);          /* ESC shows as one cell */
}

static void test_sanitize(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	text_sanitize(&sb, "ok\x1b]52;c;aGk=\x07 \xC2\x9B" "2J\n\xE2\x80\xAE" "bad\xFF", 1);
	assert_null(strchr(sb.buf, 0x1b));
	assert_null(strchr(sb.buf, 0x07));
	assert_null(strstr(sb.buf, "\xC2\x9B"));          /* C1 CSI */
	assert_null(strstr(sb.buf, "\xE2\x80\xAE"));      /* RIGHT-TO-LEFT OVERRIDE */
	assert_non_null(strstr(sb.buf, "␛]52;c;aGk=␇"));
	assert_non_null(strchr(sb.buf, '\n'));
	assert_true(utf8_valid(sb.buf, sb.len, NULL));
	strbuf_reset(&sb);
	text_sanitize(&sb, "a\nb\tc", 0);
	assert_string_equal(sb.buf, "a␤b\tc");
	strbuf_free(&sb);
}

/* Only invalid bytes change: control characters stay for the document. */
static void test_repair_utf8(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	text_repair_utf8(&sb, "a\xC3(b\xFF\xE2\x82" "c\x1b]2;x\x07 åäö \xF0\x9F\x91\xAE");
	assert_string_equal(sb.buf, "a\uFFFD(b\uFFFD\uFFFD\uFFFDc\x1b]2;x\x07 åäö \xF0\x9F\x91\xAE");
	strbuf_free(&sb);
}

/* Escapes stand for the same characters, so a parser reads the same data. */
static void test_json_safe(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	text_json_safe(&sb, "{\"t\":\"a\x7f\xC2\x9B\xE2\x80\xAE" "b\xFF\\\\\\u001b åäö\"}");
	assert_string_equal(sb.buf, "{\"t\":\"a\\u007f\\u009b\\u202eb\\ufffd\\\\\\u001b åäö\"}");
	strbuf_free(&sb);
}

static void test_fit(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	text_fit(&sb, "Öxnehaga", 10, 1);
	assert_string_equal(sb.buf, "Öxnehaga  ");
	strbuf_reset(&sb);
	text_fit(&sb, "Österängen och Råslätt", 10, 1);
	assert_string_equal(sb.buf, "Österänge…");
	assert_int_equal(text_width(sb.buf), 10);
	strbuf_reset(&sb);
	text_fit(&sb, "\xE6\x97\xA5\xE6\x97\xA5\xE6\x97\xA5", 4, 1);   /* never splits a wide char */
	assert_int_equal(text_width(sb.buf), 4);
	strbuf_free(&sb);
}

static int cmp(const char *a, const char *b)
{
	return text_collate_sv(a, strlen(a), b, strlen(b));
}

static void test_collate(void **state)
{
	(void)state;
	assert_true(cmp("Zon", "Åsele") < 0);     /* å after z */
	assert_true(cmp("Åsele", "Älmhult") < 0); /* å before ä */
	assert_true(cmp("Älmhult", "Örebro") < 0);
	assert_true(cmp("ängelholm", "Örebro") < 0);
	assert_true(cmp("jönköping", "Jönköpings kommun") < 0);
	assert_true(cmp("Malmö", "malmö") != 0);   /* stable: case decides last */
	assert_true(cmp("Eskilstuna", "Étretat") < 0);
	assert_int_equal(cmp("Ystad", "Ystad"), 0);
	assert_true(text_equal_fold("ÅSA ÄR ÖVER", "åsa är över"));
	assert_false(text_equal_fold("a", "å"));
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),    cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_normalize_line), cmocka_unit_test(test_width),
		cmocka_unit_test(test_sanitize),      cmocka_unit_test(test_fit),
		cmocka_unit_test(test_collate),       cmocka_unit_test(test_repair_utf8),
		cmocka_unit_test(test_json_safe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
