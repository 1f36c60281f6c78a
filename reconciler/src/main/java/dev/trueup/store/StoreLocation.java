package dev.trueup.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the store lives: {@code --store} if given, else {@code TRUEUP_STORE}, else the embedded
 * default under {@code ${XDG_STATE_HOME:-~/.local/state}/trueup/store}.
 *
 * <p>A value is a {@code jdbc:postgresql://} URL (a server, shared by replicas), a {@code jdbc:h2:}
 * URL, or a directory for the embedded store.
 */
public final class StoreLocation {
  /** The settings the embedded database needs so the one schema behaves as on PostgreSQL. */
  /**
   * DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would otherwise close the database while serve's
   * hook still lets the cycle in flight finish (and record its run); trueup closes it itself.
   */
  static final String H2_SETTINGS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE";

  private StoreLocation() {}

  /** The JDBC URL for a {@code --store} value (may be null) and the environment. */
  public static String resolve(String flag, Map<String, String> env) {
    String value = blankToNull(flag);
    if (value == null) {
      value = blankToNull(env.get("TRUEUP_STORE"));
    }
    if (value == null) {
      return embeddedUrl(defaultDirectory(env));
    }
    if (value.startsWith("jdbc:postgresql:")) {
      return value;
    }
    if (value.startsWith("jdbc:h2:")) {
      return withH2Settings(value);
    }
    if (value.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "unsupported store URL "
              + Dialect.redact(value)
              + ": use jdbc:postgresql://HOST:PORT/DATABASE or a directory for the embedded"
              + " store");
    }
    return embeddedUrl(Path.of(value));
  }

  /** {@code ${XDG_STATE_HOME:-~/.local/state}/trueup/store}. */
  public static Path defaultDirectory(Map<String, String> env) {
    String xdg = blankToNull(env.get("XDG_STATE_HOME"));
    Path base =
        xdg != null && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "state");
    return base.resolve("trueup").resolve("store");
  }

  /** The embedded store in {@code directory} (database files {@code store.*.db} inside). */
  public static String embeddedUrl(Path directory) {
    return "jdbc:h2:file:"
        + directory.toAbsolutePath().normalize().resolve("store").toString()
        + H2_SETTINGS;
  }

  static String withH2Settings(String url) {
    String upper = url.toUpperCase(java.util.Locale.ROOT);
    StringBuilder b = new StringBuilder(url);
    for (String setting : H2_SETTINGS.substring(1).split(";")) {
      String name = setting.substring(0, setting.indexOf('=') + 1);
      if (!upper.contains(";" + name.toUpperCase(java.util.Locale.ROOT))) {
        b.append(';').append(setting);
      }
    }
    return b.toString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
