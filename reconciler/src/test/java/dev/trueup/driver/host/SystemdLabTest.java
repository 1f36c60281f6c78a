package dev.trueup.driver.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.apply.InMemoryJournal;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.apply.NodeApplyResult.Outcome;
import dev.trueup.backend.Differ;
import dev.trueup.backend.Renderer;
import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.diff.NodeDiff;
import dev.trueup.diff.Note;
import dev.trueup.driver.ssh.SshApplier;
import dev.trueup.driver.ssh.SshConnector;
import dev.trueup.driver.ssh.SshObserver;
import dev.trueup.driver.ssh.SshSettings;
import dev.trueup.engine.BusyAnswers;
import dev.trueup.model.BusyCheck;
import dev.trueup.model.ChangeClass;
import dev.trueup.model.Connection;
import dev.trueup.model.HealthCheck;
import dev.trueup.model.Node;
import dev.trueup.model.SecretProvider;
import dev.trueup.model.SecretRef;
import dev.trueup.model.Verdict;
import dev.trueup.model.cron.CronDialect;
import dev.trueup.model.value.HostKey;
import dev.trueup.observe.LiveNode;
import dev.trueup.policy.ApplyTiming;
import dev.trueup.policy.Classification;
import dev.trueup.policy.Decision;
import dev.trueup.policy.Disruption;
import dev.trueup.policy.Step;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.RepoFiles;
import dev.trueup.secrets.SecretResolver;
import dev.trueup.testing.Lab;
import dev.trueup.testing.Lab.LabNode;
import dev.trueup.testing.RealPart;
import dev.trueup.testing.TestNodes;
import dev.trueup.testing.fixtures.Nodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host kinds on a node that runs systemd as PID 1 (lab/README.md: the systemd lab): units
 * created, restarted only when their file changes, repaired when stopped by hand, stopped and
 * disabled when desired state drops them; health checks with retries and a start period; packages
 * from the lab's own apt repository, a user with a key, a group and a kernel parameter, each
 * drifted by hand and repaired.
 */
class SystemdLabTest {
  private static final String WEB = "trueup-labweb.service";
  private static final String CLEAN =
      """
      systemctl disable --now trueup-labweb.service trueup-labslow.service trueup-labbroken.service >/dev/null 2>&1
      systemctl disable --now trueup-labtick.timer >/dev/null 2>&1
      rm -f /etc/systemd/system/trueup-lab*.service /etc/systemd/system/trueup-labtick.* /etc/sysctl.d/trueup-sysctl.conf /etc/labweb.conf /run/trueup-labtick
      systemctl daemon-reload
      systemctl reset-failed >/dev/null 2>&1
      userdel -r labweb >/dev/null 2>&1; userdel -r labops >/dev/null 2>&1; groupdel labteam >/dev/null 2>&1
      DEBIAN_FRONTEND=noninteractive apt-get remove -y -q trueup-web trueup-hello trueup-tool >/dev/null 2>&1
      echo 0 > /proc/sys/net/ipv4/ip_forward
      systemctl stop trueup-firewall-revert.timer >/dev/null 2>&1
      nft delete table inet trueup >/dev/null 2>&1
      crontab -r -u root >/dev/null 2>&1
      rm -f /var/lib/trueup/firewall*
      true
      """;

  @TempDir Path secrets;
  private LabNode lab;
  private Connection connection;
  private SshConnector connector;
  private SshObserver observer;
  private final InMemoryJournal journal = new InMemoryJournal();
  private final Renderer renderer = new Renderer(p -> Optional.empty(), RepoFiles.classpath());

  @BeforeEach
  void systemdNode() throws Exception {
    List<LabNode> nodes = Lab.systemdNodes().orElse(List.of());
    RealPart.LAB_SYSTEMD.require(!nodes.isEmpty());
    lab = nodes.get(0);
    Files.copy(lab.identityFile(), secrets.resolve("lab-key"));
    connection =
        new Connection.Ssh(
            lab.host(),
            lab.port(),
            lab.user(),
            true,
            List.of(HostKey.parse(lab.hostKey()).value()),
            new SecretRef("ssh/lab-key"),
            TestNodes.HERE);
    connector =
        new SshConnector(
            SshSettings.defaults(),
            new SecretResolver(
                Map.of(
                    "files",
                    new SecretProvider(
                        "files", "files", Map.of("directory", secrets.toString()), TestNodes.HERE)),
                Map.of()));
    observer = new SshObserver(connector);
    Lab.rootShell(lab, CLEAN, Lab.systemdKnownHosts());
  }

  @AfterEach
  void close() {
    if (observer != null) {
      Lab.rootShell(lab, CLEAN, Lab.systemdKnownHosts());
      observer.close();
    }
  }

  /** The systemd lab node, told nothing yet. */
  private Nodes.Builder bare() {
    return Nodes.node("lab-systemd")
        .environment("development")
        .connection(connection)
        .secret("ssh/lab-key", "files", "lab-key");
  }

  /** The node with the package and the user its web services need. */
  private Nodes.Builder node() {
    return bare()
        .pkg("trueup-web", Optional.empty(), true)
        .user("labweb", u -> u.system(true).shell("/usr/sbin/nologin"));
  }

  private static HealthCheck http(int port, int retries, Duration startPeriod) {
    return new HealthCheck.Http(
        "http://127.0.0.1:" + port + "/",
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        retries,
        startPeriod);
  }

  private record Planned(DesiredNode desired, List<Change> changes, List<Note> notes) {}

  private Planned plan(Node n) {
    DesiredNode d = renderer.render(n, Nodes.fleet(n));
    assertThat(d.errors()).isEmpty();
    LiveNode live = observer.observe(n, Renderer.request(d));
    assertThat(live.observed()).as(live.reachability().toString()).isTrue();
    NodeDiff diff = Differ.compare(d, live);
    return new Planned(d, diff.changes(), diff.notes());
  }

  private NodeApplyResult apply(Node n) {
    Planned p = plan(n);
    assertThat(p.notes()).isEmpty();
    try (SshApplier applier = new SshApplier(connector, observer, ApplySettings.defaults())) {
      return applier.apply(n, p.desired(), p.changes(), journal);
    }
  }

  private String root(String script) {
    return Lab.rootShell(lab, script, Lab.systemdKnownHosts()).strip();
  }

  private String mainPid(String unit) {
    return root("systemctl show -p MainPID --value " + unit);
  }

  /** The changes as apply carries them out, in its order. */
  private static List<String> ids(List<Change> changes) {
    return changes.stream()
        .sorted(Change.APPLY_ORDER)
        .map(c -> c.kind().json() + ":" + c.id())
        .toList();
  }

  @Test
  void aUnitIsCreatedRestartedOnlyWhenItsFileChangesRepairedAndStoppedWhenDropped() {
    Node v1 =
        node()
            .systemdService(
                "labweb", WEB, "/usr/bin/trueup-web 18080", "labweb", http(18080, 3, Duration.ZERO))
            .build();
    NodeApplyResult first = apply(v1);
    assertThat(first.outcome()).as(first.toString()).isEqualTo(Outcome.APPLIED);
    assertThat(root("systemctl is-active " + WEB + "; systemctl is-enabled " + WEB))
        .isEqualTo("active\nenabled");
    assertThat(root("dpkg-query -W -f='${Version}' trueup-web")).isEqualTo("1.0");
    assertThat(plan(v1).changes()).isEmpty();
    String pid = mainPid(WEB);

    // Applying again changes nothing and restarts nothing.
    assertThat(apply(v1).outcome()).isEqualTo(Outcome.NO_CHANGES);
    assertThat(mainPid(WEB)).isEqualTo(pid);

    // A changed unit file restarts the running unit, though the unit itself has no change.
    Node v2 =
        node()
            .systemdService(
                "labweb",
                WEB,
                "/usr/bin/trueup-web 18080 0",
                "labweb",
                http(18080, 3, Duration.ZERO))
            .build();
    assertThat(ids(plan(v2).changes())).containsExactly("unit_file:/etc/systemd/system/" + WEB);
    assertThat(apply(v2).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(mainPid(WEB)).isNotEqualTo(pid).isNotEqualTo("0");

    // Stopped and disabled by hand: live drift on the unit, repaired.
    root("systemctl disable --now " + WEB);
    Planned drifted = plan(v2);
    assertThat(ids(drifted.changes())).containsExactly("unit:" + WEB);
    assertThat(drifted.changes().get(0).fields())
        .extracting(f -> f.field())
        .containsExactlyInAnyOrder("enabled", "active");
    assertThat(apply(v2).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(root("systemctl is-active " + WEB + "; systemctl is-enabled " + WEB))
        .isEqualTo("active\nenabled");

    // Dropped from desired state: the unit is stopped and disabled, not left running.
    Node dropped = node().build();
    assertThat(ids(plan(dropped).changes()))
        .containsExactly("unit_file:/etc/systemd/system/" + WEB);
    assertThat(apply(dropped).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(root("systemctl is-active " + WEB + " || true")).isEqualTo("inactive");
    assertThat(root("test -e /etc/systemd/system/" + WEB + " && echo there || echo gone"))
        .isEqualTo("gone");
    assertThat(plan(dropped).changes()).isEmpty();
  }

  @Test
  void aFileThatNamesItsServiceRestartsItOnlyWhenItsContentChanges() {
    Node v1 =
        node()
            .fileRestarting("/etc/labweb.conf", "greeting=hello\n", "labweb")
            .systemdService(
                "labweb", WEB, "/usr/bin/trueup-web 18080", "labweb", http(18080, 3, Duration.ZERO))
            .build();
    assertThat(apply(v1).outcome()).isEqualTo(Outcome.APPLIED);
    String pid = mainPid(WEB);
    assertThat(plan(v1).changes()).isEmpty();

    Node v2 =
        node()
            .fileRestarting("/etc/labweb.conf", "greeting=bonjour\n", "labweb")
            .systemdService(
                "labweb", WEB, "/usr/bin/trueup-web 18080", "labweb", http(18080, 3, Duration.ZERO))
            .build();
    Planned planned = plan(v2);
    assertThat(ids(planned.changes())).containsExactly("file:/etc/labweb.conf", "unit:" + WEB);
    assertThat(planned.changes().get(1).fields().get(0).desired())
        .contains("after /etc/labweb.conf");
    assertThat(apply(v2).outcome()).isEqualTo(Outcome.APPLIED);
    String restarted = mainPid(WEB);
    assertThat(restarted).isNotEqualTo(pid).isNotEqualTo("0");
    // Nothing changed: nothing restarted.
    assertThat(apply(v2).outcome()).isEqualTo(Outcome.NO_CHANGES);
    assertThat(mainPid(WEB)).isEqualTo(restarted);
  }

  /** What the busy checks of {@code n} said, and each change as the node's timing decides it. */
  private record Timed(Planned planned, Map<String, ApplyTiming.Answer> answers, List<Step> steps) {
    List<Change> applying() {
      return java.util.stream.IntStream.range(0, steps.size())
          .filter(i -> steps.get(i).applies())
          .mapToObj(i -> planned.changes().get(i))
          .toList();
    }

    Step step(String id) {
      for (int i = 0; i < steps.size(); i++) {
        Change c = planned.changes().get(i);
        if ((c.kind().json() + ":" + c.id()).equals(id)) {
          return steps.get(i);
        }
      }
      throw new AssertionError("no change " + id);
    }
  }

  private Timed timed(Node n) {
    DesiredNode d = renderer.render(n, Nodes.fleet(n));
    LiveNode live = observer.observe(n, Renderer.request(d).withBusyChecks(n.timing().deferWhen()));
    assertThat(live.observed()).as(live.reachability().toString()).isTrue();
    Map<String, ApplyTiming.Answer> answers =
        BusyAnswers.of(Map.of(n.name(), live)).getOrDefault(n.name(), Map.of());
    List<Change> changes = Differ.compare(d, live).changes();
    Decision applyNow =
        new Decision(
            Verdict.APPLY,
            new Classification(ChangeClass.BUGFIX, "test", "applies now"),
            Step.APPLY_NOW,
            "applies now");
    List<Step> steps =
        changes.stream()
            .map(
                c ->
                    ApplyTiming.hold(
                            applyNow,
                            n.timing(),
                            Disruption.of(n, c.kind(), c.id(), Optional.empty()),
                            answers,
                            java.time.Instant.now())
                        .step())
            .toList();
    return new Timed(new Planned(d, changes, List.of()), answers, steps);
  }

  private NodeApplyResult applyOnly(Node n, Timed t) {
    try (SshApplier applier = new SshApplier(connector, observer, ApplySettings.defaults())) {
      return applier.apply(n, t.planned().desired(), t.applying(), journal);
    }
  }

  @Test
  void aBusyCheckDefersWhatWouldRestartItsServiceWhileAFileNothingReadsStillApplies() {
    java.util.function.Function<String, Node> version =
        greeting ->
            node()
                .fileRestarting("/etc/labweb.conf", "greeting=" + greeting + "\n", "labweb")
                .file("/etc/labweb.note", "note " + greeting + "\n", "0644")
                .systemdService(
                    "labweb",
                    WEB,
                    "/usr/bin/trueup-web 18080",
                    "labweb",
                    http(18080, 3, Duration.ZERO))
                .busyCheck(
                    "lab-busy",
                    "test -e /run/trueup-busy",
                    Duration.ofSeconds(5),
                    BusyCheck.OnTimeout.BUSY,
                    Optional.empty())
                .build();
    Timed first = timed(version.apply("hello"));
    assertThat(first.answers()).containsEntry("lab-busy", ApplyTiming.Answer.IDLE);
    assertThat(applyOnly(version.apply("hello"), first).outcome()).isEqualTo(Outcome.APPLIED);
    String pid = mainPid(WEB);

    root("touch /run/trueup-busy");
    Node v2 = version.apply("bonjour");
    Timed busy = timed(v2);
    assertThat(busy.answers()).containsEntry("lab-busy", ApplyTiming.Answer.BUSY);
    assertThat(busy.step("file:/etc/labweb.conf")).isEqualTo(Step.DEFERRED);
    assertThat(busy.step("unit:" + WEB)).isEqualTo(Step.DEFERRED);
    assertThat(busy.step("file:/etc/labweb.note")).isEqualTo(Step.APPLY_NOW);
    assertThat(applyOnly(v2, busy).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(root("cat /etc/labweb.note")).isEqualTo("note bonjour");
    assertThat(root("cat /etc/labweb.conf")).isEqualTo("greeting=hello");
    assertThat(mainPid(WEB)).isEqualTo(pid);

    root("rm -f /run/trueup-busy");
    Timed idle = timed(v2);
    assertThat(idle.answers()).containsEntry("lab-busy", ApplyTiming.Answer.IDLE);
    assertThat(idle.steps()).containsOnly(Step.APPLY_NOW);
    assertThat(ids(idle.applying())).containsExactly("file:/etc/labweb.conf", "unit:" + WEB);
    assertThat(applyOnly(v2, idle).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(mainPid(WEB)).isNotEqualTo(pid).isNotEqualTo("0");
  }

  @Test
  void aCheckThatHangsIsCutOffAtItsTimeoutAndCountsAsItsOnTimeoutSays() {
    Node n =
        node()
            .fileRestarting("/etc/labweb.conf", "greeting=hello\n", "labweb")
            .systemdService(
                "labweb", WEB, "/usr/bin/trueup-web 18080", "labweb", http(18080, 3, Duration.ZERO))
            .busyCheck(
                "hangs-lenient",
                "sleep 120",
                Duration.ofSeconds(1),
                BusyCheck.OnTimeout.NOT_BUSY,
                Optional.empty())
            .busyCheck(
                "hangs-strict",
                "sleep 120; exit 0",
                Duration.ofSeconds(1),
                BusyCheck.OnTimeout.BUSY,
                Optional.of("labweb"))
            .build();
    long started = System.nanoTime();
    Timed t = timed(n);
    // Both were cut off: the probe came back well before either command would have ended.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
    assertThat(t.answers())
        .containsEntry("hangs-lenient", ApplyTiming.Answer.TIMEOUT)
        .containsEntry("labweb/hangs-strict", ApplyTiming.Answer.TIMEOUT);
    // The strict check guards labweb's unit and its file; the user and package are not its.
    assertThat(t.step("unit:" + WEB)).isEqualTo(Step.DEFERRED);
    assertThat(t.step("file:/etc/labweb.conf")).isEqualTo(Step.DEFERRED);
    assertThat(t.step("package:trueup-web")).isEqualTo(Step.APPLY_NOW);
    assertThat(root("pgrep -f 'sleep 12[0]' || echo none")).isEqualTo("none");
  }

  @Test
  void aTimerFiresOnItsCalendarAndIsStoppedWhenDropped() throws Exception {
    Node ticking =
        node()
            .schedule(
                "labtick", "*:*:0/2", CronDialect.SYSTEMD, "UTC", "date +%s >> /run/trueup-labtick")
            .build();
    NodeApplyResult applied = apply(ticking);
    assertThat(applied.outcome()).as(applied.toString()).isEqualTo(Outcome.APPLIED);
    assertThat(root("systemctl is-active trueup-labtick.timer")).isEqualTo("active");
    // Every two seconds: within ten, it has fired more than once (systemd's journal of it aside).
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String ticks = "0";
    while (System.nanoTime() < deadline) {
      ticks = root("cat /run/trueup-labtick 2>/dev/null | wc -l");
      if (Integer.parseInt(ticks.strip()) >= 2) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(Integer.parseInt(ticks.strip())).isGreaterThanOrEqualTo(2);
    assertThat(root("systemctl show -p LastTriggerUSec --value trueup-labtick.timer"))
        .isNotEmpty()
        .isNotEqualTo("n/a");

    assertThat(apply(node().build()).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(root("systemctl is-active trueup-labtick.timer || true")).isEqualTo("inactive");
    assertThat(plan(node().build()).changes()).isEmpty();
  }

  @Test
  void aSlowStartingServicePassesWithinItsStartPeriod() {
    // Listens 3 s after it starts: the first checks fail inside the start period, which counts
    // none.
    Node slow =
        node()
            .systemdService(
                "labslow",
                "trueup-labslow.service",
                "/usr/bin/trueup-web 18081 3",
                "labweb",
                http(18081, 1, Duration.ofSeconds(6)))
            .build();
    NodeApplyResult result = apply(slow);
    assertThat(result.outcome()).as(result.toString()).isEqualTo(Outcome.APPLIED);
    assertThat(root("systemctl is-active trueup-labslow.service")).isEqualTo("active");
  }

  @Test
  void aServiceThatNeverAnswersIsRolledBackWithWhatItsCheckSaid() {
    // The check asks a port nothing listens on: retried, then the node is rolled back, the crontab
    // entry written in the same run with it.
    root("printf '*/5 * * * * /opt/hand-poll\\n' | crontab -u root -");
    Node broken =
        node()
            .crontab("root", "backup", "0 3 * * *", "/opt/backup")
            .systemdService(
                "labbroken",
                "trueup-labbroken.service",
                "/usr/bin/trueup-web 18082",
                "labweb",
                http(18099, 2, Duration.ZERO))
            .build();
    NodeApplyResult result = apply(broken);
    assertThat(result.outcome()).as(result.toString()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.reason().orElse(""))
        .contains("health check of service labbroken failed")
        .contains("after 3 attempts")
        .contains("18099");
    assertThat(root("systemctl is-active trueup-labbroken.service || true")).isEqualTo("inactive");
    assertThat(
            root("test -e /etc/systemd/system/trueup-labbroken.service && echo there || echo gone"))
        .isEqualTo("gone");
    assertThat(root("crontab -l -u root")).isEqualTo("*/5 * * * * /opt/hand-poll");
  }

  @Test
  void packagesAUserWithAKeyAGroupAndAKernelParameterAreAppliedThenEachDriftIsRepaired() {
    String key =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHoqFAgrvWxXANQqMRBQBbpomGBwgUKWf9c6c6u31wlR ops@lab";
    root(
        "DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1;"
            + " apt-get install -y -q trueup-tool >/dev/null 2>&1; dpkg-query -W trueup-tool");
    Node n =
        bare()
            .pkg("trueup-hello", Optional.of("1.0*"), true)
            .pkg("trueup-tool", Optional.empty(), false)
            .group("labteam", Optional.of(4242))
            .user(
                "labops",
                u -> u.uid(4343).shell("/bin/sh").groups("labteam").keys(List.of(key), false))
            .sysctl("net.ipv4.ip_forward", "1")
            .build();
    Planned planned = plan(n);
    assertThat(ids(planned.changes()))
        .containsExactly(
            "package:trueup-hello",
            "group:labteam",
            "user:labops",
            "authorized_keys:labops",
            "file:/etc/sysctl.d/trueup-sysctl.conf",
            "sysctl:net.ipv4.ip_forward",
            "package:trueup-tool");
    // A line someone else put in the file stays: only trueup's block is managed.
    NodeApplyResult applied = apply(n);
    assertThat(applied.outcome()).as(applied.toString()).isEqualTo(Outcome.APPLIED);
    root(
        "echo 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBFf3dRGm0bvE+2ipvCNQ6BdcDolJd5Fi2jwodPOZ+ox"
            + " other@lab' >> ~labops/.ssh/authorized_keys");
    assertThat(plan(n).changes()).isEmpty();
    assertThat(root("trueup-hello; id -Gn labops; id -u labops; cat /proc/sys/net/ipv4/ip_forward"))
        .isEqualTo("trueup-hello 1.0\nlabops labteam\n4343\n1");
    assertThat(root("stat -c '%a %U' ~labops/.ssh ~labops/.ssh/authorized_keys"))
        .isEqualTo("700 labops\n600 labops");

    // Drift each by hand: exactly those are planned, and repaired.
    root(
        "DEBIAN_FRONTEND=noninteractive apt-get remove -y -q trueup-hello >/dev/null 2>&1;"
            + " sed -i '/ops@lab/d' ~labops/.ssh/authorized_keys;"
            + " echo 0 > /proc/sys/net/ipv4/ip_forward; gpasswd -d labops labteam >/dev/null");
    assertThat(ids(plan(n).changes()))
        .containsExactly(
            "package:trueup-hello",
            "user:labops",
            "authorized_keys:labops",
            "sysctl:net.ipv4.ip_forward");
    assertThat(apply(n).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(plan(n).changes()).isEmpty();
    assertThat(root("grep -c lab ~labops/.ssh/authorized_keys")).isEqualTo("2");
  }

  @Test
  void crontabEntriesLiveInTrueupsBlockBesideTheLinesSomeoneElseKeptThere() {
    root("printf '*/5 * * * * /opt/hand-poll\\n' | crontab -u root -");
    Node n = bare().crontab("root", "backup", "0 3 * * *", "/opt/backup --day=%a").build();
    Planned planned = plan(n);
    assertThat(ids(planned.changes())).containsExactly("crontab:root");
    assertThat(planned.changes().get(0).action()).isEqualTo(Action.CREATE);
    NodeApplyResult applied = apply(n);
    assertThat(applied.outcome()).as(applied.toString()).isEqualTo(Outcome.APPLIED);
    // cron read % as a line break: it is escaped; the hand-kept line is untouched.
    assertThat(root("crontab -l -u root"))
        .isEqualTo(
            """
            */5 * * * * /opt/hand-poll
            # BEGIN entries managed by trueup
            # backup
            0 3 * * * /opt/backup --day=\\%a
            # END entries managed by trueup\
            """);
    assertThat(plan(n).changes()).isEmpty();

    // An edit inside the block is drift; repaired, the other line still kept.
    root("crontab -l -u root | sed 's/^0 3 /30 4 /' | crontab -u root -");
    Planned drifted = plan(n);
    assertThat(ids(drifted.changes())).containsExactly("crontab:root");
    assertThat(drifted.changes().get(0).contentDiff())
        .contains("-30 4 * * * /opt/backup --day=\\%a");
    assertThat(apply(n).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(plan(n).changes()).isEmpty();
    assertThat(root("crontab -l -u root | grep -c hand-poll")).isEqualTo("1");

    // No entries left: trueup's block goes, the rest stays.
    Node emptied = bare().crontab("root", null, null, null).build();
    assertThat(plan(emptied).changes().get(0).action()).isEqualTo(Action.DELETE);
    assertThat(apply(emptied).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(root("crontab -l -u root")).isEqualTo("*/5 * * * * /opt/hand-poll");
    assertThat(plan(emptied).changes()).isEmpty();
  }

  @Test
  void aFirewallIsAppliedAtomicallyItsFlushIsDriftAndRulesThatDoNotParseChangeNothing() {
    Node n = bare().firewall(Duration.ofSeconds(30), "22/tcp", "51820/udp").build();
    assertThat(ids(plan(n).changes())).containsExactly("firewall:inet trueup");
    NodeApplyResult applied = apply(n);
    assertThat(applied.outcome()).as(applied.toString()).isEqualTo(Outcome.APPLIED);
    assertThat(root("nft list chain inet trueup input"))
        .contains("policy drop;")
        .contains("tcp dport 22 accept")
        .contains("udp dport 51820 accept");
    // Confirmed over a new connection: nothing is left armed to undo it.
    assertThat(root("systemctl is-active trueup-firewall-revert.timer || true"))
        .isEqualTo("inactive");
    assertThat(plan(n).changes()).isEmpty();

    // A rule added by hand, then the table deleted (nft flush ruleset): drift each time.
    // (Flushing only the chain would keep its drop policy and cut the lab off, as on any node.)
    root("nft add rule inet trueup input tcp dport 8080 accept");
    assertThat(ids(plan(n).changes())).containsExactly("firewall:inet trueup");
    assertThat(apply(n).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(root("nft list chain inet trueup input")).doesNotContain("8080");
    root("nft delete table inet trueup");
    assertThat(plan(n).changes()).extracting(Change::action).containsExactly(Action.CREATE);
    assertThat(apply(n).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(plan(n).changes()).isEmpty();

    // An interface name nft refuses: checked with nft -c before anything of the node changes.
    Node bad =
        bare()
            .sysctl("net.ipv4.ip_forward", "1")
            .firewall(Duration.ofSeconds(30), "22/tcp", "70000/tcp")
            .build();
    NodeApplyResult refused = apply(bad);
    assertThat(refused.outcome()).as(refused.toString()).isEqualTo(Outcome.FAILED);
    assertThat(refused.reason().orElse("")).contains("firewall rules do not parse");
    assertThat(root("cat /proc/sys/net/ipv4/ip_forward")).isEqualTo("0");
    assertThat(root("nft list chain inet trueup input")).contains("udp dport 51820 accept");
  }

  @Test
  void rulesThatLockTrueupOutAreRestoredByTheNodeItselfAndTheRunSaysSo() {
    // Port 22 is not allowed: the apply's own connection lives on as established traffic, but no
    // new one gets through, so trueup cannot confirm and the node restores the previous rules.
    Node lockout = bare().firewall(Duration.ofSeconds(5), "80/tcp").build();
    NodeApplyResult result = apply(lockout);
    assertThat(result.outcome()).as(result.toString()).isIn(Outcome.ROLLED_BACK, Outcome.FAILED);
    assertThat(result.reason().orElse(""))
        .contains("firewall change locked trueup out of the node")
        .contains("the node restored its previous rules by itself at");
    // Reachable again, and no table of trueup's is left (there was none before).
    assertThat(root("nft list table inet trueup >/dev/null 2>&1 && echo table || echo none"))
        .isEqualTo("none");
  }
}
