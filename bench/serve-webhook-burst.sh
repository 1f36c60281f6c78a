#!/usr/bin/env bash
# Benchmark: a burst of signed GitHub push webhooks against `trueup serve`.
#
# Usage: bench/serve-webhook-burst.sh [COUNT=500] [SECONDS=10]
# Env:   NODES=3      local-driver nodes in the desired state (sandboxes under bench/out)
#        THREADS=16   client threads sending the deliveries
#        VARIANTS="new:1 new:5 redeliver:5"  in this order, each COUNT deliveries in SECONDS:
#                     new:1        all for 1 new commit (pushed just before)
#                     new:5        5 commits pushed one after another, COUNT/5 deliveries each,
#                                  sent right after that commit's push
#                     redeliver:5  no push: the 5 newest commits (already applied) in turn, as
#                                  when old deliveries are redelivered or hooks race each other
#
# One serve (--poll 10m, Git source in a bare repo under bench/out, PostgreSQL store when
# 127.0.0.1:5432 answers) takes both variants in turn. Each delivery has its own X-GitHub-Delivery
# id and a valid X-Hub-Signature-256 and names the newly pushed commit; they are sent paced at
# COUNT/SECONDS per second from THREADS threads, each on a new connection. Recorded: every answer's
# status and time (target: all 2xx and under 1 s), /healthz answer times every 100 ms during the
# burst (the API listener must stay responsive), serve's RSS before and after, and the apply runs
# started because of the burst, per desired revision (target: one per revision).
# Results: stdout and bench/out/serve-webhook-burst.md (+ a JSON file per variant with every sample).
set -euo pipefail
. "$(dirname "$0")/serve-lib.sh"
cd "$REPO"
COUNT=${1:-500}; SECS=${2:-10}
NODES=${NODES:-3}; THREADS=${THREADS:-16}; VARIANTS=${VARIANTS:-"new:1 new:5 redeliver:5"}
[[ "$COUNT" =~ ^[0-9]+$ && "$SECS" =~ ^[0-9]+$ && "$SECS" -ge 1 ]] || { echo "usage: $0 [COUNT] [SECONDS]" >&2; exit 2; }
RATE=$(awk -v c="$COUNT" -v s="$SECS" 'BEGIN { print c / s }')

W="$OUT/serve-burst"
API=127.0.0.1:18180; HOOK=127.0.0.1:18181
export BENCH_WEBHOOK_SECRET="bench-$RANDOM-$RANDOM" BENCH_API_TOKEN="bench-$RANDOM-$RANDOM"
trap stop_serve EXIT
mkdir -p "$W"

write_local_fleet "$W/fleet" "$NODES" "$W/roots"
"$REPO/bin/trueup" validate --repo "$W/fleet" >/dev/null || die "trueup validate refused $W/fleet"
git_repo_from "$W/fleet" "$W/desired.git" "$W/clone"
STORE=$(fresh_store trueup_bench_burst)
rm -rf "$W/git"
load_before=$(loadavg)
blog "load average before: $load_before; trueup at $(commit_id)"
start_serve "$W/serve.log" --git-url "$W/desired.git" --git-ref refs/heads/main --git-work-dir "$W/git" \
  --poll 10m --store "$STORE" --listen "$API" --webhook-listen "$HOOK" \
  --api-token-env BENCH_API_TOKEN --webhook-secret-env github=BENCH_WEBHOOK_SECRET
python3 "$CLIENT" wait-idle --api "http://$API" >&2

files=(); rss_rows=()
for v in $VARIANTS; do
  kind=${v%%:*}; k=${v#*:}
  case "$kind" in
    new) args=(--commits "$k") ;;
    redeliver) args=(--redeliver "$k") ;;
    *) die "unknown variant $v" ;;
  esac
  rss_before=$(rss_kib "$SERVE_PID")
  blog "variant $v: $COUNT deliveries at $RATE/s; serve RSS $((rss_before / 1024)) MiB, load $(loadavg)"
  python3 "$CLIENT" burst --count "$COUNT" "${args[@]}" --rate "$RATE" --threads "$THREADS" \
    --clone "$W/clone" --api "http://$API" --hook "http://$HOOK/webhooks/github" \
    --health "http://$API/healthz" --out "$W/burst-$kind-$k.json" | tee "$W/burst-$kind-$k.txt"
  rss_after=$(rss_kib "$SERVE_PID")
  rss_rows+=("| $v | $((rss_before / 1024)) | $((rss_after / 1024)) | $(loadavg) |")
  files+=("$W/burst-$kind-$k.json")
done
curl -fsS "http://$API/metrics" | grep -E '^trueup_(webhook_requests_total\{forge="github"|runs_total)' \
  | grep -v ' 0.0$' > "$W/metrics.txt" || true
load_after=$(loadavg)

{
  echo "## serve: $COUNT signed push webhooks in $SECS s ($(date -u +%Y-%m-%d), trueup $(commit_id))"
  echo
  echo "$NODES local-driver nodes, $THREADS client threads, a new connection per delivery, paced at $RATE/s;"
  echo "load average before $load_before, after $load_after. p99 is nearest-rank."
  echo
  python3 "$CLIENT" table "${files[@]}"
  echo
  echo "| variant | serve RSS before (MiB) | after (MiB) | load average after |"
  echo "|---|---:|---:|---|"
  printf '%s\n' "${rss_rows[@]}"
  echo
  echo "serve's counters afterwards (non-zero):"
  echo
  sed 's/^/    /' "$W/metrics.txt"
} | tee "$OUT/serve-webhook-burst.md"
