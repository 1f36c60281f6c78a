package dev.trueup.model;

import dev.trueup.model.cron.CronExpression;
import java.time.ZoneId;

/** A scheduled job on a node. */
public record Schedule(
    String name,
    String description,
    CronExpression cron,
    ZoneId timezone,
    String command,
    String user,
    Origins origins) {}
