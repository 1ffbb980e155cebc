#!/usr/bin/env bash
# bench/import: generate ROWS complaint rows, import them into a fresh database
# RUNS times, print each rate and the median. Target: >= 150,000 rows/s (SQLite).
# usage: bench/import/run.sh [ROWS] [RUNS]
# BENCH_PG=1 imports into a throwaway PostgreSQL cluster instead (a fresh
# database per run); SHENSU=path picks another binary (to compare builds).
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
runs=${2:-3}
bin=${SHENSU:-build/shensu}
work=$(mktemp -d)
pgdir=
trap '[[ -z $pgdir ]] || scripts/pg-cluster.sh stop "$pgdir"; rm -rf "$work" $pgdir' EXIT
if [[ -n ${BENCH_PG:-} ]]; then
  pgdir=$(mktemp -d)
  pg=$(scripts/pg-cluster.sh start "$pgdir")
fi
build/bench/gen_complaints "$rows" > "$work/c.csv"
echo "bench/import: $rows rows, $(du -h "$work/c.csv" | cut -f1) of CSV, $runs runs${pgdir:+, PostgreSQL}"
rates=()
for i in $(seq "$runs"); do
  if [[ -n $pgdir ]]; then
    psql -XAtq -d "$pg dbname=postgres" -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench"
    db="$pg dbname=bench"
  else
    rm -f "$work"/t.db*
    db="$work/t.db"
  fi
  "$bin" init --db "$db" >/dev/null
  start=$(date +%s.%N)
  "$bin" import complaints --db "$db" "$work/c.csv" >/dev/null
  end=$(date +%s.%N)
  rate=$(awk -v n="$rows" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n / (b - a) }')
  echo "run $i: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s, $rate rows/s"
  rates+=("$rate")
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "median: $median rows/s${pgdir:+ (PostgreSQL)}"
