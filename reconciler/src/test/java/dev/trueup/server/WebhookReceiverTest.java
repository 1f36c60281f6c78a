package dev.trueup.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {
  static final String GITHUB_SECRET = "gh-s3cret-value";
  static final String GITLAB_SECRET = "gl-t0ken-value";
  static final String GITEA_SECRET = "gt-s3cret-value";
  static final String GENERIC_SECRET = "gen-s3cret-value";
  static final String SHA = "bffeb74224043ba2feb48d137756c8a9331c449a";
  static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

  final List<Trigger> triggers = new CopyOnWriteArrayList<>();
  final TrueupMetrics metrics = new TrueupMetrics();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    http.close();
  }

  private WebhookReceiver current;
  private WebhookConfig currentConfig;
  private int sentinels;

  WebhookReceiver start(WebhookConfig config, TriggerSink sink) throws IOException {
    WebhookReceiver r = new WebhookReceiver(config, sink, metrics).start(LOOPBACK);
    closeables.add(r);
    current = r;
    currentConfig = config;
    return r;
  }

  WebhookReceiver start() throws IOException {
    return start(allSecrets(), triggers::add);
  }

  static WebhookConfig allSecrets() {
    return WebhookConfig.of(
            Map.of(
                Forge.GITHUB, GITHUB_SECRET,
                Forge.GITLAB, GITLAB_SECRET,
                Forge.GITEA, GITEA_SECRET,
                Forge.GENERIC, GENERIC_SECRET))
        .withRepository(SourceRepository.of("acme/fleet"));
  }

  HttpResponse<String> post(WebhookReceiver r, String forge, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url(r, forge))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static URI url(WebhookReceiver r, String forge) {
    return URI.create("http://127.0.0.1:" + r.address().getPort() + "/webhooks/" + forge);
  }

  static String pushBody(String ref) {
    return "{\"ref\":\""
        + ref
        + "\",\"before\":\"28e1879d029cb852e4844d9c718537df08844e03\",\"after\":\""
        + SHA
        + "\",\"repository\":{\"full_name\":\"acme/fleet\"}}";
  }

  static String githubSig(String body) {
    return "sha256=" + Signatures.hmacHex(bytes(GITHUB_SECRET), bytes(body));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Waits until the deliveries sent so far have reached the sink, then leaves the triggers they
   * made in {@link #triggers}. A sentinel delivery sent last goes through the same one dispatcher
   * after every earlier one, so once it arrives no earlier trigger can still be on its way: no
   * sleeping and hoping that a wrongly queued extra one shows up in time.
   */
  void awaitTriggers(int n) throws Exception {
    String id = "sentinel-" + ++sentinels;
    sendSentinel(id);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (triggers.stream().noneMatch(t -> t.deliveryId().equals(id))
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(triggers.removeIf(t -> t.deliveryId().equals(id)))
        .as("the sentinel delivery reached the sink")
        .isTrue();
    assertThat(triggers.size()).isGreaterThanOrEqualTo(n);
  }

  private void sendSentinel(String id) throws Exception {
    if (currentConfig.secret(Forge.GITHUB).isPresent()) {
      String ping = "{\"zen\":\"sentinel\"}";
      var res =
          post(
              current,
              "github",
              ping,
              "X-GitHub-Event",
              "ping",
              "X-GitHub-Delivery",
              id,
              "X-Hub-Signature-256",
              githubSig(ping));
      assertThat(res.statusCode()).as("sentinel: %s", res.body()).isEqualTo(202);
      return;
    }
    // A fresh commit: a push of an already announced one is (rightly) not a trigger.
    String push =
        "{\"object_kind\":\"push\",\"ref\":\"refs/heads/main\",\"after\":\""
            + "%040x".formatted(sentinels)
            + "\",\"project\":{\"path_with_namespace\":\"acme/fleet\"}}";
    var res =
        post(
            current,
            "gitlab",
            push,
            "X-Gitlab-Event",
            "Push Hook",
            "X-Gitlab-Token",
            GITLAB_SECRET,
            "X-Gitlab-Event-UUID",
            id);
    assertThat(res.statusCode()).as("sentinel: %s", res.body()).isEqualTo(202);
  }

  @Test
  void aGitHubPushTriggersOneSyncOfThatBranch() throws Exception {
    WebhookReceiver r = start();
    String body = pushBody("refs/heads/main");
    var res =
        post(
            r,
            "github",
            body,
            "X-GitHub-Event",
            "push",
            "X-GitHub-Delivery",
            "d-1",
            "X-Hub-Signature-256",
            githubSig(body));
    assertThat(res.statusCode()).isEqualTo(202);
    awaitTriggers(1);
    assertThat(triggers)
        .containsExactly(
            new Trigger.Push(Forge.GITHUB, "d-1", "acme/fleet", "refs/heads/main", SHA));
  }

  @Test
  void theSameDeliveryReplayedDoesNothing() throws Exception {
    WebhookReceiver r = start();
    String body = pushBody("refs/heads/main");
    for (int i = 0; i < 5; i++) {
      var res =
          post(
              r,
              "github",
              body,
              "X-GitHub-Event",
              "push",
              "X-GitHub-Delivery",
              "d-replayed",
              "X-Hub-Signature-256",
              githubSig(body));
      assertThat(res.statusCode()).isBetween(200, 299);
      if (i > 0) {
        assertThat(res.body()).contains("duplicate");
      }
    }
    // A second hook announcing the same commit under another delivery id: still one sync.
    var other =
        post(
            r,
            "github",
            body,
            "X-GitHub-Event",
            "push",
            "X-GitHub-Delivery",
            "d-other",
            "X-Hub-Signature-256",
            githubSig(body));
    assertThat(other.statusCode()).isEqualTo(200);
    awaitTriggers(1);
    assertThat(triggers).hasSize(1);
  }

  @Test
  void aBadSignatureGets401AndNoRun() throws Exception {
    WebhookReceiver r = start();
    String body = pushBody("refs/heads/main");
    String forged = "sha256=" + Signatures.hmacHex(bytes("not-the-secret"), bytes(body));
    assertThat(
            post(
                    r,
                    "github",
                    body,
                    "X-GitHub-Event",
                    "push",
                    "X-GitHub-Delivery",
                    "d-bad",
                    "X-Hub-Signature-256",
                    forged)
                .statusCode())
        .isEqualTo(401);
    assertThat(post(r, "github", body, "X-GitHub-Event", "push").statusCode()).isEqualTo(401);
    assertThat(
            post(r, "gitlab", body, "X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", "wrong")
                .statusCode())
        .isEqualTo(401);
    assertThat(
            post(r, "gitea", body, "X-Gitea-Event", "push", "X-Gitea-Signature", "zz-not-hex")
                .statusCode())
        .isEqualTo(401);
    // The same delivery id, now correctly signed, is not blocked by the forged attempt.
    assertThat(
            post(
                    r,
                    "github",
                    body,
                    "X-GitHub-Event",
                    "push",
                    "X-GitHub-Delivery",
                    "d-bad",
                    "X-Hub-Signature-256",
                    githubSig(body))
                .statusCode())
        .isEqualTo(202);
    awaitTriggers(1);
    assertThat(triggers).hasSize(1);
  }

  @Test
  void noSecretConfiguredIsRefused() throws Exception {
    WebhookReceiver r =
        start(
            WebhookConfig.of(Map.of(Forge.GITLAB, GITLAB_SECRET))
                .withRepository(SourceRepository.of("acme/fleet")),
            triggers::add);
    String body = pushBody("refs/heads/main");
    var res =
        post(
            r,
            "github",
            body,
            "X-GitHub-Event",
            "push",
            "X-GitHub-Delivery",
            "d-1",
            "X-Hub-Signature-256",
            "sha256=" + Signatures.hmacHex(bytes("guess"), bytes(body)));
    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(post(r, "generic", body, "X-Trueup-Event", "push").statusCode()).isEqualTo(503);
    awaitTriggers(0);
    assertThat(triggers).isEmpty();
  }

  @Test
  void gitLabPushAndMergeRequest() throws Exception {
    WebhookReceiver r = start();
    String push =
        "{\"object_kind\":\"push\",\"ref\":\"refs/heads/main\",\"after\":\""
            + SHA
            + "\",\"project\":{\"path_with_namespace\":\"acme/fleet\"}}";
    assertThat(
            post(
                    r,
                    "gitlab",
                    push,
                    "X-Gitlab-Event",
                    "Push Hook",
                    "X-Gitlab-Token",
                    GITLAB_SECRET,
                    "X-Gitlab-Event-UUID",
                    "u-1")
                .statusCode())
        .isEqualTo(202);
    String mr =
        "{\"object_kind\":\"merge_request\",\"project\":{\"path_with_namespace\":\"acme/fleet\"},"
            + "\"object_attributes\":{\"iid\":7,\"action\":\"open\",\"source_branch\":\"feature\","
            + "\"target_branch\":\"main\",\"last_commit\":{\"id\":\""
            + SHA
            + "\"}}}";
    assertThat(
            post(
                    r,
                    "gitlab",
                    mr,
                    "X-Gitlab-Event",
                    "Merge Request Hook",
                    "X-Gitlab-Token",
                    GITLAB_SECRET,
                    "X-Gitlab-Event-UUID",
                    "u-2")
                .statusCode())
        .isEqualTo(202);
    awaitTriggers(2);
    assertThat(triggers)
        .containsExactly(
            new Trigger.Push(Forge.GITLAB, "u-1", "acme/fleet", "refs/heads/main", SHA),
            new Trigger.PullRequest(
                Forge.GITLAB,
                "u-2",
                "acme/fleet",
                7,
                "open",
                "refs/heads/feature",
                SHA,
                "refs/heads/main"));
  }

  @Test
  void giteaPushAndPullRequest() throws Exception {
    WebhookReceiver r = start();
    String push = pushBody("refs/heads/main");
    String sig = Signatures.hmacHex(bytes(GITEA_SECRET), bytes(push));
    assertThat(
            post(
                    r,
                    "gitea",
                    push,
                    "X-Gitea-Event",
                    "push",
                    "X-Gitea-Delivery",
                    "g-1",
                    "X-Gitea-Signature",
                    sig)
                .statusCode())
        .isEqualTo(202);
    String pr =
        "{\"action\":\"opened\",\"number\":12,\"pull_request\":{\"head\":{\"ref\":\"fix\",\"sha\":\""
            + SHA
            + "\"},\"base\":{\"ref\":\"main\"}},\"repository\":{\"full_name\":\"acme/fleet\"}}";
    assertThat(
            post(
                    r,
                    "forgejo",
                    pr,
                    "X-Gitea-Event",
                    "pull_request",
                    "X-Gitea-Delivery",
                    "g-2",
                    "X-Forgejo-Signature",
                    Signatures.hmacHex(bytes(GITEA_SECRET), bytes(pr)))
                .statusCode())
        .isEqualTo(202);
    awaitTriggers(2);
    assertThat(triggers)
        .containsExactly(
            new Trigger.Push(Forge.GITEA, "g-1", "acme/fleet", "refs/heads/main", SHA),
            new Trigger.PullRequest(
                Forge.GITEA,
                "g-2",
                "acme/fleet",
                12,
                "opened",
                "refs/heads/fix",
                SHA,
                "refs/heads/main"));
  }

  HttpResponse<String> postGeneric(WebhookReceiver r, String body, long timestamp, String delivery)
      throws Exception {
    String ts = Long.toString(timestamp);
    String sig =
        "sha256=" + Signatures.hmacHex(bytes(GENERIC_SECRET), bytes(ts + "."), bytes(body));
    return post(
        r,
        "generic",
        body,
        "X-Trueup-Event",
        "push",
        "X-Trueup-Timestamp",
        ts,
        "X-Trueup-Signature",
        sig,
        "X-Trueup-Delivery",
        delivery);
  }

  @Test
  void genericHmacWithTimestampRefusesOldDeliveries() throws Exception {
    WebhookReceiver r = start();
    String body =
        "{\"repository\":\"acme/fleet\",\"ref\":\"refs/heads/main\",\"commit\":\"" + SHA + "\"}";
    long now = Instant.now().getEpochSecond();
    assertThat(postGeneric(r, body, now - 6 * 60, "x-old").statusCode()).isEqualTo(401);
    assertThat(postGeneric(r, body, now, "x-1").statusCode()).isEqualTo(202);
    assertThat(postGeneric(r, body, now, "x-1").statusCode()).isEqualTo(200);
    awaitTriggers(1);
    assertThat(triggers)
        .containsExactly(
            new Trigger.Push(Forge.GENERIC, "x-1", "acme/fleet", "refs/heads/main", SHA));
  }

  @Test
  void aTagPushDoesNotTriggerABranchSync() throws Exception {
    WebhookReceiver r =
        start(allSecrets().withBranches(Set.of("refs/heads/release")), triggers::add);
    for (String ref : List.of("refs/tags/release", "refs/heads/other")) {
      String body = pushBody(ref);
      var res =
          post(
              r,
              "github",
              body,
              "X-GitHub-Event",
              "push",
              "X-GitHub-Delivery",
              ref,
              "X-Hub-Signature-256",
              githubSig(body));
      assertThat(res.statusCode()).isEqualTo(202);
      assertThat(res.body()).contains("ignored");
    }
    awaitTriggers(0);
    assertThat(triggers).isEmpty();
  }

  @Test
  void aPingIsATriggerAndMalformedJsonIsA400() throws Exception {
    WebhookReceiver r = start();
    String ping = "{\"zen\":\"Keep it logically awesome.\"}";
    assertThat(
            post(
                    r,
                    "github",
                    ping,
                    "X-GitHub-Event",
                    "ping",
                    "X-GitHub-Delivery",
                    "p-1",
                    "X-Hub-Signature-256",
                    githubSig(ping))
                .statusCode())
        .isEqualTo(202);
    String bad = "{not json";
    assertThat(
            post(
                    r,
                    "github",
                    bad,
                    "X-GitHub-Event",
                    "push",
                    "X-GitHub-Delivery",
                    "p-2",
                    "X-Hub-Signature-256",
                    githubSig(bad))
                .statusCode())
        .isEqualTo(400);
    awaitTriggers(1);
    assertThat(triggers).containsExactly(new Trigger.Ping(Forge.GITHUB, "p-1"));
  }

  @Test
  void answeredWhileTheSinkIsStillBusy() throws Exception {
    // The sink does not return until every delivery was answered: a receiver that waited for it
    // would never answer (the client's timeout would fail the test, not a stopwatch).
    CountDownLatch answered = new CountDownLatch(1);
    WebhookReceiver r =
        start(
            allSecrets(),
            t -> {
              if (!answered.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the deliveries were never all answered");
              }
              triggers.add(t);
            });
    for (int i = 0; i < 3; i++) {
      String body = pushBody("refs/heads/b" + i);
      var res =
          post(
              r,
              "github",
              body,
              "X-GitHub-Event",
              "push",
              "X-GitHub-Delivery",
              "slow-" + i,
              "X-Hub-Signature-256",
              githubSig(body));
      assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
    }
    assertThat(triggers).isEmpty();
    answered.countDown();
    awaitTriggers(3);
    assertThat(triggers).hasSize(3);
  }

  /** Endless bytes, made as they are read: nothing holds the 50 MB. */
  static final class Generator extends InputStream {
    private long left;

    Generator(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      if (left <= 0) {
        return -1;
      }
      left--;
      return 'a';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 'a');
      left -= n;
      return n;
    }
  }

  /** What the server answered a 50 MB body with, and how much of it the client got to send. */
  record Huge(String status, long sent) {}

  static final long HUGE = 50L * 1024 * 1024;

  /**
   * Sends 50 MB from a generator over a raw socket (declared or chunked) until the server answers
   * and closes.
   */
  static Huge sendHuge(WebhookReceiver r, boolean chunked) throws Exception {
    long size = HUGE;
    try (Socket s = new Socket("127.0.0.1", r.address().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      String head =
          "POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "X-GitHub-Event: push\r\nX-GitHub-Delivery: huge\r\n"
              + "X-Hub-Signature-256: sha256="
              + "0".repeat(64)
              + "\r\n"
              + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n")
              + "\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
      Thread writer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    byte[] buf = new byte[64 * 1024];
                    try (InputStream gen = new Generator(size)) {
                      int n;
                      while ((n = gen.read(buf)) > 0) {
                        if (chunked) {
                          out.write((Integer.toHexString(n) + "\r\n").getBytes());
                        }
                        out.write(buf, 0, n);
                        sent.addAndGet(n);
                        if (chunked) {
                          out.write("\r\n".getBytes());
                        }
                      }
                      if (chunked) {
                        out.write("0\r\n\r\n".getBytes());
                      }
                    } catch (IOException e) {
                      // The server stopped reading and closed: expected.
                    }
                  });
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        line.append((char) c);
      }
      writer.join(10_000);
      return new Huge(line.toString().trim(), sent.get());
    }
  }

  @Test
  void aFiftyMegabyteBodyIsRefusedWithoutBeingRead() throws Exception {
    // What the client got to send is what the server read plus the two sockets' buffers (bounded
    // by the kernel's limits, far below 50 MB): less than the whole body means the server answered
    // and closed at its limit instead of taking it all in. No heap figure is asserted: what the
    // server reads is capped at the body limit, which is what this shows.
    WebhookReceiver r = start();
    for (boolean chunked : new boolean[] {false, true}) {
      Huge huge = sendHuge(r, chunked);
      assertThat(huge.status())
          .as("chunked %s", chunked)
          .isEqualTo("HTTP/1.1 413 Request Entity Too Large");
      assertThat(huge.sent()).as("chunked %s", chunked).isLessThan(HUGE);
    }
    assertThat(triggers).isEmpty();
  }

  @Test
  void webhookCountersCarryForgeAndResultOnly() throws Exception {
    WebhookReceiver r = start();
    String body = pushBody("refs/heads/main");
    post(r, "github", body, "X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=00");
    String text = metrics.scrape();
    assertThat(text)
        .contains("trueup_webhook_requests_total{forge=\"github\",result=\"unauthorized\"} 1.0");
    assertThat(text).doesNotContain(GITHUB_SECRET).doesNotContain("acme/fleet");
  }

  static Clock fixed(Instant at) {
    return Clock.fixed(at, java.time.ZoneOffset.UTC);
  }
}
