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
big_ledger "$ENTRIES"
db=$BIG_LEDGER
dir=$SCRATCH/history
machine
echo "ledger: $(sqlite3 "$db" 'SELECT count(*) FROM estimates') entries, $(du -h "$db" | cut -f1)"
history_sql=$HISTORY_SQL
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
