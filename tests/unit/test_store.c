/* Unit tests for store.c: schema and migrations, round trips on an
 * in-memory database, optimistic concurrency, history, locks, search
 * and the JSON export. */
#include "testutil.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "docformat.h"
#include "fileio.h"
#include "store.h"
/* The migrations themselves, to build a database of an older schema. */
#include "../../src/schema.h"

static const struct actor anna = {"Anna Andersson", "Polisen", "anna"};
static const struct actor bo = {"Bo Ek", "Jönköpings kommun", "bo"};

static const char doc_text[] =
	"# Medborgarlöfte Jönköping kommun\n\nKommun: Jönköpings kommun\nÅr: 2024\n"
	"Parter: Polisen, Vätterhem\n\n"
	"## 1. Krogar mot knark\n\nAnsvariga: Polisen\n\nBeskrivning.\n\n"
	"### Tertial 1\n\nStatus: Pågår\n\nUppstartsmöte på Österängen med Öxnehaga.\n\n"
	"## 2. Trygg Trapp\n\nAnsvariga: Brottsofferjouren, Polisen\n";

static struct store *open_memory(void)
{
	struct store *st;
	struct lerr e;
	if (store_open(":memory:", STORE_READWRITE, &st, &e) != RC_OK)
		fail_msg("%s", e.msg);
	return st;
}

static void import_text(struct store *st, const char *text, struct import_stats *stats)
{
	struct doc d;
	struct lerr e;
	if (doc_parse(text, strlen(text), "t.md", &d, &e) != RC_OK)
		fail_msg("%s", e.msg);
	memset(stats, 0, sizeof *stats);
	assert_int_equal(store_begin(st, &e), RC_OK);
	for (size_t k = 0; k < d.n; k++)
		if (store_import_promise(st, &d.promises[k], &anna, stats, &e) != RC_OK)
			fail_msg("%s", e.msg);
	assert_int_equal(store_commit(st, &e), RC_OK);
	doc_free(&d);
}

static struct promise load(struct store *st, int with_archived)
{
	int64_t id;
	struct lerr e;
	assert_int_equal(store_find_promise(st, "Jönköpings kommun", 2024, &id, &e), RC_OK);
	struct promise p;
	assert_int_equal(store_load_promise(st, id, with_archived, &p, &e), RC_OK);
	return p;
}

static void test_import_and_load(void **state)
{
	(void)state;
	struct store *st = open_memory();
	struct import_stats s;
	import_text(st, doc_text, &s);
	assert_int_equal(s.promises_created, 1);
	assert_int_equal(s.commitments_created, 2);
	assert_int_equal(s.followups_saved, 1);
	struct promise p = load(st, 0);
	assert_string_equal(p.title, "Medborgarlöfte Jönköping kommun");
	assert_int_equal(p.parties.len, 2);
	assert_int_equal(p.n_commitments, 2);
	assert_string_equal(p.commitments[1].responsible.items[0], "Brottsofferjouren");
	struct followup *f = &p.commitments[0].followups[0];
	assert_true(f->present);
	assert_int_equal(f->version, 1);
	assert_string_equal(f->stamp.name, "Anna Andersson");
	assert_string_equal(f->stamp.department, "Polisen");
	assert_string_equal(f->stamp.login, "anna");
	assert_int_equal(strlen(f->stamp.at), 20);   /* 2024-04-30T14:02:11Z */
	assert_false(p.commitments[0].followups[1].present);

	/* The same document again changes nothing. */
	import_text(st, doc_text, &s);
	assert_int_equal(s.promises_updated, 1);
	assert_int_equal(s.commitments_updated, 0);
	assert_int_equal(s.followups_saved, 0);
	assert_int_equal(s.followups_unchanged, 1);
	promise_free(&p);
	store_close(st);
}

static void test_reimport_versions_and_archives(void **state)
{
	(void)state;
	struct store *st = open_memory();
	struct import_stats s;
	import_text(st, doc_text, &s);
	struct promise before = load(st, 0);
	/* Activity 1 renamed in place, activity 2 dropped, its text changed. */
	import_text(st,
	            "# Medborgarlöfte Jönköping kommun\n\nKommun: Jönköpings kommun\nÅr: 2024\n\n"
	            "## 1. Krogar mot knark i Jönköping\n\nAnsvariga: Polisen\n\n"
	            "### Tertial 1\n\nStatus: Genomförd\n\nNy text.\n",
	            &s);
	assert_int_equal(s.commitments_created, 0);
	assert_int_equal(s.commitments_updated, 2);   /* renamed, archived */
	assert_int_equal(s.followups_saved, 1);
	struct promise after = load(st, 1);
	assert_int_equal(after.n_commitments, 2);
	assert_int_equal(after.commitments[0].id, before.commitments[0].id);
	assert_string_equal(after.commitments[0].title, "Krogar mot knark i Jönköping");
	assert_true(after.commitments[1].archived);
	struct followup *f = &after.commitments[0].followups[0];
	assert_int_equal(f->version, 2);
	struct revision *h;
	size_t n;
	struct lerr e;
	assert_int_equal(store_followup_history(st, f->id, &h, &n, &e), RC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(h[0].text, "Uppstartsmöte på Österängen med Öxnehaga.");
	assert_int_equal(h[1].status, STATUS_DONE);
	revisions_free(h, n);
	struct promise published = load(st, 0);
	assert_int_equal(published.n_commitments, 1);
	promise_free(&before);
	promise_free(&after);
	promise_free(&published);
	store_close(st);
}

static void test_save_conflict_and_noop(void **state)
{
	(void)state;
	struct store *st = open_memory();
	struct import_stats s;
	import_text(st, doc_text, &s);
	struct promise p = load(st, 0);
	int64_t cid = p.commitments[1].id, v;
	struct lerr e;
	/* A first save of a missing follow-up starts from version 0. */
	assert_int_equal(store_save_followup(st, cid, 2, "  Första texten  \n\n", STATUS_IN_PROGRESS,
	                                     0, &anna, &v, &e), RC_OK);
	assert_int_equal(v, 1);
	/* Bo started from version 1 too, but Anna saves first. */
	assert_int_equal(store_save_followup(st, cid, 2, "Annas", STATUS_DONE, 1, &anna, &v, &e),
	                 RC_OK);
	assert_int_equal(v, 2);
	assert_int_equal(store_save_followup(st, cid, 2, "Bos", STATUS_DONE, 1, &bo, &v, &e),
	                 RC_CONFLICT);
	assert_non_null(strstr(e.msg, "someone else saved"));
	/* Saving what is there already is not a new version. */
	assert_int_equal(store_save_followup(st, cid, 2, "Annas\n", STATUS_DONE, 2, &bo, &v, &e),
	                 RC_OK);
	assert_int_equal(v, 2);
	struct promise q = load(st, 0);
	assert_string_equal(q.commitments[1].followups[1].text, "Annas");
	assert_string_equal(q.commitments[1].followups[1].stamp.name, "Anna Andersson");
	/* Invalid UTF-8 is refused, and so is an activity that does not exist. */
	assert_int_equal(store_save_followup(st, cid, 2, "bad \xFF", STATUS_DONE, 2, &bo, &v, &e),
	                 RC_FAIL);
	assert_int_equal(store_save_followup(st, 9999, 1, "x", STATUS_DONE, 0, &bo, &v, &e),
	                 RC_NOTFOUND);
	promise_free(&p);
	promise_free(&q);
	store_close(st);
}

static char *db_file(const char *name)
{
	char *dir = test_tmpdir();
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	free(dir);
	return p;
}

static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s", err);
	sqlite3_close(db);
}

static void test_history_is_append_only(void **state)
{
	(void)state;
	char *path = db_file("h.db");
	struct store *st;
	struct lerr e;
	assert_int_equal(store_open(path, STORE_READWRITE, &st, &e), RC_OK);
	struct import_stats s;
	import_text(st, doc_text, &s);
	store_close(st);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE followup_history SET text = 'x'", NULL, NULL, NULL),
	                     SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(db), "append-only"));
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM followup_history", NULL, NULL, NULL),
	                     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM commitment_history", NULL, NULL, NULL),
	                     SQLITE_OK);
	sqlite3_close(db);
	free(path);
}

static void test_migrates_empty_database(void **state)
{
	(void)state;
	char *path = db_file("new/sub/m.db");   /* the folders are created too */
	struct store *st;
	struct lerr e;
	assert_int_equal(store_open(path, STORE_READWRITE, &st, &e), RC_OK);
	store_close(st);
	sqlite3 *db;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), store_schema_version());
	sqlite3_finalize(s);
	sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	sqlite3_close(db);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0007, 0);   /* never world-accessible */
	/* Opening again does not migrate again. */
	assert_int_equal(store_open(path, STORE_READWRITE, &st, &e), RC_OK);
	store_close(st);
	free(path);
}

static char *slurp(const char *path, size_t *len)
{
	char *data;
	struct lerr e;
	assert_int_equal(file_read_all(path, &data, len, &e), RC_OK);
	return data;
}

/* Opening path must fail with a message containing want, and leave the
 * file exactly as it was. */
static void refused_unchanged(const char *path, enum store_mode mode, const char *want)
{
	size_t n1, n2;
	char *before = slurp(path, &n1);
	struct store *st;
	struct lerr e;
	assert_int_not_equal(store_open(path, mode, &st, &e), RC_OK);
	if (!strstr(e.msg, want))
		fail_msg("got \"%s\", expected \"%s\"", e.msg, want);
	char *after = slurp(path, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
}

static void test_refuses_newer_foreign_and_broken(void **state)
{
	(void)state;
	char *newer = db_file("newer.db");
	raw_exec(newer, "CREATE TABLE future (x); PRAGMA user_version = 99;");
	refused_unchanged(newer, STORE_READWRITE, "written by a newer lofte (schema 99");
	refused_unchanged(newer, STORE_READONLY, "written by a newer lofte");

	char *foreign = db_file("foreign.db");
	raw_exec(foreign, "CREATE TABLE customers (name TEXT);");
	refused_unchanged(foreign, STORE_READWRITE, "an SQLite database, but not lofte's");

	char *dir = test_tmpdir();
	char *text = test_write_file(dir, "notes.txt", "just some text, not a database at all\n");
	refused_unchanged(text, STORE_READWRITE, "not a lofte database");

	/* A real lofte database with its pages overwritten. */
	char *broken = db_file("broken.db");
	struct store *st;
	struct lerr e;
	assert_int_equal(store_open(broken, STORE_READWRITE, &st, &e), RC_OK);
	store_close(st);
	FILE *f = fopen(broken, "r+");
	fseek(f, 100, SEEK_SET);
	for (int k = 0; k < 8000; k++)
		fputc(0xA5, f);
	fclose(f);
	refused_unchanged(broken, STORE_READWRITE, "damaged");
	free(newer);
	free(foreign);
	free(dir);
	free(text);
	free(broken);
}

static void test_read_only(void **state)
{
	(void)state;
	char *path = db_file("ro.db");
	struct store *st;
	struct lerr e;
	assert_int_equal(store_open(path, STORE_READWRITE, &st, &e), RC_OK);
	struct import_stats s;
	import_text(st, doc_text, &s);
	store_close(st);
	assert_int_equal(store_open(path, STORE_READONLY, &st, &e), RC_OK);
	assert_non_null(store_readonly_reason(st));
	struct promise p = load(st, 0);
	int64_t v;
	assert_int_equal(store_save_followup(st, p.commitments[0].id, 1, "x", STATUS_DONE, 1, &anna,
	                                     &v, &e), RC_READONLY);
	assert_non_null(strstr(e.msg, "read-only"));
	promise_free(&p);
	store_close(st);
	char *missing = db_file("missing.db");
	assert_int_equal(store_open(missing, STORE_READONLY, &st, &e), RC_FAIL);
	assert_non_null(strstr(e.msg, "no such database"));
	free(missing);
	free(path);
}

/* A database deleted or replaced under an open store is noticed, and
 * nothing is written into the old file; the replacement stays whole. */
static void test_file_deleted_or_replaced(void **state)
{
	(void)state;
	char *path = db_file("lost.db"), *other = db_file("other.db");
	struct store *st, *st2;
	struct lerr e;
	assert_int_equal(store_open(path, STORE_READWRITE, &st, &e), RC_OK);
	struct import_stats s;
	import_text(st, doc_text, &s);
	assert_int_equal(store_file_state(st), STORE_FILE_SAME);
	struct promise p = load(st, 0);
	int64_t id = p.commitments[0].id, v;
	promise_free(&p);

	assert_int_equal(unlink(path), 0);
	assert_int_equal(store_file_state(st), STORE_FILE_GONE);
	assert_int_equal(store_save_followup(st, id, 1, "x", STATUS_DONE, 1, &anna, &v, &e), RC_FAIL);
	assert_non_null(strstr(e.msg, "deleted while lofte ran"));
	assert_int_equal(store_save_draft(st, "anna", id, 1, "x", STATUS_DONE, 1, &e), RC_FAIL);

	assert_int_equal(store_open(other, STORE_READWRITE, &st2, &e), RC_OK);
	store_close(st2);
	assert_int_equal(rename(other, path), 0);
	assert_int_equal(store_file_state(st), STORE_FILE_REPLACED);
	assert_int_equal(store_save_followup(st, id, 1, "x", STATUS_DONE, 1, &anna, &v, &e), RC_FAIL);
	assert_non_null(strstr(e.msg, "replaced by another"));
	store_close(st);

	/* The replacement is an empty lofte database, untouched. */
	assert_int_equal(store_open(path, STORE_READWRITE, &st, &e), RC_OK);
	struct promise_ref *refs;
	size_t n;
	assert_int_equal(store_list_promises(st, &refs, &n, &e), RC_OK);
	assert_int_equal(n, 0);
	promise_refs_free(refs, n);
	store_close(st);
	free(path);
	free(other);
}

static void test_locked_database(void **state)
{
	(void)state;
	char *path = db_file("lock.db");
	struct store *a, *b;
	struct lerr e;
	assert_int_equal(store_open(path, STORE_READWRITE, &a, &e), RC_OK);
	struct import_stats s;
	import_text(a, doc_text, &s);
	assert_int_equal(store_open(path, STORE_READWRITE, &b, &e), RC_OK);
	store_set_busy_timeout(b, 50);
	struct promise p = load(b, 0);
	assert_int_equal(store_begin(a, &e), RC_OK);   /* a holds the write lock */
	int64_t v;
	assert_int_equal(store_save_followup(b, p.commitments[0].id, 1, "B", STATUS_DONE, 1, &bo, &v,
	                                     &e), RC_BUSY);
	assert_non_null(strstr(e.msg, "locked"));
	store_rollback(a);
	assert_int_equal(store_save_followup(b, p.commitments[0].id, 1, "B", STATUS_DONE, 1, &bo, &v,
	                                     &e), RC_OK);
	promise_free(&p);
	store_close(a);
	store_close(b);
	free(path);
}

static size_t search(struct store *st, const char *q)
{
	struct search_hit *h;
	size_t n;
	struct lerr e;
	if (store_search(st, 0, q, &h, &n, &e) != RC_OK)
		fail_msg("%s", e.msg);
	search_hits_free(h, n);
	return n;
}

static void test_search_is_swedish(void **state)
{
	(void)state;
	struct store *st = open_memory();
	struct import_stats s;
	import_text(st, doc_text, &s);
	assert_int_equal(search(st, "Österängen"), 1);
	assert_int_equal(search(st, "österÄNGEN"), 1);   /* case folds, å ä ö too */
	assert_int_equal(search(st, "osterangen"), 0);   /* ö is not o */
	assert_int_equal(search(st, "Öxne"), 1);         /* prefix */
	assert_int_equal(search(st, "Trygg"), 1);        /* a title */
	assert_int_equal(search(st, "Polisen"), 0);      /* parties are not indexed text */
	assert_int_equal(search(st, "\"AND( NEAR *:"), 0); /* FTS5 syntax is just text */
	assert_int_equal(search(st, "   "), 0);
	struct search_hit *h;
	size_t n;
	struct lerr e;
	assert_int_equal(store_search(st, 0, "uppstartsmöte", &h, &n, &e), RC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].tertial, 1);
	assert_non_null(strstr(h[0].snippet, "\x01Uppstartsmöte\x02"));
	search_hits_free(h, n);
	store_close(st);
}

static char *export_json(struct store *st, int with_history)
{
	int64_t id;
	struct lerr e;
	assert_int_equal(store_find_promise(st, NULL, 0, &id, &e), RC_OK);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(store_export_json(st, &id, 1, with_history, APPROVED_ALL, f, &e), RC_OK);
	fclose(f);
	return buf;
}

static char *json_get(const char *json, const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	sqlite3_open(":memory:", &db);
	sqlite3_prepare_v2(db, "SELECT json_valid(?1), json_extract(?1, ?2)", -1, &s, NULL);
	sqlite3_bind_text(s, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 1);
	const unsigned char *v = sqlite3_column_text(s, 1);
	char *out = v ? strdup((const char *)v) : NULL;
	sqlite3_finalize(s);
	sqlite3_close(db);
	return out;
}

static void test_json_escapes_and_history(void **state)
{
	(void)state;
	struct store *st = open_memory();
	struct import_stats s;
	import_text(st, doc_text, &s);
	struct promise p = load(st, 0);
	const char *nasty = "<script>alert(\"x\")</script>\nback\\slash, \x1b[2J\x01 tab\t\xE2\x80\xAE åäö";
	int64_t v;
	struct lerr e;
	assert_int_equal(store_save_followup(st, p.commitments[0].id, 1, nasty, STATUS_DELAYED, 1,
	                                     &bo, &v, &e), RC_OK);
	char *json = export_json(st, 0);
	char *text = json_get(json, "$.promises[0].commitments[0].followups[0].text");
	assert_string_equal(text, nasty);
	char *status = json_get(json, "$.promises[0].commitments[0].followups[0].status");
	assert_string_equal(status, "delayed");
	char *missing = json_get(json, "$.promises[0].commitments[1].followups[2].status");
	assert_string_equal(missing, "missing");
	assert_null(strstr(json, "\"history\""));
	assert_null(strchr(json, 0x1b));   /* control characters are escaped */
	char *login = json_get(json, "$.promises[0].commitments[0].followups[0].login");
	assert_string_equal(login, "bo");
	char *hjson = export_json(st, 1);
	char *old = json_get(hjson, "$.promises[0].commitments[0].followups[0].history[0].text");
	assert_string_equal(old, "Uppstartsmöte på Österängen med Öxnehaga.");
	char *who = json_get(hjson, "$.promises[0].commitments[0].followups[0].history[0].updated_by");
	assert_string_equal(who, "Anna Andersson");
	char *none = json_get(hjson, "$.promises[0].commitments[0].followups[0].history[1]");
	assert_null(none);   /* only earlier versions */
	free(json), free(text), free(status), free(missing), free(login);
	free(hjson), free(old), free(who);
	promise_free(&p);
	store_close(st);
}

static void test_find_promise_order(void **state)
{
	(void)state;
	struct store *st = open_memory();
	struct import_stats s;
	import_text(st, "# A\n\nKommun: Östersunds kommun\nÅr: 2024\n\n"
	                "# B\n\nKommun: Ängelholms kommun\nÅr: 2023\n\n"
	                "# C\n\nKommun: Ängelholms kommun\nÅr: 2025\n\n"
	                "# D\n\nKommun: Åre kommun\nÅr: 2024\n\n"
	                "# E\n\nKommun: Zinkgruvans kommun\nÅr: 2024\n", &s);
	struct promise_ref *refs;
	size_t n;
	struct lerr e;
	assert_int_equal(store_list_promises(st, &refs, &n, &e), RC_OK);
	assert_int_equal(n, 5);
	assert_string_equal(refs[0].municipality, "Zinkgruvans kommun");
	assert_string_equal(refs[1].municipality, "Åre kommun");
	assert_string_equal(refs[2].municipality, "Ängelholms kommun");
	assert_int_equal(refs[2].year, 2023);
	assert_string_equal(refs[4].municipality, "Östersunds kommun");
	int64_t id;
	assert_int_equal(store_find_promise(st, "ängelholms kommun", 0, &id, &e), RC_OK);
	assert_int_equal(id, refs[3].id);   /* the newest year */
	assert_int_equal(store_find_promise(st, NULL, 0, &id, &e), RC_OK);
	assert_int_equal(id, refs[0].id);   /* first in Swedish order */
	assert_int_equal(store_find_promise(st, "Ystad", 0, &id, &e), RC_NOTFOUND);
	assert_non_null(strstr(e.msg, "no promise for Ystad"));
	assert_int_equal(store_create_promise(st, "Åre kommun", 2024, "x", &id, &e), RC_CONFLICT);
	assert_int_equal(store_create_promise(st, "Åre kommun", 2026, "x", &id, &e), RC_OK);
	promise_refs_free(refs, n);
	store_close(st);
}

/* A database of schema 1 with data in it is upgraded, and keeps it. */
static void test_upgrades_schema_1(void **state)
{
	(void)state;
	char *path = db_file("v1.db");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema_migrations[0], NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "INSERT INTO promise (municipality, year, title, created_at)"
	                              " VALUES ('Ystads kommun', 2023, 'Gammalt', '2023-01-01T00:00:00Z');"
	                              "PRAGMA user_version = 1;",
	                              NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	struct store *st;
	struct lerr e;
	assert_int_equal(store_open(path, STORE_READWRITE, &st, &e), RC_OK);
	int64_t id;
	assert_int_equal(store_find_promise(st, "Ystads kommun", 2023, &id, &e), RC_OK);
	struct draft d;
	assert_int_equal(store_get_draft(st, "anna", 1, 1, &d, &e), RC_NOTFOUND);  /* table exists */
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *s;
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), store_schema_version());
	assert_true(store_schema_version() >= 2);
	sqlite3_finalize(s);
	sqlite3_close(db);
	free(path);
}

static void test_drafts(void **state)
{
	(void)state;
	struct store *st = open_memory();
	struct import_stats s;
	import_text(st, doc_text, &s);
	struct lerr e;
	struct draft d;
	assert_int_equal(store_get_draft(st, "anna", 1, 1, &d, &e), RC_NOTFOUND);
	assert_int_equal(store_save_draft(st, "anna", 1, 1, "Halvfärdig text om Öxnehaga",
	                                  STATUS_DELAYED, 1, &e), RC_OK);
	assert_int_equal(store_save_draft(st, "anna", 1, 1, "Nyare halvfärdig text", STATUS_DONE, 1,
	                                  &e), RC_OK);   /* replaces */
	assert_int_equal(store_get_draft(st, "bo", 1, 1, &d, &e), RC_NOTFOUND);  /* per user */
	assert_int_equal(store_get_draft(st, "anna", 1, 1, &d, &e), RC_OK);
	assert_string_equal(d.text, "Nyare halvfärdig text");
	assert_int_equal(d.status, STATUS_DONE);
	assert_int_equal(d.base_version, 1);
	draft_free(&d);
	assert_int_equal(store_delete_draft(st, "anna", 1, 1, &e), RC_OK);
	assert_int_equal(store_get_draft(st, "anna", 1, 1, &d, &e), RC_NOTFOUND);
	store_close(st);
}

static void test_presence_and_data_version(void **state)
{
	(void)state;
	char *path = db_file("p.db");
	struct store *a, *b;
	struct lerr e;
	assert_int_equal(store_open(path, STORE_READWRITE, &a, &e), RC_OK);
	struct import_stats s;
	import_text(a, doc_text, &s);
	assert_int_equal(store_open(path, STORE_READWRITE, &b, &e), RC_OK);
	int64_t v1, v2, id;
	assert_int_equal(store_data_version(b, &v1, &e), RC_OK);
	assert_int_equal(store_presence_enter(a, 1, 2, &anna, &id, &e), RC_OK);
	assert_int_equal(store_data_version(b, &v2, &e), RC_OK);
	assert_true(v2 != v1);   /* b notices a's commit */
	struct presence *p;
	size_t n;
	/* Same process: a's own presence is not "someone else". */
	assert_int_equal(store_presence_list(b, 0, &p, &n, &e), RC_OK);
	presences_free(p, n);
	struct promise pr = load(b, 0);
	assert_int_equal(store_presence_list(b, pr.id, &p, &n, &e), RC_OK);
	assert_int_equal(n, 0);
	presences_free(p, n);
	/* A row of a process that is gone is not listed, and is swept. */
	raw_exec(path, "INSERT INTO presence (commitment_id, tertial, login, name, department, host,"
	               " pid, started, since) VALUES (1, 1, 'bo', 'Bo Ek', 'Kommunen',"
	               " 'no-such-host-for-sure', 1, '1', '2024-01-01T00:00:00Z')");
	assert_int_equal(store_presence_list(b, pr.id, &p, &n, &e), RC_OK);
	assert_int_equal(n, 1);   /* another host: cannot tell, so shown */
	assert_string_equal(p[0].name, "Bo Ek");
	presences_free(p, n);
	char host[256];
	gethostname(host, sizeof host);
	char sql[512];
	snprintf(sql, sizeof sql, "UPDATE presence SET host = '%s', pid = 999999999 WHERE login = 'bo'",
	         host);
	raw_exec(path, sql);
	assert_int_equal(store_presence_list(b, pr.id, &p, &n, &e), RC_OK);
	assert_int_equal(n, 0);   /* this host, no such process */
	presences_free(p, n);
	assert_int_equal(store_presence_leave(a, id, &e), RC_OK);
	struct followup f;
	assert_int_equal(store_load_followup(b, pr.commitments[0].id, 1, &f, &e), RC_OK);
	assert_true(f.present);
	assert_string_equal(f.stamp.name, "Anna Andersson");
	followup_free(&f);
	assert_int_equal(store_load_followup(b, pr.commitments[1].id, 3, &f, &e), RC_OK);
	assert_false(f.present);
	followup_free(&f);
	promise_free(&pr);
	store_close(a);
	store_close(b);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_and_load),
		cmocka_unit_test(test_reimport_versions_and_archives),
		cmocka_unit_test(test_save_conflict_and_noop),
		cmocka_unit_test(test_history_is_append_only),
		cmocka_unit_test(test_migrates_empty_database),
		cmocka_unit_test(test_refuses_newer_foreign_and_broken),
		cmocka_unit_test(test_read_only),
		cmocka_unit_test(test_file_deleted_or_replaced),
		cmocka_unit_test(test_locked_database),
		cmocka_unit_test(test_search_is_swedish),
		cmocka_unit_test(test_json_escapes_and_history),
		cmocka_unit_test(test_find_promise_order),
		cmocka_unit_test(test_upgrades_schema_1),
		cmocka_unit_test(test_drafts),
		cmocka_unit_test(test_presence_and_data_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
