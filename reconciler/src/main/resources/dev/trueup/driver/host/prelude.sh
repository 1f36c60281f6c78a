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
# running unit whose unit file changed.
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
    *) if [ "$5" = 1 ]; then systemctl try-restart -- "$2" || { say "$1 fail restart failed"; return 1; }; fi ;;
  esac
  say "$1 ok"
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
    *) systemctl stop -- "$rn" ;;
  esac
  if [ $? = 0 ]; then say "rb $ri ok"; else say "rb $ri fail"; fi
}

# check I TIMEOUT KIND ARG...: one health check, bounded by TIMEOUT seconds.
check() {
  ci=$1 ct=$2 ck=$3
  shift 3
  case $ck in
    command) timeout "$ct" sh -c "$1" < /dev/null > /dev/null 2>&1 ;;
    tcp)
      if command -v nc > /dev/null 2>&1; then timeout "$ct" nc -z -w "$ct" "$1" "$2" < /dev/null > /dev/null 2>&1
      elif command -v bash > /dev/null 2>&1; then timeout "$ct" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" > /dev/null 2>&1
      else say "$ci fail no nc or bash on the node"; return 1; fi ;;
    http)
      if command -v curl > /dev/null 2>&1; then timeout "$ct" curl -fsS -o /dev/null --max-time "$ct" -- "$1" < /dev/null > /dev/null 2>&1
      elif command -v wget > /dev/null 2>&1; then timeout "$ct" wget -q -O /dev/null -T "$ct" -- "$1" < /dev/null > /dev/null 2>&1
      else say "$ci fail no curl or wget on the node"; return 1; fi ;;
  esac
  cs=$?
  if [ "$cs" = 0 ]; then say "$ci ok"
  elif [ "$cs" = 124 ]; then say "$ci fail timed out after ${ct}s"
  else say "$ci fail exit status $cs"; fi
}
