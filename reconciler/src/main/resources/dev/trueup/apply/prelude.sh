# trueup apply: functions shared by the apply, rollback and health scripts.
# The caller sets T (frame tag), R (sandbox root, "" on a real node) and BK (backup directory of
# this apply, root included) before these definitions are used. Every value written by a user
# reaches this script single-quoted; file contents arrive as base64 in here-documents.
# Frames ("$T ...") go to fd 3, the caller's stdout; everything else goes to stderr.
export LC_ALL=C
umask 077
owner_ok=0
if [ "$(id -u)" = 0 ]; then owner_ok=1; fi
sysd=0
if [ -z "$R" ] && [ -d /run/systemd/system ]; then sysd=1; fi
uf=0

say() { printf '%s %s\n' "$T" "$*" >&3; }

# node_lock: one trueup script changes this node at a time, whoever started it. A controller that
# was killed can leave its script running until its next frame (the write fails and the script
# dies); the next script waits for it, up to 30 s. A lock whose holder is gone is taken over.
node_lock() {
  NL=$R/var/lib/trueup/apply.lock
  mkdir -p -- "$R/var/lib/trueup" || return 1
  nl_i=0
  while ! mkdir -- "$NL" 2>/dev/null; do
    nl_p=$(cat -- "$NL/pid" 2>/dev/null)
    if [ -n "$nl_p" ] && ! kill -0 "$nl_p" 2>/dev/null; then
      rm -rf -- "$NL"
      continue
    fi
    nl_i=$((nl_i + 1))
    if [ "$nl_i" -ge "$LW" ]; then return 1; fi
    sleep 0.1
  done
  echo $$ > "$NL/pid"
  trap 'rm -rf -- "$NL"' EXIT
}

# fsync one file (coreutils >= 8.24 and recent busybox take a path; otherwise sync everything).
fsync() { sync -- "$1" 2>/dev/null || sync; }

note() { printf '%s\n' "$*" >> "$BK/manifest" && fsync "$BK/manifest"; }

# attrs FILE MODE OWNER GROUP: empty values are left alone; ownership only as root.
attrs() {
  if [ -n "$2" ]; then chmod "$2" "$1" || return 1; fi
  if [ "$owner_ok" = 1 ]; then
    if [ -n "$3" ] && [ -n "$4" ]; then chown -- "$3:$4" "$1" || return 1
    elif [ -n "$3" ]; then chown -- "$3" "$1" || return 1
    elif [ -n "$4" ]; then chgrp -- "$4" "$1" || return 1
    fi
  fi
  return 0
}

# save I PATH WANT: records what PATH was before change I (manifest line "I state ...") and keeps
# a copy; something of another type than WANT (file|dir) is moved into the backup, out of the way.
save() {
  sf=$R$2 sb=$BK/f$2
  mkdir -p -- "${sb%/*}" || return 1
  if [ -L "$sf" ] || { [ -e "$sf" ] && [ ! -f "$sf" ] && [ ! -d "$sf" ]; }; then
    mv -- "$sf" "$sb" && note "$1 moved"
  elif [ -d "$sf" ] && [ "$3" = dir ]; then
    note "$1 dir $(stat -c '%a %u %g' -- "$sf")"
  elif [ -d "$sf" ]; then
    mv -- "$sf" "$sb" && note "$1 moved"
  elif [ -f "$sf" ] && [ "$3" = file ]; then
    cp -p -- "$sf" "$sb" && fsync "$sb" && note "$1 file"
  elif [ -f "$sf" ]; then
    mv -- "$sf" "$sb" && note "$1 moved"
  else
    note "$1 absent"
  fi
}

# put I PATH MODE OWNER GROUP SHA256 WRITE: base64 content on stdin when WRITE is 1; written to a
# temporary file in the same directory, synced, checked, then renamed over the path.
put() {
  pf=$R$2
  pd=${pf%/*}
  pt=$pd/.trueup.${pf##*/}.tmp
  save "$1" "$2" file || { say "$1 fail cannot keep the previous version"; return 1; }
  if [ "$7" != 1 ]; then
    attrs "$pf" "$3" "$4" "$5" || { say "$1 fail cannot set mode or owner"; return 1; }
    say "$1 ok"
    return 0
  fi
  mkdir -p -- "$pd" || { say "$1 fail cannot create the parent directory"; return 1; }
  base64 -d > "$pt" || { rm -f -- "$pt"; say "$1 fail cannot write the temporary file"; return 1; }
  fsync "$pt"
  ps=$(sha256sum < "$pt") || ps=
  if [ "${ps%% *}" != "$6" ]; then
    rm -f -- "$pt"
    say "$1 fail checksum mismatch after writing"
    return 1
  fi
  attrs "$pt" "$3" "$4" "$5" || { rm -f -- "$pt"; say "$1 fail cannot set mode or owner"; return 1; }
  mv -f -- "$pt" "$pf" || { rm -f -- "$pt"; say "$1 fail cannot rename into place"; return 1; }
  fsync "$pd"
  case $2 in /etc/systemd/system/*) uf=1 ;; esac
  say "$1 ok"
}

# mkd I PATH MODE OWNER GROUP
mkd() {
  save "$1" "$2" dir || { say "$1 fail cannot keep the previous version"; return 1; }
  mkdir -p -- "$R$2" || { say "$1 fail cannot create the directory"; return 1; }
  attrs "$R$2" "$3" "$4" "$5" || { say "$1 fail cannot set mode or owner"; return 1; }
  say "$1 ok"
}

# del I PATH: only a regular file whose first line carries the marker; moved into the backup.
del() {
  df=$R$2
  if [ ! -e "$df" ] && [ ! -L "$df" ]; then note "$1 absent"; say "$1 ok"; return 0; fi
  if [ -L "$df" ] || [ ! -f "$df" ]; then say "$1 fail not a regular file"; return 1; fi
  dl=$(head -c 1024 < "$df" | head -n 1)
  case $dl in
    *'managed by trueup'*) ;;
    *) say "$1 fail marker missing: not deleting"; return 1 ;;
  esac
  save "$1" "$2" none || { say "$1 fail cannot keep the previous version"; return 1; }
  fsync "${df%/*}"
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
  rf=$R$2 rs=$BK/f$2
  rr=$(grep "^$1 " "$BK/manifest" 2>/dev/null | head -n 1)
  if [ -z "$rr" ]; then say "rb $1 ok"; return 0; fi
  ri=$1
  set -- $rr
  case $2 in
    absent)
      if [ -d "$rf" ] && [ ! -L "$rf" ]; then rmdir -- "$rf" 2>/dev/null || true
      else rm -f -- "$rf"; fi ;;
    file)
      cp -p -- "$rs" "${rf%/*}/.trueup.${rf##*/}.tmp" &&
        mv -f -- "${rf%/*}/.trueup.${rf##*/}.tmp" "$rf" || { say "rb $ri fail"; return 1; } ;;
    dir)
      chmod "$3" "$rf" || { say "rb $ri fail"; return 1; }
      if [ "$owner_ok" = 1 ]; then chown "$4:$5" "$rf" || { say "rb $ri fail"; return 1; }; fi ;;
    moved)
      if [ -d "$rf" ] && [ ! -L "$rf" ]; then rmdir -- "$rf" 2>/dev/null
      elif [ -e "$rf" ] || [ -L "$rf" ]; then rm -f -- "$rf"; fi
      mv -- "$rs" "$rf" || { say "rb $ri fail"; return 1; } ;;
  esac
  case $rf in /etc/systemd/system/*) uf=1 ;; esac
  say "rb $ri ok"
}

# rbunit I NAME: the unit's enabled and active state as recorded before change I.
rbunit() {
  rr=$(grep "^$1 unit " "$BK/manifest" 2>/dev/null | head -n 1)
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
