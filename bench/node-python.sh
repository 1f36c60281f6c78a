#!/usr/bin/env bash
# bench/node-python.sh build|install PREFIX N
# Ansible's modules (copy, template, file, cron; apt needs python3-apt, sysctl needs procps' sysctl)
# need Python on the managed node; the lab's node
# image (lab/build-image.sh, Debian minbase) has none, and trueup needs none. This adds Debian's
# python3 to running lab nodes without touching the shared image:
#   build            downloads python3 and the packages it needs that the node image lacks (apt-get
#                    --download-only resolved against the image's own dpkg status), installs them
#                    in a throwaway container (--network none) and keeps the installed files as a
#                    tarball in /var/cache/trueup-lab/bench-python-<image id>.tar (cached)
#   install P N      unpacks that tarball into nodes P-1..P-N (podman exec, 4 at a time)
# The nodes never connect anywhere: the packages come through the host's apt client.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/../lab/lib.sh"

blog() { printf '[bench] %s\n' "$*" >&2; }

image_id() { podman image inspect --format '{{.Id}}' "$NODE_IMAGE" | cut -c1-16; }
PACKAGES="python3 python3-apt procps"
tarball() { echo "$CACHE_DIR/bench-python-$(image_id)-$(echo "$PACKAGES" | sha256sum | cut -c1-8).tar"; }

build() {
  local tb; tb=$(tarball)
  if [ -s "$tb" ]; then blog "python3 for the nodes: cached $tb"; return; fi
  mkdir -p "$CACHE_DIR"
  local work; work=$(mktemp -d)
  # shellcheck disable=SC2064
  trap "rm -rf '$work'; podman rm -f trueup-bench-pybuild >/dev/null 2>&1 || true" RETURN
  podman run --rm --network none "$NODE_IMAGE" cat /var/lib/dpkg/status > "$work/status"
  mkdir -p "$work/debs/partial"
  local apt_out
  apt_out=$(apt-get install -y -q --download-only --no-install-recommends \
      -o Dir::State::status="$work/status" -o Dir::Cache::archives="$work/debs" \
      -o Debug::NoLocking=1 -o APT::Sandbox::User=root $PACKAGES 2>&1) \
    || { echo "$apt_out" >&2; blog "apt-get could not fetch python3 (try apt-get update)"; return 1; }
  chmod -R a+rX "$work/debs"
  podman rm -f trueup-bench-pybuild >/dev/null 2>&1 || true
  # dpkg -i up to three times: a pass skips packages whose pre-dependencies it has not set up yet.
  podman run --name trueup-bench-pybuild --network none -v "$work/debs:/debs:ro" "$NODE_IMAGE" \
    sh -ec 'dpkg -i /debs/*.deb >/tmp/dpkg.log 2>&1 || dpkg -i /debs/*.deb >/tmp/dpkg.log 2>&1 || dpkg -i /debs/*.deb >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; exit 1; }
            python3 -c "import json, hashlib, apt; print(\"python ok\")" >/dev/null
            pkgs=$(cd /debs && ls *.deb | sed "s/_.*//")
            { for p in $pkgs; do dpkg -L "$p"; done; } | sort -u | while read -r f; do [ -d "$f" ] && [ ! -L "$f" ] || echo "$f"; done > /tmp/files
            tar --no-recursion -C / -cf /tmp/python.tar -T /tmp/files /var/lib/dpkg/status 2>/dev/null' >&2
  podman cp trueup-bench-pybuild:/tmp/python.tar "$tb.part"
  mv "$tb.part" "$tb"
  blog "python3 for the nodes: built $tb ($(du -h "$tb" | cut -f1))"
}

install_nodes() { # prefix n
  local tb; tb=$(tarball)
  [ -s "$tb" ] || build
  export TB=$tb
  seq 1 "$2" | sed "s/^/$1-/" | xargs -P 4 -I{} sh -c \
    'podman exec {} test -d /usr/lib/python3/dist-packages/apt 2>/dev/null || podman exec -i {} tar -C / -xf - < "$TB"'
  blog "python3 present on $1-1..$2"
}

case "${1:-}" in
  build) build ;;
  install) [ $# -eq 3 ] || { echo "usage: $0 install PREFIX N" >&2; exit 2; }; install_nodes "$2" "$3" ;;
  *) echo "usage: $0 build | install PREFIX N" >&2; exit 2 ;;
esac
