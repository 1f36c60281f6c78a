# trueup apply: functions shared by the apply, rollback and health scripts.
# The caller sets T (frame tag), R (sandbox root, "" on a real node; a real path, no symlinks),
# L (trueup's state directory, where the node lock is), BR (where backups are kept) and B (this
# apply's backup directory), all three as paths on the node,
# and LW (how many tenths of a second to wait for the node lock) before these definitions are used.
# Every value written by a user reaches this script single-quoted; file contents arrive as base64
# in here-documents. Frames ("$T ...") go to fd 3, the caller's stdout; the rest goes to stderr.
#
# Where it writes: every write goes through "at", which walks to the directory one component at a
# time and stays there; the write then names only an entry of that working directory. On a
# confined local node a walk that leads out of the root (a symlinked component, or a directory
# swapped for one at any moment before) is refused, and what is written after the walk cannot be
# redirected by renaming a component above it. A copy or move between a managed directory and the
# backup holds the other directory open (fd 4, named through /proc/self/fd). WHY the rest stays:
# a command that takes a name follows a symlink in the last component (chmod, and the check then
# read of a file), so a user who can write a managed directory can still swap an entry between
# trueup's check and its use; trueup's own files sit in directories no other account can write.
export LC_ALL=C
umask 077
unset CDPATH
uid=$(id -u)
owner_ok=0
if [ "$uid" = 0 ]; then owner_ok=1; fi
sysd=0
if [ -z "$R" ] && [ -d /run/systemd/system ]; then sysd=1; fi
uf=0
# Temporary files get names no one can guess (the tag is random and never on a command line), so
# nothing can be put in their place beforehand; they are created with noclobber besides.
N=${T#@trueup-}

say() { printf '%s %s\n' "$T" "$*" >&3; }

# at DIR [make]: makes DIR (a path on the node) the working directory, walking down from the node's
# / (the root) one component at a time; with make, missing directories are created on the way
# (0700 by the umask: mkd sets a managed one's mode after). Status 2: DIR is missing or a component
# is not a directory (nothing can be there); 1: refused (at_why says why, naming the component).
at() {
  at_why= at_p= at_r=${1#/}
  cd -P -- "$R/" || { at_why="the root $R is not usable"; return 1; }
  while [ -n "$at_r" ]; do
    at_c=${at_r%%/*}
    case $at_r in */*) at_r=${at_r#*/} ;; *) at_r= ;; esac
    at_p=$at_p/$at_c
    if [ ! -d "./$at_c" ]; then
      if [ "$2" != make ]; then return 2; fi
      if [ -e "./$at_c" ] || [ -L "./$at_c" ]; then
        at_why="$at_p is not a directory"
        return 1
      fi
      mkdir -- "./$at_c" 2>/dev/null || [ -d "./$at_c" ] || { at_why="cannot create $at_p"; return 1; }
    fi
    cd -P -- "./$at_c" 2>/dev/null || { at_why="cannot enter $at_p"; return 1; }
    # cd -P leaves in PWD where the working directory physically is, whatever the path said.
    case $PWD in
      "$R" | "$R"/*) ;;
      *) cd -P -- "$R/"; at_why="$at_p leads outside the root"; return 1 ;;
    esac
  done
  return 0
}

# own DIR: enters trueup's own directory DIR (made if missing), which must belong to this user or
# root and be writable by no one else: no other account can then put a symlink where trueup writes.
own() {
  at "$1" make || { at_why="$1: $at_why"; return 1; }
  ow=$(stat -c '%u %a' -- . 2>/dev/null) || { at_why="$1: cannot read its owner"; return 1; }
  case ${ow%% *} in
    0 | "$uid") ;;
    *) at_why="$1 belongs to another user (uid ${ow%% *})"; return 1 ;;
  esac
  if [ $((0${ow#* } & 022)) != 0 ]; then
    at_why="$1 is writable by others (mode ${ow#* })"
    return 1
  fi
}

# hold: keeps the working directory open as fd 4, named D4 for the commands that follow wherever
# they work from (/proc/self/fd/4 is the open directory itself; without /proc, its physical path).
hold() {
  exec 4<. || return 1
  if [ -d /proc/self/fd/4/ ]; then D4=/proc/self/fd/4; else D4=$PWD; fi
}
release() { exec 4<&-; }

# node_lock: one trueup script changes this node at a time, whoever started it. A controller that
# was killed can leave its script running until its next frame (the write fails and the script
# dies); the next script waits for it, up to LW tenths of a second. A lock whose holder is gone is
# taken over. Says the end frame itself when it fails.
node_lock() {
  own "$L" || { say "end failed $at_why"; return 1; }
  nl_i=0
  while ! mkdir -- apply.lock 2>/dev/null; do
    nl_p=$(cat -- apply.lock/pid 2>/dev/null)
    if [ -n "$nl_p" ] && ! kill -0 "$nl_p" 2>/dev/null; then
      rm -rf -- apply.lock
      continue
    fi
    nl_i=$((nl_i + 1))
    if [ "$nl_i" -ge "$LW" ]; then
      if [ -d apply.lock ]; then say "end failed another trueup apply is still running on this node"
      else say "end failed cannot create the node lock $L/apply.lock"; fi
      return 1
    fi
    sleep 0.1
  done
  echo $$ > apply.lock/pid
  trap unlock EXIT
}
unlock() { at "$L" && rm -rf -- apply.lock; }

# begin: this apply's backup directory, new, inside the backup directory trueup owns.
begin() {
  own "$BR" || { say "end failed $at_why"; return 1; }
  mkdir -- "./${B##*/}" || { say "end failed cannot create the backup directory $B"; return 1; }
}

# fsync one file (coreutils >= 8.24 and recent busybox take a path; otherwise sync everything).
fsync() { sync -- "$1" 2>/dev/null || sync; }

note() { (at "$B" && printf '%s\n' "$*" >> manifest && fsync manifest); }

# recorded I: the manifest line of change I ("I state ..."), if any.
recorded() { (at "$B" && grep "^$1 " manifest 2>/dev/null | head -n 1); }

# attrs NAME MODE OWNER GROUP: NAME in the working directory; empty values are left alone;
# ownership only as root, never through a symlink.
attrs() {
  if [ -n "$2" ]; then chmod "$2" "$1" || return 1; fi
  if [ "$owner_ok" = 1 ]; then
    if [ -n "$3" ] && [ -n "$4" ]; then chown -h -- "$3:$4" "$1" || return 1
    elif [ -n "$3" ]; then chown -h -- "$3" "$1" || return 1
    elif [ -n "$4" ]; then chgrp -h -- "$4" "$1" || return 1
    fi
  fi
  return 0
}

# save I PATH WANT: records what PATH was before change I (manifest line "I state ...") and keeps
# a copy; something of another type than WANT (file|dir) is moved into the backup, out of the way.
save() {
  at "$B/f${2%/*}" make || return 1
  hold || return 1
  at "${2%/*}"
  case $? in
    0) ;;
    2) release; note "$1 absent"; return ;;
    *) release; return 1 ;;
  esac
  sn=./${2##*/}
  if [ -L "$sn" ] || { [ -e "$sn" ] && [ ! -f "$sn" ] && [ ! -d "$sn" ]; }; then
    mv -T -- "$sn" "$D4/$sn" && note "$1 moved"
  elif [ -d "$sn" ] && [ "$3" = dir ]; then
    note "$1 dir $(stat -c '%a %u %g' -- "$sn")"
  elif [ -d "$sn" ]; then
    mv -T -- "$sn" "$D4/$sn" && note "$1 moved"
  elif [ -f "$sn" ] && [ "$3" = file ]; then
    cp -P -p -- "$sn" "$D4/$sn" && fsync "$D4/$sn" && note "$1 file"
  elif [ -f "$sn" ]; then
    mv -T -- "$sn" "$D4/$sn" && note "$1 moved"
  else
    note "$1 absent"
  fi
  sv=$?
  release
  return $sv
}

# put I PATH MODE OWNER GROUP SHA256 WRITE: base64 content on stdin when WRITE is 1; written to a
# new temporary file in the same directory, synced, checked, then renamed over the path.
put() {
  save "$1" "$2" file || { say "$1 fail ${at_why:-cannot keep the previous version}"; return 1; }
  pn=./${2##*/}
  if [ "$7" != 1 ]; then
    at "${2%/*}" || { say "$1 fail ${at_why:-parent directory is missing}"; return 1; }
    if [ -L "$pn" ] || [ ! -f "$pn" ]; then say "$1 fail not a regular file"; return 1; fi
    attrs "$pn" "$3" "$4" "$5" || { say "$1 fail cannot set mode or owner"; return 1; }
    say "$1 ok"
    return 0
  fi
  at "${2%/*}" make || { say "$1 fail $at_why"; return 1; }
  pt=./.trueup.$N.$1.tmp
  set -C
  base64 -d > "$pt"
  pw=$?
  set +C
  if [ "$pw" != 0 ]; then rm -f -- "$pt"; say "$1 fail cannot write the temporary file"; return 1; fi
  fsync "$pt"
  ps=$(sha256sum < "$pt") || ps=
  if [ "${ps%% *}" != "$6" ]; then
    rm -f -- "$pt"
    say "$1 fail checksum mismatch after writing"
    return 1
  fi
  attrs "$pt" "$3" "$4" "$5" || { rm -f -- "$pt"; say "$1 fail cannot set mode or owner"; return 1; }
  mv -f -T -- "$pt" "$pn" || { rm -f -- "$pt"; say "$1 fail cannot rename into place"; return 1; }
  fsync .
  case $2 in /etc/systemd/system/*) uf=1 ;; esac
  say "$1 ok"
}

# mkd I PATH MODE OWNER GROUP: mode and owner are set on the working directory itself.
mkd() {
  save "$1" "$2" dir || { say "$1 fail ${at_why:-cannot keep the previous version}"; return 1; }
  at "$2" make || { say "$1 fail $at_why"; return 1; }
  attrs . "$3" "$4" "$5" || { say "$1 fail cannot set mode or owner"; return 1; }
  say "$1 ok"
}

# del I PATH: only a regular file whose first line carries the marker; moved into the backup.
del() {
  at "${2%/*}"
  case $? in
    0) ;;
    2) note "$1 absent"; say "$1 ok"; return 0 ;;
    *) say "$1 fail $at_why"; return 1 ;;
  esac
  dn=./${2##*/}
  if [ ! -e "$dn" ] && [ ! -L "$dn" ]; then note "$1 absent"; say "$1 ok"; return 0; fi
  if [ -L "$dn" ] || [ ! -f "$dn" ]; then say "$1 fail not a regular file"; return 1; fi
  dl=$(head -c 1024 < "$dn" | head -n 1)
  case $dl in
    *'managed by trueup'*) ;;
    *) say "$1 fail marker missing: not deleting"; return 1 ;;
  esac
  case $2 in
    /etc/systemd/system/*.service | /etc/systemd/system/*.timer)
      # A unit whose file goes away is stopped and disabled first: left running, it would outlive
      # the desired state that dropped it. Its state is kept for the rollback (rbunit u<I>).
      if [ "$sysd" = 1 ]; then
        du=${2##*/}
        ue=$(systemctl is-enabled -- "$du" 2>/dev/null) || true
        ua=$(systemctl is-active -- "$du" 2>/dev/null) || true
        note "u$1 unit ${ue:-unknown} ${ua:-unknown}"
        systemctl disable --now -- "$du" > /dev/null 2>&1 || { say "$1 fail cannot stop and disable $du"; return 1; }
      fi ;;
  esac
  save "$1" "$2" none || { say "$1 fail ${at_why:-cannot keep the previous version}"; return 1; }
  at "${2%/*}" && fsync .
  case $2 in /etc/systemd/system/*) uf=1 ;; esac
  say "$1 ok"
}

reload_units() {
  if [ "$sysd" = 1 ] && [ "$uf" = 1 ]; then
    systemctl daemon-reload || return 1
    uf=0
  fi
  return 0
}

# unit I NAME ENABLE ACTIVE RESTART: ENABLE/ACTIVE are 1, 0 or "" (leave); RESTART 1 restarts a
# running unit (its unit file or an input file changed), 2 reloads it (or restarts it when it
# cannot reload).
unit() {
  if [ "$sysd" != 1 ]; then say "$1 skip systemd not available"; return 0; fi
  reload_units || { say "$1 fail daemon-reload failed"; return 1; }
  ue=$(systemctl is-enabled -- "$2" 2>/dev/null) || true
  ua=$(systemctl is-active -- "$2" 2>/dev/null) || true
  note "$1 unit ${ue:-unknown} ${ua:-unknown}"
  case $3 in
    1) systemctl enable -- "$2" || { say "$1 fail enable failed"; return 1; } ;;
    0) systemctl disable -- "$2" || { say "$1 fail disable failed"; return 1; } ;;
  esac
  case $4 in
    1) systemctl start -- "$2" || { say "$1 fail start failed"; return 1; } ;;
    0) systemctl stop -- "$2" || { say "$1 fail stop failed"; return 1; } ;;
    *) case $5 in
         1) systemctl try-restart -- "$2" || { say "$1 fail restart failed"; return 1; } ;;
         2) if systemctl is-active -q -- "$2"; then systemctl reload-or-restart -- "$2" || { say "$1 fail reload failed"; return 1; }; fi ;;
       esac ;;
  esac
  say "$1 ok"
}

# restart_changed NAME: a running unit whose unit file changed is restarted (a stopped one stays
# stopped; the unit's own change, if any, starts it).
restart_changed() {
  if [ "$sysd" != 1 ]; then return 0; fi
  systemctl try-restart -- "$1"
}

# rb I PATH: puts PATH back the way the manifest says it was before change I.
rb() {
  rr=$(recorded "$1")
  if [ -z "$rr" ]; then say "rb $1 ok"; return 0; fi
  ri=$1 rp=$2 rd=${2%/*} rn=./${2##*/}
  set -- $rr
  case $2 in
    absent)
      at "$rd"
      case $? in
        0) if [ -d "$rn" ] && [ ! -L "$rn" ]; then rmdir -- "$rn" 2>/dev/null || true
           else rm -f -- "$rn"; fi ;;
        2) ;;
        *) say "rb $ri fail $at_why"; return 1 ;;
      esac ;;
    file)
      rt=./.trueup.$N.$ri.tmp
      { at "$B/f$rd" && hold && at "$rd" && cp -P -p -- "$D4/$rn" "$rt" &&
        mv -f -T -- "$rt" "$rn"; } || { release; say "rb $ri fail ${at_why:-cannot restore}"; return 1; }
      release ;;
    dir)
      at "$rp" || { say "rb $ri fail ${at_why:-directory is missing}"; return 1; }
      chmod "$3" . || { say "rb $ri fail"; return 1; }
      if [ "$owner_ok" = 1 ]; then chown "$4:$5" . || { say "rb $ri fail"; return 1; }; fi ;;
    moved)
      { at "$B/f$rd" && hold && at "$rd"; } || { release; say "rb $ri fail ${at_why:-cannot restore}"; return 1; }
      if [ -d "$rn" ] && [ ! -L "$rn" ]; then rmdir -- "$rn" 2>/dev/null
      elif [ -e "$rn" ] || [ -L "$rn" ]; then rm -f -- "$rn"; fi
      mv -T -- "$D4/$rn" "$rn" || { release; say "rb $ri fail"; return 1; }
      release ;;
  esac
  case $rp in /etc/systemd/system/*) uf=1 ;; esac
  say "rb $ri ok"
}

# rbstop I NAME: a unit that was not running before change I is stopped before the files are put
# back: its unit file may be about to disappear, and a unit stopped without its file ends "failed".
rbstop() {
  rr=$(recorded "$1")
  case $rr in "$1 unit "*) ;; *) return 0 ;; esac
  [ "$sysd" = 1 ] || return 0
  set -- $rr
  case $4 in
    active|activating|reloading) ;;
    *) systemctl stop -- "$rn" > /dev/null 2>&1; systemctl reset-failed -- "$rn" > /dev/null 2>&1 ;;
  esac
  return 0
}

# rbunit I NAME: the unit's enabled and active state as recorded before change I.
rbunit() {
  rr=$(recorded "$1")
  case $rr in "$1 unit "*) ;; *) rr= ;; esac
  if [ -z "$rr" ] || [ "$sysd" != 1 ]; then say "rb $1 ok"; return 0; fi
  ri=$1 rn=$2
  set -- $rr
  case $3 in
    enabled*|static|alias|indirect|generated) systemctl enable -- "$rn" ;;
    *) systemctl disable -- "$rn" ;;
  esac
  case $4 in
    active|activating|reloading) systemctl restart -- "$rn" ;;
    *) systemctl stop -- "$rn" && { systemctl reset-failed -- "$rn" > /dev/null 2>&1; true; } ;;
  esac
  if [ $? = 0 ]; then say "rb $ri ok"; else say "rb $ri fail"; fi
}

# probe_once TIMEOUT KIND ARG...: one attempt of a health check, bounded by TIMEOUT seconds; what
# it printed goes to the file $co.
probe_once() {
  pt=$1 pk=$2
  shift 2
  case $pk in
    command) timeout "$pt" sh -c "$1" < /dev/null > "$co" 2>&1 ;;
    tcp)
      if command -v nc > /dev/null 2>&1; then timeout "$pt" nc -z -w "$pt" "$1" "$2" < /dev/null > "$co" 2>&1
      elif command -v bash > /dev/null 2>&1; then timeout "$pt" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" > "$co" 2>&1
      else echo "no nc or bash on the node" > "$co"; return 127; fi ;;
    http)
      if command -v curl > /dev/null 2>&1; then timeout "$pt" curl -fsS -o /dev/null --max-time "$pt" -- "$1" < /dev/null > "$co" 2>&1
      elif command -v wget > /dev/null 2>&1; then timeout "$pt" wget -q -O /dev/null -T "$pt" -- "$1" < /dev/null > "$co" 2>&1
      else echo "no curl or wget on the node" > "$co"; return 127; fi ;;
  esac
}

# check I TIMEOUT INTERVAL RETRIES START KIND ARG...: one health check, tried until it passes or,
# once START seconds have passed, fails RETRIES+1 times in a row, INTERVAL seconds apart. The
# failure frame carries the last attempt's exit status and the first line of its output.
check() {
  ci=$1 ct=$2 cv=$3 cr=$4 cs0=$5 ck=$6
  shift 6
  co=$(mktemp) || { say "$ci fail cannot create a temporary file"; return 1; }
  c0=$(date +%s) cn=0 ca=0
  while :; do
    ca=$((ca + 1))
    probe_once "$ct" "$ck" "$@"
    cs=$?
    if [ "$cs" = 0 ]; then rm -f -- "$co"; say "$ci ok"; return 0; fi
    if [ $(($(date +%s) - c0)) -ge "$cs0" ]; then cn=$((cn + 1)); fi
    if [ "$cn" -gt "$cr" ]; then break; fi
    sleep "$cv"
  done
  cl=$(head -c 300 < "$co" | tr -c '[:print:]' ' ' | head -n 1)
  rm -f -- "$co"
  if [ "$cs" = 124 ]; then cw="timed out after ${ct}s"; else cw="exit status $cs"; fi
  say "$ci fail $cw after $ca attempts${cl:+: $cl}"
}

# last_line FILE: the last non-empty line of FILE, printable characters only (for a frame).
last_line() { grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1 | tr -c '[:print:]' ' ' | cut -c1-300; }

# pkgs "I..." "SPEC..." "J..." "NAME...": every package change of the node in one transaction of its
# package manager: install (or up- and downgrade to) each SPEC (name or name=version-glob), remove
# each NAME; frames for every I and J. Names and versions were checked against a strict pattern.
pkgs() {
  pi=$1 ps=$2 pj=$3 pr=$4
  po=$(mktemp) || { for x in $pi $pj; do say "$x fail cannot create a temporary file"; done; return 1; }
  if command -v apt-get > /dev/null 2>&1; then
    pa=
    for x in $pr; do pa="$pa $x-"; done
    export DEBIAN_FRONTEND=noninteractive
    { [ -z "$ps" ] || apt-get update -q; } > "$po" 2>&1 &&
      apt-get install -y -q --no-install-recommends --allow-downgrades \
        -o Dpkg::Options::=--force-confold -- $ps $pa >> "$po" 2>&1
  elif command -v dnf > /dev/null 2>&1; then
    pd=
    for x in $ps; do case $x in *=*) pd="$pd ${x%%=*}-${x#*=}" ;; *) pd="$pd $x" ;; esac; done
    { [ -z "$pd" ] || dnf -y -q install -- $pd; } > "$po" 2>&1 &&
      { [ -z "$pr" ] || dnf -y -q remove -- $pr; } >> "$po" 2>&1
  elif command -v apk > /dev/null 2>&1; then
    pd=
    for x in $ps; do case $x in *=*) pd="$pd ${x%%=*}~${x#*=}" ;; *) pd="$pd $x" ;; esac; done
    { [ -z "$pd" ] || apk add -q -- $(printf '%s\n' $pd | sed 's/[*?].*$//'); } > "$po" 2>&1 &&
      { [ -z "$pr" ] || apk del -q -- $pr; } >> "$po" 2>&1
  else
    echo "no apt-get, dnf or apk on the node" > "$po"; false
  fi
  pst=$?
  pl=$(last_line "$po")
  rm -f -- "$po"
  for x in $pi $pj; do
    if [ "$pst" = 0 ]; then say "$x ok"; else say "$x fail package manager failed (exit $pst): $pl"; fi
  done
  return $pst
}

# grp I NAME GID SYSTEM PRESENT: creates, changes (gid) or removes a local group.
grp() {
  gx=$(getent group -- "$2" > /dev/null 2>&1 && echo 1 || echo 0)
  if [ "$5" = 0 ]; then
    if [ "$gx" = 1 ]; then groupdel -- "$2" || { say "$1 fail groupdel failed"; return 1; }; fi
  elif [ "$gx" = 0 ]; then
    ga=
    [ -z "$3" ] || ga="-g $3"
    [ "$4" != 1 ] || ga="$ga -r"
    groupadd $ga -- "$2" || { say "$1 fail groupadd failed"; return 1; }
  elif [ -n "$3" ]; then
    groupmod -g "$3" -- "$2" || { say "$1 fail groupmod failed"; return 1; }
  fi
  say "$1 ok"
}

# usr I NAME UID GROUP SYSTEM SHELL HOME GROUPS PRESENT REMOVEHOME: creates a user (useradd leaves
# its password locked), brings an existing one's declared attributes in line (its password is not
# trueup's), or removes it (the home only with REMOVEHOME=1). Empty values are left alone.
usr() {
  ui=$1 un=$2 uu=$3 ug=$4 us=$5 ush=$6 uh=$7 ugs=$8 up=$9 urh=${10}
  ux=$(getent passwd -- "$un" > /dev/null 2>&1 && echo 1 || echo 0)
  uo=$(mktemp) || { say "$ui fail cannot create a temporary file"; return 1; }
  if [ "$up" = 0 ]; then
    if [ "$ux" = 1 ]; then
      if [ "$urh" = 1 ]; then userdel -r -- "$un" > "$uo" 2>&1; else userdel -- "$un" > "$uo" 2>&1; fi
      ust=$?
    else ust=0; fi
  elif [ "$ux" = 0 ]; then
    set --
    [ -z "$uu" ] || set -- "$@" -u "$uu"
    [ -z "$ug" ] || set -- "$@" -g "$ug"
    [ -z "$ush" ] || set -- "$@" -s "$ush"
    [ -z "$uh" ] || set -- "$@" -d "$uh"
    [ -z "$ugs" ] || set -- "$@" -G "$ugs"
    if [ "$us" = 1 ]; then set -- "$@" -r; [ -z "$uh" ] || set -- "$@" -m; else set -- "$@" -m; fi
    useradd "$@" -- "$un" > "$uo" 2>&1
    ust=$?
  else
    set --
    [ -z "$uu" ] || set -- "$@" -u "$uu"
    [ -z "$ug" ] || set -- "$@" -g "$ug"
    [ -z "$ush" ] || set -- "$@" -s "$ush"
    [ -z "$uh" ] || set -- "$@" -d "$uh" -m
    [ -z "$ugs" ] || set -- "$@" -G "$ugs"
    if [ "$#" = 0 ]; then rm -f -- "$uo"; say "$ui ok"; return 0; fi
    usermod "$@" -- "$un" > "$uo" 2>&1
    ust=$?
  fi
  ul=$(last_line "$uo")
  rm -f -- "$uo"
  if [ "$ust" = 0 ]; then say "$ui ok"; else say "$ui fail ${ul:-user change failed (exit $ust)}"; fi
  return $ust
}

# keys_path USER: where the user's authorized_keys is (its home from the account database).
keys_path() {
  kh=$(getent passwd -- "$1" | cut -d: -f6)
  [ -n "$kh" ] && [ "$kh" != / ] || return 1
  printf '%s/.ssh/authorized_keys\n' "$kh"
}

# keys I USER EXCLUSIVE: the text on stdin (base64) becomes the whole file (EXCLUSIVE=1) or replaces
# trueup's marked block in it, every other line kept; ~/.ssh made 0700 and the file 0600, both the
# user's. The previous file is kept for the rollback like any written file.
keys() {
  kp=$(keys_path "$2") || { say "$1 fail user $2 has no home directory"; return 1; }
  save "$1" "$kp" file || { say "$1 fail ${at_why:-cannot keep the previous version}"; return 1; }
  at "${kp%/*}" make || { say "$1 fail $at_why"; return 1; }
  chmod 0700 . && chown -h -- "$2:" . 2> /dev/null || chown -h -- "$2" . || { say "$1 fail cannot own ${kp%/*}"; return 1; }
  kt=./.trueup.$N.$1.tmp
  kb=./.trueup.$N.$1.block
  set -C
  base64 -d > "$kb" || { rm -f -- "$kb"; say "$1 fail cannot write the temporary file"; return 1; }
  set +C
  if [ "$3" = 1 ] || [ ! -f ./authorized_keys ]; then
    cat -- "$kb" > "$kt"
  else
    awk -v b='# BEGIN keys managed by trueup' -v e='# END keys managed by trueup' '
      $0 == b { skip = 1; next }
      $0 == e && skip { skip = 0; next }
      !skip { print }' ./authorized_keys > "$kt" && cat -- "$kb" >> "$kt"
  fi
  kst=$?
  rm -f -- "$kb"
  if [ "$kst" != 0 ]; then rm -f -- "$kt"; say "$1 fail cannot build the new file"; return 1; fi
  chmod 0600 "$kt" && { chown -h -- "$2:" "$kt" 2> /dev/null || chown -h -- "$2" "$kt"; } &&
    mv -f -T -- "$kt" ./authorized_keys || { rm -f -- "$kt"; say "$1 fail cannot rename into place"; return 1; }
  fsync .
  say "$1 ok"
}

# rbkeys I USER: the user's authorized_keys as it was before change I.
rbkeys() {
  kp=$(keys_path "$2") || { say "rb $1 ok"; return 0; }
  rb "$1" "$kp"
}

# cronb I USER: trueup's marked block (base64 on stdin; empty: none) replaces the one in USER's
# crontab, every other line kept, installed through crontab(1) so cron sees it. The table as it was
# is kept in the backup for the rollback.
cronb() {
  at "$B" || { say "$1 fail ${at_why:-cannot reach the backup directory}"; return 1; }
  cbk=$PWD/cron.$1 cbn=$PWD/cron.$1.new cbb=$PWD/cron.$1.block
  if crontab -l -u "$2" > "$cbk" 2> /dev/null; then :; else rm -f -- "$cbk"; : > "$PWD/cron.$1.none"; fi
  base64 -d > "$cbb" || { rm -f -- "$cbb"; say "$1 fail cannot write the temporary file"; return 1; }
  { if [ -f "$cbk" ]; then
      awk -v b='# BEGIN entries managed by trueup' -v e='# END entries managed by trueup' '
        $0 == b { skip = 1; next }
        $0 == e && skip { skip = 0; next }
        !skip { print }' "$cbk"
    fi
    cat -- "$cbb"; } > "$cbn"
  rm -f -- "$cbb"
  co=$(crontab -u "$2" "$cbn" 2>&1)
  cst=$?
  rm -f -- "$cbn"
  if [ "$cst" != 0 ]; then say "$1 fail crontab refused the table: $(printf '%s' "$co" | tail -n 1)"; return 1; fi
  say "$1 ok"
}

# rbcron I USER: USER's crontab as it was before change I (none, when it had none).
rbcron() {
  at "$B" || { say "rb $1 fail ${at_why:-cannot reach the backup directory}"; return 1; }
  if [ -f "./cron.$1" ]; then crontab -u "$2" "./cron.$1" > /dev/null 2>&1 || { say "rb $1 fail crontab refused the previous table"; return 1; }
  elif [ -f "./cron.$1.none" ]; then crontab -r -u "$2" > /dev/null 2>&1 || true
  fi
  say "rb $1 ok"
}

# sysv I KEY VALUE: sets a kernel parameter now (the file in /etc/sysctl.d keeps it across boots).
sysv() {
  sp=/proc/sys/$(printf '%s' "$2" | tr . /)
  [ -f "$sp" ] || { say "$1 fail no such kernel parameter"; return 1; }
  printf '%s\n' "$3" > "$sp" 2> /dev/null || { say "$1 fail the kernel refused the value"; return 1; }
  say "$1 ok"
}

# The firewall (table inet trueup), with commit-confirmed. Files in trueup's state directory $L:
# firewall.nft (the rules applied last), firewall.prev (the table before this change, if it
# existed), firewall-revert.sh (what restores it), firewall.sha256 (the listing trueup confirmed),
# firewall.reverted (when the node restored the previous rules by itself).

# fwcheck I: the nft script on stdin (base64) must parse (nft -c) before anything changes.
fwcheck() {
  command -v nft > /dev/null 2>&1 || { say "end failed nft is not installed on the node"; return 1; }
  fo=$(mktemp) && fi=$(mktemp) || { say "end failed cannot create a temporary file"; return 1; }
  base64 -d > "$fi"
  if ! nft -c -f "$fi" > "$fo" 2>&1; then
    say "end failed firewall rules do not parse (nft -c): line $(grep -m 1 -i error "$fo" | sed 's|^[^:]*:||' | tr -c '[:print:]' ' ' | cut -c1-200)"
    rm -f -- "$fo" "$fi"
    return 1
  fi
  rm -f -- "$fo" "$fi"
}

# fw_disarm: the armed restore (a transient timer, or a sleeping process without systemd) goes.
fw_disarm() {
  if [ "$sysd" = 1 ]; then systemctl stop trueup-firewall-revert.timer > /dev/null 2>&1; fi
  if [ -f "$L/firewall-revert.pid" ]; then kill "$(cat -- "$L/firewall-revert.pid")" 2> /dev/null; rm -f -- "$L/firewall-revert.pid"; fi
  return 0
}

# fw I SECONDS: replaces the table with the nft script on stdin (base64), atomically (nft -f runs
# it as one transaction), after arming a restore of the previous table in SECONDS. trueup disarms it
# once it has reached the node again over a new connection (fwconfirm).
fw() {
  own "$L" || { say "$1 fail $at_why"; return 1; }
  fw_disarm
  rm -f -- firewall.reverted firewall.prev
  if nft list table inet trueup > firewall.prev.tmp 2> /dev/null; then
    { echo 'table inet trueup'; echo 'delete table inet trueup'; cat firewall.prev.tmp; } > firewall.prev
  fi
  rm -f -- firewall.prev.tmp
  cat > firewall-revert.sh <<'REVERT'
#!/bin/sh
# Armed by trueup before a firewall change: trueup did not reach the node again in time.
cd /var/lib/trueup || exit 1
nft delete table inet trueup 2> /dev/null
if [ -f firewall.prev ]; then nft -f firewall.prev; fi
date -u +%Y-%m-%dT%H:%M:%SZ > firewall.reverted
rm -f firewall-revert.pid
REVERT
  base64 -d > firewall.nft.tmp && mv -f firewall.nft.tmp firewall.nft || { say "$1 fail cannot write the rules"; return 1; }
  if [ "$sysd" = 1 ]; then
    systemctl reset-failed trueup-firewall-revert.timer trueup-firewall-revert.service > /dev/null 2>&1
    # A timer's default accuracy is a minute: the restore must come at the deadline, not after it.
    systemd-run --quiet --unit=trueup-firewall-revert --on-active="$2" --timer-property=AccuracySec=1s \
      /bin/sh "$L/firewall-revert.sh" \
      || { say "$1 fail cannot arm the restore"; return 1; }
  else
    (setsid sh -c "sleep $2; exec sh '$L/firewall-revert.sh'" < /dev/null > /dev/null 2>&1 & echo $! > "$L/firewall-revert.pid")
  fi
  if ! nft -f firewall.nft > firewall.out 2>&1; then
    fw_disarm
    sh firewall-revert.sh; rm -f -- firewall.reverted
    say "$1 fail nft -f failed: $(last_line firewall.out)"
    return 1
  fi
  say "$1 ok"
}

# fwconfirm: run over a new connection after a firewall change: the restore is disarmed and the
# table's listing recorded, so that a later hand-made change shows as drift.
fwconfirm() {
  own "$L" || { say "end failed $at_why"; return 1; }
  # Reached too late: the node has already restored the previous rules.
  if [ -f firewall.reverted ]; then say "reverted $(head -c 64 firewall.reverted)"; say "end failed reverted"; return 1; fi
  fw_disarm
  nft list table inet trueup 2> /dev/null | sha256sum | cut -d' ' -f1 > firewall.sha256
  say "end ok"
}

# rbfw I: the table as it was before change I (or no table), and nothing armed.
rbfw() {
  at "$L" || { say "rb $1 ok"; return 0; }
  fw_disarm
  nft delete table inet trueup 2> /dev/null
  if [ -f firewall.prev ]; then nft -f firewall.prev || { say "rb $1 fail"; return 1; }; fi
  nft list table inet trueup 2> /dev/null | sha256sum | cut -d' ' -f1 > firewall.sha256
  say "rb $1 ok"
}
