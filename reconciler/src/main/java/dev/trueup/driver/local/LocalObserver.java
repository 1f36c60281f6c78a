package dev.trueup.driver.local;

import dev.trueup.driver.host.probe.ProbeFormatException;
import dev.trueup.driver.host.probe.ProbeParser;
import dev.trueup.driver.host.probe.ProbeScript;
import dev.trueup.live.LiveEntry;
import dev.trueup.live.Reachability;
import dev.trueup.model.Connection;
import dev.trueup.model.Node;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.NodeObserver;
import dev.trueup.observe.ObservationRequest;
import dev.trueup.observe.exec.ExecResult;
import dev.trueup.observe.exec.LocalProcess;
import dev.trueup.secrets.Scrubber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Observes the machine trueup runs on with the same probe script the ssh driver sends, run by
 * {@code /bin/sh}. A node with a root directory is confined to it: its {@code /} is that directory,
 * and a path that would lead out of it (through a symlinked parent) is reported, not followed.
 */
public final class LocalObserver implements NodeObserver {

  private final Duration deadline;
  private final int outputCap;

  public LocalObserver(Duration deadline, int outputCap) {
    this.deadline = deadline;
    this.outputCap = outputCap;
  }

  public LocalObserver() {
    this(Duration.ofSeconds(30), 64 * 1024 * 1024);
  }

  @Override
  public LiveNode observe(Node node, ObservationRequest request) {
    if (!(node.connection() instanceof Connection.Local local)) {
      return LiveNode.unreachable(node.name(), unreachable("not a local node"));
    }
    Optional<Path> root;
    try {
      root = root(local);
    } catch (IOException e) {
      if (local.root().isPresent() && !Files.exists(Path.of(local.root().get()))) {
        // A sandbox not created yet is an empty node: everything is still to be made.
        return empty(node.name(), request);
      }
      return LiveNode.unreachable(
          node.name(), unreachable("root directory " + local.root().orElse("") + " is unusable"));
    }
    SortedMap<String, LiveEntry> outside = new TreeMap<>();
    ObservationRequest confined = root.map(r -> confine(r, request, outside)).orElse(request);
    try {
      ExecResult result = run(ProbeScript.input(confined, root.map(Path::toString).orElse("")));
      if (result.exitCode() != 0) {
        return LiveNode.unreachable(
            node.name(),
            unreachable(
                "probe exited "
                    + result.exitCode()
                    + ": "
                    + result.stderrSummary(Scrubber.none())));
      }
      if (result.truncated()) {
        return LiveNode.unreachable(node.name(), unreachable("probe output exceeded the cap"));
      }
      LiveNode live = ProbeParser.parse(node.name(), confined, result.stdoutText());
      if (outside.isEmpty()) {
        return live;
      }
      SortedMap<String, LiveEntry> paths = new TreeMap<>(live.paths());
      paths.putAll(outside);
      return new LiveNode(
          live.node(),
          live.reachability(),
          live.systemd(),
          paths,
          live.units(),
          live.managedFiles());
    } catch (Timeout e) {
      return LiveNode.unreachable(
          node.name(), unreachable("probe did not finish within " + deadline.toMillis() + " ms"));
    } catch (ProbeFormatException | IllegalArgumentException e) {
      return LiveNode.unreachable(node.name(), unreachable(e.getMessage()));
    } catch (IOException e) {
      return LiveNode.unreachable(
          node.name(), unreachable("cannot run /bin/sh: " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return LiveNode.unreachable(node.name(), unreachable("interrupted"));
    }
  }

  private static Reachability unreachable(String reason) {
    return new Reachability.Unreachable(reason);
  }

  private static Optional<Path> root(Connection.Local local) throws IOException {
    if (local.root().isEmpty()) {
      return Optional.empty();
    }
    Path root = Path.of(local.root().get()).toAbsolutePath().toRealPath();
    if (!Files.isDirectory(root)) {
      throw new IOException("not a directory");
    }
    return Optional.of(root);
  }

  /**
   * The request without the items whose parent directory resolves outside the root; those paths go
   * into {@code outside} as {@code Other("outside root")}.
   */
  private static ObservationRequest confine(
      Path root, ObservationRequest request, Map<String, LiveEntry> outside) {
    List<String> paths = new ArrayList<>();
    for (String path : request.paths()) {
      if (SandboxRoot.contains(root, path)) {
        paths.add(path);
      } else {
        outside.put(path, new LiveEntry.Other("outside root"));
      }
    }
    List<String> dirs = new ArrayList<>();
    for (String dir : request.managedDirectories()) {
      if (SandboxRoot.contains(root, dir + "/x")) {
        dirs.add(dir);
      }
    }
    // The secret files keep their mark: the probe brings back their digest, never their bytes.
    return new ObservationRequest(
        new java.util.TreeSet<>(paths),
        request.units(),
        new java.util.TreeSet<>(dirs),
        request.containers(),
        request.secretFiles(),
        new java.util.TreeSet<>(),
        request.busyChecks());
  }

  private ExecResult run(byte[] input) throws IOException, InterruptedException, Timeout {
    return LocalProcess.run(
            List.of("/bin/sh", "-c", ProbeScript.script()), input, deadline, outputCap, "local")
        .orElseThrow(Timeout::new);
  }

  private static final class Timeout extends Exception {
    Timeout() {
      super(null, null, false, false);
    }
  }

  private static LiveNode empty(String node, ObservationRequest request) {
    SortedMap<String, LiveEntry> paths = new TreeMap<>();
    request.paths().forEach(p -> paths.put(p, new LiveEntry.Missing()));
    return new LiveNode(
        node,
        new Reachability.Observed(),
        false,
        paths,
        new TreeMap<>(),
        new java.util.TreeSet<>());
  }
}
