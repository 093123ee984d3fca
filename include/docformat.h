/* docformat.h - the follow-up document: a human-writable Markdown format
 * that mirrors the published page (man/lofte.5).  Parsing is strict and
 * reports "file:line: what is wrong"; writing is canonical, so that
 * write(parse(write(x))) == write(x) byte for byte. */
#ifndef LOFTE_DOCFORMAT_H
#define LOFTE_DOCFORMAT_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "model.h"

struct strbuf;

struct doc {
	struct promise *promises;
	size_t n;
	size_t cap;
};

/* Parses data[0..len) (the contents of name, used in messages).  On
 * failure nothing is returned in out and e says where. */
enum lofte_rc doc_parse(const char *data, size_t len, const char *name,
                        struct doc *out, struct lerr *e);
void doc_free(struct doc *d);

/* Writes one promise in the document format. */
void doc_write_promise(struct strbuf *out, const struct promise *p);

#endif
