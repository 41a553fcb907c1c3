-- Schema 009: the records duties (issue 17).
--
-- The retention schedule erases a driver's record when its time comes: the
-- ciphertexts are deleted and the row stays as an anonymous stub, so that
-- the statistics do not change. erased is the council's date it was done;
-- a legal hold (hold_reason, hold_by, hold_placed) stops it.
-- adverse_since is the first day adverse information (a conviction, an
-- intelligence note or a complaint) was known about the driver: the
-- annual return counts grants made while it was known, and the stub
-- keeps it when the convictions and notes themselves are erased.
ALTER TABLE drivers ADD COLUMN erased TEXT;
ALTER TABLE drivers ADD COLUMN hold_reason TEXT;
ALTER TABLE drivers ADD COLUMN hold_by TEXT;
ALTER TABLE drivers ADD COLUMN hold_placed TEXT;
ALTER TABLE drivers ADD COLUMN adverse_since TEXT;

-- The category of the offence or concern behind a refusal, suspension or
-- revocation, for the annual return and the questions councils are asked
-- under the Freedom of Information Act. concern_stated is 1 when the
-- decision-maker gave it, 0 when docketd worked it out from the record
-- at the time of the decision. The case holds its current decision's.
ALTER TABLE decisions ADD COLUMN concern TEXT
  CHECK (concern IN ('sexual', 'violence', 'dishonesty', 'drugs', 'driving', 'safeguarding', 'other'));
ALTER TABLE decisions ADD COLUMN concern_stated INTEGER NOT NULL DEFAULT 0 CHECK (concern_stated IN (0, 1));
ALTER TABLE cases ADD COLUMN concern TEXT
  CHECK (concern IN ('sexual', 'violence', 'dishonesty', 'drugs', 'driving', 'safeguarding', 'other'));

-- The annual return reads decisions and status changes by date.
CREATE INDEX cases_decided_idx ON cases (decided) WHERE decided IS NOT NULL;
CREATE INDEX status_history_time_idx ON status_history (time, new_status);
