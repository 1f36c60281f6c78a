package dev.trueup.model;

import java.time.Duration;

/**
 * Whether a node is expected to be reachable all the time. A laptop or a box that is switched off
 * at night is {@code intermittent}: its being unreachable is no alert, only its staying away longer
 * than {@code maxOffline} is. Either way, serve applies what it missed when it returns.
 */
public record Presence(boolean intermittent, Duration maxOffline) {
  /** The default when a node says nothing: three days away is worth a look. */
  public static final Duration DEFAULT_MAX_OFFLINE = Duration.ofDays(3);

  /** Always on: unreachable is an alert at once. */
  public static final Presence ALWAYS_ON = new Presence(false, DEFAULT_MAX_OFFLINE);
}
