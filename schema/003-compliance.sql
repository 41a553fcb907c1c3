-- 003: compliance with the licensing policy: per-driver dates (training
-- deadline, medical), safeguarding training attended, DBS checks, audit
-- runs and the flags they raise. BLOB columns are ciphertexts bound to
-- their table, column and row, as in 001.

-- The date the driver reported an offence (self-reporting within 48 hours).
ALTER TABLE convictions ADD COLUMN reported BLOB;

CREATE TABLE compliance (
  driver_id          INTEGER PRIMARY KEY REFERENCES drivers (id),
  training_deadline  TEXT,
  training_final     TEXT,
  medical_due        TEXT,
  -- the date docketd suspended the licence until safeguarding training is
  -- completed; NULL when it holds no such suspension
  training_suspended TEXT,
  modified           TEXT NOT NULL
) STRICT;
CREATE INDEX compliance_deadline_idx ON compliance (training_deadline)
  WHERE training_deadline IS NOT NULL;

-- Every time docketd held a licence suspended for want of training, and
-- when and why the hold was lifted (training recorded, or the licence's
-- status changed otherwise), for the monthly figures.
CREATE TABLE training_holds (
  id          INTEGER PRIMARY KEY,
  driver_id   INTEGER NOT NULL REFERENCES drivers (id),
  suspended   TEXT NOT NULL,
  lifted      TEXT,
  lifted_by   TEXT CHECK (lifted_by IN ('training', 'status'))
) STRICT;
CREATE INDEX training_holds_driver_idx ON training_holds (driver_id, id);

CREATE TABLE training (
  id          INTEGER PRIMARY KEY,
  driver_id   INTEGER NOT NULL REFERENCES drivers (id),
  date        TEXT NOT NULL,
  provider    TEXT NOT NULL CHECK (length(provider) > 0),
  certificate TEXT,
  created     TEXT NOT NULL,
  created_by  TEXT NOT NULL
) STRICT;
CREATE INDEX training_driver_idx ON training (driver_id, date);
CREATE INDEX training_date_idx   ON training (date);

CREATE TABLE dbs_checks (
  id           INTEGER PRIMARY KEY,
  driver_id    INTEGER NOT NULL REFERENCES drivers (id),
  date         TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('enhanced', 'update-service')),
  barred_lists INTEGER NOT NULL CHECK (barred_lists IN (0, 1)),
  created      TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  -- sensitive, encrypted: clear, information or barred; the certificate
  result       BLOB NOT NULL,
  certificate  BLOB
) STRICT;
CREATE INDEX dbs_checks_driver_idx ON dbs_checks (driver_id, date);

-- Every audit run with its figures.
CREATE TABLE audit_runs (
  id          INTEGER PRIMARY KEY,
  as_of       TEXT NOT NULL,
  started     TEXT NOT NULL,
  finished    TEXT NOT NULL,
  user        TEXT NOT NULL,
  trigger     TEXT NOT NULL CHECK (trigger IN ('manual', 'scheduled')),
  audited     INTEGER NOT NULL,
  in_breach   INTEGER NOT NULL,
  raised      INTEGER NOT NULL,
  resolved    INTEGER NOT NULL,
  -- safeguarding training among the licences audited, as of the run
  trained             INTEGER NOT NULL,
  training_overdue    INTEGER NOT NULL,
  training_suspended  INTEGER NOT NULL
) STRICT;
CREATE INDEX audit_runs_as_of_idx ON audit_runs (as_of, id);

-- A licence found in breach of a rule. At most one open or referred flag
-- per driver and rule. The evidence holds no sensitive value.
CREATE TABLE flags (
  id           INTEGER PRIMARY KEY,
  driver_id    INTEGER NOT NULL REFERENCES drivers (id),
  rule         TEXT NOT NULL,
  evidence     TEXT NOT NULL,
  raised       TEXT NOT NULL,
  run_id       INTEGER REFERENCES audit_runs (id),
  last_run_id  INTEGER REFERENCES audit_runs (id),
  status       TEXT NOT NULL CHECK (status IN ('open', 'referred', 'dismissed', 'resolved')),
  status_date  TEXT NOT NULL,
  status_by    TEXT NOT NULL,
  -- the case it was referred to, kept after the flag resolves
  case_id      INTEGER REFERENCES cases (id),
  referred     TEXT,
  modified     TEXT NOT NULL,
  -- sensitive, encrypted: why it was dismissed or referred
  reason       BLOB
) STRICT;
CREATE UNIQUE INDEX flags_live_idx ON flags (driver_id, rule)
  WHERE status IN ('open', 'referred');
CREATE INDEX flags_status_idx ON flags (status, raised, id);
CREATE INDEX flags_driver_idx ON flags (driver_id, id);
CREATE INDEX flags_run_idx    ON flags (run_id);
CREATE INDEX flags_case_idx   ON flags (case_id) WHERE case_id IS NOT NULL;
