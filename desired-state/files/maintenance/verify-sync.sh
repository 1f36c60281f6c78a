#!/bin/sh
# Weekly cross-environment sync verification (Sunday 02:00 UTC).
# Installed by trueup from files/maintenance/verify-sync.sh; run by the schedule of the same purpose.
set -eu
curl -fsS --max-time 10 http://127.0.0.1:8006/api/sync/status
