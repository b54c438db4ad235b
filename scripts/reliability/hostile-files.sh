#!/usr/bin/env bash
# Hostile files: a file that is not SQLite, a truncated ledger, a read-only one, one from a
# newer Envelope, and a full disk. Each must give exit 1 with one `error:` line, and lose
# nothing: the file's bytes (or, for the full disk, the ledger's contents) unchanged.
source "$(dirname "$0")/lib.sh"
trials=0
# expect_clean_failure NAME FILE...: runs "$@" after --, expects exit 1, one error line.
expect_clean_failure() {
  local name=$1 status=0
  shift
  trials=$((trials + 1))
  "$ENVELOPE" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err" || status=$?
  if [ "$status" -ne 1 ] || ! one_error_line "$SCRATCH/err"; then
    fail "$name: exit $status, stderr: $(head -c 300 "$SCRATCH/err")"
  else
    echo "$name: exit 1, $(cat "$SCRATCH/err")"
  fi
}
ledger() { # a fresh ledger with two entries at $1
  "$ENVELOPE" estimate seed-chat --db "$1" >/dev/null
  "$ENVELOPE" estimate seed-chat --db "$1" --dau 200M >/dev/null
}

# 1. Not SQLite.
text=$SCRATCH/notes.txt
for i in $(seq 1 100); do echo "not a database"; done >"$text"
before=$(bytes "$text")
for command in "estimate seed-chat" "history" "check" "sql SELECT\ 1"; do
  eval "expect_clean_failure 'not SQLite ($command)' $command --db '$text'"
done
[ "$(bytes "$text")" = "$before" ] || fail "not SQLite: the file changed"

# 2. Truncated: a third of a checkpointed ledger.
whole=$SCRATCH/whole.sqlite
ledger "$whole"
sqlite3 "$whole" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
truncated=$SCRATCH/truncated.sqlite
head -c $(($(stat -c %s "$whole") / 3)) "$whole" >"$truncated"
before=$(bytes "$truncated")
for command in "estimate seed-chat" "history" "check" "show 1"; do
  eval "expect_clean_failure 'truncated ($command)' $command --db '$truncated'"
done
[ "$(bytes "$truncated")" = "$before" ] || fail "truncated: the file changed"

# 3. Read-only: immutable (chattr +i) as root, whom permission bits do not stop; else 0444.
readonly=$SCRATCH/readonly/ledger.sqlite
mkdir -p "$(dirname "$readonly")"
ledger "$readonly"
sqlite3 "$readonly" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
rm -f "$readonly-wal" "$readonly-shm"
before=$(fingerprint "$readonly")
if [ "$(id -u)" = 0 ]; then
  chattr +i "$readonly" || fail "read-only: chattr +i failed (needs e2fsprogs and ext4/tmpfs)"
else
  chmod 0444 "$readonly"
fi
expect_clean_failure "read-only (estimate)" estimate seed-chat --db "$readonly"
expect_clean_failure "read-only (scenario update)" scenario update seed-chat --dau 1M --db "$readonly"
trials=$((trials + 1))
if count=$("$ENVELOPE" sql "SELECT count(*) AS n FROM estimates" --format csv --db "$readonly" 2>&1); then
  echo "read-only (sql): still readable: $(echo "$count" | tail -1) entries"
else
  fail "read-only: reading failed: $count"
fi
[ "$(id -u)" = 0 ] && chattr -i "$readonly"
[ "$(fingerprint "$readonly")" = "$before" ] || fail "read-only: the ledger changed"

# 4. From a newer Envelope: a migration this binary does not know.
newer=$SCRATCH/newer.sqlite
ledger "$newer"
sqlite3 "$newer" "INSERT INTO envelope_migrations (version, name, checksum) VALUES (999, 'future', 'x')"
before=$(fingerprint "$newer")
expect_clean_failure "newer Envelope (estimate)" estimate seed-chat --db "$newer"
expect_clean_failure "newer Envelope (history)" history --db "$newer"
[ "$(fingerprint "$newer")" = "$before" ] || fail "newer Envelope: the ledger changed"

# 5. A full disk: a 1 MiB tmpfs when mounting is allowed, else a file-size limit (ulimit -f,
# with SIGXFSZ ignored so that writes fail with EFBIG instead of killing the process).
full=$SCRATCH/full
mkdir -p "$full"
if mount -t tmpfs -o size=1m tmpfs "$full" 2>/dev/null; then
  method="a 1 MiB tmpfs"
  limit() { "$@"; }
  unmount() { umount "$full"; }
else
  method="ulimit -f 1200 (600 KiB), SIGXFSZ ignored"
  limit() { (trap '' XFSZ; ulimit -f 1200; "$@"); }
  unmount() { :; }
fi
disk=$full/ledger.sqlite
ledger "$disk"
sqlite3 "$disk" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
good=$(sqlite3 "$disk" 'SELECT count(*) FROM estimates')
before=$(fingerprint "$disk")
trials=$((trials + 1))
status=0
limit "$ENVELOPE" sweep seed-chat --vary "dau=1M..50000M:+1M" --db "$disk" >"$SCRATCH/out" 2>"$SCRATCH/err" || status=$?
if [ "$status" -ne 1 ] || ! one_error_line "$SCRATCH/err"; then
  fail "full disk ($method): exit $status, stderr: $(head -c 300 "$SCRATCH/err")"
else
  echo "full disk ($method): exit 1, $(cat "$SCRATCH/err")"
fi
after=$(sqlite3 "$disk" 'SELECT count(*) FROM estimates')
integrity=$(sqlite3 "$disk" 'PRAGMA integrity_check')
[ "$after" = "$good" ] && [ "$integrity" = ok ] || fail "full disk: $after entries (had $good), integrity $integrity"
[ "$(fingerprint "$disk")" = "$before" ] || fail "full disk: the ledger's contents changed"
echo "full disk: afterwards $after entries (had $good), integrity $integrity"
unmount
echo "hostile files: $trials trials, $FAILURES failures"
[ "$FAILURES" -eq 0 ]
