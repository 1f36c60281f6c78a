#!/bin/sh
# Daily log rotation (06:00 UTC): compress logs older than a day, drop those older than 30 days.
# Installed by trueup from files/maintenance/rotate-logs.sh; run by the schedule of the same purpose.
set -eu
find /var/log/aurora -name "*.log" -mtime +1 -exec gzip -f {} \;
find /var/log/aurora -name "*.log.gz" -mtime +30 -delete
