package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.backend.Renderer;
import dev.trueup.live.Reachability;
import dev.trueup.plan.ExitStatus;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Selection;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.RepoFiles;
import dev.trueup.report.PlanJson;
import dev.trueup.validate.Validator;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole dry run on real local sandboxes (and an SSH node nobody answers for): plans are stable,
 * a node matching its desired state plans nothing, and planning never writes.
 */
class PlanPipelineTest {
  @TempDir Path repo;
  @TempDir Path sandboxes;

  private int deadPort;

  @BeforeEach
  void fleet() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort(); // closed again: connections are refused
    }
    Files.createDirectories(repo.resolve("nodes"));
    Files.createDirectories(repo.resolve("templates"));
    Files.createDirectories(sandboxes.resolve("a"));
    Files.createDirectories(sandboxes.resolve("b"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: test
        environments: [development, staging, production]
        secretProviders:
          files: {type: files, directory: %s}
        secrets:
          ssh/key: {provider: files, key: id_ed25519}
        defaults:
          directories:
            /etc/app: {mode: "0755"}
          files:
            /etc/app/app.conf: {template: app.conf.ftl, mode: "0644", vars: {port: 8000}}
          schedules:
            daily-health-check: {cron: "0 6 * * *", timezone: UTC, command: /opt/health.sh}
          alerts:
            cpu_percent: {high: 80, critical: 95}
        """
            .formatted(sandboxes));
    Files.writeString(
        repo.resolve("templates/app.conf.ftl"), "node=${node.name}\nport=${vars.port}\n");
    node(
        "a",
        "development",
        "connection: {driver: local, root: %s}".formatted(sandboxes.resolve("a")));
    node("b", "staging", "connection: {driver: local, root: %s}".formatted(sandboxes.resolve("b")));
    node(
        "dead",
        "production",
        "connection: {driver: ssh, host: 127.0.0.1, port: %d, user: trueup, identity: {secret: ssh/key},"
                .formatted(deadPort)
            + " hostKeys: [\"ssh-ed25519"
            + " AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\"]}");
  }

  private void node(String name, String env, String connection) throws IOException {
    Files.writeString(
        repo.resolve("nodes/" + name + ".yaml"),
        "node: " + name + "\nenvironment: " + env + "\n" + connection + "\n");
  }

  private PlanRun plan(Selection selection) {
    return new PlanPipeline(new Validator(), Drivers::standard, 4, Progress.NONE)
        .run(repo, selection);
  }

  @Test
  void plansEveryReachableNodeAndNamesTheUnreachableOne() {
    Plan plan = plan(Selection.all()).plan().orElseThrow();
    assertThat(plan.nodes()).extracting(NodePlan::node).containsExactly("a", "b", "dead");
    assertThat(plan.nodes().get(0).changes()).isNotEmpty();
    assertThat(plan.nodes().get(2).reachability()).isInstanceOf(Reachability.Unreachable.class);
    assertThat(plan.summary().unreachable()).isEqualTo(1);
    assertThat(ExitStatus.of(plan)).isEqualTo(ExitStatus.ERROR);
  }

  @Test
  void planningTwiceGivesTheSamePlan() {
    Selection locals = Selection.of(Set.of("a", "b"), Set.of(), Set.of());
    String first = PlanJson.write(plan(locals).plan().orElseThrow());
    String second = PlanJson.write(plan(locals).plan().orElseThrow());
    assertThat(second).isEqualTo(first);
    assertThat(ExitStatus.of(plan(locals).plan().orElseThrow())).isEqualTo(ExitStatus.CHANGES);
  }

  @Test
  void aNodeMatchingItsDesiredStatePlansNothing() throws Exception {
    Selection onlyA = Selection.of(Set.of("a"), Set.of(), Set.of());
    var state = new Validator().validate(repo).state().orElseThrow();
    DesiredNode desired =
        new Renderer(RepoFiles.directory(repo)).render(state.nodes().get("a"), state);
    materialize(desired, sandboxes.resolve("a"));
    Plan plan = plan(onlyA).plan().orElseThrow();
    assertThat(plan.nodes()).singleElement().satisfies(n -> assertThat(n.changes()).isEmpty());
    assertThat(ExitStatus.of(plan)).isEqualTo(ExitStatus.NO_CHANGES);

    // Drift by hand: exactly that shows up.
    Path conf = sandboxes.resolve("a/etc/app/app.conf");
    Files.writeString(conf, "node=a\nport=9000\n");
    Plan drifted = plan(onlyA).plan().orElseThrow();
    assertThat(drifted.nodes().get(0).changes())
        .singleElement()
        .satisfies(c -> assertThat(c.id()).isEqualTo("/etc/app/app.conf"));
  }

  @Test
  void planningNeverWrites() throws Exception {
    String before = treeDigest(sandboxes);
    plan(Selection.all());
    assertThat(treeDigest(sandboxes)).isEqualTo(before);
  }

  @Test
  void anInvalidRevisionIsNeverPlanned() throws IOException {
    Files.writeString(repo.resolve("nodes/a.yaml"), "node: a\nenvironment: nowhere\n");
    PlanRun run = plan(Selection.all());
    assertThat(run.plan()).isEmpty();
    assertThat(run.validation().valid()).isFalse();
  }

  /** Writes what apply would write, the way a freshly applied node looks. */
  private static void materialize(DesiredNode desired, Path root) throws IOException {
    for (DesiredResource r : desired.resources()) {
      switch (r) {
        case DesiredResource.DesiredDirectory d -> {
          Path p = root.resolve(d.path().substring(1));
          Files.createDirectories(p);
          d.mode().ifPresent(m -> chmod(p, m.bits()));
        }
        case DesiredResource.DesiredFile f -> {
          Path p = root.resolve(f.path().substring(1));
          Files.createDirectories(p.getParent());
          Files.write(p, f.content());
          f.mode().ifPresent(m -> chmod(p, m.bits()));
        }
        default -> {}
      }
    }
  }

  private static void chmod(Path p, int bits) {
    StringBuilder s = new StringBuilder();
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s.append((bits & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(s.toString()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String treeDigest(Path root) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    TreeMap<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        String attrs =
            Files.isDirectory(p)
                ? "dir"
                : HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        entries.put(root.relativize(p).toString(), attrs + Files.getPosixFilePermissions(p));
      }
    }
    entries.forEach((k, v) -> md.update((k + "=" + v + "\n").getBytes()));
    return HexFormat.of().formatHex(md.digest());
  }
}
