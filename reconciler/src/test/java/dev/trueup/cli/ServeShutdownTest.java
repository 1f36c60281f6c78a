package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.apply.ApplyJournal;
import dev.trueup.apply.NodeApplier;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.diff.Change;
import dev.trueup.driver.local.LocalApplier;
import dev.trueup.driver.local.LocalObserver;
import dev.trueup.engine.Drivers;
import dev.trueup.model.Node;
import dev.trueup.render.DesiredNode;
import dev.trueup.serve.Running;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.testing.ServeProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping {@code serve} while an apply is in flight (the path SIGTERM takes: {@code
 * Running.close()}): the apply finishes on its still-open connections and its run is recorded
 * succeeded, or — when the close wait runs out — its run is recorded interrupted before its
 * connections close; never failed because a connection was closed under it.
 */
class ServeShutdownTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path repo;
  @TempDir Path sandbox;
  @TempDir Path storeDir;

  /**
   * The local applier, held at the start of its apply until {@code release} says so or its drivers
   * are closed; an apply whose drivers were closed fails, as one whose SSH connection was closed
   * under it does.
   */
  private static final class HeldApplier implements NodeApplier {
    private final NodeApplier inner = new LocalApplier();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final BooleanSupplier release;
    private volatile boolean closed;

    HeldApplier(BooleanSupplier release) {
      this.release = release;
    }

    @Override
    public List<dev.trueup.apply.HealthAnswer> healthNow(Node node) {
      return inner.healthNow(node);
    }

    @Override
    public NodeApplyResult apply(
        Node node, DesiredNode desired, List<Change> changes, ApplyJournal journal) {
      entered.countDown();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!closed && !release.getAsBoolean() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (closed) {
        throw new IllegalStateException("the connection was closed under the apply");
      }
      return inner.apply(node, desired, changes, journal);
    }

    @Override
    public void close() {
      closed = true;
      inner.close();
    }
  }

  private ServeCommand serve(HeldApplier applier) throws Exception {
    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: dev
        environments: [development]
        defaults:
          files:
            /etc/motd: {content: "hello\\n", mode: "0644"}
        """);
    Files.writeString(repo.resolve("policy.yaml"), "matrix: {minor: apply}\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        "node: box\nenvironment: development\nconnection: {driver: local, root: %s}\n"
            .formatted(sandbox));
    ServeCommand serve =
        (ServeCommand)
            Main.commandLine()
                .parseArgs(
                    "serve",
                    "--repo",
                    repo.toString(),
                    "--store",
                    storeDir.toString(),
                    "--poll",
                    "1h",
                    "--drift-every",
                    "0",
                    "--notify-every",
                    "0",
                    "--listen",
                    "127.0.0.1:0",
                    "--webhook-listen",
                    "127.0.0.1:0")
                .subcommand()
                .commandSpec()
                .userObject();
    serve.drivers =
        state -> new Drivers(Map.of("local", new LocalObserver()), Map.of("local", applier));
    return serve;
  }

  /** Stops serve (as its shutdown hook does) once the startup apply is in flight. */
  private static void stopDuringTheApply(Running running, HeldApplier applier) throws Exception {
    assertThat(applier.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("the startup apply began")
        .isTrue();
    Thread shutdown = Thread.ofPlatform().name("test-shutdown").start(running::close);
    shutdown.join(WAIT.toMillis());
    assertThat(shutdown.isAlive()).as("stopping ended").isFalse();
    assertThat(running.loop().awaitStopped(WAIT)).isTrue();
  }

  private Run theApplyRun() {
    try (Store store = Store.openEmbedded(storeDir)) {
      return store.runs().recent(10).stream()
          .filter(r -> r.kind() == Run.Kind.APPLY)
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void theApplyInFlightFinishesBeforeItsConnectionsClose() throws Exception {
    AtomicReference<Running> started = new AtomicReference<>();
    // Released once serve is stopping: the apply then goes on while serve waits for it.
    HeldApplier applier = new HeldApplier(() -> started.get().loop().stopping());
    ServeCommand serve = serve(applier);
    Running running = serve.start(new PrintWriter(new StringWriter()));
    started.set(running);

    stopDuringTheApply(running, applier);

    Run run = theApplyRun();
    assertThat(run.status()).as("%s", run).isEqualTo(Run.Status.SUCCEEDED);
    assertThat(Files.readString(sandbox.resolve("etc/motd"))).isEqualTo("hello\n");
  }

  @Test
  void anApplyCutOffByTheCloseWaitIsRecordedInterruptedNotFailed() throws Exception {
    // Never released: it outlasts the close wait.
    HeldApplier applier = new HeldApplier(() -> false);
    ServeCommand serve = serve(applier);
    serve.closeWait = Duration.ofMillis(300);
    Running running = serve.start(new PrintWriter(new StringWriter()));

    stopDuringTheApply(running, applier);

    Run run = theApplyRun();
    assertThat(run.status()).as("%s", run).isEqualTo(Run.Status.INTERRUPTED);
    assertThat(run.summary().orElseThrow()).contains("serve stopped before the run finished");
  }

  @Test
  void sigtermDuringAnApplyLetsItFinishAndRecordsItSucceeded(@TempDir Path dir) throws Exception {
    int nodes = 40;
    Path fleet = dir.resolve("fleet");
    Files.createDirectories(fleet.resolve("nodes"));
    Files.writeString(
        fleet.resolve("fleet.yaml"),
        """
        fleet: dev
        environments: [development]
        defaults:
          files:
            /etc/motd: {content: "hello\\n", mode: "0644"}
        """);
    Files.writeString(fleet.resolve("policy.yaml"), "matrix: {minor: apply}\n");
    for (int i = 0; i < nodes; i++) {
      Files.writeString(
          fleet.resolve("nodes/n%02d.yaml".formatted(i)),
          "node: n%02d\nenvironment: development\nconnection: {driver: local, root: %s}\n"
              .formatted(i, dir.resolve("sandbox/n%02d".formatted(i))));
    }
    Path store = dir.resolve("store");
    List<Path> motds = new java.util.ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      motds.add(dir.resolve("sandbox/n%02d/etc/motd".formatted(i)));
    }
    java.time.Instant terminated;
    int status;
    String output;
    // One node at a time: the startup apply takes a while, and SIGTERM lands in its middle.
    try (ServeProcess serve =
        ServeProcess.start(
            List.of(
                "--repo",
                fleet.toString(),
                "--store",
                store.toString(),
                "--poll",
                "1h",
                "--parallelism",
                "1",
                "--drift-every",
                "0",
                "--notify-every",
                "0",
                "--listen",
                "127.0.0.1:0",
                "--webhook-listen",
                "127.0.0.1:0"),
            Map.of())) {
      dev.trueup.testing.Await.until(
          () -> motds.stream().anyMatch(Files::exists), "the first node applied");
      terminated = java.time.Instant.now();
      status = serve.terminate(WAIT);
      output = serve.output();
      assertThat(status).as("a JVM ended by SIGTERM\n%s", output).isEqualTo(143);
    }
    List<java.time.Instant> written = new java.util.ArrayList<>();
    for (Path motd : motds) {
      assertThat(motd).as("every node applied before serve stopped%n%s", output).exists();
      written.add(Files.getLastModifiedTime(motd).toInstant());
    }
    assertThat(written)
        .as("nodes applied after SIGTERM: it came in the middle of the apply")
        .anySatisfy(at -> assertThat(at).isAfter(terminated));
    try (Store s = Store.openEmbedded(store)) {
      assertThat(s.runs().recent(5))
          .singleElement()
          .satisfies(r -> assertThat(r.status()).as("%s", r).isEqualTo(Run.Status.SUCCEEDED));
    }
  }
}
