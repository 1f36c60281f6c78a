package dev.trueup.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourceTest {
  @TempDir Path dir;
  Origin origin;

  @BeforeEach
  void setUp() throws Exception {
    origin = new Origin(dir);
  }

  @AfterEach
  void tearDown() {
    origin.close();
  }

  private GitSource source(String ref) {
    return new GitSource(
        new GitSourceSpec(
            origin.url(), ref, new GitAuth.None(), Duration.ofSeconds(10), dir.resolve("work")));
  }

  private static Revision synced(SyncResult r) {
    assertThat(r).isInstanceOf(SyncResult.Synced.class);
    return ((SyncResult.Synced) r).revision();
  }

  @Test
  void clonesThenFollowsNewCommitsThenReportsNoChange() throws Exception {
    RevCommit a = origin.commit("fleet.yaml", "fleet: a\n", "feat: a");
    origin.pushMain();
    GitSource source = source("refs/heads/main");

    Revision first = synced(source.sync());
    assertThat(first.commitId()).isEqualTo(a.name());
    assertThat(first.previous()).isEmpty();
    assertThat(first.historyRewritten()).isFalse();
    assertThat(Files.readString(source.tree().resolve("fleet.yaml"))).isEqualTo("fleet: a\n");

    RevCommit b = origin.commit("nodes/aurora.yaml", "node: aurora\n", "feat: aurora");
    origin.pushMain();
    Revision second = synced(source.sync());
    assertThat(second.commitId()).isEqualTo(b.name());
    assertThat(second.previous()).contains(a.name());
    assertThat(second.historyRewritten()).isFalse();
    assertThat(source.tree().resolve("nodes/aurora.yaml")).hasContent("node: aurora");

    SyncResult again = source.sync();
    assertThat(again).isInstanceOf(SyncResult.Unchanged.class);
    assertThat(((SyncResult.Unchanged) again).revision().commitId()).isEqualTo(b.name());
  }

  @Test
  void aFileUrlWorksLikeAPath() throws Exception {
    RevCommit a = origin.commit("fleet.yaml", "fleet: a\n", "feat: a");
    origin.pushMain();
    GitSource source =
        new GitSource(
            new GitSourceSpec(
                origin.bare.toUri().toString(),
                "refs/heads/main",
                null,
                Duration.ofSeconds(10),
                dir.resolve("w2")));
    assertThat(synced(source.sync()).commitId()).isEqualTo(a.name());
  }

  @Test
  void aForcePushResetsTheTreeAndSaysHistoryWasRewritten() throws Exception {
    origin.commit("fleet.yaml", "fleet: a\n", "feat: a");
    origin.pushMain();
    RevCommit b = origin.commit("bad.yaml", "oops\n", "feat: bad");
    origin.pushMain();
    GitSource source = source("refs/heads/main");
    synced(source.sync());
    assertThat(source.tree().resolve("bad.yaml")).exists();

    origin.author.reset().setMode(ResetCommand.ResetType.HARD).setRef("HEAD~1").call();
    RevCommit c = origin.commit("good.yaml", "fine\n", "feat: good");
    origin.pushMain();

    Revision r = synced(source.sync());
    assertThat(r.commitId()).isEqualTo(c.name());
    assertThat(r.previous()).contains(b.name());
    assertThat(r.historyRewritten()).isTrue();
    assertThat(files(source.tree())).containsExactlyInAnyOrder("fleet.yaml", "good.yaml");
    assertThat(source.sync()).isInstanceOf(SyncResult.Unchanged.class);
  }

  @Test
  void aSyncThatReturnedLeavesTheSourceFreeEvenWhileItsFetchThreadIsStillEnding() throws Exception {
    origin.commit("fleet.yaml", "fleet: a\n", "feat: a");
    origin.pushMain();
    GitSource source = source("refs/heads/main");
    java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    // The fetch thread is held after its work, where it used to free the source itself.
    source.afterWork =
        () -> {
          try {
            ended.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    try {
      synced(source.sync());
      origin.commit("b.yaml", "b\n", "feat: b");
      origin.pushMain();
      source.afterWork = () -> {};
      assertThat(source.sync()).isInstanceOf(SyncResult.Synced.class);
    } finally {
      ended.countDown();
    }
  }

  @Test
  void aTagRefNeverFollowsABranchOfTheSameName() throws Exception {
    RevCommit a = origin.commit("fleet.yaml", "fleet: a\n", "feat: a");
    origin.pushMain();
    origin.author.tag().setName("v1").setAnnotated(true).setMessage("v1").setSigned(false).call();
    origin.push("refs/tags/v1", "refs/tags/v1");
    RevCommit b = origin.commit("fleet.yaml", "fleet: b\n", "feat: b");
    origin.push("refs/heads/main", "refs/heads/v1");
    origin.pushMain();

    GitSource tag = source("refs/tags/v1");
    Revision r = synced(tag.sync());
    assertThat(r.commitId()).isEqualTo(a.name());
    assertThat(tag.tree().resolve("fleet.yaml")).hasContent("fleet: a");

    origin.commit("fleet.yaml", "fleet: c\n", "feat: c");
    origin.push("refs/heads/main", "refs/heads/v1");
    origin.pushMain();
    assertThat(tag.sync()).isInstanceOf(SyncResult.Unchanged.class);
    assertThat(tag.tree().resolve("fleet.yaml")).hasContent("fleet: a");

    GitSource branch =
        new GitSource(
            new GitSourceSpec(
                origin.url(), "refs/heads/v1", null, Duration.ofSeconds(10), dir.resolve("b")));
    assertThat(synced(branch.sync()).commitId()).isNotEqualTo(a.name()).isNotEqualTo(b.name());
  }

  @Test
  void aMissingRefFailsAndKeepsTheLastGoodTree() throws Exception {
    origin.commit("fleet.yaml", "fleet: a\n", "feat: a");
    origin.pushMain();
    GitSource missing = source("refs/heads/nope");
    SyncResult r = missing.sync();
    assertThat(r).isInstanceOf(SyncResult.Failed.class);
    assertThat(((SyncResult.Failed) r).reason()).contains("refs/heads/nope");
  }

  @Test
  void hooksNeverRun() throws Exception {
    Path marker = dir.resolve("hook-ran");
    String hook = "#!/bin/sh\ntouch " + marker + "\n";
    origin.commit(".githooks/post-checkout", hook, "chore: hooks");
    origin.commit("fleet.yaml", "fleet: a\n", "feat: a");
    origin.pushMain();
    for (String name :
        List.of("post-checkout", "post-merge", "post-update", "reference-transaction")) {
      Path h = origin.bare.resolve("hooks").resolve(name);
      Files.writeString(h, hook);
      h.toFile().setExecutable(true);
    }
    GitSource source = source("refs/heads/main");
    synced(source.sync());
    // A hook planted in trueup's own mirror does not run on the next sync either.
    for (String name : List.of("post-checkout", "post-merge", "reference-transaction")) {
      Path h = dir.resolve("work/mirror.git/hooks").resolve(name);
      Files.createDirectories(h.getParent());
      Files.writeString(h, hook);
      h.toFile().setExecutable(true);
    }
    try (Git mirror = Git.open(dir.resolve("work/mirror.git").toFile())) {
      StoredConfig c = mirror.getRepository().getConfig();
      c.unset("core", null, "hooksPath");
      c.save();
    }
    origin.commit("fleet.yaml", "fleet: b\n", "feat: b");
    origin.pushMain();
    synced(source.sync());
    assertThat(marker).doesNotExist();
    assertThat(source.tree().resolve(".githooks/post-checkout")).hasContent(hook.strip());
  }

  @Test
  void gitattributesFiltersAreNotApplied() throws Exception {
    Path marker = dir.resolve("filter-ran");
    origin.commit(".gitattributes", "*.yaml filter=x\n", "chore: attributes");
    origin.commit("fleet.yaml", "fleet: a\n", "feat: a");
    origin.pushMain();
    GitSource source = source("refs/heads/main");
    synced(source.sync());
    try (Git mirror = Git.open(dir.resolve("work/mirror.git").toFile())) {
      StoredConfig c = mirror.getRepository().getConfig();
      c.setString("filter", "x", "smudge", "sh -c 'touch " + marker + "; echo smudged'");
      c.setBoolean("filter", "x", "required", true);
      c.save();
    }
    origin.commit("fleet.yaml", "fleet: b\n", "feat: b");
    origin.pushMain();
    synced(source.sync());
    assertThat(marker).doesNotExist();
    assertThat(source.tree().resolve("fleet.yaml")).hasContent("fleet: b");
  }

  @Test
  void submodulesAreNotFetched() throws Exception {
    Path subBare = dir.resolve("sub.git");
    RevCommit subCommit;
    try (Git sub =
        Git.init().setDirectory(dir.resolve("sub").toFile()).setInitialBranch("main").call()) {
      Files.writeString(dir.resolve("sub/secret.yaml"), "from: submodule\n");
      sub.add().addFilepattern(".").call();
      subCommit =
          sub.commit()
              .setMessage("sub")
              .setAuthor("t", "t@example.org")
              .setCommitter("t", "t@example.org")
              .setSign(false)
              .call();
      Git.init()
          .setBare(true)
          .setDirectory(subBare.toFile())
          .setInitialBranch("main")
          .call()
          .close();
      sub.push()
          .setRemote(subBare.toUri().toString())
          .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("refs/heads/main:refs/heads/main"))
          .call();
    }
    origin.commit("fleet.yaml", "fleet: a\n", "feat: a");
    origin
        .author
        .submoduleAdd()
        .setURI(subBare.toUri().toString())
        .setPath("vendor")
        .call()
        .close();
    origin
        .author
        .commit()
        .setMessage("chore: submodule")
        .setAuthor("t", "t@example.org")
        .setCommitter("t", "t@example.org")
        .setSign(false)
        .call();
    origin.pushMain();

    GitSource source = source("refs/heads/main");
    synced(source.sync());
    assertThat(source.tree().resolve(".gitmodules")).exists();
    assertThat(source.tree().resolve("vendor")).doesNotExist();
    try (Git mirror = Git.open(dir.resolve("work/mirror.git").toFile())) {
      assertThat(mirror.getRepository().getObjectDatabase().has(subCommit)).isFalse();
    }
  }

  @Test
  void executableBitIsKeptAndSymlinksAreNotMaterialized() throws Exception {
    origin.commit("files/run.sh", "#!/bin/sh\n", "feat: script");
    origin.work().resolve("files/run.sh").toFile().setExecutable(true);
    Files.createSymbolicLink(origin.work().resolve("escape"), Path.of("/etc"));
    origin.commit("fleet.yaml", "fleet: a\n", "feat: a");
    origin.pushMain();
    GitSource source = source("refs/heads/main");
    synced(source.sync());
    assertThat(Files.isExecutable(source.tree().resolve("files/run.sh"))).isTrue();
    assertThat(source.tree().resolve("escape")).doesNotExist();
  }

  private static List<String> files(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
    }
  }
}
