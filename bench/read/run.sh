#!/usr/bin/env bash
# bench/read: fills a database through the API, then 16 connections GET cases by
# number and query code for SECONDS. Targets: >= 20,000/s, p99 <= 5 ms.
# usage: bench/read/run.sh [SECONDS] [RUNS]
# BENCH_PG=1 (or BENCH_DB=URL) runs it on PostgreSQL (bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
runs=${2:-3}
source bench/lib.sh
start_server
"$load" intake 127.0.0.1 "$port" 16 5 "$work/cases.txt" >/dev/null
echo "bench/read: $(wc -l < "$work/cases.txt") cases filed"
for i in $(seq "$runs"); do
  "$load" read 127.0.0.1 "$port" 16 "$seconds" "$work/cases.txt"
done
