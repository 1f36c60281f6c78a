#!/bin/sh
# Daily security updates (06:00 UTC): unattended security upgrades only.
# Installed by trueup from files/maintenance/security-updates.sh; run by the schedule of the same purpose.
set -eu
if command -v unattended-upgrade >/dev/null 2>&1; then
  unattended-upgrade
else
  echo "security-updates: unattended-upgrades not installed" >&2
fi
