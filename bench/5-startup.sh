#!/usr/bin/env bash
# Start-up of a SQLite command, in instructions (callgrind), for `envelope` and for
# `envelope-postgresql` (the same program with the PostgreSQL client linked in), and each
# binary's count of protocol-conformance records, which the Swift runtime scans on first
# lookups. BASELINE=path/to/another/envelope adds a third binary (say, main's) to compare.
#
#   bench/5-startup.sh            # SKIP_BUILD=1 to reuse the build; RUNS=3
source "$(dirname "$0")/lib.sh"
need valgrind valgrind
need readelf binutils
build
machine
RUNS=${RUNS:-3}
work="$SCRATCH/startup"
rm -rf "$work"
mkdir -p "$work/bin"
binaries=("envelope=$ENVELOPE" "envelope-postgresql=$(dirname "$ENVELOPE")/envelope-postgresql")
[ -n "${BASELINE:-}" ] && binaries=("baseline=$BASELINE" "${binaries[@]}")
# valgrind cannot read the debug information of a binary this size: strip it from copies.
HOME="$work" XDG_DATA_HOME="$work" "$ENVELOPE" ledger init >/dev/null
printf '%-22s %14s %12s\n' binary instructions conformances
for entry in "${binaries[@]}"; do
  name=${entry%%=*}
  cp "${entry#*=}" "$work/bin/$name"
  strip -g "$work/bin/$name"
  records=$(readelf -SW "$work/bin/$name" | python3 -c '
import sys
for line in sys.stdin:
    parts = line.split()
    names = [i for i, p in enumerate(parts) if p.startswith("swift5_protocol_conformances")]
    if names:
        print(int(parts[names[0] + 4], 16) // 4)')
  counts=()
  for _ in $(seq "$RUNS"); do
    HOME="$work" XDG_DATA_HOME="$work" valgrind --tool=callgrind \
      --callgrind-out-file="$work/callgrind.out" "$work/bin/$name" estimate seed-chat --dry-run \
      >/dev/null 2>"$work/valgrind.log"
    counts+=("$(sed -n 's/.*Collected : //p' "$work/valgrind.log")")
  done
  median=$(printf '%s\n' "${counts[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
  printf '%-22s %14s %12s\n' "$name" "$median" "$records"
done
