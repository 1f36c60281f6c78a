package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.apply.ChangeResult;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.driver.docker.DockerSettings;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Selection;
import dev.trueup.render.ResourceKind;
import dev.trueup.report.Palette;
import dev.trueup.report.PlanJson;
import dev.trueup.report.PlanText;
import dev.trueup.store.Store;
import dev.trueup.testing.RealPart;
import dev.trueup.validate.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container services through the whole pipeline, against the lab's real engine (podman's Docker API
 * on {@code /run/trueup-lab/podman.sock}, image {@code localhost/trueup-busybox:1}): a local node
 * whose {@code docker:} block names that socket plans {@code + container}, apply creates it and
 * waits for its health check, the next plan is empty, and an environment change plans {@code ~
 * container} and applies as a recreate. Skipped when the socket is absent.
 */
class ContainerPipelineTest {
  static final Path SOCKET = Path.of("/run/trueup-lab/podman.sock");
  static final String IMAGE = "localhost/trueup-busybox:1";

  @TempDir Path repo;
  @TempDir Path sandbox;
  @TempDir Path storeDir;
  private Store store;
  private Git git;
  private String service;
  private String node;

  @BeforeAll
  static void engineIsThere() {
    RealPart.PODMAN.require(Files.exists(SOCKET));
  }

  @BeforeEach
  void fleet() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    service = "probe-" + id;
    node = "box-" + id;
    store = Store.openEmbedded(storeDir);
    git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    Files.createDirectories(repo.resolve("nodes"));
    Files.createDirectories(repo.resolve("services"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: boxes
        environments: [development, staging, production]
        defaults:
          files:
            /etc/box/role: {content: "box\\n", mode: "0644"}
        """);
    Files.writeString(
        repo.resolve("nodes/" + node + ".yaml"),
        """
        node: %s
        environment: development
        connection: {driver: local, root: %s}
        docker: {socket: %s}
        services:
          %s: {}
        """
            .formatted(node, sandbox, SOCKET, service));
    service("one");
    commit("feat: a probe container on the box");
  }

  private void service(String mode) throws IOException {
    Files.writeString(
        repo.resolve("services/" + service + ".yaml"),
        """
        service: %s
        runtime: container
        image: %s
        command: ["sh", "-c", "touch /tmp/ok; sleep 3600"]
        env: {MODE: %s}
        health: {command: "test -f /tmp/ok", interval: 1s, timeout: 2s}
        """
            .formatted(service, IMAGE, mode));
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      removeContainers();
    } finally {
      store.close();
      git.close();
    }
  }

  /** Removes what this test created: the labelled containers of its node, by their own name. */
  private void removeContainers() throws Exception {
    Process p =
        new ProcessBuilder(
                "sh",
                "-c",
                "command -v curl >/dev/null || exit 0; for n in trueup-"
                    + service
                    + " $(curl -s --unix-socket "
                    + SOCKET
                    + " 'http://d/v1.41/containers/json?all=1' | grep -o 'trueup-"
                    + service
                    + "-previous-[0-9]*' | sort -u); do curl -s -X DELETE --unix-socket "
                    + SOCKET
                    + " \"http://d/v1.41/containers/$n?force=1\" >/dev/null; done")
            .redirectErrorStream(true)
            .start();
    p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  private void commit(String message) throws Exception {
    git.add().addFilepattern(".").call();
    git.commit()
        .setMessage(message)
        .setAuthor("dev", "dev@example.org")
        .setCommitter("dev", "dev@example.org")
        .setSign(false)
        .call();
  }

  private static Drivers drivers(dev.trueup.model.DesiredState state) {
    return Drivers.standard(
        state,
        DockerSettings.defaults()
            .withStopGrace(Duration.ofSeconds(1))
            .withHealth(Duration.ofSeconds(20)));
  }

  private Plan plan() {
    PlanRun run =
        new PlanPipeline(
                new Validator(),
                ContainerPipelineTest::drivers,
                2,
                Progress.NONE,
                new StoreHistory(store))
            .run(repo, Selection.all());
    assertThat(run.validation().valid()).as(run.validation().toString()).isTrue();
    return run.plan().orElseThrow();
  }

  private ApplyRun apply() {
    return new ApplyPipeline(new Validator(), ContainerPipelineTest::drivers, store, Progress.NONE)
        .run(repo, ApplyPipeline.Options.everything(2));
  }

  private List<Change> containers(Plan plan) {
    return plan.nodes().stream()
        .filter(n -> n.node().equals(node))
        .map(NodePlan::changes)
        .flatMap(List::stream)
        .filter(c -> c.kind() == ResourceKind.CONTAINER)
        .toList();
  }

  private static String text(Plan plan) {
    return PlanText.render(PlanJson.tree(plan), Palette.PLAIN);
  }

  @Test
  void aContainerServiceIsPlannedCreatedAndRecreatedOnAnEnvChange() throws Exception {
    Plan first = plan();
    assertThat(containers(first))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.action()).isEqualTo(Action.CREATE);
              assertThat(c.id()).isEqualTo("trueup-" + service);
            });
    assertThat(text(first)).contains("+ container trueup-" + service);

    ApplyRun applied = apply();
    assertThat(applied.nodes())
        .as("refused %s, held %s, noted %s", applied.refused(), applied.held(), applied.notified())
        .isNotEmpty();
    NodeApplyResult result =
        applied.nodes().stream().filter(n -> n.node().equals(node)).findFirst().orElseThrow();
    assertThat(result.outcome()).as(result.toString()).isEqualTo(NodeApplyResult.Outcome.APPLIED);
    assertThat(result.changes())
        .filteredOn(c -> c.kind() == ResourceKind.CONTAINER)
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(ChangeResult.Status.APPLIED));
    assertThat(Files.readString(sandbox.resolve("etc/box/role"))).isEqualTo("box\n");

    Plan again = plan();
    assertThat(again.hasChanges()).as(text(again)).isFalse();

    service("two");
    commit("fix: the probe runs in mode two");
    Plan changed = plan();
    assertThat(containers(changed))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.action()).isEqualTo(Action.UPDATE);
              assertThat(c.fields())
                  .anySatisfy(
                      f -> {
                        assertThat(f.field()).isEqualTo("env.MODE");
                        assertThat(f.desired()).contains("two");
                        assertThat(f.live()).contains("one");
                      });
            });
    assertThat(text(changed)).contains("~ container trueup-" + service);

    ApplyRun recreated = apply();
    NodeApplyResult second =
        recreated.nodes().stream().filter(n -> n.node().equals(node)).findFirst().orElseThrow();
    assertThat(second.outcome()).as(second.toString()).isEqualTo(NodeApplyResult.Outcome.APPLIED);
    assertThat(plan().hasChanges()).isFalse();
  }
}
