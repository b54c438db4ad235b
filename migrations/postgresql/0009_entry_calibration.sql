-- Envelope ledger on PostgreSQL, schema version 9: an entry names the calibration its roofline
-- estimate used, so history can mark where a calibration changed a plan without reading
-- snapshots. Entries recorded before have none. migrations/sqlite/0009_entry_calibration.sql
-- translated as 0001 says.

ALTER TABLE estimates ADD COLUMN calibration_id bigint REFERENCES calibrations (id);
CREATE INDEX estimates_by_calibration ON estimates (calibration_id)
  WHERE calibration_id IS NOT NULL;
