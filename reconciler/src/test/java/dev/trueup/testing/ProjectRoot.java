package dev.trueup.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root in tests: surefire passes it; otherwise walk up to the parent pom. */
public final class ProjectRoot {
  private ProjectRoot() {}

  public static Path path() {
    String prop = System.getProperty("trueup.project.root");
    if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop, "reconciler"))) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("reconciler"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the trueup repository root");
    }
    return p;
  }

  public static Path module() {
    return path().resolve("reconciler");
  }

  public static Path resolve(String relative) {
    return path().resolve(relative);
  }
}
