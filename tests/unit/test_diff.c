/* Unit tests for diff.c: word diff, its invariants and its fallbacks. */
#include "testutil.h"

#include "diff.h"

/* ---- Helpers ---- */

struct want {
	enum diff_op op;
	const char *text;
};

static const char *op_name(enum diff_op op)
{
	return op == DIFF_SAME ? "=" : op == DIFF_REMOVED ? "-" : "+";
}

static void print_pieces(const struct diff_piece *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		print_message("  %s[%.*s]\n", op_name(p[i].op), (int)p[i].len, p[i].text);
}

/* The pieces with ops in `keep` (and SAME), glued together. */
static char *glue(const struct diff_piece *p, size_t n, enum diff_op keep)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i].op == DIFF_SAME || p[i].op == keep)
			len += p[i].len;
	char *s = malloc(len + 1);
	assert_non_null(s);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i].op == DIFF_SAME || p[i].op == keep) {
			memcpy(s + k, p[i].text, p[i].len);
			k += p[i].len;
		}
	}
	s[k] = '\0';
	return s;
}

static int space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Whether a token (word or whitespace run) starts or ends at byte i. */
static int token_edge(const char *s, size_t len, size_t i)
{
	return i == 0 || i == len || space(s[i - 1]) != space(s[i]);
}

/* Whether [t, t+len) lies inside s[0..n). */
static int points_into(const char *t, size_t len, const char *s, size_t n)
{
	return t >= s && t + len <= s + n;
}

/* Everything the header promises about any diff. */
static void check_invariants(const char *old_text, const char *new_text,
			     const struct diff_piece *p, size_t n)
{
	size_t old_len = strlen(old_text), new_len = strlen(new_text);
	if (n == 0)
		assert_null(p);
	for (size_t i = 0; i < n; i++) {
		assert_true(p[i].len > 0);
		if (p[i].op == DIFF_ADDED)
			assert_true(points_into(p[i].text, p[i].len, new_text, new_len));
		else
			assert_true(points_into(p[i].text, p[i].len, old_text, old_len));
		if (i > 0) {
			assert_true(p[i].op != p[i - 1].op);
			/* within a change, REMOVED comes first */
			assert_false(p[i - 1].op == DIFF_ADDED && p[i].op == DIFF_REMOVED);
		}
	}
	char *o = glue(p, n, DIFF_REMOVED);
	char *w = glue(p, n, DIFF_ADDED);
	assert_string_equal(o, old_text);
	assert_string_equal(w, new_text);
	free(o);
	free(w);
}

/* A word diff cuts only between tokens, so never inside a character. */
static void check_token_edges(const char *old_text, const char *new_text,
			      const struct diff_piece *p, size_t n)
{
	size_t old_len = strlen(old_text), new_len = strlen(new_text);
	for (size_t i = 0; i < n; i++) {
		const char *base = p[i].op == DIFF_ADDED ? new_text : old_text;
		size_t len = p[i].op == DIFF_ADDED ? new_len : old_len;
		size_t at = (size_t)(p[i].text - base);
		assert_true(token_edge(base, len, at));
		assert_true(token_edge(base, len, at + p[i].len));
	}
}

static void check_diff(const char *old_text, const char *new_text, const struct want *want,
		       size_t nwant)
{
	struct diff_piece *p = (struct diff_piece *)1;
	size_t n = diff_words(old_text, new_text, &p);
	check_invariants(old_text, new_text, p, n);
	check_token_edges(old_text, new_text, p, n);
	if (n != nwant)
		print_pieces(p, n);
	assert_int_equal(n, nwant);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(p[i].op, want[i].op);
		assert_int_equal(p[i].len, strlen(want[i].text));
		assert_memory_equal(p[i].text, want[i].text, p[i].len);
	}
	free(p);
}

#define CHECK(old_text, new_text, ...) do { \
	static const struct want w_[] = { __VA_ARGS__ }; \
	check_diff(old_text, new_text, w_, sizeof w_ / sizeof w_[0]); \
} while (0)

#define S(t) { DIFF_SAME, t }
#define R(t) { DIFF_REMOVED, t }
#define A(t) { DIFF_ADDED, t }

/* ---- Small cases with exact pieces ---- */

static void test_equal(void **state)
{
	(void)state;
	CHECK("Krogar mot knark", "Krogar mot knark", S("Krogar mot knark"));
	struct diff_piece *p = (struct diff_piece *)1;
	assert_int_equal(diff_words("", "", &p), 0);
	assert_null(p);
	free(p);
}

static void test_empty_side(void **state)
{
	(void)state;
	CHECK("", "ny text", A("ny text"));
	CHECK("gammal text", "", R("gammal text"));
	CHECK(" ", "", R(" "));
}

static void test_word_changed(void **state)
{
	(void)state;
	CHECK("the cat sat on the mat", "the dog sat on the mat",
	      S("the "), R("cat"), A("dog"), S(" sat on the mat"));
	CHECK("at the end", "at the start", S("at the "), R("end"), A("start"));
	CHECK("first word", "Second word", R("first"), A("Second"), S(" word"));
	/* a changed word sharing a prefix is still a whole word */
	CHECK("mötet 12 mars", "mötet 14 mars", S("mötet "), R("12"), A("14"), S(" mars"));
}

static void test_word_inserted(void **state)
{
	(void)state;
	CHECK("we meet monthly", "we meet every month", S("we meet "), R("monthly"),
	      A("every month"));
	CHECK("we meet monthly", "we meet quite monthly", S("we meet "), A("quite "),
	      S("monthly"));
	CHECK("we meet", "we meet again", S("we meet"), A(" again"));
}

static void test_word_deleted(void **state)
{
	(void)state;
	CHECK("police will patrol often", "police will patrol", S("police will patrol"),
	      R(" often"));
	CHECK("police will really patrol", "police will patrol", S("police will "),
	      R("really "), S("patrol"));
	CHECK("Often police patrol", "police patrol", R("Often "), S("police patrol"));
}

static void test_whitespace_only(void **state)
{
	(void)state;
	CHECK("two  spaces", "two spaces", S("two"), R("  "), A(" "), S("spaces"));
	CHECK("tab\there", "tab here", S("tab"), R("\t"), A(" "), S("here"));
	CHECK("trailing ", "trailing", S("trailing"), R(" "));
}

static void test_paragraph_added(void **state)
{
	(void)state;
	CHECK("Line one.\nLine two.", "Line one.\nLine two.\n\nA new paragraph.",
	      S("Line one.\nLine two."), A("\n\nA new paragraph."));
	CHECK("One.\nTwo.", "One.\n\nTwo.", S("One."), R("\n"), A("\n\n"), S("Two."));
	CHECK("Alpha.\n\nOmega.", "Alpha.\n\nMiddle.\n\nOmega.", S("Alpha.\n\n"),
	      A("Middle.\n\n"), S("Omega."));
}

static void test_swedish(void **state)
{
	(void)state;
	CHECK("Åsa går över ån", "Åsa gick över ån", S("Åsa "), R("går"), A("gick"),
	      S(" över ån"));
	/* å, ä and ö share their first byte (0xC3): a split would show here */
	CHECK("på väg", "på vägg", S("på "), R("väg"), A("vägg"));
	CHECK("ö ä", "ö å", S("ö "), R("ä"), A("å"));
	CHECK("än", "ån", R("än"), A("ån"));
	CHECK("trygghet för äldre", "trygghet för alla äldre", S("trygghet för "),
	      A("alla "), S("äldre"));
}

static void test_nbsp_is_word(void **state)
{
	(void)state;
	/* U+00A0 is not ASCII whitespace: it stays inside the word */
	CHECK("10\xC2\xA0kr", "12\xC2\xA0kr", R("10\xC2\xA0kr"), A("12\xC2\xA0kr"));
}

/* ---- Random edits ---- */

static const char *const vocab[] = {
	"a", "b", "the", "kommun", "polis", "åtgärd", "ä", "över", "möte,", "x.",
	" ", " ", " ", "  ", "\n", "\n\n", "\t",
};
#define NVOCAB (sizeof vocab / sizeof vocab[0])

static unsigned long rng = 12345;

static unsigned rnd(unsigned n)
{
	rng = rng * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((rng >> 33) % n);
}

/* A random string of up to `max` vocabulary items. */
static char *random_text(unsigned max)
{
	unsigned n = rnd(max + 1);
	char *s = malloc(n * 8 + 1);
	assert_non_null(s);
	s[0] = '\0';
	for (unsigned i = 0; i < n; i++)
		strcat(s, vocab[rnd(NVOCAB)]);
	return s;
}

/* `s` with a few random spans replaced by random text. */
static char *random_edit(const char *s)
{
	char *cur = strdup(s);
	unsigned edits = 1 + rnd(4);
	for (unsigned e = 0; e < edits; e++) {
		size_t len = strlen(cur);
		size_t at = rnd((unsigned)len + 1);
		size_t cut = rnd((unsigned)(len - at) + 1) % 12;
		char *ins = random_text(3);
		char *next = malloc(len - cut + strlen(ins) + 1);
		assert_non_null(next);
		memcpy(next, cur, at);
		strcpy(next + at, ins);
		strcat(next, cur + at + cut);
		free(ins);
		free(cur);
		cur = next;
	}
	return cur;
}

/* Bytes in the longest common prefix of whole tokens plus the longest
 * common suffix of whole tokens that does not overlap it, computed the
 * slow way: the least a diff should keep as SAME. */
static size_t common_tokens(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t min = la < lb ? la : lb, pre = 0, suf = 0;
	for (size_t p = 0; p <= min && !memcmp(a, b, p); p++)
		if (token_edge(a, la, p) && token_edge(b, lb, p))
			pre = p;
	for (size_t s = 0; pre + s <= min && !memcmp(a + la - s, b + lb - s, s); s++)
		if (token_edge(a, la, la - s) && token_edge(b, lb, lb - s))
			suf = s;
	return pre + suf;
}

static size_t same_bytes(const struct diff_piece *p, size_t n)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i].op == DIFF_SAME)
			len += p[i].len;
	return len;
}

static void check_random_pair(const char *old_text, const char *new_text)
{
	struct diff_piece *p;
	size_t n = diff_words(old_text, new_text, &p);
	check_invariants(old_text, new_text, p, n);
	check_token_edges(old_text, new_text, p, n);
	assert_true(same_bytes(p, n) >= common_tokens(old_text, new_text));
	free(p);
}

static void test_random_edits(void **state)
{
	(void)state;
	for (int i = 0; i < 400; i++) {
		char *old_text = random_text(30);
		char *new_text = random_edit(old_text);
		check_random_pair(old_text, new_text);
		check_random_pair(new_text, old_text);
		free(old_text);
		free(new_text);
	}
}

static void test_random_unrelated(void **state)
{
	(void)state;
	for (int i = 0; i < 200; i++) {
		char *old_text = random_text(20);
		char *new_text = random_text(20);
		check_random_pair(old_text, new_text);
		free(old_text);
		free(new_text);
	}
}

/* The tokens of s (at most `max`), as offsets of their starts. */
static size_t tokenize(const char *s, size_t *starts, size_t max)
{
	size_t len = strlen(s), n = 0;
	for (size_t i = 0; i < len; i++)
		if (token_edge(s, len, i)) {
			assert_true(n < max);
			starts[n++] = i;
		}
	starts[n] = len;
	return n;
}

static int token_eq(const char *a, const size_t *sa, size_t i, const char *b,
		    const size_t *sb, size_t j)
{
	size_t la = sa[i + 1] - sa[i];
	return la == sb[j + 1] - sb[j] && !memcmp(a + sa[i], b + sb[j], la);
}

/* The length of a longest common subsequence of tokens, by the book. */
static size_t lcs_tokens(const char *a, const char *b)
{
	enum { MAXTOK = 512 };
	static size_t sa[MAXTOK + 1], sb[MAXTOK + 1];
	static size_t t[MAXTOK + 1][MAXTOK + 1];
	size_t n = tokenize(a, sa, MAXTOK), m = tokenize(b, sb, MAXTOK);
	for (size_t i = n + 1; i-- > 0;)
		for (size_t j = m + 1; j-- > 0;) {
			if (i == n || j == m)
				t[i][j] = 0;
			else if (token_eq(a, sa, i, b, sb, j))
				t[i][j] = t[i + 1][j + 1] + 1;
			else
				t[i][j] = t[i + 1][j] > t[i][j + 1] ? t[i + 1][j] : t[i][j + 1];
		}
	return t[0][0];
}

/* SAME pieces hold whole tokens of both texts, so counting the tokens
 * of each piece on its own counts the tokens kept. */
static size_t same_tokens(const struct diff_piece *p, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i].op != DIFF_SAME)
			continue;
		for (size_t k = 0; k < p[i].len; k++)
			if (k == 0 || space(p[i].text[k - 1]) != space(p[i].text[k]))
				count++;
	}
	return count;
}

static void test_random_minimal(void **state)
{
	(void)state;
	for (int i = 0; i < 300; i++) {
		char *old_text = random_text(25);
		char *new_text = i % 2 ? random_edit(old_text) : random_text(25);
		struct diff_piece *p;
		size_t n = diff_words(old_text, new_text, &p);
		check_invariants(old_text, new_text, p, n);
		assert_int_equal(same_tokens(p, n), lcs_tokens(old_text, new_text));
		free(p);
		free(old_text);
		free(new_text);
	}
}

/* ---- Large inputs ---- */

enum language { SWEDISH, LATIN };

/* `size` bytes of random words and spaces, a newline now and then.
 * Two calls give unrelated texts; in different languages they
 * share no word at all. */
static char *big_text(size_t size, enum language lang)
{
	static const char *const words[2][14] = {
		{ "kommunen", "polisen", "trygghet", "åtgärder", "möten", "över", "år",
		  "skola", "väg", "ljus", "grannar", "samverkan", "ökad", "närvaro" },
		{ "Lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing",
		  "elit", "sed", "do", "eiusmod", "tempor", "incididunt", "labore" },
	};
	char *s = malloc(size + 1);
	assert_non_null(s);
	size_t k = 0;
	for (unsigned i = 0; k < size; i++) {
		const char *word = words[lang][rnd(14)];
		size_t n = strlen(word);
		if (k + n + 1 > size)
			break;
		memcpy(s + k, word, n);
		k += n;
		s[k++] = i % 11 == 10 ? '\n' : ' ';
	}
	memset(s + k, 'z', size - k);
	s[size] = '\0';
	return s;
}

static void test_large_one_word(void **state)
{
	(void)state;
	size_t size = 1u << 20;
	char *old_text = big_text(size, SWEDISH);
	char *new_text = strdup(old_text);
	/* overwrite the word at the middle with a word of another length */
	size_t at = size / 2;
	while (old_text[at - 1] != ' ' && old_text[at - 1] != '\n')
		at--;
	size_t end = at;
	while (old_text[end] != ' ' && old_text[end] != '\n')
		end++;
	char *edited = malloc(size + 16);
	assert_non_null(edited);
	memcpy(edited, old_text, at);
	strcpy(edited + at, "förändrad");
	strcat(edited, old_text + end);
	free(new_text);
	new_text = edited;

	struct diff_piece *p;
	size_t n = diff_words(old_text, new_text, &p);
	check_invariants(old_text, new_text, p, n);
	assert_int_equal(n, 4);
	assert_int_equal(p[0].op, DIFF_SAME);
	assert_int_equal(p[0].len, at);
	assert_int_equal(p[1].op, DIFF_REMOVED);
	assert_int_equal(p[1].len, end - at);
	assert_int_equal(p[2].op, DIFF_ADDED);
	assert_int_equal(p[2].len, strlen("förändrad"));
	assert_memory_equal(p[2].text, "förändrad", p[2].len);
	assert_int_equal(p[3].op, DIFF_SAME);
	free(p);
	free(old_text);
	free(new_text);
}

/* Whether every piece starts at the start of a line (or at the end of
 * the text it points into): what a line diff gives. */
static int line_aligned(const struct diff_piece *p, size_t n, const char *old_text,
			const char *new_text)
{
	for (size_t i = 0; i < n; i++) {
		const char *base = p[i].op == DIFF_ADDED ? new_text : old_text;
		if (p[i].text != base && p[i].text[-1] != '\n')
			return 0;
	}
	return 1;
}

/* Unrelated texts in the same words: far too many changes for a word
 * diff (every word occurs on both sides, so Myers has to work through
 * them all), so the diff falls back to lines.  (A word diff would have
 * cut pieces between the words.) */
static void test_large_unrelated(void **state)
{
	(void)state;
	size_t size = 200u * 1024;
	char *old_text = big_text(size, SWEDISH);
	char *new_text = big_text(size, SWEDISH);
	struct diff_piece *p;
	size_t n = diff_words(old_text, new_text, &p);
	check_invariants(old_text, new_text, p, n);
	assert_true(line_aligned(p, n, old_text, new_text));
	free(p);
	free(old_text);
	free(new_text);
}

/* Texts without a word in common: only whitespace can be SAME. */
static void test_large_disjoint_words(void **state)
{
	(void)state;
	size_t size = 200u * 1024;
	char *old_text = big_text(size, SWEDISH);
	char *new_text = big_text(size, LATIN);
	struct diff_piece *p;
	size_t n = diff_words(old_text, new_text, &p);
	check_invariants(old_text, new_text, p, n);
	for (size_t i = 0; i < n; i++)
		if (p[i].op == DIFF_SAME)
			for (size_t k = 0; k < p[i].len; k++)
				assert_true(space(p[i].text[k]));
	free(p);
	free(old_text);
	free(new_text);
}

/* Lines in common survive the line fallback as SAME. */
static void test_large_line_fallback_keeps_lines(void **state)
{
	(void)state;
	size_t size = 200u * 1024;
	char *a = big_text(size, SWEDISH);
	char *b = big_text(size, SWEDISH);
	const char *shared = "Denna rad finns i båda texterna.\n";
	size_t len = strlen(a) + strlen(shared) + 1;
	char *old_text = malloc(len), *new_text = malloc(len);
	assert_non_null(old_text);
	assert_non_null(new_text);
	/* the shared line sits mid-text, after a line break, in both */
	size_t ca = size / 2, cb = size / 3;
	while (a[ca - 1] != '\n')
		ca++;
	while (b[cb - 1] != '\n')
		cb++;
	snprintf(old_text, len, "%.*s%s%s", (int)ca, a, shared, a + ca);
	snprintf(new_text, len, "%.*s%s%s", (int)cb, b, shared, b + cb);
	struct diff_piece *p;
	size_t n = diff_words(old_text, new_text, &p);
	check_invariants(old_text, new_text, p, n);
	assert_true(line_aligned(p, n, old_text, new_text));
	int found = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i].op == DIFF_SAME && p[i].len == strlen(shared) &&
		    !memcmp(p[i].text, shared, p[i].len))
			found = 1;
	assert_true(found);
	free(p);
	free(a);
	free(b);
	free(old_text);
	free(new_text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_empty_side),
		cmocka_unit_test(test_word_changed),
		cmocka_unit_test(test_word_inserted),
		cmocka_unit_test(test_word_deleted),
		cmocka_unit_test(test_whitespace_only),
		cmocka_unit_test(test_paragraph_added),
		cmocka_unit_test(test_swedish),
		cmocka_unit_test(test_nbsp_is_word),
		cmocka_unit_test(test_random_edits),
		cmocka_unit_test(test_random_unrelated),
		cmocka_unit_test(test_random_minimal),
		cmocka_unit_test(test_large_one_word),
		cmocka_unit_test(test_large_unrelated),
		cmocka_unit_test(test_large_disjoint_words),
		cmocka_unit_test(test_large_line_fallback_keeps_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
