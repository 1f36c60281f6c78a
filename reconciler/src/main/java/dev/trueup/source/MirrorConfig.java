package dev.trueup.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * The mirror's Git configuration, set on every open: nothing the repository's content says can make
 * trueup run a hook, a filter or a helper, follow a redirect or a link, or fetch by another
 * protocol; objects are checked as they arrive.
 */
final class MirrorConfig {
  private MirrorConfig() {}

  /** Config that keeps repository content from making trueup run anything or go elsewhere. */
  /** Hooks go to {@code noHooks}, an empty directory trueup owns. */
  static void harden(Repository repo, Path noHooks) throws IOException {
    Files.createDirectories(noHooks);
    StoredConfig config = repo.getConfig();
    config.setString(
        ConfigConstants.CONFIG_CORE_SECTION,
        null,
        "hooksPath",
        noHooks.toAbsolutePath().toString());
    config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "symlinks", false);
    config.setBoolean("http", null, "followRedirects", false);
    config.setBoolean("fetch", null, "fsckObjects", true);
    config.setString("protocol", "ext", "allow", "never");
    config.setString("protocol", "fd", "allow", "never");
    config.setString("protocol", "git", "allow", "never");
    config.setBoolean("submodule", null, "recurse", false);
    for (String filter : config.getSubsections("filter")) {
      config.unsetSection("filter", filter);
    }
    config.unsetSection("lfs", null);
    config.save();
  }
}
