#!/usr/bin/env bash
# Concurrency throughput: 16 processes × 25 recorded estimates each (400 entries) on a new
# ledger, as a SQLite file and on a PostgreSQL server (a private one started for the run by
# scripts/postgres/with-cluster.sh, socket connections); entries per second, median of RUNS.
#
#   bench/6-concurrency.sh            # SKIP_BUILD=1 to reuse the build; RUNS=3
source "$(dirname "$0")/lib.sh"
need bc bc
need psql postgresql-client
build
if [ -z "${ENVELOPE_TEST_POSTGRES_URL:-}" ]; then
  exec "$ROOT/scripts/postgres/with-cluster.sh" "$0" "$@"
fi
machine
RUNS=${RUNS:-3}
work="$SCRATCH/concurrency"
rm -rf "$work"
mkdir -p "$work"
base=${ENVELOPE_TEST_POSTGRES_URL%/*}
round() { # LEDGER: prints the seconds 16 writers take for 25 estimates each
  local ledger=$1 start pids=()
  start=$(date +%s%N)
  for writer in $(seq 1 16); do
    (for i in $(seq 1 25); do
      "$ENVELOPE" estimate seed-chat --db "$ledger" --format json >/dev/null || exit 1
    done) &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || { echo "a writer failed" >&2; exit 1; }; done
  echo "scale=3; ($(date +%s%N) - $start) / 1000000000" | bc
}
median() { sort -n | sed -n "$(((RUNS + 1) / 2))p"; }
for backend in sqlite postgresql; do
  times=()
  for run in $(seq "$RUNS"); do
    if [ $backend = sqlite ]; then
      ledger="$work/run-$run.sqlite"
    else
      name=bench_concurrency_${run}_$$
      psql "$ENVELOPE_TEST_POSTGRES_URL" -qXc "CREATE DATABASE $name"
      ledger="$base/$name"
    fi
    HOME="$work" "$ENVELOPE" ledger init --db "$ledger" >/dev/null
    times+=("$(HOME="$work" round "$ledger")")
  done
  seconds=$(printf '%s\n' "${times[@]}" | median)
  echo "$backend: 400 entries in $seconds s (median of $RUNS: ${times[*]}), $(echo "scale=0; 400 / $seconds" | bc) entries/s"
done
