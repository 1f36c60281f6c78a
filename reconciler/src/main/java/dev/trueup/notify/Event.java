package dev.trueup.notify;

import dev.trueup.model.AlertLevel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Something a person should hear about, at a level that says how soon.
 *
 * @param node the node it is about, or {@code *} for the whole fleet
 * @param details short lines for people (reasons, resources); never secret values or file content
 * @param dedupKey the same for the same unchanged fact: a repeat of an unchanged failure has the
 *     same key, a changed failure a different one
 */
public record Event(
    AlertLevel level,
    Kind kind,
    String node,
    String subject,
    List<String> details,
    String dedupKey) {

  public Event {
    Objects.requireNonNull(level);
    Objects.requireNonNull(kind);
    details = List.copyOf(details);
  }

  /** An event whose key is derived from what it says: unchanged content, unchanged key. */
  public static Event of(
      AlertLevel level, Kind kind, String node, String subject, List<String> details) {
    return new Event(level, kind, node, subject, details, key(kind, node, subject, details));
  }

  /** What happened, and the level seed 000 gives it. */
  public enum Kind {
    APPLY_FAILED(AlertLevel.CRITICAL, "apply failed"),
    ROLLED_BACK(AlertLevel.CRITICAL, "rolled back"),
    HOST_KEY_CHANGED(AlertLevel.CRITICAL, "host key changed"),
    APPROVAL_NEEDED(AlertLevel.HIGH, "approval needed"),
    DECISION_NEEDED(AlertLevel.HIGH, "decision needed"),
    NODE_UNREACHABLE(AlertLevel.HIGH, "node unreachable"),
    /**
     * A drift check found live state departed from the applied revision: high when a person must
     * look (drift flagged for review), medium when the next apply reverts it all.
     */
    DRIFT_DETECTED(AlertLevel.HIGH, "drift detected"),
    /**
     * Busy checks hold changes of a node back: a line in the weekly summary (low) until the
     * deferral outlasts the node's maxDefer, then high ({@link Deferrals}).
     */
    CHANGES_DEFERRED(AlertLevel.LOW, "changes deferred"),
    /** A Prometheus alert from a node's thresholds fired (Alertmanager said so), at its level. */
    ALERT_FIRING(AlertLevel.HIGH, "alert firing"),
    /** A fired alert is over: its entry closes at the level it fired at. */
    ALERT_RESOLVED(AlertLevel.HIGH, "alert resolved"),
    /** A notification channel keeps failing: told on the others, at once. */
    CHANNEL_FAILING(AlertLevel.CRITICAL, "channel failing"),
    AUTO_APPLIED(AlertLevel.MEDIUM, "applied automatically"),
    DRIFT_REVERTED(AlertLevel.MEDIUM, "drift reverted"),
    RUN_SUMMARY(AlertLevel.LOW, "run summary");

    private final AlertLevel level;
    private final String label;

    Kind(AlertLevel level, String label) {
      this.level = level;
      this.label = label;
    }

    public AlertLevel level() {
      return level;
    }

    public String label() {
      return label;
    }

    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  static String key(Kind kind, String node, String subject, List<String> details) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(subject.getBytes(StandardCharsets.UTF_8));
      for (String d : details) {
        sha.update((byte) 0);
        sha.update(d.getBytes(StandardCharsets.UTF_8));
      }
      return kind.json() + ":" + node + ":" + HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
