package dev.trueup.model.cron;

import dev.trueup.model.value.Parsed;

/** The schedule syntaxes trueup reads; each knows how to parse its own text. */
public enum CronDialect {
  /** Classic five-field cron: /etc/cron.d and Kubernetes CronJob. */
  CRON {
    @Override
    Parsed<CronExpression> parse(String text) {
      return ClassicCron.parse(text);
    }
  },
  /** systemd timers' OnCalendar (a documented subset, see {@link SystemdCalendar}). */
  SYSTEMD {
    @Override
    Parsed<CronExpression> parse(String text) {
      return SystemdCalendar.parse(text);
    }
  };

  abstract Parsed<CronExpression> parse(String text);
}
