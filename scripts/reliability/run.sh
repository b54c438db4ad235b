#!/usr/bin/env bash
# The reliability suite. `run.sh --quick` is the bounded part CI runs (make test): concurrency
# 2 rounds, 3 kills of 10,000-point sweeps, 1,000 bad inputs, hostile files, SQL writes, and,
# with a test server (with-cluster.sh), the PostgreSQL round (postgres.sh). `run.sh` is the full
# run (make reliability): 10 rounds, 10 kills of 200,000-point sweeps, 3,000 bad inputs.
set -uo pipefail
cd "$(dirname "$0")"
# limit: seconds a step may take before it is stopped and counted as failed, so that a hung
# command fails the suite instead of holding CI until its time limit.
if [ "${1:-}" = --quick ]; then
  rounds=2 kills=3 points=10000 inputs=1000 limit=600
else
  rounds=10 kills=10 points=200000 inputs=3000 limit=3600
fi
status=0
start=$SECONDS
step() {
  local name=$1
  shift
  local began=$SECONDS
  echo "== $name"
  # timeout runs the step in a process group of its own and signals the whole group, so the
  # step's background writers go too.
  timeout --kill-after=10 "$limit" "$@"
  local code=$?
  if [ $code = 0 ]; then
    echo "== $name: passed ($((SECONDS - began)) s)"
  elif [ $code = 124 ] || [ $code = 137 ]; then
    echo "== $name: FAILED: still running after $limit s, stopped ($((SECONDS - began)) s)"
    status=1
  else
    echo "== $name: FAILED ($((SECONDS - began)) s)"
    status=1
  fi
}
step "bad input" python3 bad_input.py --count "$inputs"
step "SQL writes" ./sql-writes.sh
step "hostile files" ./hostile-files.sh
step "concurrency" ./concurrency.sh "$rounds"
step "crash" ./crash.sh "$kills" "$points"
if [ -n "${ENVELOPE_TEST_POSTGRES_URL:-}" ]; then
  # A quarter of the points: each one is a round trip's share over a socket, not a file write.
  step "postgresql" ./postgres.sh "$kills" $((points / 4))
else
  echo "== postgresql: skipped (no ENVELOPE_TEST_POSTGRES_URL; scripts/postgres/with-cluster.sh starts a server)"
fi
echo "reliability suite: $([ $status = 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s"
exit $status
