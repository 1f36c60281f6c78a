package dev.trueup.driver.host;

import static dev.trueup.driver.host.Fixtures.cron;
import static dev.trueup.driver.host.Fixtures.desired;
import static dev.trueup.driver.host.Fixtures.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.apply.ChangeResult.Status;
import dev.trueup.apply.InMemoryJournal;
import dev.trueup.apply.NodeApplier;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.apply.NodeApplyResult.Outcome;
import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.driver.local.LocalApplier;
import dev.trueup.driver.local.LocalObserver;
import dev.trueup.model.Node;
import dev.trueup.model.value.FileMode;
import dev.trueup.observe.NodeObserver;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.Marker;
import dev.trueup.render.ResourceKind;
import dev.trueup.testing.TestNodes;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local applier on a sandbox root. */
class LocalApplierTest extends ApplierContract {

  @TempDir Path sandbox;
  private final LocalObserver observer = new LocalObserver();

  @Override
  Node node() {
    return TestNodes.local("a", Optional.of(sandbox.resolve("root").toString()));
  }

  @Override
  NodeApplier applier(ApplySettings settings) {
    return new LocalApplier(observer, settings);
  }

  @Override
  NodeObserver observer() {
    return observer;
  }

  @Override
  String base() {
    return "/srv";
  }

  @Override
  Path onDisk(String nodePath) {
    return sandbox.resolve("root").resolve(nodePath.substring(1));
  }

  @Override
  Path outside() {
    return sandbox.resolve("outside");
  }

  @Override
  ApplySettings settings() {
    return ApplySettings.defaults();
  }

  @Test
  void aSecretEnvironmentFileWhoseSecretCannotBeResolvedRefusesTheNode() throws Exception {
    DesiredFile env =
        new DesiredFile(
            "/etc/trueup/env/api.service.env",
            (Marker.LINE + "\nTOKEN={secret: api/token}\n").getBytes(StandardCharsets.UTF_8),
            Optional.of(new FileMode(0600)),
            Optional.empty(),
            Optional.empty(),
            ResourceKind.FILE,
            true,
            Fixtures.HERE);
    DesiredNode desired = desired("a", file("/srv/plain", "x\n", "0644", null), env);
    NodeApplyResult r = apply(node(), desired, settings());
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason().orElseThrow())
        .isEqualTo(
            "/etc/trueup/env/api.service.env: secret 'api/token' for node 'a': no binding"
                + " (declare it under secrets: in fleet.yaml)");
    assertThat(onDisk("/srv/plain")).as("nothing of the node applied").doesNotExist();
    assertThat(onDisk("/etc/trueup/env/api.service.env")).doesNotExist();
  }

  @Test
  void aScriptLeftRunningByAKilledControllerIsWaitedForAndAGoneOneTakenOver() throws Exception {
    Path lock = onDisk("/var/lib/trueup/apply.lock");
    // A script whose controller died is still running: its lock names a live process.
    Process orphan = new ProcessBuilder("sleep", "2").start();
    Files.createDirectories(lock);
    Files.writeString(lock.resolve("pid"), orphan.pid() + "\n");
    long started = System.nanoTime();
    NodeApplyResult waited = apply(node(), v1(), settings());
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(waited.outcome()).as(waited.toString()).isEqualTo(NodeApplyResult.Outcome.APPLIED);
    assertThat(orphan.isAlive()).isFalse();
    assertThat(tookMs).as("the apply waited for the running script").isGreaterThan(1000);
    assertThat(lock).doesNotExist();

    // A lock whose holder is gone (killed with SIGKILL: no trap ran) is taken over at once.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.createDirectories(lock);
    Files.writeString(lock.resolve("pid"), gone.pid() + "\n");
    NodeApplyResult taken = apply(node(), v2(), settings());
    assertThat(taken.outcome()).as(taken.toString()).isEqualTo(NodeApplyResult.Outcome.APPLIED);
    assertThat(read("/srv/app/app.conf")).isEqualTo("port=9000\n");
    assertThat(lock).doesNotExist();
  }

  @Test
  void aNodeLockALiveApplyHoldsFailsTheNodeAndChangesNothing() throws Exception {
    Path lock = onDisk("/var/lib/trueup/apply.lock");
    Process holder = new ProcessBuilder("sleep", "600").start();
    try {
      Files.createDirectories(lock);
      Files.writeString(lock.resolve("pid"), holder.pid() + "\n");
      NodeApplyResult result =
          apply(node(), v1(), settings().waitingForTheLock(Duration.ofMillis(300)));
      assertThat(result.outcome()).as(result.toString()).isEqualTo(Outcome.FAILED);
      assertThat(result.failed()).isTrue();
      assertThat(result.reason()).hasValue("another trueup apply is still running on this node");
      assertThat(result.changes())
          .hasSize(4)
          .allSatisfy(
              c -> {
                assertThat(c.status()).isEqualTo(Status.FAILED);
                assertThat(c.reason())
                    .hasValue("another trueup apply is still running on this node");
              });
      assertThat(result.rollback()).isEmpty();
      assertThat(journal.open()).isEmpty();
      assertThat(journal.entries()).noneMatch(e -> e.state() == InMemoryJournal.State.COMPLETED);
      assertThat(onDisk("/srv/app")).doesNotExist();
      assertThat(lock.resolve("pid")).as("the holder keeps its lock").hasContent("" + holder.pid());
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void trueupsOwnDirectoryLeadingOutOfTheRootIsRefusedAndNothingIsWrittenOutside()
      throws Exception {
    Path outside = Files.createDirectories(outside());
    Files.createDirectories(onDisk("/"));
    Files.createSymbolicLink(onDisk("/var"), outside);

    NodeApplyResult result = apply(node(), v1(), settings());
    assertThat(result.outcome()).as(result.toString()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason()).hasValue("/var/lib/trueup: /var leads outside the root");
    assertThat(result.changes()).allMatch(c -> c.status() == Status.FAILED);
    try (var written = Files.walk(outside)) {
      assertThat(written).as("neither the node lock nor backups").containsExactly(outside);
    }
    assertThat(onDisk("/srv/app")).doesNotExist();
  }

  /**
   * The directory is swapped while the script waits for the node lock, after every check made
   * before the script ran: only the check at the moment of the write can catch it.
   */
  @Test
  void aDirectorySwappedForASymlinkDuringTheApplyIsRefusedAtTheWrite() throws Exception {
    Files.createDirectories(onDisk("/srv/app"));
    Files.writeString(onDisk("/srv/app/app.conf"), "old\n");
    DesiredNode d = desired("a", file("/srv/app/app.conf", "new\n", "0644", null));
    List<Change> changes = plan(node(), d);
    assertThat(changes).hasSize(1);

    // The lock's pid file is a fifo: reading it blocks the script until the test writes to it.
    Path lock = Files.createDirectories(onDisk("/var/lib/trueup/apply.lock"));
    Path pid = lock.resolve("pid");
    assertThat(new ProcessBuilder("mkfifo", pid.toString()).start().waitFor()).isZero();
    // Threads of their own: both block, one on the other.
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    CompletableFuture<NodeApplyResult> applying =
        CompletableFuture.supplyAsync(
            () -> {
              try (NodeApplier applier = applier(settings())) {
                return applier.apply(node(), d, changes, journal);
              }
            },
            threads);
    CompletableFuture<OutputStream> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.newOutputStream(pid);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            threads);
    CompletableFuture.anyOf(applying, waiting).get(60, TimeUnit.SECONDS);
    if (!waiting.isDone()) {
      new FileInputStream(pid.toFile()).close();
    }
    assertThat(applying).as("the script is waiting for the lock").isNotDone();

    Path moved = Files.createDirectories(outside()).resolve("app");
    Files.move(onDisk("/srv/app"), moved);
    Files.createSymbolicLink(onDisk("/srv/app"), moved);
    Object before = Files.readAttributes(moved.resolve("app.conf"), BasicFileAttributes.class);
    FileTime mtime = Files.getLastModifiedTime(moved.resolve("app.conf"));
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    try (OutputStream w = waiting.get()) {
      w.write((gone.pid() + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    NodeApplyResult result = applying.get(60, TimeUnit.SECONDS);
    threads.close();
    assertThat(result.failed()).as(result.toString()).isTrue();
    assertThat(result.reason()).hasValue("/srv/app/app.conf: /srv/app leads outside the root");
    try (var left = Files.list(moved)) {
      assertThat(left).containsExactly(moved.resolve("app.conf"));
    }
    assertThat(moved.resolve("app.conf")).hasContent("old");
    assertThat(Files.readAttributes(moved.resolve("app.conf"), BasicFileAttributes.class).fileKey())
        .isEqualTo(((BasicFileAttributes) before).fileKey());
    assertThat(Files.getLastModifiedTime(moved.resolve("app.conf"))).isEqualTo(mtime);
  }

  @Test
  void deletesOnlyMarkedFilesTrueupNoLongerProduces() throws Exception {
    DesiredNode two =
        desired("a", cron("keep", "0 1 * * * root true"), cron("old", "0 2 * * * root true"));
    assertThat(apply(node(), two, settings()).outcome()).isEqualTo(Outcome.APPLIED);
    Path cronDir = onDisk(Marker.CRON_DIRECTORY);
    Files.writeString(cronDir.resolve("trueup-mine"), "# my own file\n");

    DesiredNode one = desired("a", cron("keep", "0 1 * * * root true"));
    List<Change> changes = plan(node(), one);
    assertThat(changes)
        .extracting(c -> c.action().symbol() + " " + c.id())
        .containsExactly("- /etc/cron.d/trueup-old");
    NodeApplyResult result;
    try (NodeApplier applier = applier(settings())) {
      result = applier.apply(node(), one, changes, journal);
    }
    assertThat(result.outcome()).as(result.toString()).isEqualTo(Outcome.APPLIED);
    assertThat(cronDir.resolve("trueup-old")).doesNotExist();
    assertThat(cronDir.resolve("trueup-keep")).exists();
    assertThat(cronDir.resolve("trueup-mine")).hasContent("# my own file");
    assertThat(plan(node(), one)).isEmpty();
  }

  @Test
  void aDeletionOfAFileWhoseMarkerWasRemovedMeanwhileIsRefusedOnTheNode() throws Exception {
    DesiredNode two =
        desired("a", cron("keep", "0 1 * * * root true"), cron("old", "0 2 * * * root true"));
    apply(node(), two, settings());
    List<Change> changes = plan(node(), desired("a", cron("keep", "0 1 * * * root true")));
    Files.writeString(onDisk("/etc/cron.d/trueup-old"), "# taken over by hand\n");
    NodeApplyResult result;
    try (NodeApplier applier = applier(settings())) {
      result =
          applier.apply(
              node(), desired("a", cron("keep", "0 1 * * * root true")), changes, journal);
    }
    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.action()).isEqualTo(Action.DELETE);
              assertThat(c.status()).isEqualTo(Status.FAILED);
              assertThat(c.reason()).hasValue("marker missing: not deleting");
            });
    assertThat(onDisk("/etc/cron.d/trueup-old")).hasContent("# taken over by hand");
  }

  @Test
  void aPathLeadingOutOfTheRootIsRefusedAndNothingIsWritten() throws Exception {
    Path outside = Files.createDirectories(sandbox.resolve("outside"));
    Files.createDirectories(onDisk("/srv"));
    Files.createSymbolicLink(onDisk("/srv/escape"), outside);
    DesiredNode d =
        desired(
            "a",
            file("/srv/fine.conf", "fine\n", "0644", null),
            file("/srv/escape/evil.conf", "evil\n", "0644", null));
    NodeApplyResult result = apply(node(), d, settings());
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason()).hasValue("/srv/escape/evil.conf: outside root");
    assertThat(outside.resolve("evil.conf")).doesNotExist();
    assertThat(onDisk("/srv/fine.conf")).doesNotExist();
    assertThat(journal.entries()).isEmpty();
  }
}
