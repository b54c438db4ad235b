-- Envelope ledger, schema version 4: a plan is a current serving entry that is not a sweep
-- point, and planned storage has one definition, the engine's (StoragePlan): each plan in
-- force from its as-of date until the next writes its storage per month for the calendar
-- months it is in force, a part month counted by its days.

DROP VIEW plan_vs_actual;
DROP VIEW plan_segments;
DROP VIEW latest_estimates;
DROP VIEW storage_plan_by_month;

-- Each scenario's plans: its current serving entries, sweep points left out (a sweep is
-- exploration, not a plan).
CREATE VIEW current_plans AS
SELECT e.* FROM current_estimates AS e
WHERE e.kind = 'serving' AND e.scenario_id IS NOT NULL AND e.sweep_id IS NULL;

-- The latest plan of each scenario.
CREATE VIEW latest_estimates AS
SELECT e.* FROM current_plans AS e
WHERE e.id = (
  SELECT c.id FROM current_plans AS c WHERE c.scenario_id = e.scenario_id
  ORDER BY c.as_of DESC, c.id DESC LIMIT 1
);

-- Planned monthly storage per scenario and calendar month (the last plan of each month).
CREATE VIEW storage_plan_by_month AS
SELECT
  scenario_id,
  substr(as_of, 1, 7) AS month,
  storage_bytes_per_month,
  round(storage_bytes_per_month / 1e12, 3) AS storage_tb_per_month,
  id AS estimate_id
FROM current_plans AS e
WHERE id = (
  SELECT c.id FROM current_plans AS c
  WHERE c.scenario_id = e.scenario_id AND substr(c.as_of, 1, 7) = substr(e.as_of, 1, 7)
  ORDER BY c.as_of DESC, c.id DESC LIMIT 1
);

-- Each plan in force from its as-of date until the next plan's.
CREATE VIEW plan_segments AS
SELECT
  scenario_id, id AS estimate_id, as_of,
  lead(as_of) OVER (PARTITION BY scenario_id ORDER BY as_of, id) AS until,
  storage_bytes_per_month
FROM current_plans;

-- Each actual beside the plan in force on its date (the scenario's latest plan as of then).
-- Planned storage is what the plans stored by that date: each plan's storage per month times
-- the calendar months it was in force, counted from its as-of date: k whole months (the same
-- day k months on, clamped to a shorter month's end) and the part month's days over that
-- month's days.
CREATE VIEW plan_vs_actual AS
WITH spans AS (
  SELECT
    a.id AS actual_id, s.as_of AS start, s.storage_bytes_per_month AS rate,
    CASE WHEN s.until IS NULL OR s.until > a.measured_on THEN a.measured_on ELSE s.until END
      AS stop,
    CAST(substr(s.as_of, 9, 2) AS INTEGER) AS day
  FROM actuals AS a
  JOIN plan_segments AS s ON s.scenario_id = a.scenario_id AND s.as_of < a.measured_on
  WHERE a.metric = 'storage_bytes'
),
candidates AS (
  SELECT *,
    (CAST(substr(stop, 1, 4) AS INTEGER) * 12 + CAST(substr(stop, 6, 2) AS INTEGER))
      - (CAST(substr(start, 1, 4) AS INTEGER) * 12 + CAST(substr(start, 6, 2) AS INTEGER))
      AS guess
  FROM spans
),
whole AS (
  SELECT *,
    CASE WHEN min(
        date(start, 'start of month', printf('%+d months', guess), printf('+%d days', day - 1)),
        date(start, 'start of month', printf('%+d months', guess + 1), '-1 day')) <= stop
      THEN guess ELSE guess - 1 END AS k
  FROM candidates
),
bounds AS (
  SELECT actual_id, rate, stop, k,
    min(date(start, 'start of month', printf('%+d months', k), printf('+%d days', day - 1)),
        date(start, 'start of month', printf('%+d months', k + 1), '-1 day')) AS low,
    min(date(start, 'start of month', printf('%+d months', k + 1), printf('+%d days', day - 1)),
        date(start, 'start of month', printf('%+d months', k + 2), '-1 day')) AS high
  FROM whole
),
stored AS (
  SELECT actual_id,
    sum(rate * (k + (julianday(stop) - julianday(low)) / (julianday(high) - julianday(low))))
      AS planned
  FROM bounds
  GROUP BY actual_id
)
SELECT
  a.id AS actual_id, a.scenario_id, a.measured_on, a.metric, a.value AS actual,
  p.id AS estimate_id, p.as_of AS plan_as_of,
  CASE a.metric
    WHEN 'trps' THEN p.trps
    WHEN 'gpus_required' THEN p.gpus_required
    WHEN 'ingress_bytes_per_second' THEN p.ingress_bytes_per_second
    WHEN 'egress_bytes_per_second' THEN p.egress_bytes_per_second
    WHEN 'monthly_cost' THEN p.monthly_cost
    WHEN 'storage_bytes' THEN st.planned
  END AS planned
FROM actuals AS a
LEFT JOIN current_plans AS p ON p.id = (
  SELECT c.id FROM current_plans AS c
  WHERE c.scenario_id = a.scenario_id AND c.as_of <= a.measured_on
  ORDER BY c.as_of DESC, c.id DESC LIMIT 1
)
LEFT JOIN stored AS st ON st.actual_id = a.id;
