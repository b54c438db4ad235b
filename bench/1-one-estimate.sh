#!/usr/bin/env bash
# Benchmark 1: one recorded estimate, whole process, against the sqlite3 tool inserting the
# same row (every column, the same JSON) and reading it back, on the same ledger, with the
# same settings: WAL (the ledger's own journal mode), synchronous=FULL, foreign keys on, and
# sqlite3's default checkpoint on close, which Envelope's close does too.
# Goal: envelope at most 2.0x sqlite3's median.
source "$(dirname "$0")/lib.sh"
need hyperfine hyperfine
need sqlite3 sqlite3
build
RUNS=${RUNS:-200}
dir=$SCRATCH/one-estimate
rm -rf "$dir" && mkdir -p "$dir"
db=$dir/ledger.sqlite
"$ENVELOPE" estimate seed-chat --db "$db" >/dev/null
# The baseline's SQL: the row Envelope just recorded, re-inserted as a new entry.
{
  echo "PRAGMA foreign_keys = ON;"
  echo "PRAGMA synchronous = FULL;"
  sqlite3 "$db" ".mode insert estimates" "SELECT * FROM estimates WHERE id = 1" \
    | sed 's/VALUES(1,/VALUES(NULL,/'
  echo "SELECT * FROM estimates WHERE id = last_insert_rowid();"
} >"$dir/insert.sql"
[ "$(sqlite3 "$db" 'PRAGMA journal_mode')" = wal ]
machine
echo "row: $(sqlite3 "$db" 'SELECT length(inputs) + length(results) FROM estimates WHERE id = 1') bytes of JSON"
hyperfine --warmup 10 --runs "$RUNS" -N --export-json "$dir/result.json" \
  "$ENVELOPE --version" \
  "$ENVELOPE estimate seed-chat --db $db --dry-run" \
  "$ENVELOPE estimate seed-chat --db $db" \
  "sqlite3 $db '.read $dir/insert.sql'" >&2
medians "$dir/result.json"
python3 - "$dir/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ratio = r[2]["median"] / r[3]["median"]
print(f"\nrecorded estimate ÷ sqlite3: {ratio:.2f}× (goal ≤ 2.0×: {'met' if ratio <= 2.0 else 'NOT met'})")
PY
echo "entries now: $(sqlite3 "$db" 'SELECT count(*) FROM estimates'); integrity: $(sqlite3 "$db" 'PRAGMA integrity_check')"
