-- Envelope ledger, schema version 7: the roofline serving model's choices and figures. A
-- scenario can pin the tensor-parallel degree and cap the batch, set latency targets the choice
-- must meet, the share of GPU memory the engine uses, the KV cache's precision and the prefill
-- efficiency; a sweep's point holds the new figures in typed columns. Entries recorded before
-- keep their snapshots and figures.

ALTER TABLE scenarios ADD COLUMN max_batch INTEGER CHECK (max_batch > 0);
ALTER TABLE scenarios ADD COLUMN tensor_parallel INTEGER
  CHECK (tensor_parallel BETWEEN 1 AND 64);
ALTER TABLE scenarios ADD COLUMN max_ttft_seconds REAL CHECK (max_ttft_seconds > 0);
ALTER TABLE scenarios ADD COLUMN max_tpot_seconds REAL CHECK (max_tpot_seconds > 0);
ALTER TABLE scenarios ADD COLUMN gpu_memory_utilization REAL
  CHECK (gpu_memory_utilization > 0 AND gpu_memory_utilization <= 1);
ALTER TABLE scenarios ADD COLUMN kv_precision TEXT
  CHECK (kv_precision IN ('fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8', 'int4'));
ALTER TABLE scenarios ADD COLUMN prefill_efficiency REAL
  CHECK (prefill_efficiency > 0 AND prefill_efficiency <= 1);

ALTER TABLE sweep_points ADD COLUMN ttft_seconds REAL;
ALTER TABLE sweep_points ADD COLUMN tpot_seconds REAL;
ALTER TABLE sweep_points ADD COLUMN communication_seconds_per_token REAL;
ALTER TABLE sweep_points ADD COLUMN kv_cache_pool_bytes REAL;
ALTER TABLE sweep_points ADD COLUMN tensor_parallel INTEGER;

DROP VIEW sweep_point_estimates;

-- Every point of a compact sweep with its full snapshot and every figure, columns named as in
-- estimates.
CREATE VIEW sweep_point_estimates AS
SELECT
  s.id AS sweep_id, p.point, s.recorded_at, s.as_of, 'serving' AS kind, s.scenario_id,
  json_extract(json_patch(s.base_inputs, p.inputs), '$.method') AS method, s.envelope_version,
  s.note, json_patch(s.base_inputs, p.inputs) AS inputs,
  p.inference_flops, p.inference_seconds, p.qps_per_gpu, p.ttft_seconds, p.tpot_seconds,
  p.decode_seconds_per_token, p.bound, p.decode_memory_seconds_per_token,
  p.decode_compute_seconds_per_token, p.communication_seconds_per_token, p.prefill_flops,
  p.prefill_seconds, p.replica_requests_per_second, p.output_tokens_per_second_per_gpu,
  p.weight_bytes, p.kv_cache_bytes_per_token, p.context_tokens, p.kv_cache_pool_bytes,
  p.kv_cache_bytes, p.usable_memory_bytes_per_gpu, p.min_gpus_per_replica, p.tensor_parallel,
  p.gpus_per_replica, p.max_batch, p.batch, p.trps, p.peak_requests_per_second, p.replicas,
  p.gpus_required, p.model_storage_bytes, p.user_data_bytes, p.interaction_bytes_per_day,
  p.index_bytes_per_day, p.storage_bytes_per_day, p.storage_bytes_per_month,
  p.ingress_bytes_per_second, p.ingress_bits_per_second, p.egress_bytes_per_second,
  p.egress_bits_per_second, p.monthly_gpu_cost, p.monthly_egress_cost, p.monthly_storage_cost,
  p.monthly_cost, p.currency
FROM sweep_points AS p
JOIN sweeps AS s ON s.number = p.sweep;
