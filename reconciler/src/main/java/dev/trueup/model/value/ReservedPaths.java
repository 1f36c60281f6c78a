package dev.trueup.model.value;

import java.util.List;
import java.util.Optional;

/**
 * The paths trueup itself writes on a node, which desired state may not manage as files or
 * directories: a resource there would fight trueup's own writes (a file at the node lock wedges
 * every apply). They are its state directory (the node lock, the backups), the environment files of
 * services, the files it generates in shared system directories and its temporary files.
 */
public final class ReservedPaths {
  private ReservedPaths() {}

  /** trueup's own directory on a node: the node lock and the backups. */
  public static final String STATE_DIRECTORY = "/var/lib/trueup";

  /** Where the environment files of services with secret variables are written. */
  public static final String ENV_DIRECTORY = "/etc/trueup/env";

  /** The shared directories where trueup generates files named {@link #GENERATED_PREFIX}*. */
  public static final List<String> GENERATED_DIRECTORIES =
      List.of("/etc/cron.d", "/etc/prometheus/rules", "/etc/systemd/system", "/etc/sysctl.d");

  public static final String GENERATED_PREFIX = "trueup-";

  /** How the names of trueup's temporary files begin, in any directory it writes. */
  public static final String TEMPORARY_PREFIX = ".trueup.";

  /** Why trueup keeps {@code path} to itself, with a hint; empty when desired state may use it. */
  public static Optional<Reason> why(NodePath path) {
    String p = path.value();
    String dir = p.substring(0, p.lastIndexOf('/'));
    String name = p.substring(p.lastIndexOf('/') + 1);
    if (within(p, STATE_DIRECTORY)) {
      return reason(
          p,
          "the node lock and the backups live under " + STATE_DIRECTORY,
          "trueup writes there itself: manage a path outside " + STATE_DIRECTORY);
    }
    if (within(p, ENV_DIRECTORY)) {
      return reason(
          p,
          "the environment files of services live under " + ENV_DIRECTORY,
          "set the variables in the service's env: instead");
    }
    if (GENERATED_DIRECTORIES.contains(dir) && name.startsWith(GENERATED_PREFIX)) {
      return reason(
          p,
          "files named " + GENERATED_PREFIX + "* in " + dir + " are the ones it generates",
          "give the file a name that does not start with " + GENERATED_PREFIX);
    }
    if (name.startsWith(TEMPORARY_PREFIX)) {
      return reason(
          p,
          "names starting with " + TEMPORARY_PREFIX + " are its temporary files",
          "give the file a name that does not start with " + TEMPORARY_PREFIX);
    }
    return Optional.empty();
  }

  /** Why a path is reserved, for people. */
  public record Reason(String message, String hint) {}

  private static Optional<Reason> reason(String path, String why, String hint) {
    return Optional.of(new Reason("path \"" + path + "\" is trueup's own: " + why, hint));
  }

  private static boolean within(String path, String directory) {
    return path.equals(directory) || path.startsWith(directory + "/");
  }
}
