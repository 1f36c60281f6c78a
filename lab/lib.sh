# Sourced by the lab scripts. Sets paths and the podman configuration.
LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$LAB_DIR/.." && pwd)
RUN_DIR="$LAB_DIR/run"
CACHE_DIR=/var/cache/trueup-lab
NODE_IMAGE=localhost/trueup-node:1
SYSTEMD_IMAGE=localhost/trueup-systemd:1
BUSYBOX_IMAGE=localhost/trueup-busybox:1
LAB_LABEL=dev.trueup.lab
export CONTAINERS_CONF="$LAB_DIR/containers.conf"

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] error: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
