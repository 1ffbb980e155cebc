# Shared by the benchmark scripts: a fresh database and a server on a free port.
# After `start_server`, $work is a temporary directory (removed on exit), $db
# the database, $port the server's port and $pid its process.

# On PostgreSQL instead of SQLite: BENCH_PG=1 starts a throwaway cluster in
# $work (scripts/pg-cluster.sh); BENCH_DB=URL uses that database (an empty one).

bin=${SHENSU:-build/shensu}
load=$(dirname "$bin")/bench/load # the load generator of the same build
work=$(mktemp -d)
db="$work/t.db"
pid=
pgdir=
trap 'kill $pid 2>/dev/null || true; [[ -z $pgdir ]] || scripts/pg-cluster.sh stop "$pgdir"
  rm -rf "$work" $pgdir' EXIT
if [[ -n ${BENCH_DB:-} ]]; then
  db=$BENCH_DB
elif [[ -n ${BENCH_PG:-} ]]; then
  pgdir=$(mktemp -d) # its own: the cluster's (unprivileged) owner must reach it
  pg=$(scripts/pg-cluster.sh start "$pgdir")
  psql -XAtq -d "$pg dbname=postgres" -c 'CREATE DATABASE bench'
  db="$pg dbname=bench"
fi
"$bin" init --db "$db" >/dev/null

# db_sql QUERY: rows of QUERY on $db, columns separated by '|'.
db_sql() {
  if [[ $db == *=* || $db == postgres://* || $db == postgresql://* ]]; then
    psql -XAtq -F '|' -d "$db" -c "$1"
  else
    sqlite3 "$db" "$1"
  fi
}

# start_server [ENV=VALUE...]: serves $db on 127.0.0.1 with the public rate limit
# and the per-address connection limit off (the load generator is one address).
start_server() {
  env SHENSU_RATE_PUBLIC=0 SHENSU_MAX_CONNECTIONS_PER_IP=0 "$@" "$bin" serve --db "$db" --listen 127.0.0.1:0 >"$work/out" 2>/dev/null &
  pid=$!
  for _ in $(seq 100); do grep -q listening "$work/out" && break; sleep 0.1; done
  port=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$work/out")
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
