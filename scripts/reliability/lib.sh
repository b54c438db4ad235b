#!/usr/bin/env bash
# Shared by the reliability scripts: the binary under test and a scratch folder.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The binary under test: $ENVELOPE, else the release build, else the debug build.
if [ -z "${ENVELOPE:-}" ]; then
  ENVELOPE=$ROOT/.build/release/envelope
  [ -x "$ENVELOPE" ] || ENVELOPE=$ROOT/.build/debug/envelope
fi
[ -x "$ENVELOPE" ] || { echo "no envelope binary: run 'make build' or 'swift build'" >&2; exit 1; }
export ENVELOPE
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/envelope-reliability.XXXXXX")
cleanup_scratch() { chattr -R -i "$SCRATCH" 2>/dev/null || true; rm -rf "$SCRATCH"; }
trap cleanup_scratch EXIT
export NO_COLOR=1 HOME=$SCRATCH XDG_DATA_HOME=$SCRATCH/xdg
unset ENVELOPE_DB

# fail MESSAGE: report a violation and count it.
FAILURES=0
fail() {
  echo "FAIL: $*" >&2
  FAILURES=$((FAILURES + 1))
}

# fingerprint DB: the ledger's logical contents (sqlite3 .dump), hashed.
fingerprint() {
  sqlite3 "$1" .dump 2>/dev/null | sha256sum | cut -d' ' -f1
}

# bytes FILE...: a hash of the files' bytes (absent files count as empty).
bytes() {
  local file
  for file in "$@"; do
    if [ -f "$file" ]; then sha256sum <"$file"; else echo absent; fi
  done | sha256sum | cut -d' ' -f1
}

# one_error_line FILE: whether FILE is exactly one line starting with "error: ".
one_error_line() {
  [ "$(wc -l <"$1")" -eq 1 ] && head -c 7 "$1" | grep -q '^error: '
}

# run_writers DB WRITERS EACH ERRORS: WRITERS processes at once, each recording EACH estimates of
# seed-chat in DB with the note "writer N"; writer N's stderr goes to ERRORS.N. Sets FAILED to
# how many writers exited non-zero.
run_writers() {
  local db=$1 count=$2 each=$3 errors=$4 pids=() writer pid
  for writer in $(seq 1 "$count"); do
    (
      for i in $(seq 1 "$each"); do
        "$ENVELOPE" estimate seed-chat --db "$db" --note "writer $writer" --format json \
          >/dev/null || exit 1
      done
    ) 2>"$errors.$writer" &
    pids+=($!)
  done
  FAILED=0
  for pid in "${pids[@]}"; do wait "$pid" || FAILED=$((FAILED + 1)); done
}
