package dev.trueup.policy;

import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.ResourceKind;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Names one change stably across runs, so an approval given for it still holds in the next run and
 * stops holding as soon as desired content moves again: node, kind, resource id and a fingerprint
 * of the desired resource (or {@code absent} for a deletion).
 */
public record ChangeKey(String node, ResourceKind kind, String id, String fingerprint) {
  public static final String ABSENT = "absent";

  /** The key of a change, given the desired resource it converges to (empty for deletions). */
  public static ChangeKey of(Change change, Optional<DesiredResource> desired) {
    String fp =
        change.action() == Action.DELETE || desired.isEmpty() ? ABSENT : fingerprint(desired.get());
    return new ChangeKey(change.node(), change.kind(), change.id(), fp);
  }

  /**
   * A short digest of everything that makes the desired resource what it is (content, mode, owner,
   * group; a unit's enabled and active), independent of the node's live state, so staging and
   * production carrying the same resource share it.
   */
  public static String fingerprint(DesiredResource r) {
    String canonical = r.essence();
    String hex =
        DesiredResource.DesiredFile.sha256(
            (r.kind().json() + "\0" + canonical).getBytes(StandardCharsets.UTF_8));
    return hex.substring(0, 12);
  }

  /** The key as people write it in an approval: {@code node:kind:id@fingerprint}. */
  public String text() {
    return node + ":" + kind.json() + ":" + id + "@" + fingerprint;
  }

  public static ChangeKey parse(String text) {
    int first = text.indexOf(':');
    int second = first < 0 ? -1 : text.indexOf(':', first + 1);
    int at = text.lastIndexOf('@');
    if (first <= 0 || second < 0 || at <= second + 1 || at == text.length() - 1) {
      throw new IllegalArgumentException(
          "not a change key (node:kind:id@fingerprint): \"" + text + "\"");
    }
    return new ChangeKey(
        text.substring(0, first),
        ResourceKind.fromJson(text.substring(first + 1, second)),
        text.substring(second + 1, at),
        text.substring(at + 1));
  }

  @Override
  public String toString() {
    return text();
  }
}
