package dev.trueup.model;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The whole fleet as the repository says it should be, fully resolved and checked. */
public record DesiredState(
    String fleet,
    ZoneId timezone,
    List<String> environments,
    Map<String, SecretProvider> secretProviders,
    SortedMap<String, Node> nodes,
    Policy policy,
    Notifications notifications,
    Alerting alerting) {

  /** A fleet that says nothing about alerting beyond its thresholds. */
  public DesiredState(
      String fleet,
      ZoneId timezone,
      List<String> environments,
      Map<String, SecretProvider> secretProviders,
      SortedMap<String, Node> nodes,
      Policy policy,
      Notifications notifications) {
    this(
        fleet,
        timezone,
        environments,
        secretProviders,
        nodes,
        policy,
        notifications,
        Alerting.DEFAULTS);
  }

  public DesiredState {
    alerting = alerting == null ? Alerting.DEFAULTS : alerting;
    environments = List.copyOf(environments);
    secretProviders = Map.copyOf(secretProviders);
    nodes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
  }

  /** Position of an environment in promotion order (development before production). */
  public int promotionOrder(String environment) {
    int i = environments.indexOf(environment);
    return i < 0 ? Integer.MAX_VALUE : i;
  }
}
