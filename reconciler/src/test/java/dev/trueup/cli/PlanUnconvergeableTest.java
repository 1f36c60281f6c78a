package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.diff.Note;
import dev.trueup.plan.Plan;
import dev.trueup.report.PlanJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose desired units or containers cannot exist there (a sandbox has no systemd; a socket
 * with no engine behind it) is not "in sync": `trueup plan` says it cannot converge and exits 1, in
 * every format.
 */
class PlanUnconvergeableTest {
  @TempDir Path repo;
  @TempDir Path sandbox;

  @BeforeEach
  void fleet() throws Exception {
    Files.createDirectories(repo.resolve("nodes"));
    Files.createDirectories(repo.resolve("services"));
    Files.writeString(
        repo.resolve("fleet.yaml"), "fleet: cli\nenvironments: [development, production]\n");
    // The node's one file is already in place: nothing else would change.
    Files.createDirectories(sandbox.resolve("etc"));
    Path conf = Files.writeString(sandbox.resolve("etc/box.conf"), "hello\n");
    Files.setPosixFilePermissions(
        conf, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
  }

  private void node(String extra) throws Exception {
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        """
        node: box
        environment: development
        connection: {driver: local, root: %s}
        files:
          /etc/box.conf: {content: "hello\\n", mode: "0644"}
        %s
        """
            .formatted(sandbox, extra));
  }

  @Test
  void aUnitWithoutSystemdCannotConverge() throws Exception {
    Files.writeString(
        repo.resolve("services/worker.yaml"),
        """
        service: worker
        runtime: systemd
        systemd: {unit: worker.service, exec: /usr/local/bin/worker}
        """);
    node("services:\n  worker: {}\n");
    assertCannotConverge("worker.service", "systemd not available on node");
  }

  @Test
  void aContainerWithoutAnEngineCannotConverge() throws Exception {
    Files.writeString(
        repo.resolve("services/web.yaml"),
        "service: web\nruntime: container\nimage: \"registry.invalid/web:1.0.0\"\n");
    node(
        "docker: {socket: %s}\nservices:\n  web: {}\n"
            .formatted(sandbox.resolve("no-engine.sock")));
    assertCannotConverge("trueup-web", "containers not compared");
  }

  @Test
  void aNodeWithNothingThatCannotExistStillMatches() throws Exception {
    node("");
    var text = CliRunner.run("plan", "--repo", repo.toString());
    assertThat(text.exit()).as(text.out()).isZero();
    assertThat(text.out()).contains("box (development): matches its desired state");
  }

  private void assertCannotConverge(String resource, String why) {
    var text = CliRunner.run("plan", "--repo", repo.toString());
    assertThat(text.exit()).as(text.out()).isEqualTo(1);
    assertThat(text.out())
        .contains("! box (development): cannot reach its desired state")
        .contains("cannot converge: " + resource)
        .contains(why)
        .contains("No changes. 0 nodes match their desired state; 1 node cannot converge.")
        .doesNotContain("matches its desired state");

    var json = CliRunner.run("plan", "--repo", repo.toString(), "-o", "json");
    assertThat(json.exit()).isEqualTo(1);
    Plan plan = PlanJson.read(json.out());
    assertThat(plan.nodes().get(0).notes())
        .anySatisfy(
            n -> {
              assertThat(n.kind()).isEqualTo(Note.Kind.UNCONVERGEABLE);
              assertThat(n.resource()).contains(resource);
            });

    var md = CliRunner.run("plan", "--repo", repo.toString(), "-o", "markdown");
    assertThat(md.exit()).isEqualTo(1);
    assertThat(md.out())
        .contains("**Cannot reach its desired state**")
        .contains("- **unconvergeable** `")
        .doesNotContain("Matches its desired state");
  }
}
