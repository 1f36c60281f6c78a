package dev.trueup.render;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.model.value.FileMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One thing trueup manages on a node, exactly as it should be there. The host kinds (directories,
 * files, units) are here because more than one back end renders files; each driver's own kinds live
 * in its model package.
 */
public interface DesiredResource {

  /** The path, the unit name, or the container name: unique on a node. */
  String id();

  ResourceKind kind();

  /** Where the user declared what produced this resource. */
  SourceLocation origin();

  /**
   * Everything that makes the resource what it is, without the node's name or live state: the same
   * resource on two nodes gives the same text (what approvals and promotion compare).
   */
  String essence();

  /**
   * The facts of the operating system the driver must gather to diff this resource ({@code family
   * name}, see {@code ObservationRequest.facts}); none for paths, units and containers, which the
   * request names by kind.
   */
  default java.util.List<String> observedFacts() {
    return java.util.List.of();
  }

  record DesiredDirectory(
      String path,
      Optional<FileMode> mode,
      Optional<String> owner,
      Optional<String> group,
      SourceLocation origin)
      implements DesiredResource {
    @Override
    public String id() {
      return path;
    }

    @Override
    public ResourceKind kind() {
      return ResourceKind.DIRECTORY;
    }

    @Override
    public String essence() {
      return "dir\0" + mode + "\0" + owner + "\0" + group;
    }
  }

  /**
   * A file with its exact bytes.
   *
   * @param secretBearing its content derives from secrets: never shown, only said to differ
   */
  record DesiredFile(
      String path,
      byte[] content,
      Optional<FileMode> mode,
      Optional<String> owner,
      Optional<String> group,
      ResourceKind kind,
      boolean secretBearing,
      SourceLocation origin)
      implements DesiredResource {

    public DesiredFile {
      content = content.clone();
    }

    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public String id() {
      return path;
    }

    @Override
    public String essence() {
      return "file\0" + sha256() + "\0" + mode + "\0" + owner + "\0" + group;
    }

    /** Lower-case hex SHA-256 of the content: what is compared with the live file. */
    public String sha256() {
      return sha256(content);
    }

    public static String sha256(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }

    public String text() {
      return new String(content, StandardCharsets.UTF_8);
    }

    // Arrays are compared by content so that rendering twice gives equal resources.
    @Override
    public boolean equals(Object o) {
      return o instanceof DesiredFile f
          && path.equals(f.path)
          && Arrays.equals(content, f.content)
          && mode.equals(f.mode)
          && owner.equals(f.owner)
          && group.equals(f.group)
          && kind == f.kind
          && secretBearing == f.secretBearing
          && origin.equals(f.origin);
    }

    @Override
    public int hashCode() {
      return path.hashCode() * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
      return "DesiredFile[" + path + ", " + kind + ", sha256=" + sha256() + "]";
    }
  }

  /**
   * A systemd unit that should be enabled (started at boot) and active (running) or not.
   *
   * @param restartOn files whose content change restarts the running unit
   * @param reloadOn files whose content change reloads it
   */
  record DesiredUnit(
      String name,
      boolean enabled,
      boolean active,
      SourceLocation origin,
      java.util.List<String> restartOn,
      java.util.List<String> reloadOn)
      implements DesiredResource {
    public DesiredUnit {
      restartOn = java.util.List.copyOf(restartOn);
      reloadOn = java.util.List.copyOf(reloadOn);
    }

    public DesiredUnit(String name, boolean enabled, boolean active, SourceLocation origin) {
      this(name, enabled, active, origin, java.util.List.of(), java.util.List.of());
    }

    @Override
    public String id() {
      return name;
    }

    @Override
    public ResourceKind kind() {
      return ResourceKind.UNIT;
    }

    @Override
    public String essence() {
      return "unit\0" + enabled + "\0" + active;
    }
  }
}
