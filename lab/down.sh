#!/usr/bin/env bash
# down.sh [--prefix NAME | --all]
# Removes the lab nodes of one prefix (default trueup-lab), or of every prefix with --all.
# Only containers labelled dev.trueup.lab=1 are touched. Host keys under run/<prefix>/
# are removed too, so the next up generates new ones.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
PREFIX=trueup-lab; ALL=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=$2; shift 2 ;;
    --all) ALL=1; shift ;;
    *) echo "usage: $0 [--prefix NAME | --all]" >&2; exit 2 ;;
  esac
done
T0=$(now_ms)
filters=(--filter "label=$LAB_LABEL=1")
[ "$ALL" = 1 ] || filters+=(--filter "label=$LAB_LABEL.prefix=$PREFIX")
mapfile -t ids < <(podman ps -aq "${filters[@]}")
if [ "${#ids[@]}" -gt 0 ]; then
  # sshd stops on SIGTERM at once; -t 2 bounds the wait for anything else.
  printf '%s\n' "${ids[@]}" | xargs -n 10 -P 2 podman rm -f -t 2 >/dev/null
fi
if [ "$ALL" = 1 ]; then
  find "$RUN_DIR" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} + 2>/dev/null || true
  rm -f "$RUN_DIR/nodes.json" "$RUN_DIR/known_hosts"
else
  [ -d "$RUN_DIR/$PREFIX" ] && rm -rf "${RUN_DIR:?}/$PREFIX"
  # the latest-up copies are dropped if they described this prefix
  if [ -f "$RUN_DIR/nodes.json" ] && grep -q "\"name\": \"$PREFIX-1\"" "$RUN_DIR/nodes.json"; then
    rm -f "$RUN_DIR/nodes.json" "$RUN_DIR/known_hosts"
  fi
fi
log "removed ${#ids[@]} node(s) ($([ "$ALL" = 1 ] && echo 'all prefixes' || echo "prefix $PREFIX")) in $(( $(now_ms) - T0 )) ms"
