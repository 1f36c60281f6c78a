#!/usr/bin/env bash
# apt-repo.sh: builds the lab's own apt repository in lab/run/apt-repo from a few tiny packages
# made here with dpkg-deb, indexed with apt-ftparchive. systemd lab nodes mount it read-only at
# /srv/trueup-apt and list it as their only source ("deb [trusted=yes] file:/srv/trueup-apt ./"),
# so package tests install and remove real .deb packages without any mirror. Rebuilt only when
# this script changes.
#   trueup-hello 1.0 and 1.1   /usr/bin/trueup-hello prints its version (two versions: pinning)
#   trueup-tool 2.0            /usr/share/trueup-tool/README
#   trueup-web 1.0             /usr/bin/trueup-web PORT: a tiny HTTP server (busybox httpd), for
#                              a service whose unit needs the package installed before it starts
set -euo pipefail
. "$(dirname "$0")/lib.sh"

REPO="$RUN_DIR/apt-repo"
HASH=$(sha256sum "$0" | cut -c1-16)
if [ -s "$REPO/Packages" ] && [ "$(cat "$REPO/.hash" 2>/dev/null)" = "$HASH" ]; then
  log "apt repository is up to date ($REPO)"; exit 0
fi
command -v dpkg-deb >/dev/null && command -v apt-ftparchive >/dev/null \
  || die "dpkg-deb and apt-ftparchive (apt-utils) are needed"

WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
NEW="$WORK/repo"; mkdir -p "$NEW"

# deb NAME VERSION DESCRIPTION: the package tree is in $WORK/NAME-VERSION/root
deb() {
  local name=$1 version=$2 desc=$3 dir="$WORK/$1-$2/root"
  mkdir -p "$dir/DEBIAN"
  cat > "$dir/DEBIAN/control" <<CONTROL
Package: $name
Version: $version
Architecture: all
Maintainer: trueup lab <lab@trueup.invalid>
Priority: optional
Section: misc
Description: $desc
 A package of trueup's test lab; it exists only in the lab's own repository.
CONTROL
  find "$dir" -type d -exec chmod 0755 {} +
  dpkg-deb --root-owner-group -Zgzip --build "$dir" "$NEW/${name}_${version}_all.deb" >/dev/null
}

hello() {
  mkdir -p "$WORK/trueup-hello-$1/root/usr/bin"
  printf '#!/bin/sh\necho "trueup-hello %s"\n' "$1" > "$WORK/trueup-hello-$1/root/usr/bin/trueup-hello"
  chmod 0755 "$WORK/trueup-hello-$1/root/usr/bin/trueup-hello"
  deb trueup-hello "$1" "prints its own version"
}
hello 1.0
hello 1.1

mkdir -p "$WORK/trueup-tool-2.0/root/usr/share/trueup-tool"
echo "trueup-tool 2.0" > "$WORK/trueup-tool-2.0/root/usr/share/trueup-tool/README"
deb trueup-tool 2.0 "a file and nothing else"

mkdir -p "$WORK/trueup-web-1.0/root/usr/bin" "$WORK/trueup-web-1.0/root/usr/share/trueup-web"
cat > "$WORK/trueup-web-1.0/root/usr/bin/trueup-web" <<'WEB'
#!/bin/sh
# trueup-web PORT [DELAY]: serves /usr/share/trueup-web on 127.0.0.1:PORT after DELAY seconds.
sleep "${2:-0}"
exec busybox httpd -f -p "127.0.0.1:${1:?port}" -h /usr/share/trueup-web
WEB
chmod 0755 "$WORK/trueup-web-1.0/root/usr/bin/trueup-web"
echo ok > "$WORK/trueup-web-1.0/root/usr/share/trueup-web/index.html"
deb trueup-web 1.0 "a tiny HTTP server"

(cd "$NEW" && apt-ftparchive packages . > Packages 2>/dev/null)
echo "$HASH" > "$NEW/.hash"
# In place: running nodes have this very directory bind-mounted.
mkdir -p "$REPO"
find "$REPO" -mindepth 1 -delete
cp -a "$NEW/." "$REPO/"
log "apt repository: $(ls "$REPO"/*.deb | wc -l) packages in $REPO"
