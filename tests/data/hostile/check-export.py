#!/usr/bin/env python3
"""Checks one export of lofte against the rules for hostile text.

    python3 check-export.py KIND FILE      KIND: utf8 terminal html csv json

Prints one line per problem and exits 1 when there is any, else 0.
- utf8: valid UTF-8, nothing more (the Markdown document keeps control
  characters so that a re-import gives back what was stored).
- terminal: valid UTF-8 with no byte a terminal acts on (C0 but TAB and
  LF, DEL, C1) and no bidirectional control: what txt, summary and search
  write, and what lofte writes to a terminal.
- html: terminal-safe too, and inert: parsed with html.parser, only the
  elements and attributes the exporter itself writes, no script, style
  only in the head, no event handler, no URL.
- csv: terminal-safe but for CR LF inside quoted cells; every row has the
  header's number of cells; no cell starts with = + - @ TAB or CR.
- json: strict UTF-8, parses, no raw control, DEL, C1 or bidi character.
"""
import csv
import io
import json
import sys
from html.parser import HTMLParser

BIDI = {chr(c) for c in list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A))}


def unsafe_chars(text, allowed="\t\n"):
    """Yields (offset, char) for what a terminal would act on."""
    for i, ch in enumerate(text):
        o = ord(ch)
        if ch in allowed:
            continue
        if o < 0x20 or o == 0x7F or 0x80 <= o < 0xA0 or ch in BIDI:
            yield i, ch


def check_terminal(text, problems, allowed="\t\n"):
    for i, ch in unsafe_chars(text, allowed):
        problems.append("raw U+%04X at offset %d: %r" % (ord(ch), i, text[max(0, i - 20):i + 20]))


ELEMENTS = {"html", "head", "meta", "title", "style", "body", "main", "section", "h1", "h2",
            "h3", "p", "br", "ul", "li", "div", "table", "caption", "thead", "tbody", "tr",
            "th", "td"}
ATTRIBUTES = {"lang", "charset", "name", "content", "class", "id", "role", "aria-labelledby",
              "tabindex", "scope"}


class Inert(HTMLParser):
    def __init__(self, problems):
        super().__init__(convert_charrefs=True)
        self.problems = problems
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag not in ELEMENTS:
            self.problems.append("element <%s> at line %d" % (tag, self.getpos()[0]))
        if tag == "style" and "head" not in self.stack:
            self.problems.append("<style> outside the head at line %d" % self.getpos()[0])
        for name, value in attrs:
            if name not in ATTRIBUTES:
                self.problems.append("attribute %s=%r at line %d" % (name, value, self.getpos()[0]))
        if tag not in ("meta", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("</%s> does not close <%s> at line %d"
                                 % (tag, self.stack[-1] if self.stack else "", self.getpos()[0]))
        else:
            self.stack.pop()

    def handle_comment(self, data):
        self.problems.append("a comment at line %d" % self.getpos()[0])

    def handle_pi(self, data):
        self.problems.append("a processing instruction at line %d" % self.getpos()[0])


def check_html(text, problems):
    check_terminal(text, problems)
    parser = Inert(problems)
    parser.feed(text)
    parser.close()
    if parser.stack:
        problems.append("unclosed: %s" % " ".join(parser.stack))


def check_csv(text, problems):
    check_terminal(text, problems, allowed="\t\n\r")
    for i, ch in enumerate(text):
        if ch == "\r" and text[i + 1:i + 2] != "\n":
            problems.append("a lone CR at offset %d" % i)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        problems.append("no header")
        return
    for n, row in enumerate(rows[1:], 2):
        if len(row) != len(rows[0]):
            problems.append("row %d has %d cells, the header %d" % (n, len(row), len(rows[0])))
        for cell in row:
            if cell and cell[0] in "=+-@\t\r":
                problems.append("row %d: a cell starts with %r: %r" % (n, cell[0], cell[:40]))


def check_json(text, problems):
    check_terminal(text, problems, allowed="\n")
    try:
        json.loads(text)
    except ValueError as e:
        problems.append("not JSON: %s" % e)


def main():
    kind, path = sys.argv[1], sys.argv[2]
    data = open(path, "rb").read()
    problems = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        print("%s: not UTF-8: %s" % (path, e))
        return 1
    {"utf8": lambda text, problems: None, "terminal": check_terminal, "html": check_html, "csv": check_csv,
     "json": check_json}[kind](text, problems)
    for p in problems[:20]:
        print("%s: %s" % (path, p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
