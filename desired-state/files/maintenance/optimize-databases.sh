#!/bin/sh
# Daily database optimisation on the lead (06:00 UTC).
# Installed by trueup from files/maintenance/optimize-databases.sh; run by the schedule of the same purpose.
set -eu
docker exec "$(docker ps -q --filter name=postgres | head -n 1)" vacuumdb -U aurora_app --all --analyze-in-stages
