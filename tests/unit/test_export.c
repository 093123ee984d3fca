/* test_export.c - the HTML, plain text and CSV exports: exact output for
 * a small promise, escaping, control characters, archived activities,
 * CSV quoting and formula protection. */
#include "testutil.h"

#include <locale.h>

#include "docformat.h"
#include "export.h"
#include "model.h"
#include "strbuf.h"
#include "xalloc.h"

/* --- building promises in memory ------------------------------------- */

static void make_promise(struct promise *p, const char *municipality, int year,
                         const char *title, const char *description)
{
	memset(p, 0, sizeof *p);
	p->municipality = xstrdup(municipality);
	p->year = year;
	p->title = xstrdup(title);
	p->description = xstrdup(description);
}

/* responsible: names separated by "|", or NULL for none. */
static struct commitment *add_activity(struct promise *p, const char *title,
                                       const char *description, const char *responsible)
{
	struct commitment *c = promise_add_commitment(p);
	c->position = (int)p->n_commitments;
	c->title = xstrdup(title);
	c->description = xstrdup(description);
	for (const char *r = responsible; r && *r;) {
		size_t n = strcspn(r, "|");
		char *name = xstrndup(r, n);
		strlist_push(&c->responsible, name);
		free(name);
		r += n + (r[n] == '|');
	}
	return c;
}

static void set_followup(struct commitment *c, int tertial, enum status s, const char *text,
                         const char *who)
{
	struct followup *f = &c->followups[tertial - 1];
	f->present = 1;
	f->status = s;
	f->text = xstrdup(text);
	f->version = 1;
	f->stamp.name = xstrdup(who);
	f->stamp.department = xstrdup("Polisen");
	f->stamp.login = xstrdup("anna");
	f->stamp.at = xstrdup("2024-04-30T14:02:11Z");
}

/* The small promise of the golden tests: one activity with two
 * follow-ups (paragraphs, line breaks) and a missing one, an archived
 * activity that must not be published, and an activity without a
 * description with a status but no text. */
static void sample_promise(struct promise *p)
{
	make_promise(p, "Jönköpings kommun", 2024, "Medborgarlöfte Jönköping kommun",
	             "Polisen och kommunens arbete följs upp tertialsvis.");
	struct commitment *c = add_activity(p, "Krogar mot knark", "metoden ska initieras under året.",
	                                    "Polisen|Jönköpings kommun");
	set_followup(c, 1, STATUS_IN_PROGRESS, "Uppstartsmöte 9/4.\n\nCa 35 deltagare.", "Anna Andersson");
	set_followup(c, 2, STATUS_DONE, "13/1 Österängen\n19/1 Sannaängen", "Anna Andersson");
	c = add_activity(p, "Gammal aktivitet", "borttagen", "Polisen");
	c->archived = 1;
	set_followup(c, 1, STATUS_DONE, "Arkiverad text", "Anna Andersson");
	c = add_activity(p, "Trygg Trapp", "", NULL);
	set_followup(c, 1, STATUS_NOT_STARTED, "", "Bo Ek");
}

static char *run_export(enum export_format format, const struct promise *p, size_t n)
{
	struct strbuf sb;
	strbuf_init(&sb);
	export_promises(&sb, format, p, n);
	return strbuf_detach(&sb);
}

static char *export_one(enum export_format format, void (*build)(struct promise *))
{
	struct promise p;
	build(&p);
	char *s = run_export(format, &p, 1);
	promise_free(&p);
	return s;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* --- golden output --------------------------------------------------- */

static const char golden_html[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"sv\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<title>Uppföljning av medborgarlöften – Jönköpings kommun 2024</title>\n"
	"<style>\n"
	"body{margin:0;background:#fff;color:#1a1a1a;"
	"font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;"
	"font-size:1rem;line-height:1.5}\n"
	"main{max-width:72rem;margin:0 auto;padding:1rem}\n"
	"h1,h2,h3{line-height:1.25}\n"
	"section+section{margin-top:3rem;border-top:1px solid #767676}\n"
	".table-wrap{overflow-x:auto;margin:0 0 2rem}\n"
	".table-wrap:focus{outline:3px solid #1a4f8b;outline-offset:2px}\n"
	"table{border-collapse:collapse;table-layout:fixed;width:100%;min-width:42rem}\n"
	"th,td{border:1px solid #767676;padding:.5rem .75rem;text-align:left;"
	"vertical-align:top;overflow-wrap:break-word}\n"
	"th{background:#f2f2f2}\n"
	"td p{margin:0 0 .75rem}\n"
	".status{font-weight:bold}\n"
	".status-not-started,.status-cancelled{color:#4d4d4d}\n"
	".status-in-progress{color:#1a4f8b}\n"
	".status-done{color:#1e5c22}\n"
	".status-delayed{color:#8a3c00}\n"
	".status-missing{color:#a00000;font-style:italic}\n"
	".visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;"
	"padding:0;border:0;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap}\n"
	"</style>\n"
	"</head>\n"
	"<body>\n"
	"<main>\n"
	"<section aria-labelledby=\"p1\">\n"
	"<h1 id=\"p1\">Uppföljning av medborgarlöften för Jönköpings kommun</h1>\n"
	"<p>Polisen och kommunens arbete följs upp tertialsvis.</p>\n"
	"<h2>Medborgarlöfte Jönköping kommun</h2>\n"
	"<h3>Aktiviteter kopplat till medborgarlöften</h3>\n"
	"<ul>\n"
	"<li>Krogar mot knark – metoden ska initieras under året.</li>\n"
	"<li>Trygg Trapp</li>\n"
	"</ul>\n"
	"<h2>Uppföljning av aktiviteter kopplat till medborgarlöften för Jönköpings kommun 2024</h2>\n"
	"<h3 id=\"p1-a1\">Krogar mot knark</h3>\n"
	"<p class=\"responsible\">Ansvariga: Polisen, Jönköpings kommun</p>\n"
	"<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"p1-a1\" tabindex=\"0\">\n"
	"<table>\n"
	"<caption class=\"visually-hidden\">Uppföljning per tertial: Krogar mot knark</caption>\n"
	"<thead>\n"
	"<tr><th scope=\"col\">Tertial 1</th><th scope=\"col\">Tertial 2</th>"
	"<th scope=\"col\">Tertial 3</th></tr>\n"
	"</thead>\n"
	"<tbody>\n"
	"<tr>\n"
	"<td>\n"
	"<p class=\"status status-in-progress\">Status: Pågår</p>\n"
	"<p>Uppstartsmöte 9/4.</p>\n"
	"<p>Ca 35 deltagare.</p>\n"
	"</td>\n"
	"<td>\n"
	"<p class=\"status status-done\">Status: Genomförd</p>\n"
	"<p>13/1 Österängen<br>\n"
	"19/1 Sannaängen</p>\n"
	"</td>\n"
	"<td>\n"
	"<p class=\"status status-missing\">Ingen uppföljning ännu</p>\n"
	"</td>\n"
	"</tr>\n"
	"</tbody>\n"
	"</table>\n"
	"</div>\n"
	"<h3 id=\"p1-a2\">Trygg Trapp</h3>\n"
	"<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"p1-a2\" tabindex=\"0\">\n"
	"<table>\n"
	"<caption class=\"visually-hidden\">Uppföljning per tertial: Trygg Trapp</caption>\n"
	"<thead>\n"
	"<tr><th scope=\"col\">Tertial 1</th><th scope=\"col\">Tertial 2</th>"
	"<th scope=\"col\">Tertial 3</th></tr>\n"
	"</thead>\n"
	"<tbody>\n"
	"<tr>\n"
	"<td>\n"
	"<p class=\"status status-not-started\">Status: Ej påbörjad</p>\n"
	"</td>\n"
	"<td>\n"
	"<p class=\"status status-missing\">Ingen uppföljning ännu</p>\n"
	"</td>\n"
	"<td>\n"
	"<p class=\"status status-missing\">Ingen uppföljning ännu</p>\n"
	"</td>\n"
	"</tr>\n"
	"</tbody>\n"
	"</table>\n"
	"</div>\n"
	"</section>\n"
	"</main>\n"
	"</body>\n"
	"</html>\n";

static const char golden_txt[] =
	"Uppföljning av medborgarlöften för Jönköpings kommun\n"
	"====================================================\n"
	"\n"
	"Polisen och kommunens arbete följs upp tertialsvis.\n"
	"\n"
	"Medborgarlöfte Jönköping kommun\n"
	"-------------------------------\n"
	"\n"
	"Aktiviteter kopplat till medborgarlöften\n"
	"~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
	"\n"
	"- Krogar mot knark – metoden ska initieras under året.\n"
	"- Trygg Trapp\n"
	"\n"
	"Uppföljning av aktiviteter kopplat till medborgarlöften för Jönköpings kommun 2024\n"
	"----------------------------------------------------------------------------------\n"
	"\n"
	"Krogar mot knark\n"
	"~~~~~~~~~~~~~~~~\n"
	"\n"
	"Ansvariga: Polisen, Jönköpings kommun\n"
	"\n"
	"Tertial 1 (jan–apr) – Pågår\n"
	"\n"
	"Uppstartsmöte 9/4.\n"
	"\n"
	"Ca 35 deltagare.\n"
	"\n"
	"Tertial 2 (maj–aug) – Genomförd\n"
	"\n"
	"13/1 Österängen\n"
	"19/1 Sannaängen\n"
	"\n"
	"Tertial 3 (sep–dec) – Ingen uppföljning ännu\n"
	"\n"
	"Trygg Trapp\n"
	"~~~~~~~~~~~\n"
	"\n"
	"Tertial 1 (jan–apr) – Ej påbörjad\n"
	"\n"
	"Tertial 2 (maj–aug) – Ingen uppföljning ännu\n"
	"\n"
	"Tertial 3 (sep–dec) – Ingen uppföljning ännu\n";

static const char golden_csv[] =
	"municipality,year,position,activity,responsible,tertial,status,status_label,"
	"text,updated_by,department,login,updated_at,outcomes,review\r\n"
	"Jönköpings kommun,2024,1,Krogar mot knark,Polisen; Jönköpings kommun,1,in-progress,Pågår,"
	"\"Uppstartsmöte 9/4.\n\nCa 35 deltagare.\",Anna Andersson,Polisen,anna,"
	"2024-04-30T14:02:11Z,,draft\r\n"
	"Jönköpings kommun,2024,1,Krogar mot knark,Polisen; Jönköpings kommun,2,done,Genomförd,"
	"\"13/1 Österängen\n19/1 Sannaängen\",Anna Andersson,Polisen,anna,2024-04-30T14:02:11Z,,draft\r\n"
	"Jönköpings kommun,2024,1,Krogar mot knark,Polisen; Jönköpings kommun,3,missing,Saknas,"
	",,,,,,\r\n"
	"Jönköpings kommun,2024,3,Trygg Trapp,,1,not-started,Ej påbörjad,,Bo Ek,Polisen,anna,"
	"2024-04-30T14:02:11Z,,draft\r\n"
	"Jönköpings kommun,2024,3,Trygg Trapp,,2,missing,Saknas,,,,,,,\r\n"
	"Jönköpings kommun,2024,3,Trygg Trapp,,3,missing,Saknas,,,,,,,\r\n";

static void test_golden_html(void **state)
{
	(void)state;
	char *s = export_one(EXPORT_HTML, sample_promise);
	assert_string_equal(s, golden_html);
	free(s);
}

static void test_golden_txt(void **state)
{
	(void)state;
	char *s = export_one(EXPORT_TXT, sample_promise);
	assert_string_equal(s, golden_txt);
	free(s);
}

static void test_golden_csv(void **state)
{
	(void)state;
	char *s = export_one(EXPORT_CSV, sample_promise);
	assert_string_equal(s, golden_csv);
	free(s);
}

/* export_promises is the export_* function of the format; Markdown is
 * the document format, one blank line between promises. */
static void test_dispatch(void **state)
{
	(void)state;
	struct promise p[2];
	sample_promise(&p[0]);
	make_promise(&p[1], "Habo kommun", 2023, "Medborgarlöfte Habo", "");
	struct strbuf want;
	strbuf_init(&want);
	doc_write_promise(&want, &p[0]);
	strbuf_addc(&want, '\n');
	doc_write_promise(&want, &p[1]);
	char *md = run_export(EXPORT_MD, p, 2);
	assert_string_equal(md, want.buf);
	strbuf_reset(&want);
	export_html(&want, p, 2);
	char *html = run_export(EXPORT_HTML, p, 2);
	assert_string_equal(html, want.buf);
	free(md);
	free(html);
	strbuf_free(&want);
	promise_free(&p[0]);
	promise_free(&p[1]);
}

static void test_format_parse(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		enum export_format format;
	} ok[] = {
		{"md", EXPORT_MD}, {"html", EXPORT_HTML}, {"txt", EXPORT_TXT},
		{"csv", EXPORT_CSV}, {"json", EXPORT_JSON},
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		enum export_format f = EXPORT_JSON;
		assert_int_equal(export_format_parse(ok[i].name, &f), 0);
		assert_int_equal(f, ok[i].format);
	}
	static const char *const bad[] = {"", "HTML", "Md", "markdown", "htm", "csv ", " txt",
	                                  "jsonl", "text"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		enum export_format f = EXPORT_CSV;
		assert_int_equal(export_format_parse(bad[i], &f), -1);
		assert_int_equal(f, EXPORT_CSV);
	}
	enum export_format f;
	assert_int_equal(export_format_parse(NULL, &f), -1);
}

/* --- HTML ------------------------------------------------------------ */

#define EVIL "<script>alert(1)</script> \"citat\" & 'apostrof'"
#define EVIL_ESCAPED "&lt;script&gt;alert(1)&lt;/script&gt; &quot;citat&quot; &amp; &#39;apostrof&#39;"

static void evil_promise(struct promise *p)
{
	make_promise(p, "Kommun " EVIL, 2024, "Löfte " EVIL, "Inledning " EVIL);
	struct commitment *c = add_activity(p, "Aktivitet " EVIL, "Beskrivning " EVIL,
	                                    "Part " EVIL);
	set_followup(c, 1, STATUS_DELAYED, "Text " EVIL, "Namn " EVIL);
}

static void test_html_escape_function(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	html_escape(&sb, "<a href=\"x\">'&amp;'</a> åäö");
	assert_string_equal(sb.buf, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;amp;&#39;&lt;/a&gt; åäö");
	strbuf_reset(&sb);
	html_escape(&sb, NULL);
	assert_string_equal(sb.buf, "");
	/* noncharacters (U+FDD0, U+FFFE), a lone byte and ESC never reach
	 * the page raw */
	strbuf_reset(&sb);
	html_escape(&sb, "a\xEF\xB7\x90" "b\xEF\xBF\xBE" "c\xC3" "d\x1b");
	assert_string_equal(sb.buf, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d\xE2\x90\x9B");
	strbuf_free(&sb);
}

static void test_html_escapes_everything(void **state)
{
	(void)state;
	char *s = export_one(EXPORT_HTML, evil_promise);
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "'apostrof"));
	assert_null(strstr(s, "\"citat"));
	assert_non_null(strstr(s, "<title>Uppföljning av medborgarlöften – Kommun " EVIL_ESCAPED
	                          " 2024</title>"));
	assert_non_null(strstr(s, ">Uppföljning av medborgarlöften för Kommun " EVIL_ESCAPED
	                          "</h1>"));
	assert_non_null(strstr(s, "<h2>Löfte " EVIL_ESCAPED "</h2>"));
	assert_non_null(strstr(s, "<p>Inledning " EVIL_ESCAPED "</p>"));
	assert_non_null(strstr(s, "<li>Aktivitet " EVIL_ESCAPED " – Beskrivning " EVIL_ESCAPED
	                          "</li>"));
	assert_non_null(strstr(s, ">Aktivitet " EVIL_ESCAPED "</h3>"));
	assert_non_null(strstr(s, "Ansvariga: Part " EVIL_ESCAPED "</p>"));
	assert_non_null(strstr(s, "<p>Text " EVIL_ESCAPED "</p>"));
	assert_non_null(strstr(s, "Status: Försenad"));
	/* title, h1, introduction, h2 (twice: promise and follow-up), li
	 * (twice: title and description), h3, caption, responsible, text */
	assert_int_equal(count(s, "&lt;script&gt;alert(1)&lt;/script&gt;"), 11);
	free(s);
}

static void test_html_structure(void **state)
{
	(void)state;
	char *s = export_one(EXPORT_HTML, sample_promise);
	static const char start[] = "<!DOCTYPE html>\n<html lang=\"sv\">\n";
	assert_memory_equal(s, start, sizeof start - 1);
	assert_non_null(strstr(s, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(s, "<meta name=\"viewport\""));
	assert_non_null(strstr(s, "<main>\n"));
	assert_int_equal(count(s, "<th scope=\"col\">Tertial "), 6);
	assert_int_equal(count(s, "<caption"), 2);
	assert_non_null(strstr(s, "<p class=\"status status-in-progress\">Status: Pågår</p>"));
	assert_int_equal(count(s, ">Ingen uppföljning ännu</p>"), 3);
	assert_int_equal(count(s, "<td>"), 6);
	assert_int_equal(count(s, "</td>"), 6);
	/* archived: neither in the list nor as a table */
	assert_null(strstr(s, "Gammal aktivitet"));
	assert_null(strstr(s, "Arkiverad text"));
	assert_null(strstr(s, "borttagen"));
	free(s);
}

static void paragraph_promise(struct promise *p)
{
	make_promise(p, "Habo kommun", 2024, "Löfte", "Första stycket.\nRad två.\n\n\nAndra stycket.");
	struct commitment *c = add_activity(p, "A", "rad ett\nrad två", NULL);
	set_followup(c, 2, STATUS_DONE, "Rad ett\r\nRad två  \r\n\r\nSista", "X");
	set_followup(c, 3, STATUS_DONE, "\nEtt\n\t\nTvå\nTre\n\n", "X");
}

static void test_html_paragraphs(void **state)
{
	(void)state;
	char *s = export_one(EXPORT_HTML, paragraph_promise);
	assert_non_null(strstr(s, "</h1>\n<p>Första stycket.<br>\nRad två.</p>\n"
	                          "<p>Andra stycket.</p>\n<h2>"));
	assert_non_null(strstr(s, "<li>A – rad ett<br>\nrad två</li>"));
	assert_non_null(strstr(s, "Status: Genomförd</p>\n<p>Ett</p>\n<p>Två<br>\nTre</p>\n</td>"));
	assert_non_null(strstr(s, "Status: Genomförd</p>\n<p>Rad ett<br>\nRad två</p>\n"
	                          "<p>Sista</p>\n</td>"));
	assert_null(strstr(s, "<p></p>"));
	assert_null(strchr(s, '\r'));
	free(s);
}

/* Two promises: one section and one h1 each, unique ids, a title
 * naming no single municipality. */
static void test_html_several_promises(void **state)
{
	(void)state;
	struct promise p[2];
	sample_promise(&p[0]);
	paragraph_promise(&p[1]);
	char *s = run_export(EXPORT_HTML, p, 2);
	assert_non_null(strstr(s, "<title>Uppföljning av medborgarlöften</title>"));
	assert_int_equal(count(s, "<section "), 2);
	assert_int_equal(count(s, "<h1 "), 2);
	assert_int_equal(count(s, "<main>"), 1);
	assert_int_equal(count(s, "<!DOCTYPE"), 1);
	assert_non_null(strstr(s, "id=\"p1-a2\""));
	assert_non_null(strstr(s, "id=\"p2-a1\""));
	assert_non_null(strstr(s, "för Habo kommun 2024</h2>"));
	free(s);
	promise_free(&p[0]);
	promise_free(&p[1]);
	s = run_export(EXPORT_HTML, p, 0);
	assert_non_null(strstr(s, "<main>\n<h1>Uppföljning av medborgarlöften</h1>\n<p>"));
	free(s);
}

/* Control characters are invalid in HTML and dangerous on a terminal. */
static void control_promise(struct promise *p)
{
	make_promise(p, "Kommun\x1b[2J", 2024, "Titel\x07", "Inledning\x1b]0;x\x07 och \x7f och \xc2\x9b.");
	struct commitment *c = add_activity(p, "Akt\x1b[31mivitet", "Be\x01skrivning", "Po\x1blisen");
	set_followup(c, 1, STATUS_IN_PROGRESS, "Rad\x07 ett\r\nRad\x0b två\x0c \xff slut", "N\x1b");
}

/* Only TAB and LF below space; no DEL, no C1, and valid UTF-8. */
static void assert_no_controls(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		assert_true(*p >= 0x20 || *p == '\n' || *p == '\t');
		assert_true(*p != 0x7f);
		assert_false(p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0);
		assert_true(*p != 0xff);
	}
}

static void test_html_control_chars(void **state)
{
	(void)state;
	char *s = export_one(EXPORT_HTML, control_promise);
	assert_no_controls(s);
	assert_non_null(strstr(s, "Akt"));
	assert_non_null(strstr(s, "ivitet"));
	free(s);
}

/* A rough well-formedness check: every element that is opened is closed
 * as often (the real check is tidy or the W3C validator, by hand). */
static void test_html_balanced(void **state)
{
	(void)state;
	static const char *const tags[] = {"html", "head", "title", "style", "body", "main",
	                                   "section", "h1", "h2", "h3", "p", "ul", "li", "div",
	                                   "table", "caption", "thead", "tbody", "tr", "th", "td"};
	struct promise p[3];
	sample_promise(&p[0]);
	evil_promise(&p[1]);
	paragraph_promise(&p[2]);
	char *s = run_export(EXPORT_HTML, p, 3);
	for (size_t i = 0; i < sizeof tags / sizeof *tags; i++) {
		char open1[32], open2[32], close[32];
		snprintf(open1, sizeof open1, "<%s>", tags[i]);
		snprintf(open2, sizeof open2, "<%s ", tags[i]);
		snprintf(close, sizeof close, "</%s>", tags[i]);
		assert_int_equal(count(s, open1) + count(s, open2), count(s, close));
	}
	free(s);
	for (size_t i = 0; i < 3; i++)
		promise_free(&p[i]);
}

/* --- plain text ------------------------------------------------------ */

static void test_txt_control_chars(void **state)
{
	(void)state;
	char *s = export_one(EXPORT_TXT, control_promise);
	assert_no_controls(s);
	assert_null(strchr(s, '\r'));
	assert_non_null(strstr(s, "Kommun\xe2\x90\x9b[2J"));   /* ESC shown as U+241B */
	free(s);
}

static void test_txt_escapes_nothing(void **state)
{
	(void)state;
	char *s = export_one(EXPORT_TXT, evil_promise);
	assert_non_null(strstr(s, "Text " EVIL "\n"));
	assert_non_null(strstr(s, "Tertial 1 (jan–apr) – Försenad\n"));
	free(s);
}

static void test_txt_archived_and_lists(void **state)
{
	(void)state;
	char *s = export_one(EXPORT_TXT, sample_promise);
	assert_null(strstr(s, "Gammal aktivitet"));
	assert_null(strstr(s, "Arkiverad text"));
	free(s);
	s = export_one(EXPORT_TXT, paragraph_promise);
	assert_non_null(strstr(s, "- A – rad ett\n  rad två\n"));
	/* the stored (canonical) form: LF, no trailing blanks or blank lines */
	assert_non_null(strstr(s, "– Genomförd\n\nRad ett\nRad två\n\nSista\n\nTertial 3"));
	assert_non_null(strstr(s, "– Genomförd\n\nEtt\n\nTvå\nTre\n"));
	assert_null(strchr(s, '\r'));
	free(s);
}

/* --- CSV ------------------------------------------------------------- */

/* A strict RFC 4180 reader: records end in CRLF, a bare CR or LF is only
 * allowed inside quotes.  Returns the number of records or -1. */
#define CSV_ROWS 32
#define CSV_COLS 16

struct csv {
	char *f[CSV_ROWS][CSV_COLS];
	size_t cols[CSV_ROWS];
	size_t rows;
};

static const char *csv_read_quoted(const char *s, struct strbuf *field)
{
	for (s++;; s++) {
		if (!*s)
			return NULL;
		if (*s == '"' && s[1] != '"')
			return s + 1;
		if (*s == '"')
			s++;
		strbuf_addc(field, *s);
	}
}

static const char *csv_read_plain(const char *s, struct strbuf *field)
{
	for (; *s && *s != ',' && *s != '\r' && *s != '\n'; s++) {
		if (*s == '"')
			return NULL;
		strbuf_addc(field, *s);
	}
	return s;
}

static int csv_read(const char *s, struct csv *t)
{
	memset(t, 0, sizeof *t);
	size_t col = 0;
	while (*s) {
		if (t->rows == CSV_ROWS || col == CSV_COLS)
			return -1;
		struct strbuf field;
		strbuf_init(&field);
		s = *s == '"' ? csv_read_quoted(s, &field) : csv_read_plain(s, &field);
		t->f[t->rows][col++] = strbuf_detach(&field);
		if (!s)
			return -1;
		if (*s == ',') {
			s++;
		} else if (s[0] == '\r' && s[1] == '\n') {
			t->cols[t->rows++] = col;
			col = 0;
			s += 2;
		} else {
			return -1;
		}
	}
	return col ? -1 : (int)t->rows;
}

static void csv_free(struct csv *t)
{
	for (size_t r = 0; r < CSV_ROWS; r++)
		for (size_t c = 0; c < CSV_COLS; c++)
			free(t->f[r][c]);
}

static void csv_promise(struct promise *p)
{
	make_promise(p, "Kommun, \"med\" komma", 2024, "Löfte", "");
	struct commitment *c = add_activity(p, "=HYPERLINK(\"http://x\")", "",
	                                    "+Polisen|@kommun");
	set_followup(c, 1, STATUS_DONE, "-5 och \"citat\", komma\r\nrad två\n\nåäö ÅÄÖ", "\tTab");
	set_followup(c, 3, STATUS_CANCELLED, "\rCR först", "Namn");
	c = add_activity(p, "Arkiverad", "", NULL);
	c->archived = 1;
	c = add_activity(p, "Vanlig", "", "Polisen");
}

static void test_csv_round_trip(void **state)
{
	(void)state;
	char *s = export_one(EXPORT_CSV, csv_promise);
	struct csv t;
	assert_int_equal(csv_read(s, &t), 1 + 3 * 2);
	for (size_t r = 0; r < t.rows; r++)
		assert_int_equal(t.cols[r], 15);
	assert_string_equal(t.f[0][0], "municipality");
	assert_string_equal(t.f[0][12], "updated_at");
	assert_string_equal(t.f[1][0], "Kommun, \"med\" komma");
	assert_string_equal(t.f[1][1], "2024");
	assert_string_equal(t.f[1][2], "1");
	assert_string_equal(t.f[1][3], "'=HYPERLINK(\"http://x\")");
	assert_string_equal(t.f[1][4], "'+Polisen; @kommun");
	assert_string_equal(t.f[1][5], "1");
	assert_string_equal(t.f[1][6], "done");
	assert_string_equal(t.f[1][7], "Genomförd");
	assert_string_equal(t.f[1][8], "'-5 och \"citat\", komma\r\nrad två\n\nåäö ÅÄÖ");
	assert_string_equal(t.f[1][9], "'\tTab");
	assert_string_equal(t.f[2][5], "2");
	assert_string_equal(t.f[2][6], "missing");
	assert_string_equal(t.f[2][8], "");
	assert_string_equal(t.f[3][6], "cancelled");
	assert_string_equal(t.f[3][8], "\u240dCR först");   /* a lone CR is shown, never a formula */
	assert_string_equal(t.f[4][2], "3");   /* position, after the archived one */
	assert_string_equal(t.f[4][3], "Vanlig");
	assert_string_equal(t.f[6][5], "3");
	assert_null(strstr(s, "Arkiverad"));
	csv_free(&t);
	free(s);
}

static void test_csv_field(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"enkel", "enkel"},
		{"", ""},
		{"a,b", "\"a,b\""},
		{"sa \"hej\"", "\"sa \"\"hej\"\"\""},
		{"rad\nrad", "\"rad\nrad\""},
		{"rad\r\nrad", "\"rad\r\nrad\""},
		{"=1+2", "'=1+2"},
		{"+46 36 10 50 00", "'+46 36 10 50 00"},
		{"-5", "'-5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tflik", "'\tflik"},
		{"\rcr", "\u240dcr"},
		{"a\rb\r\nc", "\"a\u240db\r\nc\""},
		{"\033]2;x\007=1", "\u241b]2;x\u2407=1"},
		{"C1 \302\233 bidi \342\200\256 fel \377", "C1 \ufffd bidi \ufffd fel \ufffd"},
		{"=A1,\"x\"", "\"'=A1,\"\"x\"\"\""},
		{"a=b", "a=b"},
		{"'redan", "'redan"},
		{"åäö ÅÄÖ", "åäö ÅÄÖ"},
	};
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		strbuf_reset(&sb);
		csv_field(&sb, cases[i][0]);
		assert_string_equal(sb.buf, cases[i][1]);
	}
	strbuf_reset(&sb);
	csv_field(&sb, NULL);
	assert_string_equal(sb.buf, "");
	strbuf_free(&sb);
}

/* Every record ends in CRLF; LF alone appears only inside quotes. */
static void test_csv_crlf(void **state)
{
	(void)state;
	char *s = export_one(EXPORT_CSV, sample_promise);
	int quoted = 0;
	size_t records = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		if (*p == '\n' && !quoted) {
			assert_true(p > s && p[-1] == '\r');
			records++;
		}
	}
	assert_int_equal(records, 1 + 3 * 2);
	assert_true(strlen(s) > 2 && strcmp(s + strlen(s) - 2, "\r\n") == 0);
	assert_false((unsigned char)s[0] == 0xef);   /* no byte order mark */
	free(s);
}

/* --- Swedish text in every format ------------------------------------ */

static void swedish_promise(struct promise *p)
{
	make_promise(p, "Ödeshögs kommun", 2024, "Medborgarlöfte Ödeshög", "Målet är ökad trygghet.");
	struct commitment *c = add_activity(p, "Trygghetsvandring på Åsen", "för äldre",
	                                    "Räddningstjänsten");
	set_followup(c, 2, STATUS_IN_PROGRESS, "Sjösäkerhet, älgjakt och övningar.", "Åsa Öberg");
}

static void test_swedish_intact(void **state)
{
	(void)state;
	static const enum export_format formats[] = {EXPORT_HTML, EXPORT_TXT, EXPORT_CSV};
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		char *s = export_one(formats[i], swedish_promise);
		assert_non_null(strstr(s, "Ödeshögs kommun"));
		assert_non_null(strstr(s, "Trygghetsvandring på Åsen"));
		assert_non_null(strstr(s, "Räddningstjänsten"));
		assert_non_null(strstr(s, "Sjösäkerhet, älgjakt och övningar."));
		assert_non_null(strstr(s, "Pågår"));
		free(s);
	}
	char *s = export_one(EXPORT_CSV, swedish_promise);
	assert_non_null(strstr(s, ",Åsa Öberg,"));
	free(s);
}

int main(void)
{
	/* The plain text underlines headings by display width. */
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_golden_html),
		cmocka_unit_test(test_golden_txt),
		cmocka_unit_test(test_golden_csv),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_html_escape_function),
		cmocka_unit_test(test_html_escapes_everything),
		cmocka_unit_test(test_html_structure),
		cmocka_unit_test(test_html_paragraphs),
		cmocka_unit_test(test_html_several_promises),
		cmocka_unit_test(test_html_control_chars),
		cmocka_unit_test(test_html_balanced),
		cmocka_unit_test(test_txt_control_chars),
		cmocka_unit_test(test_txt_escapes_nothing),
		cmocka_unit_test(test_txt_archived_and_lists),
		cmocka_unit_test(test_csv_round_trip),
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_csv_crlf),
		cmocka_unit_test(test_swedish_intact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
