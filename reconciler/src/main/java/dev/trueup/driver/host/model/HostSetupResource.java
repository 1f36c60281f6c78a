package dev.trueup.driver.host.model;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.ResourceKind;
import java.util.List;
import java.util.Optional;

/**
 * What the host's operating system is told beyond files and units, each exactly as it should be:
 * packages, groups, users, their authorized keys and kernel parameters. One record per kind; the id
 * is the name in the kind's own namespace (a user and a package may share one).
 */
public sealed interface HostSetupResource extends DesiredResource {

  /**
   * @param version a glob the installed version must match; empty: any
   */
  record DesiredPackage(
      String name, boolean present, Optional<String> version, SourceLocation origin)
      implements HostSetupResource {
    @Override
    public String id() {
      return name;
    }

    @Override
    public ResourceKind kind() {
      return ResourceKind.PACKAGE;
    }

    @Override
    public String essence() {
      return "package\0" + present + "\0" + version.orElse("");
    }

    @Override
    public List<String> observedFacts() {
      return List.of("package " + name);
    }
  }

  record DesiredGroup(
      String name, Optional<Integer> gid, boolean system, boolean present, SourceLocation origin)
      implements HostSetupResource {
    @Override
    public String id() {
      return name;
    }

    @Override
    public ResourceKind kind() {
      return ResourceKind.GROUP;
    }

    @Override
    public String essence() {
      return "group\0" + gid + "\0" + system + "\0" + present;
    }

    @Override
    public List<String> observedFacts() {
      return List.of("group " + name);
    }
  }

  record DesiredUser(
      String name,
      Optional<Integer> uid,
      Optional<String> group,
      boolean system,
      Optional<String> shell,
      Optional<String> home,
      List<String> groups,
      boolean present,
      boolean removeHome,
      SourceLocation origin)
      implements HostSetupResource {
    public DesiredUser {
      groups = List.copyOf(groups);
    }

    @Override
    public String id() {
      return name;
    }

    @Override
    public ResourceKind kind() {
      return ResourceKind.USER;
    }

    @Override
    public String essence() {
      return String.join(
          "\0",
          "user",
          uid.toString(),
          group.toString(),
          String.valueOf(system),
          shell.toString(),
          home.toString(),
          groups.toString(),
          String.valueOf(present),
          String.valueOf(removeHome));
    }

    /** The account, and who holds the uid it should have (a clash is a note, not a change). */
    @Override
    public List<String> observedFacts() {
      return uid.map(u -> List.of("user " + name, "uid " + u)).orElse(List.of("user " + name));
    }
  }

  /**
   * A user's {@code ~/.ssh/authorized_keys}: exactly {@code keys} when exclusive, else trueup's
   * marked block among the lines others put there.
   */
  record DesiredAuthorizedKeys(
      String user, List<String> keys, boolean exclusive, SourceLocation origin)
      implements HostSetupResource {
    public static final String BEGIN = "# BEGIN keys managed by trueup";
    public static final String END = "# END keys managed by trueup";

    public DesiredAuthorizedKeys {
      keys = List.copyOf(keys);
    }

    @Override
    public String id() {
      return user;
    }

    @Override
    public ResourceKind kind() {
      return ResourceKind.AUTHORIZED_KEYS;
    }

    @Override
    public String essence() {
      return "keys\0" + exclusive + "\0" + String.join("\n", keys);
    }

    /** A user's facts carry its authorized_keys. */
    @Override
    public List<String> observedFacts() {
      return List.of("user " + user);
    }

    /** What trueup writes: the whole file when exclusive, else the block with its two markers. */
    public String text() {
      StringBuilder s = new StringBuilder();
      s.append(exclusive ? dev.trueup.render.Marker.LINE : BEGIN).append('\n');
      keys.forEach(k -> s.append(k).append('\n'));
      if (!exclusive) {
        s.append(END).append('\n');
      }
      return s.toString();
    }
  }

  /**
   * trueup's marked block in a user's own crontab ({@code crontab -u USER}); every other line of
   * the table is the user's. No lines: the block is removed.
   */
  record DesiredCrontab(String user, List<Line> lines, SourceLocation origin)
      implements HostSetupResource {
    public static final String BEGIN = "# BEGIN entries managed by trueup";
    public static final String END = "# END entries managed by trueup";

    /** One entry, its command already escaped for cron ({@code %} as {@code \%}). */
    public record Line(String name, String at, String command) {}

    public DesiredCrontab {
      lines = List.copyOf(lines);
    }

    @Override
    public String id() {
      return user;
    }

    @Override
    public ResourceKind kind() {
      return ResourceKind.CRONTAB;
    }

    @Override
    public String essence() {
      return "crontab\0" + text();
    }

    @Override
    public List<String> observedFacts() {
      return List.of("crontab " + user);
    }

    /** The block with its markers, each entry under a comment naming it; "" when there are none. */
    public String text() {
      if (lines.isEmpty()) {
        return "";
      }
      StringBuilder s = new StringBuilder(BEGIN).append('\n');
      for (Line l : lines) {
        s.append("# ").append(l.name()).append('\n');
        s.append(l.at()).append(' ').append(l.command()).append('\n');
      }
      return s.append(END).append('\n').toString();
    }
  }

  /**
   * The node's table {@code inet trueup}, as the nft script that replaces it in one transaction.
   *
   * @param rules the table's body; its digest is written into the table as a comment, so the probe
   *     can tell which revision's rules are loaded
   * @param confirmWithin after a change, how long the node waits to be reached again before it
   *     restores the previous rules by itself
   */
  record DesiredFirewall(String rules, java.time.Duration confirmWithin, SourceLocation origin)
      implements HostSetupResource {
    public static final String TABLE = "trueup";

    @Override
    public String id() {
      return "inet " + TABLE;
    }

    @Override
    public ResourceKind kind() {
      return ResourceKind.FIREWALL;
    }

    @Override
    public String essence() {
      return "firewall\0" + rules;
    }

    @Override
    public List<String> observedFacts() {
      return List.of("firewall " + TABLE);
    }

    /** The digest of the rules: what the table's comment carries. */
    public String digest() {
      return dev.trueup.render.DesiredResource.DesiredFile.sha256(
          rules.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The whole nft script: create-then-delete makes the replacement work whether or not it exists.
     */
    public String script() {
      return "table inet "
          + TABLE
          + "\ndelete table inet "
          + TABLE
          + "\ntable inet "
          + TABLE
          + " {\n  comment \"trueup sha256:"
          + digest()
          + "\"\n"
          + rules
          + "}\n";
    }
  }

  /** A kernel parameter's live value ({@code /proc/sys}); the file that keeps it is a file. */
  record DesiredSysctl(String key, String value, SourceLocation origin)
      implements HostSetupResource {
    @Override
    public String id() {
      return key;
    }

    @Override
    public ResourceKind kind() {
      return ResourceKind.SYSCTL;
    }

    @Override
    public String essence() {
      return "sysctl\0" + value;
    }

    @Override
    public List<String> observedFacts() {
      return List.of("sysctl " + key);
    }
  }
}
