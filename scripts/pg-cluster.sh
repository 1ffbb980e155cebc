#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks.
#
#   scripts/pg-cluster.sh start DIR   creates the cluster in DIR when it has none,
#                                     starts it and prints its libpq conninfo
#                                     ("host=DIR port=5432 user=shensu"; add dbname=…)
#   scripts/pg-cluster.sh stop DIR    stops it (fast: open sessions are ended)
#   scripts/pg-cluster.sh conninfo DIR  prints the conninfo again
#
# The cluster listens on a Unix socket inside DIR only, so it neither needs nor
# takes a TCP port, and trusts every local connection: it is for tests. PostgreSQL
# refuses to run as root, so under root it runs as `nobody` (SHENSU_PG_USER to
# choose another account) and DIR is handed to that account. The caller removes
# DIR when done.
set -euo pipefail

usage() { echo "usage: $0 start|stop|conninfo DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
cmd=$1
dir=$(cd "$2" && pwd)

bindir=${PG_BINDIR:-}
if [[ -z $bindir ]]; then
  for d in /usr/lib/postgresql/*/bin; do [[ -x $d/initdb ]] && bindir=$d; done
fi
[[ -n $bindir && -x $bindir/initdb ]] || { echo "$0: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_owner=()
if [[ $(id -u) -eq 0 ]]; then
  as_owner=(runuser -u "${SHENSU_PG_USER:-nobody}" --)
fi
# PostgreSQL's own tools run as the cluster's owner, from a directory it can read.
pg() { (cd "$dir" && "${as_owner[@]}" "$@"); }

conninfo() { echo "host=$dir port=5432 user=shensu"; }

case $cmd in
start)
  if [[ ! -f $dir/data/PG_VERSION ]]; then
    [[ ${#as_owner[@]} -eq 0 ]] || chown "${SHENSU_PG_USER:-nobody}" "$dir"
    pg "$bindir/initdb" -D "$dir/data" -U shensu --auth=trust -E UTF8 --locale=C.UTF-8 \
      --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # Every test server keeps its own connections (opened as first used);
    # several run at once.
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$dir'
port = 5432
max_connections = 400
shared_buffers = 128MB
log_min_messages = warning
EOF
  fi
  pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
    { tail -n 20 "$dir/server.log" >&2; exit 1; }
  conninfo
  ;;
stop)
  [[ -f $dir/data/postmaster.pid ]] || exit 0
  pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
  ;;
conninfo)
  conninfo
  ;;
*)
  usage
  ;;
esac
