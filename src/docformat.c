/* docformat.c - the follow-up document format (man/lofte.5).
 *
 * The parser works line by line over a validated UTF-8 buffer.  Every
 * heading opens a section (promise, activity or tertial); right after it
 * comes a block of "Key: value" fields, then the section's body text up
 * to the next heading.  The writer produces the canonical form, which
 * the parser reads back to the same values. */
#include "docformat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

struct line {
	const char *s;
	size_t len;
};

enum level { LEVEL_NONE, LEVEL_PROMISE, LEVEL_ACTIVITY, LEVEL_TERTIAL };

struct parser {
	const char *name;
	struct line *lines;
	size_t n_lines;
	size_t i;                 /* the current line, 0-based */
	struct doc *doc;
	struct lerr *e;

	enum level level;         /* the open section */
	size_t heading;           /* its heading's line, 0-based */
	unsigned seen;            /* bit per field of the open section */
	int tertial;              /* the open tertial section's number */
	struct strbuf body;
	int *title_lines;         /* heading line of each activity of the promise */
	size_t cap_title_lines;
};

#define LINE_NO(i) ((int)(i) + 1)

static enum lofte_rc fail(struct parser *ps, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum lofte_rc fail(struct parser *ps, size_t line, const char *fmt, ...)
{
	char what[768];
	struct strbuf shown;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	/* The message quotes the document, whose text must not act on the
	 * terminal it is printed on (an escape sequence in a bad year). */
	strbuf_init(&shown);
	text_sanitize(&shown, what, 0);
	enum lofte_rc rc = lerr_set(ps->e, RC_FAIL, "%s:%d: %s", ps->name, LINE_NO(line), shown.buf);
	strbuf_free(&shown);
	return rc;
}

static struct promise *cur_promise(struct parser *ps)
{
	return &ps->doc->promises[ps->doc->n - 1];
}

static struct commitment *cur_activity(struct parser *ps)
{
	struct promise *p = cur_promise(ps);
	return &p->commitments[p->n_commitments - 1];
}

static struct followup *cur_tertial(struct parser *ps, int tertial)
{
	return &cur_activity(ps)->followups[tertial - 1];
}

static int is_blank(const struct line *l)
{
	for (size_t k = 0; k < l->len; k++)
		if (l->s[k] != ' ' && l->s[k] != '\t')
			return 0;
	return 1;
}

static int is_heading(const struct line *l)
{
	return l->len > 0 && l->s[0] == '#';
}

/* --- fields ---------------------------------------------------------- */

typedef enum lofte_rc (*field_fn)(struct parser *ps, const char *value);

struct field {
	const char *key;
	int required;
	field_fn set;
	int repeatable;   /* may stand on several lines (Mål, Utfall) */
};

static enum lofte_rc set_municipality(struct parser *ps, const char *v)
{
	if (!v[0])
		return fail(ps, ps->i, "Kommun is empty: name the municipality");
	cur_promise(ps)->municipality = xstrdup(v);
	return RC_OK;
}

static enum lofte_rc set_year(struct parser *ps, const char *v)
{
	int year = 0;
	size_t n = strlen(v);
	for (size_t k = 0; k < n; k++) {
		if (!isdigit((unsigned char)v[k]) || n != 4)
			return fail(ps, ps->i, "År: \"%s\" is not a year (four digits, e.g. 2024)", v);
		year = year * 10 + (v[k] - '0');
	}
	if (year < 1900)
		return fail(ps, ps->i, "År: %s is not a year (four digits, e.g. 2024)", v[0] ? v : "\"\"");
	cur_promise(ps)->year = year;
	return RC_OK;
}

/* "Sista dag tertial N: YYYY-MM-DD" */
static enum lofte_rc set_deadline(struct parser *ps, int tertial, const char *v)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = strptime(v, "%Y-%m-%d", &tm);
	if (strlen(v) != 10 || !end || *end)
		return fail(ps, ps->i, "Sista dag tertial %d: \"%s\" is not a date (YYYY-MM-DD)",
		            tertial, v);
	memcpy(cur_promise(ps)->deadline[tertial - 1], v, 11);
	return RC_OK;
}

static enum lofte_rc set_deadline_1(struct parser *ps, const char *v)
{
	return set_deadline(ps, 1, v);
}

static enum lofte_rc set_deadline_2(struct parser *ps, const char *v)
{
	return set_deadline(ps, 2, v);
}

static enum lofte_rc set_deadline_3(struct parser *ps, const char *v)
{
	return set_deadline(ps, 3, v);
}

static enum lofte_rc set_parties(struct parser *ps, const char *v)
{
	strlist_split(&cur_promise(ps)->parties, v);
	return RC_OK;
}

static enum lofte_rc set_responsible(struct parser *ps, const char *v)
{
	strlist_split(&cur_activity(ps)->responsible, v);
	return RC_OK;
}

static enum lofte_rc set_archived(struct parser *ps, const char *v)
{
	if (text_equal_fold(v, "ja"))
		cur_activity(ps)->archived = 1;
	else if (!text_equal_fold(v, "nej"))
		return fail(ps, ps->i, "Arkiverad: \"%s\" must be ja or nej", v);
	return RC_OK;
}

static enum lofte_rc set_status(struct parser *ps, const char *v)
{
	enum status s;
	if (status_parse(v, &s) != 0)
		return fail(ps, ps->i,
		            "Status: \"%s\" is not a status (Ej påbörjad, Pågår, Genomförd, Försenad, Avbruten)",
		            v);
	cur_tertial(ps, ps->tertial)->status = s;
	return RC_OK;
}

static const struct field promise_fields[] = {
	{"Kommun", 1, set_municipality, 0},
	{"År", 1, set_year, 0},
	{"Parter", 0, set_parties, 0},
	{"Sista dag tertial 1", 0, set_deadline_1, 0},
	{"Sista dag tertial 2", 0, set_deadline_2, 0},
	{"Sista dag tertial 3", 0, set_deadline_3, 0},
	{NULL, 0, NULL, 0},
};

/* "Mål: fotpatruller ≥ 800" */
static enum lofte_rc set_target(struct parser *ps, const char *v)
{
	struct indicator ind;
	if (indicator_parse(v, &ind) != 0)
		return fail(ps, ps->i, "Mål: \"%s\" is not NAME ≥ NUMBER or NAME ≤ NUMBER", v);
	struct commitment *c = cur_activity(ps);
	for (size_t k = 0; k < c->n_indicators; k++)
		if (text_equal_fold(c->indicators[k].name, ind.name)) {
			free(ind.name);
			return fail(ps, ps->i, "Mål: \"%s\" is given twice", c->indicators[k].name);
		}
	commitment_add_indicator(c, &ind, 0);
	free(ind.name);
	return RC_OK;
}

static const struct field activity_fields[] = {
	{"Ansvariga", 0, set_responsible, 0},
	{"Arkiverad", 0, set_archived, 0},
	{"Mål", 0, set_target, 1},
	{NULL, 0, NULL, 0},
};

static enum lofte_rc set_review(struct parser *ps, const char *v)
{
	enum review r;
	if (review_parse(v, &r) != 0)
		return fail(ps, ps->i,
		            "Granskning: \"%s\" is not a review state (utkast, klar för granskning, "
		            "godkänd)",
		            v);
	cur_tertial(ps, ps->tertial)->review = r;
	return RC_OK;
}

static enum lofte_rc set_comment(struct parser *ps, const char *v)
{
	struct followup *f = cur_tertial(ps, ps->tertial);
	free(f->review_comment);
	f->review_comment = xstrdup(v);
	return RC_OK;
}

/* "Utfall: fotpatruller = 312", for a target of the activity. */
static enum lofte_rc set_outcome(struct parser *ps, const char *v)
{
	const char *eq = strrchr(v, '=');
	double value;
	char *name = eq ? xstrndup(v, (size_t)(eq - v)) : NULL;
	char *clean = name ? text_normalize_line(name) : NULL;
	char *num = eq ? text_normalize_line(eq + 1) : NULL;
	enum lofte_rc rc = RC_OK;
	struct commitment *c = cur_activity(ps);
	struct indicator *ind = NULL;
	for (size_t k = 0; clean && k < c->n_indicators; k++)
		if (text_equal_fold(c->indicators[k].name, clean))
			ind = &c->indicators[k];
	if (!eq || number_parse(num, &value) != 0)
		rc = fail(ps, ps->i, "Utfall: \"%s\" is not NAME = NUMBER", v);
	else if (!ind)
		rc = fail(ps, ps->i, "Utfall: \"%s\" is not a Mål of this activity", clean);
	else if (ind->has_outcome[ps->tertial - 1])
		rc = fail(ps, ps->i, "Utfall: \"%s\" is given twice", clean);
	if (rc == RC_OK) {
		ind->has_outcome[ps->tertial - 1] = 1;
		ind->outcome[ps->tertial - 1] = value;
	}
	free(name);
	free(clean);
	free(num);
	return rc;
}

static const struct field tertial_fields[] = {
	{"Status", 1, set_status, 0},
	{"Granskning", 0, set_review, 0},
	{"Kommentar", 0, set_comment, 0},
	{"Utfall", 0, set_outcome, 1},
	{NULL, 0, NULL, 0},
};

static const struct field *fields_of(enum level level)
{
	switch (level) {
	case LEVEL_PROMISE: return promise_fields;
	case LEVEL_ACTIVITY: return activity_fields;
	case LEVEL_TERTIAL: return tertial_fields;
	default: return NULL;
	}
}

static const char *level_heading(enum level level)
{
	switch (level) {
	case LEVEL_PROMISE: return "'# ' promise";
	case LEVEL_ACTIVITY: return "'## ' activity";
	default: return "'### Tertial' follow-up";
	}
}

/* The field of this level that line l sets ("Key:" or "Key: value"), or
 * -1.  *value points just after the colon and space. */
static int match_field(const struct field *f, const struct line *l, const char **value)
{
	for (int k = 0; f[k].key; k++) {
		size_t kl = strlen(f[k].key);
		if (l->len > kl && memcmp(l->s, f[k].key, kl) == 0 && l->s[kl] == ':' &&
		    (l->len == kl + 1 || l->s[kl + 1] == ' ')) {
			*value = l->s + kl + 1;
			return k;
		}
	}
	return -1;
}

static void allowed_keys(struct strbuf *sb, const struct field *f)
{
	for (int k = 0; f[k].key; k++)
		strbuf_addf(sb, "%s%s", k ? ", " : "", f[k].key);
}

static enum lofte_rc read_field(struct parser *ps, const struct field *f)
{
	const struct line *l = &ps->lines[ps->i];
	const char *value;
	int k = match_field(f, l, &value);
	if (k < 0) {
		struct strbuf keys;
		strbuf_init(&keys);
		allowed_keys(&keys, f);
		/* A line is not NUL-terminated: look for the colon within it. */
		const char *c = memchr(l->s, ':', l->len);
		size_t colon = c ? (size_t)(c - l->s) : l->len;
		enum lofte_rc rc;
		if (colon < l->len && colon < 40)
			rc = fail(ps, ps->i, "unknown field \"%.*s\" after a %s heading (allowed: %s)",
			          (int)colon, l->s, level_heading(ps->level), keys.buf);
		else
			rc = fail(ps, ps->i,
			          "expected \"Key: value\" (%s) or a blank line before the text",
			          keys.buf);
		strbuf_free(&keys);
		return rc;
	}
	if ((ps->seen & (1u << k)) && !f[k].repeatable)
		return fail(ps, ps->i, "field \"%s\" given twice", f[k].key);
	ps->seen |= 1u << k;
	char *raw = xstrndup(value, (size_t)(l->s + l->len - value));
	char *v = text_normalize_line(raw);
	enum lofte_rc rc = f[k].set(ps, v);
	free(v);
	free(raw);
	return rc;
}

/* Reads the field block after a heading: blank lines, then consecutive
 * "Key: value" lines when the first of them names a field of this level. */
static enum lofte_rc read_fields(struct parser *ps)
{
	const struct field *f = fields_of(ps->level);
	while (ps->i < ps->n_lines && is_blank(&ps->lines[ps->i]))
		ps->i++;
	const char *value;
	if (ps->i >= ps->n_lines || match_field(f, &ps->lines[ps->i], &value) < 0)
		return RC_OK;
	while (ps->i < ps->n_lines && !is_blank(&ps->lines[ps->i]) && !is_heading(&ps->lines[ps->i])) {
		enum lofte_rc rc = read_field(ps, f);
		if (rc != RC_OK)
			return rc;
		ps->i++;
	}
	return RC_OK;
}

static enum lofte_rc check_required(struct parser *ps)
{
	const struct field *f = fields_of(ps->level);
	for (int k = 0; f && f[k].key; k++)
		if (f[k].required && !(ps->seen & (1u << k)))
			return fail(ps, ps->heading, "missing \"%s:\" line right after this heading",
			            f[k].key);
	return RC_OK;
}

/* --- bodies ---------------------------------------------------------- */

/* Adds a body line, removing the escaping backslash (man/lofte.5). */
static void add_body_line(struct parser *ps, const struct line *l)
{
	size_t lead = 0;
	while (lead < l->len && (l->s[lead] == ' ' || l->s[lead] == '\t'))
		lead++;
	strbuf_add(&ps->body, l->s, lead);
	if (lead < l->len && l->s[lead] == '\\')
		lead++;
	strbuf_add(&ps->body, l->s + lead, l->len - lead);
	strbuf_addc(&ps->body, '\n');
}

/* Ends the open section: checks its fields and stores its body. */
static enum lofte_rc close_section(struct parser *ps)
{
	if (ps->level == LEVEL_NONE)
		return RC_OK;
	enum lofte_rc rc = check_required(ps);
	if (rc != RC_OK)
		return rc;
	char *text = text_normalize(ps->body.buf);
	strbuf_reset(&ps->body);
	switch (ps->level) {
	case LEVEL_PROMISE:
		cur_promise(ps)->description = text;
		break;
	case LEVEL_ACTIVITY:
		cur_activity(ps)->description = text;
		break;
	case LEVEL_TERTIAL:
		cur_tertial(ps, ps->tertial)->text = text;
		break;
	default:
		free(text);
	}
	return RC_OK;
}

/* --- headings -------------------------------------------------------- */

static enum lofte_rc check_unique_promise(struct parser *ps)
{
	struct promise *p = cur_promise(ps);
	for (size_t k = 0; k + 1 < ps->doc->n; k++) {
		struct promise *q = &ps->doc->promises[k];
		if (q->year == p->year && text_equal_fold(q->municipality, p->municipality))
			return fail(ps, ps->heading, "%s %d appears twice in this document",
			            p->municipality, p->year);
	}
	return RC_OK;
}

static enum lofte_rc open_promise(struct parser *ps, const char *title)
{
	if (!title[0])
		return fail(ps, ps->i, "the promise heading has no title ('# TITLE')");
	ps->doc->promises = xgrow(ps->doc->promises, &ps->doc->cap, ps->doc->n + 1,
	                          sizeof *ps->doc->promises);
	struct promise *p = &ps->doc->promises[ps->doc->n++];
	memset(p, 0, sizeof *p);
	p->title = xstrdup(title);
	ps->level = LEVEL_PROMISE;
	return RC_OK;
}

/* Splits "N. TITLE" into N (or 0 when there is no number) and TITLE. */
static const char *split_number(const char *s, long *number)
{
	const char *p = s;
	while (isdigit((unsigned char)*p))
		p++;
	*number = 0;
	if (p == s || p - s > 6 || p[0] != '.' || p[1] != ' ')
		return s;
	*number = strtol(s, NULL, 10);
	return p + 2;
}

static enum lofte_rc open_activity(struct parser *ps, const char *text)
{
	if (ps->doc->n == 0)
		return fail(ps, ps->i, "activity heading before any '# ' promise heading");
	struct promise *p = cur_promise(ps);
	long number;
	const char *title = split_number(text, &number);
	long expected = (long)p->n_commitments + 1;
	if (number && number != expected)
		return fail(ps, ps->i, "activity numbered %ld, expected %ld", number, expected);
	if (!title[0])
		return fail(ps, ps->i, "the activity heading has no title ('## N. TITLE')");
	for (size_t k = 0; k < p->n_commitments; k++)
		if (text_equal_fold(p->commitments[k].title, title))
			return fail(ps, ps->i, "activity \"%s\" appears twice (first at line %d)", title,
			            ps->title_lines[k]);
	ps->title_lines = xgrow(ps->title_lines, &ps->cap_title_lines, p->n_commitments + 1,
	                        sizeof *ps->title_lines);
	ps->title_lines[p->n_commitments] = LINE_NO(ps->i);
	struct commitment *c = promise_add_commitment(p);
	c->title = xstrdup(title);
	c->position = (int)p->n_commitments;
	ps->level = LEVEL_ACTIVITY;
	return RC_OK;
}

static enum lofte_rc open_tertial(struct parser *ps, const char *text)
{
	if (ps->doc->n == 0 || cur_promise(ps)->n_commitments == 0)
		return fail(ps, ps->i, "tertial heading outside an activity ('## ' comes first)");
	if (strncmp(text, "Tertial ", 8) != 0 || text[8] < '1' || text[8] > '3' || text[9])
		return fail(ps, ps->i, "expected '### Tertial 1', '### Tertial 2' or '### Tertial 3'");
	int t = text[8] - '0';
	struct commitment *c = cur_activity(ps);
	for (int k = t; k <= TERTIALS; k++)
		if (c->followups[k - 1].present)
			return fail(ps, ps->i, k == t ? "Tertial %d appears twice in this activity"
			                              : "Tertial %d comes after a later tertial", t);
	c->followups[t - 1].present = 1;
	c->followups[t - 1].status = STATUS_NOT_STARTED;
	ps->tertial = t;
	ps->level = LEVEL_TERTIAL;
	return RC_OK;
}

static enum lofte_rc open_section(struct parser *ps)
{
	const struct line *l = &ps->lines[ps->i];
	size_t hashes = 0;
	while (hashes < l->len && l->s[hashes] == '#')
		hashes++;
	if (hashes >= l->len || l->s[hashes] != ' ')
		return fail(ps, ps->i,
		            "a line that starts with '#' must be a heading ('# ', '## ', '### '); "
		            "write \\# for a literal #");
	if (hashes > 3)
		return fail(ps, ps->i, "heading level %zu: only #, ## and ### are used", hashes);
	if (hashes == 1 && ps->doc->n > 0) {
		enum lofte_rc rc = check_unique_promise(ps);
		if (rc != RC_OK)
			return rc;
	}
	char *raw = xstrndup(l->s + hashes, l->len - hashes);
	char *text = text_normalize_line(raw);
	free(raw);
	enum lofte_rc rc;
	ps->heading = ps->i;
	ps->seen = 0;
	if (hashes == 1) {
		ps->cap_title_lines = 0;
		free(ps->title_lines);
		ps->title_lines = NULL;
		rc = open_promise(ps, text);
	} else if (hashes == 2) {
		rc = open_activity(ps, text);
	} else {
		rc = open_tertial(ps, text);
	}
	free(text);
	return rc;
}

/* --- the document ---------------------------------------------------- */

static void split_lines(struct parser *ps, const char *data, size_t len)
{
	size_t cap = 0;
	const char *p = data, *end = data + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		size_t n = (size_t)(stop - p);
		if (n && p[n - 1] == '\r')
			n--;
		ps->lines = xgrow(ps->lines, &cap, ps->n_lines + 1, sizeof *ps->lines);
		ps->lines[ps->n_lines++] = (struct line){p, n};
		p = nl ? nl + 1 : end;
	}
}

static enum lofte_rc check_encoding(const char *name, const char *data, size_t len,
                                    struct lerr *e)
{
	size_t bad;
	if (utf8_valid(data, len, &bad))
		return RC_OK;
	int line = 1;
	size_t col = 1;
	for (size_t k = 0; k < bad; k++, col++)
		if (data[k] == '\n')
			line++, col = 0;
	if (data[bad] == '\0')
		return lerr_set(e, RC_FAIL, "%s:%d: NUL byte at column %zu (a document is text)", name,
		                line, col);
	return lerr_set(e, RC_FAIL, "%s:%d: invalid UTF-8 (byte 0x%02X at column %zu)", name, line,
	                (unsigned char)data[bad], col);
}

static enum lofte_rc parse_lines(struct parser *ps)
{
	for (ps->i = 0; ps->i < ps->n_lines;) {
		const struct line *l = &ps->lines[ps->i];
		if (is_heading(l)) {
			enum lofte_rc rc = close_section(ps);
			if (rc == RC_OK)
				rc = open_section(ps);
			if (rc != RC_OK)
				return rc;
			ps->i++;
			rc = read_fields(ps);
			if (rc != RC_OK)
				return rc;
			continue;
		}
		if (ps->level == LEVEL_NONE && !is_blank(l))
			return fail(ps, ps->i, "text before the first heading (a document starts with "
			                       "'# TITLE' of a promise)");
		if (ps->level != LEVEL_NONE)
			add_body_line(ps, l);
		ps->i++;
	}
	enum lofte_rc rc = close_section(ps);
	if (rc == RC_OK && ps->doc->n > 0)
		rc = check_unique_promise(ps);
	return rc;
}

enum lofte_rc doc_parse(const char *data, size_t len, const char *name, struct doc *out,
                        struct lerr *e)
{
	memset(out, 0, sizeof *out);
	enum lofte_rc rc = check_encoding(name, data, len, e);
	if (rc != RC_OK)
		return rc;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)   /* a BOM from Windows editors */
		data += 3, len -= 3;

	struct parser ps = {.name = name, .doc = out, .e = e};
	strbuf_init(&ps.body);
	split_lines(&ps, data, len);
	rc = parse_lines(&ps);
	if (rc == RC_OK && out->n == 0)
		rc = lerr_set(e, RC_FAIL, "%s: empty document: no '# ' promise heading found", name);
	strbuf_free(&ps.body);
	free(ps.lines);
	free(ps.title_lines);
	if (rc != RC_OK)
		doc_free(out);
	return rc;
}

void doc_free(struct doc *d)
{
	for (size_t k = 0; k < d->n; k++)
		promise_free(&d->promises[k]);
	free(d->promises);
	memset(d, 0, sizeof *d);
}

/* --- writing --------------------------------------------------------- */

/* Appends a one-line value (a title, a name) in the form the parser
 * reads back.  What lofte stores already has that form; a line break
 * another program wrote into the database must not start a heading or a
 * field of its own. */
static void write_line(struct strbuf *out, const char *s)
{
	char *line = text_normalize_line(s ? s : "");
	strbuf_adds(out, line);
	free(line);
}

static void write_list(struct strbuf *out, const char *key, const struct strlist *l)
{
	strbuf_addf(out, "%s:", key);
	for (size_t k = 0; k < l->len; k++) {
		strbuf_adds(out, k ? ", " : " ");
		write_line(out, l->items[k]);
	}
	strbuf_addc(out, '\n');
}

/* Writes a body, escaping lines that would read as headings or escapes,
 * followed by a blank line; nothing when the body is empty.  The text is
 * written in the canonical form the parser stores (a CR another program
 * wrote is a line break), so the document reads back to itself. */
static void write_body(struct strbuf *out, const char *raw)
{
	if (!raw || !raw[0])
		return;
	char *text = text_normalize(raw);
	if (text[0])
		strbuf_addc(out, '\n');
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		size_t lead = 0;
		while (lead < n && (p[lead] == ' ' || p[lead] == '\t'))
			lead++;
		strbuf_add(out, p, lead);
		if (lead < n && (p[lead] == '#' || p[lead] == '\\'))
			strbuf_addc(out, '\\');
		strbuf_add(out, p + lead, n - lead);
		strbuf_addc(out, '\n');
		p += n;
		if (*p)
			p++;
	}
	free(text);
}

static void write_followup(struct strbuf *out, const struct commitment *c, const struct followup *f)
{
	strbuf_addf(out, "\n### Tertial %d\n\nStatus: %s\n", f->tertial, status_label_sv(f->status));
	if (f->review != REVIEW_DRAFT)
		strbuf_addf(out, "Granskning: %s\n", review_label_sv(f->review));
	if (f->review_comment && f->review_comment[0]) {
		strbuf_adds(out, "Kommentar: ");
		write_line(out, f->review_comment);
		strbuf_addc(out, '\n');
	}
	for (size_t k = 0; k < c->n_indicators; k++) {
		const struct indicator *ind = &c->indicators[k];
		char v[32];
		number_format(ind->outcome[f->tertial - 1], v);
		if (ind->has_outcome[f->tertial - 1]) {
			strbuf_adds(out, "Utfall: ");
			write_line(out, ind->name);
			strbuf_addf(out, " = %s\n", v);
		}
	}
	write_body(out, f->text);
}

void doc_write_promise(struct strbuf *out, const struct promise *p)
{
	strbuf_adds(out, "# ");
	write_line(out, p->title);
	strbuf_adds(out, "\n\nKommun: ");
	write_line(out, p->municipality);
	strbuf_addf(out, "\nÅr: %d\n", p->year);
	if (p->parties.len)
		write_list(out, "Parter", &p->parties);
	for (int t = 0; t < TERTIALS; t++)
		if (p->deadline[t][0])
			strbuf_addf(out, "Sista dag tertial %d: %s\n", t + 1, p->deadline[t]);
	write_body(out, p->description);
	for (size_t k = 0; k < p->n_commitments; k++) {
		const struct commitment *c = &p->commitments[k];
		strbuf_addf(out, "\n## %zu. ", k + 1);
		write_line(out, c->title);
		strbuf_adds(out, "\n\n");
		write_list(out, "Ansvariga", &c->responsible);
		if (c->archived)
			strbuf_adds(out, "Arkiverad: ja\n");
		for (size_t j = 0; j < c->n_indicators; j++) {
			/* Whole: a name cut short would not read back. */
			char *d = indicator_description(&c->indicators[j]);
			strbuf_adds(out, "Mål: ");
			write_line(out, d);
			strbuf_addc(out, '\n');
			free(d);
		}
		write_body(out, c->description);
		for (int t = 0; t < TERTIALS; t++)
			if (c->followups[t].present)
				write_followup(out, c, &c->followups[t]);
	}
}
