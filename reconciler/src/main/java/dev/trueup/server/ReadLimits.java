package dev.trueup.server;

import java.time.Duration;

/**
 * How webhook bodies are admitted and how long each may take to arrive ({@link BodyAdmission}).
 *
 * @param sharedReads bodies read at once in the patient lane (each may hold up to the body cap)
 * @param readsPerClient of those, how many one remote address may hold
 * @param bodyTimeout how long a body in the patient lane may take, from the end of its headers
 * @param reserveBytes bytes the reserve lane may hold at once, counted as they arrive
 * @param reserveBodyTimeout how long a body in the reserve lane may take
 */
public record ReadLimits(
    int sharedReads,
    int readsPerClient,
    Duration bodyTimeout,
    long reserveBytes,
    Duration reserveBodyTimeout) {

  /**
   * 48 patient reads (8 per client) of 10 s, and 16 MiB of reserve read within 2 s: at most 64 MiB
   * of bodies in memory with the default 1 MiB cap.
   */
  public static final ReadLimits DEFAULT =
      new ReadLimits(48, 8, Duration.ofSeconds(10), 16L * 1024 * 1024, Duration.ofSeconds(2));

  public ReadLimits {
    if (sharedReads < 0 || readsPerClient < 0 || reserveBytes < 0) {
      throw new IllegalArgumentException("read limits must not be negative");
    }
    if (!bodyTimeout.isPositive() || !reserveBodyTimeout.isPositive()) {
      throw new IllegalArgumentException("body timeouts must be positive");
    }
  }
}
