#!/usr/bin/env python3
"""Writes migrations/{sqlite,postgresql}/0010_all_reduce_bandwidth.sql from
reference/all-reduce-bandwidth.csv.

Each GPU of the file gets its curve as the JSON the store reads (`[{"message_bytes": …,
"bus_bytes_per_second": …}, …]`, GB/s x 10^9, in the file's order) and a sentence appended to its
efficiency_source naming the measurement; both only where the ledger has no curve for it yet.
The sentence is built from the rows' `source` column: the GPU as nccl-tests ran it, the NCCL
version, the Azure results file, and the bandwidth at 8 GiB, 8 MiB and 1 MiB.

A migration, once applied anywhere, never changes: the script refuses to overwrite a different
file unless given --force. `--check` exits with status 1 when a file differs from what the
reference gives, without writing. Run `make migrations` afterwards to embed the files.
"""
import csv
import json
import re

import catalogue_migration

root = catalogue_migration.root
NAME = "0010_all_reduce_bandwidth.sql"

HEAD_SQLITE = """-- Envelope ledger, schema version 10: a GPU's measured all-reduce curve. nccl-tests reports an
-- all-reduce's bus bandwidth by message size; the roofline method reads a tensor-parallel
-- all-reduce's time off that curve where the catalogue has one, rather than a fixed latency plus
-- the bytes over the link's datasheet bandwidth, which small and mid-sized messages never reach.
-- The column holds a JSON array of {"message_bytes", "bus_bytes_per_second"} objects. The
-- shipped A100 80 GB, H100 SXM and H200 get Azure's published curves, and their
-- efficiency_source says so; entries recorded before keep their snapshots and figures.

ALTER TABLE gpus ADD COLUMN all_reduce_bus_bandwidth TEXT
  CHECK (all_reduce_bus_bandwidth IS NULL
    OR (json_valid(all_reduce_bus_bandwidth) AND json_type(all_reduce_bus_bandwidth) = 'array'));
"""

HEAD_POSTGRESQL = """-- Envelope ledger on PostgreSQL, schema version 10: a GPU's measured all-reduce curve.
-- migrations/sqlite/0010_all_reduce_bandwidth.sql translated as 0001 says; the column is text
-- holding JSON, as in SQLite, so that both backends read and copy it the same way.

ALTER TABLE gpus ADD COLUMN all_reduce_bus_bandwidth text COLLATE "C"
  CHECK (all_reduce_bus_bandwidth IS NULL
    OR jsonb_typeof(all_reduce_bus_bandwidth::jsonb) = 'array');
"""

def curves():
    """The file's rows by GPU, in order: [(message_bytes, GB/s text, source)]."""
    result = {}
    with open(root / "reference" / "all-reduce-bandwidth.csv", newline="") as f:
        for row in csv.DictReader(f):
            result.setdefault(row["gpu_id"], []).append(
                (int(row["message_bytes"]), row["bus_gb_per_second"], row["source"]))
    return result


def sentence(points):
    source = points[0][2]
    gpu = re.search(r"8 x (?:NVIDIA )?(.*), NCCL", source).group(1)
    nccl = re.search(r"NCCL ([0-9.]+)", source).group(1)
    results = re.search(r"(Azure_Results/\S+_results\.md)", source).group(1)
    at = {size: rate for size, rate, _ in points}
    return (
        f"All-reduce: nccl-tests all_reduce_perf bus bandwidth from 1 KiB to 8 GiB on 8 x {gpu} "
        f"(NCCL {nccl}; {at[8 << 30]} GB/s at 8 GiB, {at[8 << 20]} at 8 MiB, {at[1 << 20]} at 1 MiB), "
        "Azure/AI-benchmarking-guide@8fd0c6e1bd0f853ef8f0500a3640a7d80a2a92ef "
        f"{results} ''NCCL Bandwidth'' table (Benchmarks/NCCLBandwidth.py: -b 8 -e 8G -f 2 -g 8).")


def migration(backend):
    text = HEAD_SQLITE if backend == "sqlite" else HEAD_POSTGRESQL
    for gpu, points in curves().items():
        curve = json.dumps(
            [{"message_bytes": size, "bus_bytes_per_second": round(float(rate) * 1e9)}
             for size, rate, _ in points], separators=(",", ":"))
        text += catalogue_migration.guarded_update(
            backend, gpu, "all_reduce_bus_bandwidth", curve, sentence(points))
    return text


if __name__ == "__main__":
    catalogue_migration.main(__doc__, NAME, "reference/all-reduce-bandwidth.csv", migration)
