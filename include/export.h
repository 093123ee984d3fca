/* export.h - the published forms of a promise: Markdown (the document
 * format), standalone HTML, plain text and CSV.  JSON comes from the
 * store (store_export_json), built with SQLite's JSON functions. */
#ifndef LOFTE_EXPORT_H
#define LOFTE_EXPORT_H

#include <stddef.h>

#include "model.h"

struct strbuf;

enum export_format { EXPORT_MD, EXPORT_HTML, EXPORT_TXT, EXPORT_CSV, EXPORT_JSON };

/* "md", "html", "txt", "csv", "json" -> 0 and *out, else -1. */
int export_format_parse(const char *name, enum export_format *out);

/* Writes promises[0..n) in format (not EXPORT_JSON) to out.  HTML is one
 * standalone page holding every promise; CSV has one header row. */
void export_promises(struct strbuf *out, enum export_format format,
                     const struct promise *promises, size_t n);

/* The pieces, for tests and for callers that stream. */
void export_html(struct strbuf *out, const struct promise *promises, size_t n);
void export_txt(struct strbuf *out, const struct promise *promises, size_t n);
void export_csv(struct strbuf *out, const struct promise *promises, size_t n);

/* Escapes s for HTML text and attribute values (& < > " '). */
void html_escape(struct strbuf *out, const char *s);
/* Appends one RFC 4180 CSV field: quoted when it holds , " CR or LF, and
 * prefixed with ' when it starts with = + - @ TAB or CR (so a spreadsheet
 * never runs it as a formula). */
void csv_field(struct strbuf *out, const char *s);

#endif
