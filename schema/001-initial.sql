-- 001: drivers, their convictions, notes and status history; roles; the
-- audit log. Columns of type BLOB named after a field hold ciphertexts made
-- by daemon/docket-crypto.c, bound to their table, column and row.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
) STRICT;

CREATE TABLE drivers (
  id              INTEGER PRIMARY KEY,
  licence         TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL CHECK (kind IN ('hackney', 'private-hire', 'dual')),
  full_name       TEXT NOT NULL CHECK (length(full_name) > 0),
  status          TEXT NOT NULL CHECK (status IN ('applicant', 'active', 'suspended',
                                                  'revoked', 'refused', 'surrendered',
                                                  'expired')),
  badge           TEXT UNIQUE,
  issued          TEXT,
  expires         TEXT,
  created         TEXT NOT NULL,
  modified        TEXT NOT NULL,
  -- sensitive, encrypted
  dob             BLOB,
  address         BLOB,
  phone           BLOB,
  email           BLOB,
  ni_number       BLOB,
  dvla_number     BLOB,
  dbs_certificate BLOB,
  dbs_disclosure  BLOB,
  -- blind indexes for exact search (keyed BLAKE2b, truncated)
  ni_bidx         BLOB,
  dvla_bidx       BLOB
) STRICT;

CREATE INDEX drivers_status_idx  ON drivers (status, licence);
CREATE INDEX drivers_kind_idx    ON drivers (kind, licence);
CREATE INDEX drivers_expires_idx ON drivers (expires, licence);
CREATE INDEX drivers_name_idx    ON drivers (full_name COLLATE NOCASE, licence);
CREATE INDEX drivers_ni_idx      ON drivers (ni_bidx) WHERE ni_bidx IS NOT NULL;
CREATE INDEX drivers_dvla_idx    ON drivers (dvla_bidx) WHERE dvla_bidx IS NOT NULL;

-- Full-text search over the fields that are not sensitive.
CREATE VIRTUAL TABLE drivers_fts USING fts5 (
  licence, full_name, badge,
  content = 'drivers', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);

CREATE TRIGGER drivers_fts_insert AFTER INSERT ON drivers BEGIN
  INSERT INTO drivers_fts (rowid, licence, full_name, badge)
  VALUES (new.id, new.licence, new.full_name, new.badge);
END;

CREATE TRIGGER drivers_fts_delete AFTER DELETE ON drivers BEGIN
  INSERT INTO drivers_fts (drivers_fts, rowid, licence, full_name, badge)
  VALUES ('delete', old.id, old.licence, old.full_name, old.badge);
END;

CREATE TRIGGER drivers_fts_update AFTER UPDATE OF licence, full_name, badge ON drivers BEGIN
  INSERT INTO drivers_fts (drivers_fts, rowid, licence, full_name, badge)
  VALUES ('delete', old.id, old.licence, old.full_name, old.badge);
  INSERT INTO drivers_fts (rowid, licence, full_name, badge)
  VALUES (new.id, new.licence, new.full_name, new.badge);
END;

CREATE TABLE status_history (
  id          INTEGER PRIMARY KEY,
  driver_id   INTEGER NOT NULL REFERENCES drivers (id),
  time        TEXT NOT NULL,
  user        TEXT NOT NULL,
  old_status  TEXT,
  new_status  TEXT NOT NULL,
  reason      TEXT NOT NULL
) STRICT;
CREATE INDEX status_history_driver_idx ON status_history (driver_id, id);

CREATE TABLE convictions (
  id          INTEGER PRIMARY KEY,
  driver_id   INTEGER NOT NULL REFERENCES drivers (id),
  created     TEXT NOT NULL,
  -- sensitive, encrypted
  date        BLOB NOT NULL,
  kind        BLOB NOT NULL,
  offence     BLOB NOT NULL,
  category    BLOB NOT NULL,
  sentence    BLOB
) STRICT;
CREATE INDEX convictions_driver_idx ON convictions (driver_id, id);

CREATE TABLE notes (
  id          INTEGER PRIMARY KEY,
  driver_id   INTEGER NOT NULL REFERENCES drivers (id),
  kind        TEXT NOT NULL CHECK (kind IN ('intelligence', 'complaint', 'medical')),
  date        TEXT NOT NULL,
  created     TEXT NOT NULL,
  author      TEXT NOT NULL,
  -- sensitive, encrypted
  text        BLOB NOT NULL
) STRICT;
CREATE INDEX notes_driver_idx ON notes (driver_id, id);

CREATE TABLE user_roles (
  user        TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('officer', 'decision-maker', 'board-member',
                                            'auditor', 'admin')),
  granted_by  TEXT NOT NULL,
  granted     TEXT NOT NULL,
  PRIMARY KEY (user, role)
) STRICT;

-- Each entry's hash is a keyed BLAKE2b over the previous entry's hash and
-- this entry's fields, so an edit, deletion or reordering breaks the chain
-- at that entry.
CREATE TABLE audit_log (
  seq         INTEGER PRIMARY KEY,
  time        TEXT NOT NULL,
  user        TEXT NOT NULL,
  action      TEXT NOT NULL,
  object      TEXT NOT NULL,
  summary     TEXT NOT NULL,
  hash        BLOB NOT NULL
) STRICT;
