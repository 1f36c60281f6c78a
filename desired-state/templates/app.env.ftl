<#-- Rendered by trueup for each node that lists /etc/aurora/app.env in its files.
     Only non-secret settings belong here: secrets reach services as {secret: ...} references
     in services/*.yaml, never through a rendered file. -->
# Managed by trueup (templates/app.env.ftl). Local edits are reverted or flagged.
NODE_NAME=${node.name}
ENVIRONMENT=${node.environment}
APP_PORT=${vars.port?c}
LOG_LEVEL=${vars.log_level!"info"}
NODE_ROLE=${vars.role}
VPN_IP=${vars.vpn_ip}
