#!/usr/bin/env bash
# SQL: every write attempt through `envelope sql` is refused (exit 1, one error line, ledger
# unchanged), and UPDATE/DELETE on the ledger's tables are refused even from the sqlite3 tool.
source "$(dirname "$0")/lib.sh"
db=$SCRATCH/ledger.sqlite
"$ENVELOPE" estimate seed-chat --db "$db" >/dev/null
"$ENVELOPE" sweep seed-chat --vary dau=1M,2M --db "$db" >/dev/null
"$ENVELOPE" actual record seed-chat --metric trps --value 1000 --date 2026-01-01 --db "$db" >/dev/null
"$ENVELOPE" measurement record --model llama-3.1-8b --gpu h100-sxm --precision fp8 \
  --tensor-parallel 1 --input-tokens 1024 --output-tokens 256 --output-tokens-per-second 3200 \
  --date 2026-01-12 --db "$db" >/dev/null
[ "$(sqlite3 "$db" "SELECT (SELECT count(*) FROM actuals) * (SELECT count(*) FROM sweeps) * (SELECT count(*) FROM measurements)")" -gt 0 ]
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
before=$(fingerprint "$db")
trials=0
attempts=(
  "INSERT INTO estimates (recorded_at, as_of, kind, method, envelope_version, inputs, results) VALUES ('2026-01-01T00:00:00Z', '2026-01-01', 'serving', 'seed', 'x', '{}', '{}')"
  "UPDATE estimates SET note = 'changed'"
  "DELETE FROM estimates"
  "DELETE FROM gpus WHERE id = 'a100-80gb'"
  "UPDATE scenarios SET daily_active_users = 1"
  "REPLACE INTO models (id, name, parameters) VALUES ('x', 'x', 1)"
  "WITH doomed AS (SELECT id FROM estimates) DELETE FROM estimates WHERE id IN (SELECT id FROM doomed)"
  "WITH RECURSIVE n(i) AS (SELECT 1) UPDATE estimates SET note = 'x' WHERE id IN (SELECT i FROM n)"
  "WITH x AS (SELECT 1) INSERT INTO sweeps (id, recorded_at, scenario_id, grid, points) SELECT 'x', '2026-01-01T00:00:00Z', 'seed-chat', '[]', 1 FROM x"
  "DROP TABLE estimates"
  "DROP VIEW estimate_summary"
  "DROP TRIGGER estimates_no_delete"
  "CREATE TABLE evil (x)"
  "CREATE INDEX evil ON estimates (note)"
  "ALTER TABLE estimates ADD COLUMN evil TEXT"
  "PRAGMA journal_mode = DELETE"
  "PRAGMA user_version = 7"
  "PRAGMA application_id = 0"
  "PRAGMA writable_schema = ON"
  "PRAGMA foreign_keys = OFF"
  "PRAGMA wal_checkpoint(TRUNCATE)"
  "PRAGMA incremental_vacuum"
  "PRAGMA optimize"
  "ATTACH DATABASE '$SCRATCH/other.sqlite' AS other"
  "ATTACH ':memory:' AS m"
  "DETACH DATABASE main"
  "VACUUM"
  "VACUUM INTO '$SCRATCH/copy.sqlite'"
  "REINDEX"
  "ANALYZE"
  "BEGIN IMMEDIATE"
  "SAVEPOINT s"
  "SELECT 1; DELETE FROM estimates"
  "SELECT load_extension('/tmp/evil.so')"
  "SELECT writefile('$SCRATCH/evil.txt', 'x')"
)
for sql in "${attempts[@]}"; do
  trials=$((trials + 1))
  status=0
  "$ENVELOPE" sql "$sql" --db "$db" >"$SCRATCH/out" 2>"$SCRATCH/err" || status=$?
  if [ "$status" -ne 1 ] || ! one_error_line "$SCRATCH/err"; then
    fail "envelope sql refused nothing or unclearly: exit $status for: $sql: $(head -c 200 "$SCRATCH/err")"
  fi
  [ "$(fingerprint "$db")" = "$before" ] || fail "envelope sql changed the ledger: $sql"
done
[ ! -e "$SCRATCH/copy.sqlite" ] && [ ! -e "$SCRATCH/other.sqlite" ] && [ ! -e "$SCRATCH/evil.txt" ] \
  || fail "envelope sql created a file"
echo "envelope sql: ${#attempts[@]} write attempts, all refused with exit 1 and one error line; ledger unchanged"

# The sqlite3 tool, with no Envelope in the way: the triggers refuse changes to history.
direct=(
  "UPDATE estimates SET note = 'changed'"
  "DELETE FROM estimates"
  "UPDATE estimates SET gpus_required = 1 WHERE id = 1"
  "DELETE FROM estimates WHERE id = 1"
  "UPDATE actuals SET value = 0"
  "DELETE FROM actuals"
  "UPDATE sweeps SET points = 1"
  "DELETE FROM sweeps"
  "UPDATE measurements SET output_tokens_per_second = 1"
  "DELETE FROM measurements"
)
refused=0
for sql in "${direct[@]}"; do
  trials=$((trials + 1))
  if sqlite3 "$db" "$sql" 2>"$SCRATCH/err"; then
    fail "sqlite3 accepted: $sql"
  else
    refused=$((refused + 1))
  fi
  [ "$(fingerprint "$db")" = "$before" ] || fail "sqlite3 changed the ledger: $sql"
done
echo "sqlite3 tool: ${#direct[@]} UPDATE/DELETE statements on estimates, actuals, sweeps and measurements, $refused refused; e.g. $(head -1 "$SCRATCH/err")"
echo "sql writes: $trials trials, $FAILURES failures"
[ "$FAILURES" -eq 0 ]
