/* model.h - the data model: promises, commitments (activities) and their
 * follow-ups per tertial, as plain C values.  No I/O here: the store
 * loads and saves them, the document format and the exporters read and
 * write them. */
#ifndef LOFTE_MODEL_H
#define LOFTE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define TERTIALS 3

struct promise;
struct followup;

enum status {
	STATUS_NOT_STARTED,
	STATUS_IN_PROGRESS,
	STATUS_DONE,
	STATUS_DELAYED,
	STATUS_CANCELLED,
	STATUS_COUNT
};

/* "not-started", "in-progress", ... as in the JSON export and the
 * database; "missing" is not a status but the absence of a follow-up. */
const char *status_code(enum status s);
/* "Ej påbörjad", "Pågår", "Genomförd", "Försenad", "Avbruten". */
const char *status_label_sv(enum status s);
/* "Not started", "In progress", "Done", "Delayed", "Cancelled". */
const char *status_label_en(enum status s);
/* Accepts a code or a Swedish or English label, case-insensitively for
 * ASCII letters and å ä ö.  Returns 0 and sets *out, or -1. */
int status_parse(const char *s, enum status *out);

/* Where a follow-up is on its way to publishing. */
enum review {
	REVIEW_DRAFT,      /* being written; every change of text or status returns here */
	REVIEW_READY,      /* "klar för granskning": its editor says it is done */
	REVIEW_APPROVED,   /* "godkänd" by a reviewer: may be published */
	REVIEW_COUNT
};

const char *review_code(enum review r);       /* "draft", "ready", "approved" */
const char *review_label_sv(enum review r);   /* "utkast", "klar för granskning", "godkänd" */
const char *review_label_en(enum review r);
int review_parse(const char *s, enum review *out);

/* "jan–apr", "maj–aug", "sep–dec" for tertial 1..3. */
const char *tertial_months_sv(int tertial);
const char *tertial_months_en(int tertial);

/* Today's date, from the clock, or from LOFTE_TODAY=YYYY-MM-DD (tests,
 * and looking at a past year as it was). */
void today_date(int *year, int *month, int *day);

/* A stored UTC time ("2024-04-30T14:02:11Z") as local time for people:
 * "2024-04-30 16:02".  Writes the stored text cut short when it does not
 * parse.  Returns out. */
char *stamp_local(const char *utc, char *out, size_t size);

/* The deadline of a tertial of a promise: its own, else 15 days after the
 * tertial ends (May 15, September 15, January 15 of the next year). */
void promise_deadline(const struct promise *p, int tertial, char out[11]);

/* Days from `from` to `to` (dates "YYYY-MM-DD"); negative when to is
 * earlier. */
int days_between(const char *from, const char *to);

/* Where a follow-up stands against the calendar on `today`. */
enum lateness {
	ON_TIME,             /* not begun, or written and at least ready */
	MISSING,             /* its tertial has begun and nothing is written */
	PAST_DEADLINE,       /* the deadline passed; missing or still a draft */
};

enum lateness followup_lateness(const struct promise *p, const struct followup *f, int tertial,
                                const char today[11]);

/* Today as "YYYY-MM-DD" (see today_date). */
void today_iso(char out[11]);

/* The tertial a month (1..12) lies in: 1 jan–apr, 2 maj–aug, 3 sep–dec. */
int tertial_of_month(int month);

/* A list of strings, e.g. parties.  Owns its strings. */
struct strlist {
	char **items;
	size_t len;
	size_t cap;
};

void strlist_push(struct strlist *l, const char *s);
/* Appends the comma-separated items of s, each made one line (text.h's
 * text_normalize_line), leaving out empty ones: "Polisen, , Vätterhem". */
void strlist_split(struct strlist *l, const char *s);
void strlist_free(struct strlist *l);
int strlist_equal(const struct strlist *a, const struct strlist *b);

/* Who saved something, and when (UTC, "YYYY-MM-DDTHH:MM:SSZ"). */
struct stamp {
	char *name;
	char *department;
	char *login;
	char *at;
};

void stamp_free(struct stamp *s);

/* The person doing something now: the INI name and department and the
 * operating-system login (which the INI file cannot change). */
struct actor {
	const char *name;
	const char *department;
	const char *login;
};

struct followup {
	int present;          /* 0: nothing written yet ("missing") */
	int64_t id;           /* database id, 0 when not stored */
	int tertial;          /* 1..3 */
	enum status status;
	char *text;           /* "" when only a status was set */
	int64_t version;      /* starts at 1, +1 per save */
	enum review review;
	char *review_comment; /* a reviewer's reason for sending it back, or "" */
	struct stamp stamp;
};

/* One earlier (or the current) version of a follow-up, from the history. */
struct revision {
	int64_t version;
	enum status status;
	char *text;
	enum review review;
	char *review_comment;
	struct stamp stamp;
};

void revision_free(struct revision *r);
void revisions_free(struct revision *r, size_t n);

/* A numeric target of an activity, "fotpatruller ≥ 800", and the outcome
 * reported so far in each tertial. */
struct indicator {
	int64_t id;
	char *name;
	int at_most;                 /* 0: reach at least the target; 1: stay at most at it */
	double target;
	int has_outcome[TERTIALS];
	double outcome[TERTIALS];
};

void indicators_free(struct indicator *v, size_t n);

/* Numbers as documents and exports write them: "800", "0.5". */
void number_format(double v, char out[32]);
/* Parses a whole number or decimal (a decimal comma is accepted). */
int number_parse(const char *s, double *out);
/* How far an outcome has come toward its target, in percent (an at-most
 * target is 100 while the outcome stays at or below it), 0 to 999. */
int indicator_percent(const struct indicator *ind, int tertial);
/* "fotpatruller ≥ 800", cut to size (for a screen cell). */
void indicator_describe(const struct indicator *ind, char *out, size_t size);
/* The same whole, however long the name, as a new string: for documents
 * and exports, which must not lose any of it. */
char *indicator_description(const struct indicator *ind);
/* "fotpatruller: 312 av 800 (39 %)" ("av högst" for an at-most target),
 * or "" when the tertial has no outcome. */
void indicator_outcome_text(const struct indicator *ind, int tertial, char *out, size_t size);

/* Parses "NAME ≥ NUMBER" (also >=, ≤, <=) into ind (name allocated). */
int indicator_parse(const char *s, struct indicator *ind);

struct commitment {
	int64_t id;
	int position;         /* 1-based order in the promise */
	char *title;
	char *description;
	struct strlist responsible;
	int archived;
	int64_t version;
	struct stamp stamp;
	struct followup followups[TERTIALS];   /* index tertial - 1 */
	struct indicator *indicators;
	size_t n_indicators;
};

/* Appends a copy of ind (without outcomes when !with_outcomes). */
void commitment_add_indicator(struct commitment *c, const struct indicator *ind, int with_outcomes);

struct promise {
	int64_t id;
	char *municipality;
	int year;
	char *title;
	char *description;    /* the introduction above the activities */
	struct strlist parties;
	char deadline[TERTIALS][11];   /* "YYYY-MM-DD"; "" is the default */
	struct commitment *commitments;
	size_t n_commitments;
	size_t cap_commitments;
};

/* Appends a zeroed commitment with followups[i].tertial = i + 1. */
struct commitment *promise_add_commitment(struct promise *p);
void commitment_free(struct commitment *c);
void followup_free(struct followup *f);
void promise_free(struct promise *p);

/* What a publication does with follow-ups that are not approved. */
enum approved_only {
	APPROVED_ALL,    /* everything, whatever its review */
	APPROVED_NOTE,   /* an unapproved text reads "Ej godkänd ännu." */
	APPROVED_OMIT,   /* an unapproved follow-up is left out (as missing) */
};

#define NOT_APPROVED_TEXT "Ej godkänd ännu."

/* Makes p publishable: follow-ups that are not approved get the note, or
 * are removed, as `mode` says. */
void promise_keep_approved(struct promise *p, enum approved_only mode);

/* A promise without its contents, for lists and selection. */
struct promise_ref {
	int64_t id;
	char *municipality;
	int year;
	char *title;
};

void promise_refs_free(struct promise_ref *refs, size_t n);

#endif
