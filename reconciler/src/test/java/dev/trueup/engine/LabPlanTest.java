package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.backend.Renderer;
import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.live.Reachability;
import dev.trueup.model.value.HostKey;
import dev.trueup.plan.ExitStatus;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Selection;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.RepoFiles;
import dev.trueup.report.PlanJson;
import dev.trueup.testing.Lab;
import dev.trueup.testing.Lab.LabNode;
import dev.trueup.testing.RealPart;
import dev.trueup.validate.Validator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `trueup plan` against the fleet lab: real sshd in podman containers on 127.0.0.1, reached with
 * pinned host keys. Drift made by hand shows up as exactly those changes; a node with a changed
 * host key is refused and named; a node that hangs is cut off; the others are planned.
 */
class LabPlanTest {
  private static final String BASE = "/srv/trueup-labtest";

  @TempDir Path repo;
  private List<LabNode> lab;
  private ServerSocket hanging;
  private final List<Socket> accepted = new ArrayList<>();

  @BeforeEach
  void fleet() throws Exception {
    lab = Lab.nodes().orElse(List.of());
    RealPart.LAB_SSH.require(lab.size() >= 3);
    hanging = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                while (true) {
                  accepted.add(hanging.accept()); // and never says a word
                }
              } catch (IOException closed) {
                // test over
              }
            });
    for (LabNode n : lab.subList(0, 3)) {
      Lab.rootShell(n, "rm -rf " + BASE + " /etc/cron.d/trueup-* /etc/prometheus/rules/trueup-*\n");
    }
    Path identity = lab.get(0).identityFile();
    Files.createDirectories(repo.resolve("nodes"));
    Files.createDirectories(repo.resolve("templates"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: lab
        environments: [development, staging, production]
        secretProviders:
          files: {type: files, directory: %s}
        secrets:
          ssh/lab-key: {provider: files, key: %s}
        defaults:
          directories:
            %s: {mode: "0755", owner: root}
          files:
            %s/app.conf: {template: app.conf.ftl, mode: "0644", owner: root, vars: {port: 8000}}
            %s/motd: {content: "managed\\n", mode: "0644", owner: root}
          schedules:
            labtest-health: {cron: "0 6 * * *", timezone: UTC, command: %s/health.sh}
        """
            .formatted(identity.getParent(), identity.getFileName(), BASE, BASE, BASE, BASE));
    Files.writeString(
        repo.resolve("templates/app.conf.ftl"), "node=${node.name}\nport=${vars.port}\n");
    sshNode("lab-a", "production", lab.get(0), lab.get(0).hostKey());
    sshNode("lab-b", "staging", lab.get(1), lab.get(1).hostKey());
    // lab-c pins lab-a's key: as if the machine had been replaced, or someone sits in between.
    sshNode("lab-c", "staging", lab.get(2), lab.get(0).hostKey());
    Files.writeString(
        repo.resolve("nodes/lab-hang.yaml"),
        """
        node: lab-hang
        environment: development
        connection: {driver: ssh, host: 127.0.0.1, port: %d, user: trueup, sudo: true,
                     hostKeys: ["%s"], identity: {secret: ssh/lab-key}}
        """
            .formatted(hanging.getLocalPort(), lab.get(0).hostKey()));
  }

  @AfterEach
  void stopHanging() throws IOException {
    if (hanging != null) {
      hanging.close();
    }
    for (Socket s : accepted) {
      s.close();
    }
  }

  private void sshNode(String name, String env, LabNode n, String pinned) throws IOException {
    Files.writeString(
        repo.resolve("nodes/" + name + ".yaml"),
        """
        node: %s
        environment: %s
        connection: {driver: ssh, host: %s, port: %d, user: %s, sudo: true,
                     hostKeys: ["%s"], identity: {secret: ssh/lab-key}}
        """
            .formatted(name, env, n.host(), n.port(), n.user(), pinned));
  }

  private Plan plan(Set<String> nodes) {
    return new PlanPipeline(new Validator(), Drivers::standard, 8, Progress.NONE)
        .run(repo, Selection.of(nodes, Set.of(), Set.of()))
        .plan()
        .orElseThrow();
  }

  private static Map<String, NodePlan> byNode(Plan plan) {
    return plan.nodes().stream().collect(Collectors.toMap(NodePlan::node, Function.identity()));
  }

  @Test
  void refusedAndHangingNodesAreNamedWhileTheOthersArePlanned() {
    long start = System.nanoTime();
    Plan plan = plan(Set.of());
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    Map<String, NodePlan> nodes = byNode(plan);

    assertThat(nodes.get("lab-a").changes()).extracting(Change::action).containsOnly(Action.CREATE);
    assertThat(nodes.get("lab-b").changes()).isNotEmpty();
    assertThat(nodes.get("lab-c").reachability())
        .isInstanceOfSatisfying(
            Reachability.HostKeyRejected.class,
            r -> {
              assertThat(r.presented()).isEqualTo(fingerprint(lab.get(2).hostKey()));
              assertThat(r.expected()).containsExactly(fingerprint(lab.get(0).hostKey()));
            });
    assertThat(nodes.get("lab-hang").reachability()).isInstanceOf(Reachability.Unreachable.class);
    assertThat(seconds).as("the hanging node is cut off by its deadline").isLessThan(60);
    assertThat(plan.summary().unreachable()).isEqualTo(2);
    assertThat(ExitStatus.of(plan)).isEqualTo(ExitStatus.ERROR);
  }

  @Test
  void exactlyTheDriftMadeByHandIsPlanned() throws Exception {
    var state = new Validator().validate(repo).state().orElseThrow();
    DesiredNode desired =
        new Renderer(RepoFiles.directory(repo)).render(state.nodes().get("lab-a"), state);
    Lab.rootShell(lab.get(0), applyScript(desired));

    Plan clean = plan(Set.of("lab-a"));
    assertThat(clean.nodes().get(0).changes()).isEmpty();
    assertThat(ExitStatus.of(clean)).isEqualTo(ExitStatus.NO_CHANGES);
    assertThat(PlanJson.write(plan(Set.of("lab-a")))).isEqualTo(PlanJson.write(clean));

    Lab.rootShell(
        lab.get(0),
        "echo 'port=9000' >> "
            + BASE
            + "/app.conf\n"
            + "chmod 0600 "
            + BASE
            + "/motd\n"
            + "rm /etc/cron.d/trueup-labtest-health\n");
    List<Change> drift = plan(Set.of("lab-a")).nodes().get(0).changes();
    assertThat(drift)
        .extracting(c -> c.action().symbol() + " " + c.id())
        .containsExactlyInAnyOrder(
            "~ " + BASE + "/app.conf",
            "~ " + BASE + "/motd",
            "+ /etc/cron.d/trueup-labtest-health");
    Change motd = drift.stream().filter(c -> c.id().endsWith("/motd")).findFirst().orElseThrow();
    assertThat(motd.fields())
        .singleElement()
        .satisfies(f -> assertThat(f.field()).isEqualTo("mode"));
  }

  private static String fingerprint(String keyLine) {
    return HostKey.parse(keyLine).value().fingerprint();
  }

  /** What apply would do, written as a root shell script (the test's stand-in for apply). */
  private static String applyScript(DesiredNode desired) {
    StringBuilder s = new StringBuilder("set -e\n");
    for (DesiredResource r : desired.resources()) {
      switch (r) {
        case DesiredResource.DesiredDirectory d -> {
          s.append("mkdir -p '").append(d.path()).append("'\n");
          d.mode()
              .ifPresent(
                  m ->
                      s.append("chmod ")
                          .append(m.octal())
                          .append(" '")
                          .append(d.path())
                          .append("'\n"));
        }
        case DesiredResource.DesiredFile f -> {
          s.append("mkdir -p \"$(dirname '").append(f.path()).append("')\"\n");
          s.append("echo '")
              .append(Base64.getEncoder().encodeToString(f.content()))
              .append("' | base64 -d > '")
              .append(f.path())
              .append("'\n");
          f.mode()
              .ifPresent(
                  m ->
                      s.append("chmod ")
                          .append(m.octal())
                          .append(" '")
                          .append(f.path())
                          .append("'\n"));
          f.owner()
              .ifPresent(
                  o -> s.append("chown ").append(o).append(" '").append(f.path()).append("'\n"));
        }
        default -> {}
      }
    }
    return s.toString();
  }
}
