/* text.c - UTF-8 validation, canonical text, terminal width and safety. */
#include "text.h"

#include <string.h>
#include <wchar.h>

#include "strbuf.h"
#include "xalloc.h"

size_t utf8_next(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if ((c & 0xE0) == 0xC0) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

int utf8_valid(const char *s, size_t n, size_t *bad_off)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_next(s + i, n - i, &cp);
		if (!len || cp == 0) {
			if (bad_off)
				*bad_off = i;
			return 0;
		}
		i += len;
	}
	return 1;
}

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	size_t len = n ? utf8_next(s, n, cp) : 0;
	if (len)
		return len;
	*cp = 0xFFFD;
	return 1;
}

static int is_blank_char(char c)
{
	return c == ' ' || c == '\t';
}

/* Appends the lines of s (any line ending) with trailing blanks cut,
 * leaving out leading and trailing blank lines. */
char *text_normalize(const char *s)
{
	struct strbuf out;
	strbuf_init(&out);
	size_t pending_blank = 0;   /* blank lines seen since the last text line */
	int any = 0;
	const char *p = s;
	while (*p) {
		size_t n = strcspn(p, "\r\n");
		size_t end = n;
		while (end > 0 && is_blank_char(p[end - 1]))
			end--;
		if (end == 0) {
			pending_blank++;
		} else {
			if (any)
				for (size_t i = 0; i <= pending_blank; i++)
					strbuf_addc(&out, '\n');
			pending_blank = 0;
			strbuf_add(&out, p, end);
			any = 1;
		}
		p += n;
		if (p[0] == '\r' && p[1] == '\n')
			p += 2;
		else if (*p)
			p++;
	}
	return strbuf_detach(&out);
}

char *text_normalize_line(const char *s)
{
	struct strbuf out;
	strbuf_init(&out);
	int space = 0;
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f') {
			space = out.len > 0;
			continue;
		}
		if (space)
			strbuf_addc(&out, ' ');
		space = 0;
		strbuf_addc(&out, *p);
	}
	return strbuf_detach(&out);
}

int text_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

/* Bidirectional overrides and isolates can make text appear in another
 * order than it is stored; show them instead of obeying them. */
static int is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The placeholder shown for a code point that must not reach the
 * terminal, or 0 when it can be shown as it is. */
static uint32_t placeholder(uint32_t cp)
{
	if (cp == 0x7F)
		return 0x2421;
	if (cp < 0x20)
		return 0x2400 + cp;
	if (text_is_control(cp) || cp == 0xFFFD)
		return 0xFFFD;
	if (is_bidi_control(cp))
		return 0xFFFD;
	return 0;
}

void utf8_put(struct strbuf *out, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6)), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12)), b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18)), b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
	}
	strbuf_add(out, b, n);
}

static int cp_width(uint32_t cp)
{
	uint32_t ph = placeholder(cp);
	if (cp == '\t')
		return 1;
	if (ph)
		cp = ph;
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int text_width(const char *s)
{
	size_t n = strlen(s);
	int w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		w += cp_width(cp);
	}
	return w;
}

void text_sanitize(struct strbuf *out, const char *s, int keep_newlines)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		uint32_t ph = placeholder(cp);
		if ((cp == '\n' && keep_newlines) || cp == '\t' || !ph)
			strbuf_add(out, s + i, len);
		else
			utf8_put(out, cp == '\n' ? 0x2424 : ph);
		i += len;
	}
}

void text_repair_utf8(struct strbuf *out, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_next(s + i, n - i, &cp);
		if (len)
			strbuf_add(out, s + i, len);
		else
			utf8_put(out, 0xFFFD);
		i += len ? len : 1;
	}
}

void text_json_safe(struct strbuf *out, const char *s)
{
	/* Copies runs of good bytes whole: an export of everything passes
	 * 130 MB through here.  ASCII below DEL is good as it is (SQLite
	 * escaped the controls). */
	size_t n = strlen(s), run = 0;
	for (size_t i = 0; i < n;) {
		if ((unsigned char)s[i] < 0x7F) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = utf8_next(s + i, n - i, &cp);
		if (len && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) && !is_bidi_control(cp)) {
			i += len;
			continue;
		}
		strbuf_add(out, s + run, i - run);
		if (!len)
			strbuf_adds(out, "\\ufffd");
		else
			strbuf_addf(out, "\\u%04x", (unsigned)cp);
		i += len ? len : 1;
		run = i;
	}
	strbuf_add(out, s + run, n - run);
}

void text_fit(struct strbuf *out, const char *s, int width, int pad)
{
	struct strbuf safe;
	strbuf_init(&safe);
	text_sanitize(&safe, s, 0);
	int total = text_width(safe.buf);
	int used = 0;
	if (total <= width) {
		strbuf_add(out, safe.buf, safe.len);
		used = total;
	} else if (width > 0) {
		/* Keep whole characters up to width - 1 and end in an ellipsis. */
		for (size_t i = 0; i < safe.len;) {
			uint32_t cp;
			size_t len = utf8_decode(safe.buf + i, safe.len - i, &cp);
			int w = cp_width(cp);
			if (used + w > width - 1)
				break;
			strbuf_add(out, safe.buf + i, len);
			used += w;
			i += len;
		}
		strbuf_adds(out, "…");
		used++;
	}
	while (pad && used < width) {
		strbuf_addc(out, ' ');
		used++;
	}
	strbuf_free(&safe);
}

/* The lower-case form of the letters Swedish text folds. */
static uint32_t fold(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	switch (cp) {
	case 0xC5: return 0xE5; /* Å */
	case 0xC4: return 0xE4; /* Ä */
	case 0xD6: return 0xF6; /* Ö */
	case 0xC9: return 0xE9; /* É */
	case 0xDC: return 0xFC; /* Ü */
	case 0xC6: return 0xE6; /* Æ */
	case 0xD8: return 0xF8; /* Ø */
	default: return cp;
	}
}

int text_equal_fold(const char *a, const char *b)
{
	size_t an = strlen(a), bn = strlen(b);
	size_t i = 0, j = 0;
	while (i < an && j < bn) {
		uint32_t ca, cb;
		i += utf8_decode(a + i, an - i, &ca);
		j += utf8_decode(b + j, bn - j, &cb);
		if (fold(ca) != fold(cb))
			return 0;
	}
	return i == an && j == bn;
}

/* Length in s of a match of needle at s (folded), or 0. */
static size_t match_fold_at(const char *s, size_t n, const char *needle)
{
	size_t i = 0, j = 0, nl = strlen(needle);
	while (j < nl) {
		if (i >= n)
			return 0;
		uint32_t a, b;
		i += utf8_decode(s + i, n - i, &a);
		j += utf8_decode(needle + j, nl - j, &b);
		if (fold(a) != fold(b))
			return 0;
	}
	return i;
}

long text_find_fold(const char *s, size_t n, size_t from, const char *needle, size_t *len)
{
	if (!needle[0])
		return -1;
	for (size_t i = from; i < n;) {
		size_t m = match_fold_at(s + i, n - i, needle);
		if (m) {
			*len = m;
			return (long)i;
		}
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
	}
	return -1;
}

/* The primary sort weight of a code point in Swedish: a-z in order, then
 * å ä ö; é sorts as e, ü as y, æ as ä and ø as ö (SAOL's rules).  Other
 * characters sort after the alphabet by code point. */
static uint32_t sv_weight(uint32_t cp)
{
	cp = fold(cp);
	switch (cp) {
	case 0xE9: cp = 'e'; break;
	case 0xFC: cp = 'y'; break;
	case 0xE5: return 'z' + 1;
	case 0xE4: case 0xE6: return 'z' + 2;
	case 0xF6: case 0xF8: return 'z' + 3;
	default: break;
	}
	if (cp >= 'a' && cp <= 'z')
		return cp;
	return cp < 'a' ? cp : cp + 0x100;
}

int text_collate_sv(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	while (i < an && j < bn) {
		uint32_t ca, cb;
		i += utf8_decode(a + i, an - i, &ca);
		j += utf8_decode(b + j, bn - j, &cb);
		uint32_t wa = sv_weight(ca), wb = sv_weight(cb);
		if (wa != wb)
			return wa < wb ? -1 : 1;
	}
	if (i < an || j < bn)
		return i < an ? 1 : -1;
	/* Equal but for case or accents: order by bytes so sorting is stable. */
	size_t m = an < bn ? an : bn;
	int c = memcmp(a, b, m);
	return c ? (c < 0 ? -1 : 1) : (an > bn) - (an < bn);
}
