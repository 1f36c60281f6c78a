package dev.trueup.driver.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.live.LiveEntry;
import dev.trueup.live.Reachability;
import dev.trueup.model.Node;
import dev.trueup.model.SecretProvider;
import dev.trueup.model.value.HostKey;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.NodeObserver;
import dev.trueup.observe.NodeObserverContract;
import dev.trueup.observe.exec.ExecResult;
import dev.trueup.secrets.SecretResolver;
import dev.trueup.testing.LoopbackSshd;
import dev.trueup.testing.RealPart;
import dev.trueup.testing.TestNodes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ssh driver against the real OpenSSH sshd on loopback; files live under a temp dir. */
class SshObserverTest extends NodeObserverContract {

  private static final Logger log = LoggerFactory.getLogger(SshObserverTest.class);

  @TempDir static Path serverDir;
  static LoopbackSshd sshd;
  static SecretResolver secrets;

  @TempDir Path tree;
  SshObserver observer;

  @BeforeAll
  static void startSshd() throws Exception {
    RealPart.SSHD.require(LoopbackSshd.available());
    sshd = LoopbackSshd.start(serverDir);
    Path secretDir = Files.createDirectories(serverDir.resolve("secrets"));
    Files.copy(sshd.clientKey(), secretDir.resolve("test-key"));
    secrets =
        new SecretResolver(
            Map.of(
                "files",
                new SecretProvider(
                    "files", "files", Map.of("directory", secretDir.toString()), TestNodes.HERE)),
            Map.of());
  }

  @AfterAll
  static void stopSshd() throws Exception {
    if (sshd != null) {
      sshd.close();
    }
  }

  @BeforeEach
  void openObserver() {
    observer = new SshObserver(new SshConnector(settings(Duration.ofSeconds(10)), secrets));
  }

  @AfterEach
  void closeObserver() {
    observer.close();
  }

  static SshSettings settings(Duration connect) {
    return new SshSettings(connect, Duration.ofSeconds(10), Duration.ofSeconds(30), 1024 * 1024);
  }

  @Override
  protected NodeObserver observer() {
    return observer;
  }

  @Override
  protected Node node() {
    return node(List.of(hostKey()));
  }

  static Node node(List<HostKey> pins) {
    return TestNodes.ssh("loopback", sshd.port(), LoopbackSshd.user(), false, pins);
  }

  static HostKey hostKey() {
    try {
      return sshd.hostKey();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected Path tree() {
    return tree;
  }

  @Override
  protected String nodePath(String inTree) {
    return tree + inTree;
  }

  @Test
  void aChangedHostKeyIsRefusedWithBothFingerprintsBeforeAnyAuthentication() throws Exception {
    HostKey stale = LoopbackSshd.otherKey(serverDir);
    int logStart = sshd.logLines().size();

    LiveNode live = observer.observe(node(List.of(stale)), request());

    assertThat(live.reachability())
        .isEqualTo(
            new Reachability.HostKeyRejected(
                hostKey().fingerprint(), List.of(stale.fingerprint())));
    // The connection's end is the last thing its sshd child logs: nothing about it comes later.
    List<String> seen =
        logSinceOnce(
            logStart, l -> l.contains("Connection closed by") || l.contains("Disconnected from"));
    assertThat(seen).anyMatch(l -> l.contains("Connection from 127.0.0.1"));
    assertThat(seen).noneMatch(l -> l.contains("userauth") || l.contains("publickey"));
  }

  @Test
  void anyOfSeveralPinnedKeysIsAccepted() throws Exception {
    HostKey retired = LoopbackSshd.otherKey(serverDir);
    LiveNode live = observer.observe(node(List.of(retired, hostKey())), request());
    assertThat(live.observed()).isTrue();
  }

  @Test
  void aHostPinnedByAnotherKeyTypeNegotiatesThatType() throws Exception {
    for (String type : List.of("ecdsa", "rsa")) {
      LiveNode live = observer.observe(node(List.of(sshd.hostKey(type))), request());
      assertThat(live.reachability()).as(type).isEqualTo(new Reachability.Observed());
      observer.close();
    }
  }

  @Test
  void aKeptConnectionThatDiedIsReopenedOnce() throws Exception {
    assertThat(observer.observe(node(), request()).observed()).isTrue();
    String before = observer.connectionOf("loopback").orElseThrow();
    sshd.dropConnections();

    LiveNode live = observer.observe(node(), request());

    assertThat(live.reachability()).isEqualTo(new Reachability.Observed());
    assertThat(observer.connectionOf("loopback"))
        .isPresent()
        .isNotEqualTo(java.util.Optional.of(before));
  }

  @Test
  void aHangingNodeIsCutOffByItsDeadlineWhileTheOthersAreObserved() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        SshObserver impatient =
            new SshObserver(new SshConnector(settings(Duration.ofMillis(1500)), secrets))) {
      List<Socket> held = new ArrayList<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept()); // accepts, never says a word
                  }
                } catch (IOException closed) {
                  // test over
                }
              });
      Node hung = TestNodes.ssh("hung", silent.getLocalPort(), "nobody", false, List.of(hostKey()));
      long start = System.nanoTime();
      var hanging =
          CompletableFuture.supplyAsync(() -> timed(() -> impatient.observe(hung, request())));
      var healthy =
          CompletableFuture.supplyAsync(() -> timed(() -> impatient.observe(node(), request())));

      Timed good = healthy.join();
      Timed bad = hanging.join();

      assertThat(good.live().observed()).isTrue();
      // The healthy node does not wait for the hung one (measured, not asserted, otherwise).
      assertThat(good.millis()).isLessThan(bad.millis());
      assertThat(bad.live().reachability())
          .isInstanceOfSatisfying(
              Reachability.Unreachable.class,
              u -> assertThat(u.reason()).contains("no SSH handshake").contains("1500 ms"));
      assertThat(bad.millis()).isBetween(1400L, 5000L);
      log.info(
          "hung node cut off after {} ms; healthy node observed in {} ms (total {} ms)",
          bad.millis(),
          good.millis(),
          (System.nanoTime() - start) / 1_000_000);
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void theConnectionIsKeptAndReusedAcrossObservations() throws Exception {
    int logStart = sshd.logLines().size();
    Timed first = timed(() -> observer.observe(node(), request()));
    String connection = observer.connectionOf("loopback").orElseThrow();
    Timed second = timed(() -> observer.observe(node(), request()));
    Timed third = timed(() -> observer.observe(node(), request()));

    assertThat(second.live().observed()).isTrue();
    assertThat(third.live().observed()).isTrue();
    assertThat(observer.connectionOf("loopback")).contains(connection);
    // A second connection would have authenticated (and logged it) before its observe ran.
    assertThat(logSinceOnce(logStart, l -> l.contains("Accepted publickey")))
        .filteredOn(l -> l.contains("Accepted publickey"))
        .hasSize(1);
    log.info(
        "connect+auth+observe {} ms; observe on the kept connection {} ms, {} ms",
        first.millis(),
        second.millis(),
        third.millis());
  }

  @Test
  void theProbeRunsInOneSessionKeptOpenAcrossObservations() throws Exception {
    int logStart = sshd.logLines().size();
    for (int i = 0; i < 3; i++) {
      assertThat(observer.observe(node(), request()).observed()).isTrue();
    }
    // sshd logs each session's command: three observations, one session.
    assertThat(logSinceOnce(logStart, l -> l.contains("req exec")))
        .filteredOn(l -> l.contains("req exec"))
        .hasSize(1);
  }

  @Test
  void aKeptShellThatEndedIsStartedAgainWithoutFailingTheObservation() throws Exception {
    assertThat(observer.observe(node(), request()).observed()).isTrue();
    String connection = observer.connectionOf("loopback").orElseThrow();
    // The kept shell (sh -c 'trueup_probe() ...') dies; sshd and the connection stay.
    List<ProcessHandle> kept =
        sshd.processes()
            .filter(p -> p.info().commandLine().orElse("").contains("trueup_probe()"))
            .toList();
    assertThat(kept).as("the kept shell, found to be killed").isNotEmpty();
    kept.forEach(ProcessHandle::destroyForcibly);

    LiveNode live = observer.observe(node(), request());

    assertThat(live.reachability()).isEqualTo(new Reachability.Observed());
    assertThat(observer.connectionOf("loopback")).contains(connection);
    assertThat(observer.observe(node(), request()).observed()).isTrue();
  }

  @Test
  void aKeptShellAnswersInTurnAndAFailureIsRunAgainOnItsOwnForWhatItSays() throws Exception {
    // A loop framed as the probe's: it echoes its input, and fails a request that says "fail".
    String program =
        """
        while IFS= read -r n; do
          in=
          while IFS= read -r l && [ "$l" != "$n" ]; do in="$in$l "; done
          case $in in *fail*) s=3 ;; *) s=0 ;; esac
          printf 'got %s\n\n%s %s\n' "$in" "$n" "$s"
        done
        """;
    String once = "echo 'the reason, on its own' >&2; exit 3";
    try (SshSession s =
        new SshConnector(settings(Duration.ofSeconds(10)), secrets).connect(node())) {
      for (String input : List.of("a\nb\n", "c\n")) {
        ExecResult r =
            s.call(program, once, input.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdoutText()).isEqualTo("got " + input.replace("\n", " ") + "\n");
      }
      ExecResult failed =
          s.call(program, once, "fail\n".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
      assertThat(failed.exitCode()).isEqualTo(3);
      assertThat(new String(failed.stderr(), StandardCharsets.UTF_8))
          .contains("the reason, on its own");
      ExecResult after =
          s.call(program, once, "d\n".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
      assertThat(after.stdoutText()).isEqualTo("got d \n");
    }
  }

  @Test
  void aFileWhoseLinesLookLikeTheEndOfAnAnswerIsReadWhole() throws Exception {
    // What a kept shell's answer ends with: a nonce line and a status. Nobody can know the nonce.
    String lookalike = "# managed by trueup\n\n=" + "0".repeat(32) + " 0\nend\n=x 1\n";
    Files.writeString(host(ENV), lookalike);

    LiveNode live = observer.observe(node(), request());
    LiveNode again = observer.observe(node(), request());

    for (LiveNode l : List.of(live, again)) {
      LiveEntry.File env = (LiveEntry.File) l.paths().get(nodePath(ENV));
      assertThat(new String(env.content().orElseThrow(), StandardCharsets.UTF_8))
          .isEqualTo(lookalike);
    }
  }

  @Test
  void measureWithAndWithoutTheLoginShellsRcFile(@TempDir Path leanDir) throws Exception {
    try (LoopbackSshd lean = LoopbackSshd.start(leanDir, true)) {
      Path secretDir = Files.createDirectories(leanDir.resolve("secrets"));
      Files.copy(lean.clientKey(), secretDir.resolve("test-key"));
      SecretResolver leanSecrets =
          new SecretResolver(
              Map.of(
                  "files",
                  new SecretProvider(
                      "files", "files", Map.of("directory", secretDir.toString()), TestNodes.HERE)),
              Map.of());
      Node leanNode =
          TestNodes.ssh("lean", lean.port(), LoopbackSshd.user(), false, List.of(lean.hostKey()));
      try (SshObserver leanObserver =
          new SshObserver(new SshConnector(settings(Duration.ofSeconds(10)), leanSecrets))) {
        record Setup(String name, SshObserver observer, Node node) {}
        for (Setup run :
            List.of(
                new Setup("bash with .bashrc", observer, node()),
                new Setup("bash without .bashrc", leanObserver, leanNode))) {
          SshObserver o = run.observer();
          Node n = run.node();
          Timed first = timed(() -> o.observe(n, request()));
          long kept = Long.MAX_VALUE;
          for (int i = 0; i < 5; i++) {
            kept = Math.min(kept, timed(() -> o.observe(n, request())).millis());
          }
          assertThat(first.live().observed()).isTrue();
          log.info(
              "{}: connect+auth+observe {} ms; observe on kept connection, best of 5: {} ms",
              run.name(),
              first.millis(),
              kept);
        }
      }
    }
  }

  @Test
  void aCommandPastItsDeadlineIsCutOffAndItsConnectionClosed() throws Exception {
    SshConnector connector = new SshConnector(settings(Duration.ofSeconds(10)), secrets);
    try (SshSession session = connector.connect(node())) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> session.exec("sleep 30", new byte[0], Duration.ofMillis(800)))
          .isInstanceOf(SshFailure.class)
          .hasMessageContaining("did not finish within 800 ms");
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
      assertThat(session.isOpen()).isFalse();
    }
  }

  @Test
  void bothOutputsAreDrainedTogetherAndCapped() throws Exception {
    SshConnector connector = new SshConnector(settings(Duration.ofSeconds(10)), secrets);
    try (SshSession session = connector.connect(node())) {
      // 4 MB on each stream: far past any window or pipe buffer, and past both caps.
      ExecResult r =
          session.exec(
              "head -c 4000000 /dev/zero; head -c 4000000 /dev/zero >&2; echo done",
              new byte[0],
              Duration.ofSeconds(20));
      assertThat(r.exitCode()).isZero();
      assertThat(r.truncated()).isTrue();
      assertThat(r.stdout()).hasSize(1024 * 1024);
      assertThat(r.stderr()).hasSize(64 * 1024);
      ExecResult echo = session.exec("cat", "from stdin".getBytes(), Duration.ofSeconds(5));
      assertThat(echo.stdoutText()).isEqualTo("from stdin");
      long start = System.nanoTime();
      int runs = 5;
      for (int i = 0; i < runs; i++) {
        session.exec("true", new byte[0], Duration.ofSeconds(5));
      }
      log.info(
          "exec of `true` on a kept connection: {} ms each (login shell {})",
          (System.nanoTime() - start) / 1_000_000 / runs,
          session.exec("echo $0", new byte[0], Duration.ofSeconds(5)).stdoutText().strip());
    }
  }

  @Test
  void aMissingIdentityOrAWrongKeyIsUnreachableWithAReason() throws Exception {
    Node unbound =
        TestNodes.node("unbound", node().connection(), Map.of()); // no binding for ssh/test-key
    assertThat(observer.observe(unbound, request()).reachability())
        .isInstanceOfSatisfying(
            Reachability.Unreachable.class,
            u -> assertThat(u.reason()).contains("ssh/test-key").contains("unbound"));
    Node wrongUser = TestNodes.ssh("wrong", sshd.port(), "nobody", false, List.of(hostKey()));
    assertThat(observer.observe(wrongUser, request()).reachability())
        .isInstanceOfSatisfying(
            Reachability.Unreachable.class,
            u -> assertThat(u.reason()).contains("authentication as nobody refused"));
  }

  @Test
  void aRefusedConnectionIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Node gone = TestNodes.ssh("gone", closedPort, "root", false, List.of(hostKey()));
    assertThat(observer.observe(gone, request()).reachability())
        .isEqualTo(
            new Reachability.Unreachable("connection to 127.0.0.1:" + closedPort + " refused"));
  }

  @Test
  void sudoWrapsTheCommandAsOneQuotedShellWord() {
    assertThat(SshSession.sudo("printf '%s' \"$HOME\""))
        .isEqualTo("sudo -n sh -c 'printf '\\''%s'\\'' \"$HOME\"'");
  }

  /**
   * sshd's log since {@code start}, once a line matching {@code last} is in it: sshd's children
   * write a moment after the client is done, so wait for the line that comes after everything the
   * assertions look at, not for a fixed time.
   */
  private static List<String> logSinceOnce(int start, java.util.function.Predicate<String> last)
      throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (true) {
      List<String> lines = sshd.logLines();
      List<String> since = lines.subList(Math.min(start, lines.size()), lines.size());
      if (since.stream().anyMatch(last) || System.nanoTime() > deadline) {
        assertThat(since).as("sshd's log").anyMatch(last);
        return since;
      }
      Thread.sleep(10);
    }
  }

  record Timed(LiveNode live, long millis) {}

  static Timed timed(java.util.function.Supplier<LiveNode> call) {
    long start = System.nanoTime();
    LiveNode live = call.get();
    return new Timed(live, (System.nanoTime() - start) / 1_000_000);
  }
}
