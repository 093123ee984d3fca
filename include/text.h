/* text.h - UTF-8 text: validation, canonical form, display width and
 * making text safe to show on a terminal.  Core code: no curses. */
#ifndef LOFTE_TEXT_H
#define LOFTE_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct strbuf;

/* Returns 1 when s[0..n) is valid UTF-8 without NUL bytes, overlong
 * forms or surrogates.  On 0, *bad_off (when not NULL) is the offset of
 * the first offending byte. */
int utf8_valid(const char *s, size_t n, size_t *bad_off);

/* The length of the valid UTF-8 sequence at s (n > 0 bytes left) with
 * its code point in *cp, or 0 when it is not valid UTF-8 (truncated,
 * overlong, a surrogate, beyond U+10FFFF).  NUL is valid here (cp 0). */
size_t utf8_next(const char *s, size_t n, uint32_t *cp);

/* Appends code point cp as UTF-8. */
void utf8_put(struct strbuf *out, uint32_t cp);

/* 1 for C0 (TAB and LF included), DEL and C1: characters a terminal
 * would act on. */
int text_is_control(uint32_t cp);

/* Decodes one code point from valid UTF-8 at s (n bytes left); returns
 * its length in bytes (1 for an invalid byte, with *cp = 0xFFFD). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* The canonical form every stored multi-line text has, so that export
 * and re-import give back exactly what was stored: CR LF and lone CR
 * become LF, trailing blanks of each line and leading and trailing blank
 * lines are removed.  Returns a new string. */
char *text_normalize(const char *s);

/* The canonical form of a one-line field (a title, a name): like
 * text_normalize, and then every run of whitespace, newlines included,
 * becomes one space. */
char *text_normalize_line(const char *s);

/* Columns that s takes on a terminal, summing wcwidth() of each code
 * point (control and invalid bytes count as their placeholder's width,
 * see text_sanitize).  Needs a UTF-8 LC_CTYPE. */
int text_width(const char *s);

/* Appends s to out with every control character (C0 but TAB, DEL, C1)
 * and every invalid byte replaced by a visible placeholder: U+2400 +
 * code for C0 (␛ for ESC), U+2421 for DEL, U+FFFD for C1 and invalid
 * bytes.  Newlines are kept when keep_newlines, else shown as U+2424.
 * What comes out can be written to a terminal without acting on it. */
void text_sanitize(struct strbuf *out, const char *s, int keep_newlines);

/* Appends s to out with every invalid UTF-8 byte replaced by U+FFFD and
 * nothing else changed: text another program wrote into the database,
 * made fit for a UTF-8 document. */
void text_repair_utf8(struct strbuf *out, const char *s);

/* Appends the JSON text s (as SQLite's JSON functions write it) with
 * what a terminal would act on written as escapes: DEL, C1 controls and
 * bidirectional controls as \uXXXX, and an invalid byte as \ufffd.
 * These can only stand inside JSON strings, so what a parser reads is
 * unchanged (but for invalid bytes, which no parser reads). */
void text_json_safe(struct strbuf *out, const char *s);

/* Appends s to out cut to at most width columns, ending in "…" when
 * cut, then padded with spaces to exactly width columns when pad. */
void text_fit(struct strbuf *out, const char *s, int width, int pad);

/* 1 when a and b are equal ignoring case of ASCII letters and of
 * å ä ö é ü (Å Ä Ö É Ü). */
int text_equal_fold(const char *a, const char *b);

/* The first place at or after byte `from` of s[0..n) where needle occurs,
 * ignoring case as text_equal_fold does, with its length in s in *len;
 * -1 when there is none. */
long text_find_fold(const char *s, size_t n, size_t from, const char *needle, size_t *len);

/* Swedish alphabetical comparison for sorting names: a-z, then å ä ö,
 * case-insensitive first, then by bytes for a stable order. */
int text_collate_sv(const char *a, size_t an, const char *b, size_t bn);

#endif
