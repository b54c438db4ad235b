#!/usr/bin/env bash
# Benchmark 3: reading a big ledger. `envelope history SCENARIO` and a typical `envelope sql`
# query on a ledger of 1,000,000 entries (1,000 scenarios x 1,000 entries), each against the
# sqlite3 tool running the equivalent query with CSV output. Also checks that each query's
# plan searches an index rather than scanning the table.
# Goal: envelope at most 2.0x sqlite3's median, and index searches only.
source "$(dirname "$0")/lib.sh"
need hyperfine hyperfine
need sqlite3 sqlite3
build
ENTRIES=${ENTRIES:-1000000}
dir=$SCRATCH/history
mkdir -p "$dir"
db=$dir/ledger-$ENTRIES.sqlite
# Built once and kept (it takes a minute or two); built again when this envelope refuses it.
if [ -f "$db" ] && ! "$ENVELOPE" scenario show seed-chat --db "$db" >/dev/null 2>&1; then
  rm -f "$db" "$db-wal" "$db-shm" "$db.lock"
fi
if [ ! -f "$db" ]; then
  rm -f "$db.tmp"*
  "$ENVELOPE" estimate seed-chat --db "$db.tmp" --as-of 2024-01-01 >/dev/null
  python3 "$ROOT/bench/make_big_ledger.py" "$db.tmp" "$ENTRIES"
  mv "$db.tmp" "$db"
  rm -f "$db.tmp"*
fi
machine
echo "ledger: $(sqlite3 "$db" 'SELECT count(*) FROM estimates') entries, $(du -h "$db" | cut -f1)"
# What `envelope history seed-chat --format csv` runs (Ledger.forEachEntry without snapshots).
history_sql="SELECT e.id, e.recorded_at, e.as_of, e.kind, e.scenario_id, e.method, e.envelope_version, e.note, e.supersedes, e.supersede_reason, e.sweep_id, '' AS inputs, '' AS results, e.gpus_required, e.trps, e.qps_per_gpu, e.inference_seconds, e.model_storage_bytes, e.user_data_bytes, e.storage_bytes_per_day, e.storage_bytes_per_month, e.ingress_bytes_per_second, e.egress_bytes_per_second, e.training_flops, e.training_seconds, e.gpu_hours, e.monthly_cost, (SELECT s.id FROM estimates s WHERE s.supersedes = e.id) AS superseded_by FROM estimates e WHERE e.scenario_id = 'seed-chat' AND NOT EXISTS (SELECT 1 FROM estimates s WHERE s.supersedes = e.id) ORDER BY e.as_of, e.id"
query_sql="SELECT as_of, gpus_required, storage_bytes_per_month FROM estimates WHERE scenario_id = 'seed-chat' AND as_of >= '2025-01-01' ORDER BY as_of, id"
echo "plan, history: $(sqlite3 "$db" "EXPLAIN QUERY PLAN $history_sql" | tr '\n' ' ')"
echo "plan, sql:     $("$ENVELOPE" sql --plan "$query_sql" --db "$db" | tr '\n' ' ')"
if sqlite3 "$db" "EXPLAIN QUERY PLAN $history_sql" | grep -Eq 'SCAN (e|s|estimates)( |$)' \
  || "$ENVELOPE" sql --plan "$query_sql" --db "$db" | grep -Eq 'SCAN estimates( |$)'; then
  echo "a query scans the table: goal NOT met" >&2
  exit 1
fi
echo "rows: history $("$ENVELOPE" history seed-chat --format csv --db "$db" | tail -n +2 | wc -l), sql $("$ENVELOPE" sql "$query_sql" --format csv --db "$db" | tail -n +2 | wc -l)"
hyperfine --warmup 5 --runs "${RUNS:-50}" -N --export-json "$dir/history.json" \
  "$ENVELOPE history seed-chat --format csv --db $db" \
  "sqlite3 -csv -header $db \"$history_sql\"" >&2
medians "$dir/history.json"
hyperfine --warmup 5 --runs "${RUNS:-50}" -N --export-json "$dir/sql.json" \
  "$ENVELOPE sql \"$query_sql\" --format csv --db $db" \
  "sqlite3 -csv -header $db \"$query_sql\"" >&2
medians "$dir/sql.json"
python3 - "$dir/history.json" "$dir/sql.json" <<'PY'
import json, sys
for name, path in (("history", sys.argv[1]), ("sql", sys.argv[2])):
    r = json.load(open(path))["results"]
    ratio = r[0]["median"] / r[1]["median"]
    print(f"{name} ÷ sqlite3: {ratio:.2f}× (goal ≤ 2.0×: {'met' if ratio <= 2.0 else 'NOT met'})")
PY
