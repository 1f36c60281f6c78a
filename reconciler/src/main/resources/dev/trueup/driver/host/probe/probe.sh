# trueup probe: gathers the live facts of one node in one round trip.
# Input on stdin, one item per line (names never appear in this script or on a command line):
#   R<root>  first line; "" on a real node, the sandbox directory for a confined local node
#   P<path>  a file or directory to describe
#   S<path>  the same, but a file's content is never sent back (it should hold a secret)
#   U<unit>  a systemd unit to describe
#   D<dir>   a directory to list for trueup-* files carrying the marker
#   K<family> <name>  a fact of the operating system: package, sysctl, user, uid, group, firewall,
#                     crontab
#   B<id> <seconds> <command>  a busy check: the command (desired state's own, for sh -c) runs
#                     with no input and its output discarded, killed after <seconds>; the record
#                     says busy (exit 0), idle (any other status) or timeout
# Output: line records, read in sequence by ProbeParser. File names found on the node are only
# ever printed base64-encoded, so a hostile name cannot forge a record.
export LC_ALL=C
cap=262144
marker='managed by trueup'

marked() {
  first=$(head -c 1024 < "$1" 2>/dev/null | head -n 1)
  case $first in *"$marker"*) echo 1 ;; *) echo 0 ;; esac
}

probe_path() {
  i=$1 f=$2 send=${3:-1}
  if [ -L "$f" ]; then printf 'X %s symlink\n' "$i"; return; fi
  if [ ! -e "$f" ]; then printf 'N %s\n' "$i"; return; fi
  if [ -d "$f" ]; then
    st=$(stat -c '%a
%U
%G' -- "$f" </dev/null 2>/dev/null) || { printf 'X %s unreadable\n' "$i"; return; }
    printf 'D %s %s\n' "$i" "$st"
    return
  fi
  if [ ! -f "$f" ]; then
    if [ -p "$f" ]; then t=fifo; elif [ -S "$f" ]; then t=socket
    elif [ -b "$f" ]; then t=block-device; elif [ -c "$f" ]; then t=char-device; else t=unknown; fi
    printf 'X %s %s\n' "$i" "$t"
    return
  fi
  st=$(stat -c '%s %a
%U
%G' -- "$f" </dev/null 2>/dev/null) || { printf 'X %s unreadable\n' "$i"; return; }
  sum=$(sha256sum < "$f" 2>/dev/null) || { printf 'X %s unreadable\n' "$i"; return; }
  sum=${sum%% *}
  printf 'F %s %s %s %s\n' "$i" "$sum" "$(marked "$f")" "$st"
  size=${st%% *}
  if [ "$send" = 1 ] && [ "$size" -le "$cap" ]; then
    printf 'C '
    base64 < "$f" | tr -d '\n'
    printf '\n'
  fi
}

probe_unit() {
  printf 'U %s\n' "$1"
  systemctl show -p LoadState,UnitFileState,ActiveState -- "$2" </dev/null 2>/dev/null |
    while IFS= read -r l; do
      case $l in LoadState=*|UnitFileState=*|ActiveState=*) printf 'u %s\n' "$l" ;; esac
    done
}

probe_dir() {
  printf 'M %s\n' "$1"
  for f in "$2"/trueup-*; do
    if [ -f "$f" ] && [ ! -L "$f" ] && [ "$(marked "$f")" = 1 ]; then
      printf 'm '
      printf '%s' "${f##*/}" | base64 | tr -d '\n'
      printf '\n'
    fi
  done
}

b64() { printf '%s' "$1" | base64 | tr -d '\n'; }

# The package manager, from /etc/os-release first (ID, then ID_LIKE), else the tool that is there.
package_manager() {
  pm_ids=
  if [ -r /etc/os-release ]; then
    pm_ids=$(. /etc/os-release 2>/dev/null; echo "$ID $ID_LIKE")
  fi
  for pm_id in $pm_ids; do
    case $pm_id in
      debian | ubuntu) pm=apt; return ;;
      fedora | rhel | centos | rocky | almalinux) pm=dnf; return ;;
      alpine) pm=apk; return ;;
    esac
  done
  if command -v dpkg-query > /dev/null 2>&1; then pm=apt
  elif command -v rpm > /dev/null 2>&1; then pm=dnf
  elif command -v apk > /dev/null 2>&1; then pm=apk
  else pm=none; fi
}

fact_package() {
  [ -n "$pm" ] || package_manager
  case $pm in
    apt)
      fs=$(dpkg-query -W -f='${db:Status-Status} ${Version}' -- "$1" 2>/dev/null) || fs=
      case $fs in "installed "*) printf 'k apt installed %s\n' "${fs#installed }" ;; *) echo 'k apt absent' ;; esac ;;
    dnf)
      if fs=$(rpm -q --qf '%{VERSION}-%{RELEASE}' -- "$1" 2>/dev/null); then printf 'k dnf installed %s\n' "$fs"
      else echo 'k dnf absent'; fi ;;
    apk)
      fs=$(apk info -e -v -- "$1" 2>/dev/null | head -n 1)
      if [ -n "$fs" ]; then printf 'k apk installed %s\n' "${fs#"$1"-}"; else echo 'k apk absent'; fi ;;
    *) echo 'k none' ;;
  esac
}

fact_sysctl() {
  fp=/proc/sys/$(printf '%s' "$1" | tr . /)
  if [ -f "$fp" ] && fv=$(cat -- "$fp" 2>/dev/null); then printf 'k value %s\n' "$(b64 "$fv")"
  else echo 'k missing'; fi
}

fact_user() {
  if ! fl=$(getent passwd -- "$1" 2>/dev/null); then echo 'k absent'; return; fi
  printf 'k passwd %s\n' "$(b64 "$fl")"
  printf 'k primary %s\n' "$(id -gn -- "$1" 2>/dev/null)"
  printf 'k groups %s\n' "$(id -Gn -- "$1" 2>/dev/null)"
  fh=$(printf '%s' "$fl" | cut -d: -f6)
  fk=$fh/.ssh/authorized_keys
  if [ -f "$fk" ] && [ ! -L "$fk" ]; then
    printf 'k keys %s\n' "$(base64 < "$fk" | tr -d '\n')"
  else
    echo 'k keys-missing'
  fi
}

fact_uid() {
  if fl=$(getent passwd -- "$1" 2>/dev/null); then printf 'k name %s\n' "${fl%%:*}"; else echo 'k free'; fi
}

fact_group() {
  if fl=$(getent group -- "$1" 2>/dev/null); then printf 'k group %s\n' "$(b64 "$fl")"; else echo 'k absent'; fi
}

# The table trueup owns: the digest its comment carries, the digest of its listing now, and the
# digest trueup recorded when it last confirmed the table (so a hand-made change shows).
fact_firewall() {
  if ! command -v nft > /dev/null 2>&1; then echo 'k nft-missing'; return; fi
  fs=/var/lib/trueup/firewall
  if [ -f "$fs.reverted" ]; then printf 'k reverted %s\n' "$(b64 "$(head -c 64 "$fs.reverted")")"; fi
  fl=$(nft list table inet "$1" 2>/dev/null) || { echo 'k absent'; return; }
  fc=$(printf '%s\n' "$fl" | sed -n 's/.*comment "trueup sha256:\([0-9a-f]*\)".*/\1/p' | head -n 1)
  fd=$(printf '%s\n' "$fl" | sha256sum)
  fr=$(head -c 64 "$fs.sha256" 2>/dev/null)
  printf 'k table %s %s %s\n' "${fc:-none}" "${fd%% *}" "${fr:-none}"
}

# A user's own crontab as crontab(1) lists it (trueup compares only its marked block).
fact_crontab() {
  if ! command -v crontab > /dev/null 2>&1; then echo 'k crontab-missing'; return; fi
  if fc=$(crontab -l -u "$1" 2>/dev/null); then printf 'k crontab %s\n' "$(b64 "$fc")"
  else echo 'k crontab-none'; fi
}

probe_fact() {
  printf 'K %s\n' "$1"
  # A confined local node is a directory, not an operating system: it has no facts to give.
  if [ -n "$root" ]; then echo 'k sandbox'; return; fi
  case $2 in
    package) fact_package "$3" ;;
    sysctl) fact_sysctl "$3" ;;
    user) fact_user "$3" ;;
    uid) fact_uid "$3" ;;
    group) fact_group "$3" ;;
    firewall) fact_firewall "$3" ;;
    crontab) fact_crontab "$3" ;;
    *) echo 'k unknown' ;;
  esac
}

# The command gets /dev/null for stdin (this script reads its own input there) and keeps none of
# the probe's output open, so a child it leaves behind cannot hold the channel.
busy_check() {
  printf 'B %s\n' "$1"
  if command -v timeout > /dev/null 2>&1; then
    timeout -k 1 "$2" sh -c "$3" < /dev/null > /dev/null 2>&1; rc=$?
    case $rc in 124|137) echo 'b timeout'; return ;; esac
  else
    sh -c "$3" < /dev/null > /dev/null 2>&1 &
    pid=$!
    ( sleep "$2"; kill -9 "$pid" 2> /dev/null && : > "${TMPDIR:-/tmp}/trueup-busy-$$-$pid" ) \
      < /dev/null > /dev/null 2>&1 &
    watcher=$!
    wait "$pid"; rc=$?
    kill "$watcher" 2> /dev/null
    if [ -e "${TMPDIR:-/tmp}/trueup-busy-$$-$pid" ]; then
      rm -f "${TMPDIR:-/tmp}/trueup-busy-$$-$pid"; echo 'b timeout'; return
    fi
  fi
  if [ "$rc" = 0 ]; then echo 'b busy'; else echo 'b idle'; fi
}

IFS= read -r line || line=R
root=${line#R}
if [ -d "$root/run/systemd/system" ]; then systemd=1; else systemd=0; fi
printf 'trueup-probe 1\nsystemd %s\n' "$systemd"
np=0 nu=0 nd=0 nk=0 pm=
while IFS= read -r line; do
  arg=${line#?}
  case $line in
    P*) probe_path "$np" "$root$arg"; np=$((np + 1)) ;;
    S*) probe_path "$np" "$root$arg" 0; np=$((np + 1)) ;;
    U*) if [ "$systemd" = 1 ]; then probe_unit "$nu" "$arg"; fi; nu=$((nu + 1)) ;;
    D*) probe_dir "$nd" "$root$arg"; nd=$((nd + 1)) ;;
    K*) probe_fact "$nk" "${arg%% *}" "${arg#* }"; nk=$((nk + 1)) ;;
    B*) id=${arg%% *}; rest=${arg#* }; busy_check "$id" "${rest%% *}" "${rest#* }" ;;
  esac
done
printf 'end\n'
