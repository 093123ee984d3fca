/* fuzz_docformat.c - the document format's import (doc_parse) on any
 * bytes.  Where the parse succeeds, the canonical writer must be a fixed
 * point: export, import, export gives the same bytes (docformat.h), and
 * the other export formats must cope with whatever was imported.  Where
 * it fails, the message must be one line a terminal can show. */
#include <stdlib.h>
#include <string.h>

#include "docformat.h"
#include "export.h"
#include "fuzz.h"
#include "strbuf.h"
#include "text.h"

/* One line without anything a terminal would act on (C0 but TAB, DEL,
 * C1); a message cut short at its size may end inside a character. */
static int shows_safely(const char *msg)
{
	size_t n = strlen(msg);
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = utf8_next(msg + i, n - i, &cp);
		if (len == 0) {
			i++;
			continue;
		}
		if (text_is_control(cp) && cp != '\t')
			return 0;
		i += len;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc d, d2;
	struct lerr e;
	struct strbuf first, second, other;

	if (doc_parse((const char *)data, size, "fuzz.md", &d, &e) != RC_OK) {
		FUZZ_CHECK(e.rc != RC_OK && e.msg[0]);
		FUZZ_CHECK(shows_safely(e.msg));
		return 0;
	}
	FUZZ_CHECK(d.n > 0);

	strbuf_init(&first);
	export_promises(&first, EXPORT_MD, d.promises, d.n);
	if (doc_parse(first.buf, first.len, "export.md", &d2, &e) != RC_OK)
		fuzz_fail(__FILE__, __LINE__, e.msg);   /* the writer's output must import */
	FUZZ_CHECK(d2.n == d.n);
	strbuf_init(&second);
	export_promises(&second, EXPORT_MD, d2.promises, d2.n);
	FUZZ_CHECK(first.len == second.len && !memcmp(first.buf, second.buf, first.len));

	/* The other published forms of the same promises. */
	strbuf_init(&other);
	export_promises(&other, EXPORT_HTML, d.promises, d.n);
	strbuf_reset(&other);
	export_promises(&other, EXPORT_TXT, d.promises, d.n);
	strbuf_reset(&other);
	export_promises(&other, EXPORT_CSV, d.promises, d.n);

	strbuf_free(&other);
	strbuf_free(&second);
	strbuf_free(&first);
	doc_free(&d2);
	doc_free(&d);
	return 0;
}
