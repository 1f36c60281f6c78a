PORT=${vars.port?c}
NODE=${node.name}
