#!/usr/bin/env bash
# Concurrency: 16 processes x 25 recorded estimates on a new ledger file, ROUNDS rounds.
# Each round must end with exactly 400 entries, every process exiting 0 with nothing on
# stderr, and `envelope check` clean.
# Usage: concurrency.sh [ROUNDS]   (default 10)
source "$(dirname "$0")/lib.sh"
rounds=${1:-10}
writers=16
each=25
start=$SECONDS
for round in $(seq 1 "$rounds"); do
  db=$SCRATCH/round-$round/ledger.sqlite
  run_writers "$db" "$writers" "$each" "$SCRATCH/round-$round.err"
  errors=$FAILED
  count=$(sqlite3 "$db" 'SELECT count(*) FROM estimates')
  # The writers that found no file each say they created it; anything else on stderr is a fault.
  stderr=$(cat "$SCRATCH"/round-$round.err.* | { grep -v '^note: created a new ledger at ' || true; } | wc -c)
  check=$("$ENVELOPE" check --db "$db" 2>&1) || fail "round $round: check failed: $check"
  integrity=$(sqlite3 "$db" 'PRAGMA integrity_check')
  echo "round $round: $count entries, $errors failed processes, $stderr bytes on stderr, integrity $integrity"
  [ "$count" -eq $((writers * each)) ] || fail "round $round: $count entries, expected $((writers * each))"
  [ "$errors" -eq 0 ] || fail "round $round: $errors processes failed"
  [ "$stderr" -eq 0 ] || fail "round $round: stderr: $(cat "$SCRATCH"/round-$round.err.* | grep -v '^note: ' | head -3)"
  [ "$integrity" = ok ] || fail "round $round: integrity_check: $integrity"
done
elapsed=$((SECONDS - start))
echo "concurrency: $rounds rounds x $writers processes x $each estimates, $FAILURES failures, ${elapsed} s"
[ "$FAILURES" -eq 0 ]
