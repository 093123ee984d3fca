-- Hostile bytes written straight into a database made from hostile-doc.sh,
-- the way another program or an older version could: what the document
-- format refuses (invalid UTF-8, NUL, raw 8-bit C1 bytes, CR) and line
-- breaks in one-line fields.  Each change is a new version, so it is in
-- the history too.  Plain ASCII: the bytes are hex blobs cast to TEXT.
--   sqlite3 hostile.db < tests/data/hostile/inject.sql

-- Activity 1, tertial 3: invalid UTF-8 (C3 28, a lone FF, a truncated
-- E2 82), a raw 8-bit CSI byte (9B: "CSI 2J" on an 8-bit terminal), a
-- lone CR, and a NUL after which nothing is read.
INSERT INTO followup (commitment_id, tertial, status, text, updated_by, department, login, updated_at)
  VALUES (1, 3, 'in-progress',
    CAST(X'494E56414C4944205AC3285A20FF205AE2825A20432D3142595445205A9B324A5A20435220415A0D5A20736C75740A4E554C205A005A206761726261676520616674657220746865204E554C' AS TEXT),
    'Skript', 'Annan', 'script', '2024-05-01T10:00:00Z');

-- A second version of activity 1, tertial 1 by a name with OSC 2 and a
-- department with a raw 9B: the history and "senast ändrad" show them.
UPDATE followup SET
  text = text || char(10) || 'VERSION2 ' || char(27) || ']52;c;djI=' || char(7) || 'v2',
  updated_by = 'Namn' || char(27) || ']2;PWNED-NAME' || char(7),
  department = CAST(X'41766420209B33316D' AS TEXT),
  login = 'lo' || char(27) || '[2Jgin',
  version = version + 1
  WHERE commitment_id = 1 AND tertial = 1;

-- A line break in a one-line field: an activity title that would write a
-- heading of its own into a Markdown export, and a review comment.
UPDATE commitment SET title = 'Radbrytning' || char(10) || '## 9. Falsk rubrik', version = version + 1
  WHERE id = 4;
UPDATE followup SET review_comment = 'rad ett' || char(10) || '### Tertial 3' || char(10) || 'Status: Genomförd'
  WHERE commitment_id = 4 AND tertial = 1;
