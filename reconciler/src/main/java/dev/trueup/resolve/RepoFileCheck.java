package dev.trueup.resolve;

import dev.trueup.model.value.Parsed;
import dev.trueup.model.value.RepoPath;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that a template or source file exists inside the repository (no symlink out of it), once
 * per file however many nodes use it: a fleet of thousands shares a handful of templates.
 */
final class RepoFileCheck {
  private final Path root;
  private final Map<String, Parsed<Path>> seen = new ConcurrentHashMap<>();

  RepoFileCheck(Path root) {
    this.root = root;
  }

  Parsed<Path> inside(String directory, RepoPath path) {
    return seen.computeIfAbsent(
        directory + "/" + path.value(), k -> RepoPath.resolveInside(root.resolve(directory), path));
  }
}
