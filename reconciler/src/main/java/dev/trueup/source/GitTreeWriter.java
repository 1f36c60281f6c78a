package dev.trueup.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The one place trueup turns a commit's tree into files (serve's work tree, a pull request's base
 * and head). A tree comes from whoever can push or open a pull request, so its paths are refused,
 * not cleaned, when a component is empty, {@code .} or {@code ..}, or {@code .git} in any case (a
 * {@code .GIT/config} would be Git's own file on a case-insensitive disk); blobs are streamed,
 * never held whole; each file is created new (never written through something already there); the
 * executable bit is kept; symbolic links and submodules are not materialized.
 */
public final class GitTreeWriter {
  private GitTreeWriter() {}

  /**
   * Writes {@code commit}'s regular and executable files under {@code dir} (created if missing).
   *
   * @return how many files were written
   * @throws IOException naming the path, for a path that would leave {@code dir} or reach a {@code
   *     .git} directory; what was written before it stays, for the caller to discard
   */
  public static int write(Repository repo, ObjectId commit, Path dir) throws IOException {
    Path top = dir.toAbsolutePath().normalize();
    Files.createDirectories(top);
    int written = 0;
    try (RevWalk revs = new RevWalk(repo);
        TreeWalk walk = new TreeWalk(repo)) {
      walk.addTree(revs.parseCommit(commit).getTree());
      walk.setRecursive(true);
      while (walk.next()) {
        FileMode mode = walk.getFileMode(0);
        if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
          continue; // a submodule (gitlink) or a symbolic link: never materialized
        }
        Path file = inside(top, walk.getPathString());
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
          repo.open(walk.getObjectId(0), Constants.OBJ_BLOB).copyTo(out);
        }
        if (mode == FileMode.EXECUTABLE_FILE) {
          file.toFile().setExecutable(true, false);
        }
        written++;
      }
    }
    return written;
  }

  private static Path inside(Path top, String gitPath) throws IOException {
    for (String part : gitPath.split("/", -1)) {
      if (part.isEmpty()
          || part.equals(".")
          || part.equals("..")
          || part.toLowerCase(Locale.ROOT).equals(".git")) {
        throw new IOException("refusing a path that leaves the tree: " + gitPath);
      }
    }
    Path p = top.resolve(gitPath).normalize();
    if (!p.startsWith(top) || p.equals(top)) {
      throw new IOException("refusing a path that leaves the tree: " + gitPath);
    }
    return p;
  }
}
