package dev.trueup.driver.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A local node's root directory (a sandbox standing in for {@code /}): which node paths lie inside
 * it, for what is observed as for what is written.
 */
public final class SandboxRoot {
  private SandboxRoot() {}

  /**
   * Whether a node path, mapped under {@code root}, stays inside it: after normalizing, and with
   * the nearest existing ancestor of its parent resolved through links (a link in the sandbox
   * pointing out of it makes everything below it outside).
   */
  public static boolean contains(Path root, String nodePath) {
    Path mapped = root.resolve(nodePath.substring(1)).normalize();
    if (!mapped.startsWith(root)) {
      return false;
    }
    Path parent = mapped.getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    try {
      return parent != null && parent.toRealPath().startsWith(root);
    } catch (IOException e) {
      return false;
    }
  }
}
