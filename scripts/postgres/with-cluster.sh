#!/usr/bin/env bash
# Runs a command with a private PostgreSQL test cluster (cluster.sh): starts it in a new
# temporary folder, exports its URL as ENVELOPE_TEST_POSTGRES_URL, runs the command, then stops
# the server and removes the folder whatever the command's outcome. Exits with the command's
# status, or 1 when the server cannot start.
#
#   scripts/postgres/with-cluster.sh swift test
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/envelope-postgres.XXXXXX")
trap '"$here/cluster.sh" stop "$dir"' EXIT
trap 'exit 130' INT TERM
if ! "$here/cluster.sh" start "$dir"; then
  echo "error: could not start the PostgreSQL test server, so the tests that need it cannot run" >&2
  exit 1
fi
ENVELOPE_TEST_POSTGRES_URL=$("$here/cluster.sh" url "$dir") || exit 1
# The cluster's folder, for a test that restarts the server (cluster.sh restart).
ENVELOPE_TEST_POSTGRES_DIR=$dir
export ENVELOPE_TEST_POSTGRES_URL ENVELOPE_TEST_POSTGRES_DIR
echo "PostgreSQL test server: $ENVELOPE_TEST_POSTGRES_URL" >&2
"$@"
