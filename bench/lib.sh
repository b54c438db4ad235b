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
