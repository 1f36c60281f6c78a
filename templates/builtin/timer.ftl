<#-- A schedule in the systemd dialect: trueup-<name>.timer, paired with timer-service.ftl.
     AccuracySec: systemd's default lets a timer fire up to a minute late; a schedule runs when it
     says. -->
# managed by trueup: do not edit
# schedule ${name} of node ${node}, declared in ${origin}
[Unit]
Description=trueup schedule ${name}<#if description?has_content>: ${description}</#if>

[Timer]
OnCalendar=${calendar} ${timezone}
AccuracySec=1s
Unit=${service}

[Install]
WantedBy=timers.target
