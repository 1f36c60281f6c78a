package dev.trueup.apply;

import dev.trueup.model.Connection;
import dev.trueup.model.Node;
import dev.trueup.observe.NodeObserver;
import dev.trueup.observe.exec.CappedDrain;
import dev.trueup.observe.exec.Deadline;
import dev.trueup.observe.exec.ExecResult;
import dev.trueup.observe.local.LocalObserver;
import dev.trueup.secrets.SecretResolver;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
  Target open(Node node) throws NodeShell.Failure {
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
  Optional<String> refusePath(Target target, String path) {
    if (target.root().isEmpty()) {
      return Optional.empty();
    }
    Path root = Path.of(target.root());
    Path mapped = root.resolve(path.substring(1)).normalize();
    if (!mapped.startsWith(root)) {
      return Optional.of("outside root");
    }
    Path parent = mapped.getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    try {
      return parent != null && parent.toRealPath().startsWith(root)
          ? Optional.empty()
          : Optional.of("outside root");
    } catch (IOException e) {
      return Optional.of("outside root");
    }
  }

  private static ExecResult run(String script, Duration timeout) throws NodeShell.Failure {
    Deadline until = Deadline.in(timeout);
    Process process;
    try {
      process = new ProcessBuilder("/bin/sh", "-s").start();
    } catch (IOException e) {
      throw new NodeShell.Failure("cannot run /bin/sh: " + e.getMessage());
    }
    try {
      CappedDrain out = CappedDrain.start(process.getInputStream(), OUTPUT_CAP, "apply-stdout");
      CappedDrain err = CappedDrain.start(process.getErrorStream(), 64 * 1024, "apply-stderr");
      byte[] input = script.getBytes(StandardCharsets.UTF_8);
      Thread.ofVirtual()
          .start(
              () -> {
                try (OutputStream stdin = process.getOutputStream()) {
                  stdin.write(input);
                } catch (IOException e) {
                  // The shell exited early; its exit code says why.
                }
              });
      if (!process.waitFor(until.remainingMillis(), TimeUnit.MILLISECONDS)
          || !out.await(until.remainingMillis())
          || !err.await(until.remainingMillis())) {
        throw new NodeShell.Failure("script did not finish within " + timeout.toMillis() + " ms");
      }
      return new ExecResult(
          process.exitValue(), out.bytes(), err.bytes(), out.truncated() || err.truncated());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeShell.Failure("interrupted");
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
