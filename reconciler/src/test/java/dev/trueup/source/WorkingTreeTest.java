package dev.trueup.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkingTreeTest {

  @Test
  void aPlainDirectoryIsNamedByItsContent(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("fleet.yaml"), "fleet: a\n");
    String first = WorkingTree.revision(dir);
    assertThat(first).startsWith("tree:");
    assertThat(WorkingTree.revision(dir)).isEqualTo(first);
    Files.writeString(dir.resolve("fleet.yaml"), "fleet: b\n");
    assertThat(WorkingTree.revision(dir)).isNotEqualTo(first);
    Files.writeString(dir.resolve("README.md"), "not read by trueup\n");
    assertThat(WorkingTree.revision(dir)).isEqualTo(WorkingTree.contentDigest(dir));
  }

  @Test
  void aCleanGitWorkTreeIsNamedByItsCommit(@TempDir Path dir) throws Exception {
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      Files.writeString(dir.resolve("fleet.yaml"), "fleet: a\n");
      git.add().addFilepattern(".").call();
      RevCommit c =
          git.commit()
              .setMessage("feat: a fleet")
              .setAuthor("t", "t@example.org")
              .setCommitter("t", "t@example.org")
              .setSign(false)
              .call();
      assertThat(WorkingTree.revision(dir)).isEqualTo(c.name());
      Files.writeString(dir.resolve("fleet.yaml"), "fleet: dirty\n");
      assertThat(WorkingTree.revision(dir)).startsWith("tree:");
    }
  }
}
