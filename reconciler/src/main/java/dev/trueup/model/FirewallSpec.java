package dev.trueup.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The node's inbound firewall: one nftables table that trueup owns ({@code inet trueup}), whatever
 * else the node's own rules do.
 *
 * @param dropOthers the input policy: drop what no rule allows (else accept it)
 * @param openServicePorts every host port a service of the node publishes is allowed too
 * @param confirmWithin how long the node waits for trueup to reach it again after a change before
 *     it restores the previous rules by itself
 */
public record FirewallSpec(
    boolean dropOthers,
    List<Rule> allow,
    boolean openServicePorts,
    Duration confirmWithin,
    Origins origins) {

  public static final Duration DEFAULT_CONFIRM = Duration.ofSeconds(60);

  public FirewallSpec {
    allow = List.copyOf(allow);
  }

  /**
   * Traffic to let in.
   *
   * @param ports a port or a range {@code 8000-8013}
   * @param protocol tcp or udp
   * @param from a source address or network, any when empty
   * @param iface the interface it arrives on, any when empty
   */
  public record Rule(
      String ports,
      String protocol,
      Optional<String> from,
      Optional<String> iface,
      Origins origins) {}
}
