#!/usr/bin/env bash
# Generates a synthetic desired-state repository of N nodes (default 1000) for benchmarks:
# 40 services, 10 groups, three environments, per-node schedules, alerts, files and directories.
# Addresses are documentation-range data only; nothing connects anywhere.
set -euo pipefail
n="${1:-1000}"
out="${2:-bench/out/fleet-$n}"
rm -rf "$out"
mkdir -p "$out"/{nodes,services,groups,templates,files}
key="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
cat > "$out/fleet.yaml" <<YAML
fleet: bench
timezone: UTC
environments: [development, staging, production]
secretProviders:
  env: {type: env, prefix: TRUEUP_SECRET_}
secrets:
  ssh/deploy-key: {provider: env, key: SSH_DEPLOY_KEY}
  app/db-password: {provider: env, key: DB_PASSWORD}
defaults:
  schedules:
    daily-health-check: {cron: "0 6 * * *", timezone: UTC, command: /opt/maint/daily-health-check.sh}
    rotate-logs: {cron: "15 6 * * *", timezone: UTC, command: /opt/maint/rotate-logs.sh}
    weekly-backup: {cron: "0 2 * * 0", timezone: UTC, command: /opt/maint/weekly-backup.sh}
    monthly-audit: {cron: "0 3 1 * *", timezone: UTC, command: /opt/maint/system-audit.sh}
  alerts:
    cpu_percent: {high: 80, critical: 95, for: 5m}
    memory_percent: {high: 85, critical: 95}
    disk_percent: {high: 90, critical: 95}
    ssl_expiry_days: {medium: 30, critical: 7}
  directories:
    /opt/maint: {mode: "0755", owner: root}
environmentDefaults:
  development:
    alerts:
      cpu_percent: {high: 90, critical: 98}
YAML
printf 'PORT=${vars.port?c}\nNODE=${node.name}\n' > "$out/templates/app.env.ftl"
echo "managed by trueup" > "$out/files/motd.txt"
for g in $(seq 1 10); do
  cat > "$out/groups/group-$g.yaml" <<YAML
group: group-$g
description: synthetic group $g
defaults:
  files:
    /etc/motd: {source: motd.txt, mode: "0644"}
YAML
done
for s in $(seq 1 40); do
  cat > "$out/services/svc-$s.yaml" <<YAML
service: svc-$s
runtime: container
image: registry.example.org/svc-$s:1.$s.0
ports: ["127.0.0.1:$((10000 + s)):8080"]
env:
  LOG_LEVEL: info
  DB_PASSWORD: {secret: app/db-password}
health: {http: "http://127.0.0.1:$((10000 + s))/health", interval: 30s, timeout: 5s}
environments:
  staging: {image: registry.example.org/svc-$s:1.$((s + 1)).0}
YAML
done
envs=(development staging production)
for i in $(seq 1 "$n"); do
  env="${envs[$((i % 3))]}"
  a=$(( (i % 40) + 1 )); b=$(( ((i + 7) % 40) + 1 )); c=$(( ((i + 19) % 40) + 1 ))
  cat > "$out/nodes/node-$i.yaml" <<YAML
node: node-$i
environment: $env
groups: [group-$(( (i % 10) + 1 ))]
connection:
  driver: ssh
  host: 198.51.$(( i / 250 )).$(( i % 250 + 1 ))
  port: 22
  user: deploy
  hostKeys: ["$key"]
  identity: {secret: ssh/deploy-key}
services:
  svc-$a: {}
  svc-$b: {}
  svc-$c: {}
schedules:
  cache-cleanup: {cron: "0 * * * *", timezone: UTC, command: /opt/maint/cache-cleanup.sh}
alerts:
  disk_percent: {high: 85, critical: 95}
files:
  /etc/app/app.env: {template: app.env.ftl, mode: "0640", owner: root, vars: {port: $((8000 + i % 100))}}
YAML
done
echo "$out"
