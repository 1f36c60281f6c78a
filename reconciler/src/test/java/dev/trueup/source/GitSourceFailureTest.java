package dev.trueup.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.secrets.SecretValue;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourceFailureTest {
  @TempDir Path dir;

  @Test
  void aServerThatNeverAnswersIsCutOffByTheDeadline() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    held.add(server.accept()); // accept, then say nothing, ever
                  }
                } catch (java.io.IOException closed) {
                  // the test is over
                }
              });
      GitSource source =
          new GitSource(
              GitSourceSpec.allowingLoopbackHttp(
                  "http://127.0.0.1:" + server.getLocalPort() + "/fleet.git",
                  "refs/heads/main",
                  null,
                  Duration.ofSeconds(1),
                  dir.resolve("work")));
      long start = System.nanoTime();
      SyncResult r = source.sync();
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(r).isInstanceOf(SyncResult.Failed.class);
      assertThat(((SyncResult.Failed) r).reason())
          .startsWith("fetch of http://127.0.0.1:" + server.getLocalPort() + "/fleet.git")
          .contains("(refs/heads/main)")
          .containsIgnoringCase("timed out");
      assertThat(ms).isLessThan(5_000);
      assertThat(held).isNotEmpty();
      assertThat(source.tree()).doesNotExist();
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void aServerThatTricklesBytesIsCutOffByTheTotalDeadline() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    Socket s = server.accept();
                    held.add(s);
                    Thread.ofVirtual().start(() -> trickle(s));
                  }
                } catch (java.io.IOException closed) {
                  // the test is over
                }
              });
      GitSource source =
          new GitSource(
              GitSourceSpec.allowingLoopbackHttp(
                  "http://127.0.0.1:" + server.getLocalPort() + "/fleet.git",
                  "refs/heads/main",
                  null,
                  Duration.ofSeconds(1),
                  dir.resolve("work")));
      long start = System.nanoTime();
      SyncResult r = source.sync();
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(r).isInstanceOf(SyncResult.Failed.class);
      assertThat(((SyncResult.Failed) r).reason()).endsWith("did not finish within 1s");
      assertThat(ms).isBetween(1_000L, 5_000L);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /** A valid start of a smart-http answer, then one byte every 200 ms: no read ever times out. */
  private static void trickle(Socket s) {
    try {
      s.getInputStream().read(new byte[8192]);
      var out = s.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\n"
                  + "Content-Type: application/x-git-upload-pack-advertisement\r\n"
                  + "Content-Length: 100000\r\n\r\nfff0")
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      for (int i = 0; i < 100; i++) {
        Thread.sleep(200);
        out.write('#');
        out.flush();
      }
    } catch (java.io.IOException | InterruptedException e) {
      // the client gave up: that is the point
    }
  }

  @Test
  void aTokenNeverAppearsInAFailure() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    String token = "tok-0123456789-very-secret";
    GitSource source =
        new GitSource(
            new GitSourceSpec(
                "https://127.0.0.1:" + port + "/fleet.git",
                "refs/heads/main",
                new GitAuth.Token("x-access-token", SecretValue.of(token)),
                Duration.ofSeconds(2),
                dir.resolve("work")));
    SyncResult r = source.sync();
    assertThat(r).isInstanceOf(SyncResult.Failed.class);
    assertThat(((SyncResult.Failed) r).reason()).doesNotContain(token).contains("failed");
    assertThat(source.spec().toString()).doesNotContain(token);
  }

  @Test
  void scrubberRemovesTokensAndUserInfo() {
    dev.trueup.secrets.Scrubber s = dev.trueup.secrets.Scrubber.of(List.of("tok-secret"));
    assertThat(s.scrub("https://me:tok-secret@h.example/x.git: 401 for tok-secret"))
        .isEqualTo("https://h.example/x.git: 401 for [secret]");
    assertThat(s.scrub("ssh://deploy@h.example/x.git refused"))
        .isEqualTo("ssh://h.example/x.git refused");
  }

  @Test
  void authMustFitTheUrl() {
    assertThatThrownBy(
            () ->
                GitSourceSpec.allowingLoopbackHttp(
                    "http://127.0.0.1:1/f.git",
                    "refs/heads/main",
                    new GitAuth.Token(null, SecretValue.of("t0ken-value")),
                    null,
                    dir))
        .hasMessage("a token is sent only over https:// URLs");
    assertThatThrownBy(
            () ->
                new GitSourceSpec("git@git.example.org:f.git", "refs/heads/main", null, null, dir))
        .hasMessage("an ssh URL needs ssh auth: a private key and the server's pinned host keys");
  }
}
