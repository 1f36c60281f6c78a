package dev.trueup.server;

import static dev.trueup.server.WebhookReceiverTest.LOOPBACK;
import static dev.trueup.server.WebhookReceiverTest.allSecrets;
import static dev.trueup.server.WebhookReceiverTest.githubSig;
import static dev.trueup.server.WebhookReceiverTest.pushBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow bodies (one byte a second, with a forged signature, all from 127.0.0.1) cannot keep a signed
 * delivery out, and are cut off at their deadline.
 */
class WebhookSlowBodiesTest {
  static final Duration LONG = Duration.ofSeconds(120);
  static final Duration SHORT = Duration.ofMillis(300);

  final List<Trigger> triggers = new CopyOnWriteArrayList<>();
  final TrueupMetrics metrics = new TrueupMetrics();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final SlowBodies slow = new SlowBodies();
  WebhookReceiver receiver;

  @AfterEach
  void close() {
    slow.close();
    if (receiver != null) {
      receiver.close();
    }
    http.close();
  }

  WebhookReceiver start(ReadLimits limits) throws Exception {
    receiver = new WebhookReceiver(allSecrets().withReads(limits), triggers::add, metrics);
    return receiver.start(LOOPBACK);
  }

  int port() {
    return receiver.address().getPort();
  }

  HttpResponse<String> signedPush(String delivery, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/webhooks/github"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "push")
            .header("X-GitHub-Delivery", delivery)
            .header("X-Hub-Signature-256", githubSig(body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  double timeouts() {
    return metrics
        .registry()
        .get("trueup.webhook.requests")
        .tag("forge", "github")
        .tag("result", "timeout")
        .counter()
        .count();
  }

  @Test
  void aSignedDeliveryIsAcceptedWhile64SlowForgedBodiesAreBeingRead() throws Exception {
    // Deadlines far beyond the test: the slow bodies stay open throughout.
    start(new ReadLimits(48, 8, LONG, 16L << 20, LONG));
    List<SlowBodies.Slow> attackers = slow.openForged(port(), 64);
    Await.until(
        () -> receiver.bodiesBeingRead() == 64,
        "all 64 slow bodies being read",
        Duration.ofSeconds(20));

    var res = signedPush("signed-1", pushBody("refs/heads/main"));

    assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
    assertThat(attackers).allMatch(SlowBodies.Slow::open);
    assertThat(receiver.bodiesBeingRead()).isEqualTo(64);
  }

  @Test
  void aSlowBodyIsCutOffAtItsDeadlineAndItsSlotFreed() throws Exception {
    start(new ReadLimits(48, 8, SHORT, 16L << 20, SHORT));
    SlowBodies.Slow one = slow.open(port(), SlowBodies.forgedGitHubHead("slow-cut"));

    assertThat(one.awaitClosed(20)).as("closed by the server").isTrue();
    assertThat(one.statusLine()).as("never answered").isEmpty();
    Await.until(
        () -> receiver.bodiesBeingRead() == 0 && timeouts() == 1.0,
        "the read ended and counted as a timeout",
        Duration.ofSeconds(20));
    assertThat(signedPush("after-cut", pushBody("refs/heads/main")).statusCode()).isEqualTo(202);
  }

  @Test
  void oneClientGetsItsShareOfPatientReadsAndTheRestTheShortDeadline() throws Exception {
    start(new ReadLimits(48, 2, LONG, 16L << 20, SHORT));
    List<SlowBodies.Slow> five = slow.openForged(port(), 5);

    // The client sees its socket closed before the server has counted the read as ended and the
    // timeout as counted: wait for all three, not for the first.
    Await.until(
        () ->
            five.stream().filter(SlowBodies.Slow::open).count() == 2
                && receiver.bodiesBeingRead() == 2
                && timeouts() == 3.0,
        "three reads cut in the reserve",
        Duration.ofSeconds(20));
    assertThat(five.stream().filter(SlowBodies.Slow::open).count()).isEqualTo(2);
    assertThat(timeouts()).isEqualTo(3.0);
    assertThat(receiver.bodiesBeingRead()).isEqualTo(2);
  }

  @Test
  void theReserveHoldsOnlyTheBytesThatArrived() throws Exception {
    // No patient slots: every body is read in a reserve of 4 KiB.
    start(new ReadLimits(0, 0, LONG, 4096, LONG));
    List<SlowBodies.Slow> attackers = slow.openForged(port(), 32);
    Await.until(
        () -> receiver.bodiesBeingRead() == 32, "32 slow bodies in", Duration.ofSeconds(20));

    String small = pushBody("refs/heads/main");
    assertThat(signedPush("small", small).statusCode()).isEqualTo(202);

    String big = pushBody("refs/heads/other") + " ".repeat(8192);
    var refused = signedPush("big", big);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.body()).contains("\"result\":\"busy\"", "\"status\":503");
    assertThat(attackers).allMatch(SlowBodies.Slow::open);
  }

  @Test
  void whatTheHeadersRefuseIsAnsweredWithoutWaitingForTheBody() throws Exception {
    start(new ReadLimits(48, 8, LONG, 16L << 20, LONG));
    long now = java.time.Instant.now().getEpochSecond();
    String start = "Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n";
    List<String> heads =
        List.of(
            "POST /webhooks/github HTTP/1.1\r\n" + start + "X-GitHub-Event: push\r\n\r\n",
            "POST /webhooks/github HTTP/1.1\r\n" + start + "X-Hub-Signature-256: sha256=00\r\n\r\n",
            "POST /webhooks/gitea HTTP/1.1\r\n" + start + "X-Gitea-Signature: zz\r\n\r\n",
            "POST /webhooks/gitlab HTTP/1.1\r\n" + start + "X-Gitlab-Token: wrong\r\n\r\n",
            "POST /webhooks/generic HTTP/1.1\r\n"
                + start
                + "X-Trueup-Timestamp: "
                + (now - 3600)
                + "\r\nX-Trueup-Signature: sha256="
                + "0".repeat(64)
                + "\r\n\r\n");
    for (String head : heads) {
      SlowBodies.Slow s = slow.open(port(), head);
      assertThat(s.awaitClosed(20)).as(head).isTrue();
      assertThat(s.statusLine()).as(head).isEqualTo("HTTP/1.1 401 Unauthorized");
    }
    assertThat(receiver.bodiesBeingRead()).isZero();
  }
}
