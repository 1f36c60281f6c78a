package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.trueup.serve.Running;
import dev.trueup.store.Run;
import dev.trueup.testing.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code trueup serve} does on its own clock: the drift schedule (a report in the store, and
 * an apply that puts back what the policy reverts) and the notification sender (the outbox
 * delivered to a signed webhook channel served on loopback).
 */
class ServeSchedulesTest {
  @TempDir Path repo;
  @TempDir Path sandbox;
  @TempDir Path storeDir;
  @TempDir Path secrets;
  @TempDir Path tmp;
  private dev.trueup.testing.LoopbackSshd sshd;

  @org.junit.jupiter.api.AfterEach
  void stopSshd() throws Exception {
    if (sshd != null) {
      sshd.close();
    }
  }

  private void fleet(String extra) throws Exception {
    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: dev
        environments: [development]
        defaults:
          files:
            /etc/motd: {content: "hello\\n", mode: "0644"}
        """
            + extra);
    Files.writeString(repo.resolve("policy.yaml"), "matrix: {minor: apply}\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        "node: box\nenvironment: development\nconnection: {driver: local, root: %s}\n"
            .formatted(sandbox));
  }

  private ServeCommand serve(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "serve",
                "--repo",
                repo.toString(),
                "--store",
                storeDir.toString(),
                "--poll",
                "1h",
                "--listen",
                "127.0.0.1:0",
                "--webhook-listen",
                "127.0.0.1:0"));
    args.addAll(List.of(extra));
    return (ServeCommand)
        Main.commandLine()
            .parseArgs(args.toArray(String[]::new))
            .subcommand()
            .commandSpec()
            .userObject();
  }

  @Test
  void driftIsFoundOnScheduleReportedAndPutBackWhereThePolicyReverts() throws Exception {
    fleet("");
    Path reports = repo.resolveSibling(repo.getFileName() + "-drift");
    try (Running running =
        serve("--drift-every", "1s", "--drift-out", reports.toString(), "--notify-every", "0")
            .start(new PrintWriter(new StringWriter()))) {
      Await.until(() -> running.loop().applies() >= 1 && !running.loop().busy(), "the startup run");
      Path motd = sandbox.resolve("etc/motd");
      assertThat(Files.readString(motd)).isEqualTo("hello\n");

      Files.writeString(motd, "edited by hand\n");

      Await.until(() -> read(motd).equals("hello\n"), "the drift put back");
      List<Run> drift =
          running
              .store()
              .runs()
              .history(Optional.of(Run.Kind.DRIFT), Optional.of("box"), Optional.empty(), 10);
      assertThat(drift).as("a drift check that named the node").isNotEmpty();
      assertThat(drift.getFirst().summary().orElseThrow()).contains("drift");
      assertThat(running.store().runs().recent(20))
          .anySatisfy(
              r -> {
                assertThat(r.kind()).isEqualTo(Run.Kind.APPLY);
                assertThat(r.trigger()).startsWith("drift detected");
              });
      try (var files = Files.list(reports)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .anySatisfy(n -> assertThat(n).contains("-drift-").endsWith(".md"));
      }
    }
  }

  @Test
  void theOutboxIsDeliveredWithoutAnyoneRunningNotify() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer hook =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hook.createContext(
        "/hook",
        x -> {
          String signature = String.valueOf(x.getRequestHeaders().getFirst("X-Trueup-Signature"));
          received.add(signature + " " + new String(x.getRequestBody().readAllBytes(), UTF8));
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    hook.start();
    try {
      Files.writeString(secrets.resolve("hmac"), "notify-signing-key");
      Files.writeString(secrets.resolve("key"), "not a key");
      // A node whose host key is not the pinned one: a critical alert, routed to the webhook at
      // once (a high one would wait for its hour's batch).
      dev.trueup.testing.RealPart.SSHD.require(dev.trueup.testing.LoopbackSshd.available());
      sshd =
          dev.trueup.testing.LoopbackSshd.start(Files.createDirectories(tmp.resolve("sshd")), true);
      fleet(
          """
          secretProviders:
            files: {type: files, directory: %s}
          secrets:
            notify/hmac: {provider: files, key: hmac}
            ssh/key: {provider: files, key: key}
          notifications:
            channels:
              audit: {type: webhook, url: "http://127.0.0.1:%d/hook", signingKey: {secret: notify/hmac}}
            routes:
              critical: [audit]
              high: [audit]
          """
              .formatted(secrets, hook.getAddress().getPort()));
      Files.writeString(
          repo.resolve("nodes/gone.yaml"),
          """
          node: gone
          environment: development
          connection: {driver: ssh, host: 127.0.0.1, port: %d, user: ops, hostKeys: ["%s"], identity: {secret: ssh/key}}
          """
              .formatted(
                  sshd.port(),
                  dev.trueup.testing.LoopbackSshd.otherKey(
                      Files.createDirectories(tmp.resolve("impostor")))));
      try (Running running =
          serve("--notify-every", "1s", "--drift-every", "0")
              .start(new PrintWriter(new StringWriter()))) {
        Await.until(() -> !received.isEmpty(), "a notification delivered by serve");
        assertThat(received.getFirst())
            .startsWith("sha256=")
            .contains("gone")
            .doesNotContain("notify-signing-key");
      }
    } finally {
      hook.stop(0);
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  /** A well-formed ed25519 public key nobody holds (the node is never reached anyway). */
  private static String anyEd25519Key() {
    byte[] type = "ssh-ed25519".getBytes(UTF8);
    ByteBuffer b = ByteBuffer.allocate(4 + type.length + 4 + 32);
    b.putInt(type.length).put(type).putInt(32).put(new byte[32]);
    return "ssh-ed25519 " + Base64.getEncoder().encodeToString(b.array());
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "<unreadable>";
    }
  }
}
