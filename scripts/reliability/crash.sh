#!/usr/bin/env bash
# Crash: a sweep killed with SIGKILL at random moments, KILLS times, on one ledger that keeps
# growing. After each kill: PRAGMA integrity_check is ok, and every sweep is either fully
# present (its `sweeps` row and exactly `points` points) or absent (neither), and no entry
# appeared or vanished.
# Usage: crash.sh [KILLS] [POINTS]   (defaults 10 and 200,000 points per sweep)
source "$(dirname "$0")/lib.sh"
kills=${1:-10}
points=${2:-200000}
side=$(python3 -c "import math; print(math.isqrt($points))")
points=$((side * side))
db=$SCRATCH/ledger.sqlite
# Entries and sweep points, together: a sweep adds points to one or the other.
POINTS='SELECT (SELECT count(*) FROM estimates) + (SELECT count(*) FROM sweep_points)'
"$ENVELOPE" estimate seed-chat --db "$db" >/dev/null
# How long one whole sweep takes, to spread the kills over it.
start=$(date +%s%N)
"$ENVELOPE" sweep seed-chat --vary "dau=1M..${side}M:+1M" --vary "requests-per-user=1..${side}:+1" \
  --db "$db" >/dev/null
full_ms=$((($(date +%s%N) - start) / 1000000))
echo "one sweep of $points points takes ${full_ms} ms; killing at random moments up to 120% of it"
RANDOM=42 # a fixed seed: the same moments on every run of the script
present=0
absent=0
for trial in $(seq 1 "$kills"); do
  expected=$(sqlite3 "$db" "$POINTS")
  sweeps_before=$(sqlite3 "$db" 'SELECT count(*) FROM sweeps')
  delay_ms=$((RANDOM * full_ms * 12 / 10 / 32768))
  "$ENVELOPE" sweep seed-chat --vary "dau=1M..${side}M:+1M" --vary "requests-per-user=1..${side}:+1" \
    --db "$db" >/dev/null 2>"$SCRATCH/err" &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2>/dev/null || true
  status=0
  wait "$pid" 2>/dev/null || status=$?
  integrity=$(sqlite3 "$db" 'PRAGMA integrity_check')
  # Sweeps whose recorded points differ from their row, and points without a sweep row.
  broken=$(sqlite3 "$db" "SELECT count(*) FROM sweeps s WHERE s.points <> (SELECT count(*) FROM estimates e WHERE e.sweep_id = s.id) + (SELECT count(*) FROM sweep_points p WHERE p.sweep = s.number)")
  orphans=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM estimates e WHERE e.sweep_id IS NOT NULL AND e.sweep_id NOT IN (SELECT id FROM sweeps)) + (SELECT count(*) FROM sweep_points p WHERE p.sweep NOT IN (SELECT number FROM sweeps WHERE number IS NOT NULL))")
  count=$(sqlite3 "$db" "$POINTS")
  sweeps_after=$(sqlite3 "$db" 'SELECT count(*) FROM sweeps')
  if [ "$sweeps_after" -eq $((sweeps_before + 1)) ] && [ "$count" -eq $((expected + points)) ]; then
    outcome=present
    present=$((present + 1))
  elif [ "$sweeps_after" -eq "$sweeps_before" ] && [ "$count" -eq "$expected" ]; then
    outcome=absent
    absent=$((absent + 1))
  else
    outcome="PARTIAL: $count entries (expected $expected or $((expected + points))), sweeps $sweeps_before -> $sweeps_after"
  fi
  echo "kill $trial at ${delay_ms} ms (exit $status): integrity $integrity, sweep $outcome, $broken broken sweeps, $orphans orphan points"
  [ "$integrity" = ok ] || fail "kill $trial: integrity_check: $integrity"
  [ "$broken" -eq 0 ] && [ "$orphans" -eq 0 ] || fail "kill $trial: $broken broken sweeps, $orphans orphans"
  case $outcome in present | absent) ;; *) fail "kill $trial: $outcome" ;; esac
done
check=$("$ENVELOPE" check --db "$db" 2>&1) || fail "envelope check after the kills: $check"
echo "crash: $kills kills, $present sweeps fully present, $absent absent, $FAILURES failures"
[ "$FAILURES" -eq 0 ]
