# Shared by the benchmark scripts: a fresh database and a server on a free port.
# After `start_server`, $work is a temporary directory (removed on exit), $db
# the database, $port the server's port and $pid its process.

bin=${SHENSU:-build/shensu}
work=$(mktemp -d)
db="$work/t.db"
pid=
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin" init --db "$db" >/dev/null

# start_server [ENV=VALUE...]: serves $db on 127.0.0.1 with the public rate limit off.
start_server() {
  env SHENSU_RATE_PUBLIC=0 "$@" "$bin" serve --db "$db" --listen 127.0.0.1:0 >"$work/out" 2>/dev/null &
  pid=$!
  for _ in $(seq 100); do grep -q listening "$work/out" && break; sleep 0.1; done
  port=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$work/out")
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
