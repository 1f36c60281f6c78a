package dev.trueup.notify;

import dev.trueup.model.DesiredState;
import dev.trueup.store.Store;
import java.time.Clock;

/**
 * The notifier of a trueup process (a command, serve): routes into the store's outbox and logs
 * events in the store, with the fleet's channels, digests and time zone.
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
        clock);
  }
}
