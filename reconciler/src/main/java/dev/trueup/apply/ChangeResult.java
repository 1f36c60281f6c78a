package dev.trueup.apply;

import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.render.ResourceKind;
import java.util.Optional;

/** What happened to one change. The reason is a short text for people, never file content. */
public record ChangeResult(
    ResourceKind kind, String id, Action action, Status status, Optional<String> reason) {

  public enum Status {
    APPLIED,
    FAILED,
    /** Not attempted: an earlier change failed, the node was not reachable, or not applicable. */
    SKIPPED,
    /** Applied, then undone because the node failed verification. */
    ROLLED_BACK
  }

  public static ChangeResult of(Change c, Status status, String reason) {
    return new ChangeResult(c.kind(), c.id(), c.action(), status, Optional.ofNullable(reason));
  }

  /** The key a journal records the change under, e.g. {@code file:/etc/app/app.conf}. */
  public static String key(Change c) {
    return c.kind().json() + ":" + c.id();
  }
}
