#!/bin/sh
# Weekly backup (Sunday 02:00 UTC): archive /srv and /etc/aurora; --with-postgres adds a database dump.
# Installed by trueup from files/maintenance/weekly-backup.sh; run by the schedule of the same purpose.
set -eu
dest=/var/backups/aurora/$(date -u +%Y%m%d)
mkdir -p "$dest"
if [ "${1:-}" = "--with-postgres" ]; then
  docker exec "$(docker ps -q --filter name=postgres | head -n 1)" pg_dumpall -U aurora_app | gzip > "$dest/postgres.sql.gz"
fi
tar -czf "$dest/srv-etc.tar.gz" --exclude=/srv/postgres /srv /etc/aurora 2>/dev/null || true
find /var/backups/aurora -mindepth 1 -maxdepth 1 -mtime +28 -exec rm -rf {} +
