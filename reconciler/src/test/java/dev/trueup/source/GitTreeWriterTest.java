package dev.trueup.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trees written object by object, so that they can hold what {@code git add} never makes: names
 * that climb out, reach a {@code .git} directory, links and executables.
 */
class GitTreeWriterTest {
  @TempDir Path dir;
  private Git git;
  private Repository repo;

  @BeforeEach
  void repository() throws Exception {
    git = Git.init().setDirectory(dir.resolve("repo").toFile()).setBare(true).call();
    repo = git.getRepository();
  }

  @AfterEach
  void close() {
    git.close();
  }

  private ObjectId blob(ObjectInserter in, String text) throws IOException {
    return in.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A commit whose root tree holds {@code name} (a file), or {@code name/inner} when given. */
  private ObjectId commitWith(String name, String inner) throws IOException {
    try (ObjectInserter in = repo.newObjectInserter()) {
      TreeFormatter root = new TreeFormatter();
      if (inner == null) {
        root.append(name, FileMode.REGULAR_FILE, blob(in, "x\n"));
      } else {
        TreeFormatter sub = new TreeFormatter();
        sub.append(inner, FileMode.REGULAR_FILE, blob(in, "[core]\n"));
        root.append(name, FileMode.TREE, in.insert(sub));
      }
      ObjectId id = commit(in, in.insert(root));
      in.flush();
      return id;
    }
  }

  private static ObjectId commit(ObjectInserter in, ObjectId tree) throws IOException {
    CommitBuilder c = new CommitBuilder();
    c.setTreeId(tree);
    PersonIdent who = new PersonIdent("dev", "dev@example.org");
    c.setAuthor(who);
    c.setCommitter(who);
    c.setMessage("test\n");
    return in.insert(c);
  }

  @Test
  void writesFilesKeepsTheExecutableBitAndSkipsLinksAndSubmodules() throws Exception {
    ObjectId commit;
    try (ObjectInserter in = repo.newObjectInserter()) {
      TreeFormatter bin = new TreeFormatter();
      bin.append("run.sh", FileMode.EXECUTABLE_FILE, blob(in, "#!/bin/sh\n"));
      TreeFormatter root = new TreeFormatter();
      root.append("a.txt", FileMode.REGULAR_FILE, blob(in, "hello\n"));
      root.append("bin", FileMode.TREE, in.insert(bin));
      root.append("link", FileMode.SYMLINK, blob(in, "/etc/shadow"));
      root.append("module", FileMode.GITLINK, ObjectId.zeroId());
      commit = commit(in, in.insert(root));
      in.flush();
    }
    Path out = dir.resolve("out");

    assertThat(GitTreeWriter.write(repo, commit, out)).isEqualTo(2);

    assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("hello\n");
    assertThat(Files.isExecutable(out.resolve("bin/run.sh"))).isTrue();
    assertThat(Files.isExecutable(out.resolve("a.txt"))).isFalse();
    assertThat(Files.exists(out.resolve("link"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.exists(out.resolve("module"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", ".git", ".GIT", ".Git"})
  void aFileNamedToLeaveTheTreeOrReachGitIsRefused(String name) throws Exception {
    ObjectId commit = commitWith(name, null);
    assertThatThrownBy(() -> GitTreeWriter.write(repo, commit, dir.resolve("out")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("refusing a path that leaves the tree: " + name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".git", ".GiT"})
  void aDirectoryNamedToLeaveTheTreeOrReachGitIsRefused(String name) throws Exception {
    ObjectId commit = commitWith(name, "config");
    Path out = dir.resolve("out");
    assertThatThrownBy(() -> GitTreeWriter.write(repo, commit, out))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(name + "/config");
    assertThat(dir.resolve("config")).doesNotExist();
  }

  @Test
  void neverWritesThroughWhatIsAlreadyThere() throws Exception {
    ObjectId commit = commitWith("a.txt", null);
    Path out = Files.createDirectories(dir.resolve("out"));
    Path victim = Files.writeString(dir.resolve("victim"), "keep\n");
    Files.createSymbolicLink(out.resolve("a.txt"), victim);
    assertThatThrownBy(() -> GitTreeWriter.write(repo, commit, out))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(victim)).isEqualTo("keep\n");
  }
}
