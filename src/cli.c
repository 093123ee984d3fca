/* cli.c - the command line: init, import, export, summary, and the
 * entry to the interactive interface.
 *
 * Options may stand before or after the command name (GNU getopt
 * permutes them), so "lofte -d x.db export" and "lofte export -d x.db"
 * are the same.  Each command says which options it takes. */
#include "cli.h"

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "docformat.h"
#include "export.h"
#include "fileio.h"
#include "fileperm.h"
#include "i18n.h"
#include "identity.h"
#include "model.h"
#include "paths.h"
#include "store.h"
#include "strbuf.h"
#include "text.h"
#include "tui.h"
#include "xalloc.h"

#define DEMO_FILE "jonkoping-2024.md"

/* Option bits, to say which command takes which option. */
enum {
	OPT_CONFIG = 1 << 0,
	OPT_DB = 1 << 1,
	OPT_READONLY = 1 << 2,
	OPT_YEAR = 1 << 3,
	OPT_MUNICIPALITY = 1 << 4,
	OPT_DEMO = 1 << 5,
	OPT_FORMAT = 1 << 6,
	OPT_OUTPUT = 1 << 7,
	OPT_HISTORY = 1 << 8,
	OPT_APPROVED = 1 << 9,
	OPT_FROM = 1 << 10,
};

struct args {
	unsigned given;          /* OPT_ bits seen */
	const char *config;
	const char *db;
	int year;
	const char *municipality;
	const char *format;
	const char *output;
	enum approved_only approved;
	int from_year;
	const char *command;
	char **operands;         /* after the command name */
	int n_operands;
};

/* What every command has at hand. */
struct ctx {
	struct args *args;
	struct config cfg;
	struct identity who;
	char *db_path;
	struct lerr err;
	char *notice;            /* the first warning, for the interface's status line */
};

typedef enum lofte_rc (*command_fn)(struct ctx *c);

static enum lofte_rc cmd_tui(struct ctx *c);
static enum lofte_rc cmd_init(struct ctx *c);
static enum lofte_rc cmd_import(struct ctx *c);
static enum lofte_rc cmd_export(struct ctx *c);
static enum lofte_rc cmd_summary(struct ctx *c);
static enum lofte_rc cmd_search(struct ctx *c);

static const struct command {
	const char *name;
	command_fn run;
	unsigned options;
	int min_operands, max_operands;
} commands[] = {
	{NULL, cmd_tui, OPT_CONFIG | OPT_DB | OPT_READONLY | OPT_YEAR | OPT_MUNICIPALITY | OPT_DEMO, 0, 0},
	{"init", cmd_init, OPT_CONFIG | OPT_DB | OPT_FROM | OPT_YEAR | OPT_MUNICIPALITY, 0, 0},
	{"import", cmd_import, OPT_CONFIG | OPT_DB, 1, INT_MAX},
	{"export", cmd_export,
	 OPT_CONFIG | OPT_DB | OPT_YEAR | OPT_MUNICIPALITY | OPT_FORMAT | OPT_OUTPUT | OPT_HISTORY |
	 OPT_APPROVED, 0, 0},
	{"summary", cmd_summary, OPT_CONFIG | OPT_DB | OPT_YEAR | OPT_MUNICIPALITY | OPT_FORMAT, 0, 0},
	{"search", cmd_search, OPT_CONFIG | OPT_DB | OPT_YEAR | OPT_MUNICIPALITY, 1, INT_MAX},
};

static const char usage_text[] =
	"Usage:\n"
	"  lofte [-c FILE] [-d DB] [-r] [-y YEAR] [-m MUNICIPALITY] [--demo]\n"
	"  lofte init    [-d DB] [--from YEAR --year YEAR [-m MUNICIPALITY]]\n"
	"  lofte import  [-d DB] FILE...            (- reads standard input)\n"
	"  lofte export  [-d DB] [-f md|html|txt|csv|json] [-y YEAR] [-m MUNICIPALITY]\n"
	"                [-o FILE] [--history]\n"
	"  lofte summary [-d DB] [-y YEAR] [-m MUNICIPALITY] [-f txt|csv]\n"
	"  lofte search  [-d DB] [-y YEAR] [-m MUNICIPALITY] WORD...\n"
	"  lofte --help | --version\n"
	"\n"
	"Follow-up of medborgarlöften: activities, and a text and a status for each\n"
	"tertial (T1 jan–apr, T2 maj–aug, T3 sep–dec), in one shared SQLite file.\n"
	"\n"
	"Options:\n"
	"  -c, --config FILE        read this INI file instead of the search path\n"
	"  -d, --database DB        use this database (else $LOFTE_DB, the INI file,\n"
	"                           $XDG_DATA_HOME/lofte/lofte.db)\n"
	"  -r, --read-only          review mode: nothing can be changed\n"
	"  -y, --year YEAR          the promise of this year\n"
	"  -m, --municipality NAME  the promise of this municipality\n"
	"      --demo               a private copy of the Jönköping 2024 demo\n"
	"  -f, --format FORMAT      export as md (default), html, txt, csv or json\n"
	"  -o, --output FILE        write the export to FILE (replaced atomically)\n"
	"      --from YEAR          with init --year: start that year's promise from\n"
	"                           YEAR's activities (no texts)\n"
	"      --history            with -f json: every earlier version too\n"
	"      --approved-only[=omit]  publish only approved follow-ups; the others\n"
	"                           read \"Ej godkänd ännu.\" (or, with =omit, are left out)\n"
	"  -h, --help               this text\n"
	"  -V, --version            the version\n"
	"\n"
	"See lofte(1) and, for the document format, lofte(5).\n";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("lofte: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs(" (see lofte --help)\n", stderr);
	va_end(ap);
	return 2;
}

/* --- arguments ------------------------------------------------------- */

static const struct option long_options[] = {
	{"config", required_argument, NULL, 'c'},
	{"database", required_argument, NULL, 'd'},
	{"read-only", no_argument, NULL, 'r'},
	{"year", required_argument, NULL, 'y'},
	{"municipality", required_argument, NULL, 'm'},
	{"demo", no_argument, NULL, 'D'},
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"history", no_argument, NULL, 'H'},
	{"approved-only", optional_argument, NULL, 'A'},
	{"from", required_argument, NULL, 'F'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

static const char *option_name(unsigned bit)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{OPT_CONFIG, "-c"}, {OPT_DB, "-d"}, {OPT_READONLY, "-r"}, {OPT_YEAR, "-y"},
		{OPT_MUNICIPALITY, "-m"}, {OPT_DEMO, "--demo"}, {OPT_FORMAT, "-f"},
		{OPT_OUTPUT, "-o"}, {OPT_HISTORY, "--history"}, {OPT_APPROVED, "--approved-only"}, {OPT_FROM, "--from"},
	};
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (names[k].bit == bit)
			return names[k].name;
	return "?";
}

static int parse_year(const char *s, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1900 || v > 9999)
		return -1;
	*out = (int)v;
	return 0;
}

/* Returns -1 to go on, or an exit status (0 after --help/--version). */
static int parse_option(int opt, struct args *a, char **argv)
{
	if (optarg && !optarg[0] && strchr("cdmfo", opt))
		return usage_error("%s needs a value, not an empty string", argv[optind - 1]);
	switch (opt) {
	case 'c': a->given |= OPT_CONFIG; a->config = optarg; break;
	case 'd': a->given |= OPT_DB; a->db = optarg; break;
	case 'r': a->given |= OPT_READONLY; break;
	case 'y':
		a->given |= OPT_YEAR;
		if (parse_year(optarg, &a->year) != 0)
			return usage_error("-y %s: not a year (e.g. 2024)", optarg);
		break;
	case 'm': a->given |= OPT_MUNICIPALITY; a->municipality = optarg; break;
	case 'D': a->given |= OPT_DEMO; break;
	case 'f': a->given |= OPT_FORMAT; a->format = optarg; break;
	case 'o': a->given |= OPT_OUTPUT; a->output = optarg; break;
	case 'H': a->given |= OPT_HISTORY; break;
	case 'F':
		a->given |= OPT_FROM;
		if (parse_year(optarg, &a->from_year) != 0)
			return usage_error("--from %s: not a year (e.g. 2024)", optarg);
		break;
	case 'A':
		a->given |= OPT_APPROVED;
		a->approved = APPROVED_NOTE;
		if (optarg && strcmp(optarg, "omit") == 0)
			a->approved = APPROVED_OMIT;
		else if (optarg && strcmp(optarg, "note") != 0)
			return usage_error("--approved-only=%s: say note or omit", optarg);
		break;
	case 'h': fputs(usage_text, stdout); return 0;
	case 'V': printf("lofte %s\n", LOFTE_VERSION); return 0;
	case ':': return usage_error("%s needs a value", argv[optind - 1]);
	default:
		if (optopt)
			return usage_error("unknown option -%c", optopt);
		return usage_error("unknown option %s", argv[optind - 1]);
	}
	return -1;
}

static int parse_args(int argc, char **argv, struct args *a, const struct command **cmd)
{
	opterr = 0;
	int opt;
	while ((opt = getopt_long(argc, argv, ":c:d:ry:m:f:o:hV", long_options, NULL)) != -1) {
		int status = parse_option(opt, a, argv);
		if (status >= 0)
			return status;
	}
	char **rest = argv + optind;
	int n = argc - optind;
	*cmd = &commands[0];
	if (n > 0) {
		for (size_t k = 1; k < sizeof commands / sizeof commands[0]; k++)
			if (strcmp(rest[0], commands[k].name) == 0)
				*cmd = &commands[k];
		if (*cmd == &commands[0])
			return usage_error("unknown command '%s'", rest[0]);
		a->command = rest[0];
		rest++, n--;
	}
	a->operands = rest;
	a->n_operands = n;
	const char *name = a->command ? a->command : "lofte";
	unsigned extra = a->given & ~(*cmd)->options;
	if (extra)
		return usage_error("%s does not take %s", name, option_name(extra & -extra));
	if (n < (*cmd)->min_operands)
		return usage_error("%s needs at least one %s", name,
		                   strcmp(name, "search") == 0 ? "WORD" : "FILE");
	if (n > (*cmd)->max_operands)
		return usage_error("%s takes no argument '%s'", name, rest[0]);
	return -1;
}

/* --- shared steps ---------------------------------------------------- */

/* Writes prefix and msg as one line.  Messages quote names, titles and
 * values from files and the database, so they are made safe for the
 * terminal first (lofte(1), "Hostile text"). */
static void print_line(FILE *f, const char *prefix, const char *msg)
{
	struct strbuf line;
	strbuf_init(&line);
	strbuf_adds(&line, prefix);
	text_sanitize(&line, msg, 0);
	fprintf(f, "%s\n", line.buf);
	strbuf_free(&line);
}

static void print_warning(void *ctx, const char *msg)
{
	(void)ctx;
	print_line(stderr, "lofte: warning: ", msg);
}

/* Whether an export to output ("-" or none: standard output) goes to a
 * terminal. */
static bool to_terminal(const char *output)
{
	return (!output || strcmp(output, "-") == 0) && isatty(STDOUT_FILENO);
}

/* A warning about who may change a file: on stderr, and the first one
 * also in the interface, where stderr is hidden behind the screen. */
static void file_warning(void *ctx, const char *msg)
{
	struct ctx *c = ctx;
	print_warning(NULL, msg);
	if (!c->notice)
		c->notice = xstrdup(msg);
}

/* The INI files lofte read: the site file and the user's. */
static void check_config_files(struct ctx *c)
{
	struct stat sb;
	if (stat(PATHS_SITE_CONFIG, &sb) == 0)
		fileperm_check_file(PATHS_SITE_CONFIG, file_warning, c);
	if (c->cfg.user_file)
		fileperm_check_file(c->cfg.user_file, file_warning, c);
}

/* Opens the database; LOFTE_BUSY_TIMEOUT (ms) says how long a save waits
 * for another writer before it gives up. */
static enum lofte_rc open_db(struct ctx *c, enum store_mode mode, struct store **st)
{
	enum lofte_rc rc = store_open(c->db_path, mode, st, &c->err);
	const char *busy = getenv("LOFTE_BUSY_TIMEOUT");
	if (rc == RC_OK && busy && *busy)
		store_set_busy_timeout(*st, atoi(busy));
	if (rc == RC_OK)
		fileperm_check_database(c->db_path, file_warning, c);
	return rc;
}

/* Opens the database for reading; a file the user may not write to is
 * still read, with a warning that says so. */
static enum lofte_rc open_store(struct ctx *c, enum store_mode mode, struct store **st)
{
	enum lofte_rc rc = open_db(c, mode, st);
	if (rc == RC_OK && mode == STORE_READWRITE && store_readonly_reason(*st))
		fprintf(stderr, "lofte: warning: %s: %s; opened read-only\n", c->db_path,
		        store_readonly_reason(*st));
	return rc;
}

/* Opens the database to change it: read-only is an error saying why. */
static enum lofte_rc open_store_writable(struct ctx *c, const char *doing, struct store **st)
{
	enum lofte_rc rc = open_db(c, STORE_READWRITE, st);
	if (rc != RC_OK || !store_readonly_reason(*st))
		return rc;
	rc = lerr_set(&c->err, RC_READONLY, "%s: cannot %s: %s", c->db_path, doing,
	              store_readonly_reason(*st));
	store_close(*st);
	*st = NULL;
	return rc;
}

/* The promises -y and -m select; all of them when neither is given. */
static enum lofte_rc select_promises(struct ctx *c, struct store *st, int64_t **ids, size_t *n)
{
	struct promise_ref *refs;
	size_t len;
	enum lofte_rc rc = store_list_promises(st, &refs, &len, &c->err);
	if (rc != RC_OK)
		return rc;
	*ids = xcalloc(len + 1, sizeof **ids);
	*n = 0;
	for (size_t k = 0; k < len; k++) {
		if (c->args->year && refs[k].year != c->args->year)
			continue;
		if (c->args->municipality &&
		    !text_equal_fold(refs[k].municipality, c->args->municipality))
			continue;
		(*ids)[(*n)++] = refs[k].id;
	}
	promise_refs_free(refs, len);
	if (*n == 0 && (c->args->year || c->args->municipality)) {
		free(*ids);
		*ids = NULL;
		if (c->args->year && c->args->municipality)
			return lerr_set(&c->err, RC_NOTFOUND, "%s: no promise for %s %d", c->db_path,
			                c->args->municipality, c->args->year);
		if (c->args->year)
			return lerr_set(&c->err, RC_NOTFOUND, "%s: no promise for %d", c->db_path,
			                c->args->year);
		return lerr_set(&c->err, RC_NOTFOUND, "%s: no promise for %s", c->db_path,
		                c->args->municipality);
	}
	return RC_OK;
}

static enum lofte_rc load_promises(struct ctx *c, struct store *st, const int64_t *ids, size_t n,
                                   struct promise **out)
{
	*out = xcalloc(n + 1, sizeof **out);
	for (size_t k = 0; k < n; k++) {
		enum lofte_rc rc = store_load_promise(st, ids[k], 1, &(*out)[k], &c->err);
		if (rc != RC_OK) {
			for (size_t j = 0; j < k; j++)
				promise_free(&(*out)[j]);
			free(*out);
			*out = NULL;
			return rc;
		}
	}
	return RC_OK;
}

static void free_promises(struct promise *p, size_t n)
{
	for (size_t k = 0; k < n; k++)
		promise_free(&p[k]);
	free(p);
}

/* --- init ------------------------------------------------------------ */

/* Warns about the two ways a shared database stops other users from
 * writing: a folder meant for a group with a file the group may not
 * write, and a group-writable file in a folder where the group cannot
 * create SQLite's -wal and -shm files.  A private database (a 0700
 * folder) is not a mistake and gets no warning. */
static void warn_sharing(const char *path)
{
	struct stat file, dir;
	char *folder = xstrdup(path);
	char *slash = strrchr(folder, '/');
	if (!slash)
		strcpy(folder, ".");
	else if (slash == folder)
		folder[1] = '\0';
	else
		*slash = '\0';
	if (stat(path, &file) == 0 && stat(folder, &dir) == 0) {
		bool dir_shared = dir.st_mode & (S_IWGRP | S_ISGID);
		if (dir_shared && !(file.st_mode & S_IWGRP))
			fprintf(stderr, "lofte: warning: %s: the group may not write it (mode %04o), so "
			                "other users cannot save; chmod 660 %s (and umask 007)\n",
			        path, (unsigned)(file.st_mode & 07777), path);
		else if ((file.st_mode & S_IWGRP) && !(dir.st_mode & S_IWGRP))
			fprintf(stderr, "lofte: warning: %s: the group may not create files in this "
			                "folder, so other users cannot open the database for writing "
			                "(SQLite's -wal and -shm files); chmod 2770 %s\n",
			        folder, folder);
	}
	free(folder);
}

/* init --from YEAR --year NEW: next year's promise from this year's. */
static enum lofte_rc init_from(struct ctx *c, struct store *st)
{
	int64_t src, id;
	size_t n = 0;
	const char *m = c->args->municipality ? c->args->municipality : c->cfg.municipality;
	enum lofte_rc rc = store_find_promise(st, m, c->args->from_year, &src, &c->err);
	if (rc == RC_NOTFOUND && !c->args->municipality && m)
		rc = store_find_promise(st, NULL, c->args->from_year, &src, &c->err);
	struct actor who = {c->who.name, c->who.department, c->who.login};
	if (rc == RC_OK)
		rc = store_copy_promise(st, src, c->args->year, &who, &id, &n, &c->err);
	if (rc != RC_OK)
		return rc;
	struct promise p;
	rc = store_load_promise(st, id, 0, &p, &c->err);
	if (rc == RC_OK) {
		struct strbuf line;
		strbuf_init(&line);
		strbuf_addf(&line, "%s %d: started from %d with %zu activities (no texts)",
		            p.municipality, p.year, c->args->from_year, n);
		print_line(stdout, "", line.buf);
		strbuf_free(&line);
		promise_free(&p);
	}
	return rc;
}

static enum lofte_rc cmd_init(struct ctx *c)
{
	bool from = c->args->given & OPT_FROM;
	if (from != ((c->args->given & OPT_YEAR) != 0))
		return lerr_set(&c->err, RC_USAGE, "init: --from YEAR and --year YEAR go together");
	if (!from && (c->args->given & OPT_MUNICIPALITY))
		return lerr_set(&c->err, RC_USAGE, "init: -m goes with --from");
	struct store *st;
	enum lofte_rc rc = open_store_writable(c, "initialise", &st);
	if (rc != RC_OK)
		return rc;
	if (from)
		rc = init_from(c, st);
	else
		printf("%s: lofte database, schema version %d\n", c->db_path, store_schema_version());
	store_close(st);
	if (rc == RC_OK)
		warn_sharing(c->db_path);
	return rc;
}

/* --- import ---------------------------------------------------------- */

static const char *display_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "(standard input)" : path;
}

/* Reads and parses every file before anything is stored, so one bad
 * file refuses the whole import. */
static enum lofte_rc parse_files(struct ctx *c, char **paths, int n, struct doc *docs)
{
	for (int k = 0; k < n; k++) {
		char *data;
		size_t len;
		enum lofte_rc rc = file_read_all(paths[k], &data, &len, &c->err);
		if (rc != RC_OK)
			return rc;
		rc = doc_parse(data, len, display_name(paths[k]), &docs[k], &c->err);
		free(data);
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

static void report_import(const char *name, const struct promise *p, const struct import_stats *s)
{
	struct strbuf line;
	strbuf_init(&line);
	strbuf_addf(&line, "%s: %s %d: %s; %d activities new, %d changed; %d follow-ups saved, "
	                   "%d unchanged",
	            name, p->municipality, p->year, s->promises_created ? "created" : "updated",
	            s->commitments_created, s->commitments_updated, s->followups_saved,
	            s->followups_unchanged);
	print_line(stdout, "", line.buf);
	strbuf_free(&line);
}

static enum lofte_rc import_docs(struct ctx *c, struct store *st, char **paths, int n,
                                 struct doc *docs, int quiet)
{
	struct actor who = {c->who.name, c->who.department, c->who.login};
	enum lofte_rc rc = store_begin(st, &c->err);
	for (int k = 0; rc == RC_OK && k < n; k++) {
		for (size_t p = 0; rc == RC_OK && p < docs[k].n; p++) {
			struct import_stats stats = {0};
			rc = store_import_promise(st, &docs[k].promises[p], &who, &stats, &c->err);
			if (rc == RC_OK && !quiet)
				report_import(display_name(paths[k]), &docs[k].promises[p], &stats);
		}
	}
	if (rc == RC_OK)
		return store_commit(st, &c->err);
	store_rollback(st);
	return rc;
}

/* Imports the documents at paths in one transaction. */
static enum lofte_rc import_files(struct ctx *c, char **paths, int n, int quiet)
{
	struct doc *docs = xcalloc((size_t)n + 1, sizeof *docs);
	enum lofte_rc rc = parse_files(c, paths, n, docs);
	struct store *st = NULL;
	if (rc == RC_OK)
		rc = open_store_writable(c, "import", &st);
	if (rc == RC_OK)
		rc = import_docs(c, st, paths, n, docs, quiet);
	store_close(st);
	for (int k = 0; k < n; k++)
		doc_free(&docs[k]);
	free(docs);
	return rc;
}

static enum lofte_rc cmd_import(struct ctx *c)
{
	return import_files(c, c->args->operands, c->args->n_operands, 0);
}

/* --- export ---------------------------------------------------------- */

static enum lofte_rc export_json(struct ctx *c, struct store *st, const int64_t *ids, size_t n,
                                 struct strbuf *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return lerr_set(&c->err, RC_FAIL, "cannot export: %s", strerror(errno));
	enum lofte_rc rc = store_export_json(st, ids, n, (c->args->given & OPT_HISTORY) != 0,
	                                     c->args->approved, mem, &c->err);
	fclose(mem);
	if (rc == RC_OK)
		strbuf_add(out, buf, len);
	free(buf);
	return rc;
}

static enum lofte_rc cmd_export(struct ctx *c)
{
	enum export_format format = EXPORT_MD;
	if (c->args->format && export_format_parse(c->args->format, &format) != 0)
		return lerr_set(&c->err, RC_USAGE, "-f %s: unknown format (md, html, txt, csv, json)",
		                c->args->format);
	if ((c->args->given & OPT_HISTORY) && format != EXPORT_JSON)
		return lerr_set(&c->err, RC_USAGE, "--history goes with -f json");
	struct store *st;
	enum lofte_rc rc = open_store(c, STORE_READWRITE, &st);
	if (rc != RC_OK)
		return rc;
	int64_t *ids = NULL;
	size_t n = 0;
	struct strbuf out;
	strbuf_init(&out);
	rc = select_promises(c, st, &ids, &n);
	if (rc == RC_OK && format == EXPORT_JSON) {
		rc = export_json(c, st, ids, n, &out);
	} else if (rc == RC_OK) {
		struct promise *promises;
		rc = load_promises(c, st, ids, n, &promises);
		if (rc == RC_OK) {
			for (size_t k = 0; k < n; k++)
				promise_keep_approved(&promises[k], c->args->approved);
			export_promises(&out, format, promises, n);
			free_promises(promises, n);
		}
	}
	store_close(st);
	free(ids);
	if (rc == RC_OK && format == EXPORT_MD && to_terminal(c->args->output)) {
		/* The document keeps control characters for a re-import; a
		 * terminal would act on them. */
		struct strbuf shown;
		strbuf_init(&shown);
		text_sanitize(&shown, out.buf, 1);
		strbuf_free(&out);
		out = shown;
	}
	if (rc == RC_OK)
		rc = file_write_atomic(c->args->output ? c->args->output : "-", out.buf, out.len,
		                       &c->err);
	strbuf_free(&out);
	return rc;
}

/* --- summary --------------------------------------------------------- */

#define SUMMARY_TITLE_WIDTH 46

static const char *status_word(const struct config *cfg, const struct followup *f)
{
	if (!f->present)
		return cfg->language == UI_LANG_EN ? "Missing" : "Saknas";
	return cfg->language == UI_LANG_EN ? status_label_en(f->status) : status_label_sv(f->status);
}

static int status_column_width(void)
{
	int w = text_width("Saknas");
	for (int s = 0; s < STATUS_COUNT; s++) {
		int a = text_width(status_label_sv((enum status)s));
		int b = text_width(status_label_en((enum status)s));
		w = a > w ? a : w;
		w = b > w ? b : w;
	}
	return w;
}

/* " ✓" approved, " →" ready: the review beside the status. */
static const char *review_mark(const struct followup *f)
{
	if (!f->present || f->review == REVIEW_DRAFT)
		return "";
	return f->review == REVIEW_APPROVED ? " ✓" : " →";
}

/* After the table: what is missing in a tertial that has begun, and what
 * is late (past its deadline, missing or still a draft). */
static void summary_gaps(struct strbuf *out, const struct config *cfg, const struct promise *p)
{
	int en = cfg->language == UI_LANG_EN;
	char today[11], due[11];
	today_iso(today);
	for (int kind = MISSING; kind <= PAST_DEADLINE; kind++) {
		bool heading = false;
		for (size_t k = 0; k < p->n_commitments; k++) {
			const struct commitment *c = &p->commitments[k];
			for (int t = 1; !c->archived && t <= TERTIALS; t++) {
				if ((int)followup_lateness(p, &c->followups[t - 1], t, today) != kind)
					continue;
				if (!heading)
					strbuf_adds(out, kind == MISSING
					                 ? (en ? "\nMissing (the tertial has begun):\n"
					                       : "\nSaknas (tertialen har börjat):\n")
					                 : (en ? "\nLate (the deadline has passed):\n"
					                       : "\nSena (sista dagen har passerat):\n"));
				heading = true;
				promise_deadline(p, t, due);
				strbuf_addf(out, "%3d  ", c->position);
				text_fit(out, c->title, SUMMARY_TITLE_WIDTH, 1);
				strbuf_addf(out, "  T%d  %s %s\n", t, en ? "due" : "sista dag", due);
			}
		}
	}
}

static void summary_csv(struct strbuf *out, const struct config *cfg, const struct promise *p,
                        bool header)
{
	char today[11];
	today_iso(today);
	if (header)
		strbuf_adds(out, "municipality,year,position,activity,t1_status,t1_review,t1_late,"
		                 "t2_status,t2_review,t2_late,t3_status,t3_review,t3_late\r\n");
	for (size_t k = 0; k < p->n_commitments; k++) {
		const struct commitment *c = &p->commitments[k];
		if (c->archived)
			continue;
		csv_field(out, p->municipality);
		strbuf_addf(out, ",%d,%d,", p->year, c->position);
		csv_field(out, c->title);
		for (int t = 0; t < TERTIALS; t++) {
			const struct followup *f = &c->followups[t];
			strbuf_addc(out, ',');
			csv_field(out, status_word(cfg, f));
			strbuf_addf(out, ",%s,%s", f->present ? review_code(f->review) : "",
			            followup_lateness(p, f, t + 1, today) == PAST_DEADLINE ? "late"
			            : followup_lateness(p, f, t + 1, today) == MISSING ? "missing" : "");
		}
		strbuf_adds(out, "\r\n");
	}
}

static void summary_promise(struct strbuf *out, const struct config *cfg, const struct promise *p)
{
	int en = cfg->language == UI_LANG_EN;
	int sw = status_column_width();
	struct strbuf head;
	strbuf_init(&head);
	strbuf_addf(&head, "%s %d – %s", p->municipality, p->year, p->title);
	text_sanitize(out, head.buf, 0);
	strbuf_free(&head);
	strbuf_adds(out, "\n\n");
	strbuf_adds(out, " Nr  ");
	text_fit(out, en ? "Activity" : "Aktivitet", SUMMARY_TITLE_WIDTH, 1);
	for (int t = 1; t <= TERTIALS; t++) {
		char label[8];
		snprintf(label, sizeof label, "T%d", t);
		strbuf_adds(out, "  ");
		text_fit(out, label, sw + 2, t < TERTIALS);
	}
	strbuf_addc(out, '\n');
	for (size_t k = 0; k < p->n_commitments; k++) {
		const struct commitment *c = &p->commitments[k];
		if (c->archived)
			continue;
		strbuf_addf(out, "%3d  ", c->position);
		text_fit(out, c->title, SUMMARY_TITLE_WIDTH, 1);
		for (int t = 0; t < TERTIALS; t++) {
			struct strbuf cell;
			strbuf_init(&cell);
			strbuf_addf(&cell, "%s%s", status_word(cfg, &c->followups[t]),
			            review_mark(&c->followups[t]));
			strbuf_adds(out, "  ");
			text_fit(out, cell.buf, sw + 2, t + 1 < TERTIALS);
			strbuf_free(&cell);
		}
		strbuf_addc(out, '\n');
	}
	strbuf_adds(out, en ? "\n✓ approved  → ready for review\n" : "\n✓ godkänd  → klar för granskning\n");
	summary_gaps(out, cfg, p);
}

static enum lofte_rc summarize(struct ctx *c, struct store *st, struct strbuf *out)
{
	int64_t *ids = NULL;
	size_t n = 0;
	enum lofte_rc rc = select_promises(c, st, &ids, &n);
	struct promise *promises = NULL;
	if (rc == RC_OK)
		rc = load_promises(c, st, ids, n, &promises);
	bool csv = c->args->format && strcmp(c->args->format, "csv") == 0;
	if (c->args->format && !csv && strcmp(c->args->format, "txt") != 0)
		rc = lerr_set(&c->err, RC_USAGE, "-f %s: summary is txt or csv", c->args->format);
	for (size_t k = 0; rc == RC_OK && k < n; k++) {
		if (csv) {
			summary_csv(out, &c->cfg, &promises[k], k == 0);
			continue;
		}
		if (k)
			strbuf_addc(out, '\n');
		summary_promise(out, &c->cfg, &promises[k]);
	}
	if (promises)
		free_promises(promises, n);
	free(ids);
	return rc;
}

static enum lofte_rc cmd_summary(struct ctx *c)
{
	struct store *st;
	enum lofte_rc rc = open_store(c, STORE_READWRITE, &st);
	if (rc != RC_OK)
		return rc;
	struct strbuf out;
	strbuf_init(&out);
	rc = summarize(c, st, &out);
	store_close(st);
	if (rc == RC_OK)
		rc = file_write_atomic("-", out.buf, out.len, &c->err);
	strbuf_free(&out);
	return rc;
}

/* --- search ---------------------------------------------------------- */

/* One line per hit: where it is, then the words around it, with the hit
 * in [brackets].  Hits come grouped by promise: *p keeps the last one. */
static void print_hit(struct store *st, const struct search_hit *h, struct promise *p,
                      struct strbuf *out)
{
	struct lerr e;
	if (p->id != h->promise_id) {
		promise_free(p);
		if (store_load_promise(st, h->promise_id, 0, p, &e) != RC_OK)
			return;
	}
	const char *title = "";
	int position = 0;
	for (size_t k = 0; k < p->n_commitments; k++)
		if (p->commitments[k].id == h->commitment_id)
			title = p->commitments[k].title, position = p->commitments[k].position;
	struct strbuf line;
	strbuf_init(&line);
	strbuf_addf(&line, "%s %d · %d. %s · ", p->municipality, p->year, position, title);
	if (h->tertial)
		strbuf_addf(&line, "T%d: ", h->tertial);
	else
		strbuf_adds(&line, "aktivitet: ");
	for (const char *c = h->snippet; *c; c++)
		strbuf_addc(&line, *c == '\x01' ? '[' : *c == '\x02' ? ']' : *c == '\n' ? ' ' : *c);
	text_sanitize(out, line.buf, 0);
	strbuf_addc(out, '\n');
	strbuf_free(&line);
}

static enum lofte_rc cmd_search(struct ctx *c)
{
	struct store *st;
	enum lofte_rc rc = open_store(c, STORE_READWRITE, &st);
	if (rc != RC_OK)
		return rc;
	int64_t id = 0;
	if (c->args->year || c->args->municipality)
		rc = store_find_promise(st, c->args->municipality, c->args->year, &id, &c->err);
	struct strbuf query, out;
	strbuf_init(&query);
	strbuf_init(&out);
	for (int k = 0; k < c->args->n_operands; k++)
		strbuf_addf(&query, "%s%s", k ? " " : "", c->args->operands[k]);
	struct search_hit *hits = NULL;
	size_t n = 0;
	if (rc == RC_OK)
		rc = store_search(st, id, query.buf, &hits, &n, &c->err);
	struct promise p = {0};
	for (size_t k = 0; rc == RC_OK && k < n; k++)
		print_hit(st, &hits[k], &p, &out);
	promise_free(&p);
	search_hits_free(hits, n);
	store_close(st);
	if (rc == RC_OK)
		rc = file_write_atomic("-", out.buf, out.len, &c->err);
	strbuf_free(&query);
	strbuf_free(&out);
	return rc;
}

/* --- the interactive interface and the demo -------------------------- */

/* The shipped demo document: beside the binary in a build tree, else
 * where make install put it. */
static char *find_demo(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		const char *rel[] = {"/share/lofte/demo/", "/../share/lofte/demo/",
		                     "/../../share/lofte/demo/"};
		for (size_t k = 0; k < sizeof rel / sizeof rel[0]; k++) {
			struct strbuf p;
			strbuf_init(&p);
			strbuf_addf(&p, "%s%s%s", exe, rel[k], DEMO_FILE);
			if (access(p.buf, R_OK) == 0)
				return strbuf_detach(&p);
			strbuf_free(&p);
		}
	}
	struct strbuf p;
	strbuf_init(&p);
	strbuf_addf(&p, "%s/demo/%s", LOFTE_DATADIR, DEMO_FILE);
	return strbuf_detach(&p);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

/* A private copy of the demo in a fresh temporary folder. */
static enum lofte_rc make_demo(struct ctx *c, char **dir)
{
	struct strbuf d;
	strbuf_init(&d);
	strbuf_addf(&d, "%s/lofte-demo.XXXXXX", paths_temp_dir());
	if (!mkdtemp(d.buf)) {
		enum lofte_rc rc = lerr_set(&c->err, RC_FAIL, "%s: cannot create: %s", d.buf,
		                            strerror(errno));
		strbuf_free(&d);
		return rc;
	}
	*dir = xstrdup(d.buf);
	strbuf_adds(&d, "/demo.db");
	free(c->db_path);
	c->db_path = strbuf_detach(&d);

	char *demo = find_demo();
	enum lofte_rc rc = import_files(c, &demo, 1, 1);
	free(demo);
	return rc;
}

/* The promise the interface opens: -m and -y, else the INI file's
 * municipality, else the first in Swedish order; its newest year.  0
 * when the database holds none (the interface says so). */
static enum lofte_rc choose_promise(struct ctx *c, struct store *st, int64_t *id)
{
	const char *municipality = c->args->municipality ? c->args->municipality
	                                                 : c->cfg.municipality;
	enum lofte_rc rc = store_find_promise(st, municipality, c->args->year, id, &c->err);
	if (rc == RC_NOTFOUND && !c->args->municipality && !c->args->year && municipality) {
		/* The INI file's municipality may not be in this database. */
		rc = store_find_promise(st, NULL, 0, id, &c->err);
	}
	if (rc == RC_NOTFOUND && !c->args->municipality && !c->args->year) {
		*id = 0;
		return RC_OK;
	}
	return rc;
}

static enum lofte_rc run_tui(struct ctx *c)
{
	int review = (c->args->given & OPT_READONLY) || c->cfg.role == ROLE_VIEWER;
	struct store *st;
	enum lofte_rc rc = open_db(c, review ? STORE_READONLY : STORE_READWRITE, &st);
	if (rc != RC_OK)
		return rc;
	struct tui_options opt = {.store = st, .cfg = &c->cfg, .who = &c->who, .review = review,
	                          .notice = c->notice};
	rc = choose_promise(c, st, &opt.promise_id);
	if (rc == RC_OK)
		rc = tui_run(&opt, &c->err);
	store_close(st);
	return rc;
}

static enum lofte_rc cmd_tui(struct ctx *c)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return lerr_set(&c->err, RC_USAGE, "the interactive interface needs a terminal "
		                                   "(for scripts: lofte summary, lofte export)");
	char *demo_dir = NULL;
	enum lofte_rc rc = RC_OK;
	if (c->args->given & OPT_DEMO)
		rc = make_demo(c, &demo_dir);
	if (rc == RC_OK)
		rc = run_tui(c);
	if (demo_dir) {
		nftw(demo_dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
		free(demo_dir);
	}
	return rc;
}

/* --- main ------------------------------------------------------------ */

static int run(struct ctx *c, const struct command *cmd)
{
	enum lofte_rc rc = config_load(&c->cfg, c->args->config, print_warning, NULL, &c->err);
	if (rc == RC_OK) {
		i18n_set_language(c->cfg.language);
		check_config_files(c);
		identity_resolve(&c->who, &c->cfg);
		c->db_path = paths_database(c->args->db, c->cfg.db_path);
		rc = cmd->run(c);
	}
	if (rc != RC_OK)
		print_line(stderr, "lofte: ", c->err.msg);
	return lerr_exit_status(rc);
}

int cli_main(int argc, char **argv)
{
	struct args a = {0};
	const struct command *cmd = NULL;
	int status = parse_args(argc, argv, &a, &cmd);
	if (status >= 0)
		return status;
	struct ctx c = {.args = &a};
	config_init(&c.cfg);
	status = run(&c, cmd);
	identity_free(&c.who);
	config_free(&c.cfg);
	free(c.db_path);
	free(c.notice);
	if (fflush(stdout) != 0 && status == 0) {
		fprintf(stderr, "lofte: (standard output): cannot write: %s\n", strerror(errno));
		status = 1;
	}
	return status;
}
