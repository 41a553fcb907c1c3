-- Notices given, not just sent (1976 Act s61; the service rules in
-- docs/HEARINGS.md): how the statement of decision went to the driver and
-- on which day. cases.notice_sent stays the day it is deemed given
-- (served), from which the clocks run.
ALTER TABLE cases ADD COLUMN notice_method TEXT
  CHECK (notice_method IN ('hand', 'post', 'email'));
ALTER TABLE cases ADD COLUMN notice_posted TEXT;
-- Statements recorded before: the day recorded, by a method not known.
UPDATE cases SET notice_posted = notice_sent WHERE notice_sent IS NOT NULL;

-- NR3S entries are kept 11 years beginning with the day the entry is first
-- made (2022 Act s.2(2)(b)): the day it was recorded in the national
-- register, or until then the day Docket made it; not the decision date.
UPDATE nr3s_entries
   SET retain_until = date(COALESCE(recorded, substr(created, 1, 10)), '+11 years');

-- Panel procedure: the vice-chair, a board member named on the panel, who
-- chairs a case in which the chair declared a prejudicial interest; and a
-- vote's terms, which bind the decision recorded (immediate effect besides
-- the end of a suspension, already in vote_until).
ALTER TABLE hearings ADD COLUMN vice_chair TEXT;
ALTER TABLE case_members ADD COLUMN vote_immediate INTEGER NOT NULL DEFAULT 0
  CHECK (vote_immediate IN (0, 1));

-- Self-reporting counts hours: the times of day of an arrest, charge or
-- conviction and of the driver's report (sensitive, encrypted; the end of
-- the day when absent).
ALTER TABLE convictions ADD COLUMN time BLOB;
ALTER TABLE convictions ADD COLUMN reported_time BLOB;

-- The rest of the NR3S duties (2022 Act): s.3, requests for information
-- received from other authorities after their search matched one of our
-- entries, answered within 20 working days; s.5, concerns about a driver
-- licensed by another authority, passed on within 10 working days. The
-- driver concerned and the details are personal data: encrypted.
CREATE TABLE nr3s_duties (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('request', 'concern')),
  authority       TEXT NOT NULL CHECK (length(authority) > 0),
  opened          TEXT NOT NULL,
  deadline        TEXT NOT NULL,
  closed          TEXT,
  created         TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  -- sensitive, encrypted
  subject         BLOB NOT NULL,
  details         BLOB
) STRICT;
CREATE INDEX nr3s_duties_open_idx ON nr3s_duties (closed, deadline);
