/* strbuf.h - a growable, always NUL-terminated byte string. */
#ifndef LOFTE_STRBUF_H
#define LOFTE_STRBUF_H

#include <stddef.h>
#include <stdarg.h>

struct strbuf {
	char *buf;     /* never NULL after strbuf_init: "" when empty */
	size_t len;
	size_t cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);                 /* len = 0, keeps memory */
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Hands the buffer to the caller (to free()) and leaves sb empty. */
char *strbuf_detach(struct strbuf *sb);

#endif
