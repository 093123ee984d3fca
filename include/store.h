/* store.h - the SQLite database: schema migrations, loading promises and
 * saving follow-ups.  Every statement binds its parameters; every write
 * transaction starts with BEGIN IMMEDIATE. */
#ifndef LOFTE_STORE_H
#define LOFTE_STORE_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "model.h"

struct store;

enum store_mode {
	STORE_READWRITE,   /* creates the file (and folder) when missing */
	STORE_READONLY,    /* review mode: never writes, never creates */
};

/* The schema version this lofte writes (PRAGMA user_version). */
int store_schema_version(void);

/* Opens (and when writable, creates and migrates) the database at path;
 * ":memory:" gives a private in-memory database for tests.  A database
 * of a newer schema is refused untouched.  A read-write open of a file
 * the user may only read falls back to read-only and says so through
 * store_readonly_reason(). */
enum lofte_rc store_open(const char *path, enum store_mode mode,
                         struct store **out, struct lerr *e);
void store_close(struct store *st);

/* Non-NULL when the store is read-only: why ("opened with -r", "the file
 * is read-only for you", ...). */
const char *store_readonly_reason(const struct store *st);
const char *store_path(const struct store *st);

/* Whether the path still names the file that was opened: a database
 * deleted or replaced (mv) under a running lofte is noticed here, and
 * store_begin refuses to write into the old file then.  The first time
 * it is noticed, the connection's -wal file is emptied into the old
 * file, so that a new database at the path does not inherit it. */
enum store_file { STORE_FILE_SAME, STORE_FILE_GONE, STORE_FILE_REPLACED };
enum store_file store_file_state(struct store *st);

/* Busy timeout in milliseconds for every later statement (default 10 s). */
void store_set_busy_timeout(struct store *st, int ms);
int store_busy_timeout(const struct store *st);

/* Explicit write transactions, for callers that make several changes
 * atomically (import).  store_begin is BEGIN IMMEDIATE. */
enum lofte_rc store_begin(struct store *st, struct lerr *e);
enum lofte_rc store_commit(struct store *st, struct lerr *e);
void store_rollback(struct store *st);

/* All promises, by municipality in Swedish order, then year. */
enum lofte_rc store_list_promises(struct store *st, struct promise_ref **out,
                                  size_t *n, struct lerr *e);

/* The promise of municipality (NULL: any) and year (0: the newest).  When
 * municipality is NULL and year is 0: the newest year of the first
 * municipality in Swedish order.  RC_NOTFOUND when there is none. */
enum lofte_rc store_find_promise(struct store *st, const char *municipality,
                                 int year, int64_t *id, struct lerr *e);

/* Loads a promise with its commitments (archived ones only when
 * with_archived) and their follow-ups. */
enum lofte_rc store_load_promise(struct store *st, int64_t id, int with_archived,
                                 struct promise *out, struct lerr *e);

/* Creates a promise; RC_CONFLICT when municipality and year exist. */
enum lofte_rc store_create_promise(struct store *st, const char *municipality,
                                   int year, const char *title,
                                   int64_t *id, struct lerr *e);

/* Starts next year's promise (or any year's) from promise src_id: its
 * title (with the year in it changed), introduction, parties and the
 * activities that are not archived, with their descriptions and parties;
 * no follow-ups.  RC_CONFLICT when that year exists already.  *n_copied
 * (may be NULL) is the number of activities. */
enum lofte_rc store_copy_promise(struct store *st, int64_t src_id, int year,
                                 const struct actor *who, int64_t *new_id, size_t *n_copied,
                                 struct lerr *e);

/* Saves the text and status of one follow-up as a new version.
 * expected_version is the version the caller started from (0: none
 * existed); when someone saved in between the call returns RC_CONFLICT
 * and changes nothing.  A save equal to the current text and status is
 * not a new version.  On success *new_version (may be NULL) is set. */
enum lofte_rc store_save_followup(struct store *st, int64_t commitment_id,
                                  int tertial, const char *text,
                                  enum status status, int64_t expected_version,
                                  const struct actor *who,
                                  int64_t *new_version, struct lerr *e);

/* Adds an activity at the end of a promise (its position is one more
 * than the highest); *id is its id. */
enum lofte_rc store_add_commitment(struct store *st, int64_t promise_id, const char *title,
                                   const char *description, const struct strlist *responsible,
                                   const struct actor *who, int64_t *id, struct lerr *e);

/* Changes an activity's title, description, responsible parties and
 * archived flag as a new version; RC_CONFLICT when its version is no
 * longer expected_version (someone else changed it first). */
enum lofte_rc store_update_commitment(struct store *st, int64_t id, const char *title,
                                      const char *description,
                                      const struct strlist *responsible, int archived,
                                      int64_t expected_version, const struct actor *who,
                                      struct lerr *e);

/* Moves a follow-up along the review: draft -> ready -> approved, or a
 * ready or approved one back to draft with a comment (kept until the
 * next step).  A new version, attributed like every save; RC_CONFLICT as
 * for saves; RC_FAIL for a step that does not exist. */
enum lofte_rc store_set_review(struct store *st, int64_t commitment_id, int tertial,
                               enum review review, const char *comment, int64_t expected_version,
                               const struct actor *who, int64_t *new_version, struct lerr *e);

/* Replaces the numeric targets of an activity with with->indicators
 * (and their outcomes). */
enum lofte_rc store_set_indicators(struct store *st, int64_t commitment_id,
                                   const struct commitment *with, const struct actor *who,
                                   struct lerr *e);

/* Sets (has = 1) or clears the outcome of a target in a tertial. */
enum lofte_rc store_set_outcome(struct store *st, int64_t indicator_id, int tertial, int has,
                                double value, const struct actor *who, struct lerr *e);

/* Every saved version of a follow-up, oldest first. */
enum lofte_rc store_followup_history(struct store *st, int64_t followup_id,
                                     struct revision **out, size_t *n,
                                     struct lerr *e);

/* A number that changes whenever another connection commits a change
 * (PRAGMA data_version); polled from the interface's idle loop. */
enum lofte_rc store_data_version(struct store *st, int64_t *out, struct lerr *e);

/* The current text, status and version of one follow-up (present 0 when
 * none is saved), for a conflict: what the other person saved. */
enum lofte_rc store_load_followup(struct store *st, int64_t commitment_id, int tertial,
                                  struct followup *out, struct lerr *e);

/* --- drafts: what someone is typing, kept so that nothing is lost ---- */

struct draft {
	char *text;
	enum status status;
	int64_t base_version;   /* the version the editor started from */
	char *saved_at;         /* UTC */
};

void draft_free(struct draft *d);

/* Keeps (replaces) the draft of login for a follow-up. */
enum lofte_rc store_save_draft(struct store *st, const char *login, int64_t commitment_id,
                               int tertial, const char *text, enum status status,
                               int64_t base_version, struct lerr *e);
/* RC_NOTFOUND when login has no draft there. */
enum lofte_rc store_get_draft(struct store *st, const char *login, int64_t commitment_id,
                              int tertial, struct draft *out, struct lerr *e);
enum lofte_rc store_delete_draft(struct store *st, const char *login, int64_t commitment_id,
                                 int tertial, struct lerr *e);

/* --- presence: who has a follow-up open in the editor ------------------ */

struct presence {
	int64_t commitment_id;
	int tertial;
	char *login, *name, *department;
	char *since;            /* UTC */
};

void presences_free(struct presence *p, size_t n);

/* Says that this process (who) edits a follow-up; *id names the row for
 * store_presence_leave.  Rows of processes that are gone are removed. */
enum lofte_rc store_presence_enter(struct store *st, int64_t commitment_id, int tertial,
                                   const struct actor *who, int64_t *id, struct lerr *e);
enum lofte_rc store_presence_leave(struct store *st, int64_t id, struct lerr *e);
/* Everyone else editing in a promise now (rows of live processes only,
 * and not this process's own). */
enum lofte_rc store_presence_list(struct store *st, int64_t promise_id, struct presence **out,
                                  size_t *n, struct lerr *e);

/* One saved version of an activity (title, description, parties and
 * whether it was archived), from its history. */
struct commitment_revision {
	int64_t version;
	char *title;
	char *description;
	char *responsible;      /* joined with ", " */
	int archived;
	struct stamp stamp;
};

void commitment_revisions_free(struct commitment_revision *r, size_t n);

/* Every saved version of an activity, oldest first. */
enum lofte_rc store_commitment_history(struct store *st, int64_t commitment_id,
                                       struct commitment_revision **out, size_t *n,
                                       struct lerr *e);

/* Counts what an import changed. */
struct import_stats {
	int promises_created;
	int promises_updated;
	int commitments_created;
	int commitments_updated;
	int followups_saved;     /* new versions written */
	int followups_unchanged;
};

/* Writes one parsed promise into the database inside the caller's
 * transaction: creates it, or updates the promise of the same
 * municipality and year.  Commitments are matched by position; every
 * follow-up whose text or status differs becomes a new version
 * attributed to who.  Commitments the document no longer lists are
 * archived, never deleted. */
enum lofte_rc store_import_promise(struct store *st, const struct promise *doc,
                                   const struct actor *who,
                                   struct import_stats *stats, struct lerr *e);

/* Writes {"promises":[...]} for the given promises (interface.md) using
 * SQLite's JSON functions, with "history" when with_history. */
enum lofte_rc store_export_json(struct store *st, const int64_t *ids, size_t n,
                                int with_history, enum approved_only approved, FILE *out,
                                struct lerr *e);

/* Full-text search over titles, descriptions and follow-up texts of one
 * promise (0: all).  Swedish-aware: å ä ö are letters of their own. */
struct search_hit {
	int64_t promise_id;
	int64_t commitment_id;
	int tertial;            /* 0: the hit is in the title or description */
	char *snippet;          /* with the hit between \x01 and \x02 */
};

enum lofte_rc store_search(struct store *st, int64_t promise_id,
                           const char *query, struct search_hit **out,
                           size_t *n, struct lerr *e);
void search_hits_free(struct search_hit *h, size_t n);

#endif
