package dev.trueup.apply;

import java.util.Optional;

/**
 * What one service's declared health check answered when it was run once, now (not after a change):
 * what serve's health monitor records and uptime is computed from.
 *
 * @param reason why it failed, in the check's words (or why it could not run), when it did
 */
public record HealthAnswer(String service, boolean healthy, Optional<String> reason) {}
