/*
 * vtdrive - a headless terminal for lofte's end-to-end tests.
 *
 *   vtdrive [-s COLSxROWS] [-t TIMEOUT_MS] [-l LOGFILE] SCRIPT -- PROGRAM [ARGS...]
 *
 * Runs PROGRAM on a pseudo-terminal of the given size (default 80x24),
 * feeds everything it writes into libvterm (an xterm-like emulator) and
 * executes SCRIPT ("-" = stdin) against the resulting screen: wait for
 * text, send keys, click, resize, check cells, the cursor and the raw
 * byte stream.  The language is described in tests/tui/README.md.
 *
 * Exit status: 0 the script passed; 1 a check failed (one line
 * "vtdrive: SCRIPT:LINE: what failed" on stderr, then the screen);
 * 2 bad usage or a syntax error in the script (nothing was run).
 *
 * Design:
 * - The whole script is parsed before the program starts, so a typo is
 *   reported at once and not after a long run.
 * - One event loop (pump) polls the pty master (read, and write while keys
 *   are pending) and a SIGCHLD self-pipe.  It never sleeps for a fixed
 *   time: every wait has a deadline (-t, 5000 ms by default, multiplied by
 *   $VTDRIVE_TIMEOUT_SCALE) and wakes as soon as the condition holds.
 *   The master is drained whenever vtdrive waits, so the program never
 *   blocks on a full pty; what is already readable is taken in before
 *   every command, so the immediate checks see "now".
 * - Keys are encoded by libvterm (vterm_keyboard_key/_unichar), so the
 *   cursor-key mode (DECCKM), bracketed paste (2004) and the mouse modes
 *   (1000/1002/1003, SGR 1006) follow what the program asked for.  All
 *   vterm output, keys and its answers to queries (DA, DSR), goes through
 *   an output callback into one queue that is written to the master.
 * - libvterm 0.1.4 deviations from xterm, handled here: Ctrl+char is
 *   encoded as xterm does (C-i = 0x09, C-m = 0x0d, C-@ = 0x00, ...) where
 *   libvterm would send CSI u; vterm_mouse_button() reports clicks even
 *   when the program has not enabled the mouse, so the mouse mode is
 *   tracked from VTERM_PROP_MOUSE and a click then is a test failure; the
 *   wheel sends only a press, as xterm does.
 * - Everything the program wrote is kept (for `forbid`, which looks at
 *   the whole stream) and, with -l, copied to a file.  Byte counts are
 *   per read() of the master: a "read" is a burst of output, a proxy for
 *   the program's write() calls (the kernel may merge or split them).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

enum { EXIT_FAILED = 1, EXIT_USAGE = 2 };
enum { MAX_SIZE = 1000, QUIET_GRACE_MS = 100, TERM_GRACE_MS = 1000 };

#define USAGE "usage: vtdrive [-s COLSxROWS] [-t TIMEOUT_MS] [-l LOGFILE] SCRIPT -- PROGRAM [ARGS...]\n"

/* ---- growing byte buffers ------------------------------------------------ */

struct buf {
	char *p;
	size_t len, cap;
};

static _Noreturn void out_of_memory(void)
{
	fputs("vtdrive: out of memory\n", stderr);
	exit(EXIT_FAILED);
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		out_of_memory();
	return q;
}

static void buf_add(struct buf *b, const void *data, size_t n)
{
	if (n == 0)
		return;
	if (n > b->cap - b->len) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap - b->len < n)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

static void buf_free(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

static void buf_add_utf8(struct buf *b, uint32_t c)
{
	char s[4];
	size_t n;

	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80) {
		s[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		s[0] = (char)(0xc0 | c >> 6);
		s[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		s[0] = (char)(0xe0 | c >> 12);
		s[1] = (char)(0x80 | (c >> 6 & 0x3f));
		s[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		s[0] = (char)(0xf0 | c >> 18);
		s[1] = (char)(0x80 | (c >> 12 & 0x3f));
		s[2] = (char)(0x80 | (c >> 6 & 0x3f));
		s[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	buf_add(b, s, n);
}

/* One UTF-8 sequence at s[0..n): its length, or 0 if it is not valid. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2, c &= 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, c &= 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Offset of needle in hay, or SIZE_MAX (memmem is a GNU extension). */
static size_t find_bytes(const char *hay, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0)
		return 0;
	for (size_t i = 0; i + nn <= hn; i++) {
		const char *p = memchr(hay + i, needle[0], hn - nn + 1 - i);
		if (!p)
			break;
		i = (size_t)(p - hay);
		if (memcmp(p, needle, nn) == 0)
			return i;
	}
	return SIZE_MAX;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The same clock in ns, for report_time. */
static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- the script ---------------------------------------------------------- */

enum cmd_kind {
	C_WAIT, C_WAIT_ROW, C_WAIT_GONE, C_WAIT_QUIET, C_SEND, C_MOUSE, C_WHEEL,
	C_RESIZE, C_EXPECT, C_EXPECT_NOT, C_EXPECT_ROW, C_EXPECT_CELL, C_EXPECT_ATTR,
	C_EXPECT_CURSOR, C_MARK, C_EXPECT_BYTES_MAX, C_REPORT_BYTES, C_FORBID,
	C_FORBID_TEXT, C_DUMP, C_WAIT_EXIT, C_KILL, C_TIMEOUT, C_SHELL,
	C_REPORT_TIME, C_REPORT_HWM, C_REPORT_CHANGE
};

static const struct {
	const char *name;
	enum cmd_kind kind;
} commands[] = {
	{ "wait", C_WAIT }, { "wait_row", C_WAIT_ROW },
	{ "wait_gone", C_WAIT_GONE }, { "wait_quiet", C_WAIT_QUIET },
	{ "send", C_SEND }, { "mouse", C_MOUSE }, { "wheel", C_WHEEL },
	{ "resize", C_RESIZE }, { "expect", C_EXPECT },
	{ "expect_not", C_EXPECT_NOT }, { "expect_row", C_EXPECT_ROW },
	{ "expect_cell", C_EXPECT_CELL },
	{ "expect_attr", C_EXPECT_ATTR }, { "expect_cursor", C_EXPECT_CURSOR },
	{ "mark", C_MARK }, { "expect_bytes_max", C_EXPECT_BYTES_MAX },
	{ "report_bytes", C_REPORT_BYTES }, { "forbid", C_FORBID },
	{ "forbid_text", C_FORBID_TEXT }, { "dump", C_DUMP },
	{ "wait_exit", C_WAIT_EXIT }, { "kill", C_KILL }, { "timeout", C_TIMEOUT },
	{ "shell", C_SHELL }, { "report_time", C_REPORT_TIME },
	{ "report_hwm", C_REPORT_HWM }, { "report_change", C_REPORT_CHANGE },
};

/* A piece of a `send`: literal text, a named key, a character with
 * modifiers, or the start/end of a bracketed paste. */
enum item_kind { I_TEXT, I_KEY, I_CHAR, I_PASTE_START, I_PASTE_END };

struct item {
	enum item_kind kind;
	VTermKey key;
	uint32_t ch;
	int mod;
	size_t off, len;	/* I_TEXT: bytes in cmd->text */
};

enum { CS_ANY, CS_DEFAULT, CS_INDEX, CS_RGB };

struct colorspec {
	int kind;
	int idx;
	uint8_t r, g, b;
};

enum { A_BOLD, A_ITALIC, A_UNDERLINE, A_REVERSE, A_NFLAGS };
static const char *const flag_names[A_NFLAGS] = { "bold", "italic", "underline", "reverse" };

struct attrspec {
	signed char flag[A_NFLAGS];	/* -1 any, 0 must be off, 1 must be on */
	struct colorspec fg, bg;
};

struct cmd {
	enum cmd_kind kind;
	int line;
	char *src;		/* the line as written, for messages */
	long n[3];
	int nn;			/* how many numbers were given */
	struct buf text;	/* TEXT, forbidden bytes, LABEL, send bytes */
	struct item *items;
	size_t nitems;
	struct attrspec attr;
};

struct forbid {
	const struct cmd *cmd;
};

/* ---- the state of the run ------------------------------------------------ */

static struct {
	const char *script;	/* name for messages */
	int line;		/* line of the command being run */
	int ended;		/* the script has ended */
	struct cmd *cmds;
	size_t ncmds;
	double scale;
	int64_t timeout;	/* ms, scaled */

	pid_t pid;
	int reaped, status;
	int master, master_dead, master_hup;
	int sigfd[2];

	VTerm *vt;
	VTermScreen *screen;
	VTermState *state;
	int mouse, altscreen;

	struct buf tochild;	/* keys and answers for the program */
	size_t tochild_off;
	size_t dropped;		/* bytes that could not be delivered */

	struct buf raw;		/* what the program wrote, from offset raw_base */
	size_t raw_base, total;
	size_t last_forbid;	/* 1 + index of the last forbid command */
	size_t forbid_max;	/* the longest forbidden sequence */
	unsigned long reads;
	int64_t last_output;
	int64_t start_ns;	/* just before the fork */
	int64_t last_output_ns;	/* when the last read returned bytes */
	FILE *log;

	struct forbid *forbid;
	size_t nforbid;
	size_t mark_bytes;
	unsigned long mark_reads;
	VTermScreenCell *snap;	/* the screen at the mark; NULL: blank */
	int snap_rows, snap_cols;
	VTermPos snap_cursor;	/* the cursor at the mark */
	int64_t mark_ns;	/* the mark's time; start_ns before any mark */
	int history_needed;	/* a forbid command is still to come */
	int failing;
} D = { .master = -1, .sigfd = { -1, -1 }, .scale = 1.0 };

static _Noreturn void syntax(int line, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static _Noreturn void fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static _Noreturn void syntax(int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vtdrive: %s:%d: ", D.script, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

/* ---- parsing --------------------------------------------------------------- */

struct lex {
	const char *p, *end;
	int line;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void lex_skip(struct lex *l)
{
	while (l->p < l->end && is_blank(*l->p))
		l->p++;
}

/* The next blank-separated word; 0 if there is none. */
static int lex_word(struct lex *l, const char **w, size_t *n)
{
	lex_skip(l);
	*w = l->p;
	while (l->p < l->end && !is_blank(*l->p))
		l->p++;
	*n = (size_t)(l->p - *w);
	return *n > 0;
}

static int lex_done(struct lex *l)
{
	lex_skip(l);
	return l->p == l->end;
}

static int word_is(const char *w, size_t n, const char *s)
{
	return strlen(s) == n && strncasecmp(w, s, n) == 0;
}

static int parse_long(const char *w, size_t n, long min, long max, long *v)
{
	char tmp[32], *end;

	if (n == 0 || n >= sizeof tmp)
		return 0;
	memcpy(tmp, w, n);
	tmp[n] = '\0';
	errno = 0;
	*v = strtol(tmp, &end, 10);
	return errno == 0 && *end == '\0' && isdigit((unsigned char)tmp[0]) &&
	       *v >= min && *v <= max;
}

static long lex_number(struct lex *l, const char *what, long min, long max)
{
	const char *w;
	size_t n;
	long v;

	if (!lex_word(l, &w, &n))
		syntax(l->line, "missing %s", what);
	if (!parse_long(w, n, min, max, &v))
		syntax(l->line, "%s '%.*s' is not a number from %ld to %ld", what, (int)n, w, min, max);
	return v;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes the escape at s[*i] ('\\') into out and advances *i past it. */
static void unescape1(int line, const char *s, size_t n, size_t *i, struct buf *out)
{
	size_t j = *i + 1;
	int hi, lo;

	if (j >= n)
		syntax(line, "backslash at the end of the line");
	switch (s[j]) {
	case 'n': buf_addc(out, '\n'); break;
	case 't': buf_addc(out, '\t'); break;
	case 'r': buf_addc(out, '\r'); break;
	case 'e': buf_addc(out, '\033'); break;
	case '\\': buf_addc(out, '\\'); break;
	case 'x':
		if (j + 2 >= n || (hi = hexval(s[j + 1])) < 0 || (lo = hexval(s[j + 2])) < 0)
			syntax(line, "\\x needs two hex digits");
		buf_addc(out, (char)(hi << 4 | lo));
		j += 2;
		break;
	default:
		syntax(line, "unknown escape '\\%c' (use \\n \\t \\r \\e \\\\ \\xHH)", s[j]);
	}
	*i = j + 1;
}

/* The rest of the line as TEXT with its escapes decoded. */
static void lex_text(struct lex *l, struct buf *out, int required)
{
	size_t n, i = 0;

	lex_skip(l);
	n = (size_t)(l->end - l->p);
	while (i < n) {
		if (l->p[i] == '\\')
			unescape1(l->line, l->p, n, &i, out);
		else
			buf_addc(out, l->p[i++]);
	}
	l->p = l->end;
	if (required && out->len == 0)
		syntax(l->line, "missing TEXT");
}

static struct item *add_item(struct cmd *c, enum item_kind kind)
{
	struct item *it;

	c->items = xrealloc(c->items, (c->nitems + 1) * sizeof *c->items);
	it = &c->items[c->nitems++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

/* Appends literal bytes to the send, merging with a preceding text item. */
static void add_text(struct cmd *c, const char *s, size_t n)
{
	struct item *it;

	if (c->nitems > 0 && c->items[c->nitems - 1].kind == I_TEXT) {
		it = &c->items[c->nitems - 1];
	} else {
		it = add_item(c, I_TEXT);
		it->off = c->text.len;
	}
	buf_add(&c->text, s, n);
	it->len += n;
}

static const struct {
	const char *name;
	VTermKey key;
	uint32_t ch;
} keynames[] = {
	{ "Enter", VTERM_KEY_ENTER, 0 }, { "Return", VTERM_KEY_ENTER, 0 },
	{ "Tab", VTERM_KEY_TAB, 0 }, { "Esc", VTERM_KEY_ESCAPE, 0 },
	{ "Escape", VTERM_KEY_ESCAPE, 0 }, { "BS", VTERM_KEY_BACKSPACE, 0 },
	{ "Backspace", VTERM_KEY_BACKSPACE, 0 }, { "Del", VTERM_KEY_DEL, 0 },
	{ "Delete", VTERM_KEY_DEL, 0 }, { "Ins", VTERM_KEY_INS, 0 },
	{ "Insert", VTERM_KEY_INS, 0 }, { "Up", VTERM_KEY_UP, 0 },
	{ "Down", VTERM_KEY_DOWN, 0 }, { "Left", VTERM_KEY_LEFT, 0 },
	{ "Right", VTERM_KEY_RIGHT, 0 }, { "Home", VTERM_KEY_HOME, 0 },
	{ "End", VTERM_KEY_END, 0 }, { "PgUp", VTERM_KEY_PAGEUP, 0 },
	{ "PageUp", VTERM_KEY_PAGEUP, 0 }, { "PgDn", VTERM_KEY_PAGEDOWN, 0 },
	{ "PageDown", VTERM_KEY_PAGEDOWN, 0 }, { "Space", VTERM_KEY_NONE, ' ' },
	{ "lt", VTERM_KEY_NONE, '<' }, { "gt", VTERM_KEY_NONE, '>' },
};

/* <NAME>: [C-|S-|M-|A-]... then a key name, F1..F12 or one character. */
static void parse_key(struct cmd *c, int line, const char *name, size_t n)
{
	const char *orig = name;
	size_t orign = n;
	int mod = 0;
	long fn;
	uint32_t ch;
	struct item *it;

	while (n > 2 && name[1] == '-') {
		switch (name[0]) {
		case 'C': case 'c': mod |= VTERM_MOD_CTRL; break;
		case 'S': case 's': mod |= VTERM_MOD_SHIFT; break;
		case 'M': case 'm': case 'A': case 'a': mod |= VTERM_MOD_ALT; break;
		default: syntax(line, "unknown modifier in <%.*s>", (int)orign, orig);
		}
		name += 2;
		n -= 2;
	}
	for (size_t i = 0; i < sizeof keynames / sizeof keynames[0]; i++) {
		if (!word_is(name, n, keynames[i].name))
			continue;
		if (keynames[i].key == VTERM_KEY_NONE) {
			it = add_item(c, I_CHAR);
			it->ch = keynames[i].ch;
		} else {
			it = add_item(c, I_KEY);
			it->key = keynames[i].key;
		}
		it->mod = mod;
		return;
	}
	if (n >= 2 && (name[0] == 'F' || name[0] == 'f') &&
	    parse_long(name + 1, n - 1, 1, 12, &fn)) {
		it = add_item(c, I_KEY);
		it->key = (VTermKey)VTERM_KEY_FUNCTION(fn);
		it->mod = mod;
		return;
	}
	if (mod != 0 && utf8_decode((const unsigned char *)name, n, &ch) == n) {
		it = add_item(c, I_CHAR);
		it->ch = ch;
		it->mod = mod;
		return;
	}
	syntax(line, "unknown key <%.*s>", (int)orign, orig);
}

static void parse_send(struct cmd *c, struct lex *l)
{
	static const char paste_end[] = "</Paste>";
	const char *s;
	size_t n, i = 0;

	lex_skip(l);
	s = l->p;
	n = (size_t)(l->end - l->p);
	if (n == 0)
		syntax(l->line, "missing KEYS");
	while (i < n) {
		if (s[i] == '\\') {
			struct buf b = { 0 };
			unescape1(l->line, s, n, &i, &b);
			add_text(c, b.p, b.len);
			buf_free(&b);
		} else if (s[i] == '<') {
			const char *gt = memchr(s + i + 1, '>', n - i - 1);
			size_t kn;

			if (!gt)
				syntax(l->line, "'<' without '>' (write <lt> for a literal '<')");
			kn = (size_t)(gt - (s + i + 1));
			if (word_is(s + i + 1, kn, "Paste")) {
				size_t j = (size_t)(gt - s) + 1, end;
				struct buf b = { 0 };

				end = find_bytes(s + j, n - j, paste_end, sizeof paste_end - 1);
				if (end == SIZE_MAX)
					syntax(l->line, "<Paste> without </Paste>");
				end += j;
				while (j < end) {
					if (s[j] == '\\')
						unescape1(l->line, s, end, &j, &b);
					else
						buf_addc(&b, s[j++]);
				}
				add_item(c, I_PASTE_START);
				add_text(c, b.p, b.len);
				add_item(c, I_PASTE_END);
				buf_free(&b);
				i = end + sizeof paste_end - 1;
			} else {
				if (kn == 0)
					syntax(l->line, "empty key name <> (write <lt> for a literal '<')");
				parse_key(c, l->line, s + i + 1, kn);
				i = (size_t)(gt - s) + 1;
			}
		} else {
			add_text(c, s + i, 1);
			i++;
		}
	}
	l->p = l->end;
}

static void parse_color(int line, const char *w, size_t n, struct colorspec *cs)
{
	long v;

	if (word_is(w, n, "default")) {
		cs->kind = CS_DEFAULT;
	} else if (n == 7 && w[0] == '#') {
		int h[6];
		for (int i = 0; i < 6; i++)
			if ((h[i] = hexval(w[i + 1])) < 0)
				syntax(line, "bad colour '%.*s' (use #rrggbb)", (int)n, w);
		cs->kind = CS_RGB;
		cs->r = (uint8_t)(h[0] << 4 | h[1]);
		cs->g = (uint8_t)(h[2] << 4 | h[3]);
		cs->b = (uint8_t)(h[4] << 4 | h[5]);
	} else if (parse_long(w, n, 0, 255, &v)) {
		cs->kind = CS_INDEX;
		cs->idx = (int)v;
	} else {
		syntax(line, "bad colour '%.*s' (use default, 0..255 or #rrggbb)", (int)n, w);
	}
}

static void parse_attrs(struct cmd *c, struct lex *l)
{
	const char *w;
	size_t n;
	int any = 0;

	for (int i = 0; i < A_NFLAGS; i++)
		c->attr.flag[i] = -1;
	while (lex_word(l, &w, &n)) {
		int neg = w[0] == '!', found = 0;

		any = 1;
		if (n > 3 && strncmp(w, "fg=", 3) == 0) {
			parse_color(l->line, w + 3, n - 3, &c->attr.fg);
			continue;
		}
		if (n > 3 && strncmp(w, "bg=", 3) == 0) {
			parse_color(l->line, w + 3, n - 3, &c->attr.bg);
			continue;
		}
		for (int i = 0; i < A_NFLAGS; i++) {
			if (word_is(w + neg, n - (size_t)neg, flag_names[i])) {
				c->attr.flag[i] = (signed char)!neg;
				found = 1;
			}
		}
		if (!found)
			syntax(l->line, "unknown attribute '%.*s' (bold italic underline reverse, "
			       "!bold ..., fg=, bg=)", (int)n, w);
	}
	if (!any)
		syntax(l->line, "missing ATTRS");
}

static const struct {
	const char *name;
	int sig;
} signames[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ABRT", SIGABRT }, { "KILL", SIGKILL }, { "SEGV", SIGSEGV },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "CONT", SIGCONT },
	{ "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "WINCH", SIGWINCH },
};

static int parse_signal(const char *w, size_t n)
{
	if (n > 3 && strncasecmp(w, "SIG", 3) == 0)
		w += 3, n -= 3;
	for (size_t i = 0; i < sizeof signames / sizeof signames[0]; i++)
		if (word_is(w, n, signames[i].name))
			return signames[i].sig;
	return 0;
}

static const char *signal_name(int sig, char *tmp, size_t size)
{
	for (size_t i = 0; i < sizeof signames / sizeof signames[0]; i++)
		if (signames[i].sig == sig) {
			snprintf(tmp, size, "SIG%s", signames[i].name);
			return tmp;
		}
	snprintf(tmp, size, "signal %d", sig);
	return tmp;
}

static void parse_hex(struct cmd *c, struct lex *l)
{
	int hi = -1, v;

	lex_skip(l);
	for (; l->p < l->end; l->p++) {
		if (is_blank(*l->p))
			continue;
		if ((v = hexval(*l->p)) < 0)
			syntax(l->line, "'%c' is not a hex digit", *l->p);
		if (hi < 0) {
			hi = v;
		} else {
			buf_addc(&c->text, (char)(hi << 4 | v));
			hi = -1;
		}
	}
	if (hi >= 0)
		syntax(l->line, "odd number of hex digits");
	if (c->text.len == 0)
		syntax(l->line, "missing HEXBYTES");
}

static void parse_line(struct cmd *c, struct lex *l)
{
	const char *w;
	size_t n;
	long lim = MAX_SIZE - 1;

	lex_word(l, &w, &n);
	for (size_t i = 0;; i++) {
		if (i == sizeof commands / sizeof commands[0])
			syntax(l->line, "unknown command '%.*s'", (int)n, w);
		if (strlen(commands[i].name) == n && memcmp(commands[i].name, w, n) == 0) {
			c->kind = commands[i].kind;
			break;
		}
	}
	switch (c->kind) {
	case C_WAIT: case C_WAIT_GONE: case C_EXPECT: case C_EXPECT_NOT:
	case C_FORBID_TEXT: case C_SHELL:
		lex_text(l, &c->text, 1);
		break;
	case C_WAIT_ROW: case C_EXPECT_ROW:
		c->n[0] = lex_number(l, "ROW", 0, lim);
		lex_text(l, &c->text, 1);
		break;
	case C_WAIT_QUIET: case C_TIMEOUT:
		c->n[0] = lex_number(l, "MS", 1, 3600000);
		break;
	case C_SEND:
		parse_send(c, l);
		break;
	case C_MOUSE:
		c->n[0] = lex_number(l, "ROW", 0, lim);
		c->n[1] = lex_number(l, "COL", 0, lim);
		c->n[2] = 1;
		if (!lex_done(l))
			c->n[2] = lex_number(l, "BUTTON", 1, 3);
		break;
	case C_WHEEL:
		if (!lex_word(l, &w, &n) || !(word_is(w, n, "up") || word_is(w, n, "down")))
			syntax(l->line, "wheel needs up or down");
		c->n[2] = word_is(w, n, "up") ? 4 : 5;
		c->n[0] = lex_number(l, "ROW", 0, lim);
		c->n[1] = lex_number(l, "COL", 0, lim);
		break;
	case C_RESIZE:
		c->n[0] = lex_number(l, "COLS", 1, MAX_SIZE);
		c->n[1] = lex_number(l, "ROWS", 1, MAX_SIZE);
		break;
	case C_EXPECT_CELL:
		c->n[0] = lex_number(l, "ROW", 0, lim);
		c->n[1] = lex_number(l, "COL", 0, lim);
		lex_text(l, &c->text, 1);
		break;
	case C_EXPECT_ATTR:
		c->n[0] = lex_number(l, "ROW", 0, lim);
		c->n[1] = lex_number(l, "COL", 0, lim);
		parse_attrs(c, l);
		break;
	case C_EXPECT_CURSOR:
		c->n[0] = lex_number(l, "ROW", 0, lim);
		c->n[1] = lex_number(l, "COL", 0, lim);
		break;
	case C_EXPECT_BYTES_MAX:
		c->n[0] = lex_number(l, "N", 0, LONG_MAX);
		break;
	case C_REPORT_BYTES:
		lex_text(l, &c->text, 0);
		if (c->text.len == 0)
			buf_add(&c->text, "bytes", 5);
		break;
	case C_REPORT_TIME: case C_REPORT_HWM: case C_REPORT_CHANGE:
		lex_text(l, &c->text, 0);
		if (c->text.len == 0)
			buf_add(&c->text, c->kind == C_REPORT_TIME ? "time" :
				c->kind == C_REPORT_HWM ? "hwm" : "change",
				c->kind == C_REPORT_TIME ? 4 : c->kind == C_REPORT_HWM ? 3 : 6);
		break;
	case C_FORBID:
		parse_hex(c, l);
		break;
	case C_WAIT_EXIT:
		if (lex_word(l, &w, &n)) {
			long v;
			int sig;

			c->nn = 1;
			if (parse_long(w, n, 0, 255, &v)) {
				c->n[0] = v;
			} else if ((sig = parse_signal(w, n)) != 0) {
				c->n[1] = sig;
			} else {
				syntax(l->line, "wait_exit needs an exit status 0..255 or a signal name");
			}
		}
		break;
	case C_KILL:
		if (!lex_word(l, &w, &n) || (c->n[0] = parse_signal(w, n)) == 0)
			syntax(l->line, "kill needs a signal name (HUP TERM INT KILL WINCH ...)");
		break;
	case C_MARK: case C_DUMP:
		break;
	}
	if (!lex_done(l))
		syntax(l->line, "unexpected '%.*s'", (int)(l->end - l->p), l->p);
}

static void parse_script(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	int line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		struct lex l;
		struct cmd *c;

		line++;
		l.p = p;
		l.end = e;
		l.line = line;
		p = nl ? nl + 1 : end;
		while (l.end > l.p && (is_blank(l.end[-1]) || l.end[-1] == '\r'))
			l.end--;
		lex_skip(&l);
		if (l.p == l.end || *l.p == '#')
			continue;
		if (memchr(l.p, '\0', (size_t)(l.end - l.p)))
			syntax(line, "NUL byte in the script");
		D.cmds = xrealloc(D.cmds, (D.ncmds + 1) * sizeof *D.cmds);
		c = &D.cmds[D.ncmds++];
		memset(c, 0, sizeof *c);
		c->line = line;
		c->src = strndup(l.p, (size_t)(l.end - l.p));
		if (!c->src)
			out_of_memory();
		parse_line(c, &l);
		if (c->kind == C_FORBID || c->kind == C_FORBID_TEXT) {
			D.last_forbid = D.ncmds;
			if (c->text.len > D.forbid_max)
				D.forbid_max = c->text.len;
		}
	}
	D.line = line;
}

static char *read_script(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "re");
	struct buf b = { 0 };
	char tmp[4096];
	size_t n;

	if (!f) {
		fprintf(stderr, "vtdrive: %s: %s\n", path, strerror(errno));
		exit(EXIT_USAGE);
	}
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	if (ferror(f)) {
		fprintf(stderr, "vtdrive: %s: read error\n", path);
		exit(EXIT_USAGE);
	}
	if (f != stdin)
		fclose(f);
	*len = b.len;
	buf_addc(&b, '\0');
	return b.p;
}

/* ---- the screen ------------------------------------------------------------ */

static void screen_size(int *rows, int *cols)
{
	vterm_get_size(D.vt, rows, cols);
}

static int get_cell(int row, int col, VTermScreenCell *cell)
{
	memset(cell, 0, sizeof *cell);
	return vterm_screen_get_cell(D.screen, (VTermPos){ .row = row, .col = col }, cell);
}

static void cell_text(const VTermScreenCell *cell, struct buf *b)
{
	if (cell->chars[0] == 0 || cell->chars[0] == (uint32_t)-1) {
		buf_addc(b, ' ');
		return;
	}
	for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell->chars[i]; i++)
		buf_add_utf8(b, cell->chars[i]);
}

/* Row as UTF-8 from column col on, trailing blanks trimmed; a wide
 * character once.  A character the program counted with another width
 * than the terminal shows as a shift of what follows it. */
static void row_text_from(int row, int col, struct buf *b)
{
	int rows, cols;

	screen_size(&rows, &cols);
	b->len = 0;
	for (int c = col; c < cols;) {
		VTermScreenCell cell;

		get_cell(row, c, &cell);
		if (cell.chars[0] == (uint32_t)-1) {	/* right half of a wide char */
			c++;
			continue;
		}
		cell_text(&cell, b);
		c += cell.width > 1 ? cell.width : 1;
	}
	while (b->len > 0 && b->p[b->len - 1] == ' ')
		b->len--;
}

/* ---- what a change on the screen needs ----------------------------------- */

/* The screen at the mark, for report_change; before any mark the screen
 * counts as blank. */
static void snapshot_screen(void)
{
	int rows, cols;

	screen_size(&rows, &cols);
	free(D.snap);
	D.snap = xrealloc(NULL, (size_t)rows * (size_t)cols * sizeof *D.snap);
	D.snap_rows = rows;
	D.snap_cols = cols;
	vterm_state_get_cursorpos(vterm_obtain_state(D.vt), &D.snap_cursor);
	for (int r = 0; r < rows; r++)
		for (int c = 0; c < cols; c++)
			get_cell(r, c, &D.snap[r * cols + c]);
}

static int cell_blank(const VTermScreenCell *x)
{
	return (x->chars[0] == 0 || x->chars[0] == ' ') && !x->attrs.reverse &&
	       !x->attrs.underline && VTERM_COLOR_IS_DEFAULT_BG(&x->bg);
}

/* Two colours alike; the default colour is one, however it is stored. */
static int same_color(const VTermColor *a, const VTermColor *b)
{
	int da = a->type & (VTERM_COLOR_DEFAULT_FG | VTERM_COLOR_DEFAULT_BG);
	int db = b->type & (VTERM_COLOR_DEFAULT_FG | VTERM_COLOR_DEFAULT_BG);

	if (da || db)
		return da == db;
	return vterm_color_is_equal(a, b);
}

static int same_pen(const VTermScreenCell *a, const VTermScreenCell *b)
{
	return a->attrs.bold == b->attrs.bold && a->attrs.underline == b->attrs.underline &&
	       a->attrs.italic == b->attrs.italic && a->attrs.blink == b->attrs.blink &&
	       a->attrs.reverse == b->attrs.reverse && a->attrs.strike == b->attrs.strike &&
	       same_color(&a->fg, &b->fg) && same_color(&a->bg, &b->bg);
}

static int same_cell(const VTermScreenCell *a, const VTermScreenCell *b)
{
	if (cell_blank(a) && cell_blank(b))
		return 1;
	return memcmp(a->chars, b->chars, sizeof a->chars) == 0 && a->width == b->width &&
	       same_pen(a, b);
}

/* The bytes of an SGR that sets x's pen from nothing: "\e[0;1;7;30;46m". */
static size_t sgr_bytes(const VTermScreenCell *x)
{
	char tmp[96];
	int n = snprintf(tmp, sizeof tmp, "\033[0%s%s%s%s%s", x->attrs.bold ? ";1" : "",
			 x->attrs.italic ? ";3" : "", x->attrs.underline ? ";4" : "",
			 x->attrs.reverse ? ";7" : "", x->attrs.strike ? ";9" : "");
	const VTermColor *col[2] = { &x->fg, &x->bg };

	for (int k = 0; k < 2; k++) {
		int dflt = k ? VTERM_COLOR_IS_DEFAULT_BG(col[k]) : VTERM_COLOR_IS_DEFAULT_FG(col[k]);

		if (dflt)
			continue;
		if (VTERM_COLOR_IS_INDEXED(col[k]) && col[k]->indexed.idx < 16)
			n += 3;                                 /* ;31 or ;91 */
		else if (VTERM_COLOR_IS_INDEXED(col[k]))
			n += snprintf(tmp, sizeof tmp, ";38;5;%d", col[k]->indexed.idx);
		else
			n += snprintf(tmp, sizeof tmp, ";38;2;%d;%d;%d", col[k]->rgb.red,
				      col[k]->rgb.green, col[k]->rgb.blue);
	}
	return (size_t)n + 1;
}

static size_t cell_bytes(const VTermScreenCell *x)
{
	struct buf b = { 0 };
	size_t n;

	cell_text(x, &b);
	n = b.len;
	buf_free(&b);
	return n;
}

/* The bytes that move the cursor from (r0, c0) to (r, c): CUP, or CHA
 * on the same row; 0 when it is there. */
static size_t move_bytes(int r0, int c0, int r, int c)
{
	char tmp[32];

	if (r0 == r && c0 == c)
		return 0;
	if (r0 == r)
		return (size_t)snprintf(tmp, sizeof tmp, "\033[%dG", c + 1);
	return (size_t)snprintf(tmp, sizeof tmp, c ? "\033[%d;%dH" : "\033[%dH", r + 1, c + 1);
}

/* report_change: the cells that differ from the mark's screen, and the
 * bytes an ideal program would need to change them: per row, the
 * changed cells, each with its UTF-8 text, a cursor movement before a
 * run (or the unchanged cells between two runs rewritten, when fewer
 * bytes), an SGR where the pen changes, and \e[K for a blank rest of a
 * row, starting from the cursor and a plain pen.  Scrolling regions and
 * insert/delete line are not counted, so a program that uses them can
 * need fewer bytes than this. */
static void report_change(const struct cmd *c)
{
	int rows, cols;
	int cr = D.snap ? D.snap_cursor.row : 0, cc = D.snap ? D.snap_cursor.col : 0;
	size_t changed = 0, need = 0;
	VTermScreenCell blank, pen, cur, old;

	/* The pen of a blank cell: default colours, no attributes. */
	memset(&blank, 0, sizeof blank);
	vterm_color_indexed(&blank.fg, 7);
	vterm_color_indexed(&blank.bg, 0);
	blank.fg.type |= VTERM_COLOR_DEFAULT_FG;
	blank.bg.type |= VTERM_COLOR_DEFAULT_BG;
	pen = blank;
	screen_size(&rows, &cols);
	for (int r = 0; r < rows; r++) {
		for (int col = 0; col < cols;) {
			get_cell(r, col, &cur);
			if (D.snap && r < D.snap_rows && col < D.snap_cols)
				old = D.snap[r * D.snap_cols + col];
			else
				old = blank;
			int w = cur.width > 1 ? cur.width : 1;

			if (cur.chars[0] == (uint32_t)-1 || same_cell(&cur, &old)) {
				col += w;
				continue;
			}
			/* A blank rest of the row: one erase. */
			int rest_blank = 1;

			for (int k = col; k < cols && rest_blank; k++) {
				VTermScreenCell x;

				get_cell(r, k, &x);
				rest_blank = cell_blank(&x);
			}
			if (rest_blank) {
				for (int k = col; k < cols; k++) {
					VTermScreenCell x, o;

					get_cell(r, k, &x);
					o = D.snap && r < D.snap_rows && k < D.snap_cols ?
					    D.snap[r * D.snap_cols + k] : blank;
					changed += !same_cell(&x, &o);
				}
				need += move_bytes(cr, cc, r, col) + 3;
				if (!VTERM_COLOR_IS_DEFAULT_BG(&pen.bg) || pen.attrs.reverse) {
					need += 4;              /* \e[0m */
					pen = blank;
				}
				cr = r, cc = col;
				break;
			}
			/* Move, or rewrite the unchanged cells in between. */
			size_t mv = move_bytes(cr, cc, r, col);

			if (cr == r && cc < col) {
				size_t gap = 0;
				VTermScreenCell g, gpen = pen;

				for (int k = cc; k < col; k++) {
					get_cell(r, k, &g);
					if (g.chars[0] == (uint32_t)-1)
						continue;
					if (!same_pen(&g, &gpen))
						gap += sgr_bytes(&g), gpen = g;
					gap += cell_bytes(&g);
				}
				if (gap < mv)
					mv = gap, pen = gpen;
			}
			need += mv;
			if (!same_pen(&cur, &pen)) {
				need += sgr_bytes(&cur);
				pen = cur;
			}
			need += cell_bytes(&cur);
			changed += (size_t)w;
			col += w;
			cr = r, cc = col;
		}
	}
	printf("# change %.*s: %zu cells, %zu bytes needed\n", (int)c->text.len, c->text.p,
	       changed, need);
	fflush(stdout);
}

static void row_text(int row, struct buf *b)
{
	row_text_from(row, 0, b);
}

/* The first row (row < 0: any row) that contains text, or -1. */
static int screen_find(int row, const struct buf *text)
{
	struct buf b = { 0 };
	int rows, cols, found = -1;

	screen_size(&rows, &cols);
	for (int r = row < 0 ? 0 : row; r < (row < 0 ? rows : row + 1) && r < rows; r++) {
		row_text(r, &b);
		if (find_bytes(b.p, b.len, text->p, text->len) != SIZE_MAX) {
			found = r;
			break;
		}
	}
	buf_free(&b);
	return found;
}

static void dump_screen(FILE *f)
{
	struct buf b = { 0 };
	int rows, cols, w;
	VTermPos cur;

	screen_size(&rows, &cols);
	vterm_state_get_cursorpos(D.state, &cur);
	w = rows > 100 ? 3 : 2;
	fprintf(f, "--- screen %dx%d%s, cursor %d,%d ---\n", cols, rows,
		D.altscreen ? " (alternate)" : "", cur.row, cur.col);
	for (int r = 0; r < rows; r++) {
		row_text(r, &b);
		fprintf(f, "%*d|%.*s\n", w, r, (int)b.len, b.p ? b.p : "");
	}
	fprintf(f, "--- end of screen ---\n");
	fflush(f);
	buf_free(&b);
}

static int screen_cb_prop(VTermProp prop, VTermValue *val, void *user)
{
	(void)user;
	if (prop == VTERM_PROP_MOUSE)
		D.mouse = val->number;
	else if (prop == VTERM_PROP_ALTSCREEN)
		D.altscreen = val->boolean;
	return 1;
}

static void vterm_out(const char *s, size_t len, void *user)
{
	(void)user;
	buf_add(&D.tochild, s, len);
}

/* ---- the child and the event loop ------------------------------------------- */

static void on_sigchld(int sig)
{
	int saved = errno;
	char c = (char)sig;
	ssize_t r = write(D.sigfd[1], &c, 1);

	(void)r;
	errno = saved;
}

static void describe_status(int st, char *out, size_t size)
{
	char tmp[32];

	if (WIFEXITED(st))
		snprintf(out, size, "exited with status %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(out, size, "was killed by %s", signal_name(WTERMSIG(st), tmp, sizeof tmp));
	else
		snprintf(out, size, "ended with wait status %#x", (unsigned)st);
}

static void reap(void)
{
	char tmp[64];

	while (read(D.sigfd[0], tmp, sizeof tmp) > 0)
		;
	if (D.pid > 0 && !D.reaped) {
		int st;
		pid_t r = waitpid(D.pid, &st, WNOHANG);

		if (r == D.pid) {
			D.reaped = 1;
			D.status = st;
		} else if (r < 0 && errno == ECHILD) {
			D.reaped = 1;
			D.status = 0;
		}
	}
}

static void check_forbid(size_t old)
{
	for (size_t i = 0; i < D.nforbid; i++) {
		const struct cmd *c = D.forbid[i].cmd;
		size_t from = old >= c->text.len - 1 ? old - (c->text.len - 1) : 0;
		size_t at = find_bytes(D.raw.p + from, D.raw.len - from, c->text.p, c->text.len);

		if (at != SIZE_MAX)
			fail("%s (line %d): the program wrote the forbidden bytes at offset %zu%s",
			     c->src, c->line, D.raw_base + from + at,
			     D.ended ? ", after the script ended" : "");
	}
}

/* The whole output is kept while a forbid command is still to come (it
 * looks at the stream since the start); after that only a tail long
 * enough for a sequence split across two reads. */
static void trim_history(void)
{
	size_t keep = D.forbid_max, drop;

	if (D.history_needed || D.raw.len < 65536 || D.raw.len <= keep)
		return;
	drop = D.raw.len - keep;
	memmove(D.raw.p, D.raw.p + drop, keep);
	D.raw.len = keep;
	D.raw_base += drop;
}

/* libvterm 0.1.4 obeys only the first parameter of a DEC private mode
 * set or reset, so "\e[?1006;1000h" (which ncurses sends to turn the
 * mouse on) would leave mouse reporting off.  Such sequences are handed
 * to libvterm one parameter at a time; a sequence cut between two reads
 * waits in `pending` for the rest. */
static struct {
	char buf[64];
	size_t len;
} pending;

static int decset_done(const char *s, size_t n, size_t *end)
{
	/* s starts with ESC [ ?; returns 1 complete, 0 incomplete, -1 not ours. */
	for (size_t k = 3; k < n; k++) {
		char c = s[k];
		if ((c >= '0' && c <= '9') || c == ';')
			continue;
		if (c == 'h' || c == 'l') {
			*end = k + 1;
			return 1;
		}
		return -1;
	}
	return n < sizeof pending.buf ? 0 : -1;
}

static void vterm_feed_decset(const char *s, size_t n)
{
	char final = s[n - 1];
	const char *p = s + 3, *stop = s + n - 1;
	while (p < stop) {
		const char *semi = memchr(p, ';', (size_t)(stop - p));
		const char *e = semi ? semi : stop;
		char one[32];
		int len = snprintf(one, sizeof one, "\033[?%.*s%c", (int)(e - p), p, final);
		if (len > 0 && (size_t)len < sizeof one)
			vterm_input_write(D.vt, one, (size_t)len);
		p = e + 1;
	}
}

static void vterm_feed(const char *p, size_t n)
{
	struct buf b = {0};
	if (pending.len) {
		buf_add(&b, pending.buf, pending.len);
		pending.len = 0;
	}
	buf_add(&b, p, n);
	size_t start = 0, k = 0;
	while (k < b.len) {
		if (b.p[k] != '\033' || k + 2 >= b.len || b.p[k + 1] != '[' || b.p[k + 2] != '?') {
			if (b.p[k] == '\033' && b.len - k < 3) {
				/* Maybe the start of one: keep it for the next read. */
				vterm_input_write(D.vt, b.p + start, k - start);
				memcpy(pending.buf, b.p + k, b.len - k);
				pending.len = b.len - k;
				start = k = b.len;
				break;
			}
			k++;
			continue;
		}
		size_t end;
		int r = decset_done(b.p + k, b.len - k, &end);
		if (r < 0) {
			k++;
			continue;
		}
		vterm_input_write(D.vt, b.p + start, k - start);
		if (r == 0) {
			memcpy(pending.buf, b.p + k, b.len - k);
			pending.len = b.len - k;
			start = k = b.len;
			break;
		}
		vterm_feed_decset(b.p + k, end);
		start = k = k + end;
	}
	if (start < b.len)
		vterm_input_write(D.vt, b.p + start, b.len - start);
	buf_free(&b);
}

static void got_output(const char *p, size_t n, int64_t when_ns)
{
	size_t old = D.raw.len;

	D.last_output_ns = when_ns;
	if (D.log) {
		fwrite(p, 1, n, D.log);
		fflush(D.log);
	}
	buf_add(&D.raw, p, n);
	D.total += n;
	D.reads++;
	D.last_output = now_ms();
	vterm_feed(p, n);
	if (!D.failing)
		check_forbid(old);
	trim_history();
}

/* Reads what the program wrote; at most 1 MiB a call, so that a program
 * that never stops writing cannot keep a wait from its deadline. */
static void drain_master(void)
{
	static char rbuf[65536];

	for (int i = 0; i < 16 && !D.master_dead; i++) {
		ssize_t n = read(D.master, rbuf, sizeof rbuf);

		if (n > 0) {
			got_output(rbuf, (size_t)n, now_ns());
			D.master_hup = 0;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* POLLHUP with nothing to read: nobody has the slave open. */
			if (D.master_hup)
				D.master_dead = 1;
			return;
		}
		/* EIO (Linux, the slave side is closed) or end of file. */
		D.master_dead = 1;
	}
}

static void flush_tochild(void)
{
	while (D.tochild_off < D.tochild.len) {
		ssize_t n;

		if (D.master_dead || D.failing)
			break;
		n = write(D.master, D.tochild.p + D.tochild_off, D.tochild.len - D.tochild_off);
		if (n > 0) {
			D.tochild_off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		break;		/* EIO: the terminal is gone */
	}
	D.dropped += D.tochild.len - D.tochild_off;
	D.tochild.len = D.tochild_off = 0;
}

static void service(void)
{
	drain_master();
	flush_tochild();
	reap();
}

typedef int cond_fn(const struct cmd *c, int64_t start, int64_t *wake);

/*
 * Runs the loop until cond holds (1), the deadline passes (0), or the
 * program has exited and closed the terminal so nothing can change (-1).
 */
static int pump(cond_fn *cond, const struct cmd *c, int64_t start, int64_t deadline)
{
	for (;;) {
		struct pollfd pf[2];
		nfds_t n = 0;
		int64_t now, wake = deadline, t;

		service();
		if (cond(c, start, &wake))
			return 1;
		if (D.reaped && D.master_dead)
			return -1;
		now = now_ms();
		if (now >= deadline)
			return 0;
		if (wake > deadline)
			wake = deadline;
		if (!D.master_dead) {
			pf[n].fd = D.master;
			pf[n].events = POLLIN;
			if (D.tochild_off < D.tochild.len)
				pf[n].events |= POLLOUT;
			pf[n].revents = 0;
			n++;
		}
		pf[n].fd = D.sigfd[0];
		pf[n].events = POLLIN;
		pf[n].revents = 0;
		n++;
		t = wake - now;
		if (t < 0)
			t = 0;
		if (t > INT_MAX)
			t = INT_MAX;
		if (poll(pf, n, (int)t) < 0) {
			if (errno != EINTR)
				fail("poll: %s", strerror(errno));
		} else if (!D.master_dead && (pf[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
			D.master_hup = 1;
		}
	}
}

static int cond_exited(const struct cmd *c, int64_t start, int64_t *wake)
{
	(void)c, (void)start, (void)wake;
	return D.reaped;
}

/* No output for MS ms, counted from the start at the earliest. */
/* `shell CMD`: another program of the test (a second writer, say) runs
 * while the one under test keeps being read. */
static pid_t shell_pid;
static int shell_status;

static int cond_shell(const struct cmd *c, int64_t start, int64_t *wake)
{
	int st;
	(void)c, (void)start, (void)wake;
	if (waitpid(shell_pid, &st, WNOHANG) != shell_pid)
		return 0;
	shell_status = st;
	return 1;
}

static void run_shell(const struct cmd *c, int64_t start, int64_t deadline)
{
	char *cmd = malloc(c->text.len + 1);
	if (!cmd)
		fail("out of memory");
	memcpy(cmd, c->text.p, c->text.len);
	cmd[c->text.len] = '\0';
	shell_pid = fork();
	if (shell_pid == 0) {
		signal(SIGCHLD, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	free(cmd);
	if (shell_pid < 0)
		fail("%s: cannot fork: %s", c->src, strerror(errno));
	if (pump(cond_shell, c, start, deadline) <= 0 && waitpid(shell_pid, &shell_status, WNOHANG) != shell_pid) {
		kill(shell_pid, SIGKILL);
		waitpid(shell_pid, NULL, 0);
		fail("%s: did not finish in %lld ms", c->src, (long long)(deadline - start));
	}
	if (!WIFEXITED(shell_status) || WEXITSTATUS(shell_status) != 0)
		fail("%s: failed (status %d)", c->src, shell_status);
}

static int cond_quiet(const struct cmd *c, int64_t start, int64_t *wake)
{
	int64_t from = D.last_output > start ? D.last_output : start;
	int64_t ms = c ? c->n[0] : (int64_t)(QUIET_GRACE_MS * D.scale);

	if (D.master_dead || now_ms() >= from + ms)
		return 1;
	*wake = from + ms;
	return 0;
}

/* After the program exited: its last output is in (the pty is closed, or
 * something it started keeps it open and has been quiet a moment). */
static int cond_drained(const struct cmd *c, int64_t start, int64_t *wake)
{
	(void)c;
	return cond_quiet(NULL, start, wake);
}

static int cond_flushed(const struct cmd *c, int64_t start, int64_t *wake)
{
	(void)c, (void)start, (void)wake;
	return D.tochild_off == D.tochild.len;
}

static int cond_text(const struct cmd *c, int64_t start, int64_t *wake)
{
	(void)start, (void)wake;
	switch (c->kind) {
	case C_WAIT: return screen_find(-1, &c->text) >= 0;
	case C_WAIT_ROW: return screen_find((int)c->n[0], &c->text) >= 0;
	default: return screen_find(-1, &c->text) < 0;
	}
}

static void signal_child(int sig)
{
	if (D.pid <= 0 || D.reaped)
		return;
	/* The child leads its own session and process group (forkpty). */
	if (kill(-D.pid, sig) != 0)
		kill(D.pid, sig);
}

/* SIGTERM, then SIGKILL; keeps reading so the program can write its last
 * screen (ncurses endwin) without blocking. */
static void stop_child(void)
{
	reap();
	if (D.pid <= 0 || D.reaped)
		return;
	signal_child(SIGTERM);
	pump(cond_exited, NULL, now_ms(), now_ms() + (int64_t)(TERM_GRACE_MS * D.scale));
	if (!D.reaped) {
		int st = 0;

		signal_child(SIGKILL);
		while (waitpid(D.pid, &st, 0) < 0 && errno == EINTR)
			;
		D.reaped = 1;
		D.status = st;
	}
	pump(cond_drained, NULL, now_ms(), now_ms() + (int64_t)(TERM_GRACE_MS * D.scale));
}

static void cleanup(void)
{
	if (D.master >= 0)
		close(D.master);
	D.master = -1;
	if (D.vt)
		vterm_free(D.vt);
	D.vt = NULL;
	if (D.log)
		fclose(D.log);
	D.log = NULL;
	for (size_t i = 0; i < D.ncmds; i++) {
		free(D.cmds[i].src);
		buf_free(&D.cmds[i].text);
		free(D.cmds[i].items);
	}
	free(D.cmds);
	D.cmds = NULL;
	D.ncmds = 0;
	free(D.forbid);
	free(D.snap);
	D.forbid = NULL;
	buf_free(&D.raw);
	buf_free(&D.tochild);
	for (int i = 0; i < 2; i++)
		if (D.sigfd[i] >= 0)
			close(D.sigfd[i]);
}

static _Noreturn void fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "vtdrive: %s:%d: ", D.script, D.line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (!D.failing) {
		D.failing = 1;
		if (D.vt)
			dump_screen(stderr);
		stop_child();
	}
	cleanup();
	exit(EXIT_FAILED);
}

static void start_child(char **argv, int rows, int cols)
{
	struct winsize ws;
	struct sigaction sa;
	int errp[2], err;
	ssize_t n;

	if (pipe(errp) != 0 || pipe(D.sigfd) != 0) {
		fprintf(stderr, "vtdrive: pipe: %s\n", strerror(errno));
		exit(EXIT_FAILED);
	}
	for (int i = 0; i < 2; i++) {
		fcntl(errp[i], F_SETFD, FD_CLOEXEC);
		fcntl(D.sigfd[i], F_SETFD, FD_CLOEXEC);
		fcntl(D.sigfd[i], F_SETFL, O_NONBLOCK);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigchld;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);

	memset(&ws, 0, sizeof ws);
	ws.ws_row = (unsigned short)rows;
	ws.ws_col = (unsigned short)cols;
	fflush(stdout);
	fflush(stderr);
	D.start_ns = D.mark_ns = now_ns();
	D.pid = forkpty(&D.master, NULL, NULL, &ws);
	if (D.pid < 0) {
		fprintf(stderr, "vtdrive: forkpty: %s\n", strerror(errno));
		exit(EXIT_FAILED);
	}
	if (D.pid == 0) {
		struct termios t;
		sigset_t none;

		/* A terminal starts its shell with default signals, whatever
		 * vtdrive inherited (a background job ignores INT and QUIT). */
		for (int sig = 1; sig < NSIG; sig++)
			if (sig != SIGKILL && sig != SIGSTOP)
				signal(sig, SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		unsetenv("LINES");
		unsetenv("COLUMNS");
		if (!getenv("TERM"))
			setenv("TERM", "xterm-256color", 1);
		/* As a terminal in a UTF-8 locale sets it: BS erases a character. */
		if (tcgetattr(0, &t) == 0) {
			t.c_iflag |= IUTF8;
			tcsetattr(0, TCSANOW, &t);
		}
		execvp(argv[0], argv);
		err = errno;
		n = write(errp[1], &err, sizeof err);
		(void)n;
		_exit(127);
	}
	close(errp[1]);
	do
		n = read(errp[0], &err, sizeof err);
	while (n < 0 && errno == EINTR);
	close(errp[0]);
	fcntl(D.master, F_SETFD, FD_CLOEXEC);
	fcntl(D.master, F_SETFL, fcntl(D.master, F_GETFL) | O_NONBLOCK);
	D.last_output = now_ms();
	if (n == (ssize_t)sizeof err) {
		fprintf(stderr, "vtdrive: cannot run %s: %s\n", argv[0], strerror(err));
		D.failing = 1;
		stop_child();
		cleanup();
		exit(EXIT_FAILED);
	}
}

static int64_t scaled(long ms)
{
	return (int64_t)((double)ms * D.scale + 0.5);
}

/* ---- running the commands ------------------------------------------------------ */

static void describe_end(char *out, size_t size)
{
	char st[64];

	if (D.reaped) {
		describe_status(D.status, st, sizeof st);
		snprintf(out, size, "the program %s", st);
	} else {
		snprintf(out, size, "the program closed the terminal");
	}
}

static void require_running(const struct cmd *c)
{
	char why[96];

	reap();
	if (D.reaped || D.master_dead) {
		describe_end(why, sizeof why);
		fail("%s: %s", c->src, why);
	}
}

static void check_pos(const struct cmd *c, long row, long col)
{
	int rows, cols;

	screen_size(&rows, &cols);
	if (row >= rows || (col >= 0 && col >= cols))
		fail("%s: %ld,%ld is outside the %dx%d screen", c->src, row, col < 0 ? 0 : col, cols, rows);
}

/* Writes the queued keys, reading meanwhile; fails if they cannot go. */
static void deliver(const struct cmd *c, int64_t start, int64_t deadline)
{
	size_t dropped = D.dropped;
	int r = pump(cond_flushed, c, start, deadline);

	if (r == 0)
		fail("%s: the program did not read its input within %lld ms", c->src,
		     (long long)(deadline - start));
	if (r < 0 || D.dropped != dropped) {
		char why[96];

		describe_end(why, sizeof why);
		fail("%s: could not write to the terminal: %s", c->src, why);
	}
}

/* Ctrl+character as xterm sends it (libvterm 0.1.4 sends CSI u for C-i,
 * C-j, C-m, C-@, C-[ and C-?); anything else through libvterm. */
static void send_char(uint32_t ch, int mod)
{
	if (ch == ' ' && mod == VTERM_MOD_SHIFT)	/* xterm: a plain space */
		mod = VTERM_MOD_NONE;
	if (mod & VTERM_MOD_CTRL) {
		uint32_t l = ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
		int code = -1;

		if (l >= 'a' && l <= 'z')
			code = (int)(l - 'a' + 1);
		else if (l == '@' || l == ' ')
			code = 0;
		else if (l >= '[' && l <= '_')
			code = (int)(l & 0x1f);
		else if (l == '?')
			code = 0x7f;
		if (code >= 0) {
			if (mod & VTERM_MOD_ALT)
				buf_addc(&D.tochild, '\033');
			buf_addc(&D.tochild, (char)code);
			return;
		}
	}
	vterm_keyboard_unichar(D.vt, ch, (VTermModifier)mod);
}

static void send_text(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode((const unsigned char *)s + i, n - i, &cp);

		if (len == 0) {		/* not UTF-8: the byte as it is */
			buf_addc(&D.tochild, s[i]);
			i++;
		} else {
			vterm_keyboard_unichar(D.vt, cp, VTERM_MOD_NONE);
			i += len;
		}
	}
}

static void run_send(const struct cmd *c)
{
	for (size_t i = 0; i < c->nitems; i++) {
		const struct item *it = &c->items[i];

		switch (it->kind) {
		case I_TEXT: send_text(c->text.p + it->off, it->len); break;
		case I_KEY: vterm_keyboard_key(D.vt, it->key, (VTermModifier)it->mod); break;
		case I_CHAR: send_char(it->ch, it->mod); break;
		case I_PASTE_START: vterm_keyboard_start_paste(D.vt); break;
		case I_PASTE_END: vterm_keyboard_end_paste(D.vt); break;
		}
	}
}

static void describe_color(const VTermColor *col, struct buf *b)
{
	char tmp[16];

	if (col->type & VTERM_COLOR_DEFAULT_MASK)
		snprintf(tmp, sizeof tmp, "default");
	else if (VTERM_COLOR_IS_INDEXED(col))
		snprintf(tmp, sizeof tmp, "%d", col->indexed.idx);
	else
		snprintf(tmp, sizeof tmp, "#%02x%02x%02x", col->rgb.red, col->rgb.green, col->rgb.blue);
	buf_add(b, tmp, strlen(tmp));
}

static int color_matches(const struct colorspec *s, const VTermColor *col)
{
	int dflt = (col->type & VTERM_COLOR_DEFAULT_MASK) != 0;

	switch (s->kind) {
	case CS_DEFAULT:
		return dflt;
	case CS_INDEX:
		return !dflt && VTERM_COLOR_IS_INDEXED(col) && col->indexed.idx == s->idx;
	case CS_RGB:
		return !dflt && VTERM_COLOR_IS_RGB(col) && col->rgb.red == s->r &&
		       col->rgb.green == s->g && col->rgb.blue == s->b;
	default:
		return 1;
	}
}

static void run_expect_attr(const struct cmd *c)
{
	VTermScreenCell cell;
	int have[A_NFLAGS], ok = 1;
	struct buf b = { 0 };
	char desc[256];

	check_pos(c, c->n[0], c->n[1]);
	get_cell((int)c->n[0], (int)c->n[1], &cell);
	if (cell.chars[0] == (uint32_t)-1 && c->n[1] > 0)	/* right half of a wide char */
		get_cell((int)c->n[0], (int)c->n[1] - 1, &cell);
	have[A_BOLD] = cell.attrs.bold;
	have[A_ITALIC] = cell.attrs.italic;
	have[A_UNDERLINE] = cell.attrs.underline != 0;
	have[A_REVERSE] = cell.attrs.reverse;
	for (int i = 0; i < A_NFLAGS; i++)
		if (c->attr.flag[i] >= 0 && c->attr.flag[i] != have[i])
			ok = 0;
	if (!color_matches(&c->attr.fg, &cell.fg) || !color_matches(&c->attr.bg, &cell.bg))
		ok = 0;
	if (ok)
		return;
	buf_addc(&b, '\'');
	cell_text(&cell, &b);
	buf_addc(&b, '\'');
	for (int i = 0; i < A_NFLAGS; i++)
		if (have[i]) {
			buf_addc(&b, ' ');
			buf_add(&b, flag_names[i], strlen(flag_names[i]));
		}
	buf_add(&b, " fg=", 4);
	describe_color(&cell.fg, &b);
	buf_add(&b, " bg=", 4);
	describe_color(&cell.bg, &b);
	snprintf(desc, sizeof desc, "%.*s", (int)b.len, b.p);
	buf_free(&b);
	fail("%s: the cell is %s", c->src, desc);
}

static void run_wait_exit(const struct cmd *c, int64_t start, int64_t deadline)
{
	char got[64], want[64], tmp[32];
	int ok;

	if (pump(cond_exited, c, start, deadline) == 0)
		fail("%s: the program is still running after %lld ms", c->src,
		     (long long)(deadline - start));
	pump(cond_drained, NULL, now_ms(), deadline + (int64_t)(QUIET_GRACE_MS * D.scale));
	if (c->n[1] != 0) {
		ok = WIFSIGNALED(D.status) && WTERMSIG(D.status) == c->n[1];
		snprintf(want, sizeof want, "to be killed by %s", signal_name((int)c->n[1], tmp, sizeof tmp));
	} else {
		ok = WIFEXITED(D.status) && WEXITSTATUS(D.status) == c->n[0];
		snprintf(want, sizeof want, "status %ld", c->n[0]);
	}
	if (!ok) {
		describe_status(D.status, got, sizeof got);
		fail("%s: the program %s, expected %s", c->src, got, want);
	}
}

/* `report_hwm`: the program's peak resident set, VmHWM in
 * /proc/PID/status, read while it is alive (a zombie has none). */
static void report_hwm(const struct cmd *c)
{
	char path[64], line[256];
	FILE *f;
	long kb = -1;

	require_running(c);
	snprintf(path, sizeof path, "/proc/%ld/status", (long)D.pid);
	if (!(f = fopen(path, "r")))
		fail("%s: %s: %s", c->src, path, strerror(errno));
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0) {
			kb = strtol(line + 6, NULL, 10);
			break;
		}
	fclose(f);
	if (kb < 0)
		fail("%s: no VmHWM in %s (has the program exited?)", c->src, path);
	printf("# hwm %.*s: %ld kB\n", (int)c->text.len, c->text.p, kb);
	fflush(stdout);
}

static void run_command(const struct cmd *c)
{
	int64_t start, deadline;
	size_t start_total;
	int r;
	char why[128];

	D.line = c->line;
	service();
	start = now_ms();
	start_total = D.total;
	deadline = start + D.timeout;
	switch (c->kind) {
	case C_WAIT: case C_WAIT_ROW: case C_WAIT_GONE:
		if (c->kind == C_WAIT_ROW)
			check_pos(c, c->n[0], -1);
		r = pump(cond_text, c, start, deadline);
		if (r > 0)
			break;
		if (r < 0) {
			char end[96];

			describe_end(end, sizeof end);
			snprintf(why, sizeof why, "(%s)", end);
		} else
			snprintf(why, sizeof why, "after %lld ms", (long long)(deadline - start));
		if (c->kind == C_WAIT_GONE)
			fail("%s: still on the screen %s", c->src, why);
		fail("%s: not on the %s %s", c->src, c->kind == C_WAIT_ROW ? "row" : "screen", why);
	case C_WAIT_QUIET:
		if (pump(cond_quiet, c, start, deadline) == 0)
			fail("%s: the program kept writing for %lld ms (%zu bytes)", c->src,
			     (long long)(deadline - start), D.total - start_total);
		break;
	case C_SEND:
		require_running(c);
		run_send(c);
		deliver(c, start, deadline);
		break;
	case C_SHELL:
		run_shell(c, start, deadline);
		break;
	case C_MOUSE: case C_WHEEL:
		require_running(c);
		check_pos(c, c->n[0], c->n[1]);
		if (D.mouse == VTERM_PROP_MOUSE_NONE)
			fail("%s: the program has not enabled mouse reporting", c->src);
		vterm_mouse_move(D.vt, (int)c->n[0], (int)c->n[1], VTERM_MOD_NONE);
		vterm_mouse_button(D.vt, (int)c->n[2], true, VTERM_MOD_NONE);
		if (c->kind == C_MOUSE)	/* xterm sends no release for the wheel */
			vterm_mouse_button(D.vt, (int)c->n[2], false, VTERM_MOD_NONE);
		deliver(c, start, deadline);
		break;
	case C_RESIZE: {
		struct winsize ws;

		require_running(c);
		memset(&ws, 0, sizeof ws);
		ws.ws_col = (unsigned short)c->n[0];
		ws.ws_row = (unsigned short)c->n[1];
		vterm_set_size(D.vt, (int)c->n[1], (int)c->n[0]);
		if (ioctl(D.master, TIOCSWINSZ, &ws) != 0)
			fail("%s: TIOCSWINSZ: %s", c->src, strerror(errno));
		break;
	}
	case C_EXPECT:
		if (screen_find(-1, &c->text) < 0)
			fail("%s: not on the screen", c->src);
		break;
	case C_EXPECT_NOT:
		if ((r = screen_find(-1, &c->text)) >= 0)
			fail("%s: on the screen, row %d", c->src, r);
		break;
	case C_EXPECT_ROW:
		check_pos(c, c->n[0], -1);
		if (screen_find((int)c->n[0], &c->text) < 0)
			fail("%s: not on the row", c->src);
		break;
	case C_EXPECT_CELL: {
		struct buf b = { 0 };
		int match;

		check_pos(c, c->n[0], c->n[1]);
		row_text_from((int)c->n[0], (int)c->n[1], &b);
		match = b.len >= c->text.len && memcmp(b.p, c->text.p, c->text.len) == 0;
		if (!match) {
			char got[160];

			snprintf(got, sizeof got, "%.*s", (int)(b.len < 120 ? b.len : 120), b.p);
			buf_free(&b);
			fail("%s: from there the row reads '%s'", c->src, got);
		}
		buf_free(&b);
		break;
	}
	case C_EXPECT_ATTR:
		run_expect_attr(c);
		break;
	case C_EXPECT_CURSOR: {
		VTermPos pos;

		vterm_state_get_cursorpos(D.state, &pos);
		if (pos.row != c->n[0] || pos.col != c->n[1])
			fail("%s: the cursor is at %d %d", c->src, pos.row, pos.col);
		break;
	}
	case C_MARK:
		snapshot_screen();
		D.mark_bytes = D.total;
		D.mark_reads = D.reads;
		D.mark_ns = now_ns();
		break;
	case C_REPORT_TIME: {
		/* To the last byte read; 0 when nothing came since the mark. */
		int64_t ns = D.total > D.mark_bytes ? D.last_output_ns - D.mark_ns : 0;

		if (ns < 0)
			ns = 0;
		printf("# time %.*s: %lld.%03lld ms\n", (int)c->text.len, c->text.p,
		       (long long)(ns / 1000000), (long long)(ns / 1000 % 1000));
		fflush(stdout);
		break;
	}
	case C_REPORT_HWM:
		report_hwm(c);
		break;
	case C_REPORT_CHANGE:
		report_change(c);
		break;
	case C_EXPECT_BYTES_MAX:
		if (D.total - D.mark_bytes > (unsigned long)c->n[0])
			fail("%s: the program wrote %zu bytes in %lu reads since the mark",
			     c->src, D.total - D.mark_bytes, D.reads - D.mark_reads);
		break;
	case C_REPORT_BYTES:
		printf("# %.*s: %zu bytes in %lu reads\n", (int)c->text.len, c->text.p,
		       D.total - D.mark_bytes, D.reads - D.mark_reads);
		fflush(stdout);
		break;
	case C_FORBID: case C_FORBID_TEXT: {
		size_t at = find_bytes(D.raw.p, D.raw.len, c->text.p, c->text.len);

		if (at != SIZE_MAX)
			fail("%s: the program already wrote the forbidden bytes at offset %zu", c->src, at);
		D.forbid = xrealloc(D.forbid, (D.nforbid + 1) * sizeof *D.forbid);
		D.forbid[D.nforbid++].cmd = c;
		if ((size_t)(c - D.cmds) + 1 == D.last_forbid)
			D.history_needed = 0;
		trim_history();
		break;
	}
	case C_DUMP:
		dump_screen(stdout);
		break;
	case C_WAIT_EXIT:
		run_wait_exit(c, start, deadline);
		break;
	case C_KILL:
		require_running(c);
		if (kill(D.pid, (int)c->n[0]) != 0)
			fail("%s: %s", c->src, strerror(errno));
		break;
	case C_TIMEOUT:
		D.timeout = scaled(c->n[0]);
		break;
	}
}

/* ---- main ---------------------------------------------------------------------- */

static _Noreturn void usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "vtdrive: %s\n", msg);
	fputs(USAGE, stderr);
	exit(EXIT_USAGE);
}

int main(int argc, char **argv)
{
	int rows = 24, cols = 80, opt;
	long timeout = 5000;
	const char *logfile = NULL, *env;
	char *text, *end;
	size_t len;
	VTermScreenCallbacks cbs;
	enum cmd_kind last;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "+s:t:l:h")) != -1) {
		switch (opt) {
		case 's': {
			long c, r;

			c = strtol(optarg, &end, 10);
			if (end == optarg || (*end != 'x' && *end != 'X'))
				usage("-s needs COLSxROWS, e.g. 80x24");
			r = strtol(end + 1, &end, 10);
			if (*end != '\0' || c < 1 || c > MAX_SIZE || r < 1 || r > MAX_SIZE)
				usage("-s needs COLSxROWS, e.g. 80x24");
			cols = (int)c;
			rows = (int)r;
			break;
		}
		case 't':
			timeout = strtol(optarg, &end, 10);
			if (end == optarg || *end != '\0' || timeout < 1 || timeout > 3600000)
				usage("-t needs a time in milliseconds");
			break;
		case 'l':
			logfile = optarg;
			break;
		case 'h':
			fputs(USAGE, stdout);
			return 0;
		default:
			usage(NULL);
		}
	}
	if (optind >= argc)
		usage("missing SCRIPT");
	D.script = strcmp(argv[optind], "-") == 0 ? "stdin" : argv[optind];
	text = read_script(argv[optind], &len);
	optind++;
	if (optind < argc && strcmp(argv[optind], "--") == 0)
		optind++;
	if (optind >= argc) {
		free(text);
		usage("missing PROGRAM");
	}
	env = getenv("VTDRIVE_TIMEOUT_SCALE");
	if (env && *env) {
		D.scale = strtod(env, &end);
		if (end == env || *end != '\0' || !(D.scale > 0 && D.scale <= 1000)) {
			free(text);
			usage("VTDRIVE_TIMEOUT_SCALE must be a number above 0");
		}
	}
	D.timeout = scaled(timeout);
	parse_script(text, len);
	free(text);
	D.history_needed = D.last_forbid > 0;

	if (logfile) {
		int fd = open(logfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		if (fd < 0 || !(D.log = fdopen(fd, "wb"))) {
			fprintf(stderr, "vtdrive: %s: %s\n", logfile, strerror(errno));
			cleanup();
			return EXIT_USAGE;
		}
	}

	D.vt = vterm_new(rows, cols);
	vterm_set_utf8(D.vt, 1);
	vterm_output_set_callback(D.vt, vterm_out, NULL);
	D.state = vterm_obtain_state(D.vt);
	D.screen = vterm_obtain_screen(D.vt);
	memset(&cbs, 0, sizeof cbs);
	cbs.settermprop = screen_cb_prop;
	vterm_screen_set_callbacks(D.screen, &cbs, NULL);
	vterm_screen_enable_altscreen(D.screen, 1);
	vterm_screen_reset(D.screen, 1);

	start_child(argv + optind, rows, cols);
	for (size_t i = 0; i < D.ncmds; i++)
		run_command(&D.cmds[i]);

	/* The end of the script. */
	D.ended = 1;
	service();
	last = D.ncmds ? D.cmds[D.ncmds - 1].kind : C_DUMP;
	if (!D.reaped && last == C_KILL)
		pump(cond_exited, NULL, now_ms(), now_ms() + D.timeout);
	if (!D.reaped && last != C_KILL && last != C_WAIT_EXIT)
		fail("the script ended with the program still running "
		     "(end with wait_exit, or kill to stop it)");
	stop_child();
	service();
	cleanup();
	return 0;
}
