#!/bin/sh
# Daily health check (06:00 UTC): service health, disk space, recent errors.
# Installed by trueup from files/maintenance/daily-health-check.sh; run by the schedule of the same purpose.
set -eu
for url in http://127.0.0.1:8000/health http://127.0.0.1:9100/metrics; do
  curl -fsS -o /dev/null --max-time 5 "$url" || echo "health: $url not answering" >&2
done
df -h / /srv 2>/dev/null || df -h /
grep -hE "ERROR|CRITICAL" /var/log/aurora/*.log 2>/dev/null | tail -n 100 || true
