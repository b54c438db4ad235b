-- Envelope ledger, schema version 9: an entry names the calibration its roofline estimate used,
-- so history can mark where a calibration changed a plan without reading snapshots. Entries
-- recorded before have none.

ALTER TABLE estimates ADD COLUMN calibration_id INTEGER REFERENCES calibrations (id);
CREATE INDEX estimates_by_calibration ON estimates (calibration_id)
  WHERE calibration_id IS NOT NULL;
