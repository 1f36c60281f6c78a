<#-- The unit file of a service with runtime: systemd. -->
# managed by trueup: do not edit
# service ${service} of node ${node}, declared in ${origin}
[Unit]
Description=${description}
Wants=network-online.target
After=network-online.target
<#list after as unit>
Wants=${unit}
After=${unit}
</#list>

[Service]
ExecStart=${exec}
<#if user?has_content>
User=${user}
</#if>
<#list environment as line>
Environment=${line}
</#list>
<#if environmentFile?has_content>
EnvironmentFile=${environmentFile}
</#if>
Restart=${restart}

[Install]
WantedBy=multi-user.target
