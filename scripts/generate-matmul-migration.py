#!/usr/bin/env python3
"""Writes migrations/{sqlite,postgresql}/0011_matmul_throughput.sql from
reference/matmul-throughput.csv.

Each GPU of the file gets its curve as the JSON the store reads (`[{"precision": …, "size": …,
"flops_per_second": …}, …]`, TFLOPS x 10^12, in the file's order) and a sentence appended to its
efficiency_source naming the measurement; both only where the ledger has no curve for it yet.
The sentence is built from the rows' `source` column: the Azure results file and the throughput
at the smallest, a middle and the largest size.

A migration, once applied anywhere, never changes: the script refuses to overwrite a different
file unless given --force. `--check` exits with status 1 when a file differs from what the
reference gives, without writing. Run `make migrations` afterwards to embed the files.
"""
import csv
import json
import re

import catalogue_migration

NAME = "0011_matmul_throughput.sql"

HEAD_SQLITE = """-- Envelope ledger, schema version 11: a GPU's measured matmul curve. A cuBLASLt benchmark
-- reports the FLOP/s of square matrix products by size; the roofline method reads from it how far
-- below the matmul efficiency (the best large product) a serving step's smaller products fall.
-- The column holds a JSON array of {"precision", "size", "flops_per_second"} objects. The shipped
-- A100 80 GB (FP16), H100 SXM and H200 (FP8) get Azure's published curves, and their
-- efficiency_source says so; entries recorded before keep their snapshots and figures.

ALTER TABLE gpus ADD COLUMN matmul_throughput TEXT
  CHECK (matmul_throughput IS NULL
    OR (json_valid(matmul_throughput) AND json_type(matmul_throughput) = 'array'));
"""

HEAD_POSTGRESQL = """-- Envelope ledger on PostgreSQL, schema version 11: a GPU's measured matmul curve.
-- migrations/sqlite/0011_matmul_throughput.sql translated as 0001 says; the column is text
-- holding JSON, as in SQLite, so that both backends read and copy it the same way.

ALTER TABLE gpus ADD COLUMN matmul_throughput text COLLATE "C"
  CHECK (matmul_throughput IS NULL OR jsonb_typeof(matmul_throughput::jsonb) = 'array');
"""


def curves():
    """The file's rows by GPU, in order: [(precision, size, TFLOPS text, source)]."""
    result = {}
    with open(catalogue_migration.root / "reference" / "matmul-throughput.csv", newline="") as f:
        for row in csv.DictReader(f):
            result.setdefault(row["gpu_id"], []).append(
                (row["precision"], int(row["size"]), row["tflops"], row["source"]))
    return result


def sentence(points):
    precision, _, _, source = points[0]
    results = re.search(r"(Azure_Results/\S+_results\.md)", source).group(1)
    described = re.search(r"warmup iterations, (.*)$", source).group(1)
    at = [(size, rate) for _, size, rate, _ in points]
    shown = ", ".join(f"{rate} TFLOPS at {size}" for size, rate in (at[0], at[2], at[-1]))
    return (
        f"Matmul by size: cuBLASLt {precision.upper()} square products m = n = k from {at[0][0]} "
        f"to {at[-1][0]} on {described} ({shown}), "
        "Azure/AI-benchmarking-guide@8fd0c6e1bd0f853ef8f0500a3640a7d80a2a92ef "
        f"{results} ''GEMM CuBLASLt'' table (Benchmarks/GEMMCublasLt.py).")


def migration(backend):
    text = HEAD_SQLITE if backend == "sqlite" else HEAD_POSTGRESQL
    for gpu, points in curves().items():
        curve = json.dumps(
            [{"precision": precision, "size": size, "flops_per_second": round(float(rate) * 1e12)}
             for precision, size, rate, _ in points], separators=(",", ":"))
        text += catalogue_migration.guarded_update(
            backend, gpu, "matmul_throughput", curve, sentence(points))
    return text


if __name__ == "__main__":
    catalogue_migration.main(__doc__, NAME, "reference/matmul-throughput.csv", migration)
