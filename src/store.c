/* store.c - the SQLite database behind lofte.
 *
 * One connection per process.  Prepared statements are cached by the
 * address of their SQL text (string literals in this file) and reset
 * after every use, so no read snapshot is held between calls (the live
 * refresh of other processes' saves depends on that). */
#include "store.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <pwd.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "schema.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#define STMT_CACHE 48
#define DEFAULT_BUSY_MS 10000

struct store {
	sqlite3 *db;
	char *path;
	const char *readonly_reason;
	int busy_ms;
	int open_error;         /* SQLite's code for why the schema could not be read */
	bool has_file;          /* dev and ino name the file that was opened */
	bool released;          /* its -wal file was emptied after it was lost */
	dev_t dev;
	ino_t ino;
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[STMT_CACHE];
};

int store_schema_version(void)
{
	return SCHEMA_VERSION;
}

const char *store_readonly_reason(const struct store *st)
{
	return st->readonly_reason;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

int store_busy_timeout(const struct store *st)
{
	return st->busy_ms;
}

void store_set_busy_timeout(struct store *st, int ms)
{
	st->busy_ms = ms;
	sqlite3_busy_timeout(st->db, ms);
}

/* --- errors ---------------------------------------------------------- */

/* Who holds a lock on the database (or its -wal/-shm files), read from
 * /proc/locks on Linux: "sqlite3 (pid 1234, user anna)".  SQLite itself
 * cannot tell; an empty string when nobody else is found. */
static void lock_holder(const char *path, char *out, size_t size)
{
	out[0] = '\0';
	ino_t inodes[3];
	int n = 0;
	const char *suffix[] = {"", "-wal", "-shm"};
	for (int k = 0; k < 3; k++) {
		char p[4096];
		struct stat sb;
		snprintf(p, sizeof p, "%s%s", path, suffix[k]);
		if (stat(p, &sb) == 0)
			inodes[n++] = sb.st_ino;
	}
	FILE *f = fopen("/proc/locks", "r");
	if (!f)
		return;
	/* Every reader of a WAL database holds read locks too: the writer is
	 * the one with a write lock, best the WAL write lock (byte 120 of the
	 * -shm file) or, without WAL, the reserved byte of the database. */
	char line[256];
	long pid = 0;
	int best = 0;
	while (fgets(line, sizeof line, f)) {
		long p;
		unsigned long ino;
		char kind[16];
		unsigned long long start;
		if (sscanf(line, "%*s %*s %*s %15s %ld %*x:%*x:%lu %llu", kind, &p, &ino, &start) != 4 ||
		    p == getpid())
			continue;
		for (int k = 0; k < n; k++) {
			if (inodes[k] != (ino_t)ino)
				continue;
			bool write = strcmp(kind, "WRITE") == 0;
			int score = !write ? 1 : (start == 120 || start == 0x40000001ULL) ? 3 : 2;
			if (score > best)
				best = score, pid = p;
		}
	}	fclose(f);
	if (!pid)
		return;
	char comm[64] = "?", proc[64];
	snprintf(proc, sizeof proc, "/proc/%ld/comm", pid);
	FILE *c = fopen(proc, "r");
	if (c) {
		if (fgets(comm, sizeof comm, c))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(c);
	}
	struct stat sb;
	snprintf(proc, sizeof proc, "/proc/%ld", pid);
	struct passwd *pw = stat(proc, &sb) == 0 ? getpwuid(sb.st_uid) : NULL;
	snprintf(out, size, " (held by %s, pid %ld%s%s)", comm, pid, pw ? ", user " : "",
	         pw ? pw->pw_name : "");
}

/* Turns the connection's last error into a one-line message. */
static enum lofte_rc db_error(struct store *st, struct lerr *e, const char *doing)
{
	int code = sqlite3_extended_errcode(st->db);
	const char *msg = sqlite3_errmsg(st->db);
	/* A full disk can also show as an I/O error (growing the -shm file). */
	if ((code & 0xFF) == SQLITE_IOERR && sqlite3_system_errno(st->db) == ENOSPC)
		code = SQLITE_FULL;
	switch (code & 0xFF) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: {
		char who[160];
		lock_holder(st->path, who, sizeof who);
		return lerr_set(e, RC_BUSY,
		                "%s: %s: the database stayed locked by another program%s for %.1f s; "
		                "nothing was changed, try again",
		                st->path, doing, who, st->busy_ms / 1000.0);
	}
	case SQLITE_READONLY:
		return lerr_set(e, RC_READONLY, "%s: %s: the database is read-only (%s)", st->path,
		                doing, st->readonly_reason ? st->readonly_reason : msg);
	case SQLITE_FULL:
		return lerr_set(e, RC_FULL, "%s: %s: the disk is full; nothing was changed", st->path,
		                doing);
	case SQLITE_NOTADB:
		return lerr_set(e, RC_FAIL, "%s: not a lofte database (not an SQLite file)", st->path);
	case SQLITE_CORRUPT:
		return lerr_set(e, RC_FAIL, "%s: the database file is damaged (%s)", st->path, msg);
	default:
		return lerr_set(e, RC_FAIL, "%s: %s: %s", st->path, doing, msg);
	}
}

/* --- statements ------------------------------------------------------ */

static sqlite3_stmt *prep(struct store *st, const char *sql, struct lerr *e)
{
	int free_slot = -1;
	for (int k = 0; k < STMT_CACHE; k++) {
		if (st->cache[k].sql == sql)
			return st->cache[k].stmt;
		if (!st->cache[k].sql && free_slot < 0)
			free_slot = k;
	}
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
		db_error(st, e, "preparing a query");
		return NULL;
	}
	if (free_slot >= 0) {
		st->cache[free_slot].sql = sql;
		st->cache[free_slot].stmt = stmt;
	}
	/* A full cache is a programming error caught by the tests (leak). */
	return stmt;
}

static void done(sqlite3_stmt *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_TRANSIENT);
}

static char *col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *v = sqlite3_column_text(s, i);
	return xstrdup(v ? (const char *)v : "");
}

/* Runs a statement that returns no rows. */
static enum lofte_rc exec_stmt(struct store *st, sqlite3_stmt *s, struct lerr *e, const char *doing)
{
	int r = sqlite3_step(s);
	enum lofte_rc rc = r == SQLITE_DONE || r == SQLITE_ROW ? RC_OK : db_error(st, e, doing);
	done(s);
	return rc;
}

static enum lofte_rc exec_sql(struct store *st, const char *sql, struct lerr *e, const char *doing)
{
	sqlite3_stmt *s = prep(st, sql, e);
	return s ? exec_stmt(st, s, e, doing) : RC_FAIL;
}

/* --- time ------------------------------------------------------------ */

/* The time of a save, UTC.  LOFTE_NOW (an ISO time) pins it for tests. */
static void now_utc(char out[32])
{
	const char *fixed = getenv("LOFTE_NOW");
	if (fixed && *fixed && strlen(fixed) < 32) {
		strcpy(out, fixed);
		return;
	}
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* --- transactions ---------------------------------------------------- */

static const char SQL_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";

enum store_file store_file_state(struct store *st)
{
	struct stat sb;
	if (!st->has_file)
		return STORE_FILE_SAME;
	enum store_file state = stat(st->path, &sb) != 0 ? STORE_FILE_GONE
	                        : sb.st_dev == st->dev && sb.st_ino == st->ino ? STORE_FILE_SAME
	                                                                       : STORE_FILE_REPLACED;
	/* The -wal and -shm files are found by name, so a database moved in
	 * at the path would take this connection's -wal for its own: empty
	 * it into the old file at once (SQLite's "how to corrupt", 2.4). */
	if (state != STORE_FILE_SAME && !st->released && !st->readonly_reason) {
		st->released = true;
		sqlite3_exec(st->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	}
	return state;
}

enum lofte_rc store_begin(struct store *st, struct lerr *e)
{
	if (st->readonly_reason)
		return lerr_set(e, RC_READONLY, "%s: read-only: %s", st->path, st->readonly_reason);
	/* A save into a file that is no longer the database's would be lost
	 * without a word: SQLite writes on into the open, unlinked file. */
	switch (store_file_state(st)) {
	case STORE_FILE_GONE:
		return lerr_set(e, RC_FAIL, "%s: the database file was deleted while lofte ran; "
		                            "nothing was saved", st->path);
	case STORE_FILE_REPLACED:
		return lerr_set(e, RC_FAIL, "%s: the database file was replaced by another while lofte "
		                            "ran; nothing was saved (start lofte again to use the new one)",
		                st->path);
	case STORE_FILE_SAME:
		break;
	}
	return exec_sql(st, SQL_BEGIN, e, "starting a change");
}

enum lofte_rc store_commit(struct store *st, struct lerr *e)
{
	enum lofte_rc rc = exec_sql(st, SQL_COMMIT, e, "saving");
	if (rc != RC_OK)
		store_rollback(st);
	return rc;
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		exec_sql(st, SQL_ROLLBACK, NULL, "rolling back");
}

/* --- opening and migrating ------------------------------------------ */

static int user_version(struct store *st, int *out)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	int r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		*out = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return r == SQLITE_ROW ? 0 : -1;
}

/* 1 when the database has tables although user_version says it is not
 * lofte's: somebody else's SQLite file, which lofte must not touch. */
static int has_foreign_tables(struct store *st)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_schema", -1, &s, NULL) != SQLITE_OK)
		return 0;
	int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return n > 0;
}

static enum lofte_rc migrate(struct store *st, struct lerr *e)
{
	enum lofte_rc rc = store_begin(st, e);
	if (rc != RC_OK)
		return rc;
	int v = 0;
	/* Read again inside the transaction: another lofte may have migrated. */
	if (user_version(st, &v) != 0) {
		rc = db_error(st, e, "reading the schema version");
	} else if (v == 0 && has_foreign_tables(st)) {
		rc = lerr_set(e, RC_FAIL, "%s: an SQLite database, but not lofte's; not changed",
		              st->path);
	}
	for (; rc == RC_OK && v < SCHEMA_VERSION; v++) {
		char *err = NULL;
		if (sqlite3_exec(st->db, schema_migrations[v], NULL, NULL, &err) != SQLITE_OK) {
			rc = lerr_set(e, RC_FAIL, "%s: upgrading the schema to version %d: %s", st->path,
			              v + 1, err ? err : "failed");
			sqlite3_free(err);
		}
	}
	if (rc == RC_OK) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", SCHEMA_VERSION);
		if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
			rc = db_error(st, e, "setting the schema version");
	}
	if (rc == RC_OK)
		return store_commit(st, e);
	store_rollback(st);
	return rc;
}

/* Checks what is in the file before anything writes to it.  Both reads
 * are one read transaction, so a lofte that creates the schema at the
 * same moment is seen either before or after, never half-way. */
static enum lofte_rc check_schema(struct store *st, int *version, struct lerr *e)
{
	if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		st->open_error = sqlite3_extended_errcode(st->db);
		return db_error(st, e, "opening");
	}
	enum lofte_rc rc = RC_OK;
	bool foreign = false;
	if (user_version(st, version) != 0) {
		st->open_error = sqlite3_extended_errcode(st->db);
		rc = db_error(st, e, "opening");
	} else if (*version == 0) {
		foreign = has_foreign_tables(st);
	}
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc != RC_OK)
		return rc;
	if (*version > SCHEMA_VERSION)
		return lerr_set(e, RC_FAIL,
		                "%s: written by a newer lofte (schema %d; this lofte knows up to %d); "
		                "not changed: upgrade lofte",
		                st->path, *version, SCHEMA_VERSION);
	if (foreign)
		return lerr_set(e, RC_FAIL, "%s: an SQLite database, but not lofte's; not changed",
		                st->path);
	return RC_OK;
}

/* Switching a new file to WAL can be refused at once with SQLITE_BUSY
 * while another process opens it too (SQLite does not wait there, to
 * avoid a deadlock): try again until the busy timeout has passed. */
static int set_wal(struct store *st)
{
	struct timespec pause = {0, 10 * 1000 * 1000};
	int r = SQLITE_BUSY;
	for (int waited = 0; waited <= st->busy_ms; waited += 10) {
		r = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if ((r & 0xFF) != SQLITE_BUSY)
			break;
		nanosleep(&pause, NULL);
	}
	return r;
}

static enum lofte_rc configure(struct store *st, struct lerr *e)
{
	store_set_busy_timeout(st, DEFAULT_BUSY_MS);
	if (sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(st, e, "opening");
	if (st->readonly_reason) {
		sqlite3_exec(st->db, "PRAGMA query_only = ON", NULL, NULL, NULL);
		return RC_OK;
	}
	/* WAL lets readers go on while someone saves; it is stored in the
	 * file, so this only writes the first time. */
	if (set_wal(st) != SQLITE_OK)
		return db_error(st, e, "opening");
	/* Debian's default in WAL; said here so that a save is durable
	 * whatever the build. */
	sqlite3_exec(st->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
	return RC_OK;
}

/* Makes sure the database's folder exists before SQLite creates the file. */
static enum lofte_rc prepare_path(const char *path, struct lerr *e)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return RC_OK;
	char *dir = xstrndup(path, (size_t)(slash - path));
	struct stat sb;
	enum lofte_rc rc = RC_OK;
	if (stat(dir, &sb) != 0)
		rc = file_mkdirs(dir, 0700, e);
	else if (!S_ISDIR(sb.st_mode))
		rc = lerr_set(e, RC_FAIL, "%s: %s is not a folder", path, dir);
	free(dir);
	return rc;
}

/* Creates the database file before SQLite does, so that its mode is 0660
 * less the umask: a group can share it (the -wal and -shm files take the
 * database's mode), and it is never readable by the world unless the
 * umask allows it, never writable by the world. */
static enum lofte_rc create_file(const char *path, struct lerr *e)
{
	enum lofte_rc rc = prepare_path(path, e);
	if (rc != RC_OK)
		return rc;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0660);
	if (fd < 0 && errno != EEXIST)
		return lerr_set(e, RC_FAIL, "%s: cannot create the database: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return RC_OK;
}

/* "file:" URI of path for SQLite, percent-encoding what a URI reserves. */
static char *file_uri(const char *path, const char *query)
{
	struct strbuf u;
	strbuf_init(&u);
	strbuf_adds(&u, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p))
			strbuf_addc(&u, (char)*p);
		else
			strbuf_addf(&u, "%%%02X", *p);
	}
	strbuf_addf(&u, "?%s", query);
	return strbuf_detach(&u);
}

static enum lofte_rc open_db(struct store *st, enum store_mode mode, struct lerr *e)
{
	int memory = strcmp(st->path, ":memory:") == 0;
	struct stat sb;
	int exists = !memory && stat(st->path, &sb) == 0;
	if (exists && S_ISDIR(sb.st_mode))
		return lerr_set(e, RC_FAIL, "%s: is a folder, not a database", st->path);
	if (mode == STORE_READONLY) {
		st->readonly_reason = "opened read-only";
		if (!memory && !exists)
			return lerr_set(e, RC_FAIL, "%s: no such database (%s)", st->path, strerror(ENOENT));
	} else if (exists && access(st->path, W_OK) != 0) {
		st->readonly_reason = "the file is read-only for you";
	}
	if (!memory && !exists) {
		enum lofte_rc rc = create_file(st->path, e);
		if (rc != RC_OK)
			return rc;
	}
	int flags = st->readonly_reason ? SQLITE_OPEN_READONLY
	                                : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(st->path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		if (!st->db)
			return lerr_set(e, RC_FAIL, "%s: cannot open: out of memory", st->path);
		return lerr_set(e, RC_FAIL, "%s: cannot open: %s", st->path,
		                errno ? strerror(errno) : sqlite3_errmsg(st->db));
	}
	sqlite3_extended_result_codes(st->db, 1);
	/* Before the first read: another process may be creating or
	 * checkpointing the database right now. */
	sqlite3_busy_timeout(st->db, st->busy_ms);
	/* SQLite has the file open now: remember which file it is, to notice
	 * when it is deleted or replaced under a running lofte. */
	if (!memory && stat(st->path, &sb) == 0) {
		st->has_file = true;
		st->dev = sb.st_dev;
		st->ino = sb.st_ino;
	}
	return RC_OK;
}

/* A reader of a WAL database needs its -shm file, and cannot create it
 * in a folder it may not write to.  Then the only way in is SQLite's
 * immutable mode: a snapshot that does not see later saves. */
static int needs_snapshot(struct store *st)
{
	int code = st->open_error & 0xFF;
	return st->readonly_reason && (code == SQLITE_READONLY || code == SQLITE_CANTOPEN);
}

static enum lofte_rc open_snapshot(struct store *st, struct lerr *e)
{
	sqlite3_close(st->db);
	st->db = NULL;
	char *uri = file_uri(st->path, "immutable=1");
	int r = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
	                        NULL);
	free(uri);
	if (r != SQLITE_OK)
		return lerr_set(e, RC_FAIL, "%s: cannot open: %s", st->path,
		                st->db ? sqlite3_errmsg(st->db) : "out of memory");
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, st->busy_ms);
	st->readonly_reason = "read-only for you, and its folder does not let you share its lock "
	                      "files: a snapshot that will not show later saves";
	return RC_OK;
}

enum lofte_rc store_open(const char *path, enum store_mode mode, struct store **out,
                         struct lerr *e)
{
	struct store *st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->busy_ms = DEFAULT_BUSY_MS;
	int version = 0;
	enum lofte_rc rc = open_db(st, mode, e);
	if (rc == RC_OK)
		rc = check_schema(st, &version, e);
	if (rc != RC_OK && st->db && needs_snapshot(st)) {
		rc = open_snapshot(st, e);
		if (rc == RC_OK)
			rc = check_schema(st, &version, e);
	}
	if (rc == RC_OK)
		rc = configure(st, e);
	if (rc == RC_OK && version < SCHEMA_VERSION) {
		if (st->readonly_reason)
			rc = lerr_set(e, RC_FAIL,
			              version ? "%s: schema %d is older than this lofte's; it cannot be "
			                        "upgraded read-only (run 'lofte init')"
			                      : "%s: not a lofte database yet; it cannot be created "
			                        "read-only (run 'lofte init')",
			              st->path, version);
		else
			rc = migrate(st, e);
	}
	if (rc != RC_OK) {
		store_close(st);
		return rc;
	}
	*out = st;
	return RC_OK;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (int k = 0; k < STMT_CACHE; k++)
		sqlite3_finalize(st->cache[k].stmt);
	/* Another database at the path shares the names of the -wal and -shm
	 * files: closing must neither checkpoint into them nor delete them. */
	if (st->db && store_file_state(st) == STORE_FILE_REPLACED)
		sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

/* --- promises -------------------------------------------------------- */

static int collate_sv(void *ctx, int an, const void *a, int bn, const void *b)
{
	(void)ctx;
	return text_collate_sv(a, (size_t)an, b, (size_t)bn);
}

static const char SQL_LIST[] =
	"SELECT id, municipality, year, title FROM promise"
	" ORDER BY municipality COLLATE sv, year";

enum lofte_rc store_list_promises(struct store *st, struct promise_ref **out, size_t *n,
                                  struct lerr *e)
{
	/* Registered on first use: only listing needs Swedish order. */
	sqlite3_create_collation(st->db, "sv", SQLITE_UTF8, NULL, collate_sv);
	sqlite3_stmt *s = prep(st, SQL_LIST, e);
	if (!s)
		return RC_FAIL;
	struct promise_ref *refs = NULL;
	size_t len = 0, cap = 0;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		refs = xgrow(refs, &cap, len + 1, sizeof *refs);
		refs[len].id = sqlite3_column_int64(s, 0);
		refs[len].municipality = col_text(s, 1);
		refs[len].year = sqlite3_column_int(s, 2);
		refs[len].title = col_text(s, 3);
		len++;
	}
	enum lofte_rc rc = r == SQLITE_DONE ? RC_OK : db_error(st, e, "listing promises");
	done(s);
	if (rc != RC_OK) {
		promise_refs_free(refs, len);
		return rc;
	}
	*out = refs;
	*n = len;
	return RC_OK;
}

/* The municipality names, one each, that have a promise for year (any
 * year when 0), read from the UNIQUE (municipality, year) index. */
static const char SQL_MUNICIPALITIES[] =
	"SELECT DISTINCT municipality FROM promise WHERE ?1 = 0 OR year = ?1";
static const char SQL_FIND[] =
	"SELECT id FROM promise WHERE municipality = ?1 AND (?2 = 0 OR year = ?2)"
	" ORDER BY year DESC LIMIT 1";

/* The stored name that answers `want` (the first in Swedish order that
 * equals it, case folded; any name when NULL), in *name, or NULL. */
static enum lofte_rc pick_municipality(struct store *st, const char *want, int year,
                                       char **name, struct lerr *e)
{
	*name = NULL;
	sqlite3_stmt *s = prep(st, SQL_MUNICIPALITIES, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int(s, 1, year);
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(s, 0);
		if (!m || (want && !text_equal_fold(m, want)))
			continue;
		if (!*name || text_collate_sv(m, strlen(m), *name, strlen(*name)) < 0) {
			free(*name);
			*name = xstrdup(m);
		}
	}
	enum lofte_rc rc = r == SQLITE_DONE ? RC_OK : db_error(st, e, "finding the promise");
	done(s);
	return rc;
}

/* Only the names are compared in Swedish order, not every promise sorted:
 * opening lofte on a national database reads 290 names, not 2,900 rows. */
enum lofte_rc store_find_promise(struct store *st, const char *municipality, int year,
                                 int64_t *id, struct lerr *e)
{
	char *name;
	enum lofte_rc rc = pick_municipality(st, municipality, year, &name, e);
	if (rc != RC_OK)
		return rc;
	bool found = false;
	if (name) {
		sqlite3_stmt *s = prep(st, SQL_FIND, e);
		if (!s) {
			free(name);
			return RC_FAIL;
		}
		bind_text(s, 1, name);
		sqlite3_bind_int(s, 2, year);
		int r = sqlite3_step(s);
		if (r == SQLITE_ROW) {
			*id = sqlite3_column_int64(s, 0);
			found = true;
		} else if (r != SQLITE_DONE) {
			rc = db_error(st, e, "finding the promise");
		}
		done(s);
		free(name);
	}
	if (found || rc != RC_OK)
		return rc;
	if (municipality && year)
		return lerr_set(e, RC_NOTFOUND, "%s: no promise for %s %d", st->path, municipality, year);
	if (municipality)
		return lerr_set(e, RC_NOTFOUND, "%s: no promise for %s", st->path, municipality);
	if (year)
		return lerr_set(e, RC_NOTFOUND, "%s: no promise for %d", st->path, year);
	return lerr_set(e, RC_NOTFOUND, "%s: the database holds no promise yet (lofte import FILE)",
	                st->path);
}

static const char SQL_JSON_PUSH[] = "SELECT json_insert(?1, '$[#]', ?2)";

/* A JSON array of the list's strings, escaped by SQLite itself. */
static char *json_list(struct store *st, const struct strlist *l, struct lerr *e)
{
	char *json = xstrdup("[]");
	sqlite3_stmt *s = prep(st, SQL_JSON_PUSH, e);
	for (size_t k = 0; s && k < l->len; k++) {
		bind_text(s, 1, json);
		bind_text(s, 2, l->items[k]);
		if (sqlite3_step(s) == SQLITE_ROW) {
			free(json);
			json = col_text(s, 0);
		}
		done(s);
	}
	return json;
}

static const char SQL_PROMISE[] =
	"SELECT municipality, year, title, description, coalesce(deadline_1, ''),"
	"  coalesce(deadline_2, ''), coalesce(deadline_3, '') FROM promise WHERE id = ?1";
static const char SQL_PARTIES[] =
	"SELECT j.value FROM promise p, json_each(p.parties) j WHERE p.id = ?1 ORDER BY j.key";
static const char SQL_COMMITMENTS[] =
	"SELECT id, position, title, description, archived, version,"
	"  updated_by, department, login, updated_at"
	" FROM commitment WHERE promise_id = ?1 AND (?2 OR archived = 0)"
	" ORDER BY archived, position, id";
static const char SQL_RESPONSIBLE[] =
	"SELECT c.id, j.value FROM commitment c, json_each(c.responsible) j"
	" WHERE c.promise_id = ?1 ORDER BY c.id, j.key";
static const char SQL_FOLLOWUPS[] =
	"SELECT f.commitment_id, f.tertial, f.id, f.status, f.text, f.version,"
	"  f.updated_by, f.department, f.login, f.updated_at, f.review, f.review_comment"
	" FROM followup f JOIN commitment c ON c.id = f.commitment_id WHERE c.promise_id = ?1";

static struct commitment *commitment_by_id(struct promise *p, int64_t id)
{
	for (size_t k = 0; k < p->n_commitments; k++)
		if (p->commitments[k].id == id)
			return &p->commitments[k];
	return NULL;
}

static void read_stamp(sqlite3_stmt *s, int first, struct stamp *out)
{
	out->name = col_text(s, first);
	out->department = col_text(s, first + 1);
	out->login = col_text(s, first + 2);
	out->at = col_text(s, first + 3);
}

static enum status status_of(sqlite3_stmt *s, int col)
{
	enum status st = STATUS_NOT_STARTED;
	const unsigned char *v = sqlite3_column_text(s, col);
	if (v)
		status_parse((const char *)v, &st);
	return st;
}

static enum review review_of(sqlite3_stmt *s, int col)
{
	enum review r = REVIEW_DRAFT;
	const unsigned char *v = sqlite3_column_text(s, col);
	if (v)
		review_parse((const char *)v, &r);
	return r;
}

/* A follow-up from columns id, status, text, version, the stamp (four),
 * review and review comment, starting at column `first`. */
static void read_followup(sqlite3_stmt *s, int first, struct followup *f)
{
	f->present = 1;
	f->id = sqlite3_column_int64(s, first);
	f->status = status_of(s, first + 1);
	f->text = col_text(s, first + 2);
	f->version = sqlite3_column_int64(s, first + 3);
	read_stamp(s, first + 4, &f->stamp);
	f->review = review_of(s, first + 8);
	f->review_comment = col_text(s, first + 9);
}

static enum lofte_rc load_header(struct store *st, int64_t id, struct promise *p, struct lerr *e)
{
	sqlite3_stmt *s = prep(st, SQL_PROMISE, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, id);
	int r = sqlite3_step(s);
	enum lofte_rc rc = RC_OK;
	if (r == SQLITE_ROW) {
		p->id = id;
		p->municipality = col_text(s, 0);
		p->year = sqlite3_column_int(s, 1);
		p->title = col_text(s, 2);
		p->description = col_text(s, 3);
		for (int t = 0; t < TERTIALS; t++)
			snprintf(p->deadline[t], sizeof p->deadline[t], "%.10s",
			         (const char *)sqlite3_column_text(s, 4 + t));
	} else {
		rc = r == SQLITE_DONE ? lerr_set(e, RC_NOTFOUND, "%s: no promise with id %lld", st->path,
		                                 (long long)id)
		                      : db_error(st, e, "reading a promise");
	}
	done(s);
	if (rc != RC_OK)
		return rc;
	s = prep(st, SQL_PARTIES, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, id);
	while ((r = sqlite3_step(s)) == SQLITE_ROW)
		strlist_push(&p->parties, (const char *)sqlite3_column_text(s, 0));
	rc = r == SQLITE_DONE ? RC_OK : db_error(st, e, "reading a promise");
	done(s);
	return rc;
}

static enum lofte_rc load_commitments(struct store *st, struct promise *p, int with_archived,
                                      struct lerr *e)
{
	sqlite3_stmt *s = prep(st, SQL_COMMITMENTS, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, p->id);
	sqlite3_bind_int(s, 2, with_archived);
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		struct commitment *c = promise_add_commitment(p);
		c->id = sqlite3_column_int64(s, 0);
		c->position = sqlite3_column_int(s, 1);
		c->title = col_text(s, 2);
		c->description = col_text(s, 3);
		c->archived = sqlite3_column_int(s, 4);
		c->version = sqlite3_column_int64(s, 5);
		read_stamp(s, 6, &c->stamp);
	}
	enum lofte_rc rc = r == SQLITE_DONE ? RC_OK : db_error(st, e, "reading activities");
	done(s);
	if (rc != RC_OK)
		return rc;
	s = prep(st, SQL_RESPONSIBLE, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, p->id);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		struct commitment *c = commitment_by_id(p, sqlite3_column_int64(s, 0));
		if (c)
			strlist_push(&c->responsible, (const char *)sqlite3_column_text(s, 1));
	}
	rc = r == SQLITE_DONE ? RC_OK : db_error(st, e, "reading activities");
	done(s);
	return rc;
}

static enum lofte_rc load_followups(struct store *st, struct promise *p, struct lerr *e)
{
	sqlite3_stmt *s = prep(st, SQL_FOLLOWUPS, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, p->id);
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		struct commitment *c = commitment_by_id(p, sqlite3_column_int64(s, 0));
		int t = sqlite3_column_int(s, 1);
		if (c && t >= 1 && t <= TERTIALS)
			read_followup(s, 2, &c->followups[t - 1]);
	}
	enum lofte_rc rc = r == SQLITE_DONE ? RC_OK : db_error(st, e, "reading follow-ups");
	done(s);
	return rc;
}

static const char SQL_INDICATORS[] =
	"SELECT i.commitment_id, i.id, i.name, i.at_most, i.target FROM indicator i"
	" JOIN commitment c ON c.id = i.commitment_id WHERE c.promise_id = ?1"
	" ORDER BY i.commitment_id, i.position, i.id";
static const char SQL_OUTCOMES[] =
	"SELECT i.commitment_id, o.indicator_id, o.tertial, o.value FROM indicator_outcome o"
	" JOIN indicator i ON i.id = o.indicator_id JOIN commitment c ON c.id = i.commitment_id"
	" WHERE c.promise_id = ?1";

static enum lofte_rc load_indicators(struct store *st, struct promise *p, struct lerr *e)
{
	sqlite3_stmt *s = prep(st, SQL_INDICATORS, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, p->id);
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		struct commitment *c = commitment_by_id(p, sqlite3_column_int64(s, 0));
		if (!c)
			continue;
		struct indicator ind = {.id = sqlite3_column_int64(s, 1),
		                        .name = (char *)sqlite3_column_text(s, 2),
		                        .at_most = sqlite3_column_int(s, 3),
		                        .target = sqlite3_column_double(s, 4)};
		commitment_add_indicator(c, &ind, 0);
	}
	enum lofte_rc rc = r == SQLITE_DONE ? RC_OK : db_error(st, e, "reading targets");
	done(s);
	if (rc != RC_OK || !(s = prep(st, SQL_OUTCOMES, e)))
		return rc != RC_OK ? rc : RC_FAIL;
	sqlite3_bind_int64(s, 1, p->id);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		struct commitment *c = commitment_by_id(p, sqlite3_column_int64(s, 0));
		int t = sqlite3_column_int(s, 2);
		for (size_t k = 0; c && t >= 1 && t <= TERTIALS && k < c->n_indicators; k++) {
			if (c->indicators[k].id != sqlite3_column_int64(s, 1))
				continue;
			c->indicators[k].has_outcome[t - 1] = 1;
			c->indicators[k].outcome[t - 1] = sqlite3_column_double(s, 3);
		}
	}
	rc = r == SQLITE_DONE ? RC_OK : db_error(st, e, "reading outcomes");
	done(s);
	return rc;
}

enum lofte_rc store_load_promise(struct store *st, int64_t id, int with_archived,
                                 struct promise *out, struct lerr *e)
{
	memset(out, 0, sizeof *out);
	enum lofte_rc rc = load_header(st, id, out, e);
	if (rc == RC_OK)
		rc = load_commitments(st, out, with_archived, e);
	if (rc == RC_OK)
		rc = load_followups(st, out, e);
	if (rc == RC_OK)
		rc = load_indicators(st, out, e);
	if (rc != RC_OK)
		promise_free(out);
	return rc;
}

static const char SQL_FIND_PROMISE[] =
	"SELECT id FROM promise WHERE municipality = ?1 AND year = ?2";
static const char SQL_INSERT_PROMISE[] =
	"INSERT INTO promise (municipality, year, title, description, parties, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static enum lofte_rc find_promise_exact(struct store *st, const char *municipality, int year,
                                        int64_t *id, struct lerr *e)
{
	sqlite3_stmt *s = prep(st, SQL_FIND_PROMISE, e);
	if (!s)
		return RC_FAIL;
	bind_text(s, 1, municipality);
	sqlite3_bind_int(s, 2, year);
	int r = sqlite3_step(s);
	enum lofte_rc rc = RC_NOTFOUND;
	if (r == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		rc = RC_OK;
	} else if (r != SQLITE_DONE) {
		rc = db_error(st, e, "finding a promise");
	}
	done(s);
	return rc;
}

static enum lofte_rc insert_promise(struct store *st, const char *municipality, int year,
                                    const char *title, const char *description,
                                    const char *parties_json, int64_t *id, struct lerr *e)
{
	char now[32];
	now_utc(now);
	sqlite3_stmt *s = prep(st, SQL_INSERT_PROMISE, e);
	if (!s)
		return RC_FAIL;
	bind_text(s, 1, municipality);
	sqlite3_bind_int(s, 2, year);
	bind_text(s, 3, title);
	bind_text(s, 4, description);
	bind_text(s, 5, parties_json);
	bind_text(s, 6, now);
	enum lofte_rc rc = exec_stmt(st, s, e, "creating a promise");
	if (rc == RC_OK)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

enum lofte_rc store_create_promise(struct store *st, const char *municipality, int year,
                                   const char *title, int64_t *id, struct lerr *e)
{
	enum lofte_rc rc = store_begin(st, e);
	if (rc != RC_OK)
		return rc;
	int64_t existing;
	rc = find_promise_exact(st, municipality, year, &existing, e);
	if (rc == RC_OK)
		rc = lerr_set(e, RC_CONFLICT, "%s: a promise for %s %d exists already", st->path,
		              municipality, year);
	else if (rc == RC_NOTFOUND)
		rc = insert_promise(st, municipality, year, title, "", "[]", id, e);
	if (rc == RC_OK)
		return store_commit(st, e);
	store_rollback(st);
	return rc;
}

/* --- follow-ups ------------------------------------------------------ */

static const char SQL_FOLLOWUP_CURRENT[] =
	"SELECT id, version, text, status, review, review_comment FROM followup"
	" WHERE commitment_id = ?1 AND tertial = ?2";
static const char SQL_FOLLOWUP_INSERT[] =
	"INSERT INTO followup (commitment_id, tertial, status, text, version,"
	"  updated_by, department, login, updated_at, review, review_comment)"
	" VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char SQL_FOLLOWUP_UPDATE[] =
	"UPDATE followup SET status = ?3, text = ?4, version = version + 1,"
	"  updated_by = ?5, department = ?6, login = ?7, updated_at = ?8,"
	"  review = ?9, review_comment = ?10"
	" WHERE id = ?1 AND version = ?2";
static const char SQL_COMMITMENT_EXISTS[] = "SELECT 1 FROM commitment WHERE id = ?1";

static void bind_actor(sqlite3_stmt *s, int first, const struct actor *who, const char *now)
{
	bind_text(s, first, who->name);
	bind_text(s, first + 1, who->department);
	bind_text(s, first + 2, who->login);
	bind_text(s, first + 3, now);
}

/* A change to a follow-up.  NULL text or comment, and a negative status
 * or review, keep what is there; REVIEW_AUTO returns an approved or ready
 * follow-up to draft when its text or status changes. */
#define REVIEW_AUTO (-1)
struct change {
	const char *text;
	int status;
	int review;
	const char *comment;
};

/* The follow-up as it is now, inside the caller's transaction. */
struct current {
	int exists;
	int64_t id;
	int64_t version;
	char *text;
	enum status status;
	enum review review;
	char *comment;
};

static void current_free(struct current *cur)
{
	free(cur->text);
	free(cur->comment);
}

static enum lofte_rc read_current(struct store *st, int64_t commitment_id, int tertial,
                                  struct current *cur, struct lerr *e)
{
	memset(cur, 0, sizeof *cur);
	sqlite3_stmt *s = prep(st, SQL_FOLLOWUP_CURRENT, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, commitment_id);
	sqlite3_bind_int(s, 2, tertial);
	int r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		cur->exists = 1;
		cur->id = sqlite3_column_int64(s, 0);
		cur->version = sqlite3_column_int64(s, 1);
		cur->text = col_text(s, 2);
		cur->status = status_of(s, 3);
		cur->review = review_of(s, 4);
		cur->comment = col_text(s, 5);
	}
	enum lofte_rc rc = r == SQLITE_ROW || r == SQLITE_DONE ? RC_OK
	                                                       : db_error(st, e, "reading a follow-up");
	done(s);
	if (rc != RC_OK || cur->exists)
		return rc;
	cur->text = xstrdup("");
	cur->comment = xstrdup("");
	s = prep(st, SQL_COMMITMENT_EXISTS, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, commitment_id);
	r = sqlite3_step(s);
	done(s);
	if (r != SQLITE_ROW)
		return lerr_set(e, RC_NOTFOUND, "%s: no activity with id %lld", st->path,
		                (long long)commitment_id);
	return RC_OK;
}

/* The row a change makes of the current one. */
static struct change resolve_change(const struct current *cur, const struct change *ch)
{
	struct change to = {
		.text = ch->text ? ch->text : cur->text,
		.status = ch->status >= 0 ? ch->status : (int)cur->status,
		.comment = ch->comment ? ch->comment : cur->comment,
	};
	bool edited = strcmp(to.text, cur->text) != 0 || to.status != (int)cur->status;
	if (ch->review >= 0)
		to.review = ch->review;
	else
		to.review = edited ? REVIEW_DRAFT : (int)cur->review;
	return to;
}

static bool change_is_noop(const struct current *cur, const struct change *to)
{
	return cur->exists && strcmp(to->text, cur->text) == 0 && to->status == (int)cur->status &&
	       to->review == (int)cur->review && strcmp(to->comment, cur->comment) == 0;
}

/* Saves inside the caller's transaction.  *saved is 1 when a new version
 * was written, 0 when nothing would change. */
static enum lofte_rc save_followup_tx(struct store *st, int64_t commitment_id, int tertial,
                                      const struct change *ch, int64_t expected_version,
                                      const struct actor *who, int64_t *new_version, int *saved,
                                      struct lerr *e)
{
	struct current cur;
	enum lofte_rc rc = read_current(st, commitment_id, tertial, &cur, e);
	if (rc == RC_OK && expected_version >= 0 && cur.version != expected_version)
		rc = lerr_set(e, RC_CONFLICT,
		              "someone else saved this follow-up first (version %lld, you started "
		              "from %lld)",
		              (long long)cur.version, (long long)expected_version);
	*saved = 0;
	*new_version = cur.version;
	struct change to = resolve_change(&cur, ch);
	if (rc != RC_OK || change_is_noop(&cur, &to)) {
		current_free(&cur);
		return rc;
	}
	char now[32];
	now_utc(now);
	sqlite3_stmt *s = prep(st, cur.exists ? SQL_FOLLOWUP_UPDATE : SQL_FOLLOWUP_INSERT, e);
	if (s) {
		sqlite3_bind_int64(s, 1, cur.exists ? cur.id : commitment_id);
		sqlite3_bind_int64(s, 2, cur.exists ? cur.version : tertial);
		bind_text(s, 3, status_code((enum status)to.status));
		bind_text(s, 4, to.text);
		bind_actor(s, 5, who, now);
		bind_text(s, 9, review_code((enum review)to.review));
		bind_text(s, 10, to.comment);
		rc = exec_stmt(st, s, e, "saving a follow-up");
	} else {
		rc = RC_FAIL;
	}
	if (rc == RC_OK && sqlite3_changes(st->db) != 1)
		rc = lerr_set(e, RC_CONFLICT, "someone else saved this follow-up first");
	*saved = rc == RC_OK;
	*new_version = rc == RC_OK ? cur.version + 1 : cur.version;
	current_free(&cur);
	return rc;
}

static enum lofte_rc check_text(struct store *st, const char *text, struct lerr *e)
{
	size_t bad;
	if (!utf8_valid(text, strlen(text), &bad))
		return lerr_set(e, RC_FAIL, "%s: the text is not valid UTF-8 (at byte %zu); not saved",
		                st->path, bad);
	return RC_OK;
}

enum lofte_rc store_save_followup(struct store *st, int64_t commitment_id, int tertial,
                                  const char *text, enum status status, int64_t expected_version,
                                  const struct actor *who, int64_t *new_version, struct lerr *e)
{
	if (tertial < 1 || tertial > TERTIALS || (unsigned)status >= STATUS_COUNT)
		return lerr_set(e, RC_FAIL, "tertial %d or status %d out of range", tertial, (int)status);
	enum lofte_rc rc = check_text(st, text, e);
	if (rc != RC_OK)
		return rc;
	char *norm = text_normalize(text);
	int64_t version = 0;
	int saved;
	rc = store_begin(st, e);
	if (rc == RC_OK)
		rc = save_followup_tx(st, commitment_id, tertial,
		                      &(struct change){norm, (int)status, REVIEW_AUTO, NULL},
		                      expected_version < 0 ? 0 : expected_version, who, &version, &saved,
		                      e);
	if (rc == RC_OK)
		rc = store_commit(st, e);
	else
		store_rollback(st);
	free(norm);
	if (rc == RC_OK && new_version)
		*new_version = version;
	return rc;
}

/* The review steps there are: a draft becomes ready (its editor), a
 * ready one approved (a reviewer), a ready or approved one goes back to
 * draft (a reviewer, with a comment). */
static bool review_step_allowed(enum review from, enum review to)
{
	return (from == REVIEW_DRAFT && to == REVIEW_READY) ||
	       (from == REVIEW_READY && to == REVIEW_APPROVED) ||
	       (from != REVIEW_DRAFT && to == REVIEW_DRAFT);
}

enum lofte_rc store_set_review(struct store *st, int64_t commitment_id, int tertial,
                               enum review review, const char *comment, int64_t expected_version,
                               const struct actor *who, int64_t *new_version, struct lerr *e)
{
	enum lofte_rc rc = check_text(st, comment ? comment : "", e);
	if (rc != RC_OK)
		return rc;
	/* One line: it is a field of the document format. */
	char *norm = text_normalize_line(comment ? comment : "");
	rc = store_begin(st, e);
	struct current cur = {0};
	if (rc == RC_OK)
		rc = read_current(st, commitment_id, tertial, &cur, e);
	if (rc == RC_OK && !cur.exists)
		rc = lerr_set(e, RC_NOTFOUND, "there is no follow-up to review yet");
	else if (rc == RC_OK && cur.version != expected_version)
		rc = lerr_set(e, RC_CONFLICT, "someone else saved this follow-up first");
	else if (rc == RC_OK && !review_step_allowed(cur.review, review))
		rc = lerr_set(e, RC_FAIL, "a follow-up that is %s cannot become %s",
		              review_label_en(cur.review), review_label_en(review));
	current_free(&cur);
	int64_t version = 0;
	int saved;
	if (rc == RC_OK)
		rc = save_followup_tx(st, commitment_id, tertial,
		                      &(struct change){NULL, -1, (int)review, norm}, expected_version,
		                      who, &version, &saved, e);
	if (rc == RC_OK)
		rc = store_commit(st, e);
	else
		store_rollback(st);
	free(norm);
	if (rc == RC_OK && new_version)
		*new_version = version;
	return rc;
}

static const char SQL_HISTORY[] =
	"SELECT version, status, text, updated_by, department, login, updated_at, review,"
	"  review_comment FROM followup_history WHERE followup_id = ?1 ORDER BY version";

enum lofte_rc store_followup_history(struct store *st, int64_t followup_id, struct revision **out,
                                     size_t *n, struct lerr *e)
{
	sqlite3_stmt *s = prep(st, SQL_HISTORY, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, followup_id);
	struct revision *revs = NULL;
	size_t len = 0, cap = 0;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		revs = xgrow(revs, &cap, len + 1, sizeof *revs);
		struct revision *v = &revs[len++];
		v->version = sqlite3_column_int64(s, 0);
		v->status = status_of(s, 1);
		v->text = col_text(s, 2);
		read_stamp(s, 3, &v->stamp);
		v->review = review_of(s, 7);
		v->review_comment = col_text(s, 8);
	}
	enum lofte_rc rc = r == SQLITE_DONE ? RC_OK : db_error(st, e, "reading the history");
	done(s);
	if (rc != RC_OK) {
		revisions_free(revs, len);
		return rc;
	}
	*out = revs;
	*n = len;
	return RC_OK;
}

static const char SQL_COMMITMENT_HISTORY[] =
	"SELECT h.version, h.title, h.description,"
	"  (SELECT coalesce(group_concat(j.value, ', '), '') FROM json_each(h.responsible) j),"
	"  h.archived, h.updated_by, h.department, h.login, h.updated_at"
	" FROM commitment_history h WHERE h.commitment_id = ?1 ORDER BY h.version";

void commitment_revisions_free(struct commitment_revision *r, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		free(r[k].title);
		free(r[k].description);
		free(r[k].responsible);
		stamp_free(&r[k].stamp);
	}
	free(r);
}

enum lofte_rc store_commitment_history(struct store *st, int64_t commitment_id,
                                       struct commitment_revision **out, size_t *n,
                                       struct lerr *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = prep(st, SQL_COMMITMENT_HISTORY, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, commitment_id);
	size_t cap = 0;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct commitment_revision *v = &(*out)[(*n)++];
		v->version = sqlite3_column_int64(s, 0);
		v->title = col_text(s, 1);
		v->description = col_text(s, 2);
		v->responsible = col_text(s, 3);
		v->archived = sqlite3_column_int(s, 4);
		read_stamp(s, 5, &v->stamp);
	}
	done(s);
	return r == SQLITE_DONE ? RC_OK : db_error(st, e, "reading an activity's history");
}

/* --- import ---------------------------------------------------------- */

static enum lofte_rc write_indicators(struct store *st, int64_t commitment_id,
                                      const struct commitment *c, int with_outcomes,
                                      const struct actor *who, struct lerr *e);

static const char SQL_UPDATE_PROMISE[] =
	"UPDATE promise SET title = ?2, description = ?3, parties = ?4,"
	"  deadline_1 = nullif(?5, ''), deadline_2 = nullif(?6, ''), deadline_3 = nullif(?7, '')"
	" WHERE id = ?1";
static const char SQL_INSERT_COMMITMENT[] =
	"INSERT INTO commitment (promise_id, position, title, description, responsible, archived,"
	"  version, updated_by, department, login, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9, ?10)";
static const char SQL_UPDATE_COMMITMENT[] =
	"UPDATE commitment SET position = ?2, title = ?3, description = ?4, responsible = ?5,"
	"  archived = ?6, version = version + 1,"
	"  updated_by = ?7, department = ?8, login = ?9, updated_at = ?10"
	" WHERE id = ?1"
	"  AND (position, title, description, responsible, archived) IS NOT (?2, ?3, ?4, ?5, ?6)";

/* What the database has of an imported promise's activities. */
struct existing {
	struct promise p;    /* with archived activities */
	int *taken;          /* 1 when a document activity maps to it */
};

/* The existing activity a document activity updates: the one with the
 * same title, else the one at the same position when its title is not in
 * the document at all (a renamed activity).  NULL: a new activity. */
static struct commitment *match_commitment(struct existing *ex, const struct promise *doc,
                                           size_t k)
{
	const char *title = doc->commitments[k].title;
	for (size_t j = 0; j < ex->p.n_commitments; j++)
		if (!ex->taken[j] && text_equal_fold(ex->p.commitments[j].title, title))
			return ex->taken[j] = 1, &ex->p.commitments[j];
	for (size_t j = 0; j < ex->p.n_commitments; j++) {
		struct commitment *c = &ex->p.commitments[j];
		if (ex->taken[j] || c->position != (int)k + 1)
			continue;
		int in_doc = 0;
		for (size_t d = 0; d < doc->n_commitments; d++)
			in_doc |= text_equal_fold(doc->commitments[d].title, c->title);
		if (!in_doc)
			return ex->taken[j] = 1, c;
	}
	return NULL;
}

static enum lofte_rc write_commitment(struct store *st, int64_t promise_id, int64_t existing_id,
                                      const struct commitment *c, int position,
                                      const struct actor *who, int64_t *id, int *changed,
                                      struct lerr *e)
{
	char now[32];
	now_utc(now);
	char *responsible = json_list(st, &c->responsible, e);
	sqlite3_stmt *s = prep(st, existing_id ? SQL_UPDATE_COMMITMENT : SQL_INSERT_COMMITMENT, e);
	if (!s) {
		free(responsible);
		return RC_FAIL;
	}
	sqlite3_bind_int64(s, 1, existing_id ? existing_id : promise_id);
	sqlite3_bind_int(s, 2, position);
	bind_text(s, 3, c->title);
	bind_text(s, 4, c->description);
	bind_text(s, 5, responsible);
	sqlite3_bind_int(s, 6, c->archived);
	bind_actor(s, 7, who, now);
	enum lofte_rc rc = exec_stmt(st, s, e, "saving an activity");
	free(responsible);
	*changed = rc == RC_OK && sqlite3_changes(st->db) > 0;
	*id = existing_id ? existing_id : sqlite3_last_insert_rowid(st->db);
	return rc;
}

static enum lofte_rc import_followups(struct store *st, int64_t commitment_id,
                                      const struct commitment *c, const struct actor *who,
                                      struct import_stats *stats, struct lerr *e)
{
	for (int t = 0; t < TERTIALS; t++) {
		const struct followup *f = &c->followups[t];
		if (!f->present)
			continue;
		char *norm = text_normalize(f->text ? f->text : "");
		int64_t version;
		int saved = 0;
		/* -1: no version check; the import is one transaction of its own. */
		struct change ch = {norm, (int)f->status, (int)f->review,
		                    f->review_comment ? f->review_comment : ""};
		enum lofte_rc rc = save_followup_tx(st, commitment_id, t + 1, &ch, -1, who, &version,
		                                    &saved, e);
		free(norm);
		if (rc != RC_OK)
			return rc;
		if (saved)
			stats->followups_saved++;
		else
			stats->followups_unchanged++;
	}
	return RC_OK;
}

/* Archives what the document no longer lists, after the listed ones. */
static enum lofte_rc archive_unlisted(struct store *st, struct existing *ex, size_t listed,
                                      const struct actor *who, struct import_stats *stats,
                                      struct lerr *e)
{
	int position = (int)listed;
	for (size_t j = 0; j < ex->p.n_commitments; j++) {
		struct commitment *c = &ex->p.commitments[j];
		if (ex->taken[j])
			continue;
		int was = c->archived, changed;
		int64_t id;
		c->archived = 1;
		enum lofte_rc rc = write_commitment(st, ex->p.id, c->id, c, ++position, who, &id,
		                                    &changed, e);
		if (rc != RC_OK)
			return rc;
		if (changed && !was)
			stats->commitments_updated++;
	}
	return RC_OK;
}

static enum lofte_rc import_commitments(struct store *st, struct existing *ex,
                                        const struct promise *doc, const struct actor *who,
                                        struct import_stats *stats, struct lerr *e)
{
	for (size_t k = 0; k < doc->n_commitments; k++) {
		const struct commitment *c = &doc->commitments[k];
		struct commitment *old = match_commitment(ex, doc, k);
		int64_t id;
		int changed;
		enum lofte_rc rc = write_commitment(st, ex->p.id, old ? old->id : 0, c, (int)k + 1, who,
		                                    &id, &changed, e);
		if (rc == RC_OK)
			rc = import_followups(st, id, c, who, stats, e);
		if (rc == RC_OK)
			rc = write_indicators(st, id, c, 1, who, e);
		if (rc != RC_OK)
			return rc;
		if (!old)
			stats->commitments_created++;
		else if (changed)
			stats->commitments_updated++;
	}
	return archive_unlisted(st, ex, doc->n_commitments, who, stats, e);
}

static enum lofte_rc upsert_promise(struct store *st, const struct promise *doc, int64_t *id,
                                    struct import_stats *stats, struct lerr *e)
{
	char *parties = json_list(st, &doc->parties, e);
	enum lofte_rc rc = find_promise_exact(st, doc->municipality, doc->year, id, e);
	bool created = false;
	if (rc == RC_NOTFOUND) {
		rc = insert_promise(st, doc->municipality, doc->year, doc->title, doc->description,
		                    parties, id, e);
		created = rc == RC_OK;
		if (created)
			stats->promises_created++;
	}
	if (rc == RC_OK) {
		sqlite3_stmt *s = prep(st, SQL_UPDATE_PROMISE, e);
		if (s) {
			sqlite3_bind_int64(s, 1, *id);
			bind_text(s, 2, doc->title);
			bind_text(s, 3, doc->description);
			bind_text(s, 4, parties);
			for (int t = 0; t < TERTIALS; t++)
				bind_text(s, 5 + t, doc->deadline[t]);
			rc = exec_stmt(st, s, e, "updating a promise");
		} else {
			rc = RC_FAIL;
		}
		if (rc == RC_OK && !created)
			stats->promises_updated++;
	}
	free(parties);
	return rc;
}

enum lofte_rc store_import_promise(struct store *st, const struct promise *doc,
                                   const struct actor *who, struct import_stats *stats,
                                   struct lerr *e)
{
	int64_t id;
	enum lofte_rc rc = upsert_promise(st, doc, &id, stats, e);
	if (rc != RC_OK)
		return rc;
	struct existing ex;
	rc = store_load_promise(st, id, 1, &ex.p, e);
	if (rc != RC_OK)
		return rc;
	ex.taken = xcalloc(ex.p.n_commitments + 1, sizeof *ex.taken);
	rc = import_commitments(st, &ex, doc, who, stats, e);
	free(ex.taken);
	promise_free(&ex.p);
	return rc;
}

/* --- targets ------------------------------------------------------------ */

static const char SQL_INDICATOR_DELETE_ALL[] =
	"DELETE FROM indicator WHERE commitment_id = ?1";
static const char SQL_OUTCOME_DELETE_ALL[] =
	"DELETE FROM indicator_outcome WHERE indicator_id IN"
	" (SELECT id FROM indicator WHERE commitment_id = ?1)";
static const char SQL_INDICATOR_INSERT[] =
	"INSERT INTO indicator (commitment_id, position, name, at_most, target)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_OUTCOME_SET[] =
	"INSERT OR REPLACE INTO indicator_outcome (indicator_id, tertial, value, updated_by,"
	"  department, login, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_OUTCOME_DELETE[] =
	"DELETE FROM indicator_outcome WHERE indicator_id = ?1 AND tertial = ?2";

static enum lofte_rc run_id(struct store *st, const char *sql, int64_t id, struct lerr *e)
{
	sqlite3_stmt *s = prep(st, sql, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, id);
	return exec_stmt(st, s, e, "saving targets");
}

static enum lofte_rc set_outcome_tx(struct store *st, int64_t indicator_id, int tertial,
                                    int has, double value, const struct actor *who,
                                    struct lerr *e)
{
	char now[32];
	now_utc(now);
	sqlite3_stmt *s = prep(st, has ? SQL_OUTCOME_SET : SQL_OUTCOME_DELETE, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, indicator_id);
	sqlite3_bind_int(s, 2, tertial);
	if (has) {
		sqlite3_bind_double(s, 3, value);
		bind_actor(s, 4, who, now);
	}
	return exec_stmt(st, s, e, "saving an outcome");
}

/* Replaces the targets (and their outcomes when with_outcomes) of an
 * activity, inside the caller's transaction. */
static enum lofte_rc write_indicators(struct store *st, int64_t commitment_id,
                                      const struct commitment *c, int with_outcomes,
                                      const struct actor *who, struct lerr *e)
{
	enum lofte_rc rc = run_id(st, SQL_OUTCOME_DELETE_ALL, commitment_id, e);
	if (rc == RC_OK)
		rc = run_id(st, SQL_INDICATOR_DELETE_ALL, commitment_id, e);
	for (size_t k = 0; rc == RC_OK && k < c->n_indicators; k++) {
		const struct indicator *ind = &c->indicators[k];
		sqlite3_stmt *s = prep(st, SQL_INDICATOR_INSERT, e);
		if (!s)
			return RC_FAIL;
		sqlite3_bind_int64(s, 1, commitment_id);
		sqlite3_bind_int(s, 2, (int)k + 1);
		bind_text(s, 3, ind->name);
		sqlite3_bind_int(s, 4, ind->at_most);
		sqlite3_bind_double(s, 5, ind->target);
		rc = exec_stmt(st, s, e, "saving a target");
		int64_t id = sqlite3_last_insert_rowid(st->db);
		for (int t = 0; rc == RC_OK && with_outcomes && t < TERTIALS; t++)
			if (ind->has_outcome[t])
				rc = set_outcome_tx(st, id, t + 1, 1, ind->outcome[t], who, e);
	}
	return rc;
}

/* Runs a change as one write transaction of its own. */
#define IN_TRANSACTION(st, e, call)                                     \
	do {                                                            \
		enum lofte_rc rc_ = store_begin((st), (e));             \
		if (rc_ == RC_OK)                                       \
			rc_ = (call);                                   \
		if (rc_ == RC_OK)                                       \
			return store_commit((st), (e));                 \
		store_rollback(st);                                     \
		return rc_;                                             \
	} while (0)

enum lofte_rc store_set_indicators(struct store *st, int64_t commitment_id,
                                   const struct commitment *with, const struct actor *who,
                                   struct lerr *e)
{
	IN_TRANSACTION(st, e, write_indicators(st, commitment_id, with, 1, who, e));
}

enum lofte_rc store_set_outcome(struct store *st, int64_t indicator_id, int tertial, int has,
                                double value, const struct actor *who, struct lerr *e)
{
	IN_TRANSACTION(st, e, set_outcome_tx(st, indicator_id, tertial, has, value, who, e));
}

/* --- next year ------------------------------------------------------- */

/* The title with every "2024" (the old year) made "2025" (the new). */
static char *title_for_year(const char *title, int from, int to)
{
	char old[16], new[16];
	snprintf(old, sizeof old, "%d", from);
	snprintf(new, sizeof new, "%d", to);
	struct strbuf sb;
	strbuf_init(&sb);
	for (const char *p = title; *p;) {
		const char *hit = strstr(p, old);
		if (!hit) {
			strbuf_adds(&sb, p);
			break;
		}
		strbuf_add(&sb, p, (size_t)(hit - p));
		strbuf_adds(&sb, new);
		p = hit + strlen(old);
	}
	return strbuf_detach(&sb);
}

static enum lofte_rc copy_promise_tx(struct store *st, const struct promise *src, int year,
                                     const struct actor *who, int64_t *new_id, struct lerr *e)
{
	int64_t existing;
	enum lofte_rc rc = find_promise_exact(st, src->municipality, year, &existing, e);
	if (rc == RC_OK)
		return lerr_set(e, RC_CONFLICT, "%s: a promise for %s %d exists already", st->path,
		                src->municipality, year);
	if (rc != RC_NOTFOUND)
		return rc;
	char *parties = json_list(st, &src->parties, e);
	char *title = title_for_year(src->title, src->year, year);
	rc = insert_promise(st, src->municipality, year, title, src->description, parties, new_id, e);
	free(title);
	free(parties);
	int position = 0;
	for (size_t k = 0; rc == RC_OK && k < src->n_commitments; k++) {
		int64_t id;
		int changed;
		rc = write_commitment(st, *new_id, 0, &src->commitments[k], ++position, who, &id,
		                      &changed, e);
		if (rc == RC_OK)
			rc = write_indicators(st, id, &src->commitments[k], 0, who, e);
	}
	return rc;
}

enum lofte_rc store_copy_promise(struct store *st, int64_t src_id, int year,
                                 const struct actor *who, int64_t *new_id, size_t *n_copied,
                                 struct lerr *e)
{
	struct promise src;
	enum lofte_rc rc = store_load_promise(st, src_id, 0, &src, e);
	if (rc != RC_OK)
		return rc;
	rc = store_begin(st, e);
	if (rc == RC_OK)
		rc = copy_promise_tx(st, &src, year, who, new_id, e);
	if (rc == RC_OK)
		rc = store_commit(st, e);
	else
		store_rollback(st);
	if (rc == RC_OK && n_copied)
		*n_copied = src.n_commitments;
	promise_free(&src);
	return rc;
}

/* --- activities ------------------------------------------------------ */

static const char SQL_NEXT_POSITION[] =
	"SELECT coalesce(max(position), 0) + 1 FROM commitment WHERE promise_id = ?1";
static const char SQL_COMMITMENT_VERSION[] =
	"SELECT version, position, promise_id FROM commitment WHERE id = ?1";

static char *normalized_or_null(const char *s, int one_line)
{
	return one_line ? text_normalize_line(s ? s : "") : text_normalize(s ? s : "");
}

/* The activity as it will be stored: one-line title and parties, a
 * canonical description. */
static void commitment_from_fields(struct commitment *c, const char *title,
                                   const char *description, const struct strlist *responsible,
                                   int archived)
{
	memset(c, 0, sizeof *c);
	c->title = normalized_or_null(title, 1);
	c->description = normalized_or_null(description, 0);
	for (size_t k = 0; responsible && k < responsible->len; k++) {
		char *p = text_normalize_line(responsible->items[k]);
		if (p[0])
			strlist_push(&c->responsible, p);
		free(p);
	}
	c->archived = archived;
}

static enum lofte_rc check_title(struct store *st, const struct commitment *c, struct lerr *e)
{
	if (!c->title[0])
		return lerr_set(e, RC_FAIL, "an activity needs a title");
	return check_text(st, c->title, e) == RC_OK ? check_text(st, c->description, e) : RC_FAIL;
}

enum lofte_rc store_add_commitment(struct store *st, int64_t promise_id, const char *title,
                                   const char *description, const struct strlist *responsible,
                                   const struct actor *who, int64_t *id, struct lerr *e)
{
	struct commitment c;
	commitment_from_fields(&c, title, description, responsible, 0);
	enum lofte_rc rc = check_title(st, &c, e);
	if (rc == RC_OK)
		rc = store_begin(st, e);
	if (rc != RC_OK) {
		commitment_free(&c);
		return rc;
	}
	sqlite3_stmt *s = prep(st, SQL_NEXT_POSITION, e);
	int position = 1, changed;
	if (s) {
		sqlite3_bind_int64(s, 1, promise_id);
		if (sqlite3_step(s) == SQLITE_ROW)
			position = sqlite3_column_int(s, 0);
		done(s);
	}
	rc = s ? write_commitment(st, promise_id, 0, &c, position, who, id, &changed, e) : RC_FAIL;
	commitment_free(&c);
	if (rc == RC_OK)
		return store_commit(st, e);
	store_rollback(st);
	return rc;
}

enum lofte_rc store_update_commitment(struct store *st, int64_t id, const char *title,
                                      const char *description,
                                      const struct strlist *responsible, int archived,
                                      int64_t expected_version, const struct actor *who,
                                      struct lerr *e)
{
	struct commitment c;
	commitment_from_fields(&c, title, description, responsible, archived);
	enum lofte_rc rc = check_title(st, &c, e);
	if (rc == RC_OK)
		rc = store_begin(st, e);
	if (rc != RC_OK) {
		commitment_free(&c);
		return rc;
	}
	sqlite3_stmt *s = prep(st, SQL_COMMITMENT_VERSION, e);
	int64_t version = -1, promise_id = 0;
	int position = 0, changed;
	if (s) {
		sqlite3_bind_int64(s, 1, id);
		if (sqlite3_step(s) == SQLITE_ROW) {
			version = sqlite3_column_int64(s, 0);
			position = sqlite3_column_int(s, 1);
			promise_id = sqlite3_column_int64(s, 2);
		}
		done(s);
	}
	if (!s)
		rc = RC_FAIL;
	else if (version < 0)
		rc = lerr_set(e, RC_NOTFOUND, "%s: no activity with id %lld", st->path, (long long)id);
	else if (version != expected_version)
		rc = lerr_set(e, RC_CONFLICT, "someone else changed this activity first");
	else
		rc = write_commitment(st, promise_id, id, &c, position, who, &id, &changed, e);
	commitment_free(&c);
	if (rc == RC_OK)
		return store_commit(st, e);
	store_rollback(st);
	return rc;
}

/* --- other connections' changes ------------------------------------------ */

static const char SQL_DATA_VERSION[] = "PRAGMA data_version";

enum lofte_rc store_data_version(struct store *st, int64_t *out, struct lerr *e)
{
	sqlite3_stmt *s = prep(st, SQL_DATA_VERSION, e);
	if (!s)
		return RC_FAIL;
	int r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	done(s);
	return r == SQLITE_ROW ? RC_OK : db_error(st, e, "checking for changes");
}

static const char SQL_ONE_FOLLOWUP[] =
	"SELECT id, status, text, version, updated_by, department, login, updated_at,"
	"  review, review_comment FROM followup WHERE commitment_id = ?1 AND tertial = ?2";

enum lofte_rc store_load_followup(struct store *st, int64_t commitment_id, int tertial,
                                  struct followup *out, struct lerr *e)
{
	memset(out, 0, sizeof *out);
	out->tertial = tertial;
	sqlite3_stmt *s = prep(st, SQL_ONE_FOLLOWUP, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, commitment_id);
	sqlite3_bind_int(s, 2, tertial);
	int r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		read_followup(s, 0, out);
	done(s);
	return r == SQLITE_ROW || r == SQLITE_DONE ? RC_OK : db_error(st, e, "reading a follow-up");
}

/* --- drafts -------------------------------------------------------------- */

static const char SQL_SAVE_DRAFT[] =
	"INSERT OR REPLACE INTO draft (login, commitment_id, tertial, text, status, base_version,"
	"  saved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_GET_DRAFT[] =
	"SELECT text, status, base_version, saved_at FROM draft"
	" WHERE login = ?1 AND commitment_id = ?2 AND tertial = ?3";
static const char SQL_DELETE_DRAFT[] =
	"DELETE FROM draft WHERE login = ?1 AND commitment_id = ?2 AND tertial = ?3";

void draft_free(struct draft *d)
{
	free(d->text);
	free(d->saved_at);
	memset(d, 0, sizeof *d);
}

/* Runs one statement as its own write transaction. */
static enum lofte_rc write_one(struct store *st, sqlite3_stmt *s, const char *doing,
                               struct lerr *e)
{
	enum lofte_rc rc = store_begin(st, e);
	if (rc != RC_OK) {
		done(s);
		return rc;
	}
	rc = exec_stmt(st, s, e, doing);
	if (rc == RC_OK)
		return store_commit(st, e);
	store_rollback(st);
	return rc;
}

enum lofte_rc store_save_draft(struct store *st, const char *login, int64_t commitment_id,
                               int tertial, const char *text, enum status status,
                               int64_t base_version, struct lerr *e)
{
	char now[32];
	now_utc(now);
	sqlite3_stmt *s = prep(st, SQL_SAVE_DRAFT, e);
	if (!s)
		return RC_FAIL;
	bind_text(s, 1, login);
	sqlite3_bind_int64(s, 2, commitment_id);
	sqlite3_bind_int(s, 3, tertial);
	bind_text(s, 4, text);
	bind_text(s, 5, status_code(status));
	sqlite3_bind_int64(s, 6, base_version);
	bind_text(s, 7, now);
	return write_one(st, s, "keeping a draft", e);
}

enum lofte_rc store_get_draft(struct store *st, const char *login, int64_t commitment_id,
                              int tertial, struct draft *out, struct lerr *e)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = prep(st, SQL_GET_DRAFT, e);
	if (!s)
		return RC_FAIL;
	bind_text(s, 1, login);
	sqlite3_bind_int64(s, 2, commitment_id);
	sqlite3_bind_int(s, 3, tertial);
	int r = sqlite3_step(s);
	enum lofte_rc rc = RC_NOTFOUND;
	if (r == SQLITE_ROW) {
		out->text = col_text(s, 0);
		out->status = status_of(s, 1);
		out->base_version = sqlite3_column_int64(s, 2);
		out->saved_at = col_text(s, 3);
		rc = RC_OK;
	} else if (r != SQLITE_DONE) {
		rc = db_error(st, e, "reading a draft");
	}
	done(s);
	return rc;
}

enum lofte_rc store_delete_draft(struct store *st, const char *login, int64_t commitment_id,
                                 int tertial, struct lerr *e)
{
	sqlite3_stmt *s = prep(st, SQL_DELETE_DRAFT, e);
	if (!s)
		return RC_FAIL;
	bind_text(s, 1, login);
	sqlite3_bind_int64(s, 2, commitment_id);
	sqlite3_bind_int(s, 3, tertial);
	return write_one(st, s, "removing a draft", e);
}

/* --- presence ------------------------------------------------------------ */

/* The start time of a process (field 22 of /proc/PID/stat, in clock
 * ticks since boot): with the pid it names one process, even when the
 * pid is used again later.  "" when the process does not exist. */
static void process_started(long pid, char *out, size_t size)
{
	out[0] = '\0';
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command name (field 2) may hold spaces: count after its ")". */
	char *p = strrchr(buf, ')');
	for (int field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p)
		snprintf(out, size, "%.*s", (int)strcspn(p + 1, " "), p + 1);
}

static void host_name(char *out, size_t size)
{
	if (gethostname(out, size) != 0)
		snprintf(out, size, "?");
	out[size - 1] = '\0';
}

/* Whether the process of a presence row still runs.  On another host it
 * cannot be told, and counts as running (WAL needs one host anyway). */
static bool presence_alive(const char *host, long pid, const char *started)
{
	char me[256], now[32];
	host_name(me, sizeof me);
	if (strcmp(me, host) != 0)
		return true;
	process_started(pid, now, sizeof now);
	return now[0] && strcmp(now, started) == 0;
}

static const char SQL_PRESENCE_ALL[] = "SELECT id, host, pid, started FROM presence";
static const char SQL_PRESENCE_DELETE[] = "DELETE FROM presence WHERE id = ?1";
static const char SQL_PRESENCE_INSERT[] =
	"INSERT INTO presence (commitment_id, tertial, login, name, department, host, pid, started,"
	"  since) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_PRESENCE_LIST[] =
	"SELECT p.commitment_id, p.tertial, p.login, p.name, p.department, p.since, p.host, p.pid,"
	"  p.started FROM presence p JOIN commitment c ON c.id = p.commitment_id"
	" WHERE c.promise_id = ?1 ORDER BY p.since";

/* Removes the rows of processes that are gone (a crash, kill -9, a
 * dropped connection), inside the caller's transaction. */
static enum lofte_rc presence_sweep(struct store *st, struct lerr *e)
{
	sqlite3_stmt *s = prep(st, SQL_PRESENCE_ALL, e);
	if (!s)
		return RC_FAIL;
	int64_t dead[64];
	size_t n = 0;
	while (sqlite3_step(s) == SQLITE_ROW && n < 64)
		if (!presence_alive((const char *)sqlite3_column_text(s, 1), sqlite3_column_int64(s, 2),
		                    (const char *)sqlite3_column_text(s, 3)))
			dead[n++] = sqlite3_column_int64(s, 0);
	done(s);
	for (size_t k = 0; k < n; k++) {
		s = prep(st, SQL_PRESENCE_DELETE, e);
		if (!s)
			return RC_FAIL;
		sqlite3_bind_int64(s, 1, dead[k]);
		enum lofte_rc rc = exec_stmt(st, s, e, "updating who edits what");
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

enum lofte_rc store_presence_enter(struct store *st, int64_t commitment_id, int tertial,
                                   const struct actor *who, int64_t *id, struct lerr *e)
{
	char host[256], started[32], now[32];
	host_name(host, sizeof host);
	process_started(getpid(), started, sizeof started);
	now_utc(now);
	enum lofte_rc rc = store_begin(st, e);
	if (rc != RC_OK)
		return rc;
	rc = presence_sweep(st, e);
	sqlite3_stmt *s = rc == RC_OK ? prep(st, SQL_PRESENCE_INSERT, e) : NULL;
	if (s) {
		sqlite3_bind_int64(s, 1, commitment_id);
		sqlite3_bind_int(s, 2, tertial);
		bind_text(s, 3, who->login);
		bind_text(s, 4, who->name);
		bind_text(s, 5, who->department);
		bind_text(s, 6, host);
		sqlite3_bind_int64(s, 7, getpid());
		bind_text(s, 8, started);
		bind_text(s, 9, now);
		rc = exec_stmt(st, s, e, "saying who edits what");
		*id = sqlite3_last_insert_rowid(st->db);
	} else if (rc == RC_OK) {
		rc = RC_FAIL;
	}
	if (rc == RC_OK)
		return store_commit(st, e);
	store_rollback(st);
	return rc;
}

enum lofte_rc store_presence_leave(struct store *st, int64_t id, struct lerr *e)
{
	sqlite3_stmt *s = prep(st, SQL_PRESENCE_DELETE, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, id);
	return write_one(st, s, "saying who edits what", e);
}

void presences_free(struct presence *p, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		free(p[k].login);
		free(p[k].name);
		free(p[k].department);
		free(p[k].since);
	}
	free(p);
}

enum lofte_rc store_presence_list(struct store *st, int64_t promise_id, struct presence **out,
                                  size_t *n, struct lerr *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = prep(st, SQL_PRESENCE_LIST, e);
	if (!s)
		return RC_FAIL;
	sqlite3_bind_int64(s, 1, promise_id);
	char me[256];
	host_name(me, sizeof me);
	size_t cap = 0;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		const char *host = (const char *)sqlite3_column_text(s, 6);
		long pid = (long)sqlite3_column_int64(s, 7);
		if ((pid == getpid() && strcmp(host, me) == 0) ||
		    !presence_alive(host, pid, (const char *)sqlite3_column_text(s, 8)))
			continue;
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct presence *p = &(*out)[(*n)++];
		p->commitment_id = sqlite3_column_int64(s, 0);
		p->tertial = sqlite3_column_int(s, 1);
		p->login = col_text(s, 2);
		p->name = col_text(s, 3);
		p->department = col_text(s, 4);
		p->since = col_text(s, 5);
	}
	done(s);
	return r == SQLITE_DONE ? RC_OK : db_error(st, e, "reading who edits what");
}

/* --- JSON export ----------------------------------------------------- */

/* The whole promise as one JSON object, built by SQLite so that every
 * string is escaped by its JSON functions.  Subqueries with ORDER BY
 * feed json_group_array in that order. */
static const char SQL_PROMISE_JSON[] =
	"SELECT json_object("
	"  'municipality', p.municipality, 'year', p.year, 'title', p.title,"
	"  'description', p.description, 'parties', json(p.parties),"
	"  'commitments', (SELECT json_group_array(json(cj)) FROM ("
	"    SELECT json_object('id', c.id, 'position', c.position, 'title', c.title,"
	"      'description', c.description, 'responsible', json(c.responsible),"
	"      'indicators', (SELECT json_group_array(json(ij)) FROM ("
	"        SELECT json_object('name', i.name,"
	"          'comparison', CASE i.at_most WHEN 1 THEN '<=' ELSE '>=' END, 'target', i.target,"
	"          'outcomes', (SELECT json_group_array(json_object('tertial', o.tertial,"
	"            'value', o.value)) FROM (SELECT * FROM indicator_outcome"
	"            WHERE indicator_id = i.id ORDER BY tertial) o)) AS ij"
	"        FROM indicator i WHERE i.commitment_id = c.id ORDER BY i.position)),"
	"      'followups', (SELECT json_group_array(json(fj)) FROM ("
	"        SELECT CASE WHEN ?2 THEN json_set(fo, '$.history', json(hi)) ELSE fo END AS fj"
	"        FROM ("
	"          SELECT json_object('tertial', t.n,"
	"            'status', CASE WHEN f.id IS NULL OR (?3 = 2 AND f.review <> 'approved')"
	"              THEN 'missing' ELSE f.status END,"
	"            'text', CASE WHEN f.id IS NULL OR (?3 = 2 AND f.review <> 'approved') THEN ''"
	"              WHEN ?3 = 1 AND f.review <> 'approved' THEN '" NOT_APPROVED_TEXT "'"
	"              ELSE f.text END,"
	"            'version', coalesce(f.version, 0),"
	"            'review', coalesce(f.review, 'draft'),"
	"            'review_comment', coalesce(f.review_comment, ''),"
	"            'deadline', CASE t.n WHEN 1 THEN coalesce(p.deadline_1, printf('%04d-05-15', p.year))"
	"              WHEN 2 THEN coalesce(p.deadline_2, printf('%04d-09-15', p.year))"
	"              ELSE coalesce(p.deadline_3, printf('%04d-01-15', p.year + 1)) END,"
	"            'updated_by', f.updated_by, 'department', f.department,"
	"            'login', f.login, 'updated_at', f.updated_at) AS fo,"
	"          CASE WHEN ?2 THEN (SELECT json_group_array(json(hj)) FROM ("
	"            SELECT json_object('version', h.version, 'text', h.text, 'status', h.status,"
	"              'review', h.review, 'review_comment', h.review_comment,"
	"              'updated_by', h.updated_by, 'department', h.department,"
	"              'login', h.login, 'updated_at', h.updated_at) AS hj"
	"            FROM followup_history h WHERE h.followup_id = f.id AND h.version < f.version"
	"            ORDER BY h.version)) END AS hi"
	"          FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) t"
	"          LEFT JOIN followup f ON f.commitment_id = c.id AND f.tertial = t.n"
	"          ORDER BY t.n)))"
	"    ) AS cj FROM commitment c WHERE c.promise_id = p.id AND c.archived = 0"
	"    ORDER BY c.position, c.id)))"
	" FROM promise p WHERE p.id = ?1";

static enum lofte_rc put(FILE *out, const char *s, struct lerr *e)
{
	if (fputs(s, out) == EOF)
		return lerr_set(e, RC_FAIL, "cannot write the export: %s", strerror(errno));
	return RC_OK;
}

enum lofte_rc store_export_json(struct store *st, const int64_t *ids, size_t n, int with_history,
                                enum approved_only approved, FILE *out, struct lerr *e)
{
	sqlite3_stmt *s = prep(st, SQL_PROMISE_JSON, e);
	if (!s)
		return RC_FAIL;
	enum lofte_rc rc = put(out, "{\"promises\":[", e);
	for (size_t k = 0; rc == RC_OK && k < n; k++) {
		sqlite3_bind_int64(s, 1, ids[k]);
		sqlite3_bind_int(s, 2, with_history);
		sqlite3_bind_int(s, 3, (int)approved);
		int r = sqlite3_step(s);
		if (r == SQLITE_ROW) {
			if (k)
				rc = put(out, ",", e);
			if (rc == RC_OK) {
				/* Texts other programs wrote may hold invalid UTF-8, DEL
				 * or C1 bytes, which SQLite copies into its JSON as they
				 * are. */
				struct strbuf safe;
				strbuf_init(&safe);
				text_json_safe(&safe, (const char *)sqlite3_column_text(s, 0));
				rc = put(out, safe.buf, e);
				strbuf_free(&safe);
			}
		} else {
			rc = r == SQLITE_DONE ? lerr_set(e, RC_NOTFOUND, "%s: no promise with id %lld",
			                                 st->path, (long long)ids[k])
			                      : db_error(st, e, "exporting");
		}
		done(s);
	}
	if (rc == RC_OK)
		rc = put(out, "]}\n", e);
	return rc;
}

/* --- search ---------------------------------------------------------- */

/* Searching one promise: its rows whose ids the full-text index names.
 * Joining every match first and filtering afterwards took 100 ms for a
 * common word on the national database; this takes about 12 ms. */
static const char SQL_SEARCH_PROMISE[] =
	"SELECT c.promise_id, c.id, 0, c.title || char(10) || c.description, c.position"
	" FROM commitment c WHERE c.promise_id = ?2 AND c.archived = 0"
	"  AND c.id IN (SELECT rowid FROM commitment_fts WHERE commitment_fts MATCH ?1)"
	" UNION ALL "
	"SELECT c.promise_id, c.id, f.tertial, f.text, c.position"
	" FROM commitment c JOIN followup f ON f.commitment_id = c.id"
	" WHERE c.promise_id = ?2 AND c.archived = 0"
	"  AND f.id IN (SELECT rowid FROM followup_fts WHERE followup_fts MATCH ?1)"
	" ORDER BY 5, 3 LIMIT 500";
/* Searching everything: the first 500 hits in the index's own order, so
 * SQLite stops early instead of joining and sorting every match. */
static const char SQL_SEARCH_ALL[] =
	"SELECT * FROM (SELECT c.promise_id, c.id, 0, c.title || char(10) || c.description"
	"  FROM commitment_fts JOIN commitment c ON c.id = commitment_fts.rowid"
	"  WHERE commitment_fts MATCH ?1 AND c.archived = 0 LIMIT 500)"
	" UNION ALL "
	"SELECT * FROM (SELECT c.promise_id, c.id, f.tertial, f.text"
	"  FROM followup_fts JOIN followup f ON f.id = followup_fts.rowid"
	"  JOIN commitment c ON c.id = f.commitment_id"
	"  WHERE followup_fts MATCH ?1 AND c.archived = 0 LIMIT 500)"
	" LIMIT 500";

/* Up to 40 bytes before the first hit of a typed word, the hit (to the
 * end of its word) between \x01 and \x02, and 80 bytes after: made here
 * from the row's text, which is cheaper than FTS5's snippet(). */
static char *make_snippet(const char *text, const char *typed)
{
	size_t n = strlen(text), hit_len = 0;
	long hit = -1;
	for (const char *p = typed; *p;) {
		p += strspn(p, " \t\n");
		size_t wl = strcspn(p, " \t\n");
		if (!wl)
			break;
		char *word = xstrndup(p, wl);
		size_t len;
		long at = text_find_fold(text, n, 0, word, &len);
		if (at >= 0 && (hit < 0 || at < hit))
			hit = at, hit_len = len;
		free(word);
		p += wl;
	}
	struct strbuf sb;
	strbuf_init(&sb);
	if (hit < 0) {
		strbuf_add(&sb, text, n < 120 ? n : 120);
		return strbuf_detach(&sb);
	}
	size_t end = (size_t)hit + hit_len;
	while (end < n && ((unsigned char)text[end] >= 0x80 || isalnum((unsigned char)text[end])))
		end++;
	size_t from = hit > 40 ? (size_t)hit - 40 : 0;
	while (from > 0 && ((unsigned char)text[from] & 0xC0) == 0x80)
		from--;
	size_t to = end + 80 < n ? end + 80 : n;
	while (to < n && ((unsigned char)text[to] & 0xC0) == 0x80)
		to++;
	if (from)
		strbuf_adds(&sb, "…");
	strbuf_add(&sb, text + from, (size_t)hit - from);
	strbuf_addc(&sb, '\x01');
	strbuf_add(&sb, text + hit, end - (size_t)hit);
	strbuf_addc(&sb, '\x02');
	strbuf_add(&sb, text + end, to - end);
	if (to < n)
		strbuf_adds(&sb, "…");
	return strbuf_detach(&sb);
}

/* Makes an FTS5 query from what a user typed: every word a quoted
 * prefix term, all of them required.  Quoting keeps FTS5's own syntax
 * (AND, NEAR, ", *, :) from being an error or a surprise. */
static char *fts_query(const char *typed)
{
	struct strbuf q;
	strbuf_init(&q);
	const char *p = typed;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		size_t n = strcspn(p, " \t\n");
		if (!n)
			break;
		if (q.len)
			strbuf_addc(&q, ' ');
		strbuf_addc(&q, '"');
		for (size_t k = 0; k < n; k++) {
			if (p[k] == '"')
				strbuf_addc(&q, '"');
			strbuf_addc(&q, p[k]);
		}
		strbuf_adds(&q, "\"*");
		p += n;
	}
	return strbuf_detach(&q);
}

enum lofte_rc store_search(struct store *st, int64_t promise_id, const char *query,
                           struct search_hit **out, size_t *n, struct lerr *e)
{
	*out = NULL;
	*n = 0;
	char *q = fts_query(query);
	if (!q[0]) {
		free(q);
		return RC_OK;
	}
	sqlite3_stmt *s = prep(st, promise_id ? SQL_SEARCH_PROMISE : SQL_SEARCH_ALL, e);
	if (!s) {
		free(q);
		return RC_FAIL;
	}
	bind_text(s, 1, q);
	if (promise_id)
		sqlite3_bind_int64(s, 2, promise_id);
	struct search_hit *hits = NULL;
	size_t len = 0, cap = 0;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		hits = xgrow(hits, &cap, len + 1, sizeof *hits);
		hits[len].promise_id = sqlite3_column_int64(s, 0);
		hits[len].commitment_id = sqlite3_column_int64(s, 1);
		hits[len].tertial = sqlite3_column_int(s, 2);
		const unsigned char *text = sqlite3_column_text(s, 3);
		hits[len].snippet = make_snippet(text ? (const char *)text : "", query);
		len++;
	}
	enum lofte_rc rc = r == SQLITE_DONE ? RC_OK : db_error(st, e, "searching");
	done(s);
	free(q);
	if (rc != RC_OK) {
		search_hits_free(hits, len);
		return rc;
	}
	*out = hits;
	*n = len;
	return RC_OK;
}

void search_hits_free(struct search_hit *h, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(h[k].snippet);
	free(h);
}
