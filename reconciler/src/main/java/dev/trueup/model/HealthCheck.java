package dev.trueup.model;

import java.time.Duration;

/**
 * How to tell a service is healthy after a change: exactly one probe, with its cadence. Like a
 * container engine's health check: failures during {@code startPeriod} do not count, then the
 * service is unhealthy after {@code retries} failures in a row, tried every {@code interval}, each
 * attempt cut off after {@code timeout}; one success is healthy.
 */
public sealed interface HealthCheck {
  /** Seed 000: a failed check is retried three times before a change is rolled back. */
  int DEFAULT_RETRIES = 3;

  Duration interval();

  Duration timeout();

  int retries();

  Duration startPeriod();

  /** The same check tried once, with no start period: a sample of health now, not a verdict. */
  default HealthCheck once() {
    return switch (this) {
      case Http h -> new Http(h.url(), h.interval(), h.timeout(), 0, Duration.ZERO);
      case Tcp t -> new Tcp(t.address(), t.interval(), t.timeout(), 0, Duration.ZERO);
      case Command c -> new Command(c.command(), c.interval(), c.timeout(), 0, Duration.ZERO);
    };
  }

  /** The longest the check can take before it gives its verdict. */
  default Duration longest() {
    return startPeriod().plus(interval().plus(timeout()).multipliedBy(retries() + 1L));
  }

  record Http(String url, Duration interval, Duration timeout, int retries, Duration startPeriod)
      implements HealthCheck {
    public Http(String url, Duration interval, Duration timeout) {
      this(url, interval, timeout, DEFAULT_RETRIES, Duration.ZERO);
    }
  }

  record Tcp(String address, Duration interval, Duration timeout, int retries, Duration startPeriod)
      implements HealthCheck {
    public Tcp(String address, Duration interval, Duration timeout) {
      this(address, interval, timeout, DEFAULT_RETRIES, Duration.ZERO);
    }
  }

  record Command(
      String command, Duration interval, Duration timeout, int retries, Duration startPeriod)
      implements HealthCheck {
    public Command(String command, Duration interval, Duration timeout) {
      this(command, interval, timeout, DEFAULT_RETRIES, Duration.ZERO);
    }
  }
}
