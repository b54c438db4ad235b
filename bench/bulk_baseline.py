"""Benchmark 2's baseline: Python's sqlite3 module recording a sweep's points.

Usage: bulk_baseline.py LEDGER SIDE

Records SIDE x SIDE points (DAU 1M..SIDE M by 1M, requests per user 1..SIDE by 1) the way a
compact sweep does since schema version 5, with one `executemany` in one transaction: each
point's snapshot (the template entry's, with the two inputs and their overrides changed) as a
JSON merge patch over the first point's, and the seed's figures, computed with the same
formulas, in the `sweep_points` columns; then the `sweeps` row holding the base snapshot. The
settings match Envelope's: WAL, synchronous=FULL, foreign keys on.
"""

import copy
import json
import math
import sqlite3
import sys
import uuid

path, side = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA foreign_keys = ON")
db.execute("PRAGMA synchronous = FULL")
assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
template = db.execute(
    "SELECT recorded_at, as_of, envelope_version, inputs FROM estimates WHERE id = 1"
).fetchone()
recorded_at, as_of, version, inputs_text = template
snapshot = json.loads(inputs_text)
sweep_id = str(uuid.uuid4())
number = db.execute("SELECT coalesce(max(number), 0) + 1 FROM sweeps").fetchone()[0]
FIGURES = [
    "inference_flops", "inference_seconds", "qps_per_gpu", "trps", "gpus_required",
    "model_storage_bytes", "user_data_bytes", "interaction_bytes_per_day", "index_bytes_per_day",
    "storage_bytes_per_day", "storage_bytes_per_month", "ingress_bytes_per_second",
    "ingress_bits_per_second", "egress_bytes_per_second", "egress_bits_per_second",
]


def merge_patch(base, target):
    """The RFC 7396 patch turning base into target (None when they are the same)."""
    if not (isinstance(base, dict) and isinstance(target, dict)):
        return None if base == target else target
    patch = {}
    for key, value in target.items():
        if key not in base:
            if value is not None:
                patch[key] = value
        elif value is None:
            if base[key] is not None:
                patch[key] = None
        else:
            change = merge_patch(base[key], value)
            if change is not None:
                patch[key] = change
    for key, old in base.items():
        if key not in target and old is not None:
            patch[key] = None
    return patch or None


base = None


def rows():
    """Yields one row per point, computed lazily like Envelope's sweep."""
    global base
    index = 0
    for i in range(1, side + 1):
        for j in range(1, side + 1):
            index += 1
            point = copy.deepcopy(snapshot)
            dau, rpu = i * 1e6, float(j)
            point["overrides"] = {"--dau": str(i * 1_000_000), "--requests-per-user": str(j)}
            for part in (point["scenario"], point["inputs"]):
                part["daily_active_users"] = dau
                part["requests_per_user_per_day"] = rpu
            s = point["inputs"]
            flops = s["parameters"] * 2 * s["architecture_constant"]
            seconds = flops / s["peak_flops"]
            qps = 1 / seconds
            trps = dau * rpu / 86_400
            gpus = math.ceil(trps / qps)
            interactions = dau * s["interactions_per_user_per_day"] * s["interaction_bytes"]
            index_bytes = interactions * s["index_ratio"]
            per_day = interactions + index_bytes
            ingress = trps * s["request_bytes"]
            egress = trps * s["response_bytes"]
            figures = [
                flops, seconds, qps, trps, gpus, s["parameters"] * 2, dau * s["profile_bytes"],
                interactions, index_bytes, per_day, per_day * s["days_per_month"], ingress,
                ingress * 8, egress, egress * 8,
            ]
            if base is None:
                base = point
            patch = merge_patch(base, point) or {}
            yield [number, index, json.dumps(patch, separators=(",", ":"))] + figures


db.execute("BEGIN IMMEDIATE")
db.executemany(
    f"INSERT INTO sweep_points (sweep, point, inputs, {', '.join(FIGURES)}) "
    f"VALUES (?, ?, ?{', ?' * len(FIGURES)})",
    rows(),
)
db.execute(
    "INSERT INTO sweeps (id, recorded_at, scenario_id, grid, points, number, as_of, "
    "envelope_version, base_inputs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    (sweep_id, recorded_at, "seed-chat",
     json.dumps([f"dau=1M..{side}M:+1M", f"requests-per-user=1..{side}:+1"]), side * side,
     number, as_of, version, json.dumps(base, separators=(",", ":"))),
)
db.execute("COMMIT")
db.close()
