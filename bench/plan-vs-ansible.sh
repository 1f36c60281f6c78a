#!/usr/bin/env bash
# Benchmark: `trueup plan` over N lab nodes versus `ansible-playbook --check --diff` running an
# equivalent playbook against the same nodes, and versus the floor (N parallel `ssh ... true`).
#
# Usage: bench/plan-vs-ansible.sh [N=50] [RUNS=3]
# Env:   KEEP_LAB=1           leave the nodes running at the end (default: removed by a trap)
#        ANSIBLE_TIMEOUT=900  seconds after which one ansible-playbook run is killed
#        SKIP_FORKS_N=1       skip the reference run of Ansible with forks=N
#        SKIP_ANSIBLE=1       measure only trueup and the floor (a quick check)
#        SKIP_SERVE=1         skip the plans through a warm `trueup serve`
#
# Everything runs on 127.0.0.1: lab nodes are podman containers running sshd (lab/up.sh).
# Writes bench/out/plan-fleet/ (trueup desired state), bench/out/ansible/ (inventory, playbook,
# ansible.cfg, logs), and the result table to stdout and bench/out/plan-vs-ansible.md.
set -euo pipefail
export TRUEUP_LOOPBACK_ONLY=1  # benchmarks reach loopback only (docs/security.md)
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
N=${1:-50}; RUNS=${2:-3}
[[ "$N" =~ ^[0-9]+$ ]] && [ "$N" -ge 1 ] && [ "$N" -le 99 ] || { echo "usage: $0 [N 1..99] [RUNS]" >&2; exit 2; }
[[ "$RUNS" =~ ^[0-9]+$ ]] && [ "$RUNS" -ge 1 ] || { echo "usage: $0 [N] [RUNS>=1]" >&2; exit 2; }
PREFIX=trueup-bench
# A public key for the benchmark's user on both sides (not a secret, and of no node's login).
BENCH_KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHoqFAgrvWxXANQqMRBQBbpomGBwgUKWf9c6c6u31wlR bench@lab"
BASE_PORT=22500
ANSIBLE_TIMEOUT=${ANSIBLE_TIMEOUT:-900}
OUT="$REPO/bench/out"
FLEET="$OUT/plan-fleet"
ANS="$OUT/ansible"
LABRUN="$REPO/lab/run"
NODES_JSON="$LABRUN/$PREFIX/nodes.json"
KH="$LABRUN/$PREFIX/known_hosts"
KEY="$LABRUN/id_ed25519"
export CONTAINERS_CONF="$REPO/lab/containers.conf"

blog() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", (b - a) / 1e9 }'; }

# ---------------------------------------------------------------- 1. prerequisites and the lab
step_prereqs() {
  local pkgs=(openssh-client podman runc debootstrap ansible python3) missing=() p
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    blog "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q "${missing[@]}" >&2
  fi
  "$REPO/lab/build-image.sh" node          # the image bin/test-setup builds (cached)
  "$REPO/bench/node-python.sh" build       # python3 for Ansible's modules (cached)
}

CUR_CP=""   # control-path directory of the Ansible run in progress
close_masters() { # dir: closes Ansible's ControlPersist ssh masters there, removes the dir
  local sock
  for sock in "$1"/*; do [ -S "$sock" ] && ssh -o ControlPath="$sock" -O exit dummy >/dev/null 2>&1 || true; done
  rm -rf "$1"
}

cleanup() {
  local rc=$?
  [ -n "${SERVE_PID:-}" ] && kill "$SERVE_PID" 2>/dev/null
  [ -n "$CUR_CP" ] && close_masters "$CUR_CP"
  if [ "${KEEP_LAB:-0}" = 1 ]; then
    blog "KEEP_LAB=1: nodes $PREFIX-1..$N left running (lab/down.sh --prefix $PREFIX)"
  else
    "$REPO/lab/down.sh" --prefix "$PREFIX" || true
  fi
  exit "$rc"
}

step_lab() {
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  "$REPO/lab/up.sh" "$N" --prefix "$PREFIX" --base-port "$BASE_PORT"
  "$REPO/bench/node-python.sh" install "$PREFIX" "$N"
  [ -s "$NODES_JSON" ] || die "no $NODES_JSON"
  # name port hostKey, one node a line
  mapfile -t NODES < <(python3 -c '
import json, sys
for n in json.load(open(sys.argv[1])):
    assert n["host"] == "127.0.0.1", n
    print(n["name"], n["port"], n["hostKey"])' "$NODES_JSON")
  [ "${#NODES[@]}" = "$N" ] || die "nodes.json lists ${#NODES[@]} nodes, expected $N"
}

# Per-node values shared by the trueup repo, the seed and the Ansible inventory.
ENVS=(development staging production)
node_env() { echo "${ENVS[$(( $1 % 3 ))]}"; }          # by index i
node_app_port() { echo $(( 8000 + $1 )); }

# Content of every managed file, computed once here so that trueup, Ansible and the seed agree.
app1_content() { # name env port   (= templates/app-1.conf.ftl and ansible/templates/app-1.conf.j2)
  printf '# app-1 of %s, managed by the trueup benchmark\nenvironment=%s\nport=%s\nrole=bench\n' "$1" "$2" "$3"
}
app2_content() { printf 'log_level=info\nworkers=4\n'; }
app3_content() { printf 'feature_x=on\n'; }
app3_drifted() { printf 'feature_x=off\n# edited by hand\n'; }
app4_content() { printf 'cache_mb=256\nttl_s=600\n'; }
app5_content() { printf 'maintenance_window=sun-02:00\n'; }

SCHEDULES=(  # name|cron|command
  "daily-health-check|0 6 * * *|/opt/trueup-bench/daily-health-check.sh"
  "weekly-backup|0 2 * * 0|/opt/trueup-bench/weekly-backup.sh"
  "monthly-audit|0 3 1 * *|/opt/trueup-bench/system-audit.sh"
  "hourly-cache-cleanup|0 * * * *|/opt/trueup-bench/cache-cleanup.sh"
)

# Prometheus rules for one node (what Ansible copies; trueup renders its own from `alerts`).
rules_content() { # name
  cat <<YAML
# managed by the trueup benchmark: alert thresholds of node $1
groups:
  - name: trueup-$1
    rules:
      - {alert: cpu_percent_high, expr: 'cpu_percent > 80', for: 5m, labels: {severity: high, node: '$1'}}
      - {alert: cpu_percent_critical, expr: 'cpu_percent > 95', for: 5m, labels: {severity: critical, node: '$1'}}
      - {alert: memory_percent_high, expr: 'memory_percent > 85', labels: {severity: high, node: '$1'}}
      - {alert: memory_percent_critical, expr: 'memory_percent > 95', labels: {severity: critical, node: '$1'}}
      - {alert: disk_percent_high, expr: 'disk_percent > 90', labels: {severity: high, node: '$1'}}
      - {alert: disk_percent_critical, expr: 'disk_percent > 95', labels: {severity: critical, node: '$1'}}
      - {alert: ssl_expiry_days_medium, expr: 'ssl_expiry_days < 30', labels: {severity: medium, node: '$1'}}
      - {alert: ssl_expiry_days_critical, expr: 'ssl_expiry_days < 7', labels: {severity: critical, node: '$1'}}
YAML
}

# ---------------------------------------------------------------- 2. the trueup desired state
step_fleet() {
  rm -rf "$FLEET"; mkdir -p "$FLEET"/{nodes,templates,files}
  cat > "$FLEET/fleet.yaml" <<YAML
# Generated by bench/plan-vs-ansible.sh: $N lab nodes on 127.0.0.1, ports $((BASE_PORT + 1))..$((BASE_PORT + N)).
fleet: plan-bench
timezone: UTC
environments: [development, staging, production]
secretProviders:
  files: {type: files, directory: $LABRUN}
secrets:
  ssh/lab-key: {provider: files, key: id_ed25519}
defaults:
  schedules:
$(for s in "${SCHEDULES[@]}"; do IFS='|' read -r name cron cmd <<<"$s"
  printf '    %s: {cron: "%s", timezone: UTC, command: %s, user: root}\n' "$name" "$cron" "$cmd"; done)
  alerts:
    cpu_percent:     {high: 80, critical: 95, for: 5m}
    memory_percent:  {high: 85, critical: 95}
    disk_percent:    {high: 90, critical: 95}
    ssl_expiry_days: {medium: 30, critical: 7}
  directories:
    /etc/trueup-bench:     {mode: "0755", owner: root, group: root}
    /var/lib/trueup-bench: {mode: "0750", owner: root, group: root}
  packages:
    sudo: {}
    telnet: {state: absent}
  localGroups:
    benchops: {gid: 4242}
  users:
    benchops:
      uid: 4343
      group: benchops
      shell: /bin/sh
      authorizedKeys: ["$BENCH_KEY"]
  sysctl:
    net.ipv4.tcp_syncookies: 1
YAML
  cat > "$FLEET/templates/app-1.conf.ftl" <<'FTL'
# app-1 of ${node.name}, managed by the trueup benchmark
environment=${node.environment}
port=${vars.port?c}
role=${vars.role}
FTL
  app2_content > "$FLEET/files/app-2.conf"
  app4_content > "$FLEET/files/app-4.conf"
  local line name port hk i=0
  for line in "${NODES[@]}"; do
    i=$((i + 1)); read -r name port hk <<<"$line"
    cat > "$FLEET/nodes/$name.yaml" <<YAML
node: $name
environment: $(node_env "$i")
connection:
  driver: ssh
  host: 127.0.0.1
  port: $port
  user: trueup
  sudo: true
  hostKeys: ["$hk"]
  identity: {secret: ssh/lab-key}
files:
  /etc/trueup-bench/app-1.conf: {template: app-1.conf.ftl, mode: "0640", owner: root, group: root, vars: {port: $(node_app_port "$i"), role: bench}}
  /etc/trueup-bench/app-2.conf: {source: app-2.conf, mode: "0644", owner: root, group: root}
  /etc/trueup-bench/app-3.conf: {content: "$(app3_content | sed 's/$/\\n/' | tr -d '\n')", mode: "0644", owner: root, group: root}
  /etc/trueup-bench/app-4.conf: {source: app-4.conf, mode: "0640", owner: root, group: root}
  /etc/trueup-bench/app-5.conf: {content: "$(app5_content | sed 's/$/\\n/' | tr -d '\n')", mode: "0644", owner: root, group: root}
YAML
  done
  local out
  if ! out=$("$REPO/bin/trueup" validate --repo "$FLEET" 2>&1); then
    echo "$out" >&2; die "trueup validate refused $FLEET"
  fi
  blog "desired state for $N nodes: $FLEET (trueup validate: ok)"
}

# ---------------------------------------------------------------- 3. seed the nodes
# Per node: /etc/trueup-bench present (right mode), /var/lib/trueup-bench absent; app-1 and app-2
# present and equal, app-3 drifted, app-4 and app-5 absent; cron: daily-health-check written as
# trueup writes it, weekly-backup as Ansible's cron module writes it, the two others absent;
# /etc/prometheus/rules present but no rules file. Earlier runs' leftovers are removed first.
seed_script() { # name env port
  local name=$1 envn=$2 port=$3
  cat <<SH
set -e
rm -rf /etc/trueup-bench /var/lib/trueup-bench /etc/cron.d/trueup-* /etc/prometheus/rules/trueup-*
rm -f /etc/sysctl.d/trueup-sysctl.conf
getent group benchops >/dev/null || groupadd -g 4242 benchops
getent passwd benchops >/dev/null || useradd -u 4343 -g benchops -s /bin/sh -m benchops
rm -rf ~benchops/.ssh
mkdir -p /etc/trueup-bench /etc/prometheus/rules
chmod 0755 /etc/trueup-bench /etc/prometheus/rules
cat > /etc/trueup-bench/app-1.conf <<'EOF_SEED'
$(app1_content "$name" "$envn" "$port")
EOF_SEED
cat > /etc/trueup-bench/app-2.conf <<'EOF_SEED'
$(app2_content)
EOF_SEED
cat > /etc/trueup-bench/app-3.conf <<'EOF_SEED'
$(app3_drifted)
EOF_SEED
chmod 0640 /etc/trueup-bench/app-1.conf
chmod 0644 /etc/trueup-bench/app-2.conf /etc/trueup-bench/app-3.conf
chown root:root /etc/trueup-bench/app-*.conf
cat > /etc/cron.d/trueup-daily-health-check <<'EOF_SEED'
# managed by trueup: do not edit
# schedule daily-health-check, declared at fleet.yaml
SHELL=/bin/sh
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CRON_TZ=UTC
0 6 * * * root /opt/trueup-bench/daily-health-check.sh
EOF_SEED
cat > /etc/cron.d/trueup-weekly-backup <<'EOF_SEED'
#Ansible: weekly-backup
0 2 * * 0 root /opt/trueup-bench/weekly-backup.sh
EOF_SEED
chmod 0644 /etc/cron.d/trueup-*
SH
}

# One ssh client configuration for the seed and the floor: strict pinned host keys, no reuse.
write_ssh_config() {
  SSH_CFG="$OUT/ssh_config"
  cat > "$SSH_CFG" <<CFG
Host *
  BatchMode yes
  StrictHostKeyChecking yes
  UserKnownHostsFile $KH
  IdentitiesOnly yes
  IdentityFile $KEY
  ControlMaster no
  ControlPath none
  ConnectTimeout 10
  LogLevel ERROR
CFG
}

step_seed() {
  write_ssh_config
  rm -rf "$OUT/seed"; mkdir -p "$OUT/seed"
  local line name port hk i=0
  for line in "${NODES[@]}"; do
    i=$((i + 1)); read -r name port hk <<<"$line"
    seed_script "$name" "$(node_env "$i")" "$(node_app_port "$i")" > "$OUT/seed/$name.sh"
  done
  local t0; t0=$(now_ns)
  # one ssh command per node, 8 at a time
  printf '%s\n' "${NODES[@]}" | awk '{print $1, $2}' | \
    xargs -P 8 -L 1 sh -c 'ssh -F "$0" -p "$2" trueup@127.0.0.1 "sudo -n sh -s" < "$(dirname "$0")/seed/$1.sh" >/dev/null || { echo "[bench] seeding $1 failed" >&2; exit 255; }' "$SSH_CFG" \
    || die "seeding failed"
  blog "seeded $N nodes in $(secs "$t0" "$(now_ns)") s"
}

# ---------------------------------------------------------------- 4. the Ansible peer
# Per host 19 tasks; with the seed above 10 of them report "changed": /var/lib/trueup-bench,
# app-3 (drifted), app-4, app-5, cron daily-health-check (trueup's format has no "#Ansible:"
# marker), monthly-audit, hourly-cache-cleanup, the rules file, the user's key and the sysctl
# file (the package, group and user tasks find them as seeded).
ANSIBLE_TASKS_PER_HOST=19
ANSIBLE_CHANGED_PER_HOST=10

step_ansible_files() {
  rm -rf "$ANS"; mkdir -p "$ANS"/{templates,files/rules}
  cat > "$ANS/ansible.cfg" <<CFG
# Generated by bench/plan-vs-ansible.sh. forks is left at Ansible's default (5).
[defaults]
inventory = $ANS/inventory.ini
host_key_checking = True
retry_files_enabled = False
# explicit: facts are gathered only when a play asks (none does). The playbook needs no facts,
# and trueup gathers none either; the default (implicit) would add a setup round trip per host.
gathering = explicit
interpreter_python = /usr/bin/python3
nocows = 1
deprecation_warnings = False

[ssh_connection]
pipelining = True
CFG
  {
    echo "[bench]"
    local line name port hk i=0
    for line in "${NODES[@]}"; do
      i=$((i + 1)); read -r name port hk <<<"$line"
      echo "$name ansible_port=$port trueup_environment=$(node_env "$i") app_port=$(node_app_port "$i")"
      rules_content "$name" > "$ANS/files/rules/$name.yml"
    done
    cat <<INI

[bench:vars]
ansible_host=127.0.0.1
ansible_user=trueup
ansible_ssh_private_key_file=$KEY
ansible_ssh_common_args='-o UserKnownHostsFile=$KH -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes'
ansible_become=true
INI
  } > "$ANS/inventory.ini"
  cat > "$ANS/templates/app-1.conf.j2" <<'J2'
# app-1 of {{ inventory_hostname }}, managed by the trueup benchmark
environment={{ trueup_environment }}
port={{ app_port }}
role=bench
J2
  app2_content > "$ANS/files/app-2.conf"
  app4_content > "$ANS/files/app-4.conf"
  {
    cat <<YAML
# Generated by bench/plan-vs-ansible.sh: the same resources as bench/out/plan-fleet.
- name: trueup benchmark peer
  hosts: bench
  gather_facts: false
  become: true
  tasks:
    - name: directory /etc/trueup-bench
      ansible.builtin.file: {path: /etc/trueup-bench, state: directory, mode: "0755", owner: root, group: root}
    - name: directory /var/lib/trueup-bench
      ansible.builtin.file: {path: /var/lib/trueup-bench, state: directory, mode: "0750", owner: root, group: root}
    - name: directory /etc/prometheus/rules
      ansible.builtin.file: {path: /etc/prometheus/rules, state: directory, mode: "0755", owner: root, group: root}
    - name: file app-1.conf (template)
      ansible.builtin.template: {src: app-1.conf.j2, dest: /etc/trueup-bench/app-1.conf, mode: "0640", owner: root, group: root}
    - name: file app-2.conf (source)
      ansible.builtin.copy: {src: app-2.conf, dest: /etc/trueup-bench/app-2.conf, mode: "0644", owner: root, group: root}
    - name: file app-3.conf (inline)
      ansible.builtin.copy: {content: "$(app3_content | sed 's/$/\\n/' | tr -d '\n')", dest: /etc/trueup-bench/app-3.conf, mode: "0644", owner: root, group: root}
    - name: file app-4.conf (source)
      ansible.builtin.copy: {src: app-4.conf, dest: /etc/trueup-bench/app-4.conf, mode: "0640", owner: root, group: root}
    - name: file app-5.conf (inline)
      ansible.builtin.copy: {content: "$(app5_content | sed 's/$/\\n/' | tr -d '\n')", dest: /etc/trueup-bench/app-5.conf, mode: "0644", owner: root, group: root}
YAML
    local s name cron cmd m h dom mon dow
    for s in "${SCHEDULES[@]}"; do
      IFS='|' read -r name cron cmd <<<"$s"; read -r m h dom mon dow <<<"$cron"
      cat <<YAML
    - name: schedule $name
      ansible.builtin.cron: {name: $name, cron_file: trueup-$name, user: root, minute: "$m", hour: "$h", day: "$dom", month: "$mon", weekday: "$dow", job: $cmd}
YAML
    done
    cat <<'YAML'
    - name: alert rules
      ansible.builtin.copy: {src: "rules/{{ inventory_hostname }}.yml", dest: "/etc/prometheus/rules/trueup-{{ inventory_hostname }}.yml", mode: "0644", owner: root, group: root}
YAML
    cat <<YAML
    - name: package sudo
      ansible.builtin.apt: {name: sudo, state: present}
    - name: package telnet absent
      ansible.builtin.apt: {name: telnet, state: absent}
    - name: group benchops
      ansible.builtin.group: {name: benchops, gid: 4242}
    - name: user benchops
      ansible.builtin.user: {name: benchops, uid: 4343, group: benchops, shell: /bin/sh}
    - name: key of benchops
      ansible.posix.authorized_key: {user: benchops, key: "$BENCH_KEY", exclusive: false}
    - name: sysctl net.ipv4.tcp_syncookies
      ansible.posix.sysctl: {name: net.ipv4.tcp_syncookies, value: "1", sysctl_file: /etc/sysctl.d/trueup-sysctl.conf, reload: false}
YAML
  } > "$ANS/playbook.yml"
  blog "ansible inventory, playbook and ansible.cfg: $ANS"
}

# ansible_run LABEL [extra args...]: one timed run; appends seconds to $ANS/times-LABEL
ansible_run() {
  local label=$1; shift
  local k=1
  while [ -e "$ANS/log-$label-$k.txt" ]; do k=$((k + 1)); done
  local log="$ANS/log-$label-$k.txt"
  # A fresh, short control-path directory per run: ControlPersist masters of an earlier run are
  # never reused, and are closed afterwards.
  local cp; cp=$(mktemp -d /tmp/tb-cp.XXXXXX); CUR_CP=$cp
  local t0 t1 rc=0
  t0=$(now_ns)
  ANSIBLE_CONFIG="$ANS/ansible.cfg" ANSIBLE_SSH_CONTROL_PATH_DIR="$cp" ANSIBLE_FORCE_COLOR=0 \
    timeout "$ANSIBLE_TIMEOUT" ansible-playbook -i "$ANS/inventory.ini" "$ANS/playbook.yml" --check --diff "$@" \
    > "$log" 2>&1 || rc=$?
  t1=$(now_ns)
  close_masters "$cp"; CUR_CP=""
  [ "$rc" = 0 ] || { tail -n 30 "$log" >&2; die "ansible-playbook exited $rc (log: $log)"; }
  # Sanity: every host ok, none failed/unreachable, the expected number of changed tasks.
  local check
  check=$(awk -v n="$N" -v tasks="$ANSIBLE_TASKS_PER_HOST" -v ch="$ANSIBLE_CHANGED_PER_HOST" '
    /^PLAY RECAP/ { recap = 1; next }
    recap && / : ok=/ {
      hosts++
      for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      ok += v["ok"]; changed += v["changed"]; bad += v["failed"] + v["unreachable"]
    }
    END {
      printf "%d %d %d %d", hosts, ok, changed, bad
      exit !(hosts == n && ok == n * tasks && changed == n * ch && bad == 0)
    }' "$log") || die "ansible run $label-$k: hosts/ok/changed/failed = $check, expected $N/$((N * ANSIBLE_TASKS_PER_HOST))/$((N * ANSIBLE_CHANGED_PER_HOST))/0 (log: $log)"
  ANSIBLE_CHECK=$check
  secs "$t0" "$t1" >> "$ANS/times-$label"
  blog "ansible $label run $k: $(tail -n1 "$ANS/times-$label") s (hosts ok changed failed: $check)"
}

# ---------------------------------------------------------------- 5. the floor
floor_run() {
  local t0 t1 line name port hk pids=() fail=0 p
  t0=$(now_ns)
  for line in "${NODES[@]}"; do
    read -r name port hk <<<"$line"
    ssh -F "$SSH_CFG" -p "$port" trueup@127.0.0.1 true & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || fail=$((fail + 1)); done
  t1=$(now_ns)
  [ "$fail" = 0 ] || die "floor: $fail of $N ssh round trips failed"
  secs "$t0" "$t1" >> "$OUT/times-floor"
  blog "floor run: $(tail -n1 "$OUT/times-floor") s"
}

# ---------------------------------------------------------------- 6. trueup plan
TRUEUP_STATUS="not run"
trueup_probe() { # one untimed run: is `plan` there at all?
  local rc=0
  "$REPO/bin/trueup" plan --repo "$FLEET" > "$OUT/trueup-plan.txt" 2> "$OUT/trueup-plan.err" || rc=$?
  if [ "$rc" = 2 ] && grep -qE "^Usage: trueup|Unmatched argument|Unknown (sub)?command" "$OUT/trueup-plan.err"; then
    TRUEUP_STATUS="not available (this build of trueup has no \`plan\` command)"
    blog "trueup plan: not available"; return 1
  fi
  if [ "$rc" != 0 ] && [ "$rc" != 2 ]; then
    TRUEUP_STATUS="failed (exit $rc, see bench/out/trueup-plan.err)"
    blog "trueup plan failed with exit $rc:"; tail -n 20 "$OUT/trueup-plan.err" >&2; return 1
  fi
  TRUEUP_STATUS="exit $rc$([ "$rc" = 2 ] && echo ' (changes present)')"
  return 0
}
trueup_run() {
  local t0 t1 rc=0
  t0=$(now_ns)
  "$REPO/bin/trueup" plan --repo "$FLEET" > "$OUT/trueup-plan.txt" 2> "$OUT/trueup-plan.err" || rc=$?
  t1=$(now_ns)
  [ "$rc" = 0 ] || [ "$rc" = 2 ] || die "trueup plan exited $rc (see $OUT/trueup-plan.err)"
  TRUEUP_STATUS="exit $rc$([ "$rc" = 2 ] && echo ' (changes present)')"
  secs "$t0" "$t1" >> "$OUT/times-trueup"
  blog "trueup plan run: $(tail -n1 "$OUT/times-trueup") s, $TRUEUP_STATUS"
}

# ---------------------------------------------------------------- 6b. plans through a warm serve
# serve follows a copy of the fleet whose policy only notifies, so its startup run applies nothing
# and the nodes keep the changes the other tools see; then `plan --server` (JVM start of the
# client included) and a bare POST /api/v1/plan (curl) are timed over serve's kept connections.
SERVE_PORT=18480
serve_start() {
  local copy="$OUT/plan-fleet-serve"
  rm -rf "$copy" "$OUT/serve-store"; cp -r "$FLEET" "$copy"
  printf 'matrix: {bugfix: notify, minor: notify, major: notify, architecture: notify, business: notify}\nliveDrift: {default: flag}\n' > "$copy/policy.yaml"
  TRUEUP_API_TOKEN=bench-token "$REPO/bin/trueup" serve --repo "$copy" --store "$OUT/serve-store" \
    --poll 1h --listen 127.0.0.1:$SERVE_PORT --webhook-listen 127.0.0.1:$((SERVE_PORT + 1)) \
    --drift-every 0 --notify-every 0 --api-token-env TRUEUP_API_TOKEN --parallelism 16 \
    > "$OUT/serve.log" 2>&1 &
  SERVE_PID=$!
  local i
  for i in $(seq 1 600); do
    if curl -fsS -H "Authorization: Bearer bench-token" "http://127.0.0.1:$SERVE_PORT/api/v1/runs" 2>/dev/null \
        | grep -q '"status":"succeeded"'; then
      return 0
    fi
    sleep 0.5
  done
  die "serve's startup run did not finish (see $OUT/serve.log)"
}
serve_stop() {
  if [ -n "${SERVE_PID:-}" ]; then
    kill "$SERVE_PID" 2>/dev/null || true
    wait "$SERVE_PID" 2>/dev/null || true   # 143: stopped by the signal, as asked
  fi
  SERVE_PID=""
}
serve_client_run() {
  local t0 t1 rc=0
  t0=$(now_ns)
  TRUEUP_API_TOKEN=bench-token "$REPO/bin/trueup" plan --server "http://127.0.0.1:$SERVE_PORT" \
    > "$OUT/serve-plan.txt" 2> "$OUT/serve-plan.err" || rc=$?
  t1=$(now_ns)
  [ "$rc" = 0 ] || [ "$rc" = 2 ] || die "trueup plan --server exited $rc (see $OUT/serve-plan.err)"
  secs "$t0" "$t1" >> "$OUT/times-serve-cli"
  blog "trueup plan --server run: $(tail -n1 "$OUT/times-serve-cli") s, exit $rc"
}
serve_post_run() {
  local t0 t1
  t0=$(now_ns)
  curl -fsS -o "$OUT/serve-plan.json" -H "Authorization: Bearer bench-token" \
    -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$SERVE_PORT/api/v1/plan"
  t1=$(now_ns)
  secs "$t0" "$t1" >> "$OUT/times-serve-post"
  blog "POST /api/v1/plan: $(tail -n1 "$OUT/times-serve-post") s"
}

# ---------------------------------------------------------------- 7. the table
stats() { # file -> "runs median min max"
  sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%d %s %s %s", NR, v[int((NR + 1) / 2)], v[1], v[NR] }'
}
ratio() { # median trueup_median
  if [ -z "$2" ]; then echo "n/a"; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'; fi
}

report() {
  local tm="" r md min max
  [ -s "$OUT/times-trueup" ] && tm=$(stats "$OUT/times-trueup" | cut -d' ' -f2)
  row() { # label file
    if [ -s "$2" ]; then
      read -r r md min max <<<"$(stats "$2")"
      echo "| $1 | $r | $md | $min | $max | $(ratio "$md" "$tm") |"
    else
      echo "| $1 | 0 | – | – | – | n/a |"
    fi
  }
  {
    echo "### \`trueup plan\` vs \`ansible-playbook --check --diff\` vs the ssh floor, $N lab nodes"
    echo
    echo "| tool | runs | median (s) | min (s) | max (s) | ratio vs trueup |"
    echo "|---|---:|---:|---:|---:|---:|"
    if [ -s "$OUT/times-trueup" ]; then
      row "\`trueup plan\` (JVM start included)" "$OUT/times-trueup"
    else
      echo "| \`trueup plan\` | 0 | $TRUEUP_STATUS | – | – | – |"
    fi
    row "\`ansible-playbook --check --diff\`, default forks (5)" "$ANS/times-forks5"
    [ "${SKIP_FORKS_N:-0}" = 1 ] || row "\`ansible-playbook --check --diff\`, forks=$N (reference)" "$ANS/times-forks$N"
    row "floor: $N parallel \`ssh … true\`" "$OUT/times-floor"
    row "\`trueup plan --server\` through a warm serve (client JVM start included)" "$OUT/times-serve-cli"
    row "\`POST /api/v1/plan\` through a warm serve (curl)" "$OUT/times-serve-post"
    echo
    echo "- trueup plan: $TRUEUP_STATUS"
    echo "- Ansible: ${ANSIBLE_TASKS_PER_HOST} tasks per host, ${ANSIBLE_CHANGED_PER_HOST} reported changed (checked on every run; last: hosts ok changed failed = ${ANSIBLE_CHECK:-?}); gathering explicit, pipelining on, interpreter /usr/bin/python3 given"
    if [ -n "$tm" ]; then
      local a f
      a=""; [ -s "$ANS/times-forks5" ] && a=$(stats "$ANS/times-forks5" | cut -d' ' -f2)
      f=$(stats "$OUT/times-floor" | cut -d' ' -f2)
      [ -n "$a" ] && echo "- target: Ansible (forks 5) / trueup = $(ratio "$a" "$tm") (target ≥ 20×)"
      echo "- target: trueup / floor = $(ratio "$tm" "$f") (target ≤ 2×)"
      if [ -s "$OUT/times-serve-cli" ]; then
        local sc
        sc=$(stats "$OUT/times-serve-cli" | cut -d' ' -f2)
        echo "- target: trueup / \`trueup plan --server\` = $(ratio "$tm" "$sc") (target ≥ 5×)"
      fi
    else
      echo "- targets (≥ 20× faster than Ansible at forks 5, within 2× of the floor): not measurable without \`trueup plan\`"
    fi
    echo "- machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average before the runs: $LOAD_BEFORE; $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "- versions: $(ansible-playbook --version 2>/dev/null | head -n1); $(ssh -V 2>&1); trueup $(git -C "$REPO" rev-parse --short HEAD)"
    echo "- rerun: \`bench/plan-vs-ansible.sh $N $RUNS\`"
  } | tee "$OUT/plan-vs-ansible.md"
}

# ---------------------------------------------------------------- main
mkdir -p "$OUT"
rm -f "$OUT"/times-floor "$OUT"/times-trueup
T_ALL=$(now_ns)
step_prereqs
step_lab
step_fleet
step_seed
step_ansible_files
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

for _ in $(seq 1 "$RUNS"); do floor_run; done
if trueup_probe; then
  for _ in $(seq 1 "$RUNS"); do trueup_run; done
  if [ "${SKIP_SERVE:-0}" != 1 ]; then
    rm -f "$OUT"/times-serve-*
    serve_start
    serve_post_run > /dev/null; rm -f "$OUT/times-serve-post"   # warm: connections opened
    for _ in $(seq 1 "$RUNS"); do serve_client_run; serve_post_run; done
    serve_stop
  fi
fi
rm -f "$ANS"/times-*
if [ "${SKIP_ANSIBLE:-0}" != 1 ]; then
  for _ in $(seq 1 "$RUNS"); do ansible_run forks5; done
  [ "${SKIP_FORKS_N:-0}" = 1 ] || ansible_run "forks$N" --forks "$N"
fi
blog "all done in $(secs "$T_ALL" "$(now_ns)") s"
report
