package dev.trueup.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/** A real bare repository ("the remote") and a clone where a test author commits and pushes. */
final class Origin implements AutoCloseable {
  final Path bare;
  final Git author;

  Origin(Path dir) throws GitAPIException {
    bare = dir.resolve("origin.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    author =
        Git.init().setDirectory(dir.resolve("author").toFile()).setInitialBranch("main").call();
  }

  Path work() {
    return author.getRepository().getWorkTree().toPath();
  }

  RevCommit commit(String path, String content, String message) throws Exception {
    Path file = work().resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    author.add().addFilepattern(".").call();
    return author
        .commit()
        .setMessage(message)
        .setAuthor("t", "t@example.org")
        .setCommitter("t", "t@example.org")
        .setSign(false)
        .call();
  }

  void push(String localRef, String remoteRef) throws GitAPIException {
    author
        .push()
        .setRemote(bare.toUri().toString())
        .setRefSpecs(new RefSpec("+" + localRef + ":" + remoteRef))
        .call();
  }

  void pushMain() throws GitAPIException {
    push("refs/heads/main", "refs/heads/main");
  }

  String url() {
    return bare.toAbsolutePath().toString();
  }

  static String read(Path p) throws IOException {
    return Files.readString(p);
  }

  @Override
  public void close() {
    author.close();
  }
}
