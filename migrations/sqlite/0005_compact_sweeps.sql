-- Envelope ledger, schema version 5: compact sweeps. A sweep stores the snapshot its points
-- share once (base_inputs, the first point's); each point stores only what its snapshot
-- changes (a JSON merge patch over the base, as SQLite's json_patch applies it) and its
-- figures, one typed column each. The view sweep_point_estimates presents every point with its
-- full snapshot. Sweeps recorded before this version keep their points in estimates.

ALTER TABLE sweeps ADD COLUMN number INTEGER CHECK (number > 0);
ALTER TABLE sweeps ADD COLUMN as_of TEXT CHECK (as_of IS NULL OR date(as_of) IS as_of);
ALTER TABLE sweeps ADD COLUMN note TEXT;
ALTER TABLE sweeps ADD COLUMN envelope_version TEXT;
ALTER TABLE sweeps ADD COLUMN base_inputs TEXT
  CHECK (base_inputs IS NULL OR (json_valid(base_inputs) AND json_type(base_inputs) = 'object'));
CREATE UNIQUE INDEX sweeps_by_number ON sweeps (number);

CREATE TABLE sweep_points (
  sweep INTEGER NOT NULL REFERENCES sweeps (number) DEFERRABLE INITIALLY DEFERRED,
  point INTEGER NOT NULL CHECK (point > 0),
  inputs TEXT NOT NULL CHECK (json_valid(inputs) AND json_type(inputs) = 'object'),
  inference_flops REAL,
  inference_seconds REAL,
  qps_per_gpu REAL,
  decode_seconds_per_token REAL,
  bound TEXT,
  decode_memory_seconds_per_token REAL,
  decode_compute_seconds_per_token REAL,
  prefill_flops REAL,
  prefill_seconds REAL,
  replica_requests_per_second REAL,
  output_tokens_per_second_per_gpu REAL,
  weight_bytes REAL,
  kv_cache_bytes_per_token REAL,
  context_tokens REAL,
  kv_cache_bytes REAL,
  usable_memory_bytes_per_gpu REAL,
  min_gpus_per_replica INTEGER,
  gpus_per_replica INTEGER,
  max_batch INTEGER,
  batch INTEGER,
  trps REAL,
  peak_requests_per_second REAL,
  replicas INTEGER,
  gpus_required INTEGER,
  model_storage_bytes REAL,
  user_data_bytes REAL,
  interaction_bytes_per_day REAL,
  index_bytes_per_day REAL,
  storage_bytes_per_day REAL,
  storage_bytes_per_month REAL,
  ingress_bytes_per_second REAL,
  ingress_bits_per_second REAL,
  egress_bytes_per_second REAL,
  egress_bits_per_second REAL,
  monthly_gpu_cost REAL,
  monthly_egress_cost REAL,
  monthly_storage_cost REAL,
  monthly_cost REAL,
  currency TEXT,
  PRIMARY KEY (sweep, point)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER sweep_points_no_update BEFORE UPDATE ON sweep_points
BEGIN
  SELECT RAISE(ABORT, 'sweeps are immutable');
END;

CREATE TRIGGER sweep_points_no_delete BEFORE DELETE ON sweep_points
BEGIN
  SELECT RAISE(ABORT, 'sweeps are immutable');
END;

-- Every point of a compact sweep with its full snapshot and every figure, columns named as in
-- estimates.
CREATE VIEW sweep_point_estimates AS
SELECT
  s.id AS sweep_id, p.point, s.recorded_at, s.as_of, 'serving' AS kind, s.scenario_id,
  json_extract(json_patch(s.base_inputs, p.inputs), '$.method') AS method, s.envelope_version,
  s.note, json_patch(s.base_inputs, p.inputs) AS inputs,
  p.inference_flops, p.inference_seconds, p.qps_per_gpu, p.decode_seconds_per_token, p.bound,
  p.decode_memory_seconds_per_token, p.decode_compute_seconds_per_token, p.prefill_flops,
  p.prefill_seconds, p.replica_requests_per_second, p.output_tokens_per_second_per_gpu,
  p.weight_bytes, p.kv_cache_bytes_per_token, p.context_tokens, p.kv_cache_bytes,
  p.usable_memory_bytes_per_gpu, p.min_gpus_per_replica, p.gpus_per_replica, p.max_batch,
  p.batch, p.trps, p.peak_requests_per_second, p.replicas, p.gpus_required,
  p.model_storage_bytes, p.user_data_bytes, p.interaction_bytes_per_day, p.index_bytes_per_day,
  p.storage_bytes_per_day, p.storage_bytes_per_month, p.ingress_bytes_per_second,
  p.ingress_bits_per_second, p.egress_bytes_per_second, p.egress_bits_per_second,
  p.monthly_gpu_cost, p.monthly_egress_cost, p.monthly_storage_cost, p.monthly_cost, p.currency
FROM sweep_points AS p
JOIN sweeps AS s ON s.number = p.sweep;
