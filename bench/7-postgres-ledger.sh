#!/usr/bin/env bash
# A 1,000,000-entry ledger on PostgreSQL against the same ledger as a SQLite file, and each
# against its own tool doing the same work: `envelope history seed-chat` against `psql` and
# `sqlite3` running the query Envelope runs, and one recorded estimate (`envelope estimate
# seed-chat`) against `psql` and `sqlite3` inserting the same row and reading it back.
#
# The server is a private PostgreSQL 15 cluster started for the run (with-cluster.sh: default
# settings, Unix socket); envelope and psql both connect through that socket. The PostgreSQL
# ledger is built from scratch each run: `envelope estimate` records entry 1, then one INSERT …
# SELECT copies it into 999 more scenarios and 999,999 more entries, laid out as
# bench/make_big_ledger.py lays out the SQLite one, and VACUUM ANALYZE follows (what autovacuum
# would do on a server left alone). The SQLite ledger is benchmark 3's, copied, since recording
# estimates adds entries to it. Last, sweeps of 10,000 and 100,000 points into new PostgreSQL
# ledgers: wall time and peak memory, which must not grow with the points.
#
#   bench/7-postgres-ledger.sh        # SKIP_BUILD=1 to reuse the build; ENTRIES=1000000, RUNS=30
source "$(dirname "$0")/lib.sh"
need hyperfine hyperfine
need sqlite3 sqlite3
need psql postgresql-client
build
if [ -z "${ENVELOPE_TEST_POSTGRES_URL:-}" ]; then
  exec "$ROOT/scripts/postgres/with-cluster.sh" "$0" "$@"
fi
ENTRIES=${ENTRIES:-1000000}
RUNS=${RUNS:-30}
# Debian's `psql` on PATH is pg_wrapper, a Perl script that picks a version and costs ~45 ms
# to start: the baseline is the client program itself.
PSQL=$(ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)
PSQL=${PSQL:-$(command -v psql)}
work=$SCRATCH/postgres
rm -rf "$work"
mkdir -p "$work"

# The SQLite ledger: benchmark 3's, copied.
big_ledger "$ENTRIES"
lite=$work/ledger.sqlite
cp "$BIG_LEDGER" "$lite"

# The PostgreSQL ledger, laid out the same way.
name=bench_ledger_$$
psql "$ENVELOPE_TEST_POSTGRES_URL" -qXc "CREATE DATABASE $name"
pg=${ENVELOPE_TEST_POSTGRES_URL%/*}/$name
psql_pg() { psql "$pg" -qX -v ON_ERROR_STOP=1 "$@"; }
"$ENVELOPE" ledger init --db "$pg" >/dev/null
"$ENVELOPE" estimate seed-chat --db "$pg" --as-of 2024-01-01 >/dev/null
columns() { # TABLE EXCLUDED...: the table's columns but those named, in order, comma-separated
  local table=$1
  shift
  psql_pg -At -c "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position)
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '$table'
    AND column_name NOT IN ($(printf "'%s'," "$@" | sed 's/,$//'))"
}
scenario_columns=$(columns scenarios id updated_at)
entry_columns=$(columns estimates id scenario_id as_of)
start=$(date +%s)
psql_pg <<SQL
BEGIN;
INSERT INTO scenarios (id, $scenario_columns)
  SELECT 'bench-' || lpad(n::text, 4, '0'), $scenario_columns
  FROM scenarios CROSS JOIN generate_series(1, 999) AS n WHERE id = 'seed-chat';
INSERT INTO estimates (scenario_id, as_of, $entry_columns)
  SELECT CASE WHEN n % 1000 = 0 THEN 'seed-chat' ELSE 'bench-' || lpad((n % 1000)::text, 4, '0') END,
    to_char(date '2024-01-01' + n / 1000, 'YYYY-MM-DD'), $entry_columns
  FROM estimates CROSS JOIN generate_series(1, $ENTRIES - 1) AS n WHERE id = 1;
COMMIT;
VACUUM ANALYZE;
SQL
echo "PostgreSQL ledger built in $(($(date +%s) - start)) s"
# Let the writes of building both ledgers reach the disk before anything is timed.
psql_pg -c CHECKPOINT
sync

machine
echo "server: $(psql_pg -At -c 'SHOW server_version'), shared_buffers $(psql_pg -At -c 'SHOW shared_buffers')"
echo "ledgers: SQLite $(sqlite3 "$lite" 'SELECT count(*) FROM estimates') entries, $(du -h "$lite" | cut -f1);" \
  "PostgreSQL $(psql_pg -At -c 'SELECT count(*) FROM estimates') entries," \
  "$(psql_pg -At -c 'SELECT pg_size_pretty(pg_database_size(current_database()))')"

# history: the plans must search indexes, on both.
echo "plan, SQLite:     $(sqlite3 "$lite" "EXPLAIN QUERY PLAN $HISTORY_SQL" | tr '\n' ' ')"
echo "plan, PostgreSQL: $(psql_pg -At -c "EXPLAIN $HISTORY_SQL" | tr -s ' ' | tr '\n' ' ')"
if sqlite3 "$lite" "EXPLAIN QUERY PLAN $HISTORY_SQL" | grep -Eq 'SCAN (e|s|estimates)( |$)' \
  || psql_pg -At -c "EXPLAIN $HISTORY_SQL" | grep -q 'Seq Scan on estimates'; then
  echo "a history query scans the table" >&2
  exit 1
fi
a=$("$ENVELOPE" history seed-chat --format csv --db "$pg" | tail -n +2 | wc -l)
b=$("$ENVELOPE" history seed-chat --format csv --db "$lite" | tail -n +2 | wc -l)
echo "history rows: PostgreSQL $a, SQLite $b"
[ "$a" = "$b" ] || { echo "the two ledgers' histories differ" >&2; exit 1; }
hyperfine --warmup 10 --runs "$RUNS" -N --export-json "$work/history.json" \
  "$ENVELOPE history seed-chat --format csv --db $pg" \
  "$PSQL $pg -X --csv -c \"$HISTORY_SQL\"" \
  "$ENVELOPE history seed-chat --format csv --db $lite" \
  "sqlite3 -csv -header $lite \"$HISTORY_SQL\"" >&2
medians "$work/history.json"

# One recorded estimate. The baselines insert the row Envelope recorded (entry 1, every column
# as a literal: its 2.7 KB snapshot and results as JSON text) and read it back.
psql_pg -At -c "SELECT format('INSERT INTO estimates (%s) VALUES (%s) RETURNING *;',
    string_agg(quote_ident(key), ', '), string_agg(quote_nullable(value), ', '))
  FROM estimates AS e, jsonb_each_text(to_jsonb(e) - 'id') WHERE e.id = 1" >"$work/insert-pg.sql"
{
  echo "PRAGMA foreign_keys = ON;"
  echo "PRAGMA synchronous = FULL;"
  sqlite3 "$lite" ".mode insert estimates" "SELECT * FROM estimates WHERE id = 1" \
    | sed 's/VALUES(1,/VALUES(NULL,/'
  echo "SELECT * FROM estimates WHERE id = last_insert_rowid();"
} >"$work/insert-sqlite.sql"
hyperfine --warmup 10 --runs "$RUNS" -N --export-json "$work/estimate.json" \
  "$ENVELOPE estimate seed-chat --db $pg" \
  "$PSQL $pg -X -q -f $work/insert-pg.sql" \
  "$ENVELOPE estimate seed-chat --db $lite" \
  "sqlite3 $lite '.read $work/insert-sqlite.sql'" >&2
medians "$work/estimate.json"
python3 - "$work/history.json" "$work/estimate.json" <<'PY'
import json, sys
for name, path in (("history", sys.argv[1]), ("recorded estimate", sys.argv[2])):
    m = [r["median"] for r in json.load(open(path))["results"]]
    print(f"{name}: PostgreSQL ÷ psql {m[0] / m[1]:.2f}×, SQLite ÷ sqlite3 {m[2] / m[3]:.2f}×, "
          f"PostgreSQL ÷ SQLite {m[0] / m[2]:.2f}×, psql ÷ sqlite3 {m[1] / m[3]:.2f}×")
PY

# A sweep is one transaction whose points go 512 to an INSERT: its memory must not grow with
# its points.
need time time
echo "sweep label, seconds, peak RSS MB:"
for side in 100 316; do
  name=bench_sweep_${side}_$$
  psql "$ENVELOPE_TEST_POSTGRES_URL" -qXc "CREATE DATABASE $name"
  ledger=${ENVELOPE_TEST_POSTGRES_URL%/*}/$name
  "$ENVELOPE" ledger init --db "$ledger" >/dev/null
  timed "$work" "sweep-$((side * side))-points" "$ENVELOPE" sweep seed-chat \
    --vary "dau=1M..${side}M:+1M" --vary "requests-per-user=1..${side}:+1" --format jsonl \
    --db "$ledger"
  echo "  stored: $(psql "$ledger" -XAtc 'SELECT count(*) FROM sweep_points') points"
done
