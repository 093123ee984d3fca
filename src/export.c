/* export.c - the published forms of a promise: a standalone HTML page in
 * the layout of the published follow-up page, plain text to paste into
 * the web CMS and CSV for spreadsheets.  Markdown is the document format
 * (docformat.c); JSON comes from the store.
 *
 * Archived activities are kept in the database for the history but are
 * never published, so every exporter here skips them. */
#include "export.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docformat.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#define PAGE_TITLE "Uppföljning av medborgarlöften"
#define LIST_HEADING "Aktiviteter kopplat till medborgarlöften"
#define FOLLOWUP_HEADING "Uppföljning av aktiviteter kopplat till medborgarlöften för"
#define MISSING_SV "Ingen uppföljning ännu"
#define NO_ACTIVITIES_SV "Inga aktiviteter."
#define REPLACEMENT_CHAR "\xEF\xBF\xBD"

/* --- common ---------------------------------------------------------- */

static const char *nz(const char *s)
{
	return s ? s : "";
}

static int published(const struct commitment *c)
{
	return !c->archived;
}

static size_t count_published(const struct promise *p)
{
	size_t n = 0;
	for (size_t k = 0; k < p->n_commitments; k++)
		n += (size_t)published(&p->commitments[k]);
	return n;
}

/* Headings must never be empty (an empty heading is announced as
 * nothing by a screen reader), so untitled values get a stand-in. */
static void promise_title(struct strbuf *out, const struct promise *p)
{
	if (p->title && p->title[0])
		strbuf_adds(out, p->title);
	else
		strbuf_addf(out, "Medborgarlöfte %s %d", nz(p->municipality), p->year);
}

static void commitment_title(struct strbuf *out, const struct commitment *c)
{
	if (c->title && c->title[0])
		strbuf_adds(out, c->title);
	else
		strbuf_addf(out, "Aktivitet %d", c->position);
}

static void join_list(struct strbuf *out, const struct strlist *l, const char *sep)
{
	for (size_t k = 0; k < l->len; k++) {
		if (k)
			strbuf_adds(out, sep);
		strbuf_adds(out, l->items[k]);
	}
}

/* --- format names and dispatch --------------------------------------- */

static const char *const format_names[] = {
	[EXPORT_MD] = "md",
	[EXPORT_HTML] = "html",
	[EXPORT_TXT] = "txt",
	[EXPORT_CSV] = "csv",
	[EXPORT_JSON] = "json",
};

int export_format_parse(const char *name, enum export_format *out)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*out = (enum export_format)i;
			return 0;
		}
	}
	return -1;
}

/* The document keeps every text exactly, control characters included,
 * so that a re-import gives back what was stored; only bytes that are
 * not UTF-8 (which the parser refuses, and lofte never stores) become
 * U+FFFD, so that the document can always be read back. */
static void export_md(struct strbuf *out, const struct promise *promises, size_t n)
{
	struct strbuf doc;
	strbuf_init(&doc);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addc(&doc, '\n');
		doc_write_promise(&doc, &promises[i]);
	}
	text_repair_utf8(out, doc.buf);
	strbuf_free(&doc);
}

void export_promises(struct strbuf *out, enum export_format format,
                     const struct promise *promises, size_t n)
{
	/* JSON is built by the store (store_export_json), not here. */
	assert(format != EXPORT_JSON);
	switch (format) {
	case EXPORT_MD:
		export_md(out, promises, n);
		break;
	case EXPORT_HTML:
		export_html(out, promises, n);
		break;
	case EXPORT_TXT:
		export_txt(out, promises, n);
		break;
	case EXPORT_CSV:
		export_csv(out, promises, n);
		break;
	case EXPORT_JSON:
		break;
	}
}

/* --- HTML: escaping -------------------------------------------------- */

/* U+FDD0..U+FDEF and U+xxFFFE, U+xxFFFF are parse errors in HTML. */
static int is_noncharacter(uint32_t cp)
{
	return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

static const char *html_entity(char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

/* Escapes s[0..n), which text_sanitize has already made valid UTF-8
 * without control characters. */
static void escape_clean(struct strbuf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *entity = html_entity(s[i]);
		if (entity) {
			strbuf_adds(out, entity);
			i++;
		} else if ((unsigned char)s[i] < 0x80) {
			strbuf_addc(out, s[i++]);
		} else {
			uint32_t cp;
			size_t len = utf8_decode(s + i, n - i, &cp);
			if (is_noncharacter(cp) || (cp == 0xFFFD && len == 1))
				strbuf_adds(out, REPLACEMENT_CHAR);
			else
				strbuf_add(out, s + i, len);
			i += len;
		}
	}
}

/* A multi-line text in the canonical form the store keeps (LF line
 * ends, no trailing blanks or blank lines at either end), made safe, so
 * a text pasted with CR LF or stray blank lines still reads cleanly. */
static void clean_text(struct strbuf *clean, const char *s)
{
	char *norm = text_normalize(nz(s));
	text_sanitize(clean, norm, 1);
	free(norm);
}

/* Control characters other than TAB and LF are invalid in an HTML
 * document, and invalid UTF-8 would make the whole page invalid; the
 * terminal-safe form has neither, and shows them as visible symbols. */
void html_escape(struct strbuf *out, const char *s)
{
	struct strbuf clean;
	strbuf_init(&clean);
	text_sanitize(&clean, nz(s), 1);
	escape_clean(out, clean.buf, clean.len);
	strbuf_free(&clean);
}

/* Escapes s[0..n) of clean text, each newline becoming a line break. */
static void html_lines(struct strbuf *out, const char *s, size_t n)
{
	const char *end = s + n;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *stop = nl ? nl : end;
		escape_clean(out, s, (size_t)(stop - s));
		if (!nl)
			break;
		strbuf_adds(out, "<br>\n");
		s = nl + 1;
	}
}

/* A short text inside an element (a list item): newlines as <br>. */
static void html_inline(struct strbuf *out, const char *s)
{
	struct strbuf clean;
	strbuf_init(&clean);
	clean_text(&clean, s);
	html_lines(out, clean.buf, clean.len);
	strbuf_free(&clean);
}

/* --- HTML: paragraphs ------------------------------------------------ */

static int line_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p == end || *p == '\n';
}

static const char *next_line(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl + 1 : end;
}

static const char *skip_blank_lines(const char *p, const char *end)
{
	while (p < end && line_blank(p, end))
		p = next_line(p, end);
	return p;
}

/* The end of the paragraph that starts at p: the end of its last line,
 * before that line's newline. */
static const char *paragraph_end(const char *p, const char *end)
{
	const char *last = p;
	while (p < end && !line_blank(p, end)) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		last = nl ? nl : end;
		p = nl ? nl + 1 : end;
	}
	return last;
}

/* The texts are written as in an e-mail: blank lines separate
 * paragraphs, a single newline is a line break (the lists of dates in
 * the published page rely on that). */
static void html_paragraphs(struct strbuf *out, const char *s)
{
	struct strbuf clean;
	strbuf_init(&clean);
	clean_text(&clean, s);
	const char *end = clean.buf + clean.len;
	for (const char *p = skip_blank_lines(clean.buf, end); p < end;
	     p = skip_blank_lines(p, end)) {
		const char *stop = paragraph_end(p, end);
		strbuf_adds(out, "<p>");
		html_lines(out, p, (size_t)(stop - p));
		strbuf_adds(out, "</p>\n");
		p = stop;
	}
	strbuf_free(&clean);
}

/* --- HTML: the page -------------------------------------------------- */

/* Small, readable and responsive: the three tertial columns keep a
 * usable width and scroll sideways on a phone instead of squeezing the
 * text; every colour has at least 4.5:1 contrast on white, and the
 * status is always written out, so colour is never the only cue. */
static const char html_css[] =
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
	"padding:0;border:0;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap}\n";

static void html_page_title(struct strbuf *out, const struct promise *promises, size_t n)
{
	strbuf_adds(out, PAGE_TITLE);
	if (n != 1)
		return;
	strbuf_adds(out, " – ");
	html_escape(out, promises[0].municipality);
	strbuf_addf(out, " %d", promises[0].year);
}

static void html_head(struct strbuf *out, const struct promise *promises, size_t n)
{
	strbuf_adds(out, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n"
	                 "<meta charset=\"utf-8\">\n"
	                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	                 "<title>");
	html_page_title(out, promises, n);
	strbuf_adds(out, "</title>\n<style>\n");
	strbuf_adds(out, html_css);
	strbuf_adds(out, "</style>\n</head>\n");
}

static void html_commitment_title(struct strbuf *out, const struct commitment *c)
{
	struct strbuf raw;
	strbuf_init(&raw);
	commitment_title(&raw, c);
	html_escape(out, raw.buf);
	strbuf_free(&raw);
}

static void html_activity_item(struct strbuf *out, const struct commitment *c)
{
	strbuf_adds(out, "<li>");
	html_commitment_title(out, c);
	if (c->description && c->description[0]) {
		strbuf_adds(out, " – ");
		html_inline(out, c->description);
	}
	strbuf_adds(out, "</li>\n");
}

static void html_activity_list(struct strbuf *out, const struct promise *p)
{
	strbuf_adds(out, "<h3>" LIST_HEADING "</h3>\n");
	if (!count_published(p)) {
		strbuf_adds(out, "<p>" NO_ACTIVITIES_SV "</p>\n");
		return;
	}
	strbuf_adds(out, "<ul>\n");
	for (size_t k = 0; k < p->n_commitments; k++)
		if (published(&p->commitments[k]))
			html_activity_item(out, &p->commitments[k]);
	strbuf_adds(out, "</ul>\n");
}

/* "Mål: fotpatruller ≥ 800; narkotikabrott ≥ 52", or nothing. */
static void targets_line(struct strbuf *out, const struct commitment *c)
{
	for (size_t k = 0; k < c->n_indicators; k++) {
		char *d = indicator_description(&c->indicators[k]);
		strbuf_addf(out, "%s%s", k ? "; " : "Mål: ", d);
		free(d);
	}
}

/* "fotpatruller: 312 av 800 (39 %); …" for one tertial, or nothing. */
static void outcomes_line(struct strbuf *out, const struct commitment *c, int tertial)
{
	for (size_t k = 0; k < c->n_indicators; k++) {
		char o[256];
		indicator_outcome_text(&c->indicators[k], tertial, o, sizeof o);
		if (o[0])
			strbuf_addf(out, "%s%s", out->len ? "; " : "", o);
	}
}

static void html_followup_cell(struct strbuf *out, const struct commitment *c, int tertial)
{
	const struct followup *f = &c->followups[tertial - 1];
	strbuf_adds(out, "<td>\n");
	if (!f->present) {
		strbuf_adds(out, "<p class=\"status status-missing\">" MISSING_SV "</p>\n");
	} else {
		strbuf_addf(out, "<p class=\"status status-%s\">Status: ", status_code(f->status));
		html_escape(out, status_label_sv(f->status));
		if (f->review != REVIEW_DRAFT) {
			strbuf_adds(out, " · ");
			html_escape(out, review_label_sv(f->review));
		}
		strbuf_adds(out, "</p>\n");
		struct strbuf o;
		strbuf_init(&o);
		outcomes_line(&o, c, tertial);
		if (o.len) {
			strbuf_adds(out, "<p class=\"outcome\">");
			html_escape(out, o.buf);
			strbuf_adds(out, "</p>\n");
		}
		strbuf_free(&o);
		html_paragraphs(out, f->text);
	}
	strbuf_adds(out, "</td>\n");
}

/* The table scrolls on narrow screens, so it must be reachable and
 * named for keyboard and screen-reader users (WCAG 2.1.1): a focusable
 * region labelled by the activity's heading. */
static void html_followup_table(struct strbuf *out, const struct commitment *c, const char *id)
{
	strbuf_addf(out, "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"%s\" "
	                 "tabindex=\"0\">\n<table>\n"
	                 "<caption class=\"visually-hidden\">Uppföljning per tertial: ", id);
	html_commitment_title(out, c);
	strbuf_adds(out, "</caption>\n<thead>\n<tr>");
	for (int t = 1; t <= TERTIALS; t++)
		strbuf_addf(out, "<th scope=\"col\">Tertial %d</th>", t);
	strbuf_adds(out, "</tr>\n</thead>\n<tbody>\n<tr>\n");
	for (int t = 1; t <= TERTIALS; t++)
		html_followup_cell(out, c, t);
	strbuf_adds(out, "</tr>\n</tbody>\n</table>\n</div>\n");
}

static void html_commitment(struct strbuf *out, const struct commitment *c, size_t pi, size_t ci)
{
	char id[64];
	snprintf(id, sizeof id, "p%zu-a%zu", pi, ci);
	strbuf_addf(out, "<h3 id=\"%s\">", id);
	html_commitment_title(out, c);
	strbuf_adds(out, "</h3>\n");
	if (c->responsible.len) {
		struct strbuf who;
		strbuf_init(&who);
		join_list(&who, &c->responsible, ", ");
		strbuf_adds(out, "<p class=\"responsible\">Ansvariga: ");
		html_escape(out, who.buf);
		strbuf_adds(out, "</p>\n");
		strbuf_free(&who);
	}
	struct strbuf targets;
	strbuf_init(&targets);
	targets_line(&targets, c);
	if (targets.len) {
		strbuf_adds(out, "<p class=\"targets\">");
		html_escape(out, targets.buf);
		strbuf_adds(out, "</p>\n");
	}
	strbuf_free(&targets);
	html_followup_table(out, c, id);
}

static void html_followups(struct strbuf *out, const struct promise *p, size_t pi)
{
	strbuf_adds(out, "<h2>" FOLLOWUP_HEADING " ");
	html_escape(out, p->municipality);
	strbuf_addf(out, " %d</h2>\n", p->year);
	if (!count_published(p))
		strbuf_adds(out, "<p>" NO_ACTIVITIES_SV "</p>\n");
	size_t ci = 0;
	for (size_t k = 0; k < p->n_commitments; k++)
		if (published(&p->commitments[k]))
			html_commitment(out, &p->commitments[k], pi, ++ci);
}

/* One section per promise, each with its own h1 exactly as on the
 * published page, so one promise or several give the same headings. */
static void html_promise(struct strbuf *out, const struct promise *p, size_t pi)
{
	strbuf_addf(out, "<section aria-labelledby=\"p%zu\">\n<h1 id=\"p%zu\">"
	                 PAGE_TITLE " för ", pi, pi);
	html_escape(out, p->municipality);
	strbuf_adds(out, "</h1>\n");
	html_paragraphs(out, p->description);
	struct strbuf title;
	strbuf_init(&title);
	promise_title(&title, p);
	strbuf_adds(out, "<h2>");
	html_escape(out, title.buf);
	strbuf_adds(out, "</h2>\n");
	strbuf_free(&title);
	html_activity_list(out, p);
	html_followups(out, p, pi);
	strbuf_adds(out, "</section>\n");
}

void export_html(struct strbuf *out, const struct promise *promises, size_t n)
{
	html_head(out, promises, n);
	strbuf_adds(out, "<body>\n<main>\n");
	if (!n)
		strbuf_adds(out, "<h1>" PAGE_TITLE "</h1>\n<p>Inga medborgarlöften att visa.</p>\n");
	for (size_t i = 0; i < n; i++)
		html_promise(out, &promises[i], i + 1);
	strbuf_adds(out, "</main>\n</body>\n</html>\n");
}

/* --- plain text ------------------------------------------------------ */

/* Plain text is pasted into the CMS or printed on a terminal, so control
 * characters are shown, never obeyed.  Paragraphs are kept as written
 * (not wrapped): the CMS wraps them itself. */

/* A heading underlined to its width: '=' for h1, '-' for h2, '~' for h3,
 * followed by a blank line. */
static void txt_heading(struct strbuf *out, const char *text, char underline)
{
	size_t start = out->len;
	text_sanitize(out, text, 0);
	int width = text_width(out->buf + start);
	strbuf_addc(out, '\n');
	for (int i = 0; i < width; i++)
		strbuf_addc(out, underline);
	strbuf_adds(out, "\n\n");
}

/* A block of text followed by a blank line; nothing when empty. */
static void txt_block(struct strbuf *out, const char *text)
{
	size_t start = out->len;
	clean_text(out, text);
	if (out->len > start)
		strbuf_adds(out, "\n\n");
}

/* Continuation lines of a list item are indented under its text, so a
 * multi-line description still reads as one item. */
static void txt_indented(struct strbuf *out, const char *text, const char *indent)
{
	struct strbuf clean;
	strbuf_init(&clean);
	clean_text(&clean, text);
	for (const char *p = clean.buf; *p; p++) {
		strbuf_addc(out, *p);
		if (*p == '\n')
			strbuf_adds(out, indent);
	}
	strbuf_free(&clean);
}

static void txt_activity_item(struct strbuf *out, const struct commitment *c)
{
	struct strbuf title;
	strbuf_init(&title);
	commitment_title(&title, c);
	strbuf_adds(out, "- ");
	txt_indented(out, title.buf, "  ");
	if (c->description && c->description[0]) {
		strbuf_adds(out, " – ");
		txt_indented(out, c->description, "  ");
	}
	strbuf_addc(out, '\n');
	strbuf_free(&title);
}

static void txt_activity_list(struct strbuf *out, const struct promise *p)
{
	txt_heading(out, LIST_HEADING, '~');
	if (!count_published(p)) {
		strbuf_adds(out, NO_ACTIVITIES_SV "\n\n");
		return;
	}
	for (size_t k = 0; k < p->n_commitments; k++)
		if (published(&p->commitments[k]))
			txt_activity_item(out, &p->commitments[k]);
	strbuf_addc(out, '\n');
}

static void txt_followup(struct strbuf *out, const struct commitment *c, int tertial)
{
	const struct followup *f = &c->followups[tertial - 1];
	strbuf_addf(out, "Tertial %d (%s) – %s%s%s\n\n", tertial, tertial_months_sv(tertial),
	            f->present ? status_label_sv(f->status) : MISSING_SV,
	            f->present && f->review != REVIEW_DRAFT ? " – " : "",
	            f->present && f->review != REVIEW_DRAFT ? review_label_sv(f->review) : "");
	struct strbuf o;
	strbuf_init(&o);
	outcomes_line(&o, c, tertial);
	if (o.len)
		txt_block(out, o.buf);
	strbuf_free(&o);
	if (f->present)
		txt_block(out, f->text);
}

static void txt_commitment(struct strbuf *out, const struct commitment *c)
{
	struct strbuf title;
	strbuf_init(&title);
	commitment_title(&title, c);
	txt_heading(out, title.buf, '~');
	strbuf_free(&title);
	if (c->responsible.len) {
		struct strbuf who;
		strbuf_init(&who);
		strbuf_adds(&who, "Ansvariga: ");
		join_list(&who, &c->responsible, ", ");
		txt_block(out, who.buf);
		strbuf_free(&who);
	}
	struct strbuf targets;
	strbuf_init(&targets);
	targets_line(&targets, c);
	if (targets.len)
		txt_block(out, targets.buf);
	strbuf_free(&targets);
	for (int t = 1; t <= TERTIALS; t++)
		txt_followup(out, c, t);
}

static void txt_promise(struct strbuf *out, const struct promise *p)
{
	struct strbuf line;
	strbuf_init(&line);
	strbuf_addf(&line, PAGE_TITLE " för %s", nz(p->municipality));
	txt_heading(out, line.buf, '=');
	txt_block(out, p->description);
	strbuf_reset(&line);
	promise_title(&line, p);
	txt_heading(out, line.buf, '-');
	txt_activity_list(out, p);
	strbuf_reset(&line);
	strbuf_addf(&line, FOLLOWUP_HEADING " %s %d", nz(p->municipality), p->year);
	txt_heading(out, line.buf, '-');
	strbuf_free(&line);
	for (size_t k = 0; k < p->n_commitments; k++)
		if (published(&p->commitments[k]))
			txt_commitment(out, &p->commitments[k]);
}

/* Every block ends in a blank line; the file ends in exactly one
 * newline. */
static void trim_blank_tail(struct strbuf *out, size_t start)
{
	while (out->len >= start + 2 && out->buf[out->len - 1] == '\n' &&
	       out->buf[out->len - 2] == '\n')
		out->buf[--out->len] = '\0';
}

void export_txt(struct strbuf *out, const struct promise *promises, size_t n)
{
	size_t start = out->len;
	for (size_t i = 0; i < n; i++)
		txt_promise(out, &promises[i]);
	trim_blank_tail(out, start);
}

/* --- CSV ------------------------------------------------------------- */

/* RFC 4180 with UTF-8 and CRLF line ends, and no byte order mark.
 * Excel in Sweden needs a BOM to read a .csv as UTF-8 (without one it
 * shows "Ã¶" for "ö"), but a BOM breaks most other readers: it becomes
 * part of the first column name in Python, R, awk and databases, and
 * `head`/`cut` pipelines carry it along.  Excel users import with
 * Data > From Text/CSV and choose UTF-8 (65001); scripts get clean
 * data. */

static const char csv_header[] =
	"municipality,year,position,activity,responsible,tertial,status,status_label,"
	"text,updated_by,department,login,updated_at,outcomes,review\r\n";

/* A cell starting with one of these is run as a formula by Excel,
 * LibreOffice and Google Sheets ("CSV injection"). */
static int csv_formula_start(char c)
{
	return c != '\0' && strchr("=+-@\t\r", c) != NULL;
}

/* A spreadsheet is not where a text is kept exactly (the Markdown and
 * JSON exports are), and a CSV file is often looked at with cat: control
 * characters are shown as symbols, as in the plain-text export.  Line
 * breaks (LF, CR LF) stay; a lone CR, which would let a line overwrite
 * itself on a terminal, is shown as a symbol too. */
static void csv_clean(struct strbuf *clean, const char *s)
{
	for (const char *crlf; (crlf = strstr(s, "\r\n")) != NULL; s = crlf + 2) {
		char *part = xstrndup(s, (size_t)(crlf - s));
		text_sanitize(clean, part, 1);
		strbuf_adds(clean, "\r\n");
		free(part);
	}
	text_sanitize(clean, s, 1);
}

void csv_field(struct strbuf *out, const char *raw)
{
	struct strbuf clean;
	strbuf_init(&clean);
	csv_clean(&clean, nz(raw));
	const char *s = clean.buf;
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		strbuf_addc(out, '"');
	if (csv_formula_start(s[0]))
		strbuf_addc(out, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			strbuf_addc(out, '"');
		strbuf_addc(out, *p);
	}
	if (quote)
		strbuf_addc(out, '"');
	strbuf_free(&clean);
}

/* The fields of one follow-up, from status to updated_at; a missing one
 * has the status "missing" and nothing else. */
static void csv_followup_fields(struct strbuf *out, const struct followup *f)
{
	const char *fields[] = {
		f->present ? status_code(f->status) : "missing",
		f->present ? status_label_sv(f->status) : "Saknas",
		f->present ? f->text : "",
		f->present ? f->stamp.name : "",
		f->present ? f->stamp.department : "",
		f->present ? f->stamp.login : "",
		f->present ? f->stamp.at : "",
	};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		strbuf_addc(out, ',');
		csv_field(out, fields[i]);
	}
}

/* The numeric columns (year, position, tertial) are written plainly: a
 * number is not a formula, and a ' would turn it into text. */
static void csv_row(struct strbuf *out, const struct promise *p, const struct commitment *c,
                    int tertial)
{
	struct strbuf who;
	strbuf_init(&who);
	join_list(&who, &c->responsible, "; ");
	csv_field(out, p->municipality);
	strbuf_addf(out, ",%d,%d,", p->year, c->position);
	csv_field(out, c->title);
	strbuf_addc(out, ',');
	csv_field(out, who.buf);
	strbuf_addf(out, ",%d", tertial);
	csv_followup_fields(out, &c->followups[tertial - 1]);
	struct strbuf o;
	strbuf_init(&o);
	outcomes_line(&o, c, tertial);
	strbuf_addc(out, ',');
	csv_field(out, o.buf);
	strbuf_free(&o);
	const struct followup *f = &c->followups[tertial - 1];
	strbuf_addf(out, ",%s\r\n", f->present ? review_code(f->review) : "");
	strbuf_free(&who);
}

void export_csv(struct strbuf *out, const struct promise *promises, size_t n)
{
	strbuf_adds(out, csv_header);
	for (size_t i = 0; i < n; i++) {
		const struct promise *p = &promises[i];
		for (size_t k = 0; k < p->n_commitments; k++) {
			if (!published(&p->commitments[k]))
				continue;
			for (int t = 1; t <= TERTIALS; t++)
				csv_row(out, p, &p->commitments[k], t);
		}
	}
}
