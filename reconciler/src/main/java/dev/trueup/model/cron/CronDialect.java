package dev.trueup.model.cron;

import dev.trueup.model.value.Parsed;
import java.time.ZoneId;

/** The schedule syntaxes trueup reads; each knows how to parse its own text. */
public enum CronDialect {
  /** Classic five-field cron: /etc/cron.d and Kubernetes CronJob. */
  CRON {
    @Override
    Parsed<CronExpression> parse(String text) {
      return ClassicCron.parse(text);
    }

    // The daemon matches each minute's local time in CRON_TZ: a skipped time never matches, a
    // repeated one matches twice (cronie's own comment on job time zones says as much). Only
    // when the node's clock is in that zone too does its time-jump logic hold the repeat back.
    @Override
    String inGap(boolean several) {
      return several ? "cron skips those runs" : "cron skips that run";
    }

    @Override
    String inOverlap(boolean several, ZoneId zone) {
      return "cron runs "
          + (several ? "them" : "it")
          + " twice unless the node's own clock is set to "
          + zone.getId();
    }
  },
  /** systemd timers' OnCalendar (a documented subset, see {@link SystemdCalendar}). */
  SYSTEMD {
    @Override
    Parsed<CronExpression> parse(String text) {
      return SystemdCalendar.parse(text);
    }

    // The next elapse of a time the spring change skips is the next day's; after a run in the
    // repeated hour the next elapse is computed from that local time, so the repeat is not hit.
    @Override
    String inGap(boolean several) {
      return several ? "systemd skips those runs" : "systemd skips that run";
    }

    @Override
    String inOverlap(boolean several, ZoneId zone) {
      return "systemd runs " + (several ? "them" : "it") + " once";
    }
  };

  abstract Parsed<CronExpression> parse(String text);

  /** What the node's scheduler does with runs whose local time a spring change skips. */
  abstract String inGap(boolean several);

  /** What it does with runs whose local time an autumn change repeats. */
  abstract String inOverlap(boolean several, ZoneId zone);
}
