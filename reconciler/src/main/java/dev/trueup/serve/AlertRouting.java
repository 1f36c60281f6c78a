package dev.trueup.serve;

import dev.trueup.model.DesiredState;
import dev.trueup.notify.FiredAlerts;
import dev.trueup.notify.StoreNotifier;
import dev.trueup.server.AlertSink;
import dev.trueup.store.Store;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Fired alerts from Alertmanager into the fleet's notifications, by the desired state serve last
 * ran: each at its level, through the outbox like every other event (critical at once, high in the
 * hour's batch, medium and low in the digests).
 */
final class AlertRouting implements AlertSink {
  private static final Logger log = LoggerFactory.getLogger(AlertRouting.class);

  private final Store store;
  private final Supplier<Optional<DesiredState>> state;

  AlertRouting(Store store, Supplier<Optional<DesiredState>> state) {
    this.store = store;
    this.state = state;
  }

  @Override
  public Taken take(JsonNode body) {
    Optional<DesiredState> current = state.get();
    if (current.isEmpty()) {
      return new Taken.Unavailable("no desired state has been run yet: send it again later");
    }
    DesiredState s = current.get();
    FiredAlerts.Read read;
    try {
      read = FiredAlerts.read(body, s.nodes().keySet(), s.alerting().nodeLabel());
    } catch (IllegalArgumentException e) {
      return new Taken.Malformed(e.getMessage());
    }
    if (!read.unknownNodes().isEmpty()) {
      log.warn(
          "{} alert(s) name no node of the fleet ({}): routed at their level as unknown nodes",
          read.unknownNodes().size(),
          read.unknownNodes());
    }
    StoreNotifier.of(s, store).record(read.events());
    return new Taken.Routed(read.events().size(), read.unknownNodes().size());
  }
}
