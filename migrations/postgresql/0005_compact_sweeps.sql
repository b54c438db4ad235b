-- Envelope ledger on PostgreSQL, schema version 5: compact sweeps. A sweep stores the snapshot
-- its points share once (base_inputs, the first point's); each point stores only what its
-- snapshot changes (a JSON merge patch over the base, RFC 7396, as SQLite's json_patch applies
-- it) and its figures, one typed column each. The view sweep_point_estimates presents every
-- point with its full snapshot. Sweeps recorded before this version keep their points in
-- estimates. migrations/sqlite/0005_compact_sweeps.sql translated as 0001 says; PostgreSQL has no
-- json_patch, so envelope_json_patch below is RFC 7396 as SQLite implements it.

-- The JSON merge patch (RFC 7396) of target by patch, as SQLite's json_patch(target, patch): a
-- patch that is not an object replaces the target; otherwise each of its members removes the
-- target's member (a null) or replaces it by the merge of the two, a target that is not an
-- object taken as {}. A NULL argument gives NULL.
CREATE FUNCTION envelope_json_patch(target jsonb, patch jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  merged jsonb;
  member record;
BEGIN
  IF jsonb_typeof(patch) <> 'object' THEN
    RETURN patch;
  END IF;
  merged := CASE WHEN jsonb_typeof(target) = 'object' THEN target ELSE '{}'::jsonb END;
  FOR member IN SELECT key, value FROM jsonb_each(patch) LOOP
    IF jsonb_typeof(member.value) = 'null' THEN
      merged := merged - member.key;
    ELSE
      merged := jsonb_set(merged, ARRAY[member.key],
        envelope_json_patch(coalesce(merged -> member.key, 'null'::jsonb), member.value));
    END IF;
  END LOOP;
  RETURN merged;
END;
$$;

ALTER TABLE sweeps ADD COLUMN number bigint CHECK (number > 0);
ALTER TABLE sweeps ADD COLUMN as_of text COLLATE "C"
  CHECK (as_of IS NULL OR envelope_is_date(as_of));
ALTER TABLE sweeps ADD COLUMN note text COLLATE "C";
ALTER TABLE sweeps ADD COLUMN envelope_version text COLLATE "C";
ALTER TABLE sweeps ADD COLUMN base_inputs jsonb
  CHECK (base_inputs IS NULL OR jsonb_typeof(base_inputs) = 'object');
CREATE UNIQUE INDEX sweeps_by_number ON sweeps (number);

CREATE TABLE sweep_points (
  sweep bigint NOT NULL REFERENCES sweeps (number) DEFERRABLE INITIALLY DEFERRED,
  point bigint NOT NULL CHECK (point > 0),
  inputs jsonb NOT NULL CHECK (jsonb_typeof(inputs) = 'object'),
  inference_flops double precision,
  inference_seconds double precision,
  qps_per_gpu double precision,
  decode_seconds_per_token double precision,
  bound text COLLATE "C",
  decode_memory_seconds_per_token double precision,
  decode_compute_seconds_per_token double precision,
  prefill_flops double precision,
  prefill_seconds double precision,
  replica_requests_per_second double precision,
  output_tokens_per_second_per_gpu double precision,
  weight_bytes double precision,
  kv_cache_bytes_per_token double precision,
  context_tokens double precision,
  kv_cache_bytes double precision,
  usable_memory_bytes_per_gpu double precision,
  min_gpus_per_replica bigint,
  gpus_per_replica bigint,
  max_batch bigint,
  batch bigint,
  trps double precision,
  peak_requests_per_second double precision,
  replicas bigint,
  gpus_required bigint,
  model_storage_bytes double precision,
  user_data_bytes double precision,
  interaction_bytes_per_day double precision,
  index_bytes_per_day double precision,
  storage_bytes_per_day double precision,
  storage_bytes_per_month double precision,
  ingress_bytes_per_second double precision,
  ingress_bits_per_second double precision,
  egress_bytes_per_second double precision,
  egress_bits_per_second double precision,
  monthly_gpu_cost double precision,
  monthly_egress_cost double precision,
  monthly_storage_cost double precision,
  monthly_cost double precision,
  currency text COLLATE "C",
  PRIMARY KEY (sweep, point)
);

CREATE TRIGGER sweep_points_no_update BEFORE UPDATE ON sweep_points FOR EACH ROW
EXECUTE FUNCTION envelope_refuse_change('sweeps are immutable');

CREATE TRIGGER sweep_points_no_delete BEFORE DELETE ON sweep_points FOR EACH ROW
EXECUTE FUNCTION envelope_refuse_change('sweeps are immutable');

CREATE TRIGGER sweep_points_no_truncate BEFORE TRUNCATE ON sweep_points FOR EACH STATEMENT
EXECUTE FUNCTION envelope_refuse_change('sweeps are immutable');

-- Every point of a compact sweep with its full snapshot and every figure, columns named as in
-- estimates.
CREATE VIEW sweep_point_estimates AS
SELECT
  s.id AS sweep_id, p.point, s.recorded_at, s.as_of, 'serving' AS kind, s.scenario_id,
  envelope_json_patch(s.base_inputs, p.inputs) ->> 'method' AS method, s.envelope_version,
  s.note, envelope_json_patch(s.base_inputs, p.inputs) AS inputs,
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
