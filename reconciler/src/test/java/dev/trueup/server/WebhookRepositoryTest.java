package dev.trueup.server;

import static dev.trueup.server.WebhookReceiverTest.GENERIC_SECRET;
import static dev.trueup.server.WebhookReceiverTest.GITEA_SECRET;
import static dev.trueup.server.WebhookReceiverTest.GITHUB_SECRET;
import static dev.trueup.server.WebhookReceiverTest.GITLAB_SECRET;
import static dev.trueup.server.WebhookReceiverTest.LOOPBACK;
import static dev.trueup.server.WebhookReceiverTest.SHA;
import static dev.trueup.server.WebhookReceiverTest.allSecrets;
import static dev.trueup.server.WebhookReceiverTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A signed push or pull request for another repository than the source, on the same branch name, is
 * answered {@code ignored} and wakes nothing; the source's own, in whichever form the forge names
 * it, does.
 */
class WebhookRepositoryTest {
  final List<Trigger> triggers = new CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final AtomicInteger deliveries = new AtomicInteger();
  WebhookReceiver receiver;

  @AfterEach
  void close() {
    if (receiver != null) {
      receiver.close();
    }
    http.close();
  }

  void start(SourceRepository source) throws Exception {
    receiver =
        new WebhookReceiver(allSecrets().withRepository(source), triggers::add, new TrueupMetrics())
            .start(LOOPBACK);
  }

  /** A signed delivery for {@code forge}; the body's commit is made unique per delivery. */
  HttpResponse<String> send(String forge, String event, String body) throws Exception {
    String id = "d-" + deliveries.incrementAndGet();
    String commit = String.format("%040x", deliveries.get());
    body = body.replace(SHA, commit);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + receiver.address().getPort() + "/webhooks/" + forge))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    switch (forge) {
      case "github" ->
          b.header("X-GitHub-Event", event)
              .header("X-GitHub-Delivery", id)
              .header(
                  "X-Hub-Signature-256",
                  "sha256=" + Signatures.hmacHex(bytes(GITHUB_SECRET), bytes(body)));
      case "gitlab" ->
          b.header("X-Gitlab-Event", event)
              .header("X-Gitlab-Event-UUID", id)
              .header("X-Gitlab-Token", GITLAB_SECRET);
      case "gitea" ->
          b.header("X-Gitea-Event", event)
              .header("X-Gitea-Delivery", id)
              .header("X-Gitea-Signature", Signatures.hmacHex(bytes(GITEA_SECRET), bytes(body)));
      default -> {
        String ts = Long.toString(Instant.now().getEpochSecond());
        b.header("X-Trueup-Event", event)
            .header("X-Trueup-Delivery", id)
            .header("X-Trueup-Timestamp", ts)
            .header(
                "X-Trueup-Signature",
                "sha256="
                    + Signatures.hmacHex(bytes(GENERIC_SECRET), bytes(ts + "."), bytes(body)));
      }
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String githubPush(String fullName, String cloneUrl) {
    return """
    {"ref":"refs/heads/main","after":"%s","repository":{"full_name":"%s","clone_url":"%s"}}\
    """
        .formatted(SHA, fullName, cloneUrl);
  }

  static String githubPr(String fullName) {
    return """
    {"action":"opened","number":3,"pull_request":{"head":{"ref":"fix","sha":"%s"},\
    "base":{"ref":"main"}},"repository":{"full_name":"%s"}}\
    """
        .formatted(SHA, fullName);
  }

  static String gitlabPush(String path, String httpUrl) {
    return """
    {"object_kind":"push","ref":"refs/heads/main","after":"%s",\
    "project":{"path_with_namespace":"%s","git_http_url":"%s"}}\
    """
        .formatted(SHA, path, httpUrl);
  }

  static String gitlabMr(String path) {
    return """
    {"object_kind":"merge_request","project":{"path_with_namespace":"%s"},\
    "object_attributes":{"iid":4,"action":"open","source_branch":"fix","target_branch":"main",\
    "last_commit":{"id":"%s"}}}\
    """
        .formatted(path, SHA);
  }

  static String genericPush(String repository) {
    return """
    {"repository":"%s","ref":"refs/heads/main","commit":"%s"}\
    """
        .formatted(repository, SHA);
  }

  static String genericPr(String repository) {
    return """
    {"repository":"%s","number":5,"action":"opened","headRef":"fix","headCommit":"%s",\
    "baseRef":"main"}\
    """
        .formatted(repository, SHA);
  }

  /**
   * Sends a delivery that is accepted, waits until the sink has it: the dispatcher hands triggers
   * on in order, so nothing queued before it can still be on its way.
   */
  void awaitMarker() throws Exception {
    assertThat(send("generic", "ping", "{}").statusCode()).isEqualTo(202);
    Await.until(
        () -> triggers.stream().anyMatch(t -> t instanceof Trigger.Ping),
        "the marker",
        Duration.ofSeconds(10));
  }

  void assertIgnored(HttpResponse<String> res) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
    assertThat(res.body()).contains("\"result\":\"ignored\"", "is not the source (acme/fleet)");
  }

  @Test
  void anotherRepositoryOnTheSameBranchWakesNothingOnAnyForge() throws Exception {
    start(SourceRepository.ofGitUrl("https://git.example.org/acme/fleet.git"));
    assertIgnored(send("github", "push", githubPush("acme/other", "https://h/acme/other.git")));
    assertIgnored(send("github", "pull_request", githubPr("acme/other")));
    assertIgnored(send("gitea", "push", githubPush("acme/other", "https://h/acme/other.git")));
    assertIgnored(send("gitea", "pull_request", githubPr("evil/fleet")));
    assertIgnored(send("gitlab", "Push Hook", gitlabPush("acme/fleet-2", "https://h/x.git")));
    assertIgnored(send("gitlab", "Merge Request Hook", gitlabMr("acme/sub/fleet")));
    assertIgnored(send("generic", "push", genericPush("acme/other")));
    assertIgnored(send("generic", "pull_request", genericPr("other/fleet")));
    // A payload naming no repository at all is not the source either.
    assertIgnored(send("generic", "push", genericPush("")));

    awaitMarker();
    assertThat(triggers).singleElement().isInstanceOf(Trigger.Ping.class);
  }

  @Test
  void theSourceIsRecognisedInEveryFormItsForgeNamesIt() throws Exception {
    start(SourceRepository.ofGitUrl("git@git.example.org:Acme/Fleet.git"));
    // GitHub and Gitea by full name (case aside), GitLab by its clone URL on an install under a
    // relative path whose project path alone differs, generic by full name and by URL.
    assertThat(send("github", "push", githubPush("acme/fleet", "")).statusCode()).isEqualTo(202);
    assertThat(send("github", "pull_request", githubPr("ACME/fleet")).statusCode()).isEqualTo(202);
    assertThat(send("gitea", "push", githubPush("x", "ssh://git@h:2222/acme/fleet.git")).body())
        .contains("accepted");
    assertThat(send("gitlab", "Merge Request Hook", gitlabMr("acme/fleet")).body())
        .contains("accepted");
    assertThat(send("generic", "push", genericPush("https://h/acme/fleet/")).body())
        .contains("accepted");
    awaitMarker();
    assertThat(triggers).hasSize(6);
    assertThat(triggers.subList(0, 5))
        .allSatisfy(t -> assertThat(t).isNotInstanceOf(Trigger.Ping.class));

    receiver.close();
    triggers.clear();
    start(SourceRepository.of("https://h/gitlab/acme/fleet.git"));
    assertThat(
            send("gitlab", "Push Hook", gitlabPush("acme/fleet", "https://h/gitlab/acme/fleet.git"))
                .body())
        .contains("accepted");
  }

  @Test
  void withNoKnownRepositoryASignedPushIsTaken() throws Exception {
    start(new SourceRepository.Unknown("the source is a directory, which no forge names"));
    var push = send("github", "push", githubPush("acme/fleet", ""));
    assertThat(push.statusCode()).isEqualTo(202);
    assertThat(push.body()).doesNotContain("ignored");
    awaitMarker();
    assertThat(triggers).hasSize(2);
    assertThat(triggers.getLast()).isInstanceOf(Trigger.Ping.class);
  }
}
