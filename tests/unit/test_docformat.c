/* Unit tests for docformat.c: the document format, round trips and every
 * malformed construct with its line number. */
#include "testutil.h"

#include "docformat.h"
#include "strbuf.h"

static const char sample[] =
	"# Medborgarlöfte Jönköping kommun\n"
	"\n"
	"Kommun: Jönköpings kommun\n"
	"År: 2024\n"
	"Parter: Polisen, Jönköpings kommun, Vätterhem\n"
	"\n"
	"Polisen och kommunens arbete följs upp tertialsvis.\n"
	"\n"
	"## 1. Krogar mot knark\n"
	"\n"
	"Ansvariga: Polisen, Jönköpings kommun\n"
	"\n"
	"metoden ska initieras under året.\n"
	"\n"
	"### Tertial 1\n"
	"\n"
	"Status: Pågår\n"
	"\n"
	"Uppstartsmöte 9/4 med ca 35 deltagare.\n"
	"\n"
	"13/1 Österängen, Gängsnacket\n"
	"19/1 Sannaängen, Brott mot äldre\n"
	"\n"
	"### Tertial 3\n"
	"\n"
	"Status: Genomförd\n"
	"\n"
	"\\# Not a heading\n"
	"  \\## Neither\n"
	"\\\\ a backslash line\n"
	"\n"
	"## 2. Trygg Trapp\n"
	"\n"
	"Ansvariga:\n"
	"Arkiverad: ja\n"
	"\n"
	"### Tertial 2\n"
	"\n"
	"Status: Försenad\n";

static struct doc parse_ok(const char *text)
{
	struct doc d;
	struct lerr e;
	enum lofte_rc rc = doc_parse(text, strlen(text), "t.md", &d, &e);
	if (rc != RC_OK)
		fail_msg("unexpected error: %s", e.msg);
	return d;
}

static void test_parse_sample(void **state)
{
	(void)state;
	struct doc d = parse_ok(sample);
	assert_int_equal(d.n, 1);
	struct promise *p = &d.promises[0];
	assert_string_equal(p->title, "Medborgarlöfte Jönköping kommun");
	assert_string_equal(p->municipality, "Jönköpings kommun");
	assert_int_equal(p->year, 2024);
	assert_int_equal(p->parties.len, 3);
	assert_string_equal(p->parties.items[2], "Vätterhem");
	assert_string_equal(p->description, "Polisen och kommunens arbete följs upp tertialsvis.");
	assert_int_equal(p->n_commitments, 2);
	struct commitment *c = &p->commitments[0];
	assert_string_equal(c->title, "Krogar mot knark");
	assert_int_equal(c->position, 1);
	assert_string_equal(c->description, "metoden ska initieras under året.");
	assert_true(c->followups[0].present);
	assert_false(c->followups[1].present);
	assert_int_equal(c->followups[0].status, STATUS_IN_PROGRESS);
	assert_string_equal(c->followups[0].text,
	                    "Uppstartsmöte 9/4 med ca 35 deltagare.\n\n"
	                    "13/1 Österängen, Gängsnacket\n19/1 Sannaängen, Brott mot äldre");
	assert_string_equal(c->followups[2].text, "# Not a heading\n  ## Neither\n\\ a backslash line");
	assert_int_equal(c->followups[2].status, STATUS_DONE);
	struct commitment *c2 = &p->commitments[1];
	assert_int_equal(c2->responsible.len, 0);
	assert_true(c2->archived);
	assert_string_equal(c2->description, "");
	assert_int_equal(c2->followups[1].status, STATUS_DELAYED);
	assert_string_equal(c2->followups[1].text, "");
	doc_free(&d);
}

static char *write_doc(const struct doc *d)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t k = 0; k < d->n; k++) {
		if (k)
			strbuf_addc(&sb, '\n');
		doc_write_promise(&sb, &d->promises[k]);
	}
	return strbuf_detach(&sb);
}

static void test_round_trip_is_exact(void **state)
{
	(void)state;
	struct doc d = parse_ok(sample);
	char *out = write_doc(&d);
	assert_string_equal(out, sample);   /* the sample is canonical */
	struct doc d2 = parse_ok(out);
	char *out2 = write_doc(&d2);
	assert_string_equal(out, out2);
	free(out);
	free(out2);
	doc_free(&d);
	doc_free(&d2);
}

/* Text that imitates the format itself must come back exactly. */
static void test_hostile_text_round_trips(void **state)
{
	(void)state;
	struct doc d = parse_ok(sample);
	struct followup *f = &d.promises[0].commitments[0].followups[0];
	free(f->text);
	f->text = strdup("# Medborgarlöfte Fake\n\nKommun: X\n## 1. Fake\n### Tertial 2\n"
	                 "Status: Avbruten\n\\\\ two\n   #three\n\x1b[2J<script>\"'&");
	char *out = write_doc(&d);
	struct doc d2 = parse_ok(out);
	assert_string_equal(d2.promises[0].commitments[0].followups[0].text, f->text);
	assert_int_equal(d2.promises[0].n_commitments, 2);
	free(out);
	doc_free(&d);
	doc_free(&d2);
}

/* A line break another program wrote into a one-line field, or a CR in
 * a text, cannot add a heading or a field: the document reads back to
 * itself, with the same activities. */
static void test_line_breaks_from_elsewhere(void **state)
{
	(void)state;
	struct doc d = parse_ok(sample);
	struct commitment *c = &d.promises[0].commitments[0];
	free(c->title);
	c->title = strdup("Titel\n## 9. Falsk\n");
	free(c->followups[0].review_comment);
	c->followups[0].review_comment = strdup("rad\n### Tertial 3");
	free(c->followups[0].text);
	c->followups[0].text = strdup("a\rb\r\n# c  \n\n");
	char *out = write_doc(&d);
	struct doc d2 = parse_ok(out);
	const struct commitment *c2 = &d2.promises[0].commitments[0];
	assert_int_equal(d2.promises[0].n_commitments, 2);
	assert_string_equal(c2->title, "Titel ## 9. Falsk");
	assert_string_equal(c2->followups[0].review_comment, "rad ### Tertial 3");
	assert_string_equal(c2->followups[0].text, "a\nb\n# c");
	char *out2 = write_doc(&d2);
	assert_string_equal(out, out2);
	free(out);
	free(out2);
	doc_free(&d);
	doc_free(&d2);
}

static void test_crlf_bom_and_loose_spacing(void **state)
{
	(void)state;
	const char *t = "\xEF\xBB\xBF# T\r\n\r\n\r\nKommun:  Ystad  \r\nÅr: 2025\r\n## Ett\r\n\r\n"
	                "Ansvariga: Polisen ,, Ystads kommun\r\n### Tertial 1\r\nStatus: in-progress\r\n"
	                "\r\ntext  \r\n";
	struct doc d = parse_ok(t);
	struct promise *p = &d.promises[0];
	assert_string_equal(p->municipality, "Ystad");
	assert_int_equal(p->commitments[0].responsible.len, 2);
	assert_string_equal(p->commitments[0].responsible.items[1], "Ystads kommun");
	assert_string_equal(p->commitments[0].followups[0].text, "text");
	assert_int_equal(p->commitments[0].followups[0].status, STATUS_IN_PROGRESS);
	doc_free(&d);
}

static void test_several_promises(void **state)
{
	(void)state;
	const char *t = "# A\n\nKommun: Ystad\nÅr: 2024\n\n# B\n\nKommun: Ystad\nÅr: 2025\n";
	struct doc d = parse_ok(t);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.promises[1].year, 2025);
	doc_free(&d);
}

/* Review state, comment and deadlines survive a round trip exactly. */
static void test_review_and_deadlines_round_trip(void **state)
{
	(void)state;
	const char *t = "# T\n\nKommun: Ystad\nÅr: 2025\nSista dag tertial 2: 2025-09-20\n\n"
	                "## 1. A\n\nAnsvariga: Polisen\n\n"
	                "### Tertial 1\n\nStatus: Pågår\nGranskning: godkänd\n\nText.\n\n"
	                "### Tertial 2\n\nStatus: Pågår\nKommentar: Saknar siffror för maj.\n\n"
	                "Text två.\n\n"
	                "### Tertial 3\n\nStatus: Genomförd\nGranskning: klar för granskning\n";
	struct doc d = parse_ok(t);
	struct promise *p = &d.promises[0];
	assert_string_equal(p->deadline[1], "2025-09-20");
	assert_string_equal(p->deadline[0], "");
	char dl[11];
	promise_deadline(p, 1, dl);
	assert_string_equal(dl, "2025-05-15");
	promise_deadline(p, 3, dl);
	assert_string_equal(dl, "2026-01-15");
	assert_int_equal(p->commitments[0].followups[0].review, REVIEW_APPROVED);
	assert_int_equal(p->commitments[0].followups[1].review, REVIEW_DRAFT);
	assert_string_equal(p->commitments[0].followups[1].review_comment, "Saknar siffror för maj.");
	assert_int_equal(p->commitments[0].followups[2].review, REVIEW_READY);
	char *out = write_doc(&d);
	assert_string_equal(out, t);
	free(out);
	doc_free(&d);
	struct lerr e;
	const char *bad = "# T\n\nKommun: Ystad\nÅr: 2025\nSista dag tertial 1: 15 maj\n";
	assert_int_not_equal(doc_parse(bad, strlen(bad), "t.md", &d, &e), RC_OK);
	assert_string_equal(e.msg, "t.md:5: Sista dag tertial 1: \"15 maj\" is not a date (YYYY-MM-DD)");
	bad = "# T\n\nKommun: Ystad\nÅr: 2025\n\n## 1. A\n\n### Tertial 1\n\nStatus: Pågår\nGranskning: kanske\n";
	assert_int_not_equal(doc_parse(bad, strlen(bad), "t.md", &d, &e), RC_OK);
	assert_non_null(strstr(e.msg, "t.md:11: Granskning: \"kanske\" is not a review state"));
}

/* Targets and outcomes survive a round trip exactly. */
static void test_targets_round_trip(void **state)
{
	(void)state;
	const char *t = "# T\n\nKommun: Ystad\nÅr: 2025\n\n"
	                "## 1. Fotpatrullering\n\nAnsvariga: Polisen\n"
	                "Mål: fotpatruller ≥ 800\nMål: andel anmälda brott ≤ 0.25\n\n"
	                "### Tertial 1\n\nStatus: Pågår\nUtfall: fotpatruller = 312\n\nText.\n\n"
	                "### Tertial 2\n\nStatus: Pågår\nUtfall: fotpatruller = 590\n"
	                "Utfall: andel anmälda brott = 0.3\n";
	struct doc d = parse_ok(t);
	struct commitment *c = &d.promises[0].commitments[0];
	assert_int_equal(c->n_indicators, 2);
	assert_string_equal(c->indicators[0].name, "fotpatruller");
	assert_int_equal(c->indicators[0].at_most, 0);
	assert_true(c->indicators[0].target == 800);
	assert_true(c->indicators[0].has_outcome[0] && c->indicators[0].outcome[0] == 312);
	assert_false(c->indicators[1].has_outcome[0]);
	assert_int_equal(indicator_percent(&c->indicators[0], 2), 74);
	assert_int_equal(indicator_percent(&c->indicators[1], 2), 83);   /* above an at-most target */
	char *out = write_doc(&d);
	assert_string_equal(out, t);
	free(out);
	doc_free(&d);
	const char *input = "# T\n\nKommun: Ystad\nÅr: 2025\n\n## 1. A\n\nAnsvariga:\nMål: patruller >= 10,5\n";
	d = parse_ok(input);
	assert_true(d.promises[0].commitments[0].indicators[0].target == 10.5);
	doc_free(&d);
	struct lerr e;
	const char *bad[][2] = {
		{"# T\n\nKommun: Y\nÅr: 2025\n\n## 1. A\n\nAnsvariga:\nMål: många\n",
		 "t.md:9: Mål: \"många\" is not NAME ≥ NUMBER"},
		{"# T\n\nKommun: Y\nÅr: 2025\n\n## 1. A\n\nAnsvariga:\nMål: x ≥ 1\nMål: X ≥ 2\n",
		 "t.md:10: Mål: \"x\" is given twice"},
		{"# T\n\nKommun: Y\nÅr: 2025\n\n## 1. A\n\nAnsvariga:\n\n### Tertial 1\n\nStatus: Pågår\nUtfall: y = 3\n",
		 "t.md:13: Utfall: \"y\" is not a Mål of this activity"},
		{"# T\n\nKommun: Y\nÅr: 2025\n\n## 1. A\n\nAnsvariga:\nMål: y ≥ 1\n\n### Tertial 1\n\nStatus: Pågår\nUtfall: y = tre\n",
		 "t.md:14: Utfall: \"y = tre\" is not NAME = NUMBER"},
	};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		assert_int_not_equal(doc_parse(bad[k][0], strlen(bad[k][0]), "t.md", &d, &e), RC_OK);
		if (strncmp(e.msg, bad[k][1], strlen(bad[k][1])) != 0)
			fail_msg("case %zu: got \"%s\"", k, e.msg);
	}
}

static void test_long_text(void **state)
{
	(void)state;
	size_t n = 1 << 20;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_adds(&sb, "# T\n\nKommun: Å\nÅr: 2024\n\n## 1. X\n\nAnsvariga:\n\n### Tertial 1\n\n"
	                 "Status: Pågår\n\n");
	for (size_t k = 0; k < n / 2; k++)
		strbuf_adds(&sb, "ö");   /* one 1 MiB line of å ä ö */
	strbuf_addc(&sb, '\n');
	struct doc d = parse_ok(sb.buf);
	assert_int_equal(strlen(d.promises[0].commitments[0].followups[0].text), n);
	char *out = write_doc(&d);
	assert_string_equal(out, sb.buf);
	free(out);
	doc_free(&d);
	strbuf_free(&sb);
}

/* Each malformed document with the exact error it must give. */
static const struct {
	const char *doc;
	const char *error;
} bad[] = {
	{"", "t.md: empty document: no '# ' promise heading found"},
	{"\n\n  \n", "t.md: empty document: no '# ' promise heading found"},
	{"hello\n# T\n", "t.md:1: text before the first heading"},
	{"# T\n\nÅr: 2024\n", "t.md:1: missing \"Kommun:\" line right after this heading"},
	{"# T\n\nKommun: X\n", "t.md:1: missing \"År:\" line right after this heading"},
	{"# T\n\nKommun: X\nÅr: 24\n", "t.md:4: År: \"24\" is not a year"},
	{"# T\n\nKommun: X\nÅr: 2024\nKommun: Y\n", "t.md:5: field \"Kommun\" given twice"},
	{"# T\n\nKommun: X\nÅr: 2024\nColour: red\n", "t.md:5: unknown field \"Colour\""},
	{"# T\n\nKommun: X\nÅr: 2024\ntext right away\n", "t.md:5: expected \"Key: value\""},
	{"# T\n\nKommun:\nÅr: 2024\n", "t.md:3: Kommun is empty"},
	{"#\n", "t.md:1: a line that starts with '#' must be a heading"},
	{"# \n\nKommun: X\n", "t.md:1: the promise heading has no title"},
	{"#T\n", "t.md:1: a line that starts with '#' must be a heading"},
	{"## 1. X\n", "t.md:1: activity heading before any '# ' promise heading"},
	{"# T\n\nKommun: X\nÅr: 2024\n\n### Tertial 1\n", "t.md:6: tertial heading outside an activity"},
	{"# T\n\nKommun: X\nÅr: 2024\n\n#### Deep\n", "t.md:6: heading level 4"},
	{"# T\n\nKommun: X\nÅr: 2024\n\n## 2. X\n", "t.md:6: activity numbered 2, expected 1"},
	{"# T\n\nKommun: X\nÅr: 2024\n\n## A\n\n## a\n", "t.md:8: activity \"a\" appears twice (first at line 6)"},
	{"# T\n\nKommun: X\nÅr: 2024\n\n## A\n\n### Tertial 4\n", "t.md:8: expected '### Tertial 1'"},
	{"# T\n\nKommun: X\nÅr: 2024\n\n## A\n\n### Tertial 1\n\nStatus: Klar\n",
	 "t.md:10: Status: \"Klar\" is not a status"},
	{"# T\n\nKommun: X\nÅr: 2024\n\n## A\n\n### Tertial 1\n\ntext\n",
	 "t.md:8: missing \"Status:\" line right after this heading"},
	{"# T\n\nKommun: X\nÅr: 2024\n\n## A\n\n### Tertial 2\n\nStatus: Pågår\n\n### Tertial 1\n\nStatus: Pågår\n",
	 "t.md:12: Tertial 1 comes after a later tertial"},
	{"# T\n\nKommun: X\nÅr: 2024\n\n## A\n\n### Tertial 2\n\nStatus: Pågår\n\n### Tertial 2\n\nStatus: Pågår\n",
	 "t.md:12: Tertial 2 appears twice in this activity"},
	{"# T\n\nKommun: X\nÅr: 2024\n\n## A\n\nArkiverad: kanske\n", "t.md:8: Arkiverad: \"kanske\" must be ja or nej"},
	{"# A\n\nKommun: X\nÅr: 2024\n\n# B\n\nKommun: x\nÅr: 2024\n", "t.md:6: x 2024 appears twice in this document"},
	{"# T\n\nKommun: X\nÅr: 2024\n\nbad \xC3\x28 byte\n", "t.md:6: invalid UTF-8 (byte 0xC3 at column 5)"},
};

static void test_malformed(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		struct doc d;
		struct lerr e;
		enum lofte_rc rc = doc_parse(bad[k].doc, strlen(bad[k].doc), "t.md", &d, &e);
		if (rc == RC_OK)
			fail_msg("case %zu parsed, expected: %s", k, bad[k].error);
		if (strncmp(e.msg, bad[k].error, strlen(bad[k].error)) != 0)
			fail_msg("case %zu: got \"%s\", expected \"%s...\"", k, e.msg, bad[k].error);
		assert_int_equal(d.n, 0);
	}
}

static void test_nul_byte(void **state)
{
	(void)state;
	const char t[] = "# T\n\nKommun: X\nÅr: 2024\n\nab\0cd\n";
	struct doc d;
	struct lerr e;
	assert_int_equal(doc_parse(t, sizeof t - 1, "t.md", &d, &e), RC_FAIL);
	assert_string_equal(e.msg, "t.md:6: NUL byte at column 3 (a document is text)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_sample),
		cmocka_unit_test(test_round_trip_is_exact),
		cmocka_unit_test(test_hostile_text_round_trips),
		cmocka_unit_test(test_line_breaks_from_elsewhere),
		cmocka_unit_test(test_crlf_bom_and_loose_spacing),
		cmocka_unit_test(test_several_promises),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_review_and_deadlines_round_trip),
		cmocka_unit_test(test_targets_round_trip),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_nul_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
