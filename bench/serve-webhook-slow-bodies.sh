#!/usr/bin/env bash
# Benchmark: signed webhook deliveries answered while slow uploads hold connections open.
#
# Usage: bench/serve-webhook-slow-bodies.sh [SLOW="0 64 256"] [WINDOW=30]
# Env:   NODES=3   local-driver nodes in the desired state (sandboxes under bench/out)
#
# One serve (--poll 10m, Git source in a bare repo under bench/out, PostgreSQL store when
# 127.0.0.1:5432 answers). For each count in SLOW, that many connections send full headers (with a
# signature header, as a forge would), declare a 4 KiB body and send one byte a second,
# reconnecting when serve cuts them off; meanwhile a signed push delivery for the already applied
# head is sent every 0.25 s for WINDOW seconds, on a new connection each, and /healthz is probed
# after each. Recorded: every answer's status and time (target: all 2xx, p99 under 1 s at every
# count), and how many slow connections serve cut off.
# Results: stdout and bench/out/serve-webhook-slow-bodies.md (+ a JSON file per count).
set -euo pipefail
. "$(dirname "$0")/serve-lib.sh"
cd "$REPO"
SLOW=${1:-"0 64 256"}; WINDOW=${2:-30}; NODES=${NODES:-3}

W="$OUT/serve-slow"
API=127.0.0.1:18190; HOOK=127.0.0.1:18191
export BENCH_WEBHOOK_SECRET="bench-$RANDOM-$RANDOM" BENCH_API_TOKEN="bench-$RANDOM-$RANDOM"
trap stop_serve EXIT
mkdir -p "$W"

write_local_fleet "$W/fleet" "$NODES" "$W/roots"
"$REPO/bin/trueup" validate --repo "$W/fleet" >/dev/null || die "trueup validate refused $W/fleet"
git_repo_from "$W/fleet" "$W/desired.git" "$W/clone"
STORE=$(fresh_store trueup_bench_slow)
rm -rf "$W/git"
load_before=$(loadavg)
start_serve "$W/serve.log" --git-url "$W/desired.git" --git-ref refs/heads/main --git-work-dir "$W/git" \
  --poll 10m --store "$STORE" --listen "$API" --webhook-listen "$HOOK" \
  --api-token-env BENCH_API_TOKEN --webhook-secret-env github=BENCH_WEBHOOK_SECRET
python3 "$CLIENT" wait-idle --api "http://$API" >&2

rows=()
for n in $SLOW; do
  blog "$n slow uploads, $WINDOW s; load $(loadavg)"
  python3 "$CLIENT" slow-bodies --slow "$n" --window "$WINDOW" --clone "$W/clone" \
    --api "http://$API" --hook "http://$HOOK/webhooks/github" --health "http://$API/healthz" \
    --out "$W/slow-$n.json" | tee "$W/slow-$n.txt"
  rows+=("$(python3 - "$W/slow-$n.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s, h = d["signed"], d["healthz"]
ms = lambda x: f"{x * 1000:.0f}"
ok = sum(v for k, v in d["signed_statuses"].items() if k in ("200", "202"))
print(f"| {d['slow']} | {s['n']} | {ok} | {ms(s['median'])} | {ms(s['p99'])} | {ms(s['max'])} |"
      f" {ms(h['median'])} / {ms(h['max'])} | {d['slow_connections_cut']} |")
PY
)")
done
load_after=$(loadavg)
{
  echo "## serve: signed deliveries under slow uploads ($(date -u +%Y-%m-%d), trueup $(commit_id))"
  echo
  echo "$NODES local-driver nodes; a signed delivery every 0.25 s for $WINDOW s per row; slow uploads"
  echo "send a byte a second. Load average before $load_before, after $load_after. p99 is nearest-rank."
  echo
  echo "| slow uploads open | signed sent | 2xx | median (ms) | p99 (ms) | max (ms) | /healthz median / max (ms) | slow cut off |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
} | tee "$OUT/serve-webhook-slow-bodies.md"
