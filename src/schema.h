/* schema.h - the numbered schema migrations, private to store.c.
 *
 * Migration N brings a database from user_version N-1 to N.  They run
 * in order inside one BEGIN IMMEDIATE transaction.  Never edit a
 * migration that has shipped: add a new one. */
#ifndef LOFTE_SCHEMA_H
#define LOFTE_SCHEMA_H

static const char *const schema_migrations[] = {
	/* 1: promises, commitments, follow-ups, append-only histories, FTS5. */
	"CREATE TABLE promise ("
	"  id INTEGER PRIMARY KEY,"
	"  municipality TEXT NOT NULL CHECK (municipality <> ''),"
	"  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9999),"
	"  title TEXT NOT NULL,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  parties TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(parties)),"
	"  created_at TEXT NOT NULL,"
	"  UNIQUE (municipality, year));"

	"CREATE TABLE commitment ("
	"  id INTEGER PRIMARY KEY,"
	"  promise_id INTEGER NOT NULL REFERENCES promise(id),"
	"  position INTEGER NOT NULL,"
	"  title TEXT NOT NULL CHECK (title <> ''),"
	"  description TEXT NOT NULL DEFAULT '',"
	"  responsible TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(responsible)),"
	"  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  updated_by TEXT NOT NULL, department TEXT NOT NULL,"
	"  login TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX commitment_by_promise ON commitment (promise_id, position);"

	"CREATE TABLE commitment_history ("
	"  id INTEGER PRIMARY KEY,"
	"  commitment_id INTEGER NOT NULL REFERENCES commitment(id),"
	"  version INTEGER NOT NULL,"
	"  position INTEGER NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL,"
	"  responsible TEXT NOT NULL, archived INTEGER NOT NULL,"
	"  updated_by TEXT NOT NULL, department TEXT NOT NULL,"
	"  login TEXT NOT NULL, updated_at TEXT NOT NULL,"
	"  UNIQUE (commitment_id, version));"

	"CREATE TABLE followup ("
	"  id INTEGER PRIMARY KEY,"
	"  commitment_id INTEGER NOT NULL REFERENCES commitment(id),"
	"  tertial INTEGER NOT NULL CHECK (tertial BETWEEN 1 AND 3),"
	"  status TEXT NOT NULL CHECK (status IN"
	"    ('not-started', 'in-progress', 'done', 'delayed', 'cancelled')),"
	"  text TEXT NOT NULL DEFAULT '',"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  updated_by TEXT NOT NULL, department TEXT NOT NULL,"
	"  login TEXT NOT NULL, updated_at TEXT NOT NULL,"
	"  UNIQUE (commitment_id, tertial));"

	"CREATE TABLE followup_history ("
	"  id INTEGER PRIMARY KEY,"
	"  followup_id INTEGER NOT NULL REFERENCES followup(id),"
	"  version INTEGER NOT NULL,"
	"  status TEXT NOT NULL, text TEXT NOT NULL,"
	"  updated_by TEXT NOT NULL, department TEXT NOT NULL,"
	"  login TEXT NOT NULL, updated_at TEXT NOT NULL,"
	"  UNIQUE (followup_id, version));"

	/* Every saved version lands in the history, whoever writes the row. */
	"CREATE TRIGGER followup_history_insert AFTER INSERT ON followup BEGIN"
	"  INSERT INTO followup_history (followup_id, version, status, text,"
	"    updated_by, department, login, updated_at)"
	"  VALUES (new.id, new.version, new.status, new.text,"
	"    new.updated_by, new.department, new.login, new.updated_at); END;"
	"CREATE TRIGGER followup_history_update AFTER UPDATE ON followup"
	"  WHEN new.version <> old.version BEGIN"
	"  INSERT INTO followup_history (followup_id, version, status, text,"
	"    updated_by, department, login, updated_at)"
	"  VALUES (new.id, new.version, new.status, new.text,"
	"    new.updated_by, new.department, new.login, new.updated_at); END;"
	"CREATE TRIGGER commitment_history_insert AFTER INSERT ON commitment BEGIN"
	"  INSERT INTO commitment_history (commitment_id, version, position, title,"
	"    description, responsible, archived, updated_by, department, login, updated_at)"
	"  VALUES (new.id, new.version, new.position, new.title, new.description,"
	"    new.responsible, new.archived, new.updated_by, new.department, new.login,"
	"    new.updated_at); END;"
	"CREATE TRIGGER commitment_history_update AFTER UPDATE ON commitment"
	"  WHEN new.version <> old.version BEGIN"
	"  INSERT INTO commitment_history (commitment_id, version, position, title,"
	"    description, responsible, archived, updated_by, department, login, updated_at)"
	"  VALUES (new.id, new.version, new.position, new.title, new.description,"
	"    new.responsible, new.archived, new.updated_by, new.department, new.login,"
	"    new.updated_at); END;"

	/* Nothing is ever deleted from a history, nor changed in it. */
	"CREATE TRIGGER followup_history_no_update BEFORE UPDATE ON followup_history"
	"  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;"
	"CREATE TRIGGER followup_history_no_delete BEFORE DELETE ON followup_history"
	"  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;"
	"CREATE TRIGGER commitment_history_no_update BEFORE UPDATE ON commitment_history"
	"  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;"
	"CREATE TRIGGER commitment_history_no_delete BEFORE DELETE ON commitment_history"
	"  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;"

	/* Full-text search.  remove_diacritics 0: å ä ö are letters of their
	 * own in Swedish, not accented a and o. */
	"CREATE VIRTUAL TABLE commitment_fts USING fts5(title, description,"
	"  content='commitment', content_rowid='id',"
	"  tokenize='unicode61 remove_diacritics 0');"
	"CREATE VIRTUAL TABLE followup_fts USING fts5(text,"
	"  content='followup', content_rowid='id',"
	"  tokenize='unicode61 remove_diacritics 0');"
	"CREATE TRIGGER commitment_fts_insert AFTER INSERT ON commitment BEGIN"
	"  INSERT INTO commitment_fts (rowid, title, description)"
	"  VALUES (new.id, new.title, new.description); END;"
	"CREATE TRIGGER commitment_fts_update AFTER UPDATE OF title, description ON commitment BEGIN"
	"  INSERT INTO commitment_fts (commitment_fts, rowid, title, description)"
	"  VALUES ('delete', old.id, old.title, old.description);"
	"  INSERT INTO commitment_fts (rowid, title, description)"
	"  VALUES (new.id, new.title, new.description); END;"
	"CREATE TRIGGER followup_fts_insert AFTER INSERT ON followup BEGIN"
	"  INSERT INTO followup_fts (rowid, text) VALUES (new.id, new.text); END;"
	"CREATE TRIGGER followup_fts_update AFTER UPDATE OF text ON followup BEGIN"
	"  INSERT INTO followup_fts (followup_fts, rowid, text) VALUES ('delete', old.id, old.text);"
	"  INSERT INTO followup_fts (rowid, text) VALUES (new.id, new.text); END;",

	/* 2: drafts kept while someone types, and who is editing what. */
	"CREATE TABLE draft ("
	"  login TEXT NOT NULL,"
	"  commitment_id INTEGER NOT NULL REFERENCES commitment(id),"
	"  tertial INTEGER NOT NULL CHECK (tertial BETWEEN 1 AND 3),"
	"  text TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  base_version INTEGER NOT NULL,"
	"  saved_at TEXT NOT NULL,"
	"  PRIMARY KEY (login, commitment_id, tertial));"

	/* Advisory: a row lives while its process does (host, pid and the
	 * process's start time, so a reused pid does not count). */
	"CREATE TABLE presence ("
	"  id INTEGER PRIMARY KEY,"
	"  commitment_id INTEGER NOT NULL REFERENCES commitment(id),"
	"  tertial INTEGER NOT NULL CHECK (tertial BETWEEN 1 AND 3),"
	"  login TEXT NOT NULL, name TEXT NOT NULL, department TEXT NOT NULL,"
	"  host TEXT NOT NULL, pid INTEGER NOT NULL, started TEXT NOT NULL,"
	"  since TEXT NOT NULL);"
	"CREATE INDEX presence_by_followup ON presence (commitment_id, tertial);",

	/* 3: review before publishing (draft, ready, approved, with the
	 * reviewer's comment), kept in the history like every change; and
	 * each promise's own deadlines (NULL: 15 days after the tertial). */
	"ALTER TABLE followup ADD COLUMN review TEXT NOT NULL DEFAULT 'draft'"
	"  CHECK (review IN ('draft', 'ready', 'approved'));"
	"ALTER TABLE followup ADD COLUMN review_comment TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE followup_history ADD COLUMN review TEXT NOT NULL DEFAULT 'draft';"
	"ALTER TABLE followup_history ADD COLUMN review_comment TEXT NOT NULL DEFAULT '';"
	"DROP TRIGGER followup_history_insert;"
	"DROP TRIGGER followup_history_update;"
	"CREATE TRIGGER followup_history_insert AFTER INSERT ON followup BEGIN"
	"  INSERT INTO followup_history (followup_id, version, status, text, review, review_comment,"
	"    updated_by, department, login, updated_at)"
	"  VALUES (new.id, new.version, new.status, new.text, new.review, new.review_comment,"
	"    new.updated_by, new.department, new.login, new.updated_at); END;"
	"CREATE TRIGGER followup_history_update AFTER UPDATE ON followup"
	"  WHEN new.version <> old.version BEGIN"
	"  INSERT INTO followup_history (followup_id, version, status, text, review, review_comment,"
	"    updated_by, department, login, updated_at)"
	"  VALUES (new.id, new.version, new.status, new.text, new.review, new.review_comment,"
	"    new.updated_by, new.department, new.login, new.updated_at); END;"
	"ALTER TABLE promise ADD COLUMN deadline_1 TEXT;"
	"ALTER TABLE promise ADD COLUMN deadline_2 TEXT;"
	"ALTER TABLE promise ADD COLUMN deadline_3 TEXT;",

	/* 4: numeric targets of an activity (e.g. at least 800 foot patrols)
	 * and the outcome reported in each tertial. */
	"CREATE TABLE indicator ("
	"  id INTEGER PRIMARY KEY,"
	"  commitment_id INTEGER NOT NULL REFERENCES commitment(id),"
	"  position INTEGER NOT NULL,"
	"  name TEXT NOT NULL CHECK (name <> ''),"
	"  at_most INTEGER NOT NULL DEFAULT 0 CHECK (at_most IN (0, 1)),"
	"  target REAL NOT NULL,"
	"  UNIQUE (commitment_id, name));"
	"CREATE TABLE indicator_outcome ("
	"  indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,"
	"  tertial INTEGER NOT NULL CHECK (tertial BETWEEN 1 AND 3),"
	"  value REAL NOT NULL,"
	"  updated_by TEXT NOT NULL, department TEXT NOT NULL,"
	"  login TEXT NOT NULL, updated_at TEXT NOT NULL,"
	"  PRIMARY KEY (indicator_id, tertial));",
};

#define SCHEMA_VERSION ((int)(sizeof schema_migrations / sizeof schema_migrations[0]))

#endif
