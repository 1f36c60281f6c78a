package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.source.Revision;
import dev.trueup.source.SyncResult;
import dev.trueup.store.Store;
import dev.trueup.testing.LoopbackSshd;
import dev.trueup.testing.RealPart;
import dev.trueup.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catch-up after offline over a real sshd on loopback: the node's sshd is stopped (connection
 * refused, as a machine that is off), a change is pushed and applied to the rest of the fleet, sshd
 * comes back, and serve applies the change within one poll interval, with no new commit.
 */
class ServeCatchUpSshTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path repo;
  @TempDir Path sandbox;
  @TempDir Path remote;
  @TempDir Path sshdDir;
  @TempDir Path storeDir;
  private LoopbackSshd sshd;
  private Store store;
  private ServeLoop loop;

  @AfterEach
  void close() throws Exception {
    if (loop != null) {
      loop.close();
    }
    if (store != null) {
      store.close();
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  @Test
  void aMachineThatWasOffWhenTheChangeWentOutGetsItWithinAPollOfComingBack() throws Exception {
    RealPart.SSHD.require(LoopbackSshd.available());
    sshd = LoopbackSshd.start(sshdDir, true);
    Path secrets = Files.createDirectories(sshdDir.resolve("secrets"));
    Files.copy(sshd.clientKey(), secrets.resolve("key"));
    store = Store.openEmbedded(storeDir);
    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: dev
        environments: [development]
        secretProviders:
          files: {type: files, directory: %s}
        secrets:
          ssh/key: {provider: files, key: key}
        defaults:
          files:
            %s/app.conf: {content: "port=8000\\n", mode: "0644"}
        """
            .formatted(secrets, remote));
    Files.writeString(repo.resolve("policy.yaml"), "matrix: {minor: apply}\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        "node: box\nenvironment: development\nconnection: {driver: local, root: %s}\n"
            .formatted(sandbox));
    Files.writeString(
        repo.resolve("nodes/laptop.yaml"),
        """
        node: laptop
        environment: development
        connection: {driver: ssh, host: 127.0.0.1, port: %d, user: %s, hostKeys: ["%s"], identity: {secret: ssh/key}}
        """
            .formatted(sshd.port(), LoopbackSshd.user(), sshd.hostKey()));

    Revision same = new Revision("c".repeat(40), "refs/heads/main", Optional.empty(), false);
    Duration poll = Duration.ofMillis(500);
    loop =
        new ServeLoop(
                () -> new SyncResult.Unchanged(same),
                () -> dev.trueup.source.DesiredTree.of(repo),
                () -> new ApplyPipeline(new Validator(), Drivers::standard, store, Progress.NONE),
                ApplyPipeline.Options.everything(2),
                CycleEvents.NONE,
                new LoopTiming(poll, WAIT, Duration.ofMillis(50), Duration.ofMillis(50)),
                new StoreWakeQueue(store, Duration.ofMinutes(2)),
                new StoreLedger(store, Duration.ofMinutes(2)),
                null)
            .start();
    loop.trigger("startup");
    awaitApplies(1);
    Path conf = remote.resolve("app.conf");
    assertThat(Files.readString(conf)).isEqualTo("port=8000\n");

    sshd.stop();
    Path fleet = repo.resolve("fleet.yaml");
    Files.writeString(fleet, Files.readString(fleet).replace("port=8000", "port=8001"));
    loop.trigger("push");
    awaitApplies(2);
    assertThat(Files.readString(sandbox.resolve(remote.toString().substring(1) + "/app.conf")))
        .isEqualTo("port=8001\n");
    assertThat(Files.readString(conf)).as("the laptop was off").isEqualTo("port=8000\n");
    assertThat(store.nodeContacts().get("laptop").orElseThrow().away()).isTrue();
    assertThat(store.nodeContacts().get("laptop").orElseThrow().missedReason().orElse(""))
        .isNotBlank();

    sshd.restart();
    awaitApplies(3);
    ApplyRun caughtUp = loop.lastRun().orElseThrow();
    assertThat(caughtUp.nodes()).extracting(r -> r.node()).containsExactly("laptop");
    assertThat(caughtUp.failed()).as(caughtUp.toString()).isFalse();
    assertThat(Files.readString(conf)).isEqualTo("port=8001\n");
    assertThat(store.nodeContacts().get("laptop").orElseThrow().away()).isFalse();
  }

  private void awaitApplies(long n) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while ((loop.applies() < n || loop.busy()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(loop.applies()).isGreaterThanOrEqualTo(n);
  }
}
