#!/usr/bin/env bash
# bench/lookup/batch.sh: POST /api/numbers/lookup (1,000 numbers a request, in
# the spellings people use) with INDEX_NUMBERS reported numbers indexed.
# Target: >= 1,000,000 numbers/s on the 2-core machine with 10 million indexed.
# usage: bench/lookup/batch.sh [SECONDS] [RUNS] [INDEX_NUMBERS] [CONNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
runs=${2:-3}
numbers=${3:-10000000}
conns=${4:-8}
source bench/lib.sh
# One report per number, distinct mobile numbers spread over the 13x-19x segments.
awk -v n="$numbers" 'BEGIN { print "reported_at,kind,target,description";
  for (i = 0; i < n; i++) printf "2026-0%d-1%d 10:00:00,harassment_call,1%d%09d,\n", 1 + i % 8, i % 9, 3 + i % 7, (i * 7919) % 1000000000 }' > "$work/reports.csv"
t0=$(date +%s)
"$bin" import reports --db "$db" "$work/reports.csv" | tail -1
echo "import: $(( $(date +%s) - t0 )) s"
awk -F, 'NR > 1 && NR % 97 == 0 { print $3 }' "$work/reports.csv" | head -200000 > "$work/numbers.txt"
rm "$work/reports.csv"
echo 'bench-pass-1' | "$bin" user add --role report_staff bench --db "$db" >/dev/null
t0=$(date +%s)
start_server
# the index of 10 million numbers takes longer than start_server waits
for _ in $(seq 1200); do grep -q listening "$work/out" && break; sleep 0.5; done
port=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$work/out")
echo "server up (index built): $(( $(date +%s) - t0 )) s, RSS $(ps -o rss= -p "$pid") kB"
url="http://127.0.0.1:$port"
token=$(curl -s -X POST "$url/api/login" -H 'Content-Type: application/json' -d '{"name":"bench","password":"bench-pass-1"}' |
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
echo "bench/lookup batch: $numbers numbers indexed; $conns connections, 1,000 numbers a request, ${seconds} s"
rates=()
for i in $(seq "$runs"); do
  line=$(LOAD_TOKEN=$token "$load" batch 127.0.0.1 "$port" "$conns" "$seconds" "$work/numbers.txt")
  echo "$line"
  rates+=("$(sed -n 's/.* = \([0-9]*\) numbers\/s.*/\1/p' <<<"$line")")
done
echo "POST /api/numbers/lookup: ${rates[*]} numbers/s; median $(printf '%s\n' "${rates[@]}" | median) numbers/s (target 1000000)"
