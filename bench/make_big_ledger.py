"""Builds benchmark 3's ledger: 1,000 scenarios and 1,000,000 entries.

Usage: make_big_ledger.py LEDGER ENTRIES

LEDGER must be a ledger Envelope created holding one recorded estimate of seed-chat (entry 1),
whose row is the template. Adds 999 scenarios copied from seed-chat (bench-0001 ...), then
ENTRIES - 1 entries spread round-robin over the 1,000 scenarios with as_of dates walking
forward one day per 1,000 entries, each with the template's JSON snapshot and results, in one
transaction. Every scenario ends up with ENTRIES / 1,000 entries.
"""

import datetime
import sqlite3
import sys

path, entries = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA foreign_keys = ON")
columns = [row[1] for row in db.execute("PRAGMA table_info(estimates)") if row[1] != "id"]
template = dict(
    zip(columns, db.execute(f"SELECT {', '.join(columns)} FROM estimates WHERE id = 1").fetchone())
)
scenario_columns = [
    row[1] for row in db.execute("PRAGMA table_info(scenarios)") if row[1] not in ("id", "updated_at")
]
db.execute("BEGIN IMMEDIATE")
scenarios = ["seed-chat"]
for n in range(1, 1000):
    scenario = f"bench-{n:04d}"
    scenarios.append(scenario)
    db.execute(
        f"INSERT INTO scenarios (id, {', '.join(scenario_columns)}) "
        f"SELECT ?, {', '.join(scenario_columns)} FROM scenarios WHERE id = 'seed-chat'",
        (scenario,),
    )
start = datetime.date(2024, 1, 1)


def rows():
    """One row per entry, the template with its scenario and date changed."""
    for n in range(1, entries):
        row = dict(template)
        row["scenario_id"] = scenarios[n % 1000]
        row["as_of"] = (start + datetime.timedelta(days=n // 1000)).isoformat()
        yield tuple(row[c] for c in columns)


db.executemany(
    f"INSERT INTO estimates ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
    rows(),
)
db.execute("COMMIT")
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.close()
