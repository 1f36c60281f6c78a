#!/usr/bin/env bash
# up.sh N [--prefix NAME] [--base-port P] [--timeout SECONDS] [--parallel J] [--systemd]
# Starts N lab nodes ${prefix}-1..N (podman containers running sshd in the foreground; with
# --systemd, containers booting systemd as PID 1, sshd one of its units, the lab's apt repository
# mounted at /srv/trueup-apt and NET_ADMIN for nftables),
# node i published on 127.0.0.1:(base-port+i). Each node gets its own ed25519 host key,
# generated here and pinned in known_hosts before the node starts; the lab's client key
# (run/id_ed25519) is authorized for trueup and root. Writes
#   run/<prefix>/nodes.json, run/<prefix>/known_hosts   (per prefix)
#   run/nodes.json, run/known_hosts                      (copies of the latest up)
# and waits until every node answers an ssh round trip. Idempotent: running nodes are
# reused, stopped ones restarted, nodes of the prefix beyond N removed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "usage: $0 N [--prefix NAME] [--base-port P] [--timeout SECONDS] [--parallel J] [--systemd]" >&2; exit 2; }
[ $# -ge 1 ] || usage
N=$1; shift
[[ "$N" =~ ^[0-9]+$ ]] && [ "$N" -ge 1 ] || usage
PREFIX=trueup-lab; BASE_PORT=22200; TIMEOUT=""; PARALLEL=${TRUEUP_LAB_PARALLEL:-4}; KIND=node
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=$2; shift 2 ;;
    --base-port) BASE_PORT=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --parallel) PARALLEL=$2; shift 2 ;;
    --systemd) KIND=systemd; shift ;;
    *) usage ;;
  esac
done
[[ "$PREFIX" =~ ^[a-zA-Z0-9][a-zA-Z0-9_.-]*$ ]] || die "bad prefix: $PREFIX"
[[ "$BASE_PORT" =~ ^[0-9]+$ ]] && [ $((BASE_PORT + N)) -le 65535 ] || die "bad base port: $BASE_PORT"
TIMEOUT=${TIMEOUT:-$((60 + 2 * N))}
T0=$(now_ms)

mkdir -p "$RUN_DIR/$PREFIX"
exec 9>"$RUN_DIR/$PREFIX/.lock"
flock -w 120 9 || die "another up/down holds $RUN_DIR/$PREFIX/.lock"

"$LAB_DIR/build-image.sh" "$KIND"
if [ "$KIND" = systemd ]; then IMAGE=$SYSTEMD_IMAGE; "$LAB_DIR/apt-repo.sh"; else IMAGE=$NODE_IMAGE; fi

# One client key pair for the whole lab.
KEY="$RUN_DIR/id_ed25519"
[ -s "$KEY" ] && [ -s "$KEY.pub" ] || { rm -f "$KEY" "$KEY.pub"; ssh-keygen -q -t ed25519 -N '' -C trueup-lab-client -f "$KEY"; }

# Existing containers of this prefix: name -> "state port"
declare -A EXISTING=()
while read -r name state port; do
  [ -n "$name" ] && EXISTING[$name]="$state $port"
done < <(podman ps -aq --filter "label=$LAB_LABEL=1" --filter "label=$LAB_LABEL.prefix=$PREFIX" |
         xargs -r podman container inspect --format "{{.Name}} {{.State.Status}} {{index .Config.Labels \"$LAB_LABEL.port\"}}/{{.ImageName}}")

# Remove nodes of this prefix beyond N (and anything not named like ours).
for name in "${!EXISTING[@]}"; do
  idx=${name#"$PREFIX"-}
  if ! [[ "$idx" =~ ^[0-9]+$ ]] || [ "$idx" -gt "$N" ] || [ "$idx" -lt 1 ]; then
    log "removing surplus node $name"; podman rm -f -t 0 "$name" >/dev/null 9>&-; unset "EXISTING[$name]"
    rm -rf "${RUN_DIR:?}/$PREFIX/$name"
  fi
done

TODO=$(mktemp); trap 'rm -f "$TODO"' EXIT
KH="$RUN_DIR/$PREFIX/known_hosts"; : > "$KH.tmp"
reused=0; restarted=0
for i in $(seq 1 "$N"); do
  name="$PREFIX-$i"; port=$((BASE_PORT + i)); kd="$RUN_DIR/$PREFIX/$name"
  hostkey="$kd/ssh_host_ed25519_key"
  fresh_key=0
  if [ ! -s "$hostkey" ] || [ ! -s "$hostkey.pub" ]; then
    mkdir -p "$kd"; chmod 0755 "$kd"; rm -f "$hostkey" "$hostkey.pub"
    ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$hostkey"; fresh_key=1
  fi
  for u in trueup root; do install -m 0644 "$KEY.pub" "$kd/authorized_keys.$u"; done
  printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$hostkey.pub")" >> "$KH.tmp"
  cur=${EXISTING[$name]:-}
  if [ -n "$cur" ]; then
    state=${cur% *}; cport=${cur#* }; cimage=${cport#*/}; cport=${cport%%/*}
    # A node of the other kind under this name is replaced, not reused.
    [ "$cimage" = "$IMAGE" ] || fresh_key=1
    if [ "$fresh_key" = 0 ] && [ "$cport" = "$port" ] && [ "$state" = running ]; then
      reused=$((reused + 1)); continue
    elif [ "$fresh_key" = 0 ] && [ "$cport" = "$port" ] && [ "$state" = exited ]; then
      echo "start $name $port $kd" >> "$TODO"; restarted=$((restarted + 1)); continue
    fi
    podman rm -f -t 0 "$name" >/dev/null 9>&-
  fi
  echo "run $name $port $kd" >> "$TODO"
done
mv "$KH.tmp" "$KH"

start_node() { # action name port keydir
  local out
  if [ "$1" = start ]; then
    out=$(podman start "$2" 2>&1) || { echo "[lab] $2: podman start failed: $out" >&2; return 1; }
    return 0
  fi
  local how
  if [ "$KIND" = systemd ]; then
    # systemd as PID 1: podman sets up /run, /tmp and the cgroup mounts it needs.
    # /proc/sys writable for the node's own network namespace only: the other top directories
    # (vm, fs, ...) and every writable key of kernel/ (systemd needs its read-only ones, such as
    # random/boot_id) would reach the machine's kernel itself, so they are masked, not just
    # read-only: a key there does not exist on the node. hostname and domainname are the node's own.
    local masked
    masked=$( { ls -d /proc/sys/* | grep -vx -e /proc/sys/net -e /proc/sys/kernel
                find /proc/sys/kernel -type f -perm -u+w ! -name hostname ! -name domainname; } | paste -sd:)
    how=(--systemd=always --cap-add AUDIT_WRITE,NET_ADMIN --stop-timeout 5
         --security-opt unmask=/proc/sys --security-opt "mask=$masked"
         --volume "$RUN_DIR/apt-repo:/srv/trueup-apt:ro" "$IMAGE" /sbin/init)
  else
    how=(--cap-add AUDIT_WRITE --stop-timeout 2
         "$IMAGE" /bin/sh -c 'mkdir -p /run/sshd && exec /usr/sbin/sshd -D -e')
  fi
  out=$(podman run -d --name "$2" --hostname "$2" \
      --label "$LAB_LABEL=1" --label "$LAB_LABEL.prefix=$PREFIX" --label "$LAB_LABEL.port=$3" \
      --label "$LAB_LABEL.kind=$KIND" \
      --publish "127.0.0.1:$3:22" \
      --volume "$4:/etc/ssh/lab:ro" \
      "${how[@]}" 2>&1) \
    || { echo "[lab] $2: podman run failed (is 127.0.0.1:$3 free?): $out" >&2; return 1; }
}
export -f start_node; export PREFIX IMAGE KIND RUN_DIR LAB_LABEL

n_todo=$(wc -l < "$TODO")
if [ "$n_todo" -gt 0 ]; then
  log "starting $n_todo node(s) of $PREFIX ($restarted of them restarted, $reused reused), $PARALLEL at a time"
  # 9>&-: conmon outlives podman and would otherwise keep the lock open for the node's lifetime
  xargs -P "$PARALLEL" -L 1 bash -c 'start_node "$@"' _ < "$TODO" 9>&- || die "some nodes failed to start"
else
  log "all $N node(s) of $PREFIX already running"
fi
T1=$(now_ms)

# nodes.json
J="$RUN_DIR/$PREFIX/nodes.json"
{
  echo "["
  for i in $(seq 1 "$N"); do
    name="$PREFIX-$i"; port=$((BASE_PORT + i))
    hk=$(cut -d' ' -f1,2 "$RUN_DIR/$PREFIX/$name/ssh_host_ed25519_key.pub")
    sep=","; [ "$i" = "$N" ] && sep=""
    printf '  {"name": "%s", "host": "127.0.0.1", "port": %d, "user": "trueup", "hostKey": "%s", "identityFile": "%s"}%s\n' \
      "$name" "$port" "$hk" "$KEY" "$sep"
  done
  echo "]"
} > "$J.tmp" && mv "$J.tmp" "$J"
cp "$J" "$RUN_DIR/nodes.json.tmp" && mv "$RUN_DIR/nodes.json.tmp" "$RUN_DIR/nodes.json"
cp "$KH" "$RUN_DIR/known_hosts.tmp" && mv "$RUN_DIR/known_hosts.tmp" "$RUN_DIR/known_hosts"

# Wait for an ssh round trip to every node, with the pinned host key.
DEADLINE=$(( $(date +%s) + TIMEOUT ))
wait_node() { # port
  local err
  while :; do
    # A systemd node is ready once its boot has settled, not when sshd first answers.
    if err=$(ssh -F none -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$KH" \
          -o IdentitiesOnly=yes -o ConnectTimeout=5 -o LogLevel=ERROR -i "$KEY" -p "$1" trueup@127.0.0.1 \
          "$READY" 2>&1); then
      return 0
    fi
    if [ "$(date +%s)" -ge "$DEADLINE" ]; then echo "[lab] 127.0.0.1:$1 not answering: $err" >&2; return 1; fi
    sleep 0.2
  done
}
READY=true
[ "$KIND" = systemd ] && READY='timeout 60 systemctl is-system-running --wait >/dev/null 2>&1; true'
export -f wait_node; export KH KEY DEADLINE READY
seq "$((BASE_PORT + 1))" "$((BASE_PORT + N))" | xargs -P 8 -I{} bash -c 'wait_node {}' \
  || die "not every node answered ssh within ${TIMEOUT}s (see podman logs NAME)"
T2=$(now_ms)
log "$N node(s) of $PREFIX up: start $((T1 - T0)) ms, ssh ready $((T2 - T1)) ms, total $((T2 - T0)) ms"
log "nodes: $J"
