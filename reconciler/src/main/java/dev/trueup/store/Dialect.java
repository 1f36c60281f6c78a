package dev.trueup.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What differs between the two back ends: upsert syntax and row locking. Everything else is the
 * same SQL on both.
 */
public enum Dialect {
  /** A server shared by several replicas: advisory locks, {@code FOR UPDATE SKIP LOCKED}. */
  POSTGRESQL,
  /** The embedded default (H2, MODE=PostgreSQL): one replica, locks in a table. */
  H2;

  public static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return H2;
    }
    throw new IllegalArgumentException("not a store URL trueup knows: " + redact(jdbcUrl));
  }

  /** True when several replicas can share the store. */
  public boolean sharedByReplicas() {
    return this == POSTGRESQL;
  }

  /**
   * An insert-or-update of {@code columns} (keys first), one {@code ?} per column. PostgreSQL: ON
   * CONFLICT DO UPDATE; H2 has no DO UPDATE, so MERGE ... KEY.
   */
  String upsert(String table, List<String> keys, List<String> columns) {
    String cols = String.join(", ", columns);
    String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    return switch (this) {
      case POSTGRESQL ->
          "INSERT INTO "
              + table
              + " ("
              + cols
              + ") VALUES ("
              + marks
              + ") ON CONFLICT ("
              + String.join(", ", keys)
              + ") DO UPDATE SET "
              + columns.stream()
                  .filter(c -> !keys.contains(c))
                  .map(c -> c + " = EXCLUDED." + c)
                  .collect(Collectors.joining(", "));
      case H2 ->
          "MERGE INTO "
              + table
              + " ("
              + cols
              + ") KEY ("
              + String.join(", ", keys)
              + ") VALUES ("
              + marks
              + ")";
    };
  }

  /**
   * The clause that locks the rows a claimer selects. PostgreSQL skips rows another replica has
   * locked; the embedded store has one replica, and claims are serialised in the process.
   */
  String claimLock() {
    return switch (this) {
      case POSTGRESQL -> " FOR UPDATE SKIP LOCKED";
      case H2 -> " FOR UPDATE";
    };
  }

  /** A URL fit for messages and logs: any password parameter removed. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
