-- 006: the record of decisions kept counted (issue 16), so that any range
-- costs in proportion to its months, not to the history. One row per
-- hearing not cancelled, its cases counted by outcome and attendance as
-- Statistics.Get counts them (DOMAIN.md, "Counting"), and one row per month
-- summed from those. Triggers keep both in the same transaction as every
-- change to a case or a hearing, whichever code makes it; Statistics.Check
-- (docketctl stats --check) counts again from the cases and compares.

-- The count from scratch, per hearing not cancelled: what the tables must
-- always equal.
CREATE VIEW stats_recount AS
SELECT h.id AS hearing_id, h.date AS date,
       COUNT(c.id) AS listed,
       COALESCE(SUM(c.attendance = 'did-not-attend'), 0) AS did_not_attend,
       COALESCE(SUM(c.outcome = 'deferred'), 0) AS deferred,
       COALESCE(SUM(c.outcome = 'granted'), 0) AS granted,
       COALESCE(SUM(c.outcome = 'refused'), 0) AS refused,
       COALESCE(SUM(c.outcome = 'no-action'), 0) AS no_action,
       COALESCE(SUM(c.outcome = 'suspended'), 0) AS suspended,
       COALESCE(SUM(c.outcome = 'revoked'), 0) AS revoked,
       COALESCE(SUM(c.outcome = 'warning'), 0) AS warnings,
       COALESCE(SUM(c.outcome = 'surrendered'), 0) AS surrendered,
       COALESCE(SUM(c.outcome = 'withdrawn'), 0) AS withdrawn,
       COALESCE(SUM(c.id IS NOT NULL AND c.outcome IS NULL), 0) AS pending
FROM hearings h LEFT JOIN cases c ON c.hearing_id = h.id
WHERE h.state != 'cancelled'
GROUP BY h.id;

CREATE TABLE stats_hearings (
  hearing_id      INTEGER PRIMARY KEY,
  date            TEXT NOT NULL,
  listed          INTEGER NOT NULL,
  did_not_attend  INTEGER NOT NULL,
  deferred        INTEGER NOT NULL,
  granted         INTEGER NOT NULL,
  refused         INTEGER NOT NULL,
  no_action       INTEGER NOT NULL,
  suspended       INTEGER NOT NULL,
  revoked         INTEGER NOT NULL,
  warnings        INTEGER NOT NULL,
  surrendered     INTEGER NOT NULL,
  withdrawn       INTEGER NOT NULL,
  pending         INTEGER NOT NULL
) STRICT;
CREATE INDEX stats_hearings_date_idx ON stats_hearings (date, hearing_id);

CREATE TABLE stats_months (
  month           TEXT PRIMARY KEY,  -- YYYY-MM
  listed          INTEGER NOT NULL,
  did_not_attend  INTEGER NOT NULL,
  deferred        INTEGER NOT NULL,
  granted         INTEGER NOT NULL,
  refused         INTEGER NOT NULL,
  no_action       INTEGER NOT NULL,
  suspended       INTEGER NOT NULL,
  revoked         INTEGER NOT NULL,
  warnings        INTEGER NOT NULL,
  surrendered     INTEGER NOT NULL,
  withdrawn       INTEGER NOT NULL,
  pending         INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- The months follow the hearings' rows.
CREATE TRIGGER stats_months_add AFTER INSERT ON stats_hearings BEGIN
  INSERT INTO stats_months VALUES (substr(NEW.date, 1, 7), NEW.listed, NEW.did_not_attend, NEW.deferred, NEW.granted, NEW.refused, NEW.no_action, NEW.suspended, NEW.revoked, NEW.warnings, NEW.surrendered, NEW.withdrawn, NEW.pending)
  ON CONFLICT (month) DO UPDATE SET listed = listed + excluded.listed, did_not_attend = did_not_attend + excluded.did_not_attend, deferred = deferred + excluded.deferred, granted = granted + excluded.granted, refused = refused + excluded.refused, no_action = no_action + excluded.no_action, suspended = suspended + excluded.suspended, revoked = revoked + excluded.revoked, warnings = warnings + excluded.warnings, surrendered = surrendered + excluded.surrendered, withdrawn = withdrawn + excluded.withdrawn, pending = pending + excluded.pending;
END;
CREATE TRIGGER stats_months_remove AFTER DELETE ON stats_hearings BEGIN
  UPDATE stats_months SET listed = listed - OLD.listed, did_not_attend = did_not_attend - OLD.did_not_attend, deferred = deferred - OLD.deferred, granted = granted - OLD.granted, refused = refused - OLD.refused, no_action = no_action - OLD.no_action, suspended = suspended - OLD.suspended, revoked = revoked - OLD.revoked, warnings = warnings - OLD.warnings, surrendered = surrendered - OLD.surrendered, withdrawn = withdrawn - OLD.withdrawn, pending = pending - OLD.pending
  WHERE month = substr(OLD.date, 1, 7);
END;

-- A hearing's row is counted again whenever one of its cases or the
-- hearing itself changes in what is counted.
CREATE TRIGGER stats_case_insert AFTER INSERT ON cases BEGIN
  DELETE FROM stats_hearings WHERE hearing_id = NEW.hearing_id;
  INSERT INTO stats_hearings SELECT * FROM stats_recount WHERE hearing_id = NEW.hearing_id;
END;
CREATE TRIGGER stats_case_update AFTER UPDATE OF hearing_id, attendance, outcome ON cases BEGIN
  DELETE FROM stats_hearings WHERE hearing_id = NEW.hearing_id;
  INSERT INTO stats_hearings SELECT * FROM stats_recount WHERE hearing_id = NEW.hearing_id;
END;
CREATE TRIGGER stats_case_move AFTER UPDATE OF hearing_id ON cases WHEN OLD.hearing_id != NEW.hearing_id BEGIN
  DELETE FROM stats_hearings WHERE hearing_id = OLD.hearing_id;
  INSERT INTO stats_hearings SELECT * FROM stats_recount WHERE hearing_id = OLD.hearing_id;
END;
CREATE TRIGGER stats_case_delete AFTER DELETE ON cases BEGIN
  DELETE FROM stats_hearings WHERE hearing_id = OLD.hearing_id;
  INSERT INTO stats_hearings SELECT * FROM stats_recount WHERE hearing_id = OLD.hearing_id;
END;
CREATE TRIGGER stats_hearing_insert AFTER INSERT ON hearings BEGIN
  DELETE FROM stats_hearings WHERE hearing_id = NEW.id;
  INSERT INTO stats_hearings SELECT * FROM stats_recount WHERE hearing_id = NEW.id;
END;
CREATE TRIGGER stats_hearing_update AFTER UPDATE OF date, state ON hearings BEGIN
  DELETE FROM stats_hearings WHERE hearing_id = NEW.id;
  INSERT INTO stats_hearings SELECT * FROM stats_recount WHERE hearing_id = NEW.id;
END;
CREATE TRIGGER stats_hearing_delete AFTER DELETE ON hearings BEGIN
  DELETE FROM stats_hearings WHERE hearing_id = OLD.id;
END;

-- The record so far.
INSERT INTO stats_hearings SELECT * FROM stats_recount;
