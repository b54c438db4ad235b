#!/usr/bin/env bash
# Benchmark 4: the engine alone, in-process: seed and roofline estimates per second
# (Sources/envelope-bench, timed with ContinuousClock). No baseline: a figure to watch.
source "$(dirname "$0")/lib.sh"
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$ROOT" && swift build -c release --product envelope-bench >&2)
fi
machine
"$ROOT/.build/release/envelope-bench" "${ITERATIONS:-500000}"
