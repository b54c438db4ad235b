-- Envelope ledger, schema version 3: measured actuals beside the plans, and sweeps.

-- What was measured, appended and never changed, to hold plans against.
CREATE TABLE actuals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recorded_at TEXT NOT NULL
    CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:*Z'),
  measured_on TEXT NOT NULL CHECK (date(measured_on) IS measured_on),
  scenario_id TEXT NOT NULL REFERENCES scenarios (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
  metric TEXT NOT NULL CHECK (metric IN (
    'storage_bytes', 'trps', 'gpus_required', 'ingress_bytes_per_second',
    'egress_bytes_per_second', 'monthly_cost'
  )),
  value REAL NOT NULL CHECK (value >= 0),
  note TEXT,
  envelope_version TEXT NOT NULL
) STRICT;

CREATE INDEX actuals_by_scenario ON actuals (scenario_id, metric, measured_on);

CREATE TRIGGER actuals_no_update BEFORE UPDATE ON actuals
BEGIN
  SELECT RAISE(ABORT, 'actuals are immutable: record a new measurement');
END;

CREATE TRIGGER actuals_no_delete BEFORE DELETE ON actuals
BEGIN
  SELECT RAISE(ABORT, 'actuals are immutable: record a new measurement');
END;

-- One row per sweep: the grid it ran; its points are the estimates with its sweep_id.
CREATE TABLE sweeps (
  id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
  recorded_at TEXT NOT NULL
    CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:*Z'),
  scenario_id TEXT NOT NULL REFERENCES scenarios (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
  grid TEXT NOT NULL CHECK (json_valid(grid)),
  points INTEGER NOT NULL CHECK (points > 0)
) STRICT;

CREATE TRIGGER sweeps_no_update BEFORE UPDATE ON sweeps
BEGIN
  SELECT RAISE(ABORT, 'sweeps are immutable');
END;

CREATE TRIGGER sweeps_no_delete BEFORE DELETE ON sweeps
BEGIN
  SELECT RAISE(ABORT, 'sweeps are immutable');
END;

-- Each scenario's current serving plans as segments: each in force from its as-of date until
-- the next plan's.
CREATE VIEW plan_segments AS
SELECT
  scenario_id, id AS estimate_id, as_of,
  lead(as_of) OVER (PARTITION BY scenario_id ORDER BY as_of, id) AS until,
  storage_bytes_per_month,
  coalesce(json_extract(inputs, '$.inputs.days_per_month'),
           json_extract(inputs, '$.seed_inputs.days_per_month'), 30) AS days_per_month
FROM current_estimates
WHERE kind = 'serving' AND scenario_id IS NOT NULL;

-- Each actual beside the plan in force on its date: the scenario's latest current serving
-- entry as of that date. Planned storage is what the plans, each in force until the next,
-- accumulate from the first plan's date to the measurement's.
CREATE VIEW plan_vs_actual AS
SELECT
  a.id AS actual_id, a.scenario_id, a.measured_on, a.metric, a.value AS actual,
  p.id AS estimate_id, p.as_of AS plan_as_of,
  CASE a.metric
    WHEN 'trps' THEN p.trps
    WHEN 'gpus_required' THEN p.gpus_required
    WHEN 'ingress_bytes_per_second' THEN p.ingress_bytes_per_second
    WHEN 'egress_bytes_per_second' THEN p.egress_bytes_per_second
    WHEN 'monthly_cost' THEN p.monthly_cost
    WHEN 'storage_bytes' THEN (
      SELECT sum(
        s.storage_bytes_per_month
        * (julianday(min(coalesce(s.until, a.measured_on), a.measured_on)) - julianday(s.as_of))
        / s.days_per_month)
      FROM plan_segments AS s
      WHERE s.scenario_id = a.scenario_id AND s.as_of < a.measured_on
    )
  END AS planned
FROM actuals AS a
LEFT JOIN current_estimates AS p ON p.id = (
  SELECT c.id FROM current_estimates AS c
  WHERE c.scenario_id = a.scenario_id AND c.kind = 'serving' AND c.as_of <= a.measured_on
  ORDER BY c.as_of DESC, c.id DESC LIMIT 1
);
