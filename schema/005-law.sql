-- 005: the rest of the law the hearings follow (issue 14): appeals onward
-- to the Crown Court, the NR3S searches before a grant, members' training
-- before they sit, notices from templates, dispensations.

-- An appeal to the Crown Court against the magistrates' court's decision
-- (Public Health Act 1936 s.301, applied by the 1976 Act s.77(1)), lodged
-- within 21 days of it (Criminal Procedure Rules r.34.2).
ALTER TABLE appeals ADD COLUMN crown_lodged TEXT;
ALTER TABLE appeals ADD COLUMN crown_late INTEGER NOT NULL DEFAULT 0 CHECK (crown_late IN (0, 1));
ALTER TABLE appeals ADD COLUMN crown_court TEXT;
ALTER TABLE appeals ADD COLUMN crown_hearing_date TEXT;
ALTER TABLE appeals ADD COLUMN crown_result TEXT
  CHECK (crown_result IN ('dismissed', 'allowed', 'varied', 'withdrawn'));
ALTER TABLE appeals ADD COLUMN crown_result_date TEXT;
ALTER TABLE appeals ADD COLUMN crown_varied_outcome TEXT
  CHECK (crown_varied_outcome IN ('no-action', 'warning', 'suspended', 'revoked', 'granted', 'refused'));
ALTER TABLE appeals ADD COLUMN crown_varied_until TEXT;

-- Searches of the national register made before a grant or renewal (2022
-- Act s.3(1)): the day and the result. A match names the authority that
-- made the entry: personal data about the driver, encrypted.
CREATE TABLE nr3s_searches (
  id              INTEGER PRIMARY KEY,
  driver_id       INTEGER NOT NULL REFERENCES drivers (id),
  searched        TEXT NOT NULL,
  result          TEXT NOT NULL CHECK (result IN ('no-match', 'match')),
  created         TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  -- sensitive, encrypted
  authority       BLOB,
  details         BLOB
) STRICT;
CREATE INDEX nr3s_searches_driver_idx ON nr3s_searches (driver_id, searched);

-- Licensing-hearing training of decision-makers and board members, which
-- they complete before they sit (Statutory Taxi and Private Hire Vehicle
-- Standards 2020, section 4, "Training decision makers"). A hearing
-- scheduled with someone untrained keeps the reason given.
CREATE TABLE member_training (
  id              INTEGER PRIMARY KEY,
  user            TEXT NOT NULL,
  completed       TEXT NOT NULL,
  course          TEXT NOT NULL CHECK (length(course) > 0),
  created         TEXT NOT NULL,
  created_by      TEXT NOT NULL
) STRICT;
CREATE INDEX member_training_user_idx ON member_training (user, completed);
ALTER TABLE hearings ADD COLUMN untrained_reason TEXT;

-- A dispensation (Localism Act 2011 s.33) lets a member with a prejudicial
-- interest take part; it is published with the decision (Openness of Local
-- Government Bodies Regulations 2014, reg 7(2)(d)).
ALTER TABLE case_members ADD COLUMN dispensation TEXT;

-- Which template wrote the statement of decision given, and the
-- BLAKE2b-256 hash of the PDF docketd rendered for it then.
ALTER TABLE cases ADD COLUMN notice_template TEXT;
ALTER TABLE cases ADD COLUMN notice_hash TEXT;

-- The notice of a hearing, like the statement of decision, is given by
-- hand, first-class post or email; cases.notified stays the day it is
-- deemed given (served), from which the notice period counts.
ALTER TABLE cases ADD COLUMN notified_posted TEXT;
ALTER TABLE cases ADD COLUMN notified_method TEXT CHECK (notified_method IN ('hand', 'post', 'email'));
