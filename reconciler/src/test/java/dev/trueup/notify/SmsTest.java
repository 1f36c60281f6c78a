package dev.trueup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.trueup.model.AlertLevel;
import dev.trueup.model.Channel;
import dev.trueup.secrets.SecretValue;
import dev.trueup.testing.Golden;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.TestNodes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SMS channel against a loopback gateway fake that records what it is sent and refuses bad
 * credentials, in both request shapes; the text cut to one segment, checked against a golden file.
 */
class SmsTest {
  private static final String ACCOUNT = "AC0123456789abcdef";
  private static final String TOKEN = "sms-token-canary-5150";
  private HttpServer gateway;
  private final List<String> received = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    gateway.createContext(
        "/",
        x -> {
          String auth = String.valueOf(x.getRequestHeaders().getFirst("Authorization"));
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          boolean ok =
              auth.equals(
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString(
                                  (ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)))
                  || auth.equals("Bearer " + TOKEN);
          synchronized (received) {
            received.add(
                x.getRequestMethod()
                    + " "
                    + x.getRequestURI().getPath()
                    + " "
                    + (ok ? "" : "[refused] ")
                    + body);
          }
          x.sendResponseHeaders(ok ? 201 : 401, -1);
          x.close();
        });
    gateway.start();
  }

  @AfterEach
  void stop() {
    gateway.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + gateway.getAddress().getPort();
  }

  private NotificationChannel channel(String shape, String token, List<String> levels) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("shape", shape);
    settings.put("url", base() + "/2010-04-01");
    settings.put("account", ACCOUNT);
    settings.put("token", Map.of("secret", "sms/token"));
    settings.put("sender", "+15550100");
    settings.put("phones", List.of("+15550123", "+15550124"));
    settings.put("link", "https://trueup.example.org/alerts/42");
    if (levels != null) {
      settings.put("levels", levels);
    }
    return new Channels(
            NotifySecrets.of(Map.of("sms/token", SecretValue.of(token))),
            Clock.systemUTC(),
            Duration.ofSeconds(5))
        .build(new Channel("pager", "sms", settings, TestNodes.HERE));
  }

  private static Payload alert(AlertLevel level, String subject) {
    Event e = Event.of(level, Event.Kind.ALERT_FIRING, "aurora", subject, List.of("alert x"));
    return new Router(
            "aurora-fleet",
            dev.trueup.model.Notifications.none(),
            java.time.ZoneOffset.UTC,
            new NotifyTemplates())
        .alert(e, Instant.parse("2026-12-04T12:00:00Z"));
  }

  @Test
  void theMessagesShapePostsOneFormPerPhoneWithBasicAuthAndOneSegment() {
    NotificationChannel sms = channel("messages", TOKEN, null);
    assertThat(sms.send(alert(AlertLevel.CRITICAL, "aurora: disk 97% on /")))
        .isEqualTo(NotificationChannel.Delivery.sent());
    assertThat(received).hasSize(2);
    String first = URLDecoder.decode(received.get(0), StandardCharsets.UTF_8);
    assertThat(first)
        .startsWith(
            "POST /2010-04-01/Accounts/"
                + ACCOUNT
                + "/Messages.json To=+15550123&From=+15550100&Body=")
        .contains("[trueup critical] aurora: disk 97% on / https://trueup.example.org/alerts/42")
        .doesNotContain(TOKEN);
  }

  @Test
  void badCredentialsAreAFailureThatNamesNoSecret() {
    NotificationChannel.Delivery d =
        channel("messages", "wrong-token", null).send(alert(AlertLevel.CRITICAL, "aurora: down"));
    assertThat(d).isInstanceOf(NotificationChannel.Delivery.Failed.class);
    assertThat(((NotificationChannel.Delivery.Failed) d).error())
        .isEqualTo("HTTP 401 from the receiver")
        .doesNotContain("wrong-token");
    assertThat(received).singleElement().satisfies(r -> assertThat(r).contains("[refused]"));
  }

  @Test
  void theJsonShapeAndTheDefaultOfCriticalOnly() {
    NotificationChannel sms = channel("json", TOKEN, null);
    assertThat(sms.send(alert(AlertLevel.HIGH, "aurora: cpu 85%")))
        .isEqualTo(NotificationChannel.Delivery.sent());
    assertThat(received).as("high is not sent by an SMS channel unless it says so").isEmpty();
    assertThat(sms.send(alert(AlertLevel.CRITICAL, "aurora: cpu 99%")))
        .isEqualTo(NotificationChannel.Delivery.sent());
    assertThat(received)
        .hasSize(2)
        .first()
        .satisfies(
            r ->
                assertThat(r)
                    .startsWith("POST /2010-04-01 ")
                    .contains("\"to\":\"+15550123\"")
                    .contains(
                        "\"text\":\"[trueup critical] aurora: cpu 99%"
                            + " https://trueup.example.org/alerts/42\""));
    assertThat(
            channel("json", TOKEN, List.of("high", "critical")).send(alert(AlertLevel.HIGH, "x")))
        .isEqualTo(NotificationChannel.Delivery.sent());
    assertThat(received).hasSize(4);
  }

  @Test
  void textsAreCutToOneSegmentKeepingTheLinkMatchingTheGolden() {
    Optional<String> link = Optional.of("https://trueup.example.org/a/1");
    String longGsm =
        "[trueup critical] aurora: apply failed: unit chat-backend.service did not become healthy"
            + " within 60s after the restart that the new image required; rolled back to the"
            + " previous container";
    String unicode =
        "[trueup critical] vengeance: disk 97 % — “/srv/models” is nearly full, 2 GiB left of 2 TB";
    StringBuilder out = new StringBuilder();
    for (String text : List.of("[trueup critical] aurora: down", longGsm, unicode)) {
      String sms = SmsText.of(text, link);
      assertThat(SmsText.fits(sms)).as(sms).isTrue();
      assertThat(sms).endsWith(link.get());
      out.append(sms).append('\n');
    }
    out.append(SmsText.of(longGsm, Optional.empty())).append('\n');
    Golden.assertMatches(
        ProjectRoot.module().resolve("src/test/resources/golden/notify/sms.txt"), out.toString());
  }
}
