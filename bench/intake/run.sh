#!/usr/bin/env bash
# bench/intake: 16 connections POST valid complaints for SECONDS; prints
# throughput and latency, then reads every acknowledged (201) case back from
# the database and counts them: all must be there, whole, with their events.
# Targets: >= 5,000 complaints/s, p99 <= 25 ms. usage: bench/intake/run.sh [SECONDS] [RUNS]
# BENCH_PG=1 (or BENCH_DB=URL) runs it on PostgreSQL (bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
runs=${2:-3}
source bench/lib.sh
start_server
for i in $(seq "$runs"); do
  "$load" intake 127.0.0.1 "$port" 16 "$seconds" "$work/acked$i.txt"
done
acked=$(cat "$work"/acked*.txt | wc -l)
cat "$work"/acked*.txt | awk '{print $1}' | sort > "$work/acked.txt"
db_sql "SELECT c.case_no FROM complaint c WHERE c.name IS NOT NULL AND c.description <> ''
  AND EXISTS (SELECT 1 FROM complaint_event e WHERE e.complaint_id = c.id AND e.action = 'submit')" \
  | sort > "$work/stored.txt"
missing=$(comm -23 "$work/acked.txt" "$work/stored.txt" | wc -l)
echo "durability: $acked acknowledged, $(wc -l < "$work/stored.txt") stored whole with events, $missing missing"
[[ $missing == 0 ]]
