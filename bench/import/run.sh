#!/usr/bin/env bash
# bench/import: generate ROWS complaint rows, import them into a fresh database
# RUNS times, print each rate and the median. Target: >= 150,000 rows/s.
# usage: bench/import/run.sh [ROWS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
runs=${2:-3}
bin=${SHENSU:-build/shensu}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build/bench/gen_complaints "$rows" > "$work/c.csv"
echo "bench/import: $rows rows, $(du -h "$work/c.csv" | cut -f1) of CSV, $runs runs"
rates=()
for i in $(seq "$runs"); do
  rm -f "$work"/t.db*
  "$bin" init --db "$work/t.db" >/dev/null
  start=$(date +%s.%N)
  "$bin" import complaints --db "$work/t.db" "$work/c.csv" >/dev/null
  end=$(date +%s.%N)
  rate=$(awk -v n="$rows" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n / (b - a) }')
  echo "run $i: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s, $rate rows/s"
  rates+=("$rate")
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "median: $median rows/s (target 150000)"
