/* model.c - statuses, tertials and the life cycle of model values. */
#include "model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"

static const struct {
	const char *code, *sv, *en;
} statuses[STATUS_COUNT] = {
	[STATUS_NOT_STARTED] = {"not-started", "Ej påbörjad", "Not started"},
	[STATUS_IN_PROGRESS] = {"in-progress", "Pågår", "In progress"},
	[STATUS_DONE] = {"done", "Genomförd", "Done"},
	[STATUS_DELAYED] = {"delayed", "Försenad", "Delayed"},
	[STATUS_CANCELLED] = {"cancelled", "Avbruten", "Cancelled"},
};

const char *status_code(enum status s)
{
	return (unsigned)s < STATUS_COUNT ? statuses[s].code : "missing";
}

const char *status_label_sv(enum status s)
{
	return (unsigned)s < STATUS_COUNT ? statuses[s].sv : "Saknas";
}

const char *status_label_en(enum status s)
{
	return (unsigned)s < STATUS_COUNT ? statuses[s].en : "Missing";
}

int status_parse(const char *s, enum status *out)
{
	for (int i = 0; i < STATUS_COUNT; i++) {
		if (text_equal_fold(s, statuses[i].code) || text_equal_fold(s, statuses[i].sv) ||
		    text_equal_fold(s, statuses[i].en)) {
			*out = (enum status)i;
			return 0;
		}
	}
	return -1;
}

static const struct {
	const char *code, *sv, *en;
} reviews[REVIEW_COUNT] = {
	[REVIEW_DRAFT] = {"draft", "utkast", "draft"},
	[REVIEW_READY] = {"ready", "klar för granskning", "ready for review"},
	[REVIEW_APPROVED] = {"approved", "godkänd", "approved"},
};

const char *review_code(enum review r)
{
	return (unsigned)r < REVIEW_COUNT ? reviews[r].code : "draft";
}

const char *review_label_sv(enum review r)
{
	return (unsigned)r < REVIEW_COUNT ? reviews[r].sv : "utkast";
}

const char *review_label_en(enum review r)
{
	return (unsigned)r < REVIEW_COUNT ? reviews[r].en : "draft";
}

int review_parse(const char *s, enum review *out)
{
	for (int i = 0; i < REVIEW_COUNT; i++) {
		if (text_equal_fold(s, reviews[i].code) || text_equal_fold(s, reviews[i].sv) ||
		    text_equal_fold(s, reviews[i].en)) {
			*out = (enum review)i;
			return 0;
		}
	}
	return -1;
}

void promise_deadline(const struct promise *p, int tertial, char out[11])
{
	if (tertial >= 1 && tertial <= TERTIALS && p->deadline[tertial - 1][0]) {
		memcpy(out, p->deadline[tertial - 1], 11);
		return;
	}
	static const char *const md[] = {"05-15", "09-15", "01-15"};
	int t = tertial < 1 ? 1 : tertial > TERTIALS ? TERTIALS : tertial;
	snprintf(out, 11, "%04d-%s", p->year + (t == 3), md[t - 1]);
}

static long day_number(const char *iso)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!strptime(iso, "%Y-%m-%d", &tm))
		return 0;
	tm.tm_hour = 12;
	return (long)(timegm(&tm) / 86400);
}

int days_between(const char *from, const char *to)
{
	return (int)(day_number(to) - day_number(from));
}

enum lateness followup_lateness(const struct promise *p, const struct followup *f, int tertial,
                                const char today[11])
{
	static const char *const starts[] = {"01-01", "05-01", "09-01"};
	char start[11], due[11];
	snprintf(start, sizeof start, "%04d-%s", p->year % 10000, starts[(tertial - 1) % TERTIALS]);
	if (days_between(start, today) < 0 || (f->present && f->review != REVIEW_DRAFT))
		return ON_TIME;
	promise_deadline(p, tertial, due);
	if (days_between(due, today) > 0)
		return PAST_DEADLINE;
	return f->present ? ON_TIME : MISSING;
}

void today_iso(char out[11])
{
	int y, m, d;
	today_date(&y, &m, &d);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

const char *tertial_months_sv(int tertial)
{
	static const char *m[] = {"jan–apr", "maj–aug", "sep–dec"};
	return tertial >= 1 && tertial <= TERTIALS ? m[tertial - 1] : "";
}

const char *tertial_months_en(int tertial)
{
	static const char *m[] = {"Jan–Apr", "May–Aug", "Sep–Dec"};
	return tertial >= 1 && tertial <= TERTIALS ? m[tertial - 1] : "";
}

void today_date(int *year, int *month, int *day)
{
	const char *fixed = getenv("LOFTE_TODAY");
	if (fixed && sscanf(fixed, "%4d-%2d-%2d", year, month, day) == 3 && *month >= 1 &&
	    *month <= 12 && *day >= 1 && *day <= 31)
		return;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	*year = tm.tm_year + 1900;
	*month = tm.tm_mon + 1;
	*day = tm.tm_mday;
}

char *stamp_local(const char *utc, char *out, size_t size)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = strptime(utc ? utc : "", "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end) {
		snprintf(out, size, "%.16s", utc ? utc : "");
		return out;
	}
	time_t t = timegm(&tm);
	struct tm local;
	localtime_r(&t, &local);
	strftime(out, size, "%Y-%m-%d %H:%M", &local);
	return out;
}

int tertial_of_month(int month)
{
	return month <= 4 ? 1 : month <= 8 ? 2 : 3;
}

void strlist_push(struct strlist *l, const char *s)
{
	l->items = xgrow(l->items, &l->cap, l->len + 1, sizeof *l->items);
	l->items[l->len++] = xstrdup(s);
}

void strlist_split(struct strlist *l, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, ",");
		char *item = xstrndup(s, n);
		char *norm = text_normalize_line(item);
		if (norm[0])
			strlist_push(l, norm);
		free(norm);
		free(item);
		s += n;
		if (*s)
			s++;
	}
}

void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->len; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

int strlist_equal(const struct strlist *a, const struct strlist *b)
{
	if (a->len != b->len)
		return 0;
	for (size_t i = 0; i < a->len; i++)
		if (strcmp(a->items[i], b->items[i]) != 0)
			return 0;
	return 1;
}

void stamp_free(struct stamp *s)
{
	free(s->name);
	free(s->department);
	free(s->login);
	free(s->at);
	memset(s, 0, sizeof *s);
}

void revision_free(struct revision *r)
{
	free(r->text);
	free(r->review_comment);
	stamp_free(&r->stamp);
	memset(r, 0, sizeof *r);
}

void revisions_free(struct revision *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		revision_free(&r[i]);
	free(r);
}

void followup_free(struct followup *f)
{
	int tertial = f->tertial;
	free(f->text);
	free(f->review_comment);
	stamp_free(&f->stamp);
	memset(f, 0, sizeof *f);
	f->tertial = tertial;
}

struct commitment *promise_add_commitment(struct promise *p)
{
	p->commitments = xgrow(p->commitments, &p->cap_commitments, p->n_commitments + 1,
	                       sizeof *p->commitments);
	struct commitment *c = &p->commitments[p->n_commitments++];
	memset(c, 0, sizeof *c);
	for (int t = 0; t < TERTIALS; t++)
		c->followups[t].tertial = t + 1;
	return c;
}

void indicators_free(struct indicator *v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(v[k].name);
	free(v);
}

void number_format(double v, char out[32])
{
	snprintf(out, 32, "%.15g", v);
}

int number_parse(const char *s, double *out)
{
	char buf[64];
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n + 1);
	for (char *p = buf; *p; p++)
		if (*p == ',')
			*p = '.';
	char *end;
	errno = 0;
	double v = strtod(buf, &end);
	if (errno || end == buf || *end || !isfinite(v))   /* no nan, no inf */
		return -1;
	*out = v;
	return 0;
}

int indicator_percent(const struct indicator *ind, int tertial)
{
	double v = ind->outcome[tertial - 1], pct;
	if (ind->at_most)
		pct = v <= ind->target ? 100 : ind->target / v * 100.0;
	else if (ind->target <= 0)
		pct = 100;
	else
		pct = v / ind->target * 100.0 + 0.5;
	/* Within 0..999: an outcome of 1e44 (the fuzzer's) is no int. */
	return !(pct >= 0) ? 0 : pct > 999 ? 999 : (int)pct;   /* NaN too */
}

void indicator_describe(const struct indicator *ind, char *out, size_t size)
{
	char t[32];
	number_format(ind->target, t);
	snprintf(out, size, "%s %s %s", ind->name, ind->at_most ? "≤" : "≥", t);
}

char *indicator_description(const struct indicator *ind)
{
	/* The name, a space, the operator (3 bytes), a space, a number. */
	size_t size = strlen(ind->name) + 2 + 3 + 32;
	char *out = xmalloc(size);
	indicator_describe(ind, out, size);
	return out;
}

void indicator_outcome_text(const struct indicator *ind, int tertial, char *out, size_t size)
{
	if (!ind->has_outcome[tertial - 1]) {
		out[0] = '\0';
		return;
	}
	char v[32], t[32];
	number_format(ind->outcome[tertial - 1], v);
	number_format(ind->target, t);
	snprintf(out, size, "%s: %s av %s%s (%d %%)", ind->name, v, ind->at_most ? "högst " : "", t,
	         indicator_percent(ind, tertial));
}

int indicator_parse(const char *s, struct indicator *ind)
{
	static const struct {
		const char *op;
		int at_most;
	} ops[] = {{"≥", 0}, {">=", 0}, {"≤", 1}, {"<=", 1}};
	for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		const char *at = strstr(s, ops[k].op);
		if (!at)
			continue;
		char *name = xstrndup(s, (size_t)(at - s));
		char *clean = text_normalize_line(name);
		free(name);
		char *num = text_normalize_line(at + strlen(ops[k].op));
		double v;
		int ok = clean[0] && !strpbrk(clean, "<>=") && !strstr(clean, "≥") &&
		         !strstr(clean, "≤") && number_parse(num, &v) == 0;
		free(num);
		if (!ok) {
			free(clean);
			return -1;
		}
		memset(ind, 0, sizeof *ind);
		ind->name = clean;
		ind->at_most = ops[k].at_most;
		ind->target = v;
		return 0;
	}
	return -1;
}

void commitment_add_indicator(struct commitment *c, const struct indicator *ind, int with_outcomes)
{
	c->indicators = xrealloc(c->indicators, (c->n_indicators + 1) * sizeof *c->indicators);
	struct indicator *to = &c->indicators[c->n_indicators++];
	*to = *ind;
	to->name = xstrdup(ind->name);
	if (!with_outcomes)
		memset(to->has_outcome, 0, sizeof to->has_outcome);
}

void commitment_free(struct commitment *c)
{
	indicators_free(c->indicators, c->n_indicators);
	free(c->title);
	free(c->description);
	strlist_free(&c->responsible);
	stamp_free(&c->stamp);
	for (int t = 0; t < TERTIALS; t++)
		followup_free(&c->followups[t]);
	memset(c, 0, sizeof *c);
}

void promise_free(struct promise *p)
{
	free(p->municipality);
	free(p->title);
	free(p->description);
	strlist_free(&p->parties);
	for (size_t i = 0; i < p->n_commitments; i++)
		commitment_free(&p->commitments[i]);
	free(p->commitments);
	memset(p, 0, sizeof *p);
}

void promise_keep_approved(struct promise *p, enum approved_only mode)
{
	if (mode == APPROVED_ALL)
		return;
	for (size_t k = 0; k < p->n_commitments; k++) {
		for (int t = 0; t < TERTIALS; t++) {
			struct followup *f = &p->commitments[k].followups[t];
			if (!f->present || f->review == REVIEW_APPROVED)
				continue;
			if (mode == APPROVED_OMIT) {
				followup_free(f);
			} else {
				free(f->text);
				f->text = xstrdup(NOT_APPROVED_TEXT);
			}
		}
	}
}

void promise_refs_free(struct promise_ref *refs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(refs[i].municipality);
		free(refs[i].title);
	}
	free(refs);
}
