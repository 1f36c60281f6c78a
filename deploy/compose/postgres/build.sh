#!/usr/bin/env bash
# Builds localhost/trueup-postgres:15 for the compose example, from Debian packages only:
# debootstrap --variant=minbase with postgresql-15 (the lab's approach, lab/build-image.sh), then
# `podman import`. The root file system is cached in /var/cache/trueup-image, keyed by this
# script, the entrypoint and the mirror. Where an image registry is reachable, the official
# postgres image works the same way (it reads the same POSTGRES_* variables).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
tag="${1:-localhost/trueup-postgres:15}"
cache="${TRUEUP_IMAGE_CACHE:-/var/cache/trueup-image}"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$root/lab/containers.conf}"
log() { printf 'postgres/build.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

suite=bookworm
mirror="${TRUEUP_MIRROR:-$(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(TARGET_OF)' \
  | awk -v s="$suite" '$2 == s && $3 == "deb" { print $1; exit }')}"
[ -n "$mirror" ] || die "no Debian $suite source in the apt configuration (set TRUEUP_MIRROR)"
hash="$( { cat "$0" "$here/entrypoint.sh"; echo "$mirror"; } | sha256sum | cut -c1-16)"
if podman image exists "$tag" && [ "$(podman image inspect --format '{{index .Labels "dev.trueup.hash"}}' "$tag")" = "$hash" ]; then
  log "$tag is up to date ($hash)"; exit 0
fi
mkdir -p "$cache"
tarball="$cache/postgres-$hash.tar"
if [ ! -s "$tarball" ]; then
  log "debootstrap $suite with postgresql-15 from $mirror (minutes; cached afterwards)"
  rootfs="$(mktemp -d "$cache/rootfs.XXXXXX")"
  trap 'for m in proc sys dev/pts dev; do umount -l "'"$rootfs"'/$m" 2>/dev/null || true; done; rm -rf --one-file-system "'"$rootfs"'"' EXIT
  debootstrap --variant=minbase --include=postgresql-15 "$suite" "$rootfs" "$mirror" > "$cache/debootstrap-postgres.log" 2>&1 \
    || { tail -n 30 "$cache/debootstrap-postgres.log" >&2; die "debootstrap failed"; }
  # The package's own cluster is not used: the entrypoint makes one on the data volume.
  chroot "$rootfs" /bin/sh -ec '
    pg_dropcluster 15 main 2>/dev/null || true
    apt-get clean; rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/*.log
    mkdir -p /var/lib/postgresql/data /run/postgresql
    chown postgres:postgres /var/lib/postgresql/data /run/postgresql
    chmod 0700 /var/lib/postgresql/data'
  install -m 0755 "$here/entrypoint.sh" "$rootfs/usr/local/bin/entrypoint.sh"
  for m in proc sys dev/pts dev; do umount -l "$rootfs/$m" 2>/dev/null || true; done
  tar --numeric-owner --one-file-system -C "$rootfs" \
      --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* --exclude=./run/* --exclude=./tmp/* \
      -cf "$tarball.part" .
  mv "$tarball.part" "$tarball"
  rm -rf --one-file-system "$rootfs"; trap - EXIT
  find "$cache" -maxdepth 1 -name 'postgres-*.tar' ! -name "postgres-$hash.tar" -delete
fi
uid="$(tar -xOf "$tarball" ./etc/passwd | awk -F: '$1 == "postgres" { print $3 ":" $4 }')"
podman rmi -f "$tag" >/dev/null 2>&1 || true
podman import -q \
  --change "LABEL dev.trueup.hash=$hash" \
  --change "USER $uid" \
  --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/bin:/usr/bin:/bin PGDATA=/var/lib/postgresql/data' \
  --change 'VOLUME /var/lib/postgresql/data' \
  --change 'EXPOSE 5432' \
  --change 'STOPSIGNAL SIGINT' \
  --change 'ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]' \
  "$tarball" "$tag" >/dev/null
log "imported $tag (runs as $uid)"
