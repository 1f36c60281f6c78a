package dev.trueup.driver.host;

import static dev.trueup.driver.host.Fixtures.alerts;
import static dev.trueup.driver.host.Fixtures.cron;
import static dev.trueup.driver.host.Fixtures.desired;
import static dev.trueup.driver.host.Fixtures.dir;
import static dev.trueup.driver.host.Fixtures.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.apply.InMemoryJournal;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.apply.NodeApplyResult.Outcome;
import dev.trueup.backend.Differ;
import dev.trueup.backend.Renderer;
import dev.trueup.diff.Change;
import dev.trueup.driver.ssh.SshApplier;
import dev.trueup.driver.ssh.SshConnector;
import dev.trueup.driver.ssh.SshObserver;
import dev.trueup.driver.ssh.SshSettings;
import dev.trueup.model.Connection;
import dev.trueup.model.Node;
import dev.trueup.model.SecretBinding;
import dev.trueup.model.SecretProvider;
import dev.trueup.model.SecretRef;
import dev.trueup.model.value.HostKey;
import dev.trueup.observe.LiveNode;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.secrets.SecretResolver;
import dev.trueup.testing.Lab;
import dev.trueup.testing.Lab.LabNode;
import dev.trueup.testing.RealPart;
import dev.trueup.testing.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apply against a fleet lab node (real sshd in a container, {@code sudo -n}): eleven resources
 * written, verified, rolled back, deleted, and a killed apply finished. Uses the third lab node and
 * only its own paths, so it does not meet the plan tests on the others.
 */
class LabApplyTest {
  private static final String BASE = "/srv/trueup-applytest";

  @TempDir Path secrets;
  private LabNode lab;
  private Node node;
  private SshConnector connector;
  private SshObserver observer;
  private final InMemoryJournal journal = new InMemoryJournal();

  @BeforeEach
  void labNode() throws Exception {
    List<LabNode> nodes = Lab.nodes().orElse(List.of());
    RealPart.LAB_SSH.require(nodes.size() >= 3);
    lab = nodes.get(2);
    Files.copy(lab.identityFile(), secrets.resolve("lab-key"));
    SecretResolver resolver =
        new SecretResolver(
            Map.of(
                "files",
                new SecretProvider(
                    "files", "files", Map.of("directory", secrets.toString()), TestNodes.HERE)),
            Map.of());
    node =
        TestNodes.node(
            "lab-apply",
            new Connection.Ssh(
                lab.host(),
                lab.port(),
                lab.user(),
                true,
                List.of(HostKey.parse(lab.hostKey()).value()),
                new SecretRef("ssh/lab-key"),
                TestNodes.HERE),
            Map.of(
                "ssh/lab-key",
                new SecretBinding("ssh/lab-key", "files", "lab-key", "node", TestNodes.HERE)));
    connector = new SshConnector(SshSettings.defaults(), resolver);
    observer = new SshObserver(connector);
    clean();
  }

  @AfterEach
  void close() {
    if (observer != null) {
      clean();
      observer.close();
    }
  }

  private void clean() {
    Lab.rootShell(
        lab,
        "rm -rf "
            + BASE
            + " /etc/cron.d/trueup-applytest-* /etc/prometheus/rules/trueup-lab-apply.yml\n");
  }

  private DesiredNode ten(String version) {
    List<DesiredResource> r = new ArrayList<>();
    r.add(dir(BASE, "0755", "root"));
    r.add(dir(BASE + "/conf.d", "0750", "root"));
    for (int i = 1; i <= 5; i++) {
      r.add(file(BASE + "/conf.d/part" + i + ".conf", "part=" + i + "\n", "0640", "root"));
    }
    r.add(file(BASE + "/app.conf", "version=" + version + "\n", "0644", "root"));
    r.add(cron("applytest-backup", "0 2 * * 0 root true"));
    r.add(cron("applytest-rotate", "0 3 * * * root true"));
    r.add(alerts("lab-apply"));
    return desired("lab-apply", r);
  }

  private List<Change> plan(Node n, DesiredNode d) {
    LiveNode live = observer.observe(n, Renderer.request(d));
    assertThat(live.observed()).as(live.reachability().toString()).isTrue();
    return Differ.diff(d, live);
  }

  private NodeApplyResult apply(Node n, DesiredNode d, List<Change> changes, ApplySettings s) {
    try (SshApplier applier = new SshApplier(connector, observer, s)) {
      return applier.apply(n, d, changes, journal);
    }
  }

  private String stat() {
    return Lab.rootShell(
        lab,
        "stat -c '%n %s %a %U %Y' "
            + BASE
            + "/app.conf "
            + BASE
            + "/conf.d/* /etc/cron.d/trueup-applytest-*\n");
  }

  @Test
  void elevenResourcesAppliedVerifiedThenNothingTheSecondTime() {
    long t0 = System.nanoTime();
    List<Change> changes = plan(node, ten("1"));
    long t1 = System.nanoTime();
    NodeApplyResult first = apply(node, ten("1"), changes, ApplySettings.defaults());
    long t2 = System.nanoTime();
    assertThat(changes).hasSize(11);
    assertThat(first.outcome()).as(first.toString()).isEqualTo(Outcome.APPLIED);
    assertThat(Lab.rootShell(lab, "cat " + BASE + "/app.conf\n")).isEqualTo("version=1\n");
    String before = stat();
    assertThat(before).contains(BASE + "/conf.d/part1.conf 7 640 root");

    long t3 = System.nanoTime();
    List<Change> again = plan(node, ten("1"));
    NodeApplyResult second = apply(node, ten("1"), again, ApplySettings.defaults());
    long t4 = System.nanoTime();
    assertThat(again).isEmpty();
    assertThat(second.outcome()).isEqualTo(Outcome.NO_CHANGES);
    assertThat(journal.entries()).hasSize(11);
    assertThat(stat()).isEqualTo(before);
    System.out.printf(
        "lab apply of 11 resources: plan %d ms, apply+verify %d ms; second run (plan + apply) %d"
            + " ms%n",
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t4 - t3) / 1_000_000);
  }

  @Test
  void aFailingHealthCheckRollsBackAndAnOrphanIsDeleted() {
    assertThat(apply(node, ten("1"), plan(node, ten("1")), ApplySettings.defaults()).outcome())
        .isEqualTo(Outcome.APPLIED);
    Node failing = Fixtures.withCommandCheck(node, "test -f " + BASE + "/no-such-file");
    NodeApplyResult rolled =
        apply(failing, ten("2"), plan(node, ten("2")), ApplySettings.defaults());
    assertThat(rolled.outcome()).as(rolled.toString()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(Lab.rootShell(lab, "cat " + BASE + "/app.conf\n")).isEqualTo("version=1\n");
    assertThat(plan(node, ten("1"))).isEmpty();

    List<DesiredResource> fewer = new ArrayList<>(ten("1").resources());
    fewer.removeIf(r -> r.id().endsWith("trueup-applytest-rotate"));
    DesiredNode nine = desired("lab-apply", fewer);
    List<Change> delete = plan(node, nine);
    assertThat(delete)
        .extracting(c -> c.action().symbol() + " " + c.id())
        .containsExactly("- /etc/cron.d/trueup-applytest-rotate");
    assertThat(apply(node, nine, delete, ApplySettings.defaults()).outcome())
        .isEqualTo(Outcome.APPLIED);
    assertThat(Lab.rootShell(lab, "ls /etc/cron.d\n")).doesNotContain("trueup-applytest-rotate");
  }

  @Test
  void aKilledApplyIsFinishedByTheNextRun() {
    NodeApplyResult killed =
        apply(node, ten("1"), plan(node, ten("1")), ApplySettings.defaults().killingAfter(4));
    assertThat(killed.outcome()).as(killed.toString()).isEqualTo(Outcome.INTERRUPTED);
    assertThat(journal.open()).isNotEmpty();
    String part1 = Lab.rootShell(lab, "stat -c '%Y %s' " + BASE + "/conf.d/part1.conf\n");

    List<Change> left = plan(node, ten("1"));
    assertThat(left).hasSize(7);
    assertThat(apply(node, ten("1"), left, ApplySettings.defaults()).outcome())
        .isEqualTo(Outcome.APPLIED);
    assertThat(plan(node, ten("1"))).isEmpty();
    assertThat(Lab.rootShell(lab, "stat -c '%Y %s' " + BASE + "/conf.d/part1.conf\n"))
        .isEqualTo(part1);
  }
}
