PORT=${vars.port?c}
STAMP=${.now?iso_utc}
