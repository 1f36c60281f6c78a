PORT=${vars.port?c}
HOST=${vars.host}
