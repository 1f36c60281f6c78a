#!/bin/sh
# Hourly cache cleanup: temporary files older than a day.
# Installed by trueup from files/maintenance/cache-cleanup.sh; run by the schedule of the same purpose.
set -eu
find /var/tmp/aurora -type f -mtime +1 -delete 2>/dev/null || true
