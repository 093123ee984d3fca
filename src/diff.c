/* diff.c - word diff of two texts for the history view.
 *
 * The texts are cut into units (words and whitespace runs, or lines for
 * the fallback), equal units get the same small integer id, and Myers'
 * O(ND) algorithm, linear-space variant, finds a shortest edit script
 * over the ids.  Two cheap steps come first.  The common prefix and
 * suffix are stripped on bytes: most edits are local, and a one-word
 * change in a long text then costs one pass over the bytes.  And units
 * found in only one of the texts are left out of the Myers run (they are
 * removed or added in every shortest script), which makes rewritten
 * passages cheap.
 *
 * Caps.  Myers costs O((N+M)·D); two long texts with many changes would
 * take seconds.  So each attempt gets a work budget (one step = one
 * diagonal visited or one unit matched along a snake, plus the prefix
 * and suffix scans inside the recursion).  A step costs 1.5-4 ns (more
 * when the diagonals are far apart and miss the cache), so the word
 * diff gives up after DIFF_WORD_WORK steps, 15-35 ms; in 1 MB of prose
 * that still allows about one changed word in 300.  The same algorithm
 * then runs over the lines of the same middle part with DIFF_LINE_WORK
 * steps: lines are ~20 times fewer than words, and when even a line
 * diff is that expensive most lines changed, so the last resort (the
 * middle as one REMOVED piece and one ADDED piece) reads as well.  An
 * attempt also gives up when its edit distance would pass DIFF_D_MAX
 * (bounds the V arrays) or a side has more than DIFF_UNITS_MAX units
 * (12 bytes a unit; 1 MB of prose has ~300k words and spaces, so only
 * degenerate text like "a a a ..." skips straight to lines).  Measured
 * on 1 MB against 1 MB: under 1 ms for a one-word change, 55-65 ms at
 * worst (both attempts fail; ~20 ms of that is cutting and hashing the
 * units), and under 25 MB, most of it the pieces of a word diff with
 * many changes. */
#include "diff.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define DIFF_WORD_WORK 8000000L
#define DIFF_LINE_WORK 5000000L
#define DIFF_D_MAX (1 << 16)
#define DIFF_UNITS_MAX ((size_t)1 << 19)

enum unit_kind {
	UNIT_WORD,      /* a run of non-whitespace or a run of whitespace */
	UNIT_LINE,      /* up to and including a newline */
};

/* ---- Output: pieces, merged as they come ---- */

/* Builds the pieces in reading order.  A change (removed and added
 * bytes between two SAME runs) is held back until the next SAME run or
 * the end, so REMOVED always comes out before ADDED and the pieces of
 * one change are merged whatever order the algorithm found them in. */
struct emitter {
	const char *old_text, *new_text;
	size_t old_pos, new_pos;        /* bytes accounted for so far */
	size_t chg_old, chg_new;        /* where the pending change began */
	struct diff_piece *pieces;
	size_t n, cap;
};

/* Where the emitter stood, to go back there when an attempt gives up.
 * Pieces are only appended, or the last one grown. */
struct emit_mark {
	size_t old_pos, new_pos, chg_old, chg_new;
	size_t n, last_len;
};

static void emit_push(struct emitter *em, enum diff_op op, const char *text, size_t len)
{
	if (!len)
		return;
	if (em->n && em->pieces[em->n - 1].op == op) {
		em->pieces[em->n - 1].len += len;
		return;
	}
	em->pieces = xgrow(em->pieces, &em->cap, em->n + 1, sizeof *em->pieces);
	em->pieces[em->n++] = (struct diff_piece){ op, text, len };
}

static void emit_flush(struct emitter *em)
{
	emit_push(em, DIFF_REMOVED, em->old_text + em->chg_old, em->old_pos - em->chg_old);
	emit_push(em, DIFF_ADDED, em->new_text + em->chg_new, em->new_pos - em->chg_new);
	em->chg_old = em->old_pos;
	em->chg_new = em->new_pos;
}

static void emit_same(struct emitter *em, size_t len)
{
	if (!len)
		return;
	emit_flush(em);
	emit_push(em, DIFF_SAME, em->old_text + em->old_pos, len);
	em->old_pos += len;
	em->new_pos += len;
	em->chg_old = em->old_pos;
	em->chg_new = em->new_pos;
}

static void emit_removed(struct emitter *em, size_t len)
{
	em->old_pos += len;
}

static void emit_added(struct emitter *em, size_t len)
{
	em->new_pos += len;
}

static struct emit_mark emit_mark(const struct emitter *em)
{
	return (struct emit_mark){
		em->old_pos, em->new_pos, em->chg_old, em->chg_new,
		em->n, em->n ? em->pieces[em->n - 1].len : 0,
	};
}

static void emit_restore(struct emitter *em, const struct emit_mark *mark)
{
	em->old_pos = mark->old_pos;
	em->new_pos = mark->new_pos;
	em->chg_old = mark->chg_old;
	em->chg_new = mark->chg_new;
	em->n = mark->n;
	if (em->n)
		em->pieces[em->n - 1].len = mark->last_len;
}

/* ---- Units ---- */

/* Only ASCII whitespace counts: bytes >= 0x80 belong to words, so a
 * multi-byte character is never split. */
static bool diff_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Whether a word or whitespace run can start (or end) at byte `pos` of
 * s[0..len).  Units are maximal runs, so this depends on the two bytes
 * around pos only, and a byte range cut at such places in both texts
 * holds the same units in both. */
static bool word_boundary(const char *s, size_t len, size_t pos)
{
	if (pos == 0 || pos == len)
		return true;
	return diff_is_space((unsigned char)s[pos - 1]) != diff_is_space((unsigned char)s[pos]);
}

/* The end of the unit that starts at `pos`, at most `end`. */
static size_t unit_end(const char *s, size_t pos, size_t end, enum unit_kind kind)
{
	if (kind == UNIT_LINE) {
		const char *nl = memchr(s + pos, '\n', end - pos);
		return nl ? (size_t)(nl - s) + 1 : end;
	}
	bool space = diff_is_space((unsigned char)s[pos]);
	while (++pos < end && diff_is_space((unsigned char)s[pos]) == space)
		;
	return pos;
}

/* Equal units get equal ids, so that Myers compares integers. */
struct intern {
	struct uniq {
		const char *text;
		size_t len;
		uint32_t hash;
	} *uniq;
	size_t nuniq, cap;
	uint32_t *slots;                /* id + 1, or 0 when free */
	size_t mask;
};

static uint32_t diff_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;       /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void intern_rehash(struct intern *in, size_t nslots)
{
	free(in->slots);
	in->slots = xcalloc(nslots, sizeof *in->slots);
	in->mask = nslots - 1;
	for (size_t id = 0; id < in->nuniq; id++) {
		size_t i = in->uniq[id].hash & in->mask;
		while (in->slots[i])
			i = (i + 1) & in->mask;
		in->slots[i] = (uint32_t)id + 1;
	}
}

static uint32_t intern_id(struct intern *in, const char *s, size_t len)
{
	uint32_t h = diff_hash(s, len);
	size_t i = h & in->mask;
	for (; in->slots[i]; i = (i + 1) & in->mask) {
		const struct uniq *u = &in->uniq[in->slots[i] - 1];
		if (u->hash == h && u->len == len && !memcmp(u->text, s, len))
			return in->slots[i] - 1;
	}
	uint32_t id = (uint32_t)in->nuniq;
	in->uniq = xgrow(in->uniq, &in->cap, in->nuniq + 1, sizeof *in->uniq);
	in->uniq[in->nuniq++] = (struct uniq){ s, len, h };
	in->slots[i] = id + 1;
	if (in->nuniq * 2 > in->mask)   /* keep the table at most half full */
		intern_rehash(in, (in->mask + 1) * 2);
	return id;
}

static void intern_free(struct intern *in)
{
	free(in->uniq);
	free(in->slots);
}

static size_t units_count(const char *s, size_t begin, size_t end, enum unit_kind kind)
{
	size_t n = 0;
	for (size_t pos = begin; pos < end; pos = unit_end(s, pos, end, kind))
		n++;
	return n;
}

/* One text's part in an attempt: all its units, and those that also
 * occur in the other text.  Only the latter go to Myers: a unit found
 * on one side only is removed (or added) in every shortest diff, and
 * leaving it out makes mostly unrelated texts cheap to compare. */
struct side {
	uint32_t *ids;                  /* every unit */
	size_t n;
	uint32_t *kept;                 /* ids of the units on both sides */
	uint32_t *at;                   /* their indexes in ids */
	size_t nkept;
	size_t pos, kpos;               /* emitted so far: units, kept units */
};

/* Cuts s[begin..end) into units; false when there are too many. */
static bool side_load(struct side *sd, struct intern *in, const char *s, size_t begin,
		      size_t end, enum unit_kind kind)
{
	sd->n = units_count(s, begin, end, kind);
	if (sd->n > DIFF_UNITS_MAX)
		return false;
	sd->ids = xmalloc(sd->n * sizeof *sd->ids);
	size_t k = 0;
	for (size_t pos = begin, next; pos < end; pos = next) {
		next = unit_end(s, pos, end, kind);
		sd->ids[k++] = intern_id(in, s + pos, next - pos);
	}
	return true;
}

/* Keeps the units whose id has `both` set in where[]. */
static void side_keep(struct side *sd, const unsigned char *where, unsigned char both)
{
	sd->kept = xmalloc(sd->n * sizeof *sd->kept);
	sd->at = xmalloc(sd->n * sizeof *sd->at);
	for (size_t i = 0; i < sd->n; i++) {
		if (where[sd->ids[i]] == both) {
			sd->kept[sd->nkept] = sd->ids[i];
			sd->at[sd->nkept++] = (uint32_t)i;
		}
	}
}

static void side_free(struct side *sd)
{
	free(sd->ids);
	free(sd->kept);
	free(sd->at);
}

/* The bytes of the units from sd->pos up to `to`, which becomes pos. */
static size_t side_advance(struct side *sd, const struct uniq *uniq, size_t to)
{
	size_t len = 0;
	for (; sd->pos < to; sd->pos++)
		len += uniq[sd->ids[sd->pos]].len;
	return len;
}

/* ---- Myers ---- */

struct myers {
	struct side *a, *b;
	const struct uniq *uniq;        /* id -> unit, for its length */
	struct emitter *em;
	int *v1, *v2;                   /* furthest x per diagonal, both ways */
	long budget;
};

/* The units left out before the next kept unit on each side go first:
 * they are part of the change that precedes it. */
static void myers_same(struct myers *my, int count)
{
	for (int i = 0; i < count; i++) {
		struct side *a = my->a, *b = my->b;
		emit_removed(my->em, side_advance(a, my->uniq, a->at[a->kpos]));
		emit_added(my->em, side_advance(b, my->uniq, b->at[b->kpos]));
		emit_same(my->em, side_advance(a, my->uniq, a->pos + 1));
		b->pos++;
		a->kpos++;
		b->kpos++;
	}
}

static void myers_removed(struct myers *my, int count)
{
	struct side *a = my->a;
	if (!count)
		return;
	a->kpos += (size_t)count;
	emit_removed(my->em, side_advance(a, my->uniq, a->at[a->kpos - 1] + 1));
}

static void myers_added(struct myers *my, int count)
{
	struct side *b = my->b;
	if (!count)
		return;
	b->kpos += (size_t)count;
	emit_added(my->em, side_advance(b, my->uniq, b->at[b->kpos - 1] + 1));
}

/* One search for the middle of a shortest path through a[0..n) x
 * b[0..m), from both corners at once (after Myers 1986, section 4b, in
 * the form of diff-match-patch's bisect). */
struct bisect {
	const uint32_t *a, *b;
	int n, m, delta, off, vlen;
	bool odd;                       /* delta odd: the forward pass meets */
	int k1start, k1end, k2start, k2end;
	int *v1, *v2;
	long work;
};

static bool bisect_forward(struct bisect *bs, int d, int *sx, int *sy)
{
	int *v1 = bs->v1;
	for (int k = -d + bs->k1start; k <= d - bs->k1end; k += 2) {
		int i = bs->off + k;
		int x = (k == -d || (k != d && v1[i - 1] < v1[i + 1])) ? v1[i + 1] : v1[i - 1] + 1;
		int y = x - k, x0 = x;
		while (x < bs->n && y < bs->m && bs->a[x] == bs->b[y])
			x++, y++;
		bs->work += 1 + (x - x0);
		v1[i] = x;
		if (x > bs->n) {
			bs->k1end += 2;         /* off the right edge */
		} else if (y > bs->m) {
			bs->k1start += 2;       /* off the bottom edge */
		} else if (bs->odd) {
			int j = bs->off + bs->delta - k;
			if (j >= 0 && j < bs->vlen && bs->v2[j] != -1 && x >= bs->n - bs->v2[j]) {
				*sx = x, *sy = y;
				return true;
			}
		}
	}
	return false;
}

static bool bisect_reverse(struct bisect *bs, int d, int *sx, int *sy)
{
	int *v2 = bs->v2;
	for (int k = -d + bs->k2start; k <= d - bs->k2end; k += 2) {
		int i = bs->off + k;
		int x = (k == -d || (k != d && v2[i - 1] < v2[i + 1])) ? v2[i + 1] : v2[i - 1] + 1;
		int y = x - k, x0 = x;
		while (x < bs->n && y < bs->m && bs->a[bs->n - x - 1] == bs->b[bs->m - y - 1])
			x++, y++;
		bs->work += 1 + (x - x0);
		v2[i] = x;
		if (x > bs->n) {
			bs->k2end += 2;
		} else if (y > bs->m) {
			bs->k2start += 2;
		} else if (!bs->odd) {
			int j = bs->off + bs->delta - k;
			if (j >= 0 && j < bs->vlen && bs->v1[j] != -1 && bs->v1[j] >= bs->n - x) {
				*sx = bs->v1[j];
				*sy = bs->off + bs->v1[j] - j;
				return true;
			}
		}
	}
	return false;
}

enum split {
	SPLIT_FOUND,            /* a point on a shortest path */
	SPLIT_DISJOINT,         /* no unit in common: replace it all */
	SPLIT_OVER,             /* over budget or over DIFF_D_MAX */
};

/* Looks for (*sx, *sy) on a shortest path.  The two searches must meet
 * by round ceil(D/2); when they have not by (n+m+1)/2 rounds, D is n+m
 * and the sequences have nothing in common. */
static enum split myers_split(struct myers *my, const uint32_t *a, int n, const uint32_t *b,
			      int m, int *sx, int *sy)
{
	int max_d = (n + m + 1) / 2;
	int dlim = max_d < DIFF_D_MAX ? max_d : DIFF_D_MAX;
	struct bisect bs = {
		.a = a, .b = b, .n = n, .m = m, .delta = n - m, .off = dlim,
		.vlen = 2 * dlim + 2, .odd = (n - m) % 2 != 0, .v1 = my->v1, .v2 = my->v2,
	};
	for (int i = 0; i < bs.vlen; i++)
		bs.v1[i] = bs.v2[i] = -1;
	bs.v1[bs.off + 1] = bs.v2[bs.off + 1] = 0;
	bs.work = bs.vlen;
	bool found = false;
	int d = 0;
	for (; d < dlim && !found && bs.work <= my->budget; d++)
		found = bisect_forward(&bs, d, sx, sy) || bisect_reverse(&bs, d, sx, sy);
	my->budget -= bs.work;
	if (my->budget < 0)
		return SPLIT_OVER;
	if (found)
		return SPLIT_FOUND;
	return d == max_d ? SPLIT_DISJOINT : SPLIT_OVER;
}

static int myers_prefix(const uint32_t *a, int n, const uint32_t *b, int m)
{
	int i = 0;
	while (i < n && i < m && a[i] == b[i])
		i++;
	return i;
}

static int myers_suffix(const uint32_t *a, int n, const uint32_t *b, int m)
{
	int i = 0;
	while (i < n && i < m && a[n - 1 - i] == b[m - 1 - i])
		i++;
	return i;
}

/* Emits the diff of a[0..n) and b[0..m); false when over budget. */
static bool myers_diff(struct myers *my, const uint32_t *a, int n, const uint32_t *b, int m)
{
	int pre = myers_prefix(a, n, b, m);
	int suf = myers_suffix(a + pre, n - pre, b + pre, m - pre);
	my->budget -= 1 + pre + suf;
	myers_same(my, pre);
	a += pre, b += pre;
	n -= pre + suf, m -= pre + suf;
	enum split split = SPLIT_DISJOINT;
	int x = 0, y = 0;
	if (n > 0 && m > 0)
		split = myers_split(my, a, n, b, m, &x, &y);
	if (split == SPLIT_OVER)
		return false;
	if (split == SPLIT_DISJOINT) {
		myers_removed(my, n);
		myers_added(my, m);
	} else if (!myers_diff(my, a, x, b, y) || !myers_diff(my, a + x, n - x, b + y, m - y)) {
		return false;
	}
	myers_same(my, suf);
	return my->budget >= 0;
}

/* ---- One attempt at a given granularity ---- */

/* Runs Myers over the kept units, then emits the units left out after
 * the last kept one. */
static bool diff_sides(struct emitter *em, struct side *a, struct side *b,
		       const struct uniq *uniq, long budget)
{
	size_t max_d = (a->nkept + b->nkept + 1) / 2;
	size_t vlen = 2 * (max_d < DIFF_D_MAX ? max_d : DIFF_D_MAX) + 2;
	struct myers my = {
		.a = a, .b = b, .uniq = uniq, .em = em, .budget = budget,
		.v1 = xmalloc(vlen * sizeof(int)), .v2 = xmalloc(vlen * sizeof(int)),
	};
	bool ok = myers_diff(&my, a->kept, (int)a->nkept, b->kept, (int)b->nkept);
	free(my.v1);
	free(my.v2);
	emit_removed(em, side_advance(a, uniq, a->n));
	emit_added(em, side_advance(b, uniq, b->n));
	return ok;
}

/* Diffs the old text up to `oe` against the new one up to `ne`, from
 * where the emitter stands, unit by unit.  False (with pieces half
 * emitted; the caller restores) when that is too costly. */
static bool diff_units(struct emitter *em, size_t oe, size_t ne, enum unit_kind kind,
		       long budget)
{
	struct intern in = { 0 };
	intern_rehash(&in, 1024);
	struct side a = { 0 }, b = { 0 };
	bool ok = side_load(&a, &in, em->old_text, em->old_pos, oe, kind) &&
		  side_load(&b, &in, em->new_text, em->new_pos, ne, kind);
	if (ok) {
		unsigned char *where = xcalloc(in.nuniq, 1);
		for (size_t i = 0; i < a.n; i++)
			where[a.ids[i]] |= 1;
		for (size_t i = 0; i < b.n; i++)
			where[b.ids[i]] |= 2;
		side_keep(&a, where, 3);
		side_keep(&b, where, 3);
		free(where);
		ok = diff_sides(em, &a, &b, in.uniq, budget);
	}
	side_free(&a);
	side_free(&b);
	intern_free(&in);
	return ok;
}

/* Words, else lines, else all of the middle replaced. */
static void diff_middle(struct emitter *em, size_t oe, size_t ne)
{
	static const struct {
		enum unit_kind kind;
		long budget;
	} attempts[] = { { UNIT_WORD, DIFF_WORD_WORK }, { UNIT_LINE, DIFF_LINE_WORK } };
	for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++) {
		struct emit_mark mark = emit_mark(em);
		if (diff_units(em, oe, ne, attempts[i].kind, attempts[i].budget))
			return;
		emit_restore(em, &mark);
	}
	emit_removed(em, oe - em->old_pos);
	emit_added(em, ne - em->new_pos);
}

/* ---- Common prefix and suffix, on bytes, cut back to whole words ---- */

static size_t diff_prefix(const char *a, size_t la, const char *b, size_t lb)
{
	size_t p = 0;
	while (p < la && p < lb && a[p] == b[p])
		p++;
	while (!word_boundary(a, la, p) || !word_boundary(b, lb, p))
		p--;
	return p;
}

/* The common suffix, not reaching back past `limit` bytes. */
static size_t diff_suffix(const char *a, size_t la, const char *b, size_t lb, size_t limit)
{
	size_t s = 0;
	while (s < limit && a[la - 1 - s] == b[lb - 1 - s])
		s++;
	while (s && (!word_boundary(a, la, la - s) || !word_boundary(b, lb, lb - s)))
		s--;
	return s;
}

size_t diff_words(const char *old_text, const char *new_text, struct diff_piece **out)
{
	size_t la = strlen(old_text), lb = strlen(new_text);
	size_t pre = diff_prefix(old_text, la, new_text, lb);
	size_t limit = (la < lb ? la : lb) - pre;
	size_t suf = diff_suffix(old_text, la, new_text, lb, limit);
	struct emitter em = { .old_text = old_text, .new_text = new_text };
	emit_same(&em, pre);
	if (pre + suf < la || pre + suf < lb)
		diff_middle(&em, la - suf, lb - suf);
	emit_same(&em, suf);
	emit_flush(&em);
	if (em.n) {
		em.pieces = xrealloc(em.pieces, em.n * sizeof *em.pieces);
	} else {
		free(em.pieces);
		em.pieces = NULL;
	}
	*out = em.pieces;
	return em.n;
}
