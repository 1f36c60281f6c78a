package dev.trueup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.trueup.model.AlertLevel;
import dev.trueup.model.Channel;
import dev.trueup.model.Notifications;
import dev.trueup.secrets.SecretValue;
import dev.trueup.store.Outbox;
import dev.trueup.store.OutboxMessage;
import dev.trueup.store.Store;
import dev.trueup.store.StoreLocation;
import dev.trueup.testing.MovableClock;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The whole path: events → outbox → real SMTP server and local HTTP receivers. */
class NotifyDeliveryTest {
  @RegisterExtension
  static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final String SLACK_TOKEN = "T000-CANARY-slack-token-7f3a";
  private static final String HMAC_KEY = "CANARY-hmac-key-91c2";
  private static final String SMTP_PASSWORD = "CANARY-smtp-pass-55e0";

  @TempDir Path dir;
  private MovableClock clock;
  private Store store;
  private HttpServer http;
  private final List<Received> slack = Collections.synchronizedList(new ArrayList<>());
  private final List<Received> hooks = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger failuresLeft = new AtomicInteger();

  record Received(Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> v = headers.get(name);
      return v == null ? null : v.get(0);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void start() throws IOException {
    clock = new MovableClock(Instant.parse("2026-03-28T10:00:00Z"));
    store = Store.open(StoreLocation.embeddedUrl(dir.resolve("store")), clock, "test");
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/slack/" + SLACK_TOKEN,
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          int code = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
          if (code == 200) {
            slack.add(new Received(ex.getRequestHeaders(), body));
          }
          ex.sendResponseHeaders(code, -1);
          ex.close();
        });
    http.createContext(
        "/hook",
        ex -> {
          hooks.add(new Received(ex.getRequestHeaders(), ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
    store.close();
  }

  private Notifications notifications() {
    String base = "http://127.0.0.1:" + http.getAddress().getPort();
    Map<String, Channel> channels =
        Map.of(
            "ops-slack",
            channel("ops-slack", "slack", Map.of("url", Map.of("secret", "notify/slack"))),
            "ops-email",
            channel(
                "ops-email",
                "email",
                Map.of(
                    "from", "trueup@example.org",
                    "to", List.of("allan@example.org"),
                    "smtp",
                        Map.of(
                            "host",
                            "127.0.0.1",
                            "port",
                            Integer.toString(mail.getSmtp().getPort()),
                            "starttls",
                            "false"),
                    "password", Map.of("secret", "notify/smtp"))),
            "audit",
            channel(
                "audit",
                "webhook",
                Map.of("url", base + "/hook", "signingKey", Map.of("secret", "notify/hmac"))));
    return new Notifications(
        channels,
        Map.of(
            AlertLevel.CRITICAL, List.of("ops-slack", "audit"),
            AlertLevel.HIGH, List.of("ops-slack"),
            AlertLevel.MEDIUM, List.of("ops-email"),
            AlertLevel.LOW, List.of("ops-email")),
        "07:00",
        "monday 09:00");
  }

  private static Channel channel(String name, String type, Map<String, Object> settings) {
    return new Channel(name, type, settings, null);
  }

  private NotifySecrets secrets() {
    String base = "http://127.0.0.1:" + http.getAddress().getPort();
    return NotifySecrets.of(
        Map.of(
            "notify/slack", SecretValue.of(base + "/slack/" + SLACK_TOKEN),
            "notify/hmac", SecretValue.of(HMAC_KEY),
            "notify/smtp", SecretValue.of(SMTP_PASSWORD)));
  }

  private Notifier notifier(Notifications n, EventLog log) {
    return new Notifier(
        new Router("aurora-fleet", n, BERLIN, new NotifyTemplates()),
        new DigestScheduler(BERLIN, n.dailyDigest(), n.weeklySummary(), clock),
        store.outbox(),
        log,
        clock);
  }

  private Deliverer deliverer(Notifications n) {
    Channels channels = new Channels(secrets(), clock, Duration.ofSeconds(5));
    return new Deliverer(store.outbox(), n, channels::build);
  }

  private static Event failed(String reason) {
    return Event.of(
        AlertLevel.CRITICAL,
        Event.Kind.APPLY_FAILED,
        "aurora",
        "aurora: apply failed",
        List.of(reason));
  }

  @Test
  void dailyDigestArrivesByMailWithSubjectAndBody() throws Exception {
    mail.setUser("trueup@example.org", SMTP_PASSWORD);
    Notifications n = notifications();
    Notifier notifier = notifier(n, new InMemoryEventLog());
    notifier.record(
        List.of(
            Event.of(
                AlertLevel.MEDIUM,
                Event.Kind.AUTO_APPLIED,
                "aurora",
                "aurora: 1 change(s) applied",
                List.of("update file /etc/app/<app>.conf")),
            Event.of(
                AlertLevel.MEDIUM,
                Event.Kind.DRIFT_REVERTED,
                "vengeance",
                "vengeance: 1 drifted resource(s) put back",
                List.of("update unit ollama.service"))));
    clock.set(Instant.parse("2026-03-29T05:00:00Z")); // 07:00 Berlin, the first day of CEST
    assertThat(notifier.digestsDue().enqueued()).isEqualTo(2); // daily digest + weekly summary
    assertThat(notifier.digestsDue()).isEqualTo(new Notifier.Enqueued(0, 2)); // once only

    assertThat(deliverer(n).deliverOnce()).isEqualTo(new Deliverer.Report(2, 0));
    MimeMessage[] got = mail.getReceivedMessages();
    assertThat(got).hasSize(2);
    MimeMessage daily =
        List.of(got).stream()
            .filter(m -> subject(m).contains("Daily digest"))
            .findFirst()
            .orElseThrow();
    assertThat(daily.getSubject()).isEqualTo("[trueup] Daily digest aurora-fleet 2026-03-29");
    String body = GreenMailUtil.getBody(daily);
    assertThat(body)
        .contains("trueup daily digest for aurora-fleet")
        .contains("2026-03-28 07:00")
        .contains("2026-03-29 07:00 (Europe/Berlin)")
        .contains("aurora: 1 change(s) applied")
        .contains("vengeance: 1 drifted resource(s) put back")
        .contains("text/html")
        .contains("&lt;app&gt;"); // HTML part escapes values
    assertThat(daily.getAllRecipients()[0].toString()).isEqualTo("allan@example.org");
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void criticalGoesToSlackAndTheSignedWebhookAtOnce() throws Exception {
    Notifications n = notifications();
    notifier(n, new InMemoryEventLog()).record(List.of(failed("health check <failed> & stopped")));
    assertThat(deliverer(n).deliverOnce()).isEqualTo(new Deliverer.Report(2, 0));

    assertThat(slack).hasSize(1);
    JsonNode s = Payload.JSON.readTree(slack.get(0).body());
    assertThat(s.path("text").asString())
        .contains(":rotating_light: *aurora: apply failed*")
        .contains("health check &lt;failed&gt; &amp; stopped");

    assertThat(hooks).hasSize(1);
    Received hook = hooks.get(0);
    // Verify as a receiver would: HMAC-SHA256 over timestamp "." raw body, constant-time compare.
    String ts = hook.header("X-trueup-timestamp");
    String sig = hook.header("X-trueup-signature");
    assertThat(sig).startsWith("sha256=").hasSize(7 + 64);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            HMAC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((ts + ".").getBytes(StandardCharsets.UTF_8));
    String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(hook.body()));
    assertThat(
            java.security.MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII)))
        .isTrue();
    assertThat(Long.parseLong(ts)).isEqualTo(clock.instant().getEpochSecond());
    byte[] key = HMAC_KEY.getBytes(StandardCharsets.UTF_8);
    Clock now = clock;
    assertThat(SignedWebhook.verify(key, ts, sig, hook.body(), now, Duration.ofMinutes(5)))
        .isTrue();
    // A replay with a new timestamp, a changed body or an old timestamp is refused.
    assertThat(
            SignedWebhook.verify(
                key,
                Long.toString(Long.parseLong(ts) + 1),
                sig,
                hook.body(),
                now,
                Duration.ofMinutes(5)))
        .isFalse();
    byte[] tampered = hook.text().replace("aurora", "aur0ra").getBytes(StandardCharsets.UTF_8);
    assertThat(SignedWebhook.verify(key, ts, sig, tampered, now, Duration.ofMinutes(5))).isFalse();
    clock.advance(Duration.ofMinutes(6));
    assertThat(SignedWebhook.verify(key, ts, sig, hook.body(), clock, Duration.ofMinutes(5)))
        .isFalse();
    JsonNode body = Payload.JSON.readTree(hook.body());
    assertThat(body.path("data").path("kind").asString()).isEqualTo("apply-failed");
    assertThat(body.path("data").path("level").asString()).isEqualTo("critical");
  }

  @Test
  void aFailingReceiverIsRetriedWithBackoffThenDelivered() {
    Notifications n = notifications();
    notifier(n, new InMemoryEventLog())
        .record(
            List.of(
                Event.of(
                    AlertLevel.HIGH,
                    Event.Kind.NODE_UNREACHABLE,
                    "vengeance",
                    "vengeance: not reachable",
                    List.of("connection refused"))));
    clock.set(Instant.parse("2026-03-28T11:00:00Z")); // high waits for the end of its hour
    failuresLeft.set(2);
    Deliverer d = deliverer(n);
    assertThat(d.deliverOnce()).isEqualTo(new Deliverer.Report(0, 1));
    OutboxMessage m = store.outbox().findByDedupKey(onlyKey()).orElseThrow();
    assertThat(m.status()).isEqualTo(OutboxMessage.Status.PENDING);
    assertThat(m.attempts()).isEqualTo(1);
    assertThat(m.lastError()).contains("HTTP 500 from the receiver");
    assertThat(m.nextAttemptAt()).isEqualTo(clock.instant().plus(Outbox.backoff(1)));

    assertThat(d.deliverOnce()).isEqualTo(new Deliverer.Report(0, 0)); // not due yet
    clock.advance(Duration.ofSeconds(30));
    assertThat(d.deliverOnce()).isEqualTo(new Deliverer.Report(0, 1));
    assertThat(store.outbox().findByDedupKey(onlyKey()).orElseThrow().nextAttemptAt())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(1));
    assertThat(d.deliverOnce()).isEqualTo(new Deliverer.Report(1, 0));
    assertThat(store.outbox().findByDedupKey(onlyKey()).orElseThrow().status())
        .isEqualTo(OutboxMessage.Status.SENT);
    assertThat(slack).hasSize(1);
    assertThat(slack.get(0).text()).contains("vengeance: not reachable");
  }

  private String onlyKey() {
    return "node-unreachable:vengeance:"
        + Event.key(
                Event.Kind.NODE_UNREACHABLE,
                "vengeance",
                "vengeance: not reachable",
                List.of("connection refused"))
            .substring("node-unreachable:vengeance:".length())
        + "|hour:2026-03-28T10:00:00Z|ops-slack";
  }

  @Test
  void theMonthlyReportIsMailedOnTheFirstAt0800OnceAndAnEmptyMonthIsNot() throws Exception {
    Notifications n = notifications();
    dev.trueup.model.DesiredState state =
        new dev.trueup.model.DesiredState(
            "aurora-fleet",
            BERLIN,
            List.of("production"),
            Map.of(),
            new java.util.TreeMap<>(
                Map.of(
                    "aurora",
                    dev.trueup.testing.fixtures.Nodes.node("aurora")
                        .environment("production")
                        .build())),
            dev.trueup.model.Policy.defaults(),
            n);
    Notifier notifier = StoreNotifier.of(state, store);
    clock.set(Instant.parse("2026-11-10T09:00:00Z"));
    notifier.record(
        List.of(
            Event.of(
                AlertLevel.CRITICAL,
                Event.Kind.ALERT_FIRING,
                "aurora",
                "aurora: disk_percent above 95 on aurora",
                List.of("alert disk_percent_critical"))));
    // 07:59 on the 1st, Berlin time: October's report would be the one due, and October is empty.
    clock.set(Instant.parse("2026-12-01T06:59:00Z"));
    assertThat(notifier.monthlyReportDue(state, store.monthlyActivity()::between).enqueued())
        .isZero();
    clock.set(Instant.parse("2026-12-01T07:00:00Z"));
    assertThat(notifier.monthlyReportDue(state, store.monthlyActivity()::between).enqueued())
        .isEqualTo(1);
    assertThat(notifier.monthlyReportDue(state, store.monthlyActivity()::between).suppressed())
        .as("once per month")
        .isEqualTo(1);
    OutboxMessage m = store.outbox().findByDedupKey("monthly|2026-11|ops-email").orElseThrow();
    assertThat(m.subject()).isEqualTo("[trueup] monthly report for aurora-fleet: November 2026");
    assertThat(Payload.fromJson(m.body()).text())
        .contains("Alerts fired: 1 (critical 1)")
        .contains("aurora: disk_percent above 95 on aurora: 1 time(s)");
  }

  @Test
  void aChannelThatKeepsFailingIsRaisedAsCriticalOnTheOthersOnce() throws Exception {
    Notifications n = notifications();
    Notifier notifier = notifier(n, new InMemoryEventLog());
    notifier.record(List.of(failed("exit 1")));
    failuresLeft.set(100);
    Deliverer d =
        new Deliverer(
            store.outbox(),
            n,
            new Channels(secrets(), clock, Duration.ofSeconds(5))::build,
            notifier::channelFailing);
    for (int attempt = 1; attempt <= Deliverer.PERSISTENT + 1; attempt++) {
      d.deliverOnce();
      clock.advance(Outbox.backoff(attempt).plusSeconds(1));
    }
    // The audit webhook got the apply failure once, then the word that Slack is failing, once.
    List<String> said =
        hooks.stream()
            .map(h -> Payload.JSON.readTree(h.body()).path("data").path("subject").asString())
            .toList();
    assertThat(said)
        .containsExactly("aurora: apply failed", "notification channel ops-slack is failing");
    JsonNode raised = Payload.JSON.readTree(hooks.get(1).body()).path("data");
    assertThat(raised.path("level").asString()).isEqualTo("critical");
    assertThat(raised.toString())
        .contains("HTTP 500 from the receiver")
        .doesNotContain(SLACK_TOKEN);
    assertThat(slack).isEmpty();
  }

  @Test
  void anUnchangedFailureIsNotSentAgainInItsWindowButAChangedOneIs() {
    Notifications n = notifications();
    Notifier notifier = notifier(n, new InMemoryEventLog());
    assertThat(notifier.record(List.of(failed("exit 1"))).enqueued()).isEqualTo(2);
    assertThat(deliverer(n).deliverOnce().sent()).isEqualTo(2);
    clock.advance(Duration.ofHours(3));
    assertThat(notifier.record(List.of(failed("exit 1")))).isEqualTo(new Notifier.Enqueued(0, 2));
    assertThat(notifier.record(List.of(failed("exit 2"))).enqueued()).isEqualTo(2);
    clock.set(Instant.parse("2026-03-29T10:00:00Z")); // the next day: a reminder
    assertThat(notifier.record(List.of(failed("exit 1"))).enqueued()).isEqualTo(2);
  }

  @Test
  void highAlertsOfAnHourGoOutAsOneBatchAtItsEndAndRepeatAtMostHourly() {
    Notifications n = notifications();
    Notifier notifier = notifier(n, new InMemoryEventLog());
    Event a =
        Event.of(
            AlertLevel.HIGH, Event.Kind.APPROVAL_NEEDED, "aurora", "aurora: approve", List.of());
    Event b =
        Event.of(
            AlertLevel.HIGH,
            Event.Kind.NODE_UNREACHABLE,
            "vengeance",
            "vengeance: down",
            List.of());
    assertThat(notifier.record(List.of(a, b)).enqueued()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(20));
    assertThat(notifier.record(List.of(b)).suppressed()).isEqualTo(1);
    // Nothing goes out within the hour: the batch is due at its end, 11:00.
    assertThat(deliverer(n).deliverOnce().sent()).isZero();
    assertThat(slack).isEmpty();
    clock.set(Instant.parse("2026-03-28T11:00:00Z"));
    assertThat(deliverer(n).deliverOnce().sent()).isEqualTo(2);
    assertThat(slack).hasSize(1);
    assertThat(slack.get(0).text()).contains("aurora: approve").contains("vengeance: down");
    clock.advance(Duration.ofMinutes(5)); // the next hour
    assertThat(notifier.record(List.of(b)).enqueued()).isEqualTo(1);
  }

  @Test
  void routingFollowsTheLevels() {
    Notifications n = notifications();
    Router r = new Router("f", n, BERLIN, new NotifyTemplates());
    Instant now = clock.instant();
    assertThat(r.route(List.of(failed("x")), now))
        .extracting(Outgoing::channel)
        .containsExactly("ops-slack", "audit");
    Event high =
        Event.of(AlertLevel.HIGH, Event.Kind.DECISION_NEEDED, "aurora", "decide", List.of());
    assertThat(r.route(List.of(high), now))
        .extracting(Outgoing::channel)
        .containsExactly("ops-slack");
    Event medium =
        Event.of(AlertLevel.MEDIUM, Event.Kind.AUTO_APPLIED, "aurora", "applied", List.of());
    Event low = Event.of(AlertLevel.LOW, Event.Kind.RUN_SUMMARY, "*", "run 1", List.of());
    assertThat(r.route(List.of(medium, low), now)).isEmpty(); // wait for the digests
    Notifications quiet =
        new Notifications(
            n.channels(), Map.of(AlertLevel.CRITICAL, List.of()), "07:00", "monday 09:00");
    assertThat(
            new Router("f", quiet, BERLIN, new NotifyTemplates()).route(List.of(failed("x")), now))
        .isEmpty();
  }

  @Test
  void noSecretValueReachesAnOutboxRowOrAMessage() throws Exception {
    mail.setUser("trueup@example.org", SMTP_PASSWORD);
    Notifications n = notifications();
    Notifier notifier = notifier(n, new InMemoryEventLog());
    notifier.record(
        List.of(
            failed("exit 1"),
            Event.of(AlertLevel.HIGH, Event.Kind.NODE_UNREACHABLE, "v", "v: down", List.of()),
            Event.of(AlertLevel.MEDIUM, Event.Kind.AUTO_APPLIED, "a", "a: applied", List.of())));
    clock.set(Instant.parse("2026-03-30T07:00:00Z"));
    notifier.digestsDue();
    failuresLeft.set(1); // one failure: its error text is stored too
    Deliverer d = deliverer(n);
    d.deliverOnce();
    clock.advance(Duration.ofMinutes(1));
    d.deliverOnce();
    // A channel whose URL is broken: the error must not quote it.
    Notifications broken =
        new Notifications(
            Map.of(
                "ops-slack",
                channel("ops-slack", "slack", Map.of("url", "not a url " + SLACK_TOKEN))),
            Map.of(AlertLevel.CRITICAL, List.of("ops-slack")),
            "07:00",
            "monday 09:00");
    notifier(broken, new InMemoryEventLog()).record(List.of(failed("other")));
    deliverer(broken).deliverOnce();

    List<String> seen = new ArrayList<>();
    for (long id = 1; id < 50; id++) {
      store.outbox().find(id).ifPresent(m -> seen.add(m.toString()));
    }
    assertThat(seen).hasSizeGreaterThan(4);
    slack.forEach(r -> seen.add(r.text()));
    hooks.forEach(r -> seen.add(r.text() + r.headers()));
    for (MimeMessage m : mail.getReceivedMessages()) {
      seen.add(GreenMailUtil.getWholeMessage(m));
    }
    for (String s : seen) {
      assertThat(s)
          .doesNotContain(SLACK_TOKEN)
          .doesNotContain(HMAC_KEY)
          .doesNotContain(SMTP_PASSWORD);
    }
    assertThat(String.join("\n", seen)).contains("channel URL is not a valid http(s) URL");
  }
}
