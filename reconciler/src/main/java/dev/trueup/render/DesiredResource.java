package dev.trueup.render;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.model.value.FileMode;
import java.nio.charset.StandardCharsets;
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
      FileBytes bytes,
      Optional<FileMode> mode,
      Optional<String> owner,
      Optional<String> group,
      ResourceKind kind,
      boolean secretBearing,
      SourceLocation origin)
      implements DesiredResource {

    public DesiredFile(
        String path,
        byte[] content,
        Optional<FileMode> mode,
        Optional<String> owner,
        Optional<String> group,
        ResourceKind kind,
        boolean secretBearing,
        SourceLocation origin) {
      this(path, new FileBytes(content), mode, owner, group, kind, secretBearing, origin);
    }

    public byte[] content() {
      return bytes.copy();
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
      return bytes.sha256();
    }

    public static String sha256(byte[] bytes) {
      return FileBytes.sha256(bytes);
    }

    public String text() {
      return bytes.text(StandardCharsets.UTF_8);
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
