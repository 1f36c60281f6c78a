package dev.trueup.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * A source's work tree: the files of the last synced commit ({@code tree/}) and which commit that
 * is ({@code tree.commit}). A new commit is written aside and swapped in whole, so a reader sees
 * the old tree or the new one, never a mixture.
 */
final class SyncedTree {
  private final Path workDir;

  SyncedTree(Path workDir) {
    this.workDir = workDir;
  }

  Path files() {
    return workDir.resolve("tree");
  }

  private Path marker() {
    return workDir.resolve("tree.commit");
  }

  /** The commit the work tree holds, as the last sync recorded it. */
  Optional<ObjectId> commit() throws IOException {
    if (Files.exists(marker())) {
      String id = Files.readString(marker(), StandardCharsets.UTF_8).strip();
      if (ObjectId.isId(id)) {
        return Optional.of(ObjectId.fromString(id));
      }
    }
    return Optional.empty();
  }

  /** Whether the tree holds {@code commit} already. */
  boolean holds(ObjectId commit) throws IOException {
    return commit().filter(commit::equals).isPresent() && Files.isDirectory(files());
  }

  /** Replaces the work tree with {@code commit}'s files: write aside, then swap. */
  void replaceWith(Repository repo, ObjectId commitId) throws IOException {
    Path next = workDir.resolve("tree.next");
    Path old = workDir.resolve("tree.old");
    delete(next);
    delete(old);
    GitTreeWriter.write(repo, commitId, next);
    Path tree = files();
    if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(tree, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(next, tree, StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(marker(), commitId.name() + "\n", StandardCharsets.UTF_8);
    delete(old);
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
