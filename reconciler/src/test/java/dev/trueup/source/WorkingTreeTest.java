package dev.trueup.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.testing.Commits;
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

  @Test
  void aCleanSubdirectoryOfAWorkTreeIsNamedByTheCommitAndKnowsWhereItSits(@TempDir Path top)
      throws Exception {
    Path fleet = top.resolve("desired-state");
    try (Git git = Git.init().setDirectory(top.toFile()).setInitialBranch("main").call()) {
      Files.createDirectories(fleet.resolve("nodes"));
      Files.writeString(fleet.resolve("fleet.yaml"), "fleet: a\n");
      Files.writeString(top.resolve(".gitignore"), "scratch/\ndesired-state/files/local.conf\n");
      String c = Commits.all(git, "feat: a fleet in a subdirectory");

      DesiredTree tree = DesiredTree.of(fleet);
      assertThat(tree.commit()).contains(c);
      assertThat(tree.history()).contains(top.toRealPath());
      assertThat(tree.historyPath("nodes/a.yaml")).isEqualTo("desired-state/nodes/a.yaml");

      Files.writeString(top.resolve("elsewhere.txt"), "not the fleet's\n");
      Files.createDirectories(top.resolve("scratch"));
      assertThat(WorkingTree.revision(fleet))
          .as("what is outside the fleet does not change what it is")
          .isEqualTo(c);

      Files.writeString(fleet.resolve("nodes/new.yaml"), "node: new\n");
      assertThat(WorkingTree.revision(fleet)).startsWith("tree:");
      Files.delete(fleet.resolve("nodes/new.yaml"));
      assertThat(WorkingTree.revision(fleet)).isEqualTo(c);

      Files.createDirectories(fleet.resolve("files"));
      Files.writeString(fleet.resolve("files/local.conf"), "ignored by Git, read by trueup\n");
      assertThat(WorkingTree.revision(fleet))
          .as("an ignored file trueup reads is in no commit")
          .startsWith("tree:");
    }
  }

  @Test
  void anIgnoredDirectoryInsideAWorkTreeIsContentOnly(@TempDir Path top) throws Exception {
    try (Git git = Git.init().setDirectory(top.toFile()).setInitialBranch("main").call()) {
      Files.writeString(top.resolve(".gitignore"), "build/\n");
      Commits.all(git, "chore: ignore build output");
      Path fleet = Files.createDirectories(top.resolve("build/fleet"));
      Files.writeString(fleet.resolve("fleet.yaml"), "fleet: generated\n");
      assertThat(GitHead.cleanCommit(fleet)).isEmpty();
      assertThat(WorkingTree.revision(fleet)).startsWith("tree:");
    }
  }
}
