#!/usr/bin/env bash
# Every benchmark, one after the other (`make bench`). Benchmark 2 needs `envelope sweep`.
set -uo pipefail
cd "$(dirname "$0")"
status=0
for script in 1-one-estimate.sh 2-bulk-sweep.sh 3-history.sh 4-engine.sh 5-startup.sh 6-concurrency.sh 7-postgres-ledger.sh; do
  echo "## $script"
  ./"$script" || { echo "($script exited $?)"; status=1; }
  echo
  export SKIP_BUILD=1
done
exit $status
