package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code trueup adopt} round trip on a local bare repository and a loopback forge fake: a hand edit
 * on a local node is taken into desired state on a pushed branch with a pull request; once that
 * branch is merged, the plan of the branch the fleet follows exits 0.
 */
class AdoptCommandTest {
  @TempDir Path tmp;
  private Path bare;
  private Path seed;
  private Path sandbox;
  private HttpServer forge;
  private final List<String> requests = new ArrayList<>();
  private final List<JsonNode> pulls = new ArrayList<>();

  @BeforeEach
  void fleet() throws Exception {
    bare = tmp.resolve("fleet.git");
    seed = tmp.resolve("seed");
    sandbox = Files.createDirectories(tmp.resolve("box"));
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    Files.createDirectories(seed.resolve("nodes"));
    Files.createDirectories(seed.resolve("files"));
    Files.createDirectories(seed.resolve("templates"));
    Files.writeString(
        seed.resolve("fleet.yaml"),
        """
        fleet: adopt
        environments: [development]
        # The defaults every node gets.
        defaults:
          directories:
            /etc/app: {mode: "0755"}
        """);
    Files.writeString(seed.resolve("policy.yaml"), "matrix: {minor: apply}\n");
    Files.writeString(seed.resolve("files/motd.txt"), "welcome\n");
    Files.writeString(seed.resolve("templates/app.conf.ftl"), "port=${vars.port}\n");
    Files.writeString(
        seed.resolve("nodes/box.yaml"),
        """
        node: box
        environment: development
        connection: {driver: local, root: %s}
        files:
          /etc/motd: {source: motd.txt, mode: "0644"}   # the login banner
          /etc/app/limits.conf: {content: "max=10\\n", mode: "0644"}
          /etc/app/app.conf: {template: app.conf.ftl, vars: {port: 8000}}
        """
            .formatted(sandbox));
    try (Git git = Git.init().setDirectory(seed.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("feat: the box").setSign(false).call();
      git.push().setRemote(bare.toUri().toString()).add("main").call();
    }
    forge = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    forge.createContext(
        "/",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          synchronized (requests) {
            requests.add(x.getRequestMethod() + " " + x.getRequestURI().getPath());
            if (!("Bearer " + System.getenv("PATH"))
                .equals(x.getRequestHeaders().getFirst("Authorization"))) {
              x.sendResponseHeaders(401, -1);
              x.close();
              return;
            }
            pulls.add(JsonMapper.builder().build().readTree(body));
          }
          byte[] answer =
              "{\"number\":7,\"html_url\":\"http://127.0.0.1/acme/fleet/pull/7\"}"
                  .getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.sendResponseHeaders(201, answer.length);
          x.getResponseBody().write(answer);
          x.close();
        });
    forge.start();
  }

  @AfterEach
  void stop() {
    if (forge != null) {
      forge.stop(0);
    }
  }

  private String api() {
    return "http://127.0.0.1:" + forge.getAddress().getPort() + "/api";
  }

  /** The branch the fleet follows, checked out fresh. */
  private Path checkout(String name) throws Exception {
    Path dir = tmp.resolve(name);
    Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(dir.toFile()).call().close();
    return dir;
  }

  @Test
  void aHandEditIsPushedOnABranchWithAPullRequestAndMergingItLeavesNothingToApply()
      throws Exception {
    assertThat(
            CliRunner.run(
                    "apply", "--repo", seed.toString(), "--store", tmp.resolve("db").toString())
                .exit())
        .isZero();
    // Hot fixes by hand on the node.
    Files.writeString(sandbox.resolve("etc/motd"), "welcome, maintenance tonight\n");
    Files.writeString(sandbox.resolve("etc/app/limits.conf"), "max=50\n");
    Files.setPosixFilePermissions(
        sandbox.resolve("etc/app/limits.conf"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));

    var r =
        CliRunner.run(
            "adopt",
            "box",
            "--git-url",
            bare.toUri().toString(),
            "--resource",
            "file:/etc/motd",
            "--resource",
            "file:/etc/app/limits.conf",
            "--forge",
            "github",
            "--api",
            api(),
            "--project",
            "acme/fleet",
            "--token-env",
            "PATH");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("adopt file /etc/motd -> files/motd.txt")
        .contains("adopt file /etc/app/limits.conf -> nodes/box.yaml:6, nodes/box.yaml:6")
        .contains("opened a pull request: http://127.0.0.1/acme/fleet/pull/7");
    assertThat(requests).containsExactly("POST /api/repos/acme/fleet/pulls");
    JsonNode pull = pulls.get(0);
    String branch = pull.get("head").asString();
    assertThat(branch).startsWith("trueup/adopt/box-");
    assertThat(pull.get("base").asString()).isEqualTo("main");
    assertThat(pull.get("title").asString())
        .isEqualTo("fix(adopt): take live state of box into desired state");
    assertThat(pull.get("body").asString()).contains("shows no change to live state");

    try (Repository repo = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId main = repo.resolve("refs/heads/main");
      ObjectId adopted = repo.resolve("refs/heads/" + branch);
      RevCommit commit = walk.parseCommit(adopted);
      assertThat(commit.getShortMessage()).startsWith("fix(adopt): ");
      assertThat(commit.getParent(0).getId()).as("branched from main").isEqualTo(main);
      // main itself is untouched until someone merges; then it moves to the adopted commit.
      RefUpdate merge = repo.updateRef("refs/heads/main");
      merge.setExpectedOldObjectId(main);
      merge.setNewObjectId(adopted);
      assertThat(merge.update()).isEqualTo(RefUpdate.Result.FAST_FORWARD);
    }
    Path merged = checkout("merged");
    assertThat(Files.readString(merged.resolve("files/motd.txt")))
        .isEqualTo("welcome, maintenance tonight\n");
    // One token changed in place; the comment and the rest of the layout stay.
    assertThat(Files.readString(merged.resolve("nodes/box.yaml")))
        .contains("/etc/motd: {source: motd.txt, mode: \"0644\"}   # the login banner")
        .contains("/etc/app/limits.conf: {content: \"max=50\\n\", mode: \"0640\"}");
    var plan = CliRunner.run("plan", "--repo", merged.toString(), "--node", "box");
    assertThat(plan.exit()).as(plan.out() + plan.err()).isZero();
  }

  @Test
  void aTemplateItCannotInvertGoesBesideItWithANoteAndASecretIsNeverWritten() throws Exception {
    Path node = seed.resolve("nodes/box.yaml");
    Files.writeString(
        node,
        Files.readString(node)
            + "  /etc/app/token: {content: {secret: app/token}, mode: \"0600\"}\n"
            + "secrets:\n  app/token: {provider: files, key: token}\n");
    Path secrets = Files.createDirectories(tmp.resolve("secrets"));
    Files.writeString(secrets.resolve("token"), "s3cret-token-4711\n");
    Files.writeString(
        seed.resolve("fleet.yaml"),
        Files.readString(seed.resolve("fleet.yaml"))
            + "secretProviders:\n  files: {type: files, directory: %s}\n".formatted(secrets));
    try (Git git = Git.open(seed.toFile())) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("feat: a token").setSign(false).call();
      git.push().setRemote(bare.toUri().toString()).add("main").call();
    }
    Files.createDirectories(sandbox.resolve("etc/app"));
    Files.writeString(sandbox.resolve("etc/app/app.conf"), "port=9000\n");
    Files.writeString(sandbox.resolve("etc/app/token"), "hand-placed\n");
    // Someone pasted the token into a plain file by hand.
    Files.writeString(sandbox.resolve("etc/app/limits.conf"), "max=10\ntoken=s3cret-token-4711\n");

    var r =
        CliRunner.run(
            "adopt",
            "box",
            "--git-url",
            bare.toUri().toString(),
            "--resource",
            "file:/etc/app/app.conf",
            "--resource",
            "file:/etc/app/token",
            "--resource",
            "file:/etc/app/limits.conf",
            "--dry-run");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("adopt file /etc/app/app.conf -> adopted/box/etc/app/app.conf")
        .contains("rendered from template templates/app.conf.ftl, which trueup cannot invert")
        .contains("refused file /etc/app/token: it holds secret app/token")
        .contains(
            "refused file /etc/app/limits.conf: its live content holds the value of secret"
                + " app/token: secrets are never written into Git")
        .contains("dry run: nothing was pushed")
        .doesNotContain("hand-placed")
        .doesNotContain("s3cret-token-4711");
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      assertThat(repo.getRefDatabase().getRefsByPrefix("refs/heads/"))
          .extracting(ref -> ref.getName())
          .containsExactly("refs/heads/main");
    }
  }

  @Test
  void nothingAdoptableMeansNoBranchAndAClearError() throws Exception {
    var r =
        CliRunner.run(
            "adopt",
            "box",
            "--git-url",
            bare.toUri().toString(),
            "--resource",
            "directory:/etc/app");
    assertThat(r.exit()).as(r.out() + r.err()).isNotZero();
    assertThat(r.out() + r.err())
        .contains("refused directory /etc/app: live has no directory /etc/app");
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      assertThat(repo.getRefDatabase().getRefsByPrefix("refs/heads/")).hasSize(1);
    }
  }
}
