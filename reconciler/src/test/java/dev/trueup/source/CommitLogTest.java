package dev.trueup.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real repositories made with JGit in a temporary directory. */
class CommitLogTest {
  @TempDir Path repo;

  private RevCommit commit(Git git, String path, String content, String message) throws Exception {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    git.add().addFilepattern(path).call();
    PersonIdent who = new PersonIdent("Ada Ops", "ada@example.org");
    return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
  }

  @Test
  void commitsThatTouchedAPathInARange() throws Exception {
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      RevCommit first = commit(git, "nodes/aurora.yaml", "node: aurora\n", "feat: aurora");
      RevCommit applied = commit(git, "services/api.yaml", "service: api\n", "feat: api");
      commit(git, "nodes/aurora.yaml", "node: aurora\n# 2\n", "fix: aurora port\n");
      commit(git, "services/billing.yaml", "service: billing\n", "chore: billing");
      RevCommit head =
          commit(
              git,
              "nodes/aurora.yaml",
              "node: aurora\n# 3\n",
              "feat!: aurora moves\n\nLonger text.\n\nChange-Class: architecture\n"
                  + "Reviewed-by: Bo <bo@example.org>\n");

      try (CommitLog log = CommitLog.open(repo)) {
        List<Commit> since =
            log.touching(Optional.of(applied.getName()), head.getName(), "nodes/aurora.yaml");
        assertThat(since)
            .extracting(Commit::subject)
            .containsExactly("feat!: aurora moves", "fix: aurora port");
        Commit newest = since.get(0);
        assertThat(newest.id()).isEqualTo(head.getName());
        assertThat(newest.shortId()).isEqualTo(head.getName().substring(0, 7));
        assertThat(newest.author()).isEqualTo("Ada Ops <ada@example.org>");
        assertThat(newest.body())
            .startsWith("Longer text.")
            .endsWith("Reviewed-by: Bo <bo@example.org>");
        assertThat(newest.trailers())
            .containsExactly(
                new Commit.Trailer("Change-Class", "architecture"),
                new Commit.Trailer("Reviewed-by", "Bo <bo@example.org>"));
        assertThat(newest.message()).startsWith("feat!: aurora moves\n\nLonger text.");

        assertThat(log.touching(Optional.empty(), "main", "nodes/aurora.yaml"))
            .extracting(Commit::id)
            .hasSize(3)
            .endsWith(first.getName());
        assertThat(log.touching(Optional.of(applied.getName()), "HEAD", List.of("services/")))
            .extracting(Commit::subject)
            .containsExactly("chore: billing");
        assertThat(log.touching(Optional.of(head.getName()), "HEAD", "nodes")).isEmpty();
      }
    }
  }

  @Test
  void unknownRevisionsAndNonRepositoriesAreSaidPlainly() throws Exception {
    assertThatThrownBy(() -> CommitLog.open(repo)).hasMessageContaining("not a Git repository");
    try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
      commit(git, "fleet.yaml", "fleet: x\n", "init");
      try (CommitLog log = CommitLog.open(repo)) {
        assertThatThrownBy(() -> log.touching(Optional.of("nope"), "HEAD", "fleet.yaml"))
            .hasMessage("unknown revision: nope");
      }
    }
  }
}
