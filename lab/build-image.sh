#!/usr/bin/env bash
# Builds the lab images from Debian packages only (no image registry):
#   localhost/trueup-node:1     bookworm minbase + openssh-server, sudo, cron;
#                               user trueup (/bin/sh, passwordless sudo); no host keys
#   localhost/trueup-systemd:1  bookworm minbase + systemd as PID 1, dbus, sshd, sudo, cron, curl,
#                               busybox, nftables, procps; the same user trueup; apt reads only
#                               the lab's own file: repository (lab/apt-repo.sh), mounted per node
#   localhost/trueup-busybox:1  /bin/busybox from busybox-static plus applet symlinks
# The node rootfs tarball is cached in /var/cache/trueup-lab keyed by a hash of this
# script and the mirror, and an image whose label carries the same hash is reused.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SUITE=bookworm
PACKAGES=openssh-server,sudo,cron
SYSTEMD_PACKAGES=systemd,systemd-sysv,dbus,openssh-server,sudo,cron,curl,busybox,nftables,procps

# The mirror is the machine's own Debian source for $SUITE (deb822 or one-line format).
find_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v suite="$SUITE" '
      /^[[:space:]]*$/ { if (uri != "" && ok && deb) { print uri; exit } uri=""; ok=0; deb=0; next }
      /^Types:/  { for (i=2;i<=NF;i++) if ($i=="deb") deb=1 }
      /^URIs:/   { uri=$2 }
      /^Suites:/ { for (i=2;i<=NF;i++) if ($i==suite) ok=1 }
      END { if (uri != "" && ok && deb) print uri }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v suite="$SUITE" '$1=="deb" { u=$2; if (u ~ /^\[/) { for (i=2;i<=NF;i++) if ($i ~ /\]$/) { u=$(i+1); s=$(i+2); break } } else s=$3; if (s==suite) print u }' "$f"
  done
}
MIRROR=${TRUEUP_LAB_MIRROR:-$(find_mirror | head -n1)}
[ -n "$MIRROR" ] || die "no Debian $SUITE mirror found in /etc/apt/sources.list{,.d}"

HASH=$( { cat "$0" "$LAB_DIR/lib.sh"; echo "$MIRROR"; } | sha256sum | cut -c1-16)
mkdir -p "$CACHE_DIR"

image_hash() { podman image inspect --format "{{index .Labels \"$LAB_LABEL.hash\"}}" "$1" 2>/dev/null || true; }

# build_rootfs IMAGE KIND PACKAGES CMD: debootstraps (or takes from the cache) the rootfs of one
# node kind, prepares it for the lab and imports it as IMAGE with CMD.
build_rootfs() {
  local image=$1 kind=$2 packages=$3 cmd=$4
  if podman image exists "$image" && [ "$(image_hash "$image")" = "$HASH" ]; then
    log "$image is up to date ($HASH)"; return
  fi
  local tarball="$CACHE_DIR/$kind-$HASH.tar"
  if [ ! -s "$tarball" ]; then
    log "debootstrap $SUITE for $image from $MIRROR (takes minutes, cached afterwards)"
    local root; root=$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")
    # debootstrap mounts proc/sys inside the target: always undo that.
    trap 'for m in proc sys dev/pts dev; do umount -l "'"$root"'/$m" 2>/dev/null || true; done; rm -rf --one-file-system "'"$root"'"' EXIT
    debootstrap --variant=minbase --include="$packages" "$SUITE" "$root" "$MIRROR" \
      > "$CACHE_DIR/debootstrap-$kind.log" 2>&1 || { tail -n 30 "$CACHE_DIR/debootstrap-$kind.log" >&2; die "debootstrap failed (log: $CACHE_DIR/debootstrap-$kind.log)"; }
    chroot "$root" /bin/sh -ec '
      useradd --create-home --shell /bin/sh trueup
      usermod -p "*" trueup   # no password: key login only; "*" is not a "locked" account
      echo "trueup ALL=(ALL:ALL) NOPASSWD: ALL" > /etc/sudoers.d/trueup
      chmod 0440 /etc/sudoers.d/trueup
      # pam_loginuid cannot write /proc/self/loginuid in a container: do not fail logins on it.
      sed -i "s/^session\s\+required\s\+pam_loginuid.so/session optional pam_loginuid.so/" /etc/pam.d/sshd /etc/pam.d/cron 2>/dev/null || true
      rm -f /etc/ssh/ssh_host_*
      apt-get clean
      rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/*.log
      mkdir -p /etc/ssh/lab /etc/cron.d
    '
    if [ "$kind" = systemd ]; then
      chroot "$root" /bin/sh -ec '
        # Nothing in a node connects out: no timer may reach for a mirror, and apt knows only the
        # lab repository that up.sh mounts at /srv/trueup-apt.
        for u in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer \
                 systemd-networkd-wait-online.service getty@tty1.service; do
          ln -sf /dev/null "/etc/systemd/system/$u"
        done
        : > /etc/apt/sources.list
        rm -f /etc/apt/sources.list.d/*
        echo "deb [trusted=yes] file:/srv/trueup-apt ./" > /etc/apt/sources.list.d/trueup-lab.list
        mkdir -p /srv/trueup-apt
        systemctl enable ssh.service cron.service >/dev/null 2>&1 || true
      '
    fi
    # Per-node host key and the lab client key are bind-mounted into /etc/ssh/lab by up.sh.
    cat > "$root/etc/ssh/sshd_config.d/trueup-lab.conf" <<'CONF'
# trueup lab node: host key and authorized keys come from /etc/ssh/lab (mounted per node)
HostKey /etc/ssh/lab/ssh_host_ed25519_key
AuthorizedKeysFile .ssh/authorized_keys /etc/ssh/lab/authorized_keys.%u
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UseDNS no
PrintMotd no
CONF
    : > "$root/etc/motd"
    echo "trueup-$kind" > "$root/etc/hostname"
    for m in proc sys dev/pts dev; do umount -l "$root/$m" 2>/dev/null || true; done
    tar --numeric-owner --one-file-system -C "$root" \
        --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* --exclude=./run/* --exclude=./tmp/* \
        -cf "$tarball.part" .
    mv "$tarball.part" "$tarball"
    rm -rf --one-file-system "$root"; trap - EXIT
    # drop tarballs of older script versions
    find "$CACHE_DIR" -maxdepth 1 -name "$kind-*.tar" ! -name "$kind-$HASH.tar" -delete
  else
    log "using cached rootfs $tarball"
  fi
  podman rmi -f "$image" >/dev/null 2>&1 || true
  podman import -q \
    --change "LABEL $LAB_LABEL.hash=$HASH" \
    --change "CMD $cmd" \
    --change 'EXPOSE 22' \
    "$tarball" "$image" >/dev/null
  log "imported $image"
}

build_node() {
  build_rootfs "$NODE_IMAGE" node "$PACKAGES" '["/bin/sh","-c","mkdir -p /run/sshd && exec /usr/sbin/sshd -D -e"]'
}

build_systemd() {
  build_rootfs "$SYSTEMD_IMAGE" systemd "$SYSTEMD_PACKAGES" '["/sbin/init"]'
}

build_busybox() {
  local bb=/bin/busybox
  [ -x "$bb" ] || die "/bin/busybox missing: apt-get install busybox-static"
  local bhash; bhash=$( { echo "$HASH"; sha256sum "$bb"; } | sha256sum | cut -c1-16)
  if podman image exists "$BUSYBOX_IMAGE" && [ "$(image_hash "$BUSYBOX_IMAGE")" = "$bhash" ]; then
    log "$BUSYBOX_IMAGE is up to date ($bhash)"; return
  fi
  local root; root=$(mktemp -d)
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,proc,sys,dev,root}
  chmod 1777 "$root/tmp"
  cp "$bb" "$root/bin/busybox"
  local applet
  for applet in $("$bb" --list-full); do      # e.g. bin/sh, usr/bin/env, sbin/ip
    [ "$applet" = bin/busybox ] && continue
    mkdir -p "$root/$(dirname "$applet")"
    ln -sf /bin/busybox "$root/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
  podman rmi -f "$BUSYBOX_IMAGE" >/dev/null 2>&1 || true
  tar --numeric-owner -C "$root" -cf - . | podman import -q \
    --change "LABEL $LAB_LABEL.hash=$bhash" \
    --change 'CMD ["/bin/sh"]' - "$BUSYBOX_IMAGE" >/dev/null
  rm -rf "$root"
  log "imported $BUSYBOX_IMAGE"
}

case "${1:-all}" in
  node) build_node ;;
  systemd) build_systemd ;;
  busybox) build_busybox ;;
  all) build_node; build_systemd; build_busybox ;;
  *) die "usage: $0 [all|node|systemd|busybox]" ;;
esac
