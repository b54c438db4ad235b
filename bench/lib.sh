#!/usr/bin/env bash
# Shared by the benchmark scripts: where the binary is, the machine, a scratch folder, medians.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ENVELOPE=${ENVELOPE:-$ROOT/.build/release/envelope}
SCRATCH=${BENCH_DIR:-/tmp/envelope-bench}
mkdir -p "$SCRATCH"

# need COMMAND PACKAGE: stop with the install command when a tool is missing.
need() {
  command -v "$1" >/dev/null 2>&1 || { echo "missing $1: apt-get install $2" >&2; exit 1; }
}

# build: the release binary with the static Swift standard library (what the benchmarks use).
build() {
  if [ -z "${SKIP_BUILD:-}" ]; then
    make -C "$ROOT" build >&2
  fi
}

# machine: one line naming the machine and the date, for BENCHMARKS.md.
machine() {
  local cpu memory
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
  memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  echo "machine: $(nproc) cores, ${cpu}, ${memory}, $(uname -sr); sqlite3 $(sqlite3 --version | cut -d' ' -f1); $(date -u '+%Y-%m-%d %H:%M UTC')"
}

# medians FILE.json: each hyperfine command's median in ms, and each one's ratio to the last.
medians() {
  python3 - "$1" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = results[-1]["median"]
print("| command | runs | median ms | user ms | system ms | ratio to baseline |")
print("|---|---:|---:|---:|---:|---:|")
for r in results:
    print(f"| `{r['command']}` | {len(r['times'])} | {r['median'] * 1000:.2f} | "
          f"{r['user'] * 1000:.2f} | {r['system'] * 1000:.2f} | {r['median'] / base:.2f}× |")
PY
}

# big_ledger ENTRIES: sets BIG_LEDGER to a SQLite ledger of ENTRIES entries over 1,000 scenarios
# (bench/make_big_ledger.py), built once and kept under $SCRATCH/history; built again when this
# envelope refuses it. Entry 1 is a real recorded estimate of seed-chat; the rest copy it.
big_ledger() {
  local entries=$1
  mkdir -p "$SCRATCH/history"
  BIG_LEDGER=$SCRATCH/history/ledger-$entries.sqlite
  if [ -f "$BIG_LEDGER" ] && ! "$ENVELOPE" scenario show seed-chat --db "$BIG_LEDGER" >/dev/null 2>&1; then
    rm -f "$BIG_LEDGER" "$BIG_LEDGER-wal" "$BIG_LEDGER-shm" "$BIG_LEDGER.lock"
  fi
  if [ ! -f "$BIG_LEDGER" ]; then
    rm -f "$BIG_LEDGER.tmp"*
    "$ENVELOPE" estimate seed-chat --db "$BIG_LEDGER.tmp" --as-of 2024-01-01 >/dev/null
    python3 "$ROOT/bench/make_big_ledger.py" "$BIG_LEDGER.tmp" "$entries"
    mv "$BIG_LEDGER.tmp" "$BIG_LEDGER"
    rm -f "$BIG_LEDGER.tmp"*
  fi
}

# What `envelope history seed-chat` runs for its entries (Ledger.forEachEntry with currentOnly,
# no sweep points, no snapshots; EstimateRecord.selectSummarySQL), the same text on both backends.
HISTORY_SQL="SELECT e.id, e.recorded_at, e.as_of, e.kind, e.scenario_id, e.method, e.envelope_version, e.note, e.supersedes, e.supersede_reason, e.sweep_id, '' AS inputs, '' AS results, e.calibration_id, e.gpus_required, e.trps, e.qps_per_gpu, e.inference_seconds, e.model_storage_bytes, e.user_data_bytes, e.storage_bytes_per_day, e.storage_bytes_per_month, e.ingress_bytes_per_second, e.egress_bytes_per_second, e.training_flops, e.training_seconds, e.gpu_hours, e.monthly_cost, (SELECT s.id FROM estimates s WHERE s.supersedes = e.id) AS superseded_by FROM estimates e WHERE e.scenario_id = 'seed-chat' AND NOT EXISTS (SELECT 1 FROM estimates s WHERE s.supersedes = e.id) AND e.sweep_id IS NULL ORDER BY e.as_of, e.id"

# timed DIR LABEL COMMAND...: runs COMMAND under /usr/bin/time -v (its report kept in
# DIR/LABEL.time) and prints LABEL, wall seconds and peak RSS in MB.
timed() {
  local dir=$1 label=$2
  shift 2
  /usr/bin/time -v "$@" >/dev/null 2>"$dir/$label.time"
  awk -v label="$label" -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = t[n] + (n > 1 ? t[n-1] * 60 : 0) + (n > 2 ? t[n-2] * 3600 : 0) }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%s %.2f %.1f\n", label, s, rss / 1024 }' "$dir/$label.time"
}
