package dev.trueup.driver.local;

import dev.trueup.driver.host.ApplySettings;
import dev.trueup.driver.host.NodeShell;
import dev.trueup.driver.host.ScriptApplier;
import dev.trueup.model.Connection;
import dev.trueup.model.Node;
import dev.trueup.observe.NodeObserver;
import dev.trueup.observe.exec.ExecResult;
import dev.trueup.observe.exec.LocalProcess;
import dev.trueup.secrets.SecretResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Applies to the machine trueup runs on with {@code /bin/sh}. A node with a root directory is
 * confined to it: every path trueup writes there (managed files, their temporary files, the
 * backups, the node lock, the directories it creates) must lie under the root, checked twice: here
 * before anything runs, for the paths the plan changes, and by the script at the moment of each
 * write, for all of them (see {@code at} in prelude.sh). Ownership is set only when running as
 * root.
 */
public final class LocalApplier extends ScriptApplier {

  private static final int OUTPUT_CAP = 1024 * 1024;

  /** An applier that cannot write secret environment files (tests without secrets). */
  public LocalApplier(NodeObserver observer, ApplySettings settings) {
    this(observer, settings, noSecrets());
  }

  /**
   * @param secrets resolves the references of systemd services' secret environment files
   */
  public LocalApplier(NodeObserver observer, ApplySettings settings, SecretResolver secrets) {
    super(observer, settings, secrets);
  }

  public LocalApplier() {
    this(new LocalObserver(), ApplySettings.defaults());
  }

  @Override
  protected Target open(Node node) throws NodeShell.Failure {
    if (!(node.connection() instanceof Connection.Local local)) {
      throw new NodeShell.Failure("not a local node");
    }
    String root = "";
    if (local.root().isPresent()) {
      try {
        Path dir = Files.createDirectories(Path.of(local.root().get()).toAbsolutePath());
        // The scripts name paths as root + path: a root of / is the machine's own /.
        root = dir.toRealPath().toString().replaceFirst("^/$", "");
      } catch (IOException e) {
        throw new NodeShell.Failure("root directory " + local.root().get() + " is unusable");
      }
    }
    return new Target(LocalApplier::run, root);
  }

  @Override
  protected Optional<String> refusePath(Target target, String path) {
    if (target.root().isEmpty()) {
      return Optional.empty();
    }
    return SandboxRoot.contains(Path.of(target.root()), path)
        ? Optional.empty()
        : Optional.of("outside root");
  }

  private static ExecResult run(String script, Duration timeout) throws NodeShell.Failure {
    try {
      return LocalProcess.run(
              List.of("/bin/sh", "-s"),
              script.getBytes(StandardCharsets.UTF_8),
              timeout,
              OUTPUT_CAP,
              "apply")
          .orElseThrow(
              () ->
                  new NodeShell.Failure(
                      "script did not finish within " + timeout.toMillis() + " ms"));
    } catch (IOException e) {
      throw new NodeShell.Failure("cannot run /bin/sh: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeShell.Failure("interrupted");
    }
  }
}
