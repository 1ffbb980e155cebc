#!/usr/bin/env bash
# bench/warning: the early-warning detector measured, not claimed.
# 1. Quality (build/bench/warning_bench, in memory): two years of synthetic
#    daily history for every series of a 10-million-complaint database, with
#    surges of known size, start and series injected; recall and false alarms
#    per 100 series-weeks for several surge sizes. Targets: recall >= 90% for
#    surges that double a series of >= 5 a day (flagged within 3 days of their
#    start); <= 1 false alarm per 100 series-weeks on the clean series.
# 2. Time: the same world's complaints (about 10 million, with one 5G surge in
#    广东 in its last three days) imported into a database; a day's warnings
#    for all series computed by `shensu warnings` and by GET /api/warnings.
#    Target: under 1 s.
# usage: bench/warning/run.sh [SEED] [RUNS]   (QUALITY_ONLY=1: step 1 alone;
#        needs ~6 GB of disk for step 2; BENCH_PG=1 on PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/../.."
seed=${1:-2}
runs=${2:-5}
ok=0
build/bench/warning_bench "$seed" || ok=$?
[[ -n ${QUALITY_ONLY:-} ]] && exit $ok
source bench/lib.sh
day=2026-05-31
echo
echo "bench/warning: importing the world's complaints (seed $seed)..."
s=$(date +%s.%N)
build/bench/warning_bench --csv "$seed" | "$bin" import complaints --db "$db" - | tail -1
e=$(date +%s.%N)
echo "imported $(db_sql 'SELECT count(*) FROM complaint') complaints in $(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.0f", b - a }') s"
times=()
for i in $(seq "$runs"); do
  s=$(date +%s.%N)
  "$bin" warnings --db "$db" --date "$day" >"$work/w.txt"
  e=$(date +%s.%N)
  times+=("$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f", b - a }')")
done
head -1 "$work/w.txt"
grep -m3 '^ *[0-9]*\. ' "$work/w.txt" || true
echo "shensu warnings --date $day (whole process: open, reference, calendar, detection, keywords): ${times[*]} s; median $(printf '%s\n' "${times[@]}" | median) s (target 1 s)"
echo 'bench-pass-1' | "$bin" user add --role regulator bench --db "$db" >/dev/null
start_server
url="http://127.0.0.1:$port"
token=$(curl -s -X POST "$url/api/login" -H 'Content-Type: application/json' -d '{"name":"bench","password":"bench-pass-1"}' | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
ms=()
for i in $(seq "$runs"); do
  t=$(curl -s -o "$work/w.json" -w '%{time_total}' -H "Authorization: Bearer $token" "$url/api/warnings?date=$day")
  grep -q '"items":' "$work/w.json" || { echo "bench/warning: /api/warnings failed: $(head -c 300 "$work/w.json")" >&2; exit 1; }
  ms+=("$(awk -v t="$t" 'BEGIN { printf "%.0f", t * 1000 }')")
done
echo "GET /api/warnings?date=$day (all series, keywords, charts): ${ms[*]} ms; median $(printf '%s\n' "${ms[@]}" | median) ms (target 1000 ms)"
echo "server's own timing: $(grep -o '"timing_ms":{[^}]*}' "$work/w.json")"
exit $ok
