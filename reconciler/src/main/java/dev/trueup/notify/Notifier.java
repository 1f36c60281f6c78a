package dev.trueup.notify;

import dev.trueup.engine.ApplyRun;
import dev.trueup.model.AlertLevel;
import dev.trueup.model.DesiredState;
import dev.trueup.store.MonthlyActivity;
import dev.trueup.store.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Puts notifications into the outbox: critical and high events of a run at once (routed per level),
 * medium and low into the event log for the digests; and, when a digest is due, the digest. An
 * unchanged repeat (same de-duplication key in its window) is not enqueued again.
 */
public final class Notifier {
  private final Router router;
  private final DigestScheduler scheduler;
  private final Outbox outbox;
  private final EventLog log;
  private final Clock clock;
  private final UnaryOperator<List<Event>> adjust;

  public Notifier(
      Router router, DigestScheduler scheduler, Outbox outbox, EventLog log, Clock clock) {
    this(router, scheduler, outbox, log, clock, UnaryOperator.identity());
  }

  /**
   * @param adjust what the fleet makes of events before they are routed ({@link Intermittence})
   */
  public Notifier(
      Router router,
      DigestScheduler scheduler,
      Outbox outbox,
      EventLog log,
      Clock clock,
      UnaryOperator<List<Event>> adjust) {
    this.router = router;
    this.scheduler = scheduler;
    this.outbox = outbox;
    this.log = log;
    this.clock = clock;
    this.adjust = adjust;
  }

  /** How many messages were enqueued, and how many repeats were suppressed. */
  public record Enqueued(int enqueued, int suppressed) {}

  public Enqueued record(ApplyRun run) {
    return record(Events.from(run));
  }

  public Enqueued record(List<Event> raised) {
    Instant now = clock.instant();
    List<Event> events = adjust.apply(raised);
    log.append(now, events);
    return enqueue(router.route(events, now));
  }

  /** Enqueues the latest daily digest and weekly summary that are due and not enqueued yet. */
  public Enqueued digestsDue() {
    int enqueued = 0;
    int suppressed = 0;
    for (DigestScheduler.Kind kind : DigestScheduler.Kind.values()) {
      if (router.channels(kind.level()).isEmpty()) {
        continue;
      }
      ZonedDateTime due = scheduler.lastDue(kind);
      DigestScheduler.Window w = scheduler.window(kind, due);
      Digest d = scheduler.build(kind, due, log.between(w.from(), w.to()));
      Enqueued e = enqueue(router.digest(d));
      enqueued += e.enqueued();
      suppressed += e.suppressed();
    }
    return new Enqueued(enqueued, suppressed);
  }

  /**
   * Enqueues the monthly report of the month before once the 1st, 08:00 in the fleet's zone, has
   * come (the outbox key names the month, so it is sent once; after downtime, late, once). A month
   * with nothing recorded in it is not reported.
   *
   * @param activity the store's figures for an interval {@code [from, to)}
   */
  public Enqueued monthlyReportDue(
      DesiredState state,
      java.util.function.BiFunction<Instant, Instant, MonthlyActivity.Activity> activity) {
    ZoneId zone = state.timezone();
    ZonedDateTime now = clock.instant().atZone(zone);
    YearMonth month = YearMonth.from(now);
    if (now.isBefore(MonthlyReport.start(month, zone).plusHours(8))) {
      month = month.minusMonths(1);
    }
    YearMonth reported = month.minusMonths(1);
    // Every delivery pass asks; once the month's report is in the outbox, nothing is read again.
    java.util.SortedSet<String> mail = router.mailChannels();
    if (mail.stream()
        .allMatch(
            c -> outbox.findByDedupKey(Router.monthlyKey(reported.toString(), c)).isPresent())) {
      return new Enqueued(0, mail.size());
    }
    Instant from = MonthlyReport.start(reported, zone).toInstant();
    Instant to = MonthlyReport.start(month, zone).toInstant();
    MonthlyActivity.Activity figures = activity.apply(from, to);
    List<LoggedEvent> events = log.between(from, to);
    // A month trueup did not run in (a new installation's first) has nothing to report.
    if (figures.appliedByClass().isEmpty()
        && figures.approvals().isEmpty()
        && figures.driftChecks() == 0
        && events.isEmpty()) {
      return new Enqueued(0, 0);
    }
    Map<String, Object> model =
        MonthlyReport.model(state.fleet(), zone, reported, state, figures, events);
    return enqueue(router.monthly(reported.toString(), model));
  }

  /**
   * A channel that keeps failing, raised at once on every other channel the critical route has
   * (never on itself, which would only fail again); once a day while it stays broken.
   */
  public Enqueued channelFailing(String channel, String error) {
    Instant now = clock.instant();
    Event e =
        Event.of(
            AlertLevel.CRITICAL,
            Event.Kind.CHANNEL_FAILING,
            "*",
            "notification channel " + channel + " is failing",
            List.of(
                "its messages failed "
                    + Deliverer.PERSISTENT
                    + " times in a row, the last with: "
                    + error,
                "they are retried with backoff; fix the channel in fleet.yaml or its receiver"));
    log.append(now, List.of(e));
    return enqueue(
        router.route(List.of(e), now).stream().filter(m -> !m.channel().equals(channel)).toList());
  }

  private Enqueued enqueue(List<Outgoing> messages) {
    int enqueued = 0;
    for (Outgoing m : messages) {
      if (outbox.enqueue(
          m.level(), m.channel(), m.dedupKey(), m.subject(), m.body(), m.notBefore())) {
        enqueued++;
      }
    }
    return new Enqueued(enqueued, messages.size() - enqueued);
  }
}
