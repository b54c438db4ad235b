#!/usr/bin/env bash
# The PostgreSQL round, on the tests' private server (ENVELOPE_TEST_POSTGRES_URL, and
# ENVELOPE_TEST_POSTGRES_DIR to restart it; scripts/postgres/with-cluster.sh sets both):
# 1. concurrency: 16 processes x 25 estimates on a new database: exactly 400 entries, ids 1-400,
#    each writer's 25 present, no failure, nothing on stderr;
# 2. crash: KILLS sweeps of POINTS points killed with SIGKILL at random moments: each sweep
#    fully present or absent, no orphan points;
# 3. restart: the server restarted while 4 writers record estimates: every command that
#    succeeded is in the ledger, every one that failed said so on stderr and left nothing.
# Usage: postgres.sh [KILLS] [POINTS]   (defaults 3 and 10,000)
source "$(dirname "$0")/lib.sh"
kills=${1:-3}
points=${2:-10000}
: "${ENVELOPE_TEST_POSTGRES_URL:?needs the test server (scripts/postgres/with-cluster.sh)}"
server=$ENVELOPE_TEST_POSTGRES_URL
base=${server%/*}
cluster=$(cd "$(dirname "$0")/../postgres" && pwd)/cluster.sh

newdb() {
  local name=reliability_$1_$RANDOM$RANDOM
  psql "$server" -qXAt -c "CREATE DATABASE $name" >/dev/null
  echo "$base/$name"
}
q() { psql "$1" -qXAt -c "$2"; }

# 1. Concurrency.
db=$(newdb concurrency)
"$ENVELOPE" ledger init --db "$db" >/dev/null
run_writers "$db" 16 25 "$SCRATCH/pg-writer"
errors=$FAILED
totals=$(q "$db" "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM estimates")
writers=$(q "$db" "SELECT count(*) FROM (SELECT note FROM estimates GROUP BY note HAVING count(*) = 25) AS w")
stderr=$(cat "$SCRATCH"/pg-writer.* | wc -c)
echo "concurrency: $totals (count|distinct|min|max), $writers writers with 25, $errors failed, $stderr bytes on stderr"
[ "$totals" = "400|400|1|400" ] || fail "concurrency: $totals"
[ "$writers" = 16 ] || fail "concurrency: $writers writers have their 25 entries"
[ "$errors" = 0 ] && [ "$stderr" = 0 ] || fail "concurrency: $(head -3 "$SCRATCH"/pg-writer.*)"

# 2. Crash: SIGKILL in the middle of sweeps.
db=$(newdb crash)
"$ENVELOPE" ledger init --db "$db" >/dev/null
side=$(python3 -c "import math; print(math.isqrt($points))")
points=$((side * side))
sweep=(sweep seed-chat --vary "dau=1M..${side}M:+1M" --vary "requests-per-user=1..${side}:+1" --db "$db")
start=$(date +%s%N)
"$ENVELOPE" "${sweep[@]}" >/dev/null
full_ms=$((($(date +%s%N) - start) / 1000000))
RANDOM=42
present=0 absent=0
for trial in $(seq 1 "$kills"); do
  before=$(q "$db" "SELECT count(*) FROM sweep_points")
  delay_ms=$((RANDOM * full_ms * 12 / 10 / 32768))
  "$ENVELOPE" "${sweep[@]}" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  sleep 0.2 # the server notices the closed connection and rolls its transaction back
  after=$(q "$db" "SELECT count(*) FROM sweep_points")
  broken=$(q "$db" "SELECT count(*) FROM sweeps s WHERE s.points <> (SELECT count(*) FROM sweep_points p WHERE p.sweep = s.number)")
  if [ "$after" -eq $((before + points)) ]; then present=$((present + 1));
  elif [ "$after" -eq "$before" ]; then absent=$((absent + 1));
  else fail "kill $trial at ${delay_ms} ms: $after points, expected $before or $((before + points))"; fi
  [ "$broken" = 0 ] || fail "kill $trial: $broken sweeps whose points do not match"
done
echo "crash: $kills kills of $points-point sweeps (${full_ms} ms each): $present present, $absent absent"

# 3. The server restarted while writers record.
if [ -n "${ENVELOPE_TEST_POSTGRES_DIR:-}" ]; then
  db=$(newdb restart)
  "$ENVELOPE" ledger init --db "$db" >/dev/null
  pids=()
  for writer in $(seq 1 4); do
    (
      for i in $(seq 1 30); do
        # A command that outlives the restart by a minute is hung: counted, never waited for.
        if out=$(timeout -s KILL 60 "$ENVELOPE" estimate seed-chat --db "$db" --note "w$writer" \
          --format json 2>"$SCRATCH/pg-restart.err.$writer"); then
          echo "$out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["entry_id"])'
        elif [ $? = 137 ]; then
          echo "HUNG"
        else
          grep -q '^error: ' "$SCRATCH/pg-restart.err.$writer" || echo "SILENT"
        fi
      done
    ) >"$SCRATCH/pg-restart.ok.$writer" 2>/dev/null &
    pids+=($!)
  done
  sleep 1
  "$cluster" restart "$ENVELOPE_TEST_POSTGRES_DIR" || fail "restart: the server did not restart"
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  succeeded=$(cat "$SCRATCH"/pg-restart.ok.* | grep -c '^[0-9]' || true)
  silent=$(cat "$SCRATCH"/pg-restart.ok.* | grep -c SILENT || true)
  hung=$(cat "$SCRATCH"/pg-restart.ok.* | grep -c HUNG || true)
  stored=$(q "$db" "SELECT count(*) FROM estimates")
  missing=$(sort -n "$SCRATCH"/pg-restart.ok.* | grep '^[0-9]' | while read -r id; do
    [ "$(q "$db" "SELECT count(*) FROM estimates WHERE id = $id")" = 1 ] || echo "$id"; done | wc -l)
  echo "restart: $succeeded of 120 estimates succeeded, $stored stored, $missing reported but missing, $silent failed silently, $hung hung"
  [ "$stored" = "$succeeded" ] || fail "restart: $stored stored, $succeeded succeeded"
  [ "$missing" = 0 ] && [ "$silent" = 0 ] && [ "$hung" = 0 ] \
    || fail "restart: $missing missing, $silent silent, $hung hung"
else
  echo "restart: skipped (no ENVELOPE_TEST_POSTGRES_DIR)"
fi
[ "$FAILURES" -eq 0 ]
