-- 007: an import fills the full-text index once, after its rows (issue 16),
-- rather than through a trigger per row. While import_bulk holds its one
-- row, inside the import's transaction, the insert trigger leaves the index
-- alone; the import then indexes its rows in one statement and deletes the
-- row before it commits (a rollback or a crash takes both away).
CREATE TABLE import_bulk (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  first_id        INTEGER NOT NULL
) STRICT;

DROP TRIGGER drivers_fts_insert;
CREATE TRIGGER drivers_fts_insert AFTER INSERT ON drivers
WHEN NOT EXISTS (SELECT 1 FROM import_bulk) BEGIN
  INSERT INTO drivers_fts (rowid, licence, full_name, badge)
  VALUES (new.id, new.licence, new.full_name, new.badge);
END;
