#!/bin/sh
# Monthly audit (1st, 03:00 UTC): packages, listening ports, logins.
# Installed by trueup from files/maintenance/system-audit.sh; run by the schedule of the same purpose.
set -eu
out=/var/log/aurora/audit-$(date -u +%Y%m).txt
{ dpkg -l 2>/dev/null | wc -l; ss -tlnp 2>/dev/null; last -n 50 2>/dev/null; } > "$out"
