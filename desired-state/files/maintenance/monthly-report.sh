#!/bin/sh
# Monthly report (1st, 03:00 UTC), per company: --company <name>.
# Installed by trueup from files/maintenance/monthly-report.sh; run by the schedule of the same purpose.
set -eu
company=${2:-all}
echo "monthly report for $company: $(date -u +%Y-%m)" >> /var/log/aurora/monthly-report.log
