package dev.trueup.cli;

import dev.trueup.model.DesiredState;
import dev.trueup.notify.DigestScheduler;
import dev.trueup.notify.Notifier;
import dev.trueup.notify.NotifyTemplates;
import dev.trueup.notify.Router;
import dev.trueup.notify.StoreEventLog;
import dev.trueup.store.Store;
import java.time.Clock;

/** The notifier of a CLI process: routes into the store's outbox, logs events beside the store. */
final class Notifications {
  private Notifications() {}

  static Notifier notifier(DesiredState state, Store store) {
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
