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
          .contains("(refs/heads/main)");
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
    Scrubber s = new Scrubber(List.of("tok-secret"));
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
