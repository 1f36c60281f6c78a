#!/usr/bin/env bash
# Benchmark: push → apply run started, with a signed GitHub push webhook versus polling.
#
# Usage: bench/serve-webhook-latency.sh [N=30]
# Env:   NODES=3        local-driver nodes in the desired state (sandboxes under bench/out)
#        POLL=5s        poll interval of the polling comparison
#        WARMUP=2       untimed iterations before the N timed ones, per mode
#        SKIP_POLL=1    measure the webhook only
#
# A desired-state repo of NODES local-driver nodes (development environment, auto-applied by the
# policy's dev rule) lives in a bare Git repository under bench/out; serve follows it with
# --git-url. Each iteration commits "fix: bump the bench counter to K" (one file every node has)
# in a clone and pushes it to the bare repository, then:
#   webhook mode (serve --poll 10m): t0 = just before POSTing a signed push delivery for the new
#     commit; the delivery's answer time is recorded too;
#   poll mode (serve --poll $POLL, no webhooks): t0 = just after the push; each push happens at a
#     random moment of the poll interval.
# t1 = the run's startedAt in the store: when serve inserted the apply run's row, right after the
# cycle's Git fetch, before validate/observe/plan. The run's finishedAt is reported too.
# Results: stdout and bench/out/serve-webhook-latency.md (+ .json samples per mode).
set -euo pipefail
. "$(dirname "$0")/serve-lib.sh"
cd "$REPO"
N=${1:-30}
NODES=${NODES:-3}; POLL=${POLL:-5s}; WARMUP=${WARMUP:-2}
[[ "$N" =~ ^[0-9]+$ ]] && [ "$N" -ge 1 ] || { echo "usage: $0 [N>=1]" >&2; exit 2; }
poll_s=${POLL%s}; [[ "$poll_s" =~ ^[0-9]+$ ]] || die "POLL must be in seconds, e.g. 5s"

W="$OUT/serve-latency"
API=127.0.0.1:18080; HOOK=127.0.0.1:18081
export BENCH_WEBHOOK_SECRET="bench-$RANDOM-$RANDOM" BENCH_API_TOKEN="bench-$RANDOM-$RANDOM"
trap stop_serve EXIT
mkdir -p "$W"

write_local_fleet "$W/fleet" "$NODES" "$W/roots"
"$REPO/bin/trueup" validate --repo "$W/fleet" >/dev/null || die "trueup validate refused $W/fleet"
git_repo_from "$W/fleet" "$W/desired.git" "$W/clone"
STORE=$(fresh_store trueup_bench_latency)
load_before=$(loadavg)
blog "load average before: $load_before; trueup at $(commit_id)"

serve_args=(--git-url "$W/desired.git" --git-ref refs/heads/main --store "$STORE"
  --listen "$API" --webhook-listen "$HOOK" --api-token-env BENCH_API_TOKEN)
client=(python3 "$CLIENT" latency --clone "$W/clone" -n "$N" --warmup "$WARMUP"
  --api "http://$API" --hook "http://$HOOK/webhooks/github")

measure() { # mode poll-interval extra-serve-args...
  local mode=$1 poll=$2; shift 2
  rm -rf "$W/git-$mode"
  blog "$mode: starting serve (--poll $poll)"
  start_serve "$W/serve-$mode.log" "${serve_args[@]}" --git-work-dir "$W/git-$mode" --poll "$poll" "$@"
  # The start-up cycle applies the initial state; measure once it has finished.
  python3 "$CLIENT" wait-idle --api "http://$API" >&2
  blog "$mode: $N timed iterations (+$WARMUP warm-up), load $(loadavg)"
  "${client[@]}" --mode "$mode" --poll-seconds "$poll_s" --log "$W/serve-$mode.log" \
    --out "$W/latency-$mode.json" | tee "$W/latency-$mode.txt"
  blog "$mode: serve RSS $(( $(rss_kib "$SERVE_PID") / 1024 )) MiB, load $(loadavg)"
  stop_serve
}

measure webhook 10m --webhook-secret-env github=BENCH_WEBHOOK_SECRET
files=("$W/latency-webhook.json")
if [ -z "${SKIP_POLL:-}" ]; then
  measure poll "$POLL"
  files+=("$W/latency-poll.json")
fi
load_after=$(loadavg)

{
  echo "## serve: push → apply run started ($(date -u +%Y-%m-%d), trueup $(commit_id))"
  echo
  echo "N=$N per mode after $WARMUP warm-up iterations, $NODES local-driver nodes, poll comparison at --poll $POLL;"
  echo "load average before $load_before, after $load_after. p99 is nearest-rank (with N < 100 it is the max)."
  echo
  python3 "$CLIENT" table "${files[@]}"
} | tee "$OUT/serve-webhook-latency.md"
