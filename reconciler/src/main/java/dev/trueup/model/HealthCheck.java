package dev.trueup.model;

import java.time.Duration;

/** How to tell a service is healthy after a change: exactly one probe, with its cadence. */
public sealed interface HealthCheck {
  Duration interval();

  Duration timeout();

  record Http(String url, Duration interval, Duration timeout) implements HealthCheck {}

  record Tcp(String address, Duration interval, Duration timeout) implements HealthCheck {}

  record Command(String command, Duration interval, Duration timeout) implements HealthCheck {}
}
