#!/usr/bin/env bash
# engine.sh start|stop|status
# A Docker-compatible API (podman system service) on unix:///run/trueup-lab/podman.sock,
# for tests that talk the Docker Engine API (docker-java). It shares podman's storage, so
# the images built by build-image.sh (localhost/trueup-busybox:1, ...) are visible.
# Override the socket with TRUEUP_LAB_SOCKET.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
SOCK=${TRUEUP_LAB_SOCKET:-/run/trueup-lab/podman.sock}
DIR=$(dirname "$SOCK")
PIDFILE="$DIR/podman-service.pid"
LOGFILE="$DIR/podman-service.log"

ping() { curl -fsS --max-time 2 --unix-socket "$SOCK" http://d/_ping 2>/dev/null | grep -q OK; }
running() { [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

case "${1:-}" in
  start)
    T0=$(now_ms)
    mkdir -p "$DIR"
    if running && ping; then log "engine already running (pid $(cat "$PIDFILE")) at unix://$SOCK"; exit 0; fi
    if running; then kill "$(cat "$PIDFILE")" 2>/dev/null || true; sleep 0.5; fi
    rm -f "$SOCK"
    # setsid + closed stdin: the service outlives this script and the CI step that ran it.
    setsid podman system service --time=0 "unix://$SOCK" </dev/null >"$LOGFILE" 2>&1 &
    echo $! > "$PIDFILE"
    for _ in $(seq 1 150); do
      if ping; then log "engine up (pid $(cat "$PIDFILE")) at unix://$SOCK in $(( $(now_ms) - T0 )) ms"; exit 0; fi
      running || { tail -n 20 "$LOGFILE" >&2; die "podman system service exited"; }
      sleep 0.2
    done
    tail -n 20 "$LOGFILE" >&2; die "engine did not answer _ping within 30 s (log: $LOGFILE)"
    ;;
  stop)
    if running; then
      pid=$(cat "$PIDFILE"); kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
      log "engine stopped (pid $pid)"
    else
      log "engine not running"
    fi
    rm -f "$PIDFILE" "$SOCK"
    ;;
  status)
    if running && ping; then echo "running pid $(cat "$PIDFILE") unix://$SOCK"; else echo "stopped"; exit 1; fi
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
