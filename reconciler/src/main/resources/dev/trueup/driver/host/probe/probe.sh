# trueup probe: gathers the live facts of one node in one round trip.
# Input on stdin, one item per line (names never appear in this script or on a command line):
#   R<root>  first line; "" on a real node, the sandbox directory for a confined local node
#   P<path>  a file or directory to describe
#   S<path>  the same, but a file's content is never sent back (it should hold a secret)
#   U<unit>  a systemd unit to describe
#   D<dir>   a directory to list for trueup-* files carrying the marker
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

IFS= read -r line || line=R
root=${line#R}
if [ -d "$root/run/systemd/system" ]; then systemd=1; else systemd=0; fi
printf 'trueup-probe 1\nsystemd %s\n' "$systemd"
np=0 nu=0 nd=0
while IFS= read -r line; do
  arg=${line#?}
  case $line in
    P*) probe_path "$np" "$root$arg"; np=$((np + 1)) ;;
    S*) probe_path "$np" "$root$arg" 0; np=$((np + 1)) ;;
    U*) if [ "$systemd" = 1 ]; then probe_unit "$nu" "$arg"; fi; nu=$((nu + 1)) ;;
    D*) probe_dir "$nd" "$root$arg"; nd=$((nd + 1)) ;;
  esac
done
printf 'end\n'
