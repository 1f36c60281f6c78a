<#-- A schedule in the systemd dialect: trueup-<name>.timer, paired with timer-service.ftl. -->
# managed by trueup: do not edit
# schedule ${name} of node ${node}, declared in ${origin}
[Unit]
Description=trueup schedule ${name}<#if description?has_content>: ${description}</#if>

[Timer]
OnCalendar=${calendar} ${timezone}
Unit=${service}

[Install]
WantedBy=timers.target
