package dev.trueup.notify;

import dev.trueup.model.DesiredState;
import dev.trueup.model.Presence;
import dev.trueup.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The notifier of a trueup process (a command, serve): routes into the store's outbox and logs
 * events in the store, with the fleet's channels, digests and time zone; an intermittent node's
 * being away is judged against when a run last reached it ({@link Intermittence}), a deferral
 * against the node's maxDefer ({@link Deferrals}).
 */
public final class StoreNotifier {
  private StoreNotifier() {}

  public static Notifier of(DesiredState state, Store store) {
    // The store's clock: the events it logs and the times it keeps must agree (tests move it).
    Clock clock = store.clock();
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
        events -> deferrals(state, store, clock, presence(state, store, clock, events)));
  }

  private static List<Event> presence(
      DesiredState state, Store store, Clock clock, List<Event> events) {
    Map<String, Presence> presence = new HashMap<>();
    state.nodes().forEach((name, node) -> presence.put(name, node.presence()));
    if (presence.values().stream().noneMatch(Presence::intermittent)) {
      return events;
    }
    Map<String, Instant> seen = new HashMap<>();
    store.nodeContacts().all().forEach(c -> c.lastSeen().ifPresent(t -> seen.put(c.node(), t)));
    return Intermittence.adjust(events, presence, seen, clock.instant());
  }

  private static List<Event> deferrals(
      DesiredState state, Store store, Clock clock, List<Event> events) {
    if (events.stream().noneMatch(e -> e.kind() == Event.Kind.CHANGES_DEFERRED)) {
      return events;
    }
    Map<String, Duration> maxDefer = new HashMap<>();
    state.nodes().forEach((name, node) -> maxDefer.put(name, node.timing().maxDefer()));
    Map<String, Instant> since = new HashMap<>();
    store
        .nodeContacts()
        .deferred()
        .forEach(c -> c.deferredSince().ifPresent(t -> since.put(c.node(), t)));
    return Deferrals.adjust(events, maxDefer, since, store.now());
  }
}
