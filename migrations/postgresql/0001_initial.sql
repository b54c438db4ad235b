-- Envelope ledger on PostgreSQL, schema version 1: the catalogue (GPUs, models), scenarios and
-- the ledger. The same tables, columns, constraints, triggers and views as
-- migrations/sqlite/0001_initial.sql, translated:
--
-- * Types: SQLite's STRICT INTEGER is bigint, REAL double precision, TEXT text, and a JSON
--   column (checked by json_valid in SQLite) jsonb.
-- * Text is compared byte by byte (COLLATE "C"), as SQLite's BINARY collation does, so ORDER BY,
--   min(), max() and < give the same answers whatever the database's own collation.
-- * Times and dates stay text in the same ISO 8601 form (recorded_at '2026-05-01T12:00:00Z',
--   as_of '2026-05-01'), not timestamp or date: both backends then store, return and print the
--   same bytes, whatever the session's time zone or DateStyle, and a ledger copies between them
--   unchanged. The CHECKs keep the form; views convert to date where they compute with dates.
-- * An id of a ledger table (INTEGER PRIMARY KEY AUTOINCREMENT) is an identity column, given
--   BY DEFAULT so that a copied ledger keeps its ids.
-- * Immutability triggers call one PL/pgSQL function that raises the SQLite trigger's message.
--   PostgreSQL's TRUNCATE does not fire DELETE triggers, so each immutable table also refuses
--   TRUNCATE with the same message.
-- * SQLite's application_id (marking the file as a ledger) has no counterpart: a database is an
--   Envelope ledger when it has envelope_migrations (the migrator refuses a database that holds
--   other tables and not that one).
-- Forward-only: never edit an applied migration; add a new file instead.

-- The time now in UTC, as SQLite's strftime('%Y-%m-%dT%H:%M:%SZ', 'now') writes it.
CREATE FUNCTION envelope_utc_now() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
RETURN to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');

-- Whether value is a calendar date written YYYY-MM-DD: what SQLite's `date(value) IS value`
-- checks, with one difference. SQLite's date() takes any day from 01 to 31 in any month and years
-- 0000 and below; PostgreSQL's dates do not, so this refuses 2026-02-30 and year 0000, which
-- Envelope never writes (it checks dates itself), and the views can compute with these dates.
-- NULL gives NULL, so a CHECK passes a NULL as SQLite's does.
CREATE FUNCTION envelope_is_date(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE
  WHEN value !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' OR value LIKE '0000%'
    THEN false
  ELSE substr(value, 9, 2)::integer <= extract(day FROM (
    make_date(substr(value, 1, 4)::integer, substr(value, 6, 2)::integer, 1)
      + interval '1 month' - interval '1 day'))
END;

-- Refuses a change to an immutable table with the message given as the trigger's argument, as
-- SQLite's RAISE(ABORT, message) does.
CREATE FUNCTION envelope_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0];
END;
$$;

CREATE TABLE gpus (
  id text COLLATE "C" PRIMARY KEY NOT NULL
    CHECK (char_length(id) BETWEEN 1 AND 64 AND id ~ '^[a-z0-9][a-z0-9._-]*$'),
  name text COLLATE "C" NOT NULL CHECK (name <> ''),
  vendor text COLLATE "C" NOT NULL DEFAULT '',
  fp64_flops double precision CHECK (fp64_flops > 0),
  fp32_flops double precision CHECK (fp32_flops > 0),
  tf32_flops double precision CHECK (tf32_flops > 0),
  fp16_flops double precision CHECK (fp16_flops > 0),
  bf16_flops double precision CHECK (bf16_flops > 0),
  fp8_flops double precision CHECK (fp8_flops > 0),
  int8_ops double precision CHECK (int8_ops > 0),
  memory_bytes bigint CHECK (memory_bytes > 0),
  memory_bandwidth_bytes_per_second double precision
    CHECK (memory_bandwidth_bytes_per_second > 0),
  tdp_watts double precision CHECK (tdp_watts > 0),
  price_per_hour double precision CHECK (price_per_hour >= 0),
  source text COLLATE "C" NOT NULL DEFAULT '',
  notes text COLLATE "C" NOT NULL DEFAULT '',
  retired_at text COLLATE "C",
  updated_at text COLLATE "C" NOT NULL DEFAULT envelope_utc_now()
);

CREATE TABLE models (
  id text COLLATE "C" PRIMARY KEY NOT NULL
    CHECK (char_length(id) BETWEEN 1 AND 64 AND id ~ '^[a-z0-9][a-z0-9._-]*$'),
  name text COLLATE "C" NOT NULL CHECK (name <> ''),
  family text COLLATE "C" NOT NULL DEFAULT '',
  kind text COLLATE "C" NOT NULL DEFAULT 'text' CHECK (kind <> ''),
  parameters bigint NOT NULL CHECK (parameters > 0),
  active_parameters bigint CHECK (active_parameters > 0 AND active_parameters <= parameters),
  architecture_constant double precision NOT NULL DEFAULT 1 CHECK (architecture_constant > 0),
  layers bigint CHECK (layers > 0),
  hidden_size bigint CHECK (hidden_size > 0),
  ffn_size bigint CHECK (ffn_size > 0),
  attention_heads bigint CHECK (attention_heads > 0),
  kv_heads bigint CHECK (kv_heads > 0 AND kv_heads <= coalesce(attention_heads, kv_heads)),
  head_dim bigint CHECK (head_dim > 0),
  vocab_size bigint CHECK (vocab_size > 0),
  context_length bigint CHECK (context_length > 0),
  source text COLLATE "C" NOT NULL DEFAULT '',
  notes text COLLATE "C" NOT NULL DEFAULT '',
  retired_at text COLLATE "C",
  updated_at text COLLATE "C" NOT NULL DEFAULT envelope_utc_now()
);

CREATE TABLE scenarios (
  id text COLLATE "C" PRIMARY KEY NOT NULL
    CHECK (char_length(id) BETWEEN 1 AND 64 AND id ~ '^[a-z0-9][a-z0-9._-]*$'),
  description text COLLATE "C" NOT NULL DEFAULT '',
  model_id text COLLATE "C" NOT NULL
    REFERENCES models (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
  gpu_id text COLLATE "C" NOT NULL REFERENCES gpus (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
  precision text COLLATE "C" NOT NULL
    CHECK (precision IN ('fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8', 'int4')),
  method text COLLATE "C" NOT NULL DEFAULT 'seed' CHECK (method IN ('seed', 'roofline')),
  tokens_per_request double precision CHECK (tokens_per_request > 0),
  daily_active_users double precision NOT NULL CHECK (daily_active_users > 0),
  requests_per_user_per_day double precision NOT NULL CHECK (requests_per_user_per_day > 0),
  request_bytes double precision NOT NULL CHECK (request_bytes >= 0),
  response_bytes double precision NOT NULL CHECK (response_bytes >= 0),
  profile_bytes double precision NOT NULL CHECK (profile_bytes >= 0),
  profile_users double precision CHECK (profile_users >= 0),
  interactions_per_user_per_day double precision CHECK (interactions_per_user_per_day >= 0),
  interaction_bytes double precision NOT NULL CHECK (interaction_bytes >= 0),
  index_ratio double precision NOT NULL DEFAULT 0.25 CHECK (index_ratio BETWEEN 0 AND 100),
  days_per_month double precision NOT NULL DEFAULT 30
    CHECK (days_per_month > 0 AND days_per_month <= 31),
  input_tokens double precision CHECK (input_tokens >= 0),
  output_tokens double precision CHECK (output_tokens > 0),
  batch bigint CHECK (batch > 0),
  context_tokens double precision CHECK (context_tokens > 0),
  bandwidth_efficiency double precision
    CHECK (bandwidth_efficiency > 0 AND bandwidth_efficiency <= 1),
  compute_efficiency double precision CHECK (compute_efficiency > 0 AND compute_efficiency <= 1),
  peak_factor double precision CHECK (peak_factor >= 1),
  target_utilization double precision
    CHECK (target_utilization > 0 AND target_utilization <= 1),
  gpu_price_per_hour double precision CHECK (gpu_price_per_hour >= 0),
  storage_price_per_tb_month double precision CHECK (storage_price_per_tb_month >= 0),
  egress_price_per_gb double precision CHECK (egress_price_per_gb >= 0),
  currency text COLLATE "C" CHECK (currency ~ '^[A-Z]{3}$'),
  retired_at text COLLATE "C",
  updated_at text COLLATE "C" NOT NULL DEFAULT envelope_utc_now()
);

-- The ledger: one immutable row per recorded estimate.
CREATE TABLE estimates (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  recorded_at text COLLATE "C" NOT NULL
    CHECK (recorded_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:.*Z$'),
  as_of text COLLATE "C" NOT NULL CHECK (envelope_is_date(as_of)),
  kind text COLLATE "C" NOT NULL CHECK (kind IN ('serving', 'training')),
  scenario_id text COLLATE "C" REFERENCES scenarios (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
  method text COLLATE "C" NOT NULL CHECK (method IN ('seed', 'roofline')),
  envelope_version text COLLATE "C" NOT NULL,
  note text COLLATE "C",
  supersedes bigint UNIQUE REFERENCES estimates (id),
  supersede_reason text COLLATE "C",
  sweep_id text COLLATE "C" CHECK (sweep_id <> ''),
  inputs jsonb NOT NULL CHECK (jsonb_typeof(inputs) = 'object'),
  results jsonb NOT NULL CHECK (jsonb_typeof(results) = 'object'),
  gpus_required bigint,
  trps double precision,
  qps_per_gpu double precision,
  inference_seconds double precision,
  model_storage_bytes double precision,
  user_data_bytes double precision,
  storage_bytes_per_day double precision,
  storage_bytes_per_month double precision,
  ingress_bytes_per_second double precision,
  egress_bytes_per_second double precision,
  training_flops double precision,
  training_seconds double precision,
  gpu_hours double precision,
  monthly_cost double precision,
  CHECK ((supersedes IS NULL) = (supersede_reason IS NULL))
);

CREATE INDEX estimates_by_scenario ON estimates (scenario_id, as_of, id);
CREATE INDEX estimates_by_as_of ON estimates (as_of, id);
CREATE INDEX estimates_by_sweep ON estimates (sweep_id) WHERE sweep_id IS NOT NULL;

CREATE TRIGGER estimates_no_update BEFORE UPDATE ON estimates FOR EACH ROW
EXECUTE FUNCTION envelope_refuse_change(
  'estimates are immutable: record a new entry that supersedes this one');

CREATE TRIGGER estimates_no_delete BEFORE DELETE ON estimates FOR EACH ROW
EXECUTE FUNCTION envelope_refuse_change(
  'estimates are immutable: record a new entry that supersedes this one');

CREATE TRIGGER estimates_no_truncate BEFORE TRUNCATE ON estimates FOR EACH STATEMENT
EXECUTE FUNCTION envelope_refuse_change(
  'estimates are immutable: record a new entry that supersedes this one');

-- Entries no later entry supersedes.
CREATE VIEW current_estimates AS
SELECT e.* FROM estimates AS e
WHERE NOT EXISTS (SELECT 1 FROM estimates AS s WHERE s.supersedes = e.id);

-- Key figures in human units, for reading at the psql prompt. PostgreSQL rounds numeric, not
-- double precision: each figure is rounded as numeric (half away from zero, as SQLite's round())
-- and given back as double precision.
CREATE VIEW estimate_summary AS
SELECT
  id, as_of, recorded_at, kind, scenario_id, method, note, supersedes,
  gpus_required,
  round(trps::numeric, 2)::double precision AS trps,
  round((inference_seconds * 1000)::numeric, 3)::double precision AS inference_ms,
  round((model_storage_bytes / 1e9)::numeric, 3)::double precision AS model_storage_gb,
  round((storage_bytes_per_day / 1e12)::numeric, 3)::double precision AS storage_tb_per_day,
  round((storage_bytes_per_month / 1e12)::numeric, 3)::double precision AS storage_tb_per_month,
  round((ingress_bytes_per_second * 8 / 1e6)::numeric, 2)::double precision
    AS ingress_mbit_per_second,
  round((egress_bytes_per_second * 8 / 1e6)::numeric, 2)::double precision
    AS egress_mbit_per_second,
  round(gpu_hours::numeric, 1)::double precision AS gpu_hours,
  round(monthly_cost::numeric, 2)::double precision AS monthly_cost
FROM current_estimates;

-- The latest current entry of each scenario.
CREATE VIEW latest_estimates AS
SELECT e.* FROM current_estimates AS e
WHERE e.scenario_id IS NOT NULL
  AND e.id = (
    SELECT c.id FROM current_estimates AS c
    WHERE c.scenario_id = e.scenario_id
    ORDER BY c.as_of DESC, c.id DESC LIMIT 1
  );

-- Planned monthly storage per scenario and calendar month (the last plan of each month).
CREATE VIEW storage_plan_by_month AS
SELECT
  scenario_id,
  substr(as_of, 1, 7) AS month,
  storage_bytes_per_month,
  round((storage_bytes_per_month / 1e12)::numeric, 3)::double precision AS storage_tb_per_month,
  id AS estimate_id
FROM current_estimates AS e
WHERE kind = 'serving' AND scenario_id IS NOT NULL
  AND id = (
    SELECT c.id FROM current_estimates AS c
    WHERE c.scenario_id = e.scenario_id AND substr(c.as_of, 1, 7) = substr(e.as_of, 1, 7)
      AND c.kind = 'serving'
    ORDER BY c.as_of DESC, c.id DESC LIMIT 1
  );
