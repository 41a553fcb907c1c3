-- Notices given, not just sent (1976 Act s61; the service rules in
-- docs/HEARINGS.md): how the statement of decision went to the driver and
-- on which day. cases.notice_sent stays the day it is deemed given
-- (served), from which the clocks run.
ALTER TABLE cases ADD COLUMN notice_method TEXT
  CHECK (notice_method IN ('hand', 'post', 'email'));
ALTER TABLE cases ADD COLUMN notice_posted TEXT;

-- NR3S entries are kept 11 years beginning with the day the entry is first
-- made (2022 Act s.2(2)(b)): the day it was recorded in the national
-- register, or until then the day Docket made it; not the decision date.
UPDATE nr3s_entries
   SET retain_until = date(COALESCE(recorded, substr(created, 1, 10)), '+11 years');
