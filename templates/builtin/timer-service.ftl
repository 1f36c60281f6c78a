<#-- The oneshot service a trueup timer starts. -->
# managed by trueup: do not edit
# schedule ${name} of node ${node}, declared in ${origin}
[Unit]
Description=trueup schedule ${name}

[Service]
Type=oneshot
User=${user}
ExecStart=${exec}
