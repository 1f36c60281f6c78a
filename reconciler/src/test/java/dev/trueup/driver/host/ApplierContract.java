package dev.trueup.driver.host;

import static dev.trueup.driver.host.Fixtures.desired;
import static dev.trueup.driver.host.Fixtures.dir;
import static dev.trueup.driver.host.Fixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.trueup.apply.ChangeResult;
import dev.trueup.apply.ChangeResult.Status;
import dev.trueup.apply.InMemoryJournal;
import dev.trueup.apply.NodeApplier;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.apply.NodeApplyResult.Outcome;
import dev.trueup.backend.Differ;
import dev.trueup.backend.Renderer;
import dev.trueup.diff.Change;
import dev.trueup.model.Node;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.NodeObserver;
import dev.trueup.render.DesiredNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What every script applier must do, on nodes whose files the test can read directly: exact creates
 * and updates with modes, verification, rollback on a failing health check or a failing change,
 * idempotence, and a killed apply finished by the next run.
 */
abstract class ApplierContract {

  abstract Node node();

  abstract NodeApplier applier(ApplySettings settings);

  abstract NodeObserver observer();

  /** Where resources go, as a path on the node. */
  abstract String base();

  /** Where the test reads a node path. */
  abstract Path onDisk(String nodePath);

  abstract ApplySettings settings();

  /** A directory on the machine outside the node's files (outside its root, for a local one). */
  abstract Path outside();

  final InMemoryJournal journal = new InMemoryJournal();

  DesiredNode v1() {
    return desired(
        node().name(),
        dir(base() + "/app", "0755", null),
        file(base() + "/app/app.conf", "port=8000\n", "0644", null),
        file(base() + "/app/secret.env", "TOKEN=x\n", "0600", null),
        file(base() + "/app/nested/deep.conf", "deep\n", "0640", null));
  }

  DesiredNode v2() {
    return desired(
        node().name(),
        dir(base() + "/app", "0755", null),
        file(base() + "/app/app.conf", "port=9000\n", "0644", null),
        file(base() + "/app/secret.env", "TOKEN=x\n", "0640", null),
        file(base() + "/app/nested/deep.conf", "deep\n", "0640", null));
  }

  List<Change> plan(Node node, DesiredNode desired) {
    LiveNode live = observer().observe(node, Renderer.request(desired));
    assertThat(live.observed()).as(live.reachability().toString()).isTrue();
    return Differ.diff(desired, live);
  }

  NodeApplyResult apply(Node node, DesiredNode desired, ApplySettings settings) {
    try (NodeApplier applier = applier(settings)) {
      return applier.apply(node, desired, plan(node, desired), journal);
    }
  }

  String read(String nodePath) throws Exception {
    return Files.readString(onDisk(nodePath));
  }

  String mode(String nodePath) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(onDisk(nodePath)));
  }

  @Test
  void createsThenUpdatesExactlyAndKeepsThePreviousVersion() throws Exception {
    NodeApplyResult first = apply(node(), v1(), settings());
    assertThat(first.outcome()).as(first.toString()).isEqualTo(Outcome.APPLIED);
    assertThat(first.changes()).hasSize(4).allMatch(c -> c.status() == Status.APPLIED);
    assertThat(journal.entries())
        .hasSize(4)
        .allMatch(e -> e.state() == InMemoryJournal.State.COMPLETED);
    assertThat(read(base() + "/app/app.conf")).isEqualTo("port=8000\n");
    assertThat(mode(base() + "/app/secret.env")).isEqualTo("rw-------");
    assertThat(mode(base() + "/app/nested/deep.conf")).isEqualTo("rw-r-----");
    assertThat(mode(base() + "/app")).isEqualTo("rwxr-xr-x");
    assertThat(plan(node(), v1())).isEmpty();

    List<Change> changes = plan(node(), v2());
    assertThat(changes)
        .extracting(Change::id)
        .containsExactlyInAnyOrder(base() + "/app/app.conf", base() + "/app/secret.env");
    NodeApplyResult second;
    try (NodeApplier applier = applier(settings())) {
      second = applier.apply(node(), v2(), changes, journal);
    }
    assertThat(second.outcome()).as(second.toString()).isEqualTo(Outcome.APPLIED);
    assertThat(read(base() + "/app/app.conf")).isEqualTo("port=9000\n");
    assertThat(read(base() + "/app/secret.env")).isEqualTo("TOKEN=x\n");
    assertThat(mode(base() + "/app/secret.env")).isEqualTo("rw-r-----");
    assertThat(plan(node(), v2())).isEmpty();
    assertThat(second.toString()).doesNotContain("port=", "TOKEN");

    // The previous version is kept under the backup directory of that apply.
    Path backups = onDisk(settings().backupDirectory());
    try (var ids = Files.list(backups)) {
      List<Path> kept =
          ids.map(id -> id.resolve("f" + base() + "/app/app.conf")).filter(Files::exists).toList();
      assertThat(kept).singleElement().satisfies(p -> assertThat(p).hasContent("port=8000"));
    }
  }

  @Test
  void applyingTheSameRevisionTwiceWritesNothing() throws Exception {
    assertThat(apply(node(), v1(), settings()).outcome()).isEqualTo(Outcome.APPLIED);
    Map<String, FileTime> before = mtimes(v1());
    int entries = journal.entries().size();
    Thread.sleep(20);

    NodeApplyResult again = apply(node(), v1(), settings());
    assertThat(again.outcome()).isEqualTo(Outcome.NO_CHANGES);
    assertThat(again.changes()).isEmpty();
    assertThat(journal.entries()).hasSize(entries);
    assertThat(mtimes(v1())).isEqualTo(before);
  }

  @Test
  void healthNowRunsEachCheckOnceAndChangesNothing() throws Exception {
    assertThat(apply(node(), v1(), settings()).outcome()).isEqualTo(Outcome.APPLIED);
    Map<String, FileTime> before = mtimes(v1());
    NodeApplier applier = applier(settings());

    assertThat(applier.healthNow(node())).as("no check declared: nothing to run").isEmpty();
    assertThat(applier.healthNow(Fixtures.withCommandCheck(node(), "exit 0")))
        .containsExactly(new dev.trueup.apply.HealthAnswer("app", true, Optional.empty()));
    List<dev.trueup.apply.HealthAnswer> failing =
        applier.healthNow(Fixtures.withCommandCheck(node(), "echo down; exit 3"));
    assertThat(failing)
        .as("tried once: the fixture's retry is not made")
        .containsExactly(
            new dev.trueup.apply.HealthAnswer(
                "app", false, Optional.of("exit status 3 after 1 attempts: down")));
    assertThat(mtimes(v1())).isEqualTo(before);
  }

  @Test
  void aFailingHealthCheckRollsTheNodeBack() throws Exception {
    assertThat(apply(node(), v1(), settings()).outcome()).isEqualTo(Outcome.APPLIED);
    Node checked = Fixtures.withCommandCheck(node(), "exit 3");

    NodeApplyResult result = apply(checked, v2(), settings());
    assertThat(result.outcome()).as(result.toString()).isEqualTo(Outcome.ROLLED_BACK);
    // The fixture's check is retried once, a second apart.
    assertThat(result.reason())
        .hasValue("health check of service app failed: exit status 3 after 2 attempts");
    assertThat(result.rollback()).hasValueSatisfying(r -> assertThat(r.complete()).isTrue());
    assertThat(result.changes()).allMatch(c -> c.status() == Status.ROLLED_BACK);
    assertThat(read(base() + "/app/app.conf")).isEqualTo("port=8000\n");
    assertThat(mode(base() + "/app/secret.env")).isEqualTo("rw-------");
    assertThat(plan(node(), v1())).isEmpty();
    assertThat(journal.open()).isEmpty();

    // A passing check lets the same change through.
    NodeApplyResult ok = apply(Fixtures.withCommandCheck(node(), "true"), v2(), settings());
    assertThat(ok.outcome()).as(ok.toString()).isEqualTo(Outcome.APPLIED);
  }

  @Test
  void aChangeThatFailsRollsBackTheOnesBeforeIt() throws Exception {
    assumeThat(System.getProperty("user.name")).isEqualTo("root");
    DesiredNode bad =
        desired(
            node().name(),
            dir(base() + "/app", "0755", null),
            file(base() + "/app/a.conf", "a\n", "0644", null),
            file(base() + "/app/z.conf", "z\n", "0644", "no-such-user-trueup"));

    NodeApplyResult result = apply(node(), bad, settings());
    assertThat(result.outcome()).as(result.toString()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.changes())
        .extracting(c -> c.id().substring(base().length()) + " " + c.status())
        .containsExactly("/app ROLLED_BACK", "/app/a.conf ROLLED_BACK", "/app/z.conf FAILED");
    assertThat(result.reason()).hasValue(base() + "/app/z.conf: cannot set mode or owner");
    assertThat(onDisk(base() + "/app/a.conf")).doesNotExist();
    assertThat(onDisk(base() + "/app/z.conf")).doesNotExist();
    assertThat(onDisk(base() + "/app")).doesNotExist();
  }

  @Test
  void aKilledApplyIsFinishedByTheNextRunWithoutWritingAnythingTwice() throws Exception {
    NodeApplyResult killed = apply(node(), v1(), settings().killingAfter(2));
    assertThat(killed.outcome()).as(killed.toString()).isEqualTo(Outcome.INTERRUPTED);
    // Locally the frames printed before the kill are read; over ssh a killed command loses its
    // output, so nothing is known to be done: either way, what is not known stays open.
    assertThat(killed.count(Status.APPLIED)).isIn(0L, 2L);
    assertThat(journal.open()).hasSize(4 - (int) killed.count(Status.APPLIED));

    // The script runs in plan order: the first two changes were complete before the kill.
    List<String> done = List.of(base() + "/app", base() + "/app/app.conf");
    assertThat(killed.changes())
        .extracting(ChangeResult::id)
        .startsWith(done.toArray(String[]::new));
    Map<String, FileTime> before = new TreeMap<>();
    // Files only: a directory's mtime moves when the rest of the files appear in it.
    for (String p : done) {
      if (Files.isRegularFile(onDisk(p))) {
        before.put(p, Files.getLastModifiedTime(onDisk(p)));
      }
    }
    assertThat(before).isNotEmpty();
    Thread.sleep(20);

    List<Change> left = plan(node(), v1());
    assertThat(left).extracting(Change::id).doesNotContainAnyElementsOf(done).hasSize(2);
    NodeApplyResult rerun;
    try (NodeApplier applier = applier(settings())) {
      rerun = applier.apply(node(), v1(), left, journal);
    }
    assertThat(rerun.outcome()).as(rerun.toString()).isEqualTo(Outcome.APPLIED);
    assertThat(plan(node(), v1())).isEmpty();
    for (String p : before.keySet()) {
      assertThat(Files.getLastModifiedTime(onDisk(p))).as(p).isEqualTo(before.get(p));
    }
  }

  @Test
  void aSymlinkPutWhereTheTemporaryFileWasOnceNamedIsNotWrittenThrough() throws Exception {
    assertThat(apply(node(), v1(), settings()).outcome()).isEqualTo(Outcome.APPLIED);
    Path victim = Files.writeString(Files.createDirectories(outside()).resolve("victim"), "mine\n");
    // Earlier versions wrote each file to the fixed name .trueup.<name>.tmp first.
    Files.createSymbolicLink(onDisk(base() + "/app/.trueup.app.conf.tmp"), victim);

    NodeApplyResult result = apply(node(), v2(), settings());
    assertThat(result.outcome()).as(result.toString()).isEqualTo(Outcome.APPLIED);
    assertThat(victim).hasContent("mine");
    assertThat(mode(base() + "/app/app.conf")).isEqualTo("rw-r--r--");
    assertThat(read(base() + "/app/app.conf")).isEqualTo("port=9000\n");
    assertThat(Files.isSymbolicLink(onDisk(base() + "/app/app.conf"))).isFalse();
  }

  @Test
  void aBackupDirectoryOthersCanWriteIsRefusedBeforeAnyChange() throws Exception {
    Path backups = Files.createDirectories(onDisk(settings().backupDirectory()));
    Files.setPosixFilePermissions(backups, PosixFilePermissions.fromString("rwxrwxrwx"));

    NodeApplyResult result = apply(node(), v1(), settings());
    assertThat(result.outcome()).as(result.toString()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason())
        .hasValue(settings().backupDirectory() + " is writable by others (mode 777)");
    assertThat(result.changes()).allMatch(c -> c.status() == Status.FAILED);
    assertThat(onDisk(base() + "/app")).doesNotExist();
    try (var kept = Files.list(backups)) {
      assertThat(kept).isEmpty();
    }
  }

  Map<String, FileTime> mtimes(DesiredNode desired) throws Exception {
    Map<String, FileTime> out = new TreeMap<>();
    for (var r : desired.resources()) {
      out.put(r.id(), Files.getLastModifiedTime(onDisk(r.id())));
    }
    return out;
  }
}
