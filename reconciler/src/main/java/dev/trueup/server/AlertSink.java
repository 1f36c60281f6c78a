package dev.trueup.server;

import tools.jackson.databind.JsonNode;

/**
 * Where Alertmanager's webhook bodies go once authenticated: serve routes the alerts through the
 * fleet's notifications.
 */
public interface AlertSink {
  /** What became of one body. */
  sealed interface Taken {
    /** Routed: how many alerts, and how many named a node the fleet does not have. */
    record Routed(int alerts, int unknownNodes) implements Taken {}

    /** Not now (no desired state yet): Alertmanager sends the body again. */
    record Unavailable(String why) implements Taken {}

    /** Not Alertmanager's shape. */
    record Malformed(String why) implements Taken {}
  }

  Taken take(JsonNode body);
}
