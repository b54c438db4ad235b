#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests: created by initdb in a folder of its own, run by an
# unprivileged user, listening on a Unix socket in that folder and on 127.0.0.1 only, removed
# when stopped. It installs nothing: PostgreSQL's server programs must be there (Debian's
# `postgresql` package; .ci/run and `make deps` install it).
#
#   cluster.sh start DIR   create the cluster in DIR (new or empty) and start it
#   cluster.sh url DIR     print the superuser's URL (over the Unix socket)
#   cluster.sh restart DIR restart the server (fast: open connections are cut)
#   cluster.sh stop DIR    stop the server and remove DIR
#
# Authentication: the Unix socket trusts every local user (only this machine's users can reach
# it, and the folder is the cluster owner's); TCP on 127.0.0.1 asks for a password
# (scram-sha-256), so the tests can check what a wrong password does. The superuser has no
# password and so cannot connect over TCP: a test that needs TCP creates a role with a password
# of its own over the socket (PostgresConnectionTests).
#
# PostgreSQL refuses to run as root. Run as root (as CI does), the cluster belongs to the system
# user `postgres` (Debian's package creates it), or to `envelope-postgres`, created here as a
# system user without a home or a login shell when neither exists.
set -euo pipefail

usage() {
  echo "usage: $0 start|url|restart|stop DIR" >&2
  exit 64
}

# The folder of the server programs: pg_config's, else Debian's newest
# /usr/lib/postgresql/N/bin, else wherever initdb is on PATH.
server_bin() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null || true)
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return
    fi
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return
  fi
  echo "error: PostgreSQL's initdb and pg_ctl were not found; install Debian's postgresql" \
    "package (apt-get install postgresql) or put them on PATH" >&2
  exit 1
}

# Who runs the server: the current user, or a system user when we are root.
cluster_user() {
  if [ "$(id -u)" != 0 ]; then
    id -un
  elif id postgres >/dev/null 2>&1; then
    echo postgres
  else
    if ! id envelope-postgres >/dev/null 2>&1; then
      useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin envelope-postgres
    fi
    echo envelope-postgres
  fi
}

# Runs a command as the cluster's user.
as_owner() {
  local owner=$1
  shift
  if [ "$(id -un)" = "$owner" ]; then
    "$@"
  else
    runuser -u "$owner" -- "$@"
  fi
}

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

start() {
  local dir=$1 bin owner port attempt
  # initdb writes to /dev/null through the shell; a /dev/null that became a plain file (a root
  # process wrote to it after it was removed) makes it fail for any other user.
  if [ ! -c /dev/null ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "note: /dev/null is not a device; recreating it" >&2
      rm -f /dev/null && mknod -m 666 /dev/null c 1 3
    else
      echo "error: /dev/null is not a device, and initdb needs it" >&2
      exit 1
    fi
  fi
  bin=$(server_bin)
  owner=$(cluster_user)
  mkdir -p "$dir"
  if [ -n "$(ls -A "$dir")" ]; then
    echo "error: $dir is not empty; the cluster needs a folder of its own" >&2
    exit 1
  fi
  chmod 700 "$dir"
  [ "$(id -un)" = "$owner" ] || chown "$owner:" "$dir"
  mkdir "$dir/data"
  [ "$(id -un)" = "$owner" ] || chown "$owner:" "$dir/data"
  if ! as_owner "$owner" test -w "$dir/data"; then
    echo "error: $owner cannot write to $dir; choose a folder whose parents $owner may enter" \
      "(TMPDIR=/tmp, say)" >&2
    exit 1
  fi
  as_owner "$owner" "$bin/initdb" --pgdata="$dir/data" --username=postgres --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-instructions \
    >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    echo "error: initdb failed in $dir/data (as $owner)" >&2
    exit 1
  }
  # Only the socket in this folder and 127.0.0.1; the socket trusts local users, TCP asks for
  # a password.
  cat >"$dir/data/pg_hba.conf" <<'EOF'
local all all trust
host all all 127.0.0.1/32 scram-sha-256
EOF
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    cat >>"$dir/data/postgresql.conf" <<EOF
# envelope test cluster (attempt $attempt)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
unix_socket_permissions = 0700
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    if as_owner "$owner" "$bin/pg_ctl" start --pgdata="$dir/data" --wait --timeout=30 \
      --log="$dir/server.log" >"$dir/pg_ctl.log" 2>&1; then
      echo "$port" >"$dir/port"
      return
    fi
  done
  cat "$dir/server.log" >&2 2>/dev/null || true
  echo "error: the PostgreSQL test server did not start in $dir (see the log above)" >&2
  exit 1
}

url() {
  local dir=$1
  [ -f "$dir/port" ] || {
    echo "error: no running test cluster in $dir" >&2
    exit 1
  }
  # The socket's folder, percent-encoded as the URL's host, as libpq reads it.
  local host
  host=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$dir")
  echo "postgresql://postgres@$host:$(cat "$dir/port")/postgres"
}

stop() {
  local dir=$1 bin owner
  [ -d "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    bin=$(server_bin)
    owner=$(stat -c %U "$dir/data")
    as_owner "$owner" "$bin/pg_ctl" stop --pgdata="$dir/data" --mode=fast --wait --timeout=30 \
      >/dev/null 2>&1 || as_owner "$owner" "$bin/pg_ctl" stop --pgdata="$dir/data" \
      --mode=immediate --wait >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

# Restarts the server (fast shutdown: open connections are closed), for the reliability suite's
# "server restarted mid-run" round.
restart() {
  local dir=$1 bin owner
  bin=$(server_bin)
  owner=$(stat -c %U "$dir/data")
  as_owner "$owner" "$bin/pg_ctl" restart --pgdata="$dir/data" --mode=fast --wait --timeout=30 \
    --log="$dir/server.log" >"$dir/pg_ctl.log" 2>&1
}

[ $# = 2 ] || usage
case $1 in
  start) start "$2" ;;
  restart) restart "$2" ;;
  url) url "$2" ;;
  stop) stop "$2" ;;
  *) usage ;;
esac
