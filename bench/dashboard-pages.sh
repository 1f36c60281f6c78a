#!/usr/bin/env bash
# Benchmark: the dashboard's pages on a serve that follows N local-driver nodes (each a sandbox
# directory), and what 200 idle open tabs (event streams) cost serve in memory.
#
# Usage: bench/dashboard-pages.sh [N=1000] [RUNS=20] [TABS=200]
# Everything runs on 127.0.0.1. Writes bench/out/dashboard/ and bench/out/dashboard-pages.md.
set -euo pipefail
export TRUEUP_LOOPBACK_ONLY=1
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
N=${1:-1000}; RUNS=${2:-20}; TABS=${3:-200}
OUT="$REPO/bench/out/dashboard"
PORT=18580
TOKEN=bench-dashboard-token-0123456789
rm -rf "$OUT"; mkdir -p "$OUT/fleet/nodes" "$OUT/roots"
blog() { printf '[bench] %s\n' "$*" >&2; }

printf 'fleet: pages\nenvironments: [development, staging, production]\n' > "$OUT/fleet/fleet.yaml"
printf 'matrix: {bugfix: notify, minor: notify, major: notify, architecture: notify, business: notify}\n' > "$OUT/fleet/policy.yaml"
ENVS=(development staging production)
for i in $(seq 1 "$N"); do
  printf 'node: n%d\nenvironment: %s\nconnection: {driver: local, root: %s/roots/n%d}\nfiles:\n  /etc/app.conf: {content: "v1\\n", mode: "0644"}\n' \
    "$i" "${ENVS[$((i % 3))]}" "$OUT" "$i" > "$OUT/fleet/nodes/n$i.yaml"
done
blog "fleet of $N local nodes: $OUT/fleet"

TRUEUP_API_TOKEN=$TOKEN "$REPO/bin/trueup" serve --repo "$OUT/fleet" --store "$OUT/store" --poll 1h \
  --listen 127.0.0.1:$PORT --webhook-listen 127.0.0.1:$((PORT + 1)) --drift-every 0 --notify-every 0 \
  --api-token-env TRUEUP_API_TOKEN --parallelism 16 > "$OUT/serve.log" 2>&1 &
SERVE=$!
trap 'kill $SERVE 2>/dev/null || true; jobs -p | xargs -r kill 2>/dev/null || true' EXIT
for _ in $(seq 1 1200); do
  curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/runs" 2>/dev/null | grep -q '"status":"succeeded"' && break
  sleep 0.5
done
blog "serve's startup run is done"
curl -fsS -o /dev/null -c "$OUT/cookie" -d "token=$TOKEN" "http://127.0.0.1:$PORT/login"

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }'; }
row() { # label path
  local t i
  for i in $(seq 1 "$RUNS"); do
    curl -fsS -o /dev/null -b "$OUT/cookie" -w '%{time_total}\n' "http://127.0.0.1:$PORT$2"
  done | awk '{ printf "%.1f\n", $1 * 1000 }' > "$OUT/t"
  echo "| $1 | \`$2\` | $RUNS | $(median < "$OUT/t") | $(sort -n "$OUT/t" | head -n1) | $(sort -n "$OUT/t" | tail -n1) |"
}
rss() { awk '/VmRSS/ { print $2 }' "/proc/$SERVE/status"; }

{
  echo "### Dashboard pages, $N local-driver nodes"
  echo
  echo "| page | path | runs | median (ms) | min (ms) | max (ms) |"
  echo "|---|---|---:|---:|---:|---:|"
  row "fleet, first page" "/fleet"
  row "fleet, last page" "/fleet?page=$(( (N + 99) / 100 ))"
  row "fleet, filtered by name" "/fleet?q=n99"
  row "approvals" "/approvals"
  row "activity" "/activity"
  row "environments" "/environments"
  row "one node (its plan observed now)" "/nodes/n1"
  BEFORE=$(rss)
  TAB_PIDS=()
  for _ in $(seq 1 "$TABS"); do
    curl -sS -N -o /dev/null -b "$OUT/cookie" "http://127.0.0.1:$PORT/events" 2>/dev/null &
    TAB_PIDS+=($!)
  done
  sleep 5
  AFTER=$(rss)
  OPEN=$(ss -tn state established "( sport = :$PORT )" | tail -n +2 | wc -l)
  # The tabs run in this block's subshell, out of reach of the EXIT trap's `jobs`: close them
  # here, or they would keep the pipe to tee (and so the script) open while serve runs on.
  kill "${TAB_PIDS[@]}" 2>/dev/null || true
  echo
  echo "- $TABS idle tabs (event streams) open ($OPEN connections established): serve's resident memory $((BEFORE / 1024)) MiB before, $((AFTER / 1024)) MiB after, $(((AFTER - BEFORE) / 1024)) MiB for them"
  echo "- machine: $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ); trueup $(git rev-parse --short HEAD)"
  echo "- rerun: \`bench/dashboard-pages.sh $N $RUNS $TABS\`"
} | tee "$REPO/bench/out/dashboard-pages.md"
