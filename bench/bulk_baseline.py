"""Benchmark 2's baseline: Python's sqlite3 module recording a sweep's points.

Usage: bulk_baseline.py LEDGER SIDE

Inserts SIDE x SIDE estimates (DAU 1M..SIDE M by 1M, requests per user 1..SIDE by 1) into
LEDGER's `estimates` table with one `executemany` in one transaction, plus the `sweeps` row.
Each row is what Envelope records for a point of a seed-method sweep of scenario seed-chat:
the template entry's inputs snapshot with the two inputs changed, the seed's figures computed
with the same formulas, both as JSON text, and the key-figure columns. The settings match
Envelope's: WAL, synchronous=FULL, foreign keys on.
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


def rows():
    """Yields one row per point, computed lazily like Envelope's sweep."""
    for i in range(1, side + 1):
        for j in range(1, side + 1):
            point = copy.deepcopy(snapshot)
            s = point["inputs"]
            s["daily_active_users"] = dau = i * 1e6
            s["requests_per_user_per_day"] = rpu = float(j)
            flops = s["parameters"] * 2 * s["architecture_constant"]
            seconds = flops / s["peak_flops"]
            qps = 1 / seconds
            trps = dau * rpu / 86_400
            gpus = math.ceil(trps / qps)
            model_bytes = s["parameters"] * 2
            user_bytes = dau * s["profile_bytes"]
            interactions = dau * s["interactions_per_user_per_day"] * s["interaction_bytes"]
            index = interactions * s["index_ratio"]
            per_day = interactions + index
            per_month = per_day * s["days_per_month"]
            ingress = trps * s["request_bytes"]
            egress = trps * s["response_bytes"]
            results = {
                "inference_flops": flops, "inference_seconds": seconds, "qps_per_gpu": qps,
                "trps": trps, "gpus_required": gpus, "model_storage_bytes": model_bytes,
                "user_data_bytes": user_bytes, "interaction_bytes_per_day": interactions,
                "index_bytes_per_day": index, "storage_bytes_per_day": per_day,
                "storage_bytes_per_month": per_month, "ingress_bytes_per_second": ingress,
                "ingress_bits_per_second": ingress * 8, "egress_bytes_per_second": egress,
                "egress_bits_per_second": egress * 8,
            }
            yield (
                recorded_at, as_of, "serving", "seed-chat", "seed", version, sweep_id,
                json.dumps(point, separators=(",", ":"), sort_keys=True),
                json.dumps(results, separators=(",", ":")),
                gpus, trps, qps, seconds, model_bytes, user_bytes, per_day, per_month,
                ingress, egress,
            )


db.execute("BEGIN IMMEDIATE")
db.executemany(
    """INSERT INTO estimates (
         recorded_at, as_of, kind, scenario_id, method, envelope_version, sweep_id, inputs,
         results, gpus_required, trps, qps_per_gpu, inference_seconds, model_storage_bytes,
         user_data_bytes, storage_bytes_per_day, storage_bytes_per_month,
         ingress_bytes_per_second, egress_bytes_per_second
       ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
    rows(),
)
db.execute(
    "INSERT INTO sweeps (id, recorded_at, scenario_id, grid, points) VALUES (?, ?, ?, ?, ?)",
    (sweep_id, recorded_at, "seed-chat",
     json.dumps({"daily_active_users": f"1M..{side}M:+1M",
                 "requests_per_user_per_day": f"1..{side}:+1"}), side * side),
)
db.execute("COMMIT")
db.close()
