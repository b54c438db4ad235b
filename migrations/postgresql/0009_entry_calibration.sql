-- Envelope ledger on PostgreSQL, schema version 9: an entry names the calibration its roofline
-- estimate used, so history can mark where a calibration changed a plan without reading
-- snapshots. Entries recorded before have none. migrations/sqlite/0009_entry_calibration.sql
-- translated as 0001 says.
--
-- SQLite expands a view's `e.*` each time the view is read, so its current_estimates,
-- current_plans and latest_estimates gain the new column by themselves; PostgreSQL expands it
-- once, when the view is created, so the three are created again to end with calibration_id.

ALTER TABLE estimates ADD COLUMN calibration_id bigint REFERENCES calibrations (id);
CREATE INDEX estimates_by_calibration ON estimates (calibration_id)
  WHERE calibration_id IS NOT NULL;

CREATE OR REPLACE VIEW current_estimates AS
SELECT e.* FROM estimates AS e
WHERE NOT EXISTS (SELECT 1 FROM estimates AS s WHERE s.supersedes = e.id);

CREATE OR REPLACE VIEW current_plans AS
SELECT e.* FROM current_estimates AS e
WHERE e.kind = 'serving' AND e.scenario_id IS NOT NULL AND e.sweep_id IS NULL;

CREATE OR REPLACE VIEW latest_estimates AS
SELECT e.* FROM current_plans AS e
WHERE e.id = (
  SELECT c.id FROM current_plans AS c WHERE c.scenario_id = e.scenario_id
  ORDER BY c.as_of DESC, c.id DESC LIMIT 1
);
