package dev.trueup.notify;

import dev.trueup.model.DesiredState;
import dev.trueup.model.Presence;
import dev.trueup.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The notifier of a trueup process (a command, serve): routes into the store's outbox and logs
 * events in the store, with the fleet's channels, digests and time zone; an intermittent node's
 * being away is judged against when a run last reached it ({@link Intermittence}).
 */
public final class StoreNotifier {
  private StoreNotifier() {}

  public static Notifier of(DesiredState state, Store store) {
    Clock clock = Clock.systemUTC();
    return new Notifier(
        new Router(state.fleet(), state.notifications(), state.timezone(), new NotifyTemplates()),
        new DigestScheduler(
            state.timezone(),
            state.notifications().dailyDigest(),
            state.notifications().weeklySummary(),
            clock),
        store.outbox(),
        new StoreEventLog(store.notificationEvents()),
        clock,
        events -> {
          Map<String, Presence> presence = new HashMap<>();
          state.nodes().forEach((name, node) -> presence.put(name, node.presence()));
          if (presence.values().stream().noneMatch(Presence::intermittent)) {
            return events;
          }
          Map<String, Instant> seen = new HashMap<>();
          store
              .nodeContacts()
              .all()
              .forEach(c -> c.lastSeen().ifPresent(t -> seen.put(c.node(), t)));
          return Intermittence.adjust(events, presence, seen, clock.instant());
        });
  }
}
