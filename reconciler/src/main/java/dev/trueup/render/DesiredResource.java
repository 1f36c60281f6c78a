package dev.trueup.render;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.model.value.FileMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/** One thing trueup manages on a node, exactly as it should be there. */
public sealed interface DesiredResource {

  /** The path, the unit name, or the container name: unique on a node. */
  String id();

  ResourceKind kind();

  /** Where the user declared what produced this resource. */
  SourceLocation origin();

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

  /** A systemd unit that should be enabled (started at boot) and active (running) or not. */
  record DesiredUnit(String name, boolean enabled, boolean active, SourceLocation origin)
      implements DesiredResource {
    @Override
    public String id() {
      return name;
    }

    @Override
    public ResourceKind kind() {
      return ResourceKind.UNIT;
    }
  }

  /**
   * One object trueup wants in a kubernetes node's namespace, id {@code Kind/name}. Every object of
   * the node carries the same {@code namespace} (the whole desired namespace, which the driver
   * diffs at once); Secrets in it hold references only.
   *
   * @param canonical the object as text without the node's labels (what approvals compare)
   */
  record DesiredKubeObject(
      String id,
      dev.trueup.driver.kubernetes.model.DesiredNamespace namespace,
      String canonical,
      SourceLocation origin)
      implements DesiredResource {
    @Override
    public ResourceKind kind() {
      return ResourceKind.KUBERNETES_OBJECT;
    }
  }

  /**
   * A container of a {@code runtime: container} service, as the docker driver creates it (named
   * {@code trueup-<service>}). Holds secret references only.
   */
  record DesiredContainerResource(
      dev.trueup.driver.docker.model.DesiredContainer spec, SourceLocation origin)
      implements DesiredResource {
    @Override
    public String id() {
      return spec.name();
    }

    @Override
    public ResourceKind kind() {
      return ResourceKind.CONTAINER;
    }

    /**
     * Everything that makes the container what it is, without the node's name: the same service on
     * two nodes gives the same text (what approvals and promotion compare).
     */
    public String canonical() {
      return String.join(
          "\n",
          "image=" + spec.image(),
          "command=" + String.join("\u0000", spec.command()),
          "env=" + spec.env(),
          "secret-env=" + spec.secretEnv(),
          "ports=" + spec.ports(),
          "volumes=" + spec.volumes(),
          "restart=" + spec.restart(),
          "health=" + spec.health().map(h -> h.text()).orElse(""),
          "network=" + spec.network().orElse(""));
    }
  }
}
