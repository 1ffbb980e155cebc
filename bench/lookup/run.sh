#!/usr/bin/env bash
# bench/lookup: GET /api/numbers/{number} over HTTP, and the look-up index in
# process. Targets: >= 50,000 HTTP look-ups/s on the 2-core machine; >= 5
# million index look-ups/s on one core with 10 million numbers, and the
# index's memory per number.
# usage: bench/lookup/run.sh [SECONDS] [RUNS] [INDEX_NUMBERS]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
runs=${2:-3}
numbers=${3:-10000000}
source bench/lib.sh
# 300,000 reports of 100,000 numbers in the quarter before today.
awk 'BEGIN { srand(7); print "reported_at,kind,target,description";
  split("harassment_call spam_sms fraud_call fraud_sms", k, " ");
  for (i = 0; i < 300000; i++) {
    n = sprintf("1%d%d%08d", 3 + int(rand() * 7), int(rand() * 10), int(rand() * 100000));
    printf "2026-0%d-1%d 10:00:00,%s,%s,\n", 1 + int(rand() * 8), int(rand() * 9), k[1 + int(rand() * 4)], n
  } }' > "$work/reports.csv"
cut -d, -f3 "$work/reports.csv" | tail -n +2 | sort -u > "$work/numbers.txt"
"$bin" import reports --db "$db" "$work/reports.csv" | tail -1
echo 'bench-pass-1' | "$bin" user add --role report_staff bench --db "$db" >/dev/null
start_server
url="http://127.0.0.1:$port"
token=$(curl -s -X POST "$url/api/login" -H 'Content-Type: application/json' -d '{"name":"bench","password":"bench-pass-1"}' |
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
echo "bench/lookup: $(wc -l < "$work/numbers.txt") reported numbers; 64 connections for ${seconds} s"
rates=()
for i in $(seq "$runs"); do
  line=$(LOAD_TOKEN=$token build/bench/load lookup 127.0.0.1 "$port" 64 "$seconds" "$work/numbers.txt")
  echo "$line"
  rates+=("$(sed -n 's/.* = \([0-9]*\)\/s.*/\1/p' <<<"$line")")
done
echo "GET /api/numbers/{n}: ${rates[*]} /s; median $(printf '%s\n' "${rates[@]}" | median) /s (target 50000)"
build/bench/index_bench "$numbers"
