#!/usr/bin/env bash
# Builds the trueup container image (default tag localhost/trueup:dev) with podman, from parts made
# on this machine only — no base image, no registry:
#   1. the jar:     mvn package (skipped when reconciler/target/trueup.jar is newer than its sources,
#                   or when TRUEUP_JAR names a jar);
#   2. a runtime:   jlink from the newest JDK >= 21 found (JAVA_HOME, then /usr/lib/jvm/*);
#   3. a root fs:   the files of Debian's libc6 and libgcc-s1 packages (the versions installed on
#                   this machine, fetched with apt-get download), plus rootfs/etc from this directory;
#   4. podman build with Containerfile (a training run makes the class-data archive).
# Usage: deploy/image/build.sh [TAG]      Environment: TRUEUP_JAR, JAVA_HOME, CONTAINERS_CONF.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tag="${1:-localhost/trueup:dev}"
cache="${TRUEUP_IMAGE_CACHE:-/var/cache/trueup-image}"
log() { printf 'build.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# podman on these machines needs runc and no default ulimits (see lab/containers.conf).
export CONTAINERS_CONF="${CONTAINERS_CONF:-$root/lab/containers.conf}"

# Modules trueup needs, from `jdeps --ignore-missing-deps --multi-release 25 --print-module-deps
# reconciler/target/trueup.jar` (java.xml and java.management come in as their dependencies), plus
# jdk.charsets and jdk.zipfs. Re-run jdeps after adding a library: TRUEUP_JDEPS=1 does it here.
modules=java.base,java.compiler,java.desktop,java.instrument,java.naming,java.net.http,java.scripting,java.security.jgss,java.security.sasl,java.sql,jdk.httpserver,jdk.management,jdk.net,jdk.unsupported,jdk.charsets,jdk.zipfs

jdk_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n1; }
find_jdk() {
  local best="" best_major=0 home m
  for home in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$home/bin/jlink" ] || continue
    m="$(jdk_major "$home")"; m="${m:-0}"
    if [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best="$home"; best_major="$m"; fi
    [ -n "$best" ] && [ "$home" = "${JAVA_HOME:-}" ] && break
  done
  [ -n "$best" ] || die "no JDK 21 or newer with jlink found (set JAVA_HOME)"
  echo "$best"
}

# 1. the jar
jar="${TRUEUP_JAR:-$root/reconciler/target/trueup.jar}"
if [ -z "${TRUEUP_JAR:-}" ] && { [ ! -f "$jar" ] || [ -n "$(find "$root/reconciler/src/main" "$root/schemas" "$root/templates" "$root/reconciler/pom.xml" "$root/pom.xml" -newer "$jar" -print -quit)" ]; }; then
  log "building $jar"
  (cd "$root" && mvn -B -q package -DskipTests -pl reconciler -am)
fi
[ -f "$jar" ] || die "no jar at $jar"

ctx="$(mktemp -d /tmp/trueup-image.XXXXXX)"
trap 'rm -rf "$ctx"' EXIT
cp "$here/Containerfile" "$jar" "$ctx/"
[ "$(basename "$jar")" = trueup.jar ] || mv "$ctx/$(basename "$jar")" "$ctx/trueup.jar"
mkdir -p "$ctx/empty"
cp -r "$root/desired-state" "$ctx/training"

# 2. the runtime
jdk="$(find_jdk)"
log "jlink from $jdk ($(jdk_major "$jdk"))"
if [ -n "${TRUEUP_JDEPS:-}" ]; then
  modules="$("$jdk/bin/jdeps" --ignore-missing-deps --multi-release "$(jdk_major "$jdk")" --print-module-deps "$jar"),jdk.charsets,jdk.zipfs"
  log "modules: $modules"
fi
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --generate-cds-archive --output "$ctx/runtime"

# 3. the root file system: glibc from Debian, the versions this machine runs
mkdir -p "$cache" "$ctx/rootfs"
for pkg in libc6 libgcc-s1; do
  version="$(dpkg-query -W -f '${Version}' "$pkg")"
  arch="$(dpkg-query -W -f '${Architecture}' "$pkg")"
  deb="$cache/${pkg}_${version//:/%3a}_${arch}.deb"
  if [ ! -s "$deb" ]; then
    log "apt-get download $pkg=$version"
    (cd "$cache" && apt-get download -q -o APT::Sandbox::User=root "$pkg=$version" >/dev/null)
  fi
  [ -s "$deb" ] || die "$deb missing after apt-get download"
  dpkg-deb -x "$deb" "$ctx/rootfs"
done
# Documentation, locales and iconv modules: not used by the JVM.
rm -rf "$ctx/rootfs/usr/share" "$ctx/rootfs/usr/lib/x86_64-linux-gnu/gconv" "$ctx/rootfs/usr/lib/"*-linux-gnu/gconv
cp -r "$here/rootfs/." "$ctx/rootfs/"

# 4. the image
log "podman build $tag"
podman build --network none --pull=never --layers=false -t "$tag" -f "$ctx/Containerfile" "$ctx" >&2
podman image inspect --format '{{.Size}}' "$tag" | awk -v t="$tag" '{ printf "build.sh: %s is %.1f MiB\n", t, $1/1048576 }' >&2
