-- Envelope ledger, schema version 8: serving measurements and calibrations (issue 12). A
-- measurement is what a benchmark saw serving one model on one GPU under a stated
-- configuration; a calibration is a fit of the serving model's efficiency factors to
-- measurements of one GPU. Both are appended and never changed; a wrong measurement is
-- corrected by a new one that supersedes it, with a reason.

CREATE TABLE measurements (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recorded_at TEXT NOT NULL
    CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:*Z'),
  measured_on TEXT NOT NULL CHECK (date(measured_on) IS measured_on),
  model_id TEXT NOT NULL REFERENCES models (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
  gpu_id TEXT NOT NULL REFERENCES gpus (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
  -- Precision of the weights, and of the KV cache when the benchmark states it.
  precision TEXT NOT NULL
    CHECK (precision IN ('fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8', 'int4')),
  kv_precision TEXT
    CHECK (kv_precision IN ('fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8', 'int4')),
  -- GPUs per replica, and the GPUs the throughput covers (whole replicas).
  tensor_parallel INTEGER NOT NULL CHECK (tensor_parallel BETWEEN 1 AND 64),
  gpus INTEGER NOT NULL CHECK (gpus > 0 AND gpus % tensor_parallel = 0),
  -- The engine's batch cap, or the requests the benchmark client kept in flight.
  batch INTEGER CHECK (batch > 0),
  concurrency INTEGER CHECK (concurrency > 0),
  -- Means per request, and the figures measured over all the GPUs.
  input_tokens REAL NOT NULL CHECK (input_tokens > 0),
  output_tokens REAL NOT NULL CHECK (output_tokens > 0),
  output_tokens_per_second REAL NOT NULL CHECK (output_tokens_per_second > 0),
  ttft_seconds REAL CHECK (ttft_seconds > 0),
  tpot_seconds REAL CHECK (tpot_seconds > 0),
  requests_per_second REAL CHECK (requests_per_second > 0),
  source TEXT NOT NULL DEFAULT '',
  note TEXT,
  supersedes INTEGER UNIQUE REFERENCES measurements (id),
  reason TEXT CHECK (reason <> ''),
  envelope_version TEXT NOT NULL,
  CHECK ((supersedes IS NULL) = (reason IS NULL))
) STRICT;

CREATE INDEX measurements_by_gpu ON measurements (gpu_id, model_id, precision, id);

CREATE TRIGGER measurements_no_update BEFORE UPDATE ON measurements
BEGIN
  SELECT RAISE(ABORT, 'measurements are immutable: record a new measurement that supersedes this one');
END;

CREATE TRIGGER measurements_no_delete BEFORE DELETE ON measurements
BEGIN
  SELECT RAISE(ABORT, 'measurements are immutable: record a new measurement that supersedes this one');
END;

-- Measurements no later measurement supersedes, with the throughput per GPU.
CREATE VIEW current_measurements AS
SELECT m.*, m.output_tokens_per_second / m.gpus AS output_tokens_per_second_per_gpu
FROM measurements AS m
WHERE NOT EXISTS (SELECT 1 FROM measurements AS s WHERE s.supersedes = m.id);

-- Fits of the serving model's factors to the measurements of one GPU: of one model, or pooled
-- over every model (model_id NULL); of one precision, or of every precision (precision NULL).
-- factors is the JSON object of the fitted factors (bandwidth_efficiency,
-- kv_cache_bandwidth_efficiency, compute_efficiency, prefill_efficiency,
-- step_overhead_seconds); residuals the JSON array of each measurement's error before and
-- after (measurement_id, figure, measured, before, after); error_before and error_after the
-- geometric-mean errors, exp(mean |ln(predicted / measured)|) - 1.
CREATE TABLE calibrations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recorded_at TEXT NOT NULL
    CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:*Z'),
  gpu_id TEXT NOT NULL REFERENCES gpus (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
  model_id TEXT REFERENCES models (id) ON UPDATE RESTRICT ON DELETE RESTRICT,
  precision TEXT
    CHECK (precision IN ('fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8', 'int4')),
  factors TEXT NOT NULL CHECK (json_valid(factors) AND json_type(factors) = 'object'),
  measurements INTEGER NOT NULL CHECK (measurements > 0),
  error_before REAL NOT NULL CHECK (error_before >= 0),
  error_after REAL NOT NULL CHECK (error_after >= 0),
  residuals TEXT NOT NULL CHECK (json_valid(residuals) AND json_type(residuals) = 'array'),
  envelope_version TEXT NOT NULL,
  note TEXT
) STRICT;

CREATE INDEX calibrations_by_gpu ON calibrations (gpu_id, id);

CREATE TRIGGER calibrations_no_update BEFORE UPDATE ON calibrations
BEGIN
  SELECT RAISE(ABORT, 'calibrations are immutable: record a new calibration');
END;

CREATE TRIGGER calibrations_no_delete BEFORE DELETE ON calibrations
BEGIN
  SELECT RAISE(ABORT, 'calibrations are immutable: record a new calibration');
END;
