package dev.trueup.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.secrets.SecretValue;
import dev.trueup.testing.LoopbackSshd;
import dev.trueup.testing.RealPart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git over ssh against a real sshd on loopback, which runs the real git-upload-pack. */
class GitSourceSshTest {
  @TempDir static Path serverDir;
  static LoopbackSshd sshd;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    RealPart.SSHD.require(LoopbackSshd.available());
    RealPart.GIT.require(Files.isExecutable(Path.of("/usr/bin/git-upload-pack")));
    sshd = LoopbackSshd.start(serverDir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (sshd != null) {
      sshd.close();
    }
  }

  private GitSource source(Origin origin, GitAuth.SshKey auth) {
    return new GitSource(
        new GitSourceSpec(
            "ssh://127.0.0.1:" + sshd.port() + origin.bare.toAbsolutePath(),
            "refs/heads/main",
            auth,
            Duration.ofSeconds(10),
            dir.resolve("work")));
  }

  private static SecretValue key() throws Exception {
    return SecretValue.of(Files.readString(sshd.clientKey()));
  }

  @Test
  void fetchesOverSshWithAPinnedHostKey() throws Exception {
    try (Origin origin = new Origin(dir)) {
      RevCommit a = origin.commit("fleet.yaml", "fleet: a\n", "feat: a");
      origin.pushMain();
      GitSource source =
          source(origin, new GitAuth.SshKey(LoopbackSshd.user(), key(), List.of(sshd.hostKey())));
      SyncResult r = source.sync();
      assertThat(r).isInstanceOf(SyncResult.Synced.class);
      assertThat(((SyncResult.Synced) r).revision().commitId()).isEqualTo(a.name());
      assertThat(source.tree().resolve("fleet.yaml")).hasContent("fleet: a");

      RevCommit b = origin.commit("fleet.yaml", "fleet: b\n", "feat: b");
      origin.pushMain();
      SyncResult next = source.sync();
      assertThat(((SyncResult.Synced) next).revision().commitId()).isEqualTo(b.name());
      assertThat(source.sync()).isInstanceOf(SyncResult.Unchanged.class);
    }
  }

  @Test
  void anUnpinnedHostKeyIsRefusedBeforeTheKeyIsOffered() throws Exception {
    try (Origin origin = new Origin(dir)) {
      origin.commit("fleet.yaml", "fleet: a\n", "feat: a");
      origin.pushMain();
      GitSource source =
          source(
              origin,
              new GitAuth.SshKey(
                  LoopbackSshd.user(), key(), List.of(LoopbackSshd.otherKey(serverDir))));
      SyncResult r = source.sync();
      assertThat(r).isInstanceOf(SyncResult.Failed.class);
      String reason = ((SyncResult.Failed) r).reason();
      assertThat(reason).contains("is not pinned").doesNotContain("PRIVATE KEY");
      assertThat(source.tree()).doesNotExist();
    }
  }
}
