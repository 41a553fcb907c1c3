-- 002: hearing days, their panels, the cases listed on them, what happened
-- at each case (attendance, declarations, advice, votes), the decisions in
-- versions, their timed effects on the licence, appeals, and the entries
-- for the national register (NR3S). BLOB columns are ciphertexts bound to
-- their table, column and row, as in 001.

CREATE TABLE hearings (
  id              INTEGER PRIMARY KEY,
  date            TEXT NOT NULL,
  time            TEXT NOT NULL,
  venue           TEXT NOT NULL CHECK (length(venue) > 0),
  capacity        INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100),
  mode            TEXT NOT NULL CHECK (mode IN ('sole', 'panel')),
  decision_maker  TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('scheduled', 'cancelled', 'locked')),
  state_reason    TEXT,
  created         TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  modified        TEXT NOT NULL
) STRICT;
CREATE INDEX hearings_date_idx ON hearings (date, id);

-- The panel: the decision-maker (the chair in panel mode) and the board
-- members. present is NULL until recorded.
CREATE TABLE hearing_members (
  hearing_id      INTEGER NOT NULL REFERENCES hearings (id),
  user            TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('decision-maker', 'board-member')),
  present         INTEGER CHECK (present IN (0, 1)),
  PRIMARY KEY (hearing_id, user)
) STRICT;

CREATE TABLE cases (
  id              INTEGER PRIMARY KEY,
  hearing_id      INTEGER NOT NULL REFERENCES hearings (id),
  driver_id       INTEGER NOT NULL REFERENCES drivers (id),
  kind            TEXT NOT NULL CHECK (kind IN ('application', 'renewal', 'review')),
  relisted_from   INTEGER UNIQUE REFERENCES cases (id),
  notified        TEXT,
  attendance      TEXT CHECK (attendance IN ('attended', 'represented', 'did-not-attend')),
  -- the current decision (the newest version in decisions), for listing
  -- and counting
  outcome         TEXT CHECK (outcome IN ('deferred', 'granted', 'refused', 'no-action',
                                          'warning', 'suspended', 'revoked', 'surrendered',
                                          'withdrawn')),
  decided         TEXT,
  version         INTEGER NOT NULL DEFAULT 0,
  notice_sent     TEXT,
  status_before   TEXT,
  created         TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  modified        TEXT NOT NULL,
  -- sensitive, encrypted
  grounds         BLOB NOT NULL,
  report          BLOB
) STRICT;
CREATE INDEX cases_hearing_idx ON cases (hearing_id, id);
CREATE INDEX cases_driver_idx  ON cases (driver_id, id);

-- Per case and panel member: declarations of interest, advice (sole
-- mode) and votes (panel mode).
CREATE TABLE case_members (
  case_id         INTEGER NOT NULL REFERENCES cases (id),
  user            TEXT NOT NULL,
  prejudicial     INTEGER NOT NULL DEFAULT 0 CHECK (prejudicial IN (0, 1)),
  vote            TEXT CHECK (vote IN ('deferred', 'granted', 'refused', 'no-action',
                                       'warning', 'suspended', 'revoked')),
  vote_until      TEXT,
  modified        TEXT NOT NULL,
  -- sensitive, encrypted
  interest        BLOB,
  advice          BLOB,
  PRIMARY KEY (case_id, user)
) STRICT;

-- Every version of every decision; a correction adds a version.
CREATE TABLE decisions (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES cases (id),
  version         INTEGER NOT NULL CHECK (version >= 1),
  outcome         TEXT NOT NULL CHECK (outcome IN ('deferred', 'granted', 'refused', 'no-action',
                                                   'warning', 'suspended', 'revoked',
                                                   'surrendered', 'withdrawn')),
  decided         TEXT NOT NULL,
  recorded        TEXT NOT NULL,
  recorded_by     TEXT NOT NULL,
  suspend_until   TEXT,
  expires         TEXT,
  immediate       INTEGER NOT NULL DEFAULT 0 CHECK (immediate IN (0, 1)),
  safeguarding    INTEGER NOT NULL DEFAULT 0 CHECK (safeguarding IN (0, 1)),
  tally           TEXT,
  -- sensitive, encrypted
  reasons         BLOB,
  alternatives    BLOB,
  justification   BLOB,
  correction      BLOB,
  UNIQUE (case_id, version)
) STRICT;

-- Every change a case makes to a licence: refusal, grant and surrender at
-- once; a suspension or revocation waiting for the notice and the appeal
-- period (or at once, in the interests of public safety); the end of a
-- suspension. due is the date the change takes (or took) effect.
CREATE TABLE effects (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES cases (id),
  driver_id       INTEGER NOT NULL REFERENCES drivers (id),
  action          TEXT NOT NULL CHECK (action IN ('suspend', 'revoke', 'reinstate', 'refuse',
                                                  'grant', 'surrender')),
  expires         TEXT,
  -- reverted: applied, then undone by a correction or an appeal
  state           TEXT NOT NULL CHECK (state IN ('awaiting-notice', 'awaiting-appeal',
                                                 'scheduled', 'applied', 'cancelled',
                                                 'reverted')),
  due             TEXT,
  applied         TEXT,
  note            TEXT
) STRICT;
CREATE INDEX effects_due_idx    ON effects (state, due);
CREATE INDEX effects_driver_idx ON effects (driver_id, id);
CREATE INDEX effects_case_idx   ON effects (case_id, id);

CREATE TABLE appeals (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL UNIQUE REFERENCES cases (id),
  lodged          TEXT NOT NULL,
  late            INTEGER NOT NULL CHECK (late IN (0, 1)),
  court           TEXT,
  hearing_date    TEXT,
  result          TEXT CHECK (result IN ('dismissed', 'allowed', 'varied', 'withdrawn')),
  result_date     TEXT,
  varied_outcome  TEXT CHECK (varied_outcome IN ('no-action', 'warning', 'suspended',
                                                 'revoked', 'granted', 'refused')),
  varied_until    TEXT,
  created         TEXT NOT NULL,
  modified        TEXT NOT NULL
) STRICT;

-- National register of refusals, revocations and suspensions. The register
-- holds no reasons; the personal details are read from the driver record
-- when the entry is shown or exported.
CREATE TABLE nr3s_entries (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL UNIQUE REFERENCES cases (id),
  driver_id       INTEGER NOT NULL REFERENCES drivers (id),
  decision        TEXT NOT NULL CHECK (decision IN ('refused', 'suspended', 'revoked')),
  decided         TEXT NOT NULL,
  effective       TEXT,
  notified        TEXT,
  deadline        TEXT,
  recorded        TEXT,
  state           TEXT NOT NULL CHECK (state IN ('current', 'varied', 'overturned', 'withdrawn')),
  changes         TEXT NOT NULL DEFAULT '',
  retain_until    TEXT NOT NULL,
  created         TEXT NOT NULL,
  modified        TEXT NOT NULL
) STRICT;
CREATE INDEX nr3s_deadline_idx ON nr3s_entries (recorded, deadline);
