PORT=${vars.port?c}
SUM=${"1 + 1"?eval}
