#!/usr/bin/env bash
# Benchmark 2: bulk recording. `envelope sweep` recording 1,000,000 points (1,000 DAU values x
# 1,000 requests-per-user values) in one transaction, against Python's sqlite3 module
# inserting the same rows (a compact sweep's: each point's snapshot as a merge patch over the
# first's, the seed's figures in typed columns) with executemany in one transaction, on a copy
# of the same ledger, with the same settings (WAL, synchronous=FULL, foreign keys on).
# Goals: envelope at least as fast as Python; peak memory at most 64 MB; at most 400 bytes of
# ledger per point.
source "$(dirname "$0")/lib.sh"
need python3 python3
need sqlite3 sqlite3
build
SIDE=${SIDE:-1000} # points per axis; SIDE^2 points in all
dir=$SCRATCH/bulk
rm -rf "$dir" && mkdir -p "$dir"
if ! "$ENVELOPE" sweep --help >/dev/null 2>&1; then
  echo "envelope sweep is not in this build: nothing to measure" >&2
  exit 3
fi
"$ENVELOPE" estimate seed-chat --db "$dir/template.sqlite" >/dev/null
sqlite3 "$dir/template.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp "$dir/template.sqlite" "$dir/envelope.sqlite"
cp "$dir/template.sqlite" "$dir/python.sqlite"
machine
points=$((SIDE * SIDE))
echo "points: $points"
runs=${RUNS:-3}
for run in $(seq 1 "$runs"); do
  cp "$dir/template.sqlite" "$dir/envelope.sqlite"
  rm -f "$dir/envelope.sqlite-wal" "$dir/envelope.sqlite-shm"
  timed "$dir" envelope "$ENVELOPE" sweep seed-chat --vary "dau=1M..${SIDE}M:+1M" \
    --vary "requests-per-user=1..${SIDE}:+1" --format jsonl --db "$dir/envelope.sqlite"
  cp "$dir/template.sqlite" "$dir/python.sqlite"
  rm -f "$dir/python.sqlite-wal" "$dir/python.sqlite-shm"
  timed "$dir" python python3 "$ROOT/bench/bulk_baseline.py" "$dir/python.sqlite" "$SIDE"
done | tee "$dir/runs.txt"
python3 - "$dir/runs.txt" "$points" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def med(label, i): return statistics.median(float(r[i]) for r in rows if r[0] == label)
e, p = med("envelope", 1), med("python", 1)
em, pm = max(float(r[2]) for r in rows if r[0] == "envelope"), med("python", 2)
n = int(sys.argv[2])
print("| recorder | runs | median s | points/s | peak RSS MB |")
print("|---|---:|---:|---:|---:|")
print(f"| envelope sweep | {sum(r[0] == 'envelope' for r in rows)} | {e:.2f} | {n / e:,.0f} | {em:.1f} (largest) |")
print(f"| python3 sqlite3 executemany | {sum(r[0] == 'python' for r in rows)} | {p:.2f} | {n / p:,.0f} | {pm:.1f} |")
print(f"\nenvelope ÷ python: {e / p:.2f}× (goal ≤ 1.0×: {'met' if e <= p else 'NOT met'}); "
      f"peak memory {em:.1f} MB (goal ≤ 64 MB: {'met' if em <= 64 else 'NOT met'})")
PY
# Bytes of ledger per point: the file's growth over the template, WAL checkpointed.
template_bytes=$(sqlite3 "$dir/template.sqlite" 'SELECT page_count * page_size FROM pragma_page_count, pragma_page_size')
for side in envelope python; do
  sqlite3 "$dir/$side.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
  bytes=$(sqlite3 "$dir/$side.sqlite" 'SELECT page_count * page_size FROM pragma_page_count, pragma_page_size')
  echo "$side: $(sqlite3 "$dir/$side.sqlite" 'SELECT count(*) FROM sweep_points') points, $(( (bytes - template_bytes) / points )) bytes of ledger per point, integrity $(sqlite3 "$dir/$side.sqlite" 'PRAGMA integrity_check')"
done
