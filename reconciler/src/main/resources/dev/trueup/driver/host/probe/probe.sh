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
# Output: line records that name the request's items by index, so their order is free; read by
# ProbeParser. File names found on the node are only ever printed base64-encoded, so a hostile
# name cannot forge a record.
#
# Every command this script starts costs a fork and an exec on the node, and on a fleet of small
# nodes those are most of a plan's time: so the paths are described together (one stat for all,
# one sha256sum for the secret files), a file whose content is sent comes back as its bytes alone
# (the reader computes its digest and marker from them), and the package facts share one
# dpkg-query. Whatever does not line up falls back to describing each path on its own.
export LC_ALL=C
cap=262144
marker='managed by trueup'
nl='
'
tab='	'
# base64 -w0 (GNU, BusyBox) writes one line; a POSIX base64 wraps and needs tr. Unknown until tried.
w0=

marked() {
  first=$(head -c 1024 < "$1" 2>/dev/null | head -n 1)
  case $first in *"$marker"*) echo 1 ;; *) echo 0 ;; esac
}

# The content of file $1, base64 on one line, in $c; fails when the file cannot be read.
content() {
  if [ "$w0" != 0 ] && c=$(base64 -w0 < "$1" 2>/dev/null); then w0=1; return 0; fi
  [ "$w0" != 1 ] || return 1
  c=$(base64 < "$1" 2>/dev/null) || return 1
  w0=0
  c=$(printf '%s' "$c" | tr -d '\n')
}

# A fact's value: as it is when it is printable ASCII on one line ("k <tag>= <value>", which the
# reader encodes), else base64 ("k <tag> <base64>"), so it can neither break nor forge a record.
fact_value() {
  case $2 in
    *[!"$tab"[:print:]]*) b64 "$2"; printf 'k %s %s\n' "$1" "$v" ;;
    *) printf 'k %s= %s\n' "$1" "$2" ;;
  esac
}

# The lines of file $1 ($2 bytes) as "c <line>" records in $t, with their count in $n and whether
# the last one ended in a line break in $eol; only for a short file of printable ASCII, where the
# shell's own read costs less than starting base64. What was read must add up to $2 bytes (a NUL
# byte, which the shell drops, or a change since stat would not), or it is not used.
text() {
  [ "$2" -ge 1 ] && [ "$2" -le 512 ] || return 1
  t= n=0 len=0 l=
  while IFS= read -r l; do
    case $l in *[!"$tab"[:print:]]*) return 1 ;; esac
    t="${t}c $l$nl" n=$((n + 1)) len=$((len + ${#l} + 1)) l=
  done < "$1" 2>/dev/null
  eol=1
  if [ -n "$l" ]; then
    case $l in *[!"$tab"[:print:]]*) return 1 ;; esac
    t="${t}c $l$nl" n=$((n + 1)) len=$((len + ${#l})) eol=0
  fi
  [ "$len" = "$2" ]
}

# $1 base64 on one line, in $v.
b64() {
  if [ "$w0" != 0 ] && v=$(printf '%s' "$1" | base64 -w0 2>/dev/null); then w0=1; return; fi
  w0=0
  v=$(printf '%s' "$1" | base64 | tr -d '\n')
}

# One path on its own: the way every path is described when the batch below cannot be trusted.
probe_path() {
  i=$1 f=$2 send=${3:-1}
  if [ -L "$f" ]; then printf 'X %s symlink\n' "$i"; return; fi
  if [ ! -e "$f" ]; then printf 'N %s\n' "$i"; return; fi
  if [ -d "$f" ]; then
    pst=$(stat -c '%a
%U
%G' -- "$f" </dev/null 2>/dev/null) || { printf 'X %s unreadable\n' "$i"; return; }
    printf 'D %s %s\n' "$i" "$pst"
    return
  fi
  if [ ! -f "$f" ]; then
    if [ -p "$f" ]; then t=fifo; elif [ -S "$f" ]; then t=socket
    elif [ -b "$f" ]; then t=block-device; elif [ -c "$f" ]; then t=char-device; else t=unknown; fi
    printf 'X %s %s\n' "$i" "$t"
    return
  fi
  pst=$(stat -c '%s %a
%U
%G' -- "$f" </dev/null 2>/dev/null) || { printf 'X %s unreadable\n' "$i"; return; }
  sum=$(sha256sum < "$f" 2>/dev/null) || { printf 'X %s unreadable\n' "$i"; return; }
  sum=${sum%% *}
  printf 'F %s %s %s %s\n' "$i" "$sum" "$(marked "$f")" "$pst"
  size=${pst%% *}
  if [ "$send" = 1 ] && [ "$size" -le "$cap" ]; then
    content "$f" && printf 'C %s\n' "$c"
  fi
}

# The directories and regular files the input loop found: "$@", secret files last ($nsec of them);
# $meta holds "index:kind " for each (d directory, p file, s secret file), in the same order. stat
# and sha256sum print one answer per argument in order, so a failure for any argument (it vanished
# or became unreadable since) would shift every answer after it: then each path is described on
# its own instead.
probe_batch() {
  [ $# -gt 0 ] || return 0
  if ! st=$(stat -c '%s %a %F
%U
%G
/' -- "$@" </dev/null 2>/dev/null); then probe_each "$@"; return; fi
  sums=
  if [ "$nsec" -gt 0 ] && ! sums=$(shift $(($# - nsec)); sha256sum -- "$@" </dev/null 2>/dev/null)
  then probe_each "$@"; return; fi
  st=$st$nl sums=$sums$nl
  while [ $# -gt 0 ]; do
    f=$1 w=${meta%% *}
    i=${w%%:*} k=${w#*:}
    l=${st%%"$nl"*} r=${st#*"$nl"}
    owner=${r%%"$nl"*} r=${r#*"$nl"}
    group=${r%%"$nl"*} r=${r#*"$nl"}
    # Each answer ends with a line "/", which no user or group name can hold: a name with a line
    # break in it would show here, before anything of the answer is printed.
    case $r in "/$nl"*) st=${r#*"$nl"} ;; *) probe_each "$@"; return ;; esac
    size=${l%% *} l=${l#* }; mode=${l%% *} type=${l#* }
    case $size$mode in ''|*[!0-9]*) probe_each "$@"; return ;; esac
    shift; meta=${meta#* }
    if [ "$k" = s ]; then
      sum=${sums%%"$nl"*} sums=${sums#*"$nl"}
      sum=${sum#\\}; sum=${sum%% *}
    fi
    case $k:$type in
      d:directory) printf 'D %s %s\n%s\n%s\n' "$i" "$mode" "$owner" "$group" ;;
      p:regular*file)
        if [ "$size" -gt "$cap" ]; then probe_path "$i" "$f" 0
        # The reader takes digest, size and marker from these bytes, so they agree with each
        # other even when the file changes while it is read.
        elif text "$f" "$size"; then
          printf 'G %s %s\n%s\n%s\nT %s %s\n%s' "$i" "$mode" "$owner" "$group" "$n" "$eol" "$t"
        elif content "$f"; then printf 'G %s %s\n%s\n%s\nC %s\n' "$i" "$mode" "$owner" "$group" "$c"
        else printf 'X %s unreadable\n' "$i"; fi ;;
      s:regular*file)
        printf 'F %s %s %s %s %s\n%s\n%s\n' "$i" "$sum" "$(marked "$f")" "$size" "$mode" "$owner" "$group" ;;
      # It changed type since the input loop looked at it: look again.
      s:*) probe_path "$i" "$f" 0 ;;
      *) probe_path "$i" "$f" ;;
    esac
  done
}

probe_each() {
  for f do
    w=${meta%% *} meta=${meta#* }
    if [ "${w#*:}" = s ]; then probe_path "${w%%:*}" "$f" 0; else probe_path "${w%%:*}" "$f"; fi
  done
}

probe_unit() {
  printf 'U %s\n' "$1"
  systemctl show -p LoadState,UnitFileState,ActiveState -- "$2" </dev/null 2>/dev/null |
    while IFS= read -r l; do
      case $l in LoadState=*|UnitFileState=*|ActiveState=*) printf 'u %s\n' "$l" ;; esac
    done
}

# A file the input also asked about is named by its index ("m= i"): the reader takes its marker
# from that path's record, so the file is not read twice.
probe_dir() {
  printf 'M %s\n' "$1"
  for f in "$2"/trueup-*; do
    case $paths in
      *"$nl$f$nl"*) r=${paths#*"$nl$f$nl"}; printf 'm= %s\n' "${r%%"$nl"*}"; continue ;;
    esac
    if [ -f "$f" ] && [ ! -L "$f" ] && [ "$(marked "$f")" = 1 ]; then
      b64 "${f##*/}"; printf 'm %s\n' "$v"
    fi
  done
}

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

# The packages asked about, all in one query: "index:name " each in $pk.
fact_packages() {
  [ -n "$pk" ] || return 0
  [ -n "$pm" ] || package_manager
  if [ "$pm" != apt ]; then
    for w in $pk; do printf 'K %s\n' "${w%%:*}"; fact_package "${w#*:}"; done
    return
  fi
  set --
  for w in $pk; do set -- "$@" "${w#*:}"; done
  # It exits 1 when one of them is not known, and names the others (in its own order) anyway.
  fs=$nl$(dpkg-query -W -f='${Package} ${db:Status-Status} ${Version}\n' -- "$@" 2>/dev/null)$nl
  for w in $pk; do
    printf 'K %s\n' "${w%%:*}"
    case $fs in
      *"$nl${w#*:} installed "*) r=${fs#*"$nl${w#*:} installed "}; printf 'k apt installed %s\n' "${r%%"$nl"*}" ;;
      *) echo 'k apt absent' ;;
    esac
  done
}

# File $1's text as $(cat) would give it (trailing line breaks dropped), in $fv, read by the shell
# itself: a small file costs a cat's exec more than it takes to read. Fails when it cannot be read.
slurp() {
  fv= l=
  { while IFS= read -r l; do fv="$fv$l$nl"; done; fv="$fv$l"; } 2>/dev/null < "$1" || return 1
  while :; do case $fv in *"$nl") fv=${fv%"$nl"} ;; *) break ;; esac; done
}

fact_sysctl() {
  fn=$1 fp=/proc/sys
  while :; do
    case $fn in *.*) fp=$fp/${fn%%.*} fn=${fn#*.} ;; *) fp=$fp/$fn; break ;; esac
  done
  if [ -f "$fp" ] && slurp "$fp"; then fact_value value "$fv"
  else echo 'k missing'; fi
}

# Accounts. Where the name service reads files alone ("passwd: files" and "group: files" in
# nsswitch.conf, no +/- compat lines), /etc/passwd and /etc/group are read once and looked up
# here: the getent and id calls they replace were most of a small node's probe. Any other source
# (sssd, LDAP, systemd's userdb) is asked through getent and id, which know it.
accounts=
accounts_mode() {
  [ -n "$accounts" ] && return
  accounts=nss pw= gr=
  [ -r /etc/nsswitch.conf ] || return
  while IFS= read -r l; do
    case $l in
      passwd:*) pw=${l#passwd:} ;;
      group:*) gr=${l#group:} ;;
    esac
  done < /etc/nsswitch.conf
  trim "$pw"; [ "$t" = files ] || return
  trim "$gr"; [ "$t" = files ] || return
  db_read /etc/passwd || return
  passwd_db=$db
  db_read /etc/group || return
  group_db=$db
  accounts=files
}

# $1 without the blanks around it, in $t.
trim() {
  t=$1
  while :; do
    case $t in
      [" $tab"]*) t=${t#?} ;;
      *[" $tab"]) t=${t%?} ;;
      *) break ;;
    esac
  done
}

# File $1 as "<nl>line<nl>line<nl>" in $db; fails on a compat (+/-) line, which files alone
# would not read as nss does.
db_read() {
  db=$nl l=
  while IFS= read -r l || [ -n "$l" ]; do
    case $l in [+-]*) return 1 ;; esac
    db="$db$l$nl" l=
  done 2>/dev/null < "$1"
}

# The line of $2 in database $1 (name first), in $fl.
db_named() {
  case $1 in
    *"$nl$2:"*) r=${1#*"$nl$2:"}; fl="$2:${r%%"$nl"*}" ;;
    *) return 1 ;;
  esac
}

# The first line of database $1 whose third field (uid, gid) is $2, in $fl.
db_numbered() {
  r=${1#"$nl"}
  while [ -n "$r" ]; do
    l=${r%%"$nl"*} r=${r#*"$nl"}
    f=${l#*:*:} f=${f%%:*}
    if [ "$f" = "$2" ]; then fl=$l; return 0; fi
  done
  return 1
}

# What "id -gn" and "id -Gn" print for the account of passwd line $1, in $primary and $groups:
# the primary group first, then every group that lists the name as a member, in file order.
db_groups() {
  un=${1%%:*} ug=${1#*:*:*:} ug=${ug%%:*}
  if db_numbered "$group_db" "$ug"; then primary=${fl%%:*}; else primary=$ug; fi
  groups=$primary
  r=${group_db#"$nl"}
  while [ -n "$r" ]; do
    l=${r%%"$nl"*} r=${r#*"$nl"}
    f=${l#*:*:} g=${f%%:*} m=${f#*:}
    [ "$g" = "$ug" ] && continue
    case ,$m, in *",$un,"*) groups="$groups ${l%%:*}" ;; esac
  done
}

fact_user() {
  accounts_mode
  if [ "$accounts" = files ]; then
    db_named "$passwd_db" "$1" || { echo 'k absent'; return; }
    pl=$fl
    db_groups "$pl"
    fl=$pl
  else
    if ! fl=$(getent passwd -- "$1" 2>/dev/null); then echo 'k absent'; return; fi
    primary=$(id -gn -- "$1" 2>/dev/null) groups=$(id -Gn -- "$1" 2>/dev/null)
  fi
  fact_value passwd "$fl"
  printf 'k primary %s\n' "$primary"
  printf 'k groups %s\n' "$groups"
  # The sixth field: name:password:uid:gid:gecos:home:shell, and no field holds a colon.
  fh=${fl#*:*:*:*:*:} fh=${fh%%:*}
  fk=$fh/.ssh/authorized_keys
  if [ -f "$fk" ] && [ ! -L "$fk" ] && content "$fk"; then
    printf 'k keys %s\n' "$c"
  else
    echo 'k keys-missing'
  fi
}

fact_uid() {
  accounts_mode
  if [ "$accounts" = files ]; then
    if db_numbered "$passwd_db" "$1"; then printf 'k name %s\n' "${fl%%:*}"; else echo 'k free'; fi
  elif fl=$(getent passwd -- "$1" 2>/dev/null); then printf 'k name %s\n' "${fl%%:*}"
  else echo 'k free'; fi
}

fact_group() {
  accounts_mode
  if [ "$accounts" = files ]; then
    if db_named "$group_db" "$1"; then fact_value group "$fl"; else echo 'k absent'; fi
  elif fl=$(getent group -- "$1" 2>/dev/null); then fact_value group "$fl"
  else echo 'k absent'; fi
}

# The table trueup owns: the digest its comment carries, the digest of its listing now, and the
# digest trueup recorded when it last confirmed the table (so a hand-made change shows).
fact_firewall() {
  if ! command -v nft > /dev/null 2>&1; then echo 'k nft-missing'; return; fi
  fs=/var/lib/trueup/firewall
  if [ -f "$fs.reverted" ]; then b64 "$(head -c 64 "$fs.reverted")"; printf 'k reverted %s\n' "$v"; fi
  fl=$(nft list table inet "$1" 2>/dev/null) || { echo 'k absent'; return; }
  fc=$(printf '%s\n' "$fl" | sed -n 's/.*comment "trueup sha256:\([0-9a-f]*\)".*/\1/p' | head -n 1)
  fd=$(printf '%s\n' "$fl" | sha256sum)
  fr=$(head -c 64 "$fs.sha256" 2>/dev/null)
  printf 'k table %s %s %s\n' "${fc:-none}" "${fd%% *}" "${fr:-none}"
}

# A user's own crontab as crontab(1) lists it (trueup compares only its marked block).
fact_crontab() {
  if ! command -v crontab > /dev/null 2>&1; then echo 'k crontab-missing'; return; fi
  if fc=$(crontab -l -u "$1" 2>/dev/null); then b64 "$fc"; printf 'k crontab %s\n' "$v"
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
    # The mark comes before the kill: once the command is killed, the wait below returns and
    # kills this watcher, which must not be able to lose the mark in between.
    ( sleep "$2"; : > "${TMPDIR:-/tmp}/trueup-busy-$$-$pid"
      kill -9 "$pid" 2> /dev/null || rm -f "${TMPDIR:-/tmp}/trueup-busy-$$-$pid" ) \
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

# The input, whole, in $probe_in: read from stdin, or already read by the loop that keeps the probe
# running (ProbeScript.keptProgram), which hands it over as $trueup_in rather than through a pipe
# the shell would read again one byte at a time.
if [ -n "${trueup_kept:-}" ]; then
  probe_in=$trueup_in
else
  probe_in=
  while IFS= read -r line; do probe_in="$probe_in$line$nl"; done
fi

# The next line of the input in $line; fails at its end.
take() {
  [ -n "$probe_in" ] || return 1
  line=${probe_in%%"$nl"*}
  case $probe_in in *"$nl"*) probe_in=${probe_in#*"$nl"} ;; *) probe_in= ;; esac
}

take || line=R
root=${line#R}
if [ -d "$root/run/systemd/system" ]; then systemd=1; else systemd=0; fi
printf 'trueup-probe 1\nsystemd %s\n' "$systemd"
# Paths, listings and packages are gathered here and described after the input ends, together.
# $paths: "<nl>path<nl>index" for every path asked about; $dirs: "<nl>index path" per listing.
set --
np=0 nu=0 nd=0 nk=0 pm= nsec=0 meta= paths= dirs= pk=
while take; do
  arg=${line#?}
  case $line in
    P* | S*)
      f=$root$arg paths=$paths$nl$root$arg$nl$np
      if [ -L "$f" ]; then printf 'X %s symlink\n' "$np"
      elif [ ! -e "$f" ]; then printf 'N %s\n' "$np"
      elif [ -d "$f" ]; then set -- "$f" "$@"; meta="$np:d $meta"
      elif [ ! -f "$f" ]; then probe_path "$np" "$f"
      else
        case $line in
          P*) set -- "$f" "$@"; meta="$np:p $meta" ;;
          *) set -- "$@" "$f"; meta="$meta$np:s "; nsec=$((nsec + 1)) ;;
        esac
      fi
      np=$((np + 1)) ;;
    U*) if [ "$systemd" = 1 ]; then probe_unit "$nu" "$arg"; fi; nu=$((nu + 1)) ;;
    D*) dirs="$dirs$nl$nd $root$arg"; nd=$((nd + 1)) ;;
    K*)
      case $root:$arg in
        :package\ *) pk="$pk$nk:${arg#* } " ;;
        *) probe_fact "$nk" "${arg%% *}" "${arg#* }" ;;
      esac
      nk=$((nk + 1)) ;;
    B*) id=${arg%% *}; rest=${arg#* }; busy_check "$id" "${rest%% *}" "${rest#* }" ;;
  esac
done
probe_batch "$@"
while [ -n "$dirs" ]; do
  dirs=${dirs#"$nl"} l=${dirs%%"$nl"*}
  case $dirs in *"$nl"*) dirs=$nl${dirs#*"$nl"} ;; *) dirs= ;; esac
  probe_dir "${l%% *}" "${l#* }"
done
fact_packages
printf 'end\n'
