package dev.trueup.policy;

import dev.trueup.model.ChangeClass;

/**
 * What a change structurally touches, each with the class it gives at least (the structural floor).
 * Schedules and alert thresholds follow from the resource kind; the rest the caller knows from
 * comparing desired revisions.
 */
public enum Structural {
  NODE_ADDED(ChangeClass.ARCHITECTURE, "node added"),
  NODE_REMOVED(ChangeClass.ARCHITECTURE, "node removed"),
  CONNECTION(ChangeClass.ARCHITECTURE, "connection change"),
  ENVIRONMENT(ChangeClass.ARCHITECTURE, "environment change"),
  PORTS(ChangeClass.ARCHITECTURE, "port change"),
  VOLUMES(ChangeClass.ARCHITECTURE, "volume change"),
  NETWORK(ChangeClass.ARCHITECTURE, "network change"),
  SERVICE_ADDED(ChangeClass.MAJOR, "service added"),
  SERVICE_REMOVED(ChangeClass.MAJOR, "service removed"),
  /** A user or group removed: what it owned on the node loses its owner. */
  ACCOUNT_REMOVED(ChangeClass.MAJOR, "account removed"),
  SCHEDULE(ChangeClass.MINOR, "schedule change"),
  ALERT_THRESHOLD(ChangeClass.MINOR, "alert threshold change"),
  SECRET_REFERENCE(ChangeClass.MINOR, "secret reference change"),
  /** Environment variables of a service (not its secrets): content, so minor. */
  SERVICE_ENVIRONMENT(ChangeClass.MINOR, "service environment change");

  private final ChangeClass floor;
  private final String label;

  Structural(ChangeClass floor, String label) {
    this.floor = floor;
    this.label = label;
  }

  public ChangeClass floor() {
    return floor;
  }

  public String label() {
    return label;
  }

  Classification classification() {
    return new Classification(
        floor, "structural: " + label, "a " + label + " is at least " + floor.yaml());
  }
}
