-- Envelope ledger, schema version 12: a scenario can set the share of the speed the
-- catalogue's all-reduce model expects that its tensor-parallel all-reduces reach (the
-- communication efficiency a calibration also fits). Scenarios and entries recorded before keep
-- the catalogue's all-reduces.

ALTER TABLE scenarios ADD COLUMN communication_efficiency double precision
  CHECK (communication_efficiency > 0 AND communication_efficiency <= 1);
