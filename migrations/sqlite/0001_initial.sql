-- Envelope ledger, schema version 1: the catalogue (GPUs, models), scenarios and the ledger.
-- Forward-only: never edit an applied migration; add a new file instead.

PRAGMA application_id = 1162761798; -- 0x454E5646, "ENVF": marks the file as an Envelope ledger

CREATE TABLE gpus (
  id TEXT PRIMARY KEY NOT NULL
    CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^a-z0-9._-]*' AND id GLOB '[a-z0-9]*'),
  name TEXT NOT NULL CHECK (name <> ''),
  vendor TEXT NOT NULL DEFAULT '',
  fp64_flops REAL CHECK (fp64_flops > 0),
  fp32_flops REAL CHECK (fp32_flops > 0),
  tf32_flops REAL CHECK (tf32_flops > 0),
  fp16_flops REAL CHECK (fp16_flops > 0),
  bf16_flops REAL CHECK (bf16_flops > 0),
  fp8_flops REAL CHECK (fp8_flops > 0),
  int8_ops REAL CHECK (int8_ops > 0),
  memory_bytes INTEGER CHECK (memory_bytes > 0),
  memory_bandwidth_bytes_per_second REAL CHECK (memory_bandwidth_bytes_per_second > 0),
  tdp_watts REAL CHECK (tdp_watts > 0),
  price_per_hour REAL CHECK (price_per_hour >= 0),
  source TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  retired_at TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE TABLE models (
  id TEXT PRIMARY KEY NOT NULL
    CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^a-z0-9._-]*' AND id GLOB '[a-z0-9]*'),
  name TEXT NOT NULL CHECK (name <> ''),
  family TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'text' CHECK (kind <> ''),
  parameters INTEGER NOT NULL CHECK (parameters > 0),
  active_parameters INTEGER CHECK (active_parameters > 0 AND active_parameters <= parameters),
  architecture_constant REAL NOT NULL DEFAULT 1 CHECK (architecture_constant > 0),
  layers INTEGER CHECK (layers > 0),
  hidden_size INTEGER CHECK (hidden_size > 0),
  ffn_size INTEGER CHECK (ffn_size > 0),
  attention_heads INTEGER CHECK (attention_heads > 0),
  kv_heads INTEGER CHECK (kv_heads > 0 AND kv_heads <= coalesce(attention_heads, kv_heads)),
  head_dim INTEGER CHECK (head_dim > 0),
  vocab_size INTEGER CHECK (vocab_size > 0),
  context_length INTEGER CHECK (context_length > 0),
  source TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  retired_at TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE TABLE scenarios (
  id TEXT PRIMARY KEY NOT NULL
    CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^a-z0-9._-]*' AND id GLOB '[a-z0-9]*'),
  description TEXT NOT NULL DEFAULT '',
  model_id TEXT NOT NULL REFERENCES models (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
  gpu_id TEXT NOT NULL REFERENCES gpus (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
  precision TEXT NOT NULL
    CHECK (precision IN ('fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8', 'int4')),
  method TEXT NOT NULL DEFAULT 'seed' CHECK (method IN ('seed', 'roofline')),
  tokens_per_request REAL CHECK (tokens_per_request > 0),
  daily_active_users REAL NOT NULL CHECK (daily_active_users > 0),
  requests_per_user_per_day REAL NOT NULL CHECK (requests_per_user_per_day > 0),
  request_bytes REAL NOT NULL CHECK (request_bytes >= 0),
  response_bytes REAL NOT NULL CHECK (response_bytes >= 0),
  profile_bytes REAL NOT NULL CHECK (profile_bytes >= 0),
  profile_users REAL CHECK (profile_users >= 0),
  interactions_per_user_per_day REAL CHECK (interactions_per_user_per_day >= 0),
  interaction_bytes REAL NOT NULL CHECK (interaction_bytes >= 0),
  index_ratio REAL NOT NULL DEFAULT 0.25 CHECK (index_ratio BETWEEN 0 AND 100),
  days_per_month REAL NOT NULL DEFAULT 30 CHECK (days_per_month > 0 AND days_per_month <= 31),
  input_tokens REAL CHECK (input_tokens >= 0),
  output_tokens REAL CHECK (output_tokens > 0),
  batch INTEGER CHECK (batch > 0),
  context_tokens REAL CHECK (context_tokens > 0),
  bandwidth_efficiency REAL CHECK (bandwidth_efficiency > 0 AND bandwidth_efficiency <= 1),
  compute_efficiency REAL CHECK (compute_efficiency > 0 AND compute_efficiency <= 1),
  peak_factor REAL CHECK (peak_factor >= 1),
  target_utilization REAL CHECK (target_utilization > 0 AND target_utilization <= 1),
  gpu_price_per_hour REAL CHECK (gpu_price_per_hour >= 0),
  storage_price_per_tb_month REAL CHECK (storage_price_per_tb_month >= 0),
  egress_price_per_gb REAL CHECK (egress_price_per_gb >= 0),
  currency TEXT CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  retired_at TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

-- The ledger: one immutable row per recorded estimate.
CREATE TABLE estimates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recorded_at TEXT NOT NULL
    CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:*Z'),
  as_of TEXT NOT NULL CHECK (date(as_of) IS as_of),
  kind TEXT NOT NULL CHECK (kind IN ('serving', 'training')),
  scenario_id TEXT REFERENCES scenarios (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
  method TEXT NOT NULL CHECK (method IN ('seed', 'roofline')),
  envelope_version TEXT NOT NULL,
  note TEXT,
  supersedes INTEGER UNIQUE REFERENCES estimates (id),
  supersede_reason TEXT,
  sweep_id TEXT CHECK (sweep_id <> ''),
  inputs TEXT NOT NULL CHECK (json_valid(inputs) AND json_type(inputs) = 'object'),
  results TEXT NOT NULL CHECK (json_valid(results) AND json_type(results) = 'object'),
  gpus_required INTEGER,
  trps REAL,
  qps_per_gpu REAL,
  inference_seconds REAL,
  model_storage_bytes REAL,
  user_data_bytes REAL,
  storage_bytes_per_day REAL,
  storage_bytes_per_month REAL,
  ingress_bytes_per_second REAL,
  egress_bytes_per_second REAL,
  training_flops REAL,
  training_seconds REAL,
  gpu_hours REAL,
  monthly_cost REAL,
  CHECK ((supersedes IS NULL) = (supersede_reason IS NULL))
) STRICT;

CREATE INDEX estimates_by_scenario ON estimates (scenario_id, as_of, id);
CREATE INDEX estimates_by_as_of ON estimates (as_of, id);
CREATE INDEX estimates_by_sweep ON estimates (sweep_id) WHERE sweep_id IS NOT NULL;

CREATE TRIGGER estimates_no_update BEFORE UPDATE ON estimates
BEGIN
  SELECT RAISE(ABORT, 'estimates are immutable: record a new entry that supersedes this one');
END;

CREATE TRIGGER estimates_no_delete BEFORE DELETE ON estimates
BEGIN
  SELECT RAISE(ABORT, 'estimates are immutable: record a new entry that supersedes this one');
END;

-- Entries no later entry supersedes.
CREATE VIEW current_estimates AS
SELECT e.* FROM estimates AS e
WHERE NOT EXISTS (SELECT 1 FROM estimates AS s WHERE s.supersedes = e.id);

-- Key figures in human units, for reading at the sqlite3 prompt.
CREATE VIEW estimate_summary AS
SELECT
  id, as_of, recorded_at, kind, scenario_id, method, note, supersedes,
  gpus_required,
  round(trps, 2) AS trps,
  round(inference_seconds * 1000, 3) AS inference_ms,
  round(model_storage_bytes / 1e9, 3) AS model_storage_gb,
  round(storage_bytes_per_day / 1e12, 3) AS storage_tb_per_day,
  round(storage_bytes_per_month / 1e12, 3) AS storage_tb_per_month,
  round(ingress_bytes_per_second * 8 / 1e6, 2) AS ingress_mbit_per_second,
  round(egress_bytes_per_second * 8 / 1e6, 2) AS egress_mbit_per_second,
  round(gpu_hours, 1) AS gpu_hours,
  round(monthly_cost, 2) AS monthly_cost
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
  round(storage_bytes_per_month / 1e12, 3) AS storage_tb_per_month,
  id AS estimate_id
FROM current_estimates AS e
WHERE kind = 'serving' AND scenario_id IS NOT NULL
  AND id = (
    SELECT c.id FROM current_estimates AS c
    WHERE c.scenario_id = e.scenario_id AND substr(c.as_of, 1, 7) = substr(e.as_of, 1, 7)
      AND c.kind = 'serving'
    ORDER BY c.as_of DESC, c.id DESC LIMIT 1
  );
