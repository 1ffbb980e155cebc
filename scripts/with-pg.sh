#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: starts one in a temporary
# directory (scripts/pg-cluster.sh), runs COMMAND with SHENSU_TEST_PG set to its
# conninfo (no dbname), then stops the cluster and removes the directory,
# whatever the command's outcome. Exits with the command's status.
#   scripts/with-pg.sh node --test tests/api/
set -euo pipefail
[[ $# -gt 0 ]] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/shensu-pg-XXXXXX")
cleanup() {
  "$here/pg-cluster.sh" stop "$dir" || true
  rm -rf "$dir"
}
trap cleanup EXIT
SHENSU_TEST_PG=$("$here/pg-cluster.sh" start "$dir")
export SHENSU_TEST_PG
echo "PostgreSQL: $SHENSU_TEST_PG" >&2
status=0
"$@" || status=$?
exit $status
