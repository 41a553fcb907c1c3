-- Schema 008: an audit run's figures read only its referred flags.
--
-- An audit run's figures (referred, decided, revoked) count the flags it
-- raised that were referred to a case. With the index on run_id alone,
-- counting them read every flag the run raised: 175,000 after the first
-- run over 200,000 licences, about 110 ms on the main loop as the run
-- ended. With case_id next (NULLs first) and driver_id covered, the count
-- reads the referred flags only.
DROP INDEX flags_run_idx;
CREATE INDEX flags_run_idx ON flags (run_id, case_id, driver_id);
