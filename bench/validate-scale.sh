#!/usr/bin/env bash
# Benchmark: `trueup validate` end to end (JVM start included) on generated fleets of growing
# size. Prints a Markdown table; docs/performance.md keeps the figures.
# Usage: bench/validate-scale.sh [RUNS] [SIZES...]   (defaults: 5 runs; 100 1000 2000 4000 nodes)
set -euo pipefail
export TRUEUP_LOOPBACK_ONLY=1  # benchmarks reach loopback only (docs/security.md)
cd "$(dirname "$0")/.."
runs="${1:-5}"; shift || true
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 2000 4000)
[ -f reconciler/target/trueup.jar ] || mvn -B -q -DskipTests package
echo "| nodes | files | median wall (s) | min (s) | max (s) | max RSS (MiB) |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  repo="$(bench/generate-fleet.sh "$n" "bench/out/fleet-$n")"
  files=$(find "$repo" -name '*.yaml' | wc -l)
  ./bin/trueup validate --repo "$repo" >/dev/null  # warm the page cache
  times=(); rss=0
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -f '%e %M' -o bench/out/time.txt ./bin/trueup validate --repo "$repo" >/dev/null
    read -r t m < bench/out/time.txt
    times+=("$t"); [ "$m" -gt "$rss" ] && rss=$m
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  median=${sorted[$(( ${#sorted[@]} / 2 ))]}
  echo "| $n | $files | $median | ${sorted[0]} | ${sorted[-1]} | $(( rss / 1024 )) |"
done
