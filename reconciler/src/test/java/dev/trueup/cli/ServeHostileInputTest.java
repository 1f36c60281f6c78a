package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.testing.Await;
import dev.trueup.testing.Commits;
import dev.trueup.testing.GitHubHooks;
import dev.trueup.testing.ServeProcess;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.RefUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@code trueup serve} process fed hostile revisions — a template that includes itself, YAML
 * nested 5,000 levels — as pushed commits and as pull-request heads: each one's run is recorded
 * failed with its reason, {@code /readyz} stays 200 and says what failed, the process stays alive,
 * and the next good commit is applied (the next good pull request reported).
 */
class ServeHostileInputTest {
  private static final String TOKEN = "hostile-api-token";
  private static final String SECRET = "hostile-hook-secret";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  private Git git;
  private ServeProcess serve;

  @AfterEach
  void stop() throws Exception {
    if (serve != null) {
      serve.close();
    }
    if (git != null) {
      git.close();
    }
  }

  private Path origin() {
    return dir.resolve("origin");
  }

  private Path motd() {
    return dir.resolve("sandbox/etc/motd");
  }

  private void goodFleet(String motd) throws Exception {
    Files.createDirectories(origin().resolve("nodes"));
    Files.writeString(
        origin().resolve("fleet.yaml"),
        """
        fleet: hostile
        environments: [development]
        defaults:
          files:
            /etc/motd: {content: "%s\\n", mode: "0644"}
        """
            .formatted(motd));
    Files.writeString(origin().resolve("policy.yaml"), "matrix: {minor: apply, bugfix: apply}\n");
    Files.writeString(origin().resolve("nodes/box.yaml"), box(""));
    if (Files.exists(origin().resolve("templates/self.ftl"))) {
      git.rm().addFilepattern("templates/self.ftl").call();
    }
  }

  private String box(String extra) {
    return "node: box\nenvironment: development\nconnection: {driver: local, root: %s}\n%s"
        .formatted(dir.resolve("sandbox"), extra);
  }

  /** A file rendered from a template that includes itself: unbounded recursion when rendered. */
  private void selfIncludingTemplate() throws Exception {
    Files.createDirectories(origin().resolve("templates"));
    Files.writeString(origin().resolve("templates/self.ftl"), "<#include \"self.ftl\">\n");
    Files.writeString(
        origin().resolve("fleet.yaml"),
        Files.readString(origin().resolve("fleet.yaml"))
            + "    /etc/self.conf: {template: self.ftl, mode: \"0644\"}\n");
  }

  /** A node file with a value nested 5,000 flow sequences deep. */
  private void deeplyNestedYaml() throws Exception {
    Files.writeString(
        origin().resolve("nodes/box.yaml"),
        box("labels: " + "[".repeat(5000) + "]".repeat(5000) + "\n"));
  }

  private String commit(String message) throws Exception {
    return Commits.all(git, message);
  }

  private List<String> args(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--git-url",
                origin().toString(),
                "--git-work-dir",
                dir.resolve("git").toString(),
                "--store",
                dir.resolve("store").toString(),
                "--poll",
                "1s",
                "--listen",
                "127.0.0.1:0",
                "--webhook-listen",
                "127.0.0.1:0",
                "--api-token-env",
                "API_TOKEN",
                "--notify-every",
                "0"));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void hostileCommitsFailTheirRunsAndTheNextGoodCommitIsApplied() throws Exception {
    git = Git.init().setDirectory(origin().toFile()).setInitialBranch("main").call();
    goodFleet("one");
    commit("feat: the fleet");
    // The drift schedule checks each synced tree too, hostile ones included.
    serve = ServeProcess.start(args("--drift-every", "2s"), Map.of("API_TOKEN", TOKEN));
    Await.until(() -> read(motd()).equals("one\n"), "the startup run");

    selfIncludingTemplate();
    String selfIncluding = commit("feat: a template that includes itself");
    JsonNode first = awaitFinished("apply", r -> selfIncluding.equals(revision(r)));
    assertFailedWithAReason(first);
    assertReadySaying(selfIncluding);

    goodFleet("one");
    deeplyNestedYaml();
    String deep = commit("feat: labels nested 5000 levels");
    JsonNode second = awaitFinished("apply", r -> deep.equals(revision(r)));
    assertFailedWithAReason(second);
    assertReadySaying(deep);

    goodFleet("two");
    String good = commit("fix: the next good revision");
    Await.until(() -> read(motd()).equals("two\n"), "the good revision applied");
    assertThat(awaitFinished("apply", r -> good.equals(revision(r))).path("status").asString())
        .isEqualTo("succeeded");
    assertThat(serve.process().isAlive()).as(serve.output()).isTrue();
    assertThat(runs("apply").stream().filter(r -> selfIncluding.equals(revision(r))).count())
        .as("a failed revision is not run again and again")
        .isEqualTo(1);
    assertReadySaying(deep);
  }

  @Test
  void hostilePullRequestsFailTheirReportsAndTheNextGoodOneIsReported() throws Exception {
    git = Git.init().setDirectory(origin().toFile()).setInitialBranch("main").call();
    goodFleet("one");
    commit("feat: the fleet");
    String selfIncluding = branch("self", 8, this::selfIncludingTemplate);
    String deep = branch("deep", 9, this::deeplyNestedYaml);
    String good = branch("good", 10, () -> goodFleet("two"));

    serve =
        ServeProcess.start(
            args("--drift-every", "0", "--webhook-secret-env", "github=HOOK"),
            Map.of("API_TOKEN", TOKEN, "HOOK", SECRET));
    Await.until(() -> read(motd()).equals("one\n"), "the startup run");

    assertThat(pullRequest(8, "self", selfIncluding)).isEqualTo(202);
    assertRefusedWithAReason(awaitFinished("report", r -> isReportOf(r, 8)));
    assertThat(pullRequest(9, "deep", deep)).isEqualTo(202);
    assertRefusedWithAReason(awaitFinished("report", r -> isReportOf(r, 9)));

    assertThat(pullRequest(10, "good", good)).isEqualTo(202);
    JsonNode reported = awaitFinished("report", r -> isReportOf(r, 10));
    assertThat(reported.path("status").asString()).as("%s", reported).isEqualTo("succeeded");
    assertThat(serve.process().isAlive()).as(serve.output()).isTrue();
    assertThat(read(motd())).as("a pull request never applies").isEqualTo("one\n");
  }

  /** A branch off main made by {@code change}, kept as the forge's pull ref {@code number}. */
  private String branch(String name, int number, Change change) throws Exception {
    git.checkout().setName("main").call();
    git.checkout().setCreateBranch(true).setName(name).call();
    change.apply();
    String head = commit("feat: " + name);
    RefUpdate pull = git.getRepository().updateRef("refs/pull/" + number + "/head");
    pull.setNewObjectId(git.getRepository().resolve(head));
    pull.update();
    git.checkout().setName("main").call();
    return head;
  }

  private interface Change {
    void apply() throws Exception;
  }

  private int pullRequest(int number, String branch, String head) throws Exception {
    String body =
        """
        {"action":"opened","number":%d,
         "pull_request":{"number":%d,"head":{"ref":"%s","sha":"%s"},"base":{"ref":"main"}},
         "repository":{"full_name":"acme/fleet"}}
        """
            .formatted(number, number, branch, head);
    return GitHubHooks.post(
        serve.hookPort(),
        "pull_request",
        UUID.randomUUID().toString(),
        body.getBytes(StandardCharsets.UTF_8),
        SECRET);
  }

  private static boolean isReportOf(JsonNode run, int number) {
    return run.path("trigger").asString().equals("pull request " + number);
  }

  private static String revision(JsonNode run) {
    return run.path("desiredRevision").isString() ? run.path("desiredRevision").asString() : "";
  }

  /**
   * A hostile head is either caught by validation (the report says the head is invalid: the
   * template check and the YAML limits see both inputs here) or, should a check miss it, fails its
   * report run with a short reason; either way serve lives on.
   */
  private void assertRefusedWithAReason(JsonNode run) {
    if (run.path("status").asString().equals("succeeded")) {
      assertThat(run.path("summary").asString()).as("%s", run).contains("head revision is invalid");
      assertThat(serve.process().isAlive()).as(serve.output()).isTrue();
    } else {
      assertFailedWithAReason(run);
    }
  }

  private void assertFailedWithAReason(JsonNode run) {
    assertThat(run.path("status").asString()).as("%s%n%s", run, serve.output()).isEqualTo("failed");
    String summary = run.path("summary").asString();
    assertThat(summary).as("the reason").isNotBlank().doesNotContain("\n", "\tat ");
    assertThat(summary.length()).as("a short reason: %s", summary).isLessThan(400);
    assertThat(serve.process().isAlive()).as(serve.output()).isTrue();
  }

  private void assertReadySaying(String what) throws Exception {
    HttpResponse<String> ready = serve.get("/readyz", null);
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("last failure").contains(what);
  }

  /** The run of {@code kind} that {@code which} picks, once it is no longer running. */
  private JsonNode awaitFinished(String kind, java.util.function.Predicate<JsonNode> which)
      throws Exception {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
    Optional<JsonNode> run = Optional.empty();
    while (System.nanoTime() < deadline) {
      run = runs(kind).stream().filter(which).findFirst();
      if (run.isPresent() && !run.get().path("status").asString().equals("running")) {
        return run.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no finished " + kind + " run (last seen: " + run + ")\n" + serve.output());
  }

  private List<JsonNode> runs(String kind) {
    try {
      HttpResponse<String> history = serve.get("/api/v1/history?kind=" + kind + "&limit=50", TOKEN);
      List<JsonNode> out = new ArrayList<>();
      JSON.readTree(history.body()).path("runs").forEach(out::add);
      return out;
    } catch (Exception e) {
      return List.of(); // the process is gone: the caller's assertion says so
    }
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
