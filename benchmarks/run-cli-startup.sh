#!/usr/bin/env bash
# Wall time of single `quiver search` calls on the demo store, keyword and hybrid, with and without the class-data
# archive (QUIVER_CDS=off), interleaved call by call so a noisy machine slows every variant alike.
# Usage: benchmarks/run-cli-startup.sh [calls per variant, default 11]. Prints a Markdown table: median, p10-p90.
set -euo pipefail
cd "$(dirname "$0")/.."
calls="${1:-11}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
store="$work/demo.quiver"
./quiver demo --store "$store" --limit 1 >/dev/null
./quiver search --store "$store" --mode keyword "warm the archive" >/dev/null # makes the archive if missing

load_before="$(cut -d ' ' -f 1-3 /proc/loadavg)"
now() { date +%s%N; }
declare -A times
variants=("keyword on" "keyword off" "hybrid on" "hybrid off")
for ((i = 0; i < calls; i++)); do
  for v in "${variants[@]}"; do
    read -r mode cds <<<"$v"
    start="$(now)"
    QUIVER_CDS="$cds" ./quiver search --store "$store" --mode "$mode" "program that remembers my passwords" \
      >/dev/null
    times[$v]+="$(( ($(now) - start) / 1000000 )) "
  done
done

echo "calls per variant: $calls; $(java -version 2>&1 | head -n 1); $(nproc) cores; load before: $load_before, after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo
echo "| search | class-data archive | median | p10–p90 |"
echo "|---|---|--:|--:|"
for v in "${variants[@]}"; do
  read -r mode cds <<<"$v"
  # shellcheck disable=SC2086
  sorted=($(printf '%s\n' ${times[$v]} | sort -n))
  n=${#sorted[@]}
  printf '| %s | %s | %.2f s | %.2f–%.2f s |\n' "$mode" "$cds" \
    "$(echo "${sorted[$((n / 2))]} / 1000" | bc -l)" \
    "$(echo "${sorted[$((n / 10))]} / 1000" | bc -l)" \
    "$(echo "${sorted[$((n - 1 - n / 10))]} / 1000" | bc -l)"
done
